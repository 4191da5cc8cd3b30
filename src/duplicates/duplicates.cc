// Near-duplicate detection: MinHash over word shingles, LSH banding, union-find (see duplicates.h
// for the method and docs/duplicates.md for the evaluation).
//
// Why MinHash rather than SimHash: the bar is a documented threshold on a similarity a reader can
// interpret. MinHash estimates the Jaccard index of the shingle sets directly (and, with the set
// sizes, the containment that truncated copies need); SimHash estimates an angle between weighted
// vectors, which has no such reading and no containment.
#include "chronicle/duplicates.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "text/text.h"
#include "text/unicode.h"

namespace chronicle {
namespace {

// murmur3's 64-bit finaliser: a bijection of 64-bit values with full avalanche, so that
// mix(x ^ seed_i) for fixed seeds behaves like independent random permutations of the shingle
// hashes, at a few instructions each (128 XXH3 calls per shingle would cost about 5x more).
constexpr uint64_t mix(uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ULL;
  value ^= value >> 33;
  return value;
}

constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t value = (state += 0x9e3779b97f4a7c15ULL);
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// The seeds of the kSignatureSize hash functions: fixed forever, since signatures made with other
// seeds cannot be compared.
constexpr std::array<uint64_t, kSignatureSize> kSeeds = [] {
  std::array<uint64_t, kSignatureSize> seeds{};
  uint64_t state = 0x4348524E'44555053ULL;  // "CHRNDUPS"
  for (uint64_t& seed : seeds) seed = splitmix64(state);
  return seeds;
}();

// Calls `on_word` with each normalised, lower-cased word of `text`.
template <class OnWord>
void for_each_word(std::string_view text, OnWord&& on_word) {
  // NFKC is the identity on ASCII, and the characters the normaliser changes besides (quotes,
  // spaces, soft hyphens) are all word separators here: pure ASCII text skips it.
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  text::NormalizedText normalized;
  if (!ascii) {
    normalized = text::normalize(text);
    text = normalized.text;
  }
  std::string word;
  for (size_t pos = 0; pos < text.size();) {
    const text::detail::CharAt at = text::detail::char_at(text, pos);
    pos += at.length;
    if (text::detail::is_word_class(at.cls)) {
      if (at.cp < 0x80) {
        char c = static_cast<char>(at.cp);
        word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      } else {
        text::detail::append_utf8(word, static_cast<char32_t>(utf8proc_tolower(
                                            static_cast<utf8proc_int32_t>(at.cp))));
      }
    } else if (!word.empty()) {
      on_word(std::string_view(word));
      word.clear();
    }
  }
  if (!word.empty()) on_word(std::string_view(word));
}

}  // namespace

std::vector<std::string> duplicate_words(std::string_view text) {
  std::vector<std::string> words;
  for_each_word(text, [&](std::string_view word) { words.emplace_back(word); });
  return words;
}

DuplicateSignature duplicate_signature(std::string_view text, const DuplicateOptions& options) {
  std::vector<uint64_t> word_hashes;
  uint64_t numbers = 0;
  for_each_word(text, [&](std::string_view word) {
    word_hashes.push_back(XXH3_64bits(word.data(), word.size()));
    if (word[0] >= '0' && word[0] <= '9') numbers |= uint64_t{1} << (word_hashes.back() & 63);
  });
  const size_t width = static_cast<size_t>(std::max(1, options.shingle_words));
  std::vector<uint64_t> shingles;
  if (!word_hashes.empty()) {
    // A text shorter than one shingle is one shingle of all its words.
    const size_t count = word_hashes.size() >= width ? word_hashes.size() - width + 1 : 1;
    const size_t length = std::min(width, word_hashes.size());
    shingles.reserve(count);
    for (size_t first = 0; first < count; ++first) {
      shingles.push_back(XXH3_64bits(&word_hashes[first], length * sizeof(uint64_t)));
    }
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  }

  DuplicateSignature signature;
  signature.shingles = static_cast<uint32_t>(shingles.size());
  signature.numbers = numbers;
  std::array<uint64_t, kSignatureSize> minimum;
  minimum.fill(std::numeric_limits<uint64_t>::max());
  for (uint64_t shingle : shingles) {
    for (int hash_idx = 0; hash_idx < kSignatureSize; ++hash_idx) {
      minimum[hash_idx] = std::min(minimum[hash_idx], mix(shingle ^ kSeeds[hash_idx]));
    }
  }
  for (int hash_idx = 0; hash_idx < kSignatureSize; ++hash_idx) {
    signature.minhash[hash_idx] = static_cast<uint32_t>(minimum[hash_idx] >> 32);
  }
  return signature;
}

DuplicateSimilarity duplicate_similarity(const DuplicateSignature& a, const DuplicateSignature& b,
                                         const DuplicateOptions& options) {
  DuplicateSimilarity result;
  const uint32_t min_shingles = static_cast<uint32_t>(std::max(1, options.min_shingles));
  if (a.shingles < min_shingles || b.shingles < min_shingles) return result;
  int equal = 0;
  for (int hash_idx = 0; hash_idx < kSignatureSize; ++hash_idx) {
    equal += a.minhash[hash_idx] == b.minhash[hash_idx];
  }
  const double jaccard = static_cast<double>(equal) / kSignatureSize;
  result.jaccard = jaccard;
  const int numbers_a = std::popcount(a.numbers), numbers_b = std::popcount(b.numbers);
  if (numbers_a >= 2 && numbers_b >= 2) {
    result.numbers = static_cast<double>(std::popcount(a.numbers & b.numbers)) /
                     std::min(numbers_a, numbers_b);
  }
  const double smaller = std::min(a.shingles, b.shingles);
  const double larger = std::max(a.shingles, b.shingles);
  if (smaller >= options.min_size_ratio * larger) {
    // |A ∩ B| = J (|A| + |B|) / (1 + J), from J = |A ∩ B| / (|A| + |B| - |A ∩ B|).
    const double intersection = jaccard * (smaller + larger) / (1.0 + jaccard);
    result.containment = std::min(1.0, intersection / smaller);
  }
  return result;
}

bool is_near_duplicate(const DuplicateSimilarity& similarity, const DuplicateOptions& options) {
  return (similarity.jaccard >= options.threshold ||
          similarity.containment >= options.containment_threshold) &&
         similarity.numbers >= options.number_threshold;
}

struct NearDuplicateDetector::Impl {
  DuplicateOptions options;
  std::unordered_map<uint64_t, uint32_t> index_of;  // key → index
  std::vector<uint64_t> keys;                       // index → key
  std::vector<DuplicateSignature> signatures;       // index → signature
  // Union-find by size with, at each root, the members of its group (merged smaller into larger,
  // so a document moves O(log n) times).
  std::vector<uint32_t> parent;
  std::vector<std::vector<uint32_t>> members;
  // LSH buckets as linked lists in one array, so that a bucket costs no allocation of its own:
  // bucket_head maps the hash of (band, band values) to the newest entry, each entry names a
  // document and the next older entry of its bucket.
  struct BucketEntry {
    uint32_t document;
    uint32_t next;
  };
  static constexpr uint32_t kNoEntry = UINT32_MAX;
  std::unordered_map<uint64_t, uint32_t> bucket_head;
  std::vector<BucketEntry> bucket_entries;
  std::vector<DuplicatePair> pairs;

  // No path compression, so that const queries never write (union by size keeps trees
  // O(log n) deep).
  uint32_t find(uint32_t index) const {
    while (parent[index] != index) index = parent[index];
    return index;
  }
  void unite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (members[a].size() < members[b].size()) std::swap(a, b);
    parent[b] = a;
    members[a].insert(members[a].end(), members[b].begin(), members[b].end());
    members[b].clear();
    members[b].shrink_to_fit();
  }
  // Indexes of the documents sharing a band with `signature`, sorted and unique; the band hashes
  // are written to `band_keys`.
  std::vector<uint32_t> candidates(const DuplicateSignature& signature,
                                   std::array<uint64_t, kBands>* band_keys) const {
    std::vector<uint32_t> out;
    for (int band = 0; band < kBands; ++band) {
      std::array<uint32_t, kRowsPerBand + 1> values;
      values[0] = static_cast<uint32_t>(band);
      std::copy_n(signature.minhash.begin() + band * kRowsPerBand, kRowsPerBand,
                  values.begin() + 1);
      (*band_keys)[band] = XXH3_64bits(values.data(), sizeof values);
      auto found = bucket_head.find((*band_keys)[band]);
      if (found == bucket_head.end()) continue;
      for (uint32_t entry = found->second; entry != kNoEntry; entry = bucket_entries[entry].next) {
        out.push_back(bucket_entries[entry].document);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  std::vector<uint64_t> sorted_keys(const std::vector<uint32_t>& indices) const {
    std::vector<uint64_t> out;
    out.reserve(indices.size());
    for (uint32_t index : indices) out.push_back(keys[index]);
    std::sort(out.begin(), out.end());
    return out;
  }
};

NearDuplicateDetector::NearDuplicateDetector(DuplicateOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
NearDuplicateDetector::~NearDuplicateDetector() = default;
NearDuplicateDetector::NearDuplicateDetector(NearDuplicateDetector&&) noexcept = default;
NearDuplicateDetector& NearDuplicateDetector::operator=(NearDuplicateDetector&&) noexcept = default;

bool NearDuplicateDetector::add(uint64_t key, std::string_view text) {
  if (impl_->index_of.count(key)) return false;
  return add(key, duplicate_signature(text, impl_->options));
}

bool NearDuplicateDetector::add(uint64_t key, const DuplicateSignature& signature) {
  Impl& impl = *impl_;
  const uint32_t index = static_cast<uint32_t>(impl.keys.size());
  if (!impl.index_of.emplace(key, index).second) return false;
  impl.keys.push_back(key);
  impl.signatures.push_back(signature);
  impl.parent.push_back(index);
  impl.members.push_back({index});
  if (signature.shingles < static_cast<uint32_t>(std::max(1, impl.options.min_shingles))) {
    return true;  // too short to judge: never grouped, and kept out of the buckets
  }

  std::array<uint64_t, kBands> band_keys;
  std::vector<uint32_t> candidates = impl.candidates(signature, &band_keys);
  for (uint32_t candidate : candidates) {
    DuplicateSimilarity similarity =
        duplicate_similarity(signature, impl.signatures[candidate], impl.options);
    if (!is_near_duplicate(similarity, impl.options)) continue;
    impl.pairs.push_back({std::min(key, impl.keys[candidate]), std::max(key, impl.keys[candidate]),
                          similarity});
    impl.unite(index, candidate);
  }
  for (uint64_t band_key : band_keys) {
    auto [head, inserted] = impl.bucket_head.try_emplace(band_key, Impl::kNoEntry);
    impl.bucket_entries.push_back({index, head->second});
    head->second = static_cast<uint32_t>(impl.bucket_entries.size() - 1);
  }
  return true;
}

std::vector<uint64_t> NearDuplicateDetector::matches(const DuplicateSignature& signature) const {
  const Impl& impl = *impl_;
  if (signature.shingles < static_cast<uint32_t>(std::max(1, impl.options.min_shingles))) return {};
  std::array<uint64_t, kBands> band_keys;
  std::vector<uint64_t> out;
  for (uint32_t candidate : impl.candidates(signature, &band_keys)) {
    if (is_near_duplicate(duplicate_similarity(signature, impl.signatures[candidate], impl.options),
                          impl.options)) {
      out.push_back(impl.keys[candidate]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint64_t> NearDuplicateDetector::group_of(uint64_t key) const {
  auto found = impl_->index_of.find(key);
  if (found == impl_->index_of.end()) return {};
  return impl_->sorted_keys(impl_->members[impl_->find(found->second)]);
}

std::vector<DuplicateGroup> NearDuplicateDetector::groups() const {
  std::vector<DuplicateGroup> out;
  for (size_t index = 0; index < impl_->members.size(); ++index) {
    if (impl_->members[index].size() < 2) continue;
    out.push_back({impl_->sorted_keys(impl_->members[index])});
  }
  std::sort(out.begin(), out.end(), [](const DuplicateGroup& a, const DuplicateGroup& b) {
    return a.members.front() < b.members.front();
  });
  return out;
}

std::vector<DuplicatePair> NearDuplicateDetector::pairs() const {
  std::vector<DuplicatePair> out = impl_->pairs;
  std::sort(out.begin(), out.end(), [](const DuplicatePair& a, const DuplicatePair& b) {
    return std::pair(a.first, a.second) < std::pair(b.first, b.second);
  });
  return out;
}

const DuplicateSignature* NearDuplicateDetector::signature(uint64_t key) const {
  auto found = impl_->index_of.find(key);
  return found == impl_->index_of.end() ? nullptr : &impl_->signatures[found->second];
}

size_t NearDuplicateDetector::size() const { return impl_->keys.size(); }

const DuplicateOptions& NearDuplicateDetector::options() const { return impl_->options; }

}  // namespace chronicle
