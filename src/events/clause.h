// Reading a sentence's dependency tree for the event coder: who is the subject of a verb, what it
// acts on, whether it is passive, who speaks a clause, and what governs it.
//
// The coder matches a pattern on the words first (data/verbs.txt); this reader then answers
// "whose verb is it?" from the parse, so that word order no longer decides who the source is:
//   - "This stance was reiterated by the Russian Defense Minister": passive, agent from "by";
//   - "Moscow vowed to retaliate against Kyiv": "retaliate" takes the subject of "vowed";
//   - "forces that attacked the base": a relative clause's subject is the noun it modifies;
//   - "killed in a Russian missile strike": the actor modifying an attack noun is its author.
// Every answer is a token index (the head word of a phrase) or a list of them; the coder maps
// heads to actor mentions. Without a parse (`parsed()` false) the coder uses word order alone.
//
// Relations are Universal Dependencies v2 as the parser writes them (docs/models.md).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "chronicle/document.h"

namespace chronicle::events {

class ClauseReader {
 public:
  // Tokens [first, end) of one sentence of `analysis`.
  ClauseReader(const Analysis& analysis, uint32_t first, uint32_t end);

  // The parser ran on this sentence (every token has a relation).
  bool parsed() const { return parsed_; }
  // The first token of the clause material: after a dateline, else the sentence's first token.
  uint32_t first() const { return first_; }

  // The syntactic head of `token`, or -1 at the root (or outside the sentence).
  int head(uint32_t token) const;
  // The relation of `token` to its head without its subtype ("obl" for "obl:tmod").
  std::string_view relation(uint32_t token) const;
  // Children of `token` whose relation is `relation` (exactly, or its base before ':' when
  // `relation` has no subtype), in text order.
  std::vector<uint32_t> children(uint32_t token, std::string_view relation) const;
  // Every child of `token` inside the clause, in text order (empty without a parse).
  std::span<const uint32_t> dependents(uint32_t token) const;
  // The first such child, or -1.
  int child(uint32_t token, std::string_view relation) const;
  // The preposition marking a nominal ("case" child: "against" in "against Kyiv"), lower case, or
  // empty. A multiword marker ("according to", "on behalf of") is given by its first word.
  std::string_view marker(uint32_t token) const;

  // Passive: an nsubj:pass or aux:pass child, or a participle modifying a noun ("forces backed
  // by Iran").
  bool passive(uint32_t verb) const;
  // The subject of `verb`: its nsubj; else the subject it shares as an xcomp ("vowed to
  // retaliate"), a conjoined verb ("met and discussed") or a participial adverbial clause
  // (", accusing ..."); for a relative clause whose subject is the relative pronoun, the noun the
  // clause modifies. -1 when none.
  int subject(uint32_t verb) const;
  // The passive subject (the target of a passive verb), or -1.
  int passive_subject(uint32_t verb) const;
  // The agent of a passive verb: an obl (or obl:agent) marked by "by", or -1; when it has none,
  // the agent of a passive verb conjoined with it.
  int agent(uint32_t verb) const;
  // The direct object, else the indirect object, or -1.
  int object(uint32_t verb) const;
  // Obliques and nominal modifiers of `word` marked by one of `markers` ("against", "on", "with"),
  // in text order.
  std::vector<uint32_t> marked(uint32_t word, std::initializer_list<std::string_view> markers) const;
  // Modifiers that can name who did a nominal event: nmod:poss ("Russia's attack"), amod
  // ("a Russian strike"), compound ("Hamas attack"), and a "by" nmod ("an attack by Hamas").
  std::vector<uint32_t> nominal_authors(uint32_t noun) const;
  // Conjuncts of `token` ("Russia, Turkey and Iran" → Turkey, Iran), in text order.
  std::vector<uint32_t> conjuncts(uint32_t token) const;
  // The verb whose clausal complement `verb` is ("said that ... attacked": "said"), following
  // conj and xcomp up; -1 when `verb` is not reported.
  int reporting_verb(uint32_t verb) const;
  // The verb whose xcomp/ccomp `verb` is, or -1 ("refused to sign" → "refused").
  int governor(uint32_t verb) const;

 private:
  bool inside(int token) const { return token >= static_cast<int>(first_) && token < static_cast<int>(end_); }
  const Analysis& analysis_;
  uint32_t first_, end_;
  bool parsed_ = false;
  std::vector<std::vector<uint32_t>> children_;  // by token - first_
};

}  // namespace chronicle::events
