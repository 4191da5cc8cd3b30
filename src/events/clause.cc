#include "events/clause.h"

#include <algorithm>

#include "text/words.h"

namespace chronicle::events {

using text::is_one_of;

ClauseReader::ClauseReader(const Analysis& analysis, uint32_t first, uint32_t end)
    : analysis_(analysis), first_(static_cast<uint32_t>(text::dateline_end(analysis.tokens, first, end))), end_(end) {
  // A dateline ("HANOI, April 9 (Meridian) —") is outside the clause: the parser, trained on text
  // without datelines, often makes its city the subject of the main verb.
  first = first_;
  parsed_ = end > first;
  for (uint32_t idx = first; idx < end && parsed_; ++idx) parsed_ = !analysis.tokens[idx].deprel.empty();
  if (!parsed_) return;
  children_.resize(end - first);
  for (uint32_t idx = first; idx < end; ++idx) {
    int parent = analysis.tokens[idx].head;
    if (inside(parent)) children_[parent - first].push_back(idx);
  }
}

int ClauseReader::head(uint32_t token) const {
  if (!parsed_ || !inside(static_cast<int>(token))) return -1;
  int parent = analysis_.tokens[token].head;
  return inside(parent) ? parent : -1;
}

std::string_view ClauseReader::relation(uint32_t token) const {
  std::string_view full = analysis_.tokens[token].deprel;
  return full.substr(0, full.find(':'));
}

std::vector<uint32_t> ClauseReader::children(uint32_t token, std::string_view wanted) const {
  std::vector<uint32_t> found;
  if (!parsed_ || !inside(static_cast<int>(token))) return found;
  const bool exact = wanted.find(':') != std::string_view::npos;
  for (uint32_t child : children_[token - first_]) {
    std::string_view full = analysis_.tokens[child].deprel;
    if (exact ? full == wanted : relation(child) == wanted) found.push_back(child);
  }
  return found;
}

std::span<const uint32_t> ClauseReader::dependents(uint32_t token) const {
  if (!parsed_ || !inside(static_cast<int>(token))) return {};
  return children_[token - first_];
}

int ClauseReader::child(uint32_t token, std::string_view wanted) const {
  std::vector<uint32_t> found = children(token, wanted);
  return found.empty() ? -1 : static_cast<int>(found.front());
}

std::string_view ClauseReader::marker(uint32_t token) const {
  int found = child(token, "case");
  if (found < 0) found = child(token, "mark");
  if (found < 0 && parsed_ && inside(static_cast<int>(token))) {
    // The parser sometimes hangs the preposition on the phrase's first modifier instead of its
    // head: in "killed by West Papua National Liberation Army militants", "by" is a child of
    // "Army", a compound of "militants". A case word opening the phrase is still its marker.
    for (uint32_t modifier : children_[token - first_]) {
      if (modifier > token) break;
      std::string_view rel = relation(modifier);
      if (rel != "compound" && rel != "amod" && rel != "nummod" && rel != "det" && rel != "flat") continue;
      int opening = child(modifier, "case");
      if (opening >= 0 && static_cast<uint32_t>(opening) < modifier) found = opening;
      break;
    }
  }
  return found < 0 ? std::string_view() : std::string_view(analysis_.tokens[found].lower);
}

bool ClauseReader::passive(uint32_t verb) const {
  if (child(verb, "nsubj:pass") >= 0 || child(verb, "aux:pass") >= 0) return true;
  // "forces backed by Iran", "a convoy targeted in Gaza": a past participle modifying a noun.
  // Not with a direct object: "The Israeli military attacked Gaza" tagged VBN and parsed as a
  // modifier of "military" is a finite verb the tagger misread.
  return relation(verb) == "acl" && analysis_.tokens[verb].xpos == "VBN" && child(verb, "obj") < 0;
}

int ClauseReader::subject(uint32_t verb) const {
  // Bounded walk: the tree has no cycles, but a malformed parse must not loop.
  for (int steps = 0; steps < 8; ++steps) {
    int found = -1;
    if (child(verb, "nsubj:pass") < 0) {
      // Normally one subject; after a misparse, the one nearest the verb.
      for (uint32_t candidate : children(verb, "nsubj")) {
        if (found < 0 || (candidate < verb && (found > static_cast<int>(verb) || static_cast<int>(candidate) > found))) {
          found = static_cast<int>(candidate);
        }
      }
    }
    if (found < 0) found = child(verb, "csubj");
    if (found >= 0) {
      // A relative pronoun ("forces that attacked"): the noun the clause modifies.
      const Token& word = analysis_.tokens[found];
      if (relation(verb) == "acl" && is_one_of(word.lower, {"that", "which", "who", "whom"})) {
        return head(verb);
      }
      return found;
    }
    int parent = head(verb);
    if (parent < 0) return -1;
    std::string_view rel = relation(verb);
    const Token& parent_token = analysis_.tokens[parent];
    const bool parent_is_verb = parent_token.tag == "VERB" || parent_token.tag == "AUX";
    // A conjoined verb right after a name, with no "and" or comma between: the parser joined two
    // clauses, and the name is this verb's subject ("proposes talks after the United Kingdom,
    // France, Germany and Poland threatened sanctions": "after" read as a preposition).
    if (rel == "conj" && parent_is_verb && verb > first_) {
      const Token& before = analysis_.tokens[verb - 1];
      if ((before.tag == "PROPN" || before.tag == "NOUN") && child(verb, "cc") < 0) {
        int subject = static_cast<int>(verb - 1);
        // Up to the head of the name and of its coordination ("Poland" → "Kingdom").
        for (int up = 0; up < 6; ++up) {
          int above = head(static_cast<uint32_t>(subject));
          if (above < 0 || !is_one_of(relation(static_cast<uint32_t>(subject)), {"flat", "compound", "conj"})) break;
          subject = above;
        }
        if (is_one_of(relation(static_cast<uint32_t>(subject)), {"obl", "nmod", "nsubj", "appos"})) return subject;
      }
    }
    if (rel == "xcomp" || (rel == "conj" && parent_is_verb)) {
      // A passive governor hands on its passive subject only as an xcomp subject ("X was asked
      // to leave"); a conjoined verb after a passive one has its own.
      if (rel == "conj" && passive(static_cast<uint32_t>(parent))) return -1;
      int shared = child(static_cast<uint32_t>(parent), "nsubj:pass");
      if (rel == "xcomp" && shared >= 0) return shared;
      // Object control: "Guterres urges Rwanda to end its support", "ordered the army to
      // withdraw": the one asked, told or made to act is the object, not the asker.
      if (rel == "xcomp" && is_one_of(parent_token.lemma, {"urge", "ask", "call", "press", "request", "tell",
                                                            "order", "force", "encourage", "invite", "allow",
                                                            "permit", "persuade", "instruct", "direct",
                                                            "pressure", "compel", "require", "authorize",
                                                            "authorise", "advise", "warn", "help", "enable"})) {
        int asked = child(static_cast<uint32_t>(parent), "obj");
        if (asked >= 0 && asked < static_cast<int>(verb)) return asked;
      }
      verb = static_cast<uint32_t>(parent);
      continue;
    }
    // "a video shows soldiers executing prisoners", "witnesses saw troops firing": after a verb
    // of seeing or showing, a gerund right after the object (no comma, no "while" or "after")
    // has the object as its subject; ", killing 19" still shares the main subject.
    if ((rel == "advcl" || rel == "xcomp") && parent_is_verb && analysis_.tokens[verb].xpos == "VBG" &&
        child(verb, "mark") < 0 &&
        is_one_of(analysis_.tokens[parent].lemma, {"show", "see", "watch", "film", "depict", "capture", "record",
                                                   "catch", "hear", "spot", "photograph", "witness"})) {
      int seen = child(static_cast<uint32_t>(parent), "obj");
      bool comma = false;
      for (int idx = seen + 1; seen >= 0 && idx < static_cast<int>(verb); ++idx)
        comma |= analysis_.tokens[idx].lower == "," || analysis_.tokens[idx].lower == ";";
      if (seen >= 0 && seen < static_cast<int>(verb) && !comma) return seen;
    }
    if (rel == "advcl" && parent_is_verb &&
        (analysis_.tokens[verb].xpos == "VBG" || analysis_.tokens[verb].xpos == "VB")) {
      // ", accusing Kyiv of ...", "to retaliate": the participle or infinitive shares the main
      // subject.
      if (passive(static_cast<uint32_t>(parent))) return -1;
      verb = static_cast<uint32_t>(parent);
      continue;
    }
    if (rel == "acl" && analysis_.tokens[verb].xpos == "VBG") return parent;  // "troops attacking"
    // A misread finite verb (see `passive`): its noun is the subject.
    if (rel == "acl" && analysis_.tokens[verb].xpos == "VBN" && child(verb, "obj") >= 0) return parent;
    return -1;
  }
  return -1;
}

int ClauseReader::passive_subject(uint32_t verb) const {
  int found = child(verb, "nsubj:pass");
  if (found >= 0) return found;
  if (relation(verb) == "acl" && analysis_.tokens[verb].xpos == "VBN") return head(verb);
  // A conjoined passive participle shares the first one's subject: "was closed and reopened".
  if (relation(verb) == "conj" && analysis_.tokens[verb].xpos == "VBN") {
    int parent = head(verb);
    if (parent >= 0 && passive(static_cast<uint32_t>(parent))) return child(static_cast<uint32_t>(parent), "nsubj:pass");
  }
  return -1;
}

int ClauseReader::agent(uint32_t verb) const {
  auto own = [&](uint32_t word) {
    for (uint32_t candidate : children(word, "obl")) {
      if (analysis_.tokens[candidate].deprel == "obl:agent" || marker(candidate) == "by") return static_cast<int>(candidate);
    }
    return -1;
  };
  int found = own(verb);
  if (found >= 0) return found;
  // Conjoined passives share one agent: "56 people are killed and 158 others are injured by the
  // RSF", "were abducted by militants and killed".
  for (uint32_t conjunct : children(verb, "conj")) {
    if (passive(conjunct) && (found = own(conjunct)) >= 0) return found;
  }
  int parent = head(verb);
  if (parent >= 0 && relation(verb) == "conj" && passive(static_cast<uint32_t>(parent))) return own(static_cast<uint32_t>(parent));
  return -1;
}

int ClauseReader::object(uint32_t verb) const {
  int found = child(verb, "obj");
  return found >= 0 ? found : child(verb, "iobj");
}

std::vector<uint32_t> ClauseReader::marked(uint32_t word, std::initializer_list<std::string_view> markers) const {
  std::vector<uint32_t> found;
  if (!parsed_ || !inside(static_cast<int>(word))) return found;
  for (uint32_t candidate : children_[word - first_]) {
    std::string_view rel = relation(candidate);
    if (rel != "obl" && rel != "nmod") continue;
    std::string_view case_word = marker(candidate);
    for (std::string_view wanted : markers) {
      if (case_word == wanted) {
        found.push_back(candidate);
        break;
      }
    }
  }
  return found;
}

std::vector<uint32_t> ClauseReader::nominal_authors(uint32_t noun) const {
  std::vector<uint32_t> found;
  if (!parsed_ || !inside(static_cast<int>(noun))) return found;
  for (uint32_t candidate : children_[noun - first_]) {
    std::string_view full = analysis_.tokens[candidate].deprel;
    std::string_view rel = relation(candidate);
    if (full == "nmod:poss" || rel == "amod" || rel == "compound" ||
        (rel == "nmod" && marker(candidate) == "by")) {
      found.push_back(candidate);
      // "Houthi drone and missile attacks": the modifier's conjuncts modify the noun too.
      if (rel == "compound" || rel == "amod")
        for (uint32_t conjunct : children(candidate, "conj")) found.push_back(conjunct);
    }
  }
  return found;
}

std::vector<uint32_t> ClauseReader::conjuncts(uint32_t token) const { return children(token, "conj"); }

int ClauseReader::reporting_verb(uint32_t verb) const {
  // Verbs of saying whose complement is what was said; lemmas.
  auto is_speech = [&](uint32_t token) {
    return is_one_of(analysis_.tokens[token].lemma,
                     {"say", "tell", "report", "state", "claim", "announce", "add", "confirm",
                      "allege", "write", "quote", "assert", "insist", "note", "warn", "admit", "acknowledge"});
  };
  uint32_t clause = verb;
  for (int steps = 0; steps < 8; ++steps) {
    // "Y attacked Z, officials said": the speech verb is a parataxis child of the clause.
    for (uint32_t child : children(clause, "parataxis")) {
      if (is_speech(child)) return static_cast<int>(child);
    }
    int parent = head(clause);
    if (parent < 0) return -1;
    std::string_view rel = relation(clause);
    if (rel == "ccomp" && is_speech(static_cast<uint32_t>(parent))) return parent;
    if (rel == "parataxis" && is_speech(static_cast<uint32_t>(parent))) return parent;
    if (rel != "conj" && rel != "xcomp" && rel != "ccomp") return -1;
    clause = static_cast<uint32_t>(parent);
  }
  return -1;
}

int ClauseReader::governor(uint32_t verb) const {
  std::string_view rel = relation(verb);
  if (rel != "xcomp" && rel != "ccomp") return -1;
  return head(verb);
}

}  // namespace chronicle::events
