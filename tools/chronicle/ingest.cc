// chronicle ingest: store documents, sentences, actor mentions and events in the database.
#include <chrono>
#include <iostream>
#include <memory>

#include "commands.h"

namespace chronicle::cli {
namespace {

struct IngestOptions {
  InputOptions input;
  std::string db = "chronicle.db";
  bool quiet = false;
};

int run_ingest(const IngestOptions& options) {
  auto store = Store::open(options.db);
  if (!store.ok()) {
    std::cerr << "chronicle: cannot open database: " << store.error().message() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<Engine> engine = make_engine(options.input);
  if (!engine) return kExitUsage;
  // People that earlier reports introduced with a title (the actor registry) are recognised in
  // later ones; each document stored may register more, which the next one already knows.
  KnownPeople known_people;
  int64_t registry_revision = 0;
  auto learn_people = [&]() {
    auto update = store.value()->known_people(registry_revision);
    if (!update.ok()) {
      std::cerr << "chronicle: cannot read the actor registry: " << update.error().message()
                << "\n";
      return false;
    }
    for (KnownPerson& person : update.value().people) known_people.add(std::move(person));
    registry_revision = update.value().revision;
    return true;
  };
  if (!learn_people()) return kExitUsage;
  InputTally tally;
  size_t stored = 0, already = 0, failed = 0, sentences = 0, events = 0;
  auto started = std::chrono::steady_clock::now();
  auto last_progress = started;
  bool finished = read_inputs(options.input, &tally, [&](Document&& document) {
    Analysis analysis = engine->analyze(document, known_people);
    auto added = store.value()->add(document, analysis);
    if (added.ok() && added.value() && !learn_people()) ++failed;
    if (!added.ok()) {
      ++failed;
      std::cerr << "chronicle: could not store " << document.id << ": " << added.error().message()
                << "\n";
    } else if (added.value()) {
      ++stored;
      sentences += analysis.sentences.size();
      events += analysis.events.size();
    } else {
      ++already;
    }
    auto now = std::chrono::steady_clock::now();
    if (!options.quiet && now - last_progress > std::chrono::seconds(2)) {
      last_progress = now;
      double seconds = std::chrono::duration<double>(now - started).count();
      std::cerr << "\r" << tally.documents << " documents, " << events << " events ("
                << static_cast<int>(tally.documents / seconds) << " documents/s)" << std::flush;
    }
  });
  if (!options.quiet && std::chrono::steady_clock::now() - started > std::chrono::seconds(2)) {
    std::cerr << "\n";
  }
  std::cerr << "chronicle ingest: " << tally.documents << " documents read, " << stored
            << " stored, " << already << " already stored; " << sentences << " sentences, "
            << events << " events; " << (tally.skipped + failed) << " skipped";
  if (!tally.skip_reasons.empty()) {
    std::cerr << " (";
    for (size_t idx = 0; idx < tally.skip_reasons.size(); ++idx) {
      std::cerr << (idx ? "; " : "") << tally.skip_reasons[idx];
    }
    if (tally.skipped > tally.skip_reasons.size()) std::cerr << "; ...";
    std::cerr << ")";
  }
  std::cerr << "\n";
  if (!finished) return kExitSkipped;
  return tally.skipped + failed > 0 ? kExitSkipped : kExitOk;
}

}  // namespace

std::function<int()> add_ingest(CLI::App& app) {
  auto options = std::make_shared<IngestOptions>();
  CLI::App* command = app.add_subcommand(
      "ingest",
      "Analyse documents and store them with their sentences, actor mentions and events. "
      "Content already stored is not added again; each document is one transaction.");
  add_input_options(command, &options->input);
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_flag("--quiet,-q", options->quiet, "no progress line");
  return [options] { return run_ingest(*options); };
}

}  // namespace chronicle::cli
