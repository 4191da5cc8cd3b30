#include "events/coder.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "events/clause.h"
#include "events/document_context.h"
#include "text/words.h"

namespace chronicle::events {
namespace {

using text::cut;
using text::is_one_of;
using text::is_word;

bool is_preposition(std::string_view lower) {
  return is_one_of(lower, {"of", "in", "to", "with", "from", "by", "at", "for", "on", "near",
                           "against", "among", "between", "about", "over", "under", "into",
                           "toward", "towards", "across", "during", "after", "before", "amid",
                           "including", "like", "than", "via", "without", "per", "upon",
                           "behind", "beyond", "inside", "outside", "within", "alongside"});
}

bool is_locative_preposition(std::string_view lower) {
  // Not "from" (an origin) or "over" (a topic): "envoys from Serbia", "talks over the bases".
  return is_one_of(lower, {"in", "at", "near", "outside", "inside", "around", "across", "into",
                           "on", "off", "along", "within", "throughout"});
}

// Words and marks that open a new clause when scanning back from a trigger for its subject.
bool is_clause_boundary(const Token& token) {
  return is_one_of(token.lower, {";", ":", "—", "–", "--", "that", "which", "who", "whom",
                                 "whose", "where", "while", "whereas", "but", "although",
                                 "though", "because", "if", "unless", "when", "after", "before",
                                 "as", "since", "until", "(", ")", "whether"});
}

bool is_be_form(std::string_view lower) {
  return is_one_of(lower, {"is", "was", "were", "are", "been", "being", "be", "'s", "'re", "get",
                           "got", "gets"});
}

bool is_passive_participle(const Token& token) {
  std::string_view lower = token.lower;
  if (lower.size() > 2 && (lower.ends_with("ed") || lower.ends_with("en"))) return true;
  // Irregular participles: the lemma differs from the word and the word is not a present form.
  return !token.lemma.empty() && token.lemma != lower && !lower.ends_with("s") &&
         !lower.ends_with("ing");
}

// Per-sentence lookup tables: which mention covers each token.
struct SentenceIndex {
  uint32_t first = 0, end = 0;
  std::vector<int> actor_at;  // actor mention index starting at token, else -1
  std::vector<int> actor_covering;
  std::vector<int> place_at;
  // Hyphenated compounds, which the tokenizer splits ("test-fired" → "test" "-" "fired"), are
  // one word for the patterns: one past the compound starting at a token, 0 for a token inside
  // one (computed once per sentence; the matcher asks for every token).
  std::vector<uint32_t> word_end;
  // Tokens inside a date expression: "March" in "on March 3" is a month, not a protest march.
  std::vector<bool> in_date;
  int token_actor(uint32_t idx) const { return actor_covering[idx - first]; }
  bool inside_word(uint32_t idx) const { return word_end[idx - first] == 0; }
  uint32_t end_of_word(uint32_t idx) const { return word_end[idx - first]; }
};

// One matched pattern in a sentence.
struct Match {
  const VerbPattern* pattern = nullptr;
  uint32_t trigger_first = 0;  // first word token
  uint32_t trigger_last = 0;   // last word token
  uint32_t end = 0;            // one past the last token consumed (slots included)
  std::vector<int> targets;    // actor mention indices in the '+' slot
  int target_place = -1;       // a place in the '+' slot when no actor is there
  std::vector<int> sources;    // actor mention indices in the '$' slot
  int score = 0;
};

class SentenceCoder {
 public:
  SentenceCoder(const CameoTable& table, const PatternSet& patterns, const ModalityCues& cues,
                const Document& document, Analysis& analysis, uint32_t sentence_idx)
      : table_(table), patterns_(patterns), cues_(cues), document_(document), analysis_(analysis),
        sentence_idx_(sentence_idx),
        clause_(analysis, analysis.sentences[sentence_idx].first_token, analysis.sentences[sentence_idx].end_token) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    index_.first = sentence.first_token;
    index_.end = sentence.end_token;
    size_t size = sentence.end_token - sentence.first_token;
    index_.actor_at.assign(size, -1);
    index_.actor_covering.assign(size, -1);
    index_.place_at.assign(size, -1);
    index_.word_end.assign(size, 0);
    for (uint32_t idx = index_.first; idx < index_.end;) {
      const uint32_t end = static_cast<uint32_t>(text::compound_end(analysis.tokens, idx, index_.end));
      index_.word_end[idx - index_.first] = end;
      idx = end;
    }
    // Stages append mentions in text order, so this sentence's mentions form one run.
    auto actors_begin = std::partition_point(
        analysis.actors.begin(), analysis.actors.end(),
        [&](const ActorMention& mention) { return mention.range.first_token < index_.first; });
    for (size_t mention_idx = actors_begin - analysis.actors.begin();
         mention_idx < analysis.actors.size(); ++mention_idx) {
      const TokenRange& range = analysis.actors[mention_idx].range;
      if (range.first_token >= index_.end) break;
      int value = static_cast<int>(mention_idx);
      if (index_.actor_at[range.first_token - index_.first] < 0) {
        index_.actor_at[range.first_token - index_.first] = value;
      }
      for (uint32_t idx = range.first_token; idx < range.end_token && idx < index_.end; ++idx) {
        if (index_.actor_covering[idx - index_.first] < 0) {
          index_.actor_covering[idx - index_.first] = value;
        }
      }
    }
    index_.in_date.assign(size, false);
    for (const DateMention& date : analysis.dates) {
      for (uint32_t idx = std::max(date.range.first_token, index_.first);
           idx < date.range.end_token && idx < index_.end; ++idx) {
        index_.in_date[idx - index_.first] = true;
      }
    }
    auto places_begin = std::partition_point(
        analysis.places.begin(), analysis.places.end(),
        [&](const PlaceMention& place) { return place.range.first_token < index_.first; });
    for (size_t place_idx = places_begin - analysis.places.begin();
         place_idx < analysis.places.size(); ++place_idx) {
      const TokenRange& range = analysis.places[place_idx].range;
      if (range.first_token >= index_.end) break;
      index_.place_at[range.first_token - index_.first] = static_cast<int>(place_idx);
    }
  }

  void run() {
    std::vector<Match> matches;
    const std::vector<Token>& tokens = analysis_.tokens;
    for (uint32_t idx = index_.first; idx < index_.end; ++idx) {
      const Token& token = tokens[idx];
      if (!is_word(token)) continue;
      // A hyphenated compound ("test-fired", "EU-facilitated"; the tokenizer splits it) is one
      // word: patterns start at its first token and read it whole.
      if (index_.inside_word(idx)) continue;
      // A trigger inside an actor mention ("Defense Minister") is not a verb.
      if (index_.token_actor(idx) >= 0) continue;
      if (index_.in_date[idx - index_.first]) continue;
      const uint32_t word_end = index_.end_of_word(idx);
      std::string compound_lemma, compound_lower;
      if (word_end > idx + 1) compound_forms(idx, word_end, &compound_lower, &compound_lemma);
      const std::string& lemma = word_end > idx + 1 ? compound_lemma : token.lemma;
      const std::string& lower = word_end > idx + 1 ? compound_lower : token.lower;
      for (const std::string* key : {&lemma, &lower}) {
        if (key->empty() || (key == &lower && lower == lemma)) continue;
        const std::vector<const VerbPattern*>* candidates = patterns_.starting_with(*key);
        if (candidates == nullptr) continue;
        for (const VerbPattern* pattern : *candidates) {
          Match match;
          match.pattern = pattern;
          match.trigger_first = idx;
          if (match_elements(*pattern, 0, idx, &match) && !reads_as_noun(match) && !reads_as_adjective(match)) {
            matches.push_back(std::move(match));
          }
        }
      }
    }
    if (clause_.parsed()) add_object_matches(&matches);
    // Most specific first; a trigger word belongs to one match.
    std::stable_sort(matches.begin(), matches.end(),
                     [](const Match& a, const Match& b) { return a.score > b.score; });
    std::vector<bool> used(index_.end - index_.first, false);
    std::vector<const Match*> accepted;
    for (const Match& match : matches) {
      bool overlaps = false;
      for (uint32_t idx = match.trigger_first; idx <= match.trigger_last; ++idx) {
        if (used[idx - index_.first]) overlaps = true;
      }
      if (overlaps) continue;
      for (uint32_t idx = match.trigger_first; idx <= match.trigger_last; ++idx) {
        used[idx - index_.first] = true;
      }
      accepted.push_back(&match);
    }
    std::sort(accepted.begin(), accepted.end(), [](const Match* a, const Match* b) {
      return a->trigger_first < b->trigger_first;
    });
    for (const Match* match : accepted) emit(*match);
  }

 private:
  const Token& token(uint32_t idx) const { return analysis_.tokens[idx]; }

  // Patterns "VERB ~ NOUNS [+]" matched through the parse, where word order fails: the object
  // comes after a long modifier ("sign in Washington, DC a Strategic Partnership Charter") or
  // before the verb in a passive ("hostages are freed by Hamas"). The verb's object (or passive
  // subject) must be one of the nouns.
  void add_object_matches(std::vector<Match>* matches) const {
    for (uint32_t idx = clause_.first(); idx < index_.end; ++idx) {
      const Token& verb = token(idx);
      if (verb.tag != "VERB" || index_.token_actor(idx) >= 0) continue;
      int object = clause_.passive(idx) ? clause_.passive_subject(idx) : clause_.object(idx);
      if (object < 0 || object == static_cast<int>(idx + 1)) continue;  // adjacent: word order matches it
      const Token& noun = token(static_cast<uint32_t>(object));
      const std::vector<const VerbPattern*>* candidates = patterns_.starting_with(verb.lemma);
      if (candidates == nullptr) continue;
      for (const VerbPattern* pattern : *candidates) {
        if (pattern->nominal) continue;
        const auto& elements = pattern->elements;
        size_t next = 1;
        if (next < elements.size() && elements[next].kind == PatternElement::Kind::kGap) ++next;
        if (next >= elements.size() || elements[next].kind != PatternElement::Kind::kWord) continue;
        const auto& words = elements[next].words;
        if (std::find(words.begin(), words.end(), noun.lemma) == words.end() &&
            std::find(words.begin(), words.end(), noun.lower) == words.end()) {
          continue;
        }
        // Only "VERB ~ NOUN" and "VERB ~ NOUN +": longer patterns need their words in order.
        if (next + 1 < elements.size() &&
            !(next + 2 == elements.size() && elements[next + 1].kind == PatternElement::Kind::kTarget)) {
          continue;
        }
        Match match;
        match.pattern = pattern;
        match.trigger_first = match.trigger_last = idx;
        match.end = idx + 1;
        match.score = 8;
        matches->push_back(std::move(match));
        break;  // the most specific pattern of this verb and object
      }
    }
  }

  // The first token of the word `words` words before token `idx` (a hyphenated compound, "G-7",
  // is one word), or 0.
  uint32_t words_before(uint32_t idx, uint32_t words) const {
    for (; words > 0 && idx > 0; --words) {
      --idx;
      while (idx >= 2 && text::is_joining_hyphen(analysis_.tokens, idx - 1)) idx -= 2;
    }
    return idx;
  }

  // A hyphenated compound, tokens [first, end), is one word for the patterns: its lower form and
  // lemma join its parts ("test-fired", "test-fire").
  void compound_forms(uint32_t first, uint32_t end, std::string* lower, std::string* lemma) const {
    *lower = text::lower_text(analysis_.tokens, first, end);
    lemma->clear();
    for (uint32_t part = first; part < end; ++part) {
      const Token& piece = token(part);
      *lemma += piece.lemma.empty() ? piece.lower : piece.lemma;
    }
  }

  // Does the word at token `idx`, ending at `end`, match one of the element's words?
  bool word_matches(const PatternElement& element, uint32_t idx, uint32_t end) const {
    const auto any = [&](const std::string& lower, const std::string& lemma) {
      for (const std::string& candidate : element.words) {
        if (candidate == lemma || candidate == lower) return true;
      }
      return false;
    };
    if (end == idx + 1) return any(token(idx).lower, token(idx).lemma);
    std::string compound_lower, compound_lemma;
    compound_forms(idx, end, &compound_lower, &compound_lemma);
    return any(compound_lower, compound_lemma);
  }

  // Skips determiners and modifiers before a slot filler; returns the first token of a mention or
  // place found within a few tokens, or `idx` unchanged when none.
  std::optional<uint32_t> find_slot(uint32_t idx) const {
    for (uint32_t look = idx, words = 0; look < index_.end && words < 5; ++look) {
      if (index_.actor_at[look - index_.first] >= 0 || index_.place_at[look - index_.first] >= 0) {
        return look;
      }
      if (index_.inside_word(look)) continue;  // "-backed" in "Russian-backed"
      ++words;
      const Token& skipped = token(look);
      if (!is_word(skipped)) return std::nullopt;
      if (skipped.capitalized && look > idx) return std::nullopt;
      // "shelling of an area of Omdurman", "strikes on the outskirts of Kyiv": the place named.
      if (skipped.lower == "of" && look > idx &&
          is_one_of(token(look - 1).lower, {"area", "areas", "part", "parts", "outskirts", "suburbs", "city", "town",
                                            "village", "villages", "region", "province", "district", "districts",
                                            "centre", "center", "heart", "neighbourhood", "neighborhood"})) {
        continue;
      }
      if (is_preposition(skipped.lower) ||
          is_one_of(skipped.lower, {"and", "or", "but", "that", "which", "who", "said", "says"})) {
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // Reads one actor and any coordinated actors ("Syria and the United States") at `idx`.
  uint32_t read_actors(uint32_t idx, std::vector<int>* out) const {
    int mention = index_.actor_at[idx - index_.first];
    if (mention < 0) return idx;
    add_with_twins(mention, *out);
    uint32_t end = analysis_.actors[mention].range.end_token;
    while (end < index_.end) {
      uint32_t look = end;
      if (token(look).lower == ",") ++look;
      if (look < index_.end && (token(look).lower == "and" || token(look).lower == "or")) ++look;
      if (look == end) break;
      while (look < index_.end && is_one_of(token(look).lower, {"the", "a", "an", "its"})) ++look;
      if (look >= index_.end) break;
      int next = index_.actor_at[look - index_.first];
      if (next < 0) break;
      add_with_twins(next, *out);
      end = analysis_.actors[next].range.end_token;
    }
    return end;
  }

  bool match_elements(const VerbPattern& pattern, size_t element_idx, uint32_t idx,
                      Match* match) const {
    if (element_idx == pattern.elements.size()) {
      match->end = idx;
      return true;
    }
    const PatternElement& element = pattern.elements[element_idx];
    switch (element.kind) {
      case PatternElement::Kind::kWord: {
        if (idx >= index_.end || index_.inside_word(idx)) return false;
        const uint32_t word_end = index_.end_of_word(idx);
        if (!word_matches(element, idx, word_end)) return false;
        Match attempt = *match;
        attempt.trigger_last = word_end - 1;
        attempt.score += 4;
        if (!match_elements(pattern, element_idx + 1, word_end, &attempt)) return false;
        *match = std::move(attempt);
        return true;
      }
      case PatternElement::Kind::kGap: {
        // Up to five words: "held a new round of talks", "launched a coordinated attack" (a
        // hyphenated compound, "EU-facilitated", is one word).
        uint32_t position = token(match->trigger_first).tag == "VERB" ? skip_place_phrase(idx) : idx;
        for (uint32_t gap = 0; gap <= 5 && position <= index_.end; ++gap) {
          if (gap > 0) {
            if (position >= index_.end) break;
            const Token& skipped = token(position);
            if (!is_word(skipped) && skipped.lower != "-" && skipped.lower != "'s") break;
            // Never into a second clause: "suspends financial aid and imposes economic sanctions"
            // is not "suspend ~ sanctions".
            if (is_one_of(skipped.lower, {"and", "or", "but"}) && position + 1 < index_.end &&
                token(position + 1).tag == "VERB") {
              break;
            }
            position = index_.end_of_word(position);
          }
          Match attempt = *match;
          if (match_elements(pattern, element_idx + 1, position, &attempt)) {
            *match = std::move(attempt);
            return true;
          }
        }
        return false;
      }
      case PatternElement::Kind::kTarget:
      case PatternElement::Kind::kSource: {
        bool is_target = element.kind == PatternElement::Kind::kTarget;
        std::optional<uint32_t> slot = idx < index_.end ? find_slot(idx) : std::nullopt;
        if (slot.has_value()) {
          Match attempt = *match;
          uint32_t after = *slot;
          std::vector<int> found;
          // "between $ and +": the slot takes one actor when the pattern itself continues with
          // the coordinating word.
          bool single = element_idx + 1 < pattern.elements.size() &&
                        pattern.elements[element_idx + 1].kind == PatternElement::Kind::kWord &&
                        std::find(pattern.elements[element_idx + 1].words.begin(),
                                  pattern.elements[element_idx + 1].words.end(),
                                  "and") != pattern.elements[element_idx + 1].words.end();
          if (index_.actor_at[*slot - index_.first] >= 0 && single) {
            int mention = index_.actor_at[*slot - index_.first];
            found.push_back(mention);
            after = analysis_.actors[mention].range.end_token;
          } else if (index_.actor_at[*slot - index_.first] >= 0) {
            after = read_actors(*slot, &found);
          } else if (is_target) {
            attempt.target_place = index_.place_at[*slot - index_.first];
            after = analysis_.places[attempt.target_place].range.end_token;
          }
          if (!found.empty() || attempt.target_place >= 0) {
            (is_target ? attempt.targets : attempt.sources) = found;
            attempt.score += 3;
            if (match_elements(pattern, element_idx + 1, after, &attempt)) {
              *match = std::move(attempt);
              return true;
            }
          }
        }
        // An unfilled slot at the end of a pattern still codes the event, without that actor.
        if (element_idx + 1 == pattern.elements.size()) {
          match->end = idx;
          return true;
        }
        return false;
      }
    }
    return false;
  }

  // First token of the clause that contains `idx`.
  uint32_t clause_start(uint32_t idx) const {
    uint32_t look = idx;
    while (look > index_.first) {
      if (is_clause_boundary(token(look - 1))) return look;
      --look;
    }
    return index_.first;
  }

  // The subject before the trigger: nearest mention in the clause not governed by a preposition.
  std::vector<int> find_subject(uint32_t trigger) const {
    uint32_t start = clause_start(trigger);
    std::vector<int> subject;
    for (uint32_t look = trigger; look > start;) {
      --look;
      int mention = index_.actor_covering[look - index_.first];
      if (mention < 0) continue;
      const ActorMention& actor = analysis_.actors[mention];
      uint32_t first = actor.range.first_token;
      look = first;
      // Walk back over a coordination to its first conjunct.
      uint32_t before = first;
      while (before > start) {
        const Token& previous = token(before - 1);
        if (is_one_of(previous.lower, {"the", "a", "an", "both", "its", "their", "joint"})) {
          --before;
          continue;
        }
        break;
      }
      if (before > start && is_preposition(token(before - 1).lower)) {
        // "forces of Syria and the United States": a conjunct after "of" belongs to the noun
        // before it; keep looking further left.
        continue;
      }
      // "a strike on an industrial park in Kryvyi Rih, Ukraine, kills": a country after a place
      // name and a comma says where the place is.
      if (before > start + 1 && token(before - 1).lower == "," && token(before - 2).capitalized &&
          is_one_of(actor.kind, {"country", "capital"})) {
        // The place before the comma: a name that is no actor, or a capital ("Kyiv, Ukraine");
        // a country there is a list ("Russia, Ukraine and Belarus").
        const int place = index_.actor_covering[before - 2 - index_.first];
        if (place < 0 || analysis_.actors[place].kind == "capital") continue;
      }
      // Walk back over "X, Y and" to the first conjunct of a coordination.
      uint32_t head = first;
      while (head > start) {
        uint32_t look_back = head;
        while (look_back > start &&
               is_one_of(token(look_back - 1).lower, {"the", "a", "an", "its", "their"})) {
          --look_back;
        }
        if (look_back == start) break;
        if (token(look_back - 1).lower != "and" && token(look_back - 1).lower != "," &&
            token(look_back - 1).lower != "or") {
          break;
        }
        --look_back;
        if (look_back > start && token(look_back - 1).lower == ",") --look_back;
        if (look_back == start) break;
        int previous = index_.actor_covering[look_back - 1 - index_.first];
        if (previous < 0 || analysis_.actors[previous].range.end_token != look_back) break;
        head = analysis_.actors[previous].range.first_token;
      }
      std::vector<int> conjuncts;
      read_actors(head, &conjuncts);
      return conjuncts;
    }
    return subject;
  }

  // "..., accusing X of ...": a participle after a comma takes the main clause's subject.
  std::vector<int> find_participle_subject(uint32_t trigger) const {
    if (trigger <= index_.first + 1 || !token(trigger).lower.ends_with("ing") ||
        token(trigger - 1).lower != ",") {
      return {};
    }
    // The main clause starts the sentence, after a dateline ("N'DJAMENA, Oct. 8 —").
    uint32_t begin = index_.first;
    for (uint32_t look = index_.first; look < trigger && look < index_.first + 14; ++look) {
      if (token(look).lower == "—" || token(look).lower == "--") begin = look + 1;
    }
    return first_subject(begin, trigger);
  }

  // The first actor in [begin, trigger) that no preposition governs: the clause's subject, for
  // nominal events whose nearest actor is often the object of an earlier verb ("visited Seoul for
  // talks with ...").
  std::vector<int> first_subject(uint32_t begin, uint32_t trigger) const {
    for (uint32_t look = begin; look < trigger; ++look) {
      int mention = index_.actor_at[look - index_.first];
      if (mention < 0) continue;
      uint32_t before = look;
      while (before > begin && is_one_of(token(before - 1).lower, {"the", "a", "an", "its"})) {
        --before;
      }
      if (before > begin && is_preposition(token(before - 1).lower)) continue;
      std::vector<int> subject;
      read_actors(look, &subject);
      return subject;
    }
    return {};
  }

  // The first actor after the pattern, in the same clause, when the pattern named no target
  // ("threatened to take military action against South Korea").
  // `venues`: for meetings and diplomatic cooperation (roots 04, 05) a country or capital after
  // "in"/"at" is where it happened, not a target ("start talks in Saudi Arabia"); an appeal's
  // "in Ukraine" still names whom it concerns.
  // `agents_end`: a "by" phrase ends the search ("an agreement mediated by Egypt, Qatar and the
  // U.S.": mediators, not the target); for force it may name the target's side ("intercepts a
  // missile fired by the Houthis").
  std::vector<int> find_following_target(uint32_t from, uint32_t after_trigger, const std::vector<int>& sources,
                                         bool venues, bool agents_end) const {
    std::vector<int> found;
    for (uint32_t look = from; look < index_.end && look < from + 12; ++look) {
      const Token& current = token(look);
      // Right after the trigger, "by" names its author ("a mass shooting by Palestinian gunmen").
      if (is_clause_boundary(current) || current.lower == "," ||
          (current.lower == "by" && (agents_end || look == after_trigger))) {
        break;
      }
      int mention = index_.actor_at[look - index_.first];
      if (mention < 0) continue;
      if (std::find(sources.begin(), sources.end(), mention) != sources.end()) break;
      // A possessive pronoun ("closes its land border with India") names the owner, not a target.
      if (is_one_of(current.lower, {"its", "their", "his", "her", "our"})) continue;
      if (!has_actor_code(analysis_.actors[mention].actor)) continue;  // "military action"
      if (look > index_.first && token(look - 1).lower == "of" &&
          analysis_.actors[mention].kind != "country") {
        continue;
      }
      if (venues && look > index_.first && is_one_of(token(look - 1).lower, {"in", "at"}) &&
          is_one_of(analysis_.actors[mention].kind, {"country", "capital"})) {
        continue;
      }
      read_actors(look, &found);
      break;
    }
    return found;
  }

  // The agent of a passive: the mention after "by" following the trigger.
  std::vector<int> find_passive_agent(uint32_t after) const {
    std::vector<int> agent;
    for (uint32_t look = after; look < index_.end && look < after + 4; ++look) {
      if (token(look).lower == "by") {
        std::optional<uint32_t> slot = find_slot(look + 1);
        if (slot && index_.actor_at[*slot - index_.first] >= 0) read_actors(*slot, &agent);
        break;
      }
    }
    return agent;
  }

  bool is_passive(const Match& match) const {
    if (match.pattern->nominal) return false;
    if (!is_passive_participle(token(match.trigger_first))) return false;
    uint32_t look = match.trigger_first;
    for (int steps = 0; steps < 3 && look > index_.first; ++steps) {
      --look;
      const Token& previous = token(look);
      if (is_be_form(previous.lower)) return true;
      if (!(previous.lower.ends_with("ly") || is_one_of(previous.lower, {"also", "not", "been"}))) {
        return false;
      }
    }
    return false;
  }

  // Does a cue (a word sequence) occur in tokens [from, to)? Returns the cue's first token.
  std::optional<uint32_t> find_cue(const std::vector<std::vector<std::string>>& cues, uint32_t from,
                                   uint32_t to, std::string* cue_text) const {
    for (uint32_t idx = from; idx < to; ++idx) {
      for (const std::vector<std::string>& cue : cues) {
        if (cue.empty() || idx + cue.size() > to) continue;
        bool all = true;
        for (size_t part = 0; part < cue.size() && all; ++part) {
          const Token& candidate = token(idx + static_cast<uint32_t>(part));
          all = cue[part] == candidate.lower || cue[part] == candidate.lemma;
        }
        if (all) {
          if (cue_text != nullptr) {
            Span span{token(idx).span.begin,
                      token(idx + static_cast<uint32_t>(cue.size()) - 1).span.end};
            *cue_text = std::string(cut(document_, span));
          }
          return idx;
        }
      }
    }
    return std::nullopt;
  }

  std::optional<Attribution> find_attribution(const Match& match) const {
    // "according to X" anywhere in the sentence.
    for (uint32_t idx = index_.first; idx + 2 < index_.end; ++idx) {
      if (token(idx).lower == "according" && token(idx + 1).lower == "to") {
        uint32_t begin = idx + 2;
        uint32_t end = begin;
        int mention = index_.actor_covering[begin - index_.first];
        if (mention >= 0) {
          end = analysis_.actors[mention].range.end_token;
        } else {
          while (end < index_.end && is_word(token(end)) && end < begin + 8) ++end;
        }
        if (end > begin) {
          Span span{token(begin).span.begin, token(end - 1).span.end};
          return Attribution{std::string(cut(document_, span)), span};
        }
      }
    }
    // "X reported/said (that) ... EVENT", "X, citing ..., reported ...": a verb of saying before
    // the trigger whose subject is an actor or a capitalised name.
    for (uint32_t idx = match.trigger_first; idx > index_.first;) {
      --idx;
      const Token& candidate = token(idx);
      if (!is_one_of(candidate.lemma, {"report", "say", "tell", "state", "claim", "announce",
                                       "quote", "cite", "confirm", "reveal", "allege", "admit", "acknowledge"})) {
        continue;
      }
      // Find the speaker before the verb, skipping a parenthetical ", citing ..., ".
      uint32_t look = idx;
      int depth = 0;
      while (look > index_.first) {
        --look;
        const Token& previous = token(look);
        if (previous.lower == ",") {
          ++depth;
          continue;
        }
        if (depth % 2 == 1) continue;  // inside ", ... ,"
        int mention = index_.actor_covering[look - index_.first];
        if (mention >= 0) {
          const ActorMention& actor = analysis_.actors[mention];
          return Attribution{actor.text, actor.range.span};
        }
        if (previous.capitalized && is_word(previous)) {
          uint32_t begin = look;
          while (begin > index_.first && token(begin - 1).capitalized) --begin;
          Span span{token(begin).span.begin, previous.span.end};
          return Attribution{std::string(cut(document_, span)), span};
        }
        break;
      }
      break;
    }
    return std::nullopt;
  }

  // Is the date at `word`, after the trigger, in a phrase opened by "since" between them ("the
  // largest exchange since the war began in February 2022")? Read on the words: the parser often
  // hangs such a clause on the wrong noun.
  bool after_since(uint32_t word, const Match& match) const {
    for (uint32_t idx = match.trigger_last + 1; idx < word; ++idx)
      if (token(idx).lower == "since") return true;
    return false;
  }

  void fill_date(const Match& match, Event* event) const {
    const DateMention* best = nullptr;
    uint32_t best_distance = UINT32_MAX;
    for (const DateMention& date : analysis_.dates) {
      if (date.range.first_token < index_.first || date.range.first_token >= index_.end) continue;
      // "the largest demonstrations since November", "strikes since March": the start of a
      // period the event is compared with or lasts through, never the day it happened.
      // (The date stage never takes the cue word into the date.)
      if (date.range.first_token > index_.first && token(date.range.first_token - 1).lower == "since") continue;
      if (after_since(date.range.first_token, match)) continue;
      uint32_t distance = date.range.first_token > match.trigger_first
                              ? date.range.first_token - match.trigger_first
                              : match.trigger_first - date.range.first_token;
      // A date in another clause ("..., the army said on Monday") is a weaker witness.
      uint32_t lo = std::min(date.range.first_token, match.trigger_first);
      uint32_t hi = std::max(date.range.first_token, match.trigger_first);
      for (uint32_t idx = lo; idx < hi; ++idx) {
        if (is_clause_boundary(token(idx)) || token(idx).lower == ",") {
          distance += 1000;
          break;
        }
      }
      if (distance < best_distance) {
        best = &date;
        best_distance = distance;
      }
    }
    if (best != nullptr) {
      event->date_text = best->text;
      if (best->resolved) {
        event->date = best->value;
        event->date_precision = std::string(to_string(best->precision));
      }
      return;
    }
    if (!document_.date.empty()) {
      event->date = document_.date;
      event->date_precision = "day";
    }
  }

  // Sets the event's place; returns the index of the place mention chosen, or -1.
  int fill_place(const Match& match, const std::vector<int>& targets, Event* event) const {
    const PlaceMention* best = nullptr;
    if (match.target_place >= 0) best = &analysis_.places[match.target_place];
    for (int pass = 0; pass < 2 && best == nullptr; ++pass) {
      for (const PlaceMention& place : analysis_.places) {
        uint32_t first = place.range.first_token;
        if (first < index_.first || first >= index_.end) continue;
        if (pass == 0 && first < match.trigger_first) continue;
        // Walk back over determiners and "city of" to the preposition.
        uint32_t look = first;
        while (look > index_.first &&
               (is_one_of(token(look - 1).lower, {"the", "a", "of", "city", "town", "village",
                                                  "region", "province", "capital", "ancient",
                                                  "southern", "northern", "eastern", "western",
                                                  "central", "border", "coastal", "port", "centre",
                                                  "center", "outskirts", "suburbs", "heart", "parts",
                                                  "part", "areas", "area", "regions", "districts",
                                                  "several", "many", "most", "much", "all"}))) {
          --look;
        }
        // "in Gilan, Iran" when the gazetteer does not know Gilan: back over the unknown name.
        if (look > index_.first + 1 && token(look - 1).lower == ",") {
          uint32_t name = look - 1;
          while (name > index_.first && look - name <= 4 && token(name - 1).capitalized) --name;
          if (name < look - 1 && name > index_.first && is_locative_preposition(token(name - 1).lower)) look = name;
        }
        if (look > index_.first && is_locative_preposition(token(look - 1).lower) && !describes_actor(place, targets, *event) &&
            in_trigger_clause(place, match)) {
          best = &place;
          break;
        }
      }
    }
    // Force (material conflict, quad class 4) happened where its sentence says, even when the parse hangs
    // the place elsewhere ("killed and dozens of others injured by an airstrike on a café in Gaza
    // City"): the sentence's places, when they all lie in one country, give it.
    // A small namesake abroad is suspect ("Somali forces regain control of Balad": the gazetteer
    // knows only Iraq's): the country must be one the sentence's actors name, or the sentence
    // must name none, or the place must be a capital, a province's seat or a region.
    if (best == nullptr && event->quad_class == 4) {
      for (const PlaceMention& place : analysis_.places) {
        if (place.range.first_token < index_.first || place.range.first_token >= index_.end) continue;
        if (place.place.country.empty() || (best != nullptr && best->place.country != place.place.country)) {
          best = nullptr;
          break;
        }
        if (best == nullptr) best = &place;
      }
      if (best != nullptr && !is_one_of(best->place.feature, {"P.PPLC", "P.PPLA", "REGION", "A.PCLI"})) {
        bool named = false, countries = false;
        for (uint32_t word = index_.first; word < index_.end; ++word) {
          const int mention = index_.token_actor(word);
          if (mention < 0 || analysis_.actors[mention].actor.country.empty()) continue;
          countries = true;
          named |= analysis_.actors[mention].actor.country == best->place.country;
        }
        if (countries && !named) best = nullptr;
      }
    }
    if (best == nullptr) return -1;
    event->place = EventPlace{best->text, best->place};
    return static_cast<int>(best - analysis_.places.data());
  }

  // A place that modifies an actor ("the government in Port Sudan", "protesters in Tbilisi") says
  // where the actor is, not where the event happened; only the parse can tell.
  // Except where a material event's target is ("aid delivered to displaced families in North
  // Darfur", "shelled villages in the south"): the target's place is where the event happened.
  bool describes_actor(const PlaceMention& place, const std::vector<int>& targets, const Event& event) const {
    if (!clause_.parsed()) return false;
    for (uint32_t idx = place.range.first_token; idx < place.range.end_token; ++idx) {
      int parent = clause_.head(idx);
      if (parent >= static_cast<int>(place.range.first_token) && parent < static_cast<int>(place.range.end_token)) continue;
      if (parent < 0 || clause_.relation(idx) != "nmod") return false;
      int owner = index_.token_actor(static_cast<uint32_t>(parent));
      if (owner < 0 || analysis_.actors[owner].kind == "country" || analysis_.actors[owner].kind == "capital") return false;
      const bool material = event.quad_class == 2 || event.quad_class == 4;
      return !(material && std::find(targets.begin(), targets.end(), owner) != targets.end());
    }
    return false;
  }

  // Is the place part of the trigger's clause? The first verb above it must be the trigger or one
  // of the trigger's own governors ("killed in an attack in Kabul"): a place under another verb
  // belongs to that verb's event ("expelled the ambassador and gave him 72 hours to leave, ...
  // in Port Sudan").
  bool in_trigger_clause(const PlaceMention& place, const Match& match) const {
    if (!clause_.parsed()) return true;
    int node = -1;
    for (uint32_t idx = place.range.first_token; idx < place.range.end_token && node < 0; ++idx) {
      int parent = clause_.head(idx);
      if (parent < static_cast<int>(place.range.first_token) || parent >= static_cast<int>(place.range.end_token)) node = parent;
    }
    for (int steps = 0; node >= 0 && steps < 16; ++steps, node = clause_.head(static_cast<uint32_t>(node))) {
      if (node >= static_cast<int>(match.trigger_first) && node <= static_cast<int>(match.trigger_last)) return true;
      if (token(static_cast<uint32_t>(node)).tag != "VERB") continue;
      for (int above = clause_.head(match.trigger_first), up = 0; above >= 0 && up < 16;
           above = clause_.head(static_cast<uint32_t>(above)), ++up) {
        if (above == node) return true;
      }
      return false;
    }
    return true;
  }

  EventActor make_actor(int mention_idx) const {
    const ActorMention& mention = analysis_.actors[mention_idx];
    return EventActor{mention.text, mention.range.span, mention.actor};
  }

  EventActor place_actor(int place_idx) const {
    const PlaceMention& place = analysis_.places[place_idx];
    EventActor actor;
    actor.text = place.text;
    actor.span = place.range.span;
    actor.actor.code = place.place.country;
    actor.actor.country = place.place.country;
    return actor;
  }

  // A side that names a country, an organisation or a group; a bare sector ("officials" → GOV)
  // is a reference that a later stage must resolve before it can carry an event.
  static bool has_actor_code(const ActorRef& actor) {
    return !actor.country.empty() || actor.code.size() > 3;
  }

  // A verb pattern whose first word follows a determiner is a noun here ("set a target",
  // "the attack"): nominal events have their own patterns.
  bool reads_as_noun(const Match& match) const {
    if (match.pattern->nominal || match.trigger_first == index_.first) return false;
    // A gerund the parse reads as a verb stays one after a preposition: "entered Goma after
    // overrunning army positions", "responded by shelling the port".
    const Token& trigger = token(match.trigger_first);
    if (clause_.parsed() && trigger.tag == "VERB" && trigger.xpos == "VBG") return false;
    const Token& previous = token(match.trigger_first - 1);
    // After a preposition a word is a noun ("for talks with"), but not after the infinitive "to".
    if (previous.lower != "to" && is_preposition(previous.lower)) return true;
    return is_one_of(previous.lower, {"a", "an", "the", "its", "their", "his", "her", "our",
                                      "this", "these", "those", "any", "no", "every", "each",
                                      "'s", "'"});
  }

  // Does a possessive name the author of the event noun, or of the noun whose "of" phrase it is?
  bool named_by_possessor(uint32_t noun) const {
    if (!clause_.children(noun, "nmod:poss").empty()) return true;
    const int owner = clause_.head(noun);
    return owner >= 0 && clause_.relation(noun) == "nmod" && clause_.marker(noun) == "of" &&
           !clause_.children(static_cast<uint32_t>(owner), "nmod:poss").empty();
  }

  // Is the event noun modified by a weapon ("a drone strike")? Its author is then unnamed, not
  // the nearest actor before it ("70 people are killed in a drone attack").
  bool weapon_modified(uint32_t noun) const {
    for (uint32_t modifier : clause_.nominal_authors(noun)) {
      for (int mention : phrase_actors(static_cast<int>(modifier)))
        if (names_a_weapon(analysis_.actors[mention].text)) return true;
    }
    return false;
  }

  // "each other" or "one another" in or right after the match.
  bool each_other(const Match& match) const {
    for (uint32_t idx = match.trigger_first; idx + 1 < index_.end && idx < match.end + 3; ++idx) {
      if ((token(idx).lower == "each" && token(idx + 1).lower == "other") ||
          (token(idx).lower == "one" && token(idx + 1).lower == "another"))
        return true;
    }
    return false;
  }

  // Can a coordinated subject's conjuncts be each other's targets? Meeting, cooperating,
  // yielding and cutting ties (roots 03-06, 08, 16) are mutual ("Russia and Syria strengthen
  // ties", "Israel and Hamas agree to a ceasefire", "the two countries sever relations").
  // Statements, appeals, aid, demands, criticism and threats are not: "Malaysia and South Africa
  // release a joint statement", "Russia and China condemn the strike". Force is mutual only when
  // the words say so ("Indian and Pakistani troops clash", "blame each other"), not in "the army
  // and the police begin offensive operations".
  bool reciprocal(const Match& match, std::string_view root) const {
    if (each_other(match) || is_one_of(root, {"03", "04", "05", "06", "08", "16"})) return true;
    return mutual_words(match);
  }

  // Do the match's words name fighting between sides ("clash", "shootout", "exchange of fire")?
  bool mutual_words(const Match& match, bool with_war = true) const {
    for (uint32_t idx = match.trigger_first; idx <= match.trigger_last; ++idx) {
      const std::string& lemma = token(idx).lemma;
      if (with_war && lemma == "war") return true;
      if (is_one_of(lemma, {"clash", "fight", "fighting", "battle", "skirmish", "exchange", "hostility",
                            "hostilities", "gunfight", "firefight", "confrontation", "shootout", "gunbattle"}))
        return true;
    }
    return false;
  }

  // A pattern whose first word the parse reads as an adjective modifying a noun outside the match
  // describes, it does not narrate: "offensive cyber operations", "a targeted terror attack",
  // "the occupied territories" (the noun may be an event by its own pattern). "military aid to",
  // "mass shooting" keep their noun inside the match.
  // Likewise a noun pattern's word that only modifies another noun: "a stabbing attack" (the
  // attack is the event). Not for verb patterns: there the tagger often reads the verb after a
  // noun as a noun too ("Indian airstrikes impact ...", "Russian glide bombs target Kherson"),
  // making the trigger a compound of it.
  bool reads_as_adjective(const Match& match) const {
    if (!clause_.parsed()) return false;
    const Token& trigger = token(match.trigger_first);
    if (trigger.head <= static_cast<int32_t>(match.trigger_last)) return false;
    return trigger.deprel == "amod" || (match.pattern->nominal && trigger.deprel == "compound");
  }

  // ---- Arguments from the dependency parse ------------------------------------------------------

  // The actor mention of the phrase headed by `word`: one covering the word, else one covering a
  // modifier that names who the phrase belongs to ("Hundreds of Ukrainian soldiers", "a spokesman
  // for the Russian ministry"); then the same for each conjunct ("Russia, Turkey and Iran").
  std::vector<int> phrase_actors(int word) const {
    std::vector<int> found, conjunct_mentions;
    if (word < 0) return found;
    auto add = [&](uint32_t head) {
      int mention = index_.token_actor(head);
      // A bare sector ("Negotiators from Serbia and Kosovo") gives way to the actors named in its
      // modifiers.
      const int bare = mention >= 0 && analysis_.actors[mention].actor.country.empty() &&
                               analysis_.actors[mention].actor.code == analysis_.actors[mention].actor.sector
                           ? mention
                           : -1;
      if (bare >= 0) mention = -1;
      if (mention < 0) {
        for (uint32_t child : clause_.dependents(head)) {
          if (mention >= 0) break;
          std::string_view full = token(child).deprel;
          std::string_view rel = clause_.relation(child);
          bool modifier = rel == "compound" || rel == "amod" || full == "nmod:poss" || rel == "flat" ||
                          rel == "appos" ||
                          (rel == "nmod" && is_one_of(clause_.marker(child), {"of", "for", "from"}));
          // Not a possessive pronoun: "its border" is not the country's actor.
          if (modifier && token(child).tag != "PRON" && index_.token_actor(child) >= 0) {
            mention = index_.token_actor(child);
            // "Negotiators from Serbia and Kosovo": the modifier's conjuncts too.
            for (uint32_t conjunct : clause_.conjuncts(child)) {
              int other = index_.token_actor(conjunct);
              if (other >= 0 && other != mention) conjunct_mentions.push_back(other);
            }
          }
        }
      }
      add_with_twins(mention >= 0 ? mention : bare, found);
    };
    add(static_cast<uint32_t>(word));
    for (uint32_t conjunct : clause_.conjuncts(static_cast<uint32_t>(word))) add(conjunct);
    // "Russian, American, and Turkish delegations": coordinated adjectives, one actor each.
    for (uint32_t modifier : clause_.children(static_cast<uint32_t>(word), "amod")) {
      std::vector<uint32_t> coordinated = clause_.conjuncts(modifier);
      if (coordinated.empty()) continue;
      add_with_twins(index_.token_actor(modifier), found);
      for (uint32_t conjunct : coordinated) add_with_twins(index_.token_actor(conjunct), found);
    }
    for (int other : conjunct_mentions) add_with_twins(other, found);
    return found;
  }

  // Adds `mention` and the mentions over the same words ("the two leaders" is one mention per
  // leader), once each.
  void add_with_twins(int mention, std::vector<int>& found) const {
    if (mention < 0) return;
    const TokenRange& range = analysis_.actors[mention].range;
    for (size_t idx = static_cast<size_t>(mention);
         idx < analysis_.actors.size() && analysis_.actors[idx].range.first_token == range.first_token &&
         analysis_.actors[idx].range.end_token == range.end_token;
         ++idx) {
      if (std::find(found.begin(), found.end(), static_cast<int>(idx)) == found.end()) found.push_back(static_cast<int>(idx));
    }
  }

  // Nouns that name an event of our own patterns ("strike", "attack", "talks"; a verb's word used
  // as a noun, "a police raid"): their modifiers say who acted ("killed in a Russian missile
  // strike").
  bool is_event_noun(uint32_t word) const {
    const bool noun = token(word).tag == "NOUN";
    for (const std::string* key : {&token(word).lemma, &token(word).lower}) {
      if (const auto* candidates = patterns_.starting_with(*key)) {
        for (const VerbPattern* pattern : *candidates) {
          if (pattern->nominal || noun) return true;
        }
      }
    }
    return false;
  }

  // The authors of a nominal event: actors modifying the noun, else the subject of a light verb
  // whose object it is ("Hamas launched an attack", "held talks"), unless `by_subject` is false.
  std::vector<int> nominal_sources(uint32_t noun, const std::vector<int>& exclude, bool by_subject = true) const {
    std::vector<int> found;
    // The actors of a phrase, once each, none of `exclude`, and no weapon nobody is named for ("a
    // drone strike": the weapon is the means; who struck is named elsewhere).
    auto add = [&](int phrase) {
      for (int mention : phrase_actors(phrase)) {
        const ActorMention& actor = analysis_.actors[mention];
        if (actor.actor.country.empty() && names_a_weapon(actor.text)) continue;
        if (std::find(exclude.begin(), exclude.end(), mention) == exclude.end() &&
            std::find(found.begin(), found.end(), mention) == found.end()) {
          found.push_back(mention);
        }
      }
    };
    for (uint32_t modifier : clause_.nominal_authors(noun)) add(static_cast<int>(modifier));
    if (!found.empty()) return found;
    // "a Russian drone and missile attack": the modifiers of the first conjunct (the parse's
    // head, a weapon or an event) modify the whole coordination.
    if (const int head = clause_.head(noun); head >= 0 && head < static_cast<int>(noun) &&
                                            clause_.relation(noun) == "conj" && token(head).tag == "NOUN" &&
                                            (is_event_noun(static_cast<uint32_t>(head)) ||
                                             names_a_weapon(token(head).lower))) {
      for (uint32_t modifier : clause_.nominal_authors(static_cast<uint32_t>(head))) add(static_cast<int>(modifier));
      if (!found.empty()) return found;
    }
    // "air support from the United Arab Emirates", "rockets from Lebanon": where it comes from,
    // unless a possessor already names the author, even one that is no actor ("the group's
    // withdrawal from Walikale"). A "from" the pattern reads as its target is excluded above.
    if (clause_.children(noun, "nmod:poss").empty()) {
      for (uint32_t origin : clause_.marked(noun, {"from"})) add(static_cast<int>(origin));
      if (!found.empty()) return found;
    }
    // "an attack perpetrated by the RSF", "strikes carried out by Israel".
    for (uint32_t clause : clause_.children(noun, "acl")) {
      if (found.empty() && clause_.passive(clause)) found = phrase_actors(clause_.agent(clause));
    }
    if (!found.empty()) return found;
    // "the tribunal's issuance of an arrest warrant", "Russia's launch of an offensive": the
    // authors of the noun whose "of" phrase this is.
    if (const int owner = clause_.head(noun); owner >= 0 && clause_.relation(noun) == "nmod" &&
                                                clause_.marker(noun) == "of" && token(owner).tag == "NOUN") {
      for (uint32_t modifier : clause_.nominal_authors(static_cast<uint32_t>(owner))) add(static_cast<int>(modifier));
      if (!found.empty()) return found;
    }
    int verb = clause_.head(noun);
    if (by_subject && verb >= 0 && clause_.relation(noun) == "obj")
      return phrase_actors(clause_.subject(static_cast<uint32_t>(verb)));
    return found;
  }

  // Is the event noun the object of a verb of speaking about, judging, suffering or stopping
  // someone else's event ("Iran condemns the attack on the embassy", "Trump cited the attack",
  // "repelled an attack")? Then the verb's subject is not its author.
  // Only conflict (roots 11-20): who praises talks or discusses a peacekeeping force often took
  // part in them.
  bool reacted_to(const Match& match, uint32_t noun) const {
    if (match.pattern->code.substr(0, 2) < "11") return false;
    const int verb = clause_.head(noun);
    if (verb < 0 || clause_.relation(noun) != "obj") return false;
    return is_one_of(token(static_cast<uint32_t>(verb)).lemma,
                     {"condemn", "denounce", "criticize", "criticise", "cite", "blame", "report", "investigate", "probe", "mourn", "survive", "witness", "praise", "welcome", "decry", "deplore",
                      "describe", "call", "label", "term", "recall", "remember", "commemorate", "mark", "discuss",
                      "document", "record", "link", "attribute", "accuse", "regret", "lament", "question", "dismiss",
                      "see", "watch", "film", "show", "fear", "expect", "predict", "warn", "avenge", "prevent",
                      "thwart", "foil", "repel", "repulse", "withstand", "suffer", "endure", "face", "experience",
                      "sustain", "intercept", "detect", "monitor", "track", "deny", "reject", "protest", "oppose",
                      "verify", "analyze", "analyse", "review", "respond", "answer", "retaliate", "follow", "resist",
                      "escape", "flee", "map", "study", "research", "count", "list", "identify", "catalog",
                      "catalogue", "tally"});
  }

  // An attack or protest (roots 14-20) the main clause follows is someone else's: "Pakistan
  // closes its border with India following the attack on tourists in Pahalgam" (the noun after
  // "after", "following", "amid", ..., or the object of "following" read as a verb). Talks it
  // follows were the subject's too: "pledges aid following talks with Syria".
  bool followed_attack(const Match& match, uint32_t noun) const {
    if (match.pattern->code.substr(0, 2) < "14") return false;
    const int host = clause_.head(noun);
    if (host < 0) return false;
    if (clause_.relation(noun) == "obj") return token(static_cast<uint32_t>(host)).lower == "following";
    return clause_.relation(noun) == "obl" &&
           is_one_of(clause_.marker(noun), {"after", "following", "amid", "since", "despite", "before"});
  }

  // A copular predicate of harm: "are critically wounded", "is dead".
  bool harm_predicate(uint32_t word) const {
    return !clause_.children(word, "cop").empty() &&
           is_one_of(token(word).lower, {"wounded", "injured", "killed", "dead", "hurt", "missing", "hospitalized"});
  }

  // The actors harmed by the first verb above an event noun: a passive verb's subject ("are
  // injured in ..."), a copular predicate's ("are critically wounded in ..."), else its object.
  std::vector<int> harmed_by_governor(uint32_t noun) const {
    int verb = clause_.head(noun);
    for (int steps = 0; verb >= 0 && steps < 4 && token(static_cast<uint32_t>(verb)).tag != "VERB" &&
                        clause_.children(static_cast<uint32_t>(verb), "cop").empty();
         ++steps) {
      verb = clause_.head(static_cast<uint32_t>(verb));
    }
    if (verb < 0) return {};
    const auto at = static_cast<uint32_t>(verb);
    int harmed = -1;
    if (clause_.passive(at)) {
      harmed = clause_.passive_subject(at);
    } else if (!clause_.children(at, "cop").empty()) {
      if (harm_predicate(at)) harmed = clause_.subject(at);
    } else if (token(at).tag == "VERB") {
      // "Three prison officers sustain life-threatening injuries in a mass stabbing": who suffers
      // injuries is harmed; otherwise the object is.
      harmed = is_one_of(token(at).lemma, {"sustain", "suffer", "receive"}) ? clause_.subject(at) : clause_.object(at);
    }
    // Not when the noun is in that phrase itself ("formalize British military support").
    for (int above = static_cast<int>(noun), steps = 0; above >= 0 && steps < 16; above = clause_.head(static_cast<uint32_t>(above)), ++steps)
      if (above == harmed) return {};
    return phrase_actors(harmed);
  }

  // Past "in Washington, DC," at `idx`: where a verb happened, said between the verb and its
  // object ("sign in Washington, DC a Strategic Partnership Charter"), is no part of a gap.
  // Returns `idx` when no such phrase starts there.
  uint32_t skip_place_phrase(uint32_t idx) const {
    if (idx + 1 >= index_.end || !is_one_of(token(idx).lower, {"in", "at"})) return idx;
    auto place_end = [&](uint32_t first) -> uint32_t {
      if (first < index_.first || first >= index_.end) return 0;
      const int place = index_.place_at[first - index_.first];
      if (place < 0 || analysis_.places[place].range.first_token != first) return 0;
      return analysis_.places[place].range.end_token;
    };
    uint32_t end = place_end(idx + 1);
    if (end == 0) return idx;
    while (end + 1 < index_.end && token(end).lower == "," && place_end(end + 1) > 0) end = place_end(end + 1);
    if (end < index_.end && token(end).lower == ",") ++end;
    return end;
  }

  // Source and target of a match from the parse. Slots the pattern filled are kept; the rest come
  // from the tree. Returns false when the sentence has no parse (the caller then reads word order).
  struct ParsedArguments {
    std::vector<int> sources, targets;
    bool passive = false;
    bool subject_found = false;  // the parse named a subject, even one that is no actor
    std::vector<int> not_sources;  // actors word order must not make the source
  };
  bool parse_arguments(const Match& match, ParsedArguments* out) const {
    if (!clause_.parsed()) return false;
    // The head of the trigger's words: "strike" in "missile strike on", "held" in "held talks".
    // A word hung outside as a modifier is not the head when another is: "Houthi drone and
    // missile attacks on" (the parse made "missile" a conjunct of "drone").
    uint32_t trigger = match.trigger_first;
    bool found_head = false;
    for (uint32_t idx = match.trigger_first; idx <= match.trigger_last; ++idx) {
      int parent = clause_.head(idx);
      if (parent >= static_cast<int>(match.trigger_first) && parent <= static_cast<int>(match.trigger_last)) continue;
      const bool noun = token(idx).tag == "NOUN" || token(idx).tag == "PROPN";
      if (!found_head) {
        trigger = idx;
        found_head = true;
        // Only a noun modifying something outside may give way, and only to a later noun.
        if (noun && is_one_of(clause_.relation(idx), {"compound", "conj"})) continue;
        break;
      }
      if (noun) {
        trigger = idx;
        break;
      }
    }
    const Token& word = token(trigger);
    const bool statement = match.pattern->code.rfind("01", 0) == 0;
    const bool nominal = match.pattern->nominal || word.tag == "NOUN" || word.tag == "PROPN";
    out->sources = match.sources;
    out->targets = match.targets;
    if (nominal) {
      // After the preposition it is decided below, after passives; read as a verb's object, here.
      const bool followed = clause_.relation(trigger) == "obj" && followed_attack(match, trigger);
      const bool reacted = reacted_to(match, trigger);
      if (out->sources.empty()) out->sources = nominal_sources(trigger, out->targets, !followed && !reacted);
      if (out->targets.empty() && match.target_place < 0 && !statement) {
        for (uint32_t argument : clause_.marked(trigger, {"against", "on", "with", "to", "at", "into", "toward", "towards", "between"})) {
          out->targets = phrase_actors(static_cast<int>(argument));
          if (!out->targets.empty()) break;
        }
      }
      // A possessor names the author even when it is no actor ("the war tribunal's issuance of an
      // arrest warrant"): word order must not put someone else in its place.
      // An event noun in an oblique of a verb: of an active verb, the verb's subject is its author
      // ("Israeli forces kill one person ... in a raid on the village", "pledges aid following
      // talks with Syria"); of a passive one, the subject is the victim ("are wounded in a
      // shooting near Brukhin"), so the author is unnamed and word order must not guess it.
      bool unnamed = (followed || reacted) && out->sources.empty();
      // Those the verb above the noun harmed are never its authors: when the parse names none,
      // word order must not make the victims the attackers ("a man suspected of injuring two
      // women in a shooting", "thirteen people are injured in a car-ramming attack").
      out->not_sources = harmed_by_governor(trigger);
      // What something is called ("claims it was a targeted terror attack", "this is the second
      // massacre this week") names no author: the speaker or a body before it is none.
      if (out->sources.empty() && !clause_.children(trigger, "cop").empty()) unnamed = true;
      if (out->sources.empty() && clause_.relation(trigger) == "obl" && !clause_.marker(trigger).empty()) {
        const int verb = clause_.head(trigger);
        // Not for fighting, which has no victims and authors: "two soldiers and five insurgents
        // are killed in a shootout" were both in it.
        // So is a copular predicate of harm: "are critically wounded (ADJ) in a shooting" (not
        // "is ready for talks with Putin").
        if (verb >= 0 && (clause_.passive(static_cast<uint32_t>(verb)) || harm_predicate(static_cast<uint32_t>(verb)))) {
          // In fighting, those killed were its sides: "18 Pakistani troops and 24 Baloch
          // separatists are killed in clashes" is the troops and the separatists clashing.
          if (mutual_words(match, false)) {
            out->sources = phrase_actors(clause_.passive(static_cast<uint32_t>(verb))
                                             ? clause_.passive_subject(static_cast<uint32_t>(verb))
                                             : clause_.subject(static_cast<uint32_t>(verb)));
          }
          unnamed = !mutual_words(match);
        } else if (verb >= 0 && followed_attack(match, trigger)) {
          unnamed = true;
        } else if (verb >= 0) {
          const int subject = clause_.subject(static_cast<uint32_t>(verb));
          out->sources = phrase_actors(subject);
          std::erase_if(out->sources, [&](int mention) {
            return std::find(out->targets.begin(), out->targets.end(), mention) != out->targets.end();
          });
        }
      }
      out->subject_found = !out->sources.empty() || named_by_possessor(trigger) || weapon_modified(trigger) || unnamed;
      return true;
    }
    out->passive = clause_.passive(trigger);
    if (out->passive) {
      if (out->sources.empty()) {
        out->sources = phrase_actors(clause_.agent(trigger));
        // No "by" agent: an attack noun in an oblique names the author ("destroyed in a Russian
        // missile strike"), also one of a conjoined passive ("are killed and 38 others are
        // injured after an attack perpetrated by the RSF").
        std::vector<uint32_t> verbs = {trigger};
        for (uint32_t conjunct : clause_.children(trigger, "conj"))
          if (clause_.passive(conjunct)) verbs.push_back(conjunct);
        for (uint32_t verb : verbs) {
          for (uint32_t oblique : clause_.marked(verb, {"in", "during", "amid", "after", "by"})) {
            if (!out->sources.empty()) break;
            if (is_event_noun(oblique)) out->sources = nominal_sources(oblique, {});
          }
        }
      }
      if (out->targets.empty() && match.target_place < 0) out->targets = phrase_actors(clause_.passive_subject(trigger));
      out->subject_found = true;
      return true;
    }
    if (out->sources.empty()) {
      int subject = clause_.subject(trigger);
      out->subject_found = subject >= 0;
      out->sources = phrase_actors(subject);
      // "Attacks conducted by the IDF kill 91 people", "a Russian strike hit the port": an event
      // noun as subject names its author.
      if (out->sources.empty() && subject >= 0 && is_event_noun(static_cast<uint32_t>(subject))) {
        out->sources = nominal_sources(static_cast<uint32_t>(subject), out->targets);
      }
    } else {
      out->subject_found = true;
    }
    if (out->targets.empty() && match.target_place < 0 && !statement) {
      out->targets = phrase_actors(clause_.object(trigger));
      std::erase_if(out->targets, [&](int mention) {
        return std::find(out->sources.begin(), out->sources.end(), mention) != out->sources.end();
      });
    }
    return true;
  }

  // Negation and modality read from the tree: "not"/"never" on the verb, a governing "refused
  // to"/"denied", "prevent ... from", a modal or future auxiliary, a governing "plans
  // to"/"expected to".
  void tree_modality(const Match& match, Event* event) const {
    if (!clause_.parsed()) return;
    uint32_t verb = match.trigger_first;
    auto cue = [&](uint32_t idx) { return std::string(cut(document_, token(idx).span)); };
    for (uint32_t modifier : clause_.children(verb, "advmod")) {
      if (!event->negated && is_one_of(token(modifier).lower, {"not", "n't", "never"})) {
        event->negated = true;
        event->negation_cue = cue(modifier);
      }
    }
    for (uint32_t aux : clause_.children(verb, "aux")) {
      if (!event->hedged && is_one_of(token(aux).lower, {"could", "may", "might", "would", "will", "shall", "should", "'ll"})) {
        event->hedged = true;
        event->hedge_cue = cue(aux);
      }
    }
    // Kept from happening: "a bill to prevent Trump from using military force against Iran",
    // "bars UNRWA from operating". The gerund's "from" and a verb of keeping a few words before
    // it (read from the words: the parser often hangs the gerund elsewhere).
    if (!event->negated) {
      for (uint32_t mark : clause_.children(verb, "mark")) {
        if (token(mark).lower != "from") continue;
        for (uint32_t look = mark; look-- > index_.first && mark - look <= 6;) {
          if (token(look).tag == "VERB" && is_one_of(token(look).lemma, {"prevent", "bar", "ban", "block", "stop", "keep",
                                                                         "forbid", "prohibit", "deter", "dissuade",
                                                                         "restrain"})) {
            event->negated = true;
            event->negation_cue = cue(look);
            break;
          }
        }
      }
    }
    int governor = clause_.governor(verb);
    for (int steps = 0; governor >= 0 && steps < 3; ++steps) {
      const Token& governing = token(static_cast<uint32_t>(governor));
      if (!event->negated && is_one_of(governing.lemma, {"deny", "refuse", "fail", "decline", "reject"})) {
        event->negated = true;
        event->negation_cue = cue(static_cast<uint32_t>(governor));
      } else if (!event->hedged &&
                 is_one_of(governing.lemma, {"expect", "plan", "intend", "hope", "seek", "aim", "want", "propose",
                                             "consider", "prepare", "threaten", "vow", "pledge", "promise",
                                             // asked of someone, not done: "urges Rwanda to withdraw"
                                             "urge", "ask", "call", "press", "request", "demand", "appeal",
                                             "encourage", "invite", "pressure"})) {
        event->hedged = true;
        event->hedge_cue = cue(static_cast<uint32_t>(governor));
      }
      governor = clause_.governor(static_cast<uint32_t>(governor));
    }
  }

  // The topic of the event: a phrase marked "on", "about", "over", "regarding" or "concerning"
  // under the trigger (or its event noun: "held talks on military cooperation"), or the object of
  // a verb of discussing. Not an actor or a place: those are sides and locations.
  void fill_topic(const Match& match, Event* event) const {
    // Only verbal events have a topic: in material ones "on" marks the target ("airstrikes on
    // ISIL hideouts").
    if (!clause_.parsed() || (event->quad_class != 1 && event->quad_class != 3)) return;
    std::vector<uint32_t> heads;
    for (uint32_t idx = match.trigger_first; idx <= match.trigger_last; ++idx) heads.push_back(idx);
    // The event noun a light verb governs ("held talks"), and the noun the trigger names.
    if (int object = clause_.object(match.trigger_first); object >= 0 && is_event_noun(static_cast<uint32_t>(object)))
      heads.push_back(static_cast<uint32_t>(object));
    // "met the ambassador to discuss military cooperation": a purpose clause of discussing.
    for (std::string_view rel : {"advcl", "xcomp"}) {
      for (uint32_t clause : clause_.children(match.trigger_first, rel))
        if (is_one_of(token(clause).lemma, {"discuss", "negotiate", "debate", "address", "review"})) heads.push_back(clause);
    }
    for (uint32_t head : heads) {
      std::vector<uint32_t> candidates = clause_.marked(head, {"on", "about", "over", "regarding", "concerning"});
      if (is_one_of(token(head).lemma, {"discuss", "negotiate", "debate", "address", "review"})) {
        int object = clause_.object(head);
        if (object >= 0) candidates.insert(candidates.begin(), static_cast<uint32_t>(object));
      }
      for (uint32_t candidate : candidates) {
        if (index_.token_actor(candidate) >= 0 || index_.place_at[candidate - index_.first] >= 0) continue;
        if (token(candidate).tag == "PROPN" && clause_.marker(candidate) == "on") continue;  // "on Monday"
        const bool dated = std::any_of(analysis_.dates.begin(), analysis_.dates.end(), [&](const DateMention& date) {
          return date.range.first_token <= candidate && candidate < date.range.end_token;
        });
        if (dated) continue;  // "on October 15th"
        if (token(candidate).tag != "NOUN" && token(candidate).tag != "PROPN") continue;
        // The noun phrase: the candidate and its modifiers, down through modifier relations only
        // (not "on Monday" or "in Geneva" attached to it), without its preposition.
        uint32_t begin = candidate, end = candidate + 1;
        std::vector<uint32_t> stack{candidate};
        while (!stack.empty()) {
          uint32_t node = stack.back();
          stack.pop_back();
          begin = std::min(begin, node);
          end = std::max(end, node + 1);
          for (uint32_t idx : clause_.dependents(node)) {
            std::string_view rel = clause_.relation(idx);
            const bool inner_case = rel == "case" && node != candidate;  // "Iran's"
            if (inner_case || is_one_of(rel, {"amod", "compound", "det", "nummod", "flat", "fixed", "conj", "cc"}) ||
                token(idx).deprel == "nmod:poss" || (rel == "nmod" && clause_.marker(idx) == "of"))
              stack.push_back(idx);
          }
        }
        while (end > begin + 1 && !is_word(token(end - 1))) --end;
        if (end - begin > 12) continue;  // a clause, not a topic
        event->topic_span = Span{token(begin).span.begin, token(end - 1).span.end};
        event->topic = std::string(cut(document_, event->topic_span));
        return;
      }
    }
  }

  // "X said (that) Y attacked Z", "Y attacked Z, X said": the speaker of the clause.
  std::optional<Attribution> reported_by(const Match& match) const {
    if (!clause_.parsed()) return std::nullopt;
    int speech = clause_.reporting_verb(match.trigger_first);
    if (speech < 0) return std::nullopt;
    int speaker = clause_.subject(static_cast<uint32_t>(speech));
    // A clause is no speaker ("citing unnamed sources" taken for the subject).
    if (speaker >= 0 && token(static_cast<uint32_t>(speaker)).tag == "VERB") speaker = -1;
    // "was reported by X"; also a speaker the parser took for a passive subject.
    if (speaker < 0) speaker = clause_.agent(static_cast<uint32_t>(speech));
    if (speaker < 0) speaker = clause_.passive_subject(static_cast<uint32_t>(speech));
    if (speaker < 0) return std::nullopt;
    std::vector<int> actors = phrase_actors(speaker);
    if (!actors.empty()) {
      const ActorMention& actor = analysis_.actors[actors.front()];
      return Attribution{actor.text, actor.range.span};
    }
    // An unnamed speaker ("officials", "a source close to the talks"): its words, modifiers
    // included.
    uint32_t begin = static_cast<uint32_t>(speaker), end = static_cast<uint32_t>(speaker) + 1;
    for (uint32_t idx : clause_.dependents(static_cast<uint32_t>(speaker))) {
      std::string_view rel = clause_.relation(idx);
      if (rel == "det" || rel == "amod" || rel == "compound" || rel == "nummod") {
        begin = std::min(begin, idx);
        end = std::max(end, idx + 1);
      }
    }
    if (token(speaker).tag == "PRON") return std::nullopt;  // "he said": a reference, resolved later
    Span span{token(begin).span.begin, token(end - 1).span.end};
    return Attribution{std::string(cut(document_, span)), span};
  }

  void emit(const Match& match) {
    const CameoCode* cameo = table_.find(match.pattern->code);
    if (cameo == nullptr) return;
    bool passive = is_passive(match);
    std::vector<int> sources = match.sources;
    std::vector<int> targets = match.targets;
    std::optional<EventActor> place_target;
    if (targets.empty() && match.target_place >= 0) place_target = place_actor(match.target_place);
    ParsedArguments parsed;
    const bool from_parse = parse_arguments(match, &parsed);
    if (from_parse) {
      passive = parsed.passive;
      sources = parsed.sources;
      targets = parsed.targets;
      // "call" is a phone call only when what is called is an actor itself ("Putin calls
      // Erdogan"), not a thing it names ("calls Rwanda's military support a declaration of war").
      if (match.pattern->code == "041" && token(match.trigger_first).lemma == "call") {
        const int object = clause_.object(match.trigger_first);
        if (object >= 0 && index_.token_actor(static_cast<uint32_t>(object)) < 0) return;
        // Nor when it names the actor something: "calls Zelenskyy a dictator" (the name read
        // as the verb's xcomp, or as an indefinite apposition of the object).
        for (uint32_t predicate : clause_.children(match.trigger_first, "xcomp"))
          if (token(predicate).tag != "VERB") return;  // "calls Erdogan to discuss" is a call
        if (object >= 0) {
          for (uint32_t name : clause_.children(static_cast<uint32_t>(object), "appos")) {
            for (uint32_t det : clause_.children(name, "det"))
              if (token(name).tag == "NOUN" && is_one_of(token(det).lower, {"a", "an"})) return;
          }
        }
      }
    }
    // Word order fills what the parse left open, except a subject the parse found that is no
    // actor ("the death toll increases"): then the event has no source.
    if (sources.empty() && !(from_parse && parsed.subject_found)) {
      if (passive) {
        sources = find_passive_agent(match.end);
        if (targets.empty() && !place_target) targets = find_subject(match.trigger_first);
      } else {
        sources = find_participle_subject(match.trigger_first);
        if (sources.empty() && match.pattern->nominal) {
          sources = first_subject(clause_start(match.trigger_first), match.trigger_first);
        }
        if (sources.empty()) sources = find_subject(match.trigger_first);
      }
      std::erase_if(sources, [&](int mention) {
        return std::find(parsed.not_sources.begin(), parsed.not_sources.end(), mention) != parsed.not_sources.end();
      });
    }
    // Statements have no target unless the pattern names one: "X said Y attacked" makes Y the
    // subject of what was said, not the target of the saying.
    if (targets.empty() && !place_target && !passive && cameo->code.rfind("01", 0) != 0) {
      // Search from just after the trigger word, so that an actor inside a gap counts too
      // ("expelled Sudan's ambassador").
      targets = find_following_target(match.trigger_first + 1, match.trigger_last + 1, sources,
                                      cameo->code.starts_with("04") || cameo->code.starts_with("05"),
                                      cameo->code.substr(0, 2) < "14");
    }
    // What the pattern's last word names is the event's object, not a side, when it is a bare
    // sector: "sharing military intelligence" shares information, the intelligence service
    // (SPY) is no target.
    const auto own_words = [&](int mention) {
      const ActorMention& actor = analysis_.actors[static_cast<size_t>(mention)];
      return actor.actor.country.empty() && actor.actor.code == actor.actor.sector &&
             actor.range.first_token > match.trigger_first &&
             actor.range.end_token == match.trigger_last + 1;
    };
    std::erase_if(targets, own_words);
    std::erase_if(sources, own_words);
    if (sources.empty() && targets.empty() && !place_target) return;

    Event base;
    base.sentence = sentence_idx_;
    base.trigger = {token(match.trigger_first).span.begin, token(match.trigger_last).span.end};
    base.trigger_text = std::string(cut(document_, base.trigger));
    base.code = cameo->code;
    base.root = cameo->code.substr(0, 2);
    base.label = cameo->label;
    base.quad_class = cameo->quad_class;
    base.goldstein = cameo->goldstein;
    base.plover = cameo->plover;

    uint32_t clause = clause_start(match.trigger_first);
    uint32_t cue_from = std::max(clause, words_before(match.trigger_first, 6));
    cue_from = std::max(cue_from, index_.first);
    if (find_cue(cues_.negation, cue_from, match.trigger_first, &base.negation_cue)) {
      base.negated = true;
    } else if (clause > index_.first + 1 && token(clause - 1).lower == "that") {
      // The verb governing a "that" clause: "denied that its army had shelled ...".
      uint32_t governor_from = std::max(words_before(clause, 5), index_.first);
      if (find_cue(cues_.negation, governor_from, clause - 1, &base.negation_cue)) {
        base.negated = true;
      }
    }
    uint32_t hedge_to = std::min(index_.end, match.end + 2);
    if (find_cue(cues_.hedge, clause, hedge_to, &base.hedge_cue)) base.hedged = true;
    tree_modality(match, &base);
    fill_topic(match, &base);
    // An actor inside the topic ("talks about Iran's nuclear program") is what the event is
    // about, not its target.
    if (!base.topic.empty()) {
      std::erase_if(targets, [&](int mention) {
        const Span& span = analysis_.actors[mention].range.span;
        return span.begin >= base.topic_span.begin && span.end <= base.topic_span.end;
      });
    }
    // Who reports an event is none of its sides: "According to reports from the Syrian channel
    // Syria TV, the clash resulted in casualties among American and Syrian soldiers" (Syria TV
    // was a side of the clash by word order).
    for (uint32_t idx = index_.first; idx + 1 < index_.end; ++idx) {
      if (token(idx).lower != "according" || token(idx + 1).lower != "to") continue;
      uint32_t end = idx + 2;
      while (end < index_.end && token(end).lower != "," && token(end).lower != ";") ++end;
      if (match.trigger_first >= idx && match.trigger_first < end) continue;
      auto inside = [&](int mention) {
        const TokenRange& range = analysis_.actors[mention].range;
        return range.first_token >= idx && range.end_token <= end;
      };
      std::erase_if(sources, inside);
      std::erase_if(targets, inside);
    }
    base.attributed_to = reported_by(match);
    if (!base.attributed_to) base.attributed_to = find_attribution(match);
    if (!base.attributed_to) base.attributed_to = analysis_.document_attribution;
    fill_date(match, &base);
    const int place = fill_place(match, targets, &base);
    // Force against a place names its country as the target when no actor is ("launch missiles
    // at the centre of Odesa", "airstrikes across the Gaza Strip"), as PETRARCH's city entries
    // do; not the source's own country ("Pakistani troops raid a village in Khyber
    // Pakhtunkhwa").
    if (targets.empty() && !place_target && place >= 0 && is_one_of(base.root, {"18", "19", "20"})) {
      // A side named only by its sector ("police", "a man") is located there later: the same.
      const std::string& country = analysis_.places[place].place.country;
      const bool own = std::any_of(sources.begin(), sources.end(), [&](int source) {
        const ActorRef& actor = analysis_.actors[source].actor;
        return actor.country == country || (actor.country.empty() && actor.code.size() <= 3);
      });
      if (!country.empty() && !own) place_target = place_actor(place);
    }

    // Reciprocal events of a coordinated subject without a target ("Russia and Syria
    // strengthen ties"): each conjunct acts on the others.
    std::vector<std::pair<std::optional<EventActor>, std::optional<EventActor>>> pairs;
    // "fighting alongside the Congolese military": allies, not targets.
    if (match.end < index_.end && token(match.end).lower == "alongside") targets.clear();
    // "a confrontation between the two nations", "clashes between Indian and Pakistani troops"
    // read as one slot: fighting between them has them on both sides.
    bool between = false;  // the sides came from one "between" slot: each fought the others
    if (sources.empty() && targets.size() > 1 && !passive && mutual_words(match, false)) {
      std::swap(sources, targets);
      between = true;
    }
    // "launch missiles and drones at each other": the sides are the coordinated subjects.
    if (sources.size() > 1 && each_other(match)) {
      targets.clear();
      place_target.reset();
    }
    if (targets.empty() && !place_target && sources.size() > 1 && !passive && (between || reciprocal(match, base.root))) {
      for (int source : sources) {
        for (int target : sources) {
          // One body named twice ("the Armenian Foreign Minister, Ararat Mirzoyan, and ...": a
          // title and its holder read as conjuncts) does not act on itself.
          const ActorRef& one = analysis_.actors[source].actor;
          const ActorRef& other = analysis_.actors[target].actor;
          const bool same_body = !one.country.empty() && one.code == other.code &&
                                 (one.name.empty() || other.name.empty() || one.name == other.name);
          if (source != target && !same_body)
            pairs.push_back({make_actor(source), make_actor(target)});
        }
      }
    } else {
      std::vector<std::optional<EventActor>> source_actors, target_actors;
      for (int source : sources) source_actors.push_back(make_actor(source));
      for (int target : targets) target_actors.push_back(make_actor(target));
      if (place_target) target_actors.push_back(place_target);
      if (source_actors.empty()) source_actors.push_back(std::nullopt);
      if (target_actors.empty()) target_actors.push_back(std::nullopt);
      // Fighting between two sides goes both ways ("clashes between Indian and Pakistani
      // troops"), and only across them: not "American soldiers" against "the two nations"' own.
      // ("Russia's war on Ukraine" has an aggressor; "war crimes" are no fighting.)
      const bool mutual = mutual_words(match, /*with_war=*/false);
      for (const auto& source : source_actors) {
        for (const auto& target : target_actors) {
          if (mutual && source && target && !source->actor.country.empty() &&
              source->actor.country == target->actor.country &&
              (source->actor.code.size() == 3 || target->actor.code.size() == 3)) {
            continue;
          }
          pairs.push_back({source, target});
          if (mutual && source && target) pairs.push_back({target, source});
        }
      }
    }
    for (auto& [source, target] : pairs) {
      // A side named only by its sector ("police") counts for now: the document context may
      // locate it (carry_document_context), and drops the events it cannot.
      bool source_coded = source && !source->actor.code.empty();
      bool target_coded = target && !target->actor.code.empty();
      if (!source_coded && !target_coded) continue;
      // Without a source only a passive reads as an event ("soldiers were attacked"); an active
      // verb with no actor before it is mostly a disaster or a market ("a fire kills three"). A
      // noun of force names the event itself: "a large-scale drone attack on Dnipro" is an attack
      // on Ukraine by someone unnamed. (Other sourceless nouns are mostly references: "the deal
      // with Russia".)
      if (!source && !passive && !(match.pattern->nominal && is_one_of(base.root, {"18", "19", "20"}))) continue;
      // A body of a country does not cooperate with or speak to that country's bare name: "Kyrgyz
      // President Sadyr Japarov and Tajik President Emomali Rahmon sign a deal to end the border
      // dispute between Kyrgyzstan and Tajikistan" is no deal of Kyrgyzstan with itself. (Force
      // against a country's own places is: "the RSF shells El Fasher".)
      // (Rebels, opposition and civilians do deal with their own country: "the PKK announces a
      // ceasefire with Turkey".)
      if (source && target && base.root < "09" && !source->actor.country.empty() &&
          source->actor.country == target->actor.country &&
          (source->actor.code.size() == 3 || target->actor.code.size() == 3)) {
        const ActorRef& body = source->actor.code.size() == 3 ? target->actor : source->actor;
        if (body.code.size() == 3 || is_one_of(body.sector, {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})) continue;
      }
      // (The twins of "the two nations" share their words but are two countries.)
      if (source && target && source->span == target->span && source->actor.code == target->actor.code) continue;
      // One actor on both sides ("Iran and France held talks about Iran's program") is not an
      // interaction; the same country's different bodies still are (SDNMIL → SDNCVL).
      if (source && target && source->actor.code == target->actor.code &&
          (source->actor.code.size() == 3 || source->actor.name == target->actor.name) &&
          !(source->actor.name.empty() && source->actor.code.size() > 3)) {
        continue;
      }
      Event event = base;
      event.source = source;
      event.target = target;
      uint32_t begin = event.trigger.begin, end = event.trigger.end;
      for (const auto* side : {&event.source, &event.target}) {
        if (!side->has_value()) continue;
        begin = std::min(begin, (*side)->span.begin);
        end = std::max(end, (*side)->span.end);
      }
      event.evidence = {begin, end};
      bool duplicate = false;
      // Events are emitted sentence by sentence: only this sentence's tail can repeat one.
      for (auto previous_it = analysis_.events.rbegin();
           previous_it != analysis_.events.rend() && previous_it->sentence == event.sentence;
           ++previous_it) {
        const Event& previous = *previous_it;
        if (previous.code == event.code &&
            previous.trigger == event.trigger &&
            (previous.source ? previous.source->actor.code : "") ==
                (event.source ? event.source->actor.code : "") &&
            (previous.target ? previous.target->actor.code : "") ==
                (event.target ? event.target->actor.code : "")) {
          duplicate = true;
        }
      }
      if (!duplicate) analysis_.events.push_back(std::move(event));
    }
  }

  const CameoTable& table_;
  const PatternSet& patterns_;
  const ModalityCues& cues_;
  const Document& document_;
  Analysis& analysis_;
  uint32_t sentence_idx_;
  ClauseReader clause_;
  SentenceIndex index_;
};

// A closing "Attribution: A, B and C." line names the sources of the whole report.
std::optional<std::pair<uint32_t, Attribution>> find_document_attribution(const Document& document,
                                                                          const Analysis& analysis) {
  for (uint32_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    if (sentence.end_token < sentence.first_token + 3) continue;
    const Token& first = analysis.tokens[sentence.first_token];
    const Token& second = analysis.tokens[sentence.first_token + 1];
    if (!is_one_of(first.lower, {"attribution", "sources", "source"}) || second.lower != ":") {
      continue;
    }
    uint32_t last = sentence.end_token - 1;
    if (!is_word(analysis.tokens[last]) && last > sentence.first_token + 2) --last;
    Span span{analysis.tokens[sentence.first_token + 2].span.begin, analysis.tokens[last].span.end};
    return std::make_pair(sentence_idx, Attribution{std::string(cut(document, span)), span});
  }
  return std::nullopt;
}

}  // namespace

void PatternCoder::process(const Document& document, Analysis& analysis) const {
  std::optional<uint32_t> attribution_sentence;
  if (auto found = find_document_attribution(document, analysis)) {
    attribution_sentence = found->first;
    analysis.document_attribution = found->second;
  }
  for (uint32_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    if (attribution_sentence && *attribution_sentence == sentence_idx) continue;
    SentenceCoder coder(table_, patterns_, cues_, document, analysis, sentence_idx);
    coder.run();
  }
  carry_document_context(document, analysis);
  if (document.date.empty()) {
    bool relative_unresolved = std::any_of(analysis.dates.begin(), analysis.dates.end(),
                                           [](const DateMention& date) { return !date.resolved; });
    if (relative_unresolved) {
      analysis.notes.push_back(
          "document date unknown: relative dates are unresolved (give --date or a date in the "
          "document's metadata)");
    }
  }
}

}  // namespace chronicle::events
