// The CAMEO event table (data/cameo.tsv), the English verb patterns (data/verbs.txt) and the
// modality cue lists (data/modality.txt). Formats and the pattern language: docs/cameo.md.
//
// All three are loaded once and immutable afterwards: share them freely between threads.
// Loaders never throw; a malformed file is an Error naming the file, the line and what was
// expected.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::events {

struct CameoCode {
  std::string code;    // "042"
  std::string label;   // "Make a visit"
  double goldstein = 0;
  int quad_class = 0;  // 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
  std::string plover;  // "CONSULT"
};

class CameoTable {
 public:
  // Checks columns, code format (2-digit roots 01-20, 3- and 4-digit codes under them), Goldstein
  // in [-10, 10], the quad class against the root, the PLOVER category, duplicates, and that every
  // 3- and 4-digit code has its parent in the file.
  static Result<std::unique_ptr<CameoTable>> load(const std::string& path);
  // The row for `code`, or nullptr. Binary search: codes() is sorted.
  const CameoCode* find(std::string_view code) const;
  const std::vector<CameoCode>& codes() const { return codes_; }

 private:
  std::vector<CameoCode> codes_;  // sorted by code
};

// One element of a verb pattern.
struct PatternElement {
  enum class Kind { kWord, kTarget, kSource, kGap };
  Kind kind = Kind::kWord;
  std::vector<std::string> words;  // kWord: alternatives, matched against a token's lemma or lower
};

// "CODE<TAB>pattern": words (lemmas; "a|b" alternatives), '+' the target slot, '$' an explicit
// source slot, '~' a gap of 0-3 tokens. A pattern starts with a word.
struct VerbPattern {
  std::string code;
  std::vector<PatternElement> elements;
  std::string text;  // the pattern as written
  int line = 0;      // line in the file, for diagnostics
  bool nominal = false;  // declared in a "[nominal]" section: the trigger is a noun phrase
};

class PatternSet {
 public:
  // Fails on a syntax error, a duplicate pattern or a code missing from `table`, naming the file
  // and line.
  static Result<std::unique_ptr<PatternSet>> load(const std::string& path, const CameoTable& table);
  const std::vector<VerbPattern>& patterns() const { return patterns_; }
  // Patterns whose first word has this alternative (a lemma or lower-case form); nullptr if none.
  // Ordered most specific first (more words, then more elements), then by line.
  const std::vector<const VerbPattern*>* starting_with(std::string_view word) const;

 private:
  std::vector<VerbPattern> patterns_;
  struct Index;
  std::shared_ptr<const Index> index_;
};

// Cue phrases for the modality of an event (data/modality.txt). Each cue is a sequence of
// lower-case words, matched against a token's lemma or lower-case form.
struct ModalityCues {
  std::vector<std::vector<std::string>> negation;     // "not", "fail to", "yet to"
  std::vector<std::vector<std::string>> hedge;        // "reportedly", "expected to"
  std::vector<std::vector<std::string>> attribution;  // "according to", "say", "state media"

  // Fails on an unknown kind, an empty or upper-case cue, or a duplicate, naming file and line.
  static Result<ModalityCues> load(const std::string& path);
};

}  // namespace chronicle::events
