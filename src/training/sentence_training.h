// Training stage: the tokenizer's sentence-boundary classifier (src/text/sentence_model.h).
//
// The classifier is trained on the raw text of a treebank, read exactly as the tokenizer reads
// any text: `raw_text_of(train)` is tokenised, every candidate boundary the splitter would score
// is labelled by whether a gold sentence ends there (by character offsets, as the CoNLL 2018
// scorer aligns), and an averaged perceptron (models::PerceptronTrainer) learns from them. The
// number of epochs and the decision threshold are chosen on `dev` by the Sentences F1 of the whole
// tokenizer on the raw dev text. The result is written as C++ source
// (src/text/sentence_model_data.cc), so the runtime needs no model file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chronicle/status.h"
#include "models/corpus.h"

namespace chronicle::training {

struct SentenceTrainingOptions {
  int max_epochs = 15;       // the best epoch on dev is kept
  uint32_t seed = 1;         // order of the candidates in each epoch
  float min_weight = 0.0f;   // weights with a smaller magnitude are dropped after averaging
  std::string trained_on;    // description stored with the model ("UD_English-EWT v2.16 train")
};

// A trained classifier: features sorted by key with their weights, and the threshold.
struct SentenceModelData {
  std::vector<uint64_t> keys;
  std::vector<float> weights;
  float threshold = 0;
  int epochs = 0;
  double dev_sentences_f1 = 0;  // Sentences F1 (percent) on the raw dev text with this model
  double dev_tokens_f1 = 0;
  std::string trained_on;
};

// Trains the classifier. `log` (may be null) receives one line per epoch. Fails when a corpus is
// empty or yields no candidate.
Result<SentenceModelData> train_sentence_model(const std::vector<models::TreebankSentence>& train,
                                               const std::vector<models::TreebankSentence>& dev,
                                               const SentenceTrainingOptions& options,
                                               std::string* log = nullptr);

// Sentences F1 and Tokens F1 (percent) of the tokenizer with `model` on the raw text of `gold`.
std::pair<double, double> sentence_model_scores(const SentenceModelData& model,
                                                const std::vector<models::TreebankSentence>& gold);

// The C++ source of src/text/sentence_model_data.cc holding `model`, with the generated-file
// header. Weights are written exactly (9 significant digits).
std::string sentence_model_source(const SentenceModelData& model);

}  // namespace chronicle::training
