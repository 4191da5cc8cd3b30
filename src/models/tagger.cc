#include "models/tagger.h"

#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>

namespace chronicle::models {
namespace {

// Feature template ids. Changing any of them, or what they hash, changes the features: bump
// kTaggerFeatureVersion.
enum Template : uint32_t {
  // Word strings, hashed once per word in `prepare` (feature_hash over the string).
  kForm = 1,
  kLower,
  kPrefix,                // + length - 1 (4 ids)
  kSuffix = kPrefix + 4,  // + length - 1 (4 ids)
  kShape = kSuffix + 4,
  kShortShape,
  kClusterPath,
  kLemmaKey,
  kLemmaSuffix,  // + length - 1 (5 ids)
  kDictionaryClasses = kLemmaSuffix + 5,
  // Features: templates over the hashes above, tags and positions (`combine`).
  kBias = 100,
  kWord,
  kWordLower,
  kWordPrefix,
  kWordSuffix,
  kWordShape,
  kWordShortShape,
  kFlag,
  kFirstCapital,
  kLowerAt,                       // + offset + 2 (5 ids)
  kSuffixAt = kLowerAt + 5,       // + offset + 2
  kShortShapeAt = kSuffixAt + 5,  // + offset + 2
  kBigramLeft = kShortShapeAt + 5,
  kBigramRight,
  kSkipBigram,
  kClusterSelf,
  kClusterAt,  // + offset + 2
  kDictionarySelf = kClusterAt + 5,
  kDictionaryCapital,
  kDictionaryAt,  // + offset + 2
  kDictionaryCommonest = kDictionaryAt + 5,
  kTagLeft1,
  kTagLeft2,
  kTagLeft12,
  kTagLeftWord,
  kTagLeftNextWord,
  kTagLeftRight,
  kTagRight1,
  kTagRight2,
  kTagRight12,
  kTagRightWord,
  kTagSelfFirstPass,
  kTagRightSuffix,
  kTagFirstLeft,
  kTagFirstAround,
  // Lemma classifier.
  kLemmaBias = 200,
  kLemmaUpos,
  kLemmaSuffixTag,
  kLemmaSuffixOnly,
  kLemmaShape,
  kLemmaLength,
  kLemmaSuffixShape,
};

// A feature from a template and one or two 64-bit values (hashes of strings, tags, flags): two
// rounds of MurmurHash3's 64-bit finaliser. Inline and a few cycles, where XXH3 would be a library
// call per feature; the strings themselves are hashed once per word with feature_hash.
inline uint64_t mix64(uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdull;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ull;
  value ^= value >> 33;
  return value;
}
inline uint64_t combine(uint32_t template_id, uint64_t a, uint64_t b = 0) {
  uint64_t hash = mix64(mix64(a + 0x9e3779b97f4a7c15ull * template_id) ^ (b + 0x632be59bd9b4e019ull));
  return hash == 0 ? 1 : hash;
}

// Lengths of the cluster-path prefixes used as features (0 = the whole path).
constexpr std::array<uint8_t, 4> kClusterPrefixes = {4, 6, 10, 0};

enum Flag : uint32_t {
  kHasDigit = 1u << 0,
  kHasUpper = 1u << 1,
  kAllUpper = 1u << 2,
  kInitialUpper = 1u << 3,
  kHasHyphen = 1u << 4,
  kFirstWord = 1u << 5,
  kNonAscii = 1u << 6,
  kNoAlnum = 1u << 7,
  kHasPeriod = 1u << 8,
  kLooksLikeAddress = 1u << 9,  // '@' or "://" or "www."
  kAllDigits = 1u << 10,
  kFlagCount = 11,
};

inline bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Byte length of the first `chars` characters of `word` (or the whole word when shorter); sets
// `complete` to whether the word had at least that many characters.
size_t prefix_bytes(std::string_view word, size_t chars, bool& complete) {
  size_t pos = 0;
  for (size_t count = 0; count < chars; ++count) {
    if (pos >= word.size()) {
      complete = false;
      return pos;
    }
    ++pos;
    while (pos < word.size() && is_continuation(word[pos])) ++pos;
  }
  complete = true;
  return pos;
}

// Byte offset where the last `chars` characters of `word` start.
size_t suffix_start(std::string_view word, size_t chars, bool& complete) {
  size_t pos = word.size();
  for (size_t count = 0; count < chars; ++count) {
    if (pos == 0) {
      complete = false;
      return 0;
    }
    --pos;
    while (pos > 0 && is_continuation(word[pos])) --pos;
  }
  complete = true;
  return pos;
}

char shape_class(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return 'X';
    if (cp >= 'a' && cp <= 'z') return 'x';
    if (cp >= '0' && cp <= '9') return 'd';
    return static_cast<char>(cp);
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      return 'X';
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return 'x';
    case UTF8PROC_CATEGORY_ND:
      return 'd';
    default:
      return '*';
  }
}

uint64_t hash_of(uint32_t template_id, std::string_view value) { return feature_hash(template_id, value); }

// Strings of up to 8 bytes (affixes, shapes) packed little-endian into an integer and mixed inline;
// longer ones by feature_hash. The same on every platform.
uint64_t short_hash(uint32_t template_id, std::string_view value) {
  if (value.size() > 8) return feature_hash(template_id, value);
  uint64_t packed = 0;
  for (size_t idx = 0; idx < value.size(); ++idx)
    packed |= static_cast<uint64_t>(static_cast<unsigned char>(value[idx])) << (8 * idx);
  return combine(template_id, packed, value.size());
}

uint64_t unknown_form() {
  static const uint64_t hash = hash_of(kForm, "<unknown>");
  return hash;
}
uint64_t unknown_lower() {
  static const uint64_t hash = hash_of(kLower, "<unknown>");
  return hash;
}

}  // namespace

// ---- weights -------------------------------------------------------------------------------------

Result<TaggerWeights> TaggerWeights::read(ByteReader& in) {
  TaggerWeights model;
  model.classes_ = in.u32();
  uint64_t features = in.u64();
  if (!in.plausible_count(features, 10)) return Error(in.status().message());
  if (model.classes_ == 0 && features == 0) return model;  // an untrained model
  if (model.classes_ == 0 || model.classes_ > 65535) return Error("weights: bad class count");
  std::vector<uint64_t> keys(features);
  std::vector<uint16_t> counts(features);
  uint64_t entries = 0;
  for (uint64_t idx = 0; idx < features; ++idx) {
    keys[idx] = in.u64();
    counts[idx] = in.u16();
    entries += counts[idx];
    if (keys[idx] == 0 || (idx > 0 && keys[idx] <= keys[idx - 1]))
      return Error("weights: feature keys not strictly increasing (corrupt)");
    if (counts[idx] == 0 || counts[idx] > model.classes_) return Error("weights: bad entry count (corrupt)");
  }
  if (!in.plausible_count(entries, 6)) return Error(in.status().message());
  std::vector<uint16_t> classes(entries);
  for (auto& cls : classes) {
    cls = in.u16();
    if (cls >= model.classes_) return Error("weights: class id out of range (corrupt)");
  }
  std::vector<float> weights(entries);
  for (auto& weight : weights) {
    weight = in.f32();
    if (!std::isfinite(weight)) return Error("weights: non-finite weight (corrupt)");
  }
  if (!in.ok()) return Error(in.status().message());

  // A feature with many classes gets a dense row: adding 104 floats in a vector loop costs about
  // as much as a dozen scattered (class, weight) additions.
  constexpr uint16_t kDenseFrom = 12;
  model.padded_ = (model.classes_ + 7) / 8 * 8;
  model.features_ = features;
  model.weights_ = entries;
  size_t size = std::bit_ceil(std::max<size_t>(16, features * 2));
  model.slots_.assign(size, Slot{});
  const size_t mask = size - 1;
  uint64_t entry = 0;
  for (uint64_t idx = 0; idx < features; ++idx) {
    Slot slot_value;
    slot_value.key = keys[idx];
    slot_value.count = counts[idx];
    if (counts[idx] >= kDenseFrom) {
      slot_value.dense = 1;
      slot_value.offset = static_cast<uint32_t>(model.dense_.size());
      model.dense_.resize(model.dense_.size() + model.padded_, 0.0f);
      for (uint16_t k = 0; k < counts[idx]; ++k)
        model.dense_[slot_value.offset + classes[entry + k]] = weights[entry + k];
    } else {
      slot_value.offset = static_cast<uint32_t>(model.sparse_.size());
      for (uint16_t k = 0; k < counts[idx]; ++k) model.sparse_.push_back({classes[entry + k], weights[entry + k]});
    }
    if (model.dense_.size() > UINT32_MAX || model.sparse_.size() > UINT32_MAX)
      return Error("weights: too many weights");
    entry += counts[idx];
    size_t slot = keys[idx] & mask;
    while (model.slots_[slot].key != 0) slot = (slot + 1) & mask;
    model.slots_[slot] = slot_value;
  }
  return model;
}

void TaggerWeights::prefetch(std::span<const uint64_t> features) const {
  if (slots_.empty()) return;
  const size_t mask = slots_.size() - 1;
  for (uint64_t feature : features) __builtin_prefetch(&slots_[feature & mask]);
}

// The dense rows are most of the work: with AVX2 (chosen at load time where the processor has it)
// the loop adds eight floats at a time instead of four. Each class's sum is the same either way.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
void TaggerWeights::score(std::span<const uint64_t> features, float* scores) const {
  if (slots_.empty()) return;
  // Three sweeps so that the cache misses overlap instead of following one another: prefetch every
  // feature's hash slot, then find the slots and prefetch their weights, then add the weights.
  const size_t mask = slots_.size() - 1;
  for (uint64_t feature : features) __builtin_prefetch(&slots_[feature & mask]);
  constexpr size_t kBatch = 64;
  const Slot* found[kBatch];
  size_t done = 0;
  while (done < features.size()) {
    const size_t batch = std::min(kBatch, features.size() - done);
    size_t hits = 0;
    for (size_t idx = 0; idx < batch; ++idx) {
      const uint64_t feature = features[done + idx];
      for (size_t slot = feature & mask;; slot = (slot + 1) & mask) {
        const Slot& candidate = slots_[slot];
        if (candidate.key == feature) {
          found[hits++] = &candidate;
          if (candidate.dense) {
            __builtin_prefetch(&dense_[candidate.offset]);
            __builtin_prefetch(&dense_[candidate.offset] + 64);
          } else {
            __builtin_prefetch(&sparse_[candidate.offset]);
          }
          break;
        }
        if (candidate.key == 0) break;
      }
    }
    for (size_t idx = 0; idx < hits; ++idx) {
      const Slot& slot = *found[idx];
      if (slot.dense) {
        const float* row = &dense_[slot.offset];
        for (uint32_t cls = 0; cls < padded_; ++cls) scores[cls] += row[cls];
      } else {
        const SparseEntry* entry = &sparse_[slot.offset];
        for (uint32_t k = 0; k < slot.count; ++k) scores[entry[k].cls] += entry[k].weight;
      }
    }
    done += batch;
  }
}

void TaggerWeights::write(ByteWriter& out) const {
  // A dense row lists its non-zero weights (a zero weight and a missing one score the same).
  auto nonzero = [&](const Slot& slot) {
    if (!slot.dense) return static_cast<uint16_t>(slot.count);
    uint16_t count = 0;
    for (uint32_t cls = 0; cls < classes_; ++cls) count += dense_[slot.offset + cls] != 0.0f;
    return count;
  };
  std::vector<const Slot*> used;
  for (const Slot& slot : slots_)
    if (slot.key != 0 && nonzero(slot) > 0) used.push_back(&slot);
  std::sort(used.begin(), used.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  out.u32(classes_);
  out.u64(used.size());
  for (const Slot* slot : used) {
    out.u64(slot->key);
    out.u16(nonzero(*slot));
  }
  for (const Slot* slot : used) {
    if (slot->dense) {
      for (uint32_t cls = 0; cls < classes_; ++cls)
        if (dense_[slot->offset + cls] != 0.0f) out.u16(static_cast<uint16_t>(cls));
    } else {
      for (uint32_t idx = 0; idx < slot->count; ++idx) out.u16(static_cast<uint16_t>(sparse_[slot->offset + idx].cls));
    }
  }
  for (const Slot* slot : used) {
    if (slot->dense) {
      for (uint32_t cls = 0; cls < classes_; ++cls)
        if (dense_[slot->offset + cls] != 0.0f) out.f32(dense_[slot->offset + cls]);
    } else {
      for (uint32_t idx = 0; idx < slot->count; ++idx) out.f32(sparse_[slot->offset + idx].weight);
    }
  }
}

// ---- words ----------------------------------------------------------------------------------------

void Tagger::append_lower(std::string_view word, std::string& out) {
  size_t pos = 0;
  while (pos < word.size()) {
    unsigned char byte = static_cast<unsigned char>(word[pos]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + 32) : static_cast<char>(byte));
      ++pos;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data() + pos),
                                               static_cast<utf8proc_ssize_t>(word.size() - pos), &cp);
    if (length <= 0) {  // invalid UTF-8: copied as it is
      out.push_back(static_cast<char>(byte));
      ++pos;
      continue;
    }
    utf8proc_uint8_t encoded[4];
    utf8proc_ssize_t size = utf8proc_encode_char(utf8proc_tolower(cp), encoded);
    out.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(size));
    pos += static_cast<size_t>(length);
  }
}

uint64_t Tagger::word_key(std::string_view word) { return hash_of(kForm, word); }

uint64_t Tagger::lemma_key(std::string_view form, uint16_t xpos) {
  return feature_combine(hash_of(kLemmaKey, form), xpos);
}

TaggerTokenContext Tagger::word_context(std::string_view word, std::string_view lower) const {
  TaggerTokenContext context;
  context.form = word_key(word);
  context.lower = hash_of(kLower, lower);
  for (size_t length = 1; length <= 4; ++length) {
    bool complete = false;
    size_t end = prefix_bytes(lower, length, complete);
    if (complete)
      context.prefix[length - 1] = short_hash(kPrefix + static_cast<uint32_t>(length) - 1, lower.substr(0, end));
    size_t start = suffix_start(lower, length, complete);
    if (complete)
      context.suffix[length - 1] = short_hash(kSuffix + static_cast<uint32_t>(length) - 1, lower.substr(start));
  }

  // Shape ("Xxx", "dd.dd") with runs capped at two, short shape ("Xx", "d.d") with runs of one.
  char shape[24], short_shape[24];
  size_t shape_size = 0, short_size = 0;
  uint32_t flags = 0;
  bool any_lower = false, all_digits = !word.empty(), any_alnum = false;
  size_t pos = 0, char_idx = 0;
  while (pos < word.size()) {
    char32_t cp = static_cast<unsigned char>(word[pos]);
    size_t length = 1;
    if (cp >= 0x80) {
      flags |= kNonAscii;
      utf8proc_int32_t decoded = 0;
      utf8proc_ssize_t got = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data() + pos),
                                              static_cast<utf8proc_ssize_t>(word.size() - pos), &decoded);
      if (got > 0) {
        cp = static_cast<char32_t>(decoded);
        length = static_cast<size_t>(got);
      } else {
        cp = 0xFFFD;
      }
    }
    char cls = shape_class(cp);
    if (cls == 'X') {
      flags |= kHasUpper;
      if (char_idx == 0) flags |= kInitialUpper;
    }
    if (cls == 'x') any_lower = true;
    if (cls == 'd') flags |= kHasDigit;
    if (cls == 'X' || cls == 'x' || cls == 'd') any_alnum = true;
    if (cls != 'd') all_digits = false;
    if (cp == '-') flags |= kHasHyphen;
    if (cp == '.') flags |= kHasPeriod;
    if (cp == '@') flags |= kLooksLikeAddress;
    if (shape_size < sizeof shape && !(shape_size >= 2 && shape[shape_size - 1] == cls && shape[shape_size - 2] == cls))
      shape[shape_size++] = cls;
    if (short_size < sizeof short_shape && !(short_size >= 1 && short_shape[short_size - 1] == cls))
      short_shape[short_size++] = cls;
    pos += length;
    ++char_idx;
  }
  if ((flags & kHasUpper) && !any_lower) flags |= kAllUpper;
  if (!any_alnum) flags |= kNoAlnum;
  if (all_digits) flags |= kAllDigits;
  if (word.find("://") != std::string_view::npos || word.starts_with("www.")) flags |= kLooksLikeAddress;
  context.flags = flags;
  context.shape = short_hash(kShape, std::string_view(shape, shape_size));
  context.short_shape = short_hash(kShortShape, std::string_view(short_shape, short_size));

  const uint64_t lower_key = lower == word ? context.form : word_key(lower);
  context.lexicon = word_index_.find(context.form);
  const int32_t lower_entry = lower == word ? context.lexicon : word_index_.find(lower_key);
  int32_t cluster = cluster_index_.find(context.form);
  if (cluster < 0 && lower != word) cluster = cluster_index_.find(lower_key);
  int32_t dictionary = dictionary_index_.find(lower_key);
  const uint16_t classes = dictionary < 0 ? 0xffffu : parts_.dictionary[static_cast<size_t>(dictionary)].classes;
  constexpr uint16_t kClassBits = (1u << kDictionaryCommonestShift) - 1;
  context.dictionary = feature_hash(kDictionaryClasses, classes & kClassBits);
  context.commonest = classes >> kDictionaryCommonestShift;
  if (!parts_.words.empty()) {
    if (context.lexicon < 0 || !(parts_.words[static_cast<size_t>(context.lexicon)].seen & TaggerParts::kSeenForm))
      context.form = unknown_form();
    if (lower_entry < 0 || !(parts_.words[static_cast<size_t>(lower_entry)].seen & TaggerParts::kSeenLower))
      context.lower = unknown_lower();
  }
  if (cluster >= 0) {
    const auto& entry = parts_.clusters[static_cast<size_t>(cluster)];
    for (size_t idx = 0; idx < kClusterPrefixes.size(); ++idx) {
      uint8_t length = kClusterPrefixes[idx] == 0 ? entry.length : std::min(kClusterPrefixes[idx], entry.length);
      uint64_t prefix = length == 0 ? 0 : entry.bits >> (64 - length);
      context.cluster[idx] = feature_hash(kClusterPath, prefix, length);
    }
  }
  return context;
}

void Tagger::prepare(std::span<const std::string_view> words, Scratch& scratch) const {
  // Boundary contexts: two before the first word, two after the last.
  static const TaggerTokenContext kBefore = [] {
    TaggerTokenContext context;
    context.form = context.lower = context.shape = context.short_shape = hash_of(kForm, "<s>");
    return context;
  }();
  static const TaggerTokenContext kAfter = [] {
    TaggerTokenContext context;
    context.form = context.lower = context.shape = context.short_shape = hash_of(kForm, "</s>");
    return context;
  }();
  const size_t size = words.size();
  const size_t pad = Scratch::kPad;
  scratch.size_ = size;
  scratch.contexts_.resize(size + 2 * pad);
  scratch.lower_.clear();
  scratch.lower_spans_.resize(size);
  const uint16_t before_tag = static_cast<uint16_t>(parts_.tags.size());
  const uint16_t after_tag = static_cast<uint16_t>(parts_.tags.size() + 1);
  for (auto& tags : scratch.tags_) {
    tags.resize(size + 2 * pad);
    for (size_t idx = 0; idx < pad; ++idx) {
      tags[idx] = before_tag;
      tags[size + pad + idx] = after_tag;
    }
  }
  for (size_t idx = 0; idx < pad; ++idx) {
    scratch.contexts_[idx] = kBefore;
    scratch.contexts_[size + pad + idx] = kAfter;
  }
  for (size_t token_idx = 0; token_idx < size; ++token_idx) {
    size_t begin = scratch.lower_.size();
    append_lower(words[token_idx], scratch.lower_);
    scratch.lower_spans_[token_idx] = {static_cast<uint32_t>(begin),
                                       static_cast<uint32_t>(scratch.lower_.size() - begin)};
    std::string_view lower_word(scratch.lower_.data() + begin, scratch.lower_.size() - begin);
    TaggerTokenContext& context = scratch.contexts_[token_idx + pad];
    context = word_context(words[token_idx], lower_word);
    if (token_idx == 0) context.flags |= kFirstWord;
  }
}

void Tagger::hide_word(size_t token_idx, bool lower, Scratch& scratch) const {
  TaggerTokenContext& context = scratch.contexts_[token_idx + Scratch::kPad];
  context.form = unknown_form();
  if (lower) context.lower = unknown_lower();
}

std::string_view Tagger::lower(size_t token_idx, const Scratch& scratch) const {
  auto [begin, size] = scratch.lower_spans_[token_idx];
  return std::string_view(scratch.lower_).substr(begin, size);
}

uint16_t Tagger::fixed_tag(size_t token_idx, const Scratch& scratch) const {
  int32_t entry = scratch.context(token_idx).lexicon;
  return entry < 0 ? TaggerParts::kNoTag : parts_.words[static_cast<size_t>(entry)].fixed_tag;
}

// ---- features -------------------------------------------------------------------------------------

void Tagger::static_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const {
  const TaggerTokenContext* at = &scratch.contexts_[token_idx + Scratch::kPad];  // at[-2] .. at[2]
  const TaggerTokenContext& word = at[0];
  auto add = [&out](uint32_t template_id, uint64_t a, uint64_t b = 0) { out.push_back(combine(template_id, a, b)); };
  const bool capital = (word.flags & kInitialUpper) != 0, first_word = (word.flags & kFirstWord) != 0;

  add(kBias, 0);
  add(kWord, word.form);
  add(kWordLower, word.lower);
  for (uint64_t prefix : word.prefix)
    if (prefix != 0) add(kWordPrefix, prefix);
  for (uint64_t suffix : word.suffix)
    if (suffix != 0) add(kWordSuffix, suffix);
  add(kWordShape, word.shape);
  add(kWordShortShape, word.short_shape);
  for (uint32_t bit = 0; bit < kFlagCount; ++bit)
    if (word.flags & (1u << bit)) add(kFlag, bit);
  add(kFirstCapital, capital, first_word);

  for (int offset : {-2, -1, 1, 2}) add(kLowerAt + static_cast<uint32_t>(offset + 2), at[offset].lower);
  for (int offset : {-1, 1}) {
    uint64_t suffix = at[offset].suffix[2] != 0 ? at[offset].suffix[2] : at[offset].lower;
    add(kSuffixAt + static_cast<uint32_t>(offset + 2), suffix);
    add(kShortShapeAt + static_cast<uint32_t>(offset + 2), at[offset].short_shape);
  }
  add(kBigramLeft, at[-1].lower, word.lower);
  add(kBigramRight, word.lower, at[1].lower);
  add(kSkipBigram, at[-1].lower, at[1].lower);

  for (size_t idx = 0; idx < kClusterPrefixes.size(); ++idx) {
    if (word.cluster[idx] != 0) add(kClusterSelf, word.cluster[idx]);
    for (int offset : {-1, 1})
      if (at[offset].cluster[idx] != 0) add(kClusterAt + static_cast<uint32_t>(offset + 2), at[offset].cluster[idx]);
  }

  add(kDictionarySelf, word.dictionary);
  add(kDictionaryCapital, word.dictionary, capital * 2 + first_word);
  add(kDictionaryCommonest, word.commonest, word.dictionary);
  for (int offset : {-1, 1}) add(kDictionaryAt + static_cast<uint32_t>(offset + 2), at[offset].dictionary);

  if (pass == 1) {  // the first pass's tags, known before the second pass starts
    const uint16_t* first = &scratch.tags_[0][token_idx + Scratch::kPad];  // first[0], first[1], first[2]
    add(kTagRight1, first[1]);
    add(kTagRight2, first[2]);
    add(kTagRight12, first[1], first[2]);
    add(kTagRightWord, first[1], word.lower);
    add(kTagSelfFirstPass, first[0]);
    add(kTagRightSuffix, first[1], word.suffix[2] != 0 ? word.suffix[2] : word.lower);
    add(kTagFirstLeft, first[-1]);
    add(kTagFirstAround, first[-1], first[1]);
  }
}

void Tagger::dynamic_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const {
  // "Before" is the left for a left-to-right pass, the right for a right-to-left one.
  const ptrdiff_t step = reversed(pass) ? -1 : 1;
  const TaggerTokenContext* at = &scratch.contexts_[token_idx + Scratch::kPad];
  const uint16_t* tags = &scratch.tags_[pass][token_idx + Scratch::kPad];
  const uint16_t before1 = tags[-step], before2 = tags[-2 * step];
  auto add = [&out](uint32_t template_id, uint64_t a, uint64_t b = 0) { out.push_back(combine(template_id, a, b)); };
  add(kTagLeft1, before1);
  add(kTagLeft2, before2);
  add(kTagLeft12, before1, before2);
  add(kTagLeftWord, before1, at[0].lower);
  add(kTagLeftNextWord, before1, at[step].lower);
  if (pass == 1) add(kTagLeftRight, before1, scratch.tags_[0][token_idx + Scratch::kPad + 1]);
}

void Tagger::pass_features(int pass, size_t token_idx, const Scratch& scratch, std::vector<uint64_t>& out) const {
  out.clear();
  static_features(pass, token_idx, scratch, out);
  dynamic_features(pass, token_idx, scratch, out);
}

void Tagger::lemma_features(std::string_view form, std::string_view lower, uint16_t tag,
                            std::vector<uint64_t>& out) const {
  out.clear();
  const uint64_t xpos = parts_.tags[tag].second, upos = parts_.tags[tag].first;
  // Case pattern of the form: 0 no upper-case letter, 1 initial only ("Kabul"), 2 all upper-case
  // ("KABUL"), 3 other mixes ("iPhone", "McDonald"); plus digits and commas ("2,000").
  size_t upper = 0, letters = 0;
  bool digit = false, comma = false;
  for (size_t idx = 0; idx < form.size(); ++idx) {
    char byte = form[idx], lowered = idx < lower.size() ? lower[idx] : byte;
    if (byte != lowered) ++upper;
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')) ++letters;
    digit |= byte >= '0' && byte <= '9';
    comma |= byte == ',';
  }
  const bool initial = !form.empty() && !lower.empty() && form[0] != lower[0];
  const uint64_t pattern = upper == 0 ? 0 : (initial && upper == 1) ? 1 : (upper == letters && upper > 1) ? 2 : 3;
  const uint64_t shape = pattern | (digit ? 4 : 0) | (comma ? 8 : 0);
  const uint64_t length = std::min<size_t>(lower.size(), 8);

  out.push_back(combine(kLemmaBias, xpos));
  out.push_back(combine(kLemmaUpos, upos));
  for (size_t suffix_length = 1; suffix_length <= 5; ++suffix_length) {
    bool complete = false;
    size_t start = suffix_start(lower, suffix_length, complete);
    if (!complete) break;
    uint64_t suffix = short_hash(kLemmaSuffix + static_cast<uint32_t>(suffix_length) - 1, lower.substr(start));
    out.push_back(combine(kLemmaSuffixTag, suffix, xpos));
    out.push_back(combine(kLemmaSuffixOnly, suffix));
    if (suffix_length <= 3) out.push_back(combine(kLemmaSuffixShape, suffix, shape << 16 | xpos));
  }
  out.push_back(combine(kLemmaShape, shape, xpos));
  out.push_back(combine(kLemmaLength, length, shape << 16 | xpos));
}

// ---- lemmas ---------------------------------------------------------------------------------------

void Tagger::append_base(LemmaScript::Base rewrite, std::string_view form, std::string& out) {
  if (rewrite == LemmaScript::kKeep) {
    out.append(form);
    return;
  }
  if (rewrite == LemmaScript::kNoCommas) {
    for (char byte : form)
      if (byte != ',') out.push_back(byte);
    return;
  }
  if (rewrite == LemmaScript::kLower) {
    append_lower(form, out);
    return;
  }
  // kUpperFirst: the first character upper-cased, the rest as it is; kTitle: the rest lower-cased.
  const size_t begin = out.size();
  if (rewrite == LemmaScript::kTitle) {
    append_lower(form, out);
  } else {
    out.append(form);
  }
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(out.data() + begin),
                                             static_cast<utf8proc_ssize_t>(out.size() - begin), &cp);
  if (length <= 0) return;  // empty, or not UTF-8: left as it is
  utf8proc_uint8_t encoded[4];
  utf8proc_ssize_t size = utf8proc_encode_char(utf8proc_toupper(cp), encoded);
  out.replace(begin, static_cast<size_t>(length), reinterpret_cast<const char*>(encoded), static_cast<size_t>(size));
}

LemmaScript Tagger::make_script(std::string_view form, std::string_view lemma) {
  // The base whose result shares the longest beginning with the lemma (ties: the first listed).
  LemmaScript script;
  std::string best_base;
  size_t best_shared = 0;
  bool first = true;
  std::string base;
  for (auto rewrite : {LemmaScript::kKeep, LemmaScript::kLower, LemmaScript::kUpperFirst, LemmaScript::kTitle,
                       LemmaScript::kNoCommas}) {
    base.clear();
    append_base(rewrite, form, base);
    size_t shared = 0;
    while (shared < base.size() && shared < lemma.size() && base[shared] == lemma[shared]) ++shared;
    if (first || shared > best_shared) {
      script.base = rewrite;
      best_base = base;
      best_shared = shared;
      first = false;
    }
  }
  // Never cut a character in two: back up to a character boundary.
  while (best_shared > 0 && best_shared < best_base.size() && is_continuation(best_base[best_shared])) --best_shared;
  size_t strip = best_base.size() - best_shared;
  if (strip > 255) {  // not an edit: the script cannot express it
    script.strip = 255;
    script.append = std::string(lemma);
    return script;
  }
  script.strip = static_cast<uint8_t>(strip);
  script.append = std::string(lemma.substr(best_shared));
  return script;
}

bool Tagger::apply_script(const LemmaScript& script, std::string_view form, std::string& out) {
  out.clear();
  append_base(script.base, form, out);
  const size_t cut = out.size() - std::min<size_t>(script.strip, out.size());
  if (script.strip > out.size() || (cut < out.size() && is_continuation(out[cut]))) {
    out.clear();
    return false;
  }
  out.resize(cut);
  out += script.append;
  return true;
}

uint16_t Tagger::lemma_class_bit(uint16_t xpos) const {
  std::string_view name = parts_.xpos_names[xpos];
  if (name == "NN" || name == "NNS" || name == "NNPS") return kDictionaryNoun;
  if (name.starts_with("VB")) return kDictionaryVerb;
  if (name.starts_with("JJ")) return kDictionaryAdjective;
  if (name.starts_with("RB")) return kDictionaryAdverb;
  return 0;
}

uint32_t Tagger::classify_lemma(std::string_view form, std::string_view lowered, uint16_t tag, Scratch& scratch) const {
  lemma_features(form, lowered, tag, scratch.features_);
  const size_t scripts = parts_.scripts.size();
  float* scores = scratch.scores_.data();
  std::fill_n(scores, std::max<size_t>(parts_.lemma_model.padded_classes(), scripts), 0.0f);
  parts_.lemma_model.score(scratch.features_, scores);
  uint32_t best = 0;
  for (uint32_t script = 1; script < scripts; ++script)
    if (scores[script] > scores[best]) best = script;
  // With a dictionary, when the best script's lemma is not listed in the tag's word class, the
  // next few regular scripts (appending at most one letter) are tried for a listed lemma ("fled"
  // VBD: "flee", not "fle").
  const uint16_t required = lemma_class_bit(parts_.tags[tag].second);
  if (parts_.dictionary.empty() || required == 0) return best;
  auto listed = [&](uint32_t script) {
    if (!apply_script(parts_.scripts[script], form, scratch.work_)) return false;
    scratch.work_lower_.clear();
    append_lower(scratch.work_, scratch.work_lower_);
    int32_t entry = dictionary_index_.find(word_key(scratch.work_lower_));
    return entry >= 0 && (parts_.dictionary[static_cast<size_t>(entry)].classes & required) != 0;
  };
  if (listed(best)) return best;
  constexpr float kTried = -std::numeric_limits<float>::infinity();
  scores[best] = kTried;
  for (int attempt = 0; attempt < 3; ++attempt) {
    uint32_t next = 0;
    for (uint32_t script = 1; script < scripts; ++script)
      if (scores[script] > scores[next]) next = script;
    if (scores[next] == kTried) break;
    scores[next] = kTried;
    if (parts_.scripts[next].append.size() <= 1 && listed(next)) return next;
  }
  return best;
}

void Tagger::predict_lemma(std::string_view form, size_t token_idx, Scratch& scratch, TaggedWord& out) const {
  scratch.lemma_spans_[token_idx] = {0, UINT32_MAX};
  const uint16_t xpos = parts_.tags[out.tag].second;
  std::string_view lowered = lower(token_idx, scratch);
  std::string_view base = form;
  int32_t found = lemma_index_.find(lemma_key(form, xpos));
  if (found < 0 && lowered != form) {
    found = lemma_index_.find(lemma_key(lowered, xpos));
    if (found >= 0) base = lowered;
  }
  uint32_t value = 0;
  if (found >= 0) {
    value = parts_.lemma_table[static_cast<size_t>(found)].value;
    if (value >= parts_.scripts.size()) {
      out.lemma = parts_.irregular_lemmas[value - parts_.scripts.size()];
      return;
    }
  } else {
    value = classify_lemma(form, lowered, out.tag, scratch);
  }
  const LemmaScript& script = parts_.scripts[value];
  // The common scripts need no new bytes: the form itself or its lower-case form.
  if (script.strip == 0 && script.append.empty() && script.base <= LemmaScript::kLower) {
    out.lemma = script.base == LemmaScript::kLower ? lowered : base;
    return;
  }
  const size_t begin = scratch.lemmas_.size();
  append_base(script.base, base, scratch.lemmas_);
  const size_t size = scratch.lemmas_.size() - begin;
  if (script.strip > size || (script.strip > 0 && script.strip < size &&
                              is_continuation(scratch.lemmas_[scratch.lemmas_.size() - script.strip]))) {
    scratch.lemmas_.resize(begin);
    out.lemma = form;  // the script does not fit this word
    return;
  }
  scratch.lemmas_.resize(scratch.lemmas_.size() - script.strip);
  scratch.lemmas_.append(script.append);
  scratch.lemma_spans_[token_idx] = {static_cast<uint32_t>(begin),
                                     static_cast<uint32_t>(scratch.lemmas_.size() - begin)};
}

// ---- tagging --------------------------------------------------------------------------------------

uint16_t Tagger::best_class(const float* scores) const {
  const size_t classes = parts_.tags.size();
  size_t best = 0;
  for (size_t cls = 1; cls < classes; ++cls)
    if (scores[cls] > scores[best]) best = cls;
  return static_cast<uint16_t>(best);
}

void Tagger::tag(std::span<const std::string_view> words, Scratch& scratch, std::span<TaggedWord> out) const {
  assert(out.size() >= words.size());
  if (out.size() < words.size()) words = words.first(out.size());
  prepare(words, scratch);
  const size_t size = words.size();
  scratch.scores_.resize(score_size_);
  const int passes = static_cast<int>(parts_.pass_models.size());
  std::vector<uint64_t>& features = scratch.static_features_;
  std::vector<uint32_t>& begin = scratch.static_begin_;
  begin.resize(size + 1);
  for (int pass = 0; pass < passes; ++pass) {
    const TaggerWeights& model = parts_.pass_models[pass];
    uint16_t* tags = scratch.tags_[pass].data() + Scratch::kPad;
    // The features that do not depend on this pass's own tags, for the whole sentence first: their
    // weights are prefetched a few words ahead of the scoring.
    features.clear();
    for (size_t token_idx = 0; token_idx < size; ++token_idx) {
      begin[token_idx] = static_cast<uint32_t>(features.size());
      if (fixed_tag(token_idx, scratch) == TaggerParts::kNoTag) static_features(pass, token_idx, scratch, features);
    }
    begin[size] = static_cast<uint32_t>(features.size());
    auto features_of = [&](size_t token_idx) {
      return std::span<const uint64_t>(features.data() + begin[token_idx], begin[token_idx + 1] - begin[token_idx]);
    };
    // Words in the order of the pass (right to left for a reversed pass), prefetching ahead.
    const bool backwards = reversed(pass);
    auto word_at = [&](size_t step) { return backwards ? size - 1 - step : step; };
    constexpr size_t kAhead = 2;
    for (size_t step = 0; step < std::min(kAhead, size); ++step) model.prefetch(features_of(word_at(step)));
    for (size_t step = 0; step < size; ++step) {
      if (step + kAhead < size) model.prefetch(features_of(word_at(step + kAhead)));
      const size_t token_idx = word_at(step);
      uint16_t fixed = fixed_tag(token_idx, scratch);
      if (fixed != TaggerParts::kNoTag) {
        tags[token_idx] = fixed;
        continue;
      }
      std::fill_n(scratch.scores_.data(), std::max<size_t>(model.padded_classes(), parts_.tags.size()), 0.0f);
      model.score(features_of(token_idx), scratch.scores_.data());
      scratch.features_.clear();
      dynamic_features(pass, token_idx, scratch, scratch.features_);
      model.score(scratch.features_, scratch.scores_.data());
      tags[token_idx] = best_class(scratch.scores_.data());
    }
  }
  const uint16_t* final_tags = scratch.tags_[passes - 1].data() + Scratch::kPad;
  scratch.lemmas_.clear();
  scratch.lemma_spans_.resize(size);
  for (size_t token_idx = 0; token_idx < size; ++token_idx) {
    TaggedWord& word = out[token_idx];
    word.tag = final_tags[token_idx];
    word.upos = parts_.tags[word.tag].first;
    word.xpos = parts_.tags[word.tag].second;
    predict_lemma(words[token_idx], token_idx, scratch, word);
  }
  for (size_t token_idx = 0; token_idx < size; ++token_idx) {
    auto [begin, length] = scratch.lemma_spans_[token_idx];
    if (length != UINT32_MAX) out[token_idx].lemma = std::string_view(scratch.lemmas_).substr(begin, length);
  }
}

void Tagger::tag_sentence(TreebankSentence& sentence, Scratch& scratch) const {
  std::vector<std::string_view> words;
  words.reserve(sentence.words.size());
  for (const auto& word : sentence.words) words.push_back(word.form);
  std::vector<TaggedWord> out(words.size());
  tag(words, scratch, out);
  for (size_t idx = 0; idx < words.size(); ++idx) {
    sentence.words[idx].upos = upos_name(out[idx].upos);
    sentence.words[idx].xpos = xpos_name(out[idx].xpos);
    sentence.words[idx].lemma = std::string(out[idx].lemma);
  }
}

// ---- self-test ------------------------------------------------------------------------------------

namespace {

std::vector<std::string> describe(const Tagger& tagger, const std::vector<std::string>& sentence,
                                  Tagger::Scratch& scratch) {
  std::vector<std::string_view> words(sentence.begin(), sentence.end());
  std::vector<TaggedWord> out(words.size());
  tagger.tag(words, scratch, out);
  std::vector<std::string> described;
  for (const auto& word : out)
    described.push_back(std::string(tagger.upos_name(word.upos)) + " " + std::string(tagger.xpos_name(word.xpos)) +
                        " " + std::string(word.lemma));
  return described;
}

}  // namespace

void Tagger::record_selftest(const std::vector<std::vector<std::string>>& sentences) {
  Scratch scratch;
  parts_.selftest.clear();
  for (const auto& sentence : sentences) parts_.selftest.push_back({sentence, describe(*this, sentence, scratch)});
}

Status Tagger::check_selftest() const {
  Scratch scratch;
  for (const auto& sample : parts_.selftest) {
    std::vector<std::string> got = describe(*this, sample.words, scratch);
    for (size_t idx = 0; idx < sample.words.size(); ++idx) {
      if (idx < got.size() && idx < sample.expected.size() && got[idx] == sample.expected[idx]) continue;
      std::string sentence;
      for (const auto& word : sample.words) sentence += (sentence.empty() ? "" : " ") + word;
      return Error("self-test failed: word " + std::to_string(idx + 1) + " '" + sample.words[idx] + "' of \"" +
                   sentence + "\": expected '" + (idx < sample.expected.size() ? sample.expected[idx] : "") +
                   "', got '" + (idx < got.size() ? got[idx] : "") + "'");
    }
  }
  return Status::Ok();
}

// ---- building and checking ------------------------------------------------------------------------

void Tagger::KeyIndex::build(std::span<const uint64_t> sorted_keys) {
  size_t size = std::bit_ceil(std::max<size_t>(16, sorted_keys.size() * 2));
  keys.assign(size, 0);
  values.assign(size, 0);
  size_t mask = size - 1;
  for (size_t idx = 0; idx < sorted_keys.size(); ++idx) {
    size_t slot = sorted_keys[idx] & mask;
    while (keys[slot] != 0) slot = (slot + 1) & mask;
    keys[slot] = sorted_keys[idx];
    values[slot] = static_cast<uint32_t>(idx);
  }
}

namespace {

template <class Entry>
bool strictly_increasing(const std::vector<Entry>& entries) {
  for (size_t idx = 0; idx < entries.size(); ++idx)
    if (entries[idx].key == 0 || (idx > 0 && entries[idx].key <= entries[idx - 1].key)) return false;
  return true;
}

template <class Entry>
std::vector<uint64_t> keys_of(const std::vector<Entry>& entries) {
  std::vector<uint64_t> keys;
  keys.reserve(entries.size());
  for (const auto& entry : entries) keys.push_back(entry.key);
  return keys;
}

}  // namespace

Result<Tagger> Tagger::from_parts(TaggerParts parts) {
  const size_t classes = parts.tags.size();
  if (parts.upos_names.empty() || parts.xpos_names.empty() || classes == 0) return Error("tagger: no tags");
  if (classes + 2 > TaggerParts::kNoTag || parts.upos_names.size() > 65535 || parts.xpos_names.size() > 65535)
    return Error("tagger: too many tags");
  for (const auto& [upos, xpos] : parts.tags)
    if (upos >= parts.upos_names.size() || xpos >= parts.xpos_names.size()) return Error("tagger: tag out of range");
  if (!strictly_increasing(parts.words) || !strictly_increasing(parts.clusters) ||
      !strictly_increasing(parts.lemma_table) || !strictly_increasing(parts.dictionary))
    return Error("tagger: table keys not strictly increasing");
  for (const auto& word : parts.words)
    if (word.fixed_tag != TaggerParts::kNoTag && word.fixed_tag >= classes)
      return Error("tagger: fixed tag out of range");
  for (const auto& cluster : parts.clusters)
    if (cluster.length > 64) return Error("tagger: cluster path longer than 64 bits");
  if (parts.pass_models.size() > 2) return Error("tagger: more than two passes");
  for (const auto& model : parts.pass_models)
    if (model.classes() != 0 && model.classes() != classes) return Error("tagger: pass model class count mismatch");
  if (parts.scripts.empty()) parts.scripts.push_back(LemmaScript{});  // identity
  if (parts.lemma_model.classes() != 0 && parts.lemma_model.classes() != parts.scripts.size())
    return Error("tagger: lemma model class count mismatch");
  for (const auto& entry : parts.lemma_table)
    if (entry.value >= parts.scripts.size() + parts.irregular_lemmas.size())
      return Error("tagger: lemma entry out of range");
  for (const auto& sample : parts.selftest)
    if (sample.words.size() != sample.expected.size()) return Error("tagger: malformed self-test sample");

  parts.metadata["features"] = std::to_string(kTaggerFeatureVersion);
  Tagger tagger;
  tagger.parts_ = std::move(parts);
  if (tagger.parts_.pass_models.empty()) tagger.parts_.pass_models.emplace_back();
  tagger.word_index_.build(keys_of(tagger.parts_.words));
  tagger.cluster_index_.build(keys_of(tagger.parts_.clusters));
  tagger.lemma_index_.build(keys_of(tagger.parts_.lemma_table));
  tagger.dictionary_index_.build(keys_of(tagger.parts_.dictionary));
  tagger.score_size_ = std::max<size_t>(tagger.parts_.tags.size(), tagger.parts_.scripts.size()) + 8;
  for (const auto& model : tagger.parts_.pass_models)
    tagger.score_size_ = std::max<size_t>(tagger.score_size_, model.padded_classes());
  tagger.score_size_ = std::max<size_t>(tagger.score_size_, tagger.parts_.lemma_model.padded_classes());
  return tagger;
}

// ---- file -----------------------------------------------------------------------------------------

namespace {

void write_strings(ByteWriter& out, const std::vector<std::string>& strings) {
  out.u32(static_cast<uint32_t>(strings.size()));
  for (const auto& value : strings) out.str(value);
}

bool read_strings(ByteReader& in, std::vector<std::string>& strings) {
  uint32_t count = in.u32();
  if (!in.plausible_count(count, 4)) return false;
  strings.resize(count);
  for (auto& value : strings) value = in.str();
  return in.ok();
}

Error section_error(const std::string& name, const std::string& section, const std::string& what) {
  return Error(name + ": corrupt '" + section + "' section (" + what + ")");
}

}  // namespace

ModelFile Tagger::to_model_file() const {
  ModelFile file;
  file.kind = "tagger";
  file.metadata = parts_.metadata;  // includes "features" (see from_parts)

  ByteWriter labels;
  write_strings(labels, parts_.upos_names);
  write_strings(labels, parts_.xpos_names);
  labels.u32(static_cast<uint32_t>(parts_.tags.size()));
  for (const auto& [upos, xpos] : parts_.tags) {
    labels.u16(upos);
    labels.u16(xpos);
  }
  file.sections["labels"] = labels.take();

  ByteWriter lexicon;
  lexicon.u32(static_cast<uint32_t>(parts_.words.size()));
  for (const auto& word : parts_.words) {
    lexicon.u64(word.key);
    lexicon.u16(word.fixed_tag);
    lexicon.u8(word.seen);
  }
  file.sections["lexicon"] = lexicon.take();

  ByteWriter clusters;
  clusters.u32(static_cast<uint32_t>(parts_.clusters.size()));
  for (const auto& cluster : parts_.clusters) {
    clusters.u64(cluster.key);
    clusters.u64(cluster.bits);
    clusters.u8(cluster.length);
  }
  file.sections["clusters"] = clusters.take();

  ByteWriter dictionary;
  dictionary.u32(static_cast<uint32_t>(parts_.dictionary.size()));
  for (const auto& entry : parts_.dictionary) {
    dictionary.u64(entry.key);
    dictionary.u16(entry.classes);
  }
  file.sections["dictionary"] = dictionary.take();

  ByteWriter weights;
  weights.u32(static_cast<uint32_t>(parts_.pass_models.size()));
  weights.u8(parts_.first_pass_reversed ? 1 : 0);
  for (const auto& model : parts_.pass_models) model.write(weights);
  file.sections["weights"] = weights.take();

  ByteWriter lemmas;
  lemmas.u32(static_cast<uint32_t>(parts_.scripts.size()));
  for (const auto& script : parts_.scripts) {
    lemmas.u8(script.base);
    lemmas.u8(script.strip);
    lemmas.str(script.append);
  }
  lemmas.u32(static_cast<uint32_t>(parts_.lemma_table.size()));
  for (const auto& entry : parts_.lemma_table) {
    lemmas.u64(entry.key);
    lemmas.u32(entry.value);
  }
  write_strings(lemmas, parts_.irregular_lemmas);
  parts_.lemma_model.write(lemmas);
  file.sections["lemmas"] = lemmas.take();

  ByteWriter selftest;
  selftest.u32(static_cast<uint32_t>(parts_.selftest.size()));
  for (const auto& sample : parts_.selftest) {
    write_strings(selftest, sample.words);
    write_strings(selftest, sample.expected);
  }
  file.sections["selftest"] = selftest.take();
  return file;
}

std::string Tagger::encode() const { return encode_model_file(to_model_file()); }

Status Tagger::save(const std::string& path) const { return write_model_file(to_model_file(), path); }

Result<Tagger> Tagger::load(const std::string& path) {
  auto file = read_model_file(path, "tagger");
  if (!file.ok()) return file.error();
  return from_model_file(file.value(), path);
}

Result<Tagger> Tagger::decode(std::string_view bytes, const std::string& name) {
  auto file = decode_model_file(bytes, name, "tagger");
  if (!file.ok()) return file.error();
  return from_model_file(file.value(), name);
}

Result<Tagger> Tagger::from_model_file(const ModelFile& file, const std::string& name) {
  auto version = file.metadata.find("features");
  if (version == file.metadata.end() || version->second != std::to_string(kTaggerFeatureVersion))
    return Error(name + ": tagger feature version " + (version == file.metadata.end() ? "missing" : version->second) +
                 ", this build uses version " + std::to_string(kTaggerFeatureVersion) + " (retrain the tagger)");
  TaggerParts parts;
  parts.metadata = file.metadata;

  for (const char* section : {"labels", "lexicon", "clusters", "dictionary", "weights", "lemmas", "selftest"})
    if (!file.section(section, name).ok()) return file.section(section, name).error();

  {
    ByteReader in(file.sections.at("labels"), name + " (labels)");
    if (!read_strings(in, parts.upos_names) || !read_strings(in, parts.xpos_names))
      return section_error(name, "labels", "names");
    uint32_t count = in.u32();
    if (!in.plausible_count(count, 4)) return section_error(name, "labels", "tag count");
    parts.tags.resize(count);
    for (auto& [upos, xpos] : parts.tags) {
      upos = in.u16();
      xpos = in.u16();
    }
    if (!in.ok() || !in.at_end()) return section_error(name, "labels", "size");
  }
  {
    ByteReader in(file.sections.at("lexicon"), name + " (lexicon)");
    uint32_t count = in.u32();
    if (!in.plausible_count(count, 11)) return section_error(name, "lexicon", "word count");
    parts.words.resize(count);
    for (auto& word : parts.words) {
      word.key = in.u64();
      word.fixed_tag = in.u16();
      word.seen = in.u8();
    }
    if (!in.ok() || !in.at_end()) return section_error(name, "lexicon", "size");
  }
  {
    ByteReader in(file.sections.at("clusters"), name + " (clusters)");
    uint32_t count = in.u32();
    if (!in.plausible_count(count, 17)) return section_error(name, "clusters", "count");
    parts.clusters.resize(count);
    for (auto& cluster : parts.clusters) {
      cluster.key = in.u64();
      cluster.bits = in.u64();
      cluster.length = in.u8();
    }
    if (!in.ok() || !in.at_end()) return section_error(name, "clusters", "size");
  }
  {
    ByteReader in(file.sections.at("dictionary"), name + " (dictionary)");
    uint32_t count = in.u32();
    if (!in.plausible_count(count, 10)) return section_error(name, "dictionary", "count");
    parts.dictionary.resize(count);
    for (auto& entry : parts.dictionary) {
      entry.key = in.u64();
      entry.classes = in.u16();
    }
    if (!in.ok() || !in.at_end()) return section_error(name, "dictionary", "size");
  }
  {
    ByteReader in(file.sections.at("weights"), name + " (weights)");
    uint32_t passes = in.u32();
    if (passes < 1 || passes > 2) return section_error(name, "weights", "pass count");
    uint8_t reversed = in.u8();
    if (reversed > 1) return section_error(name, "weights", "direction");
    parts.first_pass_reversed = reversed == 1;
    for (uint32_t pass = 0; pass < passes; ++pass) {
      auto model = TaggerWeights::read(in);
      if (!model.ok()) return section_error(name, "weights", model.error().message());
      parts.pass_models.push_back(std::move(model).value());
    }
    if (!in.ok() || !in.at_end()) return section_error(name, "weights", "size");
  }
  {
    ByteReader in(file.sections.at("lemmas"), name + " (lemmas)");
    uint32_t scripts = in.u32();
    if (!in.plausible_count(scripts, 6)) return section_error(name, "lemmas", "script count");
    parts.scripts.resize(scripts);
    for (auto& script : parts.scripts) {
      uint8_t base = in.u8();
      if (base > LemmaScript::kNoCommas) return section_error(name, "lemmas", "script base");
      script.base = static_cast<LemmaScript::Base>(base);
      script.strip = in.u8();
      script.append = in.str();
    }
    uint32_t entries = in.u32();
    if (!in.plausible_count(entries, 12)) return section_error(name, "lemmas", "table size");
    parts.lemma_table.resize(entries);
    for (auto& entry : parts.lemma_table) {
      entry.key = in.u64();
      entry.value = in.u32();
    }
    if (!read_strings(in, parts.irregular_lemmas)) return section_error(name, "lemmas", "irregular lemmas");
    auto model = TaggerWeights::read(in);
    if (!model.ok()) return section_error(name, "lemmas", model.error().message());
    parts.lemma_model = std::move(model).value();
    if (!in.ok() || !in.at_end()) return section_error(name, "lemmas", "size");
  }
  {
    ByteReader in(file.sections.at("selftest"), name + " (selftest)");
    uint32_t count = in.u32();
    if (!in.plausible_count(count, 8)) return section_error(name, "selftest", "count");
    parts.selftest.resize(count);
    for (auto& sample : parts.selftest)
      if (!read_strings(in, sample.words) || !read_strings(in, sample.expected))
        return section_error(name, "selftest", "sample");
    if (!in.ok() || !in.at_end()) return section_error(name, "selftest", "size");
  }

  auto tagger = from_parts(std::move(parts));
  if (!tagger.ok()) return Error(name + ": " + tagger.error().message());
  Status selftest = tagger.value().check_selftest();
  if (!selftest.ok()) return Error(name + ": " + selftest.message());
  return tagger;
}

}  // namespace chronicle::models
