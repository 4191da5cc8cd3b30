// Tagger training and evaluation on the committed fixture (tests/fixtures/treebank-sample.conllu),
// the model file's round trip and its defences (corrupt, truncated, drifted), and the accuracy bars
// of the shipped model on the EWT test set when ../shared is present.
#include "training/tagger_training.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "models/model_file.h"

namespace chronicle::training {
namespace {

using models::Tagger;
using models::TreebankSentence;

const std::string kFixture = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/treebank-sample.conllu";
const std::string kModel = std::string(CHRONICLE_SOURCE_DIR) + "/models/tagger.chm";
const std::string kEwtTest = std::string(CHRONICLE_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";
const std::string kWordNet = "/usr/share/wordnet";

std::vector<TreebankSentence> fixture() {
  auto sentences = models::read_conllu(kFixture);
  EXPECT_TRUE(sentences.ok()) << sentences.error().message();
  return sentences.ok() ? sentences.value() : std::vector<TreebankSentence>{};
}

TaggerTrainOptions fixture_options() {
  TaggerTrainOptions options;
  options.train_paths = {kFixture};
  options.epochs = 10;
  options.jackknife_folds = 3;
  options.seed = 5;
  options.date = "2026-01-01";
  options.fixed_min_count = 5;
  options.dictionary_path = "";  // keeps the file small, so that the file tests run fast
  return options;
}

// One trained fixture model for all tests (training takes a fraction of a second, but the file
// tests want the same model).
const Tagger& fixture_tagger() {
  static const Tagger tagger = [] {
    std::ostringstream log;
    auto trained = train_tagger(fixture(), {}, fixture_options(), log);
    EXPECT_TRUE(trained.ok()) << trained.error().message();
    return trained.ok() ? trained.value() : Tagger();
  }();
  return tagger;
}

std::map<std::string, double> figures_of(const std::vector<Figure>& figures) {
  std::map<std::string, double> by_name;
  for (const auto& figure : figures) by_name[figure.name] = figure.value;
  return by_name;
}

// Every word's output, for comparing two taggers.
std::vector<std::string> tag_everything(const Tagger& tagger, const std::vector<TreebankSentence>& sentences) {
  std::vector<std::string> all;
  Tagger::Scratch scratch;
  for (TreebankSentence sentence : sentences) {
    tagger.tag_sentence(sentence, scratch);
    for (const auto& word : sentence.words) all.push_back(word.upos + " " + word.xpos + " " + word.lemma);
  }
  return all;
}

TEST(TaggerTraining, LearnsTheFixture) {
  auto figures = figures_of(evaluate_tagger(fixture_tagger(), fixture()));
  EXPECT_GE(figures["UPOS"], 98.0);
  EXPECT_GE(figures["XPOS"], 98.0);
  EXPECT_GE(figures["AllTags"], 97.0);
  EXPECT_GE(figures["Lemmas"], 98.0);
  EXPECT_GT(figures["Words"], 400);
}

// With the WordNet dictionary (scripts/setup.sh installs wordnet-base): its tables are in the file.
TEST(TaggerTraining, LearnsWithTheDictionary) {
  if (!std::filesystem::exists(kWordNet + "/index.noun")) GTEST_SKIP() << kWordNet << " is absent";
  TaggerTrainOptions options = fixture_options();
  options.dictionary_path = kWordNet;
  options.jackknife_folds = 0;
  std::ostringstream log;
  auto trained = train_tagger(fixture(), {}, options, log);
  ASSERT_TRUE(trained.ok()) << trained.error().message();
  EXPECT_GT(trained.value().parts().dictionary.size(), 100000u);
  EXPECT_GE(figures_of(evaluate_tagger(trained.value(), fixture()))["UPOS"], 98.0);
  auto decoded = Tagger::decode(trained.value().encode(), "wordnet.chm");
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  EXPECT_EQ(tag_everything(decoded.value(), fixture()), tag_everything(trained.value(), fixture()));
}

// Word clusters in Liang's format ("BITS<TAB>WORD<TAB>COUNT") become features and are embedded.
TEST(TaggerTraining, UsesWordClusters) {
  std::string path = (std::filesystem::temp_directory_path() / "chronicle_tagger_clusters.txt").string();
  {
    std::ofstream out(path);
    out << "# generated for a test\n0000\tminister\t3\n0001\tspokeswoman\t2\n0010\tAnkara\t1\n0011\tGeneva\t1\n";
  }
  TaggerTrainOptions options = fixture_options();
  options.clusters_path = path;
  std::ostringstream log;
  auto trained = train_tagger(fixture(), {}, options, log);
  ASSERT_TRUE(trained.ok()) << trained.error().message();
  EXPECT_EQ(trained.value().parts().clusters.size(), 4u);
  EXPECT_EQ(trained.value().metadata().at("clusters"), path);
  std::ofstream(path) << "0102\tbroken\t1\n";
  auto bad = train_tagger(fixture(), {}, options, log);
  std::filesystem::remove(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find(path + ":1:"), std::string::npos) << bad.error().message();
}

TEST(TaggerTraining, FiguresAreNamedAsDocumented) {
  std::vector<std::string> names;
  for (const auto& figure : evaluate_tagger(fixture_tagger(), fixture())) names.push_back(figure.name);
  EXPECT_EQ(names, (std::vector<std::string>{"UPOS", "XPOS", "AllTags", "Lemmas", "Words"}));
}

TEST(TaggerTraining, SameSeedSameBytes) {
  std::ostringstream log;
  auto again = train_tagger(fixture(), {}, fixture_options(), log);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again.value().encode(), fixture_tagger().encode());
  TaggerTrainOptions other = fixture_options();
  other.seed = 6;
  auto reseeded = train_tagger(fixture(), {}, other, log);
  ASSERT_TRUE(reseeded.ok()) << reseeded.error().message();
  EXPECT_NE(reseeded.value().encode(), fixture_tagger().encode());
}

TEST(TaggerTraining, RecordsHowItWasTrained) {
  const auto& metadata = fixture_tagger().metadata();
  EXPECT_EQ(metadata.at("seed"), "5");
  EXPECT_EQ(metadata.at("epochs"), "10");
  EXPECT_EQ(metadata.at("trained"), "2026-01-01");
  EXPECT_EQ(metadata.at("train"), kFixture);
  TaggerTrainOptions options = options_from_metadata(fixture_tagger());
  EXPECT_EQ(options.epochs, 10);
  EXPECT_EQ(options.jackknife_folds, 3);
  EXPECT_EQ(options.fixed_min_count, 5);
  EXPECT_EQ(options.seed, 5u);
}

TEST(TaggerTraining, SaveLoadPredictsTheSame) {
  std::string path = (std::filesystem::temp_directory_path() / "chronicle_tagger_test.chm").string();
  ASSERT_TRUE(fixture_tagger().save(path).ok());
  auto loaded = Tagger::load(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(tag_everything(loaded.value(), fixture()), tag_everything(fixture_tagger(), fixture()));
  EXPECT_EQ(loaded.value().metadata(), fixture_tagger().metadata());
  EXPECT_EQ(loaded.value().encode(), fixture_tagger().encode());
}

TEST(TaggerTraining, ReadsTheFilesNamedInTheOptions) {
  TaggerTrainOptions options = fixture_options();
  options.epochs = 2;
  options.passes = 1;
  std::ostringstream log;
  auto trained = train_tagger(options, log);
  ASSERT_TRUE(trained.ok()) << trained.error().message();
  EXPECT_NE(log.str().find("tagger trained in"), std::string::npos);
  options.train_paths = {"/nonexistent/train.conllu"};
  auto missing = train_tagger(options, log);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("/nonexistent/train.conllu"), std::string::npos);
}

// A final model is trained on several treebanks (train and dev): they are read as one, in order,
// and the metadata names them all so that options_from_metadata gives them back.
TEST(TaggerTraining, SeveralTrainingFilesAreReadAsOne) {
  auto one = models::read_conllu(kFixture);
  ASSERT_TRUE(one.ok()) << one.error().message();
  auto both = read_treebanks({kFixture, kFixture});
  ASSERT_TRUE(both.ok()) << both.error().message();
  ASSERT_EQ(both.value().size(), 2 * one.value().size());
  EXPECT_EQ(both.value().back().words.size(), one.value().back().words.size());
  auto missing = read_treebanks({kFixture, "/nonexistent/dev.conllu"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("/nonexistent/dev.conllu"), std::string::npos);
  EXPECT_FALSE(read_treebanks({}).ok());

  TaggerTrainOptions options = fixture_options();
  options.epochs = 2;
  options.passes = 1;
  options.train_paths = {kFixture, kFixture};
  std::ostringstream log;
  auto trained = train_tagger(options, log);
  ASSERT_TRUE(trained.ok()) << trained.error().message();
  EXPECT_EQ(trained.value().metadata().at("train"), kFixture + " + " + kFixture);
  EXPECT_EQ(options_from_metadata(trained.value()).train_paths, options.train_paths);
  EXPECT_EQ(split_paths(join_paths({"a.conllu"})), std::vector<std::string>{"a.conllu"});
  EXPECT_TRUE(split_paths("").empty());
}

TEST(TaggerFile, RejectsTruncatedFiles) {
  const std::string bytes = fixture_tagger().encode();
  for (size_t size = 0; size < bytes.size(); size += std::max<size_t>(1, bytes.size() / 300)) {
    auto decoded = Tagger::decode(std::string_view(bytes).substr(0, size), "cut.chm");
    ASSERT_FALSE(decoded.ok()) << "accepted a file cut at " << size;
    EXPECT_EQ(decoded.error().message().rfind("cut.chm: ", 0), 0u) << decoded.error().message();
  }
}

TEST(TaggerFile, RejectsFlippedBytes) {
  const std::string bytes = fixture_tagger().encode();
  for (size_t pos = 0; pos < bytes.size(); pos += std::max<size_t>(1, bytes.size() / 300)) {
    std::string corrupt = bytes;
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ 0x5a);
    auto decoded = Tagger::decode(corrupt, "flipped.chm");
    ASSERT_FALSE(decoded.ok()) << "accepted a flip at byte " << pos;
    EXPECT_EQ(decoded.error().message().rfind("flipped.chm: ", 0), 0u) << decoded.error().message();
  }
}

// Damage inside the sections, under a valid checksum: what a buggy writer would produce. Never a
// crash; a cut section is always an error.
TEST(TaggerFile, SurvivesDamagedSections) {
  auto file = models::decode_model_file(fixture_tagger().encode(), "model", "tagger");
  ASSERT_TRUE(file.ok()) << file.error().message();
  for (const auto& [name, content] : file.value().sections) {
    for (size_t cut = 0; cut < content.size(); cut += std::max<size_t>(1, content.size() / 6)) {
      models::ModelFile damaged = file.value();
      damaged.sections[name] = content.substr(0, cut);
      auto decoded = Tagger::decode(models::encode_model_file(damaged), "damaged.chm");
      EXPECT_FALSE(decoded.ok()) << name << " cut at " << cut;
    }
    for (size_t pos = 0; pos < content.size(); pos += std::max<size_t>(1, content.size() / 6)) {
      models::ModelFile damaged = file.value();
      damaged.sections[name][pos] = static_cast<char>(damaged.sections[name][pos] ^ 0xff);
      auto decoded = Tagger::decode(models::encode_model_file(damaged), "damaged.chm");
      if (!decoded.ok()) {
        EXPECT_EQ(decoded.error().message().rfind("damaged.chm: ", 0), 0u);
      }
    }
    models::ModelFile missing = file.value();
    missing.sections.erase(name);
    auto decoded = Tagger::decode(models::encode_model_file(missing), "missing.chm");
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message().find("'" + name + "'"), std::string::npos) << decoded.error().message();
  }
}

TEST(TaggerFile, RefusesOtherFeatureVersions) {
  auto file = models::decode_model_file(fixture_tagger().encode(), "model", "tagger");
  ASSERT_TRUE(file.ok());
  file.value().metadata["features"] = "0";
  auto decoded = Tagger::decode(models::encode_model_file(file.value()), "old.chm");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message().find("retrain"), std::string::npos) << decoded.error().message();
}

TEST(TaggerFile, SelfTestCatchesDrift) {
  models::TaggerParts parts = fixture_tagger().parts();
  ASSERT_FALSE(parts.selftest.empty());
  parts.selftest[0].expected[1] = "NOUN NN something-else";
  auto drifted = Tagger::from_parts(std::move(parts));
  ASSERT_TRUE(drifted.ok());
  auto decoded = Tagger::decode(drifted.value().encode(), "drift.chm");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message().rfind("drift.chm: self-test failed: word 2", 0), 0u) << decoded.error().message();
  EXPECT_NE(decoded.error().message().find("something-else"), std::string::npos);
}

TEST(TaggerFile, MissingFileIsAnError) {
  auto loaded = Tagger::load("/nonexistent/tagger.chm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("/nonexistent/tagger.chm"), std::string::npos);
}

// The shipped model against the bars on the EWT test set (gold tokenisation).
TEST(TaggerEwt, ShippedModelMeetsTheBars) {
  if (!std::filesystem::exists(kEwtTest)) GTEST_SKIP() << kEwtTest << " is absent (no ../shared beside the clone)";
  if (!std::filesystem::exists(kModel)) GTEST_SKIP() << kModel << " is absent";
  auto tagger = Tagger::load(kModel);
  ASSERT_TRUE(tagger.ok()) << tagger.error().message();
  auto test = models::read_conllu(kEwtTest);
  ASSERT_TRUE(test.ok()) << test.error().message();
  auto figures = figures_of(evaluate_tagger(tagger.value(), test.value()));
  EXPECT_GE(figures["UPOS"], 95.5);
  EXPECT_GE(figures["Lemmas"], 97.0);
  EXPECT_GE(figures["XPOS"], 94.5);
  EXPECT_EQ(figures["Words"], 25094);
}

}  // namespace
}  // namespace chronicle::training
