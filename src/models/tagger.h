// Models stage: part-of-speech tagger (UPOS + English XPOS) and lemmatizer.
//
// What it does. `Tagger::tag` takes the words of one sentence (gold or tokenizer output) and writes,
// for each word, a UPOS tag, a Penn Treebank XPOS tag and a lemma:
//
//   auto tagger = models::Tagger::load("models/tagger.chm");  // once; immutable, shared by threads
//   models::Tagger::Scratch scratch;                          // one per thread, reused
//   std::vector<std::string_view> words = {"Troops", "fired", "on", "protesters", "."};
//   std::vector<models::TaggedWord> out(words.size());
//   tagger.value().tag(words, scratch, out);
//   tagger.value().upos_name(out[1].upos);  // "VERB"; xpos_name(out[1].xpos) "VBD"; out[1].lemma "fire"
//
// How. Tags are predicted jointly, one class per (UPOS, XPOS) pair seen in training, by averaged
// perceptrons over hashed features in two greedy passes. Pass 1 reads the sentence right to left,
// with the tags it has chosen on the right; pass 2 reads it left to right with its own tags on the
// left and pass 1's all around. Features: the word, its lower-case form, prefixes and suffixes of
// 1-4 characters, shapes, flags; the words two to each side, suffixes and shapes one to each side,
// word bigrams; the tags above; and the word's classes in WordNet (noun, plural, verb, past, ...,
// and its commonest class) for the word and its neighbours, which is what the tagger knows about
// words the treebank lacks. Word clusters (Brown bit strings) are supported as features too, but
// the shipped model has none (they did not help on dev). A word seen at least 20 times in training,
// with one tag in at least 99.5% of them, gets that tag without scoring (a third of running text).
//
// Lemmas: every (form, XPOS) pair of the training data, and WordNet's irregular inflections
// ("sank" VBD), map to a lemma through a table: an edit script such as "drop 3 bytes, add 'y'", or
// the whole lemma for irregular words ("went" → "go"). Other words get an edit script predicted by
// a third perceptron from the form's suffixes, case pattern and predicted tag; when its lemma is not
// a WordNet lemma of the tag's class, the next few scripts are tried ("fled" → "flee", not "fle").
// A capitalised word first tries its lower-case form in the table.
//
// Model file (kind "tagger", models/model_file.h) sections:
//   "labels"      UPOS names, XPOS names, the joint classes as (upos, xpos) pairs
//   "lexicon"     vocabulary: word hash → seen as a form / as a lower-case form, fixed tag
//   "clusters"    word hash → cluster bit string (no entries when trained without clusters)
//   "dictionary"  word hash → WordNet classes (see DictionaryClass)
//   "weights"     pass count, first-pass direction, then per pass the weights in LinearModel's
//                 format (see TaggerWeights)
//   "lemmas"      edit scripts, the (form, xpos) table, irregular lemmas, the script classifier
//   "selftest"    sentences with the tags and lemmas this code produced when the model was made
// Metadata: "features" (kTaggerFeatureVersion; any other is refused), the training options
// ("epochs", "passes", "seed", "train" (files joined by " + "), "dev", "dictionary", ...), "trained"
// (date) and the dev figures ("dev_UPOS", ...; absent when no dev set was held out). `load` re-tags
// the self-test sentences and fails with "<path>: self-test failed: ..." when the output differs,
// so code that drifted from the model is caught at once.
//
// Thread-safety: a loaded Tagger is immutable; `tag` is const and may be called from many threads at
// once, each with its own Scratch. A Scratch is not thread-safe; it holds the buffers that
// `TaggedWord::lemma` may point into. Tagging allocates nothing once a Scratch has seen a sentence as
// long as the current one.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"
#include "models/corpus.h"
#include "models/linear.h"
#include "models/model_file.h"

namespace chronicle::models {

// Version of the feature templates below. A model trained with other templates is refused on load
// (retrain it); bump it whenever a template, a hash or the word normalisation changes.
inline constexpr uint32_t kTaggerFeatureVersion = 1;

// One tagged word. `upos` and `xpos` index `Tagger::upos_name` / `xpos_name`; `tag` is the joint
// class (what the parser's features use). `lemma` views the input word, the model or the Scratch:
// it is valid while the words, the Tagger and the Scratch live, until the Scratch is used again.
struct TaggedWord {
  uint16_t upos = 0;
  uint16_t xpos = 0;
  uint16_t tag = 0;
  std::string_view lemma;
};

// A lemma edit script: rewrite the form (`base`), remove `strip` bytes from its end, append
// `append`. Scripts are the classes of the lemma classifier.
struct LemmaScript {
  enum Base : uint8_t {
    kKeep = 0,        // the form: "Americans" → "American"
    kLower = 1,       // lower-cased: "The" → "the"
    kUpperFirst = 2,  // first letter upper-cased: "kerala" → "Kerala" (EWT's proper-noun lemmas)
    kTitle = 3,       // title-cased: "TEHRAN" → "Tehran"
    kNoCommas = 4,    // without commas: "2,000" → "2000" (EWT's number lemmas)
  };
  Base base = kKeep;
  uint8_t strip = 0;
  std::string append;
  bool operator==(const LemmaScript&) const = default;
};

// Word classes of the external dictionary (TaggerParts::dictionary), one bit each.
enum DictionaryClass : uint16_t {
  kDictionaryNoun = 1 << 0,
  kDictionaryNounPlural = 1 << 1,
  kDictionaryVerb = 1 << 2,
  kDictionaryVerbThirdPerson = 1 << 3,
  kDictionaryVerbPast = 1 << 4,
  kDictionaryVerbGerund = 1 << 5,
  kDictionaryAdjective = 1 << 6,
  kDictionaryComparative = 1 << 7,
  kDictionarySuperlative = 1 << 8,
  kDictionaryAdverb = 1 << 9,
  // Bits 10-12: 1 + the word class (noun, verb, adjective, adverb) whose lemma has the most
  // sense-tagged occurrences (WordNet's tagsense_cnt, from SemCor); 0 when none has any.
  kDictionaryCommonestShift = 10,
};

// The weights of one of the tagger's classifiers, laid out for scoring speed.
//
// On disk this is exactly LinearModel's format (LinearModel::write; LinearModel::read accepts it):
// u32 classes, u64 features, per feature u64 key + u16 count, per entry u16 class, per entry f32
// weight, features in increasing key order. In memory it differs: LinearModel adds a feature's
// weights entry by entry, which for the tagger's frequent features (the bias, the previous tag, a
// common suffix: dozens of the ~100 classes each) is most of the tagging time. Here such a feature
// has a dense row of all classes, added in one vectorisable loop; rare features keep (class,
// weight) pairs; each hash slot holds key, offset and count together, so a look-up touches one
// cache line instead of three; and `score` finds all slots before adding, and `prefetch` asks for
// a later word's slots early, so that the cache misses overlap. Scores are the same floats as
// LinearModel's (the same additions in the same order), on any processor.
class TaggerWeights {
 public:
  TaggerWeights() = default;
  // Parses LinearModel's format; errors say what is wrong (bounds, order, classes, non-finite).
  static Result<TaggerWeights> read(ByteReader& in);
  void write(ByteWriter& out) const;

  uint32_t classes() const { return classes_; }
  size_t features() const { return features_; }
  size_t weights() const { return weights_; }

  // Adds the weights of `features` to `scores[0 .. classes())`. `scores` must have room for
  // padded_classes() floats (the dense rows are added whole). Unknown features add nothing.
  void score(std::span<const uint64_t> features, float* scores) const;
  // Asks the processor to start loading the hash slots of `features` (a hint; no effect on results).
  void prefetch(std::span<const uint64_t> features) const;
  uint32_t padded_classes() const { return padded_; }

 private:
  struct Slot {
    uint64_t key = 0;  // 0 = empty
    uint32_t offset = 0;
    uint16_t count = 0;
    uint16_t dense = 0;
  };
  struct SparseEntry {
    uint32_t cls;
    float weight;
  };
  uint32_t classes_ = 0, padded_ = 0;
  size_t features_ = 0, weights_ = 0;
  std::vector<Slot> slots_;  // open addressing, power-of-two size
  std::vector<SparseEntry> sparse_;
  std::vector<float> dense_;
};

// Per-word context computed once per sentence: hashes of the word's strings (0 = absent).
struct TaggerTokenContext {
  uint64_t form = 0, lower = 0, shape = 0, short_shape = 0;
  std::array<uint64_t, 4> prefix{}, suffix{};  // lengths 1..4 in characters, of the lower-case form
  std::array<uint64_t, 4> cluster{};           // cluster path prefixes (see kClusterPrefixes)
  uint64_t dictionary = 0;                     // hash of the word's classes in the external dictionary
  uint32_t commonest = 0;                      // its commonest class (see kDictionaryCommonestShift)
  uint32_t flags = 0;
  int32_t lexicon = -1;  // index into TaggerParts::words, or -1
};

// Per-thread working memory of `Tagger::tag`. Reused across calls: after the longest sentence has
// been seen once, tagging allocates nothing.
class TaggerScratch {
 public:
  TaggerScratch() = default;
  size_t size() const { return size_; }
  const TaggerTokenContext& context(size_t token_idx) const { return contexts_[token_idx + kPad]; }
  std::span<uint16_t> pass_tags(int pass) { return {tags_[pass].data() + kPad, size_}; }
  std::span<const uint16_t> pass_tags(int pass) const { return {tags_[pass].data() + kPad, size_}; }

 private:
  friend class Tagger;
  static constexpr size_t kPad = 2;  // context slots before the first and after the last word
  size_t size_ = 0;
  std::vector<TaggerTokenContext> contexts_;
  std::array<std::vector<uint16_t>, 2> tags_;
  std::vector<uint64_t> features_;
  std::vector<uint64_t> static_features_;  // the sentence's tag-independent features, word by word
  std::vector<uint32_t> static_begin_;     // per word, into static_features_
  std::vector<float> scores_;
  std::string lower_;              // lower-cased words, one after another
  std::string lemmas_;             // lemmas that are neither a view of the input nor of the model
  std::string work_, work_lower_;  // lemma candidates being checked
  std::vector<std::pair<uint32_t, uint32_t>> lower_spans_;  // per word: offset, size in lower_
  std::vector<std::pair<uint32_t, uint32_t>> lemma_spans_;  // per word in lemmas_ (size UINT32_MAX = none)
};

// Everything a tagger model holds; built by the trainer (training/tagger_training.h), read and
// written by `Tagger`. Tables keyed by words use 64-bit hashes (`Tagger::word_key`) instead of
// strings: the look-up costs one hash, and a collision between two words has odds of 2^-64.
struct TaggerParts {
  std::vector<std::string> upos_names, xpos_names;
  std::vector<std::pair<uint16_t, uint16_t>> tags;  // joint class → (upos, xpos)

  // Vocabulary and tag dictionary. A word with a `fixed_tag` (a class, or kNoTag) always gets it
  // without scoring: the trainer fixes words seen often and (almost) always with one tag.
  static constexpr uint16_t kNoTag = 0xffff;
  // Every word of the training data is listed, also as its lower-case form; words not listed are
  // unknown, and their form (or lower-case form) features are those of an unknown word.
  static constexpr uint8_t kSeenForm = 1, kSeenLower = 2;
  struct WordEntry {
    uint64_t key = 0;
    uint16_t fixed_tag = kNoTag;
    uint8_t seen = 0;  // kSeenForm | kSeenLower
  };
  std::vector<WordEntry> words;  // sorted by key

  // Word clusters: path bits (first bit most significant) and length.
  struct ClusterEntry {
    uint64_t key = 0;
    uint64_t bits = 0;
    uint8_t length = 0;
  };
  std::vector<ClusterEntry> clusters;  // sorted by key

  // External dictionary (WordNet): lower-case form → bit set of word classes (kDictionary*).
  struct DictionaryEntry {
    uint64_t key = 0;
    uint16_t classes = 0;
  };
  std::vector<DictionaryEntry> dictionary;  // sorted by key

  // One model per pass (1 or 2 passes). The first pass reads the sentence right to left when
  // `first_pass_reversed` (then the second pass sees first-pass tags that were chosen knowing
  // their own right context), else left to right; the second pass always reads left to right.
  bool first_pass_reversed = false;
  std::vector<TaggerWeights> pass_models;

  // Lemmas: (form, xpos) → value; value < scripts.size() is a script, else an index into
  // `irregular_lemmas` offset by scripts.size().
  std::vector<LemmaScript> scripts;
  struct LemmaEntry {
    uint64_t key = 0;
    uint32_t value = 0;
  };
  std::vector<LemmaEntry> lemma_table;  // sorted by key
  std::vector<std::string> irregular_lemmas;
  TaggerWeights lemma_model;  // classes = scripts

  std::map<std::string, std::string> metadata;

  // Self-test: each sentence's words and the "upos xpos lemma" the model produced at save time.
  struct SelfTestSentence {
    std::vector<std::string> words;
    std::vector<std::string> expected;
  };
  std::vector<SelfTestSentence> selftest;
};

class Tagger {
 public:
  using Scratch = TaggerScratch;

  Tagger() = default;

  // Reads, verifies and self-tests a model file. Errors name the path: unreadable, corrupt or
  // truncated file, wrong kind, unsupported feature version, or "<path>: self-test failed: ...".
  static Result<Tagger> load(const std::string& path);
  static Result<Tagger> decode(std::string_view bytes, const std::string& name);
  // Writes the model (atomically; see write_model_file). The self-test section holds what
  // `parts().selftest` holds (see `record_selftest`).
  Status save(const std::string& path) const;
  std::string encode() const;

  // Builds a tagger from its parts (no self-test). Errors when the parts are inconsistent.
  static Result<Tagger> from_parts(TaggerParts parts);
  const TaggerParts& parts() const { return parts_; }

  // Tags one sentence: `out[i]` receives the tags and lemma of `words[i]`. Requires
  // out.size() >= words.size() (a programmer error: asserted; in release builds only the first
  // out.size() words are written). Any bytes are accepted as words, including empty and invalid
  // UTF-8. Const and thread-safe with one Scratch per thread.
  void tag(std::span<const std::string_view> words, Scratch& scratch, std::span<TaggedWord> out) const;

  // Convenience for evaluation and the parser's jackknifing: overwrites upos, xpos and lemma of
  // every word of `sentence` (allocates strings; not for the hot path).
  void tag_sentence(TreebankSentence& sentence, Scratch& scratch) const;

  std::string_view upos_name(uint16_t upos) const { return parts_.upos_names[upos]; }
  std::string_view xpos_name(uint16_t xpos) const { return parts_.xpos_names[xpos]; }
  size_t tag_count() const { return parts_.tags.size(); }
  const std::map<std::string, std::string>& metadata() const { return parts_.metadata; }

  // Tags `sentences` and stores them with the output as the self-test samples.
  void record_selftest(const std::vector<std::vector<std::string>>& sentences);
  // Re-tags the self-test samples: Ok, or an Error describing the first difference.
  Status check_selftest() const;

  // ---- building blocks shared with the trainer --------------------------------------------------
  // They define the features; training/tagger_training.cc uses them so that training and tagging
  // cannot disagree.

  // Keys of the word tables: a word (lexicon, clusters, dictionary), a (form, xpos) pair (lemmas).
  static uint64_t word_key(std::string_view word);
  static uint64_t lemma_key(std::string_view form, uint16_t xpos);
  // Fills the scratch's per-word contexts for `words` (pass tags are left unset).
  void prepare(std::span<const std::string_view> words, Scratch& scratch) const;
  // Features of word `token_idx` in pass `pass` (0 or 1) into `out` (cleared first): the static
  // ones (words, and for pass 1 the tags of pass 0) then the dynamic ones (this pass's tags to the
  // left, read from the scratch). The two halves are also available alone (they append).
  void pass_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const;
  void static_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const;
  void dynamic_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const;
  // Makes word `token_idx` look unknown (its form, and its lower-case form if `lower`), as a word
  // outside the training data would; the trainer does this to some rare words.
  void hide_word(size_t token_idx, bool lower, Scratch& scratch) const;
  // Whether pass `pass` reads the sentence right to left.
  bool reversed(int pass) const { return pass == 0 && parts_.first_pass_reversed; }
  // The fixed class of word `token_idx` (kNoTag if none).
  uint16_t fixed_tag(size_t token_idx, const Scratch& scratch) const;
  // Lemma classifier features for `form` (and its lower-case `lower`) with class `tag`.
  void lemma_features(std::string_view form, std::string_view lower, uint16_t tag, std::vector<uint64_t>& out) const;
  // The lower-case form of word `token_idx` after `prepare`.
  std::string_view lower(size_t token_idx, const Scratch& scratch) const;

  // The edit script turning `form` into `lemma` (always exact when applied to the same form).
  static LemmaScript make_script(std::string_view form, std::string_view lemma);
  // Applies `script` to `form` into `out` (replacing its content); false (and `out` empty) when
  // the script does not fit the form. Allocates only when `out` has to grow.
  static bool apply_script(const LemmaScript& script, std::string_view form, std::string& out);
  // Lower-cases UTF-8 `word` (appends to `out`).
  static void append_lower(std::string_view word, std::string& out);
  // Appends `form` rewritten as `base` says.
  static void append_base(LemmaScript::Base base, std::string_view form, std::string& out);

 private:
  // Open-addressing index from a 64-bit key to a position in one of the sorted tables.
  struct KeyIndex {
    std::vector<uint64_t> keys;
    std::vector<uint32_t> values;
    void build(std::span<const uint64_t> sorted_keys);
    int32_t find(uint64_t key) const {
      if (keys.empty()) return -1;
      size_t mask = keys.size() - 1;
      for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
        if (keys[slot] == key) return static_cast<int32_t>(values[slot]);
        if (keys[slot] == 0) return -1;
      }
    }
  };

  ModelFile to_model_file() const;
  static Result<Tagger> from_model_file(const ModelFile& file, const std::string& name);
  uint16_t best_class(const float* scores) const;
  // The dictionary class a lemma of this XPOS must have (0: not checked).
  uint16_t lemma_class_bit(uint16_t xpos) const;
  // The script the lemma classifier picks for an unlisted (form, tag).
  uint32_t classify_lemma(std::string_view form, std::string_view lowered, uint16_t tag, Scratch& scratch) const;
  // Sets out.lemma for word `token_idx` (with class out.tag) after `prepare`.
  void predict_lemma(std::string_view form, size_t token_idx, Scratch& scratch, TaggedWord& out) const;
  TaggerTokenContext word_context(std::string_view word, std::string_view lower) const;

  TaggerParts parts_;
  KeyIndex word_index_, cluster_index_, lemma_index_, dictionary_index_;
  size_t score_size_ = 0;  // floats a Scratch needs for scores
};

}  // namespace chronicle::models
