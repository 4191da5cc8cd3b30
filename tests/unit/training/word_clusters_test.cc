#include "training/word_clusters.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "models/word_clusters.h"

namespace chronicle::training {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/";

// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = fs::temp_directory_path() /
            ("chronicle-clusters-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  std::string file(const std::string& name, std::string_view content) const {
    std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string path_of(const ClusterResult& result, std::string_view word) {
  for (const auto& entry : result.words)
    if (entry.word == word) return entry.path;
  return "<absent>";
}

size_t common_prefix(std::string_view a, std::string_view b) {
  size_t length = 0;
  while (length < a.size() && length < b.size() && a[length] == b[length]) ++length;
  return length;
}

// "the N V the N ." for every noun and verb: the nouns share one distribution, the verbs another.
ClusterCorpus synthetic_corpus() {
  ClusterCorpus corpus;
  const std::vector<std::string> nouns = {"cat", "dog", "cow"}, verbs = {"sees", "hears", "likes"};
  for (const auto& subject : nouns)
    for (const auto& verb : verbs)
      for (const auto& object : nouns)
        corpus.add_sentence(std::vector<std::string>{"the", subject, verb, "the", object, "."});
  return corpus;
}

TEST(WordClusterTraining, DistributionallyIdenticalWordsShareACluster) {
  ClusterCorpus corpus = synthetic_corpus();
  ClusterOptions options;
  options.clusters = 4;
  options.min_count = 1;
  std::ostringstream log;
  auto result = cluster_words(corpus, options, log);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const auto& clusters = result.value();
  EXPECT_EQ(clusters.vocabulary, 8u);
  EXPECT_EQ(clusters.clusters, 4u);
  EXPECT_EQ(path_of(clusters, "cat"), path_of(clusters, "dog"));
  EXPECT_EQ(path_of(clusters, "cat"), path_of(clusters, "cow"));
  EXPECT_EQ(path_of(clusters, "sees"), path_of(clusters, "hears"));
  EXPECT_EQ(path_of(clusters, "sees"), path_of(clusters, "likes"));
  EXPECT_NE(path_of(clusters, "cat"), path_of(clusters, "sees"));
  EXPECT_NE(path_of(clusters, "the"), path_of(clusters, "cat"));
  EXPECT_NE(path_of(clusters, "the"), path_of(clusters, "."));
  EXPECT_GT(clusters.mutual_information_bits, 1.0);
  EXPECT_NE(log.str().find("exchange pass 1"), std::string::npos) << log.str();
}

TEST(WordClusterTraining, MergeTreeJoinsSimilarWordsFirst) {
  // One class per word: only the merge tree groups them, and alike words meet deepest.
  ClusterCorpus corpus = synthetic_corpus();
  ClusterOptions options;
  options.clusters = 100;
  options.min_count = 1;
  std::ostringstream log;
  auto result = cluster_words(corpus, options, log);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const auto& clusters = result.value();
  EXPECT_EQ(clusters.clusters, 8u);
  EXPECT_EQ(clusters.passes, 0u);
  const std::string cat = path_of(clusters, "cat"), dog = path_of(clusters, "dog"), sees = path_of(clusters, "sees"),
                    hears = path_of(clusters, "hears");
  EXPECT_NE(cat, dog);
  EXPECT_GT(common_prefix(cat, dog), common_prefix(cat, sees));
  EXPECT_GT(common_prefix(sees, hears), common_prefix(hears, dog));
  // Leaves of a binary tree: no path is a prefix of another.
  for (const auto& a : clusters.words) {
    for (const auto& b : clusters.words) {
      if (a.word != b.word) {
        EXPECT_NE(common_prefix(a.path, b.path), a.path.size()) << a.word << " " << b.word;
      }
    }
  }
}

TEST(WordClusterTraining, RareWordsAreLeftOutAndErrorsAreClear) {
  ClusterCorpus corpus = synthetic_corpus();
  corpus.add_sentence(std::vector<std::string>{"the", "yak", "sees", "the", "cat", "."});
  ClusterOptions options;
  options.clusters = 4;
  options.min_count = 2;
  std::ostringstream log;
  auto result = cluster_words(corpus, options, log);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(path_of(result.value(), "yak"), "<absent>");
  // User names and URLs are context only.
  corpus.add_sentence(std::vector<std::string>{"@someone", "sees", "http://x.org/a", "."});
  corpus.add_sentence(std::vector<std::string>{"@someone", "hears", "http://x.org/a", "!"});
  result = cluster_words(corpus, options, log);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(path_of(result.value(), "@someone"), "<absent>");
  EXPECT_EQ(path_of(result.value(), "http://x.org/a"), "<absent>");
  options.skip_handles_and_urls = false;
  result = cluster_words(corpus, options, log);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_NE(path_of(result.value(), "@someone"), "<absent>");
  options.min_count = 1000;
  auto none = cluster_words(corpus, options, log);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message(), "word clusters: no word occurs 1000 times in the corpus");
}

TEST(WordClusterTraining, DuplicateSentencesAreSkipped) {
  ClusterCorpus corpus;
  corpus.add_sentence(std::vector<std::string>{"a", "b"});
  corpus.add_sentence(std::vector<std::string>{"a", "b"});
  corpus.add_sentence(std::vector<std::string>{"b", "a"});
  corpus.add_sentence(std::vector<std::string>{});
  EXPECT_EQ(corpus.sentences(), 2u);
  EXPECT_EQ(corpus.duplicates(), 1u);
  EXPECT_EQ(corpus.tokens(), 4u);
  ClusterCorpus keep_all(false);
  keep_all.add_sentence(std::vector<std::string>{"a", "b"});
  keep_all.add_sentence(std::vector<std::string>{"a", "b"});
  EXPECT_EQ(keep_all.sentences(), 2u);
}

TEST(WordClusterTraining, MarkdownBecomesText) {
  const std::string markdown =
      "---\nlayout: post\ntitle: 2025 March 10\n---\n\n"
      "#### Armed conflicts and attacks\n\n"
      "* [Syrian civil war](https://en.wikipedia.org/wiki/Syrian_civil_war \"Syrian civil war\")\n"
      "  * [Western Syria clashes](https://en.wikipedia.org/wiki/W_%28D%29 \"Western Syria clashes (December "
      "2024–present)\")\n"
      "    * Troops enter [Latakia](https://en.wikipedia.org/wiki/Latakia \"Latakia\"). "
      "[(*The Daily Observer*)](https://www.example.com/news/1) See https://example.org/x for more.\n"
      "![map](https://example.org/map.png) Fighting <b>continues</b>.\n"
      "```\ncode is skipped\n```\n"
      "1. Numbered item\n";
  EXPECT_EQ(markdown_to_text(markdown),
            "Armed conflicts and attacks\n\n"
            "Syrian civil war\n\n"
            "Western Syria clashes\n\n"
            "Troops enter Latakia. (The Daily Observer) See  for more.\n\n"
            " Fighting  continues .\n\n"
            "Numbered item\n\n");
}

TEST(WordClusterTraining, ReadsCorporaByExtension) {
  ScratchDir scratch;
  ClusterCorpus corpus;
  ASSERT_TRUE(corpus.add_file(kFixtures + "treebank-sample.conllu").ok());
  EXPECT_EQ(corpus.sentences(), 42u);
  EXPECT_EQ(corpus.tokens(), 651u);  // syntactic words: "does" + "n't", "Germany" + "'s"
  ASSERT_TRUE(corpus.add_file(kFixtures + "entities-sample.iob2").ok());
  EXPECT_EQ(corpus.sentences(), 84u);
  EXPECT_EQ(corpus.tokens(), 651u + 583u);

  ClusterCorpus columns;
  Status status = columns.add_file(scratch.file("wiki.conll.txt", "-DOCSTART- O\n\nParis I-LOC\nis O\nbig O\n\n"));
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(columns.sentences(), 1u);
  EXPECT_EQ(columns.tokens(), 3u);

  ClusterCorpus plain;
  status = plain.add_file(scratch.file("plain.txt", "The minister met his counterpart. Talks resume on Monday.\n"));
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(plain.sentences(), 2u);
  EXPECT_EQ(plain.tokens(), 11u);

  ClusterCorpus markdown;
  status =
      markdown.add_file(scratch.file("day.md", "#### Business\n\n* [Oil](https://x.org/Oil \"Oil\") prices fall.\n"));
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(markdown.sentences(), 2u);
  EXPECT_EQ(markdown.words()[markdown.token_ids()[1]], "Oil");

  ClusterCorpus directory;
  status = directory.add_file(scratch.path(""));
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(directory.sentences(), 5u);

  ClusterCorpus failing;
  status = failing.add_file(scratch.file("notes.rst", "text"));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("notes.rst: unknown corpus format '.rst'"), std::string::npos);
  status = failing.add_file(scratch.file("bad.txt", std::string("caf\xe9 au lait\n")));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.txt: byte 3: invalid UTF-8"), std::string::npos) << status.message();
  status = failing.add_file(scratch.file("bad.conllu", "1\tword\n"));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.conllu:1:"), std::string::npos) << status.message();
}

TEST(WordClusterTraining, TrainsFromFilesAndTheRuntimeReadsTheResult) {
  ScratchDir scratch;
  ClusterOptions options;
  options.clusters = 30;
  options.min_count = 2;
  const std::vector<std::string> corpora = {kFixtures + "treebank-sample.conllu", kFixtures + "entities-sample.iob2"};
  const std::string out = scratch.path("clusters.txt");
  std::ostringstream log;
  Status status = train_word_clusters(corpora, options, out, log);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_NE(log.str().find("wrote " + out), std::string::npos) << log.str();
  auto clusters = models::WordClusters::load_text(out);
  ASSERT_TRUE(clusters.ok()) << clusters.error().message();
  EXPECT_EQ(clusters.value().clusters(), 30u);
  EXPECT_NE(clusters.value().find("minister"), models::WordClusters::kUnknown);
  EXPECT_NE(clusters.value().find("MINISTER"), models::WordClusters::kUnknown);
  EXPECT_EQ(clusters.value().find("Ankara"), models::WordClusters::kUnknown);  // seen once
  std::ifstream in(out);
  std::string first_line;
  std::getline(in, first_line);
  EXPECT_EQ(first_line.rfind("# GENERATED BY chronicle train clusters", 0), 0u);
  // Deterministic: a second run writes the same bytes.
  const std::string again = scratch.path("again.txt");
  ASSERT_TRUE(train_word_clusters(corpora, options, again, log).ok());
  std::ifstream first(out, std::ios::binary), second(again, std::ios::binary);
  std::stringstream first_bytes, second_bytes;
  first_bytes << first.rdbuf();
  second_bytes << second.rdbuf();
  EXPECT_EQ(first_bytes.str(), second_bytes.str());

  status = train_word_clusters({scratch.path("missing.conllu")}, options, out, log);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("missing.conllu: cannot open file"), std::string::npos);
}

// Trains the shipped clusters (models/clusters.txt) from ../shared/data when asked:
//   CHRONICLE_TRAIN_CLUSTERS=/work/main/models/clusters.txt training_test --gtest_filter='*Shipped*'
// Until `chronicle train clusters` exists, this is the driver. The corpora are the ones we may
// use: EWT train (not dev/test), the UNER train file, wikigold, WNUT17 train, BTC, and the
// Wikipedia Current-events pages; never Reuters.
TEST(WordClusterTraining, ShippedClusters) {
  const char* out = std::getenv("CHRONICLE_TRAIN_CLUSTERS");
  if (out == nullptr) GTEST_SKIP() << "set CHRONICLE_TRAIN_CLUSTERS=<output path> to train the shipped clusters";
  const std::string data = std::string(CHRONICLE_SHARED_DIR) + "/data/";
  if (!fs::exists(data)) GTEST_SKIP() << data << " is absent";
  const std::vector<std::string> corpora = {
      data + "ud-ewt/en_ewt-ud-train.conllu",
      data + "uner-ewt/en_ewt-ud-train.prerelease-noisy.iob2",
      data + "ner-extra/wikigold/CONLL-format/data/wikigold.conll.txt",
      data + "ner-extra/WNUT17/CONLL-format/data/train/wnut17train.conll",
      data + "ner-extra/BTC/CONLL-format/data",
      data + "bench/wikipedia-current-events-2025H1",
  };
  ClusterOptions options;
  if (const char* clusters = std::getenv("CHRONICLE_CLUSTERS")) options.clusters = std::stoul(clusters);
  if (const char* min_count = std::getenv("CHRONICLE_CLUSTERS_MIN_COUNT")) options.min_count = std::stoul(min_count);
  const auto started = std::chrono::steady_clock::now();
  Status status = train_word_clusters(corpora, options, out, std::cout);
  ASSERT_TRUE(status.ok()) << status.message();
  std::cout << "total " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  auto clusters = models::WordClusters::load_text(out);
  ASSERT_TRUE(clusters.ok()) << clusters.error().message();
  EXPECT_LT(fs::file_size(out), 2u << 20);
  // Examples for a reader to judge: the most frequent words of the cluster of each probe.
  for (std::string_view probe : {"Monday", "Russia", "said", "minister", "killed", "Ukraine", "the", "police"}) {
    uint32_t cluster = clusters.value().find(probe);
    std::cout << probe << " → " << clusters.value().path(cluster) << ":";
    std::vector<std::pair<uint64_t, std::string_view>> members;
    for (size_t idx = 0; idx < clusters.value().words(); ++idx)
      if (clusters.value().word_cluster(idx) == cluster)
        members.emplace_back(clusters.value().word_count(idx), clusters.value().word(idx));
    std::sort(members.rbegin(), members.rend());
    for (size_t idx = 0; idx < members.size() && idx < 15; ++idx) std::cout << " " << members[idx].second;
    std::cout << " (" << members.size() << " words)\n";
  }
}

}  // namespace
}  // namespace chronicle::training
