// Place recognition: longest gazetteer match over capitalised token sequences, then resolution of
// ambiguous names by the countries the document mentions.
//
// The gazetteer holds ~1M names, many of them also ordinary English words, first names or titles
// ("May", "Police", "George", "President"). Rather than trusting every hit, a candidate must look
// like a name in context: capitalised, not inside a person or organisation mention, not a
// stoplisted word, and, when it is a lone word that could easily be something else, stand where a
// place stands (after "in", "near", ...) or be big enough to be meant (a country, a capital, one
// of our regions, or a city of 100k people at the start of a sentence).
#include <algorithm>
#include <array>
#include <map>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "geo/gazetteer.h"
#include "text/words.h"

namespace chronicle::geo {

namespace {

constexpr uint32_t kMaxTokens = 5;
constexpr int64_t kSentenceStartPopulation = 100000;
constexpr int64_t kSmallTownPopulation = 15000;
constexpr int64_t kAliasPopulation = 300000;
constexpr int64_t kAliasVariantPopulation = 10000;

// Never a place alone: titles, institutions, calendar words, function words and the common
// English words news capitalises that GeoNames also knows as towns somewhere. Keys (see
// Gazetteer::key) of single-token candidates; multi-token names ("Police Station Road") are not
// affected.
const std::unordered_set<std::string_view>& stoplist() {
  static const std::unordered_set<std::string_view> words = {
      // titles and forms of address
      "president", "minister", "prime", "secretary", "general", "king", "queen", "prince",
      "princess", "chancellor", "governor", "mayor", "senator", "sen", "rep", "gen", "col", "lt",
      "sgt", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "pope", "bishop", "sheikh", "emir",
      "sultan", "ambassador", "commander", "chief", "director", "judge", "justice", "speaker",
      "premier", "vice", "deputy", "spokesman", "spokeswoman", "spokesperson", "envoy", "colonel",
      "captain", "major", "admiral", "marshal", "sergeant", "officer", "leader", "chairman",
      // institutions and generic heads of names
      "police", "army", "navy", "military", "government", "parliament", "congress", "senate",
      "court", "council", "assembly", "party", "union", "republic", "kingdom", "state", "states",
      "city", "county", "province", "region", "district", "national", "federal", "federation",
      "united", "nations", "ministry", "department", "office", "house", "white", "supreme",
      "commission", "committee", "agency", "bank", "embassy", "forces", "force", "guard", "church",
      "university", "college", "school", "hospital", "airport", "station", "port", "square",
      "street", "road", "bridge", "river", "lake", "mount", "island", "islands", "center", "centre",
      "foreign", "defense", "defence", "interior", "security", "health", "energy", "trade",
      "justice", "press", "media", "news", "times", "post", "herald", "tribune", "reuters",
      "associated", "international", "european", "world", "global", "islamic", "democratic",
      "liberal", "labour", "labor", "green", "conservative", "socialist", "communist", "popular",
      "people", "peoples", "front", "movement", "alliance", "coalition", "brigade", "brigades",
      "division", "battalion", "corps", "command", "operation", "operations", "mission",
      // directions and qualifiers, names only together with what follows
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
      "upper", "lower", "greater", "new", "old", "saint", "san", "santa", "st", "fort", "camp",
      "middle", "far", "near",
      // calendar
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "christmas", "easter", "ramadan", "eid", "today", "yesterday",
      "tomorrow",
      // function words that start sentences and headlines
      "of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "by", "for", "with", "from", "as",
      "is", "it", "its", "this", "that", "these", "those", "but", "if", "no", "not", "all", "any",
      "some", "most", "more", "many", "much", "few", "each", "every", "both", "other", "such",
      "only", "also", "even", "just", "still", "then", "than", "there", "here", "when", "where",
      "while", "after", "before", "during", "since", "until", "about", "over", "under", "between",
      "among", "against", "through", "into", "he", "she", "they", "we", "you", "his", "her",
      "their", "our", "who", "what", "which", "why", "how", "yes", "however", "meanwhile",
      "according", "following", "despite", "later", "earlier", "officials", "sources",
      // common words that are also towns
      "power", "victory", "hope", "liberty", "independence", "unity", "progress", "friendship",
      "peace", "concord", "harmony", "freedom", "truth", "commerce", "industry", "enterprise",
      "gold", "silver", "diamond", "eagle", "lion", "deal", "wells", "ash", "rye", "winter",
      "summer", "spring", "autumn", "fall", "sale", "most", "roma", "hamas", "man", "date",
      "police", "mobile", "of", "van", "bar", "best", "born", "buy", "cash", "goes", "hit",
      "music", "opportunity", "paradise", "pride", "surprise", "why", "young", "mission", "love",
      "says", "said", "gay", "asia", "africa", "europe", "america", "americas", "trump",
      "google", "apple", "amazon", "meta", "tesla", "earth", "human",
  };
  return words;
}

// Multi-word names that GeoNames lists as aliases but English uses for something else ("White
// House" is a translation of Casablanca).
const std::unordered_set<std::string_view>& phrase_stoplist() {
  static const std::unordered_set<std::string_view> phrases = {
      "white house", "blue house", "red cross", "red crescent", "new year", "green zone",
      "high court", "big apple", "holy see",
  };
  return phrases;
}

// Towns named like common words or first names: accepted only where a place stands, right after a
// locative preposition ("in Nice", "near Reading").
const std::unordered_set<std::string_view>& locative_only() {
  static const std::unordered_set<std::string_view> words = {
      "nice", "reading", "split", "bath", "hull", "mobile", "victoria", "florence", "george",
      "charlotte", "austin", "jackson", "lincoln", "madison", "marion", "eugene", "tyler",
      "elizabeth", "warren", "aurora", "orange", "columbia", "phoenix", "independence", "union",
      "lafayette", "hamilton", "richmond", "salem", "troy", "sparta", "mercedes", "concepcion",
      "trinidad", "santiago", "cordoba", "granada", "valencia", "carolina", "virginia",
      "ali", "java", "hunter", "chase", "homer", "clinton", "franklin",
      "washington" /* a capital, but far more often a surname or the US government */,
  };
  return words;
}

// Capitalised words after a place name that make the whole an organisation or a title
// ("Washington Post", "Damascus University", "Kyiv Independent").
const std::unordered_set<std::string_view>& organisation_heads() {
  static const std::unordered_set<std::string_view> words = {
      "university", "college", "times", "post", "herald", "tribune", "journal", "daily", "news",
      "telegraph", "review", "independent", "observer", "gazette", "chronicle", "club", "fc",
      "united", "city", "stock", "exchange", "corporation", "company", "bank", "group", "agency",
      "institute", "airport", "airlines", "airways", "accords", "accord", "agreement",
      "agreements", "protocol", "process", "format", "declaration", "summit", "conference",
      "convention", "treaty", "statement", "report", "forum", "dialogue", "initiative",
      "syndrome", "pact", "party", "regime",
  };
  return words;
}

// Lower-case words that may join name words: "Strait of Hormuz", "Bab el-Mandeb", "Jammu and
// Kashmir", "Rostov on Don".
const std::unordered_set<std::string_view>& connectors() {
  static const std::unordered_set<std::string_view> words = {
      "of", "de", "del", "della", "di", "du", "des", "la", "le", "el", "al", "es", "ez", "ed", "ash",
      "the", "and", "upon", "on", "sur", "am", "an", "der", "den", "van", "von", "y", "da", "do",
      "dos", "das", "al-", "el-",
  };
  return words;
}

// Lower-case words that end or continue a name in our regions file: "Kursk region", "Tartus naval
// base", "Jenin refugee camp", "Zaporizhzhia nuclear power plant".
const std::unordered_set<std::string_view>& geographic_heads() {
  static const std::unordered_set<std::string_view> words = {
      "region", "province", "oblast", "governorate", "state", "camp", "refugee", "crossing",
      "border", "corridor", "base", "air", "naval", "airbase", "facility", "peninsula", "strait",
      "valley", "nuclear", "power", "plant", "port", "island", "islands", "sea", "shoal", "basin",
      "gulf", "canal", "ocean", "farms", "heights", "strip", "bank", "zone", "gap", "enrichment",
      "garrison", "route", "npp",
  };
  return words;
}

// Words after which a lone capitalised word is most likely a place.
const std::unordered_set<std::string_view>& locative_prepositions() {
  static const std::unordered_set<std::string_view> words = {
      "in", "at", "near", "from", "to", "outside", "around", "across", "into", "towards",
      "toward", "through", "inside", "via", "of", "between", "and", "on",
  };
  return words;
}

// Capitalised words that may precede a place name without making it a surname.
const std::unordered_set<std::string_view>& place_qualifiers() {
  static const std::unordered_set<std::string_view> words = {
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
      "northeastern", "northwestern", "southeastern", "southwestern", "north-east", "north-west",
      "south-east", "south-west", "northeast", "northwest", "southeast", "southwest", "upper",
      "lower", "greater", "occupied", "in", "at", "near", "from", "the", "to", "and", "of",
  };
  return words;
}

// Titles after which a capitalised word is a person's name ("President Jackson").
const std::unordered_set<std::string_view>& person_titles() {
  static const std::unordered_set<std::string_view> words = {
      "president", "minister", "secretary", "general", "gen", "gen.", "king", "queen", "prince",
      "chancellor", "governor", "mayor", "senator", "sen", "sen.", "rep", "rep.", "mr", "mr.",
      "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "pope", "sheikh", "emir",
      "ambassador", "commander", "judge", "justice", "speaker", "premier", "colonel", "col.",
      "captain", "capt.", "admiral", "lt.", "sgt.", "saint", "st.", "st",
  };
  return words;
}

bool is_letter_upper(std::string_view text) {
  if (text.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(text.front());
  if (c < 0x80) return std::isupper(c) != 0;
  // Non-ASCII first letter (Ö, Ş, Ł, ...): the key changes under case folding when it is upper.
  return false;
}

// "al-Tanf", "el-Mandeb", "ez-Zor": an Arabic article glued to a capitalised name.
bool is_article_prefixed_name(std::string_view norm) {
  const size_t hyphen = norm.find('-');
  if (hyphen == std::string_view::npos || hyphen == 0 || hyphen > 3) return false;
  for (size_t i = 0; i < hyphen; ++i) {
    if (!std::islower(static_cast<unsigned char>(norm[i]))) return false;
  }
  return is_letter_upper(norm.substr(hyphen + 1));
}

bool is_name_word(const Token& token) {
  return token.capitalized || is_article_prefixed_name(token.norm);
}

// The tokenizer splits hyphenated compounds ("Et" "-" "Tanf", "al" "-" "Tanf"); a compound is a
// name word when its first word is capitalised or it is an article glued to a name.
bool is_name_word_at(const std::vector<Token>& tokens, uint32_t idx, uint32_t limit) {
  const uint32_t end = static_cast<uint32_t>(text::compound_end(tokens, idx, limit));
  if (end == idx + 1) return is_name_word(tokens[idx]);
  return tokens[idx].capitalized || is_article_prefixed_name(text::norm_text(tokens, idx, end));
}

bool is_special(const GazetteerEntry& entry) {
  const std::string& feature = entry.place.feature;
  return feature == "A.PCLI" || feature == "P.PPLC" || feature == "REGION" || feature == "SITE" ||
         feature == "BASE" || feature == "WATER";
}

// Drops the Arabic article and spaces: "As Safirah" → "safirah", "Al-Safira" → "safira".
std::string skeleton(std::string_view key) {
  static constexpr std::array<std::string_view, 13> kArticles = {
      "al ", "el ", "as ", "ash ", "ad ", "ar ", "an ", "at ", "az ", "es ", "et ", "ez ", "the "};
  for (std::string_view article : kArticles) {
    if (key.substr(0, article.size()) == article) {
      key.remove_prefix(article.size());
      break;
    }
  }
  std::string out;
  for (char c : key) {
    if (c != ' ') out += c;
  }
  return out;
}

// True when two keys are spellings of one name ("Sednaya"/"Saydnaya", "Al-Safira"/"As Safirah"):
// Levenshtein distance of their skeletons at most a third of the shorter one.
bool spelling_variant(std::string_view a_key, std::string_view b_key) {
  const std::string a = skeleton(a_key);
  const std::string b = skeleton(b_key);
  const size_t limit = (std::min(a.size(), b.size()) + 2) / 3;
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return false;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()] <= limit;
}

struct Candidate {
  uint32_t first_token = 0;
  uint32_t end_token = 0;
  std::string key;
  std::vector<const GazetteerEntry*> entries;
  // Parallel to `entries`: an alias of a mid-sized town, plausible only when the document is
  // about its country ("Palmyra" for Tadmur in a report on Syria).
  std::vector<bool> needs_context;
  // The country named right after it ("Nelson, New Zealand"), empty when none.
  std::string apposition_country;
};

// The first token of the sentence that is not punctuation or a quote.
bool starts_sentence(const Analysis& analysis, uint32_t token_idx) {
  const Sentence& sentence = analysis.sentences[analysis.tokens[token_idx].sentence];
  for (uint32_t idx = sentence.first_token; idx < token_idx; ++idx) {
    const std::string& norm = analysis.tokens[idx].norm;
    if (std::any_of(norm.begin(), norm.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); })) {
      return false;
    }
  }
  return true;
}

}  // namespace

void PlaceRecognizer::process(const Document& document, Analysis& analysis) const {
  const std::vector<Token>& tokens = analysis.tokens;
  const uint32_t token_count = static_cast<uint32_t>(tokens.size());
  if (token_count == 0) return;

  // Tokens inside persons, organisations, groups, demonyms and titles are not places ("George
  // Washington", "Kurdistan Workers' Party", "Russian"); country and capital actors are also
  // places ("in Syria"), so they stay open.
  std::vector<bool> blocked(token_count, false);
  for (const ActorMention& actor : analysis.actors) {
    if (actor.kind == "country" || actor.kind == "capital") continue;
    for (uint32_t idx = actor.range.first_token; idx < actor.range.end_token && idx < token_count; ++idx) {
      blocked[idx] = true;
    }
  }
  for (const EntityMention& entity : analysis.entities) {
    if (entity.label != "PER") continue;
    for (uint32_t idx = entity.range.first_token; idx < entity.range.end_token && idx < token_count; ++idx) {
      blocked[idx] = true;
    }
  }

  // A dateline's agency in parentheses ("N'DJAMENA, Oct. 8 (Meridian) —") is a publisher, not a
  // place.
  // Its place name, in capitals before the comma, is a place even when short ("SUVA", not an
  // acronym) and at the start of a sentence.
  std::vector<bool> dateline_name(token_count, false);
  for (const Sentence& sentence : analysis.sentences) {
    const uint32_t after = static_cast<uint32_t>(text::dateline_end(tokens, sentence.first_token, sentence.end_token));
    for (uint32_t idx = sentence.first_token; idx < after && tokens[idx].norm != "," && tokens[idx].norm != "("; ++idx) dateline_name[idx] = true;
    bool open = false;
    for (uint32_t idx = sentence.first_token; idx < after; ++idx) {
      if (tokens[idx].norm == "(") open = true;
      if (open) blocked[idx] = true;
      if (tokens[idx].norm == ")") open = false;
    }
  }

  auto joinable = [&](uint32_t idx) {
    const Token& token = tokens[idx];
    return is_name_word(token) || connectors().count(token.lower) > 0 ||
           geographic_heads().count(token.lower) > 0;
  };

  // Single-word candidates must also look like a place in their position.
  // Filters the entries a single-word candidate may mean in its position and drops those it
  // cannot; false when none is left. Rules per entry, because "Tripoli" may be a capital (fine at
  // the start of a sentence) or a small town (not).
  auto keep_lone_word_entries = [&](uint32_t idx, uint32_t word_end, Candidate& candidate) {
    const Token& token = tokens[idx];
    const std::string word_norm = text::norm_text(tokens, idx, word_end);
    if (stoplist().count(candidate.key) > 0) return false;
    const Sentence& sentence = analysis.sentences[token.sentence];
    const bool has_prev = idx > sentence.first_token;
    const std::string* prev_lower = has_prev ? &tokens[idx - 1].lower : nullptr;
    const bool after_locative = prev_lower && locative_prepositions().count(*prev_lower) > 0;
    if (locative_only().count(candidate.key) > 0 && !after_locative) return false;
    // After a title it is a person: "President Jackson", "Gen. Sherman".
    if (prev_lower && person_titles().count(*prev_lower) > 0) return false;
    const bool all_capitals = std::all_of(word_norm.begin(), word_norm.end(), [](char c) {
      return std::isupper(static_cast<unsigned char>(c)) || c == '.';
    });
    const bool at_start = starts_sentence(analysis, idx);
    // A capitalised word on either side that is not a qualifier suggests a person's or an
    // organisation's name ("Paris Hilton", "Hunter Biden", "Nippon Steel").
    const bool capital_before = has_prev && tokens[idx - 1].capitalized &&
                                place_qualifiers().count(*prev_lower) == 0;
    const bool capital_after = word_end < sentence.end_token && tokens[word_end].capitalized;

    std::vector<const GazetteerEntry*> kept;
    std::vector<bool> needs_context;
    for (const GazetteerEntry* entry : candidate.entries) {
      const bool special = is_special(*entry);
      const bool own_name = Gazetteer::key(entry->place.name) == candidate.key;
      const int64_t population = entry->population;
      // Short all-capital words are acronyms ("ISIS", "NATO") unless ours list them (US, UAE).
      if (all_capitals && word_norm.size() <= 5 && entry->place.geonameid != 0 && !dateline_name[idx]) continue;
      // GeoNames' alternate names include historical and foreign names that are English words
      // ("Human" for Uman, "Missouri" for Bozeman, "Google" for Topeka): a lone alias counts for
      // places news names by aliases (countries, capitals, big cities), for spelling variants of
      // a town's name, and for mid-sized towns in a country the document is about.
      bool alias_needs_context = false;
      if (!own_name && !special && population < kAliasPopulation &&
          !(population >= kAliasVariantPopulation &&
            spelling_variant(candidate.key, Gazetteer::key(entry->place.name)))) {
        if (population < kAliasVariantPopulation) continue;
        alias_needs_context = true;
      }
      if (at_start && !special && population < kSentenceStartPopulation && !dateline_name[idx]) continue;
      // Small towns named like words or people ("Earth", "Gang", "Daniel") only where a place stands.
      if (!special && population < kSmallTownPopulation && !after_locative) continue;
      if (capital_before && !special) continue;
      if (capital_after && !(special && own_name)) continue;
      kept.push_back(entry);
      needs_context.push_back(alias_needs_context);
    }
    candidate.entries = std::move(kept);
    candidate.needs_context = std::move(needs_context);
    return !candidate.entries.empty();
  };

  std::vector<Candidate> candidates;
  uint32_t token_idx = 0;
  while (token_idx < token_count) {
    if (blocked[token_idx] || text::continues_compound(tokens, token_idx) ||
        !is_name_word_at(tokens, token_idx, token_count)) {
      ++token_idx;
      continue;
    }
    const uint32_t sentence_idx = tokens[token_idx].sentence;
    const uint32_t first_word_end = static_cast<uint32_t>(text::compound_end(tokens, token_idx, token_count));
    uint32_t limit = first_word_end;
    while (limit < token_count && limit - token_idx < kMaxTokens && !blocked[limit] &&
           tokens[limit].sentence == sentence_idx &&
           (joinable(limit) || text::continues_compound(tokens, limit))) {
      ++limit;
    }
    bool matched = false;
    for (uint32_t end = limit; end > token_idx && !matched; --end) {
      // A candidate ends at the end of a word, never inside "Et-Tanf".
      if (end < token_count && text::continues_compound(tokens, end)) continue;
      uint32_t last_word = end - 1;
      while (last_word >= token_idx + 2 && text::is_joining_hyphen(tokens, last_word - 1)) last_word -= 2;
      const bool last_ok = is_name_word_at(tokens, last_word, end) ||
                           (end > first_word_end && geographic_heads().count(tokens[end - 1].lower) > 0);
      if (!last_ok) continue;
      const std::string surface = text::norm_text(tokens, token_idx, end);
      Candidate candidate;
      candidate.first_token = token_idx;
      candidate.end_token = end;
      candidate.key = Gazetteer::key(surface);
      candidate.entries = gazetteer_.lookup(surface);
      if (candidate.entries.empty() || phrase_stoplist().count(candidate.key) > 0) continue;
      // "Washington Post", "Damascus University": the name is part of an organisation's.
      if (end < token_count && tokens[end].sentence == sentence_idx && tokens[end].capitalized &&
          organisation_heads().count(tokens[end].lower) > 0) {
        continue;
      }
      candidate.needs_context.assign(candidate.entries.size(), false);
      if (end == first_word_end && !keep_lone_word_entries(token_idx, end, candidate)) continue;
      // "The Hill", "The Times": a leading article makes small places far more likely titles.
      if (end > first_word_end && tokens[token_idx].lower == "the") {
        std::erase_if(candidate.entries, [](const GazetteerEntry* e) {
          return !is_special(*e) && e->population < kSentenceStartPopulation;
        });
        candidate.needs_context.assign(candidate.entries.size(), false);
        if (candidate.entries.empty()) continue;
      }
      candidates.push_back(std::move(candidate));
      token_idx = end;
      matched = true;
    }
    if (!matched) ++token_idx;
  }

  // "Nelson, New Zealand", "Greeley, Kansas, United States": a place followed by a comma (or
  // "in") and a country, capital or region is in that country, whatever the populations say.
  // Also down a chain, over names the gazetteer lacks: "Guma, Benue State, Nigeria" (the first
  // place after it that says its country).
  for (size_t candidate_idx = 0; candidate_idx + 1 < candidates.size(); ++candidate_idx) {
    Candidate& candidate = candidates[candidate_idx];
    uint32_t at = candidate.end_token;  // the separator after the name read last
    size_t next_idx = candidate_idx + 1;
    for (int links = 0; links < 3 && candidate.apposition_country.empty() && at < tokens.size(); ++links) {
      // Also "Lido Beach in Mogadishu", "a village in Nigeria".
      if (tokens[at].norm != "," && tokens[at].lower != "in") break;
      const uint32_t name = at + 1;
      while (next_idx < candidates.size() && candidates[next_idx].first_token < name) ++next_idx;
      if (next_idx < candidates.size() && candidates[next_idx].first_token == name) {
        for (const GazetteerEntry* entry : candidates[next_idx].entries) {
          if (is_special(*entry) && !entry->place.country.empty()) {
            candidate.apposition_country = entry->place.country;
            break;
          }
        }
        at = candidates[next_idx].end_token;
        continue;
      }
      // A name the gazetteer lacks ("Benue State"): capitalised words up to the next comma.
      uint32_t after = name;
      while (after < tokens.size() && after < name + 4 && tokens[after].capitalized) ++after;
      if (after == name || after >= tokens.size() || tokens[after].norm != ",") break;
      at = after;
    }
  }

  // Resolution in two passes. Pass 1 resolves every candidate with the actors' countries alone and
  // keeps the countries it is sure of; pass 2 resolves again with those countries added, except the
  // ones a candidate with the same name contributed (so "Tripoli" cannot vouch for itself), so
  // "Tripoli" near "Beirut" is Lebanon's and near "Benghazi" Libya's.
  // `share` is how much the document is about the entry's country: its mentions over those of the
  // most mentioned country (0 when not mentioned).
  auto score = [&](const Candidate& candidate, size_t entry_idx, double share) {
    const GazetteerEntry& entry = *candidate.entries[entry_idx];
    // Countries and our regions carry no population; weigh them like a large city.
    double weight = std::max<double>(static_cast<double>(entry.population), 1000.0);
    if (entry.population == 0 && (entry.place.feature == "A.PCLI" || entry.place.geonameid == 0)) {
      weight = 1e7;
    }
    if (is_special(entry)) weight *= 10;  // countries, capitals, regions: what news usually means
    const bool own_name = Gazetteer::key(entry.place.name) == candidate.key;
    if (own_name) weight *= 2;
    // A place in the country the document is about beats a foreign one up to 100 times its size:
    // Tripoli, Lebanon (230k) over Tripoli, Libya (1.1M, a capital) in a report on Lebanon, but
    // not a Russian village called Paris over the French capital in a report on Russia. Aliases
    // get less: "Milan" is Milan even in a report full of American places with a "Milan" alias.
    weight *= 1 + (own_name ? 99 : 9) * share;
    if (!candidate.apposition_country.empty() && entry.place.country == candidate.apposition_country) {
      weight *= 1e6;
    }
    return weight;
  };
  // The best entry and, in `margin`, how many times its score exceeds the best one in another
  // country; nullptr when every entry needs a context the document does not give.
  auto resolve = [&](const Candidate& candidate, auto&& in_context, double* margin) {
    const GazetteerEntry* best = nullptr;
    double best_score = -1;
    std::vector<double> scores(candidate.entries.size(), -1);
    for (size_t entry_idx = 0; entry_idx < candidate.entries.size(); ++entry_idx) {
      const std::string& country = candidate.entries[entry_idx]->place.country;
      const double share = in_context(country);
      if (candidate.needs_context[entry_idx] && share <= 0) continue;
      scores[entry_idx] = score(candidate, entry_idx, share);
      if (scores[entry_idx] > best_score) {  // strict: lookup order breaks ties
        best = candidate.entries[entry_idx];
        best_score = scores[entry_idx];
      }
    }
    if (margin && best) {
      double rival = 0;
      for (size_t entry_idx = 0; entry_idx < candidate.entries.size(); ++entry_idx) {
        if (candidate.entries[entry_idx]->place.country == best->place.country) continue;
        rival = std::max(rival, scores[entry_idx]);
      }
      *margin = rival <= 0 ? 1e30 : best_score / rival;
    }
    return best;
  };

  constexpr double kConfidentMargin = 20;
  // country → mentions by the actors stage, and country → name → candidates sure of it.
  std::map<std::string, int> actor_mentions;
  for (const ActorMention& actor : analysis.actors) {
    if (!actor.actor.country.empty()) ++actor_mentions[actor.actor.country];
  }
  int most_actor_mentions = 0;
  for (const auto& [country, count] : actor_mentions) most_actor_mentions = std::max(most_actor_mentions, count);
  auto actor_share = [&](const std::string& country) -> double {
    auto it = actor_mentions.find(country);
    return it == actor_mentions.end() ? 0.0 : static_cast<double>(it->second) / most_actor_mentions;
  };
  std::map<std::string, std::map<std::string, int>> sure_mentions;
  for (const Candidate& candidate : candidates) {
    double margin = 0;
    const GazetteerEntry* best = resolve(candidate, actor_share, &margin);
    if (best && margin >= kConfidentMargin && !best->place.country.empty()) {
      ++sure_mentions[best->place.country][candidate.key];
    }
  }
  std::map<std::string, int> all_mentions = actor_mentions;
  for (const auto& [country, by_name] : sure_mentions) {
    for (const auto& [name, count] : by_name) all_mentions[country] += count;
  }
  int most_mentions = 0;
  for (const auto& [country, count] : all_mentions) most_mentions = std::max(most_mentions, count);

  for (const Candidate& candidate : candidates) {
    auto in_context = [&](const std::string& country) -> double {
      if (country.empty() || most_mentions == 0) return 0.0;
      int count = 0;
      if (auto it = actor_mentions.find(country); it != actor_mentions.end()) count += it->second;
      if (auto it = sure_mentions.find(country); it != sure_mentions.end()) {
        for (const auto& [name, name_count] : it->second) {
          if (name != candidate.key) count += name_count;
        }
      }
      return static_cast<double>(count) / most_mentions;
    };
    const GazetteerEntry* best = resolve(candidate, in_context, nullptr);
    if (!best) continue;
    // "Gilan, Iran", "Bari, Puntland": a province or region our gazetteer of populated places
    // lacks. A namesake elsewhere (Gjilan in Kosovo, Bari in Italy) is wrong; the country or
    // region after the comma says where it is, and is a place of its own.
    if (!candidate.apposition_country.empty() && best->place.country != candidate.apposition_country) continue;
    PlaceMention mention;
    mention.range.first_token = candidate.first_token;
    mention.range.end_token = candidate.end_token;
    mention.range.span = Span{tokens[candidate.first_token].span.begin,
                              tokens[candidate.end_token - 1].span.end};
    mention.text = document.text.substr(mention.range.span.begin,
                                        mention.range.span.end - mention.range.span.begin);
    mention.place = best->place;
    analysis.places.push_back(std::move(mention));
  }
}

}  // namespace chronicle::geo
