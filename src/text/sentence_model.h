// Private to the text stage (and its trainer in src/training): the learned sentence-boundary
// classifier. See docs/text.md, "Sentences".
//
// Layout rules decide at line breaks (blank lines, bullets, headings, headline lines), and inside
// a paragraph final punctuation followed by white space and a capital, digit, quote or bracket
// always ends a sentence. The classifier is asked only at the other candidate boundaries inside
// a paragraph: after sentence-final punctuation ("." "!" "?!" "..." "etc.", an emoticon, and a
// closing quote or bracket right after one of these) followed by white space, where web text
// often starts a sentence without a capital (". then", "!!! i", ":) we"). A candidate is
// described by hashed features of the words around it (`boundary_features`); the model is a
// linear scorer (an averaged perceptron trained on UD English-EWT, see
// src/training/sentence_training.h) whose weights are compiled in as a generated table
// (sentence_model_data.cc). A score above the table's threshold ends the sentence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"

namespace chronicle::text::detail {

// Version of the feature set. The generated table records the version it was trained with; a
// table of another version is not used (the splitter falls back to its rules) and the unit tests
// fail, so the table is retrained whenever the features change.
inline constexpr uint32_t kSentenceFeatureVersion = 1;

// The words around a candidate boundary between `token` and `next`. Views into lower-cased token
// forms; empty when absent (start or end of the paragraph).
struct CandidateContext {
  std::string_view before;  // the token before `token`
  std::string_view token;   // the last token of the sentence if the boundary is taken
  std::string_view next;    // the first token after the boundary
  std::string_view after;   // the token after `next`
  // Shapes of the original (not lower-cased) forms, from `word_shape`.
  std::string_view before_shape, token_shape, next_shape, after_shape;
};

// A short shape of a form: runs of character classes, each written once and at most 4 of them:
// "Xx" (Capitalised), "x", "X", "d" (digits), "X.X." (acronym), punctuation as itself.
std::string word_shape(std::string_view form);

// Appends the hashed features of a candidate to `out`.
void boundary_features(const CandidateContext& context, std::vector<uint64_t>* out);

// 64-bit FNV-1a hash of a feature template and its value, then finalised (never 0).
inline uint64_t sentence_feature_hash(uint32_t template_id, std::string_view value) {
  uint64_t hash = 0xcbf29ce484222325ull ^ (template_id * 0x9e3779b97f4a7c15ull);
  for (char ch : value) {
    hash ^= static_cast<unsigned char>(ch);
    hash *= 0x100000001b3ull;
  }
  hash ^= hash >> 31;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 29;
  return hash == 0 ? 1 : hash;
}

// A model as a table: `size` features sorted by key, with their weights (score of "boundary"
// minus score of "no boundary"), the threshold a score must exceed to end a sentence, and the
// feature version it was trained with.
struct SentenceModelTable {
  uint32_t feature_version = 0;
  size_t size = 0;
  const uint64_t* keys = nullptr;
  const float* weights = nullptr;
  float threshold = 0;
  std::string_view trained_on;  // corpus and settings, for docs and reports
};
// The compiled-in table (sentence_model_data.cc).
const SentenceModelTable& sentence_model_table();

// Fast lookup over a table. `usable()` is false when the table is empty or of another feature
// version. Immutable: thread-safe.
class SentenceModel {
 public:
  // The compiled-in model, built once.
  static const SentenceModel& get();
  explicit SentenceModel(const SentenceModelTable& table);
  bool usable() const { return !keys_.empty(); }
  bool ends_sentence(const std::vector<uint64_t>& features) const { return score(features) > threshold_; }
  // Sum of the weights of `features`.
  float score(const std::vector<uint64_t>& features) const {
    float total = 0;
    const size_t mask = keys_.size() - 1;
    for (uint64_t feature : features) {
      for (size_t slot = feature & mask;; slot = (slot + 1) & mask) {
        if (keys_[slot] == feature) {
          total += weights_[slot];
          break;
        }
        if (keys_[slot] == 0) break;
      }
    }
    return total;
  }

 private:
  std::vector<uint64_t> keys_;  // open addressing, power-of-two size, 0 = empty
  std::vector<float> weights_;
  float threshold_ = 0;
};

// One candidate boundary of a text as the tokenizer sees it, for training: where the sentence
// would end (original byte offset, just after `token`) and the candidate's features.
struct BoundaryCandidate {
  uint32_t original_end = 0;
  std::vector<uint64_t> features;
};
// Every candidate the learned splitter would score in `text` (a document's original text).
std::vector<BoundaryCandidate> boundary_candidates(std::string_view text);

// Tokenizer::process with `model` deciding the candidates (for evaluating a model that is not
// the compiled-in one).
void tokenize_with_model(const Document& document, const SentenceModel& model, Analysis& analysis);

}  // namespace chronicle::text::detail
