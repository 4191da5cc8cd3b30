// PLOVER export: field names and values for hand-made events, and the CAMEO → mode table checked
// against data/cameo.tsv so the two files cannot drift apart.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chronicle/export.h"
#include "export/plover_modes.h"

namespace chronicle {
namespace {

using nlohmann::json;

// Parses one line of output; fails the test when it is not one JSON object on one line.
json parse_line(const std::string& line) {
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(value.is_object()) << line;
  return value;
}

// "Israeli warplanes struck targets in southern Lebanon on Tuesday": CAMEO 195, an air strike.
EventRecord air_strike() {
  EventRecord record;
  record.id = 7;
  record.doc_id = "strike";
  record.doc_date = "2025-04-02";
  record.doc_source = "Test Wire";
  record.doc_url = "https://example.org/strike";
  record.sentence_text =
      "Israeli warplanes struck targets in southern Lebanon on Tuesday, the Lebanese army said.";
  Event& event = record.event;
  event.sentence = 0;
  event.evidence = {0, 54};
  event.trigger = {18, 24};
  event.trigger_text = "struck";
  event.source = EventActor{"Israeli warplanes", {0, 17}, {"ISRMIL", "ISR", "MIL", ""}};
  event.target = EventActor{"Lebanon", {47, 54}, {"LBN", "LBN", "", ""}};
  event.code = "195";
  event.root = "19";
  event.label = "Employ aerial weapons";
  event.quad_class = 4;
  event.goldstein = -10.0;
  event.plover = "ASSAULT";
  event.attributed_to = Attribution{"the Lebanese army", {66, 83}};
  event.date = "2025-04-01";
  event.date_precision = "day";
  event.date_text = "on Tuesday";
  event.place = EventPlace{"southern Lebanon",
                           {"Lebanon", "LBN", "LB", "", 33.83, 35.83, 272103, "A.PCLI"}};
  return record;
}

// "Serbian and Kosovo negotiators held talks in Brussels": CAMEO 046, a consultation with no mode.
EventRecord talks() {
  EventRecord record;
  record.doc_id = "examples/03-serbia-kosovo-talks.html";
  record.doc_date = "2025-09-26";
  record.sentence_text = "Serbian and Kosovo negotiators held talks in Brussels on Thursday.";
  Event& event = record.event;
  event.sentence = 2;
  event.evidence = {300, 350};
  event.trigger = {331, 341};
  event.trigger_text = "held talks";
  event.source = EventActor{"Serbian negotiators", {300, 307}, {"SRBGOV", "SRB", "GOV", ""}};
  event.target = EventActor{"Kosovo negotiators", {312, 330}, {"KSVGOV", "KSV", "GOV", ""}};
  event.code = "046";
  event.root = "04";
  event.label = "Engage in negotiation";
  event.quad_class = 1;
  event.goldstein = 7.0;
  event.plover = "CONSULT";
  event.date = "2025-09-25";
  event.date_precision = "day";
  event.date_text = "on Thursday";
  return record;
}

TEST(PloverJson, AssaultHasModeContextActorsPlaceAndEvidence) {
  json plover = parse_line(event_to_plover_json(air_strike()));
  EXPECT_EQ(plover["id"], "chronicle-7");
  EXPECT_EQ(plover["date"], "2025-04-01");
  EXPECT_EQ(plover["event"], json::array({"ASSAULT"}));
  EXPECT_EQ(plover["mode"], "aerial");
  EXPECT_EQ(plover["context"], json::array({"military"}));
  EXPECT_EQ(plover["quad_code"], 4);

  ASSERT_EQ(plover["source"].size(), 1u);
  const json& source = plover["source"][0];
  EXPECT_EQ(source["code"], "ISR");
  EXPECT_EQ(source["sector"], "MIL");
  EXPECT_EQ(source["actor_text"], "Israeli warplanes");
  EXPECT_TRUE(source["identifier_text"].is_null());
  EXPECT_EQ(source["cameo"], "ISRMIL");
  EXPECT_EQ(source["span"], json::array({0, 17}));
  ASSERT_EQ(plover["recipient"].size(), 1u);
  EXPECT_EQ(plover["recipient"][0]["code"], "LBN");
  EXPECT_TRUE(plover["recipient"][0]["sector"].is_null());

  EXPECT_EQ(plover["event_text"], json::array({"struck"}));
  const json& place = plover["event_loc"];
  EXPECT_EQ(place["name"], "Lebanon");
  EXPECT_EQ(place["geonameid"], 272103);
  EXPECT_DOUBLE_EQ(place["latitude"].get<double>(), 33.83);
  EXPECT_DOUBLE_EQ(place["longitude"].get<double>(), 35.83);
  EXPECT_EQ(place["feature_class"], "A");
  EXPECT_EQ(place["feature_code"], "PCLI");
  EXPECT_EQ(place["country_code"], "LB");
  EXPECT_EQ(place["cc3"], "LBN");
  EXPECT_TRUE(place["admin1_code"].is_null());
  EXPECT_EQ(place["text"], "southern Lebanon");

  EXPECT_EQ(plover["text"], air_strike().sentence_text);
  EXPECT_EQ(plover["text_info"], (json{{"sequence", 0},
                                       {"evidence_span", {0, 54}},
                                       {"trigger_span", {18, 24}}}));
  EXPECT_EQ(plover["cite_info"]["citation"], "strike");
  EXPECT_EQ(plover["cite_info"]["url"], "https://example.org/strike");
  EXPECT_EQ(plover["cite_info"]["publication"], "Test Wire");
  EXPECT_EQ(plover["cite_info"]["publication_date"], "2025-04-02");
  EXPECT_EQ(plover["cite_info"]["coder"], "chronicle");

  EXPECT_EQ(plover["cameo"], (json{{"code", "195"},
                                   {"label", "Employ aerial weapons"},
                                   {"quad_class", 4},
                                   {"goldstein", -10.0}}));
  EXPECT_EQ(plover["negated"], false);
  EXPECT_EQ(plover["hedged"], false);
  EXPECT_EQ(plover["attributed_to"]["text"], "the Lebanese army");
  EXPECT_EQ(plover["date_info"],
            (json{{"value", "2025-04-01"}, {"precision", "day"}, {"text", "on Tuesday"}}));
}

TEST(PloverJson, KeysComeInTheDocumentedOrder) {
  nlohmann::ordered_json plover = nlohmann::ordered_json::parse(event_to_plover_json(air_strike()));
  std::vector<std::string> keys;
  for (const auto& item : plover.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id", "date", "event", "mode", "context", "source", "recipient",
                      "event_text", "event_loc", "quad_code", "text", "text_info", "cite_info",
                      "cameo", "negated", "hedged", "attributed_to", "date_info"}));
}

TEST(PloverJson, ConsultWithoutModeHasNullModeAndNoContext) {
  json plover = parse_line(event_to_plover_json(talks()));
  EXPECT_EQ(plover["id"], "examples/03-serbia-kosovo-talks.html:2:300-350");  // not stored
  EXPECT_EQ(plover["event"], json::array({"CONSULT"}));
  EXPECT_TRUE(plover["mode"].is_null());
  EXPECT_EQ(plover["context"], json::array());
  EXPECT_EQ(plover["quad_code"], 1);
  EXPECT_TRUE(plover["event_loc"].is_null());
  EXPECT_TRUE(plover["attributed_to"].is_null());
  EXPECT_EQ(plover["source"][0]["code"], "SRB");
  EXPECT_EQ(plover["recipient"][0]["code"], "KSV");
  EXPECT_FALSE(plover["cite_info"].contains("url"));  // empty document facts are left out
}

TEST(PloverJson, NegatedEventCarriesTheNegationContext) {
  EventRecord record = air_strike();
  record.event.negated = true;
  record.event.negation_cue = "did not";
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["negated"], true);
  EXPECT_EQ(plover["context"], json::array({"military", "negation"}));
  EXPECT_EQ(plover["mode"], "aerial");  // still the same event type and mode

  record.event.negated = false;
  record.event.hedged = true;
  plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["hedged"], true);
  EXPECT_EQ(plover["context"], json::array({"military"}));  // hedging is not a PLOVER context
}

TEST(PloverJson, MissingActorsGiveEmptyListsAndNonStateCodesAreKept) {
  EventRecord record = air_strike();
  record.event.source.reset();
  record.event.target.reset();
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["source"], json::array());
  EXPECT_EQ(plover["recipient"], json::array());

  record.event.source = EventActor{"the United Nations", {0, 18},
                                   {"IGOUNO", "", "", "United Nations"}};
  record.event.target = EventActor{"officials", {30, 39}, {"GOV", "", "GOV", ""}};
  plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["source"][0]["code"], "IGO");
  EXPECT_EQ(plover["source"][0]["identifier_text"], "United Nations");
  EXPECT_EQ(plover["source"][0]["cameo"], "IGOUNO");
  EXPECT_TRUE(plover["recipient"][0]["code"].is_null());  // a sector with no country
  EXPECT_EQ(plover["recipient"][0]["sector"], "GOV");
}

TEST(PloverJson, HostedVisitIsCodedWithTheVisitorAsSource) {
  EventRecord record = talks();
  record.event.code = "043";
  record.event.label = "Host a visit";
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["mode"], "visit");
  EXPECT_EQ(plover["source"][0]["code"], "KSV");
  EXPECT_EQ(plover["recipient"][0]["code"], "SRB");

  record.event.target.reset();  // the visitor is unknown: the host stays source, no mode
  plover = parse_line(event_to_plover_json(record));
  EXPECT_TRUE(plover["mode"].is_null());
  EXPECT_EQ(plover["source"][0]["code"], "SRB");
  EXPECT_EQ(plover["recipient"], json::array());
}

TEST(PloverJson, CoarseOrFutureDatesFallBackToTheDocumentDate) {
  EventRecord record = talks();
  record.event.date = "2025-10";
  record.event.date_precision = "month";
  record.event.date_text = "next month";
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["date"], "2025-09-26");  // PLOVER's date is a day: the document's
  EXPECT_EQ(plover["date_info"]["value"], "2025-10");
  EXPECT_EQ(plover["date_info"]["precision"], "month");
  EXPECT_EQ(plover["context"], json::array({"future"}));

  record.event.date = "2025-09";  // the document's own month: not in the future
  EXPECT_EQ(parse_line(event_to_plover_json(record))["context"], json::array());

  record.event.date.clear();
  record.event.date_precision.clear();
  record.doc_date.clear();
  plover = parse_line(event_to_plover_json(record));
  EXPECT_TRUE(plover["date"].is_null());
  EXPECT_TRUE(plover["date_info"].is_null());
}

TEST(PloverJson, StatementsKeepTheirCategoryWithoutAQuadCode) {
  EventRecord record = talks();
  record.event.code = "010";
  record.event.plover = "OTHER";
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_EQ(plover["event"], json::array({"OTHER"}));
  EXPECT_TRUE(plover["quad_code"].is_null());
  EXPECT_TRUE(plover["mode"].is_null());
}

TEST(PloverJson, FourDigitCodesUseTheirOwnRowOrTheirParents) {
  EventRecord record = air_strike();
  record.event.code = "1831";  // own row: suicide bombing
  EXPECT_EQ(parse_line(event_to_plover_json(record))["mode"], "suicide-attack");
  record.event.code = "1823";  // own row: killing by physical assault
  EXPECT_EQ(parse_line(event_to_plover_json(record))["mode"], "beat");
  record.event.code = "1662";  // no row: takes 166's
  record.event.plover = "SANCTION";
  EXPECT_EQ(parse_line(event_to_plover_json(record))["mode"], "expel");
  record.event.code = "195";  // a category that no longer matches the table: no mode
  record.event.plover = "COERCE";
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_TRUE(plover["mode"].is_null());
  EXPECT_EQ(plover["context"], json::array());
}

TEST(PloverJson, BrokenUtf8StillGivesValidJson) {
  EventRecord record = talks();
  record.sentence_text = std::string("cut \xE2\x80", 6);
  json plover = parse_line(event_to_plover_json(record));
  EXPECT_TRUE(plover["text"].is_string());
}

// ---- the mode table -----------------------------------------------------------------------------

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PloverModeTable, CompiledTableMatchesTheDataFile) {
  std::string path = std::string(CHRONICLE_DATA_DIR) + "/plover_modes.tsv";
  auto parsed = plover::parse_mode_table(read_text(path), path);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  const std::vector<plover::ModeRow>& compiled = plover::mode_table();
  ASSERT_EQ(compiled.size(), parsed.value().size()) << "rebuild: the compiled table is stale";
  for (size_t row_idx = 0; row_idx < compiled.size(); ++row_idx) {
    EXPECT_EQ(compiled[row_idx].code, parsed.value()[row_idx].code);
    EXPECT_EQ(compiled[row_idx].mode, parsed.value()[row_idx].mode);
  }
}

// Every row is written for the category data/cameo.tsv gives its code; a row for a code that
// changed category would silently stop applying.
TEST(PloverModeTable, EveryRowAgreesWithTheCameoTable) {
  std::map<std::string, std::string> plover_of;
  std::istringstream cameo(read_text(std::string(CHRONICLE_DATA_DIR) + "/cameo.tsv"));
  std::string line;
  while (std::getline(cameo, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    std::string field;
    while (std::getline(split, field, '\t')) fields.push_back(field);
    ASSERT_EQ(fields.size(), 5u) << line;
    plover_of[fields[0]] = fields[4];
  }
  ASSERT_FALSE(plover::mode_table().empty());
  for (const plover::ModeRow& row : plover::mode_table()) {
    ASSERT_TRUE(plover_of.count(row.code)) << row.code << " is not in data/cameo.tsv";
    EXPECT_EQ(row.event_type, plover_of[row.code]) << "data/plover_modes.tsv row " << row.code;
  }
}

TEST(PloverModeTable, ErrorsNameTheLineAndWhatWasExpected) {
  auto bad_mode = plover::parse_mode_table("# header\n195\tASSAULT\tvisit\t-\n", "t.tsv");
  ASSERT_FALSE(bad_mode.ok());
  EXPECT_NE(bad_mode.error().message().find("t.tsv:2: mode \"visit\""), std::string::npos)
      << bad_mode.error().message();
  auto bad_context = plover::parse_mode_table("195\tASSAULT\taerial\tmilitary,weather\n", "t.tsv");
  ASSERT_FALSE(bad_context.ok());
  EXPECT_NE(bad_context.error().message().find("context \"weather\""), std::string::npos);
  auto columns = plover::parse_mode_table("195\tASSAULT\taerial\n", "t.tsv");
  ASSERT_FALSE(columns.ok());
  EXPECT_NE(columns.error().message().find("expected 4"), std::string::npos);
  auto twice = plover::parse_mode_table("195\tASSAULT\taerial\t-\n195\tASSAULT\t-\t-\n", "t.tsv");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message().find("t.tsv:2: CAMEO code 195 listed twice"),
            std::string::npos);
  auto code = plover::parse_mode_table("19\tASSAULT\t-\t-\n", "t.tsv");
  EXPECT_FALSE(code.ok());
}

TEST(PloverModeTable, QuadCodesFollowPloverNotCameo) {
  EXPECT_EQ(plover::quad_code("CONSULT"), 1);
  EXPECT_EQ(plover::quad_code("RETREAT"), 2);
  EXPECT_EQ(plover::quad_code("SANCTION"), 3);  // CAMEO 16 is material conflict
  EXPECT_EQ(plover::quad_code("REQUEST"), 3);
  EXPECT_EQ(plover::quad_code("ASSAULT"), 4);
  EXPECT_EQ(plover::quad_code("OTHER"), 0);
}

}  // namespace
}  // namespace chronicle
