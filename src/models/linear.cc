#include "models/linear.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace chronicle::models {

// ---- LinearModel --------------------------------------------------------------------------------

void LinearModel::build_index(std::vector<uint64_t> keys, std::vector<uint32_t> first,
                              std::vector<uint16_t> count) {
  feature_count_ = keys.size();
  // Load factor at most 1/2 keeps probe chains short.
  size_t size = std::bit_ceil(std::max<size_t>(16, keys.size() * 2));
  keys_.assign(size, 0);
  begin_.assign(size, 0);
  count_.assign(size, 0);
  size_t mask = size - 1;
  for (size_t idx = 0; idx < keys.size(); ++idx) {
    size_t slot = keys[idx] & mask;
    while (keys_[slot] != 0) slot = (slot + 1) & mask;
    keys_[slot] = keys[idx];
    begin_[slot] = first[idx];
    count_[slot] = count[idx];
  }
}

// On disk: u32 classes, u64 features, then per feature u64 key + u16 count, then per entry
// u16 class + f32 weight. Entries are listed feature by feature in key order so equal models
// give equal bytes.
void LinearModel::write(ByteWriter& out) const {
  std::vector<size_t> slots;
  for (size_t slot = 0; slot < keys_.size(); ++slot)
    if (keys_[slot] != 0) slots.push_back(slot);
  std::sort(slots.begin(), slots.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
  out.u32(classes_);
  out.u64(slots.size());
  for (size_t slot : slots) {
    out.u64(keys_[slot]);
    out.u16(count_[slot]);
  }
  for (size_t slot : slots)
    for (uint32_t entry = begin_[slot]; entry < begin_[slot] + count_[slot]; ++entry) out.u16(entry_class_[entry]);
  for (size_t slot : slots)
    for (uint32_t entry = begin_[slot]; entry < begin_[slot] + count_[slot]; ++entry) out.f32(entry_weight_[entry]);
}

Result<LinearModel> LinearModel::read(ByteReader& in) {
  LinearModel model;
  model.classes_ = in.u32();
  uint64_t features = in.u64();
  if (!in.plausible_count(features, 10)) return Error(in.status().message());
  if (model.classes_ == 0 || model.classes_ > 65535) return Error("linear model: bad class count");
  std::vector<uint64_t> keys(features);
  std::vector<uint32_t> first(features);
  std::vector<uint16_t> count(features);
  uint64_t entries = 0;
  for (uint64_t idx = 0; idx < features; ++idx) {
    keys[idx] = in.u64();
    count[idx] = in.u16();
    first[idx] = static_cast<uint32_t>(entries);
    entries += count[idx];
    if (keys[idx] == 0 || (idx > 0 && keys[idx] <= keys[idx - 1]))
      return Error("linear model: feature keys not strictly increasing (corrupt)");
  }
  if (!in.plausible_count(entries, 6)) return Error(in.status().message());
  model.entry_class_.resize(entries);
  model.entry_weight_.resize(entries);
  for (uint64_t entry = 0; entry < entries; ++entry) {
    model.entry_class_[entry] = in.u16();
    if (model.entry_class_[entry] >= model.classes_) return Error("linear model: class id out of range (corrupt)");
  }
  for (uint64_t entry = 0; entry < entries; ++entry) {
    model.entry_weight_[entry] = in.f32();
    if (!std::isfinite(model.entry_weight_[entry])) return Error("linear model: non-finite weight (corrupt)");
  }
  if (!in.ok()) return Error(in.status().message());
  model.build_index(std::move(keys), std::move(first), std::move(count));
  return model;
}

// ---- PerceptronTrainer --------------------------------------------------------------------------

PerceptronTrainer::PerceptronTrainer(uint32_t classes) : classes_(classes) {
  table_.assign(1 << 16, 0);
  table_row_.assign(1 << 16, 0);
}

int64_t PerceptronTrainer::find_row(uint64_t feature) const {
  size_t mask = table_.size() - 1;
  for (size_t slot = feature & mask;; slot = (slot + 1) & mask) {
    if (table_[slot] == feature) return table_row_[slot];
    if (table_[slot] == 0) return -1;
  }
}

void PerceptronTrainer::grow() {
  std::vector<uint64_t> old_keys = std::move(table_);
  std::vector<uint32_t> old_rows = std::move(table_row_);
  table_.assign(old_keys.size() * 2, 0);
  table_row_.assign(old_keys.size() * 2, 0);
  size_t mask = table_.size() - 1;
  for (size_t idx = 0; idx < old_keys.size(); ++idx) {
    if (old_keys[idx] == 0) continue;
    size_t slot = old_keys[idx] & mask;
    while (table_[slot] != 0) slot = (slot + 1) & mask;
    table_[slot] = old_keys[idx];
    table_row_[slot] = old_rows[idx];
  }
}

uint32_t PerceptronTrainer::row(uint64_t feature) {
  if ((keys_.size() + 1) * 2 > table_.size()) grow();
  size_t mask = table_.size() - 1;
  size_t slot = feature & mask;
  for (;; slot = (slot + 1) & mask) {
    if (table_[slot] == feature) return table_row_[slot];
    if (table_[slot] == 0) break;
  }
  uint32_t new_row = static_cast<uint32_t>(keys_.size());
  table_[slot] = feature;
  table_row_[slot] = new_row;
  keys_.push_back(feature);
  weights_.resize(weights_.size() + classes_, 0.0f);
  totals_.resize(totals_.size() + classes_, 0.0);
  stamps_.resize(stamps_.size() + classes_, clock_);
  return new_row;
}

void PerceptronTrainer::score(std::span<const uint64_t> features, float* scores) const {
  for (uint64_t feature : features) {
    int64_t found = find_row(feature);
    if (found < 0) continue;
    const float* weights = &weights_[static_cast<size_t>(found) * classes_];
    for (uint32_t cls = 0; cls < classes_; ++cls) scores[cls] += weights[cls];
  }
}

void PerceptronTrainer::add(std::span<const uint64_t> features, uint32_t cls, float amount) {
  for (uint64_t feature : features) {
    size_t index = static_cast<size_t>(row(feature)) * classes_ + cls;
    totals_[index] += static_cast<double>(clock_ - stamps_[index]) * weights_[index];
    stamps_[index] = clock_;
    weights_[index] += amount;
  }
}

void PerceptronTrainer::update(std::span<const uint64_t> features, uint32_t truth, uint32_t guess, float amount) {
  if (truth == guess) return;
  add(features, truth, amount);
  add(features, guess, -amount);
}

LinearModel PerceptronTrainer::finish(float prune_below) const {
  // Rows in key order, so that the model is independent of the order features were first seen.
  std::vector<uint32_t> order(keys_.size());
  for (uint32_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
  LinearModel model;
  model.classes_ = classes_;
  std::vector<uint64_t> keys;
  std::vector<uint32_t> first;
  std::vector<uint16_t> count;
  for (uint32_t row_idx : order) {
    uint32_t start = static_cast<uint32_t>(model.entry_class_.size());
    for (uint32_t cls = 0; cls < classes_; ++cls) {
      size_t index = static_cast<size_t>(row_idx) * classes_ + cls;
      double total = totals_[index] + static_cast<double>(clock_ - stamps_[index]) * weights_[index];
      float average = static_cast<float>(total / static_cast<double>(clock_));
      if (std::fabs(average) < prune_below) continue;
      model.entry_class_.push_back(static_cast<uint16_t>(cls));
      model.entry_weight_.push_back(average);
    }
    uint32_t size = static_cast<uint32_t>(model.entry_class_.size()) - start;
    if (size == 0) continue;
    keys.push_back(keys_[row_idx]);
    first.push_back(start);
    count.push_back(static_cast<uint16_t>(size));
  }
  model.build_index(std::move(keys), std::move(first), std::move(count));
  return model;
}

}  // namespace chronicle::models
