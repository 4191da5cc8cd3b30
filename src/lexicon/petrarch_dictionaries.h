// Readers for the CAMEO dictionaries of PETRARCH and TABARI (the Open Event Data Alliance's
// coders): verb patterns with synonym sets (`.verbs.txt`, PETRARCH2's `CAMEO.2.0.txt`), actors
// with date-restricted codes (`.actors.txt`), agents (`.agents.txt`) and discards
// (`.discards.txt`). The formats and the semantics implemented are described in docs/petrarch.md.
//
// Every phrase is stored as the words our tokenizer makes of it ("DID N'T", "BARAD-DUR" →
// BARAD - DUR, "U.S."), upper case, so that matching compares token by token with Token::norm.
//
// Loaded once and immutable afterwards: share freely between threads. Loaders never throw; an
// error names the file, the line and what was expected. Where PETRARCH itself tolerates a bad line
// (a date restriction it cannot read, a pattern without a code) the line is skipped and counted
// in `warnings`, each with its file:line, so that the production dictionaries load as PETRARCH
// loads them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::lexicon {

// A phrase as a sequence of upper-case words (tokens).
using Phrase = std::vector<std::string>;

// Splits dictionary text ("ARNOR_", "SEMI-OFFICIAL_NEWSPAPER", "DID N'T") into upper-case words
// the way the tokenizer splits running text: '_' and spaces separate words, a trailing '_'
// (TABARI's "no stemming" mark) is dropped, hyphens between words are words of their own, clitics
// ("N'T",
// "'S") are split off.
Phrase split_phrase(std::string_view text);

// ---- verbs
// ---------------------------------------------------------------------------------------

// One element of a verb pattern ("- SAID $ * TO_ +  [113]").
struct PatternItem {
  enum class Kind {
    kWord,      // one upper-case word, matched against the token's surface form
    kSynset,    // &NAME: any member phrase
    kSource,    // $: an actor, the source
    kTarget,    // +: an actor, the target
    kCompound,  // %: a compound actor, both source and target
    kSkip,      // ^: skip one noun phrase
  };
  Kind kind = Kind::kWord;
  std::string word;  // kWord
  int synset = -1;   // kSynset: index into VerbDictionary::synsets()
  // Joined with '_' to the element on its verb side: it must be adjacent to it (or to the verb)
  // instead of anywhere further out in the sentence.
  bool adjacent = false;
};

struct VerbPattern {
  std::vector<PatternItem> before;  // nearest the verb first (matched right to left)
  std::vector<PatternItem> after;   // nearest the verb first (matched left to right)
  std::string code;                 // "064", "032:033", "---" (null), as written
  int line = 0;
  int size() const { return static_cast<int>(before.size() + after.size()); }
};

// A verb form: one or more words, one of which is the verb.
struct VerbForm {
  Phrase words;                // "BREAK", "DOWN"
  size_t verb_index = 0;       // which word is the verb (marked '+' in multi-word entries)
  bool explicit_form = false;  // an irregular form listed in {...}: matched on the surface only
  std::string code;            // the entry's own code, empty: the block's
  int block = -1;              // index into VerbDictionary::blocks()
  int line = 0;
};

// "--- NAME [code] ---" and the verbs and patterns under it.
struct VerbBlock {
  std::string name;
  std::string code;
  std::vector<VerbPattern> patterns;  // most elements first, then file order
  int line = 0;
};

class VerbDictionary {
 public:
  static Result<std::unique_ptr<VerbDictionary>> load(const std::string& path,
                                                      std::vector<std::string>* warnings);
  // Parses dictionary text; `name` stands for the file in messages (tests use inline samples).
  static Result<std::unique_ptr<VerbDictionary>> parse(std::string_view text,
                                                       const std::string& name,
                                                       std::vector<std::string>* warnings);

  // Verb forms keyed by the verb word (upper case): the lemma entered in the file, or an explicit
  // form from {...}.
  const std::vector<const VerbForm*>* forms_of(const std::string& word) const;
  const std::vector<VerbBlock>& blocks() const { return blocks_; }
  // Members of each synset, longest first.
  const std::vector<std::vector<Phrase>>& synsets() const { return synsets_; }
  const std::vector<std::string>& synset_names() const { return synset_names_; }
  size_t form_count() const { return forms_.size(); }
  size_t pattern_count() const;

 private:
  std::vector<VerbBlock> blocks_;
  std::vector<std::unique_ptr<VerbForm>> forms_;
  std::unordered_map<std::string, std::vector<const VerbForm*>> by_word_;
  std::vector<std::vector<Phrase>> synsets_;
  std::vector<std::string> synset_names_;
};

// ---- actors
// --------------------------------------------------------------------------------------

// A code valid in a date range. Dates are yyyymmdd integers; 0 = open. TABARI's six-digit dates
// (yymmdd) read years 00-29 as 20yy and 30-99 as 19yy.
struct DatedCode {
  std::vector<std::string> codes;  // "ELR/GAL" (a compound actor) gives two codes
  int32_t from = 0;                // inclusive
  int32_t to = 0;                  // inclusive
  bool dated = false;              // false: the default code
};

struct PetrarchActor {
  std::string name;              // the first name, as written
  std::vector<DatedCode> codes;  // in file order; the first dated code that holds wins
  int line = 0;
  // The codes for a document date (yyyymmdd, 0 when unknown): the first dated code whose range
  // holds the date, else the default code, else (no default) the last code listed. Empty for a
  // null actor ("---").
  std::vector<std::string> codes_at(int32_t date) const;
};

// A word trie over phrases, longest match first; shared by actors, agents and discards.
class PhraseTrie {
 public:
  void insert(const Phrase& phrase, int value);
  // Longest phrase equal to words[first..]: returns its length (0 when none) and value.
  template <class WordAt>
  size_t longest(size_t first, size_t end, WordAt&& word_at, int* value) const;
  size_t size() const { return size_; }

 private:
  struct Node {
    std::map<std::string, int, std::less<>> next;
    int value = -1;
  };
  std::vector<Node> nodes_ = std::vector<Node>(1);
  size_t size_ = 0;
};

template <class WordAt>
size_t PhraseTrie::longest(size_t first, size_t end, WordAt&& word_at, int* value) const {
  size_t best = 0;
  int node = 0;
  for (size_t idx = first; idx < end; ++idx) {
    auto found = nodes_[node].next.find(word_at(idx));
    if (found == nodes_[node].next.end()) break;
    node = found->second;
    if (nodes_[node].value >= 0) {
      best = idx + 1 - first;
      *value = nodes_[node].value;
    }
  }
  return best;
}

class PetrarchActors {
 public:
  // Several files load into one dictionary (PETRARCH2 reads three Phoenix actor files).
  static Result<std::unique_ptr<PetrarchActors>> load(const std::vector<std::string>& paths,
                                                      std::vector<std::string>* warnings);
  static Result<std::unique_ptr<PetrarchActors>> parse(std::string_view text,
                                                       const std::string& name,
                                                       std::vector<std::string>* warnings);
  const std::vector<PetrarchActor>& actors() const { return actors_; }
  const PhraseTrie& names() const { return names_; }
  size_t name_count() const { return names_.size(); }

 private:
  Status parse_into(std::string_view text, const std::string& name,
                    std::vector<std::string>* warnings);
  std::vector<PetrarchActor> actors_;
  PhraseTrie names_;
};

// ---- agents
// --------------------------------------------------------------------------------------

struct PetrarchAgent {
  std::string phrase;   // as written
  std::string code;     // "GOV", "GOVMED", "NGO"
  bool prefix = false;  // "[NGO~]": the code goes before the actor's ("NGOARN"); "[~GOV]" after
  int line = 0;
};

class PetrarchAgents {
 public:
  static Result<std::unique_ptr<PetrarchAgents>> load(const std::string& path,
                                                      std::vector<std::string>* warnings);
  static Result<std::unique_ptr<PetrarchAgents>> parse(std::string_view text,
                                                       const std::string& name,
                                                       std::vector<std::string>* warnings);
  const std::vector<PetrarchAgent>& agents() const { return agents_; }
  const PhraseTrie& names() const { return names_; }  // phrases and their plurals
  size_t name_count() const { return names_.size(); }

 private:
  std::vector<PetrarchAgent> agents_;
  PhraseTrie names_;
};

// ---- discards
// ------------------------------------------------------------------------------------

class PetrarchDiscards {
 public:
  static Result<std::unique_ptr<PetrarchDiscards>> load(const std::string& path,
                                                        std::vector<std::string>* warnings);
  static Result<std::unique_ptr<PetrarchDiscards>> parse(std::string_view text,
                                                         const std::string& name,
                                                         std::vector<std::string>* warnings);
  // Values index texts(); is_story(value): "+PHRASE" discards the whole story, a phrase without
  // '+' only its sentence.
  const PhraseTrie& phrases() const { return phrases_; }
  const std::string& text(int value) const { return texts_[value]; }
  bool is_story(int value) const { return story_[value]; }
  size_t size() const { return texts_.size(); }

 private:
  PhraseTrie phrases_;
  std::vector<std::string> texts_;
  std::vector<bool> story_;
};

// The four dictionaries of one set, found in a directory (see `find`).
struct PetrarchDictionaries {
  std::unique_ptr<VerbDictionary> verbs;
  std::unique_ptr<PetrarchActors> actors;
  std::unique_ptr<PetrarchAgents> agents;
  std::unique_ptr<PetrarchDiscards> discards;
  std::vector<std::string> files;     // the files loaded, in order
  std::vector<std::string> warnings;  // "file:line: what was skipped"

  // Loads from `dir`. Files are recognised by name: verbs `*.verbs.txt` or `CAMEO*.txt`, actors
  // `*.actors.txt` (all of them, sorted), agents `*.agents.txt`, discards `*.discards.txt`. `set`
  // selects files whose name starts with it ("PETR.Validate"); when empty, files starting with
  // "PETR." (PETRARCH's names for its validation dictionaries) are left out. Verbs and actors are
  // required; agents and discards are optional. Exactly one verbs, agents and discards file may
  // be selected.
  static Result<std::unique_ptr<PetrarchDictionaries>> load(const std::string& dir,
                                                            const std::string& set);
};

}  // namespace chronicle::lexicon
