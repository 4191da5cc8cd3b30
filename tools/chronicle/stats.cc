// chronicle stats: what the database holds, by month of the document date (Store::monthly_stats).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"

namespace chronicle::cli {
namespace {

struct StatsOptions {
  std::string db = "chronicle.db";
  std::string format = "table";
};

constexpr const char* kColumns[] = {"month",  "documents",         "sentences",
                                    "events", "actors",            "events_with_place",
                                    "places", "events_by_event_date"};

// The counts of a row, in kColumns order after the month.
std::vector<int64_t> counts_of(const MonthStats& row) {
  return {row.documents,         row.sentences, row.events,
          row.actors,            row.events_with_place, row.places,
          row.events_by_event_date};
}

void write_stats_table(const MonthlyStats& stats) {
  std::printf("%-8s %10s %10s %8s %7s %11s %7s %15s\n", "month", "documents", "sentences",
              "events", "actors", "with place", "places", "by event date");
  std::printf("%s\n", std::string(84, '-').c_str());
  auto line = [](const std::string& label, const MonthStats& row) {
    std::printf("%-8s %10lld %10lld %8lld %7lld %11lld %7lld %15lld\n", label.c_str(),
                static_cast<long long>(row.documents), static_cast<long long>(row.sentences),
                static_cast<long long>(row.events), static_cast<long long>(row.actors),
                static_cast<long long>(row.events_with_place), static_cast<long long>(row.places),
                static_cast<long long>(row.events_by_event_date));
  };
  for (const MonthStats& row : stats.months) line(row.month.empty() ? "undated" : row.month, row);
  std::printf("%s\n", std::string(84, '-').c_str());
  line("total", stats.total);
  std::fflush(stdout);
}

void write_stats_csv(const MonthlyStats& stats) {
  for (size_t column_idx = 0; column_idx < std::size(kColumns); ++column_idx) {
    std::cout << (column_idx > 0 ? "," : "") << kColumns[column_idx];
  }
  std::cout << '\n';
  auto line = [](const std::string& label, const MonthStats& row) {
    std::cout << label;
    for (int64_t count : counts_of(row)) std::cout << ',' << count;
    std::cout << '\n';
  };
  // The undated row has an empty month; the totals row says "total".
  for (const MonthStats& row : stats.months) line(row.month, row);
  line("total", stats.total);
}

void write_stats_json(const MonthlyStats& stats) {
  using ojson = nlohmann::ordered_json;
  auto object = [](const MonthStats& row, bool with_month) {
    ojson out;
    if (with_month) out["month"] = row.month.empty() ? ojson(nullptr) : ojson(row.month);
    std::vector<int64_t> counts = counts_of(row);
    for (size_t count_idx = 0; count_idx < counts.size(); ++count_idx) {
      out[kColumns[count_idx + 1]] = counts[count_idx];
    }
    return out;
  };
  ojson months = ojson::array();
  for (const MonthStats& row : stats.months) months.push_back(object(row, true));
  ojson out = {{"month_of", "document date"},
               {"months", std::move(months)},
               {"total", object(stats.total, false)}};
  std::cout << out.dump() << '\n';
}

}  // namespace

std::function<int()> add_stats(CLI::App& app) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* command = app.add_subcommand(
      "stats",
      "What the database holds, per month and in total: documents, sentences, events, distinct "
      "actor codes mentioned, events with a resolved place and distinct places. Months are those "
      "of the document (publication) date, which every row's contents share, so the rows add up "
      "(\"undated\": documents without a date); events_by_event_date counts apart the events whose "
      "own date (to the day or month) falls in the month.");
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  return [options] {
    std::unique_ptr<Store> store = open_existing_store(options->db);
    if (!store) return kExitUsage;
    auto stats = store->monthly_stats();
    if (!stats.ok()) {
      std::cerr << "chronicle: stats failed: " << stats.error().message() << "\n";
      return kExitUsage;
    }
    if (options->format == "csv") {
      write_stats_csv(stats.value());
    } else if (options->format == "json") {
      write_stats_json(stats.value());
    } else {
      write_stats_table(stats.value());
    }
    return kExitOk;
  };
}

}  // namespace chronicle::cli
