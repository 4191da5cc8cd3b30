// Which event mentions are one happening (merge/merge.h): buckets, and clustering within one.
#include "merge/merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace chronicle::merge {
namespace {

Item item(std::string key, std::string code, std::string date, std::string precision,
          DatedBy dated_by, int64_t document = 1) {
  Item out;
  out.key = std::move(key);
  out.code = std::move(code);
  out.date = std::move(date);
  out.precision = std::move(precision);
  out.dated_by = dated_by;
  out.document = document;
  return out;
}

Item placed(Item base, double lat, double lon) {
  base.lat = lat;
  base.lon = lon;
  return base;
}

// Groups as lists of keys, comparable whatever the input order was.
std::vector<std::vector<std::string>> keys_of(const std::vector<Item>& items) {
  std::vector<std::vector<std::string>> out;
  for (const auto& group : cluster(items)) {
    std::vector<std::string> keys;
    for (size_t index : group) keys.push_back(items[index].key);
    out.push_back(keys);
  }
  return out;
}

EventActor side(std::string code, std::string country) {
  EventActor actor;
  actor.actor.code = std::move(code);
  actor.actor.country = std::move(country);
  return actor;
}

TEST(MergeBucketTest, SidesResolveToTheirCountryAndConsultationsHaveNoDirection) {
  Event visit;
  visit.code = "042";
  visit.source = side("RUSMIL", "RUS");
  visit.target = side("SYRGOV", "SYR");
  visit.date = "2025-11-16";
  Event reverse = visit;
  reverse.code = "043";  // Syria hosted the Russian delegation
  std::swap(reverse.source, reverse.target);
  EXPECT_EQ(bucket(visit, "2025-11-17"), "RUS|SYR|04|2025");
  EXPECT_EQ(bucket(reverse, "2025-11-17"), bucket(visit, "2025-11-17"));
  EXPECT_EQ(comparable_code("043"), "042");

  Event attack = visit;
  attack.code = "190";
  Event attacked = attack;
  std::swap(attacked.source, attacked.target);
  EXPECT_NE(bucket(attack, ""), bucket(attacked, "")) << "who attacked whom matters";

  Event undated = attack;
  undated.date.clear();
  EXPECT_EQ(bucket(undated, "2024-02-01"), "RUS|SYR|19|2024") << "the document's year";
  Event denied = attack;
  denied.negated = true;
  EXPECT_EQ(bucket(denied, ""), "") << "a negated event did not happen";
  Event organisation = attack;
  organisation.source = side("IGOUNO", "");
  EXPECT_EQ(bucket(organisation, ""), "IGOUNO|SYR|19|2025");
}

TEST(MergeClusterTest, SameDayMentionsMergeDifferentDaysDoNot) {
  std::vector<Item> items = {
      item("a", "040", "2026-03-03", "day", DatedBy::kText, 1),
      item("b", "046", "2026-03-03", "day", DatedBy::kText, 2),  // generic 040 joins it
      item("c", "046", "2026-03-03", "day", DatedBy::kText, 3),
      item("d", "040", "2026-03-13", "day", DatedBy::kText, 4),
  };
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"d"}}));
}

TEST(MergeClusterTest, FarApartPlacesAreDifferentHappenings) {
  std::vector<Item> items = {
      placed(item("a", "190", "2025-03-01", "day", DatedBy::kText), 34.56, 38.27),  // Palmyra
      placed(item("b", "190", "2025-03-01", "day", DatedBy::kText), 36.20, 37.16),  // Aleppo
      placed(item("c", "190", "2025-03-01", "day", DatedBy::kText), 34.60, 38.30),  // near Palmyra
      item("d", "190", "2025-03-01", "day", DatedBy::kText),  // unplaced: joins the larger
  };
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "c", "d"}, {"b"}}));
  EXPECT_GT(distance_km(34.56, 38.27, 36.20, 37.16), kSamePlaceKm);
}

TEST(MergeClusterTest, DifferentCodesInOneRootStayApart) {
  std::vector<Item> items = {
      item("a", "172", "2025-03-01", "day", DatedBy::kText),
      item("b", "173", "2025-03-01", "day", DatedBy::kText),
      item("c", "1721", "2025-03-01", "day", DatedBy::kText),
  };
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "c"}, {"b"}}));
}

TEST(MergeClusterTest, DocumentDatedMentionsJoinTheDayOrTheDayBefore) {
  std::vector<Item> items = {
      item("a", "042", "2026-03-03", "day", DatedBy::kText),
      item("b", "043", "2026-03-04", "day", DatedBy::kDocument),  // next day's report
      item("c", "042", "2026-03-09", "day", DatedBy::kDocument),  // a week later: its own
  };
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST(MergeClusterTest, CoarseDatesJoinOnlyAnUnambiguousDay) {
  std::vector<Item> one_day = {
      item("a", "040", "2026-03-03", "day", DatedBy::kText),
      item("b", "040", "2026-03", "month", DatedBy::kText),
      item("c", "040", "2026-W10", "week", DatedBy::kText),  // 2 to 8 March 2026
  };
  EXPECT_EQ(keys_of(one_day), (std::vector<std::vector<std::string>>{{"a", "b", "c"}}));
  std::vector<Item> two_days = {
      item("a", "040", "2026-03-03", "day", DatedBy::kText),
      item("b", "040", "2026-03", "month", DatedBy::kText),
      item("d", "040", "2026-03-13", "day", DatedBy::kText),
  };
  EXPECT_EQ(keys_of(two_days), (std::vector<std::vector<std::string>>{{"a"}, {"b"}, {"d"}}));
  // A month from another report does not join a day: it may mean any day of the month.
  std::vector<Item> other_report = {
      item("a", "190", "2025-03-24", "day", DatedBy::kText, 1),
      item("b", "190", "2025-03", "month", DatedBy::kText, 2),
  };
  EXPECT_EQ(keys_of(other_report), (std::vector<std::vector<std::string>>{{"a"}, {"b"}}));
  // Vague mentions no day claims merge only within their own report.
  std::vector<Item> vague = {
      item("a", "190", "2025-03", "month", DatedBy::kText, 1),
      item("b", "190", "2025-03", "month", DatedBy::kText, 1),
      item("c", "190", "2025-03", "month", DatedBy::kText, 2),
  };
  EXPECT_EQ(keys_of(vague), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST(MergeClusterTest, UndatedMentionsMergeOnlyWithinTheirDocument) {
  std::vector<Item> items = {
      item("a", "042", "", "", DatedBy::kNone, 1),
      item("b", "042", "", "", DatedBy::kNone, 1),
      item("c", "042", "", "", DatedBy::kNone, 2),
  };
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST(MergeClusterTest, EventsWithoutATargetMergeOnlyWithinAReportAndItsCopies) {
  EXPECT_TRUE(within_reports_only("USA|-|01|1987"));
  EXPECT_FALSE(within_reports_only("USA|JPN|01|1987"));
  std::vector<Item> items = {
      item("a", "010", "1987-10-19", "day", DatedBy::kText, 1),
      item("b", "010", "1987-10-19", "day", DatedBy::kText, 2),
      item("c", "010", "1987-10-19", "day", DatedBy::kText, 3),
  };
  items[0].partition = 1;
  items[1].partition = 1;  // a copy of report 1
  items[2].partition = 3;
  EXPECT_EQ(keys_of(items), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST(MergeClusterTest, InputOrderDoesNotChangeTheGroups) {
  std::vector<Item> items = {
      item("k1", "040", "2026-03-03", "day", DatedBy::kText, 1),
      item("k2", "046", "2026-03-03", "day", DatedBy::kText, 2),
      item("k3", "040", "2026-03-04", "day", DatedBy::kDocument, 3),
      item("k4", "040", "2026-03", "month", DatedBy::kText, 4),
      placed(item("k5", "042", "2026-03-13", "day", DatedBy::kText, 5), -1.29, 36.82),
      placed(item("k6", "042", "2026-03-13", "day", DatedBy::kText, 6), -3.37, 36.68),
      item("k7", "042", "2026-03-14", "day", DatedBy::kDocument, 7),
      item("k8", "040", "", "", DatedBy::kNone, 8),
      item("k9", "040", "2026", "year", DatedBy::kText, 9),
  };
  const auto expected = keys_of(items);
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(items.begin(), items.end(), random);
    EXPECT_EQ(keys_of(items), expected);
  }
}

TEST(MergeClusterTest, RepresentativeIsTheMostPreciseTextDatedMention) {
  std::vector<Item> items = {
      item("a", "040", "2026-03", "month", DatedBy::kText),
      item("b", "040", "2026-03-04", "day", DatedBy::kDocument),
      placed(item("c", "040", "2026-03-03", "day", DatedBy::kText), 1, 1),
      item("d", "040", "2026-03-03", "day", DatedBy::kText),
  };
  EXPECT_EQ(representative(items, {0, 1, 2, 3}), 2u);
}

}  // namespace
}  // namespace chronicle::merge
