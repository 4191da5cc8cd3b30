// chronicle eval: standard figures of the language models on annotated test sets, one
// `NAME VALUE` line per figure (percentages), for scripts to read.
//
//   chronicle eval tagger    --test EWT-test.conllu              UPOS XPOS AllTags Lemmas Words
//   chronicle eval parser    --test EWT-test.conllu [--raw]      UAS LAS (gold tokens, predicted tags);
//                                                                with --raw: Tokens Sentences Words
//                                                                UPOS XPOS UAS LAS from the raw text
//   chronicle eval tokenizer --test EWT-test.conllu              Tokens Sentences Words from raw text
//   chronicle eval ner       --test UNER-test.iob2               Precision Recall F1 (+ per type)
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.h"
#include "models/corpus.h"
#include "models/entity_model.h"
#include "models/parser.h"
#include "models/tagger.h"
#include "training/figures.h"
#include "training/ner_training.h"
#include "training/parser_training.h"
#include "training/raw_text_eval.h"
#include "training/tagger_training.h"

#ifndef CHRONICLE_MODELS_DIR
#define CHRONICLE_MODELS_DIR "models"
#endif

namespace chronicle::cli {
namespace {

int fail(const std::string& message) {
  std::cerr << "chronicle eval: " << message << '\n';
  return kExitUsage;
}

// Replaces the tags of every word with the tagger's.
void tag_all(const models::Tagger& tagger, std::vector<models::TreebankSentence>& sentences) {
  models::Tagger::Scratch scratch;
  for (auto& sentence : sentences) tagger.tag_sentence(sentence, scratch);
}

// Fills heads and relations of every word from the parser, reading the words' tags.
void parse_all(const models::Parser& parser, std::vector<models::TreebankSentence>& sentences) {
  models::ParserScratch scratch;
  std::vector<std::string_view> forms, upos, xpos, relations;
  std::vector<int> heads;
  for (auto& sentence : sentences) {
    size_t size = sentence.words.size();
    forms.resize(size);
    upos.resize(size);
    xpos.resize(size);
    heads.assign(size, 0);
    relations.assign(size, {});
    for (size_t idx = 0; idx < size; ++idx) {
      forms[idx] = sentence.words[idx].form;
      upos[idx] = sentence.words[idx].upos;
      xpos[idx] = sentence.words[idx].xpos;
    }
    parser.parse(forms, upos, xpos, scratch, heads, relations);
    for (size_t idx = 0; idx < size; ++idx) {
      sentence.words[idx].head = heads[idx];
      sentence.words[idx].deprel = std::string(relations[idx]);
    }
  }
}

}  // namespace

std::function<int()> add_eval(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "eval", "Score the language models on an annotated test set; prints NAME VALUE lines.");
  command->require_subcommand(1);
  struct Options {
    std::string test;
    std::string tagger = std::string(CHRONICLE_MODELS_DIR) + "/tagger.chm";
    std::string parser = std::string(CHRONICLE_MODELS_DIR) + "/parser.chm";
    std::string ner = std::string(CHRONICLE_MODELS_DIR) + "/ner.chm";
    bool raw = false;
    bool gold_tags = false;
    std::string predictions;
  };
  auto options = std::make_shared<Options>();
  auto add_common = [&](CLI::App* sub, const std::string& what) {
    sub->add_option("--test", options->test, what)->required()->check(CLI::ExistingFile);
  };
  CLI::App* tagger = command->add_subcommand("tagger", "UPOS, XPOS, AllTags and Lemmas accuracy.");
  add_common(tagger, "CoNLL-U test treebank");
  tagger->add_option("--model", options->tagger, "tagger model")->capture_default_str();

  CLI::App* parser = command->add_subcommand(
      "parser", "UAS and LAS as in the CoNLL 2018 evaluation (punctuation included, universal relations).");
  add_common(parser, "CoNLL-U test treebank");
  parser->add_option("--tagger", options->tagger, "tagger model for predicted tags")->capture_default_str();
  parser->add_option("--model", options->parser, "parser model")->capture_default_str();
  parser->add_flag("--raw", options->raw,
                   "re-tokenise the treebank's raw text with Chronicle's tokenizer and sentence splitter first");
  parser->add_flag("--gold-tags", options->gold_tags, "parse with the treebank's tags instead of predicted ones");

  CLI::App* tokenizer = command->add_subcommand(
      "tokenizer", "Tokens, Sentences and Words F1 of the tokenizer and sentence splitter on raw text.");
  add_common(tokenizer, "CoNLL-U test treebank (its # text lines give the raw text)");

  CLI::App* ner = command->add_subcommand(
      "ner", "Precision, Recall and F1 with exact span and type (conlleval), overall and per type.");
  add_common(ner, "IOB2 test corpus");
  ner->add_option("--model", options->ner, "entity model")->capture_default_str();
  ner->add_option("--tagger", options->tagger, "tagger model, for an entity model that reads UPOS tags")
      ->capture_default_str();
  ner->add_option("--predictions", options->predictions,
                  "also write every word as conlleval reads it, WORD GOLD PREDICTED, to this file");

  return [=]() -> int {
    std::vector<training::Figure> figures;
    if (ner->parsed()) {
      auto model = models::EntityModel::load(options->ner);
      if (!model.ok()) return fail(model.error().message());
      // A model that reads UPOS tags gets the tagger's, as in the pipeline; documents ("# newdoc")
      // are recognised whole, as the pipeline recognises a document.
      std::optional<models::Tagger> tagger_model;
      if (model.value().uses_upos()) {
        auto loaded = models::Tagger::load(options->tagger);
        if (!loaded.ok()) return fail(loaded.error().message());
        tagger_model = std::move(loaded.value());
      }
      std::ofstream predictions;
      if (!options->predictions.empty()) {
        predictions.open(options->predictions, std::ios::binary);
        if (!predictions) return fail(options->predictions + ": cannot write: " + std::strerror(errno));
      }
      auto scored = training::evaluate_ner_file(model.value(), options->test, tagger_model ? &*tagger_model : nullptr,
                                                options->predictions.empty() ? nullptr : &predictions);
      if (!scored.ok()) return fail(scored.error().message());
      if (!options->predictions.empty() && !predictions.flush())
        return fail(options->predictions + ": write failed");
      figures = std::move(scored.value());
    } else {
      auto gold = models::read_conllu(options->test);
      if (!gold.ok()) return fail(gold.error().message());
      if (tokenizer->parsed()) {
        auto system = training::tokenize_raw_text(training::raw_text_of(gold.value()));
        auto scores = training::evaluate_raw_text(gold.value(), system);
        if (!scores.error.empty()) return fail(scores.error);
        figures = scores.figures();
      } else {
        auto tagger_model = models::Tagger::load(options->tagger);
        if (!tagger_model.ok() && !(parser->parsed() && options->gold_tags && !options->raw))
          return fail(tagger_model.error().message());
        if (tagger->parsed()) {
          figures = training::evaluate_tagger(tagger_model.value(), gold.value());
        } else {
          auto parser_model = models::Parser::load(options->parser);
          if (!parser_model.ok()) return fail(parser_model.error().message());
          if (options->raw) {
            auto system = training::tokenize_raw_text(training::raw_text_of(gold.value()));
            tag_all(tagger_model.value(), system);
            parse_all(parser_model.value(), system);
            auto scores = training::evaluate_raw_text(gold.value(), system);
            if (!scores.error.empty()) return fail(scores.error);
            figures = scores.figures();
          } else {
            std::vector<models::TreebankSentence> sentences = gold.value();
            if (!options->gold_tags) tag_all(tagger_model.value(), sentences);
            figures = training::evaluate_parser(parser_model.value(), std::move(sentences));
          }
        }
      }
    }
    std::cout << training::format_figures(figures);
    return kExitOk;
  };
}

}  // namespace chronicle::cli
