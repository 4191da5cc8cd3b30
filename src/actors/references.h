// References to actors already named in the document: the last step of the actor stage.
//
//   - Personal pronouns: "he", "him", "his", "she", "her" → the latest person named in the last
//     three sentences, not the subject of the pronoun's own verb ("Abiy hosted him" is not Abiy);
//     "they", "them", "their" → the latest plural group or force ("Russian forces"); "its" → the
//     latest country, capital or organisation; "it" as the subject of a verb in what a country or
//     body says ("Kenya admits that it assisted Uganda") → the speaker.
//   - Definite descriptions that name only a sector: "the ministry", "the delegation", "the army
//     chief", "the president" → the latest actor of the same sector that has a country, else the
//     latest country named; "the country" → the latest country.
//   - "the two leaders", "both sides", "the two countries" → the two latest actors of different
//     countries: two mentions over the same words, one per actor.
// A resolved mention keeps its own words and span (the evidence) and takes the antecedent's
// codes; its kind becomes "reference" and its role says what it was ("pronoun", "the ministry").
// Antecedents are looked for only before the reference, never after: a report introduces its
// actors before it refers to them.
#pragma once

#include "chronicle/document.h"

namespace chronicle::actors {

// Adds pronoun and plural references to `analysis.actors` and fills in sector-only definite
// mentions, keeping the layer in text order.
void resolve_references(const Document& document, Analysis& analysis);

}  // namespace chronicle::actors
