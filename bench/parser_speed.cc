// Benchmark: dependency parser throughput on one core.
//
//   parser_speed [MODEL [CORPUS.conllu [SECONDS [TAGGER]]]]
//
// Defaults: models/parser.chm and the EWT test set from ../shared. Prints the load time, then
// tokens per second over repeated passes of the corpus (words and tags given, as the pipeline gives
// them after the tagger; no tokenisation, no tagging) for at least SECONDS (default 3). With TAGGER
// (a tagger model), the corpus tags are first replaced by the tagger's, as in the pipeline, and
// tagger + parser throughput is printed too. The bar: tagger + parser + NER together above 50,000
// tokens/s, so the parser alone should stay above 100,000 tokens/s.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/corpus.h"
#include "models/parser.h"
#include "models/tagger.h"

#ifndef CHRONICLE_SOURCE_DIR
#define CHRONICLE_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  std::string model_path = argc > 1 ? argv[1] : std::string(CHRONICLE_SOURCE_DIR) + "/models/parser.chm";
  std::string corpus_path =
      argc > 2 ? argv[2] : std::string(CHRONICLE_SOURCE_DIR) + "/../shared/data/ud-ewt/en_ewt-ud-test.conllu";
  double min_seconds = argc > 3 ? std::stod(argv[3]) : 3.0;
  std::string tagger_path = argc > 4 ? argv[4] : "";

  auto load_start = Clock::now();
  auto parser = chronicle::models::Parser::load(model_path);
  double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  if (!parser.ok()) {
    std::fprintf(stderr, "%s\n", parser.error().message().c_str());
    return 1;
  }
  auto corpus = chronicle::models::read_conllu(corpus_path);
  if (!corpus.ok()) {
    std::fprintf(stderr, "%s\n", corpus.error().message().c_str());
    return 1;
  }
  std::printf("model %s: loaded in %.1f ms (%zu features, %zu weights, %zu relations)\n", model_path.c_str(), load_ms,
              parser.value().parts().weights.features(), parser.value().parts().weights.weights(),
              parser.value().relations().size());

  std::vector<chronicle::models::TreebankSentence>& sentences = corpus.value();
  std::vector<std::vector<std::string_view>> forms;
  std::optional<chronicle::models::Tagger> tagger;
  if (!tagger_path.empty()) {
    auto loaded = chronicle::models::Tagger::load(tagger_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().message().c_str());
      return 1;
    }
    tagger = std::move(loaded.value());
    chronicle::models::Tagger::Scratch tag_scratch;
    for (auto& sentence : sentences) tagger->tag_sentence(sentence, tag_scratch);
  }
  std::vector<std::vector<std::string_view>> upos, xpos;
  size_t tokens_per_pass = 0, longest = 0;
  for (const auto& sentence : sentences) {
    forms.emplace_back();
    upos.emplace_back();
    xpos.emplace_back();
    for (const auto& word : sentence.words) {
      forms.back().push_back(word.form);
      upos.back().push_back(word.upos);
      xpos.back().push_back(word.xpos);
    }
    tokens_per_pass += sentence.words.size();
    longest = std::max(longest, sentence.words.size());
  }

  chronicle::models::ParserScratch scratch;
  std::vector<int> heads(longest);
  std::vector<std::string_view> relations(longest);
  size_t tokens = 0;
  long checksum = 0;
  std::clock_t cpu_start = std::clock();
  auto start = Clock::now();
  double elapsed = 0;
  do {
    for (size_t idx = 0; idx < forms.size(); ++idx) {
      size_t n = forms[idx].size();
      parser.value().parse(forms[idx], upos[idx], xpos[idx], scratch, std::span<int>(heads.data(), n),
                           std::span<std::string_view>(relations.data(), n));
      for (size_t word = 0; word < n; ++word) checksum += heads[word];
    }
    tokens += tokens_per_pass;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  // CPU time as well as wall time: on a shared machine the wall-clock figure understates speed.
  std::printf("parser: %zu tokens in %.2f s: %.0f tokens/s wall, %.0f tokens/s of CPU time (checksum %ld)\n", tokens,
              elapsed, tokens / elapsed, tokens / cpu, checksum);

  if (tagger) {
    chronicle::models::Tagger::Scratch tag_scratch;
    std::vector<chronicle::models::TaggedWord> tagged(longest);
    std::vector<std::string_view> tag_upos(longest), tag_xpos(longest);
    tokens = 0;
    start = Clock::now();
    do {
      for (size_t idx = 0; idx < forms.size(); ++idx) {
        size_t n = forms[idx].size();
        tagger->tag(forms[idx], tag_scratch, std::span<chronicle::models::TaggedWord>(tagged.data(), n));
        for (size_t word = 0; word < n; ++word) {
          tag_upos[word] = tagger->upos_name(tagged[word].upos);
          tag_xpos[word] = tagger->xpos_name(tagged[word].xpos);
        }
        parser.value().parse(forms[idx], std::span<const std::string_view>(tag_upos.data(), n),
                             std::span<const std::string_view>(tag_xpos.data(), n), scratch,
                             std::span<int>(heads.data(), n), std::span<std::string_view>(relations.data(), n));
      }
      tokens += tokens_per_pass;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < min_seconds);
    std::printf("tagger + parser: %.0f tokens/s\n", tokens / elapsed);
  }
  return 0;
}
