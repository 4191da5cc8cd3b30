// Small helpers over tokens and spans that the rule stages (actors, events) share.
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>

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

// The document's text under a span.
inline std::string_view cut(const Document& document, Span span) {
  return std::string_view(document.text).substr(span.begin, span.end - span.begin);
}

}  // namespace chronicle::text
