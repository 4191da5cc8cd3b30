// Training stage: trains and evaluates the dependency parser (src/models/parser.h).
//
// Method. Greedy arc-eager transitions (with the tree constraint, see parser.h) scored by an
// averaged perceptron over hashed features. Training follows the dynamic oracle of Goldberg &
// Nivre (2012): at every configuration the transitions that lose the fewest reachable gold arcs
// are correct; when the model's best transition is not among them, the weights move from it to the
// best-scoring correct one. From epoch `explore_from_epoch` on, the parser follows its own
// prediction with probability `explore_probability` (exploration), so it learns to recover from
// its mistakes. Sentences are shuffled every epoch with a generator seeded from `seed`; the same
// options and data give a byte-identical model file. `ensemble` models are trained with
// consecutive seeds and their weights averaged (see the option). Non-projective gold trees (0.2%
// of EWT arcs) are projectivised by lifting arcs (Nivre & Nilsson 2005, without label encoding)
// for training only; evaluation always compares with the original trees.
//
// Tags. The parser runs on predicted tags, so it should be trained on predicted tags too. With
// `tagger_path` set, the training sentences are re-tagged by k-fold jackknifing (k =
// `jackknife_folds` taggers trained through the tagger's training API with the settings recorded in
// that tagger's metadata, each tagging the fold it did not see), the parser trains on those and
// (`gold_tag_copy`) on the gold-tagged sentences, and the dev sentences are tagged by the tagger at
// `tagger_path`. With it empty, the tags in the files are used as they are (gold).
//
// Thread-safety: the functions are reentrant; each call owns its state.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "chronicle/status.h"
#include "models/corpus.h"
#include "models/parser.h"
#include "training/figures.h"

namespace chronicle::training {

struct ParserTrainOptions {
  // CoNLL-U treebanks (at least one), read as one in this order. Nothing is chosen on dev (the
  // epochs are fixed), so the final model may be trained on train and dev together.
  std::vector<std::string> train_paths;
  std::string dev_path;       // CoNLL-U; when set, UAS/LAS on it are logged after each epoch
  std::string tagger_path;    // tagger model for predicted tags; empty = train and tune on gold tags
  std::string clusters_path;  // Brown clusters, "BITS<TAB>WORD<TAB>COUNT" lines; empty = none
  int epochs = 15;
  uint64_t seed = 1;
  // Models trained with seeds seed, seed+1, ...; their averaged weights are averaged, which is
  // exactly an ensemble averaging their scores, at the run-time cost of one model (dev +0.1,
  // test +0.3 UAS/LAS with predicted tags for 3 models). Training time grows linearly.
  int ensemble = 3;
  // Non-monotonic LEFT-ARC (models::parser_internal::Configuration::non_monotonic): the dynamic
  // oracle lets a word be attached before its gold head is seen, and LEFT-ARC repairs it.
  bool non_monotonic = true;
  int explore_from_epoch = 1;        // 0-based; epochs before it follow the oracle only
  double explore_probability = 0.9;  // chance to follow the model's own (possibly wrong) transition
  int jackknife_folds = 5;           // with tagger_path: folds for re-tagging the training set
  // With predicted tags, also train on every sentence with its gold tags (twice the data; the
  // tag noise of the jackknifed copy plus clean evidence: +0.3 LAS on dev with predicted tags).
  bool gold_tag_copy = true;
  // Optional CoNLL-U with the sentences of train_paths carrying jackknifed tags (as written by
  // `jackknife_output_path` on an earlier run): used instead of training the jackknife taggers,
  // which is most of the training time. Requires tagger_path (for dev tags) and the same words.
  std::string train_tags_path;
  std::string jackknife_output_path;  // when set, the jackknifed training tags are written here
  // Averaged weights with |w| below this are dropped (summed over the ensemble members, then
  // divided): 1.0 is what the shipped model uses, to keep the file small.
  float prune_below = 1.0f;
  int selftest_sentences = 4;        // sentences stored in the model and checked on load
  bool evaluate_each_epoch = true;   // with dev_path: evaluate after every epoch, not only the last
};

// Trains a parser. Progress (epoch, transition accuracy, dev UAS/LAS, time) goes to `log`.
// Errors name the file and line of bad input.
Result<models::Parser> train_parser(const ParserTrainOptions& options, std::ostream& log);

// Parses `gold` (its words with the tags they carry: predicted or gold, as the caller prepared
// them) and scores the output as the CoNLL 2018 evaluation does: every word counts, punctuation
// included; LAS compares the universal part of the relation ("nmod:poss" counts as "nmod").
// Figures: "UAS", "LAS", "FullLAS" (relations compared with subtypes), all percentages, and
// "Words" (count).
std::vector<Figure> evaluate_parser(const models::Parser& parser, std::vector<models::TreebankSentence> gold);

// Lifts non-projective arcs until the tree is projective (each lifted word takes its head's head).
// `heads` is 1-based with heads[0] unused; returns the number of lifts.
int projectivize(std::vector<int>& heads);

}  // namespace chronicle::training
