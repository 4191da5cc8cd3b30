// Date stage: a single left-to-right pass over each sentence's tokens. At every token the
// matchers below are tried in a fixed order; the first that matches consumes its tokens and the
// scan resumes after them, so mentions never overlap and come out sorted by position.
//
// Matching compares Token::lower against small closed word lists (no regular expressions, no
// allocation per token). Resolution is a separate step: a matcher says *what* was written (a
// month and day, "last week", "three days ago") and resolve_* functions turn that into a value
// using the document date. Bare numbers are only ever read as dates inside a calendar pattern
// (next to a month name, in ISO or day/month/year form, or a four-digit year after a temporal
// preposition), which keeps counts such as "26 of the 27" or "1,068" out.
#include <array>
#include <charconv>
#include <cstdio>
#include <deque>

#include "text/words.h"
#include "time/dates.h"

namespace chronicle::time {

namespace {

// ---------------------------------------------------------------------------------------------
// Word lists.

// Month from a month name or its abbreviation, with or without the abbreviation's period;
// 0 when `lower` is not a month word.
int month_of(std::string_view lower) {
  if (!lower.empty() && lower.back() == '.') lower.remove_suffix(1);
  struct Entry {
    std::string_view word;
    int month;
  };
  static constexpr std::array<Entry, 25> kMonths = {{
      {"january", 1},  {"jan", 1},       {"february", 2}, {"feb", 2},  {"march", 3},
      {"mar", 3},      {"april", 4},     {"apr", 4},      {"may", 5},  {"june", 6},
      {"jun", 6},      {"july", 7},      {"jul", 7},      {"august", 8}, {"aug", 8},
      {"september", 9}, {"sep", 9},      {"sept", 9},     {"october", 10}, {"oct", 10},
      {"november", 11}, {"nov", 11},     {"december", 12}, {"dec", 12}, {"", 0},
  }};
  if (lower.empty()) return 0;
  for (const Entry& entry : kMonths)
    if (entry.word == lower) return entry.month;
  return 0;
}

// ISO weekday (1 = Monday) of a full weekday name; 0 otherwise. Abbreviations ("Sun", "Sat",
// "Wed") are left out on purpose: they collide with ordinary words and names.
int weekday_of(std::string_view lower) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (size_t idx = 0; idx < kDays.size(); ++idx)
    if (kDays[idx] == lower) return static_cast<int>(idx) + 1;
  return 0;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<int> to_int(std::string_view digits) {
  if (!all_digits(digits) || digits.size() > 6) return std::nullopt;
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// Day of month from "15", "15th", "1st", "22nd", "3rd"; nullopt for anything else or out of 1..31.
// A range written as one token ("22-23", "22\u201323") gives its first day.
std::optional<int> day_of(std::string_view lower) {
  for (std::string_view dash : {std::string_view("-"), std::string_view("\u2013")}) {
    const size_t at = lower.find(dash);
    if (at != std::string_view::npos && at > 0 && day_of(lower.substr(at + dash.size())))
      lower = lower.substr(0, at);
  }
  std::string_view digits = lower;
  if (lower.size() > 2) {
    std::string_view suffix = lower.substr(lower.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th")
      digits = lower.substr(0, lower.size() - 2);
  }
  if (digits.empty() || digits.size() > 2) return std::nullopt;
  auto value = to_int(digits);
  if (!value || *value < 1 || *value > 31) return std::nullopt;
  return value;
}

// A four-digit year in the range news reports talk about.
std::optional<int> year_of(std::string_view lower) {
  if (lower.size() != 4) return std::nullopt;
  auto value = to_int(lower);
  if (!value || *value < 1900 || *value > 2100) return std::nullopt;
  return value;
}

// Small counts for "two days ago"; "a"/"an" count as one.
std::optional<int> count_of(std::string_view lower) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "zero", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve"};
  if (lower == "a" || lower == "an") return 1;
  for (size_t idx = 1; idx < kWords.size(); ++idx)
    if (kWords[idx] == lower) return static_cast<int>(idx);
  if (lower.size() <= 3) {
    auto value = to_int(lower);
    if (value && *value > 0) return value;
  }
  return std::nullopt;
}

enum class Unit { kNone, kDay, kWeek, kMonth, kYear };

Unit unit_of(std::string_view lower) {
  if (lower == "day" || lower == "days") return Unit::kDay;
  if (lower == "week" || lower == "weeks") return Unit::kWeek;
  if (lower == "month" || lower == "months") return Unit::kMonth;
  if (lower == "year" || lower == "years") return Unit::kYear;
  return Unit::kNone;
}

// Words that make a following bare month name or four-digit year a time expression ("in May",
// "since 2011"). Without one, "May" may be the modal verb and "2000" a count.
bool is_temporal_cue(std::string_view lower) {
  static constexpr std::array<std::string_view, 17> kCues = {
      "in", "of", "since", "by", "until", "till", "from", "through", "during", "before",
      "after", "throughout", "between", "early", "late", "mid", "mid-"};
  for (std::string_view cue : kCues)
    if (cue == lower) return true;
  return false;
}

// "early", "mid", "late" before a month or year: part of the expression, same precision.
bool is_period_part(std::string_view lower) {
  return lower == "early" || lower == "mid" || lower == "late" || lower == "mid-";
}

// Lower-case words that may follow a year used as a date ("in 2023 the army ...", "since 2011,
// when ..."). Any other lower-case word after the number suggests a count or a modifier ("a
// force of 2000 troops", "in 2025 elections"), so the number is not taken as a year.
bool may_follow_year(std::string_view lower) {
  static constexpr std::array<std::string_view, 64> kWords = {
      "over", "against", "into", "under", "during", "about", "among", "across", "near",
      "ahead", "so", "yet", "nor", "not", "also", "only", "and", "or", "but", "when", "while", "after", "before", "as", "the", "a", "an", "to",
      "with", "in", "on", "at", "for", "by", "from", "that", "which", "amid", "despite",
      "until", "since", "following", "through", "because", "where", "if", "his", "her",
      "its", "their", "this", "then", "was", "were", "is", "are", "had", "has", "have", "it",
      "he", "she", "they", "there"};
  for (std::string_view word : kWords)
    if (word == lower) return true;
  return false;
}

bool is_alpha_word(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers.

bool is_valid(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return civil_from_days(days_from_civil({year, month, day})) == CivilDate{year, month, day};
}

CivilDate add_days(const CivilDate& date, int64_t days) {
  return civil_from_days(days_from_civil(date) + days);
}

struct YearMonth {
  int year;
  int month;
};

YearMonth add_months(int year, int month, int delta) {
  int index = year * 12 + (month - 1) + delta;
  return {index / 12, index % 12 + 1};
}

std::string format_week(const CivilDate& date) {
  // ISO week: the week (Monday-Sunday) belongs to the year of its Thursday.
  const CivilDate thursday = add_days(date, 4 - iso_weekday(date));
  const int64_t day_of_year = days_from_civil(thursday) - days_from_civil({thursday.year, 1, 1});
  const int week = static_cast<int>(day_of_year / 7) + 1;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-W%02d", thursday.year, week);
  return buffer;
}

std::string format_month(int year, int month) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::string format_year(int year) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%04d", year);
  return buffer;
}

// How far ahead a year-less "November 30" may point before it is read as last year's: news
// reports mostly talk about the past, but announce events a few weeks ahead.
constexpr int64_t kForwardWindowDays = 61;

enum class Tense { kUnknown, kPast, kFuture };

// Which occurrence of a recurring name ("Monday", "December") is meant.
enum class Direction {
  kDefault,   // no tense cue: the most recent one on or before the document date (a year-less
              // month and day may also point up to kForwardWindowDays ahead)
  kFuture,    // the sentence is in the future tense: the next one on or after
  kLast,      // "last Monday": strictly before
  kNext,      // "next Monday": strictly after
  kPast,      // a past-tense sentence: on or before (same as kDefault for weekdays and months)
};

// ---------------------------------------------------------------------------------------------
// Match results.

struct Found {
  uint32_t end = 0;  // one past the last token of the expression
  std::string value;
  DatePrecision precision = DatePrecision::kDay;
  bool resolved = false;
  bool relative = false;
};

Found day_value(uint32_t end, const CivilDate& date, bool relative) {
  return {end, format_iso_date(date), DatePrecision::kDay, true, relative};
}

// An expression that needs the document date which is unknown.
Found unresolved(uint32_t end, DatePrecision precision, bool relative) {
  return {end, "", precision, false, relative};
}

// What the date rules read of a token. The tokenizer splits hyphenated compounds into words
// ("end-December" → "end" "-" "December"; also "27-29", "15-day", "Bank-led"); the rules read
// each compound whole, as one token, so that "end-December" is no month and the "led" of
// "Bank-led" no past tense. Views into the analysis' tokens, or into DateView::compounds.
struct DateToken {
  Span span;
  std::string_view lower;
  std::string_view tag;
  uint32_t sentence = 0;
  bool capitalized = false;
  bool space_before = false;
};

// The tokens of an analysis with every hyphenated compound as one DateToken. `first[i]` is the
// analysis token where view token i starts; `first.back()` is the number of analysis tokens.
struct DateView {
  explicit DateView(const Analysis& analysis) {
    const std::vector<Token>& source = analysis.tokens;
    tokens.reserve(source.size());
    first.reserve(source.size() + 1);
    for (const Sentence& sentence : analysis.sentences) {
      Sentence merged = sentence;
      merged.first_token = static_cast<uint32_t>(tokens.size());
      for (uint32_t idx = sentence.first_token; idx < sentence.end_token && idx < source.size();) {
        const uint32_t end = static_cast<uint32_t>(text::compound_end(source, idx, sentence.end_token));
        DateToken token;
        token.span = {source[idx].span.begin, source[end - 1].span.end};
        if (end == idx + 1) {
          token.lower = source[idx].lower;
          token.tag = source[idx].tag;
        } else {
          token.lower = compounds.emplace_back(text::lower_text(source, idx, end));
        }
        token.sentence = static_cast<uint32_t>(sentences.size());
        token.capitalized = source[idx].capitalized;
        token.space_before = source[idx].space_before;
        first.push_back(idx);
        tokens.push_back(token);
        idx = end;
      }
      merged.end_token = static_cast<uint32_t>(tokens.size());
      sentences.push_back(merged);
    }
    first.push_back(static_cast<uint32_t>(source.size()));
  }
  std::vector<DateToken> tokens;
  std::vector<Sentence> sentences;
  std::vector<uint32_t> first;
  std::deque<std::string> compounds;  // stable addresses for the views
};

class Matcher {
 public:
  Matcher(const DateView& view, std::optional<CivilDate> doc_date)
      : tokens_(view.tokens), sentences_(view.sentences), doc_(doc_date) {}

  void scan(const Document& document, std::vector<DateMention>& out) const {
    const uint32_t token_count = static_cast<uint32_t>(tokens_.size());
    uint32_t token_idx = 0;
    while (token_idx < token_count) {
      limit_ = sentence_end(token_idx);
      std::optional<Found> found = match_at(token_idx);
      if (!found || found->end <= token_idx) {
        ++token_idx;
        continue;
      }
      DateMention mention;
      mention.range.first_token = token_idx;
      mention.range.end_token = found->end;
      mention.range.span = {tokens_[token_idx].span.begin, tokens_[found->end - 1].span.end};
      const Span& span = mention.range.span;
      if (span.end <= document.text.size() && span.begin <= span.end)
        mention.text = document.text.substr(span.begin, span.end - span.begin);
      mention.value = std::move(found->value);
      mention.precision = found->precision;
      mention.resolved = found->resolved;
      mention.relative = found->relative;
      out.push_back(std::move(mention));
      token_idx = found->end;
      last_end_ = found->end;
    }
  }

 private:
  // ---- token access, bounded by the current sentence ----

  uint32_t sentence_end(uint32_t token_idx) const {
    const uint32_t sentence = tokens_[token_idx].sentence;
    if (sentence < sentences_.size()) {
      const Sentence& s = sentences_[sentence];
      if (s.first_token <= token_idx && token_idx < s.end_token && s.end_token <= tokens_.size())
        return s.end_token;
    }
    return static_cast<uint32_t>(tokens_.size());
  }

  uint32_t sentence_begin(uint32_t token_idx) const {
    const uint32_t sentence = tokens_[token_idx].sentence;
    if (sentence < sentences_.size() && sentences_[sentence].first_token <= token_idx)
      return sentences_[sentence].first_token;
    return 0;
  }

  std::string_view lower(uint32_t token_idx) const {
    return token_idx < limit_ ? std::string_view(tokens_[token_idx].lower) : std::string_view();
  }

  // The lower-case word before `token_idx` in the same sentence, empty at the sentence start.
  std::string_view previous(uint32_t token_idx) const {
    if (token_idx == 0 || token_idx <= sentence_begin(token_idx)) return {};
    return tokens_[token_idx - 1].lower;
  }

  // True when the word before `token_idx` joins it to the date just found: "in March and July",
  // "from 2012 to 2017". The second name inherits the first one's temporal cue.
  bool continues_mention(uint32_t token_idx) const {
    const std::string_view joiner = previous(token_idx);
    return last_end_ + 1 == token_idx && last_end_ > 0 &&
           (joiner == "and" || joiner == "or" || joiner == "to" || joiner == "-" ||
            joiner == "\u2013");
  }

  // A month-name token. Month names must be capitalised: lower-case "may" and "march" are verbs.
  int month_at(uint32_t token_idx) const {
    if (token_idx >= limit_ || !tokens_[token_idx].capitalized) return 0;
    return month_of(tokens_[token_idx].lower);
  }

  // Index after a month token, swallowing a separate "." after an abbreviation written "Nov ."
  // by a tokenizer that splits it (glued to the word, no space before).
  uint32_t after_month(uint32_t token_idx) const {
    const std::string_view word = tokens_[token_idx].lower;
    const bool abbreviation = word.size() <= 4 && word.back() != '.' && word != "may" &&
                              word != "june" && word != "july";
    if (abbreviation && lower(token_idx + 1) == "." && !tokens_[token_idx + 1].space_before)
      return token_idx + 2;
    return token_idx + 1;
  }

  // ---- tense, for names that recur (weekdays, months) ----

  static bool is_future_marker(std::string_view word, std::string_view next) {
    if (word == "will" || word == "shall" || word == "'ll" || word == "wo" ||
        word == "won't" || word == "upcoming")
      return true;
    // "scheduled for Tuesday", "due on Friday"
    if ((next == "for" || next == "on") && (word == "scheduled" || word == "due" ||
                                           word == "planned" || word == "slated"))
      return true;
    // "due to", "scheduled to", "expected to", "set to", "plans to"
    if (next == "to" && (word == "due" || word == "scheduled" || word == "expected" ||
                         word == "set" || word == "plans" || word == "plan" ||
                         word == "planned" || word == "intends" || word == "going"))
      return true;
    return false;
  }

  bool is_past_marker(uint32_t token_idx) const {
    const DateToken& token = tokens_[token_idx];
    const std::string_view word = token.lower;
    // A participle after a form of "be" is passive ("will be held", "was held"): the auxiliary
    // carries the tense, so the search goes on to it.
    if (token_idx > 0 && token_idx > sentence_begin(token_idx)) {
      const std::string_view before = tokens_[token_idx - 1].lower;
      if (before == "be" || before == "been" || before == "being" || before == "is" ||
          before == "are" || before == "am" || before == "get" || before == "gets")
        return false;
    }
    static constexpr std::array<std::string_view, 34> kPast = {
        "was", "were", "had", "did", "said", "met", "held", "told", "made", "took", "gave",
        "spoke", "left", "began", "sent", "struck", "fought", "saw", "came", "went", "won",
        "lost", "led", "fled", "hit", "shot", "set", "put", "ago", "wrote", "flew", "broke",
        "been", "became"};
    for (std::string_view past : kPast)
      if (past == word) return true;
    if (!token.tag.empty() && token.tag != "VERB" && token.tag != "AUX") return false;
    // A regular past tense; capitalised words ("United", "Armed") are names or headlines.
    return !token.capitalized && word.size() > 4 && word.ends_with("ed") &&
           is_alpha_word(word) && word != "need" && word != "indeed";
  }

  // The nearest tense marker before the expression in its sentence decides; when there is none
  // ("On Monday, ministers will meet"), the nearest one after it. A modal before the date
  // ("said they would meet on Saturday") points forward; "could"/"might", and "would" after the
  // date, leave it undecided.
  Tense tense_at(uint32_t first, uint32_t end) const {
    const uint32_t begin = sentence_begin(first);
    for (uint32_t idx = first; idx > begin; --idx) {
      if (tokens_[idx - 1].lower == "would") return Tense::kFuture;
      if (auto tense = tense_marker(idx - 1)) return *tense;
    }
    for (uint32_t token_idx = end; token_idx < limit_; ++token_idx) {
      if (auto tense = tense_marker(token_idx)) return *tense;
    }
    return Tense::kUnknown;
  }

  std::optional<Tense> tense_marker(uint32_t token_idx) const {
    const std::string_view word = tokens_[token_idx].lower;
    if (word == "would" || word == "could" || word == "might") return Tense::kUnknown;
    if (is_future_marker(word, lower(token_idx + 1))) return Tense::kFuture;
    if (is_past_marker(token_idx)) return Tense::kPast;
    return std::nullopt;
  }

  // "by October", "by Saturday" name a deadline, which lies ahead unless the sentence is in the
  // past perfect ("by October the rebels had taken the town").
  Direction direction_at(uint32_t first, uint32_t end) const {
    if (previous(first) == "by") {
      for (uint32_t idx = sentence_begin(first); idx < limit_; ++idx)
        if (tokens_[idx].lower == "had") return Direction::kPast;
      return Direction::kFuture;
    }
    return direction_for(tense_at(first, end));
  }

  static Direction direction_for(Tense tense) {
    return tense == Tense::kFuture ? Direction::kFuture
           : tense == Tense::kPast ? Direction::kPast
                                   : Direction::kDefault;
  }

  // ---- resolution ----

  // A month and day without a year: the latest occurrence no later than kForwardWindowDays after
  // the document date; in a future-tense sentence the first on or after it, in a past-tense one
  // the last on or before it.
  Found resolve_month_day(uint32_t end, int month, int day, Direction direction) const {
    if (!doc_) return unresolved(end, DatePrecision::kDay, false);
    const int64_t doc_days = days_from_civil(*doc_);
    if (direction == Direction::kFuture) {
      for (int year = doc_->year; year <= doc_->year + 8; ++year)
        if (is_valid(year, month, day) && days_from_civil({year, month, day}) >= doc_days)
          return day_value(end, {year, month, day}, false);
    }
    // Searching back over 8 years always finds a leap year for 29 February.
    const int64_t latest = doc_days + (direction == Direction::kPast ? 0 : kForwardWindowDays);
    for (int year = doc_->year + 1; year >= doc_->year - 8; --year) {
      if (!is_valid(year, month, day)) continue;
      if (days_from_civil({year, month, day}) <= latest)
        return day_value(end, {year, month, day}, false);
    }
    return unresolved(end, DatePrecision::kDay, false);
  }

  Found resolve_month(uint32_t end, int month, Direction direction) const {
    if (!doc_) return unresolved(end, DatePrecision::kMonth, true);
    const int doc_index = doc_->year * 12 + doc_->month - 1;
    int year = doc_->year;
    int index = year * 12 + month - 1;
    switch (direction) {
      case Direction::kDefault:
      case Direction::kPast:
        if (index > doc_index) --year;
        break;
      case Direction::kFuture:
        if (index < doc_index) ++year;
        break;
      case Direction::kLast:
        if (index >= doc_index) --year;
        break;
      case Direction::kNext:
        if (index <= doc_index) ++year;
        break;
    }
    return {end, format_month(year, month), DatePrecision::kMonth, true, true};
  }

  Found resolve_weekday(uint32_t end, int weekday, Direction direction) const {
    if (!doc_) return unresolved(end, DatePrecision::kDay, true);
    const int doc_weekday = iso_weekday(*doc_);
    int64_t delta = 0;
    switch (direction) {
      case Direction::kDefault:
      case Direction::kPast:
        delta = -((doc_weekday - weekday + 7) % 7);
        break;
      case Direction::kLast:
        delta = -((doc_weekday - weekday + 6) % 7 + 1);
        break;
      case Direction::kFuture:
        delta = (weekday - doc_weekday + 7) % 7;
        break;
      case Direction::kNext:
        delta = (weekday - doc_weekday + 6) % 7 + 1;
        break;
    }
    return day_value(end, add_days(*doc_, delta), true);
  }

  // `offset` units from the document date, at the unit's precision.
  Found resolve_offset(uint32_t end, Unit unit, int offset) const {
    const DatePrecision precision = unit == Unit::kWeek    ? DatePrecision::kWeek
                                    : unit == Unit::kMonth ? DatePrecision::kMonth
                                    : unit == Unit::kYear  ? DatePrecision::kYear
                                                           : DatePrecision::kDay;
    if (!doc_) return unresolved(end, precision, true);
    switch (unit) {
      case Unit::kWeek:
        return {end, format_week(add_days(*doc_, 7 * int64_t{offset})), precision, true, true};
      case Unit::kMonth: {
        const YearMonth ym = add_months(doc_->year, doc_->month, offset);
        return {end, format_month(ym.year, ym.month), precision, true, true};
      }
      case Unit::kYear:
        return {end, format_year(doc_->year + offset), precision, true, true};
      case Unit::kDay:
      case Unit::kNone:
        break;
    }
    return day_value(end, add_days(*doc_, offset), true);
  }

  // ---- matchers ----

  std::optional<Found> match_at(uint32_t idx) const {
    if (auto found = match_numeric(idx)) return found;
    if (auto found = match_deictic(idx)) return found;
    if (auto found = match_weekday(idx)) return found;
    if (auto found = match_month_first(idx)) return found;
    if (auto found = match_day_first(idx)) return found;
    if (auto found = match_year(idx)) return found;
    return std::nullopt;
  }

  // "2025-11-16", "16/11/2025", "16.11.2025" as one token, or "16 / 11 / 2025" split without
  // spaces. Slash and dot forms are read day first (the international order).
  std::optional<Found> match_numeric(uint32_t idx) const {
    const std::string_view word = lower(idx);
    if (word.empty() || word[0] < '0' || word[0] > '9') return std::nullopt;
    if (auto date = parse_iso_date(word)) return day_value(idx + 1, *date, false);
    for (char separator : {'/', '.'}) {
      const size_t first = word.find(separator);
      if (first == std::string_view::npos) continue;
      const size_t second = word.find(separator, first + 1);
      if (second == std::string_view::npos) continue;
      auto day = to_int(word.substr(0, first));
      auto month = to_int(word.substr(first + 1, second - first - 1));
      auto year = year_of(word.substr(second + 1));
      if (first <= 2 && second - first - 1 <= 2 && day && month && year &&
          is_valid(*year, *month, *day))
        return day_value(idx + 1, {*year, *month, *day}, false);
    }
    // Split form: five tokens with no space between them.
    if (idx + 4 < limit_ && lower(idx + 1) == "/" && lower(idx + 3) == "/") {
      for (uint32_t k = idx + 1; k <= idx + 4; ++k)
        if (tokens_[k].space_before) return std::nullopt;
      std::optional<int> day;
      std::optional<int> month;
      if (word.size() <= 2) day = to_int(word);
      if (lower(idx + 2).size() <= 2) month = to_int(lower(idx + 2));
      auto year = year_of(lower(idx + 4));
      if (day && month && year && is_valid(*year, *month, *day))
        return day_value(idx + 5, {*year, *month, *day}, false);
    }
    return std::nullopt;
  }

  // today, tonight, yesterday, tomorrow, last night, this morning, (earlier|later) today,
  // [earlier|later|early|late] (this|last|next) (week|month|year), the previous day/week/...,
  // N units (ago|earlier|prior|before|later), the day before.
  std::optional<Found> match_deictic(uint32_t idx) const {
    std::string_view word = lower(idx);
    uint32_t cursor = idx;
    // "earlier this week", "late last year", "earlier today"
    const bool qualified = word == "earlier" || word == "later" || word == "early" ||
                           word == "late";
    if (qualified) word = lower(++cursor);

    if (word == "today" || word == "tonight") return resolve_offset(cursor + 1, Unit::kDay, 0);
    if (qualified && (lower(cursor) != "this" && lower(cursor) != "last" &&
                      lower(cursor) != "next"))
      return std::nullopt;
    if (!qualified) {
      if (word == "yesterday") return resolve_offset(idx + 1, Unit::kDay, -1);
      if (word == "tomorrow") return resolve_offset(idx + 1, Unit::kDay, 1);
    }
    const std::string_view second = lower(cursor + 1);
    if (word == "last" && second == "night") return resolve_offset(cursor + 2, Unit::kDay, -1);
    if (word == "this" && (second == "morning" || second == "afternoon" || second == "evening"))
      return resolve_offset(cursor + 2, Unit::kDay, 0);
    if (word == "this" || word == "last" || word == "next") {
      const Unit unit = unit_of(second);
      if (unit != Unit::kNone && unit != Unit::kDay && (second.back() != 's')) {
        const int offset = word == "this" ? 0 : word == "last" ? -1 : 1;
        return resolve_offset(cursor + 2, unit, offset);
      }
      return std::nullopt;
    }
    if (qualified) return std::nullopt;

    // "the previous day", "the preceding week"
    if (word == "the" && (second == "previous" || second == "preceding")) {
      const std::string_view third = lower(idx + 2);
      const Unit unit = unit_of(third);
      if (unit != Unit::kNone && third.back() != 's') return resolve_offset(idx + 3, unit, -1);
      return std::nullopt;
    }
    // "the day before", "the day prior", "the week before"
    if (word == "the") {
      const Unit unit = unit_of(second);
      const std::string_view third = lower(idx + 2);
      if (unit != Unit::kNone && second.back() != 's' &&
          (third == "before" || third == "prior" || third == "earlier"))
        return resolve_offset(idx + 3, unit, -1);
      return std::nullopt;
    }
    // "two days ago", "a day prior", "three weeks earlier", "two days later"
    if (auto count = count_of(word)) {
      const Unit unit = unit_of(second);
      if (unit == Unit::kNone) return std::nullopt;
      // Singular unit with one, plural otherwise ("a day", "two days"); "2 day" is not a date.
      if ((*count == 1) != (second.back() != 's')) return std::nullopt;
      const std::string_view third = lower(idx + 2);
      if (third == "ago" || third == "earlier" || third == "prior" || third == "before")
        return resolve_offset(idx + 3, unit, -*count);
      if (third == "later") return resolve_offset(idx + 3, unit, *count);
    }
    return std::nullopt;
  }

  // [next|last|this] Monday [, November 17 [, 2025]]
  std::optional<Found> match_weekday(uint32_t idx) const {
    const std::string_view word = lower(idx);
    Direction direction = Direction::kDefault;
    uint32_t cursor = idx;
    if (word == "next") direction = Direction::kNext;
    if (word == "last" || word == "past") direction = Direction::kLast;
    if (word == "next" || word == "last" || word == "past" || word == "this") ++cursor;
    if (cursor >= limit_ || !tokens_[cursor].capitalized) return std::nullopt;
    const int weekday = weekday_of(lower(cursor));
    if (weekday == 0) return std::nullopt;
    // "Monday, November 17" / "Monday 17 November": the explicit date wins, the weekday is kept
    // in the span.
    uint32_t date_start = cursor + 1;
    if (lower(date_start) == ",") ++date_start;
    if (direction == Direction::kDefault) {
      if (auto found = match_month_first(date_start); found && found->precision == DatePrecision::kDay)
        return found;
      if (auto found = match_day_first(date_start); found && found->precision == DatePrecision::kDay)
        return found;
    }
    if (direction == Direction::kDefault) direction = direction_at(idx, cursor + 1);
    return resolve_weekday(cursor + 1, weekday, direction);
  }

  // [early|mid|late] Month [day[,] [year]] | Month year | (cue) Month | last/next/this Month
  std::optional<Found> match_month_first(uint32_t idx) const {
    if (idx >= limit_) return std::nullopt;
    uint32_t cursor = idx;
    Direction direction = Direction::kDefault;
    bool cued = is_temporal_cue(previous(idx)) || continues_mention(idx);
    std::string_view word = lower(idx);
    if (word == "last" || word == "next" || word == "this") {
      direction = word == "last" ? Direction::kLast
                  : word == "next" ? Direction::kNext
                                   : Direction::kDefault;
      cued = true;
      ++cursor;
    } else if (is_period_part(word)) {
      cued = true;
      ++cursor;
      if (lower(cursor) == "-") ++cursor;
    } else if (word.starts_with("mid-") && month_of(word.substr(4)) != 0) {
      // one token "mid-December"
      return finish_month(idx + 1, month_of(word.substr(4)), Direction::kDefault, idx);
    }
    const int month = month_at(cursor);
    if (month == 0) return std::nullopt;
    const bool modified = cursor != idx;
    uint32_t next = after_month(cursor);

    if (!modified) {
      // Month day [,] [year]
      if (auto day = day_of(lower(next))) {
        uint32_t after_day = next + 1;
        // "March 13–16, 2025": a range keeps its first day and still takes the year.
        const std::string_view joiner = lower(after_day);
        if ((joiner == "-" || joiner == "\u2013" || joiner == "to") &&
            day_of(lower(after_day + 1)))
          after_day += 2;
        uint32_t year_idx = after_day;
        if (lower(year_idx) == ",") ++year_idx;
        if (auto year = year_of(lower(year_idx))) {
          if (!is_valid(*year, month, *day)) return std::nullopt;
          return day_value(year_idx + 1, {*year, month, *day}, false);
        }
        if (!is_valid(2000, month, *day)) return std::nullopt;  // 2000 is a leap year
        return resolve_month_day(after_day, month, *day, direction_at(idx, after_day));
      }
    }
    // Month year
    uint32_t year_idx = next;
    if (lower(year_idx) == ",") ++year_idx;
    if (direction == Direction::kDefault) {
      if (auto year = year_of(lower(year_idx)))
        return Found{year_idx + 1, format_month(*year, month), DatePrecision::kMonth, true, false};
    }
    if (!cued) return std::nullopt;
    return finish_month(next, month, direction, idx);
  }

  // A month name without day or year, resolved by direction and tense.
  Found finish_month(uint32_t end, int month, Direction direction, uint32_t first) const {
    if (direction == Direction::kDefault) direction = direction_at(first, end);
    return resolve_month(end, month, direction);
  }

  // day [of] Month [[,] year]: "15 October 2025", "16th of November", "on 16 November".
  std::optional<Found> match_day_first(uint32_t idx) const {
    auto day = day_of(lower(idx));
    if (!day) return std::nullopt;
    uint32_t cursor = idx + 1;
    if (lower(cursor) == "of") ++cursor;
    const int month = month_at(cursor);
    if (month == 0) return std::nullopt;
    const uint32_t next = after_month(cursor);
    uint32_t year_idx = next;
    if (lower(year_idx) == ",") ++year_idx;
    if (auto year = year_of(lower(year_idx))) {
      if (!is_valid(*year, month, *day)) return std::nullopt;
      return day_value(year_idx + 1, {*year, month, *day}, false);
    }
    if (!is_valid(2000, month, *day)) return std::nullopt;
    return resolve_month_day(next, month, *day, direction_at(idx, next));
  }

  // [early|mid|late] year after a temporal cue: "in 2023", "since 2011", "in late 2024".
  std::optional<Found> match_year(uint32_t idx) const {
    uint32_t cursor = idx;
    bool cued = is_temporal_cue(previous(idx)) || continues_mention(idx);
    if (is_period_part(lower(idx))) {
      cued = true;
      ++cursor;
      if (lower(cursor) == "-") ++cursor;
    }
    if (!cued) return std::nullopt;
    auto year = year_of(lower(cursor));
    if (!year) return std::nullopt;
    const std::string_view follower = lower(cursor + 1);
    if (is_alpha_word(follower) && !tokens_[cursor + 1].capitalized &&
        !may_follow_year(follower))
      return std::nullopt;
    // "in 2023-24" or "2,000"-like continuations glued to the number are not a plain year.
    if (cursor + 1 < limit_ && !tokens_[cursor + 1].space_before && follower != "," &&
        follower != "." && follower != ";" && follower != ":" && follower != ")")
      return std::nullopt;
    return Found{cursor + 1, format_year(*year), DatePrecision::kYear, true, false};
  }

  const std::vector<DateToken>& tokens_;
  const std::vector<Sentence>& sentences_;
  std::optional<CivilDate> doc_;
  // End of the current sentence; scan() sets it before each match attempt. Mutable scratch of
  // this per-call Matcher object (built anew by every process() call), never of the shared stage.
  mutable uint32_t limit_ = 0;
  // End token of the last mention found, for coordinated dates ("in March and July").
  mutable uint32_t last_end_ = 0;
};

}  // namespace

void DateRecognizer::process(const Document& document, Analysis& analysis) const {
  const DateView view(analysis);
  const size_t first_new = analysis.dates.size();
  Matcher(view, parse_iso_date(document.date)).scan(document, analysis.dates);
  for (size_t idx = first_new; idx < analysis.dates.size(); ++idx) {
    TokenRange& range = analysis.dates[idx].range;
    range.first_token = view.first[range.first_token];
    range.end_token = view.first[range.end_token];
  }
}

}  // namespace chronicle::time
