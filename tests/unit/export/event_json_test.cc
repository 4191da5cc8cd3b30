// Event JSON contract: key order, nulls, and a lossless round trip through event_from_json.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chronicle/export.h"

namespace chronicle {
namespace {

// A record with every field set, so a field dropped by either direction shows up.
EventRecord full_record() {
  EventRecord record;
  record.id = 42;
  record.doc_id = "news/syria.txt";
  record.doc_date = "2025-11-17";
  record.doc_source = "Reuters";
  record.doc_url = "https://example.org/a";
  record.sentence_text =
      "Russian Deputy Defense Minister Yunus-Bek Yevkurov visited Damascus on November 16.";
  Event& event = record.event;
  event.sentence = 3;
  event.evidence = {120, 190};
  event.trigger = {171, 178};
  event.trigger_text = "visited";
  event.source = EventActor{"Russian Deputy Defense Minister Yunus-Bek Yevkurov",
                            {120, 170},
                            {"RUSMIL", "RUS", "MIL", "Yunus-Bek Yevkurov"}};
  event.target = EventActor{"Syria", {200, 205}, {"SYR", "SYR", "", ""}};
  event.code = "042";
  event.root = "04";
  event.label = "Make a visit";
  event.quad_class = 1;
  event.goldstein = 1.9;
  event.plover = "CONSULT";
  event.negated = true;
  event.hedged = true;
  event.negation_cue = "did not";
  event.hedge_cue = "reportedly";
  event.attributed_to = Attribution{"Al Arabiya", {10, 20}};
  event.date = "2025-11-16";
  event.date_precision = "day";
  event.date_text = "November 16";
  event.place = EventPlace{"Damascus",
                           {"Damascus", "SYR", "SY", "13", 33.51, 36.29, 170654, "P.PPLC"}};
  return record;
}

void expect_same(const EventRecord& a, const EventRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.doc_id, b.doc_id);
  EXPECT_EQ(a.doc_date, b.doc_date);
  EXPECT_EQ(a.doc_source, b.doc_source);
  EXPECT_EQ(a.doc_url, b.doc_url);
  EXPECT_EQ(a.sentence_text, b.sentence_text);
  const Event& x = a.event;
  const Event& y = b.event;
  EXPECT_EQ(x.sentence, y.sentence);
  EXPECT_EQ(x.evidence, y.evidence);
  EXPECT_EQ(x.trigger, y.trigger);
  EXPECT_EQ(x.trigger_text, y.trigger_text);
  ASSERT_EQ(x.source.has_value(), y.source.has_value());
  if (x.source) {
    EXPECT_EQ(x.source->text, y.source->text);
    EXPECT_EQ(x.source->span, y.source->span);
    EXPECT_EQ(x.source->actor.code, y.source->actor.code);
    EXPECT_EQ(x.source->actor.country, y.source->actor.country);
    EXPECT_EQ(x.source->actor.sector, y.source->actor.sector);
    EXPECT_EQ(x.source->actor.name, y.source->actor.name);
  }
  ASSERT_EQ(x.target.has_value(), y.target.has_value());
  if (x.target) {
    EXPECT_EQ(x.target->text, y.target->text);
    EXPECT_EQ(x.target->span, y.target->span);
    EXPECT_EQ(x.target->actor.code, y.target->actor.code);
    EXPECT_EQ(x.target->actor.country, y.target->actor.country);
  }
  EXPECT_EQ(x.code, y.code);
  EXPECT_EQ(x.root, y.root);
  EXPECT_EQ(x.label, y.label);
  EXPECT_EQ(x.quad_class, y.quad_class);
  EXPECT_DOUBLE_EQ(x.goldstein, y.goldstein);
  EXPECT_EQ(x.plover, y.plover);
  EXPECT_EQ(x.negated, y.negated);
  EXPECT_EQ(x.hedged, y.hedged);
  EXPECT_EQ(x.negation_cue, y.negation_cue);
  EXPECT_EQ(x.hedge_cue, y.hedge_cue);
  ASSERT_EQ(x.attributed_to.has_value(), y.attributed_to.has_value());
  if (x.attributed_to) {
    EXPECT_EQ(x.attributed_to->text, y.attributed_to->text);
    EXPECT_EQ(x.attributed_to->span, y.attributed_to->span);
  }
  EXPECT_EQ(x.date, y.date);
  EXPECT_EQ(x.date_precision, y.date_precision);
  EXPECT_EQ(x.date_text, y.date_text);
  ASSERT_EQ(x.place.has_value(), y.place.has_value());
  if (x.place) {
    EXPECT_EQ(x.place->text, y.place->text);
    EXPECT_EQ(x.place->place.name, y.place->place.name);
    EXPECT_EQ(x.place->place.country, y.place->place.country);
    EXPECT_EQ(x.place->place.country2, y.place->place.country2);
    EXPECT_EQ(x.place->place.adm1, y.place->place.adm1);
    EXPECT_DOUBLE_EQ(x.place->place.lat, y.place->place.lat);
    EXPECT_DOUBLE_EQ(x.place->place.lon, y.place->place.lon);
    EXPECT_EQ(x.place->place.geonameid, y.place->place.geonameid);
    EXPECT_EQ(x.place->place.feature, y.place->place.feature);
  }
}

std::vector<std::string> keys_of(const std::string& line) {
  auto parsed = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) keys.push_back(it.key());
  return keys;
}

TEST(EventJson, FullRecordRoundTrips) {
  EventRecord record = full_record();
  std::string line = event_to_json(record);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto parsed = event_from_json(line);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  expect_same(record, parsed.value());
  EXPECT_EQ(event_to_json(parsed.value()), line);
}

TEST(EventJson, NullsRoundTrip) {
  EventRecord record;
  record.doc_id = "d";
  record.event.code = "190";
  record.event.root = "19";
  record.event.source = EventActor{"Rebels", {0, 6}, {"REB", "", "REB", ""}};
  std::string line = event_to_json(record);
  auto json = nlohmann::json::parse(line);
  EXPECT_TRUE(json["target"].is_null());
  EXPECT_TRUE(json["attributed_to"].is_null());
  EXPECT_TRUE(json["place"].is_null());
  EXPECT_TRUE(json["date"].is_null());
  EXPECT_TRUE(json["date_precision"].is_null());
  EXPECT_TRUE(json["date_text"].is_null());
  EXPECT_FALSE(json.contains("id"));
  EXPECT_FALSE(json.contains("negation_cue"));
  EXPECT_FALSE(json.contains("doc_url"));
  auto parsed = event_from_json(line);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  expect_same(record, parsed.value());
}

TEST(EventJson, ContractKeyOrder) {
  std::vector<std::string> expected = {
      "doc",       "sentence",   "evidence",   "sentence_text", "source",        "target",
      "code",      "root",       "label",      "quad_class",    "goldstein",     "plover",
      "negated",   "hedged",     "attributed_to", "date",       "date_precision", "date_text",
      "place",     "id",         "trigger",    "negation_cue",  "hedge_cue",     "doc_date",
      "doc_source", "doc_url"};
  EXPECT_EQ(keys_of(event_to_json(full_record())), expected);

  auto json = nlohmann::ordered_json::parse(event_to_json(full_record()));
  std::vector<std::string> actor_keys;
  for (auto it = json["source"].begin(); it != json["source"].end(); ++it) {
    actor_keys.push_back(it.key());
  }
  EXPECT_EQ(actor_keys,
            (std::vector<std::string>{"text", "code", "country", "sector", "name", "span"}));
  std::vector<std::string> place_keys;
  for (auto it = json["place"].begin(); it != json["place"].end(); ++it) {
    place_keys.push_back(it.key());
  }
  EXPECT_EQ(place_keys, (std::vector<std::string>{"text", "name", "country", "lat", "lon",
                                                  "geonameid", "feature", "country2", "adm1"}));
}

TEST(EventJson, ExactTextOfContractPrefix) {
  std::string line = event_to_json(full_record());
  EXPECT_EQ(line.rfind("{\"doc\":\"news/syria.txt\",\"sentence\":3,\"evidence\":[120,190],", 0),
            0u)
      << line;
  EXPECT_NE(line.find("\"code\":\"042\",\"root\":\"04\",\"label\":\"Make a visit\","
                      "\"quad_class\":1,\"goldstein\":1.9,\"plover\":\"CONSULT\""),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("\"lat\":33.51,\"lon\":36.29,\"geonameid\":170654"), std::string::npos);
}

TEST(EventJson, GoldsteinRoundedToOneDecimal) {
  EventRecord record = full_record();
  record.event.goldstein = -9.9999999;
  auto json = nlohmann::json::parse(event_to_json(record));
  EXPECT_DOUBLE_EQ(json["goldstein"].get<double>(), -10.0);
  record.event.goldstein = 3.3999999999;
  EXPECT_NE(event_to_json(record).find("\"goldstein\":3.4,"), std::string::npos);
}

TEST(EventJson, InvalidUtf8DoesNotThrow) {
  EventRecord record = full_record();
  record.sentence_text = std::string("cut \xE2\x80", 6);
  std::string line;
  EXPECT_NO_THROW(line = event_to_json(record));
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(EventJson, RejectsBadInputWithReason) {
  auto not_json = event_from_json("{nope");
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.error().message().find("not valid JSON"), std::string::npos);

  auto array = event_from_json("[1,2]");
  ASSERT_FALSE(array.ok());
  EXPECT_NE(array.error().message().find("expected an object"), std::string::npos);

  auto bad_type = event_from_json(R"({"doc":"d","code":"042","sentence":"three"})");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.error().message().find("\"sentence\""), std::string::npos);

  auto bad_span = event_from_json(R"({"doc":"d","code":"042","source":{"span":[1]}})");
  ASSERT_FALSE(bad_span.ok());
  EXPECT_NE(bad_span.error().message().find("source.span"), std::string::npos);

  auto no_code = event_from_json(R"({"doc":"d"})");
  ASSERT_FALSE(no_code.ok());
  EXPECT_NE(no_code.error().message().find("\"code\""), std::string::npos);
}

Analysis sample_analysis(const Document& document) {
  // "Iran warned Israel." with one event in sentence 0.
  Analysis analysis;
  analysis.sentences.push_back({{0, 19}, 0, 4});
  auto token = [](Span span, std::string norm, std::string lower, std::string lemma, std::string tag,
                  bool capitalized, bool space_before) {
    Token out;
    out.span = span;
    out.norm = std::move(norm);
    out.lower = std::move(lower);
    out.lemma = std::move(lemma);
    out.tag = std::move(tag);
    out.capitalized = capitalized;
    out.space_before = space_before;
    return out;
  };
  analysis.tokens.push_back(token({0, 4}, "Iran", "iran", "Iran", "PROPN", true, false));
  analysis.tokens.push_back(token({5, 11}, "warned", "warned", "warn", "VERB", false, true));
  analysis.tokens.push_back(token({12, 18}, "Israel", "israel", "Israel", "", true, true));
  analysis.tokens.push_back(token({18, 19}, ".", ".", ".", "PUNCT", false, false));
  analysis.entities.push_back({{0, 1, {0, 4}}, "LOC", "Iran"});
  analysis.actors.push_back({{0, 1, {0, 4}}, "Iran", {"IRN", "IRN", "", ""}, "country", "", ""});
  analysis.dates.push_back({{0, 0, {0, 0}}, "today", "2025-01-02", DatePrecision::kMonth, true,
                            true});
  analysis.places.push_back({{2, 3, {12, 18}}, "Israel",
                             {"Israel", "ISR", "IL", "", 31.5, 34.75, 294640, "A.PCLI"}});
  Event event;
  event.sentence = 0;
  event.evidence = {0, 18};
  event.code = "130";
  event.root = "13";
  event.label = "Threaten";
  analysis.events.push_back(event);
  analysis.notes.push_back("a note");
  (void)document;
  return analysis;
}

TEST(AnalysisJson, CarriesEveryLayer) {
  Document document;
  document.id = "doc-1";
  document.title = "T";
  document.date = "2025-01-02";
  document.format = "txt";
  document.text = "Iran warned Israel.";
  Analysis analysis = sample_analysis(document);
  std::string line = analysis_to_json(document, analysis);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto json = nlohmann::ordered_json::parse(line);
  EXPECT_EQ(keys_of(line),
            (std::vector<std::string>{"doc", "title", "date", "source", "url", "format",
                                      "text_bytes", "sentences", "tokens", "entities", "actors",
                                      "dates", "places", "events", "attribution", "notes"}));
  EXPECT_EQ(json["text_bytes"], 19);
  EXPECT_EQ(json["sentences"][0]["text"], "Iran warned Israel.");
  EXPECT_EQ(json["tokens"][1]["text"], "warned");
  EXPECT_EQ(json["tokens"][1]["lemma"], "warn");
  EXPECT_EQ(json["tokens"][1]["i"], 1);
  EXPECT_FALSE(json["tokens"][2].contains("tag"));
  EXPECT_EQ(json["tokens"][2]["span"], nlohmann::ordered_json::array({12, 18}));
  EXPECT_EQ(json["entities"][0]["tokens"], nlohmann::ordered_json::array({0, 1}));
  EXPECT_EQ(json["actors"][0]["code"], "IRN");
  EXPECT_EQ(json["actors"][0]["kind"], "country");
  EXPECT_EQ(json["dates"][0]["precision"], "month");
  EXPECT_EQ(json["places"][0]["geonameid"], 294640);
  EXPECT_EQ(json["events"][0]["code"], "130");
  EXPECT_EQ(json["events"][0]["doc"], "doc-1");
  EXPECT_EQ(json["events"][0]["sentence_text"], "Iran warned Israel.");
  EXPECT_TRUE(json["attribution"].is_null());
  EXPECT_EQ(json["notes"][0], "a note");

  analysis.document_attribution = Attribution{"AP", {0, 2}};
  auto with_attribution = nlohmann::json::parse(analysis_to_json(document, analysis));
  EXPECT_EQ(with_attribution["attribution"]["text"], "AP");
}

TEST(AnalysisJson, BadSpansAreClampedNotFatal) {
  Document document;
  document.id = "d";
  document.text = "short";
  Analysis analysis;
  analysis.sentences.push_back({{2, 500}, 0, 0});
  Event event;
  event.sentence = 7;  // no such sentence
  event.code = "010";
  analysis.events.push_back(event);
  auto json = nlohmann::json::parse(analysis_to_json(document, analysis));
  EXPECT_EQ(json["sentences"][0]["text"], "ort");
  EXPECT_EQ(json["events"][0]["sentence_text"], "");
}

}  // namespace
}  // namespace chronicle
