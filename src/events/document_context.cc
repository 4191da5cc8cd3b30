#include "events/document_context.h"

#include <optional>

#include "text/words.h"

namespace chronicle::events {
namespace {

using text::is_one_of;

// Sentences an earlier event's date or place may reach forward.
constexpr uint32_t kReach = 2;

// Finer dates rank lower; an unresolved one last.
int precision_rank(std::string_view precision) {
  if (precision == "day") return 0;
  if (precision == "week") return 1;
  if (precision == "month") return 2;
  if (precision == "year") return 3;
  return 4;
}

bool shares_country(const Event& a, const Event& b) {
  for (const auto* left : {&a.source, &a.target}) {
    if (!left->has_value() || (*left)->actor.country.empty()) continue;
    for (const auto* right : {&b.source, &b.target}) {
      if (right->has_value() && (*right)->actor.country == (*left)->actor.country) return true;
    }
  }
  return false;
}

bool has_country(const Event& event, std::string_view country) {
  for (const auto* side : {&event.source, &event.target}) {
    if (side->has_value() && (*side)->actor.country == country) return true;
  }
  return false;
}

// The place named in a dateline before its comma ("N'DJAMENA"), if any sentence of the opening
// ones starts with a dateline (an HTML title may come first).
std::optional<EventPlace> dateline_place(const Analysis& analysis) {
  for (size_t sentence_idx = 0; sentence_idx < analysis.sentences.size() && sentence_idx < 3; ++sentence_idx) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    size_t after = text::dateline_end(analysis.tokens, sentence.first_token, sentence.end_token);
    if (after == sentence.first_token) continue;
    for (const PlaceMention& place : analysis.places) {
      if (place.range.first_token < sentence.first_token) continue;
      if (place.range.first_token >= after) break;
      if (place.range.end_token < after &&
          (analysis.tokens[place.range.end_token].norm == "," || analysis.tokens[place.range.end_token].norm == "("))
        return EventPlace{place.text, place.place};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// The place named just before an actor's words, as their modifier ("Puntland forces",
// "Balochistan Police officers", "Kharkiv's governor"), or nullptr.
const PlaceMention* place_before(const Analysis& analysis, const EventActor& side) {
  for (const PlaceMention& place : analysis.places) {
    if (place.range.span.end > side.span.begin) break;
    uint32_t end = place.range.end_token;
    if (end < analysis.tokens.size() && analysis.tokens[end].lower == "'s") ++end;
    if (end < analysis.tokens.size() && analysis.tokens[end].span.begin == side.span.begin) return &place;
  }
  return nullptr;
}

void locate_actors(const Analysis& analysis, Event& event) {
  for (auto* side : {&event.source, &event.target}) {
    if (!side->has_value()) continue;
    ActorRef& actor = (*side)->actor;
    if (!actor.country.empty() || actor.sector.empty() || actor.code != actor.sector) continue;
    if (is_one_of(actor.sector, {"REF", "IGO", "NGO", "UAF", "MNC"})) continue;
    // A weapon ("a drone attack on a hospital in El Fasher", "shot down 100 drones") belongs to
    // whoever fired it, usually not the country it hit: only a place named as its modifier
    // ("Puntland drones") says whose it is.
    const bool weapon = names_a_weapon((*side)->text);
    const PlaceMention* modifier = place_before(analysis, **side);
    if (modifier != nullptr && !modifier->place.country.empty()) {
      actor.country = modifier->place.country;
    } else if (!weapon && event.place && !event.place->place.country.empty()) {
      actor.country = event.place->place.country;
    } else {
      // A weapon nobody is named for is no side: "shot down 100 drones" has no target.
      if (weapon) side->reset();
      continue;
    }
    actor.code = actor.country + actor.sector;
  }
}

}  // namespace

bool names_a_weapon(std::string_view text) {
  const size_t space = text.find_last_of(' ');
  std::string last(space == std::string_view::npos ? text : text.substr(space + 1));
  for (char& ch : last) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return is_one_of(last, {"drone", "drones", "missile", "missiles", "rocket", "rockets", "uav", "uavs", "shell",
                          "shells", "bomb", "bombs", "shahed", "shaheds", "artillery", "tank", "tanks",
                          "warplane", "warplanes", "jet", "jets", "aircraft", "helicopter", "helicopters"});
}

void carry_document_context(const Document& document, Analysis& analysis) {
  (void)document;
  const std::optional<EventPlace> dateline = dateline_place(analysis);
  std::vector<Event>& events = analysis.events;
  for (size_t idx = 0; idx < events.size(); ++idx) {
    Event& event = events[idx];
    const bool own_date = !event.date_text.empty();
    const bool own_place = event.place.has_value();
    // The earlier events in reach that share a country: the finest date among them (a day
    // before a year: "arrived on Tuesday" over "since 2023"), the latest place.
    const Event* date_from = nullptr;
    for (size_t back = idx; back > 0;) {
      const Event& earlier = events[--back];
      if (event.sentence - earlier.sentence > kReach) break;
      if (!shares_country(event, earlier)) continue;
      if (!own_date && !earlier.date_text.empty() && earlier.sentence < event.sentence &&
          (date_from == nullptr || precision_rank(earlier.date_precision) < precision_rank(date_from->date_precision)))
        date_from = &earlier;
      if (!own_place && !event.place && earlier.place) event.place = earlier.place;
    }
    if (date_from != nullptr) {
      event.date = date_from->date;
      event.date_precision = date_from->date_precision;
      event.date_text = date_from->date_text;
    }
    if (!event.place && dateline && !dateline->place.country.empty() && has_country(event, dateline->place.country))
      event.place = dateline;
    locate_actors(analysis, event);
  }
  // An event needs one side that names a country, an organisation or a group; sectors alone
  // ("officials met officials") that no place located say nothing of who.
  auto coded = [](const std::optional<EventActor>& side) {
    return side && (!side->actor.country.empty() || side->actor.code.size() > 3);
  };
  std::erase_if(events, [&](const Event& event) { return !coded(event.source) && !coded(event.target); });
}

}  // namespace chronicle::events
