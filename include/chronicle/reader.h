// Chronicle: reading documents from files, directories and standard input.
//
// Formats, chosen by extension (standard input is sniffed: '{' → JSON Lines, '<' → HTML):
//   .txt          UTF-8 text; a first line followed by a blank line is the title.
//   .jsonl/.json  one JSON object a line; `text` required; `id`, `title`, `date`, `source`, `url`
//                 used when present.
//   .html/.htm    Gumbo: <title>, publication date from the usual meta tags, site name, and the
//                 main text without navigation, scripts or boilerplate.
//   .sgm          treated as text.
// Bad input (unreadable or empty file, invalid UTF-8, malformed JSON line, missing `text`) is
// reported through the diagnostic sink with the file and line or byte position; the rest of the
// input is still read. Nothing throws.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "chronicle/document.h"
#include "chronicle/status.h"

namespace chronicle {

struct ReadOptions {
  // Date given to documents whose metadata has none and whose file name names no day
  // ("2025-01-03-index.md"): "YYYY-MM-DD", empty for none.
  std::string default_date;
};

using DocumentSink = std::function<void(Document&&)>;
using DiagnosticSink = std::function<void(Diagnostic&&)>;

// Reads a file, a directory (recursively, in sorted path order, files with a known extension) or
// "-" for standard input.
void read_path(const std::string& path, const ReadOptions& options, const DocumentSink& on_document,
               const DiagnosticSink& on_error);

// Readers over bytes already in memory; `name` is used in document ids and diagnostics.
std::optional<Document> read_txt(const std::string& name, std::string bytes,
                                 const ReadOptions& options, const DiagnosticSink& on_error);
void read_jsonl(const std::string& name, std::string_view bytes, const ReadOptions& options,
                const DocumentSink& on_document, const DiagnosticSink& on_error);
std::optional<Document> read_html(const std::string& name, std::string_view bytes,
                                  const ReadOptions& options, const DiagnosticSink& on_error);

// Normalises a date string found in metadata ("2025-11-18", "2025-11-18T10:00:00Z",
// "Tue, 18 Nov 2025 10:00:00 GMT", "18 November 2025") to "YYYY-MM-DD"; empty when unparseable.
std::string normalize_metadata_date(std::string_view value);

}  // namespace chronicle
