// Chronicle: near-duplicate reports (rewritten, syndicated or truncated copies of one story).
//
// Method (docs/duplicates.md has the figures and the reasons for each default):
//   1. Normalise: NFKC (the text stage's normaliser), lower case, words are runs of letters,
//      digits and marks; punctuation and spacing are ignored.
//   2. Shingle: every run of `shingle_words` (4) consecutive words, hashed (XXH3-64); a document is
//      the set of its distinct shingles.
//   3. Sign: a MinHash signature of kSignatureSize values. Hash function i is the murmur3 64-bit
//      finaliser of (shingle hash XOR seed_i), a bijection, with fixed seeds drawn by splitmix64;
//      the signature keeps the top 32 bits of each minimum.
//   4. Candidates: LSH banding, kBands bands of kRowsPerBand values; two documents are compared
//      when one band is equal. P(candidate) = 1 - (1 - J^2)^64: 0.93 at Jaccard 0.2, 0.98 at 0.25,
//      0.998 at 0.3, and 0.15 at 0.05 (unrelated reports sharing stock phrases; verification
//      rejects those cheaply). Three rows a band (42 bands) cost a sixth less time but find only
//      half the pairs at Jaccard 0.25, which is where a syndicated lead meets its full story:
//      test-split F1 0.961 against 0.966 without the number check (docs/duplicates.md).
//   5. Verify: estimated Jaccard J = equal values / kSignatureSize; estimated containment of the
//      smaller shingle set in the larger C = J(|A|+|B|) / ((1+J) min(|A|,|B|)), used only when
//      the smaller set is at least `min_size_ratio` of the larger (below that the estimate is too
//      noisy). The pair is a duplicate when J >= `threshold` or C >= `containment_threshold`:
//      C is what groups a truncated copy with its original (J is only the kept fraction), but
//      it needs its own, higher threshold, since for two reports of one size C is the Dice
//      coefficient and templated stories (a central bank's weekly tender) reach 0.55-0.65.
//      When `number_threshold` > 0, the two must also share that fraction of their numbers.
//   6. Group: union-find over duplicate pairs (a group is a connected component).
// Documents with fewer than `min_shingles` distinct shingles are never grouped.
//
// Deterministic and independent of input order: whether two documents are a pair depends only on
// their two signatures, and groups are listed with their members in key order.
//
// Usage:
//   chronicle::NearDuplicateDetector detector;            // default options
//   detector.add(1, text_one);
//   detector.add(2, text_two);
//   std::vector<uint64_t> group = detector.group_of(1);   // {1, 2} if they are copies
//
// Thread-safety: const methods may run concurrently; `add` needs exclusive access.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

struct DuplicateOptions {
  // Words per shingle. Runs of several words keep the set sensitive to word order (two stories on
  // one topic share words but few 4-word runs: single words score pair F1 0.914 on the
  // development split of bench/near_duplicates), while a synonym swap or a sentence boundary
  // breaks only 4 shingles (5 words: 0.947). 2, 3 and 4 words score 0.975, 0.964 and 0.990.
  int shingle_words = 4;
  // Minimum estimated Jaccard index, and minimum estimated containment, for a duplicate pair;
  // both chosen on the development split of bench/near_duplicates (docs/duplicates.md).
  double threshold = 0.31;
  double containment_threshold = 0.64;
  // Documents with fewer distinct shingles (about a dozen words) are never grouped; 10 was best
  // on the development split among 10, 15, 20, 25, 30 and 40.
  int min_shingles = 10;
  // Containment counts only when |smaller| >= min_size_ratio * |larger|.
  double min_size_ratio = 0.25;
  // Copies keep their numbers; templated reports (dividend notices, daily balances) share their
  // words and differ in them. A pair whose numbers agree less than this (DuplicateSimilarity::
  // numbers) is not a copy, whatever J and C say; 0 turns the check off. 0.5 was best on the
  // development split among 0, 0.2, 0.3, 0.4, 0.5 and 0.6.
  double number_threshold = 0.5;
};

inline constexpr int kSignatureSize = 128;
inline constexpr int kRowsPerBand = 2;
inline constexpr int kBands = kSignatureSize / kRowsPerBand;

// A document's MinHash signature, its number of distinct shingles, and which numbers it holds (a
// 64-bit set: bit XXH3(word) mod 64 for each word that starts with a digit).
struct DuplicateSignature {
  std::array<uint32_t, kSignatureSize> minhash{};
  uint32_t shingles = 0;
  uint64_t numbers = 0;
};

// The normalised words of `text` (see step 1), for tests and tools.
std::vector<std::string> duplicate_words(std::string_view text);

// Signature of `text` with `options.shingle_words`-word shingles.
DuplicateSignature duplicate_signature(std::string_view text, const DuplicateOptions& options = {});

// How similar two signed documents are (step 5). Symmetric; both 0 when either document has
// fewer than `options.min_shingles` shingles.
struct DuplicateSimilarity {
  double jaccard = 0;      // estimated
  double containment = 0;  // estimated, of the smaller in the larger; 0 when not applicable
  // Share of the numbers of the document with fewer numbers that the other one also has (bits
  // of DuplicateSignature::numbers); 1 when either has fewer than two.
  double numbers = 1;
};
DuplicateSimilarity duplicate_similarity(const DuplicateSignature& a, const DuplicateSignature& b,
                                         const DuplicateOptions& options = {});
// The decision of step 5.
bool is_near_duplicate(const DuplicateSimilarity& similarity, const DuplicateOptions& options = {});

// A verified pair, `first` < `second`.
struct DuplicatePair {
  uint64_t first = 0;
  uint64_t second = 0;
  DuplicateSimilarity similarity;
};

// A group of two or more near-duplicate documents, members in increasing key order.
struct DuplicateGroup {
  std::vector<uint64_t> members;
};

// Incremental detector: add documents one at a time, ask for groups at any point.
// Memory: about 3 KB per document (signature, LSH buckets, union-find).
class NearDuplicateDetector {
 public:
  explicit NearDuplicateDetector(DuplicateOptions options = {});
  ~NearDuplicateDetector();
  NearDuplicateDetector(NearDuplicateDetector&&) noexcept;
  NearDuplicateDetector& operator=(NearDuplicateDetector&&) noexcept;

  // Signs `text`, compares it with the documents added so far and joins its group. `key` is the
  // caller's identifier (a store row id); returns false and does nothing when it was already added.
  bool add(uint64_t key, std::string_view text);
  // Same, with a signature made by duplicate_signature with this detector's options.
  bool add(uint64_t key, const DuplicateSignature& signature);

  // Keys of the added documents that are near-duplicates of a document with this signature, in
  // key order, without adding it (a store checks before its transaction commits).
  std::vector<uint64_t> matches(const DuplicateSignature& signature) const;
  // Members of `key`'s group in key order: {key} for a document without duplicates, empty for an
  // unknown key.
  std::vector<uint64_t> group_of(uint64_t key) const;
  // Every group of two or more documents, ordered by their smallest key.
  std::vector<DuplicateGroup> groups() const;
  // Every verified pair (the edges of the groups), ordered by (first, second).
  std::vector<DuplicatePair> pairs() const;
  // The signature of an added document, nullptr for an unknown key.
  const DuplicateSignature* signature(uint64_t key) const;

  size_t size() const;
  const DuplicateOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle
