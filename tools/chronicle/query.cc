// chronicle events / chronicle export: read events back from the database.
#include <filesystem>
#include <iostream>
#include <memory>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct EventsOptions {
  std::string db = "chronicle.db";
  EventQuery query;
  std::string format = "table";
};

std::unique_ptr<Store> open_existing(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    std::cerr << "chronicle: no database at " << path << " (run `chronicle ingest` first)\n";
    return nullptr;
  }
  auto store = Store::open(path);
  if (!store.ok()) {
    std::cerr << "chronicle: cannot open database: " << store.error().message() << "\n";
    return nullptr;
  }
  return std::move(store).value();
}

void write_records(const std::vector<EventRecord>& records, const std::string& format) {
  if (format == "table") {
    write_table(std::cout, records);
  } else if (format == "jsonl") {
    for (const EventRecord& record : records) std::cout << event_to_json(record) << '\n';
  } else if (format == "csv") {
    write_csv_header(std::cout);
    for (const EventRecord& record : records) write_csv_row(std::cout, record);
  } else if (format == "tsv") {
    write_tsv_header(std::cout);
    for (const EventRecord& record : records) write_tsv_row(std::cout, record);
  } else if (format == "gdelt") {
    for (const EventRecord& record : records) write_gdelt_row(std::cout, record);
  } else if (format == "plover") {
    for (const EventRecord& record : records) std::cout << event_to_plover_json(record) << '\n';
  }
}

}  // namespace

std::function<int()> add_events(CLI::App& app) {
  auto options = std::make_shared<EventsOptions>();
  CLI::App* command = app.add_subcommand("events", "Query stored events.");
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_option("--actor", options->query.actor,
                      "source or target: CAMEO code prefix (RUS, RUSMIL) or name");
  command->add_option("--code", options->query.code, "CAMEO event code (042), or prefix (04*)");
  command->add_option("--root", options->query.root, "CAMEO root code (01-20)")
      ->check([](const std::string& value) {
        bool ok = value.size() == 2 && std::isdigit(static_cast<unsigned char>(value[0])) &&
                  std::isdigit(static_cast<unsigned char>(value[1])) && value >= "01" &&
                  value <= "20";
        return ok ? std::string() : "expected a two-digit root 01-20, got " + value;
      });
  auto date_check = [](const std::string& value) {
    return is_iso_date(value) ? std::string() : "expected a date YYYY-MM-DD, got " + value;
  };
  command->add_option("--from", options->query.from, "events on or after (YYYY-MM-DD)")
      ->check(date_check);
  command->add_option("--to", options->query.to, "events on or before (YYYY-MM-DD)")
      ->check(date_check);
  command->add_option("--place", options->query.place, "place name contains");
  command->add_option("--limit", options->query.limit, "at most N events (0: all)");
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "jsonl", "csv", "tsv", "gdelt", "plover"}))
      ->capture_default_str();
  return [options] {
    std::unique_ptr<Store> store = open_existing(options->db);
    if (!store) return kExitUsage;
    auto records = store->events(options->query);
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
      "Write every stored event: GDELT 2.0 event table (61 columns), JSON Lines, CSV or PLOVER "
      "JSON Lines.");
  command->add_option("--db", *db, "database file")->capture_default_str();
  command->add_option("--format", *format, "gdelt, jsonl, csv or plover")
      ->required()
      ->check(CLI::IsMember({"gdelt", "jsonl", "csv", "plover"}));
  return [db, format] {
    std::unique_ptr<Store> store = open_existing(*db);
    if (!store) return kExitUsage;
    if (*format == "csv") write_csv_header(std::cout);
    Status status = store->for_each_event([&](const EventRecord& record) {
      if (*format == "gdelt") {
        write_gdelt_row(std::cout, record);
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
