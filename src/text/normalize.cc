// UTF-8 validation and Unicode normalisation with a byte map back to the original text.
//
// The idea (after sentencepiece's normaliser): the text is cut into "segments", each a code point
// plus the combining marks that follow it. NFKC never reaches across a segment boundary in
// practice (composition only joins a starter with the non-starters after it, plus Hangul jamo),
// so each segment is normalised on its own and every byte it produces maps to the segment's first
// original byte. That keeps the map exact at segment boundaries, where tokens begin and end, and
// lets plain ASCII (most of the news text) be copied with no call into utf8proc at all.
#include <utf8proc.h>

#include <vector>

#include "text/text.h"
#include "text/unicode.h"

namespace chronicle::text {

bool is_valid_utf8(std::string_view bytes, size_t* error_offset) {
  size_t pos = 0;
  const size_t size = bytes.size();
  while (pos < size) {
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp = 0;
    const size_t length = detail::decode_utf8(bytes, pos, &cp);
    if (length == 0) {
      if (error_offset != nullptr) *error_offset = pos;
      return false;
    }
    pos += length;
  }
  return true;
}

namespace detail {

CharClass classify_non_ascii(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      return CharClass::kUpper;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharClass::kDigit;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
      return CharClass::kSpace;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return CharClass::kNewline;
    default:
      return CharClass::kOther;
  }
}

}  // namespace detail

namespace {

// Our replacements, applied before NFKC (NFKC alone would keep curly quotes and turn U+2033 into
// two primes). kRemove: the character disappears; otherwise the replacement text.
constexpr std::string_view kRemove = "\x01";
std::string_view replacement(char32_t cp) {
  switch (cp) {
    // Single quotes, apostrophes and primes: "Moscow’s" must match "Moscow's" in dictionaries.
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
    case 0x2039: case 0x203A: case 0x02BC: case 0x02BB: case 0xFF07:
    case 0x00B4:  // the acute accent typed as an apostrophe ("Cartel´s"); NFKC would give " ́"
      return "'";
    // Double quotes and guillemets.
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
    case 0x00AB: case 0x00BB: case 0x301D: case 0x301E: case 0x301F: case 0xFF02:
      return "\"";
    // Spaces that are not ASCII: no-break, en/em/thin/hair, narrow no-break, ideographic...
    case 0x00A0: case 0x1680: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004:
    case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F:
    case 0x205F: case 0x3000:
      return " ";
    // Line and paragraph separators keep their meaning for sentence splitting.
    case 0x0085: case 0x2028:
      return "\n";
    case 0x2029:
      return "\n\n";
    // Hyphen characters that are word-internal hyphens (dashes U+2012..2015 are kept).
    case 0x2010: case 0x2011:
      return "-";
    // Invisible characters: soft hyphen, zero-width space/joiners, direction marks, word joiner,
    // byte-order mark. They split words in the bytes while meaning nothing in the text.
    case 0x00AD: case 0x180E: case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:
    case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E: case 0x2060: case 0x2061:
    case 0x2062: case 0x2063: case 0x2064: case 0x2066: case 0x2067: case 0x2068: case 0x2069:
    case 0xFEFF:
      return kRemove;
    default:
      return {};
  }
}

// True when `cp` joins the segment before it: a combining mark or a Hangul medial/final jamo.
bool continues_segment(char32_t cp) {
  if (cp >= 0x1161 && cp <= 0x11C2) return true;
  if (!replacement(cp).empty()) return false;
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

constexpr utf8proc_option_t kNfkc =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);

class Normalizer {
 public:
  explicit Normalizer(std::string_view original) : original_(original) {
    out_.text.reserve(original.size() + original.size() / 8 + 8);
    out_.to_original.reserve(original.size() + original.size() / 8 + 9);
  }

  NormalizedText run() {
    size_t pos = 0;
    const size_t size = original_.size();
    while (pos < size) {
      const unsigned char byte = static_cast<unsigned char>(original_[pos]);
      const bool next_ascii = pos + 1 >= size || static_cast<unsigned char>(original_[pos + 1]) < 0x80;
      if (byte < 0x80 && next_ascii) {  // the fast path: ASCII not followed by a combining mark
        emit_byte(byte, pos);
        ++pos;
        continue;
      }
      char32_t cp = 0;
      const size_t length = detail::decode_utf8(original_, pos, &cp);
      if (length == 0) {  // documents are validated on input; stay total on bad bytes anyway
        emit(U'\uFFFD', pos);
        ++pos;
        continue;
      }
      size_t segment_end = pos + length;
      const std::string_view special = replacement(cp);
      // White space never composes with a following mark; keeping it out of the mark's segment
      // stops a stray combining accent after a space (seen in real text) from dragging the space
      // into the token's span.
      const bool space = cp < 0x80 && detail::is_space_class(detail::kAsciiClass[cp]);
      if (special.empty() && !space) {
        while (segment_end < size && static_cast<unsigned char>(original_[segment_end]) >= 0x80) {
          char32_t next = 0;
          const size_t next_length = detail::decode_utf8(original_, segment_end, &next);
          if (next_length == 0 || !continues_segment(next)) break;
          segment_end += next_length;
        }
      }
      if (!special.empty()) {
        if (special != kRemove) emit_text(special, pos);
      } else if (segment_end == pos + length && is_nfkc_stable(cp)) {
        emit_text(original_.substr(pos, length), pos);
      } else {
        normalize_segment(pos, segment_end);
      }
      pos = segment_end;
    }
    out_.to_original.push_back(static_cast<uint32_t>(size));
    return std::move(out_);
  }

 private:
  void emit_byte(unsigned char byte, size_t origin) {
    out_.text.push_back(static_cast<char>(byte));
    out_.to_original.push_back(static_cast<uint32_t>(origin));
  }
  void emit_text(std::string_view bytes, size_t origin) {
    out_.text.append(bytes);
    out_.to_original.insert(out_.to_original.end(), bytes.size(), static_cast<uint32_t>(origin));
  }
  void emit(char32_t cp, size_t origin) {
    const size_t before = out_.text.size();
    detail::append_utf8(out_.text, cp);
    out_.to_original.insert(out_.to_original.end(), out_.text.size() - before,
                            static_cast<uint32_t>(origin));
  }

  // A lone code point whose compatibility decomposition is itself is unchanged by NFKC.
  static bool is_nfkc_stable(char32_t cp) {
    utf8proc_int32_t decomposed[4];
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const utf8proc_ssize_t count = utf8proc_decompose_char(
        static_cast<utf8proc_int32_t>(cp), decomposed, 4, kNfkc, &boundclass);
    return count == 1 && decomposed[0] == static_cast<utf8proc_int32_t>(cp);
  }

  void normalize_segment(size_t begin, size_t end) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(original_.data() + begin);
    const auto length = static_cast<utf8proc_ssize_t>(end - begin);
    if (scratch_.size() < 32) scratch_.resize(32);
    utf8proc_ssize_t count = utf8proc_decompose(bytes, length, scratch_.data(),
                                                static_cast<utf8proc_ssize_t>(scratch_.size()), kNfkc);
    if (count > static_cast<utf8proc_ssize_t>(scratch_.size())) {
      scratch_.resize(static_cast<size_t>(count));
      count = utf8proc_decompose(bytes, length, scratch_.data(), count, kNfkc);
    }
    if (count < 0) {  // cannot happen for valid UTF-8; keep the bytes rather than lose text
      emit_text(original_.substr(begin, end - begin), begin);
      return;
    }
    count = utf8proc_normalize_utf32(scratch_.data(), count, kNfkc);
    // Spacing diacritics (U+00A8 "¨", U+02DD "˝"...) become a space plus a combining mark under
    // NFKC; a space inside one segment would end up inside a token's span, so they stay as typed.
    for (utf8proc_ssize_t idx = 0; idx < count; ++idx) {
      if (scratch_[static_cast<size_t>(idx)] == ' ') {
        emit_text(original_.substr(begin, end - begin), begin);
        return;
      }
    }
    for (utf8proc_ssize_t idx = 0; idx < count; ++idx) {
      const auto cp = static_cast<char32_t>(scratch_[static_cast<size_t>(idx)]);
      // NFKC can produce characters we replace (U+FF02 → '"' is already ASCII; U+2007-like
      // spaces from compatibility forms are not), so apply our table to its output as well.
      const std::string_view special = replacement(cp);
      if (special.empty()) emit(cp, begin);
      else if (special != kRemove) emit_text(special, begin);
    }
  }

  std::string_view original_;
  NormalizedText out_;
  std::vector<utf8proc_int32_t> scratch_;
};

}  // namespace

NormalizedText normalize(std::string_view original) { return Normalizer(original).run(); }

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

}  // namespace chronicle::text
