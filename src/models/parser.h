// Models stage: a transition-based labelled dependency parser for Universal Dependencies.
//
// What it does. `Parser::parse` takes one sentence (word forms with their UPOS and XPOS tags, as
// the tagger predicts them) and returns, for every word, the index of its syntactic head (1-based
// as in CoNLL-U, 0 for the root) and its full UD relation with subtype ("nsubj", "nmod:poss").
// Every output is a well-formed tree: exactly one word attached to the root, no cycles, every head
// in range, for any input (empty sentence, one word, hundreds of words, punctuation only).
//
// How. Greedy arc-eager parsing (Nivre 2003) with a tree constraint after Nivre & Fernandez-Gonzalez
// (2014): the artificial root sits at the bottom of the stack and takes exactly one child, which
// stays on the stack until the buffer is empty; when the buffer runs out, a headless stack word is
// moved back to the buffer ("unshift") and must be attached. Every legal transition sequence thus
// ends in a single-rooted tree (tests/unit/models/parser_test.cc walks random ones). Models
// trained with repair (transition_system kArcEagerNonMonotonic, Honnibal, Goldberg & Johnson 2013)
// may also LEFT-ARC a word that a RIGHT-ARC already attached, replacing that head. Transitions
// are labelled (SHIFT, REDUCE, LEFT-ARC(r), RIGHT-ARC(r): ~90 classes on EWT) and scored by a
// linear model over 111 hashed features per configuration: the templates of Zhang & Nivre (2011)
// (words, XPOS tags, labels of s0, its head and grandparent, its two leftmost and rightmost
// dependents, n0 and its two leftmost dependents, n1, n2; distance, valency, label sets; pairs and
// triples), plus s1, s2 and n3, UPOS conjunctions, Brown word clusters (models/word_clusters.h),
// each word's "ambiguity class" (the tags it had in training, see AmbiguityTable), which let the
// model recover from tagging errors, label conjunctions, and the punctuation and verbs between s0
// and n0 (template version 2). Training (averaged perceptron, dynamic oracle) is in
// src/training/parser_training.h.
//
// Usage:
//   auto parser = Parser::load("models/parser.chm");          // once; share it between threads
//   if (!parser.ok()) { report(parser.error().message()); }
//   ParserScratch scratch;                                     // one per thread, reused
//   std::vector<int> heads(words.size());
//   std::vector<std::string_view> relations(words.size());
//   parser.value().parse(words, upos, xpos, scratch, heads, relations);
//
// Thread-safety: a loaded Parser is immutable; `parse` is const and may run on many threads at
// once, each with its own ParserScratch. A ParserScratch must not be shared by concurrent calls.
// Allocation: `parse` allocates only when a sentence is longer than any the scratch has seen.
//
// Model file (kind "parser", see model_file.h). Metadata: "template_version" (kTemplateVersion; a
// reader refuses any other), "transition_system" (kArcEager or kArcEagerNonMonotonic; any other
// is refused), "epochs", "seed", "train_path" (the training
// files, joined by " + "), "dev_path" (empty when none was held out),
// "beam_size" (always 1: greedy), "ensemble" (models whose weights were averaged), "explore", "clusters", "tags" (gold, or how they were predicted),
// "labels", "prune_below", "dev_uas", "dev_las". Sections:
//   "labels"     one relation per line: "RELATION<TAB>L<TAB>R" where L/R are 1 when the relation
//                may attach a word to a head on its right / left (as seen in training), else 0
//   "weights"    the classifier in LinearModel's serialised layout (see WeightTable); classes are
//                0 SHIFT, 1 REDUCE, 2+i LEFT-ARC relation i, 2+L+i RIGHT-ARC relation i
//   "word_clusters"  optional: the Brown clusters the model was trained with (WordClusters layout)
//   "ambiguity"  optional: u64 count, then (u64 word hash, u64 class hash) in word-hash order
//   "selftest"   sentences "form<TAB>upos<TAB>xpos<TAB>head<TAB>relation" per line, blank line
//                between sentences: `load` parses them and fails with "<path>: self-test failed:
//                ..." unless the output is the same, so code/model drift is caught at once.
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

// ---- lower-level pieces shared with the trainer (src/training/parser_training.cc) --------------
// Pipeline code uses Parser and ParserScratch only.
namespace parser_internal {

// Bumped whenever feature extraction changes; a model with another version is refused.
// 2: label, s2/n3 and between-s0-and-n0 templates (111 features, was 101).
inline constexpr int kTemplateVersion = 2;
// The transition systems (model metadata "transition_system"; older models have the first).
inline constexpr std::string_view kArcEager = "arc-eager+tree-constraint";
inline constexpr std::string_view kArcEagerNonMonotonic = "arc-eager+tree-constraint+non-monotonic-left-arc";
// Upper bound on the features one configuration produces.
inline constexpr size_t kMaxFeatures = 128;

enum Action : uint8_t { kShift = 0, kReduce = 1, kLeft = 2, kRight = 3, kUnshift = 4 };

// Per-token values the features are built from (64-bit hashes; 0 for "no token").
struct TokenValues {
  uint64_t word = 0;       // normalised form (lower case, digits → '0')
  uint64_t tag = 0;        // XPOS
  uint64_t upos = 0;       // UPOS
  uint64_t word_tag = 0;   // word and XPOS together
  uint64_t cluster = 0;    // word cluster (1 when unknown)
  uint64_t cluster4 = 0;   // its path's first 4 bits
  uint64_t cluster6 = 0;   // its path's first 6 bits
  uint64_t ambiguity = 0;  // the word's tag set in training ("NN|VB"), 1 when unknown
  int punct_before = 0;    // words tagged PUNCT among 1..this one (prefix count)
  int verbs_before = 0;    // words tagged VERB or AUX among 1..this one (prefix count)
};

// Ambiguity classes: normalised-word hash → hash of the set of XPOS tags the word had in the
// training data (tags with at least a 5% share, words seen at least 3 times). Unlike the predicted
// tag it is never wrong about the word, so the model can learn when to doubt the tagger.
class AmbiguityTable {
 public:
  bool empty() const { return keys_.empty(); }
  size_t size() const { return keys_.size(); }
  // From (word hash, class hash) pairs; keys must be distinct.
  static AmbiguityTable build(std::vector<std::pair<uint64_t, uint64_t>> entries);
  uint64_t find(uint64_t word) const;  // 1 when absent
  void write(ByteWriter& out) const;
  static Result<AmbiguityTable> read(ByteReader& in);

 private:
  void index();
  std::vector<uint64_t> keys_, classes_;  // sorted by key
  std::vector<uint32_t> slots_;           // open addressing: index + 1, 0 = empty
};

// One word of a configuration: its arc and what the features need about its children.
struct Node {
  int head = -1;       // -1 while unattached
  int label = -1;      // relation id once attached
  int left1 = -1, left2 = -1;    // leftmost and second-leftmost dependents
  int right1 = -1, right2 = -1;  // rightmost and second-rightmost dependents
  int left_count = 0, right_count = 0;
  uint64_t left_labels = 0, right_labels = 0;  // label sets (bit label % 64)
};

// Arc-eager configuration with the tree constraint. Word 0 is the artificial root, words 1..n the
// sentence. The stack starts as [0]; the buffer is words next..n, or the single word `unshifted`.
struct Configuration {
  int words = 0;
  std::vector<int> stack;  // stack[0] = 0 (root); stack_size entries are in use
  int stack_size = 0;
  int next = 1;
  int unshifted = -1;
  bool root_taken = false;  // the root already has its one child
  // Non-monotonic LEFT-ARC (Honnibal, Goldberg & Johnson 2013): s0 may take b0 as its head even
  // when a RIGHT-ARC already gave it one, which is then undone. So an early attachment ("saw the
  // man" before "with the telescope" is seen) can be repaired instead of having to be avoided.
  // Set from the model (kArcEagerNonMonotonic); survives reset().
  bool non_monotonic = false;
  std::vector<Node> nodes;  // 0..n

  void reset(int word_count);  // reuses capacity
  int s0() const { return stack[stack_size - 1]; }
  int s1() const { return stack_size >= 2 ? stack[stack_size - 2] : -1; }
  int b0() const { return unshifted >= 0 ? unshifted : (next <= words ? next : -1); }
  int b1() const { return unshifted >= 0 ? -1 : (next + 1 <= words ? next + 1 : -1); }
  int b2() const { return unshifted >= 0 ? -1 : (next + 2 <= words ? next + 2 : -1); }
  int b3() const { return unshifted >= 0 ? -1 : (next + 3 <= words ? next + 3 : -1); }
  int s2() const { return stack_size >= 3 ? stack[stack_size - 3] : -1; }
  bool in_buffer(int word) const { return word == unshifted || (unshifted < 0 && word >= next && word <= words); }
  bool terminal() const { return b0() < 0 && stack_size == 1; }
  // When the buffer is empty the move is forced (REDUCE or UNSHIFT); returns true and sets it.
  bool forced(Action& action) const;
  bool can_shift() const { return unshifted < 0 && b0() >= 0; }
  bool can_reduce() const;
  bool can_left() const {
    return b0() >= 0 && s0() != 0 && (nodes[s0()].head < 0 || (non_monotonic && unshifted < 0));
  }
  bool can_right() const { return b0() >= 0 && (s0() != 0 || !root_taken); }
  void apply(Action action, int label);

 private:
  void attach(int head, int dependent, int label);
  void detach(int dependent);  // undoes the arc of s0 (its head's rightmost dependent)
};

// Relation table: names and the directions each may be used in.
struct RelationTable {
  std::vector<std::string> names;
  std::vector<uint8_t> left_ok;   // may attach a word to a head on its right (LEFT-ARC)
  std::vector<uint8_t> right_ok;  // may attach a word to a head on its left (RIGHT-ARC)
  int root = -1;                  // id of "root"
  int find(std::string_view name) const;  // -1 when absent
  uint32_t classes() const { return 2 + 2 * static_cast<uint32_t>(names.size()); }
};

// Classes: 0 SHIFT, 1 REDUCE, 2+i LEFT-ARC i, 2+L+i RIGHT-ARC i.
inline uint32_t class_of(Action action, int label, int label_count) {
  if (action == kShift) return 0;
  if (action == kReduce) return 1;
  return static_cast<uint32_t>(action == kLeft ? 2 + label : 2 + label_count + label);
}
inline Action action_of(uint32_t cls, int label_count, int& label) {
  label = -1;
  if (cls == 0) return kShift;
  if (cls == 1) return kReduce;
  if (cls < 2u + static_cast<uint32_t>(label_count)) {
    label = static_cast<int>(cls) - 2;
    return kLeft;
  }
  label = static_cast<int>(cls) - 2 - label_count;
  return kRight;
}
// Marks in `allowed` (size classes()) the classes legal in `config`; returns how many.
int allowed_classes(const Configuration& config, const RelationTable& relations, uint8_t* allowed);

// Hash of a word's normalised form (lower case ASCII, digits → '0'); `buffer` is reused scratch.
uint64_t word_key(std::string_view form, std::string& buffer);

// Fills values[0..n] (0 = root) for a sentence. `upos` and `xpos` may be empty (no tags).
void prepare_tokens(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                    std::span<const std::string_view> xpos, const WordClusters& clusters,
                    const AmbiguityTable& ambiguity, std::vector<TokenValues>& values, std::string& buffer);

// Writes the features of `config` into `out` (capacity kMaxFeatures); returns how many.
size_t extract_features(const Configuration& config, const std::vector<TokenValues>& values, uint64_t* out);

// The transition classifier's weights at run time. On disk they use LinearModel's serialised
// layout (models/linear.cc: u32 classes, u64 features, per feature u64 key + u16 count in key
// order, per entry u16 class, per entry f32 weight), validated the same way. In memory each
// feature is one 16-byte slot (key, first entry, count) in an open-addressing table. A feature with
// weights for few classes keeps contiguous (class, weight) entries; one with weights for many
// classes (the frequent tag features, hit by most configurations) keeps a dense row of all classes,
// added with vector instructions. `score` first prefetches all slots, then all rows, then adds, so
// the memory accesses of a configuration's 101 features overlap instead of queueing.
// Measured on EWT test (shared 2-core machine, bench/parser_speed.cc): LinearModel::score, whose
// five parallel arrays cost several cache misses per feature, parsed 36k tokens/s; slots with
// prefetching 84k; dense rows for full features about 125k tokens/s of CPU time.
class WeightTable {
 public:
  static Result<WeightTable> read(std::string_view bytes, const std::string& name);
  void write(ByteWriter& out) const;
  uint32_t classes() const { return classes_; }
  // Size of the score array `score` writes to: classes() rounded up to a multiple of 8.
  uint32_t stride() const { return stride_; }
  size_t features() const { return feature_count_; }
  size_t weights() const { return weight_count_; }
  // Adds the weights of `features` to `scores` (size stride()). Unknown features add nothing.
  void score(const uint64_t* features, size_t count, float* scores) const;

 private:
  static constexpr uint32_t kDense = 0x80000000u;  // flag in Slot::count: `first` indexes dense_
  struct Slot {
    uint64_t key = 0;  // 0 = empty
    uint32_t first = 0;
    uint32_t count = 0;
  };
  struct Entry {
    float weight;
    uint32_t cls;
  };
  uint32_t classes_ = 0;
  uint32_t stride_ = 0;
  size_t feature_count_ = 0;
  size_t weight_count_ = 0;
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::vector<float> dense_;  // rows of stride_ floats
};

// A self-test sentence: input and the output the model must reproduce.
struct SelfTestSentence {
  std::vector<std::string> words, upos, xpos;
  std::vector<int> heads;
  std::vector<std::string> relations;
};

}  // namespace parser_internal

// Per-thread working memory for Parser::parse: configuration, token values, feature and score
// arrays. Default-constructed empty; grows to the longest sentence seen and is then reused.
class ParserScratch {
 public:
  ParserScratch() = default;

 private:
  friend class Parser;
  parser_internal::Configuration config;
  std::vector<parser_internal::TokenValues> values;
  std::vector<float> scores;
  std::vector<uint8_t> allowed;
  std::string buffer;
  uint64_t features[parser_internal::kMaxFeatures];
};

// Everything a trained parser consists of (what the trainer hands to Parser::assemble).
struct ParserParts {
  parser_internal::RelationTable relations;
  parser_internal::WeightTable weights;
  WordClusters clusters;  // empty: no cluster features
  parser_internal::AmbiguityTable ambiguity;
  std::map<std::string, std::string> metadata;
  std::vector<parser_internal::SelfTestSentence> selftest;
};

class Parser {
 public:
  // Reads and verifies a model file: format, kind "parser", template version, tables, then the
  // self-test. Errors start with `path` ("<path>: self-test failed: ...").
  static Result<Parser> load(const std::string& path);
  // Same, from a decoded model file; `name` prefixes errors.
  static Result<Parser> from_model_file(const ModelFile& file, const std::string& name);
  // Builds a parser from trained parts and checks its self-test (used by the trainer).
  static Result<Parser> assemble(ParserParts parts, const std::string& name);

  // Writes the model file (deterministic: the same parser gives the same bytes).
  Status save(const std::string& path) const;
  ModelFile to_model_file() const;

  // Parses one sentence of n = words.size() words. `upos` and `xpos` hold each word's tags (size n),
  // or are empty when no tagger ran (accuracy then drops sharply). `heads` and `relations` must have
  // size n; on return heads[i] is the head of word i+1 (0 = root, else 1-based) and relations[i] its
  // relation, a view into this parser's table (valid while the Parser lives). n = 0 does nothing.
  void parse(std::span<const std::string_view> words, std::span<const std::string_view> upos,
             std::span<const std::string_view> xpos, ParserScratch& scratch, std::span<int> heads,
             std::span<std::string_view> relations) const;

  // The relation names, indexed like the model's classes.
  const std::vector<std::string>& relations() const { return parts_.relations.names; }
  const std::map<std::string, std::string>& metadata() const { return parts_.metadata; }
  const ParserParts& parts() const { return parts_; }

 private:
  Parser() = default;
  Status run_selftest(const std::string& name) const;
  ParserParts parts_;
  bool non_monotonic_ = false;  // transition_system kArcEagerNonMonotonic (see Configuration)
};

}  // namespace chronicle::models
