// Training stage: trains and evaluates the part-of-speech tagger and lemmatizer (models/tagger.h).
//
//   training::TaggerTrainOptions options;
//   options.train_paths = {"../shared/data/ud-ewt/en_ewt-ud-train.conllu"};
//   options.dev_path = "../shared/data/ud-ewt/en_ewt-ud-dev.conllu";
//   auto tagger = training::train_tagger(options, std::cerr);   // progress and dev figures on the log
//   if (tagger.ok()) tagger.value().save("models/tagger.chm");
//
// Training is deterministic: the same data, options and seed give a byte-identical model file (the
// "trained" date is the only metadata that depends on the clock; set `date`, or SOURCE_DATE_EPOCH,
// to pin it). It is single-threaded: about 40 s and 300 MB for UD English EWT with the defaults.
// The dev set is only evaluated and reported (log, metadata), never used to choose anything, so
// a final model may be trained on train and dev together (several `train_paths`) with the same
// settings.
//
// How. Both passes are averaged perceptrons (a sparse variant of models::PerceptronTrainer that
// keeps only the classes a feature was updated for) trained greedily on their own predictions:
// the tags a pass reads are the ones it chose, as at run time. Sentences are shuffled every epoch
// from the seed. Pass 2 reads pass 1's tags; so that it learns how far to trust them, it is
// trained on pass-1 tags predicted by jackknifing (pass 1 trained on all folds but one tags the
// remaining fold), not on the far too accurate tags of a pass 1 that has seen the sentence. The
// lemma classifier learns edit scripts from the distinct (form, tag) pairs of the training data.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "chronicle/status.h"
#include "models/corpus.h"
#include "models/tagger.h"
#include "training/figures.h"

namespace chronicle::training {

struct TaggerTrainOptions {
  // CoNLL-U with UPOS, XPOS and lemmas (at least one); several files are read as one treebank, in
  // this order.
  std::vector<std::string> train_paths;
  std::string dev_path;       // CoNLL-U; optional: figures are logged and stored in the metadata
  std::string clusters_path;  // word clusters, "BITS<TAB>WORD[<TAB>COUNT]" per line; optional
  // WordNet 3.0's dict directory (Debian wordnet-base): word classes of words the treebank lacks,
  // and their irregular inflections for the lemmas. Empty: none (about 0.3 UPOS points less).
  std::string dictionary_path = "/usr/share/wordnet";
  int epochs = 10;                  // per pass
  int passes = 2;                   // 1: one pass only; 2: a second pass that also sees first-pass tags
  bool first_pass_reversed = true;  // the first pass reads right to left (+0.05 UPOS on dev)
  int jackknife_folds = 5;          // folds for pass 2's training tags (0: use the final pass-1 model)
  int jackknife_epochs = 0;         // epochs of each jackknife model (0 = `epochs`)
  int lemma_epochs = 10;
  uint64_t seed = 1;
  // Tag dictionary: a word seen at least `fixed_min_count` times, with one tag in at least
  // `fixed_min_share` of them, always gets that tag, unscored (a third of running text: the
  // punctuation and the commonest function words).
  int fixed_min_count = 20;
  int lexicon_min_count = 0;  // unused (candidate restriction was dropped: it cost accuracy); kept for callers
  double fixed_min_share = 0.995;
  // Word dropout: in training, a word seen at most `unknown_max_count` times is shown as an unknown
  // word with this probability, so that the model learns what to do with words it has never seen.
  double unknown_dropout = 0.25;
  int unknown_max_count = 1;
  // Edit scripts seen fewer times than this are not classes (their words are irregular lemmas).
  int min_script_count = 2;
  // Averaged weights smaller than this (in magnitude) are dropped from the model.
  float prune_below = 0.01f;
  std::string date;  // "trained" metadata; empty: SOURCE_DATE_EPOCH, else today (UTC)
};

// Reads the files named in `options` and trains. Errors name the file (unreadable, malformed,
// no sentences).
Result<models::Tagger> train_tagger(const TaggerTrainOptions& options, std::ostream& log);
// Same on sentences in memory (`dev` may be empty): `train_paths` and `dev_path` are only recorded;
// the clusters and the dictionary are read from their paths.
Result<models::Tagger> train_tagger(const std::vector<models::TreebankSentence>& train,
                                    const std::vector<models::TreebankSentence>& dev, const TaggerTrainOptions& options,
                                    std::ostream& log);

// The sentences of every file in `paths`, in order (the training treebank of several files).
// Errors name the file that is unreadable or malformed.
Result<std::vector<models::TreebankSentence>> read_treebanks(const std::vector<std::string>& paths);

// The file names of `paths` as recorded in model metadata ("train"): joined by kPathSeparator.
std::string join_paths(const std::vector<std::string>& paths);
std::vector<std::string> split_paths(const std::string& joined);
inline constexpr const char* kPathSeparator = " + ";

// The options `tagger` was trained with, read back from its metadata (paths as they were then,
// "trained" as `date`): for training more taggers like it, e.g. the parser's jackknifing. What
// the metadata lacks keeps its default.
TaggerTrainOptions options_from_metadata(const models::Tagger& tagger);

// Tags the words of `gold` (gold tokenisation) and compares. Figures, in percent of words:
// "UPOS", "XPOS", "AllTags" (UPOS and XPOS both right), "Lemmas" (exact string), then "Words"
// (the count).
std::vector<Figure> evaluate_tagger(const models::Tagger& tagger, const std::vector<models::TreebankSentence>& gold);

}  // namespace chronicle::training
