#include "actors/references.h"

#include <optional>
#include <string>
#include <vector>

#include "text/words.h"

namespace chronicle::actors {
namespace {

using text::is_one_of;

enum class Want { kPerson, kPlural, kCollective, kCountry };

// Sentences back that a surname alone may refer to a person named in full ("Ruto" after "Kenyan
// President William Ruto").
constexpr uint32_t kSurnameReach = 30;

class Resolver {
 public:
  Resolver(const Document& document, Analysis& analysis) : document_(document), analysis_(analysis) {}

  void run() {
    std::vector<ActorMention>& in = analysis_.actors;
    const std::vector<Token>& tokens = analysis_.tokens;
    std::vector<bool> covered(tokens.size(), false);
    for (const ActorMention& mention : in)
      for (uint32_t idx = mention.range.first_token; idx < mention.range.end_token && idx < tokens.size(); ++idx)
        covered[idx] = true;
    out_.reserve(in.size() + 8);
    size_t next = 0;
    for (uint32_t idx = 0; idx < tokens.size(); ++idx) {
      while (next < in.size() && in[next].range.first_token <= idx) {
        ActorMention mention = std::move(in[next++]);
        if (!describe(mention)) out_.push_back(std::move(mention));
      }
      if (covered[idx]) continue;
      uint32_t end = surname(idx);
      if (end > idx) {
        idx = end - 1;
        continue;
      }
      refer(idx);
    }
    while (next < in.size()) out_.push_back(std::move(in[next++]));
    analysis_.actors = std::move(out_);
  }

 private:
  const Token& token(uint32_t idx) const { return analysis_.tokens[idx]; }
  uint32_t sentence_of(const ActorMention& mention) const { return token(mention.range.first_token).sentence; }

  static bool has_country(const ActorMention& mention) { return !mention.actor.country.empty(); }
  bool plural(const ActorMention& mention) const {
    const std::string& xpos = token(mention.range.end_token - 1).xpos;
    return xpos == "NNS" || xpos == "NNPS";
  }

  // The latest mention before `before` (within `sentences` sentences back) that fits `want`, not
  // one of `exclude`'s words.
  const ActorMention* antecedent(uint32_t before, uint32_t sentences, Want want, std::string_view sector = {},
                                 const TokenRange* exclude = nullptr) const {
    const uint32_t sentence = token(before).sentence;
    for (auto it = out_.rbegin(); it != out_.rend(); ++it) {
      const ActorMention& mention = *it;
      if (mention.range.first_token >= before) continue;
      if (sentence - sentence_of(mention) > sentences) break;
      if (exclude != nullptr && mention.range.first_token < exclude->end_token &&
          exclude->first_token < mention.range.end_token) {
        continue;
      }
      bool coded = has_country(mention) || mention.actor.code.size() > 3;
      if (!coded) continue;
      switch (want) {
        case Want::kPerson:
          if (mention.kind == "person" || (mention.kind == "reference" && mention.role == "person")) return &mention;
          // "The Kenyan president says that he ...": one holder of a title is a person too (not a
          // body: "the Nicaraguan government").
          if (mention.kind == "title" && !plural(mention) && has_country(mention) &&
              is_one_of(token(mention.range.end_token - 1).lower,
                        {"president", "minister", "secretary", "chancellor", "king", "queen", "emir", "prince",
                         "premier", "leader", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
                         "general", "commander", "chief", "governor", "mayor", "official", "diplomat", "senator",
                         "lawmaker", "judge", "prosecutor", "director", "chairman", "chairwoman", "head", "adviser",
                         "advisor", "negotiator", "officer", "sultan", "monarch"}))
            return &mention;
          break;
        case Want::kPlural:
          if (plural(mention) && mention.kind != "person") return &mention;
          break;
        case Want::kCollective:
          // A country, or a body of one ("Sudan's foreign ministry denied that its army ..."),
          // never a person.
          if (mention.kind != "person" && mention.role != "person") return &mention;
          break;
        case Want::kCountry:
          if (!has_country(mention)) break;
          if (sector.empty() || mention.actor.sector == sector) return &mention;
          break;
      }
    }
    return nullptr;
  }

  ActorMention reference(TokenRange range, const ActorMention& antecedent, std::string role) const {
    ActorMention mention;
    mention.range = range;
    mention.text = std::string(text::cut(document_, range.span));
    mention.actor = antecedent.actor;
    mention.actor_id = antecedent.actor_id;
    mention.kind = "reference";
    mention.role = std::move(role);
    return mention;
  }

  TokenRange range_of(uint32_t first, uint32_t end) const {
    return TokenRange{first, end, Span{token(first).span.begin, token(end - 1).span.end}};
  }

  // The subject of the verb that governs token `idx` as its object: a pronoun object is not its
  // own verb's subject ("Abiy hosted him").
  std::optional<TokenRange> own_subject(uint32_t idx) const {
    const Token& word = token(idx);
    if (word.head < 0 || !is_one_of(word.deprel, {"obj", "iobj", "obl"})) return std::nullopt;
    const Sentence& sentence = analysis_.sentences[word.sentence];
    // The verb's own subject, else the one it shares as a conjoined or xcomp verb ("welcomed
    // Ruto and later hosted him").
    int32_t verb = word.head;
    for (int steps = 0; steps < 4 && verb >= 0; ++steps) {
      for (uint32_t look = sentence.first_token; look < sentence.end_token; ++look) {
        if (token(look).head == verb && token(look).deprel.starts_with("nsubj")) return range_of(look, look + 1);
      }
      if (!is_one_of(token(verb).deprel, {"conj", "xcomp"})) break;
      verb = token(verb).head;
    }
    return std::nullopt;
  }

  // "The group will continue its attacks on Israel": "its" before the object of a verb is the
  // verb's subject (own_subject: shared through conjoined and xcomp verbs), not the nearest body
  // named before ("... the Israel-Hamas ceasefire and continue its attacks"). The subject is a
  // body's mention, or "the group" (a definite group noun), which is the latest body named before
  // it, or none.
  // `decided` is false when the subject is neither (or a person, or missing): the caller then
  // falls back to the nearest body.
  const ActorMention* possessor_subject(uint32_t idx, bool& decided) const {
    decided = false;
    const Token& word = token(idx);
    if (word.head < 0 || word.deprel != "nmod:poss") return nullptr;
    const std::optional<TokenRange> subject_range = own_subject(static_cast<uint32_t>(word.head));
    if (!subject_range) return nullptr;
    const uint32_t look = subject_range->first_token;
    for (auto it = out_.rbegin(); it != out_.rend() && sentence_of(*it) == word.sentence; ++it) {
      if (it->range.first_token <= look && look < it->range.end_token) {
        decided = it->kind != "person" && it->role != "person" && (has_country(*it) || it->actor.code.size() > 3);
        return decided ? &*it : nullptr;
      }
    }
    const Token& subject = token(look);
    if (subject.tag == "NOUN" && look > 0 && token(look - 1).lower == "the" &&
        is_one_of(subject.lower, {"group", "organisation", "organization", "movement", "militia", "faction"})) {
      decided = true;
      return antecedent(look, 2, Want::kCollective);
    }
    return nullptr;
  }

  // "Russia says (that) it killed ...", "Kenya admits it assisted ...": "it", the subject of a
  // verb in what a country or body says, is the speaker. Only there: elsewhere "it" is as often
  // a thing or expletive ("it is unclear", "it seems") as an actor, and only a full verb counts
  // (not an adjective or noun predicate, not "seem", "appear", "take", ...).
  // "they" in what a plural speaker says is that speaker ("Puntland forces claim they took over
  // the towns"), or nobody when the speaker is not a known body: `decided` then tells the caller
  // not to fall back to the nearest plural before ("Islamic State militants are killed as ...").
  const ActorMention* reported_speaker(uint32_t idx) const {
    bool decided = false;
    return reported_speaker(idx, false, decided);
  }
  const ActorMention* reported_speaker(uint32_t idx, bool plural_pronoun, bool& decided) const {
    decided = false;
    const Token& word = token(idx);
    if (word.head < 0 || !word.deprel.starts_with("nsubj")) return nullptr;
    int32_t clause = word.head;
    // (The verbs of an expletive "it" only: "it takes time", "it seems".)
    if (token(clause).tag != "VERB" ||
        (!plural_pronoun &&
         is_one_of(token(clause).lemma, {"seem", "appear", "happen", "remain", "take", "matter", "mean", "cost", "look",
                                         "sound", "feel", "become", "rain", "snow", "follow", "turn", "emerge"}))) {
      return nullptr;
    }
    // A clause conjoined to the complement is still what was said ("said talks had failed and it
    // would respond").
    for (int steps = 0; steps < 3 && token(clause).deprel == "conj" && token(clause).head >= 0; ++steps)
      clause = token(clause).head;
    if (token(clause).deprel != "ccomp" || token(clause).head < 0) return nullptr;
    const int32_t speech = token(clause).head;
    if (!is_one_of(token(speech).lemma, {"say", "announce", "claim", "state", "report", "confirm", "admit", "deny",
                                         "warn", "insist", "add", "acknowledge", "declare", "threaten", "pledge",
                                         "promise", "vow", "argue", "assert", "allege", "stress", "reiterate"})) {
      return nullptr;
    }
    const Sentence& sentence = analysis_.sentences[word.sentence];
    for (uint32_t look = sentence.first_token; look < sentence.end_token; ++look) {
      if (token(look).head != speech || token(look).deprel != "nsubj") continue;
      const bool plural_speaker = token(look).xpos == "NNS" || token(look).xpos == "NNPS";
      if (plural_pronoun != plural_speaker) return nullptr;
      decided = true;
      // The mention over the speaker's head word, a body or a country, never a person.
      for (auto it = out_.rbegin(); it != out_.rend() && sentence_of(*it) == word.sentence; ++it) {
        if (it->range.first_token <= look && look < it->range.end_token)
          return it->kind != "person" && it->role != "person" && plural(*it) == plural_pronoun &&
                         (has_country(*it) || it->actor.code.size() > 3)
                     ? &*it
                     : nullptr;
      }
      return nullptr;
    }
    return nullptr;
  }

  // "Ruto" after "Kenyan President William Ruto": a proper noun run that ends a person's name
  // named earlier in the document is that person. Returns the run's end, or `idx`.
  uint32_t surname(uint32_t idx) {
    if (token(idx).tag != "PROPN" && !(token(idx).tag.empty() && token(idx).capitalized)) return idx;
    if (idx > 0 && token(idx - 1).capitalized && token(idx - 1).tag == "PROPN") return idx;  // inside a name
    const uint32_t sentence = token(idx).sentence;
    for (auto it = out_.rbegin(); it != out_.rend(); ++it) {
      // Within a report's reach (and bounded, so a very long document stays linear).
      if (sentence - sentence_of(*it) > kSurnameReach) break;
      if (it->kind != "person" || it->actor.name.empty()) continue;
      // The name's words, split at spaces and hyphens as the tokenizer splits them.
      std::vector<std::string_view> words;
      std::string_view name = it->actor.name;
      for (size_t begin = 0; begin < name.size();) {
        size_t end = name.find_first_of(" -", begin);
        if (end == std::string_view::npos) end = name.size();
        if (end > begin) words.push_back(name.substr(begin, end - begin));
        begin = end + 1;
      }
      // The trailing words of the name (all but the first), longest first.
      for (size_t from = 1; from < words.size(); ++from) {
        uint32_t look = idx;
        bool all = true;
        for (size_t part = from; part < words.size() && all; ++part) {
          while (look < analysis_.tokens.size() && token(look).norm == "-") ++look;
          all = look < analysis_.tokens.size() && token(look).norm == words[part];
          ++look;
        }
        if (!all || look > analysis_.sentences[token(idx).sentence].end_token) continue;
        if (look < analysis_.tokens.size() && token(look).capitalized && token(look).tag == "PROPN") continue;
        out_.push_back(reference(range_of(idx, look), *it, "person"));
        return look;
      }
    }
    return idx;
  }

  // "M23 rebels solidify control of Goma and hold captured Congolese troops. They also begin
  // advancing on Bukavu": a "they" that opens its sentence as its subject continues the previous
  // sentence's plural subject, not the latest plural named. The mention covering the subject of
  // the previous sentence's main verb, or nullptr.
  const ActorMention* previous_subject(uint32_t idx) const {
    const Token& word = token(idx);
    if (word.sentence == 0 || !word.deprel.starts_with("nsubj")) return nullptr;
    if (idx != analysis_.sentences[word.sentence].first_token) return nullptr;
    const Sentence& previous = analysis_.sentences[word.sentence - 1];
    for (uint32_t look = previous.first_token; look < previous.end_token; ++look) {
      const Token& subject = token(look);
      if (subject.head < 0 || !subject.deprel.starts_with("nsubj") || token(static_cast<uint32_t>(subject.head)).head >= 0)
        continue;
      for (const ActorMention& mention : out_) {
        if (mention.range.first_token > look || look >= mention.range.end_token) continue;
        const bool coded = has_country(mention) || mention.actor.code.size() > 3;
        return coded && plural(mention) && mention.kind != "person" ? &mention : nullptr;
      }
      return nullptr;
    }
    return nullptr;
  }

  // A pronoun or "the country" at `idx` that no mention covers.
  void refer(uint32_t idx) {
    const Token& word = token(idx);
    if (!word.tag.empty() && word.tag != "PRON" && word.tag != "NOUN" && word.tag != "DET") return;
    const std::string& lower = word.lower;
    if (is_one_of(lower, {"he", "him", "his", "she", "her"})) {
      std::optional<TokenRange> subject = own_subject(idx);
      // The subject's mention covers the subject's head word; exclude the whole mention.
      std::optional<TokenRange> excluded;
      if (subject) {
        // The subject is in the pronoun's sentence: look back no further.
        for (auto it = out_.rbegin(); it != out_.rend() && sentence_of(*it) == word.sentence; ++it) {
          if (it->range.first_token <= subject->first_token && subject->first_token < it->range.end_token)
            excluded = it->range;
        }
      }
      if (const ActorMention* found = antecedent(idx, 3, Want::kPerson, {}, excluded ? &*excluded : nullptr))
        out_.push_back(reference(range_of(idx, idx + 1), *found, "person"));
    } else if (is_one_of(lower, {"they", "them", "their"})) {
      bool decided = false;
      const ActorMention* found = lower == "they" ? reported_speaker(idx, true, decided) : nullptr;
      if (!decided) found = previous_subject(idx);
      if (!decided && found == nullptr) found = antecedent(idx, 2, Want::kPlural);
      if (found != nullptr) out_.push_back(reference(range_of(idx, idx + 1), *found, "plural"));
    } else if (lower == "its") {
      bool decided = false;
      const ActorMention* found = possessor_subject(idx, decided);
      if (!decided) found = antecedent(idx, 2, Want::kCollective);
      if (found != nullptr) out_.push_back(reference(range_of(idx, idx + 1), *found, "its"));
    } else if (lower == "it") {
      if (const ActorMention* found = reported_speaker(idx))
        out_.push_back(reference(range_of(idx, idx + 1), *found, "it"));
    } else if (is_one_of(lower, {"country", "nation"}) && idx > 0 && token(idx - 1).lower == "the" &&
               (word.tag.empty() || word.tag == "NOUN")) {
      if (const ActorMention* found = antecedent(idx, 3, Want::kCountry)) {
        ActorMention mention = reference(range_of(idx - 1, idx + 1), *found, "the country");
        // The country itself, not the person or body it was named with.
        mention.actor.code = found->actor.country;
        mention.actor.sector.clear();
        mention.actor.name.clear();
        mention.actor_id = found->actor.country;
        out_.push_back(std::move(mention));
      }
    } else if (word.tag == "NOUN" && (word.xpos == "NNS" || word.xpos == "NNPS") && idx > 0 &&
               is_one_of(token(idx - 1).lower, {"these", "those", "the", "both", "all"})) {
      collective(idx);
    } else if (is_one_of(lower, {"sides", "countries", "nations"}) && idx > 0 &&
               is_one_of(token(idx - 1).lower, {"two", "both"}) && word.tag != "PROPN") {
      pair(range_of(idx - 1, idx + 1), "");
    }
  }

  // "these delegations" after "Russian, American, and Turkish delegations": the same plural noun
  // named before with coordinated countries as its modifiers refers to all of them, one mention
  // each over the words "these delegations".
  void collective(uint32_t idx) {
    const Token& word = token(idx);
    const uint32_t sentence = word.sentence;
    for (uint32_t look = idx - 1; look-- > 0;) {
      if (sentence - token(look).sentence > 3) return;
      if (token(look).lemma != word.lemma || token(look).xpos != word.xpos) continue;
      // The countries whose mentions end right before it, joined by commas and "and".
      std::vector<const ActorMention*> owners;
      uint32_t end = look;
      for (auto it = out_.rbegin(); it != out_.rend(); ++it) {
        if (it->range.first_token >= end) continue;
        if (it->range.end_token != end || !has_country(*it) || it->kind != "country") break;
        owners.push_back(&*it);
        end = it->range.first_token;
        while (end > 0 && is_one_of(token(end - 1).lower, {",", "and"})) --end;
      }
      if (owners.size() < 2) return;
      std::vector<ActorMention> made;
      for (auto it = owners.rbegin(); it != owners.rend(); ++it)
        made.push_back(reference(range_of(idx - 1, idx + 1), **it, std::string(text::cut(document_, range_of(idx - 1, idx + 1).span))));
      for (ActorMention& mention : made) out_.push_back(std::move(mention));
      return;
    }
  }

  // "the ministry", "the delegation": a sector-only mention after a definite determiner takes
  // the country of the latest actor of its sector. Returns true when it added the mention itself.
  bool describe(ActorMention& mention) {
    if (has_country(mention) || mention.kind != "title" || mention.actor.sector.empty()) return false;
    const uint32_t first = mention.range.first_token;
    if (first == 0) return false;
    const std::string& before = token(first - 1).lower;
    // "the two leaders", "both sides"; not a count ("killing two people").
    const bool the_two = before == "two" && first >= 2 && is_one_of(token(first - 2).lower, {"the", "these", "those"});
    if ((the_two || before == "both") && plural(mention)) {
      pair(mention.range, mention.actor.sector);
      return true;
    }
    // "the Biden administration", "Netanyahu's government": a person named right before a
    // government's word heads it, and it is of the person's country (not of a place nearby).
    const bool possessed = first >= 1 && is_one_of(before, {"'s", "’s"}) && !out_.empty() &&
                           out_.back().range.end_token == first - 1;
    if (!out_.empty() && (out_.back().range.end_token == first || possessed) && out_.back().kind == "person" &&
        has_country(out_.back()) &&
        is_one_of(token(mention.range.end_token - 1).lower, {"administration", "government", "cabinet", "regime"})) {
      mention.actor.country = out_.back().actor.country;
      mention.actor.code = mention.actor.country + mention.actor.sector;
      mention.actor_id = mention.actor.country;
      mention.role = out_.back().text + " " + mention.text;
      mention.kind = "reference";
      return false;
    }
    // "the Chinese PLA Navy and Air Force": a body with no country, conjoined right after a
    // country's body, is that country's (not of a place nearby: "... around Taiwan").
    if (is_one_of(before, {"and", "or"}) && first >= 2 && !out_.empty() &&
        out_.back().range.end_token == first - 1 && has_country(out_.back()) && out_.back().kind != "person" &&
        out_.back().role != "person" && out_.back().actor.code.size() > 3) {
      mention.actor.country = out_.back().actor.country;
      mention.actor.code = mention.actor.country + mention.actor.sector;
      mention.actor_id = mention.actor.country;
      mention.role = mention.text;
      mention.kind = "reference";
      return false;
    }
    // "its army", "their delegation": the possessive's referent, resolved just before.
    if (is_one_of(before, {"its", "their"}) && !out_.empty() && out_.back().range.first_token == first - 1 &&
        out_.back().kind == "reference" && has_country(out_.back())) {
      mention.actor.country = out_.back().actor.country;
      mention.actor.code = mention.actor.country + mention.actor.sector;
      mention.actor_id = mention.actor.country;
      mention.role = before + " " + mention.text;
      mention.kind = "reference";
      return false;
    }
    if (!is_one_of(before, {"the", "this", "that"}) || plural(mention)) return false;
    const ActorMention* found = antecedent(first, 6, Want::kCountry, mention.actor.sector);
    if (found == nullptr) found = antecedent(first, 3, Want::kCountry);
    if (found == nullptr) return false;
    mention.actor.country = found->actor.country;
    mention.actor.code = mention.actor.country + mention.actor.sector;
    // The country's body, not the person or organisation the country was found on.
    mention.actor_id = mention.actor.country;
    mention.role = "the " + mention.text;
    mention.kind = "reference";
    return false;
  }

  // "the two leaders", "both sides": one mention per each of the two latest countries.
  void pair(TokenRange range, std::string sector) {
    const uint32_t sentence = token(range.first_token).sentence;
    std::vector<const ActorMention*> found;
    for (auto it = out_.rbegin(); it != out_.rend() && found.size() < 2; ++it) {
      if (sentence - sentence_of(*it) > 3) break;
      if (!has_country(*it)) continue;
      bool repeated = false;
      for (const ActorMention* other : found) repeated |= other->actor.country == it->actor.country;
      if (!repeated) found.push_back(&*it);
    }
    if (found.size() < 2) return;
    std::vector<ActorMention> made;
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      ActorMention mention = reference(range, **it, std::string(text::cut(document_, range.span)));
      mention.actor.code = mention.actor.country + sector;
      mention.actor.sector = sector;
      if ((*it)->actor.sector != sector) {
        mention.actor.name.clear();
        mention.actor_id = mention.actor.country;
      }
      made.push_back(std::move(mention));
    }
    for (ActorMention& mention : made) out_.push_back(std::move(mention));
  }

  const Document& document_;
  Analysis& analysis_;
  std::vector<ActorMention> out_;
};

}  // namespace

void resolve_references(const Document& document, Analysis& analysis) { Resolver(document, analysis).run(); }

}  // namespace chronicle::actors
