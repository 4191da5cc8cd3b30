// Runs PETRARCH's unit-test records through Chronicle with PETRARCH's validation dictionaries and
// prints, per category, how many records Chronicle codes exactly as PETRARCH expects.
//
//   petrarch_conformance [--records FILE] [--dictionaries DIR] [--set PREFIX] [--failures]
//   petrarch_conformance --load [--dictionaries DIR] [--set PREFIX] [--warnings]
//
// --load only loads a dictionary set (default: the production set, CAMEO.2.0 + Phoenix) and prints
// what was read, the lines skipped with a warning and the time taken.
// Defaults: ../shared/data/petrarch2/validation/PETR.UnitTest.records.xml and
// ../shared/data/petrarch2/dictionaries with the "PETR.Validate" set. --failures lists every record
// that does not match, with what was expected and what was coded.
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>

#include "engine/petrarch_validation.h"
#include "lexicon/petrarch_dictionaries.h"

int main(int argc, char** argv) {
  std::string shared = CHRONICLE_SHARED_DIR;
  std::string records = shared + "/data/petrarch2/validation/PETR.UnitTest.records.xml";
  std::string dictionaries = shared + "/data/petrarch2/dictionaries";
  std::string set = "PETR.Validate";
  bool failures = false;
  bool load_only = false;
  bool show_warnings = false;
  bool set_given = false;
  for (int arg = 1; arg < argc; ++arg) {
    std::string flag = argv[arg];
    auto value = [&]() -> std::string {
      if (arg + 1 >= argc) {
        std::cerr << "petrarch_conformance: " << flag << " needs a value\n";
        std::exit(2);
      }
      return argv[++arg];
    };
    if (flag == "--records") {
      records = value();
    } else if (flag == "--dictionaries") {
      dictionaries = value();
    } else if (flag == "--set") {
      set = value();
      set_given = true;
    } else if (flag == "--load") {
      load_only = true;
    } else if (flag == "--warnings") {
      show_warnings = true;
    } else if (flag == "--failures") {
      failures = true;
    } else {
      std::cerr << "usage: petrarch_conformance [--records FILE] [--dictionaries DIR] [--set "
                   "PREFIX] [--failures]\n"
                   "       petrarch_conformance --load [--dictionaries DIR] [--set PREFIX] "
                   "[--warnings]\n";
      return 2;
    }
  }
  if (load_only) {
    if (!set_given) set.clear();
    auto start = std::chrono::steady_clock::now();
    auto loaded = chronicle::lexicon::PetrarchDictionaries::load(dictionaries, set);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!loaded.ok()) {
      std::cerr << "petrarch_conformance: " << loaded.error().message() << "\n";
      return 2;
    }
    const auto& dicts = *loaded.value();
    for (const std::string& path : dicts.files) std::cout << "file      " << path << "\n";
    std::cout << "verbs     " << dicts.verbs->blocks().size() << " blocks, "
              << dicts.verbs->form_count() << " verb forms, " << dicts.verbs->pattern_count()
              << " patterns, " << dicts.verbs->synsets().size() << " synsets\n"
              << "actors    " << dicts.actors->actors().size() << " actors, "
              << dicts.actors->name_count() << " names\n"
              << "agents    " << dicts.agents->agents().size() << " agents, "
              << dicts.agents->name_count() << " phrases with plurals\n"
              << "discards  " << dicts.discards->size() << " phrases\n"
              << "warnings  " << dicts.warnings.size() << " lines or codes skipped\n"
              << "time      " << seconds << " s\n";
    if (show_warnings) {
      for (const std::string& warning : dicts.warnings) std::cout << "  " << warning << "\n";
    }
    return 0;
  }
  auto file = chronicle::petrarch::read_validation_file(records);
  if (!file.ok()) {
    std::cerr << "petrarch_conformance: " << file.error().message() << "\n";
    return 2;
  }
  chronicle::EngineOptions options;
  options.dictionaries_dir = dictionaries;
  options.dictionaries_set = set;
  options.dictionaries_mode = chronicle::EngineOptions::DictionariesMode::kInstead;
  auto start = std::chrono::steady_clock::now();
  auto report = chronicle::petrarch::run_conformance(file.value(), options);
  if (!report.ok()) {
    std::cerr << "petrarch_conformance: " << report.error().message() << "\n";
    return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures) {
    for (const auto& outcome : report.value().outcomes) {
      if (outcome.matched || !outcome.counted) continue;
      const auto& record = *outcome.record;
      std::cout << record.id << " [" << record.category << "] " << record.text << "\n  expected:";
      if (!record.error.empty()) std::cout << " error=" << record.error;
      if (record.error.empty() && record.expected.empty()) std::cout << " (no events)";
      for (const auto& coding : record.expected)
        std::cout << " {" << chronicle::petrarch::to_string(coding) << "}";
      std::cout << "\n  coded:   ";
      if (outcome.got.empty()) std::cout << " (no events)";
      for (const auto& coding : outcome.got)
        std::cout << " {" << chronicle::petrarch::to_string(coding) << "}";
      std::cout << "\n";
    }
  }
  std::cout << report.value().table();
  std::cerr << "petrarch_conformance: " << report.value().outcomes.size() << " records in "
            << seconds << " s\n";
  return 0;
}
