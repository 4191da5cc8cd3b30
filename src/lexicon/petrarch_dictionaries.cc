#include "lexicon/petrarch_dictionaries.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

namespace chronicle::lexicon {
namespace {

namespace fs = std::filesystem;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::string where(const std::string& name, int line) {
  return name + ":" + std::to_string(line) + ": ";
}

Error error_at(const std::string& name, int line, const std::string& message) {
  return Error(where(name, line) + message);
}

void warn(std::vector<std::string>* warnings, const std::string& name, int line,
          const std::string& message) {
  if (warnings != nullptr) warnings->push_back(where(name, line) + message);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The lines of a dictionary with comments removed: '#' to the end of the line (outside [...],
// where TABARI's "###" code lives) and XML comments "<!-- ... -->", which may span lines
// (PETRARCH also accepts the misspelt opener "<! --").
class CommentStripper {
 public:
  // Returns the line without comments (possibly empty).
  std::string_view strip(std::string_view line) {
    if (in_xml_comment_) {
      size_t close = line.find("-->");
      if (close == std::string_view::npos) return {};
      in_xml_comment_ = false;
      line.remove_prefix(close + 3);
    }
    std::string_view trimmed = trim(line);
    if (trimmed.starts_with("<!")) {
      size_t close = trimmed.find("-->");
      if (close == std::string_view::npos) {
        in_xml_comment_ = true;
        return {};
      }
      line = trimmed.substr(close + 3);
    }
    int depth = 0;
    for (size_t pos = 0; pos < line.size(); ++pos) {
      if (line[pos] == '[') ++depth;
      if (line[pos] == ']' && depth > 0) --depth;
      if (line[pos] == '#' && depth == 0) return line.substr(0, pos);
    }
    return line;
  }

 private:
  bool in_xml_comment_ = false;
};

template <class OnLine>
void for_each_line(std::string_view text, OnLine&& on_line) {
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    on_line(line, line_number);
    if (end == text.size()) break;
    pos = end + 1;
  }
}

bool is_bracket(char ch) { return ch == '(' || ch == ')' || ch == '"' || ch == ','; }

// Splits one word (no spaces or underscores) like the tokenizer splits running text.
void split_word(std::string word, Phrase* out) {
  while (!word.empty() && is_bracket(word.front())) {
    out->push_back(std::string(1, word.front()));
    word.erase(0, 1);
  }
  std::vector<std::string> trailing;
  while (!word.empty() && is_bracket(word.back())) {
    trailing.insert(trailing.begin(), std::string(1, word.back()));
    word.pop_back();
  }
  // Clitics: "DON'T" → "DO" "N'T", "GONDOR'S" → "GONDOR" "'S".
  std::string clitic;
  if (word.size() > 3 && word.ends_with("N'T")) {
    clitic = "N'T";
  } else if (word.size() > 2 && word.ends_with("'S")) {
    clitic = "'S";
  }
  if (!clitic.empty()) word.resize(word.size() - clitic.size());
  // Hyphens are words of their own ("BARAD-DUR" → BARAD - DUR, "ANTI-" → ANTI -).
  size_t start = 0;
  for (size_t pos = 0; pos < word.size(); ++pos) {
    if (word[pos] != '-') continue;
    if (pos > start) out->push_back(word.substr(start, pos - start));
    out->push_back("-");
    start = pos + 1;
  }
  if (start < word.size()) out->push_back(word.substr(start));
  if (!clitic.empty()) out->push_back(clitic);
  out->insert(out->end(), trailing.begin(), trailing.end());
}

// "20080120" or TABARI's "080120" → 20080120; 0 when malformed.
int32_t parse_date(std::string_view text) {
  if (text.size() != 6 && text.size() != 8) return 0;
  for (char ch : text) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return 0;
  }
  int32_t value = std::stoi(std::string(text));
  if (text.size() == 6) {
    int32_t year = value / 10000;
    value += (year < 30 ? 20000000 : 19000000);
  }
  int32_t month = value / 100 % 100, day = value % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
  return value;
}

// The [...] groups of a line, and the text before the first one.
struct Bracketed {
  std::string head;
  std::vector<std::string> groups;
  bool unclosed = false;
};

Bracketed split_brackets(std::string_view line) {
  Bracketed out;
  size_t open = line.find('[');
  out.head = std::string(trim(line.substr(0, open)));
  while (open != std::string_view::npos) {
    size_t close = line.find(']', open);
    if (close == std::string_view::npos) {
      out.unclosed = true;
      break;
    }
    out.groups.emplace_back(trim(line.substr(open + 1, close - open - 1)));
    open = line.find('[', close);
  }
  return out;
}

}  // namespace

Phrase split_phrase(std::string_view text) {
  Phrase out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) split_word(upper(word), &out);
    word.clear();
  };
  for (char ch : text) {
    if (ch == '_' || std::isspace(static_cast<unsigned char>(ch))) {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return out;
}

void PhraseTrie::insert(const Phrase& phrase, int value) {
  if (phrase.empty()) return;
  int node = 0;
  for (const std::string& word : phrase) {
    auto found = nodes_[node].next.find(word);
    if (found == nodes_[node].next.end()) {
      int child = static_cast<int>(nodes_.size());
      nodes_[node].next.emplace(word, child);
      nodes_.emplace_back();
      node = child;
    } else {
      node = found->second;
    }
  }
  // The first entry of a phrase wins, as in PETRARCH, which keeps the first of duplicate names.
  if (nodes_[node].value < 0) {
    nodes_[node].value = value;
    ++size_;
  }
}

// ---- verbs
// ---------------------------------------------------------------------------------------

namespace {

// One element of a pattern line before it is split at '*'.
struct RawItem {
  PatternItem item;
  std::string synset_name;
  bool is_verb = false;    // '*'
  bool join_next = false;  // '_' between this element and the next
};

// Reads "SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS" into elements; false on a bad synset mark.
bool read_pattern_items(std::string_view body, std::vector<RawItem>* items, std::string* problem) {
  std::string text(body);
  // PETRARCH2 groups noun phrases in {...} and prepositional phrases in (...); we match their
  // words in order like any other words (docs/petrarch.md).
  for (char& ch : text) {
    if (ch == '{' || ch == '}' || ch == '(' || ch == ')') ch = ' ';
  }
  // "*SCEPTICAL" (a typo PETRARCH reads as "* SCEPTICAL"): the verb mark stands apart unless '_'
  // joins it.
  std::string spaced;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '*') {
      if (pos > 0 && text[pos - 1] != '_' &&
          !std::isspace(static_cast<unsigned char>(text[pos - 1])))
        spaced += ' ';
      spaced += '*';
      if (pos + 1 < text.size() && text[pos + 1] != '_' &&
          !std::isspace(static_cast<unsigned char>(text[pos + 1]))) {
        spaced += ' ';
      }
      continue;
    }
    spaced += text[pos];
  }
  text = std::move(spaced);
  std::istringstream chunks(text);
  std::string chunk;
  while (chunks >> chunk) {
    // Parts joined by '_' are adjacent; a leading or trailing '_' joins to the neighbouring chunk.
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      size_t bar = chunk.find('_', start);
      parts.push_back(
          chunk.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (parts.front().empty() && !items->empty()) items->back().join_next = true;
    for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
      const std::string& part = parts[part_idx];
      if (part.empty()) continue;
      bool joined_after = part_idx + 1 < parts.size();
      RawItem raw;
      if (part == "*") {
        raw.is_verb = true;
      } else if (part == "$") {
        raw.item.kind = PatternItem::Kind::kSource;
      } else if (part == "+") {
        raw.item.kind = PatternItem::Kind::kTarget;
      } else if (part == "%") {
        raw.item.kind = PatternItem::Kind::kCompound;
      } else if (part == "^") {
        raw.item.kind = PatternItem::Kind::kSkip;
      } else if (part[0] == '&') {
        raw.item.kind = PatternItem::Kind::kSynset;
        raw.synset_name = upper(part.substr(1));
        if (raw.synset_name.empty()) {
          *problem = "'&' without a synset name";
          return false;
        }
      } else {
        Phrase pieces;
        split_word(upper(part), &pieces);
        for (size_t piece = 0; piece < pieces.size(); ++piece) {
          RawItem word;
          word.item.word = pieces[piece];
          word.join_next = piece + 1 < pieces.size() || joined_after;
          items->push_back(std::move(word));
        }
        continue;
      }
      raw.join_next = joined_after;
      items->push_back(std::move(raw));
    }
  }
  return true;
}

// "+ABC_DEF_GHI", "KLM_NOP_+RST", "LASH OUT": the words and which one is the verb ('+' marks it;
// without a mark the first word is the verb).
bool read_verb_phrase(std::string_view text, Phrase* words, size_t* verb_index) {
  words->clear();
  *verb_index = 0;
  std::string cleaned;
  bool marked = false;
  size_t word_count = 0;
  bool in_word = false;
  for (char ch : text) {
    bool separator = ch == '_' || std::isspace(static_cast<unsigned char>(ch));
    if (separator) {
      if (in_word) ++word_count;
      in_word = false;
      cleaned += ' ';
      continue;
    }
    if (ch == '+') {
      if (!marked) *verb_index = word_count;
      marked = true;
      continue;
    }
    in_word = true;
    cleaned += ch;
  }
  // Words are split like running text, so the verb index counts the split words before it.
  std::istringstream stream(cleaned);
  std::string word;
  size_t original_idx = 0;
  size_t split_verb = 0;
  while (stream >> word) {
    if (original_idx == *verb_index) split_verb = words->size();
    split_word(upper(word), words);
    ++original_idx;
  }
  *verb_index = split_verb;
  return !words->empty();
}

}  // namespace

Result<std::unique_ptr<VerbDictionary>> VerbDictionary::load(const std::string& path,
                                                             std::vector<std::string>* warnings) {
  auto text = read_file(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path, warnings);
}

Result<std::unique_ptr<VerbDictionary>> VerbDictionary::parse(std::string_view text,
                                                              const std::string& name,
                                                              std::vector<std::string>* warnings) {
  auto dictionary = std::unique_ptr<VerbDictionary>(new VerbDictionary());
  VerbDictionary& out = *dictionary;
  enum class State { kNone, kSynset, kBlock } state = State::kNone;
  std::map<std::string, int> synset_index;
  // Synset members that name another synset ("+&TIETYPES"), resolved at the end.
  std::vector<std::vector<std::string>> synset_includes;
  struct PendingPattern {
    std::vector<RawItem> items;
    int block;
    std::string code;
    int line;
  };
  std::vector<PendingPattern> pending;
  CommentStripper comments;
  std::optional<Error> failure;

  auto add_form = [&](const Phrase& words, size_t verb_index, bool explicit_form,
                      const std::string& code, int line) {
    auto form = std::make_unique<VerbForm>();
    form->words = words;
    form->verb_index = verb_index;
    form->explicit_form = explicit_form;
    form->code = code;
    form->block = static_cast<int>(out.blocks_.size()) - 1;
    form->line = line;
    out.by_word_[words[verb_index]].push_back(form.get());
    out.forms_.push_back(std::move(form));
  };

  for_each_line(text, [&](std::string_view raw_line, int line) {
    if (failure) return;
    std::string_view content = trim(comments.strip(raw_line));
    if (content.empty()) {
      // A blank line (not a comment line) ends a synset; verbs may follow in the block that was
      // open.
      if (trim(raw_line).empty() && state == State::kSynset)
        state = out.blocks_.empty() ? State::kNone : State::kBlock;
      return;
    }
    if (content[0] == '&') {
      std::string synset_name = upper(trim(content.substr(1)));
      size_t space = synset_name.find_first_of(" \t");
      if (space != std::string::npos) synset_name.resize(space);
      while (!synset_name.empty() && synset_name.back() == '_') synset_name.pop_back();
      if (synset_name.empty()) {
        failure = error_at(name, line, "expected a synset name after '&'");
        return;
      }
      if (synset_index.count(synset_name) != 0) {
        warn(warnings, name, line,
             "synset &" + synset_name + " defined again; members added to the first");
        state = State::kSynset;
        out.synsets_.push_back({});  // placeholder so indices stay aligned; merged below
        out.synset_names_.push_back(synset_name + "#dup");
        synset_includes.push_back({});
        return;
      }
      synset_index[synset_name] = static_cast<int>(out.synsets_.size());
      out.synsets_.push_back({});
      out.synset_names_.push_back(synset_name);
      synset_includes.push_back({});
      state = State::kSynset;
      return;
    }
    if (content.starts_with("---")) {
      Bracketed header = split_brackets(content.substr(3));
      VerbBlock block;
      block.name = std::string(trim(header.head));
      block.line = line;
      if (header.groups.empty()) {
        warn(warnings, name, line, "verb block header without a [code]; its verbs get no code");
        block.code = "---";
      } else {
        block.code = upper(header.groups.front());
      }
      out.blocks_.push_back(std::move(block));
      state = State::kBlock;
      return;
    }
    if (state == State::kSynset) {
      if (content[0] != '+') {
        failure =
            error_at(name, line,
                     "expected a synset member \"+WORDS\" after &" + out.synset_names_.back() +
                         ", found \"" + std::string(content) + "\"");
        return;
      }
      std::string_view member = trim(content.substr(1));
      if (!member.empty() && member[0] == '&') {
        std::string included = upper(member.substr(1));
        while (!included.empty() && included.back() == '_') included.pop_back();
        synset_includes.back().push_back(included);
        return;
      }
      Phrase phrase = split_phrase(member);
      if (phrase.empty()) {
        failure = error_at(name, line, "empty synset member");
        return;
      }
      out.synsets_.back().push_back(std::move(phrase));
      return;
    }
    if (state == State::kNone) {
      failure =
          error_at(name, line,
                   "expected a synset \"&NAME\" or a verb block \"--- VERB [code] ---\", found \"" +
                       std::string(content) + "\"");
      return;
    }
    int block_idx = static_cast<int>(out.blocks_.size()) - 1;
    if (content[0] == '-') {
      Bracketed parts = split_brackets(content.substr(1));
      // The code is the last [...] group; anything before it is the pattern.
      size_t code_open = content.rfind('[');
      if (code_open == std::string_view::npos || parts.unclosed) {
        warn(warnings, name, line, "pattern without a [code] skipped");
        return;
      }
      std::string code = upper(parts.groups.back());
      std::vector<RawItem> items;
      std::string problem;
      if (!read_pattern_items(content.substr(1, code_open - 1), &items, &problem)) {
        failure = error_at(name, line, problem);
        return;
      }
      size_t stars = std::count_if(items.begin(), items.end(),
                                   [](const RawItem& item) { return item.is_verb; });
      if (stars != 1) {
        warn(
            warnings, name, line,
            "pattern needs exactly one '*' (the verb), has " + std::to_string(stars) + "; skipped");
        return;
      }
      pending.push_back({std::move(items), block_idx, code, line});
      return;
    }
    // A verb of the block: "VERB", "+MULTI_WORD", "KLM_NOP_+RST [002] {FORMS ...}".
    std::string entry(content);
    std::vector<std::string> forms;
    size_t brace = entry.find('{');
    if (brace != std::string::npos) {
      size_t close = entry.find('}', brace);
      if (close == std::string::npos) {
        failure = error_at(name, line, "'{' without '}' in the verb forms");
        return;
      }
      std::istringstream listed(entry.substr(brace + 1, close - brace - 1));
      std::string form;
      while (listed >> form) forms.push_back(form);
      entry.erase(brace, close - brace + 1);
    }
    Bracketed parts = split_brackets(entry);
    if (parts.unclosed) {
      failure = error_at(name, line, "'[' without ']' in the verb's code");
      return;
    }
    std::string code = parts.groups.empty() ? std::string() : upper(parts.groups.front());
    Phrase words;
    size_t verb_index = 0;
    if (!read_verb_phrase(parts.head, &words, &verb_index)) {
      failure = error_at(name, line, "expected a verb");
      return;
    }
    add_form(words, verb_index, false, code, line);
    for (const std::string& form : forms) {
      Phrase form_words;
      size_t form_verb = 0;
      if (read_verb_phrase(form, &form_words, &form_verb))
        add_form(form_words, form_verb, true, code, line);
    }
  });
  if (failure) return *failure;

  // Merge duplicate synset definitions into the first and expand included synsets.
  for (size_t idx = 0; idx < out.synset_names_.size(); ++idx) {
    const std::string& synset_name = out.synset_names_[idx];
    if (!synset_name.ends_with("#dup")) continue;
    int first = synset_index[synset_name.substr(0, synset_name.size() - 4)];
    for (Phrase& member : out.synsets_[idx]) out.synsets_[first].push_back(member);
    for (std::string& included : synset_includes[idx]) synset_includes[first].push_back(included);
  }
  std::function<void(int, std::set<int>&, std::vector<Phrase>&)> expand =
      [&](int idx, std::set<int>& seen, std::vector<Phrase>& members) {
        if (!seen.insert(idx).second) return;
        for (const Phrase& member : out.synsets_[idx]) members.push_back(member);
        for (const std::string& included : synset_includes[idx]) {
          auto found = synset_index.find(included);
          if (found == synset_index.end()) {
            warn(warnings, name, 0,
                 "synset &" + out.synset_names_[idx] + " includes unknown synset &" + included);
            continue;
          }
          expand(found->second, seen, members);
        }
      };
  std::vector<std::vector<Phrase>> expanded(out.synsets_.size());
  for (size_t idx = 0; idx < out.synsets_.size(); ++idx) {
    std::set<int> seen;
    expand(static_cast<int>(idx), seen, expanded[idx]);
    std::stable_sort(expanded[idx].begin(), expanded[idx].end(),
                     [](const Phrase& a, const Phrase& b) { return a.size() > b.size(); });
  }
  out.synsets_ = std::move(expanded);

  for (PendingPattern& raw : pending) {
    VerbPattern pattern;
    pattern.code = raw.code;
    pattern.line = raw.line;
    size_t star = 0;
    while (!raw.items[star].is_verb) ++star;
    bool unknown = false;
    auto resolve = [&](RawItem& item) {
      if (item.item.kind != PatternItem::Kind::kSynset) return;
      auto found = synset_index.find(item.synset_name);
      if (found == synset_index.end()) {
        warn(warnings, name, raw.line, "unknown synset &" + item.synset_name + "; pattern skipped");
        unknown = true;
        return;
      }
      item.item.synset = found->second;
    };
    for (size_t idx = star; idx-- > 0;) {
      resolve(raw.items[idx]);
      PatternItem item = raw.items[idx].item;
      item.adjacent = raw.items[idx].join_next;
      pattern.before.push_back(std::move(item));
    }
    for (size_t idx = star + 1; idx < raw.items.size(); ++idx) {
      resolve(raw.items[idx]);
      PatternItem item = raw.items[idx].item;
      item.adjacent = raw.items[idx - 1].join_next;
      pattern.after.push_back(std::move(item));
    }
    if (unknown) continue;
    out.blocks_[raw.block].patterns.push_back(std::move(pattern));
  }
  // PETRARCH tries the longest pattern first; among equals, the one written first.
  for (VerbBlock& block : out.blocks_) {
    std::stable_sort(
        block.patterns.begin(), block.patterns.end(),
        [](const VerbPattern& a, const VerbPattern& b) { return a.size() > b.size(); });
  }
  return dictionary;
}

const std::vector<const VerbForm*>* VerbDictionary::forms_of(const std::string& word) const {
  auto found = by_word_.find(word);
  return found == by_word_.end() ? nullptr : &found->second;
}

size_t VerbDictionary::pattern_count() const {
  size_t count = 0;
  for (const VerbBlock& block : blocks_) count += block.patterns.size();
  return count;
}

// ---- actors
// --------------------------------------------------------------------------------------

std::vector<std::string> PetrarchActor::codes_at(int32_t date) const {
  const DatedCode* fallback = nullptr;
  for (const DatedCode& code : codes) {
    if (!code.dated) {
      if (fallback == nullptr || fallback->dated) fallback = &code;
      continue;
    }
    if (date != 0 && (code.from == 0 || date >= code.from) && (code.to == 0 || date <= code.to)) {
      return code.codes;
    }
  }
  if (fallback == nullptr && !codes.empty()) fallback = &codes.back();
  return fallback == nullptr ? std::vector<std::string>() : fallback->codes;
}

namespace {

// "HOBGOV 19950601 - 19990815", "HOB < 950601", "HOBREB > 990816", "ELR/GAL", "---".
bool read_actor_code(const std::string& group, DatedCode* out, std::string* problem) {
  std::string_view text = trim(group);
  size_t space = text.find_first_of(" \t<>");
  std::string code = upper(text.substr(0, space));
  std::string restriction;
  if (space != std::string_view::npos) {
    for (char ch : text.substr(space)) {
      if (!std::isspace(static_cast<unsigned char>(ch))) restriction += ch;
    }
  }
  if (code.empty()) {
    *problem = "empty actor code";
    return false;
  }
  out->codes.clear();
  if (code != "---") {
    size_t start = 0;
    while (start <= code.size()) {
      size_t slash = code.find('/', start);
      std::string part =
          code.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!part.empty()) out->codes.push_back(part);
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  if (restriction.empty()) return true;
  out->dated = true;
  if (restriction[0] == '<' || restriction[0] == '>') {
    int32_t date = parse_date(restriction.substr(1));
    if (date == 0) {
      *problem = "cannot read the date in \"" + restriction + "\" (expected yyyymmdd or yymmdd)";
      return false;
    }
    // "<D": before D; ">D": from D on.
    if (restriction[0] == '<') {
      out->to = date - 1;  // yyyymmdd - 1 may be day 00: still compares correctly
    } else {
      out->from = date;
    }
    return true;
  }
  size_t dash = restriction.find('-');
  if (dash == std::string::npos) {
    *problem =
        "cannot read the date restriction \"" + restriction + "\" (expected <D, >D or D1-D2)";
    return false;
  }
  out->from = parse_date(restriction.substr(0, dash));
  out->to = parse_date(restriction.substr(dash + 1));
  if (out->from == 0 || out->to == 0) {
    *problem = "cannot read the dates in \"" + restriction + "\" (expected yyyymmdd or yymmdd)";
    return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<PetrarchActors>> PetrarchActors::load(const std::vector<std::string>& paths,
                                                             std::vector<std::string>* warnings) {
  auto actors = std::unique_ptr<PetrarchActors>(new PetrarchActors());
  for (const std::string& path : paths) {
    auto text = read_file(path);
    if (!text.ok()) return text.error();
    Status status = actors->parse_into(text.value(), path, warnings);
    if (!status.ok()) return Error(status.message());
  }
  return actors;
}

Result<std::unique_ptr<PetrarchActors>> PetrarchActors::parse(std::string_view text,
                                                              const std::string& name,
                                                              std::vector<std::string>* warnings) {
  auto actors = std::unique_ptr<PetrarchActors>(new PetrarchActors());
  Status status = actors->parse_into(text, name, warnings);
  if (!status.ok()) return Error(status.message());
  return actors;
}

Status PetrarchActors::parse_into(std::string_view text, const std::string& name,
                                  std::vector<std::string>* warnings) {
  CommentStripper comments;
  std::optional<Error> failure;
  bool have_current = false;
  auto add_codes = [&](const std::vector<std::string>& groups, int line) {
    for (const std::string& group : groups) {
      DatedCode code;
      std::string problem;
      if (!read_actor_code(group, &code, &problem)) {
        warn(warnings, name, line, problem + "; code [" + group + "] skipped");
        continue;
      }
      actors_.back().codes.push_back(std::move(code));
    }
  };
  for_each_line(text, [&](std::string_view raw_line, int line) {
    if (failure) return;
    std::string_view content = trim(comments.strip(raw_line));
    if (content.empty()) return;
    Bracketed parts = split_brackets(content);
    if (parts.unclosed) {
      failure = error_at(name, line, "'[' without ']' in \"" + std::string(content) + "\"");
      return;
    }
    if (content[0] == '[') {  // a code line continuing the actor above
      if (!have_current) {
        failure =
            error_at(name, line, "a code line \"" + std::string(content) + "\" before any actor");
        return;
      }
      add_codes(parts.groups, line);
      return;
    }
    if (content[0] == '+') {  // a synonym of the actor above
      if (!have_current) {
        failure =
            error_at(name, line, "a synonym \"" + std::string(content) + "\" before any actor");
        return;
      }
      Phrase alias = split_phrase(parts.head.substr(1));
      if (alias.empty()) {
        failure = error_at(name, line, "empty synonym after '+'");
        return;
      }
      names_.insert(alias, static_cast<int>(actors_.size()) - 1);
      add_codes(parts.groups, line);
      return;
    }
    Phrase phrase = split_phrase(parts.head);
    if (phrase.empty()) {
      failure = error_at(name, line, "expected an actor name before the code");
      return;
    }
    PetrarchActor actor;
    actor.name = parts.head;
    actor.line = line;
    actors_.push_back(std::move(actor));
    have_current = true;
    names_.insert(phrase, static_cast<int>(actors_.size()) - 1);
    add_codes(parts.groups, line);
  });
  if (failure) return *failure;
  return Status::Ok();
}

// ---- agents
// --------------------------------------------------------------------------------------

namespace {

// The regular English plural PETRARCH forms for an agent: MINISTER → MINISTERS, AUTHORITY →
// AUTHORITIES, BUS → BUSES, CHURCH → CHURCHES, MAN → MEN.
std::string plural_of(const std::string& word) {
  auto vowel = [](char ch) { return std::string_view("AEIOU").find(ch) != std::string_view::npos; };
  if (word.ends_with("MAN")) return word.substr(0, word.size() - 3) + "MEN";
  if (word.size() > 1 && word.back() == 'Y' && !vowel(word[word.size() - 2])) {
    return word.substr(0, word.size() - 1) + "IES";
  }
  if (word.ends_with("S") || word.ends_with("SH") || word.ends_with("CH") || word.ends_with("X") ||
      word.ends_with("Z")) {
    return word + "ES";
  }
  return word + "S";
}

}  // namespace

Result<std::unique_ptr<PetrarchAgents>> PetrarchAgents::load(const std::string& path,
                                                             std::vector<std::string>* warnings) {
  auto text = read_file(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path, warnings);
}

Result<std::unique_ptr<PetrarchAgents>> PetrarchAgents::parse(std::string_view text,
                                                              const std::string& name,
                                                              std::vector<std::string>* warnings) {
  auto agents = std::unique_ptr<PetrarchAgents>(new PetrarchAgents());
  PetrarchAgents& out = *agents;
  std::map<std::string, std::vector<std::string>> substitutions;  // "!PERSON!" → MAN, MEN, ...
  CommentStripper comments;
  std::optional<Error> failure;
  for_each_line(text, [&](std::string_view raw_line, int line) {
    if (failure) return;
    std::string_view content = trim(comments.strip(raw_line));
    if (content.empty()) return;
    if (content[0] == '!' && content.find('=') != std::string_view::npos) {
      size_t equals = content.find('=');
      std::string key = upper(trim(content.substr(0, equals)));
      if (key.size() < 3 || key.back() != '!') {
        failure = error_at(name, line, "expected \"!NAME! = WORD, WORD\"");
        return;
      }
      std::vector<std::string>& values = substitutions[key];
      std::string list(content.substr(equals + 1));
      std::istringstream items(list);
      std::string item;
      while (std::getline(items, item, ',')) {
        std::string value = upper(trim(item));
        if (!value.empty()) values.push_back(value);
      }
      return;
    }
    std::string entry(content);
    std::vector<std::string> plurals;
    bool plurals_given = false;
    size_t brace = entry.find('{');
    if (brace != std::string::npos) {
      size_t close = entry.find('}', brace);
      if (close == std::string::npos) {
        failure = error_at(name, line, "'{' without '}' in the plural forms");
        return;
      }
      plurals_given = true;
      std::istringstream listed(entry.substr(brace + 1, close - brace - 1));
      std::string form;
      while (listed >> form) plurals.push_back(form);
      entry.erase(brace, close - brace + 1);
    }
    Bracketed parts = split_brackets(entry);
    if (parts.unclosed || parts.groups.empty()) {
      // PETRARCH skips an agent whose code it cannot read; so do we, with a warning.
      warn(warnings, name, line,
           "expected an agent \"PHRASE [~CODE]\", found \"" + std::string(content) + "\"; skipped");
      return;
    }
    if (parts.head.empty()) {
      failure = error_at(name, line, "expected an agent phrase before the code");
      return;
    }
    PetrarchAgent agent;
    agent.phrase = parts.head;
    agent.line = line;
    std::string code;
    for (char ch : parts.groups.front()) {
      if (!std::isspace(static_cast<unsigned char>(ch)))
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    if (code.starts_with("~")) {
      agent.code = code.substr(1);
    } else if (code.ends_with("~")) {
      agent.code = code.substr(0, code.size() - 1);
      agent.prefix = true;
    } else {
      warn(warnings, name, line, "agent code [" + code + "] without '~'; read as a suffix");
      agent.code = code;
    }
    if (agent.code.empty()) {
      failure = error_at(name, line, "empty agent code");
      return;
    }
    int value = static_cast<int>(out.agents_.size());
    out.agents_.push_back(agent);
    // Expand "!PERSON!" markers into every listed word (they carry their own plurals).
    std::vector<std::string> phrases = {upper(parts.head)};
    bool substituted = false;
    for (size_t round = 0; round < 4; ++round) {
      std::vector<std::string> next;
      bool changed = false;
      for (const std::string& phrase : phrases) {
        size_t open = phrase.find('!');
        size_t close = open == std::string::npos ? std::string::npos : phrase.find('!', open + 1);
        if (close == std::string::npos) {
          next.push_back(phrase);
          continue;
        }
        std::string key = phrase.substr(open, close - open + 1);
        auto found = substitutions.find(key);
        if (found == substitutions.end()) {
          warn(warnings, name, line, "unknown substitution " + key + "; agent skipped");
          continue;
        }
        for (const std::string& value_text : found->second) {
          next.push_back(phrase.substr(0, open) + value_text + phrase.substr(close + 1));
        }
        changed = true;
      }
      phrases = std::move(next);
      substituted = substituted || changed;
      if (!changed) break;
    }
    for (const std::string& phrase_text : phrases) {
      Phrase phrase = split_phrase(phrase_text);
      if (phrase.empty()) continue;
      out.names_.insert(phrase, value);
      if (!plurals_given && !substituted) {
        Phrase plural = phrase;
        plural.back() = plural_of(plural.back());
        out.names_.insert(plural, value);
      }
    }
    for (const std::string& plural_text : plurals)
      out.names_.insert(split_phrase(plural_text), value);
  });
  if (failure) return *failure;
  return agents;
}

// ---- discards
// ------------------------------------------------------------------------------------

Result<std::unique_ptr<PetrarchDiscards>> PetrarchDiscards::load(
    const std::string& path, std::vector<std::string>* warnings) {
  auto text = read_file(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path, warnings);
}

Result<std::unique_ptr<PetrarchDiscards>> PetrarchDiscards::parse(
    std::string_view text, const std::string& name, std::vector<std::string>* warnings) {
  auto discards = std::unique_ptr<PetrarchDiscards>(new PetrarchDiscards());
  CommentStripper comments;
  std::optional<Error> failure;
  for_each_line(text, [&](std::string_view raw_line, int line) {
    if (failure) return;
    std::string_view content = trim(comments.strip(raw_line));
    if (content.empty()) return;
    bool story = content[0] == '+';
    if (story) content = trim(content.substr(1));
    if (content.find('[') != std::string_view::npos) {
      failure =
          error_at(name, line,
                   "a discard is a phrase without a code, found \"" + std::string(content) + "\"");
      return;
    }
    Phrase phrase = split_phrase(content);
    if (phrase.empty()) {
      failure = error_at(name, line, "empty discard phrase after '+'");
      return;
    }
    int value = static_cast<int>(discards->texts_.size());
    discards->texts_.emplace_back(content);
    discards->story_.push_back(story);
    discards->phrases_.insert(phrase, value);
  });
  if (failure) return *failure;
  return discards;
}

// ---- a set of dictionaries in a directory
// ----------------------------------------------------------

Result<std::unique_ptr<PetrarchDictionaries>> PetrarchDictionaries::load(const std::string& dir,
                                                                         const std::string& set) {
  std::error_code error;
  if (!fs::is_directory(dir, error))
    return Error(dir + ": not a directory of PETRARCH dictionaries");
  std::vector<std::string> verbs, actors, agents, discards;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& file : names) {
    if (!set.empty() ? !file.starts_with(set) : file.starts_with("PETR.")) continue;
    std::string path = (fs::path(dir) / file).string();
    if (file.ends_with(".verbs.txt") || (file.starts_with("CAMEO") && file.ends_with(".txt"))) {
      verbs.push_back(path);
    } else if (file.ends_with(".actors.txt")) {
      actors.push_back(path);
    } else if (file.ends_with(".agents.txt")) {
      agents.push_back(path);
    } else if (file.ends_with(".discards.txt")) {
      discards.push_back(path);
    }
  }
  std::string selection = set.empty() ? std::string(" (files not starting with \"PETR.\")")
                                      : " (files starting with \"" + set + "\")";
  if (verbs.size() != 1) {
    return Error(dir + ": expected one verbs dictionary (*.verbs.txt or CAMEO*.txt)" + selection +
                 ", found " + std::to_string(verbs.size()));
  }
  if (actors.empty()) return Error(dir + ": no actors dictionary (*.actors.txt)" + selection);
  if (agents.size() > 1 || discards.size() > 1) {
    return Error(dir + ": more than one agents or discards dictionary" + selection +
                 "; choose a set");
  }
  auto out = std::make_unique<PetrarchDictionaries>();
  auto verb_dictionary = VerbDictionary::load(verbs[0], &out->warnings);
  if (!verb_dictionary.ok()) return verb_dictionary.error();
  out->verbs = std::move(verb_dictionary).value();
  auto actor_dictionary = PetrarchActors::load(actors, &out->warnings);
  if (!actor_dictionary.ok()) return actor_dictionary.error();
  out->actors = std::move(actor_dictionary).value();
  if (!agents.empty()) {
    auto agent_dictionary = PetrarchAgents::load(agents[0], &out->warnings);
    if (!agent_dictionary.ok()) return agent_dictionary.error();
    out->agents = std::move(agent_dictionary).value();
  } else {
    out->agents = std::move(PetrarchAgents::parse("", "<none>", nullptr)).value();
  }
  if (!discards.empty()) {
    auto discard_dictionary = PetrarchDiscards::load(discards[0], &out->warnings);
    if (!discard_dictionary.ok()) return discard_dictionary.error();
    out->discards = std::move(discard_dictionary).value();
  } else {
    out->discards = std::move(PetrarchDiscards::parse("", "<none>", nullptr)).value();
  }
  out->files = verbs;
  out->files.insert(out->files.end(), actors.begin(), actors.end());
  out->files.insert(out->files.end(), agents.begin(), agents.end());
  out->files.insert(out->files.end(), discards.begin(), discards.end());
  return out;
}

}  // namespace chronicle::lexicon
