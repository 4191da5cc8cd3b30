#include "chronicle/engine.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "actors/actors.h"
#include "engine/stage.h"
#include "events/cameo.h"
#include "events/coder.h"
#include "events/petrarch_coder.h"
#include "geo/gazetteer.h"
#include "lexicon/actor_dictionary.h"
#include "lexicon/petrarch_dictionaries.h"
#include "models/stages.h"
#include "text/text.h"
#include "time/dates.h"

#ifndef CHRONICLE_DATA_DIR
#define CHRONICLE_DATA_DIR "data"
#endif
#ifndef CHRONICLE_MODELS_DIR
#define CHRONICLE_MODELS_DIR "models"
#endif
#ifndef CHRONICLE_GENERATED_DIR
#define CHRONICLE_GENERATED_DIR "build/generated"
#endif

namespace chronicle {

namespace fs = std::filesystem;

// Loaded resources; stages keep references into them, so they live as long as the engine.
struct Engine::Resources {
  std::unique_ptr<lexicon::ActorDictionary> actors;
  std::unique_ptr<geo::Gazetteer> gazetteer;
  std::unique_ptr<events::CameoTable> cameo;
  std::unique_ptr<events::PatternSet> patterns;
  events::ModalityCues cues;
  std::unique_ptr<models::Tagger> tagger;
  std::unique_ptr<models::Parser> parser;
  std::unique_ptr<models::EntityModel> entity_model;
  std::unique_ptr<lexicon::PetrarchDictionaries> petrarch;  // when EngineOptions::dictionaries_dir
};

namespace {

std::string pick_path(const std::string& given, const char* environment, const char* built_in) {
  if (!given.empty()) return given;
  if (const char* value = std::getenv(environment); value != nullptr && *value != '\0') {
    return value;
  }
  return built_in;
}

// The actor files in load order: generated country facts first, so that our files may extend
// them, then our countries, organisations, groups and people files.
std::vector<std::string> actor_files(const fs::path& data_dir, const fs::path& generated_dir) {
  std::vector<std::string> files = {(generated_dir / "countries.txt").string()};
  for (const char* name : {"countries.txt", "organisations.txt", "groups.txt"}) {
    files.push_back((data_dir / "actors" / name).string());
  }
  std::vector<std::string> people;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(data_dir / "actors", error)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("people") && name.ends_with(".txt")) people.push_back(entry.path().string());
  }
  std::sort(people.begin(), people.end());
  files.insert(files.end(), people.begin(), people.end());
  return files;
}

}  // namespace

Engine::Engine() : resources_(std::make_unique<Resources>()) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(const EngineOptions& options) {
  fs::path data_dir = pick_path(options.data_dir, "CHRONICLE_DATA", CHRONICLE_DATA_DIR);
  fs::path generated_dir =
      pick_path(options.generated_dir, "CHRONICLE_BUILD_DATA", CHRONICLE_GENERATED_DIR);
  std::string wordnet_dir = pick_path(options.wordnet_dir, "CHRONICLE_WORDNET", "/usr/share/wordnet");

  std::unique_ptr<Engine> engine(new Engine());
  Resources& resources = *engine->resources_;

  auto lemmatizer = text::Lemmatizer::load(wordnet_dir);
  if (!lemmatizer.ok()) return lemmatizer.error();

  auto actors = lexicon::ActorDictionary::load(actor_files(data_dir, generated_dir),
                                               (data_dir / "actors" / "agents.txt").string(),
                                               (data_dir / "actors" / "sectors.txt").string());
  if (!actors.ok()) return actors.error();
  resources.actors = std::move(actors).value();

  auto gazetteer = geo::Gazetteer::load((generated_dir / "gazetteer.tsv").string(),
                                        (data_dir / "places.txt").string());
  if (!gazetteer.ok()) return gazetteer.error();
  resources.gazetteer = std::move(gazetteer).value();

  auto cameo = events::CameoTable::load((data_dir / "cameo.tsv").string());
  if (!cameo.ok()) return cameo.error();
  resources.cameo = std::move(cameo).value();

  auto patterns = events::PatternSet::load((data_dir / "verbs.txt").string(), *resources.cameo);
  if (!patterns.ok()) return patterns.error();
  resources.patterns = std::move(patterns).value();

  auto cues = events::ModalityCues::load((data_dir / "modality.txt").string());
  if (!cues.ok()) return cues.error();
  resources.cues = std::move(cues).value();

  if (!options.dictionaries_dir.empty()) {
    auto petrarch = lexicon::PetrarchDictionaries::load(options.dictionaries_dir, options.dictionaries_set);
    if (!petrarch.ok()) return petrarch.error();
    resources.petrarch = std::move(petrarch).value();
    engine->load_warnings_ = resources.petrarch->warnings;
  }

  if (options.use_models) {
    fs::path models_dir = pick_path(options.models_dir, "CHRONICLE_MODELS", CHRONICLE_MODELS_DIR);
    // Absent files are skipped; present but broken ones are errors.
    auto present = [&](const char* name) { return fs::exists(models_dir / name); };
    if (present("tagger.chm")) {
      auto tagger = models::Tagger::load((models_dir / "tagger.chm").string());
      if (!tagger.ok()) return tagger.error();
      resources.tagger = std::make_unique<models::Tagger>(std::move(tagger).value());
    }
    if (present("parser.chm")) {
      auto parser = models::Parser::load((models_dir / "parser.chm").string());
      if (!parser.ok()) return parser.error();
      resources.parser = std::make_unique<models::Parser>(std::move(parser).value());
    }
    if (present("ner.chm")) {
      auto entity_model = models::EntityModel::load((models_dir / "ner.chm").string());
      if (!entity_model.ok()) return entity_model.error();
      resources.entity_model = std::make_unique<models::EntityModel>(std::move(entity_model).value());
    }
  }

  // The pipeline, in the one direction data flows.
  auto& stages = engine->stages_;
  stages.push_back(std::make_unique<text::Tokenizer>());
  // The tagger's lemmas are UD lemmas chosen with the word's tag; WordNet's are the fallback
  // when no tagger model is installed.
  if (resources.tagger) {
    stages.push_back(std::make_unique<models::TaggerStage>(*resources.tagger));
    if (resources.parser) stages.push_back(std::make_unique<models::ParserStage>(*resources.parser));
  } else {
    stages.push_back(std::move(lemmatizer).value());
  }
  stages.push_back(std::make_unique<actors::EntityRecognizer>(*resources.actors,
                                                               resources.entity_model.get()));
  // With PETRARCH dictionaries "instead" of ours, our actor and pattern stages stand aside.
  const bool ours = !resources.petrarch ||
                    options.dictionaries_mode == EngineOptions::DictionariesMode::kAlongside;
  if (ours) stages.push_back(std::make_unique<actors::ActorRecognizer>(*resources.actors));
  stages.push_back(std::make_unique<time::DateRecognizer>());
  stages.push_back(std::make_unique<geo::PlaceRecognizer>(*resources.gazetteer));
  if (ours) {
    stages.push_back(std::make_unique<events::PatternCoder>(*resources.cameo, *resources.patterns,
                                                            resources.cues));
  }
  if (resources.petrarch) {
    stages.push_back(std::make_unique<events::PetrarchCoder>(
        *resources.petrarch, *resources.cameo, events::PetrarchCoderOptions{options.require_dyad}));
  }
  return engine;
}

Analysis Engine::analyze(const Document& document) const {
  Analysis analysis;
  for (const auto& stage : stages_) stage->process(document, analysis);
  return analysis;
}

Analysis Engine::analyze(const Document& document, const KnownPeople& known_people) const {
  Analysis analysis;
  AnalysisContext context;
  context.known_people = &known_people;
  for (const auto& stage : stages_) stage->run(document, analysis, context);
  return analysis;
}

std::vector<std::string> Engine::stage_names() const {
  std::vector<std::string> names;
  for (const auto& stage : stages_) names.emplace_back(stage->name());
  return names;
}

}  // namespace chronicle
