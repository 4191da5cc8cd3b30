// Converts the Reuters-21578 SGML files into Chronicle's JSON Lines input, for the throughput
// benchmark (bench/extract_throughput.sh).
//
//   reuters_to_jsonl [-o OUTPUT.jsonl] PATH...     PATH: a .sgm file or a directory of them
//
// Each <REUTERS NEWID="n"> record with a <BODY> becomes one line:
//   {"id":"reuters-n","title":...,"date":"YYYY-MM-DD","source":"Reuters","text":<body>}
// The files are ASCII/Latin-1 with SGML entities and stray control characters (the wire
// service's framing bytes, written as "&#3;" etc.): entities are decoded, control characters
// dropped and Latin-1 bytes converted, so every line is valid UTF-8. Records without a body
// (about one in ten: tables and one-line briefs) are skipped.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "chronicle/reader.h"

namespace {

namespace fs = std::filesystem;

struct Counts {
  size_t written = 0;
  size_t without_body = 0;
  size_t malformed = 0;
};

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Control characters carry no text (they are the wire's start/end-of-message framing); tabs and
// newlines are kept. Surrogates and out-of-range values cannot be encoded and are dropped too.
bool is_text_code_point(char32_t cp) {
  if (cp == '\n' || cp == '\t') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return false;
  if (cp >= 0xD800 && cp < 0xE000) return false;
  return cp <= 0x10FFFF;
}

// SGML content → UTF-8: entities decoded, bytes read as Latin-1, control characters dropped.
std::string decode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t pos = 0; pos < raw.size(); ++pos) {
    const unsigned char c = static_cast<unsigned char>(raw[pos]);
    if (c == '&') {
      const size_t semicolon = raw.find(';', pos);
      if (semicolon != std::string_view::npos && semicolon - pos <= 10) {
        std::string_view name = raw.substr(pos + 1, semicolon - pos - 1);
        char32_t cp = 0;
        bool known = true;
        if (name == "lt") cp = '<';
        else if (name == "gt") cp = '>';
        else if (name == "amp") cp = '&';
        else if (name == "quot") cp = '"';
        else if (name == "apos") cp = '\'';
        else if (name.size() > 1 && name[0] == '#') {
          const bool hex = name[1] == 'x' || name[1] == 'X';
          std::string digits(name.substr(hex ? 2 : 1));
          char* end = nullptr;
          const unsigned long value = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
          known = !digits.empty() && end != nullptr && *end == '\0';
          cp = static_cast<char32_t>(std::min<unsigned long>(value, 0x110000));
        } else {
          known = false;
        }
        if (known) {
          if (is_text_code_point(cp)) append_utf8(cp, out);
          pos = semicolon;
          continue;
        }
      }
    }
    if (is_text_code_point(c)) append_utf8(c, out);
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Content of the first <TAG>...</TAG> in `record`, or nullopt.
std::optional<std::string_view> element(std::string_view record, std::string_view tag) {
  // Built with append rather than "<" + tag: GCC 12 warns falsely (-Wrestrict) on the latter.
  std::string open = "<", close = "</";
  open.append(tag).append(">");
  close.append(tag).append(">");
  const size_t start = record.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t content = start + open.size();
  const size_t end = record.find(close, content);
  if (end == std::string_view::npos) return std::nullopt;
  return record.substr(content, end - content);
}

std::string attribute(std::string_view tag, std::string_view name) {
  std::string key = " ";
  key.append(name).append("=\"");
  const size_t start = tag.find(key);
  if (start == std::string_view::npos) return {};
  const size_t value = start + key.size();
  const size_t end = tag.find('"', value);
  if (end == std::string_view::npos) return {};
  return std::string(tag.substr(value, end - value));
}

size_t line_of(std::string_view bytes, size_t offset) {
  return 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

bool convert_file(const std::string& path, std::FILE* out, Counts& counts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "reuters_to_jsonl: %s: cannot read: %s\n", path.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  size_t pos = 0;
  while ((pos = bytes.find("<REUTERS", pos)) != std::string::npos) {
    const size_t tag_end = bytes.find('>', pos);
    const size_t end = bytes.find("</REUTERS>", pos);
    if (tag_end == std::string::npos || end == std::string::npos || tag_end > end) {
      std::fprintf(stderr, "reuters_to_jsonl: %s:%zu: record without </REUTERS>; rest skipped\n",
                   path.c_str(), line_of(bytes, pos));
      ++counts.malformed;
      break;
    }
    const std::string_view record = std::string_view(bytes).substr(pos, end - pos);
    const std::string new_id = attribute(record.substr(0, tag_end - pos), "NEWID");
    pos = end + 10;
    if (new_id.empty()) {
      std::fprintf(stderr, "reuters_to_jsonl: %s:%zu: <REUTERS> without NEWID; skipped\n",
                   path.c_str(), line_of(bytes, record.data() - bytes.data()));
      ++counts.malformed;
      continue;
    }
    const auto body = element(record, "BODY");
    std::string text = body ? decode(*body) : std::string();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) {
      text.pop_back();
    }
    if (text.find_first_not_of(" \t\n") == std::string::npos) {
      ++counts.without_body;
      continue;
    }
    nlohmann::ordered_json line;
    line["id"] = std::string("reuters-").append(new_id);
    if (const auto title = element(record, "TITLE")) line["title"] = collapse_whitespace(decode(*title));
    if (const auto date = element(record, "DATE")) {
      std::string normalized = chronicle::normalize_metadata_date(decode(*date));
      if (!normalized.empty()) line["date"] = normalized;
    }
    line["source"] = "Reuters";
    line["text"] = std::move(text);
    const std::string serialized =
        line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    if (std::fwrite(serialized.data(), 1, serialized.size(), out) != serialized.size()) {
      std::fprintf(stderr, "reuters_to_jsonl: write failed: %s\n", std::strerror(errno));
      return false;
    }
    ++counts.written;
  }
  return true;
}

int usage() {
  std::fprintf(stderr, "usage: reuters_to_jsonl [-o OUTPUT.jsonl] PATH...\n"
                       "  PATH: a Reuters-21578 .sgm file, or a directory of them\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string output;
  std::vector<std::string> inputs;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string arg = argv[arg_idx];
    if (arg == "-o" && arg_idx + 1 < argc) {
      output = argv[++arg_idx];
    } else if (arg == "-h" || arg == "--help" || (arg.starts_with("-") && arg.size() > 1)) {
      return usage();
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty()) return usage();

  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(input, ec)) {
        if (entry.path().extension() == ".sgm") found.push_back(entry.path().string());
      }
      if (ec) {
        std::fprintf(stderr, "reuters_to_jsonl: %s: cannot read directory: %s\n", input.c_str(),
                     ec.message().c_str());
        return 1;
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        std::fprintf(stderr, "reuters_to_jsonl: %s: no .sgm files\n", input.c_str());
        return 1;
      }
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }

  std::FILE* out = stdout;
  if (!output.empty()) {
    out = std::fopen(output.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "reuters_to_jsonl: %s: cannot write: %s\n", output.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  Counts counts;
  bool ok = true;
  for (const std::string& file : files) {
    if (!convert_file(file, out, counts)) {
      ok = false;
      break;
    }
  }
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
    std::fprintf(stderr, "reuters_to_jsonl: write failed: %s\n", std::strerror(errno));
    ok = false;
  }
  std::fprintf(stderr,
               "reuters_to_jsonl: %zu documents written from %zu files; %zu records without body "
               "and %zu malformed skipped\n",
               counts.written, files.size(), counts.without_body, counts.malformed);
  return ok ? 0 : 1;
}
