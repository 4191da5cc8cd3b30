// Chronicle: which event mentions are one happening (merge.h).
#include "merge/merge.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

namespace chronicle::merge {
namespace {

// The side of a bucket: the country an actor belongs to, else its code (an organisation, a
// group), else its canonical name; "-" for no side.
std::string side_key(const std::optional<EventActor>& side) {
  if (!side) return "-";
  if (!side->actor.country.empty()) return side->actor.country;
  if (!side->actor.code.empty()) return side->actor.code;
  if (!side->actor.name.empty()) return "name:" + side->actor.name;
  return "-";
}

// Roots and codes where "A does it with B" is the same happening as "B does it with A".
bool undirected(std::string_view code) {
  return code.substr(0, 2) == "04" || code.substr(0, 3) == "057";
}

std::optional<std::chrono::sys_days> parse_day(std::string_view date) {
  int year = 0;
  unsigned month = 0, day = 0;
  if (date.size() != 10 ||
      std::sscanf(std::string(date).c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                  std::chrono::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::string format_day(std::chrono::sys_days days) {
  std::chrono::year_month_day ymd{days};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

// ISO 8601 week of a day, "YYYY-Www": the week's Thursday decides the year.
std::string iso_week(std::chrono::sys_days days) {
  using namespace std::chrono;
  const unsigned weekday = year_month_weekday{days}.weekday().iso_encoding();  // Monday 1
  const sys_days thursday = days + std::chrono::days{4 - static_cast<int>(weekday)};
  const year_month_day thursday_ymd{thursday};
  const sys_days first_day{thursday_ymd.year() / January / 1};
  const int week = static_cast<int>((thursday - first_day).count() / 7) + 1;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-W%02d", static_cast<int>(thursday_ymd.year()), week);
  return buffer;
}

// Whether a day ("YYYY-MM-DD") lies in a coarser period of the given precision.
bool day_in_period(std::string_view day, std::string_view period, std::string_view precision) {
  if (precision == "month" || precision == "year") {
    return day.size() > period.size() && day.substr(0, period.size()) == period &&
           day[period.size()] == '-';
  }
  if (precision == "week") {
    auto parsed = parse_day(day);
    return parsed && iso_week(*parsed) == period;
  }
  return false;
}

// Codes that can be one happening: the same comparable three-digit code, or either one being the
// root's generic code ("040" says only "consulted").
std::string code3(std::string_view code) { return comparable_code(code).substr(0, 3); }
bool generic(std::string_view code) { return code.size() >= 3 && code[2] == '0'; }
bool codes_compatible(std::string_view a, std::string_view b) {
  std::string first = code3(a), second = code3(b);
  return first == second || generic(first) || generic(second);
}

bool placed(const Item& item) { return item.lat && item.lon; }

bool near(const Item& a, const Item& b) {
  return distance_km(*a.lat, *a.lon, *b.lat, *b.lon) <= kSamePlaceKm;
}

// A group under construction; `members` stay in key order because items are visited in it.
struct Group {
  std::vector<size_t> members;
  std::string date;       // the day (steps 1-2) or the period value (step 3 leftovers)
  std::string code;       // comparable three-digit code; generic only when all are
};

// Splits `indexes` (in key order) into groups by place, then by code, as step 1 describes.
std::vector<Group> split(const std::vector<Item>& items, const std::vector<size_t>& indexes,
                         const std::string& date) {
  // Places: single-link components of the placed mentions.
  std::vector<size_t> placed_indexes;
  for (size_t index : indexes) {
    if (placed(items[index])) placed_indexes.push_back(index);
  }
  std::vector<size_t> parent(placed_indexes.size());
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto find = [&parent](size_t node) {
    while (parent[node] != node) node = parent[node] = parent[parent[node]];
    return node;
  };
  for (size_t a = 0; a < placed_indexes.size(); ++a) {
    for (size_t b = a + 1; b < placed_indexes.size(); ++b) {
      if (near(items[placed_indexes[a]], items[placed_indexes[b]])) {
        parent[find(b)] = find(a);
      }
    }
  }
  // Components in order of their first member (smallest key), each a list of item indexes.
  std::vector<std::vector<size_t>> places;
  std::map<size_t, size_t> component_of_root;
  for (size_t a = 0; a < placed_indexes.size(); ++a) {
    auto [entry, added] = component_of_root.try_emplace(find(a), places.size());
    if (added) places.emplace_back();
    places[entry->second].push_back(placed_indexes[a]);
  }
  if (places.empty()) places.emplace_back();
  // Unplaced mentions join the largest place (the first on a tie: smallest key).
  size_t largest = 0;
  for (size_t place = 1; place < places.size(); ++place) {
    if (places[place].size() > places[largest].size()) largest = place;
  }
  for (size_t index : indexes) {
    if (!placed(items[index])) places[largest].push_back(index);
  }

  std::vector<Group> groups;
  for (std::vector<size_t>& place : places) {
    std::sort(place.begin(), place.end(),
              [&items](size_t a, size_t b) { return items[a].key < items[b].key; });
    // Specific codes each make a group; generic ones join the largest specific group.
    std::map<std::string, std::vector<size_t>> by_code;
    std::vector<size_t> generic_members;
    for (size_t index : place) {
      std::string code = code3(items[index].code);
      if (generic(code)) {
        generic_members.push_back(index);
      } else {
        by_code[code].push_back(index);
      }
    }
    std::vector<Group> place_groups;
    for (auto& [code, members] : by_code) place_groups.push_back({std::move(members), date, code});
    if (!generic_members.empty()) {
      if (place_groups.empty()) {
        place_groups.push_back({generic_members, date, code3(items[generic_members[0]].code)});
      } else {
        Group* target = &place_groups[0];
        for (Group& group : place_groups) {
          if (group.members.size() > target->members.size() ||
              (group.members.size() == target->members.size() &&
               items[group.members[0]].key < items[target->members[0]].key)) {
            target = &group;
          }
        }
        target->members.insert(target->members.end(), generic_members.begin(),
                               generic_members.end());
        std::sort(target->members.begin(), target->members.end(),
                  [&items](size_t a, size_t b) { return items[a].key < items[b].key; });
      }
    }
    for (Group& group : place_groups) groups.push_back(std::move(group));
  }
  return groups;
}

// Whether `item` fits `group`: compatible code and, when both have places, one near member.
bool fits(const std::vector<Item>& items, const Group& group, const Item& item) {
  if (!codes_compatible(group.code, item.code)) return false;
  if (!placed(item)) return true;
  bool group_placed = false;
  for (size_t member : group.members) {
    if (!placed(items[member])) continue;
    group_placed = true;
    if (near(items[member], item)) return true;
  }
  return !group_placed;
}

// The better of two candidate groups for a mention: more members, then the smaller first key.
bool better(const std::vector<Item>& items, const Group& a, const Group& b) {
  if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
  return items[a.members[0]].key < items[b.members[0]].key;
}

// Groups `indexes` (in key order) by their date value, then by place and code (step 1's rule).
std::vector<Group> group_by_date(const std::vector<Item>& items,
                                 const std::vector<size_t>& indexes) {
  std::map<std::string, std::vector<size_t>> by_date;
  for (size_t index : indexes) by_date[items[index].date].push_back(index);
  std::vector<Group> groups;
  for (auto& [date, members] : by_date) {
    for (Group& group : split(items, members, date)) groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<std::vector<size_t>> cluster_partition(const std::vector<Item>& items);

}  // namespace

std::string_view to_string(DatedBy dated_by) {
  switch (dated_by) {
    case DatedBy::kText: return "text";
    case DatedBy::kDocument: return "document";
    case DatedBy::kNone: break;
  }
  return "none";
}

std::optional<DatedBy> dated_by_from_string(std::string_view text) {
  if (text == "text") return DatedBy::kText;
  if (text == "document") return DatedBy::kDocument;
  if (text == "none") return DatedBy::kNone;
  return std::nullopt;
}

DatedBy dated_by(const Event& event) {
  if (event.date.empty()) return DatedBy::kNone;
  return event.date_text.empty() ? DatedBy::kDocument : DatedBy::kText;
}

std::string bucket(const Event& event, std::string_view document_date) {
  if (event.negated || !event.source || event.code.size() < 2) return {};
  std::string first = side_key(event.source);
  std::string second = side_key(event.target);
  if (undirected(event.code) && second != "-" && second < first) std::swap(first, second);
  std::string year = "-";
  if (event.date.size() >= 4) {
    year = event.date.substr(0, 4);
  } else if (document_date.size() >= 4) {
    year = std::string(document_date.substr(0, 4));
  }
  return first + "|" + second + "|" + event.code.substr(0, 2) + "|" + year;
}

std::string mention_key(std::string_view document_hash, const Event& event) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, ":%u:%u:%u:%u:", event.sentence, event.trigger.begin,
                event.source ? event.source->span.begin : 0u,
                event.target ? event.target->span.begin : 0u);
  // The sides' codes too: "these delegations" gives one event per country at the same words.
  return std::string(document_hash) + buffer + event.code + ":" +
         (event.source ? event.source->actor.code : "") + ":" +
         (event.target ? event.target->actor.code : "");
}

std::string comparable_code(std::string_view code) {
  if (code.substr(0, 3) == "043") return "042" + std::string(code.substr(3));
  return std::string(code);
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  constexpr double kEarthKm = 6371.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

bool within_reports_only(std::string_view bucket) {
  // SOURCE|TARGET|ROOT|YEAR: the second field.
  size_t first_bar = bucket.find('|');
  return first_bar != std::string_view::npos && bucket.substr(first_bar + 1, 2) == "-|";
}

std::vector<std::vector<size_t>> cluster(const std::vector<Item>& items) {
  std::map<int64_t, std::vector<size_t>> partitions;
  for (size_t index = 0; index < items.size(); ++index) {
    partitions[items[index].partition].push_back(index);
  }
  if (partitions.size() <= 1) return cluster_partition(items);
  std::vector<std::vector<size_t>> out;
  for (const auto& [partition, indexes] : partitions) {
    std::vector<Item> subset;
    subset.reserve(indexes.size());
    for (size_t index : indexes) subset.push_back(items[index]);
    for (std::vector<size_t>& group : cluster_partition(subset)) {
      for (size_t& member : group) member = indexes[member];
      out.push_back(std::move(group));
    }
  }
  std::sort(out.begin(), out.end(),
            [&items](const std::vector<size_t>& a, const std::vector<size_t>& b) {
              return items[a[0]].key < items[b[0]].key;
            });
  return out;
}

namespace {

std::vector<std::vector<size_t>> cluster_partition(const std::vector<Item>& items) {
  // Every decision below visits items in key order, so the input order cannot matter.
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&items](size_t a, size_t b) {
    return items[a].key != items[b].key ? items[a].key < items[b].key : a < b;
  });
  std::vector<size_t> text_days, document_days, periods, undated;
  for (size_t index : order) {
    const Item& item = items[index];
    if (item.dated_by == DatedBy::kNone || item.date.empty()) {
      undated.push_back(index);
    } else if (item.precision == "day" && parse_day(item.date)) {
      (item.dated_by == DatedBy::kText ? text_days : document_days).push_back(index);
    } else {
      periods.push_back(index);
    }
  }

  // 1. Days from the text.
  std::vector<Group> groups = group_by_date(items, text_days);
  const size_t anchored = groups.size();

  // 2. Days from the document: the day itself, else the day before.
  std::vector<size_t> leftover_days;
  std::vector<std::vector<size_t>> joining(groups.size());
  for (size_t index : document_days) {
    const Item& item = items[index];
    const auto day = parse_day(item.date);
    const Group* chosen = nullptr;
    for (const std::string& candidate_day : {item.date, format_day(*day - std::chrono::days{1})}) {
      for (size_t group_idx = 0; group_idx < anchored; ++group_idx) {
        const Group& group = groups[group_idx];
        if (group.date != candidate_day || !fits(items, group, item)) continue;
        if (!chosen || better(items, group, *chosen)) chosen = &group;
      }
      if (chosen) break;
    }
    if (chosen) {
      joining[static_cast<size_t>(chosen - groups.data())].push_back(index);
    } else {
      leftover_days.push_back(index);
    }
  }
  for (size_t group_idx = 0; group_idx < anchored; ++group_idx) {
    for (size_t index : joining[group_idx]) groups[group_idx].members.push_back(index);
  }
  for (Group& group : group_by_date(items, leftover_days)) groups.push_back(std::move(group));

  // 3. Weeks, months and years: the one day-group inside the period that fits and that holds a
  // mention of the same report, else their own. Across reports a vague date says too little:
  // "the strikes since March" in twenty daily pages would all join the one dated strike of March.
  const size_t days = groups.size();
  std::vector<size_t> leftover_periods;
  std::vector<std::vector<size_t>> period_joining(groups.size());
  for (size_t index : periods) {
    const Item& item = items[index];
    size_t fitting = 0, chosen = 0;
    for (size_t group_idx = 0; group_idx < days; ++group_idx) {
      const Group& group = groups[group_idx];
      if (!day_in_period(group.date, item.date, item.precision) || !fits(items, group, item)) {
        continue;
      }
      const bool same_report =
          std::any_of(group.members.begin(), group.members.end(),
                      [&](size_t member) { return items[member].document == item.document; });
      if (!same_report) continue;
      ++fitting;
      chosen = group_idx;
    }
    if (fitting == 1) {
      period_joining[chosen].push_back(index);
    } else {
      leftover_periods.push_back(index);
    }
  }
  for (size_t group_idx = 0; group_idx < days; ++group_idx) {
    for (size_t index : period_joining[group_idx]) groups[group_idx].members.push_back(index);
  }
  // A period's mentions that no day claims stay within their document: "fighting in March" in
  // two reports is too vague to call one happening.
  std::map<int64_t, std::vector<size_t>> periods_by_document;
  for (size_t index : leftover_periods) periods_by_document[items[index].document].push_back(index);
  for (auto& [document, indexes] : periods_by_document) {
    for (Group& group : group_by_date(items, indexes)) groups.push_back(std::move(group));
  }

  // 4. Undated: per document and code.
  std::map<std::pair<int64_t, std::string>, std::vector<size_t>> by_document;
  for (size_t index : undated) {
    by_document[{items[index].document, code3(items[index].code)}].push_back(index);
  }
  std::vector<std::vector<size_t>> out;
  for (Group& group : groups) out.push_back(std::move(group.members));
  for (auto& [document_code, members] : by_document) out.push_back(std::move(members));
  for (std::vector<size_t>& members : out) {
    std::sort(members.begin(), members.end(),
              [&items](size_t a, size_t b) { return items[a].key < items[b].key; });
  }
  std::sort(out.begin(), out.end(),
            [&items](const std::vector<size_t>& a, const std::vector<size_t>& b) {
              return items[a[0]].key < items[b[0]].key;
            });
  return out;
}

}  // namespace

size_t representative(const std::vector<Item>& items, const std::vector<size_t>& members) {
  auto rank = [&items](size_t index) {
    const Item& item = items[index];
    int precision = item.precision == "day" ? 0 : item.precision == "week" ? 1
                    : item.precision == "month" ? 2 : item.precision == "year" ? 3 : 4;
    return std::make_tuple(item.dated_by == DatedBy::kText ? 0 : 1, precision,
                           placed(item) ? 0 : 1, std::string_view(item.key));
  };
  size_t best = members.front();
  for (size_t member : members) {
    if (rank(member) < rank(best)) best = member;
  }
  return best;
}

}  // namespace chronicle::merge
