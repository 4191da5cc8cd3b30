// Training stage: Brown word clusters (Brown et al. 1992) from raw and annotated text, for
// `models::WordClusters` (src/models/word_clusters.h).
//
// Algorithm. Brown clustering maximises the likelihood of a class bigram model, i.e. the average
// mutual information (AMI) between the classes of adjacent words. Liang's (2005) windowed greedy
// merging costs O(V·C²) with logarithms in the inner loop: hours for C = 1000 on one core. We find
// the C leaf classes with the exchange algorithm instead (Kneser & Ney 1993; Martin, Liermann &
// Ney 1998), which optimises the same objective by moving one word at a time to the class that
// raises it most (cost per pass: C × distinct word–class neighbours, with x·log x looked up in a
// table of integers). Then, as in the last phase of Liang's `wcluster`, the C classes are merged
// bottom-up by the same criterion (least AMI lost, with Brown's incremental update of all pair
// losses) into a binary tree; a word's bit string is its class's path from the root (left child
// '0', right '1'). The output has the same form and meaning as `wcluster`'s.
//
//   - Initialisation (deterministic): the C − 1 most frequent words each get a class, all others
//     share the last one; passes then visit words by decreasing frequency.
//   - Sentence boundaries are a fixed pseudo-class, and so are words below `min_count` (one shared
//     "rare" class): both act as context but are never clustered or written.
//   - Exact duplicate sentences are skipped (the UNER train file repeats the EWT train sentences;
//     the Current-events pages repeat headings every day).
//
// Reading corpora by extension (`ClusterCorpus::add_file`):
//   .conllu            the FORM of every syntactic word (multiword-token lines are skipped)
//   .iob2, .conll      the word column of an entity corpus (models::read_entity_corpus)
//   .txt               the same when the file is "WORD LABEL" columns (wikigold), else plain text
//   .md                Markdown: front matter, URLs, link targets, images and markup removed; each
//                      line a paragraph
// Plain text and Markdown are split into sentences and tokens by the project's tokenizer
// (text::Tokenizer), so clusters cover the forms the engine looks up at run time. A directory
// stands for every file with one of these extensions below it, in sorted order.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::training {

struct ClusterOptions {
  uint32_t clusters = 1000;  // leaf classes C (fewer when the vocabulary is smaller)
  uint32_t min_count = 2;    // words seen fewer times are not clustered
  uint32_t max_passes = 20;  // exchange passes at most
  // Stop exchanging when a pass raises the AMI by less than this many bits.
  double min_pass_gain_bits = 0.0005;
  bool deduplicate_sentences = true;
  // User names ("@name") and URLs ("http://…", "https://…", "www.…") count as rare words: context
  // only, never written (they are personal data or noise, and useless as features).
  bool skip_handles_and_urls = true;
};

// Tokenised sentences, interned, ready for clustering.
class ClusterCorpus {
 public:
  explicit ClusterCorpus(bool deduplicate_sentences = true) : deduplicate_(deduplicate_sentences) {}

  // Adds one sentence; empty sentences are ignored, and with deduplication so are exact repeats.
  void add_sentence(const std::vector<std::string_view>& words);
  void add_sentence(const std::vector<std::string>& words);
  // Reads a corpus file (or every corpus file below a directory) by extension; see the header
  // comment. Errors name the file (and line, for annotated corpora).
  Status add_file(const std::string& path);
  // Tokenises plain text with the project's tokenizer and adds its sentences.
  void add_text(std::string_view text);

  size_t sentences() const { return sentence_begin_.size(); }
  size_t tokens() const { return tokens_.size(); }
  size_t duplicates() const { return duplicates_; }
  size_t distinct_words() const { return words_.size(); }

  // The interned data: word ids index `words()` and `counts()`; sentence i is
  // token_ids()[sentence_begins()[i] .. sentence_begins()[i + 1]) (or to the end).
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<uint64_t>& counts() const { return counts_; }
  const std::vector<uint32_t>& token_ids() const { return tokens_; }
  const std::vector<size_t>& sentence_begins() const { return sentence_begin_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  uint32_t intern(std::string_view word);
  void finish_sentence(size_t begin);

  bool deduplicate_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> words_;  // id → word
  std::vector<uint64_t> counts_;    // id → occurrences (in kept sentences)
  std::vector<uint32_t> tokens_;    // every kept sentence, back to back
  std::vector<size_t> sentence_begin_;
  std::unordered_set<uint64_t> seen_;  // hashes of kept sentences
  size_t duplicates_ = 0;
};

// One clustered word: its bit string and its count in the corpus.
struct ClusteredWord {
  std::string word;
  std::string path;
  uint64_t count = 0;
};

struct ClusterResult {
  std::vector<ClusteredWord> words;    // ordered by path, then count (descending), then word
  size_t vocabulary = 0;               // words clustered (count ≥ min_count)
  size_t clusters = 0;                 // leaf classes
  size_t passes = 0;                   // exchange passes run
  double mutual_information_bits = 0;  // AMI of adjacent leaf classes at the end
  double seconds = 0;                  // clustering time (reading not included)
};

// Clusters the words of `corpus`. Progress (one line per pass and phase) goes to `log`.
Result<ClusterResult> cluster_words(const ClusterCorpus& corpus, const ClusterOptions& options, std::ostream& log);

// "bitstring<TAB>word<TAB>count" lines (Liang's format) after `header` lines, each prefixed "# ".
std::string format_clusters(const ClusterResult& result, const std::vector<std::string>& header);

// Markdown → plain text, one paragraph per non-empty line (exposed for tests).
std::string markdown_to_text(std::string_view markdown);

// Reads `corpus_paths`, clusters, and writes `out_path` (atomically: a temporary file renamed),
// with a generated-by header naming the corpora, the options and the figures. The written file is
// read back with models::WordClusters before it replaces `out_path`.
Status train_word_clusters(const std::vector<std::string>& corpus_paths, const ClusterOptions& options,
                           const std::string& out_path, std::ostream& log);

}  // namespace chronicle::training
