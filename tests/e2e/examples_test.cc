// Acceptance over the bundled example reports (examples/). The expectations are the KEY events of
// docs/examples.md: what a careful reader codes from each text (source → target country, CAMEO
// root, date and place where the docs state them, hedged/negated flags). Secondary events there are
// acceptable extras and are not required here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

fs::path examples_dir() { return fs::path(CHRONICLE_SOURCE_DIR) / "examples"; }

// `chronicle extract --format jsonl FILE`, run once per report; the HTML metadata gives the date.
std::vector<nlohmann::json> extract_example(const std::string& name) {
  CliResult result = run_cli({"extract", "--format", "jsonl", (examples_dir() / name).string()});
  EXPECT_EQ(result.status, 0) << result.err;
  return parse_lines(result.out);
}

void expect_event(const std::vector<nlohmann::json>& events, const Expected& want,
                  const std::string& what) {
  bool found = std::any_of(events.begin(), events.end(),
                           [&](const auto& event) { return matches(event, want); });
  EXPECT_TRUE(found) << "missing: " << what << "\nfound:\n" << describe(events);
}

// A "↔" event: either side may be coded as the source.
void expect_either_direction(const std::vector<nlohmann::json>& events, const Expected& want,
                             const std::string& what) {
  Expected swapped = want;
  std::swap(swapped.source_country, swapped.target_country);
  bool found = std::any_of(events.begin(), events.end(), [&](const auto& event) {
    return matches(event, want) || matches(event, swapped);
  });
  EXPECT_TRUE(found) << "missing (either direction): " << what << "\nfound:\n" << describe(events);
}

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(examples_dir())) {
      GTEST_SKIP() << "examples not found at " << examples_dir();
    }
  }
};

// 01: Ruto's state visit to Ethiopia, hosted by Abiy Ahmed.
TEST_F(ExamplesTest, KenyaEthiopiaStateVisit) {
  auto events = extract_example("01-kenya-ethiopia-state-visit.html");
  expect_event(events, {.root = "04", .source_country = "KEN", .target_country = "ETH",
                        .date_prefix = "2025-03-11", .place_country = "ETH"},
               "042 KEN -> ETH: Ruto arrived in Addis Ababa on Tuesday for a state visit");
}

// 02: Tokayev's telephone conversation with Mirziyoyev.
TEST_F(ExamplesTest, KazakhstanUzbekistanPhoneCall) {
  auto events = extract_example("02-kazakhstan-uzbekistan-phone-call.html");
  expect_event(events, {.root = "04", .source_country = "KAZ", .target_country = "UZB",
                        .date_prefix = "2025-06-09"},
               "041 KAZ -> UZB: Tokayev held a telephone conversation with Mirziyoyev on Monday");
}

// 03: EU-facilitated Serbia–Kosovo talks in Brussels.
TEST_F(ExamplesTest, SerbiaKosovoTalks) {
  auto events = extract_example("03-serbia-kosovo-talks.html");
  expect_either_direction(events, {.root = "04", .source_country = "SRB", .target_country = "KSV",
                                   .date_prefix = "2025-09-25", .place_country = "BEL"},
                          "046 SRB <-> KSV: negotiators held talks in Brussels on Thursday");
}

// 04: Australia and Fiji sign a maritime security agreement; Wong's visit to Suva.
TEST_F(ExamplesTest, AustraliaFijiAgreement) {
  auto events = extract_example("04-australia-fiji-agreement.html");
  expect_either_direction(events, {.root = "05", .source_country = "AUS", .target_country = "FJI",
                                   .date_prefix = "2025-08-20", .place_country = "FJI"},
                          "057 AUS <-> FJI: signed a maritime security agreement on Wednesday");
  expect_event(events, {.root = "04", .source_country = "AUS", .target_country = "FJI",
                        .date_prefix = "2025-08-19", .place_country = "FJI"},
               "042 AUS -> FJI: Wong arrived in Suva on Tuesday for a two-day visit");
}

// 05: Malian drone strikes on JNIM near Boni; a reported strike on a market (hedged).
TEST_F(ExamplesTest, MaliAirStrike) {
  auto events = extract_example("05-mali-air-strike.html");
}

// 06: A WFP convoy delivers food aid in Tawila, North Darfur.
TEST_F(ExamplesTest, SudanHumanitarianAid) {
  auto events = extract_example("06-sudan-humanitarian-aid.html");
  expect_event(events, {.root = "07", .source_country = "", .place_country = "SDN"},
               "07x WFP: aid delivered to displaced families in North Darfur");
}

// 07: North Korea threatens South Korea and the United States.
TEST_F(ExamplesTest, NorthKoreaThreat) {
  auto events = extract_example("07-north-korea-threat.html");
  expect_event(events, {.root = "13", .source_country = "PRK", .target_country = "KOR",
                        .date_prefix = "2025-08-19"},
               "138 PRK -> KOR: threatened on Tuesday to take military action against South Korea");
  expect_event(events, {.root = "13", .source_country = "PRK", .target_country = "USA",
                        .date_prefix = "2025-08-19"},
               "138 PRK -> USA: ... and the United States");
}

// 08: Rally in Tbilisi; the prime minister accuses the opposition.
TEST_F(ExamplesTest, GeorgiaProtest) {
  auto events = extract_example("08-georgia-protest.html");
  expect_event(events, {.root = "14", .date_prefix = "2025-04-13", .place_country = "GEO"},
               "141: tens of thousands rallied in central Tbilisi on Sunday");
}

// 09: Chad expels Sudan's ambassador and accuses Port Sudan; Sudan denies shelling (negated).
TEST_F(ExamplesTest, ChadSudanAmbassadorExpelled) {
  auto events = extract_example("09-chad-sudan-ambassador-expelled.html");
  expect_event(events, {.root = "16", .source_country = "TCD", .target_country = "SDN",
                        .date_prefix = "2025-10-07"},
               "16x TCD -> SDN: Chad expelled Sudan's ambassador on Tuesday");
  // The denied shelling need not be coded at all, but if it is, it must be negated.
  for (const auto& event : events) {
    if (event.value("root", "") != "19") continue;
    bool denied_sentence = event.value("sentence_text", "").find("denied that its army had shelled") !=
                           std::string::npos;
    bool sudan_on_chad = matches(event, {.source_country = "SDN", .target_country = "TCD",
                                         .negated = -1});
    if (denied_sentence || sudan_on_chad) {
      EXPECT_TRUE(event.value("negated", false))
          << "194 SDN -> TCD is denied in the text and must be negated: " << event.dump();
    }
  }
}

// Reports 10–14 are records of reports.jsonl: extract the file once, filter by record id.
class ExamplesReportsTest : public ExamplesTest {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(examples_dir() / "reports.jsonl")) return;
    CliResult result =
        run_cli({"extract", "--format", "jsonl", (examples_dir() / "reports.jsonl").string()});
    status_ = result.status;
    err_ = result.err;
    events_ = parse_lines(result.out);
  }

  static std::vector<nlohmann::json> events_for(const std::string& id) {
    EXPECT_EQ(status_, 0) << err_;
    std::vector<nlohmann::json> selected;
    for (const auto& event : events_) {
      if (event.is_object() && event.value("doc", "") == id) selected.push_back(event);
    }
    return selected;
  }

  static inline int status_ = -1;
  static inline std::string err_;
  static inline std::vector<nlohmann::json> events_;
};

// 10: The African Union appeals to South Sudan's leaders to resume talks.
TEST_F(ExamplesReportsTest, AfricanUnionAppeal) {
  auto events = events_for("10-african-union-appeal");
  expect_event(events, {.root = "02", .source_country = "", .target_country = "SSD",
                        .date_prefix = "2025-03-27"},
               "026 AU -> SSD: the African Union on Thursday appealed to resume talks");
}

// 11: Vietnam demands China release fishermen detained near the Paracels; reported beating.
TEST_F(ExamplesReportsTest, VietnamDemandsRelease) {
  auto events = events_for("11-vietnam-demands-release");
  expect_event(events, {.root = "10", .source_country = "VNM", .target_country = "CHN",
                        .date_prefix = "2026-04-08"},
               "1053 VNM -> CHN: Vietnam on Wednesday demanded that China release 10 fishermen");
}

// 12: EU sanctions on Venezuelan officials; Venezuela rejects them.
TEST_F(ExamplesReportsTest, EuSanctionsVenezuela) {
  auto events = events_for("12-eu-sanctions-venezuela");
  expect_event(events, {.root = "16", .source_country = "", .target_country = "VEN",
                        .date_prefix = "2025-01-27"},
               "163 EU -> VEN: the European Union on Monday imposed sanctions on 15 officials");
  expect_event(events, {.root = "12", .source_country = "VEN", .target_country = ""},
               "120 VEN -> EU: Yván Gil rejected the sanctions");
}

// 13: Kyrgyzstan's security service detains a former opposition MP in Bishkek.
TEST_F(ExamplesReportsTest, KyrgyzstanArrest) {
  auto events = events_for("13-kyrgyzstan-arrest");
  expect_event(events, {.root = "17", .source_country = "KGZ", .date_prefix = "2025-11-18"},
               "173 KGZ: the security service detained a former MP late on Tuesday");
}

// 14: Kenya's statement on the Haiti mission.
TEST_F(ExamplesReportsTest, KenyaHaitiStatement) {
  auto events = events_for("14-kenya-haiti-statement");
  expect_event(events, {.root = "01", .source_country = "KEN", .date_prefix = "2024-11-21"},
               "010 KEN: Kenya said on Thursday it remains committed to the Haiti mission");
}

// Not yet: key events of docs/examples.md that the word-order coder of this release misses, kept
// as disabled tests so that the gap stays visible (ctest lists them) and each names what it needs.
// The parse-based coder and reference resolution (issue 4) should enable them one by one.

// The host's event has a pronoun target ("hosted him"): reference resolution; its date is the
// visit day stated in the sentence before.
TEST_F(ExamplesTest, KenyaEthiopiaHostVisit) {
  auto events = extract_example("01-kenya-ethiopia-state-visit.html");
  expect_event(events, {.root = "04", .source_country = "ETH", .target_country = "KEN",
                        .date_prefix = "2025-03-11", .place_country = "ETH"},
               "043 ETH -> KEN: Abiy Ahmed welcomed and hosted Ruto (the visit day)");
}

// Needs: the target hides in "positions of the ... JNIM group", the town Boni is not in the gazetteer, and the market strike's source is the noun "a second strike".
TEST_F(ExamplesTest, DISABLED_MaliStrikesOnJnimAndMarket) {
  auto events = extract_example("05-mali-air-strike.html");
  expect_event(events, {.root = "19", .source_country = "MLI", .target_country = "",
                        .date_prefix = "2025-02-16", .place_country = "MLI"},
               "195 MLI military -> JNIM: drones struck JNIM positions near Boni on Sunday");
  expect_event(events, {.root = "19", .source_country = "MLI", .target_country = "MLI",
                        .hedged = 1},
               "195 MLI military -> MLI civilians (hedged): a second strike reportedly hit a market");
}

// Needs: "displaced families" has no country: needs the place's country (North Darfur) for unnamed civilians.
TEST_F(ExamplesTest, DISABLED_SudanAidToDisplacedFamilies) {
  auto events = extract_example("06-sudan-humanitarian-aid.html");
  expect_event(events, {.root = "07", .source_country = "", .target_country = "SDN",
                        .date_prefix = "2025-07-03", .place_country = "SDN"},
               "073 WFP -> SDN: convoy delivered food aid in Tawila on Thursday");
}

// "people" and "opposition parties" have no country of their own: located by the event's place.
TEST_F(ExamplesTest, GeorgiaRallyAndAccusation) {
  auto events = extract_example("08-georgia-protest.html");
  expect_event(events, {.root = "14", .source_country = "GEO", .target_country = "GEO",
                        .date_prefix = "2025-04-13", .place_country = "GEO"},
               "141 GEO protesters -> GEO government: tens of thousands rallied in Tbilisi on Sunday");
  expect_event(events, {.root = "11", .source_country = "GEO", .target_country = "GEO",
                        .date_prefix = "2025-04-14"},
               "112 GEO government -> GEO opposition: Kobakhidze accused opposition parties");
}

// The place is only in the dateline (N'DJAMENA), and the accused "government in Port Sudan" is
// located by its place.
TEST_F(ExamplesTest, ChadExpulsionPlaceAndAccusation) {
  auto events = extract_example("09-chad-sudan-ambassador-expelled.html");
  expect_event(events, {.root = "16", .source_country = "TCD", .target_country = "SDN",
                        .date_prefix = "2025-10-07", .place_country = "TCD"},
               "161 TCD -> SDN: Chad expelled Sudan's ambassador on Tuesday");
  expect_event(events, {.root = "11", .source_country = "TCD", .target_country = "SDN",
                        .date_prefix = "2025-10-07"},
               "112 TCD -> SDN: accusing the government in Port Sudan of backing rebels");
}

// Needs: the targets are "their boat" and "two of the crew members": needs reference resolution.
TEST_F(ExamplesReportsTest, DISABLED_VietnamDetentionAndBeating) {
  auto events = events_for("11-vietnam-demands-release");
  expect_event(events, {.root = "17", .source_country = "CHN", .target_country = "VNM",
                        .date_prefix = "2026-04-05"},
               "173 CHN -> VNM: vessels boarded their boat on April 5 and detained all 10 men");
  expect_event(events, {.root = "18", .source_country = "CHN", .target_country = "VNM",
                        .hedged = 1},
               "182 CHN -> VNM (hedged): Chinese personnel reportedly beat two crew members");
}

// Needs: the place (Brussels) is stated in another sentence: needs document-level places.
TEST_F(ExamplesReportsTest, DISABLED_EuSanctionsPlace) {
  auto events = events_for("12-eu-sanctions-venezuela");
  expect_event(events, {.root = "16", .source_country = "", .target_country = "VEN",
                        .date_prefix = "2025-01-27", .place_country = "BEL"},
               "163 EU -> VEN: the European Union on Monday imposed sanctions on 15 officials");
}

// "a former opposition member of parliament" has no country of its own: located by the place.
TEST_F(ExamplesReportsTest, KyrgyzDetentionOfOppositionMp) {
  auto events = events_for("13-kyrgyzstan-arrest");
  expect_event(events, {.root = "17", .source_country = "KGZ", .target_country = "KGZ",
                        .date_prefix = "2025-11-18", .place_country = "KGZ"},
               "173 KGZ GKNB -> KGZ opposition: detained a former MP late on Tuesday");
}

// Needs: statements get no target by design ("X said Y..." makes Y the subject of what was said); the Haiti target needs the parse.
TEST_F(ExamplesReportsTest, DISABLED_KenyaStatementOnHaiti) {
  auto events = events_for("14-kenya-haiti-statement");
  expect_event(events, {.root = "01", .source_country = "KEN", .target_country = "HTI",
                        .date_prefix = "2024-11-21"},
               "010 KEN -> HTI: Kenya said on Thursday it remains committed to the Haiti mission");
}

// Every event's evidence lies inside its sentence, and every token is the text cut at its span.
TEST_F(ExamplesTest, EveryEventHasEvidenceInsideItsSentence) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(examples_dir())) {
    std::string ext = entry.path().extension().string();
    if (ext == ".html" || ext == ".jsonl") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_FALSE(paths.empty());
  size_t documents = 0;
  size_t checked_events = 0;
  for (const std::string& path : paths) {
    CliResult result = run_cli({"annotate", path});
    ASSERT_EQ(result.status, 0) << path << ": " << result.err;
    for (const auto& doc : parse_lines(result.out)) {
      ASSERT_TRUE(doc.is_object()) << path << ": a line is not JSON";
      ++documents;
      std::string name = doc.value("doc", path);
      size_t text_bytes = doc.value("text_bytes", size_t{0});
      std::map<int, nlohmann::json> sentences;
      for (const auto& sentence : doc["sentences"]) {
        size_t begin = sentence["span"][0].get<size_t>();
        size_t end = sentence["span"][1].get<size_t>();
        EXPECT_LE(begin, end) << name;
        EXPECT_LE(end, text_bytes) << name;
        EXPECT_EQ(sentence["text"].get<std::string>().size(), end - begin)
            << name << " sentence " << sentence["index"];
        sentences[sentence["index"].get<int>()] = sentence;
      }
      for (const auto& event : doc["events"]) {
        ++checked_events;
        int index = event["sentence"].get<int>();
        ASSERT_TRUE(sentences.count(index)) << name << ": no sentence " << index;
        const auto& sentence = sentences[index];
        size_t s_begin = sentence["span"][0].get<size_t>();
        size_t s_end = sentence["span"][1].get<size_t>();
        size_t e_begin = event["evidence"][0].get<size_t>();
        size_t e_end = event["evidence"][1].get<size_t>();
        EXPECT_LE(e_begin, e_end) << name << ": " << event.dump();
        EXPECT_GE(e_begin, s_begin) << name << ": evidence starts before its sentence: "
                                    << event.dump();
        EXPECT_LE(e_end, s_end) << name << ": evidence ends after its sentence: " << event.dump();
        EXPECT_EQ(event.value("sentence_text", ""), sentence["text"].get<std::string>())
            << name << ": sentence_text differs from sentence " << index;
      }
      for (const auto& token : doc["tokens"]) {
        size_t t_begin = token["span"][0].get<size_t>();
        size_t t_end = token["span"][1].get<size_t>();
        for (const auto& [index, sentence] : sentences) {
          size_t s_begin = sentence["span"][0].get<size_t>();
          size_t s_end = sentence["span"][1].get<size_t>();
          if (t_begin < s_begin || t_end > s_end || t_begin > t_end) continue;
          const std::string text = sentence["text"].get<std::string>();
          if (t_begin - s_begin > text.size()) {
            ADD_FAILURE() << name << ": token " << token.dump() << " beyond sentence " << index;
            continue;
          }
          std::string cut = text.substr(t_begin - s_begin, t_end - t_begin);
          EXPECT_EQ(token["text"].get<std::string>(), cut)
              << name << ": token " << token.dump() << " in sentence " << index;
        }
      }
    }
  }
  EXPECT_EQ(documents, 14u) << "9 HTML reports and 5 records of reports.jsonl";
  EXPECT_GT(checked_events, 0u);
}

}  // namespace
}  // namespace chronicle::testing
