// Benchmark: named-entity recogniser throughput on one core.
//
//   ner_speed [MODEL [CORPUS.iob2 [SECONDS]]]
//
// Defaults: models/ner.chm and the UNER EWT test set from ../shared. Prints the load time, then
// tokens per second over repeated passes of the corpus for at least SECONDS (default 3), by wall
// and by CPU time: once document by document (EntityModel::recognize_document, the corpus's
// "# newdoc" documents; what the pipeline runs: with document features that is two passes), and
// once sentence by sentence (EntityModel::recognize). Words are given, as the pipeline gives them
// (no tokenisation); when the model reads UPOS tags, the corpus is tagged beforehand with
// models/tagger.chm (tagging is not timed: bench/tagger_speed.cc measures it). The bar: tagger +
// parser + NER together above 50,000 tokens/s, so the recogniser alone should stay well above
// 200,000 tokens/s.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "models/corpus.h"
#include "models/entity_model.h"
#include "models/tagger.h"

#ifndef CHRONICLE_SOURCE_DIR
#define CHRONICLE_SOURCE_DIR "."
#endif

namespace {

// For each sentence of an IOB2 file (as read_entity_corpus counts them), whether a "# newdoc"
// comment precedes it.
std::vector<bool> document_starts(const std::string& path) {
  std::vector<bool> starts;
  std::ifstream in(path);
  std::string line;
  bool in_sentence = false, pending = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      in_sentence = false;
    } else if (line[0] == '#' && line.find('\t') == std::string::npos) {
      if (line.rfind("# newdoc", 0) == 0) pending = true;
    } else if (!in_sentence) {
      in_sentence = true;
      starts.push_back(pending || starts.empty());
      pending = false;
    }
  }
  return starts;
}

struct Document {
  std::vector<std::string_view> words, upos;
  std::vector<uint32_t> ends;
};

// Runs `pass` until `min_seconds` have passed; prints the rates.
void measure(const char* what, size_t tokens_per_pass, double min_seconds, const std::function<size_t()>& pass) {
  using Clock = std::chrono::steady_clock;
  size_t tokens = 0, entities = 0;
  auto start = Clock::now();
  std::clock_t cpu_start = std::clock();
  double elapsed = 0;
  do {
    entities += pass();
    tokens += tokens_per_pass;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  // CPU time as well as wall time: on a shared machine the wall-clock figure drops with the load.
  std::printf("%s: %zu tokens in %.2f s wall, %.2f s CPU: %.0f tokens/s wall, %.0f tokens/s CPU (%zu entities)\n", what,
              tokens, elapsed, cpu, tokens / elapsed, tokens / cpu, entities);
}

}  // namespace

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  std::string model_path = argc > 1 ? argv[1] : std::string(CHRONICLE_SOURCE_DIR) + "/models/ner.chm";
  std::string corpus_path =
      argc > 2 ? argv[2] : std::string(CHRONICLE_SOURCE_DIR) + "/../shared/data/uner-ewt/en_ewt-ud-test.iob2";
  double min_seconds = argc > 3 ? std::stod(argv[3]) : 3.0;

  auto load_start = Clock::now();
  auto model = chronicle::models::EntityModel::load(model_path);
  double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.error().message().c_str());
    return 1;
  }
  auto corpus = chronicle::models::read_entity_corpus(corpus_path);
  if (!corpus.ok()) {
    std::fprintf(stderr, "%s\n", corpus.error().message().c_str());
    return 1;
  }
  std::printf("model %s: loaded in %.1f ms (%zu weights, %zu gazetteer keys, %zu cluster words; UPOS %s, documents %s)\n",
              model_path.c_str(), load_ms, model.value().weights().weights(),
              model.value().extractor().gazetteer().size(), model.value().extractor().clusters().words(),
              model.value().uses_upos() ? "yes" : "no", model.value().uses_document() ? "yes" : "no");

  // UPOS tags, when the model reads them: names owned by the tagger, so views stay valid.
  chronicle::models::Tagger tagger;
  std::vector<std::vector<std::string_view>> tags(corpus.value().size());
  if (model.value().uses_upos()) {
    auto loaded = chronicle::models::Tagger::load(std::string(CHRONICLE_SOURCE_DIR) + "/models/tagger.chm");
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().message().c_str());
      return 1;
    }
    tagger = std::move(loaded).value();
    chronicle::models::Tagger::Scratch scratch;
    std::vector<chronicle::models::TaggedWord> tagged;
    for (size_t idx = 0; idx < corpus.value().size(); ++idx) {
      const auto& sentence = corpus.value()[idx];
      std::vector<std::string_view> words(sentence.words.begin(), sentence.words.end());
      tagged.resize(words.size());
      tagger.tag(words, scratch, tagged);
      for (const auto& word : tagged) tags[idx].push_back(tagger.upos_name(word.upos));
    }
  }

  std::vector<bool> starts = document_starts(corpus_path);
  starts.resize(corpus.value().size(), false);
  std::vector<Document> documents;
  size_t tokens_per_pass = 0;
  for (size_t idx = 0; idx < corpus.value().size(); ++idx) {
    const auto& sentence = corpus.value()[idx];
    if (starts[idx] || documents.empty()) documents.emplace_back();
    Document& document = documents.back();
    document.words.insert(document.words.end(), sentence.words.begin(), sentence.words.end());
    document.upos.insert(document.upos.end(), tags[idx].begin(), tags[idx].end());
    document.ends.push_back(static_cast<uint32_t>(document.words.size()));
    tokens_per_pass += sentence.words.size();
  }
  std::printf("%zu sentences in %zu documents, %zu tokens\n", corpus.value().size(), documents.size(), tokens_per_pass);

  chronicle::models::EntityScratch scratch;
  std::vector<chronicle::models::EntityMention> mentions;
  measure("documents", tokens_per_pass, min_seconds, [&] {
    size_t entities = 0;
    for (const auto& document : documents) {
      model.value().recognize_document(document.words, document.upos, document.ends, scratch, mentions);
      entities += mentions.size();
    }
    return entities;
  });
  measure("sentences", tokens_per_pass, min_seconds, [&] {
    size_t entities = 0;
    for (const auto& document : documents) {
      uint32_t begin = 0;
      for (uint32_t end : document.ends) {
        std::span<const std::string_view> words(document.words.data() + begin, end - begin);
        std::span<const std::string_view> upos;
        if (!document.upos.empty()) upos = {document.upos.data() + begin, end - begin};
        model.value().recognize(words, upos, scratch, mentions);
        entities += mentions.size();
        begin = end;
      }
    }
    return entities;
  });
  return 0;
}
