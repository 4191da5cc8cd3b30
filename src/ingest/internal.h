// Helpers shared by the readers in src/ingest; not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "chronicle/reader.h"

namespace chronicle::ingest {

// Largest text or HTML file read into memory. A news report is a few kilobytes; anything this big
// is almost certainly not one document, and reading it whole (or handing it to Gumbo, which needs
// several times the input size) could exhaust memory. JSON Lines files are streamed and have no
// file limit, only this limit per line.
inline constexpr uint64_t kMaxDocumentBytes = 64ull << 20;

// Strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF): the text
// stage's validator, so that readers and tokenizer agree on what valid text is. Returns true when
// valid; otherwise false and `*error_offset` (if not null) is the offset of the first byte of the
// first invalid sequence.
bool is_valid_utf8(std::string_view bytes, size_t* error_offset);

// 1-based line number of byte `offset` in `bytes`.
uint64_t line_of_offset(std::string_view bytes, size_t offset);

// "byte 0xFF" style description of the byte at `offset`, for diagnostics.
std::string describe_byte(std::string_view bytes, size_t offset);

// The date a file's name gives, "YYYY-MM-DD" ("2025-01-03-index.md", "reports/2024-11-05 vote.txt":
// four digits, two, two, joined by hyphens, not inside a longer run of digits, naming a real day),
// or empty. Archives and scrapers name files by their day; a document whose own metadata has no
// date takes it before the --date default.
std::string date_from_file_name(std::string_view path);

// True for the bytes the readers treat as blank (ASCII whitespace).
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_blank(std::string_view bytes);

// Length of a UTF-8 byte order mark at the start of `bytes` (3 or 0).
inline size_t bom_length(std::string_view bytes) {
  return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

// Streams JSON Lines: feed it chunks of bytes in order, then call finish(). Lines are split on
// '\n' (a trailing '\r' is dropped); each non-blank line becomes a Document or a Diagnostic. Only
// the current line is held in memory; a line longer than kMaxDocumentBytes is skipped with a
// diagnostic.
class JsonlStreamer {
 public:
  JsonlStreamer(std::string name, const ReadOptions& options, const DocumentSink& on_document,
                const DiagnosticSink& on_error);
  void feed(std::string_view chunk);
  void finish();
  // Number of non-blank lines seen (good or bad), so the caller can report an empty input.
  uint64_t records_seen() const { return records_seen_; }

 private:
  void process_line(std::string_view line, uint64_t line_start);

  // Copies, not references: a streamer outlives the call that made it (fed chunk by chunk), so
  // it must not hold temporaries such as `{}` options or a sink built in the argument list.
  std::string name_;
  ReadOptions options_;
  DocumentSink on_document_;
  DiagnosticSink on_error_;
  std::string pending_;         // bytes of the current, unfinished line
  uint64_t pending_start_ = 0;  // input offset of pending_[0]
  uint64_t consumed_ = 0;       // bytes fed so far
  uint64_t line_number_ = 1;    // 1-based number of the current line
  bool skipping_long_line_ = false;
  uint64_t records_seen_ = 0;
};

}  // namespace chronicle::ingest
