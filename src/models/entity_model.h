// Models stage: the named-entity recogniser (PER, ORG, LOC) for a sentence or a whole document.
//
// What it does: given the word forms of one sentence (and, optionally, their UPOS tags) it returns
// entity spans [begin, end) over the words, each with a type. It is a first-order linear-chain
// model over BILOU labels (O, B-T, I-T, L-T, U-T for every type T), decoded exactly with Viterbi
// under the BILOU constraints, so every output span is well formed. Scores are a hashed-feature
// `LinearModel` (averaged structured perceptron, src/training/ner_training.h) over:
//   - the word, its lower case, shape, prefixes and suffixes; lower case and shape in a ±2 window;
//     word bigrams; capitalisation patterns conjoined with the sentence's casing and position;
//   - Brown word-cluster path prefixes (WordClusters::kPrefixLengths: 4, 6, 10, 20) of the word and
//     its neighbours; the clusters are embedded in the model file (src/models/word_clusters.h);
//   - the capitalised run around the word ("Greater New Orleans Fair Housing Action Center",
//     connectors such as "of" and "&" allowed): the word's position in it, its first and last
//     words (head nouns like "Department") and the words just before and after it;
//   - organisation head words and designators from a built-in list ("Authority", "University",
//     "Inc", "Times"; entity_model.cc, kOrgHeads) in the word's capitalised run or next to it, and
//     acronyms (2 to 6 capitals: "HANO");
//   - gazetteer matches: every n-gram (up to `kGazetteerMaxWords` words) found in the embedded name
//     list marks its words with its category and position (B/I/L/U), for countries, capitals,
//     cities by size, regions, organisations, armed groups, people (full, first, last names),
//     demonyms and titles;
//   - only when the model was trained with UPOS ("use_upos" = 1; the shipped model is not): the tags
//     in a ±2 window, tag bigrams and trigram, tag with shape, casing and word, and the run of
//     proper nouns around the word (as for capitalised runs, but holding in text without capitals);
//   - only in the second pass of a model with document features ("document" = 1): what the first
//     pass said about the same word form (lower case) elsewhere in the document — the commonest
//     label of its other occurrences and its share, each type seen with its count, conjoined with
//     the word's casing (`recognize_document`; EntityFeatureExtractor::document_features).
// The second pass adds the document features' weights to the first pass's scores and decodes
// again; the same weights serve both passes (the trainer shows a share of the sentences without
// document features, so the weights also work without them).
//
// Model file (kind "ner", src/models/model_file.h) — metadata: "feature_version" (must equal
// kEntityFeatureVersion), "types" ("PER ORG LOC"), "encoding" ("BILOU"), "use_upos" ("0"/"1"),
// "document" ("0"/"1"), plus training provenance (corpora and weights, seed, epochs, ensemble
// size, gazetteer and cluster sizes, tagger and first-pass jackknifing; no date, so that the same
// training gives the same bytes).
// Sections: "labels" (label names), "weights" (LinearModel), "gazetteer" (NerGazetteer),
// "word_clusters" (WordClusters, possibly empty), "selftest" (sentences and the spans this code
// must reproduce: u32 count, then per sentence u32 words + strings, u32 tags (0 or the word
// count) + UPOS strings, u32 spans + "BEGIN END TYPE"; each sentence is checked as a one-sentence
// document).
//
// Thread-safety: a loaded EntityModel is immutable; `recognize` and `recognize_document` are const
// and may run on many threads at once, each with its own `EntityScratch`. The hot path allocates
// nothing once the scratch and the output vector have grown to the longest sentence (document)
// seen: features are hashes of string_views.
//
// Usage:
//   auto model = chronicle::models::EntityModel::load("models/ner.chm");
//   if (!model.ok()) { report(model.error().message()); return; }
//   chronicle::models::EntityScratch scratch;        // one per thread
//   std::vector<chronicle::models::EntityMention> mentions;
//   std::vector<std::string_view> words = {"Angela", "Merkel", "visited", "Paris", "."};
//   model.value().recognize(words, {}, scratch, mentions);   // → [0,2) PER, [3,4) LOC
//   // A document: all its words, and where each sentence ends (mentions index `all_words`).
//   model.value().recognize_document(all_words, {}, sentence_ends, scratch, mentions);
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"
#include "models/linear.h"
#include "models/model_file.h"
#include "models/word_clusters.h"

namespace chronicle::models {

// Version of the feature templates below; a model trained with other templates is refused.
inline constexpr uint32_t kEntityFeatureVersion = 3;  // 3: acronyms defined in parentheses
// Longest gazetteer name, in words.
inline constexpr int kGazetteerMaxWords = 6;

// ---- Gazetteer ----------------------------------------------------------------------------------

// Names by category, keyed by a hash of their normalised words (see `normalize_word`). Built by the
// trainer (training::NerTrainOptions) from our dictionaries (data/actors, data/places.txt),
// GeoNames, PETRARCH's actor dictionaries and given-name lists, and stored in the model.
class NerGazetteer {
 public:
  enum Category : uint8_t {
    kCountry,
    kCapital,
    kCityLarge,   // population >= 100,000
    kCityMedium,  // >= 15,000
    kCitySmall,
    kRegion,      // regions, seas, sites (data/places.txt)
    kOrganisation,
    kGroup,       // armed groups, movements, parties
    kPersonFull,
    kPersonFirst,  // first word of a multi-word person name
    kPersonLast,   // last word of a multi-word person name
    kDemonym,
    kTitle,        // "president", "foreign minister": titles that precede a name
    kCompany,      // companies and brands ("Taco Bell", "Firefox"): build/generated/brands.txt
    kCategoryCount
  };
  static const char* category_name(Category category);
  // Bit set in `lookup` results when the key is a proper prefix of a longer name.
  static constexpr uint16_t kPrefixBit = 0x8000;

  // Lower case (ASCII), full stops removed: "U.S." → "us". Appends to `out`.
  static void normalize_word(std::string_view word, std::string& out);
  // Hash of normalised words joined by single spaces.
  static uint64_t key(std::string_view normalized_phrase);

  // Builder: `name` is split on spaces; names longer than kGazetteerMaxWords are ignored.
  void add(std::string_view name, Category category);
  // Runtime: category bits (1 << Category) of the name with this key, plus kPrefixBit; 0 if none.
  uint16_t lookup(uint64_t key) const {
    if (keys_.empty()) return 0;
    size_t mask = keys_.size() - 1;
    for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
      if (keys_[slot] == key) return masks_[slot];
      if (keys_[slot] == 0) return 0;
    }
  }
  size_t size() const { return entries_; }

  // On disk: u64 count, then (u64 key, u16 mask) pairs in increasing key order.
  void write(ByteWriter& out) const;
  static Result<NerGazetteer> read(ByteReader& in);

 private:
  void insert(uint64_t key, uint16_t bits);
  void grow();
  std::vector<uint64_t> keys_;  // open addressing, power-of-two size, 0 = empty
  std::vector<uint16_t> masks_;
  size_t entries_ = 0;
};

// ---- Labels -------------------------------------------------------------------------------------

// BILOU labels over a list of types: 0 = O, then B-T, I-T, L-T, U-T for each type T in order.
class EntityLabels {
 public:
  enum Position : uint8_t { kBegin = 0, kInside = 1, kLast = 2, kUnit = 3 };
  EntityLabels() = default;
  explicit EntityLabels(std::vector<std::string> types);
  const std::vector<std::string>& types() const { return types_; }
  uint32_t count() const { return static_cast<uint32_t>(1 + 4 * types_.size()); }
  static uint32_t label(uint32_t type, Position position) { return 1 + 4 * type + position; }
  static uint32_t type_of(uint32_t label) { return (label - 1) / 4; }
  static Position position_of(uint32_t label) { return static_cast<Position>((label - 1) % 4); }
  std::string name(uint32_t label) const;  // "O", "B-PER", ...
  // Index of `type` or -1.
  int type_index(std::string_view type) const;
  // Is `next` allowed after `previous`? previous == count() stands for the sentence start.
  bool allowed(uint32_t previous, uint32_t next) const;
  // May a sentence end on `label`?
  static bool can_end(uint32_t label) { return label == 0 || position_of(label) >= kLast; }

 private:
  std::vector<std::string> types_;
};

// ---- Features -----------------------------------------------------------------------------------

// Feature settings, stored in the model metadata.
struct EntityFeatureSettings {
  bool use_upos = false;      // UPOS features of the word and its neighbours (metadata "use_upos")
  bool use_document = false;  // a second pass with document features (metadata "document")
};

// What the first pass said about each word form of a document: for a word's lower-case form, how
// many of its occurrences were labelled with each type, and how many O. Open addressing over
// 64-bit keys (`EntityFeatureExtractor::document_key`); reused across documents without
// allocating once grown.
class EntityDocumentCounts {
 public:
  // Empties the table for a document of about `words` words and `types` entity types.
  void reset(size_t words, uint32_t types);
  // Counts one occurrence of `key` labelled `type` (types() for O).
  void add(uint64_t key, uint32_t type);
  // The counts of `key` (types() + 1 values, O last), or nullptr when the document lacks it.
  const uint16_t* find(uint64_t key) const;
  uint32_t types() const { return types_; }

 private:
  std::vector<uint64_t> keys_;    // 0 = empty
  std::vector<uint16_t> counts_;  // slot × (types + 1)
  uint32_t types_ = 0;
};

// Per-thread working memory for `EntityModel::recognize` (and the trainer). Reuse it across
// sentences; it grows to the longest sentence and stays there. Its contents are internal.
struct EntityScratch {
  std::vector<std::string_view> words;   // views of the sentence's words
  std::string lower_text;                // lower-cased words, back to back
  std::vector<uint32_t> lower_begin;     // word → offset in lower_text (size n + 1)
  std::string shape_text;
  std::vector<uint32_t> shape_begin;
  std::string phrase;                    // gazetteer n-gram being built
  std::vector<uint64_t> gazetteer_bits;  // word → bit (category * 4 + position)
  std::vector<uint32_t> clusters;        // word → WordClusters id
  std::vector<uint8_t> flags;            // word → casing flags
  std::vector<uint32_t> run_begin;       // word → capitalised run [begin, end) around it
  std::vector<uint32_t> run_end;
  std::vector<uint8_t> org_kinds;        // word → organisation head word class (0: none)
  std::vector<uint32_t> run_head;        // word → last organisation head word of its run, or UINT32_MAX
  std::vector<uint8_t> defines;          // word → 1: an acronym defined in parentheses after a run
  std::vector<uint32_t> defined_run_end; // word → end + 1 of the run an acronym defines (0: none)
  std::vector<uint8_t> defined_match;    // word → 1 + whether the acronym spells the run's initials
  std::vector<uint8_t> tags;             // word → UPOS id (0: none)
  std::vector<uint64_t> word_keys;       // word → document key (with settings().use_document)
  std::vector<uint32_t> tag_run_begin;   // word → proper-noun run [begin, end) around it
  std::vector<uint32_t> tag_run_end;
  std::vector<uint64_t> features;        // all words' features back to back
  std::vector<uint32_t> feature_begin;   // word → offset in features (size n + 1)
  std::vector<float> scores;             // word × label emission scores
  std::vector<float> best;               // Viterbi: best score per word × label
  std::vector<uint16_t> back;            // Viterbi: back pointers
  std::vector<uint32_t> labels;          // decoded labels
  // Document level (EntityModel::recognize_document): per word of the document.
  std::vector<float> document_scores;    // first-pass emission scores, word × label
  std::vector<uint32_t> document_labels; // first-pass labels
  std::vector<uint64_t> document_keys;   // document keys
  std::vector<uint16_t> own_counts;      // one word's counts, less its own first-pass label
  std::vector<uint64_t> document_features;
  EntityDocumentCounts counts;
};

// Feature extraction shared by the recogniser and its trainer (so both see the same features).
class EntityFeatureExtractor {
 public:
  EntityFeatureExtractor() = default;
  EntityFeatureExtractor(EntityFeatureSettings settings, NerGazetteer gazetteer, WordClusters clusters)
      : settings_(std::move(settings)), gazetteer_(std::move(gazetteer)), clusters_(std::move(clusters)) {}

  // Fills scratch.features / scratch.feature_begin for every word. `upos` is empty or one tag per
  // word (ignored unless settings().use_upos).
  void extract(std::span<const std::string_view> words, std::span<const std::string_view> upos,
               EntityScratch& scratch) const;

  // Key of a word form for EntityDocumentCounts: a hash of its lower-case form. After `extract`
  // (with settings().use_document) the keys of the sentence's words are in scratch.word_keys.
  static uint64_t document_key(std::string_view lower);
  // Document features of word `word` (its form) given `counts`: for its lower-case form, the
  // first-pass labels of its other occurrences in the document (types + 1 values, O last; all
  // zero when there are none). Appends to `out`.
  static void document_features(std::string_view word, std::span<const uint16_t> counts, std::vector<uint64_t>& out);

  const EntityFeatureSettings& settings() const { return settings_; }
  const NerGazetteer& gazetteer() const { return gazetteer_; }
  const WordClusters& clusters() const { return clusters_; }

 private:
  void mark_gazetteer(size_t word_count, EntityScratch& scratch) const;
  EntityFeatureSettings settings_;
  NerGazetteer gazetteer_;
  WordClusters clusters_;
};

// Hash of the transition feature "previous label" (scored against the next label's class).
// previous == label count stands for the sentence start.
inline uint64_t entity_transition_feature(uint32_t previous) { return feature_hash(0x7472616eu, previous); }

// Exact first-order Viterbi under the BILOU constraints. `emissions` is n × L (L = labels.count()),
// `transitions` (L + 1) × L (row L = sentence start). Writes n labels to scratch.labels.
void entity_viterbi(const EntityLabels& labels, const float* emissions, const float* transitions, size_t n,
                    EntityScratch& scratch);

// ---- The recogniser -----------------------------------------------------------------------------

// An entity found in a sentence: words [begin, end) and its type. `type` views a string owned by
// the model: valid while the model lives.
struct EntityMention {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t type_id = 0;       // index into EntityModel::types()
  std::string_view type;      // "PER", "ORG", "LOC"
};

// Self-test sample stored in the model: a sentence and the spans the model must produce for it.
struct EntitySelfTest {
  std::vector<std::string> words;
  std::vector<std::string> upos;      // empty, or one UPOS tag per word
  std::vector<std::string> expected;  // "begin end TYPE" per span
};

class EntityModel {
 public:
  EntityModel() = default;

  // Reads, verifies and self-tests a model file. Errors name the path: unreadable, corrupt or
  // truncated file, wrong kind, unsupported feature version, or "<path>: self-test failed: ..."
  // when this code no longer reproduces the spans stored with the model.
  static Result<EntityModel> load(const std::string& path);
  // Same from an in-memory ModelFile (`name` is used in messages).
  static Result<EntityModel> from_file(const ModelFile& file, const std::string& name);

  // Writes the model file (kind "ner") atomically.
  Status save(const std::string& path) const;
  ModelFile to_file() const;

  // Assembles a model from trained parts (used by the trainer). `self_test_sentences` (with their
  // UPOS tags in `self_test_upos`, when given: one tag list per sentence) are run through the new
  // model and stored with their output as the self-test section.
  static EntityModel assemble(EntityLabels labels, EntityFeatureExtractor extractor, LinearModel weights,
                              std::map<std::string, std::string> metadata,
                              const std::vector<std::vector<std::string>>& self_test_sentences,
                              const std::vector<std::vector<std::string>>& self_test_upos = {});

  // Recognises entities in one sentence. `words` are the word forms in order; `upos` is empty or
  // one UPOS tag per word. Appends nothing else: `out` is cleared, then filled with the spans in
  // order (non-overlapping). Thread-safe; allocation-free once `scratch` and `out` have grown.
  void recognize(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                 EntityScratch& scratch, std::vector<EntityMention>& out) const;
  // Recognises the entities of a whole document: `words` are all its words, sentence after
  // sentence; `sentence_ends` the end of each sentence (increasing, the last == words.size());
  // `upos` empty or one tag per word. Mentions index `words` and never cross a sentence end.
  // With settings().use_document, every sentence is labelled once, then again with document
  // features (what the first pass said about the same word form elsewhere in the document:
  // "HANO" found as an ORG twice makes a third "HANO" an ORG too); without, each sentence is
  // labelled once, as by `recognize`. Allocation-free once `scratch` and `out` have grown to the
  // longest document seen. `recognize` is this with one sentence.
  void recognize_document(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                          std::span<const uint32_t> sentence_ends, EntityScratch& scratch,
                          std::vector<EntityMention>& out) const;
  // Convenience for tests and evaluation (allocates).
  std::vector<EntityMention> recognize(const std::vector<std::string>& words) const;

  // IOB2 labels ("B-PER", "I-PER", "O") for a sentence: what `chronicle eval` compares.
  // `upos` is empty or one UPOS tag per word, as for `recognize`.
  std::vector<std::string> predict_iob2(const std::vector<std::string>& words, EntityScratch& scratch) const;
  std::vector<std::string> predict_iob2(const std::vector<std::string>& words, const std::vector<std::string>& upos,
                                        EntityScratch& scratch) const;
  // Whether the model was trained with UPOS features (then `recognize` wants the tagger's tags:
  // without them it still runs, but less accurately).
  bool uses_upos() const { return extractor_.settings().use_upos; }
  // Whether the model has document features (then `recognize_document` over whole documents is
  // what it was tuned for; sentence by sentence it still works, with less context).
  bool uses_document() const { return extractor_.settings().use_document; }

  const std::vector<std::string>& types() const { return labels_.types(); }
  const EntityLabels& labels() const { return labels_; }
  const EntityFeatureExtractor& extractor() const { return extractor_; }
  const LinearModel& weights() const { return weights_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::vector<EntitySelfTest>& self_tests() const { return self_tests_; }

 private:
  void prepare();  // transition matrix from the weights
  // Spans of the sentence as "begin end TYPE" strings (self-test form).
  std::vector<std::string> describe(const std::vector<std::string>& words, const std::vector<std::string>& upos) const;

  EntityLabels labels_;
  EntityFeatureExtractor extractor_;
  LinearModel weights_;
  std::vector<float> transitions_;  // (labels + 1) × labels
  std::map<std::string, std::string> metadata_;
  std::vector<EntitySelfTest> self_tests_;
};

}  // namespace chronicle::models
