// Parser training and evaluation (training/parser_training.h): the trainer learns our treebank
// fixture, is reproducible from its seed, its models round-trip through files; the evaluation scores
// like the CoNLL 2018 script; and, when the shared data and the shipped models are present, the
// shipped parser meets its accuracy bar on EWT test with predicted tags.
#include "training/parser_training.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/tagger.h"
#include "training/tagger_training.h"

namespace chronicle::training {
namespace {

const std::string kFixture = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/treebank-sample.conllu";
const std::string kShippedParser = std::string(CHRONICLE_SOURCE_DIR) + "/models/parser.chm";
const std::string kShippedTagger = std::string(CHRONICLE_SOURCE_DIR) + "/models/tagger.chm";
const std::string kEwtTest = std::string(CHRONICLE_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";

ParserTrainOptions fixture_options() {
  ParserTrainOptions options;
  options.train_paths = {kFixture};
  options.epochs = 12;
  options.seed = 3;
  options.prune_below = 0.001f;  // a tiny corpus gives small averaged weights; keep them
  return options;
}

// One fixture model shared by the tests below (training it takes well under a second).
const models::Parser& fixture_parser() {
  static const models::Parser parser = [] {
    std::ostringstream log;
    auto trained = train_parser(fixture_options(), log);
    if (!trained.ok()) {
      ADD_FAILURE() << trained.error().message();
      std::abort();
    }
    return std::move(trained.value());
  }();
  return parser;
}

std::string tree_problem(const std::vector<int>& heads) {
  int n = static_cast<int>(heads.size());
  int roots = 0;
  for (int word = 1; word <= n; ++word) {
    int head = heads[static_cast<size_t>(word - 1)];
    if (head < 0 || head > n || head == word) return "word " + std::to_string(word) + ": bad head";
    roots += head == 0;
    int current = word;
    for (int steps = 0; current != 0; ++steps) {
      if (steps > n) return "cycle";
      current = heads[static_cast<size_t>(current - 1)];
    }
  }
  return n > 0 && roots != 1 ? std::to_string(roots) + " roots" : "";
}

struct Output {
  std::vector<int> heads;
  std::vector<std::string> relations;
  bool operator==(const Output&) const = default;
};

Output parse(const models::Parser& parser, const models::TreebankSentence& sentence) {
  std::vector<std::string_view> words, upos, xpos;
  for (const auto& word : sentence.words) {
    words.push_back(word.form);
    upos.push_back(word.upos);
    xpos.push_back(word.xpos);
  }
  models::ParserScratch scratch;
  std::vector<int> heads(words.size());
  std::vector<std::string_view> relations(words.size());
  parser.parse(words, upos, xpos, scratch, heads, relations);
  Output out{heads, {}};
  for (auto relation : relations) out.relations.emplace_back(relation);
  return out;
}

double figure(const std::vector<Figure>& figures, const std::string& name) {
  for (const auto& item : figures)
    if (item.name == name) return item.value;
  ADD_FAILURE() << "no figure " << name;
  return 0;
}

TEST(ParserTraining, LearnsTheFixture) {
  auto fixture = models::read_conllu(kFixture);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message();
  auto figures = evaluate_parser(fixture_parser(), fixture.value());
  EXPECT_GE(figure(figures, "UAS"), 97.0);
  EXPECT_GE(figure(figures, "LAS"), 95.0);
  EXPECT_GT(figure(figures, "Words"), 300.0);
  for (const auto& sentence : fixture.value()) EXPECT_EQ(tree_problem(parse(fixture_parser(), sentence).heads), "");
}

TEST(ParserTraining, MetadataDescribesTheTraining) {
  const auto& metadata = fixture_parser().metadata();
  EXPECT_EQ(metadata.at("seed"), "3");
  EXPECT_EQ(metadata.at("epochs"), "12");
  EXPECT_EQ(metadata.at("train_path"), kFixture);
  EXPECT_EQ(metadata.at("beam_size"), "1");
  EXPECT_EQ(metadata.at("ensemble").substr(0, 2), "3 ");
  EXPECT_EQ(metadata.at("tags"), "gold");
  EXPECT_EQ(metadata.at("transition_system"), models::parser_internal::kArcEagerNonMonotonic);
  EXPECT_FALSE(fixture_parser().parts().selftest.empty());
}

TEST(ParserTraining, SameSeedGivesTheSameModelBytes) {
  std::ostringstream log;
  auto again = train_parser(fixture_options(), log);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(models::encode_model_file(again.value().to_model_file()),
            models::encode_model_file(fixture_parser().to_model_file()));
  ParserTrainOptions other = fixture_options();
  other.seed = 4;
  auto different = train_parser(other, log);
  ASSERT_TRUE(different.ok());
  EXPECT_NE(models::encode_model_file(different.value().to_model_file()),
            models::encode_model_file(fixture_parser().to_model_file()));
}

TEST(ParserTraining, SavedModelLoadsAndParsesTheSame) {
  std::string path = testing::TempDir() + "/parser_fixture.chm";
  ASSERT_TRUE(fixture_parser().save(path).ok());
  auto loaded = models::Parser::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  auto fixture = models::read_conllu(kFixture).value();
  for (const auto& sentence : fixture) EXPECT_EQ(parse(loaded.value(), sentence), parse(fixture_parser(), sentence));
}

TEST(ParserTraining, OddInputGivesTrees) {
  std::vector<models::TreebankSentence> inputs(4);
  inputs[1].words.resize(1);
  inputs[1].words[0].form = "Yes";
  inputs[1].words[0].upos = "INTJ";
  inputs[1].words[0].xpos = "UH";
  for (const char* mark : {".", ",", "?", "!", ";", ")"}) {
    models::TreebankWord word;
    word.form = mark;
    word.upos = "PUNCT";
    word.xpos = mark;
    inputs[2].words.push_back(word);
  }
  auto fixture = models::read_conllu(kFixture).value();
  while (inputs[3].words.size() < 300)
    for (const auto& sentence : fixture)
      inputs[3].words.insert(inputs[3].words.end(), sentence.words.begin(), sentence.words.end());
  for (const auto& sentence : inputs)
    EXPECT_EQ(tree_problem(parse(fixture_parser(), sentence).heads), "") << sentence.words.size() << " words";
}

TEST(ParserTraining, EvaluationComparesUniversalRelations) {
  // Gold = the parser's own output, with every subtype changed: LAS stays 100, FullLAS drops.
  auto fixture = models::read_conllu(kFixture).value();
  size_t subtyped = 0;
  for (auto& sentence : fixture) {
    Output out = parse(fixture_parser(), sentence);
    for (size_t idx = 0; idx < sentence.words.size(); ++idx) {
      sentence.words[idx].head = out.heads[idx];
      sentence.words[idx].deprel = out.relations[idx];
      if (out.relations[idx].find(':') != std::string::npos) {
        sentence.words[idx].deprel = std::string(models::base_relation(out.relations[idx])) + ":other";
        ++subtyped;
      }
    }
  }
  ASSERT_GT(subtyped, 0u);
  auto figures = evaluate_parser(fixture_parser(), fixture);
  EXPECT_DOUBLE_EQ(figure(figures, "UAS"), 100.0);
  EXPECT_DOUBLE_EQ(figure(figures, "LAS"), 100.0);
  EXPECT_LT(figure(figures, "FullLAS"), 100.0);
  EXPECT_DOUBLE_EQ(figure(evaluate_parser(fixture_parser(), {}), "Words"), 0.0);
}

TEST(ParserTraining, ProjectivizeLiftsCrossingArcs) {
  // heads[word], 1-based (heads[0] unused). A projective tree: 1->2, 2 root, 3->4, 4->2.
  std::vector<int> heads = {0, 2, 0, 4, 2};
  EXPECT_EQ(projectivize(heads), 0);
  EXPECT_EQ(heads, (std::vector<int>{0, 2, 0, 4, 2}));
  // Crossing arcs: 1->3 spans 2 (the root's child), and 4->1 spans 2 and 3.
  std::vector<int> crossing = {0, 3, 0, 2, 1};
  int lifts = projectivize(crossing);
  EXPECT_GE(lifts, 1);
  for (int word = 1; word <= 4; ++word) {
    int head = crossing[static_cast<size_t>(word)];
    int low = std::min(head, word), high = std::max(head, word);
    for (int between = low + 1; between < high; ++between) {
      int current = between;
      while (current != 0 && current != head) current = crossing[static_cast<size_t>(current)];
      EXPECT_EQ(current, head) << "arc " << head << "->" << word << " still crosses " << between;
    }
  }
}

// Several training files (train and dev for a final model) are one treebank; the metadata names
// them all.
TEST(ParserTraining, TrainsOnSeveralFiles) {
  ParserTrainOptions options = fixture_options();
  options.train_paths = {kFixture, kFixture};
  options.epochs = 2;
  options.ensemble = 1;
  std::ostringstream log;
  auto trained = train_parser(options, log);
  ASSERT_TRUE(trained.ok()) << trained.error().message();
  EXPECT_EQ(trained.value().metadata().at("train_path"), kFixture + " + " + kFixture);
  options.train_paths = {kFixture, testing::TempDir() + "/missing-dev.conllu"};
  auto missing = train_parser(options, log);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("missing-dev.conllu"), std::string::npos);
}

TEST(ParserTraining, ErrorsNameTheInput) {
  std::ostringstream log;
  ParserTrainOptions options = fixture_options();
  options.train_paths = {testing::TempDir() + "/missing-treebank.conllu"};
  auto missing = train_parser(options, log);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("missing-treebank.conllu"), std::string::npos);
  options = fixture_options();
  options.clusters_path = testing::TempDir() + "/missing-clusters.txt";
  auto no_clusters = train_parser(options, log);
  ASSERT_FALSE(no_clusters.ok());
  EXPECT_NE(no_clusters.error().message().find("missing-clusters.txt"), std::string::npos);
  options = fixture_options();
  options.epochs = 0;
  EXPECT_FALSE(train_parser(options, log).ok());
}

// With a tagger: jackknifed training tags (taggers trained through the tagger's API), the
// gold-tag copy, and the saved tags reused on a second run give the same model.
TEST(ParserTraining, TrainsOnJackknifedTags) {
  TaggerTrainOptions tagger_options;
  tagger_options.train_paths = {kFixture};
  tagger_options.epochs = 3;
  tagger_options.lemma_epochs = 1;
  tagger_options.date = "2026-01-01";
  std::ostringstream log;
  auto tagger = train_tagger(tagger_options, log);
  ASSERT_TRUE(tagger.ok()) << tagger.error().message();
  std::string tagger_path = testing::TempDir() + "/parser_test_tagger.chm";
  ASSERT_TRUE(tagger.value().save(tagger_path).ok());

  ParserTrainOptions options = fixture_options();
  options.tagger_path = tagger_path;
  options.dev_path = kFixture;
  options.jackknife_folds = 2;
  options.jackknife_output_path = testing::TempDir() + "/parser_test_jackknife.conllu";
  auto parser = train_parser(options, log);
  ASSERT_TRUE(parser.ok()) << parser.error().message();
  EXPECT_NE(parser.value().metadata().at("tags").find("2-fold jackknife"), std::string::npos);
  EXPECT_NE(parser.value().metadata().at("tags").find("+ gold"), std::string::npos);
  EXPECT_NE(log.str().find("each sentence twice"), std::string::npos);
  auto fixture = models::read_conllu(kFixture).value();
  for (const auto& sentence : fixture) EXPECT_EQ(tree_problem(parse(parser.value(), sentence).heads), "");

  // The saved tags replace the jackknife and give the same model.
  ParserTrainOptions reuse = options;
  reuse.train_tags_path = options.jackknife_output_path;
  reuse.jackknife_output_path.clear();
  auto again = train_parser(reuse, log);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again.value().to_model_file().sections.at("weights"), parser.value().to_model_file().sections.at("weights"));
  for (const auto& sentence : fixture) EXPECT_EQ(parse(again.value(), sentence), parse(parser.value(), sentence));

  // Tags for other sentences are refused.
  ParserTrainOptions wrong = reuse;
  wrong.train_paths = {std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/treebank-sample.conllu"};
  std::string other = testing::TempDir() + "/parser_test_other.conllu";
  {
    std::ofstream out(other);
    out << models::to_conllu({fixture[0]});
  }
  wrong.train_tags_path = other;
  auto refused = train_parser(wrong, log);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("parser_test_other.conllu"), std::string::npos);
}

// The accuracy bar, CoNLL 2018 style: EWT test, gold tokenisation, tags predicted by the shipped
// tagger, punctuation included, LAS on universal relations. Empty when a file is missing.
std::vector<Figure> shipped_parser_figures(std::string* missing) {
  for (const std::string& path : {kEwtTest, kShippedParser, kShippedTagger})
    if (!std::filesystem::exists(path)) {
      *missing = path;
      return {};
    }
  auto parser = models::Parser::load(kShippedParser);
  EXPECT_TRUE(parser.ok()) << parser.error().message();
  auto tagger = models::Tagger::load(kShippedTagger);
  EXPECT_TRUE(tagger.ok()) << tagger.error().message();
  auto test = models::read_conllu(kEwtTest);
  EXPECT_TRUE(test.ok()) << test.error().message();
  if (!parser.ok() || !tagger.ok() || !test.ok()) return {};
  models::Tagger::Scratch scratch;
  for (auto& sentence : test.value()) tagger.value().tag_sentence(sentence, scratch);
  auto figures = evaluate_parser(parser.value(), test.value());
  std::cout << format_figures(figures);
  return figures;
}

// The project's bars on EWT test with gold tokens and predicted tags: LAS >= 84.0, UAS >= 87.0
// (the shipped model: 87.20 / 84.67, docs/models.md).
TEST(ParserAccuracy, EwtTestWithPredictedTagsMeetsTheBars) {
  std::string missing;
  auto figures = shipped_parser_figures(&missing);
  if (!missing.empty()) GTEST_SKIP() << missing << " is missing: accuracy on EWT test not checked";
  ASSERT_FALSE(figures.empty());
  EXPECT_GE(figure(figures, "LAS"), 84.0);
  EXPECT_GE(figure(figures, "UAS"), 87.0);
}

}  // namespace
}  // namespace chronicle::training
