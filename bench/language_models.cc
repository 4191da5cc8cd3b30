// Benchmark: the three language models together, as the pipeline runs them, on one core.
//
//   language_models [MODELS_DIR [CORPUS.conllu [SECONDS]]]
//
// Defaults: the repo's models/ and the EWT test set from ../shared (our own fixture
// tests/fixtures/treebank-sample.conllu when ../shared is absent). Prints, for each model, its
// file size and load time; then tokens per second of tagging, parsing and entity recognition
// alone and of all three together, over repeated passes of the corpus's words (gold
// tokenisation) for at least SECONDS (default 3) each; the heap allocations per token in the
// steady state of the combined loop (counted by replacing operator new in this program); and the
// peak resident memory of the process with all models loaded.
//
// "together" runs the three as the engine's stages do (src/models/stages.cc): document by
// document ("# newdoc"), each stage over all of a document's sentences before the next, the
// entity model over the whole document at once. "interleaved" runs all three on one sentence
// before the next (the weights of all three models compete for the cache; a lower figure).
// Both are reported; the bar is read on "together".
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "models/corpus.h"
#include "models/entity_model.h"
#include "models/parser.h"
#include "models/tagger.h"

#ifndef CHRONICLE_SOURCE_DIR
#define CHRONICLE_SOURCE_DIR "."
#endif
#ifndef CHRONICLE_SHARED_DIR
#define CHRONICLE_SHARED_DIR "../shared"
#endif

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* pointer = std::malloc(size == 0 ? 1 : size)) return pointer;
  throw std::bad_alloc();
}
void operator delete(void* pointer) noexcept { std::free(pointer); }
void operator delete(void* pointer, size_t) noexcept { std::free(pointer); }

namespace {

using Clock = std::chrono::steady_clock;
using namespace chronicle::models;

struct Sentence {
  std::vector<std::string_view> words, upos, xpos, relations;
  std::vector<TaggedWord> tagged;
  std::vector<int> heads;
};

template <class Body>
double tokens_per_second(size_t tokens, double min_seconds, Body body) {
  size_t done = 0;
  auto start = Clock::now();
  double elapsed = 0;
  do {
    body();
    done += tokens;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  return static_cast<double>(done) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string models_dir = argc > 1 ? argv[1] : std::string(CHRONICLE_SOURCE_DIR) + "/models";
  std::string corpus_path = argc > 2 ? argv[2] : std::string(CHRONICLE_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";
  if (argc <= 2 && !fs::exists(corpus_path))
    corpus_path = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/treebank-sample.conllu";
  double min_seconds = argc > 3 ? std::stod(argv[3]) : 3.0;

  auto timed_load = [&](const char* name, auto loader) {
    std::string path = models_dir + "/" + name;
    auto start = Clock::now();
    auto model = loader(path);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!model.ok()) {
      std::fprintf(stderr, "%s\n", model.error().message().c_str());
      std::exit(1);
    }
    std::printf("%-10s %8.2f MB  loaded in %6.1f ms\n", name,
                static_cast<double>(fs::file_size(path)) / 1e6, ms);
    return std::move(model).value();
  };
  Tagger tagger = timed_load("tagger.chm", [](const std::string& path) { return Tagger::load(path); });
  Parser parser = timed_load("parser.chm", [](const std::string& path) { return Parser::load(path); });
  EntityModel ner = timed_load("ner.chm", [](const std::string& path) { return EntityModel::load(path); });

  auto corpus = read_conllu(corpus_path);
  if (!corpus.ok()) {
    std::fprintf(stderr, "%s\n", corpus.error().message().c_str());
    return 1;
  }
  std::vector<Sentence> sentences(corpus.value().size());
  size_t tokens = 0;
  for (size_t idx = 0; idx < sentences.size(); ++idx) {
    for (const auto& word : corpus.value()[idx].words) sentences[idx].words.push_back(word.form);
    size_t size = sentences[idx].words.size();
    sentences[idx].upos.resize(size);
    sentences[idx].xpos.resize(size);
    sentences[idx].relations.resize(size);
    sentences[idx].tagged.resize(size);
    sentences[idx].heads.resize(size);
    tokens += size;
  }
  std::printf("corpus     %s: %zu sentences, %zu tokens\n", corpus_path.c_str(), sentences.size(), tokens);

  Tagger::Scratch tagger_scratch;
  ParserScratch parser_scratch;
  EntityScratch ner_scratch;
  std::vector<chronicle::models::EntityMention> mentions;
  mentions.reserve(256);
  auto tag = [&](Sentence& sentence) {
    tagger.tag(sentence.words, tagger_scratch, sentence.tagged);
    for (size_t idx = 0; idx < sentence.words.size(); ++idx) {
      sentence.upos[idx] = tagger.upos_name(sentence.tagged[idx].upos);
      sentence.xpos[idx] = tagger.xpos_name(sentence.tagged[idx].xpos);
    }
  };
  auto parse = [&](Sentence& sentence) {
    parser.parse(sentence.words, sentence.upos, sentence.xpos, parser_scratch, sentence.heads, sentence.relations);
  };
  auto recognize = [&](Sentence& sentence) {
    mentions.clear();
    ner.recognize(sentence.words, sentence.upos, ner_scratch, mentions);
  };
  for (auto& sentence : sentences) tag(sentence);  // tags for the parser and NER passes alone

  double tag_rate = tokens_per_second(tokens, min_seconds, [&] { for (auto& s : sentences) tag(s); });
  double parse_rate = tokens_per_second(tokens, min_seconds, [&] { for (auto& s : sentences) parse(s); });
  double ner_rate = tokens_per_second(tokens, min_seconds, [&] { for (auto& s : sentences) recognize(s); });
  auto all = [&] {
    for (auto& s : sentences) {
      tag(s);
      parse(s);
      recognize(s);
    }
  };
  all();  // warm the scratch buffers to their steady-state sizes
  uint64_t allocations_before = g_allocations.load();
  all();
  uint64_t allocations = g_allocations.load() - allocations_before;
  double interleaved_rate = tokens_per_second(tokens, min_seconds, all);

  // Documents: ranges of sentences, with their words and (after tagging) UPOS back to back.
  struct Document {
    size_t first = 0, end = 0;
    std::vector<std::string_view> words, upos;
    std::vector<uint32_t> sentence_ends;
  };
  std::vector<Document> documents;
  for (size_t idx = 0; idx < sentences.size(); ++idx) {
    if (documents.empty() || corpus.value()[idx].new_document) documents.push_back({idx, idx, {}, {}, {}});
    Document& document = documents.back();
    document.end = idx + 1;
    document.words.insert(document.words.end(), sentences[idx].words.begin(), sentences[idx].words.end());
    document.sentence_ends.push_back(static_cast<uint32_t>(document.words.size()));
  }
  for (auto& document : documents) document.upos.resize(document.words.size());
  auto staged = [&] {
    for (auto& document : documents) {
      for (size_t idx = document.first; idx < document.end; ++idx) tag(sentences[idx]);
      for (size_t idx = document.first; idx < document.end; ++idx) parse(sentences[idx]);
      size_t at = 0;
      for (size_t idx = document.first; idx < document.end; ++idx)
        for (std::string_view tag_name : sentences[idx].upos) document.upos[at++] = tag_name;
      mentions.clear();
      ner.recognize_document(document.words, document.upos, document.sentence_ends, ner_scratch, mentions);
    }
  };
  staged();  // warm the scratch buffers for whole documents
  uint64_t staged_before = g_allocations.load();
  staged();
  allocations += g_allocations.load() - staged_before;
  double all_rate = tokens_per_second(tokens, min_seconds, staged);

  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("tagger     %10.0f tokens/s\n", tag_rate);
  std::printf("parser     %10.0f tokens/s\n", parse_rate);
  std::printf("ner        %10.0f tokens/s\n", ner_rate);
  std::printf("together   %10.0f tokens/s (tag + parse + NER stage by stage over each of %zu documents, one core; bar 50000)\n",
              all_rate, documents.size());
  std::printf("interleaved %9.0f tokens/s (tag + parse + NER on each sentence in turn)\n", interleaved_rate);
  std::printf("allocations per token in the steady state: %.4f (%llu over %zu tokens, both loops)\n",
              static_cast<double>(allocations) / static_cast<double>(2 * tokens),
              static_cast<unsigned long long>(allocations), 2 * tokens);
  std::printf("peak RSS   %.1f MB (all models loaded; bar 300 MB)\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
