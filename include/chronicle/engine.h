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
};

class Stage;

class Engine {
 public:
  // Loads every resource; the error names the file that failed and why.
  static Result<std::unique_ptr<Engine>> create(const EngineOptions& options);
  ~Engine();

  // Runs the whole pipeline on one document. Thread-safe.
  Analysis analyze(const Document& document) const;
  // Names of the pipeline stages in order.
  std::vector<std::string> stage_names() const;

 private:
  Engine();
  struct Resources;
  std::unique_ptr<Resources> resources_;
  std::vector<std::unique_ptr<Stage>> stages_;
};

}  // namespace chronicle
