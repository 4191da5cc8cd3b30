#include "models/parser.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace chronicle::models {
namespace parser_internal {
namespace {

// Seeds that keep the hash spaces of words, tags and clusters apart.
constexpr uint64_t kWordSeed = 0x5157a9d1e3b70c21ull;
constexpr uint64_t kTagSeed = 0x2b8f64c0d9a1e537ull;
constexpr uint64_t kUposSeed = 0x7e1d3c5b9a0f2468ull;
constexpr uint64_t kClusterSeed = 0x41c64e6da3bc0074ull;
// Values of the artificial root and of "no token here".
constexpr uint64_t kRootValue = 0x0123456789abcdefull;
constexpr uint64_t kNone = 0;

uint64_t hash_with(std::string_view text, uint64_t seed) {
  uint64_t hash = XXH3_64bits_withSeed(text.data(), text.size(), seed);
  return hash == 0 ? 1 : hash;
}

}  // namespace

// ---- configuration --------------------------------------------------------------------------

void Configuration::reset(int word_count) {
  words = word_count;
  if (stack.size() < static_cast<size_t>(word_count) + 2) stack.resize(static_cast<size_t>(word_count) + 2);
  stack[0] = 0;
  stack_size = 1;
  next = 1;
  unshifted = -1;
  root_taken = false;
  nodes.assign(static_cast<size_t>(word_count) + 1, Node());
}

bool Configuration::forced(Action& action) const {
  if (b0() >= 0 || stack_size <= 1) return false;
  action = nodes[s0()].head >= 0 ? kReduce : kUnshift;
  return true;
}

bool Configuration::can_reduce() const {
  int top = s0();
  if (top == 0 || nodes[top].head < 0) return false;
  // The root's child stays on the stack while words remain: popping it would leave later words
  // no way to reach the root, which takes one child only.
  return !(b0() >= 0 && s1() == 0);
}

void Configuration::attach(int head, int dependent, int label) {
  Node& child = nodes[dependent];
  child.head = head;
  child.label = label;
  Node& parent = nodes[head];
  uint64_t bit = label >= 0 ? 1ull << (label % 64) : 0;
  if (dependent < head) {
    ++parent.left_count;
    parent.left_labels |= bit;
    if (parent.left1 < 0 || dependent < parent.left1) {
      parent.left2 = parent.left1;
      parent.left1 = dependent;
    } else if (parent.left2 < 0 || dependent < parent.left2) {
      parent.left2 = dependent;
    }
  } else {
    ++parent.right_count;
    parent.right_labels |= bit;
    if (parent.right1 < 0 || dependent > parent.right1) {
      parent.right2 = parent.right1;
      parent.right1 = dependent;
    } else if (parent.right2 < 0 || dependent > parent.right2) {
      parent.right2 = dependent;
    }
  }
}

void Configuration::detach(int dependent) {
  Node& child = nodes[dependent];
  int head = child.head;
  if (head == 0) root_taken = false;
  child.head = -1;
  child.label = -1;
  // The dependent is on top of the stack, so no word right of it is attached yet: it is its head's
  // rightmost dependent, and the head's other right dependents lie between the two. Recounting
  // them is linear, but a repair is rare (a few per hundred words).
  Node& parent = nodes[head];
  parent.right_count = 0;
  parent.right_labels = 0;
  parent.right1 = parent.right2 = -1;
  for (int word = dependent - 1; word > head; --word) {
    if (nodes[word].head != head) continue;
    ++parent.right_count;
    if (nodes[word].label >= 0) parent.right_labels |= 1ull << (nodes[word].label % 64);
    if (parent.right1 < 0) parent.right1 = word;
    else if (parent.right2 < 0) parent.right2 = word;
  }
}

void Configuration::apply(Action action, int label) {
  switch (action) {
    case kShift:
      stack[stack_size++] = next++;
      break;
    case kReduce:
      --stack_size;
      break;
    case kLeft:
      if (nodes[s0()].head >= 0) detach(s0());
      attach(b0(), s0(), label);
      --stack_size;
      break;
    case kRight: {
      int dependent = b0();
      if (s0() == 0) root_taken = true;
      attach(s0(), dependent, label);
      stack[stack_size++] = dependent;
      if (unshifted >= 0) unshifted = -1;
      else ++next;
      break;
    }
    case kUnshift:
      unshifted = s0();
      --stack_size;
      break;
  }
}

int RelationTable::find(std::string_view name) const {
  for (size_t idx = 0; idx < names.size(); ++idx)
    if (names[idx] == name) return static_cast<int>(idx);
  return -1;
}

int allowed_classes(const Configuration& config, const RelationTable& relations, uint8_t* allowed) {
  int label_count = static_cast<int>(relations.names.size());
  std::fill(allowed, allowed + relations.classes(), uint8_t{0});
  int count = 0;
  if (config.can_shift()) allowed[0] = 1, ++count;
  if (config.can_reduce()) allowed[1] = 1, ++count;
  bool left = config.can_left(), right = config.can_right();
  bool from_root = config.s0() == 0;
  int arc_count = 0;
  for (int label = 0; label < label_count; ++label) {
    if (label == relations.root) {
      if (right && from_root) allowed[2 + label_count + label] = 1, ++arc_count;
      continue;
    }
    if (left && relations.left_ok[label]) allowed[2 + label] = 1, ++arc_count;
    if (right && !from_root && relations.right_ok[label]) allowed[2 + label_count + label] = 1, ++arc_count;
  }
  if (arc_count == 0 && (left || (right && !from_root))) {
    // A table where no relation may go this way: allow every non-root relation rather than stall.
    for (int label = 0; label < label_count; ++label) {
      if (label == relations.root) continue;
      if (left) allowed[2 + label] = 1, ++arc_count;
      if (right && !from_root) allowed[2 + label_count + label] = 1, ++arc_count;
    }
  }
  return count + arc_count;
}

// ---- ambiguity classes --------------------------------------------------------------------------

AmbiguityTable AmbiguityTable::build(std::vector<std::pair<uint64_t, uint64_t>> entries) {
  std::sort(entries.begin(), entries.end());
  AmbiguityTable table;
  for (const auto& [key, cls] : entries) {
    table.keys_.push_back(key);
    table.classes_.push_back(cls);
  }
  table.index();
  return table;
}

void AmbiguityTable::index() {
  size_t size = std::bit_ceil(std::max<size_t>(16, keys_.size() * 2));
  slots_.assign(size, 0);
  size_t mask = size - 1;
  for (size_t idx = 0; idx < keys_.size(); ++idx) {
    size_t slot = keys_[idx] & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(idx + 1);
  }
}

uint64_t AmbiguityTable::find(uint64_t word) const {
  if (keys_.empty()) return 1;
  size_t mask = slots_.size() - 1;
  for (size_t slot = word & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = slots_[slot];
    if (entry == 0) return 1;
    if (keys_[entry - 1] == word) return classes_[entry - 1];
  }
}

void AmbiguityTable::write(ByteWriter& out) const {
  out.u64(keys_.size());
  for (size_t idx = 0; idx < keys_.size(); ++idx) {
    out.u64(keys_[idx]);
    out.u64(classes_[idx]);
  }
}

Result<AmbiguityTable> AmbiguityTable::read(ByteReader& in) {
  AmbiguityTable table;
  uint64_t count = in.u64();
  if (!in.plausible_count(count, 16)) return Error(in.status().message());
  for (uint64_t idx = 0; idx < count; ++idx) {
    uint64_t key = in.u64(), cls = in.u64();
    if (!table.keys_.empty() && key <= table.keys_.back())
      return Error("ambiguity classes: words not in increasing order (corrupt)");
    table.keys_.push_back(key);
    table.classes_.push_back(cls);
  }
  if (!in.ok()) return Error(in.status().message());
  table.index();
  return table;
}

// ---- weights ----------------------------------------------------------------------------------

Result<WeightTable> WeightTable::read(std::string_view bytes, const std::string& name) {
  ByteReader in(bytes, name);
  WeightTable table;
  table.classes_ = in.u32();
  uint64_t features = in.u64();
  if (!in.plausible_count(features, 10)) return Error(in.status().message());
  if (table.classes_ == 0 || table.classes_ > 65535) return Error(name + ": bad class count");
  table.stride_ = (table.classes_ + 7) / 8 * 8;
  std::vector<uint64_t> keys(features);
  std::vector<uint32_t> counts(features);
  uint64_t entries = 0;
  for (uint64_t idx = 0; idx < features; ++idx) {
    keys[idx] = in.u64();
    counts[idx] = in.u16();
    entries += counts[idx];
    if (!in.ok()) return Error(in.status().message());
    if (keys[idx] == 0 || (idx > 0 && keys[idx] <= keys[idx - 1]))
      return Error(name + ": feature keys not strictly increasing (corrupt)");
  }
  if (!in.plausible_count(entries, 6)) return Error(in.status().message());
  std::string_view classes = in.view(entries * 2), weights = in.view(entries * 4);
  if (!in.ok()) return Error(in.status().message());
  if (!in.at_end()) return Error(name + ": trailing bytes (corrupt)");
  table.feature_count_ = features;
  table.weight_count_ = entries;

  // Decode and validate every entry first; then lay the rows out.
  std::vector<Entry> decoded(entries);
  for (uint64_t entry = 0; entry < entries; ++entry) {
    uint32_t cls = static_cast<uint8_t>(classes[2 * entry]) |
                   static_cast<uint32_t>(static_cast<uint8_t>(classes[2 * entry + 1])) << 8;
    if (cls >= table.classes_) return Error(name + ": class id out of range (corrupt)");
    uint32_t bits = 0;
    for (int byte = 3; byte >= 0; --byte) bits = bits << 8 | static_cast<uint8_t>(weights[4 * entry + static_cast<uint64_t>(byte)]);
    float weight;
    std::memcpy(&weight, &bits, sizeof weight);
    if (!std::isfinite(weight)) return Error(name + ": non-finite weight (corrupt)");
    decoded[entry] = Entry{weight, cls};
  }
  // A row this full is cheaper to add densely than entry by entry. Dense rows hold zeros for absent
  // classes, so a row with a stored zero stays sparse (and `write` gives back exactly the bytes read).
  uint32_t dense_from = std::max<uint32_t>(8, table.classes_ / 4);
  std::vector<uint8_t> dense(features, 0);
  size_t dense_rows = 0, sparse_entries = 0;
  for (uint64_t idx = 0, entry = 0; idx < features; entry += counts[idx], ++idx) {
    bool has_zero = false;
    for (uint32_t item = 0; item < counts[idx]; ++item) {
      if (item > 0 && decoded[entry + item].cls <= decoded[entry + item - 1].cls)
        return Error(name + ": class ids not increasing (corrupt)");
      has_zero = has_zero || decoded[entry + item].weight == 0.0f;
    }
    dense[idx] = counts[idx] >= dense_from && !has_zero;
    if (dense[idx]) ++dense_rows;
    else sparse_entries += counts[idx];
  }
  table.entries_.resize(sparse_entries);
  table.dense_.assign(dense_rows * table.stride_, 0.0f);
  // Load factor between 1/3 and 2/3: short probe runs, and a table that stays small.
  size_t size = std::bit_ceil(std::max<size_t>(16, static_cast<size_t>(features) * 3 / 2));
  table.slots_.assign(size, Slot());
  size_t mask = size - 1;
  uint32_t next_entry = 0, next_row = 0;
  for (uint64_t idx = 0, entry = 0; idx < features; entry += counts[idx], ++idx) {
    Slot slot_value{keys[idx], 0, counts[idx]};
    if (dense[idx]) {
      slot_value.first = next_row;
      slot_value.count = kDense;
      float* row = &table.dense_[static_cast<size_t>(next_row++) * table.stride_];
      for (uint32_t item = 0; item < counts[idx]; ++item) row[decoded[entry + item].cls] = decoded[entry + item].weight;
    } else {
      slot_value.first = next_entry;
      for (uint32_t item = 0; item < counts[idx]; ++item) table.entries_[next_entry++] = decoded[entry + item];
    }
    size_t slot = keys[idx] & mask;
    while (table.slots_[slot].key != 0) slot = (slot + 1) & mask;
    table.slots_[slot] = slot_value;
  }
  return table;
}

void WeightTable::write(ByteWriter& out) const {
  std::vector<const Slot*> used;
  used.reserve(feature_count_);
  for (size_t idx = 0; idx < slots_.size(); ++idx)
    if (slots_[idx].key != 0) used.push_back(&slots_[idx]);
  std::sort(used.begin(), used.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  // Entries of a slot as (class, weight) pairs, for both storage kinds.
  auto each_entry = [&](const Slot* slot, auto&& visit) {
    if (slot->count & kDense) {
      const float* dense = &dense_[static_cast<size_t>(slot->first) * stride_];
      for (uint32_t cls = 0; cls < classes_; ++cls)
        if (dense[cls] != 0.0f) visit(cls, dense[cls]);
    } else {
      for (uint32_t entry = slot->first; entry < slot->first + slot->count; ++entry)
        visit(entries_[entry].cls, entries_[entry].weight);
    }
  };
  out.u32(classes_);
  out.u64(used.size());
  for (const Slot* slot : used) {
    uint16_t count = 0;
    each_entry(slot, [&](uint32_t, float) { ++count; });
    out.u64(slot->key);
    out.u16(count);
  }
  for (const Slot* slot : used) each_entry(slot, [&](uint32_t cls, float) { out.u16(static_cast<uint16_t>(cls)); });
  for (const Slot* slot : used) each_entry(slot, [&](uint32_t, float weight) { out.f32(weight); });
}

// Compiled for AVX-512, AVX2 and the baseline, one picked at load time (an ifunc): dense rows are
// then added 16 or 8 classes at a time instead of 4. Each class is summed in the same order on
// every path, so the scores are bit-identical. Measured on EWT test (bench/parser_speed.cc, CPU
// time, shared 2-core machine): 98k-116k tokens/s without the clones, 124k-132k with them.
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void WeightTable::score(const uint64_t* features, size_t count, float* scores) const {
  if (slots_.empty()) return;
  size_t mask = slots_.size() - 1;
  for (size_t idx = 0; idx < count; ++idx) __builtin_prefetch(&slots_[features[idx] & mask]);
  const Slot* found[kMaxFeatures];
  size_t found_count = 0;
  for (size_t idx = 0; idx < count; ++idx) {
    for (size_t slot = features[idx] & mask;; slot = (slot + 1) & mask) {
      const Slot& candidate = slots_[slot];
      if (candidate.key == features[idx]) {
        if (candidate.count & kDense) {
          const float* row = &dense_[static_cast<size_t>(candidate.first) * stride_];
          for (uint32_t line = 0; line < stride_; line += 16) __builtin_prefetch(row + line);
        } else {
          __builtin_prefetch(&entries_[candidate.first]);
        }
        found[found_count++] = &candidate;
        break;
      }
      if (candidate.key == 0) break;
    }
  }
  for (size_t idx = 0; idx < found_count; ++idx) {
    const Slot& slot = *found[idx];
    if (slot.count & kDense) {
      const float* __restrict row = &dense_[static_cast<size_t>(slot.first) * stride_];
      float* __restrict out = scores;
      for (uint32_t cls = 0; cls < stride_; ++cls) out[cls] += row[cls];
    } else {
      const Entry* entry = &entries_[slot.first];
      const Entry* end = entry + slot.count;
      for (; entry < end; ++entry) scores[entry->cls] += entry->weight;
    }
  }
}

// ---- token values and features ------------------------------------------------------------------

uint64_t word_key(std::string_view form, std::string& buffer) {
  buffer.assign(form);
  for (char& ch : buffer) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    else if (ch >= '0' && ch <= '9') ch = '0';
  }
  return hash_with(buffer, kWordSeed);
}

void prepare_tokens(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                    std::span<const std::string_view> xpos, const WordClusters& clusters,
                    const AmbiguityTable& ambiguity, std::vector<TokenValues>& values, std::string& buffer) {
  size_t count = words.size();
  if (values.size() < count + 1) values.resize(count + 1);
  TokenValues& root = values[0];
  root.word = root.tag = root.upos = root.word_tag = kRootValue;
  root.cluster = root.cluster4 = root.cluster6 = root.ambiguity = kRootValue;
  root.punct_before = root.verbs_before = 0;
  for (size_t idx = 0; idx < count; ++idx) {
    TokenValues& value = values[idx + 1];
    value.word = word_key(words[idx], buffer);
    value.tag = idx < xpos.size() ? hash_with(xpos[idx], kTagSeed) : 1;
    value.upos = idx < upos.size() ? hash_with(upos[idx], kUposSeed) : 1;
    value.word_tag = feature_combine(value.word, value.tag);
    value.ambiguity = ambiguity.find(value.word);
    std::string_view coarse = idx < upos.size() ? upos[idx] : std::string_view();
    value.punct_before = values[idx].punct_before + (coarse == "PUNCT" ? 1 : 0);
    value.verbs_before = values[idx].verbs_before + (coarse == "VERB" || coarse == "AUX" ? 1 : 0);
    uint32_t cluster = clusters.empty() ? WordClusters::kUnknown : clusters.find(words[idx]);
    if (cluster == WordClusters::kUnknown) {
      value.cluster = value.cluster4 = value.cluster6 = 1;
    } else {
      // Ids (not strings) mixed with distinct seeds: full cluster, 4-bit and 6-bit prefixes.
      value.cluster = kClusterSeed ^ (uint64_t{cluster} + 2);
      value.cluster4 = (kClusterSeed + 4) ^ (uint64_t{clusters.prefix_id(cluster, 0)} + 2);
      value.cluster6 = (kClusterSeed + 6) ^ (uint64_t{clusters.prefix_id(cluster, 1)} + 2);
    }
  }
}

namespace {

// Feature key of a template and up to three values: chained finalisers of MurmurHash3 (bijective
// mixing, inlined; XXH3 through the shared library cost more than the rest of feature extraction).
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}
inline uint64_t feature_key(uint32_t template_id, uint64_t a, uint64_t b, uint64_t c) {
  uint64_t hash = mix64(mix64(mix64(a + 0x9e3779b97f4a7c15ull * (template_id + 1)) ^ b) + c);
  return hash == 0 ? 1 : hash;
}

int distance_bucket(int distance) {
  if (distance <= 5) return distance;
  if (distance <= 10) return 6;
  return 7;
}

}  // namespace

size_t extract_features(const Configuration& config, const std::vector<TokenValues>& values, uint64_t* out) {
  const std::vector<Node>& nodes = config.nodes;
  int s0 = config.s0();
  int s0h = s0 > 0 ? nodes[s0].head : -1;
  int s0h2 = s0h > 0 ? nodes[s0h].head : -1;
  int s0l = nodes[s0].left1, s0l2 = nodes[s0].left2;
  int s0r = nodes[s0].right1, s0r2 = nodes[s0].right2;
  int n0 = config.b0(), n1 = config.b1(), n2 = config.b2();
  int n0l = n0 >= 0 ? nodes[n0].left1 : -1, n0l2 = n0 >= 0 ? nodes[n0].left2 : -1;
  int s1 = config.s1();

  auto word = [&](int token) { return token < 0 ? kNone : values[token].word; };
  auto tag = [&](int token) { return token < 0 ? kNone : values[token].tag; };
  auto word_tag = [&](int token) { return token < 0 ? kNone : values[token].word_tag; };
  auto cluster = [&](int token) { return token < 0 ? kNone : values[token].cluster; };
  auto cluster4 = [&](int token) { return token < 0 ? kNone : values[token].cluster4; };
  auto cluster6 = [&](int token) { return token < 0 ? kNone : values[token].cluster6; };
  auto label = [&](int token) { return token < 0 ? uint64_t{0} : static_cast<uint64_t>(nodes[token].label + 2); };

  size_t count = 0;
  auto add = [&](uint32_t id, uint64_t a, uint64_t b = 0, uint64_t c = 0) { out[count++] = feature_key(id, a, b, c); };

  uint64_t s0w = word(s0), s0p = tag(s0), s0wp = word_tag(s0);
  uint64_t n0w = word(n0), n0p = tag(n0), n0wp = word_tag(n0);
  uint64_t n1p = tag(n1), n2p = tag(n2);

  add(0, 1);  // bias
  // single words
  add(1, s0wp);
  add(2, s0w);
  add(3, s0p);
  add(4, n0wp);
  add(5, n0w);
  add(6, n0p);
  add(7, word_tag(n1));
  add(8, word(n1));
  add(9, n1p);
  add(10, word_tag(n2));
  add(11, word(n2));
  add(12, n2p);
  // word pairs
  add(13, s0wp, n0wp);
  add(14, s0wp, n0w);
  add(15, s0w, n0wp);
  add(16, s0wp, n0p);
  add(17, s0p, n0wp);
  add(18, s0w, n0w);
  add(19, s0p, n0p);
  add(20, n0p, n1p);
  // three words
  add(21, n0p, n1p, n2p);
  add(22, s0p, n0p, n1p);
  add(23, tag(s0h), s0p, n0p);
  add(24, s0p, tag(s0l), n0p);
  add(25, s0p, tag(s0r), n0p);
  add(26, s0p, n0p, tag(n0l));
  // distance
  uint64_t distance = n0 >= 0 ? static_cast<uint64_t>(distance_bucket(n0 - s0)) : 0;
  add(27, s0w, distance);
  add(28, s0p, distance);
  add(29, n0w, distance);
  add(30, n0p, distance);
  add(31, s0w, n0w, distance);
  add(32, s0p, n0p, distance);
  // valency
  uint64_t s0vr = static_cast<uint64_t>(std::min(nodes[s0].right_count, 8));
  uint64_t s0vl = static_cast<uint64_t>(std::min(nodes[s0].left_count, 8));
  uint64_t n0vl = n0 >= 0 ? static_cast<uint64_t>(std::min(nodes[n0].left_count, 8)) : 9;
  add(33, s0w, s0vr);
  add(34, s0p, s0vr);
  add(35, s0w, s0vl);
  add(36, s0p, s0vl);
  add(37, n0w, n0vl);
  add(38, n0p, n0vl);
  // unigrams of heads and children
  add(39, word(s0h));
  add(40, tag(s0h));
  add(41, label(s0));
  add(42, word(s0l));
  add(43, tag(s0l));
  add(44, label(s0l));
  add(45, word(s0r));
  add(46, tag(s0r));
  add(47, label(s0r));
  add(48, word(n0l));
  add(49, tag(n0l));
  add(50, label(n0l));
  // third order
  add(51, word(s0h2));
  add(52, tag(s0h2));
  add(53, label(s0h));
  add(54, word(s0l2));
  add(55, tag(s0l2));
  add(56, label(s0l2));
  add(57, word(s0r2));
  add(58, tag(s0r2));
  add(59, label(s0r2));
  add(60, word(n0l2));
  add(61, tag(n0l2));
  add(62, label(n0l2));
  add(63, s0p, tag(s0l), tag(s0l2));
  add(64, s0p, tag(s0r), tag(s0r2));
  add(65, s0p, tag(s0h), tag(s0h2));
  add(66, n0p, tag(n0l), tag(n0l2));
  // label sets
  uint64_t s0sr = nodes[s0].right_labels, s0sl = nodes[s0].left_labels;
  uint64_t n0sl = n0 >= 0 ? nodes[n0].left_labels : ~0ull;
  add(67, s0w, s0sr);
  add(68, s0p, s0sr);
  add(69, s0w, s0sl);
  add(70, s0p, s0sl);
  add(71, n0w, n0sl);
  add(72, n0p, n0sl);
  // beyond Zhang & Nivre: the word below s0, and whether the root is taken
  add(73, tag(s1), s0p, n0p);
  add(74, word_tag(s1));
  add(75, config.root_taken ? 1 : 2, s0p, n0p);
  add(76, config.unshifted >= 0 ? 1 : 2, s0p, n0p);
  // word clusters (Koo et al. 2008 style: clusters in place of words)
  add(80, cluster(s0));
  add(81, cluster(n0));
  add(82, cluster(n1));
  add(83, cluster4(s0), cluster4(n0));
  add(84, cluster6(s0), cluster6(n0));
  add(85, cluster(s0), n0p);
  add(86, s0p, cluster(n0));
  add(87, cluster4(s0), n0p, n1p);
  add(88, s0p, cluster4(n0), n1p);
  add(89, cluster4(s0h), s0p, n0p);
  add(90, cluster6(n0), cluster6(n1));
  // UPOS: coarser than XPOS and predicted more accurately, so a second view when the XPOS is wrong.
  auto upos = [&](int token) { return token < 0 ? kNone : values[token].upos; };
  add(100, upos(s0), upos(n0));
  add(101, upos(s0), upos(n0), upos(n1));
  add(102, upos(n0), upos(n1), upos(n2));
  add(103, upos(s0h), upos(s0), upos(n0));
  add(104, upos(s1), upos(s0), upos(n0));
  add(105, upos(s0), upos(n0), distance);
  // Ambiguity classes (the tags a word had in training), alone and with the predicted tag: these
  // let the model learn when to doubt the tagger.
  auto ambiguity = [&](int token) { return token < 0 ? kNone : values[token].ambiguity; };
  add(130, ambiguity(n0));
  add(131, ambiguity(s0));
  add(132, ambiguity(n0), n0p);
  add(133, ambiguity(s0), s0p);
  add(134, ambiguity(s0), ambiguity(n0));
  add(135, s0p, ambiguity(n0), n0p);
  add(136, ambiguity(n1), n1p);
  // Template version 2 (dev +0.3 UAS for one model, docs/models.md). Label conjunctions: the
  // relation s0 already has, and the labels of its and n0's outermost dependents together.
  add(140, label(s0), s0p, n0p);
  add(141, label(s0), n0w);
  add(142, s0p, label(s0l), label(s0r));
  add(143, n0p, label(n0l), label(n0l2));
  // What lies between s0 and n0 (prefix counts, so constant time): punctuation (0..3) and verbs
  // (0..2). An arc across a comma or a verb is rarer than the distance alone says.
  uint64_t punct_between = 0, verbs_between = 0;
  if (n0 > s0 && s0 > 0) {
    punct_between = static_cast<uint64_t>(std::min(values[n0 - 1].punct_before - values[s0].punct_before, 3)) + 1;
    verbs_between = static_cast<uint64_t>(std::min(values[n0 - 1].verbs_before - values[s0].verbs_before, 2)) + 1;
  }
  add(160, s0p, n0p, punct_between);
  add(161, s0p, n0p, verbs_between);
  add(162, upos(s0), upos(n0), punct_between * 4 + verbs_between);
  // Wider context: the third stack word and the fourth buffer word.
  int s2 = config.s2(), n3 = config.b3();
  add(170, tag(s2), tag(s1), s0p);
  add(171, n1p, n2p, tag(n3));
  add(172, upos(s2), upos(s1), upos(s0));
  return count;
}

}  // namespace parser_internal

// ---- Parser -----------------------------------------------------------------------------------

using namespace parser_internal;

void Parser::parse(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                   std::span<const std::string_view> xpos, ParserScratch& scratch, std::span<int> heads,
                   std::span<std::string_view> relations) const {
  int word_count = static_cast<int>(std::min({words.size(), heads.size(), relations.size()}));
  if (word_count == 0) return;
  const RelationTable& table = parts_.relations;
  int label_count = static_cast<int>(table.names.size());
  uint32_t classes = table.classes();
  uint32_t stride = parts_.weights.stride();
  Configuration& config = scratch.config;
  config.non_monotonic = non_monotonic_;
  config.reset(word_count);
  prepare_tokens(words.first(static_cast<size_t>(word_count)), upos, xpos, parts_.clusters, parts_.ambiguity,
                 scratch.values, scratch.buffer);
  if (scratch.scores.size() < stride) scratch.scores.resize(stride);
  if (scratch.allowed.size() < classes) scratch.allowed.resize(classes);
  float* scores = scratch.scores.data();
  uint8_t* allowed = scratch.allowed.data();

  // Every transition either pops a word for good, consumes the buffer, or unshifts a headless word
  // (at most once per word), so 4n + 4 steps always suffice; the bound guards against a bug.
  for (int step = 0; step < 4 * word_count + 4 && !config.terminal(); ++step) {
    Action action;
    if (config.forced(action)) {
      config.apply(action, -1);
      continue;
    }
    if (allowed_classes(config, table, allowed) == 0) break;
    size_t feature_count = extract_features(config, scratch.values, scratch.features);
    std::fill(scores, scores + stride, 0.0f);
    parts_.weights.score(scratch.features, feature_count, scores);
    uint32_t best = UINT32_MAX;
    for (uint32_t cls = 0; cls < classes; ++cls)
      if (allowed[cls] && (best == UINT32_MAX || scores[cls] > scores[best])) best = cls;
    int label;
    action = action_of(best, label_count, label);
    config.apply(action, label);
  }

  // A finished configuration is a tree; the repair below only runs if the loop was cut short.
  int root_child = -1;
  for (int word = 1; word <= word_count; ++word)
    if (config.nodes[word].head == 0) root_child = word;
  int fallback_label = table.find("dep");
  if (fallback_label < 0) fallback_label = table.root == 0 && label_count > 1 ? 1 : 0;
  for (int word = 1; word <= word_count; ++word) {
    Node& node = config.nodes[word];
    if (node.head >= 0) continue;
    if (root_child < 0) {
      node.head = 0;
      node.label = table.root;
      root_child = word;
    } else {
      node.head = root_child;
      node.label = fallback_label;
    }
  }
  for (int word = 1; word <= word_count; ++word) {
    const Node& node = config.nodes[word];
    heads[static_cast<size_t>(word - 1)] = node.head;
    relations[static_cast<size_t>(word - 1)] =
        node.label >= 0 && node.label < label_count ? std::string_view(table.names[static_cast<size_t>(node.label)])
                                                    : std::string_view();
  }
}

namespace {

std::vector<std::string_view> split_view(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string encode_relations(const RelationTable& table) {
  std::string out;
  for (size_t idx = 0; idx < table.names.size(); ++idx) {
    out += table.names[idx];
    out += table.left_ok[idx] ? "\t1" : "\t0";
    out += table.right_ok[idx] ? "\t1\n" : "\t0\n";
  }
  return out;
}

Result<RelationTable> decode_relations(std::string_view text, const std::string& name) {
  RelationTable table;
  size_t line_number = 0;
  for (std::string_view line : split_view(text, '\n')) {
    ++line_number;
    if (line.empty()) continue;
    auto fields = split_view(line, '\t');
    if (fields.size() != 3 || fields[0].empty() || (fields[1] != "0" && fields[1] != "1") ||
        (fields[2] != "0" && fields[2] != "1"))
      return Error(name + ": labels line " + std::to_string(line_number) + ": expected RELATION<TAB>0|1<TAB>0|1");
    if (table.find(fields[0]) >= 0) return Error(name + ": labels: duplicate relation '" + std::string(fields[0]) + "'");
    table.names.emplace_back(fields[0]);
    table.left_ok.push_back(fields[1] == "1");
    table.right_ok.push_back(fields[2] == "1");
  }
  table.root = table.find("root");
  if (table.root < 0) return Error(name + ": labels: no 'root' relation");
  if (table.names.size() > 30000) return Error(name + ": labels: too many relations");
  return table;
}

std::string encode_selftest(const std::vector<SelfTestSentence>& sentences) {
  std::string out;
  for (const auto& sentence : sentences) {
    for (size_t idx = 0; idx < sentence.words.size(); ++idx) {
      out += sentence.words[idx] + "\t" + sentence.upos[idx] + "\t" + sentence.xpos[idx] + "\t" +
             std::to_string(sentence.heads[idx]) + "\t" + sentence.relations[idx] + "\n";
    }
    out += "\n";
  }
  return out;
}

Result<std::vector<SelfTestSentence>> decode_selftest(std::string_view text, const std::string& name) {
  std::vector<SelfTestSentence> sentences;
  SelfTestSentence current;
  size_t line_number = 0;
  for (std::string_view line : split_view(text, '\n')) {
    ++line_number;
    if (line.empty()) {
      if (!current.words.empty()) sentences.push_back(std::move(current));
      current = SelfTestSentence();
      continue;
    }
    auto fields = split_view(line, '\t');
    int head = -1;
    if (fields.size() == 5) {
      auto [ptr, ec] = std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), head);
      if (ec != std::errc() || ptr != fields[3].data() + fields[3].size()) head = -1;
    }
    if (fields.size() != 5 || head < 0)
      return Error(name + ": selftest line " + std::to_string(line_number) + ": expected form, upos, xpos, head, relation");
    current.words.emplace_back(fields[0]);
    current.upos.emplace_back(fields[1]);
    current.xpos.emplace_back(fields[2]);
    current.heads.push_back(head);
    current.relations.emplace_back(fields[4]);
  }
  if (!current.words.empty()) sentences.push_back(std::move(current));
  return sentences;
}

}  // namespace

Status Parser::run_selftest(const std::string& name) const {
  ParserScratch scratch;
  for (size_t sentence_idx = 0; sentence_idx < parts_.selftest.size(); ++sentence_idx) {
    const SelfTestSentence& sentence = parts_.selftest[sentence_idx];
    std::vector<std::string_view> words(sentence.words.begin(), sentence.words.end());
    std::vector<std::string_view> upos(sentence.upos.begin(), sentence.upos.end());
    std::vector<std::string_view> xpos(sentence.xpos.begin(), sentence.xpos.end());
    std::vector<int> heads(words.size());
    std::vector<std::string_view> relations(words.size());
    parse(words, upos, xpos, scratch, heads, relations);
    for (size_t idx = 0; idx < words.size(); ++idx) {
      if (heads[idx] != sentence.heads[idx] || relations[idx] != sentence.relations[idx])
        return Error(name + ": self-test failed: sentence " + std::to_string(sentence_idx + 1) + ", word " +
                     std::to_string(idx + 1) + " '" + sentence.words[idx] + "': expected " +
                     std::to_string(sentence.heads[idx]) + " " + sentence.relations[idx] + ", got " +
                     std::to_string(heads[idx]) + " " + std::string(relations[idx]));
  }
  }
  return Status::Ok();
}

Result<Parser> Parser::assemble(ParserParts parts, const std::string& name) {
  Parser parser;
  parser.parts_ = std::move(parts);
  auto transitions = parser.parts_.metadata.find("transition_system");
  if (transitions != parser.parts_.metadata.end()) {
    if (transitions->second != kArcEager && transitions->second != kArcEagerNonMonotonic)
      return Error(name + ": unknown transition system '" + transitions->second + "'");
    parser.non_monotonic_ = transitions->second == kArcEagerNonMonotonic;
  }
  RelationTable& table = parser.parts_.relations;
  table.root = table.find("root");
  if (table.root < 0) return Error(name + ": parser has no 'root' relation");
  if (table.left_ok.size() != table.names.size() || table.right_ok.size() != table.names.size())
    return Error(name + ": relation table is inconsistent");
  if (parser.parts_.weights.classes() != table.classes())
    return Error(name + ": weights have " + std::to_string(parser.parts_.weights.classes()) + " classes, expected " +
                 std::to_string(table.classes()));
  for (const auto& sentence : parser.parts_.selftest) {
    size_t size = sentence.words.size();
    if (sentence.upos.size() != size || sentence.xpos.size() != size || sentence.heads.size() != size ||
        sentence.relations.size() != size)
      return Error(name + ": self-test sentence is inconsistent");
  }
  Status selftest = parser.run_selftest(name);
  if (!selftest.ok()) return Error(selftest.message());
  return parser;
}

Result<Parser> Parser::from_model_file(const ModelFile& file, const std::string& name) {
  auto version = file.metadata.find("template_version");
  if (version == file.metadata.end() || version->second != std::to_string(kTemplateVersion))
    return Error(name + ": parser feature templates version " +
                 (version == file.metadata.end() ? std::string("missing") : "'" + version->second + "'") +
                 ", this build reads version " + std::to_string(kTemplateVersion));
  ParserParts parts;
  parts.metadata = file.metadata;

  auto labels = file.section("labels", name);
  if (!labels.ok()) return labels.error();
  auto table = decode_relations(labels.value(), name);
  if (!table.ok()) return table.error();
  parts.relations = std::move(table.value());

  auto weights = file.section("weights", name);
  if (!weights.ok()) return weights.error();
  auto table_weights = WeightTable::read(weights.value(), name + ": weights");
  if (!table_weights.ok()) return table_weights.error();
  parts.weights = std::move(table_weights.value());

  auto clusters = file.sections.find(std::string(kWordClustersSection));
  if (clusters != file.sections.end()) {
    auto read = WordClusters::from_section(clusters->second, name + ": " + std::string(kWordClustersSection));
    if (!read.ok()) return read.error();
    parts.clusters = std::move(read.value());
  }

  auto ambiguity = file.sections.find("ambiguity");
  if (ambiguity != file.sections.end()) {
    ByteReader reader(ambiguity->second, name + ": ambiguity");
    auto read = AmbiguityTable::read(reader);
    if (!read.ok()) return Error(name + ": " + read.error().message());
    if (!reader.at_end()) return Error(name + ": ambiguity: trailing bytes (corrupt)");
    parts.ambiguity = std::move(read.value());
  }

  auto selftest = file.section("selftest", name);
  if (!selftest.ok()) return selftest.error();
  auto sentences = decode_selftest(selftest.value(), name);
  if (!sentences.ok()) return sentences.error();
  parts.selftest = std::move(sentences.value());
  return assemble(std::move(parts), name);
}

Result<Parser> Parser::load(const std::string& path) {
  auto file = read_model_file(path, "parser");
  if (!file.ok()) return file.error();
  return from_model_file(file.value(), path);
}

ModelFile Parser::to_model_file() const {
  ModelFile file;
  file.kind = "parser";
  file.metadata = parts_.metadata;
  file.metadata["template_version"] = std::to_string(kTemplateVersion);
  file.sections["labels"] = encode_relations(parts_.relations);
  ByteWriter weights;
  parts_.weights.write(weights);
  file.sections["weights"] = weights.take();
  if (!parts_.clusters.empty()) file.sections[std::string(kWordClustersSection)] = parts_.clusters.to_section();
  if (!parts_.ambiguity.empty()) {
    ByteWriter ambiguity;
    parts_.ambiguity.write(ambiguity);
    file.sections["ambiguity"] = ambiguity.take();
  }
  file.sections["selftest"] = encode_selftest(parts_.selftest);
  return file;
}

Status Parser::save(const std::string& path) const { return write_model_file(to_model_file(), path); }

}  // namespace chronicle::models
