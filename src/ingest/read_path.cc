// read_path: files, directories and standard input, dispatched to the format readers.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "ingest/internal.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

enum class Format { kUnknown, kTxt, kJsonl, kHtml };

constexpr size_t kChunkBytes = 1 << 20;

Format format_for_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".sgm" || ext == ".sgml") {
    return Format::kTxt;
  }
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return Format::kJsonl;
  if (ext == ".html" || ext == ".htm") return Format::kHtml;
  return Format::kUnknown;
}

// Same messages as strerror, but thread-safe.
std::string error_text(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// Reads up to `limit` bytes more from `file` into `buffer`; false on a read error (errno set).
bool read_more(std::FILE* file, std::string& buffer, size_t limit) {
  const size_t start = buffer.size();
  buffer.resize(start + limit);
  const size_t got = std::fread(buffer.data() + start, 1, limit, file);
  buffer.resize(start + got);
  return !std::ferror(file);
}

// Reads one input from an open stream. `format` comes from the extension, or is kUnknown and
// sniffed from the first non-blank byte (after a BOM): '{' JSON Lines, '<' HTML, else text.
void read_stream(const std::string& name, std::FILE* file, Format format,
                 const ReadOptions& options, const DocumentSink& on_document,
                 const DiagnosticSink& on_error) {
  auto read_failed = [&](uint64_t offset) {
    on_error({name, 0, offset, "cannot read: " + error_text(errno)});
  };
  std::string buffer;
  // Read until the first non-blank byte is in hand, so that we can sniff and, for text and
  // HTML, notice an all-blank input; a JSON Lines stream is then fed on in chunks.
  size_t first = std::string::npos;
  while (true) {
    if (!read_more(file, buffer, kChunkBytes)) return read_failed(buffer.size());
    const size_t bom = ingest::bom_length(buffer);
    first = buffer.find_first_not_of(" \t\r\n\f\v", bom);
    if (first != std::string::npos || std::feof(file)) break;
  }
  if (first == std::string::npos) {
    on_error({name, 0, UINT64_MAX, "empty file"});
    return;
  }
  if (format == Format::kUnknown) {
    format = buffer[first] == '{' ? Format::kJsonl
             : buffer[first] == '<' ? Format::kHtml
                                    : Format::kTxt;
  }
  if (format == Format::kJsonl) {
    ingest::JsonlStreamer streamer(name, options, on_document, on_error);
    uint64_t offset = 0;
    while (true) {
      streamer.feed(buffer);
      offset += buffer.size();
      if (std::feof(file)) break;
      buffer.clear();
      if (!read_more(file, buffer, kChunkBytes)) {
        streamer.finish();
        return read_failed(offset);
      }
    }
    streamer.finish();
    if (streamer.records_seen() == 0) on_error({name, 0, UINT64_MAX, "empty file"});
    return;
  }
  while (!std::feof(file)) {
    if (buffer.size() > ingest::kMaxDocumentBytes) {
      on_error({name, 0, UINT64_MAX,
                "file too large: more than " + std::to_string(ingest::kMaxDocumentBytes) +
                    " bytes; expected one document (use JSON Lines for collections)"});
      return;
    }
    if (!read_more(file, buffer, kChunkBytes)) return read_failed(buffer.size());
  }
  if (buffer.size() > ingest::kMaxDocumentBytes) {
    on_error({name, 0, UINT64_MAX,
              "file too large: " + std::to_string(buffer.size()) + " bytes (limit " +
                  std::to_string(ingest::kMaxDocumentBytes) + ")"});
    return;
  }
  std::optional<Document> document =
      format == Format::kHtml ? read_html(name, buffer, options, on_error)
                              : read_txt(name, std::move(buffer), options, on_error);
  if (document) on_document(std::move(*document));
}

void read_file(const std::string& path, Format format, const ReadOptions& options,
               const DocumentSink& on_document, const DiagnosticSink& on_error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    on_error({path, 0, UINT64_MAX, "cannot read: " + error_text(errno)});
    return;
  }
  // Checked before reading: a file far larger than a document is refused without loading it.
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (!ec && format != Format::kJsonl && format != Format::kUnknown &&
      size > ingest::kMaxDocumentBytes) {
    on_error({path, 0, UINT64_MAX,
              "file too large: " + std::to_string(size) + " bytes (limit " +
                  std::to_string(ingest::kMaxDocumentBytes) + ")"});
  } else {
    read_stream(path, file, format, options, on_document, on_error);
  }
  std::fclose(file);
}

void read_directory(const std::string& path, const ReadOptions& options,
                    const DocumentSink& on_document, const DiagnosticSink& on_error) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& entry = it->path();
    if (entry.filename().string().starts_with(".")) {  // hidden files and directories
      if (it->is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && format_for_extension(entry) != Format::kUnknown) {
      files.push_back(entry.string());
    }
  }
  if (ec) {
    on_error({path, 0, UINT64_MAX, "cannot read directory: " + ec.message()});
  }
  // Sorted so that output order (and everything numbered after it) does not depend on the
  // order the file system happens to return.
  std::sort(files.begin(), files.end());
  if (files.empty() && !ec) {
    on_error({path, 0, UINT64_MAX,
              "no input files found (expected .txt, .text, .md, .sgm, .jsonl, .ndjson, .json, "
              ".html or .htm)"});
  }
  for (const std::string& file : files) {
    read_file(file, format_for_extension(file), options, on_document, on_error);
  }
}

}  // namespace

void read_path(const std::string& path, const ReadOptions& options,
               const DocumentSink& on_document, const DiagnosticSink& on_error) {
  if (path == "-") {
    read_stream("<stdin>", stdin, Format::kUnknown, options, on_document, on_error);
    return;
  }
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) {
    on_error({path, 0, UINT64_MAX, "cannot read: " + ec.message()});
    return;
  }
  if (fs::is_directory(status)) {
    read_directory(path, options, on_document, on_error);
    return;
  }
  // A regular file with an unknown extension, or a pipe (/dev/stdin), is sniffed like stdin.
  read_file(path, fs::is_regular_file(status) ? format_for_extension(path) : Format::kUnknown,
            options, on_document, on_error);
}

}  // namespace chronicle
