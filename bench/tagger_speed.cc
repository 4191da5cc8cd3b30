// Tagger throughput: tags every sentence of a CoNLL-U file (gold tokenisation) with a trained model
// and prints tokens per second on one core, with the accuracy as a check that the model is the
// right one.
//
//   tagger_speed [MODEL [CONLLU [ROUNDS]]]
//   defaults: models/tagger.chm, ../shared/data/ud-ewt/en_ewt-ud-test.conllu, 5 rounds
//
// Prints "load_ms N", "tokens N", "tokens_per_second N" (the best of ROUNDS passes over the file,
// by the thread's CPU time, so that other processes on the machine do not count), the same by wall
// clock, and "upos_accuracy N".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "models/corpus.h"
#include "models/tagger.h"

int main(int argc, char** argv) {
  using chronicle::models::Tagger;
  using Clock = std::chrono::steady_clock;
  std::string model_path = argc > 1 ? argv[1] : "models/tagger.chm";
  std::string data_path = argc > 2 ? argv[2] : "../shared/data/ud-ewt/en_ewt-ud-test.conllu";
  int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;

  auto load_start = Clock::now();
  auto tagger = Tagger::load(model_path);
  double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  if (!tagger.ok()) {
    std::fprintf(stderr, "%s\n", tagger.error().message().c_str());
    return 1;
  }
  auto corpus = chronicle::models::read_conllu(data_path);
  if (!corpus.ok()) {
    std::fprintf(stderr, "%s\n", corpus.error().message().c_str());
    return 1;
  }
  std::vector<std::vector<std::string_view>> sentences;
  size_t tokens = 0;
  for (const auto& sentence : corpus.value()) {
    std::vector<std::string_view> words;
    for (const auto& word : sentence.words) words.push_back(word.form);
    tokens += words.size();
    sentences.push_back(std::move(words));
  }

  Tagger::Scratch scratch;
  std::vector<chronicle::models::TaggedWord> out;
  auto cpu_seconds = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
  };
  double best_seconds = 1e30, best_wall_seconds = 1e30;
  size_t upos_right = 0;
  for (int round = 0; round < rounds; ++round) {
    upos_right = 0;
    auto start = Clock::now();
    double cpu_start = cpu_seconds();
    for (size_t sentence_idx = 0; sentence_idx < sentences.size(); ++sentence_idx) {
      out.resize(sentences[sentence_idx].size());
      tagger.value().tag(sentences[sentence_idx], scratch, out);
      const auto& gold = corpus.value()[sentence_idx].words;
      for (size_t idx = 0; idx < out.size(); ++idx)
        upos_right += tagger.value().upos_name(out[idx].upos) == gold[idx].upos;
    }
    best_seconds = std::min(best_seconds, cpu_seconds() - cpu_start);
    best_wall_seconds = std::min(best_wall_seconds, std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::printf("load_ms %.1f\n", load_ms);
  std::printf("tokens %zu\n", tokens);
  std::printf("tokens_per_second %.0f\n", static_cast<double>(tokens) / best_seconds);
  std::printf("tokens_per_wall_second %.0f\n", static_cast<double>(tokens) / best_wall_seconds);
  std::printf("upos_accuracy %.2f\n",
              100.0 * static_cast<double>(upos_right) / static_cast<double>(std::max<size_t>(tokens, 1)));
  return 0;
}
