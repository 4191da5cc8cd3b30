#include <iostream>

#include "commands.h"

namespace chronicle::cli {

bool is_iso_date(const std::string& value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return false;
  for (size_t idx : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(value[idx]))) return false;
  }
  int year = std::stoi(value.substr(0, 4));
  int month = std::stoi(value.substr(5, 2));
  int day = std::stoi(value.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

void add_input_options(CLI::App* command, InputOptions* options) {
  command->add_option("PATH", options->paths, "files, directories (recursive) or - for stdin")
      ->required();
  command
      ->add_option("--date", options->date,
                   "date of documents whose metadata has none (YYYY-MM-DD); relative dates "
                   "(\"last week\") resolve against it")
      ->check([](const std::string& value) {
        return is_iso_date(value) ? std::string() : "expected a date YYYY-MM-DD, got " + value;
      });
  command->add_flag("--strict", options->strict, "stop with status 1 at the first bad input");
  command->add_option("--data", options->data_dir,
                      "directory of Chronicle's dictionaries (default: the installed data/)");
  command->add_option("--dictionaries", options->petrarch_dir,
                      "directory of PETRARCH/TABARI CAMEO dictionaries (verbs, actors, agents, "
                      "discards; docs/petrarch.md)")
      ->check(CLI::ExistingDirectory);
  command->add_option("--dictionaries-set", options->petrarch_set,
                      "load the files of --dictionaries whose name starts with this prefix "
                      "(default: all but PETR.*)");
  command->add_option("--dictionaries-mode", options->petrarch_mode,
                      "alongside: our coder and PETRARCH's both code; instead: PETRARCH's only")
      ->check(CLI::IsMember({"alongside", "instead"}))
      ->capture_default_str();
  command->add_flag("--no-models", options->no_models,
                    "run without the trained tagger, parser and entity model: about eight times "
                    "faster, coding by word order alone (fewer and less precise events)");
}

std::unique_ptr<Engine> make_engine(const InputOptions& options) {
  EngineOptions engine_options;
  engine_options.data_dir = options.data_dir;
  engine_options.use_models = !options.no_models;
  engine_options.dictionaries_dir = options.petrarch_dir;
  engine_options.dictionaries_set = options.petrarch_set;
  engine_options.dictionaries_mode = options.petrarch_mode == "instead"
                                         ? EngineOptions::DictionariesMode::kInstead
                                         : EngineOptions::DictionariesMode::kAlongside;
  auto engine = Engine::create(engine_options);
  if (!engine.ok()) {
    std::cerr << "chronicle: cannot start the engine: " << engine.error().message() << "\n";
    return nullptr;
  }
  for (const std::string& warning : engine.value()->load_warnings()) {
    std::cerr << "chronicle: dictionary line skipped: " << warning << "\n";
  }
  return std::move(engine).value();
}

bool read_inputs(const InputOptions& options, InputTally* tally,
                 const std::function<void(Document&&)>& on_document) {
  ReadOptions read_options;
  read_options.default_date = options.date;
  bool stopped = false;
  for (const std::string& path : options.paths) {
    if (stopped) break;
    read_path(
        path, read_options,
        [&](Document&& document) {
          if (stopped) return;
          ++tally->documents;
          on_document(std::move(document));
        },
        [&](Diagnostic&& diagnostic) {
          if (stopped) return;
          ++tally->skipped;
          std::string message = diagnostic.str();
          std::cerr << "chronicle: skipped " << message << "\n";
          if (tally->skip_reasons.size() < 5) tally->skip_reasons.push_back(message);
          if (options.strict) stopped = true;
        });
  }
  return !stopped;
}

}  // namespace chronicle::cli
