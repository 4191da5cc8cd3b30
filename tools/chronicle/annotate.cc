// chronicle annotate: the whole analysis of each document as JSON Lines.
#include <iostream>
#include <memory>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {

std::function<int()> add_annotate(CLI::App& app) {
  auto options = std::make_shared<InputOptions>();
  CLI::App* command = app.add_subcommand(
      "annotate",
      "Print every layer of the analysis (sentences, tokens with byte offsets, entities, actor "
      "mentions, dates, places, events) as one JSON line per document.");
  add_input_options(command, options.get());
  return [options] {
    std::unique_ptr<Engine> engine = make_engine(*options);
    if (!engine) return kExitUsage;
    InputTally tally;
    bool finished = read_inputs(*options, &tally, [&](Document&& document) {
      Analysis analysis = engine->analyze(document);
      std::cout << analysis_to_json(document, analysis) << '\n';
    });
    std::cout.flush();
    if (!finished || tally.skipped > 0) return kExitSkipped;
    return kExitOk;
  };
}

}  // namespace chronicle::cli
