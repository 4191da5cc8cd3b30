// The tagger's runtime pieces: lemma edit scripts, lower-casing, the weight layout (differential
// against LinearModel, which reads the same bytes), and the shipped model (models/tagger.chm):
// self-test on load, odd input, and the same output from many threads. Training, save/load and
// corrupt files are in tests/unit/training/tagger_training_test.cc.
#include "models/tagger.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "models/corpus.h"
#include "models/linear.h"

namespace chronicle::models {
namespace {

const std::string kModel = std::string(CHRONICLE_SOURCE_DIR) + "/models/tagger.chm";
const std::string kFixture = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/treebank-sample.conllu";

// ---- lemma scripts --------------------------------------------------------------------------------

struct ScriptCase {
  const char* form;
  const char* lemma;
  LemmaScript::Base base;  // the rewrite make_script should choose
};

TEST(LemmaScript, RoundTripsEveryKindOfEdit) {
  const ScriptCase cases[] = {
      {"cities", "city", LemmaScript::kKeep},
      {"went", "go", LemmaScript::kKeep},
      {"The", "the", LemmaScript::kLower},
      {"Running", "run", LemmaScript::kLower},
      {"kerala", "Kerala", LemmaScript::kUpperFirst},
      {"TEHRAN", "Tehran", LemmaScript::kTitle},
      {"2,000", "2000", LemmaScript::kNoCommas},
      {"Americans", "American", LemmaScript::kKeep},
      {"n't", "not", LemmaScript::kKeep},
      {"Ärzte", "Arzt", LemmaScript::kKeep},
      {"ÉCOLES", "école", LemmaScript::kLower},
      {"naïve", "naïve", LemmaScript::kKeep},
      {"", "", LemmaScript::kKeep},
  };
  for (const auto& test : cases) {
    LemmaScript script = Tagger::make_script(test.form, test.lemma);
    EXPECT_EQ(script.base, test.base) << test.form;
    std::string lemma;
    ASSERT_TRUE(Tagger::apply_script(script, test.form, lemma)) << test.form;
    EXPECT_EQ(lemma, test.lemma) << test.form;
  }
}

TEST(LemmaScript, GeneralisesAndRefusesWhatDoesNotFit) {
  std::string lemma;
  ASSERT_TRUE(Tagger::apply_script(Tagger::make_script("cities", "city"), "parties", lemma));
  EXPECT_EQ(lemma, "party");
  EXPECT_FALSE(Tagger::apply_script(Tagger::make_script("cities", "city"), "a", lemma));  // strips 3 bytes
  // Never cuts a multi-byte character in two.
  EXPECT_FALSE(Tagger::apply_script(Tagger::make_script("cat", "ca"), "xé", lemma));
}

TEST(Tagger, LowerCasesUnicode) {
  std::string out;
  Tagger::append_lower("ÉCOLE Straße ΣΟΦΊΑ", out);
  EXPECT_EQ(out, "école straße σοφία");
  out.clear();
  Tagger::append_lower(std::string("A\xff"
                                   "B"),
                       out);  // invalid UTF-8 is copied as it is
  EXPECT_EQ(out, std::string("a\xff"
                             "b"));
}

// ---- weights --------------------------------------------------------------------------------------

// A LinearModel with both kinds of rows: features that saw many classes (dense at run time) and
// features that saw a few (sparse).
LinearModel trained_model(uint32_t classes) {
  PerceptronTrainer trainer(classes);
  std::mt19937 random(7);
  for (int step = 0; step < 4000; ++step) {
    std::vector<uint64_t> features = {feature_hash(1, "bias"), feature_hash(2, std::to_string(random() % 300))};
    uint32_t truth = random() % classes, guess = random() % classes;
    trainer.update(features, truth, guess);
    trainer.tick();
  }
  return trainer.finish(1e-4f);
}

TEST(TaggerWeights, ScoresExactlyLikeLinearModel) {
  const uint32_t classes = 40;
  LinearModel linear = trained_model(classes);
  ByteWriter bytes;
  linear.write(bytes);
  ByteReader in(bytes.bytes(), "weights");
  auto weights = TaggerWeights::read(in);
  ASSERT_TRUE(weights.ok()) << weights.error().message();
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(weights.value().classes(), classes);
  EXPECT_EQ(weights.value().features(), linear.features());
  EXPECT_EQ(weights.value().weights(), linear.weights());

  std::mt19937 random(11);
  for (int sample = 0; sample < 200; ++sample) {
    std::vector<uint64_t> features = {feature_hash(1, "bias")};
    for (int idx = 0; idx < 5; ++idx) features.push_back(feature_hash(2, std::to_string(random() % 400)));
    std::vector<float> expected(classes, 0.0f), got(weights.value().padded_classes(), 0.0f);
    linear.score(features, expected.data());
    weights.value().score(features, got.data());
    got.resize(classes);
    ASSERT_EQ(got, expected) << "sample " << sample;
  }

  // Written back, the bytes are LinearModel's own.
  ByteWriter again;
  weights.value().write(again);
  EXPECT_EQ(again.bytes(), bytes.bytes());
}

TEST(TaggerWeights, RejectsEveryTruncation) {
  ByteWriter bytes;
  trained_model(20).write(bytes);
  for (size_t size = 0; size < bytes.bytes().size(); size += 7) {
    ByteReader in(std::string_view(bytes.bytes()).substr(0, size), "weights");
    EXPECT_FALSE(TaggerWeights::read(in).ok()) << "accepted " << size << " bytes";
  }
}

// ---- the shipped model ----------------------------------------------------------------------------

class ShippedTagger : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kModel)) GTEST_SKIP() << kModel << " is absent (train it: see docs)";
    auto loaded = Tagger::load(kModel);  // runs the self-test
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    tagger_ = std::move(loaded).value();
  }
  std::vector<std::string> tag(const std::vector<std::string_view>& words) {
    std::vector<TaggedWord> out(words.size());
    tagger_.tag(words, scratch_, out);
    std::vector<std::string> described;
    for (const auto& word : out)
      described.push_back(std::string(tagger_.upos_name(word.upos)) + "/" + std::string(tagger_.xpos_name(word.xpos)) +
                          "/" + std::string(word.lemma));
    return described;
  }
  Tagger tagger_;
  Tagger::Scratch scratch_;
};

TEST_F(ShippedTagger, TagsAndLemmatisesASentence) {
  auto out = tag({"Rebels", "attacked", "the", "city", "'s", "airport", "on", "Tuesday", "."});
  EXPECT_EQ(out[0], "NOUN/NNS/rebel");
  EXPECT_EQ(out[1], "VERB/VBD/attack");
  EXPECT_EQ(out[3], "NOUN/NN/city");
  EXPECT_EQ(out[4], "PART/POS/'s");
  EXPECT_EQ(out[7], "PROPN/NNP/Tuesday");
  EXPECT_EQ(out[8], "PUNCT/./.");
  EXPECT_FALSE(tagger_.metadata().at("trained").empty());
}

TEST_F(ShippedTagger, SurvivesOddInput) {
  EXPECT_TRUE(tag({}).empty());
  std::string long_word(10000, 'a'), bad_utf8 = "caf\xc3", control = std::string("\0\x01\x7f", 3);
  auto out = tag({"", long_word, bad_utf8, control, "\xf0\x9f\x98\x80", "--", "1,000,000"});
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[6], "NUM/CD/1000000");
}

TEST_F(ShippedTagger, SameOutputFromManyThreads) {
  auto corpus = read_conllu(kFixture);
  if (!corpus.ok()) GTEST_SKIP() << corpus.error().message();
  auto tag_all = [&](Tagger::Scratch& scratch) {
    std::vector<std::string> all;
    for (const auto& sentence : corpus.value()) {
      std::vector<std::string_view> words;
      for (const auto& word : sentence.words) words.push_back(word.form);
      std::vector<TaggedWord> out(words.size());
      tagger_.tag(words, scratch, out);
      for (const auto& word : out) all.push_back(std::to_string(word.tag) + " " + std::string(word.lemma));
    }
    return all;
  };
  Tagger::Scratch scratch;
  const std::vector<std::string> expected = tag_all(scratch);
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results)
    threads.emplace_back([&] {
      Tagger::Scratch own;
      for (int round = 0; round < 3; ++round) result = tag_all(own);
    });
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

}  // namespace
}  // namespace chronicle::models
