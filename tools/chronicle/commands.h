// The chronicle command line: one file per subcommand, all over the library's public API.
//
// Exit status (a contract, like ripgrep's): 0 when every input was processed, 1 when some input
// was skipped (everything else is still processed and printed), 2 on bad usage or when the engine
// or database cannot be opened.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/engine.h"
#include "chronicle/reader.h"
#include "chronicle/store.h"

namespace chronicle::cli {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitUsage = 2;

// Options shared by the commands that read documents.
struct InputOptions {
  std::vector<std::string> paths;
  std::string date;    // --date: default document date
  bool strict = false;  // --strict: stop at the first bad input
  std::string data_dir;  // --data: dictionaries directory
  std::string petrarch_dir;            // --dictionaries: PETRARCH/TABARI dictionaries directory
  std::string petrarch_set;            // --dictionaries-set: file-name prefix of one set in it
  std::string petrarch_mode = "alongside";  // --dictionaries-mode: alongside | instead
  bool no_models = false;              // --no-models: rule stages only
};

// Counts what happened to the inputs, for the summary line and the exit status.
struct InputTally {
  size_t documents = 0;
  size_t skipped = 0;
  std::vector<std::string> skip_reasons;  // first few, for the summary
};

// Reads every path, calling `on_document` for good documents and reporting bad input on stderr.
// Returns false when --strict stopped at a bad input.
bool read_inputs(const InputOptions& options, InputTally* tally,
                 const std::function<void(Document&&)>& on_document);

// Creates the engine or prints why it cannot and returns nullptr.
std::unique_ptr<Engine> make_engine(const InputOptions& options);

void add_input_options(CLI::App* command, InputOptions* options);

// Each command registers its flags and returns the function that runs it.
std::function<int()> add_extract(CLI::App& app);
std::function<int()> add_ingest(CLI::App& app);
std::function<int()> add_events(CLI::App& app);
std::function<int()> add_export(CLI::App& app);
std::function<int()> add_annotate(CLI::App& app);
std::function<int()> add_train(CLI::App& app);
std::function<int()> add_eval(CLI::App& app);
std::function<int()> add_serve(CLI::App& app);
std::function<int()> add_duplicates(CLI::App& app);
std::function<int()> add_timeline(CLI::App& app);
std::function<int()> add_network(CLI::App& app);
std::function<int()> add_stats(CLI::App& app);
std::function<int()> add_actors(CLI::App& app);
std::function<int()> add_actor(CLI::App& app);

// The database and event filters shared by `events`, `timeline` and `network`
// (query_options.cc): the flags fill `query` directly, or these fields that
// finish_event_filters() turns into it.
struct EventFilterOptions {
  std::string db = "chronicle.db";
  EventQuery query;
  std::vector<std::string> between;  // --between A B
  bool hedged = false;               // --hedged / --not-hedged / --negated / --not-negated
  bool not_hedged = false;
  bool negated = false;
  bool not_negated = false;
};
// Registers --db, --actor, --between, --code, --root, --quad, --from, --to, --place, --text,
// --min-sources, the flag filters and --limit on `command`.
void add_event_filters(CLI::App* command, EventFilterOptions* options);
// Completes options->query after parsing; prints why and returns false for a combination the
// parser cannot check (--from after --to).
bool finish_event_filters(EventFilterOptions* options);
// Opens an existing database read for queries, or prints why it cannot and returns nullptr.
std::unique_ptr<Store> open_existing_store(const std::string& path);
// One CSV (RFC 4180) field: quoted when it holds a comma, quote or line break; quotes doubled.
std::string csv_quote(std::string_view value);

// YYYY-MM-DD with a real month and day.
bool is_iso_date(const std::string& value);

}  // namespace chronicle::cli
