#include "models/model_file.h"

#include <xxhash.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace chronicle::models {
namespace {

constexpr std::string_view kMagic = "CHRNMODL";
constexpr size_t kHeaderSize = 8 + 4 + 8 + 8 + 8;
// No model payload we write is near this; a larger declared size means a corrupt header, and the
// limit keeps a hostile file from making us allocate gigabytes.
constexpr uint64_t kMaxPayload = 1ull << 31;

}  // namespace

Status ByteReader::status() const {
  if (ok_) return Status::Ok();
  return Error(name_ + ": truncated or malformed at byte " + std::to_string(offset_));
}

Result<std::string_view> ModelFile::section(const std::string& name, const std::string& path) const {
  auto found = sections.find(name);
  if (found == sections.end()) return Error(path + ": model has no '" + name + "' section");
  return std::string_view(found->second);
}

std::string encode_model_file(const ModelFile& model) {
  ByteWriter payload;
  payload.str(model.kind);
  payload.u32(static_cast<uint32_t>(model.metadata.size()));
  for (const auto& [key, value] : model.metadata) {
    payload.str(key);
    payload.str(value);
  }
  payload.u32(static_cast<uint32_t>(model.sections.size()));
  for (const auto& [name, bytes] : model.sections) {
    payload.str(name);
    payload.u64(bytes.size());
    payload.raw(bytes);
  }
  const std::string& raw = payload.bytes();
  std::string compressed(ZSTD_compressBound(raw.size()), '\0');
  size_t size = ZSTD_compress(compressed.data(), compressed.size(), raw.data(), raw.size(), 19);
  compressed.resize(ZSTD_isError(size) ? 0 : size);
  ByteWriter file;
  file.raw(kMagic);
  file.u32(kModelFormatVersion);
  file.u64(compressed.size());
  file.u64(raw.size());
  file.u64(XXH64(raw.data(), raw.size(), 0));
  file.raw(compressed);
  return file.take();
}

Status write_model_file(const ModelFile& model, const std::string& path) {
  std::string bytes = encode_model_file(model);
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Error(path + ": cannot write model file");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Error(path + ": write failed");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return Error(path + ": cannot rename " + temporary);
  return Status::Ok();
}

Result<ModelFile> read_model_file(const std::string& path, std::string_view expected_kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open model file");
  std::ostringstream content;
  content << in.rdbuf();
  return decode_model_file(content.str(), path, expected_kind);
}

Result<ModelFile> decode_model_file(std::string_view bytes, const std::string& name,
                                    std::string_view expected_kind) {
  if (bytes.size() < kHeaderSize) return Error(name + ": not a Chronicle model (file too short)");
  if (bytes.substr(0, kMagic.size()) != kMagic) return Error(name + ": not a Chronicle model (bad magic)");
  ByteReader header(bytes.substr(kMagic.size(), kHeaderSize - kMagic.size()), name);
  uint32_t version = header.u32();
  uint64_t compressed_size = header.u64();
  uint64_t raw_size = header.u64();
  uint64_t checksum = header.u64();
  if (version != kModelFormatVersion)
    return Error(name + ": model format version " + std::to_string(version) + ", this build reads version " +
                 std::to_string(kModelFormatVersion) + " (retrain or use a matching build)");
  if (compressed_size != bytes.size() - kHeaderSize)
    return Error(name + ": truncated model file (header declares " + std::to_string(compressed_size) +
                 " payload bytes, file has " + std::to_string(bytes.size() - kHeaderSize) + ")");
  if (raw_size > kMaxPayload) return Error(name + ": corrupt model header (payload size)");
  std::string raw(raw_size, '\0');
  size_t got = ZSTD_decompress(raw.data(), raw.size(), bytes.data() + kHeaderSize, compressed_size);
  if (ZSTD_isError(got)) return Error(name + ": corrupt model payload (" + ZSTD_getErrorName(got) + ")");
  if (got != raw_size) return Error(name + ": corrupt model payload (size mismatch)");
  if (XXH64(raw.data(), raw.size(), 0) != checksum) return Error(name + ": model checksum mismatch (file corrupt)");

  ByteReader payload(raw, name);
  ModelFile model;
  model.kind = payload.str();
  uint32_t metadata_count = payload.u32();
  if (!payload.plausible_count(metadata_count, 8)) return Error(payload.status().message());
  for (uint32_t idx = 0; idx < metadata_count && payload.ok(); ++idx) {
    std::string key = payload.str();
    model.metadata[key] = payload.str();
  }
  uint32_t section_count = payload.u32();
  if (!payload.plausible_count(section_count, 12)) return Error(payload.status().message());
  for (uint32_t idx = 0; idx < section_count && payload.ok(); ++idx) {
    std::string section_name = payload.str();
    uint64_t size = payload.u64();
    model.sections[section_name] = std::string(payload.view(size));
  }
  if (!payload.ok() || !payload.at_end()) return Error(name + ": malformed model payload");
  if (model.kind != expected_kind)
    return Error(name + ": is a '" + model.kind + "' model, expected '" + std::string(expected_kind) + "'");
  return model;
}

}  // namespace chronicle::models
