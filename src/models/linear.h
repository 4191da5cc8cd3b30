// Models stage: hashed-feature linear classifiers, trained as averaged perceptrons.
//
// A feature is a 64-bit hash of a template id and one or more strings (`feature_hash`); the
// classifier keeps a weight per (feature, class). Training (`PerceptronTrainer`) keeps, per
// feature, the classes it was updated for with the running sums needed for averaging (Collins
// 2002, with the lazy "timestamp" trick), and `finish` turns them into a compact `LinearModel`:
// averaged, pruned of near-zero weights, stored sparsely per feature. The tagger and the parser
// read the same serialised weights into their own faster run-time tables. At run time `LinearModel::score` costs one hash-table probe per feature
// and touches only the classes a feature has weights for; it allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "chronicle/status.h"
#include "models/model_file.h"

namespace chronicle::models {

// Hash of a feature template and its values. Never returns 0 (0 marks an empty slot).
inline uint64_t feature_hash(uint32_t template_id, std::string_view value) {
  uint64_t hash = XXH3_64bits_withSeed(value.data(), value.size(), template_id);
  return hash == 0 ? 1 : hash;
}
inline uint64_t feature_hash(uint32_t template_id, std::string_view first, std::string_view second) {
  uint64_t hash = XXH3_64bits_withSeed(second.data(), second.size(), feature_hash(template_id, first));
  return hash == 0 ? 1 : hash;
}
inline uint64_t feature_hash(uint32_t template_id, std::string_view first, std::string_view second,
                             std::string_view third) {
  uint64_t hash = XXH3_64bits_withSeed(third.data(), third.size(), feature_hash(template_id, first, second));
  return hash == 0 ? 1 : hash;
}
// Template id combined with small integers (class ids, distances, valencies).
inline uint64_t feature_hash(uint32_t template_id, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t values[3] = {a, b, c};
  uint64_t hash = XXH3_64bits_withSeed(values, sizeof values, 0x9e3779b97f4a7c15ull ^ template_id);
  return hash == 0 ? 1 : hash;
}
// Mixes an extra value into an existing feature hash (e.g. a string feature conjoined with a tag).
inline uint64_t feature_combine(uint64_t hash, uint64_t value) {
  uint64_t mixed = XXH3_64bits_withSeed(&value, sizeof value, hash);
  return mixed == 0 ? 1 : mixed;
}

// The trained classifier: for each known feature, a short list of (class, weight).
class LinearModel {
 public:
  LinearModel() = default;
  uint32_t classes() const { return classes_; }
  size_t features() const { return feature_count_; }
  size_t weights() const { return entry_class_.size(); }

  // Adds the weights of `features` to `scores` (size classes()). Unknown features add nothing.
  void score(std::span<const uint64_t> features, float* scores) const {
    for (uint64_t feature : features) {
      size_t slot = find(feature);
      if (slot == kMissing) continue;
      uint32_t first = begin_[slot], last = first + count_[slot];
      for (uint32_t entry = first; entry < last; ++entry) scores[entry_class_[entry]] += entry_weight_[entry];
    }
  }

  void write(ByteWriter& out) const;
  static Result<LinearModel> read(ByteReader& in);

 private:
  static constexpr size_t kMissing = SIZE_MAX;
  size_t find(uint64_t feature) const {
    if (keys_.empty()) return kMissing;
    size_t mask = keys_.size() - 1;
    for (size_t slot = feature & mask;; slot = (slot + 1) & mask) {
      if (keys_[slot] == feature) return slot;
      if (keys_[slot] == 0) return kMissing;
    }
  }
  void build_index(std::vector<uint64_t> keys, std::vector<uint32_t> first, std::vector<uint16_t> count);

  uint32_t classes_ = 0;
  size_t feature_count_ = 0;
  std::vector<uint64_t> keys_;   // open addressing, power-of-two size, 0 = empty
  std::vector<uint32_t> begin_;  // per slot: first entry
  std::vector<uint16_t> count_;  // per slot: number of entries
  std::vector<uint16_t> entry_class_;
  std::vector<float> entry_weight_;
};

// Averaged weights as the trainer hands them out: per feature key (ascending) a run of
// (class, weight) with classes ascending; `ends[i]` is one past feature i's last entry.
struct WeightRuns {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> ends;
  std::vector<uint16_t> classes;
  std::vector<float> weights;

  // a + b, feature by feature and class by class (for ensembles of models).
  static WeightRuns sum(const WeightRuns& a, const WeightRuns& b);
  // LinearModel's serialised layout (see LinearModel::write) of these weights divided by `divisor`
  // (not divided when it is 1), leaving out those with |w| < prune_below; `kept` (optional)
  // receives the number written. The tagger's and the parser's run-time tables read this layout.
  std::string serialize(uint32_t classes, float prune_below, int divisor = 1, size_t* kept = nullptr) const;
};

// Averaged perceptron over hashed features (Collins 2002, with lazy timestamps). A feature's row
// holds only the classes it was ever updated for (an update touches two), so memory grows with
// the updates made, not with features x classes: a parser with ~100 transitions and millions of
// features fits in a few hundred megabytes. The order in which features were first seen never
// changes a model: `averaged` and `finish` list features in key order.
class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(uint32_t classes);
  uint32_t classes() const { return classes_; }

  // Current (not averaged) weights of `features` added to `scores`.
  void score(std::span<const uint64_t> features, float* scores) const;
  // Moves weight from `guess` to `truth` for every feature (no-op when they are equal).
  void update(std::span<const uint64_t> features, uint32_t truth, uint32_t guess, float amount = 1.0f);
  // Adds `amount` to one class only (for structured updates that are not pairwise).
  void add(std::span<const uint64_t> features, uint32_t cls, float amount);

  // The same with the rows looked up once, for a caller that scores and then may update the same
  // features: `lookup` gives each feature's row (-1 when absent), `update_rows` creates the rows
  // it needs and writes them back.
  void lookup(const uint64_t* features, size_t count, int64_t* rows) const;
  void score_rows(const int64_t* rows, size_t count, float* scores) const;
  void update_rows(const uint64_t* features, int64_t* rows, size_t count, uint32_t truth, uint32_t guess);

  // Advances the averaging clock; call once per training instance (token, transition).
  void tick() { ++clock_; }

  // The averaged weights; exact zeros are left out.
  WeightRuns averaged() const;
  // The averaged model; weights with |w| < prune_below are dropped.
  LinearModel finish(float prune_below = 1e-3f) const;
  size_t features() const { return rows_.size(); }

 private:
  struct Entry {
    double total = 0;   // weight integrated over time, up to `stamp`
    uint64_t stamp = 0; // clock of the last change
    float weight = 0;
    uint16_t cls = 0;
  };
  int64_t find_row(uint64_t feature) const;  // -1 when absent
  int64_t create_row(uint64_t feature);
  void bump(std::vector<Entry>& row, uint32_t cls, float amount);
  void grow();

  uint32_t classes_;
  uint64_t clock_ = 1;
  std::vector<uint64_t> table_keys_;  // open addressing: slot → key (0 empty)
  std::vector<uint32_t> table_rows_;  // slot → row
  std::vector<uint64_t> row_keys_;    // row → key
  std::vector<std::vector<Entry>> rows_;
};

}  // namespace chronicle::models
