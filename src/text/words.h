// Small helpers over tokens and spans that the rule stages (actors, events) share.
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"

namespace chronicle::text {

// Is `word` one of `words`? For short closed word lists (prepositions, determiners).
inline bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// A token that starts with a letter or digit (or any non-ASCII character), not punctuation.
inline bool is_word(const Token& token) {
  unsigned char first = token.norm.empty() ? 0 : static_cast<unsigned char>(token.norm[0]);
  return first >= 0x80 || std::isalnum(first);
}

// UD makes a hyphen between two words a word of its own ("al-Assad" → "al" "-" "Assad",
// "Yunus-Bek" → "Yunus" "-" "Bek", "EU-facilitated" → "EU" "-" "facilitated"); the rule stages
// read such a hyphenated compound as one word. Is tokens[idx] such a hyphen: "-" with a word
// right before and right after it, no space on either side? (After an abbreviation's period,
// "U.S.-made", the hyphen only joins a modifier to a name, as it always did.)
inline bool is_joining_hyphen(const std::vector<Token>& tokens, size_t idx) {
  if (idx == 0 || idx + 1 >= tokens.size()) return false;
  const Token& token = tokens[idx];  // cheap tests first: the rule stages ask for every token
  if (token.norm.size() != 1 || token.norm[0] != '-' || token.space_before || tokens[idx + 1].space_before) {
    return false;
  }
  return is_word(tokens[idx - 1]) && is_word(tokens[idx + 1]) && tokens[idx - 1].norm.back() != '.';
}

// Does tokens[idx] continue a hyphenated compound (a joining hyphen, or the word after one)?
inline bool continues_compound(const std::vector<Token>& tokens, size_t idx) {
  return is_joining_hyphen(tokens, idx) || (idx > 0 && is_joining_hyphen(tokens, idx - 1));
}

// A dateline opening a report: "ADDIS ABABA, March 12 (Meridian) —", "HANOI, April 9 —",
// "BRUSSELS (Reuters) —". Its first words are in capitals (at least one with two letters or more,
// none with a lower-case letter), followed by a comma or an opening parenthesis, and a dash ends it
// within 16 tokens. Returns the first token after the dash, or `first` when tokens [first, end)
// do not open with a dateline.
inline size_t dateline_end(const std::vector<Token>& tokens, size_t first, size_t end) {
  size_t idx = first;
  bool long_word = false;
  for (; idx < end && idx < first + 5 && is_word(tokens[idx]); ++idx) {
    for (char c : tokens[idx].norm) {
      if (std::islower(static_cast<unsigned char>(c))) return first;
    }
    long_word = long_word || tokens[idx].norm.size() >= 2;
  }
  if (idx == first || !long_word || idx >= end || (tokens[idx].norm != "," && tokens[idx].norm != "(")) return first;
  for (size_t look = idx + 1; look < end && look < first + 16; ++look) {
    const std::string& norm = tokens[look].norm;
    if (norm == "—" || norm == "–" || norm == "--" || (norm == "-" && tokens[look].space_before)) return look + 1;
  }
  return first;
}

// One past the last token of the hyphenated compound that starts at tokens[idx] (idx + 1 for a
// word outside a compound), never past `limit`.
inline size_t compound_end(const std::vector<Token>& tokens, size_t idx, size_t limit) {
  size_t end = idx + 1;
  while (end + 1 < limit && is_joining_hyphen(tokens, end)) end += 2;
  return end;
}

// The lower-case forms of tokens [first, end) as the text writes them: a space only where the text
// has white space ("yunus-bek yevkurov", "high-level").
inline std::string lower_text(const std::vector<Token>& tokens, size_t first, size_t end) {
  std::string out;
  for (size_t idx = first; idx < end; ++idx) {
    if (idx > first && tokens[idx].space_before) out += ' ';
    out += tokens[idx].lower;
  }
  return out;
}

// The same with the normalised forms ("Yunus-Bek Yevkurov").
inline std::string norm_text(const std::vector<Token>& tokens, size_t first, size_t end) {
  std::string out;
  for (size_t idx = first; idx < end; ++idx) {
    if (idx > first && tokens[idx].space_before) out += ' ';
    out += tokens[idx].norm;
  }
  return out;
}

// The document's text under a span.
inline std::string_view cut(const Document& document, Span span) {
  return std::string_view(document.text).substr(span.begin, span.end - span.begin);
}

}  // namespace chronicle::text
