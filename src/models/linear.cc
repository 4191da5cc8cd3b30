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

// ---- WeightRuns ---------------------------------------------------------------------------------

WeightRuns WeightRuns::sum(const WeightRuns& a, const WeightRuns& b) {
  WeightRuns out;
  auto run_begin = [](const WeightRuns& w, size_t idx) -> size_t { return idx == 0 ? 0 : w.ends[idx - 1]; };
  auto append = [&](const WeightRuns& w, size_t idx) {
    for (size_t entry = run_begin(w, idx); entry < w.ends[idx]; ++entry) {
      out.classes.push_back(w.classes[entry]);
      out.weights.push_back(w.weights[entry]);
    }
  };
  size_t ai = 0, bi = 0;
  while (ai < a.keys.size() || bi < b.keys.size()) {
    if (bi == b.keys.size() || (ai < a.keys.size() && a.keys[ai] < b.keys[bi])) {
      out.keys.push_back(a.keys[ai]);
      append(a, ai++);
    } else if (ai == a.keys.size() || b.keys[bi] < a.keys[ai]) {
      out.keys.push_back(b.keys[bi]);
      append(b, bi++);
    } else {
      out.keys.push_back(a.keys[ai]);
      size_t a_entry = run_begin(a, ai), a_last = a.ends[ai++];
      size_t b_entry = run_begin(b, bi), b_last = b.ends[bi++];
      while (a_entry < a_last || b_entry < b_last) {
        if (b_entry == b_last || (a_entry < a_last && a.classes[a_entry] < b.classes[b_entry])) {
          out.classes.push_back(a.classes[a_entry]);
          out.weights.push_back(a.weights[a_entry++]);
        } else if (a_entry == a_last || b.classes[b_entry] < a.classes[a_entry]) {
          out.classes.push_back(b.classes[b_entry]);
          out.weights.push_back(b.weights[b_entry++]);
        } else {
          out.classes.push_back(a.classes[a_entry]);
          out.weights.push_back(a.weights[a_entry++] + b.weights[b_entry++]);
        }
      }
    }
    out.ends.push_back(static_cast<uint32_t>(out.classes.size()));
  }
  return out;
}

std::string WeightRuns::serialize(uint32_t class_count, float prune_below, int divisor, size_t* kept) const {
  ByteWriter header, feature_rows, ids, values;
  uint64_t feature_count = 0;
  size_t written = 0;
  for (size_t idx = 0; idx < keys.size(); ++idx) {
    uint16_t count = 0;
    for (size_t entry = idx == 0 ? 0 : ends[idx - 1]; entry < ends[idx]; ++entry) {
      float weight = divisor == 1 ? weights[entry] : weights[entry] / static_cast<float>(divisor);
      if (!(std::fabs(weight) >= prune_below)) continue;
      ids.u16(classes[entry]);
      values.f32(weight);
      ++count;
    }
    if (count == 0) continue;
    feature_rows.u64(keys[idx]);
    feature_rows.u16(count);
    ++feature_count;
    written += count;
  }
  header.u32(class_count);
  header.u64(feature_count);
  if (kept != nullptr) *kept = written;
  return header.take() + feature_rows.take() + ids.take() + values.take();
}

// ---- PerceptronTrainer --------------------------------------------------------------------------

PerceptronTrainer::PerceptronTrainer(uint32_t classes) : classes_(classes) {
  table_keys_.assign(1 << 16, 0);
  table_rows_.assign(1 << 16, 0);
}

int64_t PerceptronTrainer::find_row(uint64_t feature) const {
  size_t mask = table_keys_.size() - 1;
  for (size_t slot = feature & mask;; slot = (slot + 1) & mask) {
    if (table_keys_[slot] == feature) return table_rows_[slot];
    if (table_keys_[slot] == 0) return -1;
  }
}

void PerceptronTrainer::grow() {
  std::vector<uint64_t> old_keys = std::move(table_keys_);
  std::vector<uint32_t> old_rows = std::move(table_rows_);
  table_keys_.assign(old_keys.size() * 2, 0);
  table_rows_.assign(old_keys.size() * 2, 0);
  size_t mask = table_keys_.size() - 1;
  for (size_t idx = 0; idx < old_keys.size(); ++idx) {
    if (old_keys[idx] == 0) continue;
    size_t slot = old_keys[idx] & mask;
    while (table_keys_[slot] != 0) slot = (slot + 1) & mask;
    table_keys_[slot] = old_keys[idx];
    table_rows_[slot] = old_rows[idx];
  }
}

int64_t PerceptronTrainer::create_row(uint64_t feature) {
  int64_t found = find_row(feature);
  if (found >= 0) return found;
  if ((rows_.size() + 1) * 2 > table_keys_.size()) grow();
  size_t mask = table_keys_.size() - 1;
  size_t slot = feature & mask;
  while (table_keys_[slot] != 0) slot = (slot + 1) & mask;
  table_keys_[slot] = feature;
  table_rows_[slot] = static_cast<uint32_t>(rows_.size());
  row_keys_.push_back(feature);
  rows_.emplace_back();
  return static_cast<int64_t>(rows_.size() - 1);
}

void PerceptronTrainer::bump(std::vector<Entry>& row, uint32_t cls, float amount) {
  Entry* found = nullptr;
  for (Entry& entry : row)
    if (entry.cls == cls) {
      found = &entry;
      break;
    }
  if (found == nullptr) {
    row.push_back(Entry{0.0, clock_, 0.0f, static_cast<uint16_t>(cls)});
    found = &row.back();
  }
  found->total += static_cast<double>(clock_ - found->stamp) * found->weight;
  found->stamp = clock_;
  found->weight += amount;
}

void PerceptronTrainer::lookup(const uint64_t* features, size_t count, int64_t* rows) const {
  for (size_t idx = 0; idx < count; ++idx) rows[idx] = find_row(features[idx]);
}

void PerceptronTrainer::score_rows(const int64_t* rows, size_t count, float* scores) const {
  for (size_t idx = 0; idx < count; ++idx) {
    if (rows[idx] < 0) continue;
    for (const Entry& entry : rows_[static_cast<size_t>(rows[idx])]) scores[entry.cls] += entry.weight;
  }
}

void PerceptronTrainer::update_rows(const uint64_t* features, int64_t* rows, size_t count, uint32_t truth,
                                    uint32_t guess) {
  if (truth == guess) return;
  for (size_t idx = 0; idx < count; ++idx) {
    if (rows[idx] < 0) rows[idx] = create_row(features[idx]);
    std::vector<Entry>& row = rows_[static_cast<size_t>(rows[idx])];
    bump(row, truth, 1.0f);
    bump(row, guess, -1.0f);
  }
}

void PerceptronTrainer::score(std::span<const uint64_t> features, float* scores) const {
  for (uint64_t feature : features) {
    int64_t found = find_row(feature);
    if (found < 0) continue;
    for (const Entry& entry : rows_[static_cast<size_t>(found)]) scores[entry.cls] += entry.weight;
  }
}

void PerceptronTrainer::add(std::span<const uint64_t> features, uint32_t cls, float amount) {
  for (uint64_t feature : features) bump(rows_[static_cast<size_t>(create_row(feature))], cls, amount);
}

void PerceptronTrainer::update(std::span<const uint64_t> features, uint32_t truth, uint32_t guess, float amount) {
  if (truth == guess) return;
  for (uint64_t feature : features) {
    std::vector<Entry>& row = rows_[static_cast<size_t>(create_row(feature))];
    bump(row, truth, amount);
    bump(row, guess, -amount);
  }
}

WeightRuns PerceptronTrainer::averaged() const {
  std::vector<uint32_t> order(rows_.size());
  for (uint32_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return row_keys_[a] < row_keys_[b]; });
  WeightRuns out;
  std::vector<std::pair<uint16_t, float>> row;
  for (uint32_t row_idx : order) {
    row.clear();
    for (const Entry& entry : rows_[row_idx]) {
      double total = entry.total + static_cast<double>(clock_ - entry.stamp) * entry.weight;
      float average = static_cast<float>(total / static_cast<double>(clock_));
      if (average != 0.0f) row.emplace_back(entry.cls, average);
    }
    if (row.empty()) continue;
    std::sort(row.begin(), row.end());
    out.keys.push_back(row_keys_[row_idx]);
    for (const auto& [cls, weight] : row) {
      out.classes.push_back(cls);
      out.weights.push_back(weight);
    }
    out.ends.push_back(static_cast<uint32_t>(out.classes.size()));
  }
  return out;
}

LinearModel PerceptronTrainer::finish(float prune_below) const {
  std::string bytes = averaged().serialize(classes_, prune_below);
  ByteReader in(bytes, "trained weights");
  auto model = LinearModel::read(in);
  return model.ok() ? std::move(model).value() : LinearModel();  // cannot fail: the bytes are ours
}

}  // namespace chronicle::models
