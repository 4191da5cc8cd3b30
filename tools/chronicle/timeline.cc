// chronicle timeline: events in date order with their evidence (Store::timeline).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct TimelineOptions {
  EventFilterOptions filters;
  bool every_mention = false;
  std::string format = "table";
};

std::string flags_of(const Event& event) {
  std::string flags;
  if (event.negated) flags += 'N';
  if (event.hedged) flags += 'H';
  if (event.attributed_to) flags += 'A';
  return flags;
}

// What a row shows as evidence: the evidence span's words, else the whole sentence.
const std::string& evidence_words(const TimelineEntry& entry) {
  return entry.evidence_text.empty() ? entry.event.record.sentence_text : entry.evidence_text;
}

std::string count_or_dash(int64_t value) { return value == 0 ? "-" : std::to_string(value); }

// The table shows a document id's last path component (ids of files are their paths); CSV and
// JSON keep it whole.
std::string basename(const std::string& doc_id) {
  size_t slash = doc_id.find_last_of('/');
  return slash == std::string::npos ? doc_id : doc_id.substr(slash + 1);
}

void write_timeline_table(const std::vector<TimelineEntry>& entries, bool every_mention) {
  struct Column {
    const char* title;
    size_t width;
  };
  static constexpr Column kColumns[] = {{"date", 10},   {"event", 28},   {"source", 10},
                                        {"target", 10}, {"flags", 5},    {"sources", 7},
                                        {"articles", 8}, {"mentions", 8}, {"doc", 28},
                                        {"sentence", 8}, {"span", 11},   {"evidence", 0}};
  constexpr size_t kEvidenceWidth = 72;
  auto write_line = [](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      if (column_idx > 0) line += "  ";
      size_t width = kColumns[column_idx].width;
      line += table_cell(cells[column_idx], width == 0 ? kEvidenceWidth : width);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << '\n';
  };
  std::vector<std::string> header;
  size_t rule_width = 0;
  for (const Column& column : kColumns) {
    header.push_back(column.title);
    rule_width += (column.width == 0 ? kEvidenceWidth : column.width) + (header.size() > 1 ? 2 : 0);
  }
  write_line(header);
  std::cout << std::string(rule_width, '-') << '\n';
  for (const TimelineEntry& entry : entries) {
    const EventRecord& record = entry.event.record;
    const Event& event = record.event;
    std::string label = event.code;
    if (!event.label.empty()) label += " " + event.label;
    std::string flags = flags_of(event);
    // Mentions: of the happening in every report, and (when grouping) how many matched the query.
    std::string mentions = count_or_dash(record.merge.num_mentions);
    if (!every_mention && entry.matched_mentions > 1) {
      mentions = std::to_string(entry.matched_mentions) + "/" + mentions;
    }
    write_line({event.date.empty() ? "-" : event.date, label,
                event.source ? event.source->actor.code : "-",
                event.target ? event.target->actor.code : "-", flags.empty() ? "-" : flags,
                count_or_dash(record.merge.num_sources), count_or_dash(record.merge.num_articles),
                mentions, basename(record.doc_id), std::to_string(event.sentence),
                std::to_string(event.evidence.begin) + "-" + std::to_string(event.evidence.end),
                evidence_words(entry)});
  }
  std::cout << entries.size() << (every_mention ? " mention" : " happening")
            << (entries.size() == 1 ? "" : "s") << '\n';
}

void write_csv(const std::vector<TimelineEntry>& entries) {
  std::cout << "date,date_precision,code,label,quad_class,goldstein,source,source_name,target,"
               "target_name,negated,hedged,place,doc,doc_date,document,sentence,evidence_begin,"
               "evidence_end,evidence,sentence_text,event_id,merged_id,mentions,sources,articles,"
               "first_seen,last_seen,matched_mentions\n";
  for (const TimelineEntry& entry : entries) {
    const EventRecord& record = entry.event.record;
    const Event& event = record.event;
    const MergeInfo& merge = record.merge;
    char goldstein[16];
    std::snprintf(goldstein, sizeof goldstein, "%.1f", event.goldstein);
    std::vector<std::string> cells = {
        event.date,
        event.date.empty() ? "" : event.date_precision,
        event.code,
        event.label,
        std::to_string(event.quad_class),
        goldstein,
        event.source ? event.source->actor.code : "",
        event.source ? event.source->actor.name : "",
        event.target ? event.target->actor.code : "",
        event.target ? event.target->actor.name : "",
        event.negated ? "1" : "0",
        event.hedged ? "1" : "0",
        event.place ? event.place->place.name : "",
        record.doc_id,
        record.doc_date,
        std::to_string(entry.event.document),
        std::to_string(event.sentence),
        std::to_string(event.evidence.begin),
        std::to_string(event.evidence.end),
        entry.evidence_text,
        record.sentence_text,
        std::to_string(record.id),
        merge.merged_id == 0 ? "" : std::to_string(merge.merged_id),
        merge.merged_id == 0 ? "" : std::to_string(merge.num_mentions),
        merge.merged_id == 0 ? "" : std::to_string(merge.num_sources),
        merge.merged_id == 0 ? "" : std::to_string(merge.num_articles),
        merge.first_seen,
        merge.last_seen,
        std::to_string(entry.matched_mentions)};
    for (size_t cell_idx = 0; cell_idx < cells.size(); ++cell_idx) {
      if (cell_idx > 0) std::cout << ',';
      std::cout << csv_quote(cells[cell_idx]);
    }
    std::cout << '\n';
  }
}

void write_json(const std::vector<TimelineEntry>& entries, bool every_mention) {
  // Each entry is the event object of the JSON contract (docs/event-json.md; "merged" holds the
  // happening's counts) with what the timeline adds.
  using ojson = nlohmann::ordered_json;
  ojson items = ojson::array();
  for (const TimelineEntry& entry : entries) {
    ojson item = ojson::parse(event_to_json(entry.event.record), nullptr, false);
    if (item.is_discarded()) continue;  // event_to_json always writes valid JSON
    item["document"] = entry.event.document;
    item["sentence_span"] = ojson::array({entry.sentence.begin, entry.sentence.end});
    item["evidence_text"] = entry.evidence_text;
    item["matched_mentions"] = entry.matched_mentions;
    items.push_back(std::move(item));
  }
  ojson out = {{"grouping", every_mention ? "mentions" : "happenings"},
               {"count", entries.size()},
               {"entries", std::move(items)}};
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

std::function<int()> add_timeline(CLI::App& app) {
  auto options = std::make_shared<TimelineOptions>();
  CLI::App* command = app.add_subcommand(
      "timeline",
      "Events in date order (dated first, then undated) with their evidence: document, sentence, "
      "byte span and words. By default one row per happening: the mentions of an event merged "
      "across reports are one row, showing the mention from the earliest report among those "
      "matching the filters, with the happening's sources, articles and mentions (matched/all "
      "when several matched); events never merged are a row each. --mentions lists every "
      "mention instead.");
  add_event_filters(command, &options->filters);
  command->add_flag("--mentions", options->every_mention,
                    "one row per mention (stored event) instead of one per happening");
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  return [options] {
    if (!finish_event_filters(&options->filters)) return kExitUsage;
    std::unique_ptr<Store> store = open_existing_store(options->filters.db);
    if (!store) return kExitUsage;
    auto entries = store->timeline(options->filters.query, options->every_mention);
    if (!entries.ok()) {
      std::cerr << "chronicle: timeline failed: " << entries.error().message() << "\n";
      return kExitUsage;
    }
    if (options->format == "csv") {
      write_csv(entries.value());
    } else if (options->format == "json") {
      write_json(entries.value(), options->every_mention);
    } else {
      write_timeline_table(entries.value(), options->every_mention);
    }
    return kExitOk;
  };
}

}  // namespace chronicle::cli
