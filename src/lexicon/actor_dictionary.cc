// Loading, validation and lookups of the actor dictionaries (formats: docs/actors.md).
//
// Loading happens in three passes: parse every file into entries (merging `extend` blocks and
// remembering where each field came from), validate and finish the entries once every country is
// known (roles may name countries defined in a later file), then build the lookup indexes. All
// validation errors are collected (up to kMaxErrors) so one run shows every bad line.
#include "lexicon/actor_dictionary.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "lexicon/name_key.h"
#include "text/words.h"

namespace chronicle::lexicon {
namespace {

constexpr size_t kMaxMatchTokens = 12;  // longest name or agent phrase matched, in tokens
constexpr size_t kMaxPatternWords = 24;  // longest name accepted by the loader, in key words
constexpr size_t kMaxErrors = 20;

// Heterogeneous lookup so that string_view queries allocate nothing.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct Location {
  std::string file;
  size_t line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string> split_list(std::string_view value, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t stop = value.find(separator, start);
    parts.emplace_back(trim(value.substr(start, stop == std::string_view::npos ? stop : stop - start)));
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  return parts;
}

bool is_upper_alpha(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                       [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

bool has_ascii_upper(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}
bool has_ascii_lower(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a plausible month and day.
bool valid_date(std::string_view date) {
  auto digits = [&](size_t pos, size_t count) {
    if (date.size() < pos + count) return false;
    return std::all_of(date.begin() + pos, date.begin() + pos + count,
                       [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  auto number = [&](size_t pos, size_t count) {
    int value = 0;
    std::from_chars(date.data() + pos, date.data() + pos + count, value);
    return value;
  };
  if (date.size() == 4) return digits(0, 4);
  if (date.size() != 7 && date.size() != 10) return false;
  if (!digits(0, 4) || date[4] != '-' || !digits(5, 2)) return false;
  const int month = number(5, 2);
  if (month < 1 || month > 12) return false;
  if (date.size() == 7) return true;
  if (date[7] != '-' || !digits(8, 2)) return false;
  const int day = number(8, 2);
  return day >= 1 && day <= 31;
}

// Dates of unknown day or month compare as the earliest ("2000" → "2000-00-00") when they open a
// range and as the latest ("2000" → "2000-99-99") when they close one.
std::string pad_date(std::string_view date, char fill) {
  std::string padded(date);
  static constexpr std::string_view kShape = "0000-00-00";
  for (size_t pos = padded.size(); pos < kShape.size(); ++pos) {
    padded.push_back(kShape[pos] == '-' ? '-' : fill);
  }
  return padded;
}

std::string key_of(std::string_view text) {
  std::string key;
  detail::make_key(text, /*drop_articles=*/false, &key);
  return key;
}

std::vector<std::string> split_words(std::string_view key) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= key.size()) {
    const size_t stop = key.find(' ', start);
    const size_t length = (stop == std::string_view::npos ? key.size() : stop) - start;
    if (length > 0) words.emplace_back(key.substr(start, length));
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  return words;
}

// The first word of a key (keys have single spaces).
std::string_view first_word(std::string_view key) {
  return key.substr(0, std::min(key.find(' '), key.size()));
}

// Case required of the token that holds a word of a dictionary name.
enum CaseRule : uint8_t {
  kAnyCase = 0,
  kHasCapital = 1,  // the first capitalised word: "Russian", "al-Qaeda" (not "russian")
  kAcronym = 2,     // "US", "U.S.", "ISIS": no lower-case letter ("us", "Isis" do not match)
};

// Case rules per key word of `text`, computed piece by piece (pieces are whitespace-separated),
// which gives the same words as the key of the whole text.
std::vector<uint8_t> case_rules(std::string_view text) {
  std::vector<uint8_t> rules;
  bool capital_seen = false;
  for (const std::string& piece : split_list(text, ' ')) {
    if (piece.empty()) continue;
    const size_t word_count = split_words(key_of(piece)).size();
    size_t letters = 0;
    for (char ch : piece) letters += std::isalpha(static_cast<unsigned char>(ch)) ? 1 : 0;
    uint8_t rule = kAnyCase;
    if (letters >= 2 && has_ascii_upper(piece) && !has_ascii_lower(piece)) {
      rule = kAcronym;
    } else if (!capital_seen && has_ascii_upper(piece)) {
      rule = kHasCapital;
    }
    if (has_ascii_upper(piece)) capital_seen = true;
    for (size_t word_idx = 0; word_idx < word_count; ++word_idx) {
      rules.push_back(word_idx == 0 || rule == kAcronym ? rule : static_cast<uint8_t>(kAnyCase));
    }
  }
  return rules;
}

bool token_satisfies(const Token& token, uint8_t rule) {
  switch (rule) {
    case kHasCapital: return token.capitalized || has_ascii_upper(token.norm);
    case kAcronym: return !has_ascii_lower(token.norm);
    default: return true;
  }
}

int name_priority(NameKind how) {
  switch (how) {
    case NameKind::kName: return 0;
    case NameKind::kAlias: return 1;
    case NameKind::kCapital: return 2;
    case NameKind::kAdjective: return 3;
  }
  return 4;
}

const char* name_kind_str(NameKind how) {
  switch (how) {
    case NameKind::kName: return "name";
    case NameKind::kAlias: return "alias";
    case NameKind::kCapital: return "capital";
    case NameKind::kAdjective: return "adjective";
  }
  return "name";
}

// One name as read from a file, with where it was read.
struct SourcedName {
  std::string text;
  Location where;
};

// Everything the loader remembers about one entry besides the entry itself.
struct EntrySource {
  Location where;                     // the `actor ID` line
  Location kind_at, name_at, code_at, country_at, latlng_at;
  SourcedName capital;                // the last capital given (an `extend` may override it)
  std::vector<SourcedName> aliases;   // parallel to the names added to ActorEntry::aliases
  std::vector<SourcedName> adjectives;
  std::vector<std::pair<std::string, Location>> roles;  // raw `role:` values
  bool has_code = false;
};

struct NameTarget {
  uint32_t entry = 0;
  NameKind how = NameKind::kName;
  std::vector<uint8_t> case_rules;  // one per word
};

struct NamePattern {
  std::string key;
  std::vector<std::string> words;
  std::vector<NameTarget> targets;
};

struct AgentPattern {
  std::vector<std::string> words;
  uint32_t agent = 0;
};

struct PersonKey {
  std::string key;    // name_key of a name or alias
  std::string first;  // its first and last words
  std::string last;
  uint32_t entry = 0;
};

// Splits the key of each token into words on demand, for matching patterns word by word.
bool is_apostrophe(std::string_view word) { return word == "'" || word == "\u2019"; }

class TokenWords {
 public:
  TokenWords(const std::vector<Token>& tokens, size_t first, size_t end)
      : tokens_(tokens), first_(first), count_(std::min(end - first, kMaxMatchTokens)) {}
  size_t size() const { return count_; }
  const std::string& key(size_t offset) {
    if (!computed_[offset]) {
      detail::make_key(tokens_[first_ + offset].norm, /*drop_articles=*/false, &keys_[offset]);
      computed_[offset] = true;
    }
    return keys_[offset];
  }
  const Token& token(size_t offset) const { return tokens_[first_ + offset]; }

  // Does the word at `offset` satisfy a case rule? The rule reads the whole hyphenated compound
  // the word is in, as when the tokenizer kept a compound in one token ("al-Shabaab" has a
  // capital, "SPLM-IO" is an acronym).
  bool satisfies(size_t offset, uint8_t rule) const {
    size_t begin = first_ + offset;
    while (begin >= 2 && text::is_joining_hyphen(tokens_, begin - 1)) begin -= 2;
    const size_t end = text::compound_end(tokens_, begin, tokens_.size());
    if (end == begin + 1 || rule == kAnyCase) return token_satisfies(tokens_[begin], rule);
    for (size_t idx = begin; idx < end; ++idx) {
      if (rule == kHasCapital && token_satisfies(tokens_[idx], rule)) return true;
      if (rule == kAcronym && has_ascii_lower(tokens_[idx].norm)) return false;
    }
    return rule == kAcronym;
  }

  // Matches `words` against whole tokens from the start; returns the number of tokens covered
  // (0 when the words do not end at a token boundary) and the token of every word. A hyphenated
  // compound, which the tokenizer splits ("Yunus" "-" "Bek"), is read whole: its hyphens are
  // word breaks, and a name neither starts nor ends inside it ("EU-facilitated" is not "EU").
  size_t match(const std::vector<std::string>& words, std::array<uint8_t, kMaxPatternWords>* word_token) {
    if (text::continues_compound(tokens_, first_)) return 0;
    size_t word_idx = 0;
    for (size_t offset = 0; offset < count_; ++offset) {
      if (word_idx > 0 && text::is_joining_hyphen(tokens_, first_ + offset)) continue;
      // The apostrophe of a plural possessive inside a name ("Kurdistan Workers' Party"), split
      // from its word by the tokenizer; names are keyed with apostrophes as word breaks.
      if (word_idx > 0 && is_apostrophe(token(offset).norm)) continue;
      std::string_view rest = key(offset);
      if (rest.empty()) return 0;  // punctuation never sits inside a name
      while (!rest.empty()) {
        if (word_idx == words.size()) return 0;  // the name ends inside this token
        const size_t stop = std::min(rest.find(' '), rest.size());
        if (rest.substr(0, stop) != words[word_idx]) return 0;
        (*word_token)[word_idx++] = static_cast<uint8_t>(offset);
        rest.remove_prefix(std::min(stop + 1, rest.size()));
      }
      if (word_idx == words.size()) {
        if (text::is_joining_hyphen(tokens_, first_ + offset + 1)) return 0;
        return offset + 1;
      }
    }
    return 0;
  }

 private:
  const std::vector<Token>& tokens_;
  size_t first_;
  size_t count_;
  std::array<std::string, kMaxMatchTokens> keys_;
  std::array<bool, kMaxMatchTokens> computed_{};
};

// Every table of a loaded dictionary (ActorDictionary::Data is this; free functions below fill it).
struct Tables {
  std::vector<ActorEntry> entries;
  StringMap<uint32_t> by_id;
  StringMap<uint32_t> countries;  // CAMEO country code → entry
  StringSet sectors;
  std::vector<NamePattern> names;
  StringMap<std::vector<uint32_t>> names_by_first_word;
  std::vector<Agent> agents;
  std::vector<AgentPattern> agent_patterns;
  StringMap<std::vector<uint32_t>> agents_by_first_word;
  std::vector<PersonKey> person_keys;
  StringMap<std::vector<uint32_t>> person_keys_by_key;  // key → indexes into person_keys
  // One-word demonyms by their spellings one letter off: each demonym key and every key with one
  // letter deleted → the pattern (kAmbiguousVariant when two demonyms share it). See
  // misspelt_demonym().
  StringMap<uint32_t> demonym_variants;
};

constexpr uint32_t kAmbiguousVariant = UINT32_MAX;

// The endings a misspelt demonym must keep ("Ghanian", "Ukranian", "Columbian"): a word that ends
// otherwise ("Indiana", "Germain") is some other name.
bool demonym_ending(std::string_view key) {
  return key.ends_with("an") || key.ends_with("ese") || key.ends_with("ish") || key.ends_with("i");
}

// Collects errors; the load fails when there is any.
class Errors {
 public:
  void add(const Location& where, const std::string& message) {
    if (messages_.size() < kMaxErrors) messages_.push_back(where.str() + ": " + message);
    ++count_;
  }
  void add(const std::string& message) {
    if (messages_.size() < kMaxErrors) messages_.push_back(message);
    ++count_;
  }
  bool any() const { return count_ > 0; }
  Error error() const {
    std::string text;
    for (const std::string& message : messages_) text += (text.empty() ? "" : "\n") + message;
    if (count_ > messages_.size()) {
      text += "\n(" + std::to_string(count_ - messages_.size()) + " more errors)";
    }
    return Error(text);
  }

 private:
  std::vector<std::string> messages_;
  size_t count_ = 0;
};

bool read_lines(const std::string& path, std::vector<std::string>* lines, Errors* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->add(path + ": cannot open file");
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines->push_back(std::move(line));
  }
  return true;
}

bool is_comment_or_blank(std::string_view line) {
  const std::string_view content = trim(line);
  return content.empty() || content.front() == '#';
}

void load_sectors(const std::string& path, StringSet* sectors, Errors* errors) {
  std::vector<std::string> lines;
  if (!read_lines(path, &lines, errors)) return;
  StringMap<size_t> seen;
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    const std::string_view line = lines[line_idx];
    if (is_comment_or_blank(line)) continue;
    const Location where{path, line_idx + 1};
    const size_t tab = line.find('\t');
    const std::string_view code = trim(line.substr(0, tab));
    if (tab == std::string_view::npos || trim(line.substr(tab + 1)).empty()) {
      errors->add(where, "expected CODE<TAB>description");
    } else if (code.size() != 3 || !is_upper_alpha(code)) {
      errors->add(where, "expected a three-letter upper-case sector code, got \"" +
                             std::string(code) + "\"");
    } else if (auto [it, added] = seen.emplace(std::string(code), line_idx + 1); !added) {
      errors->add(where, "sector " + std::string(code) + " already defined on line " +
                             std::to_string(it->second));
    } else {
      sectors->emplace(code);
    }
  }
}

// A sector field: one or more known three-letter sectors ("GOV", "GOVMED").
bool valid_sectors(std::string_view code, const StringSet& sectors) {
  if (code.empty() || code.size() % 3 != 0) return false;
  for (size_t pos = 0; pos < code.size(); pos += 3) {
    if (!sectors.contains(code.substr(pos, 3))) return false;
  }
  return true;
}

void load_agents(const std::string& path, const StringSet& sectors, std::vector<Agent>* agents,
                 Errors* errors) {
  std::vector<std::string> lines;
  if (!read_lines(path, &lines, errors)) return;
  StringMap<size_t> seen;  // phrase key → line
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    const std::string_view line = lines[line_idx];
    if (is_comment_or_blank(line)) continue;
    const Location where{path, line_idx + 1};
    std::vector<std::string> fields;
    for (std::string& field : split_list(line, '\t')) {
      if (!field.empty()) fields.push_back(std::move(field));  // runs of tabs align columns
    }
    if (fields.size() != 3) {
      errors->add(where, "expected phrase<TAB>SECTOR<TAB>title|agent");
      continue;
    }
    Agent agent{fields[0], fields[1], fields[2] == "title"};
    if (has_ascii_upper(agent.phrase)) {
      errors->add(where, "expected a lower-case phrase, got \"" + agent.phrase + "\"");
    } else if (!valid_sectors(agent.sector, sectors)) {
      errors->add(where, "unknown sector \"" + agent.sector + "\" (expected codes from the sectors file)");
    } else if (fields[2] != "title" && fields[2] != "agent") {
      errors->add(where, "expected \"title\" or \"agent\", got \"" + fields[2] + "\"");
    } else if (const std::string key = key_of(agent.phrase); key.empty()) {
      errors->add(where, "phrase has no letters");
    } else if (auto [it, added] = seen.emplace(key, line_idx + 1); !added) {
      errors->add(where, "phrase \"" + agent.phrase + "\" already listed on line " +
                             std::to_string(it->second));
    } else {
      agents->push_back(std::move(agent));
    }
  }
}

const std::array<std::string_view, 4> kKinds = {"country", "organisation", "group", "person"};

// Parses one actor file into `entries`/`sources`, merging `extend` blocks.
void parse_actor_file(const std::string& path, std::vector<ActorEntry>* entries,
                      std::vector<EntrySource>* sources, StringMap<uint32_t>* by_id,
                      Errors* errors) {
  std::vector<std::string> lines;
  if (!read_lines(path, &lines, errors)) return;
  constexpr uint32_t kNone = UINT32_MAX;
  uint32_t current = kNone;
  bool extending = false;
  bool skipping = false;  // inside a block whose header was bad: ignore its fields
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    const std::string& line = lines[line_idx];
    if (is_comment_or_blank(line)) continue;
    const Location where{path, line_idx + 1};
    if (!std::isspace(static_cast<unsigned char>(line.front()))) {
      // A block header.
      const std::string_view header = trim(line);
      const size_t space = header.find(' ');
      const std::string_view word = header.substr(0, space);
      const std::string_view id =
          space == std::string_view::npos ? std::string_view() : trim(header.substr(space + 1));
      current = kNone;
      skipping = true;
      if (word != "actor" && word != "extend") {
        errors->add(where, "expected \"actor ID\" or \"extend ID\" (fields must be indented)");
        continue;
      }
      const bool id_ok = !id.empty() && std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
      if (!id_ok) {
        errors->add(where, "expected an id of upper-case letters, digits and '_' after \"" +
                               std::string(word) + "\"");
        continue;
      }
      const auto found = by_id->find(id);
      if (word == "actor") {
        if (found != by_id->end()) {
          errors->add(where, "duplicate actor id " + std::string(id) + " (first defined at " +
                                 (*sources)[found->second].where.str() + ")");
          continue;
        }
        current = static_cast<uint32_t>(entries->size());
        by_id->emplace(std::string(id), current);
        entries->emplace_back().id = std::string(id);
        sources->emplace_back().where = where;
        extending = false;
      } else {
        if (found == by_id->end()) {
          errors->add(where, "extend " + std::string(id) +
                                 ": no such actor in this or an earlier file");
          continue;
        }
        current = found->second;
        extending = true;
      }
      skipping = false;
      continue;
    }
    if (skipping) continue;
    if (current == kNone) {
      errors->add(where, "field outside an \"actor\" or \"extend\" block");
      continue;
    }
    const std::string_view content = trim(line);
    const size_t colon = content.find(':');
    if (colon == std::string_view::npos) {
      errors->add(where, "expected \"key: value\"");
      continue;
    }
    const std::string key(trim(content.substr(0, colon)));
    const std::string value(trim(content.substr(colon + 1)));
    ActorEntry& entry = (*entries)[current];
    EntrySource& source = (*sources)[current];
    if (extending && key != "alias" && key != "adjective" && key != "code" && key != "capital" &&
        key != "role") {
      errors->add(where, "an extend block may only give alias, adjective, code, capital or role, not \"" +
                             key + "\"");
      continue;
    }
    auto single = [&](Location* at) {
      if (at->line != 0 && !extending) {
        errors->add(where, "\"" + key + "\" given twice (first at " + at->str() + ")");
        return false;
      }
      *at = where;
      return true;
    };
    if (key == "kind") {
      if (!single(&source.kind_at)) continue;
      if (std::find(kKinds.begin(), kKinds.end(), value) == kKinds.end()) {
        errors->add(where, "unknown kind \"" + value +
                               "\" (expected country, organisation, group or person)");
      }
      entry.kind = value;
    } else if (key == "name") {
      if (!single(&source.name_at)) continue;
      entry.name = value;
    } else if (key == "alias" || key == "adjective") {
      const bool is_alias = key == "alias";
      for (std::string& item : split_list(value, ';')) {
        if (item.empty()) {
          errors->add(where, "empty " + key + " in a ';'-separated list");
          continue;
        }
        auto& list = is_alias ? entry.aliases : entry.adjectives;
        auto& sourced = is_alias ? source.aliases : source.adjectives;
        if (std::find(list.begin(), list.end(), item) != list.end()) continue;
        sourced.push_back({item, where});
        list.push_back(std::move(item));
      }
    } else if (key == "capital") {
      if (value.empty()) {
        errors->add(where, "empty capital");
        continue;
      }
      entry.capital = value;
      source.capital = {value, where};
    } else if (key == "code") {
      if (value.size() < 3 || value.size() % 3 != 0 || !is_upper_alpha(value)) {
        errors->add(where, "expected a CAMEO code of upper-case letters in groups of three, got \"" +
                               value + "\"");
        continue;
      }
      entry.code = value;
      source.code_at = where;
      source.has_code = true;
    } else if (key == "country") {
      if (!single(&source.country_at)) continue;
      entry.country = value;
    } else if (key == "latlng") {
      if (!single(&source.latlng_at)) continue;
      const std::vector<std::string> parts = split_list(value, ';');
      double lat = 0, lon = 0;
      const bool parsed =
          parts.size() == 2 &&
          std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), lat).ptr ==
              parts[0].data() + parts[0].size() &&
          std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), lon).ptr ==
              parts[1].data() + parts[1].size();
      if (!parsed || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        errors->add(where, "expected \"latlng: LAT; LON\" in degrees, got \"" + value + "\"");
        continue;
      }
      entry.lat = lat;
      entry.lon = lon;
    } else if (key == "role") {
      source.roles.emplace_back(value, where);
    } else {
      errors->add(where, "unknown field \"" + key +
                             "\" (expected kind, name, alias, adjective, capital, latlng, code, country or role)");
    }
  }
}

// Checks a role code: a country and one or more sectors ("RUSGOV", "USAMILGOV"), or an
// organisation or group code optionally followed by sectors ("IGOUNO").
bool valid_role_code(std::string_view code, const StringMap<uint32_t>& countries,
                     const StringSet& org_codes, const StringSet& sectors, std::string* why) {
  if (code.size() < 3 || code.size() % 3 != 0 || !is_upper_alpha(code)) {
    *why = "expected a CAMEO code of upper-case letters in groups of three";
    return false;
  }
  if (countries.contains(code.substr(0, 3))) {
    if (code.size() == 3 || !valid_sectors(code.substr(3), sectors)) {
      *why = "expected a country code followed by known sectors (e.g. RUSGOV)";
      return false;
    }
    return true;
  }
  for (size_t prefix = code.size(); prefix >= 3; prefix -= 3) {
    if (org_codes.contains(code.substr(0, prefix))) {
      if (prefix == code.size() || valid_sectors(code.substr(prefix), sectors)) return true;
    }
  }
  *why = "unknown country or organisation \"" + std::string(code.substr(0, 3)) + "\"";
  return false;
}

// Validates and completes the entries once every file is read.
void finish_entries(std::vector<ActorEntry>* entries, const std::vector<EntrySource>& sources,
                    const StringSet& sectors, StringMap<uint32_t>* countries, Errors* errors) {
  // Countries first: roles and `country:` fields refer to them.
  for (uint32_t entry_idx = 0; entry_idx < entries->size(); ++entry_idx) {
    ActorEntry& entry = (*entries)[entry_idx];
    const EntrySource& source = sources[entry_idx];
    if (entry.kind.empty()) {
      errors->add(source.where, "actor " + entry.id +
                                    " has no kind (expected country, organisation, group or person)");
    }
    if (entry.name.empty()) errors->add(source.where, "actor " + entry.id + " has no name");
    if (entry.kind != "country") continue;
    if (entry.code.empty()) entry.code = entry.id;
    if (entry.code.size() != 3) {
      errors->add(source.has_code ? source.code_at : source.where,
                  "a country code has three letters, got \"" + entry.code + "\"");
      continue;
    }
    entry.country = entry.code;
    if (auto [it, added] = countries->emplace(entry.code, entry_idx); !added) {
      errors->add(source.where, "country code " + entry.code + " already used by " +
                                    (*entries)[it->second].id);
    }
  }
  StringSet org_codes;
  for (const ActorEntry& entry : *entries) {
    if ((entry.kind == "organisation" || entry.kind == "group") && !entry.code.empty()) {
      org_codes.insert(entry.code);
    }
  }
  for (uint32_t entry_idx = 0; entry_idx < entries->size(); ++entry_idx) {
    ActorEntry& entry = (*entries)[entry_idx];
    const EntrySource& source = sources[entry_idx];
    if (!entry.country.empty() && entry.kind != "country" && !countries->contains(entry.country)) {
      errors->add(source.country_at, "unknown country code \"" + entry.country + "\"");
    }
    if (!entry.capital.empty() && entry.kind != "country") {
      errors->add(source.capital.where, "only a country has a capital");
    }
    if ((entry.kind == "organisation" || entry.kind == "group") && entry.code.empty()) {
      errors->add(source.where, "actor " + entry.id + " needs a \"code:\" (its CAMEO code)");
    }
    if (!source.roles.empty() && entry.kind != "person") {
      errors->add(source.roles.front().second, "only a person has roles");
      continue;
    }
    for (const auto& [value, where] : source.roles) {
      std::vector<std::string> parts = split_list(value, ';');
      if (parts.size() == 3) parts.emplace_back();  // "CODE; title; FROM" = still in office
      if (parts.size() != 4) {
        errors->add(where, "expected \"role: CODE; title; FROM; TO\"");
        continue;
      }
      Role role{parts[0], parts[1], parts[2], parts[3]};
      std::string why;
      if (!valid_role_code(role.code, *countries, org_codes, sectors, &why)) {
        errors->add(where, "role code \"" + role.code + "\": " + why);
        continue;
      }
      if (role.title.empty() || has_ascii_upper(role.title)) {
        errors->add(where, "expected a lower-case title, got \"" + role.title + "\"");
        continue;
      }
      bool dates_ok = true;
      for (const std::string* date : {&role.from, &role.to}) {
        if (!date->empty() && !valid_date(*date)) {
          errors->add(where, "expected a date YYYY-MM-DD, YYYY-MM or YYYY, got \"" + *date + "\"");
          dates_ok = false;
        }
      }
      if (!dates_ok) continue;
      if (!role.from.empty() && !role.to.empty() && pad_date(role.from, '0') > pad_date(role.to, '9')) {
        errors->add(where, "role ends (" + role.to + ") before it starts (" + role.from + ")");
        continue;
      }
      entry.roles.push_back(std::move(role));
    }
    if (entry.kind == "person") {
      if (const Role* latest = ActorDictionary::role_at(entry, {})) {
        if (!source.has_code) entry.code = latest->code;
        if (entry.country.empty() && countries->contains(std::string_view(latest->code).substr(0, 3))) {
          entry.country = latest->code.substr(0, 3);
        }
      } else if (!source.has_code) {
        entry.code = entry.country;
      }
      if (entry.code.empty()) {
        errors->add(source.where, "person " + entry.id + " needs a role, a country or a code");
      }
    }
  }
}

// Registers every name of every entry in the name index, rejecting names shared between two
// non-person actors and two people with the same full name.
void index_names(const std::vector<ActorEntry>& entries, const std::vector<EntrySource>& sources,
                 Tables* data, Errors* errors) {
  StringMap<uint32_t> pattern_by_key;
  // For the shared-name rule: key → (entry, where) of the first non-person actor with it.
  StringMap<std::pair<uint32_t, Location>> owner;
  StringMap<std::pair<uint32_t, Location>> person_full_names;
  for (uint32_t entry_idx = 0; entry_idx < entries.size(); ++entry_idx) {
    const ActorEntry& entry = entries[entry_idx];
    const EntrySource& source = sources[entry_idx];
    const bool person = entry.kind == "person";
    std::vector<std::pair<SourcedName, NameKind>> names;
    if (!entry.name.empty()) names.push_back({{entry.name, source.name_at}, NameKind::kName});
    for (const SourcedName& alias : source.aliases) names.push_back({alias, NameKind::kAlias});
    for (const SourcedName& adjective : source.adjectives) {
      names.push_back({adjective, NameKind::kAdjective});
    }
    if (!entry.capital.empty()) names.push_back({source.capital, NameKind::kCapital});
    for (const auto& [name, how] : names) {
      const std::string key = key_of(name.text);
      const std::vector<std::string> words = split_words(key);
      if (words.empty()) {
        errors->add(name.where, "the " + std::string(name_kind_str(how)) + " \"" + name.text +
                                    "\" has no letters or digits");
        continue;
      }
      if (words.size() > kMaxPatternWords) {
        errors->add(name.where, "the name \"" + name.text + "\" is longer than " +
                                    std::to_string(kMaxPatternWords) + " words");
        continue;
      }
      if (!person) {
        auto [it, added] = owner.emplace(key, std::make_pair(entry_idx, name.where));
        if (!added && it->second.first != entry_idx) {
          errors->add(name.where, "\"" + name.text + "\" already names " +
                                      entries[it->second.first].id + " (at " +
                                      it->second.second.str() + ")");
          continue;
        }
      } else if (how == NameKind::kName) {
        const std::string full = ActorDictionary::name_key(name.text);
        auto [it, added] = person_full_names.emplace(full, std::make_pair(entry_idx, name.where));
        if (!added) {
          errors->add(name.where, "the full name \"" + name.text + "\" already names " +
                                      entries[it->second.first].id + " (at " +
                                      it->second.second.str() + "); add a distinguishing name");
        }
      }
      auto [found, added] = pattern_by_key.emplace(key, static_cast<uint32_t>(data->names.size()));
      if (added) data->names.push_back({key, words, {}});
      NamePattern& pattern = data->names[found->second];
      std::vector<uint8_t> rules = case_rules(name.text);
      rules.resize(words.size(), kAnyCase);
      auto same_entry = std::find_if(pattern.targets.begin(), pattern.targets.end(),
                                     [&](const NameTarget& target) { return target.entry == entry_idx; });
      if (same_entry == pattern.targets.end()) {
        pattern.targets.push_back({entry_idx, how, std::move(rules)});
      } else if (name_priority(how) < name_priority(same_entry->how)) {
        // "Kuwait" as both name and capital: report the stronger reading, keep the looser case rule.
        same_entry->how = how;
      }
      if (person) {
        PersonKey person_key;
        person_key.key = ActorDictionary::name_key(name.text);
        const std::vector<std::string> person_words = split_words(person_key.key);
        if (!person_words.empty()) {
          person_key.first = person_words.front();
          person_key.last = person_words.back();
          person_key.entry = entry_idx;
          data->person_keys_by_key[person_key.key].push_back(
              static_cast<uint32_t>(data->person_keys.size()));
          data->person_keys.push_back(std::move(person_key));
        }
      }
    }
  }
  for (uint32_t pattern_idx = 0; pattern_idx < data->names.size(); ++pattern_idx) {
    data->names_by_first_word[data->names[pattern_idx].words.front()].push_back(pattern_idx);
  }
  // Spellings one letter off of one-word country demonyms of six letters or more.
  for (uint32_t pattern_idx = 0; pattern_idx < data->names.size(); ++pattern_idx) {
    const NamePattern& pattern = data->names[pattern_idx];
    if (pattern.words.size() != 1 || pattern.key.size() < 6 || !demonym_ending(pattern.key)) continue;
    const bool demonym = std::any_of(pattern.targets.begin(), pattern.targets.end(), [&](const NameTarget& target) {
      return target.how == NameKind::kAdjective && entries[target.entry].kind == "country";
    });
    if (!demonym) continue;
    auto add = [&](std::string variant) {
      auto [found, added] = data->demonym_variants.emplace(std::move(variant), pattern_idx);
      if (!added && found->second != pattern_idx) found->second = kAmbiguousVariant;
    };
    add(pattern.key);
    for (size_t drop = 0; drop < pattern.key.size(); ++drop)
      add(pattern.key.substr(0, drop) + pattern.key.substr(drop + 1));
  }
}

}  // namespace

struct ActorDictionary::Data : Tables {};

Result<std::unique_ptr<ActorDictionary>> ActorDictionary::load(
    const std::vector<std::string>& actor_files, const std::string& agents_file,
    const std::string& sectors_file) {
  auto data = std::make_shared<Data>();
  Errors errors;
  load_sectors(sectors_file, &data->sectors, &errors);
  if (errors.any()) return errors.error();  // nothing below can be checked without sectors
  load_agents(agents_file, data->sectors, &data->agents, &errors);
  std::vector<EntrySource> sources;
  for (const std::string& path : actor_files) {
    parse_actor_file(path, &data->entries, &sources, &data->by_id, &errors);
  }
  finish_entries(&data->entries, sources, data->sectors, &data->countries, &errors);
  index_names(data->entries, sources, data.get(), &errors);
  if (errors.any()) return errors.error();

  for (uint32_t agent_idx = 0; agent_idx < data->agents.size(); ++agent_idx) {
    std::vector<std::string> words = split_words(key_of(data->agents[agent_idx].phrase));
    data->agents_by_first_word[words.front()].push_back(
        static_cast<uint32_t>(data->agent_patterns.size()));
    data->agent_patterns.push_back({std::move(words), agent_idx});
  }
  auto dictionary = std::unique_ptr<ActorDictionary>(new ActorDictionary());
  dictionary->data_ = std::move(data);
  return dictionary;
}

size_t ActorDictionary::match_name(const std::vector<Token>& tokens, size_t first, size_t end,
                                   std::vector<NameMatch>* matches) const {
  if (matches != nullptr) matches->clear();
  end = std::min(end, tokens.size());
  if (first >= end) return 0;
  TokenWords text(tokens, first, end);
  const auto bucket = data_->names_by_first_word.find(first_word(text.key(0)));
  if (bucket == data_->names_by_first_word.end()) return misspelt_demonym(tokens, first, text.key(0), matches);
  size_t best = 0;
  const NamePattern* best_pattern = nullptr;
  std::array<uint8_t, kMaxPatternWords> word_token{};
  std::array<uint8_t, kMaxPatternWords> best_word_token{};
  // A person's one-word name ("Maas", "Tusk") is a common word as often: at the start of a
  // sentence "Mass looting" keys like "Maas". When the tagger ran, it must read a proper noun.
  // Nor is it the first word of a longer name: "Asaad Abu Sharia" keys like "Assad" but names
  // someone else.
  auto proper = [&](const NameTarget& target, size_t covered) {
    if (covered != 1 || data_->entries[target.entry].kind != "person") return true;
    const std::string& tag = tokens[first].tag;
    // Capitalised inside a sentence, a common noun is a name all the same: "the Trump
    // administration" (the tagger reads "trump"). After "the" only as a modifier of a noun
    // ("the Moon" is no Moon Jae-in).
    const auto lower_noun_next = [&] {
      return first + 1 < end && tokens[first + 1].tag == "NOUN" && !tokens[first + 1].capitalized;
    };
    const bool inside_sentence =
        first > 0 && tokens[first - 1].sentence == tokens[first].sentence && tokens[first].capitalized &&
        tag == "NOUN" &&
        ((!tokens[first - 1].capitalized && !text::is_one_of(tokens[first - 1].lower, {"the", "a", "an"})) ||
         (text::is_one_of(tokens[first - 1].lower, {"the", "a", "an"}) && lower_noun_next()));
    if (!tag.empty() && tag != "PROPN" && !inside_sentence) return false;
    // After "the" a one-word name is a thing ("the Moon"), unless it modifies a noun ("the
    // Putin regime").
    if (first > 0 && tokens[first - 1].lower == "the" && !lower_noun_next()) return false;
    return !(first + 1 < end && tokens[first + 1].tag == "PROPN" && tokens[first + 1].capitalized);
  };
  for (uint32_t pattern_idx : bucket->second) {
    const NamePattern& pattern = data_->names[pattern_idx];
    const size_t covered = text.match(pattern.words, &word_token);
    if (covered <= best) continue;
    // At least one entry's case rules must accept the tokens ("us" is not "US").
    const bool any = std::any_of(pattern.targets.begin(), pattern.targets.end(), [&](const NameTarget& target) {
      if (!proper(target, covered)) return false;
      for (size_t word_idx = 0; word_idx < target.case_rules.size(); ++word_idx) {
        if (!text.satisfies(word_token[word_idx], target.case_rules[word_idx])) return false;
      }
      return true;
    });
    if (!any) continue;
    best = covered;
    best_pattern = &pattern;
    best_word_token = word_token;
  }
  if (best_pattern != nullptr && matches != nullptr) {
    for (const NameTarget& target : best_pattern->targets) {
      bool accepted = proper(target, best);
      for (size_t word_idx = 0; word_idx < target.case_rules.size() && accepted; ++word_idx) {
        accepted = text.satisfies(best_word_token[word_idx], target.case_rules[word_idx]);
      }
      if (accepted) matches->push_back({&data_->entries[target.entry], target.how});
    }
  }
  if (best == 0) return misspelt_demonym(tokens, first, text.key(0), matches);
  return best;
}

size_t ActorDictionary::misspelt_demonym(const std::vector<Token>& tokens, size_t first, const std::string& key,
                                         std::vector<NameMatch>* matches) const {
  const Token& token = tokens[first];
  // A capitalised single word the tagger (if it ran) reads as a name or an adjective, keeping a
  // demonym's ending; not part of a hyphenated compound.
  if (!token.capitalized || key.size() < 6 || key.find(' ') != std::string::npos || !demonym_ending(key)) return 0;
  if (!token.tag.empty() && token.tag != "ADJ" && token.tag != "PROPN" && token.tag != "NOUN") return 0;
  if (text::continues_compound(tokens, first) || text::is_joining_hyphen(tokens, first + 1)) return 0;
  // One letter deleted, inserted or replaced: the word, or a one-letter deletion of it, is a
  // demonym's key or one of its deletions. The demonym must end as the word does.
  uint32_t found = kAmbiguousVariant;
  auto look = [&](const std::string& variant) {
    auto hit = data_->demonym_variants.find(variant);
    if (hit == data_->demonym_variants.end()) return true;
    if (hit->second == kAmbiguousVariant || (found != kAmbiguousVariant && found != hit->second)) return false;
    found = hit->second;
    return true;
  };
  bool unique = look(key);
  for (size_t drop = 0; drop < key.size() && unique; ++drop) unique = look(key.substr(0, drop) + key.substr(drop + 1));
  if (!unique || found == kAmbiguousVariant) return 0;
  const NamePattern& pattern = data_->names[found];
  // A deletion on both sides may be two edits apart ("Salman", "Samoan"): check.
  if (detail::bounded_edit_distance(pattern.key, key, 1) > 1) return 0;
  if (pattern.key.substr(pattern.key.size() - 2) != key.substr(key.size() - 2)) return 0;
  // Names one letter off a demonym mostly differ at the start ("Hermann", "Siberian", "Fujian",
  // "Dalian"): the first three letters must agree. A surname after a first name ("George
  // Kennan") is no demonym either.
  if (pattern.key.compare(0, 3, key, 0, 3) != 0) return 0;
  if (first > 0 && tokens[first - 1].capitalized && tokens[first - 1].sentence == token.sentence &&
      !text::is_one_of(tokens[first - 1].lower, {"the", "a", "an"}))
    return 0;
  if (matches != nullptr) {
    for (const NameTarget& target : pattern.targets)
      if (target.how == NameKind::kAdjective) matches->push_back({&data_->entries[target.entry], target.how});
  }
  return 1;
}

size_t ActorDictionary::match_agent(const std::vector<Token>& tokens, size_t first, size_t end,
                                    const Agent** agent) const {
  if (agent != nullptr) *agent = nullptr;
  end = std::min(end, tokens.size());
  if (first >= end) return 0;
  TokenWords text(tokens, first, end);
  const auto bucket = data_->agents_by_first_word.find(first_word(text.key(0)));
  if (bucket == data_->agents_by_first_word.end()) return 0;
  size_t best = 0;
  std::array<uint8_t, kMaxPatternWords> word_token{};
  for (uint32_t pattern_idx : bucket->second) {
    const AgentPattern& pattern = data_->agent_patterns[pattern_idx];
    if (pattern.words.size() > kMaxPatternWords) continue;
    const size_t covered = text.match(pattern.words, &word_token);
    if (covered > best) {
      best = covered;
      if (agent != nullptr) *agent = &data_->agents[pattern.agent];
    }
  }
  return best;
}

std::vector<const ActorEntry*> ActorDictionary::find_person(std::string_view name,
                                                            std::string_view country,
                                                            int max_edits) const {
  const std::string key = name_key(name);
  std::vector<const ActorEntry*> found;
  if (key.empty()) return found;
  auto in_country = [&](const ActorEntry& entry) {
    if (country.empty() || entry.country == country) return true;
    return std::any_of(entry.roles.begin(), entry.roles.end(), [&](const Role& role) {
      return std::string_view(role.code).substr(0, 3) == country;
    });
  };
  // (distance, entry index) so that results are ordered by closeness, then by file order.
  std::map<uint32_t, int> best_distance;
  if (const auto exact = data_->person_keys_by_key.find(key); exact != data_->person_keys_by_key.end()) {
    for (uint32_t key_idx : exact->second) {
      const uint32_t entry_idx = data_->person_keys[key_idx].entry;
      if (in_country(data_->entries[entry_idx])) best_distance[entry_idx] = 0;
    }
  }
  if (max_edits > 0) {
    const std::vector<std::string> words = split_words(key);
    // Short keys ("li", "wu") are too close to everything for edit distance to mean anything.
    constexpr size_t kMinFuzzyLength = 4;
    auto word_limit = [&](std::string_view word) {
      return std::min(max_edits, std::max(1, static_cast<int>(word.size()) / 3));
    };
    for (const PersonKey& candidate : data_->person_keys) {
      if (best_distance.contains(candidate.entry) && best_distance[candidate.entry] == 0) continue;
      int distance = max_edits + 1;
      if (key.size() >= kMinFuzzyLength + 2) {
        distance = detail::bounded_edit_distance(key, candidate.key, max_edits);
      }
      // The surname part: "Shaibani" for "Asaad Hassan al-Shaibani", and "Assad al-Shibani" for
      // him when the first names agree too.
      if (distance > max_edits && words.back().size() >= kMinFuzzyLength &&
          candidate.last.size() >= kMinFuzzyLength) {
        const int limit = word_limit(words.back());
        const int last = detail::bounded_edit_distance(words.back(), candidate.last, limit);
        const bool first_agrees =
            words.size() == 1 ||
            detail::bounded_edit_distance(words.front(), candidate.first, word_limit(words.front())) <=
                word_limit(words.front());
        if (last <= limit && first_agrees) distance = std::max(last, 1);
      }
      if (distance > max_edits || !in_country(data_->entries[candidate.entry])) continue;
      auto [it, added] = best_distance.emplace(candidate.entry, distance);
      if (!added) it->second = std::min(it->second, distance);
    }
  }
  std::vector<std::pair<int, uint32_t>> ranked;
  for (const auto& [entry_idx, distance] : best_distance) ranked.emplace_back(distance, entry_idx);
  std::sort(ranked.begin(), ranked.end());
  for (const auto& [distance, entry_idx] : ranked) found.push_back(&data_->entries[entry_idx]);
  return found;
}

const ActorEntry* ActorDictionary::by_id(std::string_view id) const {
  const auto found = data_->by_id.find(id);
  return found == data_->by_id.end() ? nullptr : &data_->entries[found->second];
}

const ActorEntry* ActorDictionary::country(std::string_view code) const {
  const auto found = data_->countries.find(code);
  return found == data_->countries.end() ? nullptr : &data_->entries[found->second];
}

bool ActorDictionary::is_sector(std::string_view code) const { return data_->sectors.contains(code); }

const std::vector<ActorEntry>& ActorDictionary::entries() const { return data_->entries; }

std::string ActorDictionary::name_key(std::string_view name) {
  std::string key;
  detail::make_key(name, /*drop_articles=*/true, &key);
  return key;
}

const Role* ActorDictionary::role_at(const ActorEntry& entry, std::string_view date) {
  if (entry.roles.empty()) return nullptr;
  // The latest role: the one that started last, an open-ended one winning a tie.
  auto later = [](const Role& a, const Role& b) {
    const std::string a_from = pad_date(a.from, '0'), b_from = pad_date(b.from, '0');
    if (a_from != b_from) return a_from > b_from;
    return a.to.empty() && !b.to.empty();
  };
  const Role* latest = &entry.roles.front();
  for (const Role& role : entry.roles) {
    if (later(role, *latest)) latest = &role;
  }
  if (!valid_date(date)) return latest;
  const std::string day = pad_date(date, '0');
  const Role* held = nullptr;
  for (const Role& role : entry.roles) {
    const bool started = role.from.empty() || pad_date(role.from, '0') <= day;
    const bool not_ended = role.to.empty() || day <= pad_date(role.to, '9');
    // On a hand-over day two roles hold; the one that started later is the new one.
    if (started && not_ended && (held == nullptr || later(role, *held))) held = &role;
  }
  return held != nullptr ? held : latest;
}

}  // namespace chronicle::lexicon
