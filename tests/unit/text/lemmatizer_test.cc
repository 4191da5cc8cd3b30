#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "text/text.h"
#include "text_test_util.h"

namespace chronicle::text {
namespace {

constexpr const char* kWordNetDir = "/usr/share/wordnet";

class LemmatizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(std::string(kWordNetDir) + "/index.verb")) {
      GTEST_SKIP() << "WordNet not installed at " << kWordNetDir << " (Debian package wordnet-base)";
    }
    auto loaded = Lemmatizer::load(kWordNetDir);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    lemmatizer_ = std::move(loaded).value();
  }
  std::unique_ptr<Lemmatizer> lemmatizer_;
};

TEST_F(LemmatizerTest, WithoutTag) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"met", "meet"},         {"talks", "talk"},       {"forces", "force"},
      {"held", "hold"},        {"said", "say"},         {"attacked", "attack"},
      {"countries", "country"}, {"leaders", "leader"},  {"went", "go"},
      {"wounded", "wound"},    {"reappointed", "reappoint"}, {"killed", "kill"},
      {"was", "be"},           {"news", "news"},        {"its", "its"},
      {"us", "us"},            {"need", "need"},        {"bed", "bed"},
      {"n't", "not"},          {"1,068", "1,068"},      {",", ","},
      {"cryptocurrencies", "cryptocurrency"},           {"zzyzx", "zzyzx"},
      {"re-elected", "re-elect"}, {"peace-keepers", "peace-keeper"}, {"high-level", "high-level"},
      {"boss", "boss"},        {"pass", "pass"},        {"passes", "pass"},
  };
  for (const auto& [form, expected] : cases) {
    EXPECT_EQ(lemmatizer_->lemma(form), expected) << form;
  }
}

TEST_F(LemmatizerTest, WithTag) {
  EXPECT_EQ(lemmatizer_->lemma("better", "ADJ"), "good");
  EXPECT_EQ(lemmatizer_->lemma("larger", "ADJ"), "large");
  EXPECT_EQ(lemmatizer_->lemma("meeting", "NOUN"), "meeting");
  EXPECT_EQ(lemmatizer_->lemma("meeting", "VERB"), "meet");
  EXPECT_EQ(lemmatizer_->lemma("churches", "NOUN"), "church");
  EXPECT_EQ(lemmatizer_->lemma("women", "NOUN"), "woman");
  EXPECT_EQ(lemmatizer_->lemma("the", "DET"), "the");
}

TEST_F(LemmatizerTest, ProcessUsesTagsAndContext) {
  Document document;
  document.text = "Leaders met but can't agree; talks wounded";
  Analysis analysis;
  Tokenizer().process(document, analysis);
  analysis.tokens[0].tag = "NOUN";
  lemmatizer_->process(document, analysis);
  std::vector<std::string> lemmas;
  for (const Token& token : analysis.tokens) lemmas.push_back(token.lemma);
  EXPECT_EQ(lemmas, (std::vector<std::string>{"leader", "meet", "but", "can", "not", "agree", ";",
                                              "talk", "wound"}));
}

TEST(LemmatizerLoadTest, MissingDirectoryNamesThePath) {
  auto loaded = Lemmatizer::load("/nonexistent/wordnet");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("/nonexistent/wordnet"), std::string::npos)
      << loaded.error().message();
}

TEST(LemmatizerLoadTest, MalformedExceptionLineNamesFileAndLine) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "chronicle_wn_bad";
  std::filesystem::create_directories(dir);
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    std::ofstream(dir / (std::string("index.") + pos)) << "  licence line\nword n 1 0\n";
    std::ofstream(dir / (std::string(pos) + ".exc")) << "geese goose\n";
  }
  std::ofstream(dir / "verb.exc") << "went go\nbroken\n";
  auto loaded = Lemmatizer::load(dir.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("verb.exc:2"), std::string::npos)
      << loaded.error().message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chronicle::text
