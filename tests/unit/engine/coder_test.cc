// The whole pipeline on short invented sentences: how the pattern coder picks source, target,
// code, negation, hedging, attribution, date and place.
#include <gtest/gtest.h>

#include <algorithm>

#include "chronicle/engine.h"

namespace chronicle {
namespace {

class CoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions options;
    options.data_dir = CHRONICLE_DATA_DIR;
    options.generated_dir = CHRONICLE_GENERATED_DIR;
    auto engine = Engine::create(options);
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = std::move(engine).value().release();
  }
  static void TearDownTestSuite() { delete engine_; }

  Analysis analyze(const std::string& text, const std::string& date = "2025-06-18") {
    document_.id = "test";
    document_.text = text;
    document_.date = date;
    return engine_->analyze(document_);
  }

  static std::string country(const std::optional<EventActor>& side) {
    return side ? side->actor.country : "-";
  }

  static std::string dump(const Analysis& analysis) {
    std::string out;
    for (const Event& event : analysis.events) {
      out += event.code + " " + country(event.source) + "->" + country(event.target) +
             (event.negated ? " NEG" : "") + (event.hedged ? " HEDGE" : "") + " [" +
             event.trigger_text + "]\n";
    }
    for (const ActorMention& mention : analysis.actors) {
      out += "  actor: " + mention.text + " = " + mention.actor.code + "\n";
    }
    return out;
  }

  // The first event with this root and these countries, or nullptr.
  static const Event* find(const Analysis& analysis, const std::string& root,
                           const std::string& source, const std::string& target) {
    for (const Event& event : analysis.events) {
      if (event.root == root && country(event.source) == source && country(event.target) == target) {
        return &event;
      }
    }
    return nullptr;
  }

  Document document_;
  static Engine* engine_;
};

Engine* CoderTest::engine_ = nullptr;

TEST_F(CoderTest, ActiveVerbSourceBeforeTargetAfter) {
  Analysis analysis = analyze("Kenyan police arrested three Ugandan journalists in Nairobi.");
  const Event* event = find(analysis, "17", "KEN", "UGA");
  ASSERT_NE(event, nullptr) << dump(analysis);
  EXPECT_EQ(event->source->actor.code, "KENCOP");
  ASSERT_TRUE(event->place.has_value());
  EXPECT_EQ(event->place->place.country, "KEN");
}

TEST_F(CoderTest, PassiveVoiceSwapsSourceAndTarget) {
  Analysis analysis = analyze("Ethiopian soldiers were attacked by Eritrean troops near the border.");
  EXPECT_NE(find(analysis, "19", "ERI", "ETH"), nullptr) << dump(analysis);
  EXPECT_EQ(find(analysis, "19", "ETH", "ERI"), nullptr) << dump(analysis);
}

TEST_F(CoderTest, CoordinatedActorsGiveOneEventEach) {
  Analysis analysis = analyze("France and Germany condemned Belarus on Tuesday.");
  EXPECT_NE(find(analysis, "11", "FRA", "BLR"), nullptr) << dump(analysis);
  EXPECT_NE(find(analysis, "11", "DEU", "BLR"), nullptr) << dump(analysis);
}

TEST_F(CoderTest, NominalEventWithTarget) {
  Analysis analysis = analyze(
      "The Chilean president held a telephone conversation with Peruvian President Dina "
      "Boluarte on Monday.");
  const Event* event = find(analysis, "04", "CHL", "PER");
  ASSERT_NE(event, nullptr) << dump(analysis);
  EXPECT_EQ(event->date, "2025-06-16");
}

// "since May" starts a period the event is compared with; the day is the event's date, and a
// sentence with only a "since" date takes the document's.
TEST_F(CoderTest, SinceDateIsNeverTheEventDate) {
  Analysis analysis = analyze("France condemned Belarus on Monday, the sharpest rebuke since May.");
  const Event* event = find(analysis, "11", "FRA", "BLR");
  ASSERT_NE(event, nullptr) << dump(analysis);
  EXPECT_EQ(event->date, "2025-06-16");
  Analysis only_since = analyze("France has condemned Belarus since May.");
  event = find(only_since, "11", "FRA", "BLR");
  ASSERT_NE(event, nullptr) << dump(only_since);
  EXPECT_EQ(event->date, "2025-06-18");
}

TEST_F(CoderTest, NegationHedgingAndAttribution) {
  Analysis denied = analyze("Vietnam did not attack Chinese vessels, the ministry said.");
  for (const Event& event : denied.events) {
    if (event.root == "19") EXPECT_TRUE(event.negated) << dump(denied);
  }
  Analysis hedged = analyze("Sudanese warplanes reportedly bombed a market in Darfur.");
  const Event* strike = nullptr;
  for (const Event& event : hedged.events) {
    if (event.root == "19" || event.root == "18") strike = &event;
  }
  ASSERT_NE(strike, nullptr) << dump(hedged);
  EXPECT_TRUE(strike->hedged);
  Analysis attributed = analyze(
      "According to state media, Iranian forces seized a British tanker in the Gulf.");
  ASSERT_FALSE(attributed.events.empty()) << dump(attributed);
  const Event& seized = attributed.events.front();
  ASSERT_TRUE(seized.attributed_to.has_value());
  EXPECT_EQ(seized.attributed_to->text, "state media");
}

TEST_F(CoderTest, ReportedSpeechKeepsTheSpeakerAsAttribution) {
  Analysis analysis = analyze("Polish officials said Russian drones attacked Ukrainian cities.");
  const Event* attack = find(analysis, "19", "RUS", "UKR");
  ASSERT_NE(attack, nullptr) << dump(analysis);
  ASSERT_TRUE(attack->attributed_to.has_value());
  EXPECT_NE(attack->attributed_to->text.find("Polish officials"), std::string::npos);
}

TEST_F(CoderTest, EvidenceSpanCoversSourceTriggerAndTarget) {
  std::string text = "Moroccan officials met Algerian diplomats in Rabat.";
  Analysis analysis = analyze(text);
  ASSERT_FALSE(analysis.events.empty()) << dump(analysis);
  const Event& event = analysis.events.front();
  std::string evidence = text.substr(event.evidence.begin, event.evidence.end - event.evidence.begin);
  EXPECT_NE(evidence.find("met"), std::string::npos);
  EXPECT_NE(evidence.find("Moroccan"), std::string::npos);
  EXPECT_NE(evidence.find("Algerian"), std::string::npos);
}

TEST_F(CoderTest, ClosingAttributionLineCoversTheReport) {
  Analysis analysis = analyze(
      "Greek troops deployed to the islands.\n\nAttribution: Defence ministry statements.");
  ASSERT_TRUE(analysis.document_attribution.has_value());
  for (const Event& event : analysis.events) {
    ASSERT_TRUE(event.attributed_to.has_value());
    EXPECT_EQ(event.attributed_to->text, "Defence ministry statements");
  }
}

}  // namespace
}  // namespace chronicle
