// Acceptance over the seed reports our first users sent (../shared/seeds). The expectations are a
// careful reader's list of the key events, written from reading the texts; the code that finds
// them is general (nothing here or in the dictionaries is keyed to these texts).
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

fs::path seeds_dir() { return fs::path(CHRONICLE_SHARED_DIR) / "seeds"; }

std::vector<nlohmann::json> extract_seed(const std::string& name, const std::string& date) {
  CliResult result = run_cli({"extract", "--date", date, (seeds_dir() / name).string()});
  EXPECT_EQ(result.status, 0) << result.err;
  return parse_lines(result.out);
}

void expect_event(const std::vector<nlohmann::json>& events, const Expected& want,
                  const std::string& what) {
  bool found = std::any_of(events.begin(), events.end(),
                           [&](const auto& event) { return matches(event, want); });
  EXPECT_TRUE(found) << "missing: " << what << "\nfound:\n" << describe(events);
}

// No event is claimed in a sentence whose words deny or have not confirmed it.
void expect_denied_sentence_negated(const std::vector<nlohmann::json>& events,
                                    const std::string& sentence_words) {
  for (const auto& event : events) {
    if (event["sentence_text"].get<std::string>().find(sentence_words) != std::string::npos) {
      EXPECT_TRUE(event["negated"].get<bool>() || event["hedged"].get<bool>())
          << "claimed although the text does not confirm it: " << event.dump();
    }
  }
}

class SeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(seeds_dir())) {
      GTEST_SKIP() << "seed reports not found at " << seeds_dir()
                   << " (../shared is absent on a newcomer's clone)";
    }
  }
};

// Russia's deputy defence minister in Damascus, a Putin–Netanyahu call, Turkey's ambassador.
TEST_F(SeedsTest, DamascusTalksReport) {
  auto events = extract_seed("001_669658e355e3118c.txt", "2025-11-18");
  expect_event(events, {.root = "04", .source_country = "RUS", .target_country = "SYR",
                        .place_country = "SYR"},
               "Russian deputy defence minister visits / holds talks in Damascus");
  expect_event(events, {.root = "04", .source_country = "RUS", .target_country = "ISR"},
               "Putin's telephone conversation with Netanyahu");
  expect_event(events, {.source_country = "TUR", .target_country = "SYR"},
               "Turkey reappoints an ambassador to Damascus");
  expect_denied_sentence_negated(events, "has yet to officially confirm");
}

// The Palmyra clash, Russian bases, the Putin–al-Sharaa meeting, negotiations over bases.
TEST_F(SeedsTest, PalmyraReport) {
  auto events = extract_seed("002_f55465405d56aa83.txt", "2025-12-20");
  expect_event(events, {.root = "19", .place_country = "SYR", .hedged = 1},
               "a reported coordinated attack near Palmyra");
  expect_event(events, {.root = "04", .source_country = "RUS", .target_country = "SYR",
                        .date_prefix = "2025-10-15"},
               "Putin meets Syria's interim president on October 15th");
  expect_event(events, {.root = "04", .source_country = "SYR", .target_country = "RUS"},
               "Syria negotiates with Russia over the bases");
}

// Russian forces as peace guarantors: statements by Moscow and Shoigu.
TEST_F(SeedsTest, GuarantorsReport) {
  auto events = extract_seed("000_685b5a2a6ecb31bf.txt", "2023-12-20");
  expect_event(events, {.root = "01", .source_country = "RUS"},
               "the Russian defence minister reiterates Moscow's stance");
  for (const auto& event : events) {
    EXPECT_FALSE(event["attributed_to"].is_null())
        << "the closing Attribution line covers every event: " << event.dump();
  }
}

}  // namespace
}  // namespace chronicle::testing
