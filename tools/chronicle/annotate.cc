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
      "mentions, dates, places, events) as one JSON line per document, or the words as CoNLL-U.");
  add_input_options(command, options.get());
  auto format = std::make_shared<std::string>("json");
  command->add_option("--format", *format,
                      "json: every layer, one JSON line per document; conllu: sentences and words "
                      "with lemmas, tags, heads, relations, byte spans and entity labels (CoNLL-U)")
      ->check(CLI::IsMember({"json", "conllu"}))
      ->capture_default_str();
  return [options, format] {
    std::unique_ptr<Engine> engine = make_engine(*options);
    if (!engine) return kExitUsage;
    InputTally tally;
    bool finished = read_inputs(*options, &tally, [&](Document&& document) {
      Analysis analysis = engine->analyze(document);
      if (*format == "conllu") std::cout << analysis_to_conllu(document, analysis);
      else std::cout << analysis_to_json(document, analysis) << '\n';
    });
    std::cout.flush();
    if (!finished || tally.skipped > 0) return kExitSkipped;
    return kExitOk;
  };
}

}  // namespace chronicle::cli
