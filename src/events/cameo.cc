// Loaders for the CAMEO table, the verb patterns and the modality cues (formats: docs/cameo.md).
//
// The three files are reviewed text edited by hand, so the loaders are strict: every problem is an
// Error "path:line: what was found, what was expected", and nothing is silently skipped. A typo in
// a code or a pattern would otherwise drop events without anyone noticing.
#include "events/cameo.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace chronicle::events {
namespace {

constexpr std::string_view kWhitespace = " \t";

std::string_view trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

Error error_at(const std::string& path, int line, const std::string& message) {
  Diagnostic diagnostic;
  diagnostic.input = path;
  diagnostic.line = static_cast<uint64_t>(line);
  diagnostic.message = message;
  return Error(diagnostic.str());
}

// Splits on every tab: the table's columns may contain spaces (labels) but never tabs.
std::vector<std::string_view> split_tabs(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = text.find('\t', start);
    fields.push_back(text.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t begin = text.find_first_not_of(kWhitespace, pos);
    if (begin == std::string_view::npos) break;
    size_t end = text.find_first_of(kWhitespace, begin);
    if (end == std::string_view::npos) end = text.size();
    words.push_back(text.substr(begin, end - begin));
    pos = end;
  }
  return words;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A CAMEO event code: a root "01".."20" followed by zero, one or two more digits.
bool is_cameo_code(std::string_view code) {
  if (code.size() < 2 || code.size() > 4 || !all_digits(code)) return false;
  int root = (code[0] - '0') * 10 + (code[1] - '0');
  return root >= 1 && root <= 20;
}

// GDELT's quad classes by root.
int quad_class_of_root(int root) {
  if (root <= 5) return 1;
  if (root <= 9) return 2;
  if (root <= 14) return 3;
  return 4;
}

bool is_plover_category(std::string_view name) {
  static constexpr std::string_view kCategories[] = {
      "AGREE",    "CONSULT", "SUPPORT", "CONCEDE",  "COOPERATE", "AID",      "RETREAT",
      "REQUEST",  "ACCUSE",  "REJECT",  "THREATEN", "PROTEST",   "SANCTION", "MOBILIZE",
      "COERCE",   "ASSAULT", "OTHER"};
  return std::find(std::begin(kCategories), std::end(kCategories), name) != std::end(kCategories);
}

// A lower-case word of a pattern or a cue. Bytes >= 0x80 (UTF-8 letters such as "é") are allowed;
// ASCII upper case is not, because tokens are matched by their lemma or lower-case form and an
// upper-case word could never match.
bool is_lower_word(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    unsigned char byte = static_cast<unsigned char>(c);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '\'' ||
              c == '.' || c == '&' || c == '/' || byte >= 0x80;
    if (!ok) return false;
  }
  return true;
}

// Reads a whole file into lines, or an Error naming the path.
Result<std::vector<std::string>> read_lines(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open " + what);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  if (in.bad()) return Error(path + ": read error in " + what);
  return lines;
}

bool is_blank_or_comment(std::string_view line) {
  std::string_view trimmed = trim(line);
  return trimmed.empty() || trimmed.front() == '#';
}

}  // namespace

// ---- CameoTable ------------------------------------------------------------------------------

Result<std::unique_ptr<CameoTable>> CameoTable::load(const std::string& path) {
  auto lines = read_lines(path, "the CAMEO table");
  if (!lines.ok()) return lines.error();

  auto table = std::make_unique<CameoTable>();
  std::map<std::string, int, std::less<>> line_of_code;  // for duplicate and parent checks
  for (size_t line_idx = 0; line_idx < lines.value().size(); ++line_idx) {
    const std::string& line = lines.value()[line_idx];
    int line_no = static_cast<int>(line_idx) + 1;
    if (is_blank_or_comment(line)) continue;

    std::vector<std::string_view> fields = split_tabs(line);
    if (fields.size() != 5) {
      return error_at(path, line_no,
                      "expected 5 tab-separated columns (code, label, goldstein, quad_class, "
                      "plover), found " + std::to_string(fields.size()));
    }
    CameoCode row;
    row.code = std::string(trim(fields[0]));
    if (!is_cameo_code(row.code)) {
      return error_at(path, line_no,
                      "bad CAMEO code '" + row.code +
                          "': expected 2 to 4 digits starting with a root 01-20");
    }
    row.label = std::string(trim(fields[1]));
    if (row.label.empty()) return error_at(path, line_no, "empty label for code " + row.code);

    std::string_view goldstein = trim(fields[2]);
    auto [end, ec] =
        std::from_chars(goldstein.data(), goldstein.data() + goldstein.size(), row.goldstein);
    if (ec != std::errc() || end != goldstein.data() + goldstein.size()) {
      return error_at(path, line_no,
                      "bad Goldstein value '" + std::string(goldstein) + "': expected a number");
    }
    if (row.goldstein < -10.0 || row.goldstein > 10.0) {
      return error_at(path, line_no,
                      "Goldstein value " + std::string(goldstein) + " out of range [-10, 10]");
    }

    std::string_view quad = trim(fields[3]);
    int root = std::stoi(row.code.substr(0, 2));
    int expected_quad = quad_class_of_root(root);
    if (quad.size() != 1 || quad[0] < '1' || quad[0] > '4') {
      return error_at(path, line_no,
                      "bad quad class '" + std::string(quad) + "': expected 1, 2, 3 or 4");
    }
    row.quad_class = quad[0] - '0';
    if (row.quad_class != expected_quad) {
      return error_at(path, line_no,
                      "quad class " + std::to_string(row.quad_class) + " for code " + row.code +
                          ": root " + row.code.substr(0, 2) + " is quad class " +
                          std::to_string(expected_quad));
    }

    row.plover = std::string(trim(fields[4]));
    if (!is_plover_category(row.plover)) {
      return error_at(path, line_no,
                      "unknown PLOVER category '" + row.plover +
                          "': expected one of the 16 PLOVER event types or OTHER");
    }

    auto [it, inserted] = line_of_code.emplace(row.code, line_no);
    if (!inserted) {
      return error_at(path, line_no,
                      "duplicate code " + row.code + " (first on line " +
                          std::to_string(it->second) + ")");
    }
    table->codes_.push_back(std::move(row));
  }
  if (table->codes_.empty()) return Error(path + ": no CAMEO codes found");

  // Parents are checked after reading so that the file need not be in hierarchical order.
  for (const auto& [code, line_no] : line_of_code) {
    if (code.size() <= 2) continue;
    std::string parent = code.substr(0, code.size() - 1);
    if (!line_of_code.contains(parent)) {
      return error_at(path, line_no, "code " + code + " has no parent code " + parent);
    }
  }

  std::sort(table->codes_.begin(), table->codes_.end(),
            [](const CameoCode& a, const CameoCode& b) { return a.code < b.code; });
  return table;
}

const CameoCode* CameoTable::find(std::string_view code) const {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), code,
                             [](const CameoCode& row, std::string_view key) { return row.code < key; });
  if (it == codes_.end() || it->code != code) return nullptr;
  return &*it;
}

// ---- PatternSet ------------------------------------------------------------------------------

// Patterns by each alternative of their first word. std::less<> allows lookup by string_view.
struct PatternSet::Index {
  std::map<std::string, std::vector<const VerbPattern*>, std::less<>> by_first_word;
};

namespace {

// Parses the pattern text (everything after the code) into elements, or returns an error message.
std::string parse_pattern(std::string_view text, std::vector<PatternElement>* elements) {
  std::vector<std::string_view> parts = split_words(text);
  if (parts.empty()) return "empty pattern: expected words after the code";
  int targets = 0;
  int sources = 0;
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    std::string_view part = parts[part_idx];
    PatternElement element;
    if (part == "+") {
      element.kind = PatternElement::Kind::kTarget;
      ++targets;
    } else if (part == "$") {
      element.kind = PatternElement::Kind::kSource;
      ++sources;
    } else if (part == "~") {
      element.kind = PatternElement::Kind::kGap;
    } else {
      element.kind = PatternElement::Kind::kWord;
      size_t start = 0;
      while (true) {
        size_t bar = part.find('|', start);
        std::string_view word = part.substr(start, bar == std::string_view::npos ? bar : bar - start);
        if (!is_lower_word(word)) {
          return "bad word '" + std::string(word) + "' in '" + std::string(part) +
                 "': expected lower-case lemmas separated by '|' (or '+', '$', '~')";
        }
        if (std::find(element.words.begin(), element.words.end(), word) == element.words.end()) {
          element.words.emplace_back(word);
        }
        if (bar == std::string_view::npos) break;
        start = bar + 1;
      }
    }
    if (part_idx == 0 && element.kind != PatternElement::Kind::kWord) {
      return "pattern starts with '" + std::string(part) +
             "': expected a word (the trigger) first; the source before the trigger is implicit";
    }
    if (element.kind == PatternElement::Kind::kGap) {
      if (part_idx + 1 == parts.size()) return "pattern ends with '~': a gap must lead somewhere";
      if (parts[part_idx + 1] == "~") return "two gaps '~ ~' in a row: one gap spans 0-3 tokens";
    }
    elements->push_back(std::move(element));
  }
  if (targets > 1) return "more than one target slot '+'";
  if (sources > 1) return "more than one source slot '$'";
  return {};
}

// Canonical form of a pattern for duplicate detection: elements joined by single spaces.
std::string canonical(const std::vector<PatternElement>& elements) {
  std::string out;
  for (const PatternElement& element : elements) {
    if (!out.empty()) out += ' ';
    switch (element.kind) {
      case PatternElement::Kind::kTarget: out += '+'; break;
      case PatternElement::Kind::kSource: out += '$'; break;
      case PatternElement::Kind::kGap: out += '~'; break;
      case PatternElement::Kind::kWord: {
        std::vector<std::string> sorted = element.words;
        std::sort(sorted.begin(), sorted.end());
        for (size_t word_idx = 0; word_idx < sorted.size(); ++word_idx) {
          if (word_idx > 0) out += '|';
          out += sorted[word_idx];
        }
        break;
      }
    }
  }
  return out;
}

size_t word_count(const VerbPattern& pattern) {
  return static_cast<size_t>(std::count_if(
      pattern.elements.begin(), pattern.elements.end(),
      [](const PatternElement& element) { return element.kind == PatternElement::Kind::kWord; }));
}

}  // namespace

Result<std::unique_ptr<PatternSet>> PatternSet::load(const std::string& path,
                                                     const CameoTable& table) {
  auto lines = read_lines(path, "the verb patterns");
  if (!lines.ok()) return lines.error();

  auto set = std::make_unique<PatternSet>();
  bool nominal = false;
  // canonical form + section → line, so a pattern written twice (perhaps with two codes) is caught.
  std::map<std::pair<bool, std::string>, int> line_of_pattern;
  for (size_t line_idx = 0; line_idx < lines.value().size(); ++line_idx) {
    int line_no = static_cast<int>(line_idx) + 1;
    std::string_view line = lines.value()[line_idx];
    // A '#' starts a comment anywhere: no pattern element contains one.
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;

    if (line.front() == '[') {
      if (line == "[verbal]") {
        nominal = false;
      } else if (line == "[nominal]") {
        nominal = true;
      } else {
        return error_at(path, line_no,
                        "unknown section '" + std::string(line) +
                            "': expected [verbal] or [nominal]");
      }
      continue;
    }

    size_t separator = line.find_first_of(kWhitespace);
    std::string_view code = line.substr(0, separator);
    if (separator == std::string_view::npos) {
      return error_at(path, line_no,
                      "'" + std::string(line) + "': expected a CAMEO code, a tab and a pattern");
    }
    if (!is_cameo_code(code)) {
      return error_at(path, line_no,
                      "bad CAMEO code '" + std::string(code) +
                          "': expected 2 to 4 digits starting with a root 01-20");
    }
    if (table.find(code) == nullptr) {
      return error_at(path, line_no,
                      "unknown CAMEO code " + std::string(code) + ": not in the CAMEO table");
    }

    VerbPattern pattern;
    pattern.code = std::string(code);
    pattern.text = std::string(trim(line.substr(separator)));
    pattern.line = line_no;
    pattern.nominal = nominal;
    std::string problem = parse_pattern(pattern.text, &pattern.elements);
    if (!problem.empty()) return error_at(path, line_no, problem);

    auto [it, inserted] =
        line_of_pattern.emplace(std::make_pair(nominal, canonical(pattern.elements)), line_no);
    if (!inserted) {
      return error_at(path, line_no,
                      "duplicate pattern '" + pattern.text + "' (first on line " +
                          std::to_string(it->second) + ")");
    }
    set->patterns_.push_back(std::move(pattern));
  }
  if (set->patterns_.empty()) return Error(path + ": no patterns found");

  // The index points into patterns_, which is final from here on.
  auto index = std::make_shared<Index>();
  for (const VerbPattern& pattern : set->patterns_) {
    for (const std::string& word : pattern.elements.front().words) {
      index->by_first_word[word].push_back(&pattern);
    }
  }
  for (auto& [word, list] : index->by_first_word) {
    std::stable_sort(list.begin(), list.end(), [](const VerbPattern* a, const VerbPattern* b) {
      size_t words_a = word_count(*a), words_b = word_count(*b);
      if (words_a != words_b) return words_a > words_b;
      if (a->elements.size() != b->elements.size()) return a->elements.size() > b->elements.size();
      return a->line < b->line;
    });
  }
  set->index_ = std::move(index);
  return set;
}

const std::vector<const VerbPattern*>* PatternSet::starting_with(std::string_view word) const {
  if (!index_) return nullptr;
  auto it = index_->by_first_word.find(word);
  return it == index_->by_first_word.end() ? nullptr : &it->second;
}

// ---- ModalityCues ----------------------------------------------------------------------------

Result<ModalityCues> ModalityCues::load(const std::string& path) {
  auto lines = read_lines(path, "the modality cues");
  if (!lines.ok()) return lines.error();

  ModalityCues cues;
  std::map<std::pair<std::string, std::vector<std::string>>, int> line_of_cue;
  for (size_t line_idx = 0; line_idx < lines.value().size(); ++line_idx) {
    int line_no = static_cast<int>(line_idx) + 1;
    std::string_view line = lines.value()[line_idx];
    if (is_blank_or_comment(line)) continue;

    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return error_at(path, line_no,
                      "'" + std::string(trim(line)) +
                          "': expected 'negation|hedge|attribution<TAB>phrase'");
    }
    std::string kind(trim(line.substr(0, tab)));
    std::vector<std::vector<std::string>>* list = nullptr;
    if (kind == "negation") {
      list = &cues.negation;
    } else if (kind == "hedge") {
      list = &cues.hedge;
    } else if (kind == "attribution") {
      list = &cues.attribution;
    } else {
      return error_at(path, line_no,
                      "unknown cue kind '" + kind + "': expected negation, hedge or attribution");
    }
    std::vector<std::string> cue;
    for (std::string_view word : split_words(line.substr(tab + 1))) {
      if (!is_lower_word(word)) {
        return error_at(path, line_no,
                        "bad cue word '" + std::string(word) + "': expected lower-case words");
      }
      cue.emplace_back(word);
    }
    if (cue.empty()) return error_at(path, line_no, "empty " + kind + " cue");
    auto [it, inserted] = line_of_cue.emplace(std::make_pair(kind, cue), line_no);
    if (!inserted) {
      return error_at(path, line_no,
                      "duplicate " + kind + " cue (first on line " + std::to_string(it->second) +
                          ")");
    }
    list->push_back(std::move(cue));
  }
  if (cues.negation.empty() || cues.hedge.empty() || cues.attribution.empty()) {
    return Error(path + ": expected at least one negation, one hedge and one attribution cue");
  }
  return cues;
}

}  // namespace chronicle::events
