// chronicle events / chronicle export: read events back from the database.
#include <iostream>
#include <memory>
#include <set>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct EventsOptions {
  EventFilterOptions filters;
  std::string format = "table";
};

void write_records(const std::vector<EventRecord>& records, const std::string& format) {
  if (format == "table") {
    write_table(std::cout, records);
  } else if (format == "jsonl") {
    for (const EventRecord& record : records) std::cout << event_to_json(record) << '\n';
  } else if (format == "json") {
    // One document: the event objects of the JSON Lines format in an array.
    std::cout << "{\"count\":" << records.size() << ",\"events\":[";
    for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
      if (record_idx > 0) std::cout << ',';
      std::cout << event_to_json(records[record_idx]);
    }
    std::cout << "]}\n";
  } else if (format == "csv") {
    write_csv_header(std::cout);
    for (const EventRecord& record : records) write_csv_row(std::cout, record);
  } else if (format == "tsv") {
    write_tsv_header(std::cout);
    for (const EventRecord& record : records) write_tsv_row(std::cout, record);
  } else if (format == "gdelt") {
    // GDELT's event table has one row per happening: the first listed mention of each.
    std::set<int64_t> written;
    for (const EventRecord& record : records) {
      if (record.merge.merged_id != 0 && !written.insert(record.merge.merged_id).second) continue;
      write_gdelt_row(std::cout, record);
    }
  } else if (format == "plover") {
    for (const EventRecord& record : records) std::cout << event_to_plover_json(record) << '\n';
  }
}

}  // namespace

std::function<int()> add_events(CLI::App& app) {
  auto options = std::make_shared<EventsOptions>();
  CLI::App* command = app.add_subcommand(
      "events",
      "Query stored events, in date order (undated last). Filters combine (AND); --text uses the "
      "full-text index of sentences, --min-sources the events merged across reports.");
  add_event_filters(command, &options->filters);
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "jsonl", "json", "csv", "tsv", "gdelt", "plover"}))
      ->capture_default_str();
  return [options] {
    if (!finish_event_filters(&options->filters)) return kExitUsage;
    std::unique_ptr<Store> store = open_existing_store(options->filters.db);
    if (!store) return kExitUsage;
    auto records = store->events(options->filters.query);
    if (!records.ok()) {
      std::cerr << "chronicle: query failed: " << records.error().message() << "\n";
      return kExitUsage;
    }
    write_records(records.value(), options->format);
    return kExitOk;
  };
}

std::function<int()> add_export(CLI::App& app) {
  auto db = std::make_shared<std::string>("chronicle.db");
  auto format = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "export",
      "Write the stored events: GDELT 2.0 event table (61 columns, one row per happening merged "
      "across reports), GDELT 2.0 mentions table (one row per mention of a happening), or every "
      "event as JSON Lines, CSV or PLOVER JSON Lines.");
  command->add_option("--db", *db, "database file")->capture_default_str();
  command->add_option("--format", *format, "gdelt, gdelt-mentions, jsonl, csv or plover")
      ->required()
      ->check(CLI::IsMember({"gdelt", "gdelt-mentions", "jsonl", "csv", "plover"}));
  return [db, format] {
    std::unique_ptr<Store> store = open_existing_store(*db);
    if (!store) return kExitUsage;
    if (*format == "csv") write_csv_header(std::cout);
    EventQuery query;
    // GDELT's event table holds happenings, its mentions table their mentions; negated events,
    // which never merge, are in neither (they are in the JSON, CSV and PLOVER exports, flagged).
    if (*format == "gdelt") query.representatives_only = true;
    if (*format == "gdelt-mentions") query.min_sources = 1;
    Status status = store->for_each_event(query, [&](const EventRecord& record) {
      if (*format == "gdelt") {
        write_gdelt_row(std::cout, record);
      } else if (*format == "gdelt-mentions") {
        write_gdelt_mention_row(std::cout, record);
      } else if (*format == "jsonl") {
        std::cout << event_to_json(record) << '\n';
      } else if (*format == "plover") {
        std::cout << event_to_plover_json(record) << '\n';
      } else {
        write_csv_row(std::cout, record);
      }
    });
    if (!status.ok()) {
      std::cerr << "chronicle: export failed: " << status.message() << "\n";
      return kExitUsage;
    }
    return kExitOk;
  };
}

}  // namespace chronicle::cli
