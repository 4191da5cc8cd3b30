// Chronicle: one happening told many times. Decides which stored event mentions are the same
// happening (docs/database.md, "Across reports"); the store keeps the result.
//
// Two mentions can only be one happening when they share a bucket: the same two sides (each side
// resolved to its country, so "Putin", "the Kremlin" and "Russian forces" are one side; an
// organisation or group by its code), the same CAMEO root and the same year. In roots where
// direction carries no meaning (04 consult, 057 sign an agreement) the two sides are put in a
// fixed order, so "A met B" and "B met A" share a bucket. Within a bucket, `cluster` groups the
// mentions (see there). Both functions depend only on their input, never on the order in which
// documents were ingested, so merging is incremental (only the buckets a new document touches
// are recomputed) and order-independent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"

namespace chronicle::merge {

// How an event got its date: from words in the text, from the document's date, or not at all.
enum class DatedBy { kText, kDocument, kNone };
std::string_view to_string(DatedBy dated_by);
std::optional<DatedBy> dated_by_from_string(std::string_view text);
DatedBy dated_by(const Event& event);

// One event mention as merging sees it.
struct Item {
  int64_t id = 0;        // the caller's id (the stored event's row id); not used to decide
  int64_t document = 0;  // the caller's document id: mentions without a date group per document
  std::string key;       // order-independent identity (mention_key); ties are broken on it
  std::string code;      // CAMEO event code
  std::string date;      // "YYYY-MM-DD", "YYYY-Www", "YYYY-MM", "YYYY", or empty
  std::string precision;  // "day", "week", "month", "year", or empty
  DatedBy dated_by = DatedBy::kNone;
  std::optional<double> lat;
  std::optional<double> lon;
  // Mentions in different partitions are never one happening (see within_reports_only).
  int64_t partition = 0;
};

// The bucket of an event (see above), or empty for an event that is never merged: a negated
// event (it did not happen) or one without a source.
std::string bucket(const Event& event, std::string_view document_date);

// Whether a bucket's mentions merge only within one report and its near-duplicate copies (the
// caller partitions them by duplicate group): events without a target ("the US said", "Russia
// launched strikes"). Many reports on one day say such things of one country, and nothing in them
// tells whether they are one happening.
bool within_reports_only(std::string_view bucket);

// A key for the mention that does not depend on row ids: the document's content hash, the
// sentence, the byte offsets of trigger and sides, the code and the sides' codes.
std::string mention_key(std::string_view document_hash, const Event& event);

// The code merging compares: "043" (host a visit) is the other side of "042" (make a visit).
std::string comparable_code(std::string_view code);

// Great-circle distance in kilometres.
double distance_km(double lat1, double lon1, double lat2, double lon2);

// Mentions farther apart than this are different happenings (a clash in Palmyra is not one in
// Aleppo, 200 km away); nearby places (a town and its province's capital) can be one.
inline constexpr double kSamePlaceKm = 150;

// Groups the mentions of one bucket into happenings; returns indexes into `items`, each group in
// key order and the groups ordered by their first key. Deterministic and independent of the
// order of `items`. Each partition is grouped on its own, by these steps:
//   1. Mentions dated to a day by the text: one happening per day, split where their places are
//      more than kSamePlaceKm apart (single link; unplaced mentions join the largest part), then
//      per comparable three-digit code (a root's generic code, "040", joins the largest).
//   2. Mentions dated only by their document's day join a happening of step 1 on that day or the
//      day before (reports appear the day after), with a compatible code and place; the largest
//      one when several fit. The rest are grouped among themselves as in step 1.
//   3. Mentions dated to a week, month or year join the one happening of steps 1-2 inside that
//      period with a compatible code and place that their own report also tells; otherwise they
//      are grouped with the other such mentions of their report by date value, place and code.
//   4. Undated mentions are grouped per document and code.
std::vector<std::vector<size_t>> cluster(const std::vector<Item>& items);

// The member that stands for a happening: dated by the text at the finest precision first, then
// placed, then the smallest key.
size_t representative(const std::vector<Item>& items, const std::vector<size_t>& members);

}  // namespace chronicle::merge
