#include "actors/actors.h"
#include "actors/references.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "text/words.h"

namespace chronicle::actors {
namespace {

using text::cut;
using text::is_one_of;

using lexicon::ActorDictionary;
using lexicon::ActorEntry;
using lexicon::Agent;
using lexicon::NameKind;
using lexicon::NameMatch;

bool is_determiner(std::string_view lower) {
  return is_one_of(lower, {"the", "a", "an", "both", "two", "three", "several", "some", "its",
                           "their", "his", "her", "joint", "combined"});
}

// Prepositions after which a capital names a place, not a government: "in Damascus".
bool is_locative_preposition(std::string_view lower) {
  return is_one_of(lower, {"in", "to", "at", "from", "near", "into", "toward", "towards", "across",
                           "outside", "around", "inside", "via", "through", "between", "of"});
}

// Words that may stand between a country and a title without ending the phrase.
bool is_modifier(std::string_view lower) {
  return is_one_of(lower, {"interim", "acting", "former", "then", "new", "top", "senior", "chief",
                           "veteran", "outgoing", "incoming", "newly", "appointed", "elected",
                           "self-declared", "de", "facto", "transitional", "caretaker", "current",
                           "late", "exiled", "deposed", "ousted", "high-level", "high-ranking",
                           "ranking", "retired", "visiting", "unnamed", "anonymous", "local",
                           "regional", "provincial", "federal", "national", "state", "official",
                           "military", "naval", "armed", "elite", "special", "coalition", "allied",
                           "pro-government", "government", "security", "border", "peacekeeping",
                           "coordinated", "combined", "joint"});
}

bool is_former(std::string_view lower) {
  return is_one_of(lower, {"former", "ex", "late", "deposed", "ousted", "exiled", "retired"});
}

// Name particles that may be lower case inside a personal name.
bool is_name_particle(std::string_view lower) {
  return is_one_of(lower, {"al", "el", "bin", "ibn", "abu", "abd", "bint", "de", "da", "del", "van",
                           "von", "der", "ben", "ould", "le", "la", "du", "ash", "as", "ad", "ar",
                           "at", "az", "an"});
}

bool starts_with_article_prefix(std::string_view lower) {
  static constexpr std::array<std::string_view, 9> kPrefixes = {"al-", "el-", "ash-", "as-", "ad-",
                                                                "ar-", "at-", "az-", "an-"};
  for (std::string_view prefix : kPrefixes) {
    if (lower.size() > prefix.size() && lower.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool is_word_token(const Token& token) {
  unsigned char first = token.norm.empty() ? 0 : static_cast<unsigned char>(token.norm[0]);
  return first >= 0x80 || std::isalpha(first);
}

// A token that can be part of a personal name.
bool is_name_token(const Token& token) {
  if (!is_word_token(token)) return false;
  if (token.capitalized) return true;
  return starts_with_article_prefix(token.lower) || is_name_particle(token.lower);
}

std::string normalize_title(std::string title) {
  // The dictionaries spell titles the American way; the text may not.
  size_t at = title.find("defence");
  if (at != std::string::npos) title.replace(at, 7, "defense");
  return title;
}

std::string country_part(std::string_view code) {
  if (code.size() >= 3 && std::isupper(static_cast<unsigned char>(code[0])) &&
      code.substr(0, 3) != "IGO" && code.substr(0, 3) != "NGO") {
    return std::string(code.substr(0, 3));
  }
  return {};
}

bool is_organisation_word(std::string_view lower);
std::string_view organisation_sector(const std::vector<Token>& tokens, uint32_t first,
                                     uint32_t end);

// Everything one noun phrase told us before it becomes one or more ActorMentions.
struct Phrase {
  uint32_t first = 0;  // first token of the phrase (after a determiner)
  uint32_t end = 0;
  struct CountryName {
    const ActorEntry* entry;
    uint32_t first;  // first token of the name
    uint32_t end;    // one past its last token
  };
  std::vector<CountryName> countries;
  bool country_from_capital = false;
  const ActorEntry* organisation = nullptr;
  const ActorEntry* person = nullptr;
  const Agent* head = nullptr;       // last title/agent read
  std::string role_text;             // the title/agent words
  uint32_t name_first = 0, name_end = 0;  // a personal name read from the text
  bool former = false;
  bool title_before_name = false;
  // The name is a proper name read after a country because an agent follows it ("Ethiopian
  // National Defense Forces"): that agent is the phrase's head. (Without a country before it,
  // "Puntland forces" is read on as before: the name's own place gives the country.)
  bool name_before_agent = false;
  // A surname that refers back to a person named in full earlier in the document ("Wong").
  std::optional<ActorMention> earlier_person;
  // A person registered by an earlier report (KnownPeople), named by tokens [name_first, name_end).
  const KnownPerson* known = nullptr;
};

class SentenceReader {
 public:
  SentenceReader(const ActorDictionary& dictionary, const KnownPeople* known_people,
                 const Document& document, Analysis& analysis, const std::vector<uint32_t>& place_end,
                 uint32_t first, uint32_t end)
      : dictionary_(dictionary),
        known_people_(known_people),
        document_(document),
        analysis_(analysis),
        place_end_(place_end),
        first_(first),
        end_(end) {}

  void run() {
    uint32_t token_idx = first_;
    while (token_idx < end_) {
      if (text::continues_compound(tokens(), token_idx)) {  // inside "Yunus-Bek", "al-Assad"
        ++token_idx;
        continue;
      }
      if (uint32_t place_end = place_with_agent_word(token_idx); place_end > token_idx) {
        token_idx = place_end;
        continue;
      }
      Phrase phrase;
      uint32_t next = read_phrase(token_idx, &phrase);
      if (next > token_idx && emit(phrase)) {
        token_idx = next;
      } else {
        ++token_idx;
      }
    }
  }

 private:
  const std::vector<Token>& tokens() const { return analysis_.tokens; }
  const Token& token(uint32_t idx) const { return analysis_.tokens[idx]; }
  bool lower_is(uint32_t idx, std::string_view word) const {
    return idx < end_ && token(idx).lower == word;
  }

  // A place the entity model found whose words include an agent word that is not its head: "the
  // Jenin refugee camp" (a camp, not refugees), or a compass word before it: "the West Bank" (no
  // bank). Returns the place's end, or `idx` when no such place starts there. A place ending in an
  // agent word is left to be read as a body: the entity model also calls "Gulf Cartel" and "Gaza
  // Health Ministry" places, and a name the dictionary knows is read as usual.
  uint32_t place_with_agent_word(uint32_t idx) const {
    if (idx >= place_end_.size() || place_end_[idx] == 0) return idx;
    const uint32_t end = std::min(place_end_[idx], end_);
    std::vector<NameMatch> matches;
    if (end < idx + 2 || read_name(idx, &matches) > 0) return idx;
    for (uint32_t word = idx + 1; word < end; ++word) {
      const Agent* agent = nullptr;
      const size_t length = dictionary_.match_agent(tokens(), word, end, &agent);
      if (length == 0) continue;
      const bool head = word + length == end;
      const bool compass = word == idx + 1 && is_one_of(token(idx).lower, {"west", "east", "north", "south"});
      return !head || compass ? end : idx;
    }
    return idx;
  }

  // Is the phrase starting at `first` the object of a verb of moving away ("withdraws troops from
  // Syria", "evacuated its citizens from Sudan")? Then its "from" says where, not whose.
  bool moved_from(uint32_t first) const {
    for (uint32_t look = first; look > first_ && first - look < 4;) {
      --look;
      if (is_one_of(token(look).lemma, {"withdraw", "pull", "evacuate", "remove", "expel", "recall", "move",
                                        "redeploy", "relocate", "deport", "rescue", "repatriate", "free", "release",
                                        "extract", "bring", "return"}))
        return true;
    }
    return false;
  }

  // Reads a country-like name at `idx`: returns tokens consumed (including a possessive 's).
  uint32_t read_name(uint32_t idx, std::vector<NameMatch>* matches) const {
    matches->clear();
    size_t length = dictionary_.match_name(tokens(), idx, end_, matches);
    // "US$709 million", "A$50", "HK$": a currency, not a country.
    const uint32_t next = idx + static_cast<uint32_t>(length);
    if (length > 0 && next < end_ && token(next).norm == "$" && !token(next).space_before) {
      matches->clear();
      return 0;
    }
    return static_cast<uint32_t>(length);
  }

  static const NameMatch* pick(const std::vector<NameMatch>& matches, std::string_view kind) {
    for (const NameMatch& match : matches) {
      if (match.entry->kind == kind) return &match;
    }
    return nullptr;
  }

  // "ADDIS ABABA, March 12 (Meridian) —": a dateline names where the report was filed, not an
  // actor. Recognised by upper-case letters at the start of a sentence followed by a comma.
  bool is_dateline(uint32_t idx, uint32_t length) const {
    if (idx != first_ || idx + length >= end_ || (token(idx + length).lower != "," && token(idx + length).lower != "(")) return false;
    for (uint32_t part = idx; part < idx + length; ++part) {
      for (char c : token(part).norm) {
        if (std::islower(static_cast<unsigned char>(c))) return false;
      }
    }
    return true;
  }

  // Reads a run of name words starting at idx (at most 5; a hyphenated compound such as
  // "Kassym-Jomart" or "al-Assad" is one word); returns its end.
  uint32_t read_name_run(uint32_t idx) const {
    uint32_t run_end = idx;
    int words = 0;
    while (run_end < end_ && words < 5 && is_name_token(token(run_end))) {
      const Agent* agent = nullptr;
      if (run_end > idx && dictionary_.match_agent(tokens(), run_end, end_, &agent) > 0) break;
      run_end = static_cast<uint32_t>(text::compound_end(tokens(), run_end, end_));
      ++words;
    }
    // A name does not end with a particle ("Abu").
    while (run_end > idx) {
      uint32_t last_word = run_end - 1;
      while (last_word >= idx + 2 && text::is_joining_hyphen(tokens(), last_word - 1)) last_word -= 2;
      if (token(last_word).capitalized) break;
      run_end = last_word;
    }
    return run_end;
  }

  // One past a modifier ("interim", "high-level") starting at idx, or idx when there is none.
  uint32_t modifier_end(uint32_t idx) const {
    if (idx >= end_) return idx;
    const uint32_t end = static_cast<uint32_t>(text::compound_end(tokens(), idx, end_));
    if (end > idx + 1) return is_modifier(text::lower_text(tokens(), idx, end)) ? end : idx;
    return is_modifier(token(idx).lower) ? idx + 1 : idx;
  }

  uint32_t read_phrase(uint32_t start, Phrase* phrase) const {
    uint32_t idx = start;
    while (idx < end_ && is_determiner(token(idx).lower)) ++idx;
    phrase->first = idx;
    std::vector<NameMatch> matches;
    bool progressed = false;
    while (idx < end_) {
      const Token& current = token(idx);
      if (is_former(current.lower)) {
        phrase->former = true;
        ++idx;
        continue;
      }
      // A title or agent ("Deputy Defense Minister", "troops", "Foreign Ministry").
      const Agent* agent = nullptr;
      size_t agent_length = dictionary_.match_agent(tokens(), idx, end_, &agent);
      // A one-word agent the tagger reads as an adjective, opening the phrase, names no one: "an
      // official visit", "a military aid package", "official diplomatic relations". After a
      // country ("Rwanda's military support", "the U.S. military") or before another title ("the
      // military spokesperson") it still does.
      if (agent_length == 1 && current.tag == "ADJ" && idx == phrase->first) {
        const Agent* next = nullptr;
        if (dictionary_.match_agent(tokens(), idx + 1, end_, &next) == 0) agent_length = 0;
      }
      uint32_t name_length = read_name(idx, &matches);
      if (agent_length > 0 && agent_length >= name_length && phrase->person == nullptr &&
          (phrase->name_end == 0 || (phrase->name_before_agent && phrase->head == nullptr))) {
        phrase->head = agent;
        if (!phrase->role_text.empty()) phrase->role_text += ' ';
        phrase->role_text += agent->phrase;
        idx += static_cast<uint32_t>(agent_length);
        progressed = true;
        // "forces of Syria", "Ministry of Defense of Russia", "head of Syria's ...", and "troops
        // from Guatemala and El Salvador" (not where they are moved from: "withdraws troops from
        // Syria").
        if (lower_is(idx, "of") || (lower_is(idx, "from") && !moved_from(phrase->first))) {
          uint32_t after = idx + 1;
          while (after < end_ && is_determiner(token(after).lower)) ++after;
          std::vector<NameMatch> of_matches;
          uint32_t of_length = read_name(after, &of_matches);
          if (of_length > 0) {
            if (const NameMatch* country = pick(of_matches, "country")) {
              phrase->countries.push_back({country->entry, after, after + of_length});
              idx = after + of_length;
              if (lower_is(idx, "'s")) ++idx;
              idx = read_coordinated_countries(idx, phrase);
              continue;
            }
          }
        }
        continue;
      }
      if (name_length > 0 && phrase->name_end == 0 && phrase->person == nullptr) {
        const NameMatch* country = pick(matches, "country");
        const NameMatch* organisation = pick(matches, "organisation");
        if (organisation == nullptr) organisation = pick(matches, "group");
        const NameMatch* person = pick(matches, "person");
        if (country != nullptr && phrase->organisation == nullptr) {
          bool capital = country->how == NameKind::kCapital;
          bool possessive = lower_is(idx + name_length, "'s");
          if (capital && !possessive && idx > first_ && is_locative_preposition(token(idx - 1).lower)) {
            break;  // "in Damascus": a place
          }
          if (capital && phrase->head != nullptr) break;  // "ambassador to Damascus" read above
          if (capital && is_dateline(idx, name_length)) break;
          // "the Sea of Japan", "the Gulf of Mexico", "the Bay of Bengal": a place's name.
          if (idx >= first_ + 2 && lower_is(idx - 1, "of") && token(idx - 2).capitalized &&
              is_one_of(token(idx - 2).lower, {"sea", "gulf", "bay", "strait", "straits", "horn", "isthmus", "coast"})) {
            break;
          }
          // "the Paris Agreement", "the Ottawa Treaty", "the Minsk agreements": a capital naming
          // an accord (or a summit, a club) names no government.
          if (capital && !possessive && idx + name_length < end_ &&
              is_one_of(token(idx + name_length).lower,
                        {"agreement", "agreements", "accord", "accords", "treaty", "convention", "conventions",
                         "protocol", "declaration", "charter", "pact", "format", "process", "summit", "club",
                         "conference", "principles", "framework", "memorandum", "communique"})) {
            break;
          }
          phrase->countries.push_back({country->entry, idx, idx + name_length});
          phrase->country_from_capital = capital;
          idx += name_length;
          if (possessive) ++idx;
          idx = read_coordinated_countries(idx, phrase);
          progressed = true;
          continue;
        }
        if (organisation != nullptr && name_length == 1 && idx > first_ &&
            is_one_of(token(idx - 1).lower, {"in", "at", "near", "outside", "inside"})) {
          break;  // "talks in Brussels": a place, even where the name also stands for a body
        }
        if (organisation != nullptr && phrase->organisation == nullptr && phrase->head == nullptr) {
          phrase->organisation = organisation->entry;
          idx += name_length;
          if (lower_is(idx, "'s")) ++idx;
          progressed = true;
          continue;
        }
        if (person != nullptr) {
          phrase->person = choose_person(matches, *phrase);
          phrase->name_first = idx;
          phrase->name_end = idx + name_length;
          idx += name_length;
          progressed = true;
          break;
        }
      }
      // A personal name after a title ("Minister Murhaf Abu Qasra"), or a proper name before an
      // agent ("Al Arabiya TV channel").
      if (phrase->name_end == 0 && current.capitalized && is_word_token(current)) {
        uint32_t run_end = read_name_run(idx);
        if (run_end > idx) {
          if (phrase->head != nullptr && phrase->head->is_title) {
            phrase->name_first = idx;
            phrase->name_end = run_end;
            phrase->title_before_name = true;
            phrase->person = find_person(*phrase);
            if (phrase->person == nullptr) phrase->known = known_after_title(*phrase);
            idx = run_end;
            progressed = true;
            break;
          }
          if (phrase->head == nullptr && phrase->countries.empty() && run_end - idx <= 2) {
            if (auto earlier = earlier_person(idx, run_end)) {
              phrase->earlier_person = std::move(earlier);
              phrase->name_first = idx;
              phrase->name_end = run_end;
              idx = run_end;
              progressed = true;
              break;
            }
          }
          if (phrase->head == nullptr && phrase->countries.empty()) {
            if (const KnownPerson* known = known_without_title(idx, run_end)) {
              phrase->known = known;
              phrase->name_first = idx;
              phrase->name_end = run_end;
              idx = run_end;
              progressed = true;
              break;
            }
          }
          const Agent* following = nullptr;
          if (phrase->head == nullptr &&
              dictionary_.match_agent(tokens(), run_end, end_, &following) > 0 &&
              !following->is_title) {
            phrase->name_first = idx;
            phrase->name_end = run_end;
            phrase->name_before_agent = !phrase->countries.empty();
            idx = run_end;
            progressed = true;
            continue;
          }
        }
      }
      if (progressed && modifier_end(idx) > idx && idx + 1 < end_) {
        // Keep reading only when a title or agent follows the modifiers.
        uint32_t look = idx;
        while (modifier_end(look) > look) look = modifier_end(look);
        const Agent* ahead = nullptr;
        if (look < end_ && dictionary_.match_agent(tokens(), look, end_, &ahead) > 0) {
          if (is_former(current.lower)) phrase->former = true;
          idx = look;
          continue;
        }
      }
      break;
    }
    if (!progressed) return start;
    phrase->end = idx;
    read_apposition(idx, phrase);
    return idx;
  }

  // Apposition: "General Muhoozi Kainerugaba, Chief of the Ugandan military", "Murhaf Abu
  // Kasra, head of Syria's Ministry of Defense": a person the dictionary does not know, named
  // with no country, takes the country a title after the comma states ("TITLE of [the]
  // COUNTRY..."), and that title when the name had none. The apposition keeps its own mentions.
  void read_apposition(uint32_t idx, Phrase* phrase) const {
    if (phrase->name_end <= phrase->name_first || !phrase->countries.empty() || phrase->person != nullptr ||
        phrase->known != nullptr || phrase->earlier_person || phrase->organisation != nullptr || !lower_is(idx, ",")) {
      return;
    }
    // The title: a known one, or up to three nouns ("Chief", "deputy head").
    uint32_t look = idx + 1;
    while (look < end_ && is_determiner(token(look).lower)) ++look;
    const Agent* title = nullptr;
    size_t title_length = dictionary_.match_agent(tokens(), look, end_, &title);
    if (title_length == 0 || title == nullptr || !title->is_title) {
      title = nullptr;
      title_length = 0;
      while (title_length < 3 && look + title_length < end_ && !lower_is(look + static_cast<uint32_t>(title_length), "of") &&
             (token(look + title_length).tag.empty() || token(look + title_length).tag == "NOUN" ||
              token(look + title_length).tag == "PROPN")) {
        ++title_length;
      }
      if (title_length == 0) return;
    }
    uint32_t after = look + static_cast<uint32_t>(title_length);
    if (!lower_is(after, "of")) return;
    ++after;
    while (after < end_ && is_determiner(token(after).lower)) ++after;
    std::vector<NameMatch> matches;
    const uint32_t country_length = read_name(after, &matches);
    if (country_length == 0) return;
    const NameMatch* country = pick(matches, "country");
    if (country == nullptr) return;
    // The body after the country names the sector: "of the Ugandan military" → MIL.
    uint32_t body = after + country_length;
    if (lower_is(body, "'s")) ++body;
    const Agent* agent = nullptr;
    if (dictionary_.match_agent(tokens(), body, end_, &agent) == 0) agent = nullptr;
    phrase->countries.push_back({country->entry, after, after});
    if (phrase->head == nullptr) phrase->head = agent != nullptr ? agent : title;
  }

  // After a country adjective: ", American, and Turkish" → more countries sharing the head.
  uint32_t read_coordinated_countries(uint32_t idx, Phrase* phrase) const {
    std::vector<NameMatch> matches;
    while (idx < end_) {
      uint32_t look = idx;
      if (lower_is(look, ",")) ++look;
      if (lower_is(look, "and") || lower_is(look, "or")) ++look;
      if (look == idx) break;
      while (look < end_ && is_determiner(token(look).lower)) ++look;
      uint32_t length = read_name(look, &matches);
      const NameMatch* country = length > 0 ? pick(matches, "country") : nullptr;
      if (country == nullptr) break;
      if (country->how == NameKind::kCapital) break;
      phrase->countries.push_back({country->entry, look, look + length});
      idx = look + length;
      if (lower_is(idx, "'s")) ++idx;
    }
    return idx;
  }

  const ActorEntry* choose_person(const std::vector<NameMatch>& matches, const Phrase& phrase) const {
    const ActorEntry* best = nullptr;
    int best_score = -1;
    std::string country = phrase.countries.empty() ? std::string() : phrase.countries[0].entry->id;
    for (const NameMatch& match : matches) {
      if (match.entry->kind != "person") continue;
      int score = 0;
      if (!country.empty() && match.entry->country == country) score += 4;
      const lexicon::Role* role = ActorDictionary::role_at(*match.entry, document_.date);
      if (role != nullptr && !document_.date.empty() &&
          (role->from.empty() || role->from <= document_.date) &&
          (role->to.empty() || document_.date <= role->to)) {
        score += 2;
      }
      if (role != nullptr && phrase.head != nullptr &&
          normalize_title(role->title) == normalize_title(phrase.head->phrase)) {
        score += 1;
      }
      if (score > best_score) {
        best = match.entry;
        best_score = score;
      }
    }
    return best;
  }

  // An unknown name after a title: spelling variants of a known person resolve to them when
  // the country or the title agrees.
  const ActorEntry* find_person(const Phrase& phrase) const {
    const std::string name = text::norm_text(tokens(), phrase.name_first, phrase.name_end);
    std::string country = phrase.countries.empty() ? std::string() : phrase.countries[0].entry->id;
    std::vector<const ActorEntry*> candidates = dictionary_.find_person(name, country, 2);
    for (const ActorEntry* candidate : candidates) {
      if (!country.empty() && candidate->country == country) return candidate;
      const lexicon::Role* role = ActorDictionary::role_at(*candidate, document_.date);
      if (role != nullptr && phrase.head != nullptr &&
          normalize_title(role->title).find(normalize_title(phrase.head->phrase)) !=
              std::string::npos) {
        return candidate;
      }
      // An exact match (no edits) needs no agreement.
      if (ActorDictionary::name_key(candidate->name) == ActorDictionary::name_key(name)) {
        return candidate;
      }
      for (const std::string& alias : candidate->aliases) {
        if (ActorDictionary::name_key(alias) == ActorDictionary::name_key(name)) return candidate;
      }
    }
    return nullptr;
  }

  // Words that make a name a company's or a body's ("Petroleum Corp.", "Cos Ltd"): a title
  // before them ("General Petroleum Corp.") may have registered them as a person, wrongly.
  bool names_a_body(uint32_t first, uint32_t end) const {
    for (uint32_t idx = first; idx < end; ++idx) {
      if (is_organisation_word(token(idx).lower)) return true;
    }
    return !organisation_sector(tokens(), first, end).empty();
  }

  // A registered person named after a title: full agreement of the name, or a bare surname when
  // the title is the registered role ("Minister Kasra" for defence minister Murhaf Abu Kasra but
  // not "President Kasra"); the country must agree when the phrase names one. Only one candidate
  // may be left: two registered people who fit are a reason to recognise neither.
  const KnownPerson* known_after_title(const Phrase& phrase) const {
    if (known_people_ == nullptr || known_people_->empty() || phrase.head == nullptr ||
        names_a_body(phrase.name_first, phrase.name_end)) {
      return nullptr;
    }
    const std::string name = text::norm_text(tokens(), phrase.name_first, phrase.name_end);
    const std::string country =
        phrase.countries.empty() ? std::string() : phrase.countries[0].entry->id;
    const KnownPerson* chosen = nullptr;
    for (const KnownPersonMatch& match : known_people_->find(name, country)) {
      if (match.surname_only &&
          normalize_title(match.person->role) != normalize_title(phrase.head->phrase)) {
        continue;
      }
      if (chosen != nullptr) return nullptr;
      chosen = match.person;
    }
    return chosen;
  }

  // A registered person named without a title: the whole run of name words [first, run_end),
  // two words or more, agreeing fully with one registered person's name and with no other's. The
  // run must be a whole name: after a capitalised word ("Walid Abu Daqqa") it is only the end of
  // one, unless that word opens the sentence and the tagger says it is no proper noun ("Then").
  // A bare surname is never enough here.
  const KnownPerson* known_without_title(uint32_t first, uint32_t run_end) const {
    if (known_people_ == nullptr || known_people_->empty() || names_a_body(first, run_end)) {
      return nullptr;
    }
    if (first > first_ && is_name_token(token(first - 1)) && token(first - 1).capitalized) {
      const Token& before = token(first - 1);
      if (first - 1 != first_ || before.tag.empty() || before.tag == "PROPN") return nullptr;
    }
    uint32_t words = 0;
    for (uint32_t idx = first; idx < run_end; ++words) {
      idx = static_cast<uint32_t>(text::compound_end(tokens(), idx, run_end));
    }
    if (words < 2) return nullptr;
    const KnownPerson* chosen = nullptr;
    for (const KnownPersonMatch& match :
         known_people_->find(text::norm_text(tokens(), first, run_end), {})) {
      if (match.surname_only) continue;
      if (chosen != nullptr) return nullptr;  // two registered people fit: neither
      chosen = match.person;
    }
    return chosen;
  }

  // A person mentioned earlier in the document whose name ends with tokens [first, end).
  std::optional<ActorMention> earlier_person(uint32_t first, uint32_t end) const {
    const std::string tail = text::norm_text(tokens(), first, end);
    const uint32_t sentence = tokens()[first].sentence;
    for (auto mention = analysis_.actors.rbegin(); mention != analysis_.actors.rend(); ++mention) {
      // Within 30 sentences: a report's reach, and a bound that keeps a very long document linear.
      if (sentence - tokens()[mention->range.first_token].sentence > 30) break;
      if (mention->kind != "person" || mention->actor.name.size() <= tail.size()) continue;
      const std::string& name = mention->actor.name;
      if (name.compare(name.size() - tail.size(), tail.size(), tail) == 0 &&
          name[name.size() - tail.size() - 1] == ' ') {
        return *mention;
      }
    }
    return std::nullopt;
  }

  // Turns a phrase into mentions; false when the phrase is not an actor.
  bool emit(const Phrase& phrase) {
    if (phrase.end <= phrase.first) return false;
    std::string sector = phrase.head != nullptr ? phrase.head->sector : std::string();
    std::string name_text;
    if (phrase.name_end > phrase.name_first) {
      Span name_span{token(phrase.name_first).span.begin, token(phrase.name_end - 1).span.end};
      name_text = std::string(cut(document_, name_span));
    }
    auto add = [&](uint32_t first, ActorRef actor, std::string kind, std::string actor_id,
                   uint32_t end = 0) {
      if (end == 0) end = phrase.end;
      ActorMention mention;
      mention.range.first_token = first;
      mention.range.end_token = end;
      mention.range.span = {token(first).span.begin, token(end - 1).span.end};
      mention.text = std::string(cut(document_, mention.range.span));
      mention.kind = std::move(kind);
      mention.role = phrase.role_text;
      mention.actor = std::move(actor);
      mention.actor_id = std::move(actor_id);
      analysis_.actors.push_back(std::move(mention));
    };

    if (phrase.earlier_person) {
      add(phrase.first, phrase.earlier_person->actor, "person", phrase.earlier_person->actor_id);
      return true;
    }
    if (phrase.known != nullptr) {
      // The report's own country and title say who they are now; else what was registered.
      const KnownPerson& known = *phrase.known;
      ActorRef actor;
      actor.name = known.name;
      if (!phrase.countries.empty()) {
        const ActorEntry* country = phrase.countries[0].entry;
        actor.country = country->id;
        actor.code = country->code.empty() ? country->id : country->code;
      } else {
        actor.country = known.country;
        actor.code = known.country;
      }
      actor.sector = sector;
      if (sector.empty() && country_part(known.code) == actor.country && known.code.size() > 3) {
        actor.sector = known.code.substr(3, 3);
      }
      if (phrase.former && !actor.country.empty()) actor.sector = "ELI";
      actor.code += actor.sector;
      std::string country_id = actor.country;
      add(phrase.first, std::move(actor), "person", std::move(country_id));
      return true;
    }
    if (phrase.person != nullptr) {
      const lexicon::Role* role = ActorDictionary::role_at(*phrase.person, document_.date);
      ActorRef actor;
      actor.name = phrase.person->name;
      actor.country = phrase.person->country;
      actor.code = role != nullptr ? role->code : phrase.person->code;
      if (actor.country.empty()) actor.country = country_part(actor.code);
      actor.sector = actor.code.size() > 3 ? actor.code.substr(3, 3) : std::string();
      bool out_of_office = role != nullptr && !document_.date.empty() && !role->to.empty() &&
                           role->to < document_.date;
      if ((phrase.former || out_of_office) && !actor.country.empty()) {
        actor.sector = "ELI";  // CAMEO: former officials are elites
        actor.code = actor.country + "ELI";
      }
      add(phrase.first, std::move(actor), "person", phrase.person->id);
      return true;
    }
    // A group registered for another country than the one the phrase names is a namesake
    // ("South Sudan People's Defence Forces" is not Myanmar's People's Defence Force): the
    // named country, with the title's sector, is all that is known.
    const bool namesake = phrase.organisation != nullptr && !phrase.countries.empty() &&
                          phrase.organisation->kind == "group" && !phrase.organisation->country.empty() &&
                          phrase.countries[0].entry->id != phrase.organisation->country;
    if (phrase.organisation != nullptr && !namesake) {
      ActorRef actor;
      actor.code = phrase.organisation->code;
      actor.name = phrase.organisation->name;
      actor.country = phrase.organisation->country;
      if (!sector.empty() && sector != "IGO" && actor.code.find(sector) == std::string::npos &&
          phrase.organisation->kind != "organisation") {
        actor.sector = sector;
      }
      add(phrase.first, std::move(actor), phrase.organisation->kind, phrase.organisation->id);
      return true;
    }
    if (!phrase.countries.empty()) {
      bool coordinated = phrase.countries.size() > 1;
      for (size_t country_idx = 0; country_idx < phrase.countries.size(); ++country_idx) {
        const ActorEntry* country = phrase.countries[country_idx].entry;
        // Coordinated names each get their own tokens, the last one the shared head
        // ("Russian, American, and Turkish delegations"), so mentions never overlap.
        bool last = country_idx + 1 == phrase.countries.size();
        uint32_t first = coordinated ? phrase.countries[country_idx].first : phrase.first;
        uint32_t end = coordinated && !last ? phrase.countries[country_idx].end : phrase.end;
        ActorRef actor;
        actor.country = country->id;
        actor.sector = sector;
        if (actor.sector.empty() && phrase.country_from_capital) actor.sector = "GOV";
        if (phrase.former && !actor.sector.empty()) actor.sector = "ELI";
        actor.code = country->code.empty() ? country->id : country->code;
        actor.code += actor.sector;
        actor.name = name_text;
        std::string kind = phrase.name_end > phrase.name_first && phrase.title_before_name
                               ? "person"
                           : phrase.head != nullptr  ? "title"
                           : phrase.country_from_capital ? "capital"
                                                         : "country";
        add(first, std::move(actor), std::move(kind), country->id, end);
      }
      return true;
    }
    if (phrase.head != nullptr) {
      // A title or agent without a country: "officials", "the ministry", "Al Arabiya TV channel".
      ActorRef actor;
      actor.sector = sector;
      actor.code = sector;
      actor.name = name_text;
      std::string kind = phrase.title_before_name ? "person"
                         : !name_text.empty()     ? "organisation"
                                                  : "title";
      add(phrase.first, std::move(actor), std::move(kind), "");
      return true;
    }
    return false;
  }

  const ActorDictionary& dictionary_;
  const KnownPeople* known_people_;
  const Document& document_;
  Analysis& analysis_;
  const std::vector<uint32_t>& place_end_;  // token → end of the entity model's place there, or 0
  uint32_t first_;
  uint32_t end_;
};

// Head words that mark an organisation name.
bool is_organisation_word(std::string_view lower) {
  return is_one_of(lower, {"ministry", "council", "party", "agency", "channel", "tv", "news",
                           "committee", "commission", "union", "organization", "organisation",
                           "front", "army", "forces", "bank", "court", "assembly", "parliament",
                           "institute", "university", "company", "corporation", "group",
                           "movement", "brigade", "brigades", "office", "department", "service",
                           "times", "post", "press", "radio", "television"});
}

}  // namespace

std::string_view EntityRecognizer::dictionary_label(const std::vector<Token>& tokens, uint32_t first,
                                                    uint32_t end) const {
  std::vector<NameMatch> matches;
  size_t matched = dictionary_.match_name(tokens, first, end, &matches);
  if (matched != end - first || matches.empty()) return {};
  const std::string& kind = matches[0].entry->kind;
  if (kind == "person") return "PER";
  if (kind == "country") return matches[0].how == NameKind::kAdjective ? "NORP" : "LOC";
  return "ORG";
}

void EntityRecognizer::process(const Document& document, Analysis& analysis) const {
  std::vector<EntityMention> rules = rule_entities(document, analysis);
  if (model_ == nullptr) {
    for (auto& entity : rules) analysis.entities.push_back(std::move(entity));
    return;
  }
  const std::vector<Token>& tokens = analysis.tokens;
  std::vector<EntityMention> merged;
  std::vector<bool> covered(tokens.size(), false);
  for (const models::EntityMention& span : models::recognize_entities(*model_, analysis)) {
    EntityMention entity;
    entity.range.first_token = span.begin;
    entity.range.end_token = span.end;
    entity.range.span = {tokens[span.begin].span.begin, tokens[span.end - 1].span.end};
    entity.text = std::string(cut(document, entity.range.span));
    std::string_view known = dictionary_label(tokens, span.begin, span.end);
    entity.label = known.empty() ? std::string(span.type) : std::string(known);
    for (uint32_t idx = span.begin; idx < span.end; ++idx) covered[idx] = true;
    merged.push_back(std::move(entity));
  }
  for (auto& entity : rules) {
    if (entity.label == "MISC") continue;
    bool overlaps = false;
    for (uint32_t idx = entity.range.first_token; idx < entity.range.end_token; ++idx) overlaps |= covered[idx];
    if (!overlaps) merged.push_back(std::move(entity));
  }
  std::stable_sort(merged.begin(), merged.end(), [](const EntityMention& a, const EntityMention& b) {
    return a.range.first_token < b.range.first_token;
  });
  for (auto& entity : merged) analysis.entities.push_back(std::move(entity));
}

std::vector<EntityMention> EntityRecognizer::rule_entities(const Document& document,
                                                           const Analysis& analysis) const {
  std::vector<EntityMention> found;
  const std::vector<Token>& tokens = analysis.tokens;
  for (const Sentence& sentence : analysis.sentences) {
    uint32_t idx = sentence.first_token;
    while (idx < sentence.end_token) {
      if (!tokens[idx].capitalized || !is_word_token(tokens[idx]) ||
          text::continues_compound(tokens, idx)) {
        ++idx;
        continue;
      }
      // A title opening the run is not part of the name: "Prime Minister | Ama Owusu".
      const Agent* title = nullptr;
      size_t title_length = dictionary_.match_agent(tokens, idx, sentence.end_token, &title);
      if (title_length > 0 && title->is_title) {
        idx += static_cast<uint32_t>(title_length);
        continue;
      }
      // A hyphenated compound ("Kassym-Jomart") belongs to the run when its first word does.
      uint32_t run_end = idx;
      while (run_end < sentence.end_token &&
             (tokens[run_end].capitalized ||
              (run_end > idx && is_name_particle(tokens[run_end].lower) &&
               run_end + 1 < sentence.end_token && tokens[run_end + 1].capitalized)) &&
             is_word_token(tokens[run_end])) {
        run_end = static_cast<uint32_t>(text::compound_end(tokens, run_end, sentence.end_token));
      }
      // A lone capitalised function word opening a sentence is not a name.
      if (run_end == text::compound_end(tokens, idx, sentence.end_token) && idx == sentence.first_token) {
        std::vector<NameMatch> matches;
        if (dictionary_.match_name(tokens, idx, run_end, &matches) == 0) {
          idx = run_end;
          continue;
        }
      }
      EntityMention entity;
      entity.range.first_token = idx;
      entity.range.end_token = run_end;
      entity.range.span = {tokens[idx].span.begin, tokens[run_end - 1].span.end};
      entity.text = std::string(cut(document, entity.range.span));
      std::vector<NameMatch> matches;
      size_t matched = dictionary_.match_name(tokens, idx, run_end, &matches);
      const Agent* before = nullptr;
      bool after_title = false;
      // Titles are at most kMaxPhraseTokens long, so only the tokens just before can end one.
      constexpr uint32_t kMaxPhraseTokens = 8;
      uint32_t scan_from = idx > sentence.first_token + kMaxPhraseTokens ? idx - kMaxPhraseTokens
                                                                         : sentence.first_token;
      for (uint32_t back = scan_from; back < idx; ++back) {
        size_t length = dictionary_.match_agent(tokens, back, idx, &before);
        if (length > 0 && back + length == idx && before->is_title) after_title = true;
      }
      bool organisation = false;
      for (uint32_t in_run = idx; in_run < run_end; ++in_run) {
        if (is_organisation_word(tokens[in_run].lower)) organisation = true;
      }
      if (matched == run_end - idx && !matches.empty()) {
        const std::string& kind = matches[0].entry->kind;
        entity.label = kind == "person"                                  ? "PER"
                       : kind == "country" && matches[0].how == NameKind::kAdjective ? "NORP"
                       : kind == "country"                                ? "LOC"
                                                                          : "ORG";
      } else if (after_title) {
        entity.label = "PER";
      } else if (organisation) {
        entity.label = "ORG";
      } else if (idx > sentence.first_token &&
                 is_locative_preposition(tokens[idx - 1].lower)) {
        entity.label = "LOC";
      } else {
        entity.label = "MISC";
      }
      found.push_back(std::move(entity));
      idx = run_end;
    }
  }
  return found;
}

namespace {

// The sector an organisation's own words give it ("Ministry of Interior" → GOV), or empty.
std::string_view organisation_sector(const std::vector<Token>& tokens, uint32_t first, uint32_t end) {
  static const std::pair<std::string_view, std::string_view> kHeads[] = {
      {"ministry", "GOV"},    {"government", "GOV"}, {"cabinet", "GOV"},     {"embassy", "GOV"},
      {"presidency", "GOV"},  {"army", "MIL"},       {"navy", "MIL"},        {"military", "MIL"},
      {"brigade", "MIL"},     {"battalion", "MIL"},  {"corps", "MIL"},       {"police", "COP"},
      {"gendarmerie", "COP"}, {"court", "JUD"},      {"tribunal", "JUD"},    {"parliament", "LEG"},
      {"assembly", "LEG"},    {"congress", "LEG"},   {"senate", "LEG"},      {"party", "PTY"},
      {"university", "EDU"},  {"college", "EDU"},    {"academy", "EDU"},     {"bank", "BUS"},
      {"company", "BUS"},     {"corporation", "BUS"}, {"corp", "BUS"},       {"inc", "BUS"},
      {"ltd", "BUS"},         {"airlines", "BUS"},   {"news", "MED"},        {"times", "MED"},
      {"television", "MED"},  {"tv", "MED"},         {"radio", "MED"},       {"observatory", "HRI"},
      {"watch", "HRI"},       {"rights", "HRI"},     {"church", "REL"},      {"hospital", "HLH"},
      {"union", "LAB"},
  };
  for (uint32_t idx = first; idx < end; ++idx) {
    for (const auto& [head, sector] : kHeads)
      if (tokens[idx].lower == head) return sector;
  }
  return {};
}

}  // namespace

void ActorRecognizer::process(const Document& document, Analysis& analysis) const {
  run(document, analysis, AnalysisContext{});
}

void ActorRecognizer::run(const Document& document, Analysis& analysis,
                          const AnalysisContext& context) const {
  // The end of the place the entity model found at each token (0: none), for the readers.
  std::vector<uint32_t> place_end(analysis.tokens.size(), 0);
  for (const EntityMention& entity : analysis.entities) {
    if (entity.label == "LOC" && entity.range.first_token < place_end.size())
      place_end[entity.range.first_token] = entity.range.end_token;
  }
  for (uint32_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    SentenceReader reader(dictionary_, context.known_people, document, analysis, place_end,
                          sentence.first_token, sentence.end_token);
    reader.run();
  }
  // Organisations the entity layer found and no dictionary phrase covers.
  const std::vector<Token>& tokens = analysis.tokens;
  std::vector<bool> covered(tokens.size(), false);
  // The country or capital mention ending at each token, for "Kyrgyzstan's State Committee ...".
  std::vector<const ActorMention*> country_ending_at(tokens.size() + 1, nullptr);
  for (const ActorMention& mention : analysis.actors) {
    for (uint32_t idx = mention.range.first_token; idx < mention.range.end_token; ++idx) covered[idx] = true;
    if ((mention.kind == "country" || mention.kind == "capital") && !mention.actor.country.empty())
      country_ending_at[mention.range.end_token] = &mention;
  }
  std::vector<ActorMention> found;  // added after the loop: the pointers above stay valid
  for (const EntityMention& entity : analysis.entities) {
    if (entity.label != "ORG") continue;
    uint32_t first = entity.range.first_token, end = entity.range.end_token;
    // With tags, a name ends on a noun: a verb or preposition the span swallowed is cut off.
    auto nominal = [&](uint32_t idx) {
      const std::string& tag = tokens[idx].tag;
      return tag.empty() || tag == "PROPN" || tag == "NOUN" || tag == "NUM" || tag == "X";
    };
    while (end > first && !nominal(end - 1)) --end;
    if (end == first) continue;
    bool overlaps = false;
    for (uint32_t idx = first; idx < end; ++idx) overlaps |= covered[idx];
    if (overlaps) continue;
    // A name the dictionary knows was already read (or deliberately skipped, as a dateline
    // capital is); a piece of a hyphenated compound ("EU-facilitated") is not a name.
    std::vector<NameMatch> known;
    if (dictionary_.match_name(tokens, first, end, &known) == end - first) continue;
    if (first > 0 && text::is_joining_hyphen(tokens, first - 1)) continue;
    if (end < tokens.size() && text::is_joining_hyphen(tokens, end)) continue;
    std::string_view sector = organisation_sector(tokens, first, end);
    // One unknown word with no head word saying what it is may as well be a place or a brand.
    if (end - first < 2 && sector.empty()) continue;
    ActorMention mention;
    mention.range = entity.range;
    mention.range.end_token = end;
    mention.range.span.end = tokens[end - 1].span.end;
    mention.text = std::string(cut(document, mention.range.span));
    mention.kind = "organisation";
    mention.actor.name = mention.text;
    for (uint32_t idx = first; idx < end && mention.actor.country.empty(); ++idx) {
      std::vector<NameMatch> matches;
      if (dictionary_.match_name(tokens, idx, end, &matches) == 0) continue;
      for (const NameMatch& match : matches)
        if (match.entry->kind == "country") {
          mention.actor.country = match.entry->id;
          break;
        }
    }
    // "Kyrgyzstan's State Committee for National Security": the possessive country owns it.
    if (mention.actor.country.empty() && first > 0 && tokens[first - 1].lower == "'s" &&
        country_ending_at[first] != nullptr)
      mention.actor.country = country_ending_at[first]->actor.country;
    mention.actor.sector = std::string(sector);
    mention.actor.code = mention.actor.country + mention.actor.sector;
    found.push_back(std::move(mention));
  }
  if (!found.empty()) {
    for (auto& mention : found) analysis.actors.push_back(std::move(mention));
    std::stable_sort(analysis.actors.begin(), analysis.actors.end(),
                     [](const ActorMention& a, const ActorMention& b) {
                       return a.range.first_token < b.range.first_token;
                     });
  }
  resolve_references(document, analysis);
}

}  // namespace chronicle::actors
