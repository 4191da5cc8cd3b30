#include "lexicon/name_key.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace chronicle::lexicon::detail {
namespace {

// Arabic definite articles as they are romanised before a sun or moon letter ("ash-Sharaa",
// "ad-Dawla"). Only the hyphenated forms are dropped: standalone "as", "at" and "an" are English
// words, while standalone "al" and "el" are not.
constexpr std::array<std::string_view, 9> kHyphenatedArticles = {
    "al-", "el-", "ash-", "as-", "ad-", "ar-", "at-", "az-", "an-"};

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

// Letters that Unicode does not decompose into a base letter and a mark.
std::string_view fold_special(int32_t codepoint) {
  switch (codepoint) {
    case 0xF8: return "o";    // ø
    case 0xE6: return "ae";   // æ
    case 0x153: return "oe";  // œ
    case 0x111: return "d";   // đ
    case 0xF0: return "d";    // ð
    case 0x142: return "l";   // ł
    case 0x131: return "i";   // dotless ı
    case 0xFE: return "th";   // þ
    case 0xDF: return "ss";   // ß
    default: return {};
  }
}

// Appends characters of one folded word to `out`, applying q → k and collapsing doubled letters.
class KeyWriter {
 public:
  explicit KeyWriter(std::string* out) : out_(out) {}

  void letter(char ch) {
    if (ch == 'q') ch = 'k';
    if (!out_->empty() && out_->back() == ch && ch >= 'a' && ch <= 'z') return;
    out_->push_back(ch);
  }
  void bytes(std::string_view utf8) { out_->append(utf8); }
  void word_break() {
    if (!out_->empty() && out_->back() != ' ') out_->push_back(' ');
  }
  void finish() {
    if (!out_->empty() && out_->back() == ' ') out_->pop_back();
  }

 private:
  std::string* out_;
};

// Emits one whitespace-free, lower-case, mark-free word.
void emit_word(std::string_view word, bool drop_articles, KeyWriter& writer) {
  if (drop_articles) {
    if (word == "al" || word == "el") return;
    for (std::string_view article : kHyphenatedArticles) {
      if (word.size() > article.size() && word.substr(0, article.size()) == article) {
        word.remove_prefix(article.size());
        break;
      }
    }
  }
  writer.word_break();
  size_t pos = 0;
  while (pos < word.size()) {
    const auto byte = static_cast<unsigned char>(word[pos]);
    if (byte < 0x80) {
      const char ch = static_cast<char>(byte);
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
        writer.letter(ch);
      } else if (ch == '.') {
        // "U.S." and "US" are the same name.
      } else if (ch == '&') {
        writer.word_break();
        writer.bytes("and");
        writer.word_break();
      } else {
        writer.word_break();  // hyphens, apostrophes and other punctuation separate words
      }
      ++pos;
      continue;
    }
    utf8proc_int32_t codepoint = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(
        reinterpret_cast<const utf8proc_uint8_t*>(word.data() + pos),
        static_cast<utf8proc_ssize_t>(word.size() - pos), &codepoint);
    if (length <= 0) {  // invalid UTF-8: cannot be part of a name
      writer.word_break();
      ++pos;
      continue;
    }
    const std::string_view folded = fold_special(codepoint);
    if (!folded.empty()) {
      for (char ch : folded) writer.letter(ch);
    } else {
      const utf8proc_category_t category = utf8proc_category(codepoint);
      const bool letter_or_digit =
          (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
          (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
      if (letter_or_digit) {
        writer.bytes(word.substr(pos, static_cast<size_t>(length)));
      } else if (category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME) {
        // a mark left over after decomposition: ignore
      } else {
        writer.word_break();  // typographic apostrophes, dashes, other punctuation
      }
    }
    pos += static_cast<size_t>(length);
  }
}

}  // namespace

void make_key(std::string_view text, bool drop_articles, std::string* out) {
  out->clear();
  // Most tokens are ASCII: lower-case them in a small buffer (no heap for short words); otherwise
  // let utf8proc decompose, strip marks and case-fold.
  std::string folded;
  if (is_ascii(text)) {
    folded.assign(text);
    for (char& ch : folded) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  } else {
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t length = utf8proc_map(
        reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
        static_cast<utf8proc_ssize_t>(text.size()), &mapped,
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                       UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
    if (length >= 0 && mapped != nullptr) {
      folded.assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
    }
    std::free(mapped);
  }
  KeyWriter writer(out);
  size_t pos = 0;
  while (pos < folded.size()) {
    while (pos < folded.size() && (folded[pos] == ' ' || folded[pos] == '\t' ||
                                   folded[pos] == '\n' || folded[pos] == '\r')) {
      ++pos;
    }
    size_t word_end = pos;
    while (word_end < folded.size() && folded[word_end] != ' ' && folded[word_end] != '\t' &&
           folded[word_end] != '\n' && folded[word_end] != '\r') {
      ++word_end;
    }
    if (word_end > pos) emit_word(std::string_view(folded).substr(pos, word_end - pos),
                                  drop_articles, writer);
    pos = word_end;
  }
  writer.finish();
}

int bounded_edit_distance(std::string_view a, std::string_view b, int limit) {
  const int size_gap = static_cast<int>(a.size()) - static_cast<int>(b.size());
  if (std::abs(size_gap) > limit) return limit + 1;
  // One row of the classic dynamic programme; names are short, so the row stays small.
  std::vector<int> row(b.size() + 1);
  for (size_t col = 0; col <= b.size(); ++col) row[col] = static_cast<int>(col);
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    int diagonal = row[0];
    row[0] = static_cast<int>(a_idx);
    int row_min = row[0];
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      const int substitution = diagonal + (a[a_idx - 1] == b[b_idx - 1] ? 0 : 1);
      diagonal = row[b_idx];
      row[b_idx] = std::min({row[b_idx] + 1, row[b_idx - 1] + 1, substitution});
      row_min = std::min(row_min, row[b_idx]);
    }
    if (row_min > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

}  // namespace chronicle::lexicon::detail
