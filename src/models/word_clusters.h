// Models stage: Brown word clusters as features for the tagger, the parser and the entity
// recogniser (Koo et al. 2008; Turian et al. 2010).
//
// A cluster is a leaf of a binary merge tree, named by its path from the root as a bit string
// ("0110100"). Words that occur in similar contexts share a leaf, and prefixes of the path give
// coarser classes: features use the prefixes of length 4, 6, 10 and 20 (`kPrefixLengths`) and the
// full path. The trainer is `training::train_word_clusters` (src/training/word_clusters.h).
//
// Lookup (`find`) tries the exact word, then its lower-case form, which maps to the cluster of the
// most frequent word with that lower-case form ("MONDAY" → the cluster of "Monday"). It allocates
// nothing: keys are views into one owned buffer in an open-addressing table.
//
// Sources:
//   - text: the format of Percy Liang's `wcluster`, one word a line, "bitstring<TAB>word<TAB>count";
//     blank lines and lines starting with '#' (a generator's header) are skipped.
//   - bytes: a section of a model file (`write` / `read`), so each model embeds the clusters it was
//     trained with. Layout (little-endian, strings are u32 length + bytes):
//       str  "chronicle-word-clusters"
//       u32  kWordClustersVersion (a reader refuses any other)
//       u32  cluster count C, then C × str path (only '0'/'1', distinct, at most 255 characters)
//       u32  word count W,    then W × (str word, u32 cluster < C, u64 count)
//     `from_section` requires the bytes to end there. A malformed section is an Error naming the
//     section and what was wrong.
//
// Thread-safety: immutable after loading; `find` and the accessors may be called from any number
// of threads. Copying and moving are cheap enough for model loading (no views to fix up: entries
// store offsets into the owned buffer).
//
// Example:
//   auto clusters = WordClusters::load_text("models/clusters.txt");
//   uint32_t cluster = clusters.value().find(token.norm, token.lower);
//   std::string_view coarse = clusters.value().prefix(cluster, 4);   // "" when unknown
//   features.push_back(feature_hash(kClusterPrefix4, coarse));
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"
#include "models/model_file.h"

namespace chronicle::models {

inline constexpr uint32_t kWordClustersVersion = 1;
// The conventional model-file section name for embedded clusters.
inline constexpr std::string_view kWordClustersSection = "word_clusters";

class WordClusters {
 public:
  // Cluster id of an unknown word.
  static constexpr uint32_t kUnknown = UINT32_MAX;
  // Path prefix lengths used as features (Koo et al. 2008 use 4 and 6 plus the full path; Turian
  // et al. 2010 use 4, 6, 10 and 20).
  static constexpr std::array<size_t, 4> kPrefixLengths = {4, 6, 10, 20};

  // No clusters: every word is unknown.
  WordClusters() = default;

  // Reads "bitstring<TAB>word<TAB>count" lines. Errors name the file and line (bad bit string,
  // missing column, count not a number, a word listed twice).
  static Result<WordClusters> load_text(const std::string& path);
  static Result<WordClusters> parse_text(std::string_view content, std::string_view name);
  // The same format back, ordered by path, then by count (descending), then by word.
  std::string to_text() const;

  // Appends the section bytes (see the layout above).
  void write(ByteWriter& out) const;
  // Reads what `write` wrote, leaving `in` after it. Truncation errors name the reader (its
  // `status`); other errors start with "word clusters: ".
  static Result<WordClusters> read(ByteReader& in);
  // `write` into a fresh buffer; `read` a whole section (nothing may follow), errors start "NAME: ".
  std::string to_section() const;
  static Result<WordClusters> from_section(std::string_view bytes, const std::string& name);

  // The cluster of `word`: exact form first, then the lower-case form. kUnknown when neither is
  // known. Lower-casing is Unicode simple case mapping (utf8proc), as `Token::lower`; words over
  // 256 bytes get no lower-case fallback.
  uint32_t find(std::string_view word) const;
  // Same, with the lower-case form already at hand (`Token::lower`): no case mapping at all.
  uint32_t find(std::string_view word, std::string_view lower) const;
  // Exact form only.
  uint32_t find_exact(std::string_view word) const;

  // The full bit string of a cluster; empty for kUnknown.
  std::string_view path(uint32_t cluster) const;
  // The first `length` characters of the path (all of it when shorter); empty for kUnknown.
  std::string_view prefix(uint32_t cluster, size_t length) const {
    std::string_view full = path(cluster);
    return full.substr(0, length < full.size() ? length : full.size());
  }
  // A dense id for the prefix of length kPrefixLengths[which] (0 ≤ which < 4): equal prefixes have
  // equal ids, for integer feature hashing. kUnknown for an unknown cluster.
  uint32_t prefix_id(uint32_t cluster, size_t which) const {
    if (cluster >= path_begin_.size() || which >= kPrefixLengths.size()) return kUnknown;
    return prefix_ids_[cluster * kPrefixLengths.size() + which];
  }

  size_t clusters() const { return path_begin_.size(); }
  size_t words() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  // The i-th word (in the order read), its cluster and its training count.
  std::string_view word(size_t index) const { return key(words_[index]); }
  uint32_t word_cluster(size_t index) const { return words_[index].cluster; }
  uint64_t word_count(size_t index) const { return counts_[index]; }
  // XXH64 of the section bytes: names these clusters in a model's metadata.
  uint64_t fingerprint() const;

 private:
  struct Entry {
    uint32_t offset = 0;  // into keys_
    uint32_t length = 0;
    uint32_t cluster = 0;
  };
  // Builds everything from words (already validated) and paths.
  static Result<WordClusters> build(std::vector<std::string> paths, std::vector<std::string> words,
                                    std::vector<uint32_t> clusters, std::vector<uint64_t> counts);
  std::string_view key(const Entry& entry) const { return std::string_view(keys_).substr(entry.offset, entry.length); }
  uint32_t lookup(const std::vector<Entry>& entries, const std::vector<uint32_t>& table, std::string_view word) const;
  static std::vector<uint32_t> index(const std::vector<Entry>& entries, const std::string& keys);

  std::string keys_;                  // every word, then every lower-case key, back to back
  std::vector<Entry> words_;          // exact forms, in the order read
  std::vector<uint64_t> counts_;      // per word
  std::vector<uint32_t> word_table_;  // open addressing: slot → index into words_ + 1 (0 empty)
  std::vector<Entry> lower_;          // lower-case keys → cluster of the most frequent variant
  std::vector<uint32_t> lower_table_;
  std::string paths_;                 // cluster paths back to back
  std::vector<uint32_t> path_begin_;  // per cluster
  std::vector<uint8_t> path_length_;
  std::vector<uint32_t> prefix_ids_;  // cluster × kPrefixLengths.size()
};

}  // namespace chronicle::models
