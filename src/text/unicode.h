// Private helpers of the text stage: UTF-8 decoding/encoding and a coarse character class.
//
// Kept header-inline because the tokenizer calls them once per character: the ASCII paths must
// not pay for a function call into utf8proc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chronicle::text::detail {

// Decodes the UTF-8 sequence at `pos`. Returns its length (1-4) and sets `*cp`, or returns 0 when
// the bytes there are not a valid, shortest-form sequence of a scalar value (overlong forms,
// surrogates, values above U+10FFFF and truncated sequences are all invalid).
inline size_t decode_utf8(std::string_view bytes, size_t pos, char32_t* cp) {
  const size_t size = bytes.size();
  const auto at = [&](size_t idx) { return static_cast<unsigned char>(bytes[idx]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  size_t length = 0;
  char32_t value = 0;
  // The second byte's allowed range depends on the lead byte: that is what excludes overlong
  // forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and values past U+10FFFF (F4 90..).
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;  // continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (pos + length > size) return 0;
  for (size_t idx = 1; idx < length; ++idx) {
    const unsigned char byte = at(pos + idx);
    const unsigned char lo = idx == 1 ? second_min : 0x80;
    const unsigned char hi = idx == 1 ? second_max : 0xBF;
    if (byte < lo || byte > hi) return 0;
    value = (value << 6) | (byte & 0x3F);
  }
  *cp = value;
  return length;
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// What the tokenizer needs to know about a character.
enum class CharClass : uint8_t {
  kSpace,    // horizontal white space and control characters
  kNewline,  // '\n' (the normaliser turns U+2028/U+2029/U+0085 into it)
  kUpper,    // upper- or title-case letter
  kLetter,   // any other letter
  kMark,     // combining mark: stays with the character before it
  kDigit,    // any number character
  kOther,    // punctuation and symbols
};

// Class of a non-ASCII code point (utf8proc general category).
CharClass classify_non_ascii(char32_t cp);

inline constexpr std::array<CharClass, 128> kAsciiClass = [] {
  std::array<CharClass, 128> table{};
  for (int ch = 0; ch < 128; ++ch) {
    CharClass cls = CharClass::kOther;
    if (ch == '\n') cls = CharClass::kNewline;
    else if (ch < 0x20 || ch == ' ' || ch == 0x7F) cls = CharClass::kSpace;
    else if (ch >= 'A' && ch <= 'Z') cls = CharClass::kUpper;
    else if (ch >= 'a' && ch <= 'z') cls = CharClass::kLetter;
    else if (ch >= '0' && ch <= '9') cls = CharClass::kDigit;
    table[ch] = cls;
  }
  return table;
}();

// Decodes the character at `pos` of (valid or not) UTF-8 text; an invalid byte counts as one
// kOther character so callers always advance.
struct CharAt {
  char32_t cp = 0;
  uint8_t length = 1;
  CharClass cls = CharClass::kOther;
};
inline CharAt char_at(std::string_view text, size_t pos) {
  const unsigned char byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) return {byte, 1, kAsciiClass[byte]};
  CharAt result;
  const size_t length = decode_utf8(text, pos, &result.cp);
  if (length == 0) return {0xFFFD, 1, CharClass::kOther};
  result.length = static_cast<uint8_t>(length);
  result.cls = classify_non_ascii(result.cp);
  return result;
}

inline bool is_word_class(CharClass cls) {
  return cls == CharClass::kUpper || cls == CharClass::kLetter || cls == CharClass::kMark ||
         cls == CharClass::kDigit;
}
inline bool is_space_class(CharClass cls) {
  return cls == CharClass::kSpace || cls == CharClass::kNewline;
}

}  // namespace chronicle::text::detail
