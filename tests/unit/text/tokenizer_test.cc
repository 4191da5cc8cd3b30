#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "text/text.h"
#include "text_test_util.h"

namespace chronicle::text {
namespace {

using testing::norms;
using testing::tokenize;

struct TokenCase {
  std::string input;
  std::string expected;  // norms joined by '|'
};

void run_table(const std::vector<TokenCase>& cases) {
  for (const TokenCase& test_case : cases) {
    EXPECT_EQ(norms(test_case.input), test_case.expected) << "input: " << test_case.input;
  }
}

TEST(TokenizerTest, Abbreviations) {
  run_table({
      {"Mr. Smith and Dr. Jones met Gen. Lee.", "Mr.|Smith|and|Dr.|Jones|met|Gen.|Lee|."},
      {"Lt. Col. Ray, Sgt. Po, Gov. Ann, Sen. Bo, Rep. Al",
       "Lt.|Col.|Ray|,|Sgt.|Po|,|Gov.|Ann|,|Sen.|Bo|,|Rep.|Al"},
      {"on Jan. 5, Feb. 6, Aug. 7, Sept. 8, Oct. 9, Nov. 10 and Dec. 11",
       "on|Jan.|5|,|Feb.|6|,|Aug.|7|,|Sept.|8|,|Oct.|9|,|Nov.|10|and|Dec.|11"},
      {"Acme Inc. and Big Corp. and Co. and Ltd. on St. Mark", 
       "Acme|Inc.|and|Big|Corp.|and|Co.|and|Ltd.|on|St.|Mark"},
      {"Iran vs. Iraq, guns, etc. and No. 5", "Iran|vs.|Iraq|,|guns|,|etc.|and|No.|5"},
      {"LTD. and PVT. but SEC. officials", "LTD.|and|PVT.|but|SEC|.|officials"},
      {"He said No. Then", "He|said|No|.|Then"},  // "No." only before a number
      {"J. R. R. Tolkien", "J.|R.|R.|Tolkien"},
      {"the U.S. and U.K. and U.N. and E.U. envoys", "the|U.S.|and|U.K.|and|U.N.|and|E.U.|envoys"},
      {"at 9 a.m. today, e.g. now", "at|9|a.m.|today|,|e.g.|now"},
      {"a plan. Then", "a|plan|.|Then"},
  });
}

// Universal Dependencies (English-EWT) splits a hyphen between words into a word of its own;
// the rule stages read the compound whole again (text::is_joining_hyphen).
TEST(TokenizerTest, HyphensAndDashes) {
  run_table({
      {"Yunus-Bek Yevkurov at Et-Tanf", "Yunus|-|Bek|Yevkurov|at|Et|-|Tanf"},
      {"Nagorno-Karabakh, al-Assad, high-level talks", "Nagorno|-|Karabakh|,|al|-|Assad|,|high|-|level|talks"},
      {"a 15-year-old and Lashkar-e-Toiba", "a|15|-|year|-|old|and|Lashkar|-|e|-|Toiba"},
      // Prefixes keep their hyphen, as in EWT.
      {"non-violent e-mail anti-American mid-1980s co-operation ex-president",
       "non-violent|e-mail|anti-American|mid-1980s|co-operation|ex-president"},
      // Dates, codes and telephone numbers are one word; ranges are not.
      {"on 2025-11-16 call 713-853-3989 or 345-9945, 01-Feb-02", "on|2025-11-16|call|713-853-3989|or|345-9945|,|01-Feb-02"},
      {"in 1969-1970 and 3-4 times", "in|1969|-|1970|and|3|-|4|times"},
      {"the base\u2014a strategic outpost", "the|base|\u2014|a|strategic|outpost"},
      {"2020\u20132024 and pages 5\u20137", "2020|\u2013|2024|and|pages|5|\u2013|7"},
      {"war - and peace -- again", "war|-|and|peace|--|again"},
      {"word--word", "word|--|word"},
      {"pre- and post-war", "pre|-|and|post-war"},
  });
}

TEST(TokenizerTest, PossessivesAndContractions) {
  run_table({
      {"Moscow's bases", "Moscow|'s|bases"},
      {"Moscow\u2019s bases", "Moscow|'s|bases"},
      {"the troops' and troops\u2019 gear", "the|troops|'|and|troops|'|gear"},
      {"didn't, can't, won't, isn't", "did|n't|,|ca|n't|,|wo|n't|,|is|n't"},
      {"didn\u2019t", "did|n't"},
      {"they're, we've, I'll, she'd, I'm, it's", "they|'re|,|we|'ve|,|I|'ll|,|she|'d|,|I|'m|,|it|'s"},
      {"O'Brien and C\u00F4te d'Ivoire", "O'Brien|and|C\u00F4te|d'Ivoire"},
      {"'quoted' words", "'|quoted|'|words"},
      {"U.S.'s role", "U.S.|'s|role"},
  });
}

TEST(TokenizerTest, NumbersAndSymbols) {
  run_table({
      {"1,068 people, 3.5 million", "1,068|people|,|3.5|million"},
      {"on 2025-11-16 at 10:30", "on|2025-11-16|at|10:30"},
      {"25% of $5 and \u20AC3", "25|%|of|$|5|and|\u20AC|3"},
      {"October 15th, the 1st and 22nd", "October|15th|,|the|1st|and|22nd"},
      {"in 2025.", "in|2025|."},
      {"AT&T and Q&A", "AT&T|and|Q&A"},
      {"3/4 of it", "3/4|of|it"},
  });
}

TEST(TokenizerTest, PunctuationAndMarkup) {
  run_table({
      {"(a) [b] {c}", "(|a|)|[|b|]|{|c|}"},
      {"\"Yes,\" he said; then: no? no! wait\u2026", "\"|Yes|,|\"|he|said|;|then|:|no|?|no|!|wait|..."},
      {"wait...", "wait|..."},
      {"#### Armed conflicts", "####|Armed|conflicts"},
      {"* item with *emphasis* and **bold**", "*|item|with|*|emphasis|*|and|**|bold|**"},
      {"\u201CPeace\u201D", "\"|Peace|\""},
  });
}

TEST(TokenizerTest, UrlsAndEmails) {
  run_table({
      {"see https://example.com/a?b=c&d=e.", "see|https://example.com/a?b=c&d=e|."},
      {"[Russia](https://en.wikipedia.org/wiki/Russia \"Russia\")",
       "[|Russia|]|(|https://en.wikipedia.org/wiki/Russia|\"|Russia|\"|)"},
      {"[x](https://en.wikipedia.org/wiki/Kursk_(2024)).",
       "[|x|]|(|https://en.wikipedia.org/wiki/Kursk_(2024)|)|."},
      {"visit www.un.org, or mail press@un.org.", "visit|www.un.org|,|or|mail|press@un.org|."},
      // Markdown link targets keep a final period and run to the link's closing bracket.
      {"[Trump Jr.](https://en.wikipedia.org/wiki/Donald_Trump_Jr. \"Trump Jr.\") said",
       "[|Trump|Jr.|]|(|https://en.wikipedia.org/wiki/Donald_Trump_Jr.|\"|Trump|Jr.|\"|)|said"},
      {"[Apple](https://en.wikipedia.org/wiki/Apple_Inc.) and [K](https://x.org/K_(2024)).",
       "[|Apple|]|(|https://en.wikipedia.org/wiki/Apple_Inc.|)|and|[|K|]|(|https://x.org/K_(2024)|)|."},
  });
}

TEST(TokenizerTest, TokenFields) {
  const Analysis analysis = tokenize("Russia\u2019s \u00C9lys\u00E9e  talks");
  ASSERT_EQ(analysis.tokens.size(), 4u);
  const Token& russia = analysis.tokens[0];
  EXPECT_EQ(russia.span, (Span{0, 6}));
  EXPECT_TRUE(russia.capitalized);
  EXPECT_FALSE(russia.space_before);
  const Token& clitic = analysis.tokens[1];
  EXPECT_EQ(clitic.span, (Span{6, 10}));  // the curly apostrophe is 3 bytes
  EXPECT_EQ(clitic.norm, "'s");
  EXPECT_FALSE(clitic.space_before);
  const Token& elysee = analysis.tokens[2];
  EXPECT_EQ(elysee.span, (Span{11, 19}));
  EXPECT_EQ(elysee.lower, "\u00E9lys\u00E9e");
  EXPECT_TRUE(elysee.capitalized);
  EXPECT_TRUE(elysee.space_before);
  const Token& talks = analysis.tokens[3];
  EXPECT_EQ(talks.span, (Span{21, 26}));
  EXPECT_FALSE(talks.capitalized);
  EXPECT_EQ(talks.lower, "talks");
}

TEST(TokenizerTest, SpansRoundTripThroughNormalisation) {
  const std::string text =
      "\u201CWe\u2019ll hold talks,\u201D said Ren\u00E9e\u00A0Dupont of the \uFB01rm\u2014then "
      "Cafe\u0301 co\u00ADoperation \u00BD done.";
  const Analysis analysis = tokenize(text);
  ASSERT_FALSE(analysis.tokens.empty());
  for (const Token& token : analysis.tokens) {
    const std::string_view cut =
        std::string_view(text).substr(token.span.begin, token.span.end - token.span.begin);
    EXPECT_EQ(normalize(cut).text, token.norm) << "span " << token.span.begin;
  }
  EXPECT_EQ(norms("co\u00ADoperation \u00BD"), "cooperation|1\u20442");  // NFKC pieces merged
}

TEST(TokenizerTest, EmptyAndBlankInput) {
  EXPECT_TRUE(tokenize("").tokens.empty());
  EXPECT_TRUE(tokenize(" \n\n\t ").sentences.empty());
}

// Invariants on real text: spans increase, stay inside the text, never overlap, and every
// non-space byte belongs to a token.
void check_invariants(const std::string& name, const std::string& text) {
  const Analysis analysis = tokenize(text);
  std::vector<bool> covered(text.size(), false);
  uint32_t previous_end = 0;
  for (size_t idx = 0; idx < analysis.tokens.size(); ++idx) {
    const Token& token = analysis.tokens[idx];
    ASSERT_LT(token.span.begin, token.span.end) << name << " token " << idx;
    ASSERT_LE(token.span.end, text.size()) << name;
    ASSERT_GE(token.span.begin, previous_end) << name << " token " << idx << " overlaps";
    previous_end = token.span.end;
    const std::string_view cut =
        std::string_view(text).substr(token.span.begin, token.span.end - token.span.begin);
    ASSERT_EQ(normalize(cut).text, token.norm) << name << " token " << idx;
    for (uint32_t pos = token.span.begin; pos < token.span.end; ++pos) covered[pos] = true;
    const Sentence& sentence = analysis.sentences[token.sentence];
    ASSERT_GE(idx, sentence.first_token);
    ASSERT_LT(idx, sentence.end_token);
  }
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char byte = text[pos];
    if (byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r') continue;
    if (static_cast<unsigned char>(byte) >= 0xC0) {  // a character the normaliser makes a space
      size_t length = 1;
      while (pos + length < text.size() &&
             (static_cast<unsigned char>(text[pos + length]) & 0xC0) == 0x80)
        ++length;
      const std::string piece = normalize(text.substr(pos, length)).text;
      if (piece.find_first_not_of(" \n") == std::string::npos) {
        pos += length - 1;
        continue;
      }
    }
    ASSERT_TRUE(covered[pos]) << name << ": byte " << pos << " not in a token";
  }
  uint32_t expected_first = 0;
  for (const Sentence& sentence : analysis.sentences) {
    ASSERT_EQ(sentence.first_token, expected_first) << name;
    ASSERT_LT(sentence.first_token, sentence.end_token) << name;
    expected_first = sentence.end_token;
  }
  ASSERT_EQ(expected_first, analysis.tokens.size()) << name;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Deterministic random texts built from pieces that exercise every rule (and their awkward
// neighbours) must keep the span invariants; a cheap fuzz test.
TEST(TokenizerTest, RandomPiecesKeepInvariants) {
  const std::vector<std::string> pieces = {
      "U.S.", "Gen.", "J.", "No.", " ", "\n", "\n\n", "'s", "\u2019", "n't", "-", "--", "\u2014",
      "1,068", "3.", "5", "%", "$", "https://x.org/a_(b)", "](", ")", "[", "\"", "a@b.co", "...",
      "\u2026", "\u00BD", "\uFB01", "e\u0301", "\u00A0", "\u200B", "\u00AD", "Word", "word", "#",
      "*", ".", "?", "!", "\u00C9", "\u0301", "\u00A8", "\u00B4", "\uD55C", "\u1100\u1161"};
  std::mt19937 random(12345);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int count = 0; count < 40; ++count) text += pieces[pick(random)];
    check_invariants("random round " + std::to_string(round), text);
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "text: " << text;
      return;
    }
  }
}

TEST(TokenizerTest, SeedInvariants) {
  const std::filesystem::path seeds = std::filesystem::path(CHRONICLE_SHARED_DIR) / "seeds";
  if (!std::filesystem::is_directory(seeds)) GTEST_SKIP() << "no seed reports at " << seeds;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    if (entry.path().extension() != ".txt") continue;
    check_invariants(entry.path().filename().string(), read_file(entry.path()));
    ++files;
  }
  EXPECT_GE(files, 1);
}

TEST(TokenizerTest, BenchCorpusInvariants) {
  // Speed is measured by bench/, not here.
  const std::filesystem::path bench = std::filesystem::path(CHRONICLE_SHARED_DIR) / "data" /
                                      "bench" / "wikipedia-current-events-2025H1";
  if (!std::filesystem::is_directory(bench)) GTEST_SKIP() << "no bench corpus at " << bench;
  for (const auto& entry : std::filesystem::directory_iterator(bench)) {
    check_invariants(entry.path().filename().string(), read_file(entry.path()));
  }
}

}  // namespace
}  // namespace chronicle::text
