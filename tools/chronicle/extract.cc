// chronicle extract: analyse documents without a database and print their events.
#include <iostream>
#include <memory>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct ExtractOptions {
  InputOptions input;
  std::string format = "jsonl";
};

EventRecord make_record(const Document& document, const Analysis& analysis, const Event& event) {
  EventRecord record;
  record.doc_id = document.id;
  record.doc_date = document.date;
  record.doc_source = document.source;
  record.doc_url = document.url;
  record.sentence_text = std::string(analysis.sentence_text(document.text, event.sentence));
  record.event = event;
  return record;
}

int run_extract(const ExtractOptions& options) {
  std::unique_ptr<Engine> engine = make_engine(options.input);
  if (!engine) return kExitUsage;
  InputTally tally;
  size_t events = 0;
  std::vector<EventRecord> table_rows;
  if (options.format == "tsv") write_tsv_header(std::cout);
  bool finished = read_inputs(options.input, &tally, [&](Document&& document) {
    Analysis analysis = engine->analyze(document);
    for (const Event& event : analysis.events) {
      ++events;
      EventRecord record = make_record(document, analysis, event);
      if (options.format == "jsonl") {
        std::cout << event_to_json(record) << '\n';
      } else if (options.format == "tsv") {
        write_tsv_row(std::cout, record);
      } else {
        table_rows.push_back(std::move(record));
      }
    }
  });
  if (options.format == "table") write_table(std::cout, table_rows);
  std::cout.flush();
  std::cerr << "chronicle extract: " << tally.documents << " documents, " << events << " events, "
            << tally.skipped << " inputs skipped\n";
  if (!finished) return kExitSkipped;
  return tally.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace

std::function<int()> add_extract(CLI::App& app) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* command = app.add_subcommand(
      "extract", "Analyse documents without a database and print the events found.");
  add_input_options(command, &options->input);
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"jsonl", "tsv", "table"}))
      ->capture_default_str();
  return [options] { return run_extract(*options); };
}

}  // namespace chronicle::cli
