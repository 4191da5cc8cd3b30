#include <gtest/gtest.h>

#include "text/text.h"

namespace chronicle::text {
namespace {

// The map must have one entry per normalised byte plus the end, never decrease, and stay inside
// the original.
void expect_valid_map(std::string_view original, const NormalizedText& normalized) {
  ASSERT_EQ(normalized.to_original.size(), normalized.text.size() + 1);
  EXPECT_EQ(normalized.to_original.back(), original.size());
  for (size_t idx = 1; idx < normalized.to_original.size(); ++idx) {
    EXPECT_LE(normalized.to_original[idx - 1], normalized.to_original[idx]) << idx;
  }
  for (uint32_t offset : normalized.to_original) EXPECT_LE(offset, original.size());
}

TEST(NormalizeTest, Table) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain text", "plain text"},
      {"Moscow\u2019s", "Moscow's"},
      {"\u2018quoted\u2019", "'quoted'"},
      {"\u201CHe said\u201D", "\"He said\""},
      {"\u201Elow\u201C \u00ABguillemets\u00BB", "\"low\" \"guillemets\""},
      {"5\u2032 10\u2033", "5' 10\""},
      {"a\u00A0b\u2009c\u3000d\u202Fe", "a b c d e"},
      {"coun\u00ADter\u200Bat\u200Dtack\uFEFF", "counterattack"},
      {"base\u2014a and 2020\u20132024", "base\u2014a and 2020\u20132024"},  // dashes are kept
      {"\uFB01nance", "finance"},                                          // NFKC ligature
      {"Cafe\u0301", "Caf\u00E9"},                                         // composition
      {"\uFF21\uFF22\uFF23", "ABC"},                                       // full-width
      {"wait\u2026", "wait..."},
      {"line\u2028next", "line\nnext"},
      {"non\u2011breaking", "non-breaking"},
      {"Cartel\u00B4s", "Cartel's"},
      {"a\u00A8b\u02DD", "a\u00A8b\u02DD"},  // spacing diacritics are not split into space+mark
  };
  for (const auto& [input, expected] : cases) {
    const NormalizedText normalized = normalize(input);
    EXPECT_EQ(normalized.text, expected) << input;
    expect_valid_map(input, normalized);
  }
}

TEST(NormalizeTest, MapPointsAtOriginalBytes) {
  const std::string original = "A\u2019s \u00E9t\u00E9 x";
  const NormalizedText normalized = normalize(original);
  ASSERT_EQ(normalized.text, "A's \u00E9t\u00E9 x");
  // 'A' 0, apostrophe from the 3-byte U+2019 at 1, 's' at 4.
  EXPECT_EQ(normalized.to_original[0], 0u);
  EXPECT_EQ(normalized.to_original[1], 1u);
  EXPECT_EQ(normalized.to_original[2], 4u);
  EXPECT_EQ(normalized.to_original[3], 5u);
  // Both bytes of the first é map to its first original byte.
  EXPECT_EQ(normalized.to_original[4], 6u);
  EXPECT_EQ(normalized.to_original[5], 6u);
  EXPECT_EQ(normalized.to_original[6], 8u);
  // Removed characters leave no bytes; the next byte maps past them.
  const NormalizedText removed = normalize("a\u200Bb");
  EXPECT_EQ(removed.text, "ab");
  EXPECT_EQ(removed.to_original, (std::vector<uint32_t>{0, 4, 5}));
}

TEST(NormalizeTest, EveryCharacterSegmentRoundTrips) {
  // Cutting the original between the map's entries and normalising the piece gives back the
  // normalised bytes of that piece.
  const std::string original =
      "\u201CWe\u2019ll see,\u201D said Ren\u00E9e\u00A0Dupont \uFB01rst\u2014then Cafe\u0301.";
  const NormalizedText normalized = normalize(original);
  size_t begin = 0;
  for (size_t idx = 1; idx <= normalized.text.size(); ++idx) {
    if (idx < normalized.text.size() &&
        normalized.to_original[idx] == normalized.to_original[idx - 1])
      continue;
    const uint32_t original_begin = normalized.to_original[begin];
    const uint32_t original_end = normalized.to_original[idx];
    EXPECT_EQ(normalize(std::string_view(original).substr(original_begin, original_end - original_begin)).text,
              normalized.text.substr(begin, idx - begin));
    begin = idx;
  }
}

TEST(NormalizeTest, InvalidBytesDoNotStopNormalisation) {
  const NormalizedText normalized = normalize("a\xFFz");
  EXPECT_EQ(normalized.text, "a\uFFFDz");
  expect_valid_map("a\xFFz", normalized);
}

}  // namespace
}  // namespace chronicle::text
