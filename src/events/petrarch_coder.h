// Event stage over PETRARCH/TABARI dictionaries (src/lexicon/petrarch_dictionaries.h): actors,
// agents and verb patterns in the Open Event Data Alliance's formats, applied to our tokens, tags
// and dependency parse. The semantics implemented are listed in docs/petrarch.md; in short:
//
//   - actor and agent phrases are matched word by word on the surface forms (longest first); an
//     actor's code is chosen by the document date among its date-restricted codes;
//   - noun phrases are runs of nominal words (DET ADJ NOUN PROPN NUM, possessive 's, matched
//     phrases); a phrase's code joins its actor with its agents as PETRARCH does ("[~GOV]" after
//     the actor: ARNGOV, "[NGO~]" before it: NGOARN; "---GOV" without an actor); "AGENT of/in/from
//     ACTOR" ("the ambassadors of Arnor", "lawmakers in Fornost") composes too; phrases joined by
//     "," "and" "or" "nor" are one compound actor, coded once per member;
//   - a verb (UPOS VERB, or a noun or adjective right after an auxiliary: "did not clash") found
//     in the verbs dictionary (by surface form, else by lemma; multi-word verbs by their words)
//     selects its block; the block's patterns are tried longest first, TABARI
//     style: words before '*' are looked for leftwards from the verb, words after it rightwards,
//     each anywhere further out unless joined with '_'; '$' '+' '%' take the next actor phrase, '^'
//     skips a noun phrase; the first pattern that matches gives the code, else the verb's own code,
//     else the block's;
//   - source: the '$' slot, else the subject from the parse (nsubj, inherited through xcomp and
//     conj, the noun an acl modifies, the governing subject for a pronoun; in the passive the "by"
//     agent is the source and the subject the target), else the nearest actor before the verb in
//     its clause; target: the '+' slot, else the first actor phrase after the verb in its clause
//     that is not the subject of another clause; "A:B" codes give A from
//     source to target and B back; '%' codes a compound with itself (every ordered pair);
//   - discards: a sentence with a discard phrase is not coded, a story-level discard ("+PHRASE")
//     stops the whole document; both are recorded in Analysis::notes.
#pragma once

#include <string_view>

#include "chronicle/document.h"
#include "engine/stage.h"
#include "events/cameo.h"
#include "lexicon/petrarch_dictionaries.h"

namespace chronicle::events {

struct PetrarchCoderOptions {
  // PETRARCH's require_dyad: drop events without a source or a target (true, its default), or keep
  // them with "---" for the missing side.
  bool require_dyad = true;
};

class PetrarchCoder final : public Stage {
 public:
  // `table` fills labels, Goldstein scores and PLOVER categories for codes it knows; codes it does
  // not know (the validation dictionaries' "1717", "345") are kept as written, with empty labels.
  PetrarchCoder(const lexicon::PetrarchDictionaries& dictionaries, const CameoTable& table,
                PetrarchCoderOptions options)
      : dictionaries_(dictionaries), table_(table), options_(options) {}
  std::string_view name() const override { return "events (petrarch)"; }
  // Appends its events. When another coder ran before it (the "alongside" mode), a verb that
  // already triggered an event is not coded again, and the events stay in text order.
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const lexicon::PetrarchDictionaries& dictionaries_;
  const CameoTable& table_;
  PetrarchCoderOptions options_;
};

}  // namespace chronicle::events
