#include "models/entity_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace chronicle::models {
namespace {

// ---- feature template ids (part of kEntityFeatureVersion: changing one changes the version) -----
enum Template : uint32_t {
  kBias = 1,
  kWord,
  kLower,          // + offset + 2 (five ids)
  kPrefix = 10,    // + length (1..5)
  kSuffix = 16,    // + length (1..5)
  kShape = 20,     // + offset + 1 (three ids)
  kShapeLeft = 25,
  kShapeRight,
  kBigramLeft,
  kBigramRight,
  kCase,
  kCaseContext,
  kLowerCase,
  kCluster = 40,   // + offset + 1 (three ids)
  kNoCluster = 45,
  kGazetteer = 50,
  kGazetteerCase,
  kGazetteerLeft,
  kGazetteerRight,
  kUpos = 60,      // + offset + 2 (five ids)
  kClusterCase = 65,
  kRunPosition = 70,
  kRunFirst,
  kRunLast,
  kRunBefore,
  kRunAfter,
  kNeighbourCase = 80,  // + offset + 1 (three ids)
  kAcronym = 84,
  kOrgHeadRun,
  kOrgHeadNext,
  kOrgHeadPrevious,
  kUposBigramLeft = 90,
  kUposBigramRight,
  kUposTrigram,
  kUposShape,
  kUposCase,
  kUposLower,
  kTagRunPosition = 100,
  kTagRunFirst,
  kTagRunLast,
  kTagRunBefore,
  kTagRunAfter,
  kTagRunCapitalised,
  kDocumentKey = 110,
  kDocumentMajority,
  kDocumentType,
  kDocumentEntityShare,
  kAcronymDefined = 120,
  kRunDefined,
};

// UPOS tags as small ids (index + 1; 0 = absent or unknown); kTagStart/kTagEnd pad the window.
constexpr std::string_view kUposNames[] = {"ADJ",  "ADP",   "ADV",   "AUX",   "CCONJ", "DET",  "INTJ", "NOUN", "NUM",
                                           "PART", "PRON",  "PROPN", "PUNCT", "SCONJ", "SYM",  "VERB", "X"};
constexpr uint8_t kProperNounTag = 12;
constexpr uint8_t kTagStart = 18, kTagEnd = 19;

uint8_t upos_id(std::string_view tag) {
  for (size_t idx = 0; idx < std::size(kUposNames); ++idx)
    if (kUposNames[idx] == tag) return static_cast<uint8_t>(idx + 1);
  return 0;
}

// Head words and designators of organisation names, lower case, sorted, with a class: 1 legal
// form ("Inc", "Ltd"), 2 public body or institution ("Ministry", "University"), 3 association or
// party, 4 company noun ("Airlines", "Bank"), 5 media ("Times", "News"). Part of the feature
// templates: changing the list changes kEntityFeatureVersion.
struct OrgHead {
  std::string_view word;
  uint8_t kind;
};
constexpr OrgHead kOrgHeads[] = {
    {"academy", 2},      {"administration", 2}, {"agency", 2},       {"airline", 4},      {"airlines", 4},
    {"airport", 2},      {"airways", 4},      {"alliance", 3},     {"army", 3},         {"assembly", 2},
    {"associates", 4},   {"association", 3},  {"authority", 2},    {"bancorp", 4},      {"bank", 4},
    {"battalion", 3},    {"board", 2},        {"books", 5},        {"brands", 4},       {"brigade", 3},
    {"brigades", 3},     {"broadcasting", 5}, {"bros", 4},         {"brothers", 4},     {"bureau", 2},
    {"cabinet", 2},      {"capital", 4},      {"center", 2},       {"centre", 2},       {"chemical", 4},
    {"chemicals", 4},    {"church", 3},       {"club", 3},         {"co", 1},           {"coalition", 3},
    {"college", 2},      {"commission", 2},   {"commissions", 2},  {"committee", 2},    {"communications", 4},
    {"company", 1},      {"congress", 2},     {"construction", 4}, {"consulting", 4},   {"corp", 1},
    {"corporation", 1},  {"council", 2},      {"court", 2},        {"daily", 5},        {"department", 2},
    {"directorate", 2},  {"electric", 4},     {"electronics", 4},  {"energy", 4},       {"enterprises", 4},
    {"entertainment", 4}, {"fabrics", 4},      {"federation", 3},   {"financial", 4},    {"foods", 4},
    {"forces", 3},       {"foundation", 3},   {"front", 3},        {"fund", 3},         {"futures", 4},
    {"gas", 4},          {"gazette", 5},      {"gmbh", 1},         {"group", 4},        {"guard", 3},
    {"herald", 5},       {"holdings", 4},     {"hospital", 2},     {"inc", 1},          {"incorporated", 1},
    {"industries", 4},   {"institute", 2},    {"institution", 2},  {"insurance", 4},    {"international", 4},
    {"investments", 4},  {"journal", 5},      {"laboratories", 4}, {"labs", 4},         {"league", 3},
    {"llc", 1},          {"llp", 1},          {"logistics", 4},    {"ltd", 1},          {"magazine", 5},
    {"mall", 4},         {"marketing", 4},    {"media", 5},        {"militia", 3},      {"mining", 4},
    {"ministries", 2},   {"ministry", 2},     {"monthly", 5},      {"motors", 4},       {"motorsports", 4},
    {"movement", 3},     {"navy", 3},         {"network", 5},      {"news", 5},         {"office", 2},
    {"oil", 4},          {"organisation", 3}, {"organization", 3}, {"parliament", 2},   {"partners", 4},
    {"party", 3},        {"petroleum", 4},    {"pharma", 4},       {"pharmaceuticals", 4}, {"plc", 1},
    {"police", 2},       {"post", 5},         {"power", 4},        {"press", 5},        {"productions", 5},
    {"properties", 4},   {"publishing", 5},   {"pvt", 1},          {"radio", 5},        {"realty", 4},
    {"records", 5},      {"resources", 4},    {"school", 2},       {"secretariat", 2},  {"securities", 4},
    {"senate", 2},       {"service", 2},      {"services", 4},     {"society", 3},      {"software", 4},
    {"solutions", 4},    {"steel", 4},        {"studios", 5},      {"systems", 4},      {"team", 3},
    {"technologies", 4}, {"telecom", 4},      {"telegraph", 5},    {"television", 5},   {"times", 5},
    {"transport", 4},    {"transportation", 4}, {"tribunal", 2},     {"tribune", 5},      {"trust", 4},
    {"tv", 5},           {"union", 3},        {"university", 2},   {"utilities", 4},    {"ventures", 4},
    {"weekly", 5},       {"wireless", 4},
};

uint8_t org_head_kind(std::string_view lower) {
  const OrgHead* found = std::lower_bound(std::begin(kOrgHeads), std::end(kOrgHeads), lower,
                                          [](const OrgHead& head, std::string_view word) { return head.word < word; });
  return found != std::end(kOrgHeads) && found->word == lower ? found->kind : 0;
}

// Casing flags of one word.
enum Flag : uint8_t {
  kInitUpper = 1,
  kAllUpper = 2,   // has letters, none lower case
  kHasLower = 4,
  kHasDigit = 8,
  kNonAscii = 16,
  kNoAlnum = 32,   // punctuation only
  kHasHyphen = 64,
  kHasPeriod = 128,
};

uint8_t word_flags(std::string_view word) {
  uint8_t flags = 0;
  bool has_upper = false, has_lower = false, has_alnum = false;
  for (size_t idx = 0; idx < word.size(); ++idx) {
    unsigned char ch = static_cast<unsigned char>(word[idx]);
    if (ch >= 'A' && ch <= 'Z') {
      has_upper = true;
      has_alnum = true;
      if (idx == 0) flags |= kInitUpper;
    } else if (ch >= 'a' && ch <= 'z') {
      has_lower = true;
      has_alnum = true;
    } else if (ch >= '0' && ch <= '9') {
      flags |= kHasDigit;
      has_alnum = true;
    } else if (ch >= 0x80) {
      flags |= kNonAscii;
      has_alnum = true;
    } else if (ch == '-') {
      flags |= kHasHyphen;
    } else if (ch == '.' || ch == '\'') {
      flags |= kHasPeriod;
    }
  }
  if (has_upper && !has_lower) flags |= kAllUpper;
  if (has_lower) flags |= kHasLower;
  if (!has_alnum) flags |= kNoAlnum;
  return flags;
}

// Mixed-case class needs to know about an upper-case letter after the first: recompute cheaply.
uint32_t word_case(std::string_view word, uint8_t flags) {
  if (flags & kAllUpper) return 2;
  if (!(flags & kHasLower)) return 4;
  bool later_upper = false;
  for (size_t idx = 1; idx < word.size(); ++idx)
    if (word[idx] >= 'A' && word[idx] <= 'Z') later_upper = true;
  if (later_upper) return 3;
  return (flags & kInitUpper) ? 1 : 0;
}

constexpr std::string_view kStart = "<s>";
constexpr std::string_view kEnd = "</s>";

const char* const kCategoryNames[] = {"country", "capital", "city-large", "city-medium", "city-small",
                                       "region", "organisation", "group", "person", "person-first",
                                       "person-last", "demonym", "title", "company"};
static_assert(sizeof(kCategoryNames) / sizeof(kCategoryNames[0]) == NerGazetteer::kCategoryCount);
// Category bits share a u16 with kPrefixBit, and four positions each fill a word's u64 of bits.
static_assert(NerGazetteer::kCategoryCount <= 15);

constexpr float kImpossible = -1e30f;

}  // namespace

// ---- NerGazetteer -------------------------------------------------------------------------------

const char* NerGazetteer::category_name(Category category) {
  return category < kCategoryCount ? kCategoryNames[category] : "?";
}

void NerGazetteer::normalize_word(std::string_view word, std::string& out) {
  for (char ch : word) {
    if (ch == '.') continue;
    out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
  }
}

uint64_t NerGazetteer::key(std::string_view normalized_phrase) { return feature_hash(0x67617au, normalized_phrase); }

void NerGazetteer::grow() {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint16_t> old_masks = std::move(masks_);
  size_t size = std::max<size_t>(1024, old_keys.size() * 2);
  keys_.assign(size, 0);
  masks_.assign(size, 0);
  size_t mask = size - 1;
  for (size_t idx = 0; idx < old_keys.size(); ++idx) {
    if (old_keys[idx] == 0) continue;
    size_t slot = old_keys[idx] & mask;
    while (keys_[slot] != 0) slot = (slot + 1) & mask;
    keys_[slot] = old_keys[idx];
    masks_[slot] = old_masks[idx];
  }
}

void NerGazetteer::insert(uint64_t key, uint16_t bits) {
  if ((entries_ + 1) * 2 > keys_.size()) grow();
  size_t mask = keys_.size() - 1;
  size_t slot = key & mask;
  while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask;
  if (keys_[slot] == 0) {
    keys_[slot] = key;
    ++entries_;
  }
  masks_[slot] |= bits;
}

void NerGazetteer::add(std::string_view name, Category category) {
  std::string phrase;
  int words = 0;
  size_t start = 0;
  std::vector<uint64_t> prefixes;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    if (end > start) {
      if (words > 0) {
        prefixes.push_back(key(phrase));
        phrase.push_back(' ');
      }
      size_t before = phrase.size();
      normalize_word(name.substr(start, end - start), phrase);
      if (phrase.size() == before) return;  // a word of full stops only
      ++words;
    }
    start = end + 1;
  }
  if (words == 0 || words > kGazetteerMaxWords) return;
  for (uint64_t prefix : prefixes) insert(prefix, kPrefixBit);
  insert(key(phrase), static_cast<uint16_t>(1u << category));
}

void NerGazetteer::write(ByteWriter& out) const {
  std::vector<size_t> slots;
  for (size_t slot = 0; slot < keys_.size(); ++slot)
    if (keys_[slot] != 0) slots.push_back(slot);
  std::sort(slots.begin(), slots.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
  out.u64(slots.size());
  for (size_t slot : slots) {
    out.u64(keys_[slot]);
    out.u16(masks_[slot]);
  }
}

Result<NerGazetteer> NerGazetteer::read(ByteReader& in) {
  NerGazetteer gazetteer;
  uint64_t count = in.u64();
  if (!in.plausible_count(count, 10)) return Error(in.status().message());
  gazetteer.keys_.assign(std::bit_ceil(std::max<size_t>(1024, count * 2)), 0);
  gazetteer.masks_.assign(gazetteer.keys_.size(), 0);
  uint64_t previous = 0;
  for (uint64_t idx = 0; idx < count; ++idx) {
    uint64_t entry_key = in.u64();
    uint16_t bits = in.u16();
    if (!in.ok()) return Error(in.status().message());
    if (entry_key <= previous || bits == 0 || (bits & ~kPrefixBit) >> kCategoryCount)
      return Error("gazetteer: keys not increasing or bad category bits (corrupt)");
    previous = entry_key;
    gazetteer.insert(entry_key, bits);
  }
  return gazetteer;
}

// ---- EntityDocumentCounts -----------------------------------------------------------------------

void EntityDocumentCounts::reset(size_t words, uint32_t types) {
  types_ = types;
  size_t size = std::bit_ceil(std::max<size_t>(64, words * 2));
  keys_.assign(size, 0);
  counts_.assign(size * (types + 1), 0);
}

void EntityDocumentCounts::add(uint64_t key, uint32_t type) {
  if (keys_.empty() || type > types_) return;
  size_t mask = keys_.size() - 1;
  size_t slot = key & mask;
  while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask;
  keys_[slot] = key;
  uint16_t& count = counts_[slot * (types_ + 1) + type];
  if (count < UINT16_MAX) ++count;
}

const uint16_t* EntityDocumentCounts::find(uint64_t key) const {
  if (keys_.empty()) return nullptr;
  size_t mask = keys_.size() - 1;
  for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
    if (keys_[slot] == key) return &counts_[slot * (types_ + 1)];
    if (keys_[slot] == 0) return nullptr;
  }
}

uint64_t EntityFeatureExtractor::document_key(std::string_view lower) { return feature_hash(kDocumentKey, lower); }

void EntityFeatureExtractor::document_features(std::string_view word, std::span<const uint16_t> counts,
                                               std::vector<uint64_t>& out) {
  if (counts.empty()) return;
  const uint32_t types = static_cast<uint32_t>(counts.size() - 1);
  uint32_t total = 0, majority = 0;
  for (uint32_t type = 0; type <= types; ++type) {
    total += counts[type];
    if (counts[type] > counts[majority]) majority = type;
  }
  if (total == 0) return;
  const uint32_t casing = word_case(word, word_flags(word));
  // The commonest label of the word's other occurrences (O included) and how common it is; each
  // type seen, with its count; and the share of occurrences inside entities at all.
  out.push_back(feature_hash(kDocumentMajority, majority, counts[majority] * 4 / total, casing));
  for (uint32_t type = 0; type < types; ++type)
    if (counts[type] > 0) out.push_back(feature_hash(kDocumentType, type, std::min<uint32_t>(counts[type], 3), casing));
  out.push_back(feature_hash(kDocumentEntityShare, (total - counts[types]) * 4 / total, std::min<uint32_t>(total, 3), casing));
}

// ---- EntityLabels -------------------------------------------------------------------------------

EntityLabels::EntityLabels(std::vector<std::string> types) : types_(std::move(types)) {}

std::string EntityLabels::name(uint32_t label) const {
  if (label == 0 || label >= count()) return "O";
  static constexpr const char* kPrefixes[] = {"B-", "I-", "L-", "U-"};
  return kPrefixes[position_of(label)] + types_[type_of(label)];
}

int EntityLabels::type_index(std::string_view type) const {
  for (size_t idx = 0; idx < types_.size(); ++idx)
    if (types_[idx] == type) return static_cast<int>(idx);
  return -1;
}

bool EntityLabels::allowed(uint32_t previous, uint32_t next) const {
  bool previous_open = previous != 0 && previous < count() && position_of(previous) <= kInside;
  if (!previous_open) return next == 0 || position_of(next) == kBegin || position_of(next) == kUnit;
  // An open entity continues with I or L of its own type.
  return next != 0 && type_of(next) == type_of(previous) &&
         (position_of(next) == kInside || position_of(next) == kLast);
}

// ---- features -----------------------------------------------------------------------------------

void EntityFeatureExtractor::mark_gazetteer(size_t word_count, EntityScratch& scratch) const {
  scratch.gazetteer_bits.assign(word_count, 0);
  if (gazetteer_.size() == 0) return;
  for (size_t first = 0; first < word_count; ++first) {
    scratch.phrase.clear();
    size_t last_possible = std::min(word_count, first + kGazetteerMaxWords);
    for (size_t last = first; last < last_possible; ++last) {
      if (last > first) scratch.phrase.push_back(' ');
      size_t before = scratch.phrase.size();
      std::string_view lower(scratch.lower_text.data() + scratch.lower_begin[last],
                             scratch.lower_begin[last + 1] - scratch.lower_begin[last]);
      NerGazetteer::normalize_word(lower, scratch.phrase);
      if (scratch.phrase.size() == before) break;
      uint16_t found = gazetteer_.lookup(NerGazetteer::key(scratch.phrase));
      uint16_t categories = found & static_cast<uint16_t>(~NerGazetteer::kPrefixBit);
      while (categories != 0) {
        uint32_t category = static_cast<uint32_t>(std::countr_zero(categories));
        categories &= static_cast<uint16_t>(categories - 1);
        for (size_t word = first; word <= last; ++word) {
          uint32_t position = first == last ? EntityLabels::kUnit
                              : word == first ? EntityLabels::kBegin
                              : word == last  ? EntityLabels::kLast
                                              : EntityLabels::kInside;
          scratch.gazetteer_bits[word] |= 1ull << (category * 4 + position);
        }
      }
      if (!(found & NerGazetteer::kPrefixBit)) break;
    }
  }
}

void EntityFeatureExtractor::extract(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                                     EntityScratch& scratch) const {
  const size_t n = words.size();
  // Lower case and shape of every word, back to back (views are taken after the buffers are full).
  scratch.lower_text.clear();
  scratch.shape_text.clear();
  scratch.lower_begin.resize(n + 1);
  scratch.shape_begin.resize(n + 1);
  scratch.flags.resize(n);
  for (size_t idx = 0; idx < n; ++idx) {
    std::string_view word = words[idx];
    scratch.lower_begin[idx] = static_cast<uint32_t>(scratch.lower_text.size());
    scratch.shape_begin[idx] = static_cast<uint32_t>(scratch.shape_text.size());
    char last_shape = 0;
    size_t shape_size = 0;
    for (char ch : word) {
      scratch.lower_text.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
      unsigned char byte = static_cast<unsigned char>(ch);
      char shape = byte >= 'A' && byte <= 'Z'   ? 'X'
                   : byte >= 'a' && byte <= 'z' ? 'x'
                   : byte >= '0' && byte <= '9' ? 'd'
                   : byte >= 0x80               ? 'u'
                                                : ch;
      if (shape != last_shape && shape_size < 8) {
        scratch.shape_text.push_back(shape);
        ++shape_size;
        last_shape = shape;
      }
    }
    scratch.flags[idx] = word_flags(word);
  }
  scratch.lower_begin[n] = static_cast<uint32_t>(scratch.lower_text.size());
  scratch.shape_begin[n] = static_cast<uint32_t>(scratch.shape_text.size());
  auto lower = [&](ptrdiff_t idx) -> std::string_view {
    if (idx < 0) return kStart;
    if (idx >= static_cast<ptrdiff_t>(n)) return kEnd;
    return {scratch.lower_text.data() + scratch.lower_begin[idx], scratch.lower_begin[idx + 1] - scratch.lower_begin[idx]};
  };
  auto shape = [&](ptrdiff_t idx) -> std::string_view {
    if (idx < 0) return kStart;
    if (idx >= static_cast<ptrdiff_t>(n)) return kEnd;
    return {scratch.shape_text.data() + scratch.shape_begin[idx], scratch.shape_begin[idx + 1] - scratch.shape_begin[idx]};
  };

  // Casing of the whole sentence: 0 all lower case, 1 ordinary, 2 mostly Title Case, 3 mostly UPPER.
  uint32_t letter_words = 0, title_words = 0, upper_words = 0;
  for (size_t idx = 1; idx < n; ++idx) {
    uint8_t flags = scratch.flags[idx];
    if (!(flags & (kHasLower | kAllUpper))) continue;
    ++letter_words;
    if (flags & kAllUpper) ++upper_words;
    else if (flags & kInitUpper) ++title_words;
  }
  uint32_t sentence_case = 1;
  if (letter_words >= 2) {
    if (upper_words * 10 >= letter_words * 6) sentence_case = 3;
    else if ((title_words + upper_words) * 10 >= letter_words * 6) sentence_case = 2;
    else if (title_words + upper_words == 0) sentence_case = 0;
  }

  // Capitalised runs ("Greater New Orleans Fair Housing Action Center", "Bank of America"): maximal
  // sequences of capitalised words, joined by a few lower-case connectors.
  scratch.run_begin.resize(n);
  scratch.run_end.resize(n);
  auto capitalised = [&](size_t idx) { return (scratch.flags[idx] & (kInitUpper | kAllUpper)) != 0; };
  auto connector = [&](size_t idx) {
    std::string_view low = lower(static_cast<ptrdiff_t>(idx));
    return low == "of" || low == "and" || low == "&" || low == "for" || low == "the" || low == "de" ||
           low == "-" || low == "'s";
  };
  // Runs of words for which `in_run` holds, joined by connectors ("Bank of England"): each word
  // gets its run's [begin, end); a word outside any run gets the empty run [idx, idx).
  auto mark_runs = [&](auto in_run, std::vector<uint32_t>& begin, std::vector<uint32_t>& end_of) {
    for (size_t idx = 0; idx < n;) {
      if (!in_run(idx)) {
        begin[idx] = end_of[idx] = static_cast<uint32_t>(idx);
        ++idx;
        continue;
      }
      size_t end = idx + 1;
      while (end < n) {
        if (in_run(end)) ++end;
        else if (connector(end) && end + 1 < n && in_run(end + 1)) end += 2;
        else break;
      }
      for (size_t member = idx; member < end; ++member) {
        begin[member] = static_cast<uint32_t>(idx);
        end_of[member] = static_cast<uint32_t>(end);
      }
      idx = end;
    }
  };
  mark_runs(capitalised, scratch.run_begin, scratch.run_end);
  // Organisation head words ("Department", "Inc"), and in each capitalised run the last of them.
  scratch.org_kinds.resize(n);
  for (size_t idx = 0; idx < n; ++idx) scratch.org_kinds[idx] = org_head_kind(lower(static_cast<ptrdiff_t>(idx)));
  scratch.run_head.resize(n);
  for (size_t idx = 0; idx < n;) {
    size_t end = std::max<size_t>(scratch.run_end[idx], idx + 1);
    uint32_t head = UINT32_MAX;
    for (size_t member = idx; member < end; ++member)
      if (scratch.org_kinds[member] != 0 && capitalised(member)) head = static_cast<uint32_t>(member);
    for (size_t member = idx; member < end; ++member) scratch.run_head[member] = head;
    idx = end;
  }

  // Acronyms defined in parentheses after a capitalised run of two or more words: `defines` marks
  // the acronym, `defined_run_end` (end + 1, 0 = none) the run's words, and `defined_match` both
  // (1 + whether the acronym's letters are the initials of the run's capitalised words, "HANO").
  scratch.defines.assign(n, 0);
  scratch.defined_run_end.assign(n, 0);
  scratch.defined_match.assign(n, 0);
  for (size_t idx = 3; idx + 1 < n; ++idx) {
    if (!(scratch.flags[idx] & kAllUpper) || (scratch.flags[idx] & (kHasDigit | kNonAscii))) continue;
    if (words[idx - 1] != "(" || words[idx + 1] != ")") continue;
    const size_t last = idx - 2, begin = scratch.run_begin[last], end = scratch.run_end[last];
    if (end != last + 1 || end - begin < 2) continue;
    size_t letters = 0;
    for (char ch : words[idx]) letters += ch >= 'A' && ch <= 'Z';
    if (letters < 2 || letters > 6) continue;
    // Compare the acronym's capitals with the initials of the run's capitalised words, in order.
    bool spells = true;
    size_t position = 0;
    for (size_t member = begin; member < end && spells; ++member) {
      if (!capitalised(member) || words[member].empty()) continue;
      while (position < words[idx].size() && !(words[idx][position] >= 'A' && words[idx][position] <= 'Z')) ++position;
      const char initial = static_cast<char>(std::toupper(static_cast<unsigned char>(words[member][0])));
      spells = position < words[idx].size() && words[idx][position] == initial;
      ++position;
    }
    for (; spells && position < words[idx].size(); ++position)  // capitals left over: not spelled
      if (words[idx][position] >= 'A' && words[idx][position] <= 'Z') spells = false;
    const uint8_t match = static_cast<uint8_t>(1 + spells);
    scratch.defines[idx] = 1;
    scratch.defined_match[idx] = match;
    for (size_t member = begin; member < end; ++member) {
      scratch.defined_run_end[member] = static_cast<uint32_t>(end);
      scratch.defined_match[member] = match;
    }
  }

  // UPOS ids, and runs of proper nouns (PROPN, joined by connectors as above): the tagger's view of
  // names, which also holds in text without capitals ("taco bell").
  const bool with_upos = settings_.use_upos && upos.size() == n;
  scratch.tags.assign(n, 0);
  scratch.tag_run_begin.resize(n);
  scratch.tag_run_end.resize(n);
  if (with_upos) {
    for (size_t idx = 0; idx < n; ++idx) scratch.tags[idx] = upos_id(upos[idx]);
    auto proper = [&](size_t idx) { return scratch.tags[idx] == kProperNounTag; };
    mark_runs(proper, scratch.tag_run_begin, scratch.tag_run_end);
  }

  mark_gazetteer(n, scratch);
  if (settings_.use_document) {
    scratch.word_keys.resize(n);
    for (size_t idx = 0; idx < n; ++idx) scratch.word_keys[idx] = document_key(lower(static_cast<ptrdiff_t>(idx)));
  }
  scratch.clusters.resize(n);
  for (size_t idx = 0; idx < n; ++idx) scratch.clusters[idx] = clusters_.find(words[idx]);
  auto word_case_at = [&](ptrdiff_t idx) -> uint32_t {
    if (idx < 0 || idx >= static_cast<ptrdiff_t>(n)) return 5;
    return word_case(words[idx], scratch.flags[idx]);
  };

  auto tag_at = [&](ptrdiff_t idx) -> uint64_t {
    if (idx < 0) return kTagStart;
    if (idx >= static_cast<ptrdiff_t>(n)) return kTagEnd;
    return scratch.tags[idx];
  };

  scratch.features.clear();
  scratch.feature_begin.resize(n + 1);
  auto& out = scratch.features;
  for (size_t idx = 0; idx < n; ++idx) {
    scratch.feature_begin[idx] = static_cast<uint32_t>(out.size());
    const ptrdiff_t at = static_cast<ptrdiff_t>(idx);
    std::string_view word = words[idx];
    std::string_view low = lower(at);
    const uint32_t casing = word_case_at(at);
    out.push_back(feature_hash(kBias, uint64_t{0}));
    out.push_back(feature_hash(kWord, word));
    for (ptrdiff_t offset = -2; offset <= 2; ++offset)
      out.push_back(feature_hash(kLower + static_cast<uint32_t>(offset + 2), lower(at + offset)));
    for (size_t length = 1; length <= 5 && length < low.size(); ++length) {
      out.push_back(feature_hash(kPrefix + static_cast<uint32_t>(length), low.substr(0, length)));
      out.push_back(feature_hash(kSuffix + static_cast<uint32_t>(length), low.substr(low.size() - length)));
    }
    for (ptrdiff_t offset = -1; offset <= 1; ++offset)
      out.push_back(feature_hash(kShape + static_cast<uint32_t>(offset + 1), shape(at + offset)));
    out.push_back(feature_hash(kShapeLeft, shape(at - 1), shape(at)));
    out.push_back(feature_hash(kShapeRight, shape(at), shape(at + 1)));
    out.push_back(feature_hash(kBigramLeft, lower(at - 1), low));
    out.push_back(feature_hash(kBigramRight, low, lower(at + 1)));
    out.push_back(feature_hash(kCase, casing, sentence_case, idx == 0 ? 1 : 0));
    out.push_back(feature_hash(kCaseContext, word_case_at(at - 1), casing, word_case_at(at + 1)));
    for (ptrdiff_t offset = -1; offset <= 1; ++offset)
      out.push_back(feature_hash(kNeighbourCase + static_cast<uint32_t>(offset + 1), word_case_at(at + offset)));
    out.push_back(feature_combine(feature_hash(kLowerCase, low), casing * 8 + (idx == 0 ? 1 : 0)));
    // Word clusters: prefixes of the word's path, and of its neighbours'.
    if (!clusters_.empty()) {
      for (ptrdiff_t offset = -1; offset <= 1; ++offset) {
        ptrdiff_t other = at + offset;
        if (other < 0 || other >= static_cast<ptrdiff_t>(n)) continue;
        uint32_t cluster = scratch.clusters[other];
        if (cluster == WordClusters::kUnknown) {
          out.push_back(feature_hash(kNoCluster + static_cast<uint32_t>(offset + 1), word_case_at(other)));
          continue;
        }
        for (size_t which = 0; which < WordClusters::kPrefixLengths.size(); ++which) {
          uint32_t prefix = clusters_.prefix_id(cluster, which);
          out.push_back(feature_hash(kCluster + static_cast<uint32_t>(offset + 1), prefix, which));
          if (offset == 0 && which + 1 == WordClusters::kPrefixLengths.size())
            out.push_back(feature_hash(kClusterCase, prefix, casing));
        }
      }
    }
    // Gazetteer: category and position of every name covering the word; categories next door.
    uint64_t bits = scratch.gazetteer_bits[idx];
    while (bits != 0) {
      uint32_t bit = static_cast<uint32_t>(std::countr_zero(bits));
      bits &= bits - 1;
      out.push_back(feature_hash(kGazetteer, bit));
      out.push_back(feature_hash(kGazetteerCase, bit, casing));
    }
    auto categories = [&](ptrdiff_t other) -> uint64_t {
      if (other < 0 || other >= static_cast<ptrdiff_t>(n)) return 0;
      uint64_t word_bits = scratch.gazetteer_bits[other], mask = 0;
      for (uint32_t category = 0; category < NerGazetteer::kCategoryCount; ++category)
        if ((word_bits >> (category * 4)) & 0xf) mask |= 1ull << category;
      return mask;
    };
    for (uint64_t mask = categories(at - 1); mask != 0; mask &= mask - 1)
      out.push_back(feature_hash(kGazetteerLeft, static_cast<uint64_t>(std::countr_zero(mask))));
    for (uint64_t mask = categories(at + 1); mask != 0; mask &= mask - 1)
      out.push_back(feature_hash(kGazetteerRight, static_cast<uint64_t>(std::countr_zero(mask))));
    // The capitalised run around the word: its position in the run, the run's first and last
    // words (head nouns such as "Department", "University") and the words around the run.
    if (scratch.run_end[idx] > scratch.run_begin[idx]) {
      const ptrdiff_t run_begin = scratch.run_begin[idx], run_end = scratch.run_end[idx];
      const ptrdiff_t run_length = run_end - run_begin;
      uint32_t position = run_length == 1 ? 3 : at == run_begin ? 0 : at == run_end - 1 ? 2 : 1;
      out.push_back(feature_hash(kRunPosition, position, static_cast<uint64_t>(std::min<ptrdiff_t>(run_length, 5))));
      out.push_back(feature_hash(kRunFirst, lower(run_begin)));
      out.push_back(feature_combine(feature_hash(kRunLast, lower(run_end - 1)), position));
      out.push_back(feature_hash(kRunBefore, lower(run_begin - 1)));
      out.push_back(feature_hash(kRunAfter, lower(run_end)));
    }
    // Acronyms ("HANO", "CPA", "U.S."): all capitals, 2 to 6 letters, in a sentence not all capitals.
    if ((scratch.flags[idx] & kAllUpper) && !(scratch.flags[idx] & (kHasDigit | kNonAscii))) {
      size_t letters = 0;
      for (char ch : word) letters += ch >= 'A' && ch <= 'Z';
      if (letters >= 2 && letters <= 6) out.push_back(feature_hash(kAcronym, letters, sentence_case));
    }
    // A name defined with its acronym, "Housing Authority of New Orleans ( HANO )": the acronym
    // after the run, and the run's words before it, learn whether the initials match and the
    // run's organisation head word; the acronym's later mentions then follow (document features).
    if (scratch.defined_run_end[idx] != 0) {
      out.push_back(feature_hash(kRunDefined, scratch.defined_match[idx], scratch.org_kinds[scratch.defined_run_end[idx] - 1]));
    }
    if (scratch.defines[idx] != 0) {
      const size_t run_last = idx - 2;
      const uint32_t head = scratch.run_head[run_last];
      out.push_back(feature_hash(kAcronymDefined, scratch.defined_match[idx], head == UINT32_MAX ? 0 : scratch.org_kinds[head]));
      out.push_back(feature_combine(feature_hash(kAcronymDefined, lower(static_cast<ptrdiff_t>(run_last))), scratch.defined_match[idx]));
    }
    // Organisation head words: in the word's capitalised run ("Housing Authority of New Orleans":
    // where the word stands relative to "Authority"), and right next to the word.
    if (scratch.run_head[idx] != UINT32_MAX) {
      const ptrdiff_t head = scratch.run_head[idx];
      uint64_t relation = at < head ? 0 : at == head ? 1 : 2;
      out.push_back(feature_hash(kOrgHeadRun, scratch.org_kinds[head], relation,
                                 std::min<ptrdiff_t>(scratch.run_end[idx] - scratch.run_begin[idx], 4)));
    }
    if (idx + 1 < n && scratch.org_kinds[idx + 1] != 0)
      out.push_back(feature_hash(kOrgHeadNext, scratch.org_kinds[idx + 1], word_case_at(at + 1), casing));
    if (idx > 0 && scratch.org_kinds[idx - 1] != 0)
      out.push_back(feature_hash(kOrgHeadPrevious, scratch.org_kinds[idx - 1], word_case_at(at - 1), casing));
    if (with_upos) {
      const uint64_t tag = tag_at(at);
      for (ptrdiff_t offset = -2; offset <= 2; ++offset)
        out.push_back(feature_hash(kUpos + static_cast<uint32_t>(offset + 2), tag_at(at + offset)));
      out.push_back(feature_hash(kUposBigramLeft, tag_at(at - 1), tag));
      out.push_back(feature_hash(kUposBigramRight, tag, tag_at(at + 1)));
      out.push_back(feature_hash(kUposTrigram, tag_at(at - 1), tag, tag_at(at + 1)));
      out.push_back(feature_combine(feature_hash(kUposShape, shape(at)), tag));
      out.push_back(feature_hash(kUposCase, tag, casing, sentence_case));
      out.push_back(feature_combine(feature_hash(kUposLower, low), tag));
      if (scratch.tag_run_end[idx] > scratch.tag_run_begin[idx]) {
        const ptrdiff_t run_begin = scratch.tag_run_begin[idx], run_end = scratch.tag_run_end[idx];
        const ptrdiff_t run_length = run_end - run_begin;
        uint32_t position = run_length == 1 ? 3 : at == run_begin ? 0 : at == run_end - 1 ? 2 : 1;
        out.push_back(feature_hash(kTagRunPosition, position, static_cast<uint64_t>(std::min<ptrdiff_t>(run_length, 5))));
        out.push_back(feature_hash(kTagRunFirst, lower(run_begin)));
        out.push_back(feature_combine(feature_hash(kTagRunLast, lower(run_end - 1)), position));
        out.push_back(feature_hash(kTagRunBefore, lower(run_begin - 1)));
        out.push_back(feature_hash(kTagRunAfter, lower(run_end)));
        // Does the proper-noun run coincide with the capitalised run?
        out.push_back(feature_hash(kTagRunCapitalised, scratch.run_begin[idx] == scratch.tag_run_begin[idx],
                                   scratch.run_end[idx] == scratch.tag_run_end[idx], sentence_case));
      }
    }
  }
  scratch.feature_begin[n] = static_cast<uint32_t>(out.size());
}

// ---- decoding -----------------------------------------------------------------------------------

void entity_viterbi(const EntityLabels& labels, const float* emissions, const float* transitions, size_t n,
                    EntityScratch& scratch) {
  const uint32_t count = labels.count();
  scratch.labels.resize(n);
  if (n == 0) return;
  scratch.best.resize(n * count);
  scratch.back.resize(n * count);
  float* best = scratch.best.data();
  uint16_t* back = scratch.back.data();
  const float* start = transitions + static_cast<size_t>(count) * count;
  for (uint32_t label = 0; label < count; ++label)
    best[label] = labels.allowed(count, label) ? start[label] + emissions[label] : kImpossible;
  for (size_t word = 1; word < n; ++word) {
    const float* previous_best = best + (word - 1) * count;
    float* current = best + word * count;
    uint16_t* pointers = back + word * count;
    const float* emission = emissions + word * count;
    for (uint32_t label = 0; label < count; ++label) {
      float top = kImpossible;
      uint16_t from = 0;
      for (uint32_t previous = 0; previous < count; ++previous) {
        if (!labels.allowed(previous, label)) continue;
        float value = previous_best[previous] + transitions[static_cast<size_t>(previous) * count + label];
        if (value > top) {
          top = value;
          from = static_cast<uint16_t>(previous);
        }
      }
      current[label] = top + emission[label];
      pointers[label] = from;
    }
  }
  const float* last_best = best + (n - 1) * count;
  float top = -std::numeric_limits<float>::infinity();
  uint32_t label = 0;
  for (uint32_t candidate = 0; candidate < count; ++candidate) {
    if (!EntityLabels::can_end(candidate)) continue;
    if (last_best[candidate] > top) {
      top = last_best[candidate];
      label = candidate;
    }
  }
  for (size_t word = n; word-- > 0;) {
    scratch.labels[word] = label;
    if (word > 0) label = back[word * count + label];
  }
}

// ---- EntityModel --------------------------------------------------------------------------------

void EntityModel::prepare() {
  const uint32_t count = labels_.count();
  transitions_.assign(static_cast<size_t>(count + 1) * count, 0.0f);
  for (uint32_t previous = 0; previous <= count; ++previous) {
    uint64_t feature = entity_transition_feature(previous);
    weights_.score(std::span<const uint64_t>(&feature, 1), &transitions_[static_cast<size_t>(previous) * count]);
  }
}

void EntityModel::recognize(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                            EntityScratch& scratch, std::vector<EntityMention>& out) const {
  const uint32_t end = static_cast<uint32_t>(words.size());
  recognize_document(words, upos, std::span<const uint32_t>(&end, 1), scratch, out);
}

namespace {

// Appends the spans of decoded BILOU labels (a sentence starting at word `offset`) to `out`.
void append_mentions(const EntityLabels& labels, std::span<const uint32_t> decoded, uint32_t offset,
                     std::vector<EntityMention>& out) {
  for (size_t word = 0; word < decoded.size(); ++word) {
    uint32_t label = decoded[word];
    if (label == 0) continue;
    auto position = EntityLabels::position_of(label);
    uint32_t at = offset + static_cast<uint32_t>(word);
    if (position == EntityLabels::kBegin || position == EntityLabels::kUnit) {
      uint32_t type = EntityLabels::type_of(label);
      out.push_back({at, at + 1, type, labels.types()[type]});
    } else if (!out.empty()) {
      out.back().end = at + 1;
    }
  }
}

}  // namespace

void EntityModel::recognize_document(std::span<const std::string_view> words, std::span<const std::string_view> upos,
                                     std::span<const uint32_t> sentence_ends, EntityScratch& scratch,
                                     std::vector<EntityMention>& out) const {
  out.clear();
  const size_t total = words.size();
  if (total == 0) return;
  const uint32_t count = labels_.count();
  const bool with_upos = upos.size() == total;
  const bool document = extractor_.settings().use_document;
  if (document) {
    scratch.document_scores.resize(total * count);
    scratch.document_labels.resize(total);
    scratch.document_keys.resize(total);
  }
  // Sentences [begin, end): the given ends, clamped to the words; words after the last end form
  // one more sentence.
  auto for_each_sentence = [&](auto&& visit) {
    size_t begin = 0;
    for (uint32_t end : sentence_ends) {
      size_t clamped = std::min<size_t>(end, total);
      if (clamped <= begin) continue;
      visit(begin, clamped);
      begin = clamped;
    }
    if (begin < total) visit(begin, total);
  };
  // Pass 1: every sentence on its own.
  for_each_sentence([&](size_t begin, size_t end) {
    const size_t n = end - begin;
    extractor_.extract(words.subspan(begin, n), with_upos ? upos.subspan(begin, n) : std::span<const std::string_view>(),
                       scratch);
    scratch.scores.assign(n * count, 0.0f);
    for (size_t word = 0; word < n; ++word) {
      std::span<const uint64_t> features(scratch.features.data() + scratch.feature_begin[word],
                                         scratch.feature_begin[word + 1] - scratch.feature_begin[word]);
      weights_.score(features, &scratch.scores[word * count]);
    }
    entity_viterbi(labels_, scratch.scores.data(), transitions_.data(), n, scratch);
    if (!document) {
      append_mentions(labels_, scratch.labels, static_cast<uint32_t>(begin), out);
      return;
    }
    std::copy(scratch.scores.begin(), scratch.scores.end(), scratch.document_scores.begin() + begin * count);
    std::copy(scratch.labels.begin(), scratch.labels.end(), scratch.document_labels.begin() + begin);
    std::copy(scratch.word_keys.begin(), scratch.word_keys.begin() + n, scratch.document_keys.begin() + begin);
  });
  if (!document) return;
  // Pass 2: the same scores plus the document features of each word.
  const uint32_t types = static_cast<uint32_t>(labels_.types().size());
  auto type_of = [&](uint32_t label) { return label == 0 ? types : EntityLabels::type_of(label); };
  scratch.counts.reset(total, types);
  for (size_t word = 0; word < total; ++word)
    scratch.counts.add(scratch.document_keys[word], type_of(scratch.document_labels[word]));
  const size_t width = types + 1;
  scratch.own_counts.resize(width);
  for_each_sentence([&](size_t begin, size_t end) {
    const size_t n = end - begin;
    scratch.scores.assign(scratch.document_scores.begin() + begin * count, scratch.document_scores.begin() + end * count);
    for (size_t word = 0; word < n; ++word) {
      // The word's counts, less its own first-pass label.
      const uint16_t* counts = scratch.counts.find(scratch.document_keys[begin + word]);
      if (counts == nullptr) continue;  // cannot happen: the word itself was counted
      std::copy(counts, counts + width, scratch.own_counts.begin());
      --scratch.own_counts[type_of(scratch.document_labels[begin + word])];
      scratch.document_features.clear();
      EntityFeatureExtractor::document_features(words[begin + word], scratch.own_counts, scratch.document_features);
      weights_.score(scratch.document_features, &scratch.scores[word * count]);
    }
    entity_viterbi(labels_, scratch.scores.data(), transitions_.data(), n, scratch);
    append_mentions(labels_, scratch.labels, static_cast<uint32_t>(begin), out);
  });
}

std::vector<EntityMention> EntityModel::recognize(const std::vector<std::string>& words) const {
  EntityScratch scratch;
  std::vector<std::string_view> views(words.begin(), words.end());
  std::vector<EntityMention> out;
  recognize(views, {}, scratch, out);
  return out;
}

std::vector<std::string> EntityModel::predict_iob2(const std::vector<std::string>& words, EntityScratch& scratch) const {
  return predict_iob2(words, {}, scratch);
}

std::vector<std::string> EntityModel::predict_iob2(const std::vector<std::string>& words,
                                                   const std::vector<std::string>& upos, EntityScratch& scratch) const {
  std::vector<std::string_view> views(words.begin(), words.end());
  std::vector<std::string_view> tags(upos.begin(), upos.end());
  std::vector<EntityMention> mentions;
  recognize(views, tags, scratch, mentions);
  std::vector<std::string> labels(words.size(), "O");
  for (const auto& mention : mentions)
    for (uint32_t word = mention.begin; word < mention.end; ++word)
      labels[word] = (word == mention.begin ? "B-" : "I-") + std::string(mention.type);
  return labels;
}

std::vector<std::string> EntityModel::describe(const std::vector<std::string>& words,
                                               const std::vector<std::string>& upos) const {
  EntityScratch scratch;
  std::vector<std::string_view> views(words.begin(), words.end());
  std::vector<std::string_view> tags(upos.begin(), upos.end());
  std::vector<EntityMention> mentions;
  recognize(views, tags, scratch, mentions);
  std::vector<std::string> spans;
  for (const auto& mention : mentions)
    spans.push_back(std::to_string(mention.begin) + " " + std::to_string(mention.end) + " " + std::string(mention.type));
  return spans;
}

EntityModel EntityModel::assemble(EntityLabels labels, EntityFeatureExtractor extractor, LinearModel weights,
                                  std::map<std::string, std::string> metadata,
                                  const std::vector<std::vector<std::string>>& self_test_sentences,
                                  const std::vector<std::vector<std::string>>& self_test_upos) {
  EntityModel model;
  model.labels_ = std::move(labels);
  model.extractor_ = std::move(extractor);
  model.weights_ = std::move(weights);
  model.metadata_ = std::move(metadata);
  std::string types;
  for (const auto& type : model.labels_.types()) types += (types.empty() ? "" : " ") + type;
  model.metadata_["types"] = types;
  model.metadata_["encoding"] = "BILOU";
  model.metadata_["feature_version"] = std::to_string(kEntityFeatureVersion);
  model.metadata_["use_upos"] = model.extractor_.settings().use_upos ? "1" : "0";
  model.metadata_["document"] = model.extractor_.settings().use_document ? "1" : "0";
  model.prepare();
  for (size_t sentence = 0; sentence < self_test_sentences.size(); ++sentence) {
    EntitySelfTest sample;
    sample.words = self_test_sentences[sentence];
    if (sentence < self_test_upos.size() && self_test_upos[sentence].size() == sample.words.size())
      sample.upos = self_test_upos[sentence];
    sample.expected = model.describe(sample.words, sample.upos);
    model.self_tests_.push_back(std::move(sample));
  }
  return model;
}

ModelFile EntityModel::to_file() const {
  ModelFile file;
  file.kind = "ner";
  file.metadata = metadata_;
  ByteWriter labels;
  labels.u32(labels_.count());
  for (uint32_t label = 0; label < labels_.count(); ++label) labels.str(labels_.name(label));
  file.sections["labels"] = labels.take();
  ByteWriter weights;
  weights_.write(weights);
  file.sections["weights"] = weights.take();
  ByteWriter gazetteer;
  extractor_.gazetteer().write(gazetteer);
  file.sections["gazetteer"] = gazetteer.take();
  file.sections[std::string(kWordClustersSection)] = extractor_.clusters().to_section();
  ByteWriter self_test;
  self_test.u32(static_cast<uint32_t>(self_tests_.size()));
  for (const auto& sample : self_tests_) {
    self_test.u32(static_cast<uint32_t>(sample.words.size()));
    for (const auto& word : sample.words) self_test.str(word);
    self_test.u32(static_cast<uint32_t>(sample.upos.size()));
    for (const auto& tag : sample.upos) self_test.str(tag);
    self_test.u32(static_cast<uint32_t>(sample.expected.size()));
    for (const auto& span : sample.expected) self_test.str(span);
  }
  file.sections["selftest"] = self_test.take();
  return file;
}

Status EntityModel::save(const std::string& path) const { return write_model_file(to_file(), path); }

Result<EntityModel> EntityModel::load(const std::string& path) {
  auto file = read_model_file(path, "ner");
  if (!file.ok()) return file.error();
  return from_file(file.value(), path);
}

namespace {

// Splits "a b c" / "4,6,10" on `separator`, skipping empty items.
std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) items.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string join_spans(const std::vector<std::string>& spans) {
  std::string out = "[";
  for (size_t idx = 0; idx < spans.size(); ++idx) out += (idx ? ", " : "") + spans[idx];
  return out + "]";
}

}  // namespace

Result<EntityModel> EntityModel::from_file(const ModelFile& file, const std::string& name) {
  if (file.kind != "ner") return Error(name + ": model kind is '" + file.kind + "', expected 'ner'");
  auto meta = [&](const std::string& key) -> std::string {
    auto found = file.metadata.find(key);
    return found == file.metadata.end() ? std::string() : found->second;
  };
  if (meta("feature_version") != std::to_string(kEntityFeatureVersion))
    return Error(name + ": feature version '" + meta("feature_version") + "' is not supported (this build reads " +
                 std::to_string(kEntityFeatureVersion) + "); retrain the model");
  if (meta("encoding") != "BILOU") return Error(name + ": label encoding '" + meta("encoding") + "', expected BILOU");
  std::vector<std::string> types = split_list(meta("types"), ' ');
  if (types.empty() || types.size() > 64) return Error(name + ": metadata 'types' is missing or too long");
  EntityFeatureSettings settings;
  std::string use_upos = meta("use_upos");
  if (use_upos != "0" && use_upos != "1") return Error(name + ": metadata use_upos must be 0 or 1");
  settings.use_upos = use_upos == "1";
  std::string document = meta("document");
  if (document != "0" && document != "1") return Error(name + ": metadata document must be 0 or 1");
  settings.use_document = document == "1";

  EntityModel model;
  model.labels_ = EntityLabels(types);
  model.metadata_ = file.metadata;

  auto labels_bytes = file.section("labels", name);
  if (!labels_bytes.ok()) return labels_bytes.error();
  ByteReader labels_in(labels_bytes.value(), name + " [labels]");
  uint32_t label_count = labels_in.u32();
  if (label_count != model.labels_.count()) return Error(name + ": label count does not match the types");
  for (uint32_t label = 0; label < label_count; ++label) {
    std::string label_name = labels_in.str();
    if (!labels_in.ok()) return Error(labels_in.status().message());
    if (label_name != model.labels_.name(label))
      return Error(name + ": label " + std::to_string(label) + " is '" + label_name + "', expected '" +
                   model.labels_.name(label) + "'");
  }
  if (!labels_in.at_end()) return Error(name + ": trailing bytes in the labels section");

  auto weights_bytes = file.section("weights", name);
  if (!weights_bytes.ok()) return weights_bytes.error();
  ByteReader weights_in(weights_bytes.value(), name + " [weights]");
  auto weights = LinearModel::read(weights_in);
  if (!weights.ok()) return Error(name + ": " + weights.error().message());
  if (!weights_in.at_end()) return Error(name + ": trailing bytes in the weights section");
  if (weights.value().classes() != model.labels_.count()) return Error(name + ": weights do not match the labels");
  model.weights_ = std::move(weights).value();

  auto gazetteer_bytes = file.section("gazetteer", name);
  if (!gazetteer_bytes.ok()) return gazetteer_bytes.error();
  ByteReader gazetteer_in(gazetteer_bytes.value(), name + " [gazetteer]");
  auto gazetteer = NerGazetteer::read(gazetteer_in);
  if (!gazetteer.ok()) return Error(name + ": " + gazetteer.error().message());
  if (!gazetteer_in.at_end()) return Error(name + ": trailing bytes in the gazetteer section");

  auto clusters_bytes = file.section(std::string(kWordClustersSection), name);
  if (!clusters_bytes.ok()) return clusters_bytes.error();
  auto clusters = WordClusters::from_section(clusters_bytes.value(), name + " [" + std::string(kWordClustersSection) + "]");
  if (!clusters.ok()) return clusters.error();
  model.extractor_ = EntityFeatureExtractor(std::move(settings), std::move(gazetteer).value(), std::move(clusters).value());
  model.prepare();

  auto self_test_bytes = file.section("selftest", name);
  if (!self_test_bytes.ok()) return self_test_bytes.error();
  ByteReader self_test_in(self_test_bytes.value(), name + " [selftest]");
  uint32_t samples = self_test_in.u32();
  if (!self_test_in.plausible_count(samples, 8)) return Error(self_test_in.status().message());
  for (uint32_t sample_idx = 0; sample_idx < samples; ++sample_idx) {
    EntitySelfTest sample;
    uint32_t words = self_test_in.u32();
    if (!self_test_in.plausible_count(words, 4)) return Error(self_test_in.status().message());
    for (uint32_t word = 0; word < words; ++word) sample.words.push_back(self_test_in.str());
    uint32_t tags = self_test_in.u32();
    if (self_test_in.ok() && tags != 0 && tags != words)
      return Error(name + ": self-test sentence " + std::to_string(sample_idx + 1) + " has " + std::to_string(tags) +
                   " tags for " + std::to_string(words) + " words (corrupt)");
    for (uint32_t tag = 0; tag < tags && self_test_in.ok(); ++tag) sample.upos.push_back(self_test_in.str());
    uint32_t spans = self_test_in.u32();
    if (!self_test_in.plausible_count(spans, 4)) return Error(self_test_in.status().message());
    for (uint32_t span = 0; span < spans; ++span) sample.expected.push_back(self_test_in.str());
    if (!self_test_in.ok()) return Error(self_test_in.status().message());
    model.self_tests_.push_back(std::move(sample));
  }
  if (!self_test_in.at_end()) return Error(name + ": trailing bytes in the selftest section");
  for (size_t sample_idx = 0; sample_idx < model.self_tests_.size(); ++sample_idx) {
    const auto& sample = model.self_tests_[sample_idx];
    std::vector<std::string> got = model.describe(sample.words, sample.upos);
    if (got != sample.expected) {
      std::string sentence;
      for (const auto& word : sample.words) sentence += (sentence.empty() ? "" : " ") + word;
      return Error(name + ": self-test failed: sentence " + std::to_string(sample_idx + 1) + " '" + sentence +
                   "': expected " + join_spans(sample.expected) + ", got " + join_spans(got));
    }
  }
  return model;
}

}  // namespace chronicle::models
