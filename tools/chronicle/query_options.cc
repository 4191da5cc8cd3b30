// The event filters and helpers shared by the query commands (events, timeline, network): one
// definition per flag, so that the commands filter alike and their --help agree.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "commands.h"

namespace chronicle::cli {

void add_event_filters(CLI::App* command, EventFilterOptions* options) {
  EventQuery& query = options->query;
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_option("--actor", query.actor,
                      "source or target: CAMEO code prefix (RUS, RUSMIL) or name");
  command
      ->add_option("--between", options->between,
                   "events between two actors, either direction: one side matches A, the other "
                   "B (each a code prefix or name, as --actor)")
      ->expected(2)
      ->type_name("A B");
  command->add_option("--code", query.code, "CAMEO event code (042), or prefix (04*)");
  command->add_option("--root", query.root, "CAMEO root code (01-20)")
      ->check([](const std::string& value) {
        bool ok = value.size() == 2 && std::isdigit(static_cast<unsigned char>(value[0])) &&
                  std::isdigit(static_cast<unsigned char>(value[1])) && value >= "01" &&
                  value <= "20";
        return ok ? std::string() : "expected a two-digit root 01-20, got " + value;
      });
  command
      ->add_option("--quad", query.quad_class,
                   "quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                   "4 material conflict")
      ->check(CLI::Range(1, 4));
  auto date_check = [](const std::string& value) {
    return is_iso_date(value) ? std::string() : "expected a date YYYY-MM-DD, got " + value;
  };
  command->add_option("--from", query.from, "events on or after (YYYY-MM-DD)")->check(date_check);
  command->add_option("--to", query.to, "events on or before (YYYY-MM-DD)")->check(date_check);
  command->add_option("--place", query.place, "place name contains");
  command->add_option("--text", query.text,
                      "the event's sentence contains these words, in order (full-text search: "
                      "whole words, case- and accent-insensitive)");
  command
      ->add_option("--min-sources", query.min_sources,
                   "the event's happening (merged across reports) was reported by at least N "
                   "independent sources; events never merged are left out")
      ->type_name("N")
      ->check([](const std::string& value) {
        int64_t sources = 0;
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), sources);
        bool ok = error == std::errc() && end == value.data() + value.size() && sources >= 1;
        return ok ? std::string() : "expected a number of sources, 1 or more, got " + value;
      });
  // Two flags per event flag rather than one with a value: --hedged reads as what it keeps.
  CLI::Option* hedged = command->add_flag("--hedged", options->hedged, "only hedged events");
  CLI::Option* not_hedged =
      command->add_flag("--not-hedged", options->not_hedged, "only events not hedged");
  hedged->excludes(not_hedged);
  CLI::Option* negated = command->add_flag("--negated", options->negated, "only negated events");
  CLI::Option* not_negated =
      command->add_flag("--not-negated", options->not_negated, "only events not negated");
  negated->excludes(not_negated);
  command->add_option("--limit", query.limit, "at most N rows (0: all)")->capture_default_str();
}

bool finish_event_filters(EventFilterOptions* options) {
  EventQuery& query = options->query;
  if (!options->between.empty()) {
    // The parser takes exactly two values per --between; a repeated --between adds two more.
    if (options->between.size() != 2) {
      std::cerr << "chronicle: --between takes one pair of actors (A B), got "
                << options->between.size() << " values\n";
      return false;
    }
    query.between_a = options->between[0];
    query.between_b = options->between[1];
    if (query.between_a.empty() || query.between_b.empty()) {
      std::cerr << "chronicle: --between needs two non-empty actors\n";
      return false;
    }
  }
  if (!query.from.empty() && !query.to.empty() && query.from > query.to) {
    std::cerr << "chronicle: --from " << query.from << " is after --to " << query.to << "\n";
    return false;
  }
  if (options->hedged) query.hedged = true;
  if (options->not_hedged) query.hedged = false;
  if (options->negated) query.negated = true;
  if (options->not_negated) query.negated = false;
  return true;
}

std::unique_ptr<Store> open_existing_store(const std::string& path) {
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

std::string csv_quote(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace chronicle::cli
