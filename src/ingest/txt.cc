// Plain-text reader: the file content is the document text, byte for byte (after a UTF-8 BOM).
#include "ingest/internal.h"

namespace chronicle {
namespace {

// A headline is short and, unlike the first paragraph of a report written one paragraph per
// line, does not end with a full stop. Without these two checks every such report would get its
// whole first paragraph as a title.
constexpr size_t kMaxTitleBytes = 250;

std::string_view trim(std::string_view s) {
  while (!s.empty() && ingest::is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ingest::is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The first non-blank line when a blank line follows it and it looks like a headline; else "".
std::string find_title(std::string_view text) {
  size_t pos = 0;
  std::string_view first;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) return {};  // no line after it, so no blank line either
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (!line.empty()) {
      first = line;
      break;
    }
  }
  if (first.empty() || first.size() > kMaxTitleBytes || first.back() == '.') return {};
  size_t end = text.find('\n', pos);
  std::string_view next = text.substr(pos, end == std::string_view::npos ? end : end - pos);
  if (!ingest::is_blank(next)) return {};
  return std::string(first);
}

}  // namespace

std::optional<Document> read_txt(const std::string& name, std::string bytes,
                                 const ReadOptions& options, const DiagnosticSink& on_error) {
  // The BOM is removed so that the text (and every span into it) starts at the first character;
  // diagnostics still give positions in the file as stored, BOM included.
  const size_t bom = ingest::bom_length(bytes);
  if (bom > 0) bytes.erase(0, bom);
  if (ingest::is_blank(bytes)) {
    on_error({name, 0, UINT64_MAX, "empty file"});
    return std::nullopt;
  }
  size_t bad = 0;
  if (!ingest::is_valid_utf8(bytes, &bad)) {
    on_error({name, ingest::line_of_offset(bytes, bad), bad + bom,
              "invalid UTF-8 (" + ingest::describe_byte(bytes, bad) +
                  "); expected UTF-8 text"});
    return std::nullopt;
  }
  Document document;
  document.id = name;
  document.path = name;
  document.title = find_title(bytes);
  document.date = ingest::date_from_file_name(name);
  if (document.date.empty()) document.date = options.default_date;
  document.text = std::move(bytes);
  document.format = "txt";
  return document;
}

}  // namespace chronicle
