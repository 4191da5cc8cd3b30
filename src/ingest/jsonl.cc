// JSON Lines reader: one object a line, streamed so that a large file is never held whole.
#include <nlohmann/json.hpp>

#include "ingest/internal.h"

namespace chronicle {
namespace ingest {
namespace {

using json = nlohmann::json;

// Finds where and why a line failed to parse. The DOM parser without exceptions only says
// "discarded"; running the SAX parser over the (rare) bad line recovers nlohmann's position and
// message without throwing.
class ErrorLocator final : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    position_ = position;
    message_ = error.what();
    return false;
  }

  // 0-based offset of the byte the parser stopped at (it reports how many it had read).
  size_t offset() const { return position_ > 0 ? position_ - 1 : 0; }
  // nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
  // column 7: " prefix, which would repeat (wrongly, for a line) what the diagnostic already says.
  std::string reason() const {
    std::string reason = message_;
    size_t cut = reason.find("]: ");
    if (cut == std::string::npos) cut = reason.find(": ");
    if (size_t column = reason.find("column "); column != std::string::npos) {
      size_t colon = reason.find(": ", column);
      if (colon != std::string::npos) cut = colon;
    }
    return cut == std::string::npos ? reason : reason.substr(cut + 2);
  }

 private:
  size_t position_ = 0;
  std::string message_;
};

std::string string_field(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

JsonlStreamer::JsonlStreamer(std::string name, const ReadOptions& options,
                             const DocumentSink& on_document, const DiagnosticSink& on_error)
    : name_(std::move(name)), options_(options), on_document_(on_document), on_error_(on_error) {}

void JsonlStreamer::feed(std::string_view chunk) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    const size_t newline = chunk.find('\n', pos);
    const size_t end = newline == std::string_view::npos ? chunk.size() : newline;
    std::string_view piece = chunk.substr(pos, end - pos);
    if (!skipping_long_line_) {
      if (pending_.empty() && newline != std::string_view::npos) {
        // The whole line is inside this chunk: parse it in place, no copy.
        process_line(piece, consumed_ + pos);
      } else {
        if (pending_.empty()) pending_start_ = consumed_ + pos;
        pending_.append(piece);
        if (pending_.size() > kMaxDocumentBytes) {
          on_error_({name_, line_number_, pending_start_,
                     "line longer than " + std::to_string(kMaxDocumentBytes) +
                         " bytes"});
          ++records_seen_;
          pending_.clear();
          pending_.shrink_to_fit();
          skipping_long_line_ = true;
        } else if (newline != std::string_view::npos) {
          process_line(pending_, pending_start_);
          pending_.clear();
        }
      }
    }
    if (newline == std::string_view::npos) break;
    skipping_long_line_ = false;
    ++line_number_;
    pos = newline + 1;
  }
  consumed_ += chunk.size();
}

void JsonlStreamer::finish() {
  if (!pending_.empty() && !skipping_long_line_) process_line(pending_, pending_start_);
  pending_.clear();
}

void JsonlStreamer::process_line(std::string_view line, uint64_t line_start) {
  if (line_number_ == 1 && bom_length(line) > 0) {
    line.remove_prefix(3);
    line_start += 3;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (is_blank(line)) return;
  ++records_seen_;

  size_t bad = 0;
  if (!is_valid_utf8(line, &bad)) {
    on_error_({name_, line_number_, line_start + bad,
               "invalid UTF-8 (" + describe_byte(line, bad) + "); expected UTF-8 text"});
    return;
  }
  json record = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) {
    ErrorLocator locator;
    json::sax_parse(line.begin(), line.end(), &locator);
    on_error_({name_, line_number_, line_start + locator.offset(),
               "malformed JSON at column " + std::to_string(locator.offset() + 1) + ": " +
                   locator.reason()});
    return;
  }
  if (!record.is_object()) {
    on_error_({name_, line_number_, UINT64_MAX,
               std::string("expected a JSON object, found ") + record.type_name()});
    return;
  }
  auto text = record.find("text");
  if (text == record.end()) {
    on_error_({name_, line_number_, UINT64_MAX, "missing \"text\""});
    return;
  }
  if (!text->is_string()) {
    on_error_({name_, line_number_, UINT64_MAX,
               std::string("\"text\" must be a string, found ") + text->type_name()});
    return;
  }
  Document document;
  document.text = text->get<std::string>();
  if (is_blank(document.text)) {
    on_error_({name_, line_number_, UINT64_MAX, "\"text\" is empty"});
    return;
  }
  if (auto id = record.find("id"); id != record.end() && id->is_number()) {
    document.id = id->dump();  // numeric ids are common in exported corpora
  } else {
    document.id = string_field(record, "id");
  }
  if (document.id.empty()) document.id = name_ + ":" + std::to_string(line_number_);
  document.path = name_;
  document.title = string_field(record, "title");
  // A date we cannot read is not worth dropping the record for: the default date stands in, as
  // it does for a record without one.
  document.date = normalize_metadata_date(string_field(record, "date"));
  if (document.date.empty()) document.date = options_.default_date;
  document.source = string_field(record, "source");
  document.url = string_field(record, "url");
  document.format = "jsonl";
  on_document_(std::move(document));
}

}  // namespace ingest

void read_jsonl(const std::string& name, std::string_view bytes, const ReadOptions& options,
                const DocumentSink& on_document, const DiagnosticSink& on_error) {
  ingest::JsonlStreamer streamer(name, options, on_document, on_error);
  streamer.feed(bytes);
  streamer.finish();
  if (streamer.records_seen() == 0) on_error({name, 0, UINT64_MAX, "empty file"});
}

}  // namespace chronicle
