// Event stage: a verb-pattern coder over the token sequence.
//
// For each pattern match (data/verbs.txt) in a sentence the coder picks
//   - the source: the subject, i.e. the nearest actor mention before the trigger in the same
//     clause that is not inside a prepositional phrase; coordinated subjects give one event each;
//     in the passive ("was attacked by X") the agent after "by" is the source and the subject the
//     target; an explicit '$' slot in the pattern overrides both;
//   - the target: the actor (or place, standing for its country) in the '+' slot, skipping
//     determiners and adjectives; coordinated targets give one event each;
//   - negation, hedging and attribution from the cue lists (data/modality.txt) in the clause;
//   - the date: the nearest date expression in the sentence, else the document date;
//   - the place: a place after a locative preposition in the sentence, preferring one after the
//     trigger.
// A dependency-based coder replaces this one later through the same Stage interface.
#pragma once

#include <string_view>

#include "chronicle/document.h"
#include "engine/stage.h"
#include "events/cameo.h"

namespace chronicle::events {

class PatternCoder final : public Stage {
 public:
  PatternCoder(const CameoTable& table, const PatternSet& patterns, const ModalityCues& cues)
      : table_(table), patterns_(patterns), cues_(cues) {}
  std::string_view name() const override { return "events"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const CameoTable& table_;
  const PatternSet& patterns_;
  const ModalityCues& cues_;
};

}  // namespace chronicle::events
