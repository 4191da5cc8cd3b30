// Actor stage: named entities from capitalisation (a rule-based recogniser that a trained model
// replaces later), then actor mentions built from the dictionaries: countries, demonyms, capitals
// standing for governments, organisations, armed groups, known people with dated roles, and
// people the dictionary lacks, recognised from a title ("Syria's Defence Minister Murhaf Abu
// Qasra" → SYR + MIL, named "Murhaf Abu Qasra").
#pragma once

#include <string_view>

#include "chronicle/document.h"
#include "engine/stage.h"
#include "lexicon/actor_dictionary.h"

namespace chronicle::actors {

// Capitalised token runs that are not sentence-initial function words, labelled PER (after a
// title, or a known person), ORG (organisation head words: Ministry, Council, Party, Agency,
// channel...), LOC (after a locative preposition) or MISC. Appends to Analysis::entities.
class EntityRecognizer final : public Stage {
 public:
  explicit EntityRecognizer(const lexicon::ActorDictionary& dictionary) : dictionary_(dictionary) {}
  std::string_view name() const override { return "entities"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const lexicon::ActorDictionary& dictionary_;
};

// Builds actor mentions from noun phrases of the form
//   [the] [COUNTRY-ADJ | COUNTRY's | ORG] [modifier]* [TITLE/AGENT] [Person Name] [, TITLE of X]
// e.g. "Russian Deputy Defense Minister Yunus-Bek Yevkurov", "the Syrian Foreign Ministry",
// "Moscow", "Hezbollah fighters", "forces of Syria". Coordinated adjectives sharing one head
// ("Russian, American, and Turkish delegations") give one mention each. A capital preceded by a
// locative preposition ("in Damascus") is a place, not an actor.
class ActorRecognizer final : public Stage {
 public:
  explicit ActorRecognizer(const lexicon::ActorDictionary& dictionary) : dictionary_(dictionary) {}
  std::string_view name() const override { return "actors"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const lexicon::ActorDictionary& dictionary_;
};

}  // namespace chronicle::actors
