// Tokenizer and sentence splitter for English news text.
//
// One pass over the normalised text finds token boundaries (`Scanner::token_end` decides where a
// token that starts at a given byte ends, by looking ahead only a few characters); a second pass
// over the tokens places sentence boundaries from the punctuation and the line layout recorded in
// the first pass. No regular expressions: a hand-written scanner is an order of magnitude faster
// and its rules read as a list (see docs/text.md).
#include <utf8proc.h>

#include <algorithm>
#include <array>

#include "text/text.h"
#include "text/unicode.h"

namespace chronicle::text {
namespace {

using detail::CharClass;

// Abbreviations that come before a name or a number ("Gen. Smith", "No. 5"): a period after them
// never ends a sentence, even at the end of a line.
constexpr auto kTitleAbbreviations = std::to_array<std::string_view>({
    "Mr",   "Mrs",  "Ms",  "Dr",   "Prof", "Gen",  "Lt",  "Col",  "Sgt",  "Cpl",  "Pvt", "Capt",
    "Maj",  "Adm",  "Brig", "Cmdr", "Cdr", "Gov",  "Sen", "Rep",  "Rev",  "Hon",  "Pres", "Amb",
    "Atty", "Supt", "Insp", "Fr",   "St",  "Mt",   "Ft",  "Messrs", "Gens", "Sens", "Reps", "Lt-Gen"});
// Other abbreviations: the period belongs to the word; it ends a sentence only before a newline.
constexpr auto kOtherAbbreviations = std::to_array<std::string_view>({
    "Jr",  "Sr",   "Inc", "Corp", "Co",   "Ltd",  "Bros", "vs",  "Vs",  "etc", "Jan", "Feb",
    "Mar", "Apr",  "Jun", "Jul",  "Aug",  "Sep",  "Sept", "Oct", "Nov", "Dec", "Dept", "Univ",
    "Assn", "approx", "Vol", "Fig", "Ave", "Blvd"});
// Contracted clitics split off after an apostrophe (Penn Treebank): "he's", "they're", "I'd".
constexpr auto kClitics = std::to_array<std::string_view>({"s", "re", "ve", "ll", "d", "m"});
// Words that leave a line unfinished: a capitalised word on the next line continues the sentence.
constexpr auto kLineJoiners = std::to_array<std::string_view>({
    ",", ";", "(", "-", "–", "—", "&", "the", "a", "an", "of", "to", "in", "and", "or", "for",
    "on", "at", "by", "with", "from", "that"});

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_ascii_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
bool is_ascii_upper(char ch) { return ch >= 'A' && ch <= 'Z'; }
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
      if (const size_t end = email_end(pos)) return end;
      if (const size_t end = acronym_end(pos)) return end;
      return abbreviation_end(pos, word_end(pos));
    }
    const char byte = text_[pos];
    if (byte == '\'') {
      if (after_word) {
        if (const size_t end = clitic_end(pos)) return end;
      }
      return pos + 1;
    }
    // Runs of one character that form one symbol: "..." (ellipsis, also from NFKC of "…"),
    // "--" (a typed dash), "###"/"**" (Markdown markup), "==" and the like.
    if (byte == '.' || byte == '-' || byte == '#' || byte == '*' || byte == '=' || byte == '_' ||
        byte == '~' || byte == '`') {
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

  // A word: letters, marks and digits, joined by a hyphen between word characters ("al-Assad",
  // "2025-11-16", "high-level"), by '.', ',', ':' or '/' between digits ("1,068", "3.5",
  // "10:30"), by '&' between capitals ("AT&T") and by an apostrophe inside a name ("O'Brien").
  // Stops before a clitic apostrophe ("Moscow|'s") and before the "n" of "n't" ("did|n't").
  size_t word_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = pos;
    size_t last_begin = pos;
    CharClass last_cls = CharClass::kLetter;
    char32_t last_cp = 0;
    while (true) {
      while (idx < size) {
        const detail::CharAt ch = at(idx);
        if (!detail::is_word_class(ch.cls)) break;
        if (ch.cls != CharClass::kMark) {
          last_cls = ch.cls;
          last_cp = ch.cp;
          last_begin = idx;
        }
        idx += ch.length;
      }
      if (idx >= size) break;
      const char byte = text_[idx];
      const bool next_digit = idx + 1 < size && is_ascii_digit(text_[idx + 1]);
      if (byte == '-' && word_at(idx + 1)) {
        ++idx;
        continue;
      }
      if ((byte == '.' || byte == ',' || byte == ':' || byte == '/') &&
          last_cls == CharClass::kDigit && next_digit) {
        ++idx;
        continue;
      }
      if (byte == '&' && last_cp < 0x80 && is_ascii_upper(static_cast<char>(last_cp)) &&
          idx + 1 < size && is_ascii_upper(text_[idx + 1])) {
        ++idx;
        continue;
      }
      if (byte == '\'' && word_at(idx + 1)) {
        size_t suffix_end = idx + 1;
        while (suffix_end < size && is_ascii_alpha(text_[suffix_end])) ++suffix_end;
        const bool suffix_alone = !word_at(suffix_end);
        const std::string suffix = lower_ascii(idx + 1, suffix_end);
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

  // A word followed by '.' keeps the period when it is an initial ("J."), a known abbreviation
  // ("Gen.", "Nov.") or "No." before a number.
  size_t abbreviation_end(size_t pos, size_t end) const {
    if (end >= text_.size() || text_[end] != '.') return end;
    const std::string_view word = text_.substr(pos, end - pos);
    if (word.size() == 1 && is_ascii_upper(word[0])) return end + 1;
    if (contains(kTitleAbbreviations, word) || contains(kOtherAbbreviations, word)) return end + 1;
    if (word == "No" || word == "Nos" || word == "no") {
      size_t next = end + 1;
      if (next < text_.size() && text_[next] == ' ') ++next;
      if (next < text_.size() && is_ascii_digit(text_[next])) return end + 1;
    }
    return end;
  }

  // Letter-period sequences with at least two letters: "U.S.", "U.N.", "e.g.", "a.m.".
  size_t acronym_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = pos;
    int letters = 0;
    while (idx + 1 < size && is_ascii_alpha(text_[idx]) && text_[idx + 1] == '.') {
      idx += 2;
      ++letters;
    }
    if (letters < 2) return 0;
    return idx;
  }

  // http(s)://, ftp:// and www. addresses run to the next space; trailing sentence punctuation and
  // unbalanced closing brackets (Markdown "[x](https://...)") are given back.
  size_t url_end(size_t pos) const {
    const size_t size = text_.size();
    size_t idx = 0;
    if (iequals_prefix(text_, pos, "https://")) idx = pos + 8;
    else if (iequals_prefix(text_, pos, "http://")) idx = pos + 7;
    else if (iequals_prefix(text_, pos, "ftp://")) idx = pos + 6;
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
    return labels >= 2 ? end : 0;
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

// A token in normalised offsets, with the layout facts the sentence splitter needs.
struct RawToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t previous_line_length = 0;  // when newlines_before > 0: bytes on the line that ended
  uint32_t newlines_before = 0;       // line breaks in the white space before the token
  bool space_before = false;
  bool line_marker = false;            // first on its line and a bullet, heading or list number
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

bool is_sentence_final(std::string_view norm) {
  if (norm == "!" || norm == "?") return true;
  return !norm.empty() && norm.find_first_not_of('.') == std::string_view::npos;  // ".", "..."
}

// "Gen.", "Mr.": the token with its period.
bool is_title_abbreviation(std::string_view norm) {
  return norm.size() > 1 && norm.back() == '.' &&
         contains(kTitleAbbreviations, norm.substr(0, norm.size() - 1));
}

bool is_closing(std::string_view norm) {
  return norm == "\"" || norm == "'" || norm == ")" || norm == "]" || norm == "}";
}

}  // namespace

void Tokenizer::process(const Document& document, Analysis& analysis) const {
  const NormalizedText normalized = normalize(document.text);
  const std::string_view text = normalized.text;
  const std::vector<uint32_t>& to_original = normalized.to_original;
  const size_t size = text.size();
  const Scanner scanner(text);

  // ---- pass 1: token boundaries and line layout ----
  std::vector<RawToken> raw;
  raw.reserve(size / 5 + 16);
  size_t pos = 0;
  size_t line_start = 0;
  size_t longest_line = 0;
  size_t line_breaks = 0;          // single line breaks between two tokens
  size_t lowercase_continued = 0;  // ... of which the next line starts in lower case
  bool line_heading = false;
  while (true) {
    RawToken token;
    while (pos < size) {
      const detail::CharAt ch = detail::char_at(text, pos);
      if (!detail::is_space_class(ch.cls)) break;
      token.space_before = true;
      if (ch.cls == CharClass::kNewline) {
        if (token.newlines_before == 0) token.previous_line_length = static_cast<uint32_t>(pos - line_start);
        longest_line = std::max(longest_line, pos - line_start);
        ++token.newlines_before;
        line_start = pos + ch.length;
      }
      pos += ch.length;
    }
    if (pos >= size) break;
    // The clitics "'s"/"n't" need to know that a word character ends right before them.
    bool after_word = false;
    if (!token.space_before && !raw.empty() && raw.back().end == pos) {
      size_t prev = pos - 1;
      while (prev > 0 && (static_cast<unsigned char>(text[prev]) & 0xC0) == 0x80) --prev;
      // "U.S.'s": an abbreviation's period counts as the end of a word.
      after_word = detail::is_word_class(detail::char_at(text, prev).cls) ||
                   (text[prev] == '.' && raw.back().end - raw.back().begin > 1);
    }
    const size_t end = scanner.token_end(pos, after_word);
    token.begin = static_cast<uint32_t>(pos);
    token.end = static_cast<uint32_t>(end);
    const bool line_first = raw.empty() || token.newlines_before > 0;
    if (line_first) {
      const std::string_view norm = text.substr(pos, end - pos);
      token.previous_line_heading = line_heading;
      const bool numbered = is_ascii_digit(norm[0]) && end + 1 < size &&
                            (text[end] == '.' || text[end] == ')') && text[end + 1] == ' ' &&
                            norm.find_first_not_of("0123456789") == std::string_view::npos;
      token.line_marker = is_bullet(norm) || numbered || is_rule(norm);
      line_heading = norm[0] == '#' || is_rule(norm);
      if (token.newlines_before == 1) {
        ++line_breaks;
        if (detail::char_at(text, pos).cls == CharClass::kLetter) ++lowercase_continued;
      }
    }
    raw.push_back(token);
    pos = end;
  }
  longest_line = std::max(longest_line, size - line_start);
  // Hard-wrapped text (lines cut at a fixed width, so that many lines continue in lower case)
  // must not be split at every line starting with a capital: there only short lines are headlines.
  const bool hard_wrapped = lowercase_continued >= 2 && lowercase_continued * 5 >= line_breaks;

  // Original offset where normalised text [.., end) ends. Inside a segment (NFKC output such as
  // "½" → "1⁄2") every byte maps to the segment start, so the end is the next segment's start.
  const auto original_end = [&](size_t end) -> uint32_t {
    if (end == 0) return to_original[0];
    size_t idx = end;
    while (idx < size && to_original[idx] == to_original[end - 1]) ++idx;
    return to_original[idx];
  };

  // Tokens that fall inside one segment would share original bytes: merge them so spans never
  // overlap (only happens for compatibility characters that NFKC expands into several tokens).
  std::vector<RawToken> merged;
  merged.reserve(raw.size());
  for (const RawToken& token : raw) {
    if (!merged.empty() && to_original[token.begin] < original_end(merged.back().end)) {
      merged.back().end = token.end;
      continue;
    }
    merged.push_back(token);
  }

  // ---- pass 2: sentences ----
  analysis.tokens.clear();
  analysis.sentences.clear();
  analysis.tokens.reserve(merged.size());
  bool strong_end = false;  // after . ! ? ... (and closing quotes/brackets after them)
  bool weak_end = false;    // after an abbreviation with its period ("U.S."): ends only at a newline
  const auto close_sentence = [&](size_t end_token) {
    Sentence& sentence = analysis.sentences.back();
    sentence.end_token = static_cast<uint32_t>(end_token);
    sentence.span.end = analysis.tokens[end_token - 1].span.end;
  };
  for (size_t token_idx = 0; token_idx < merged.size(); ++token_idx) {
    const RawToken& raw_token = merged[token_idx];
    const std::string_view norm = text.substr(raw_token.begin, raw_token.end - raw_token.begin);
    bool boundary = token_idx == 0;
    if (token_idx > 0) {
      if (raw_token.newlines_before >= 2) {
        boundary = true;  // a blank line always ends a paragraph
      } else if (raw_token.newlines_before == 1) {
        const RawToken& prev = merged[token_idx - 1];
        const std::string prev_lower = to_lower(text.substr(prev.begin, prev.end - prev.begin));
        if (strong_end || weak_end || raw_token.line_marker || raw_token.previous_line_heading) {
          boundary = true;
        } else if (can_start_sentence(norm) && !contains(kLineJoiners, prev_lower) &&
                   !is_title_abbreviation(text.substr(prev.begin, prev.end - prev.begin))) {
          // A line without final punctuation followed by a capitalised line: a headline/title.
          boundary = !hard_wrapped || raw_token.previous_line_length * 10 < longest_line * 6;
        }
      } else if (strong_end && raw_token.space_before && can_start_sentence(norm)) {
        boundary = true;
      }
    }
    if (boundary) {
      if (!analysis.sentences.empty()) close_sentence(analysis.tokens.size());
      Sentence sentence;
      sentence.first_token = static_cast<uint32_t>(analysis.tokens.size());
      sentence.span.begin = to_original[raw_token.begin];
      analysis.sentences.push_back(sentence);
    }

    if (is_sentence_final(norm)) {
      strong_end = true;
      weak_end = false;
    } else if (is_closing(norm) && !raw_token.space_before && (strong_end || weak_end)) {
      // a closing quote or bracket after the final punctuation keeps the sentence ending open
    } else {
      strong_end = false;
      weak_end = norm.size() > 1 && norm.back() == '.' &&
                 !is_title_abbreviation(norm);
    }

    Token token;
    token.span.begin = to_original[raw_token.begin];
    token.span.end = original_end(raw_token.end);
    token.norm = std::string(norm);
    token.lower = to_lower(norm);
    token.capitalized = detail::char_at(norm, 0).cls == CharClass::kUpper;
    token.space_before = raw_token.space_before;
    token.sentence = static_cast<uint32_t>(analysis.sentences.size() - 1);
    analysis.tokens.push_back(std::move(token));
  }
  if (!analysis.sentences.empty()) close_sentence(analysis.tokens.size());
}

}  // namespace chronicle::text
