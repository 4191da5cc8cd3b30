// Models stage: the model file format shared by the tagger, the parser and the entity recogniser.
//
// Layout (all integers little-endian):
//
//   offset  size  field
//   0       8     magic "CHRNMODL"
//   8       4     format version (kModelFormatVersion); a reader refuses any other version
//   12      8     payload size on disk (zstd-compressed)
//   20      8     payload size uncompressed
//   28      8     XXH64 (seed 0) of the uncompressed payload
//   36      ...   payload, zstd-compressed
//
// The uncompressed payload is:
//   string kind ("tagger", "parser", "ner"), u32 metadata count, then (string key, string value)
//   pairs (feature settings, training data, seed, date), u32 section count, then sections
//   (string name, u64 size, bytes). Strings are u32 length + bytes.
//
// A truncated or corrupted file, a wrong magic, an unknown version or a failed checksum is an Error
// naming the file and what was wrong; nothing is read past the declared sizes. Component models
// add self-test samples as a section and check them after loading (see each model's `load`).
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::models {

inline constexpr uint32_t kModelFormatVersion = 1;

// Appends little-endian values to a byte buffer.
class ByteWriter {
 public:
  void u8(uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u16(uint16_t value) { put(value); }
  void u32(uint32_t value) { put(value); }
  void u64(uint64_t value) { put(value); }
  void i16(int16_t value) { put(static_cast<uint16_t>(value)); }
  void f32(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    put(bits);
  }
  void str(std::string_view value) {
    u32(static_cast<uint32_t>(value.size()));
    bytes_.append(value);
  }
  void raw(std::string_view value) { bytes_.append(value); }
  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  template <class T>
  void put(T value) {
    for (size_t idx = 0; idx < sizeof(T); ++idx) bytes_.push_back(static_cast<char>((value >> (8 * idx)) & 0xff));
  }
  std::string bytes_;
};

// Reads little-endian values with bounds checks. After a read past the end, `ok()` is false and
// every later read returns zero; check `ok()` (or call `status`) once at the end of a section.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}
  uint8_t u8() { return static_cast<uint8_t>(get<uint8_t>()); }
  uint16_t u16() { return get<uint16_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  int16_t i16() { return static_cast<int16_t>(get<uint16_t>()); }
  float f32() {
    uint32_t bits = get<uint32_t>();
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  std::string str() { return std::string(view(u32())); }
  // `size` raw bytes (empty and !ok() when fewer remain).
  std::string_view view(uint64_t size) {
    if (!ok_ || size > bytes_.size() - offset_) {
      ok_ = false;
      return {};
    }
    std::string_view out = bytes_.substr(offset_, size);
    offset_ += size;
    return out;
  }
  // A count about to drive an allocation: fails when fewer than count * min_item_size bytes remain.
  bool plausible_count(uint64_t count, uint64_t min_item_size) {
    if (min_item_size != 0 && count > (bytes_.size() - offset_) / min_item_size) ok_ = false;
    return ok_;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return offset_ == bytes_.size(); }
  size_t offset() const { return offset_; }
  // Ok, or an Error "NAME: truncated or malformed at byte N".
  Status status() const;

 private:
  template <class T>
  T get() {
    if (!ok_ || sizeof(T) > bytes_.size() - offset_) {
      ok_ = false;
      return 0;
    }
    T value = 0;
    for (size_t idx = 0; idx < sizeof(T); ++idx)
      value |= static_cast<T>(static_cast<uint8_t>(bytes_[offset_ + idx])) << (8 * idx);
    offset_ += sizeof(T);
    return value;
  }
  std::string_view bytes_;
  std::string name_;
  size_t offset_ = 0;
  bool ok_ = true;
};

// A model file in memory: kind, metadata and named sections.
struct ModelFile {
  std::string kind;
  std::map<std::string, std::string> metadata;
  std::map<std::string, std::string> sections;

  // The section or an Error naming the file and the missing section.
  Result<std::string_view> section(const std::string& name, const std::string& path) const;
};

// Serialises and compresses `model` (zstd level 19) into `path`, atomically (write then rename).
Status write_model_file(const ModelFile& model, const std::string& path);
// Same bytes in memory (for tests).
std::string encode_model_file(const ModelFile& model);

// Reads and verifies a model file; `expected_kind` must match the stored kind.
Result<ModelFile> read_model_file(const std::string& path, std::string_view expected_kind);
Result<ModelFile> decode_model_file(std::string_view bytes, const std::string& name,
                                    std::string_view expected_kind);

}  // namespace chronicle::models
