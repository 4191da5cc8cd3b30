// Chronicle: PLOVER-style event JSON (event_to_plover_json) and the PLOVER vocabulary behind it.
//
// Field names follow the PLOVER manual's "JSON Data Fields" chapter (draft 0.7b1, Open Event Data
// Alliance): id, date, event, mode, context, source/recipient as lists of actor objects,
// event_text, event_loc (GeoNames field names), quad_code, text, text_info, cite_info. Fields
// PLOVER has no name for (the CAMEO code, negation and hedging flags, attribution) come after them
// under names of our own, as the manual invites. docs/event-json.md lists every field.
//
// PLOVER adds a mode ("how") and contexts ("why") to the event category. Chronicle codes CAMEO,
// so the mode and the topical contexts come from the CAMEO sub-code through the table
// data/plover_modes.tsv, compiled in (see plover_modes_tsv.h.in) so that exports stay free of a
// data directory at run time, which the store and a future server would otherwise have to carry.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chronicle/export.h"
#include "chronicle_generated/plover_modes_tsv.h"
#include "export/plover_modes.h"

namespace chronicle {
namespace plover {
namespace {

struct CategoryModes {
  std::string_view event_type;
  std::array<std::string_view, 14> modes;  // unused slots are empty
};

// The mode tables of the PLOVER manual (0.7b1), one per category that has modes. "aerial" and
// "unconventional" (ASSAULT) come from later PLOVER releases and the manual's note on CAMEO 20;
// "investigate" (ACCUSE) is the mode the manual's crosswalk keeps for the merged INVESTIGATE
// category. Categories absent here (AGREE, SUPPORT, CONCEDE, COOPERATE) have contexts only.
constexpr std::array<CategoryModes, 13> kModes = {{
    {"CONSULT", {"visit", "third-party", "multilateral", "phone"}},
    {"AID", {"economic", "military", "humanitarian", "asylum"}},
    {"RETREAT", {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"}},
    {"DEMAND", {"assist", "change", "yield", "meet"}},
    {"REQUEST", {"assist", "change", "yield", "meet"}},
    {"REJECT", {"assist", "change", "yield", "meet"}},
    {"ACCUSE", {"investigate"}},
    {"THREATEN", {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"}},
    {"PROTEST", {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"}},
    {"SANCTION", {"convict", "cancel", "expel", "withdraw", "sever"}},
    {"MOBILIZE", {"troops", "weapons", "police"}},
    {"COERCE",
     {"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport",
      "withhold"}},
    {"ASSAULT",
     {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
      "firearms", "explosives", "suicide-attack", "heavy-weapons", "aerial", "unconventional"}},
}};

// The manual's "General contexts" table, and the four contexts about the event's reality it asks
// coders to resolve (future, historical, hypothetical, negation).
constexpr std::array<std::string_view, 36> kContexts = {
    "political",      "military",          "intelligence",       "peacekeeping",
    "economic",       "diplomatic",        "resource",           "culture",
    "disease",        "enviro_disaster",   "migration",          "humanitarian",
    "legal",          "human_rights",      "rights_freedoms",    "gender",
    "lgbt",           "terrorism",         "human_security",     "religion_ethnicity",
    "government",     "election",          "legislative",        "cbrn",
    "cyber",          "political_institutions", "corruption",    "crime",
    "crime_murder",   "crime_theft",       "crime_drugs",        "crime_sexual",
    "future",         "historical",        "hypothetical",       "negation",
};

// Splits on one separator character, keeping empty fields.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool all_digits(std::string_view value) {
  return !value.empty() &&
         std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_mode_of(std::string_view event_type, std::string_view mode) {
  if (mode.empty()) return false;
  for (const CategoryModes& category : kModes) {
    if (category.event_type != event_type) continue;
    return std::find(category.modes.begin(), category.modes.end(), mode) != category.modes.end();
  }
  return false;
}

bool is_context(std::string_view context) {
  return !context.empty() &&
         std::find(kContexts.begin(), kContexts.end(), context) != kContexts.end();
}

int quad_code(std::string_view event_type) {
  // The manual's "Quad categories in PLOVER" table; REQUEST is DEMAND's later name.
  for (std::string_view type : {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}) {
    if (event_type == type) return 1;
  }
  for (std::string_view type : {"COOPERATE", "AID", "RETREAT", "INVESTIGATE"}) {
    if (event_type == type) return 2;
  }
  for (std::string_view type : {"DEMAND", "REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"}) {
    if (event_type == type) return 3;
  }
  for (std::string_view type : {"PROTEST", "MOBILIZE", "COERCE", "ASSAULT"}) {
    if (event_type == type) return 4;
  }
  return 0;
}

Result<std::vector<ModeRow>> parse_mode_table(std::string_view text, std::string_view origin) {
  std::vector<ModeRow> rows;
  std::vector<std::string_view> lines = split(text, '\n');
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    std::string_view line = lines[line_idx];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::string where = std::string(origin) + ":" + std::to_string(line_idx + 1) + ": ";
    std::vector<std::string_view> fields = split(line, '\t');
    if (fields.size() != 4) {
      return Error(where + "found " + std::to_string(fields.size()) +
                   " tab-separated fields, expected 4 (cameo_code, plover, mode, contexts)");
    }
    ModeRow row;
    row.code = fields[0];
    row.event_type = fields[1];
    if (!all_digits(fields[0]) || fields[0].size() < 3 || fields[0].size() > 4) {
      return Error(where + "CAMEO code \"" + row.code + "\", expected 3 or 4 digits");
    }
    for (const ModeRow& earlier : rows) {
      if (earlier.code == row.code) {
        return Error(where + "CAMEO code " + row.code + " listed twice");
      }
    }
    if (quad_code(fields[1]) == 0) {
      return Error(where + "PLOVER category \"" + row.event_type + "\", expected one of PLOVER's");
    }
    if (fields[2] != "-") {
      if (!is_mode_of(fields[1], fields[2])) {
        return Error(where + "mode \"" + std::string(fields[2]) + "\" is not a PLOVER mode of " +
                     row.event_type + ", expected one of its modes or \"-\"");
      }
      row.mode = fields[2];
    }
    if (fields[3] != "-") {
      for (std::string_view context : split(fields[3], ',')) {
        if (!is_context(context)) {
          return Error(where + "context \"" + std::string(context) +
                       "\", expected a PLOVER context name (comma-separated) or \"-\"");
        }
        row.contexts.emplace_back(context);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<ModeRow>& mode_table() {
  static const std::vector<ModeRow> table = [] {
    auto parsed = parse_mode_table(generated::kPloverModesTsv, "data/plover_modes.tsv");
    return parsed.ok() ? std::move(parsed).value() : std::vector<ModeRow>();
  }();
  return table;
}

const ModeRow* find_mode_row(std::string_view cameo_code) {
  const std::vector<ModeRow>& table = mode_table();
  auto find = [&](std::string_view code) -> const ModeRow* {
    for (const ModeRow& row : table) {
      if (row.code == code) return &row;
    }
    return nullptr;
  };
  if (const ModeRow* row = find(cameo_code)) return row;
  if (cameo_code.size() == 4) return find(cameo_code.substr(0, 3));
  return nullptr;
}

}  // namespace plover

namespace {

using ojson = nlohmann::ordered_json;

ojson span_json(Span span) { return ojson::array({span.begin, span.end}); }

ojson string_or_null(const std::string& value) {
  return value.empty() ? ojson(nullptr) : ojson(value);
}

// As in event_json.cc: Goldstein values have one decimal, and -0.0 must not appear.
double round_goldstein(double value) {
  double rounded = std::round(value * 10.0) / 10.0;
  return rounded == 0.0 ? 0.0 : rounded;
}

// PLOVER's actor code is an ISO 3166 alpha-3 country or one of its non-state codes. Chronicle's
// country part is CAMEO's, which is ISO alpha-3 except for a few CAMEO-only codes (KSV Kosovo).
std::string plover_actor_code(const ActorRef& actor) {
  if (!actor.country.empty()) return actor.country;
  std::string_view prefix = std::string_view(actor.code).substr(0, 3);
  for (std::string_view non_state : {"IGO", "NGO", "ISM", "IMG", "MNC"}) {
    if (prefix == non_state) return std::string(prefix);
  }
  return {};
}

// One actor object; the list holds it, or nothing when the side is unknown.
ojson actor_list(const std::optional<EventActor>& side) {
  ojson list = ojson::array();
  if (!side) return list;
  ojson actor;
  actor["code"] = string_or_null(plover_actor_code(side->actor));
  actor["sector"] = string_or_null(side->actor.sector);
  actor["actor_text"] = side->text;
  actor["identifier_text"] = string_or_null(side->actor.name);
  actor["cameo"] = string_or_null(side->actor.code);  // Chronicle: the full CAMEO actor code
  actor["span"] = span_json(side->span);              // Chronicle: bytes in the document text
  list.push_back(std::move(actor));
  return list;
}

// A GeoNames-style location object (the manual's location table, names in snake_case).
ojson location(const std::optional<EventPlace>& event_place) {
  if (!event_place) return nullptr;
  const Place& place = event_place->place;
  ojson out;
  out["name"] = place.name;
  out["geonameid"] = place.geonameid != 0 ? ojson(place.geonameid) : ojson(nullptr);
  out["latitude"] = place.lat;
  out["longitude"] = place.lon;
  // GeoNames features read "P.PPLC"; our own regions and sites ("REGION") have no GeoNames code.
  size_t dot = place.feature.find('.');
  if (dot != std::string::npos) {
    out["feature_class"] = place.feature.substr(0, dot);
    out["feature_code"] = place.feature.substr(dot + 1);
  } else {
    out["feature_class"] = nullptr;
    out["feature_code"] = nullptr;
  }
  out["country_code"] = string_or_null(place.country2);
  out["cc3"] = string_or_null(place.country);
  out["admin1_code"] = string_or_null(place.adm1);
  out["text"] = event_place->text;  // Chronicle: the words that named the place
  return out;
}

// The event's day when it is known to the day, else the document's date: PLOVER's `date` is a
// required YYYY-MM-DD and coarser event dates stay visible in `date_info`.
ojson plover_date(const EventRecord& record) {
  const Event& event = record.event;
  if (event.date_precision == "day" && event.date.size() == 10) return event.date;
  return string_or_null(record.doc_date);
}

// True when the event's date lies after the document's date ("will meet next month"): PLOVER's
// "future" context. Weeks ("2025-W10") do not compare as text, so they never count.
bool after_document_date(const EventRecord& record) {
  const std::string& date = record.event.date;
  if (date.empty() || record.doc_date.empty() || date.find('W') != std::string::npos) return false;
  return date > record.doc_date.substr(0, date.size());
}

std::string plover_id(const EventRecord& record) {
  if (record.id != 0) return "chronicle-" + std::to_string(record.id);
  const Event& event = record.event;
  return record.doc_id + ":" + std::to_string(event.sentence) + ":" +
         std::to_string(event.evidence.begin) + "-" + std::to_string(event.evidence.end);
}

}  // namespace

std::string event_to_plover_json(const EventRecord& record) {
  const Event& event = record.event;
  const plover::ModeRow* row = plover::find_mode_row(event.code);
  if (row != nullptr && row->event_type != event.plover) row = nullptr;  // table out of date

  // CAMEO 043 "host a visit" codes the host as source; PLOVER's "visit" mode codes the visitor as
  // source and the host as recipient. Turn the sides around when the visitor is known; without a
  // visitor the host stays the source and the mode would be false, so it is left out.
  bool host_visit = event.code == "043";
  bool swap_sides = host_visit && event.target.has_value();
  std::string mode = row != nullptr ? row->mode : std::string();
  if (host_visit && !swap_sides) mode.clear();

  ojson contexts = ojson::array();
  auto add_context = [&](const std::string& context) {
    if (std::find(contexts.begin(), contexts.end(), context) == contexts.end()) {
      contexts.push_back(context);
    }
  };
  if (row != nullptr) {
    for (const std::string& context : row->contexts) add_context(context);
  }
  if (after_document_date(record)) add_context("future");
  if (event.negated) add_context("negation");

  ojson out;
  out["id"] = plover_id(record);
  out["date"] = plover_date(record);
  out["event"] = event.plover.empty() ? ojson::array() : ojson::array({event.plover});
  out["mode"] = string_or_null(mode);
  out["context"] = std::move(contexts);
  out["source"] = actor_list(swap_sides ? event.target : event.source);
  out["recipient"] = actor_list(swap_sides ? event.source : event.target);
  out["event_text"] =
      event.trigger_text.empty() ? ojson::array() : ojson::array({event.trigger_text});
  out["event_loc"] = location(event.place);
  int quad = plover::quad_code(event.plover);
  out["quad_code"] = quad != 0 ? ojson(quad) : ojson(nullptr);
  out["text"] = record.sentence_text;
  out["text_info"] = ojson{{"sequence", event.sentence},
                           {"evidence_span", span_json(event.evidence)},
                           {"trigger_span", span_json(event.trigger)}};
  ojson cite;
  cite["citation"] = record.doc_id;
  if (!record.doc_url.empty()) cite["url"] = record.doc_url;
  if (!record.doc_source.empty()) cite["publication"] = record.doc_source;
  if (!record.doc_date.empty()) cite["publication_date"] = record.doc_date;
  cite["coder"] = "chronicle";
  cite["codebook"] = "PLOVER 0.7b1 from CAMEO 1.1b3";
  out["cite_info"] = std::move(cite);

  // Chronicle's own fields.
  out["cameo"] = ojson{{"code", event.code},
                       {"label", event.label},
                       {"quad_class", event.quad_class},
                       {"goldstein", round_goldstein(event.goldstein)}};
  out["negated"] = event.negated;
  out["hedged"] = event.hedged;
  if (event.attributed_to) {
    out["attributed_to"] = ojson{{"text", event.attributed_to->text},
                                 {"span", span_json(event.attributed_to->span)}};
  } else {
    out["attributed_to"] = nullptr;
  }
  if (event.date.empty()) {
    out["date_info"] = nullptr;
  } else {
    out["date_info"] = ojson{{"value", event.date},
                             {"precision", event.date_precision},
                             {"text", event.date_text}};
  }
  return out.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace chronicle
