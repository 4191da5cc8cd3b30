#include "events/petrarch_coder.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "text/words.h"

namespace chronicle::events {
namespace {

using lexicon::PatternItem;
using lexicon::Phrase;
using lexicon::VerbBlock;
using lexicon::VerbForm;
using lexicon::VerbPattern;
using text::is_one_of;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

// "1995-01-03" → 19950103; 0 when unknown.
int32_t date_number(const std::string& date) {
  if (date.size() < 10) return 0;
  std::string digits = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
  for (char ch : digits) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return 0;
  }
  return std::stoi(digits);
}

// PETRARCH's code composition: prefix agents, the actor ("---" when there is none), then each
// 3-letter part of the suffix agents that the code does not hold yet (USAGOV + GOV = USAGOV,
// GMWGOV + WGO = GMWGOVWGO, HGWGOVMED + GOVMED = HGWGOVMED).
std::string compose(const std::string& actor,
                    const std::vector<const lexicon::PetrarchAgent*>& agents) {
  std::string prefix;
  std::string code = actor.empty() ? std::string("---") : actor;
  for (const lexicon::PetrarchAgent* agent : agents) {
    if (agent->prefix) {
      if (prefix.find(agent->code) == std::string::npos) prefix += agent->code;
      continue;
    }
    for (size_t part = 0; part < agent->code.size(); part += 3) {
      std::string piece = agent->code.substr(part, 3);
      bool present = false;
      for (size_t have = 0; have + piece.size() <= code.size(); have += 3) {
        if (code.compare(have, piece.size(), piece) == 0) present = true;
      }
      if (!present) code += piece;
    }
  }
  return prefix + code;
}

struct Word {
  std::string text;  // upper case, split like dictionary phrases
  uint32_t token = 0;
};

struct WordAt {
  const std::vector<Word>* words;
  const std::string& operator()(size_t idx) const { return (*words)[idx].text; }
};

// A dictionary match: an actor or an agent over words [begin, end).
struct Mention {
  size_t begin = 0, end = 0;
  int actor = -1;
  int agent = -1;
};

struct NounPhrase {
  size_t begin = 0, end = 0;       // words
  std::vector<std::string> codes;  // composed actor codes; empty: not an actor phrase
  std::vector<int> agents;         // agent mentions (indices into mentions)
  bool absorbed = false;           // part of an "AGENT of ACTOR" phrase before it
  int group = -1;
};

// Noun phrases joined by "," "and" "or" "nor": one compound actor.
struct Group {
  size_t begin = 0, end = 0;
  std::vector<std::string> codes;
};

// Slots bound by a pattern.
struct Bindings {
  int source = -1, target = -1, compound = -1;
  bool compound_before = false;
};

class SentenceCoder {
 public:
  SentenceCoder(const lexicon::PetrarchDictionaries& dictionaries, const CameoTable& table,
                const PetrarchCoderOptions& options, const Document& document,
                const Analysis& analysis, uint32_t sentence_idx)
      : dict_(dictionaries),
        table_(table),
        options_(options),
        document_(document),
        analysis_(analysis),
        sentence_idx_(sentence_idx),
        date_(date_number(document.date)) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    for (uint32_t token_idx = sentence.first_token; token_idx < sentence.end_token; ++token_idx) {
      Phrase pieces = lexicon::split_phrase(analysis.tokens[token_idx].norm);
      if (pieces.empty()) pieces.push_back(upper(analysis.tokens[token_idx].norm));
      for (std::string& piece : pieces) words_.push_back({std::move(piece), token_idx});
    }
    parsed_ = false;
    for (uint32_t token_idx = sentence.first_token; token_idx < sentence.end_token; ++token_idx) {
      if (!analysis.tokens[token_idx].deprel.empty()) parsed_ = true;
    }
  }

  // The discard phrase in this sentence, or -1.
  int discard() const {
    for (size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
      int value = -1;
      if (dict_.discards->phrases().longest(word_idx, words_.size(), word_at(), &value) > 0)
        return value;
    }
    return -1;
  }

  void run(std::vector<Event>* out, const std::vector<Event>& existing) {
    find_mentions();
    build_phrases();
    for (size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
      if (mention_at_[word_idx] >= 0) continue;  // "the Calenardhon government" holds no verb
      if (!is_verb(word_idx)) continue;
      if (word_idx > 0 && words_[word_idx - 1].token == words_[word_idx].token) continue;
      size_t first = 0, end = 0;
      std::vector<const VerbForm*> forms = find_verb(word_idx, &first, &end);
      if (forms.empty()) continue;
      bool coded_already = false;
      Span trigger{analysis_.tokens[words_[first].token].span.begin,
                   analysis_.tokens[words_[end - 1].token].span.end};
      for (const Event& event : existing) {
        if (event.sentence == sentence_idx_ && event.trigger.begin < trigger.end &&
            trigger.begin < event.trigger.end) {
          coded_already = true;
        }
      }
      if (coded_already) continue;
      code_verb(forms, first, end, trigger, out);
      word_idx = end - 1;
    }
  }

 private:
  WordAt word_at() const { return WordAt{&words_}; }
  const Token& token_of(size_t word_idx) const { return analysis_.tokens[words_[word_idx].token]; }

  // A verb by its tag; or a word the tagger called a noun or adjective right after an auxiliary
  // or a modal, adverbs and negation in between ("did not even ever clash").
  bool is_verb(size_t word_idx) const {
    const Token& token = token_of(word_idx);
    if (token.tag.empty() || token.tag == "VERB") return true;
    if (token.tag != "NOUN" && token.tag != "ADJ") return false;
    for (size_t back = word_idx; back-- > 0;) {
      const Token& before = token_of(back);
      if (before.tag == "AUX" || before.xpos == "MD") return before.lemma != "be";
      if (before.tag == "ADV" || before.tag == "PART" ||
          is_one_of(before.lower, {"not", "n't", "never", "ever", "even"})) {
        if (before.lower == "to") return false;
        continue;
      }
      return false;
    }
    return false;
  }

  // ---- actors, agents and noun phrases --------------------------------------------------------

  void find_mentions() {
    mention_at_.assign(words_.size(), -1);
    for (size_t word_idx = 0; word_idx < words_.size();) {
      int actor = -1, agent = -1;
      size_t actor_length =
          dict_.actors->names().longest(word_idx, words_.size(), word_at(), &actor);
      size_t agent_length =
          dict_.agents->names().longest(word_idx, words_.size(), word_at(), &agent);
      // A phrase starts at a token boundary ("'s" is not the start of a name).
      bool starts_token = word_idx == 0 || words_[word_idx - 1].token != words_[word_idx].token;
      if (!starts_token || (actor_length == 0 && agent_length == 0)) {
        ++word_idx;
        continue;
      }
      Mention mention;
      mention.begin = word_idx;
      if (actor_length >= agent_length) {
        mention.end = word_idx + actor_length;
        mention.actor = actor;
      } else {
        mention.end = word_idx + agent_length;
        mention.agent = agent;
      }
      for (size_t idx = mention.begin; idx < mention.end; ++idx)
        mention_at_[idx] = static_cast<int>(mentions_.size());
      mentions_.push_back(mention);
      word_idx = mention.end;
    }
  }

  bool is_determiner(size_t word_idx) const {
    const Token& token = token_of(word_idx);
    return token.tag == "DET" || is_one_of(token.lower, {"the", "a", "an"});
  }

  // A word that can be part of a noun phrase.
  bool nominal(size_t word_idx) const {
    if (mention_at_[word_idx] >= 0) return true;
    const Token& token = token_of(word_idx);
    if (token.lower == "'s" || token.lower == "'") return word_idx > 0;
    if (token.lower == "-") {
      return text::is_joining_hyphen(analysis_.tokens, words_[word_idx].token) ||
             (word_idx > 0 && words_[word_idx - 1].token == words_[word_idx].token);
    }
    if (token.tag.empty()) return token.capitalized || is_one_of(token.lower, {"the", "a", "an"});
    if (is_one_of(token.tag, {"DET", "ADJ", "NOUN", "PROPN", "NUM"})) {
      // "that", "which", "whose" open clauses; "all" and "both" are fine.
      return !is_one_of(token.lower, {"that", "which", "whose", "what", "whatever"});
    }
    return token.tag == "PRON" && token.xpos == "PRP$";
  }

  static bool is_separator(const std::string& word) {
    return is_one_of(word, {",", "AND", "OR", "NOR"});
  }

  void build_phrases() {
    word_phrase_.assign(words_.size(), -1);
    for (size_t word_idx = 0; word_idx < words_.size();) {
      if (!nominal(word_idx)) {
        ++word_idx;
        continue;
      }
      NounPhrase phrase;
      phrase.begin = word_idx;
      size_t end = word_idx + 1;
      // A mention is never split; a determiner after a noun starts a new phrase ("gave Gondor the
      // money").
      if (mention_at_[word_idx] >= 0) end = mentions_[mention_at_[word_idx]].end;
      while (end < words_.size()) {
        // Coordinated adjectives stay in their phrase: "Ithilen's awful and evil minister".
        if (end + 1 < words_.size() && is_one_of(words_[end].text, {"AND", "OR", ","}) &&
            token_of(end - 1).tag == "ADJ" && token_of(end + 1).tag == "ADJ" &&
            mention_at_[end + 1] < 0) {
          end += 2;
          continue;
        }
        if (!nominal(end) || (is_determiner(end) && mention_at_[end] < 0)) break;
        end = mention_at_[end] >= 0 ? mentions_[mention_at_[end]].end : end + 1;
      }
      phrase.end = end;
      phrases_.push_back(phrase);
      word_idx = end;
    }
    for (NounPhrase& phrase : phrases_) code_phrase(&phrase);
    link_agents_to_actors();
    for (size_t phrase_idx = 0; phrase_idx < phrases_.size(); ++phrase_idx) {
      for (size_t idx = phrases_[phrase_idx].begin; idx < phrases_[phrase_idx].end; ++idx) {
        word_phrase_[idx] = static_cast<int>(phrase_idx);
      }
    }
    build_groups();
  }

  void code_phrase(NounPhrase* phrase) {
    const lexicon::PetrarchActor* actor = nullptr;
    std::vector<const lexicon::PetrarchAgent*> agents;
    for (size_t idx = phrase->begin; idx < phrase->end;) {
      int mention_idx = mention_at_[idx];
      if (mention_idx < 0) {
        ++idx;
        continue;
      }
      const Mention& mention = mentions_[mention_idx];
      // The first actor holds the phrase: "Gondor's Prime Minister Falastur", "Arnor's Elrond".
      if (mention.actor >= 0 && actor == nullptr) actor = &dict_.actors->actors()[mention.actor];
      if (mention.agent >= 0) {
        agents.push_back(&dict_.agents->agents()[mention.agent]);
        phrase->agents.push_back(mention_idx);
      }
      idx = mention.end;
    }
    phrase->codes.clear();
    if (actor != nullptr) {
      for (const std::string& code : actor->codes_at(date_))
        phrase->codes.push_back(compose(code, agents));
    }
    if (phrase->codes.empty() && !agents.empty()) phrase->codes.push_back(compose("", agents));
  }

  bool has_actor(const NounPhrase& phrase) const {
    for (size_t idx = phrase.begin; idx < phrase.end; ++idx) {
      int mention_idx = mention_at_[idx];
      if (mention_idx >= 0 && mentions_[mention_idx].actor >= 0) return !phrase.codes.empty();
    }
    return false;
  }

  // "the ambassadors of Arnor, Osgiliath and Gondor", "lawmakers and officials in Fornost and
  // Gondor", "soldiers from Gondor": agents without an actor take the actors that follow.
  void link_agents_to_actors() {
    for (size_t phrase_idx = 0; phrase_idx + 1 < phrases_.size(); ++phrase_idx) {
      NounPhrase& head = phrases_[phrase_idx];
      if (head.absorbed || has_actor(head) || head.end >= words_.size()) continue;
      // Agents take the actors after "of", "in", "from" ("lawmakers in Fornost"); other nouns
      // only after "of" ("goats of Gondor", "the population of Gondor").
      const bool agent_phrase = !head.agents.empty();
      if (!(agent_phrase ? is_one_of(words_[head.end].text, {"OF", "IN", "FROM"})
                         : words_[head.end].text == "OF")) {
        continue;
      }
      // The actors: phrases joined by separators right after the preposition.
      std::vector<size_t> members;
      size_t next = phrase_idx + 1;
      size_t expected_begin = head.end + 1;
      while (next < phrases_.size() && phrases_[next].begin == expected_begin &&
             has_actor(phrases_[next])) {
        members.push_back(next);
        size_t look = phrases_[next].end;
        while (look < words_.size() && is_separator(words_[look].text)) ++look;
        if (look == phrases_[next].end) break;
        expected_begin = look;
        ++next;
      }
      if (members.empty()) continue;
      std::vector<std::string> actor_codes;
      for (size_t member : members) {
        const NounPhrase& actor_phrase = phrases_[member];
        // The member's own actor code, without agents of its own composed twice.
        for (const std::string& code : actor_phrase.codes) actor_codes.push_back(code);
      }
      auto agents_of = [&](const NounPhrase& phrase) {
        std::vector<const lexicon::PetrarchAgent*> agents;
        for (int mention_idx : phrase.agents)
          agents.push_back(&dict_.agents->agents()[mentions_[mention_idx].agent]);
        return agents;
      };
      // Agent-only phrases coordinated before this one share the actors.
      std::vector<size_t> heads = {phrase_idx};
      for (size_t back = phrase_idx; back > 0;) {
        const NounPhrase& previous = phrases_[back - 1];
        size_t look = phrases_[back].begin;
        bool joined = look > previous.end;
        for (size_t idx = previous.end; idx < look; ++idx)
          joined = joined && is_separator(words_[idx].text);
        if (!joined || !agent_phrase || previous.agents.empty() || has_actor(previous)) break;
        heads.push_back(back - 1);
        --back;
      }
      for (size_t head_idx : heads) {
        NounPhrase& agent_phrase = phrases_[head_idx];
        std::vector<std::string> codes;
        for (const std::string& code : actor_codes)
          codes.push_back(compose(code, agents_of(agent_phrase)));
        agent_phrase.codes = std::move(codes);
      }
      head.end = phrases_[members.back()].end;
      for (size_t member : members) phrases_[member].absorbed = true;
    }
    phrases_.erase(std::remove_if(phrases_.begin(), phrases_.end(),
                                  [](const NounPhrase& phrase) { return phrase.absorbed; }),
                   phrases_.end());
  }

  bool is_clause_subject(const NounPhrase& phrase) const {
    for (size_t word_idx = phrase.begin; word_idx < phrase.end; ++word_idx) {
      const Token& token = token_of(word_idx);
      if (token.deprel.starts_with("nsubj") &&
          token.head > static_cast<int32_t>(words_[phrase.end - 1].token)) {
        return true;
      }
    }
    return false;
  }

  void build_groups() {
    for (size_t phrase_idx = 0; phrase_idx < phrases_.size(); ++phrase_idx) {
      NounPhrase& phrase = phrases_[phrase_idx];
      bool joins = false;
      if (phrase_idx > 0) {
        const NounPhrase& previous = phrases_[phrase_idx - 1];
        joins = phrase.begin > previous.end;
        bool conjunction = false;
        for (size_t idx = previous.end; idx < phrase.begin; ++idx) {
          joins = joins && is_separator(words_[idx].text);
          conjunction = conjunction || words_[idx].text != ",";
        }
        // After a bare comma, the subject of the next clause is not part of a list ("with
        // Dagolath, its biggest trading partner, officials said").
        if (joins && !conjunction && is_clause_subject(phrase)) joins = false;
      }
      if (!joins) {
        groups_.push_back({phrase.begin, phrase.end, {}});
      }
      Group& group = groups_.back();
      group.end = phrase.end;
      for (const std::string& code : phrase.codes) {
        if (std::find(group.codes.begin(), group.codes.end(), code) == group.codes.end())
          group.codes.push_back(code);
      }
      phrase.group = static_cast<int>(groups_.size()) - 1;
    }
  }

  int group_of_word(size_t word_idx) const {
    int phrase = word_phrase_[word_idx];
    return phrase < 0 ? -1 : phrases_[phrase].group;
  }
  int group_of_token(uint32_t token_idx) const {
    for (size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
      if (words_[word_idx].token == token_idx) return group_of_word(word_idx);
    }
    return -1;
  }
  bool is_actor_group(int group) const { return group >= 0 && !groups_[group].codes.empty(); }

  // ---- verbs and patterns ---------------------------------------------------------------------

  // The longest verb forms at the verb word `word_idx`, words [first, end): a surface form beats
  // a lemma; a verb entered in several blocks ("SHOT") gives one form per block, in file order.
  std::vector<const VerbForm*> find_verb(size_t word_idx, size_t* first, size_t* end) const {
    const Token& token = token_of(word_idx);
    std::vector<const VerbForm*> tied;
    const VerbForm* best = nullptr;
    bool best_surface = false;
    auto consider = [&](const std::string& key, bool surface) {
      const auto* forms = dict_.verbs->forms_of(key);
      if (forms == nullptr) return;
      for (const VerbForm* form : *forms) {
        if (!surface && form->explicit_form) continue;
        if (form->verb_index > word_idx ||
            word_idx - form->verb_index + form->words.size() > words_.size())
          continue;
        size_t start = word_idx - form->verb_index;
        bool matches = true;
        for (size_t part = 0; part < form->words.size() && matches; ++part) {
          if (part == form->verb_index) continue;
          matches = words_[start + part].text == form->words[part];
        }
        if (!matches) continue;
        bool better = best == nullptr || form->words.size() > best->words.size() ||
                      (form->words.size() == best->words.size() && surface && !best_surface);
        bool same = best != nullptr && form->words.size() == best->words.size() &&
                    surface == best_surface && start == *first;
        if (better) {
          best = form;
          best_surface = surface;
          *first = start;
          *end = start + form->words.size();
          tied.assign(1, form);
        } else if (same && std::find(tied.begin(), tied.end(), form) == tied.end()) {
          tied.push_back(form);
        }
      }
    };
    consider(words_[word_idx].text, true);
    if (!token.lemma.empty()) consider(upper(token.lemma), false);
    return tied;
  }

  bool phrase_matches(const Phrase& phrase, size_t pos) const {
    if (pos + phrase.size() > words_.size()) return false;
    for (size_t idx = 0; idx < phrase.size(); ++idx) {
      if (words_[pos + idx].text != phrase[idx]) return false;
    }
    return true;
  }

  // The first actor group starting at or after `pos` (exactly at `pos` when `adjacent`).
  int next_group(size_t pos, bool adjacent) const {
    for (size_t group_idx = 0; group_idx < groups_.size(); ++group_idx) {
      const Group& group = groups_[group_idx];
      if (group.begin < pos || group.codes.empty()) continue;
      if (adjacent && group.begin != pos) return -1;
      return static_cast<int>(group_idx);
    }
    return -1;
  }
  // The nearest actor group ending at or before `end` (exactly at `end` when `adjacent`).
  int previous_group(size_t end, bool adjacent) const {
    for (size_t group_idx = groups_.size(); group_idx-- > 0;) {
      const Group& group = groups_[group_idx];
      if (group.end > end || group.codes.empty()) continue;
      if (adjacent && group.end != end) return -1;
      return static_cast<int>(group_idx);
    }
    return -1;
  }

  void bind(PatternItem::Kind kind, int group, bool before, Bindings* bindings) const {
    if (kind == PatternItem::Kind::kSource) bindings->source = group;
    if (kind == PatternItem::Kind::kTarget) bindings->target = group;
    if (kind == PatternItem::Kind::kCompound) {
      bindings->compound = group;
      bindings->compound_before = before;
    }
  }

  // Pattern matching backtracks over the occurrences of each word; this bounds the work per verb
  // (a resource limit, like RE2's max_mem) so that no sentence can make it explode. Real patterns
  // need a few hundred steps.
  static constexpr size_t kMatchStepLimit = 200000;

  // Items after the verb from item `item_idx`, the next free word at `pos`.
  bool match_after(const std::vector<PatternItem>& items, size_t item_idx, size_t pos,
                   Bindings* bindings) const {
    if (item_idx == items.size()) return true;
    if (++match_steps_ > kMatchStepLimit) return false;
    const PatternItem& item = items[item_idx];
    const size_t last = item.adjacent ? std::min(pos + 1, words_.size()) : words_.size();
    switch (item.kind) {
      case PatternItem::Kind::kWord:
        for (size_t at = pos; at < last; ++at) {
          if (words_[at].text == item.word && match_after(items, item_idx + 1, at + 1, bindings))
            return true;
        }
        return false;
      case PatternItem::Kind::kSynset:
        for (size_t at = pos; at < last; ++at) {
          for (const Phrase& member : dict_.verbs->synsets()[item.synset]) {
            if (phrase_matches(member, at) &&
                match_after(items, item_idx + 1, at + member.size(), bindings))
              return true;
          }
        }
        return false;
      case PatternItem::Kind::kSkip: {
        // The rest of the noun phrase `pos` is in, else the next noun phrase.
        for (const NounPhrase& phrase : phrases_) {
          if (phrase.end <= pos) continue;
          if (item.adjacent && phrase.begin > pos) return false;
          return match_after(items, item_idx + 1, phrase.end, bindings);
        }
        return false;
      }
      default: {
        int group = next_group(pos, item.adjacent);
        if (group < 0) return false;
        Bindings saved = *bindings;
        bind(item.kind, group, false, bindings);
        if (match_after(items, item_idx + 1, groups_[group].end, bindings)) return true;
        *bindings = saved;
        return false;
      }
    }
  }

  // Items before the verb; `end` is one past the last free word (words are looked for leftwards).
  bool match_before(const std::vector<PatternItem>& items, size_t item_idx, size_t end,
                    Bindings* bindings) const {
    if (item_idx == items.size()) return true;
    if (++match_steps_ > kMatchStepLimit) return false;
    const PatternItem& item = items[item_idx];
    const size_t lowest = item.adjacent ? (end == 0 ? 0 : end - 1) : 0;
    switch (item.kind) {
      case PatternItem::Kind::kWord:
        for (size_t at = end; at-- > lowest;) {
          if (words_[at].text == item.word && match_before(items, item_idx + 1, at, bindings))
            return true;
        }
        return false;
      case PatternItem::Kind::kSynset:
        for (size_t stop = end; stop > 0 && stop > lowest; --stop) {
          for (const Phrase& member : dict_.verbs->synsets()[item.synset]) {
            if (member.size() > stop) continue;
            size_t at = stop - member.size();
            if (item.adjacent && stop != end) continue;
            if (phrase_matches(member, at) && match_before(items, item_idx + 1, at, bindings))
              return true;
          }
          if (item.adjacent) break;
        }
        return false;
      case PatternItem::Kind::kSkip: {
        for (size_t phrase_idx = phrases_.size(); phrase_idx-- > 0;) {
          const NounPhrase& phrase = phrases_[phrase_idx];
          if (phrase.begin >= end) continue;
          if (item.adjacent && phrase.end < end) return false;
          return match_before(items, item_idx + 1, phrase.begin, bindings);
        }
        return false;
      }
      default: {
        int group = previous_group(end, item.adjacent);
        if (group < 0) return false;
        Bindings saved = *bindings;
        bind(item.kind, group, true, bindings);
        if (match_before(items, item_idx + 1, groups_[group].begin, bindings)) return true;
        *bindings = saved;
        return false;
      }
    }
  }

  // ---- source and target ----------------------------------------------------------------------

  bool clause_boundary(size_t word_idx) const {
    const Token& token = token_of(word_idx);
    if (is_one_of(token.lower, {";", "who", "whom", "which"})) return true;
    // Subordinators open a clause of their own whatever the tagger calls them ("after crowds
    // trashed its embassy").
    if (is_one_of(token.lower, {"after", "before", "since", "until", "because", "although",
                                "though", "whereas", "unless"})) {
      return true;
    }
    return is_one_of(token.lower, {"when", "while", "if"});
  }

  bool boundary_between(size_t first, size_t end) const {
    for (size_t word_idx = first; word_idx < end; ++word_idx) {
      if (clause_boundary(word_idx)) return true;
    }
    return false;
  }

  size_t word_of_token(uint32_t token_idx) const {
    for (size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
      if (words_[word_idx].token == token_idx) return word_idx;
    }
    return 0;
  }

  // subject(): the parse rules out an actor subject, so none is looked for by position either.
  static constexpr int kNoSubject = -4;
  // by_agent(): a "by" agent that is not an actor ("allowed to leave by elves").
  static constexpr int kNonActorAgent = -2;

  // The subject group of the verb at token `verb` from the parse: its nsubj; without one, the
  // subject of the verb it is an xcomp or conj of (no clause boundary between), or the noun a
  // participle modifies (acl); a pronoun subject ("it would act") or one equal to `exclude` (the
  // pattern's target) gives way to the subject of the governing clause. -1 when the parse names
  // no actor (the caller then looks by position), kNoSubject when it rules one out. Sets *passive.
  int subject(uint32_t verb, int exclude, bool* passive) const {
    const Sentence& sentence = analysis_.sentences[sentence_idx_];
    *passive = false;
    const size_t verb_word = word_of_token(verb);
    uint32_t current = verb;
    for (int depth = 0; depth < 6; ++depth) {
      int found = -1;
      for (uint32_t idx = sentence.first_token; idx < sentence.end_token; ++idx) {
        const Token& child = analysis_.tokens[idx];
        if (child.head != static_cast<int32_t>(current)) continue;
        if (depth == 0 && (child.deprel == "aux:pass" || child.deprel == "nsubj:pass"))
          *passive = true;
        if (child.deprel.starts_with("nsubj") && found < 0) found = static_cast<int>(idx);
      }
      const Token& token = analysis_.tokens[current];
      if (found >= 0) {
        int group = group_of_token(static_cast<uint32_t>(found));
        const Token& subject_token = analysis_.tokens[found];
        bool pronoun = subject_token.tag == "PRON" && !is_actor_group(group);
        if (is_actor_group(group) && group != exclude) {
          if (depth > 0 && groups_[group].end <= verb_word &&
              boundary_between(groups_[group].end, verb_word))
            return -1;
          return group;
        }
        if (!pronoun && group != exclude) return -1;
        if (token.head < 0) return -1;
        current = static_cast<uint32_t>(token.head);
        continue;
      }
      if (token.head < 0) break;
      if (token.deprel == "acl") {
        // A participle or infinitive modifying a noun: the noun is its subject ("Russian police
        // arrested ...", "efforts to stop ...").
        int group = group_of_token(static_cast<uint32_t>(token.head));
        return is_actor_group(group) && group != exclude ? group : kNoSubject;
      }
      if (!is_one_of(token.deprel, {"xcomp", "conj"})) break;
      current = static_cast<uint32_t>(token.head);
      // "to be allowed to leave": a passive without its own subject hides who acts. ("Gollum was
      // seen to break" raises the passive's subject: that one acts.)
      bool passive_head = false, head_subject = false;
      for (uint32_t idx = sentence.first_token; idx < sentence.end_token; ++idx) {
        const Token& child = analysis_.tokens[idx];
        if (child.head != static_cast<int32_t>(current)) continue;
        passive_head = passive_head || child.deprel == "aux:pass";
        head_subject = head_subject || child.deprel.starts_with("nsubj");
      }
      if (passive_head && !head_subject) return kNoSubject;
    }
    return -1;
  }

  // Without a parse: the nearest actor group before the verb in its clause, not after a
  // preposition.
  int subject_by_position(size_t verb_first, int exclude) const {
    for (size_t word_idx = verb_first; word_idx-- > 0;) {
      if (clause_boundary(word_idx)) break;
      int group = group_of_word(word_idx);
      if (!is_actor_group(group) || group == exclude) continue;
      size_t begin = groups_[group].begin;
      if (begin > 0 && token_of(begin - 1).tag == "ADP") {
        word_idx = begin;
        continue;
      }
      return group;
    }
    return -1;
  }

  // The passive's "by" agent after the verb, or -1.
  int by_agent(size_t verb_end) const {
    for (size_t word_idx = verb_end; word_idx + 1 < words_.size(); ++word_idx) {
      if (clause_boundary(word_idx)) break;
      if (words_[word_idx].text != "BY") continue;
      int group = group_of_word(word_idx + 1);
      if (is_actor_group(group) && groups_[group].begin == word_idx + 1) return group;
      return kNonActorAgent;
    }
    return -1;
  }

  bool subject_of_other_clause(int group, uint32_t verb_token) const {
    for (size_t word_idx = groups_[group].begin; word_idx < groups_[group].end; ++word_idx) {
      const Token& token = token_of(word_idx);
      if (!token.deprel.starts_with("nsubj") || token.head < 0 ||
          token.head == static_cast<int32_t>(verb_token))
        continue;
      const Token& clause = analysis_.tokens[token.head];
      if (clause.tag == "VERB" && !is_one_of(clause.deprel, {"ccomp", "xcomp"})) return true;
    }
    return false;
  }

  // The first actor group after the verb in its clause, other than `skip` groups.
  int first_target(size_t verb_end, uint32_t verb_token, int skip_a, int skip_b) const {
    for (size_t word_idx = verb_end; word_idx < words_.size(); ++word_idx) {
      if (clause_boundary(word_idx)) break;
      const Token& token = token_of(word_idx);
      if (token.tag == "VERB" && token.deprel == "conj" &&
          token.head == static_cast<int32_t>(verb_token))
        break;
      int group = group_of_word(word_idx);
      if (!is_actor_group(group) || group == skip_a || group == skip_b) continue;
      // The subject of another clause ("..., a senior official said") is not this verb's target,
      // unless that clause is its complement ("believes Dagolath can cope").
      if (subject_of_other_clause(group, verb_token)) return -1;
      return group;
    }
    return -1;
  }

  // ---- coding ---------------------------------------------------------------------------------

  void code_verb(const std::vector<const VerbForm*>& forms, size_t first, size_t end, Span trigger,
                 std::vector<Event>* out) const {
    // The first pattern that matches in the forms' blocks, else the first form's own or block code
    // that is not null.
    std::string code;
    Bindings bindings;
    bool matched = false;
    match_steps_ = 0;
    for (const VerbForm* candidate : forms) {
      const VerbBlock& block = dict_.verbs->blocks()[candidate->block];
      for (const VerbPattern& pattern : block.patterns) {
        Bindings attempt;
        if (match_before(pattern.before, 0, first, &attempt) &&
            match_after(pattern.after, 0, end, &attempt)) {
          code = pattern.code;
          bindings = attempt;
          matched = true;
          break;
        }
      }
      if (matched) break;
    }
    if (!matched) {
      for (const VerbForm* candidate : forms) {
        const VerbBlock& block = dict_.verbs->blocks()[candidate->block];
        code = candidate->code.empty() ? block.code : candidate->code;
        if (!code.empty() && code != "---") break;
      }
    }
    const VerbForm& form = *forms.front();
    if (code.empty() || code == "---" || code == "###") return;
    std::string forward = code, backward;
    if (size_t colon = code.find(':'); colon != std::string::npos) {
      forward = code.substr(0, colon);
      backward = code.substr(colon + 1);
    }

    uint32_t verb_token = words_[first + form.verb_index].token;
    bool passive = false;
    int subject_group = parsed_ ? subject(verb_token, bindings.target, &passive) : -1;
    if (subject_group == -1) subject_group = subject_by_position(first, bindings.target);
    int agent_group = passive ? by_agent(end) : -1;
    int source = bindings.source;
    int target = bindings.target;
    if (bindings.compound >= 0) {
      if (bindings.compound_before && source < 0) source = bindings.compound;
      if (!bindings.compound_before && target < 0) target = bindings.compound;
    }
    if (source < 0) {
      if (agent_group >= 0 || agent_group == kNonActorAgent) {
        // The passive: the "by" agent acts on the subject.
        source = agent_group;
        if (target < 0 && subject_group >= 0) target = subject_group;
      } else if (subject_group >= 0) {
        source = subject_group;
      }
    }
    if (source < 0) source = -1;  // kNonActorAgent: no source
    if (target < 0) target = first_target(end, verb_token, source, agent_group);

    std::vector<std::pair<std::string, std::string>> dyads;  // (source, target) codes
    auto codes_of = [&](int group) {
      return group >= 0 ? groups_[group].codes : std::vector<std::string>();
    };
    if (bindings.compound >= 0 && ((source == bindings.compound && target < 0) ||
                                   (target == bindings.compound && source < 0))) {
      // '%' alone: the members of the compound act on each other.
      const std::vector<std::string>& members = groups_[bindings.compound].codes;
      for (const std::string& one : members) {
        for (const std::string& other : members) {
          if (one != other) dyads.emplace_back(one, other);
        }
      }
      source = target = bindings.compound;
    } else {
      std::vector<std::string> sources = codes_of(source), targets = codes_of(target);
      if (sources.empty()) sources.push_back("");
      if (targets.empty()) targets.push_back("");
      for (const std::string& from : sources) {
        for (const std::string& to : targets) dyads.emplace_back(from, to);
      }
    }
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    auto emit = [&](const std::string& from, const std::string& to, const std::string& event_code,
                    int from_group, int to_group) {
      if (event_code.empty() || event_code == "---") return;
      if (options_.require_dyad && (from.empty() || to.empty())) return;
      if (!from.empty() && from == to) return;
      std::string from_code = from.empty() ? "---" : from;
      std::string to_code = to.empty() ? "---" : to;
      if (!seen.emplace(from_code, to_code, event_code).second) return;
      out->push_back(make_event(from_code, to_code, event_code, from.empty() ? -1 : from_group,
                                to.empty() ? -1 : to_group, trigger));
    };
    for (const auto& [from, to] : dyads) {
      emit(from, to, forward, source, target);
      if (!backward.empty()) emit(to, from, backward, target, source);
    }
  }

  EventActor event_actor(const std::string& code, int group) const {
    EventActor actor;
    actor.actor.code = code;
    if (code.size() >= 3 && code.substr(0, 3) != "---") actor.actor.country = code.substr(0, 3);
    if (code.size() >= 6) actor.actor.sector = code.substr(3, 3);
    if (group >= 0) {
      const Group& span = groups_[group];
      actor.span = {analysis_.tokens[words_[span.begin].token].span.begin,
                    analysis_.tokens[words_[span.end - 1].token].span.end};
      actor.text = std::string(text::cut(document_, actor.span));
    }
    return actor;
  }

  Event make_event(const std::string& from, const std::string& to, const std::string& code,
                   int from_group, int to_group, Span trigger) const {
    Event event;
    event.sentence = sentence_idx_;
    event.trigger = trigger;
    event.trigger_text = std::string(text::cut(document_, trigger));
    event.source = event_actor(from, from_group);
    event.target = event_actor(to, to_group);
    event.code = code;
    event.root = code.size() >= 2 && std::isdigit(static_cast<unsigned char>(code[0])) &&
                         std::isdigit(static_cast<unsigned char>(code[1]))
                     ? code.substr(0, 2)
                     : std::string();
    if (const CameoCode* cameo = table_.find(code); cameo != nullptr) {
      event.label = cameo->label;
      event.quad_class = cameo->quad_class;
      event.goldstein = cameo->goldstein;
      event.plover = cameo->plover;
    }
    Span evidence = trigger;
    for (const EventActor* side : {&*event.source, &*event.target}) {
      if (side->span.end == 0) continue;
      evidence.begin = std::min(evidence.begin, side->span.begin);
      evidence.end = std::max(evidence.end, side->span.end);
    }
    event.evidence = evidence;
    if (!document_.date.empty()) {
      event.date = document_.date;
      event.date_precision = "day";
    }
    return event;
  }

  const lexicon::PetrarchDictionaries& dict_;
  const CameoTable& table_;
  const PetrarchCoderOptions& options_;
  const Document& document_;
  const Analysis& analysis_;
  uint32_t sentence_idx_;
  int32_t date_;
  bool parsed_ = false;
  std::vector<Word> words_;
  std::vector<Mention> mentions_;
  std::vector<int> mention_at_;
  std::vector<NounPhrase> phrases_;
  std::vector<int> word_phrase_;
  std::vector<Group> groups_;
  mutable size_t match_steps_ = 0;  // this verb's pattern matching so far (one coder per thread)
};

}  // namespace

void PetrarchCoder::process(const Document& document, Analysis& analysis) const {
  std::vector<SentenceCoder> coders;
  coders.reserve(analysis.sentences.size());
  for (uint32_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    coders.emplace_back(dictionaries_, table_, options_, document, analysis, sentence_idx);
  }
  // A story-level discard anywhere stops the whole document, as in PETRARCH.
  std::vector<int> discards(coders.size(), -1);
  for (size_t sentence_idx = 0; sentence_idx < coders.size(); ++sentence_idx) {
    discards[sentence_idx] = coders[sentence_idx].discard();
    int value = discards[sentence_idx];
    if (value >= 0 && dictionaries_.discards->is_story(value)) {
      analysis.notes.push_back("petrarch: story discarded: sentence " +
                               std::to_string(sentence_idx) + " has \"" +
                               dictionaries_.discards->text(value) + "\"");
      return;
    }
  }
  std::vector<Event> added;
  for (size_t sentence_idx = 0; sentence_idx < coders.size(); ++sentence_idx) {
    if (discards[sentence_idx] >= 0) {
      analysis.notes.push_back("petrarch: sentence " + std::to_string(sentence_idx) +
                               " discarded: it has \"" +
                               dictionaries_.discards->text(discards[sentence_idx]) + "\"");
      continue;
    }
    coders[sentence_idx].run(&added, analysis.events);
  }
  if (added.empty()) return;
  std::vector<Event> merged;
  merged.reserve(analysis.events.size() + added.size());
  std::merge(std::make_move_iterator(analysis.events.begin()),
             std::make_move_iterator(analysis.events.end()), std::make_move_iterator(added.begin()),
             std::make_move_iterator(added.end()), std::back_inserter(merged),
             [](const Event& a, const Event& b) {
               return a.sentence != b.sentence ? a.sentence < b.sentence
                                               : a.trigger.begin < b.trigger.begin;
             });
  analysis.events = std::move(merged);
}

}  // namespace chronicle::events
