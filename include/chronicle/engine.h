// Chronicle: the analysis engine.
//
// An Engine holds the loaded dictionaries, tables and gazetteer; it is immutable after `create`
// and `analyze` may be called from many threads at once. Usage:
//
//   auto engine = chronicle::Engine::create({});            // default resource paths
//   if (!engine.ok()) { std::cerr << engine.error().message(); return 2; }
//   chronicle::Analysis analysis = engine.value()->analyze(document);
//   for (const chronicle::Event& event : analysis.events) ...
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/known_people.h"
#include "chronicle/status.h"

namespace chronicle {

struct EngineOptions {
  // Our dictionaries and tables (the repo's data/). Empty: $CHRONICLE_DATA, else the path
  // compiled in at build time.
  std::string data_dir;
  // Files generated at install time (gazetteer.tsv, countries.txt). Empty: $CHRONICLE_BUILD_DATA,
  // else the path compiled in at build time.
  std::string generated_dir;
  // WordNet's dict directory. Empty: $CHRONICLE_WORDNET, else /usr/share/wordnet.
  std::string wordnet_dir;
  // The trained language models (tagger.chm, parser.chm, ner.chm). Empty: $CHRONICLE_MODELS,
  // else the repo's models/ compiled in at build time. A model file that is absent is skipped
  // and the rule-based stages work alone; one that is present but fails to load (corrupt,
  // truncated, another format version, failed self-test) makes `create` fail naming the file.
  std::string models_dir;
  // false: run without the trained models even when they are present.
  bool use_models = true;

  // PETRARCH/TABARI CAMEO dictionaries (docs/petrarch.md). Empty: not used. Otherwise a directory
  // holding a verbs file (*.verbs.txt or PETRARCH2's CAMEO*.txt), actors files (*.actors.txt),
  // and optionally an agents and a discards file; an unreadable or malformed one makes `create`
  // fail naming the file and line.
  std::string dictionaries_dir;
  // Selects the files of one set in `dictionaries_dir` by name prefix ("PETR.Validate"). Empty:
  // every file except those starting with "PETR." (PETRARCH's validation dictionaries).
  std::string dictionaries_set;
  enum class DictionariesMode {
    // Our actors and patterns code first; the PETRARCH coder then codes the verbs ours left
    // uncoded (a verb that triggered one of our events is not coded again).
    kAlongside,
    // The PETRARCH dictionaries replace our actor mentions and verb patterns: only the PETRARCH
    // coder codes events (the tokenizer, tagger, parser, entities, dates and places still run).
    kInstead,
  };
  DictionariesMode dictionaries_mode = DictionariesMode::kAlongside;
  // PETRARCH's require_dyad: code only events with both a source and a target (its default). false
  // keeps the others with "---" for the missing side.
  bool require_dyad = true;
};

class Stage;

class Engine {
 public:
  // Loads every resource; the error names the file that failed and why.
  static Result<std::unique_ptr<Engine>> create(const EngineOptions& options);
  ~Engine();

  // Runs the whole pipeline on one document. Thread-safe.
  Analysis analyze(const Document& document) const;
  // The same, also recognising people that earlier reports introduced (chronicle/known_people.h:
  // the store's actor registry keeps them), under other spellings and without their title. The
  // analysis then depends on what was registered before: a report read before the one that
  // introduced a person is not read again. `known_people` must not change during the call.
  Analysis analyze(const Document& document, const KnownPeople& known_people) const;
  // Names of the pipeline stages in order.
  std::vector<std::string> stage_names() const;
  // What loading skipped without failing, each "file:line: what" (lines of PETRARCH dictionaries
  // that PETRARCH itself passes over: docs/petrarch.md). Empty for our own data files.
  const std::vector<std::string>& load_warnings() const { return load_warnings_; }

 private:
  Engine();
  struct Resources;
  std::unique_ptr<Resources> resources_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::vector<std::string> load_warnings_;
};

}  // namespace chronicle
