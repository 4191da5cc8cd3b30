// Tokenizer and sentence splitter: Universal Dependencies (English-EWT) words for news text.
//
// One pass over the normalised text finds word boundaries (`Scanner::token_end` decides where a
// token that starts at a given byte ends, by looking ahead only a few characters; contractions
// without an apostrophe are then cut by a small table); a second pass over the words places
// sentence boundaries: from the line layout (blank lines, bullets, headings, headline lines) by
// rules, and inside a paragraph by a learned classifier asked only at candidate positions
// (sentence_model.h), or by rules when the classifier is switched off. No regular expressions: a
// hand-written scanner is an order of magnitude faster and its rules read as a list (see
// docs/text.md).
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <optional>

#include "text/sentence_model.h"
#include "text/text.h"
#include "text/unicode.h"

namespace chronicle::text {
namespace {

using detail::CharClass;
using detail::SentenceModel;

// Abbreviations that come before a name or a number ("Gen. Smith", "No. 5"): a period after them
// never ends a sentence, even at the end of a line.
constexpr auto kTitleAbbreviations = std::to_array<std::string_view>({
    "Mr",   "Mrs",  "Ms",  "Dr",   "Prof", "Gen",  "Lt",  "Col",  "Sgt",  "Cpl",  "Pvt", "Capt",
    "Maj",  "Adm",  "Brig", "Cmdr", "Cdr", "Gov",  "Sen", "Rep",  "Rev",  "Hon",  "Pres", "Amb",
    "Atty", "Supt", "Insp", "Fr",   "St",  "Mt",   "Ft",  "Messrs", "Gens", "Sens", "Reps", "Lt-Gen"});
// Other abbreviations: the period belongs to the word (unless the sentence ends there, when UD
// makes the period a word of its own: "etc" + ".").
constexpr auto kOtherAbbreviations = std::to_array<std::string_view>({
    "Jr",  "Sr",   "Inc", "Corp", "Co",   "Ltd",  "Bros", "vs",  "Vs",  "etc", "Jan", "Feb",
    "Mar", "Apr",  "Jun", "Jul",  "Aug",  "Sep",  "Sept", "Oct", "Nov", "Dec", "Dept", "Univ",
    "Assn", "approx", "Vol", "Fig", "Ave", "Blvd", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs",
    "Fri", "Attn", "ext", "esp", "yrs", "hrs", "mins", "lbs", "oz", "Ph", "Spec", "Conf", "v",
    "al", "Sat"});
// The same in capitals ("LTD.", "PVT."); other capitals before a period are words ("SEC.", "LA.").
constexpr auto kUpperAbbreviations = std::to_array<std::string_view>({
    "MR", "MRS", "MS", "DR", "GEN", "COL", "LT", "SGT", "CAPT", "GOV", "SEN", "REP", "REV", "PROF",
    "PVT", "JR", "SR", "INC", "CORP", "LTD", "BROS"});
// Months written short ("01-Feb-02").
constexpr auto kMonthAbbreviations = std::to_array<std::string_view>({
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."});
// Abbreviations that often end a sentence: the only ones after which the classifier may end a
// sentence inside a line ("... and so on, etc. The next ..."). After any other ("U.S. Army",
// "Apple Inc. Chief", "J. R. R. Tolkien") a sentence ends only at a line break.
constexpr auto kSentenceEndingAbbreviations = std::to_array<std::string_view>({"etc."});
// Contracted clitics split off after an apostrophe (Penn Treebank): "he's", "they're", "I'd".
constexpr auto kClitics = std::to_array<std::string_view>({"s", "re", "ve", "ll", "d", "m"});
// Words that leave a line unfinished: a capitalised word on the next line continues the sentence.
constexpr auto kLineJoiners = std::to_array<std::string_view>({
    ",", ";", "(", "-", "–", "—", "&", "the", "a", "an", "of", "to", "in", "and", "or", "for",
    "on", "at", "by", "with", "from", "that"});
// Prefixes that stay joined to the rest of the word by their hyphen ("non-violent",
// "anti-American", "e-mail", "mid-1980s"); every other hyphen between words is a word of its own
// ("al - Assad", "high - level"), as in English-EWT, where these prefixes keep their hyphen in
// nine cases out of ten.
constexpr auto kHyphenPrefixes = std::to_array<std::string_view>({
    "e", "non", "anti", "mid", "pre", "re", "co", "post", "over", "pro", "multi", "ex", "counter",
    "semi", "sub", "cross", "neo", "psycho", "socio", "arch", "intra", "micro", "un", "mis",
    "ultra", "mega", "macro", "quasi", "pseudo"});
// Endings that make "name.ending" one word: web domains and file names ("un.org", "report.pdf").
constexpr auto kDomainEndings = std::to_array<std::string_view>({
    "com", "org", "net", "gov", "edu", "mil", "int", "info", "biz", "io", "uk", "us", "ca", "au",
    "de", "fr", "ru", "cn", "in", "htm", "html", "php", "asp", "aspx", "cfm", "jsp", "pdf", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "xml", "jpg", "jpeg", "gif", "png",
    "zip", "exe", "mp3", "mp4", "url"});
// First parts of Usenet newsgroup names ("alt.animals").
constexpr auto kNewsgroupRoots = std::to_array<std::string_view>({
    "alt", "comp", "rec", "soc", "sci", "misc", "talk", "news"});
// Units written right after a number; UD makes them words of their own ("5" + "pm", "$" "10" "m").
constexpr auto kUnits = std::to_array<std::string_view>({
    "am", "pm", "m", "mm", "cm", "km", "k", "kg", "kb", "mb", "gb", "tb", "ft", "f", "b", "bn",
    "lb", "lbs", "oz", "mph", "kph", "hr", "hrs", "yr", "yrs", "min", "mins", "sec", "secs", "ml",
    "mw", "kw", "gw", "mwh", "kwh", "bbl", "bpd", "p", "a"});
// ... and in capitals (other capitals after a number are codes: "10MM", "3D").
constexpr auto kUpperUnits = std::to_array<std::string_view>({
    "AM", "PM", "MMBTU", "MW", "MWH", "GW", "KW", "KWH", "BCF", "KM", "KG"});
// Words with a slash that are one word ("b/c" = because, "w/o" = without).
constexpr auto kSlashWords = std::to_array<std::string_view>({"b/c", "w/o", "w/", "B/C", "W/O", "W/"});
// Contractions without an apostrophe, and fused words, that UD splits into words inside one
// surface token: the word (lower case) and the length of each piece but the last.
struct Contraction {
  std::string_view word;
  std::array<uint8_t, 2> cuts;  // piece lengths, 0 = no more cuts
  bool separate_tokens = false;  // a typo joining two words ("alot"): tokens, not one token
};
constexpr auto kContractions = std::to_array<Contraction>({
    {"cannot", {3, 0}},   {"gonna", {3, 0}},   {"wanna", {3, 0}},    {"gotta", {3, 0}},
    {"outta", {3, 0}},    {"dunno", {2, 1}},   {"dont", {2, 0}},     {"cant", {2, 0}},
    {"wont", {2, 0}},     {"didnt", {3, 0}},   {"doesnt", {4, 0}},   {"isnt", {2, 0}},
    {"wasnt", {3, 0}},    {"arent", {3, 0}},   {"werent", {4, 0}},   {"havent", {4, 0}},
    {"hasnt", {3, 0}},    {"hadnt", {3, 0}},   {"couldnt", {5, 0}},  {"wouldnt", {5, 0}},
    {"shouldnt", {6, 0}}, {"aint", {2, 0}},    {"im", {1, 0}},       {"ive", {1, 0}},
    {"youre", {3, 0}},    {"thats", {4, 0}},   {"theres", {5, 0}},   {"whats", {4, 0}},
    {"hes", {2, 0}},      {"alot", {1, 0}, true}});

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_ascii_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
bool is_ascii_upper(char ch) { return ch >= 'A' && ch <= 'Z'; }
bool is_ascii_lower(char ch) { return ch >= 'a' && ch <= 'z'; }
bool is_ascii_digit(char ch) { return ch >= '0' && ch <= '9'; }
bool is_ascii_alnum(char ch) { return is_ascii_alpha(ch) || is_ascii_digit(ch); }
char ascii_lower(char ch) { return is_ascii_upper(ch) ? static_cast<char>(ch - 'A' + 'a') : ch; }

bool iequals_prefix(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t idx = 0; idx < prefix.size(); ++idx) {
    if (ascii_lower(text[pos + idx]) != prefix[idx]) return false;
  }
  return true;
}

// Is `text` (ASCII letters, any case) equal to one of the lower-case `list` entries?
template <size_t N>
bool contains_ignoring_case(const std::array<std::string_view, N>& list, std::string_view text) {
  if (text.size() > 8) return false;
  char buffer[8];
  for (size_t idx = 0; idx < text.size(); ++idx) buffer[idx] = ascii_lower(text[idx]);
  return contains(list, std::string_view(buffer, text.size()));
}

// Finds where the token starting at a position ends. Stateless apart from the text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // `pos` is not white space. `after_word`: the previous token ends exactly at `pos` with a word
  // character (needed for the clitics "'s" and "n't", which only exist attached to a word).
  size_t token_end(size_t pos, bool after_word) const {
    if (const size_t end = url_end(pos)) return end;
    const detail::CharAt first = at(pos);
    if (after_word && iequals_prefix(text_, pos, "n't") && !word_at(pos + 3)) return pos + 3;
    if (detail::is_word_class(first.cls)) {
      if (pos + 1 < text_.size() && text_[pos + 1] == '/') {  // every slash word has it there
        for (std::string_view word : kSlashWords) {
          if (text_.substr(pos, word.size()) == word && !word_at(pos + word.size())) return pos + word.size();
        }
      }
      if (const size_t end = email_end(pos)) return end;
      if (const size_t end = acronym_end(pos)) return end;
      return abbreviation_end(pos, word_end(pos));
    }
    const char byte = text_[pos];
    if (byte == '\'') {
      if (after_word) {
        if (const size_t end = clitic_end(pos)) return end;
      } else if (digit_at(pos + 1) && digit_at(pos + 2) && !word_at(pos + 3)) {
        return pos + 3;  // "'68": a year with its apostrophe
      }
      return pos + 1;
    }
    if (const size_t end = emoticon_end(pos)) return end;
    // "#hashtag" and "@name" are one word.
    if ((byte == '#' || byte == '@') && !after_word && pos + 1 < text_.size() &&
        is_ascii_alpha(text_[pos + 1]) && (pos == 0 || !is_ascii_alnum(text_[pos - 1]))) {
      return word_end(pos + 1);
    }
    // Runs that form one symbol: "..." (also from NFKC of "…"), "?!", "!!!", "--" (a typed dash),
    // "----==" (a rule), "###"/"**" (Markdown markup), "<<", and the like.
    if (byte == '.' || byte == '!' || byte == '?') {
      size_t end = pos + 1;
      while (end < text_.size() && (text_[end] == '.' || text_[end] == '!' || text_[end] == '?')) ++end;
      return end;
    }
    if (byte == '-' || byte == '=') {
      size_t end = pos + 1;
      while (end < text_.size() && (text_[end] == '-' || text_[end] == '=')) ++end;
      return end;
    }
    if (byte == '#' || byte == '*' || byte == '_' || byte == '~' || byte == '`' || byte == '<' ||
        byte == '>' || byte == '+' || byte == '$' || byte == '^' || byte == '/' || byte == '\\') {
      size_t end = pos + 1;
      while (end < text_.size() && text_[end] == byte) ++end;
      return end;
    }
    // Any other character is a token of its own, with the combining marks that follow it.
    size_t end = pos + first.length;
    while (end < text_.size()) {
      const detail::CharAt next = at(end);
      if (next.cls != CharClass::kMark) break;
      end += next.length;
    }
    return end;
  }

 private:
  detail::CharAt at(size_t pos) const { return detail::char_at(text_, pos); }
  bool word_at(size_t pos) const {
    return pos < text_.size() && detail::is_word_class(at(pos).cls);
  }
  bool ascii_alpha_at(size_t pos) const { return pos < text_.size() && is_ascii_alpha(text_[pos]); }
  bool digit_at(size_t pos) const { return pos < text_.size() && is_ascii_digit(text_[pos]); }

  // A word: letters, marks and digits, joined
  // - by a hyphen after a prefix ("non-violent", "e-mail") and inside numbers that are codes,
  //   dates or telephone numbers ("2025-11-16", "713-853-3989"); other hyphens are words;
  // - by '.', ',', ':' or '/' between digits ("1,068", "3.5", "10:30", "11/28/2000");
  // - by '.' before a web domain or file ending ("un.org", "report.pdf", "alt.animals.cats");
  // - by '_' between word characters, by '&' between capitals ("AT&T");
  // - by an apostrophe inside a name ("O'Brien") and in decades ("1960's").
  // Stops before a clitic apostrophe ("Moscow|'s"), before the "n" of "n't" ("did|n't") and
  // before a unit written after a number ("5|pm").
  size_t word_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = pos;
    size_t last_begin = pos;     // start of the last character
    size_t segment_begin = pos;  // start of the part after the last joining hyphen
    bool only_digits = true;     // the word so far is digits and number separators
    CharClass last_cls = CharClass::kLetter;
    char32_t last_cp = 0;
    if (const size_t number_end = hyphenated_number_end(pos)) {
      idx = number_end;
      last_cls = CharClass::kDigit;
      last_begin = idx - 1;
      segment_begin = idx;
    }
    while (true) {
      while (idx < size) {
        const detail::CharAt ch = at(idx);
        if (!detail::is_word_class(ch.cls)) break;
        if (ch.cls != CharClass::kMark) {
          if (ch.cls != CharClass::kDigit) {
            if (only_digits && last_cls == CharClass::kDigit && idx > pos && unit_at(idx)) return idx;
            only_digits = false;
          }
          last_cls = ch.cls;
          last_cp = ch.cp;
          last_begin = idx;
        }
        idx += ch.length;
      }
      if (idx >= size) break;
      const char byte = text_[idx];
      const bool next_digit = digit_at(idx + 1);
      if (byte == '-' && word_at(idx + 1)) {
        if (!is_hyphen_prefix(segment_begin, idx)) break;
        if (idx - segment_begin == 1 && text_[segment_begin] == 'e' && !is_ascii_lower(text_[idx + 1])) {
          break;  // "Lashkar-e-Toiba", not "e-mail"
        }
        ++idx;
        segment_begin = idx;
        continue;
      }
      if ((byte == '.' || byte == ':' || byte == '/' || (byte == ',' && thousands_at(idx + 1))) &&
          last_cls == CharClass::kDigit && next_digit) {
        ++idx;
        continue;
      }
      if (byte == '.' && last_cp < 0x80 && is_ascii_alnum(static_cast<char>(last_cp))) {
        if (const size_t end = domain_end(pos, idx)) {
          idx = end;
          break;
        }
      }
      if (byte == '_' && word_at(idx + 1)) {
        ++idx;
        only_digits = false;
        continue;
      }
      if (byte == '&' && last_cp < 0x80 && idx + 1 < size &&
          ((is_ascii_upper(static_cast<char>(last_cp)) && is_ascii_upper(text_[idx + 1])) ||
           (idx == pos + 1 && is_ascii_alpha(text_[pos]) && is_ascii_alpha(text_[idx + 1]) &&
            !word_at(idx + 2)))) {  // "AT&T", "a&m"
        ++idx;
        continue;
      }
      if (byte == '\'' && word_at(idx + 1)) {
        size_t suffix_end = idx + 1;
        while (suffix_end < size && is_ascii_alpha(text_[suffix_end])) ++suffix_end;
        const bool suffix_alone = !word_at(suffix_end);
        const std::string suffix = lower_ascii(idx + 1, suffix_end);
        if (suffix_alone && suffix == "s" && last_cls == CharClass::kDigit) {
          idx = suffix_end;  // "1960's", "80's": a decade, one word
          break;
        }
        if (suffix_alone && contains(kClitics, suffix)) break;
        if (suffix_alone && suffix == "t" && (last_cp == 'n' || last_cp == 'N') &&
            last_begin > pos) {
          idx = last_begin;  // "didn't" → "did" + "n't"; "can't" → "ca" + "n't"
          break;
        }
        ++idx;  // an apostrophe inside a name: "O'Brien", "d'Ivoire"
        continue;
      }
      break;
    }
    return idx;
  }

  // Is text [begin, end) one of the prefixes that keep their hyphen?
  bool is_hyphen_prefix(size_t begin, size_t end) const {
    if (end - begin > 7) return false;
    for (size_t idx = begin; idx < end; ++idx) {
      if (!is_ascii_alpha(text_[idx])) return false;
    }
    return contains_ignoring_case(kHyphenPrefixes, text_.substr(begin, end - begin));
  }

  // Digit groups joined by hyphens that are one number: three or more groups, not all of one
  // digit ("2025-11-16", "713-853-3989", "1-800-991-9019"), or a telephone or postcode pair
  // ("345-9945", "77415-0027"). Ranges and compounds ("1969-1970", "15-year", "3-4") are split.
  // Returns the end of the number, or 0.
  size_t hyphenated_number_end(size_t pos) const {
    const size_t size = text_.size();
    std::array<size_t, 8> lengths{};
    size_t groups = 0;
    size_t hyphens = 0;
    size_t idx = pos;
    while (groups < lengths.size()) {
      const size_t group_begin = idx;
      while (idx < size && is_ascii_digit(text_[idx])) ++idx;
      if (idx == group_begin) return 0;
      lengths[groups++] = idx - group_begin;
      if (idx + 1 < size && (text_[idx] == '-' || text_[idx] == '/') && is_ascii_digit(text_[idx + 1])) {
        hyphens += text_[idx] == '-' ? 1 : 0;
        ++idx;
        continue;
      }
      break;
    }
    // "01-Feb-02": a date with the month's name.
    if (groups == 1 && lengths[0] <= 2 && idx + 5 < size && text_[idx] == '-' &&
        text_[idx + 4] == '-' && digit_at(idx + 5) &&
        contains(kMonthAbbreviations, std::string(text_.substr(idx + 1, 3)) + ".")) {
      size_t end = idx + 5;
      while (digit_at(end)) ++end;
      return word_at(end) ? 0 : end;
    }
    if (groups < 2 || hyphens == 0 || word_at(idx) || (idx < size && text_[idx] == '-')) return 0;
    if (groups >= 3) {
      for (size_t group = 0; group < groups; ++group) {
        if (lengths[group] > 1) return idx;
      }
      return 0;
    }
    return (lengths[0] == 1 || lengths[0] == 3 || lengths[0] == 5) && lengths[1] == 4 ? idx : 0;
  }

  // After a number, does a unit ("pm", "km", "bn") start at `pos` and end the word?
  bool unit_at(size_t pos) const {
    size_t end = pos;
    while (end < text_.size() && is_ascii_alpha(text_[end])) ++end;
    if (end == pos || word_at(end)) return false;
    const std::string_view unit = text_.substr(pos, end - pos);
    return contains(kUnits, unit) || contains(kUpperUnits, unit);
  }

  // Three digits and no fourth: the group after a thousands separator ("1,068", not "11,2000").
  bool thousands_at(size_t pos) const {
    return digit_at(pos) && digit_at(pos + 1) && digit_at(pos + 2) && !digit_at(pos + 3);
  }

  // At a '.' (`dot`) inside a word that started at `pos`: the end of a web domain or file name
  // ("un.org", "alt.animals.cats", "TEXT.htm"), or 0. The word before must be ASCII letters and
  // digits; every part after a dot too, and the last one a known ending, or there are two dots or
  // more with lower-case parts.
  size_t domain_end(size_t pos, size_t dot) const {
    for (size_t idx = pos; idx < dot; ++idx) {
      if (!is_ascii_alnum(text_[idx]) && text_[idx] != '-' && text_[idx] != '_') return 0;
    }
    size_t idx = dot;
    size_t parts = 0;
    bool all_lower = true;
    size_t last_begin = 0;
    while (idx + 1 < text_.size() && text_[idx] == '.' && is_ascii_alpha(text_[idx + 1])) {
      size_t end = idx + 1;
      while (end < text_.size() && (is_ascii_alnum(text_[end]) || text_[end] == '-' || text_[end] == '_')) {
        if (is_ascii_upper(text_[end])) all_lower = false;
        ++end;
      }
      last_begin = idx + 1;
      idx = end;
      ++parts;
    }
    if (parts == 0 || word_at(idx)) return 0;
    if (contains(kNewsgroupRoots, text_.substr(pos, dot - pos)) && all_lower) return idx;
    if (contains_ignoring_case(kDomainEndings, text_.substr(last_begin, idx - last_begin))) return idx;
    return parts >= 2 && all_lower ? idx : 0;
  }

  // A word followed by '.' keeps the period when it is an initial ("J."), a known abbreviation
  // ("Gen.", "Nov.") or "No." before a number.
  size_t abbreviation_end(size_t pos, size_t end) const {
    if (end >= text_.size() || text_[end] != '.') return end;
    if (end + 1 < text_.size() && (text_[end + 1] == '.' || text_[end + 1] == '!' || text_[end + 1] == '?')) {
      return end;  // "etc..." or "J.!": the run of punctuation is a word of its own
    }
    const std::string_view word = text_.substr(pos, end - pos);
    if (word.size() == 1 && is_ascii_upper(word[0])) return end + 1;
    if (contains(kTitleAbbreviations, word) || contains(kOtherAbbreviations, word)) return end + 1;
    if (contains(kUpperAbbreviations, word)) return end + 1;
    if (word == "No" || word == "Nos" || word == "no") {
      size_t next = end + 1;
      if (next < text_.size() && text_[next] == ' ') ++next;
      if (next < text_.size() && is_ascii_digit(text_[next])) return end + 1;
    }
    return end;
  }

  // Letter-period sequences with at least two letters: "U.S.", "U.N.", "e.g.", "a.m.", and the
  // same without the last period when a letter does not follow ("U.S.A", "p.m").
  size_t acronym_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = pos;
    int letters = 0;
    while (idx + 1 < size && is_ascii_alpha(text_[idx]) && text_[idx + 1] == '.') {
      idx += 2;
      ++letters;
    }
    // "U.S.A", and "p.m" or "a.m" (lower case) written without the last period.
    const bool last_letter = idx < size && is_ascii_alpha(text_[idx]) && !word_at(idx + 1);
    if (letters == 1 && last_letter && is_ascii_lower(text_[pos]) && is_ascii_lower(text_[idx])) return idx + 1;
    if (letters < 2) return 0;
    return last_letter ? idx + 1 : idx;
  }

  // Emoticons: ":)", ":-(", ";)", ":D", ":P", "=)", "^_^", after a space or punctuation and
  // before a space, punctuation or the end.
  size_t emoticon_end(size_t pos) const {
    const size_t size = text_.size();
    const char byte = text_[pos];
    if (pos > 0 && is_ascii_alnum(text_[pos - 1])) return 0;
    size_t end = 0;
    if (byte == ':' || byte == ';' || byte == '=') {
      size_t idx = pos + 1;
      if (idx < size && (text_[idx] == '-' || text_[idx] == '\'')) ++idx;
      if (idx >= size) return 0;
      const char mouth = text_[idx];
      if (mouth == ')' || mouth == '(' || mouth == 'D' || mouth == 'P' || mouth == 'p' ||
          mouth == '/' || mouth == '|' || mouth == ']' || (mouth == '[' && byte != '=')) {
        end = idx + 1;
        while (end < size && text_[end] == mouth && (mouth == ')' || mouth == '(')) ++end;
      }
    } else if (byte == '^' && iequals_prefix(text_, pos, "^_^")) {
      end = pos + 3;
    } else if (byte == '(' && pos + 1 < size && text_[pos + 1] == ':' && (pos == 0 || text_[pos - 1] == ' ') &&
               (pos + 2 == size || text_[pos + 2] == ' ' || text_[pos + 2] == '\n')) {
      end = pos + 2;  // "(:"
    }
    if (end == 0) return 0;
    if (end < size && (is_ascii_alnum(text_[end]) || text_[end] == '/')) return 0;
    return end;
  }

  // http(s)://, ftp:// and www. addresses run to the next space; trailing sentence punctuation and
  // unbalanced closing brackets (Markdown "[x](https://...)") are given back.
  size_t url_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = 0;
    if (iequals_prefix(text_, pos, "https://")) idx = pos + 8;
    else if (iequals_prefix(text_, pos, "http://")) idx = pos + 7;
    else if (iequals_prefix(text_, pos, "ftp://")) idx = pos + 6;
    else if (iequals_prefix(text_, pos, "mailto:") && ascii_alpha_at(pos + 7)) idx = pos + 7;
    else if (iequals_prefix(text_, pos, "www.") && pos + 4 < size && is_ascii_alnum(text_[pos + 4])) idx = pos + 4;
    else return 0;
    if (pos > 0 && is_ascii_alnum(text_[pos - 1])) return 0;  // "xhttp://" is not a URL start
    const size_t body = idx;
    // In a Markdown link "[text](url)" or "[text](url "title")" the address ends at the space or
    // at the ')' that closes the link, and keeps a final period ("wiki/Donald_Trump_Jr.").
    const bool markdown = pos >= 2 && text_[pos - 1] == '(' && text_[pos - 2] == ']';
    int open_parens = 0;
    while (idx < size) {
      const char byte = text_[idx];
      if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '<' ||
          byte == '>' || byte == '"' || byte == '`')
        break;
      if (markdown && byte == '(') ++open_parens;
      if (markdown && byte == ')' && open_parens-- == 0) break;
      ++idx;
    }
    if (markdown) return idx > body ? idx : 0;
    while (idx > body) {
      const char last = text_[idx - 1];
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
          last == '\'' || last == '*') {
        --idx;
        continue;
      }
      if (last == ')' || last == ']' || last == '}') {
        const char open = last == ')' ? '(' : last == ']' ? '[' : '{';
        const std::string_view url = text_.substr(pos, idx - pos);
        if (std::count(url.begin(), url.end(), open) < std::count(url.begin(), url.end(), last)) {
          --idx;
          continue;
        }
      }
      break;
    }
    return idx > body ? idx : 0;
  }

  // local@domain.tld with ASCII characters.
  size_t email_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = pos;
    while (idx < size && (is_ascii_alnum(text_[idx]) || text_[idx] == '.' || text_[idx] == '_' ||
                          text_[idx] == '%' || text_[idx] == '+' || text_[idx] == '-'))
      ++idx;
    if (idx == pos || idx >= size || text_[idx] != '@') return 0;
    size_t end = 0;
    int labels = 0;
    size_t label_begin = idx + 1;
    while (true) {
      size_t label_end = label_begin;
      while (label_end < size && (is_ascii_alnum(text_[label_end]) || text_[label_end] == '-'))
        ++label_end;
      if (label_end == label_begin) break;
      ++labels;
      end = label_end;
      if (label_end + 1 < size && text_[label_end] == '.' && is_ascii_alnum(text_[label_end + 1])) {
        label_begin = label_end + 1;
        continue;
      }
      break;
    }
    // "name@domain.org"; inside a company network also "name@ENRON".
    if (labels == 1 && (end - idx < 4 || word_at(end) || (end < size && text_[end] == '@'))) return 0;
    return labels >= 1 ? end : 0;
  }

  // "'s", "'re", "'ve", "'ll", "'d", "'m" right after a word.
  size_t clitic_end(size_t pos) const {
    size_t end = pos + 1;
    while (end < text_.size() && is_ascii_alpha(text_[end])) ++end;
    if (end == pos + 1 || word_at(end)) return 0;
    return contains(kClitics, lower_ascii(pos + 1, end)) ? end : 0;
  }

  std::string lower_ascii(size_t begin, size_t end) const {
    std::string out(text_.substr(begin, end - begin));
    for (char& ch : out) ch = ascii_lower(ch);
    return out;
  }

  std::string_view text_;
};

// The cuts of a contraction written without an apostrophe ("cannot" → 3: "can" + "not"), or
// nullptr. Only all-letter words that are entirely lower case, capitalised or upper case.
const Contraction* find_contraction(std::string_view word) {
  if (word.size() < 2 || word.size() > 8) return nullptr;
  // This runs for every word: first a table of (first letter, length) pairs that start a
  // contraction, so that most words are refused by one lookup.
  static const std::array<uint16_t, 26> kLengthsByLetter = [] {
    std::array<uint16_t, 26> table{};
    for (const Contraction& contraction : kContractions) {
      table[contraction.word[0] - 'a'] |= static_cast<uint16_t>(1u << contraction.word.size());
    }
    return table;
  }();
  const char first = ascii_lower(word[0]);
  if (first < 'a' || first > 'z' || (kLengthsByLetter[first - 'a'] & (1u << word.size())) == 0) return nullptr;
  char buffer[8];
  bool upper_seen_late = false, lower_seen = false;
  for (size_t idx = 0; idx < word.size(); ++idx) {
    const char ch = word[idx];
    if (!is_ascii_alpha(ch)) return nullptr;
    if (is_ascii_lower(ch)) lower_seen = true;
    else if (idx > 0) upper_seen_late = true;
    buffer[idx] = ascii_lower(ch);
  }
  if (upper_seen_late && lower_seen) return nullptr;  // "DoNt", "iM": not a contraction
  const std::string_view lower(buffer, word.size());
  for (const Contraction& contraction : kContractions) {
    if (contraction.word == lower) return &contraction;
  }
  return nullptr;
}

// A token in normalised offsets, with the layout facts the sentence splitter needs.
struct RawToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t previous_line_length = 0;  // when newlines_before > 0: bytes on the line that ended
  uint32_t newlines_before = 0;       // line breaks in the white space before the token
  bool space_before = false;
  bool joined = false;                 // one surface token with the previous word ("do|n't")
  bool line_marker = false;            // first on its line and a bullet, heading or list number
  bool numbered = false;               // ... a list number ("1. ", "2) ")
  bool indented = false;               // first on its line after white space
  bool previous_line_heading = false;  // the line that ended before this token was a heading
                                       // ("# ...") or a rule ("---")
};

// "---", "***", "___", "===": a Markdown rule or front-matter fence, a line of its own.
bool is_rule(std::string_view norm) {
  return norm.size() >= 3 && (norm[0] == '-' || norm[0] == '*' || norm[0] == '_' || norm[0] == '=') &&
         norm.find_first_not_of(norm[0]) == std::string_view::npos;
}

bool is_bullet(std::string_view norm) {
  return norm == "*" || norm == "-" || norm == "+" || norm == "•" || norm == "–" ||
         norm == "—" || norm == ">" || norm[0] == '#';
}

std::string to_lower(std::string_view norm) {
  std::string out;
  out.reserve(norm.size());
  for (size_t pos = 0; pos < norm.size();) {
    const detail::CharAt ch = detail::char_at(norm, pos);
    if (ch.cp < 0x80) out.push_back(ascii_lower(static_cast<char>(ch.cp)));
    else detail::append_utf8(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(ch.cp))));
    pos += ch.length;
  }
  return out;
}

// Can a sentence start with this character? Capitals, digits, opening quotes and brackets, and
// Markdown markup.
bool can_start_sentence(std::string_view norm) {
  const detail::CharAt first = detail::char_at(norm, 0);
  if (first.cls == CharClass::kUpper || first.cls == CharClass::kDigit) return true;
  switch (first.cp) {
    case '"': case '\'': case '(': case '[': case '*': case '#': case '-': case 0x2022:
    case 0xBF: case 0xA1:
      return true;
    default:
      return false;
  }
}

// ".", "!", "?", "...", "?!", "!!!".
bool is_sentence_final(std::string_view norm) {
  return !norm.empty() && norm.find_first_not_of(".!?") == std::string_view::npos;
}

// "Gen.", "Mr.": the token with its period.
bool is_title_abbreviation(std::string_view norm) {
  return norm.size() > 1 && norm.back() == '.' &&
         contains(kTitleAbbreviations, norm.substr(0, norm.size() - 1));
}

// A word that keeps its period ("etc.", "U.S.", "J."), not a run of punctuation.
bool is_abbreviation(std::string_view norm) {
  return norm.size() > 1 && norm.back() == '.' && !is_sentence_final(norm);
}

// An abbreviation made of letters and periods ("etc.", "U.S.", "J."), not a URL or a number.
bool is_word_abbreviation(std::string_view norm) {
  if (!is_abbreviation(norm)) return false;
  bool letter = false;
  for (char ch : norm) {
    if (is_ascii_alpha(ch)) letter = true;
    else if (ch != '.') return false;
  }
  return letter;
}

// ":)", ":-(", ";)", "=)", ":D", "^_^" (as Scanner::emoticon_end makes them).
bool is_emoticon(std::string_view norm) {
  if (norm.size() < 2 || (norm[0] != ':' && norm[0] != ';' && norm[0] != '=' && norm[0] != '^')) return false;
  return norm == "^_^" || std::string_view(")(DPp/|][-'").find(norm[1]) != std::string_view::npos;
}

bool is_closing(std::string_view norm) {
  return norm == "\"" || norm == "'" || norm == ")" || norm == "]" || norm == "}" || norm == "''";
}

// Pass 1: the words of the normalised text with their layout.
struct Scan {
  std::vector<RawToken> tokens;
  size_t wrap_width = 0;  // a long line: the 80th percentile of the lines that end in one line break
  bool hard_wrapped = false;
};

Scan scan(std::string_view text) {
  const size_t size = text.size();
  const Scanner scanner(text);
  Scan result;
  std::vector<RawToken>& raw = result.tokens;
  raw.reserve(size / 5 + 16);
  size_t pos = 0;
  size_t line_start = 0;
  size_t line_breaks = 0;          // single line breaks between two tokens
  size_t lowercase_continued = 0;  // ... of which the next line starts in lower case
  bool line_heading = false;
  while (true) {
    RawToken token;
    while (pos < size) {
      const detail::CharAt ch = detail::char_at(text, pos);
      if (!detail::is_space_class(ch.cls)) break;
      token.space_before = true;
      token.indented = ch.cls != CharClass::kNewline && token.newlines_before > 0;
      if (ch.cls == CharClass::kNewline) {
        if (token.newlines_before == 0) token.previous_line_length = static_cast<uint32_t>(pos - line_start);
        ++token.newlines_before;
        line_start = pos + ch.length;
      }
      pos += ch.length;
    }
    if (pos >= size) break;
    // The clitics "'s"/"n't" need to know that a word character ends right before them.
    bool after_word = false;
    size_t previous_char = pos;
    if (!token.space_before && !raw.empty() && raw.back().end == pos) {
      previous_char = pos - 1;
      while (previous_char > 0 && (static_cast<unsigned char>(text[previous_char]) & 0xC0) == 0x80) --previous_char;
      // "U.S.'s": an abbreviation's period counts as the end of a word.
      after_word = detail::is_word_class(detail::char_at(text, previous_char).cls) ||
                   (text[previous_char] == '.' && raw.back().end - raw.back().begin > 1);
    }
    const size_t end = scanner.token_end(pos, after_word);
    token.begin = static_cast<uint32_t>(pos);
    token.end = static_cast<uint32_t>(end);
    if (after_word) {
      // Clitics are words of the surface token they are attached to: "do|n't", "Bush|'s", and
      // the possessive apostrophe after a plural ("troops|'").
      const std::string_view norm = text.substr(pos, end - pos);
      token.joined = norm[0] == '\'' ? norm.size() > 1 || text[previous_char] == 's' || text[previous_char] == 'S'
                                     : iequals_prefix(norm, 0, "n't");
    }
    const bool line_first = raw.empty() || token.newlines_before > 0;
    if (line_first) {
      const std::string_view norm = text.substr(pos, end - pos);
      token.previous_line_heading = line_heading;
      const bool numbered = is_ascii_digit(norm[0]) && end + 1 < size &&
                            (text[end] == '.' || text[end] == ')') && text[end + 1] == ' ' &&
                            norm.find_first_not_of("0123456789") == std::string_view::npos;
      // A bullet is followed by a space ("* item", "- item"; "-Just" is a wrapped dash).
      const bool bullet = is_bullet(norm) && (norm[0] == '#' || (end < size && text[end] == ' '));
      token.line_marker = bullet || numbered || is_rule(norm);
      token.numbered = numbered;
      line_heading = norm[0] == '#' || is_rule(norm);
      if (token.newlines_before == 1) {
        ++line_breaks;
        if (detail::char_at(text, pos).cls == CharClass::kLetter) ++lowercase_continued;
      }
    }
    // Contractions without an apostrophe are cut into the words UD gives them: "cannot" →
    // "can" + "not", "gonna" → "gon" + "na".
    if (const Contraction* contraction = find_contraction(text.substr(pos, end - pos))) {
      uint32_t piece_begin = token.begin;
      for (uint8_t cut : contraction->cuts) {
        if (cut == 0) break;
        RawToken piece = token;
        piece.begin = piece_begin;
        piece.end = piece_begin + cut;
        raw.push_back(piece);
        token = RawToken{};
        token.joined = !contraction->separate_tokens;
        piece_begin += cut;
      }
      token.begin = piece_begin;
      token.end = static_cast<uint32_t>(end);
    }
    raw.push_back(token);
    pos = end;
  }
  std::vector<uint32_t> wrapped_lines;
  for (const RawToken& token : raw) {
    if (token.newlines_before == 1) wrapped_lines.push_back(token.previous_line_length);
  }
  if (!wrapped_lines.empty()) {
    const size_t rank = wrapped_lines.size() * 4 / 5;
    std::nth_element(wrapped_lines.begin(), wrapped_lines.begin() + rank, wrapped_lines.end());
    result.wrap_width = wrapped_lines[rank];
  }
  // Hard-wrapped text (lines cut at a fixed width, so that many lines continue in lower case)
  // must not be split at every line starting with a capital: there only short lines are headlines.
  result.hard_wrapped = lowercase_continued >= 2 && lowercase_continued * 5 >= line_breaks;
  return result;
}

// The shape classes of word_shape: runs of one class written once.
char shape_class(char32_t cp, CharClass cls) {
  switch (cls) {
    case CharClass::kUpper: return 'X';
    case CharClass::kLetter: return 'x';
    case CharClass::kDigit: return 'd';
    case CharClass::kMark: return 0;
    default: return cp < 0x80 ? static_cast<char>(cp) : '*';
  }
}

// The tokens of one document through both passes.
class DocumentSplitter {
 public:
  // `model` null: rule-based sentences. `candidates` (may be null) receives every candidate
  // boundary the classifier would decide (where the rules do not), with its features, whether
  // or not a model is used (for training).
  DocumentSplitter(const Document& document, const SentenceModel* model,
                   std::vector<detail::BoundaryCandidate>* candidates)
      : original_(document.text),
        normalized_(normalize(document.text)),
        text_(normalized_.text),
        model_(model),
        candidates_(candidates) {}

  void run(Analysis& analysis) {
    Scan scanned = scan(text_);
    hard_wrapped_ = scanned.hard_wrapped;
    wrap_width_ = scanned.wrap_width;
    merge_segments(scanned.tokens);
    place_sentences(analysis);
  }

 private:
  std::string_view norm(const RawToken& token) const {
    return text_.substr(token.begin, token.end - token.begin);
  }

  // Original offset where normalised text [.., end) ends. Inside a segment (NFKC output such as
  // "½" → "1⁄2") every byte maps to the segment start, so the end is the next segment's start.
  uint32_t original_end(size_t end) const {
    const std::vector<uint32_t>& to_original = normalized_.to_original;
    if (end == 0) return to_original[0];
    size_t idx = end;
    while (idx < text_.size() && to_original[idx] == to_original[end - 1]) ++idx;
    return to_original[idx];
  }

  // Tokens that fall inside one segment would share original bytes: merge them so spans never
  // overlap (only happens for compatibility characters that NFKC expands into several tokens).
  void merge_segments(const std::vector<RawToken>& tokens) {
    raw_.reserve(tokens.size());
    for (const RawToken& token : tokens) {
      if (!raw_.empty() && normalized_.to_original[token.begin] < original_end(raw_.back().end)) {
        raw_.back().end = token.end;
        continue;
      }
      raw_.push_back(token);
    }
  }

  // Is there a candidate boundary after token `last` (before `last + 1`)? After final
  // punctuation ("." "!?" "..."), "etc." and the like, an emoticon, or a closing quote or bracket
  // right after one of these; always with white space after it (sentences are separated by
  // white space; "v.](" or "3.5" are not boundaries). Other abbreviations ("U.S. Army",
  // "J. R. R. Tolkien", "Apple Inc. Chief") end a sentence only at a line break (layout rules).
  bool is_candidate(size_t last) const {
    const size_t next = last + 1;
    if (raw_[next].joined || !raw_[next].space_before) return false;
    const auto ends_sentence = [](std::string_view norm) {
      return is_sentence_final(norm) || contains(kSentenceEndingAbbreviations, norm);
    };
    const std::string_view last_norm = norm(raw_[last]);
    if (ends_list_number(last)) return false;
    if (ends_sentence(last_norm) || is_emoticon(last_norm)) return true;
    return is_closing(last_norm) && !raw_[last].space_before && last > 0 &&
           ends_sentence(norm(raw_[last - 1]));
  }

  // The period of a list number that starts a line ("1. talks begin") ends no sentence.
  bool ends_list_number(size_t idx) const {
    return idx > 0 && idx - 1 == list_number_ && !raw_[idx].space_before && norm(raw_[idx]) == ".";
  }

  // Features of the candidate after token `last`, within tokens [paragraph_begin, paragraph_end).
  void candidate_features(size_t last, size_t paragraph_begin, size_t paragraph_end,
                          std::vector<uint64_t>* features) const {
    // Candidates are rare (final punctuation not followed by a capital): their words are
    // lower-cased and shaped here rather than for every token.
    std::array<std::string, 4> words, shapes;
    for (size_t offset = 0; offset < 4; ++offset) {
      const size_t idx = last + offset - 1;
      if (last + offset == 0 || idx < paragraph_begin || idx >= paragraph_end) continue;  // no word
      words[offset] = to_lower(norm(raw_[idx]));
      shapes[offset] = detail::word_shape(norm(raw_[idx]));
    }
    detail::CandidateContext context;
    context.before = words[0], context.token = words[1], context.next = words[2], context.after = words[3];
    context.before_shape = shapes[0], context.token_shape = shapes[1];
    context.next_shape = shapes[2], context.after_shape = shapes[3];
    features->clear();
    detail::boundary_features(context, features);
  }

  void place_sentences(Analysis& analysis) {
    analysis.tokens.clear();
    analysis.sentences.clear();
    analysis.tokens.reserve(raw_.size() + 8);
    const bool learned = model_ != nullptr && model_->usable();
    std::vector<uint64_t> features;
    bool strong_end = false;  // after . ! ? ... (and closing quotes/brackets after them)
    bool weak_end = false;    // after an abbreviation with its period ("U.S."): ends only at a newline
    size_t paragraph_begin = 0;
    size_t paragraph_end = 0;  // first token after the paragraph that starts at paragraph_begin
    for (size_t token_idx = 0; token_idx < raw_.size(); ++token_idx) {
      const RawToken& raw_token = raw_[token_idx];
      const std::string_view norm = this->norm(raw_token);
      if (token_idx >= paragraph_end) {
        paragraph_begin = token_idx;
        paragraph_end = token_idx + 1;
        while (paragraph_end < raw_.size() && raw_[paragraph_end].newlines_before < 2) ++paragraph_end;
      }
      bool boundary = token_idx == 0;
      bool decided = token_idx == 0;
      if (token_idx == 0 && raw_token.numbered) list_number_ = 0;
      if (token_idx > 0) {
        const RawToken& prev = raw_[token_idx - 1];
        if (raw_token.newlines_before >= 2) {
          boundary = decided = true;  // a blank line always ends a paragraph
        } else if (raw_token.newlines_before == 1 && !raw_token.joined) {
          const std::string_view prev_norm = this->norm(prev);
          const bool short_line = raw_token.previous_line_length * 10 < wrap_width_ * 6;
          if (raw_token.previous_line_heading || (raw_token.indented && hard_wrapped_) ||
              (raw_token.line_marker && (!raw_token.numbered || !hard_wrapped_ || short_line ||
                                         strong_end || prev_norm == ":"))) {
            // A bullet, list number or rule starts a line of its own; in hard-wrapped text a
            // number only after a short line or a finished one ("killing\n4. It seems"), and an
            // indented line starts a paragraph (newswire layout).
            boundary = decided = true;
            if (raw_token.numbered) list_number_ = token_idx;
          } else if (!hard_wrapped_ && (strong_end || weak_end)) {
            boundary = decided = true;  // one paragraph per line: a line ending a sentence
          } else if (can_start_sentence(norm) && !contains(kLineJoiners, analysis.tokens.back().lower) &&
                     !is_title_abbreviation(prev_norm) &&
                     (!hard_wrapped_ || short_line)) {
            // A line without final punctuation followed by a capitalised line: a headline/title.
            // Hard-wrapped text gets this only for short lines.
            boundary = decided = true;
          } else if (!hard_wrapped_) {
            decided = true;  // a line continuing the sentence of the line before
          }
        }
        if (!decided) {
          // Inside a paragraph (or at a line break of hard-wrapped text): final punctuation, white
          // space and a capital, digit, quote or bracket end a sentence; elsewhere after final
          // punctuation the classifier decides (". then", "!!! i", ":) We").
          boundary = strong_end && raw_token.space_before && can_start_sentence(norm);
          // (Only after final punctuation, an abbreviation's period or an emoticon: a cheap test
          // first, since this runs for every token.)
          const bool candidate = !boundary && (learned || candidates_ != nullptr) &&
                                 (strong_end || weak_end || is_emoticon(this->norm(prev))) &&
                                 is_candidate(token_idx - 1);
          if (candidate) {
            candidate_features(token_idx - 1, paragraph_begin, paragraph_end, &features);
            if (candidates_ != nullptr) candidates_->push_back({original_end(prev.end), features});
          }
          if (learned) {
            boundary = boundary || (candidate && model_->ends_sentence(features));
          } else if (raw_token.newlines_before == 1) {
            boundary = strong_end || weak_end;  // rules only: a wrapped line ending a sentence
          }
        }
      }
      if (boundary) {
        if (!analysis.sentences.empty()) close_sentence(analysis, token_idx - 1);
        Sentence sentence;
        sentence.first_token = static_cast<uint32_t>(analysis.tokens.size());
        sentence.span.begin = normalized_.to_original[raw_token.begin];
        analysis.sentences.push_back(sentence);
      }

      if (is_sentence_final(norm) && !ends_list_number(token_idx)) {
        strong_end = true;
        weak_end = false;
      } else if ((strong_end || weak_end) && !raw_token.space_before && is_closing(norm)) {
        // a closing quote or bracket after the final punctuation keeps the sentence ending open
      } else {
        strong_end = false;
        weak_end = is_abbreviation(norm) && !is_title_abbreviation(norm);
      }

      Token token;
      token.span.begin = normalized_.to_original[raw_token.begin];
      token.span.end = original_end(raw_token.end);
      token.norm = std::string(norm);
      token.lower = to_lower(norm);
      token.capitalized = detail::char_at(norm, 0).cls == CharClass::kUpper;
      token.space_before = raw_token.space_before;
      token.joined_to_previous = raw_token.joined && !boundary;
      token.sentence = static_cast<uint32_t>(analysis.sentences.size() - 1);
      analysis.tokens.push_back(std::move(token));
    }
    if (!analysis.sentences.empty()) close_sentence(analysis, raw_.size() - 1);
  }

  // Ends the last sentence after the last token, which came from raw_[last_raw]. A sentence
  // that ends with an abbreviation ("etc.", "U.S.") gets its period as a word of its own, as in
  // UD: "etc" + ".".
  void close_sentence(Analysis& analysis, size_t last_raw) {
    Token& last = analysis.tokens.back();
    if (is_word_abbreviation(last.norm) && !is_title_abbreviation(last.norm)) {
      const size_t period = raw_[last_raw].end - 1;  // the period in the normalised text
      const uint32_t period_begin = normalized_.to_original[period];
      if (period_begin > last.span.begin) {
        Token token;
        token.span = {period_begin, original_end(period + 1)};
        token.norm.push_back('.');  // (not `= "."`: GCC 12 warns wrongly about that)
        token.lower.push_back('.');
        token.sentence = last.sentence;
        last.span.end = period_begin;
        last.norm.pop_back();
        last.lower.pop_back();
        analysis.tokens.push_back(std::move(token));
      }
    }
    Sentence& sentence = analysis.sentences.back();
    sentence.end_token = static_cast<uint32_t>(analysis.tokens.size());
    sentence.span.end = analysis.tokens.back().span.end;
  }

  std::string_view original_;
  NormalizedText normalized_;
  std::string_view text_;
  const SentenceModel* model_;
  std::vector<detail::BoundaryCandidate>* candidates_;
  std::vector<RawToken> raw_;
  bool hard_wrapped_ = false;
  size_t wrap_width_ = 0;
  size_t list_number_ = SIZE_MAX;  // the list number that starts the current line, if any
};

}  // namespace

namespace detail {

std::string word_shape(std::string_view form) {
  std::string shape;
  char last = 0;
  int runs = 0;
  for (size_t pos = 0; pos < form.size() && runs < 4;) {
    const CharAt ch = char_at(form, pos);
    pos += ch.length;
    const char cls = shape_class(ch.cp, ch.cls);
    if (cls == 0 || cls == last) continue;
    shape.push_back(cls);
    last = cls;
    ++runs;
  }
  return shape;
}

std::vector<BoundaryCandidate> boundary_candidates(std::string_view text) {
  Document document;
  document.text = std::string(text);
  Analysis analysis;
  std::vector<BoundaryCandidate> candidates;
  DocumentSplitter splitter(document, &SentenceModel::get(), &candidates);
  splitter.run(analysis);
  return candidates;
}

void tokenize_with_model(const Document& document, const SentenceModel& model, Analysis& analysis) {
  DocumentSplitter(document, &model, nullptr).run(analysis);
}

}  // namespace detail

Tokenizer::Tokenizer(SentenceSplitting splitting) : splitting_(splitting) {}

void Tokenizer::process(const Document& document, Analysis& analysis) const {
  const SentenceModel* model =
      splitting_ == SentenceSplitting::kLearned ? &SentenceModel::get() : nullptr;
  DocumentSplitter(document, model, nullptr).run(analysis);
}

}  // namespace chronicle::text
