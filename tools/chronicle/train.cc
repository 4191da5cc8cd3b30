// chronicle train: the trainers of Chronicle's own language models (models/README.md).
//
//   chronicle train clusters --corpus FILE... --out models/clusters.txt
//   chronicle train tagger   --train EWT-train.conllu [MORE.conllu...] [--dev EWT-dev.conllu] --out models/tagger.chm
//   chronicle train parser   --train ... [--dev ...] --tagger models/tagger.chm --out models/parser.chm
//   chronicle train ner      --train FILE[:WEIGHT[:FROM=TO,...]]... --dev UNER-dev.iob2 --out models/ner.chm
//
// Every trainer is reproducible: the same data, options and --seed give a byte-identical model.
#include <iostream>
#include <memory>

#include "commands.h"
#include "models/entity_model.h"
#include "models/parser.h"
#include "models/tagger.h"
#include "training/ner_training.h"
#include "training/parser_training.h"
#include "training/tagger_training.h"
#include "training/word_clusters.h"

#ifndef CHRONICLE_SHARED_DIR
#define CHRONICLE_SHARED_DIR "../shared"
#endif
#ifndef CHRONICLE_SOURCE_DIR
#define CHRONICLE_SOURCE_DIR "."
#endif
#ifndef CHRONICLE_GENERATED_DIR
#define CHRONICLE_GENERATED_DIR "build/generated"
#endif

namespace chronicle::cli {
namespace {

int report(const Status& status, const std::string& out) {
  if (!status.ok()) {
    std::cerr << "chronicle train: " << status.message() << '\n';
    return kExitUsage;
  }
  std::cerr << "chronicle train: wrote " << out << '\n';
  return kExitOk;
}

}  // namespace

std::function<int()> add_train(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "train", "Train a language model (clusters, tagger, parser, ner) from annotated corpora.");
  command->require_subcommand(1);

  struct Options {
    std::vector<std::string> corpora;
    training::ClusterOptions clusters;
    training::TaggerTrainOptions tagger;
    training::ParserTrainOptions parser;
    std::vector<std::string> ner_train;
    bool ner_last_epoch = false;
    training::NerTrainOptions ner;
    std::string ner_sources = CHRONICLE_SHARED_DIR;
    std::string out;
  };
  auto options = std::make_shared<Options>();

  CLI::App* clusters = command->add_subcommand(
      "clusters", "Learn word clusters (exchange algorithm, Brown-style bit strings) from text.");
  clusters->add_option("--corpus", options->corpora,
                       "corpus files or folders (.conllu, .iob2/.conll, .txt, .md)")
      ->required();
  clusters->add_option("--clusters", options->clusters.clusters, "number of clusters")->capture_default_str();
  clusters->add_option("--min-count", options->clusters.min_count, "words seen fewer times are left out")
      ->capture_default_str();
  clusters->add_option("--out", options->out, "output file (BITS<TAB>WORD<TAB>COUNT)")->required();

  CLI::App* tagger = command->add_subcommand("tagger", "Train the part-of-speech tagger and lemmatizer.");
  tagger->add_option("--train", options->tagger.train_paths,
                     "CoNLL-U training treebanks (several: read as one, e.g. train and dev for a final model)")
      ->required();
  tagger->add_option("--dev", options->tagger.dev_path, "CoNLL-U development treebank (figures logged)");
  tagger->add_option("--clusters", options->tagger.clusters_path, "word clusters file to embed");
  tagger->add_option("--epochs", options->tagger.epochs, "epochs per pass")->capture_default_str();
  tagger->add_option("--seed", options->tagger.seed, "random seed")->capture_default_str();
  tagger->add_option("--out", options->out, "model file to write")->required();

  CLI::App* parser = command->add_subcommand("parser", "Train the dependency parser.");
  parser->add_option("--train", options->parser.train_paths,
                     "CoNLL-U training treebanks (several: read as one, e.g. train and dev for a final model)")
      ->required();
  parser->add_option("--dev", options->parser.dev_path, "CoNLL-U development treebank (figures logged)");
  parser->add_option("--tagger", options->parser.tagger_path,
                     "tagger model: train on jackknifed predicted tags (empty: gold tags)");
  parser->add_option("--clusters", options->parser.clusters_path, "word clusters file to embed");
  parser->add_option("--epochs", options->parser.epochs, "training epochs")->capture_default_str();
  parser->add_option("--seed", options->parser.seed, "random seed")->capture_default_str();
  parser->add_option("--out", options->out, "model file to write")->required();

  CLI::App* ner = command->add_subcommand("ner", "Train the named-entity recogniser.");
  ner->add_option("--shared", options->ner_sources,
                  "with no --train: the shared folder (its data/ holds uner-ewt/ and ner-extra/)");
  ner->add_option("--train", options->ner_train,
                  "IOB2/CoNLL corpora as PATH[:WEIGHT[:FROM=TO,...]] (default: UNER EWT train "
                  "and ner-extra from --shared)");
  ner->add_option("--dev", options->ner.dev_path, "IOB2 development corpus (best epoch kept)");
  ner->add_option("--clusters", options->ner.clusters_path, "word clusters file to embed");
  ner->add_flag("--last-epoch", options->ner_last_epoch,
                "keep the last epoch's weights; --dev is then only scored (for judging a recipe on held-out data)");
  ner->add_option("--epochs", options->ner.epochs, "training epochs")->capture_default_str();
  ner->add_option("--seed", options->ner.seed, "random seed")->capture_default_str();
  ner->add_option("--out", options->out, "model file to write")->required();

  return [=] {
    if (clusters->parsed()) {
      return report(training::train_word_clusters(options->corpora, options->clusters, options->out, std::cerr),
                    options->out);
    }
    if (tagger->parsed()) {
      auto model = training::train_tagger(options->tagger, std::cerr);
      if (!model.ok()) return report(model.error(), options->out);
      return report(model.value().save(options->out), options->out);
    }
    if (parser->parsed()) {
      auto model = training::train_parser(options->parser, std::cerr);
      if (!model.ok()) return report(model.error(), options->out);
      return report(model.value().save(options->out), options->out);
    }
    if (ner->parsed()) {
      // The documented recipe (corpora, weights, gazetteer sources, clusters, ensemble) from the
      // shared data and our data/; flags given on the command line override it.
      training::NerTrainOptions ner_options = training::default_ner_options(
          options->ner_sources, CHRONICLE_SOURCE_DIR, CHRONICLE_GENERATED_DIR);
      if (!options->ner_train.empty()) ner_options.train_paths = options->ner_train;
      if (ner->count("--dev") > 0) ner_options.dev_path = options->ner.dev_path;
      if (ner->count("--clusters") > 0) ner_options.clusters_path = options->ner.clusters_path;
      if (ner->count("--epochs") > 0) ner_options.epochs = options->ner.epochs;
      if (ner->count("--seed") > 0) ner_options.seed = options->ner.seed;
      if (options->ner_last_epoch) ner_options.keep_best_epoch = false;
      auto model = training::train_ner(ner_options, std::cerr);
      if (!model.ok()) return report(model.error(), options->out);
      return report(model.value().save(options->out), options->out);
    }
    return kExitUsage;
  };
}

}  // namespace chronicle::cli
