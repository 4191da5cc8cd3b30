// Models stage: the trained models as pipeline stages.
//
// After the tokenizer, `TaggerStage` gives every token its UPOS, XPOS and lemma, `ParserStage` its
// head and relation (reading the tags), and `EntityStage` adds the named entities the model finds
// (PER, ORG, LOC) to Analysis::entities. Each stage works sentence by sentence on the token
// layer; the per-document buffers are reused across sentences, so nothing is allocated per token
// beyond the strings the Token layer itself holds (short tags stay in their small-string buffer).
//
// Stages hold a reference to a loaded, immutable model (owned by the Engine) and are thread-safe.
#pragma once

#include "engine/stage.h"
#include "models/entity_model.h"
#include "models/parser.h"
#include "models/tagger.h"

namespace chronicle::models {

class TaggerStage final : public Stage {
 public:
  explicit TaggerStage(const Tagger& tagger) : tagger_(tagger) {}
  std::string_view name() const override { return "tagger"; }
  // Fills Token::tag (UPOS), Token::xpos and Token::lemma.
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const Tagger& tagger_;
};

class ParserStage final : public Stage {
 public:
  explicit ParserStage(const Parser& parser) : parser_(parser) {}
  std::string_view name() const override { return "parser"; }
  // Fills Token::head (a document token index, -1 for the root) and Token::deprel. Needs tags.
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const Parser& parser_;
};

// The entity model's spans of one document, in text order, as word-range mentions.
std::vector<EntityMention> recognize_entities(const EntityModel& model, const Analysis& analysis);

}  // namespace chronicle::models
