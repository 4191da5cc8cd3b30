// Chronicle: the event JSON contract (docs/event-json.md) and the whole-analysis JSON line.
//
// Output uses nlohmann::ordered_json so keys appear in the contract's order, and is dumped with
// error_handler_t::replace: a span that cuts a UTF-8 sequence (an upstream bug) must still give a
// line of valid JSON rather than an exception crossing the public API.
#include <algorithm>
#include <memory>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "chronicle/export.h"

namespace chronicle {
namespace {

using ojson = nlohmann::ordered_json;

std::string dump_line(const ojson& value) {
  return value.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

// The bytes of `text` under `span`, clamped so a bad span cannot read out of bounds.
std::string_view cut(std::string_view text, Span span) {
  size_t begin = std::min<size_t>(span.begin, text.size());
  size_t end = std::min<size_t>(std::max(span.begin, span.end), text.size());
  return text.substr(begin, end - begin);
}

ojson span_json(Span span) { return ojson::array({span.begin, span.end}); }

// Goldstein values are defined to one decimal; rounding hides binary noise (1.9000000000000001)
// and keeps -0.0 out of the output.
double round_goldstein(double value) {
  double rounded = std::round(value * 10.0) / 10.0;
  return rounded == 0.0 ? 0.0 : rounded;
}

// document.h declares to_string(DatePrecision) but it lives in another stage; the export library
// must not depend on the pipeline, so it spells the names itself.
const char* precision_name(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kDay: return "day";
    case DatePrecision::kWeek: return "week";
    case DatePrecision::kMonth: return "month";
    case DatePrecision::kYear: return "year";
  }
  return "day";
}

ojson actor_json(const std::optional<EventActor>& side) {
  if (!side) return nullptr;
  ojson out;
  out["text"] = side->text;
  out["code"] = side->actor.code;
  out["country"] = side->actor.country;
  out["sector"] = side->actor.sector;
  out["name"] = side->actor.name;
  out["span"] = span_json(side->span);
  return out;
}

ojson event_object(const EventRecord& record) {
  const Event& event = record.event;
  ojson out;
  out["doc"] = record.doc_id;
  out["sentence"] = event.sentence;
  out["evidence"] = span_json(event.evidence);
  out["sentence_text"] = record.sentence_text;
  out["source"] = actor_json(event.source);
  out["target"] = actor_json(event.target);
  out["code"] = event.code;
  out["root"] = event.root;
  out["label"] = event.label;
  out["quad_class"] = event.quad_class;
  out["goldstein"] = round_goldstein(event.goldstein);
  out["plover"] = event.plover;
  out["negated"] = event.negated;
  out["hedged"] = event.hedged;
  if (event.attributed_to) {
    out["attributed_to"] = ojson{{"text", event.attributed_to->text},
                                 {"span", span_json(event.attributed_to->span)}};
  } else {
    out["attributed_to"] = nullptr;
  }
  if (event.date.empty()) {
    out["date"] = nullptr;
    out["date_precision"] = nullptr;
    out["date_text"] = nullptr;
  } else {
    out["date"] = event.date;
    out["date_precision"] = event.date_precision;
    out["date_text"] = event.date_text;
  }
  if (event.place) {
    const Place& place = event.place->place;
    ojson p;
    p["text"] = event.place->text;
    p["name"] = place.name;
    p["country"] = place.country;
    p["lat"] = place.lat;
    p["lon"] = place.lon;
    p["geonameid"] = place.geonameid;
    p["feature"] = place.feature;
    p["country2"] = place.country2;
    p["adm1"] = place.adm1;
    out["place"] = std::move(p);
  } else {
    out["place"] = nullptr;
  }
  // Fields beyond the contract's core, in a fixed order.
  if (record.id != 0) out["id"] = record.id;
  out["trigger"] = ojson{{"text", event.trigger_text}, {"span", span_json(event.trigger)}};
  if (!event.negation_cue.empty()) out["negation_cue"] = event.negation_cue;
  if (!event.hedge_cue.empty()) out["hedge_cue"] = event.hedge_cue;
  if (!event.topic.empty()) out["topic"] = ojson{{"text", event.topic}, {"span", span_json(event.topic_span)}};
  if (!record.doc_date.empty()) out["doc_date"] = record.doc_date;
  if (!record.doc_source.empty()) out["doc_source"] = record.doc_source;
  if (!record.doc_url.empty()) out["doc_url"] = record.doc_url;
  if (record.merge.merged_id != 0) {
    const MergeInfo& merge = record.merge;
    out["merged"] = ojson{{"id", merge.merged_id},          {"mentions", merge.num_mentions},
                          {"sources", merge.num_sources},   {"articles", merge.num_articles},
                          {"first_seen", merge.first_seen}, {"last_seen", merge.last_seen}};
  }
  return out;
}

// Reads fields of one JSON object (simdjson's DOM) without throwing; the first problem is kept in
// `error` with the path of the offending field, and later reads become no-ops. simdjson rather
// than nlohmann here: the store rebuilds every event it lists from this JSON, and listing a
// database's 20,000 events spent 300 ms in nlohmann's parser against 20 ms in simdjson's.
class FieldReader {
 public:
  using element = simdjson::dom::element;
  explicit FieldReader(std::string* error) : error_(error) {}

  bool failed() const { return !error_->empty(); }

  // A present, non-null member (absent members read as defaults).
  std::optional<element> member(element object, const char* key) {
    element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return value;
  }

  void string(element object, const char* key, std::string& out, const std::string& where) {
    if (failed()) return;
    auto value = member(object, key);
    if (!value) return;
    std::string_view text;
    if (value->get_string().get(text) != simdjson::SUCCESS) {
      return fail(where + key, "expected a string");
    }
    out.assign(text);
  }

  void boolean(element object, const char* key, bool& out, const std::string& where) {
    if (failed()) return;
    auto value = member(object, key);
    if (!value) return;
    if (value->get_bool().get(out) != simdjson::SUCCESS) {
      return fail(where + key, "expected true or false");
    }
  }

  void number(element object, const char* key, double& out, const std::string& where) {
    if (failed()) return;
    auto value = member(object, key);
    if (!value) return;
    if (!value->is_number() || value->get_double().get(out) != simdjson::SUCCESS) {
      return fail(where + key, "expected a number");
    }
  }

  template <class Int>
  void integer(element object, const char* key, Int& out, const std::string& where) {
    if (failed()) return;
    auto value = member(object, key);
    if (!value) return;
    int64_t number = 0;
    if (!(value->is_int64() || value->is_uint64()) || value->get_int64().get(number) != simdjson::SUCCESS) {
      return fail(where + key, "expected an integer");
    }
    if (std::is_unsigned_v<Int> && number < 0) {
      return fail(where + key, "expected a non-negative integer");
    }
    out = static_cast<Int>(number);
  }

  void span(element object, const char* key, Span& out, const std::string& where) {
    if (failed()) return;
    auto value = member(object, key);
    if (!value) return;
    simdjson::dom::array array;
    uint64_t bounds[2] = {0, 0};
    size_t count = 0;
    bool ok = value->get_array().get(array) == simdjson::SUCCESS && array.size() == 2;
    if (ok) {
      for (element bound : array) {
        int64_t number = 0;
        if (!(bound.is_int64() || bound.is_uint64()) || bound.get_int64().get(number) != simdjson::SUCCESS ||
            number < 0 || number > UINT32_MAX) {
          ok = false;
          break;
        }
        bounds[count++] = static_cast<uint64_t>(number);
      }
    }
    if (!ok) return fail(where + key, "expected [begin, end] with two non-negative integers");
    out.begin = static_cast<uint32_t>(bounds[0]);
    out.end = static_cast<uint32_t>(bounds[1]);
  }

  // The object at `key`, nullopt when absent or null; an error when it is something else.
  std::optional<element> object(element parent, const char* key, const std::string& where) {
    if (failed()) return std::nullopt;
    auto value = member(parent, key);
    if (!value) return std::nullopt;
    if (!value->is_object()) {
      fail(where + key, "expected an object or null");
      return std::nullopt;
    }
    return value;
  }

 private:
  void fail(const std::string& field, const std::string& what) {
    *error_ = "field \"" + field + "\": " + what;
  }
  std::string* error_;
};

std::optional<EventActor> read_actor(FieldReader& reader, simdjson::dom::element parent,
                                     const char* key) {
  auto side = reader.object(parent, key, "");
  if (!side) return std::nullopt;
  std::string where = std::string(key) + ".";
  EventActor actor;
  reader.string(*side, "text", actor.text, where);
  reader.string(*side, "code", actor.actor.code, where);
  reader.string(*side, "country", actor.actor.country, where);
  reader.string(*side, "sector", actor.actor.sector, where);
  reader.string(*side, "name", actor.actor.name, where);
  reader.span(*side, "span", actor.span, where);
  return actor;
}

}  // namespace

std::string event_to_json(const EventRecord& record) { return dump_line(event_object(record)); }

struct EventJsonReader::Impl {
  simdjson::dom::parser parser;
};

EventJsonReader::EventJsonReader() : impl_(std::make_unique<Impl>()) {}
EventJsonReader::~EventJsonReader() = default;

Result<EventRecord> event_from_json(std::string_view text) { return EventJsonReader().read(text); }

Result<EventRecord> EventJsonReader::read(std::string_view text) {
  simdjson::dom::element root;
  // realloc_if_needed: the parser copies the text into its own padded buffer, reused from call
  // to call.
  if (impl_->parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root) !=
      simdjson::SUCCESS) {
    return Error("event JSON: not valid JSON");
  }
  if (!root.is_object()) return Error("event JSON: expected an object");

  std::string error;
  FieldReader reader(&error);
  EventRecord record;
  Event& event = record.event;
  reader.string(root, "doc", record.doc_id, "");
  reader.integer(root, "sentence", event.sentence, "");
  reader.span(root, "evidence", event.evidence, "");
  reader.string(root, "sentence_text", record.sentence_text, "");
  event.source = read_actor(reader, root, "source");
  event.target = read_actor(reader, root, "target");
  reader.string(root, "code", event.code, "");
  reader.string(root, "root", event.root, "");
  reader.string(root, "label", event.label, "");
  reader.integer(root, "quad_class", event.quad_class, "");
  reader.number(root, "goldstein", event.goldstein, "");
  reader.string(root, "plover", event.plover, "");
  reader.boolean(root, "negated", event.negated, "");
  reader.boolean(root, "hedged", event.hedged, "");
  if (auto attribution = reader.object(root, "attributed_to", "")) {
    Attribution value;
    reader.string(*attribution, "text", value.text, "attributed_to.");
    reader.span(*attribution, "span", value.span, "attributed_to.");
    event.attributed_to = std::move(value);
  }
  reader.string(root, "date", event.date, "");
  reader.string(root, "date_precision", event.date_precision, "");
  reader.string(root, "date_text", event.date_text, "");
  if (auto place = reader.object(root, "place", "")) {
    EventPlace value;
    reader.string(*place, "text", value.text, "place.");
    reader.string(*place, "name", value.place.name, "place.");
    reader.string(*place, "country", value.place.country, "place.");
    reader.number(*place, "lat", value.place.lat, "place.");
    reader.number(*place, "lon", value.place.lon, "place.");
    reader.integer(*place, "geonameid", value.place.geonameid, "place.");
    reader.string(*place, "feature", value.place.feature, "place.");
    reader.string(*place, "country2", value.place.country2, "place.");
    reader.string(*place, "adm1", value.place.adm1, "place.");
    event.place = std::move(value);
  }
  reader.integer(root, "id", record.id, "");
  if (auto trigger = reader.object(root, "trigger", "")) {
    reader.string(*trigger, "text", event.trigger_text, "trigger.");
    reader.span(*trigger, "span", event.trigger, "trigger.");
  }
  reader.string(root, "negation_cue", event.negation_cue, "");
  reader.string(root, "hedge_cue", event.hedge_cue, "");
  if (auto topic = reader.object(root, "topic", "")) {
    reader.string(*topic, "text", event.topic, "topic.");
    reader.span(*topic, "span", event.topic_span, "topic.");
  }
  reader.string(root, "doc_date", record.doc_date, "");
  reader.string(root, "doc_source", record.doc_source, "");
  reader.string(root, "doc_url", record.doc_url, "");
  if (reader.failed()) return Error("event JSON: " + error);
  if (event.code.empty()) return Error("event JSON: field \"code\" is missing or empty");
  return record;
}

std::string analysis_to_json(const Document& document, const Analysis& analysis) {
  std::string_view text = document.text;
  ojson out;
  out["doc"] = document.id;
  out["title"] = document.title;
  out["date"] = document.date;
  out["source"] = document.source;
  out["url"] = document.url;
  out["format"] = document.format;
  out["text_bytes"] = document.text.size();

  ojson sentences = ojson::array();
  for (size_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    sentences.push_back(ojson{{"index", sentence_idx},
                              {"span", span_json(sentence.span)},
                              {"text", cut(text, sentence.span)}});
  }
  out["sentences"] = std::move(sentences);

  ojson tokens = ojson::array();
  for (size_t token_idx = 0; token_idx < analysis.tokens.size(); ++token_idx) {
    const Token& token = analysis.tokens[token_idx];
    ojson item;
    item["i"] = token_idx;
    item["span"] = span_json(token.span);
    item["text"] = cut(text, token.span);
    item["norm"] = token.norm;
    item["lemma"] = token.lemma;
    if (!token.tag.empty()) item["tag"] = token.tag;
    if (!token.xpos.empty()) item["xpos"] = token.xpos;
    if (!token.deprel.empty()) {
      item["head"] = token.head;  // document token index, -1 for the sentence root
      item["deprel"] = token.deprel;
    }
    item["sentence"] = token.sentence;
    tokens.push_back(std::move(item));
  }
  out["tokens"] = std::move(tokens);

  ojson entities = ojson::array();
  for (const EntityMention& entity : analysis.entities) {
    entities.push_back(ojson{{"label", entity.label},
                             {"text", entity.text},
                             {"span", span_json(entity.range.span)},
                             {"tokens", ojson::array({entity.range.first_token,
                                                      entity.range.end_token})}});
  }
  out["entities"] = std::move(entities);

  ojson actors = ojson::array();
  for (const ActorMention& actor : analysis.actors) {
    actors.push_back(ojson{{"text", actor.text},
                           {"span", span_json(actor.range.span)},
                           {"kind", actor.kind},
                           {"role", actor.role},
                           {"code", actor.actor.code},
                           {"country", actor.actor.country},
                           {"sector", actor.actor.sector},
                           {"name", actor.actor.name},
                           {"actor_id", actor.actor_id}});
  }
  out["actors"] = std::move(actors);

  ojson dates = ojson::array();
  for (const DateMention& date : analysis.dates) {
    dates.push_back(ojson{{"text", date.text},
                          {"span", span_json(date.range.span)},
                          {"value", date.value},
                          {"precision", precision_name(date.precision)},
                          {"resolved", date.resolved},
                          {"relative", date.relative}});
  }
  out["dates"] = std::move(dates);

  ojson places = ojson::array();
  for (const PlaceMention& place : analysis.places) {
    places.push_back(ojson{{"text", place.text},
                           {"span", span_json(place.range.span)},
                           {"name", place.place.name},
                           {"country", place.place.country},
                           {"lat", place.place.lat},
                           {"lon", place.place.lon},
                           {"geonameid", place.place.geonameid},
                           {"feature", place.place.feature}});
  }
  out["places"] = std::move(places);

  ojson events = ojson::array();
  for (const Event& event : analysis.events) {
    EventRecord record;
    record.doc_id = document.id;
    record.doc_date = document.date;
    record.doc_source = document.source;
    record.doc_url = document.url;
    if (event.sentence < analysis.sentences.size()) {
      record.sentence_text = cut(text, analysis.sentences[event.sentence].span);
    }
    record.event = event;
    events.push_back(event_object(record));
  }
  out["events"] = std::move(events);

  if (analysis.document_attribution) {
    out["attribution"] = ojson{{"text", analysis.document_attribution->text},
                               {"span", span_json(analysis.document_attribution->span)}};
  } else {
    out["attribution"] = nullptr;
  }
  out["notes"] = analysis.notes;
  return dump_line(out);
}

}  // namespace chronicle
