// The CAMEO event table (data/cameo.tsv) and the English verb patterns (data/verbs.txt).
// Formats are documented in docs/FORMATS.md.
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
  static Result<std::unique_ptr<CameoTable>> load(const std::string& path);
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
  // Fails on a syntax error or a code missing from `table`, naming the file and line.
  static Result<std::unique_ptr<PatternSet>> load(const std::string& path, const CameoTable& table);
  const std::vector<VerbPattern>& patterns() const { return patterns_; }
  // Patterns whose first word has this alternative (a lemma or lower-case form); nullptr if none.
  const std::vector<const VerbPattern*>* starting_with(std::string_view word) const;

 private:
  std::vector<VerbPattern> patterns_;
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace chronicle::events
