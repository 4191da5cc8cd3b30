// The engine with PETRARCH dictionaries (EngineOptions::dictionaries_dir): the "instead" and
// "alongside" modes, agents composed with actors, date-restricted codes, '%' compounds, discards
// and a malformed dictionary stopping `create` with file and line. The dictionaries are tiny ones
// written here, in PETRARCH's formats.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "chronicle/engine.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

fs::path write_dictionaries(const std::string& name, const std::string& verbs) {
  fs::path dir =
      fs::temp_directory_path() / ("chronicle_petrarch_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "Test.verbs.txt") << verbs;
  std::ofstream(dir / "Test.actors.txt")
      << "ARNOR [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\n"
         "GOLLUM\n\t[HOB <19950601]\n\t[HOBGOV 19950601-19990815]\n";
  std::ofstream(dir / "Test.agents.txt") << "POLICE {} [~COP]\nGOVERNMENT [~GOV]\nMSF {} [NGO~]\n";
  std::ofstream(dir / "Test.discards.txt") << "BASEBALL\n+TYPHOON\n";
  return dir;
}

constexpr const char* kVerbs =
    "--- RESTORE [064] ---\nRESTORE\n- * FULL_TIES [065]\n\n"
    "--- AGREE [081] ---\nAGREE\n- % * [030:030]\n";

class PetrarchEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(write_dictionaries("ok", kVerbs));
    for (auto mode :
         {EngineOptions::DictionariesMode::kInstead, EngineOptions::DictionariesMode::kAlongside}) {
      EngineOptions options;
      options.data_dir = CHRONICLE_DATA_DIR;
      options.generated_dir = CHRONICLE_GENERATED_DIR;
      options.dictionaries_dir = dir_->string();
      options.dictionaries_mode = mode;
      auto engine = Engine::create(options);
      ASSERT_TRUE(engine.ok()) << engine.error().message();
      (mode == EngineOptions::DictionariesMode::kInstead ? instead_ : alongside_) =
          std::move(engine).value().release();
    }
  }
  static void TearDownTestSuite() {
    delete instead_;
    delete alongside_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static std::set<std::string> codings(const Engine& engine, const std::string& text,
                                       const std::string& date, Analysis* out = nullptr) {
    Document document;
    document.id = "test";
    document.text = text;
    document.date = date;
    Analysis analysis = engine.analyze(document);
    std::set<std::string> result;
    for (const Event& event : analysis.events) {
      result.insert((event.source ? event.source->actor.code : "---") + " " +
                    (event.target ? event.target->actor.code : "---") + " " + event.code);
    }
    if (out != nullptr) *out = std::move(analysis);
    return result;
  }

  static fs::path* dir_;
  static Engine* instead_;
  static Engine* alongside_;
};

fs::path* PetrarchEngineTest::dir_ = nullptr;
Engine* PetrarchEngineTest::instead_ = nullptr;
Engine* PetrarchEngineTest::alongside_ = nullptr;

using Codings = std::set<std::string>;

TEST_F(PetrarchEngineTest, CodesVerbsWithTheirPatterns) {
  EXPECT_EQ(codings(*instead_, "Arnor will restore diplomatic ties with Gondor.", "1995-01-01"),
            Codings{"ARN GON 064"});
  EXPECT_EQ(codings(*instead_, "Arnor will restore full ties with Minas Tirith.", "1995-01-01"),
            Codings{"ARN GON 065"});
}

TEST_F(PetrarchEngineTest, ComposesAgentsAndDatedCodes) {
  EXPECT_EQ(codings(*instead_, "The Arnor government will restore ties with the Gondor police.",
                    "1995-01-01"),
            Codings{"ARNGOV GONCOP 064"});
  EXPECT_EQ(codings(*instead_, "Gollum will restore ties with Gondor.", "1995-01-01"),
            Codings{"HOB GON 064"});
  EXPECT_EQ(codings(*instead_, "Gollum will restore ties with Gondor.", "1996-01-01"),
            Codings{"HOBGOV GON 064"});
}

TEST_F(PetrarchEngineTest, CompoundSlotCodesEachPair) {
  EXPECT_EQ(codings(*instead_, "Arnor and Gondor agree that the war must end.", "1995-01-01"),
            (Codings{"ARN GON 030", "GON ARN 030"}));
}

TEST_F(PetrarchEngineTest, DiscardsAreNoted) {
  Analysis analysis;
  EXPECT_TRUE(
      codings(*instead_, "Arnor will restore baseball ties with Gondor.", "1995-01-01", &analysis)
          .empty());
  ASSERT_FALSE(analysis.notes.empty());
  EXPECT_NE(analysis.notes.back().find("discarded"), std::string::npos);
  EXPECT_TRUE(codings(*instead_, "A typhoon hit. Arnor will restore ties with Gondor.",
                      "1995-01-01", &analysis)
                  .empty());
  EXPECT_NE(analysis.notes.back().find("story discarded"), std::string::npos);
}

TEST_F(PetrarchEngineTest, AlongsideKeepsOurEventsAndAddsTheirs) {
  // Our dictionaries know Russia and Ukraine and "attack"; PETRARCH's tiny set knows Arnor.
  Codings ours = codings(*alongside_, "Russia attacked Ukraine.", "2025-01-01");
  EXPECT_FALSE(ours.empty());
  EXPECT_TRUE(codings(*instead_, "Russia attacked Ukraine.", "2025-01-01").empty());
  EXPECT_EQ(codings(*alongside_, "Arnor will restore ties with Gondor.", "1995-01-01"),
            Codings{"ARN GON 064"});
}

TEST(PetrarchEngine, MalformedDictionaryStopsCreateWithFileAndLine) {
  fs::path dir = write_dictionaries("bad", "--- RESTORE [064] ---\nRESTORE\n&SYN\n+ONE\nTWO\n");
  EngineOptions options;
  options.data_dir = CHRONICLE_DATA_DIR;
  options.generated_dir = CHRONICLE_GENERATED_DIR;
  options.dictionaries_dir = dir.string();
  auto engine = Engine::create(options);
  fs::remove_all(dir);
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.error().message().find("Test.verbs.txt:5:"), std::string::npos)
      << engine.error().message();
}

}  // namespace
}  // namespace chronicle
