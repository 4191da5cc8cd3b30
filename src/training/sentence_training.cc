#include "training/sentence_training.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_set>

#include "models/linear.h"
#include "text/sentence_model.h"
#include "training/raw_text_eval.h"

namespace chronicle::training {
namespace {

using models::TreebankSentence;

// Bytes of a form that the CoNLL 2018 scorer keeps (everything but Unicode space separators).
size_t kept_bytes(std::string_view form) {
  size_t count = 0;
  for (size_t pos = 0; pos < form.size();) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(form.data() + pos),
                                               static_cast<utf8proc_ssize_t>(form.size() - pos), &cp);
    if (length <= 0) length = 1;
    if (length == 1 || utf8proc_category(cp) != UTF8PROC_CATEGORY_ZS) count += static_cast<size_t>(length);
    pos += static_cast<size_t>(length);
  }
  return count;
}

// Offsets, in characters without white space, where the gold sentences end: each sentence adds
// its surface tokens (multiword tokens and the words outside them).
std::unordered_set<size_t> gold_sentence_ends(const std::vector<TreebankSentence>& gold) {
  std::unordered_set<size_t> ends;
  size_t offset = 0;
  for (const TreebankSentence& sentence : gold) {
    std::vector<bool> inside(sentence.words.size() + 1, false);
    for (const models::MultiwordToken& token : sentence.multiword_tokens) {
      offset += kept_bytes(token.form);
      for (int id = std::max(token.first, 1); id <= token.last && id <= static_cast<int>(sentence.words.size()); ++id) {
        inside[static_cast<size_t>(id)] = true;
      }
    }
    for (size_t word_idx = 0; word_idx < sentence.words.size(); ++word_idx) {
      if (!inside[word_idx + 1]) offset += kept_bytes(sentence.words[word_idx].form);
    }
    ends.insert(offset);
  }
  return ends;
}

// For every byte offset of `text`, the number of non-white-space bytes before it.
std::vector<uint32_t> kept_offsets(std::string_view text) {
  std::vector<uint32_t> offsets(text.size() + 1, 0);
  uint32_t count = 0;
  for (size_t pos = 0; pos < text.size();) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                               static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (length <= 0) length = 1;
    const bool space = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' ||
                       (length > 1 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
    for (utf8proc_ssize_t idx = 0; idx < length; ++idx) offsets[pos + static_cast<size_t>(idx)] = count;
    if (!space) count += static_cast<uint32_t>(length);
    pos += static_cast<size_t>(length);
  }
  offsets[text.size()] = count;
  return offsets;
}

struct Example {
  std::vector<uint64_t> features;
  bool boundary = false;
};

std::vector<Example> examples_of(const std::vector<TreebankSentence>& gold) {
  const std::string raw = raw_text_of(gold);
  const std::unordered_set<size_t> ends = gold_sentence_ends(gold);
  const std::vector<uint32_t> offsets = kept_offsets(raw);
  std::vector<Example> examples;
  for (text::detail::BoundaryCandidate& candidate : text::detail::boundary_candidates(raw)) {
    Example example;
    example.boundary = ends.count(offsets[candidate.original_end]) > 0;
    example.features = std::move(candidate.features);
    examples.push_back(std::move(example));
  }
  return examples;
}

// The weights of every key under `model` (boundary score minus no-boundary score), dropping
// those below `min_weight` in magnitude; sorted by key.
SentenceModelData tabulate(const models::LinearModel& model, const std::vector<uint64_t>& keys, float min_weight) {
  SentenceModelData data;
  for (uint64_t key : keys) {
    float scores[2] = {0, 0};
    model.score(std::span<const uint64_t>(&key, 1), scores);
    const float weight = scores[1] - scores[0];
    if (weight == 0 || std::abs(weight) < min_weight) continue;
    data.keys.push_back(key);
    data.weights.push_back(weight);
  }
  return data;
}

text::detail::SentenceModelTable table_of(const SentenceModelData& model) {
  text::detail::SentenceModelTable table;
  table.feature_version = text::detail::kSentenceFeatureVersion;
  table.size = model.keys.size();
  table.keys = model.keys.data();
  table.weights = model.weights.data();
  table.threshold = model.threshold;
  return table;
}

// A C++ float literal that reads back as exactly `value` ("0.5f", "-3.0f", "1e-05f").
std::string float_literal(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  std::string out = text;
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out + "f";
}

}  // namespace

std::pair<double, double> sentence_model_scores(const SentenceModelData& model,
                                                const std::vector<TreebankSentence>& gold) {
  const text::detail::SentenceModel runtime(table_of(model));
  Document document;
  document.text = raw_text_of(gold);
  Analysis analysis;
  text::detail::tokenize_with_model(document, runtime, analysis);
  const RawTextScores scores = evaluate_raw_text(gold, treebank_sentences(document, analysis));
  return {scores.sentences.f1(), scores.tokens.f1()};
}

Result<SentenceModelData> train_sentence_model(const std::vector<TreebankSentence>& train,
                                               const std::vector<TreebankSentence>& dev,
                                               const SentenceTrainingOptions& options, std::string* log) {
  if (train.empty() || dev.empty()) return Error("sentence model: empty training or development corpus");
  std::vector<Example> examples = examples_of(train);
  if (examples.empty()) return Error("sentence model: the training text has no candidate boundary");
  std::vector<uint64_t> keys;
  for (const Example& example : examples) keys.insert(keys.end(), example.features.begin(), example.features.end());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  models::PerceptronTrainer trainer(2);
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 random(options.seed);
  SentenceModelData best;
  best.dev_sentences_f1 = -1;
  constexpr float kThresholds[] = {-3, -2, -1.5f, -1, -0.5f, 0, 0.5f, 1, 1.5f, 2, 3};
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), random);
    size_t errors = 0;
    for (size_t idx : order) {
      const Example& example = examples[idx];
      float scores[2] = {0, 0};
      trainer.score(example.features, scores);
      const uint32_t guess = scores[1] > scores[0] ? 1 : 0;
      const uint32_t truth = example.boundary ? 1 : 0;
      if (guess != truth) {
        trainer.update(example.features, truth, guess);
        ++errors;
      }
      trainer.tick();
    }
    SentenceModelData model = tabulate(trainer.finish(0), keys, options.min_weight);
    // Weights are differences of two averaged rows: the threshold scale follows their size.
    float mean_magnitude = 0;
    for (float weight : model.weights) mean_magnitude += std::abs(weight);
    mean_magnitude /= static_cast<float>(std::max<size_t>(model.weights.size(), 1));
    for (float threshold : kThresholds) {
      model.threshold = threshold * mean_magnitude;
      const auto [sentences_f1, tokens_f1] = sentence_model_scores(model, dev);
      if (sentences_f1 > best.dev_sentences_f1) {
        best = model;
        best.epochs = epoch;
        best.dev_sentences_f1 = sentences_f1;
        best.dev_tokens_f1 = tokens_f1;
      }
    }
    if (log != nullptr) {
      char line[200];
      std::snprintf(line, sizeof line, "epoch %d: %zu training errors of %zu; best dev Sentences F1 %.2f (epoch %d)\n",
                    epoch, errors, examples.size(), best.dev_sentences_f1, best.epochs);
      *log += line;
    }
  }
  best.trained_on = options.trained_on + "; " + std::to_string(examples.size()) + " candidates, " +
                    std::to_string(best.epochs) + " epochs, " + std::to_string(best.keys.size()) + " weights";
  return best;
}

std::string sentence_model_source(const SentenceModelData& model) {
  std::string out;
  out += "// GENERATED BY src/training/sentence_training.cc (sentence_model_source); DO NOT EDIT.\n";
  out += "// Retrain: see docs/text.md, \"Sentences\". Trained on: " + model.trained_on + ".\n";
  char line[160];
  std::snprintf(line, sizeof line, "// Development set: Sentences F1 %.2f, Tokens F1 %.2f (raw text, CoNLL 2018 scoring).\n",
                model.dev_sentences_f1, model.dev_tokens_f1);
  out += line;
  out += "#include \"text/sentence_model.h\"\n\nnamespace chronicle::text::detail {\nnamespace {\n\n";
  out += "constexpr uint64_t kKeys[] = {\n";
  for (size_t idx = 0; idx < model.keys.size(); ++idx) {
    std::snprintf(line, sizeof line, "%s0x%016llxull,", idx % 4 == 0 ? "    " : " ",
                  static_cast<unsigned long long>(model.keys[idx]));
    out += line;
    if (idx % 4 == 3 || idx + 1 == model.keys.size()) out += '\n';
  }
  out += "};\n\nconstexpr float kWeights[] = {\n";
  for (size_t idx = 0; idx < model.weights.size(); ++idx) {
    out += idx % 6 == 0 ? "    " : " ";
    out += float_literal(model.weights[idx]) + ",";
    if (idx % 6 == 5 || idx + 1 == model.weights.size()) out += '\n';
  }
  out += "};\n\n}  // namespace\n\nconst SentenceModelTable& sentence_model_table() {\n";
  std::snprintf(line, sizeof line, "  static const SentenceModelTable table{%u, %zu, kKeys, kWeights, %s,\n",
                text::detail::kSentenceFeatureVersion, model.keys.size(), float_literal(model.threshold).c_str());
  out += line;
  std::string description;
  for (char ch : model.trained_on) description += (ch == '"' || ch == '\\') ? '\'' : ch;
  out += "                                        \"" + description + "\"};\n  return table;\n}\n\n";
  out += "}  // namespace chronicle::text::detail\n";
  return out;
}

}  // namespace chronicle::training
