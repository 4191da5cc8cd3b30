// Actor stage: named entities from capitalisation (a rule-based recogniser that a trained model
// replaces later), then actor mentions built from the dictionaries: countries, demonyms, capitals
// standing for governments, organisations, armed groups, known people with dated roles, and
// people the dictionary lacks, recognised from a title ("Syria's Defence Minister Murhaf Abu
// Qasra" → SYR + MIL, named "Murhaf Abu Qasra").
#pragma once

#include <string_view>

#include "chronicle/document.h"
#include "chronicle/known_people.h"
#include "engine/stage.h"
#include "lexicon/actor_dictionary.h"
#include "models/entity_model.h"
#include "models/stages.h"

namespace chronicle::actors {

// Capitalised token runs that are not sentence-initial function words, labelled PER (after a
// title, or a known person), ORG (organisation head words: Ministry, Council, Party, Agency,
// channel...), LOC (after a locative preposition) or MISC. Appends to Analysis::entities.
//
// With a trained entity model (`model` not null), the model's PER/ORG/LOC spans come first: a
// span the dictionary knows whole takes the dictionary's type (a country adjective is NORP, a
// known person PER); capitalised runs the model left out are kept only when the rules give them
// a type other than MISC and they overlap no model span.
class EntityRecognizer final : public Stage {
 public:
  explicit EntityRecognizer(const lexicon::ActorDictionary& dictionary,
                            const models::EntityModel* model = nullptr)
      : dictionary_(dictionary), model_(model) {}
  std::string_view name() const override { return model_ ? "entities (model)" : "entities"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  std::vector<EntityMention> rule_entities(const Document& document, const Analysis& analysis) const;
  // PER/LOC/ORG/NORP from the dictionary when it knows tokens [first, end) whole, else empty.
  std::string_view dictionary_label(const std::vector<Token>& tokens, uint32_t first, uint32_t end) const;

  const lexicon::ActorDictionary& dictionary_;
  const models::EntityModel* model_;
};

// Builds actor mentions from noun phrases of the form
//   [the] [COUNTRY-ADJ | COUNTRY's | ORG] [modifier]* [TITLE/AGENT] [Person Name] [, TITLE of X]
// e.g. "Russian Deputy Defense Minister Yunus-Bek Yevkurov", "the Syrian Foreign Ministry",
// "Moscow", "Hezbollah fighters", "forces of Syria". Coordinated adjectives sharing one head
// ("Russian, American, and Turkish delegations") give one mention each. A capital preceded by a
// locative preposition ("in Damascus") is a place, not an actor. An ORG entity that no phrase
// covers ("the Syrian Observatory for Human Rights") becomes an organisation mention named by its
// text, coded with the country named inside it and a sector read from its head words when they
// say one (Ministry → GOV, Army → MIL, Party → PTY, University → EDU ...).
//
// With known people in the context (people registered by earlier reports, see
// chronicle/known_people.h), a name the dictionary lacks is also looked up there: after a title
// ("Defence Minister Abu Kasra", a bare surname only when the title agrees with the registered
// role) or alone when it has two words or more ("Abu Kasra met ..."). Such a mention is a person
// named by the registered name, coded with the report's own country and title when it gives them,
// else with the registered code; `actor_id` is the country's id, as for any person read from a
// title.
class ActorRecognizer final : public Stage {
 public:
  explicit ActorRecognizer(const lexicon::ActorDictionary& dictionary) : dictionary_(dictionary) {}
  std::string_view name() const override { return "actors"; }
  void process(const Document& document, Analysis& analysis) const override;
  void run(const Document& document, Analysis& analysis,
           const AnalysisContext& context) const override;

 private:
  const lexicon::ActorDictionary& dictionary_;
};

}  // namespace chronicle::actors
