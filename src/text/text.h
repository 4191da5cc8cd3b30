// Text stage: Unicode normalisation with a map back to original bytes, tokenisation for English
// news, sentence splitting and lemmatisation.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/status.h"
#include "engine/stage.h"

namespace chronicle::text {

// Returns true when `bytes` is valid UTF-8; otherwise false and `*error_offset` is the byte offset
// of the first invalid sequence.
bool is_valid_utf8(std::string_view bytes, size_t* error_offset);

// `text` with A-Z lowered and every other byte kept (UTF-8 passes through unchanged).
std::string ascii_lower(std::string_view text);

// `text` with every run of ASCII whitespace (a name broken over two lines) as one space, and none
// at either end.
std::string collapse_whitespace(std::string_view text);

// Normalised text (NFKC via utf8proc, typographic quotes/apostrophes to ASCII, non-breaking and
// other Unicode spaces to ' ', soft hyphens and zero-width characters removed) together with, for
// every byte of `text`, the offset of the original byte it came from. `to_original` has
// text.size() + 1 entries; the last maps to original.size().
struct NormalizedText {
  std::string text;
  std::vector<uint32_t> to_original;
};
NormalizedText normalize(std::string_view original);

// Splits the document into sentences and words. Fills Analysis::sentences and Analysis::tokens
// (span, norm, lower, capitalized, space_before, joined_to_previous, sentence); spans are original
// byte offsets, and every word's span is its own bytes. The words follow Universal Dependencies
// (English-EWT), so that models trained on UD read them as they were trained:
//   - clitics are words of the surface token they are attached to: "don't" → "do" + "n't",
//     "Moscow's" → "Moscow" + "'s", "cannot" → "can" + "not", "gonna" → "gon" + "na"
//     (Token::joined_to_previous marks the second and later words);
//   - a hyphen between words is a word ("al-Assad" → "al" "-" "Assad", "Yunus-Bek" → "Yunus" "-"
//     "Bek") except after a prefix ("non-violent", "e-mail", "mid-1980s") and inside dates,
//     codes and telephone numbers ("2025-11-16");
//   - abbreviations keep their period ("Gen.", "Nov.", "U.S.") unless they end the sentence
//     ("etc" + "."); URLs, e-mail addresses, domains ("un.org"), emoticons and runs such as "..."
//     or "?!" are one word; numbers keep their separators ("1,068", "3.5", "10:30").
// Sentences: blank lines, bullets, headings and headline lines by rules; inside a paragraph a
// learned classifier (sentence_model.h), or the punctuation rules with kRules.
// Immutable; `process` is thread-safe.
class Tokenizer final : public Stage {
 public:
  enum class SentenceSplitting {
    kLearned,  // the compiled-in classifier inside paragraphs (rules when it is unusable)
    kRules,    // ". ! ?" followed by a space and a capital, digit, quote or bracket
  };
  explicit Tokenizer(SentenceSplitting splitting = SentenceSplitting::kLearned);
  std::string_view name() const override { return "tokenizer"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  SentenceSplitting splitting_;
};

// Lemmas from WordNet's exception lists (verb.exc, noun.exc, adj.exc, adv.exc) and index files,
// plus suffix rules. Without a part-of-speech tag, the verb reading is preferred for word forms
// ending in -ed/-ing and the noun reading otherwise; a candidate is accepted only when WordNet
// knows it.
class Lemmatizer final : public Stage {
 public:
  // `wordnet_dir` is the WordNet dict directory (Debian: /usr/share/wordnet).
  static Result<std::unique_ptr<Lemmatizer>> load(const std::string& wordnet_dir);
  std::string_view name() const override { return "lemmatizer"; }
  // Fills Token::lemma for every token.
  void process(const Document& document, Analysis& analysis) const override;
  // Lemma of one lower-case word; `upos` may be empty ("VERB", "NOUN", "ADJ", "ADV").
  std::string lemma(std::string_view lower, std::string_view upos = {}) const;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

}  // namespace chronicle::text
