// Lemmatizer over WordNet 3.0 (Morphy, as in WordNet's own morph.c and NLTK's `_morphy`).
//
// For one part of speech: an exception list entry wins ("met" → "meet", "better" → "good"), then
// the form itself when WordNet lists it, then the detachment rules ("-ies" → "-y", "-ed" → "" or
// "e"), accepting a candidate only when the index file knows it. That acceptance test is what
// keeps "news" from becoming "new" and "bed" from becoming "be". Without a part-of-speech tag the
// verb reading is tried first for -ed/-ing/-s forms, because event coding hangs on verbs.
#include <algorithm>
#include <array>
#include <functional>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "text/text.h"

namespace chronicle::text {
namespace {

// Heterogeneous lookup: find a std::string_view without building a std::string.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using WordMap = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

enum PartOfSpeech : size_t { kNoun = 0, kVerb = 1, kAdj = 2, kAdv = 3 };
constexpr auto kPosFileNames = std::to_array<std::string_view>({"noun", "verb", "adj", "adv"});

struct Rule {
  std::string_view suffix;
  std::string_view ending;
};
// WordNet's detachment rules (morph.c), per part of speech.
constexpr std::array<Rule, 8> kNounRules = {{{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"},
                                             {"ches", "ch"}, {"shes", "sh"}, {"men", "man"},
                                             {"ies", "y"}}};
constexpr std::array<Rule, 8> kVerbRules = {{{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""},
                                             {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}}};
constexpr std::array<Rule, 4> kAdjRules = {{{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}};

// Closed-class words and news words that Morphy would mangle ("its" → "it", "us" → "u",
// "media" → "medium", "data" → "datum"): they are their own lemma.
constexpr auto kKeep = std::to_array<std::string_view>({
    "its",  "his",   "hers",  "ours",    "yours",   "theirs", "this",   "thus",
    "us",   "as",    "whereas", "perhaps", "always", "unless", "less",   "news",
    "media", "data", "series", "species", "politics", "economics", "afterwards", "towards"});
// Clitics split off by the tokenizer.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kClitics = {
    {{"n't", "not"}, {"'re", "be"}, {"'m", "be"}, {"'ve", "have"}, {"'ll", "will"}}};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool has_letter(std::string_view word) {
  for (const char ch : word) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte >= 0x80 || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')) return true;
  }
  return false;
}

std::optional<PartOfSpeech> pos_of_upos(std::string_view upos) {
  if (upos == "VERB" || upos == "AUX") return kVerb;
  if (upos == "NOUN" || upos == "PROPN") return kNoun;
  if (upos == "ADJ") return kAdj;
  if (upos == "ADV") return kAdv;
  return std::nullopt;
}

Status read_lines(const std::string& path, const std::function<Status(std::string_view, size_t)>& on_line) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("lemmatizer: cannot read WordNet file " + path);
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == ' ') continue;  // index files open with an indented licence
    Status status = on_line(line, line_number);
    if (!status.ok()) return status;
  }
  if (in.bad()) return Error("lemmatizer: error while reading " + path);
  return Status::Ok();
}

}  // namespace

struct Lemmatizer::Data {
  std::array<WordSet, 4> index;       // lemmas WordNet lists, per part of speech
  std::array<WordMap, 4> exceptions;  // irregular form → lemma, per part of speech

  bool known(PartOfSpeech pos, std::string_view word) const { return index[pos].contains(word); }
  bool known_anywhere(std::string_view word) const {
    for (const WordSet& set : index) {
      if (set.contains(word)) return true;
    }
    return false;
  }

  // Morphy for one part of speech; nullopt when WordNet does not know the word as that part.
  std::optional<std::string> morphy(std::string_view form, PartOfSpeech pos) const {
    if (auto found = exceptions[pos].find(form); found != exceptions[pos].end()) return found->second;
    // A verb form WordNet lists is its own lemma ("bed", "need" are not "be", "nee"); a noun or
    // adjective listed as itself can still be an inflection ("leaders", "talks", "larger" are
    // all in the index), so for those the detachment rules go first (NLTK picks the shortest
    // candidate for the same reason).
    const bool form_first = pos == kVerb || pos == kAdv;
    // morph.c: a noun in "-ss" is not a plural ("boss" is not "bos", "pass" not "pas").
    if (pos == kNoun && (ends_with(form, "ss") || form.size() <= 2)) {
      return known(pos, form) ? std::optional<std::string>(form) : std::nullopt;
    }
    if (form_first && known(pos, form)) return std::string(form);
    const auto try_rules = [&](const auto& rules) -> std::optional<std::string> {
      for (const Rule& rule : rules) {
        if (!ends_with(form, rule.suffix) || form.size() <= rule.suffix.size() + 1) continue;
        std::string candidate(form.substr(0, form.size() - rule.suffix.size()));
        candidate += rule.ending;
        if (known(pos, candidate)) return candidate;
      }
      return std::nullopt;
    };
    std::optional<std::string> candidate;
    switch (pos) {
      case kNoun: candidate = try_rules(kNounRules); break;
      case kVerb: candidate = try_rules(kVerbRules); break;
      case kAdj: candidate = try_rules(kAdjRules); break;
      case kAdv: break;
    }
    if (!candidate && !form_first && known(pos, form)) candidate = std::string(form);
    return candidate;
  }

  // A word WordNet does not know at all: only regular suffixes, and only when the stem is known
  // ("-ies" → "-y" always: it is the one plural ending with no ambiguity).
  std::string fallback(std::string_view form) const {
    if (ends_with(form, "ies") && form.size() > 4) {
      return std::string(form.substr(0, form.size() - 3)) + "y";
    }
    for (const std::string_view suffix : {std::string_view("ing"), std::string_view("ed")}) {
      if (!ends_with(form, suffix) || form.size() < suffix.size() + 3) continue;
      const std::string stem(form.substr(0, form.size() - suffix.size()));
      if (known_anywhere(stem + "e")) return stem + "e";
      if (known_anywhere(stem)) return stem;
      // Doubled final consonant: "ramming" → "ram".
      if (stem.size() >= 3 && stem.back() == stem[stem.size() - 2] &&
          known_anywhere(stem.substr(0, stem.size() - 1)))
        return stem.substr(0, stem.size() - 1);
    }
    return std::string(form);
  }
};

Result<std::unique_ptr<Lemmatizer>> Lemmatizer::load(const std::string& wordnet_dir) {
  auto data = std::make_shared<Data>();
  for (size_t pos = 0; pos < kPosFileNames.size(); ++pos) {
    const std::string index_path = wordnet_dir + "/index." + std::string(kPosFileNames[pos]);
    WordSet& index = data->index[pos];
    Status status = read_lines(index_path, [&](std::string_view line, size_t line_number) -> Status {
      const size_t space = line.find(' ');
      if (space == 0 || space == std::string_view::npos) {
        return Error("lemmatizer: " + index_path + ":" + std::to_string(line_number) +
                     ": expected 'lemma pos synset_cnt ...'");
      }
      index.emplace(line.substr(0, space));
      return Status::Ok();
    });
    if (!status.ok()) return Error(status.message());

    const std::string exc_path = wordnet_dir + "/" + std::string(kPosFileNames[pos]) + ".exc";
    WordMap& exceptions = data->exceptions[pos];
    status = read_lines(exc_path, [&](std::string_view line, size_t line_number) -> Status {
      const size_t space = line.find(' ');
      const size_t lemma_end = space == std::string_view::npos ? space : line.find(' ', space + 1);
      if (space == 0 || space == std::string_view::npos || space + 1 >= line.size()) {
        return Error("lemmatizer: " + exc_path + ":" + std::to_string(line_number) +
                     ": expected 'form lemma'");
      }
      // A form may list several lemmas ("leaves leaf leave"): the first is the usual one.
      std::string_view lemma = line.substr(space + 1, lemma_end == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : lemma_end - space - 1);
      exceptions.emplace(std::string(line.substr(0, space)), std::string(lemma));
      return Status::Ok();
    });
    if (!status.ok()) return Error(status.message());
  }
  if (data->index[kNoun].empty() || data->index[kVerb].empty()) {
    return Error("lemmatizer: " + wordnet_dir + " has empty WordNet index files");
  }
  auto lemmatizer = std::make_unique<Lemmatizer>();
  lemmatizer->data_ = std::move(data);
  return lemmatizer;
}

std::string Lemmatizer::lemma(std::string_view lower, std::string_view upos) const {
  if (data_ == nullptr || !has_letter(lower)) return std::string(lower);
  for (const auto& [clitic, lemma] : kClitics) {
    if (lower == clitic) return std::string(lemma);
  }
  if (std::find(kKeep.begin(), kKeep.end(), lower) != kKeep.end()) return std::string(lower);
  const Data& data = *data_;

  if (!upos.empty()) {
    const std::optional<PartOfSpeech> pos = pos_of_upos(upos);
    if (!pos) return std::string(lower);  // DET, PRON, ADP, NUM, PUNCT...: no inflection to undo
    if (auto found = data.morphy(lower, *pos)) return *std::move(found);
    return data.fallback(lower);
  }

  if (auto found = data.exceptions[kVerb].find(lower); found != data.exceptions[kVerb].end()) {
    return found->second;  // irregular verbs: "met", "held", "said", "went"
  }
  const bool verb_like = ends_with(lower, "ed") || ends_with(lower, "ing") || ends_with(lower, "s");
  if (verb_like) {
    if (auto found = data.morphy(lower, kVerb)) return *std::move(found);
  }
  for (const PartOfSpeech pos : {kNoun, kAdj, kAdv, kVerb}) {
    if (auto found = data.morphy(lower, pos)) return *std::move(found);
  }
  // "reappointed": WordNet lacks "reappoint" but knows "appoint"; the prefix is kept.
  if (lower.size() > 6 && lower.starts_with("re") && verb_like) {
    const std::string_view rest = lower.substr(2);
    if (auto found = data.morphy(rest, kVerb); found && *found != rest) {
      return std::string(lower.substr(0, lower.size() - rest.size())) + *found;
    }
  }
  // A compound WordNet does not list inflects on its last part: "peace-keepers", "re-elected".
  if (const size_t hyphen = lower.rfind('-');
      hyphen != std::string_view::npos && hyphen > 0 && has_letter(lower.substr(hyphen + 1))) {
    return std::string(lower.substr(0, hyphen + 1)) + lemma(lower.substr(hyphen + 1));
  }
  return data.fallback(lower);
}

void Lemmatizer::process(const Document& document, Analysis& analysis) const {
  std::vector<Token>& tokens = analysis.tokens;
  for (size_t token_idx = 0; token_idx < tokens.size(); ++token_idx) {
    Token& token = tokens[token_idx];
    // Penn Treebank splits "can't"/"won't" into "ca"/"wo" + "n't".
    if (token_idx + 1 < tokens.size() && tokens[token_idx + 1].lower == "n't") {
      if (token.lower == "ca") {
        token.lemma = "can";
        continue;
      }
      if (token.lower == "wo") {
        token.lemma = "will";
        continue;
      }
      if (token.lower == "sha") {
        token.lemma = "shall";
        continue;
      }
    }
    token.lemma = lemma(token.lower, token.tag);
  }
}

}  // namespace chronicle::text
