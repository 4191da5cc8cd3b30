// The tokenizer writes Universal Dependencies (English-EWT) words: multiword tokens, the web-text
// conventions of EWT, and sentence-final abbreviations. The sentence classifier's table.
#include <gtest/gtest.h>

#include "text/sentence_model.h"
#include "text/text.h"
#include "text/words.h"
#include "text_test_util.h"

namespace chronicle::text {
namespace {

using testing::norms;
using testing::sentences;
using testing::tokenize;

// Words joined by '|', and '+' between the words of one surface token: "do+n't|go".
std::string words(const std::string& text) {
  const Analysis analysis = tokenize(text);
  std::string out;
  for (const Token& token : analysis.tokens) {
    if (!out.empty()) out += token.joined_to_previous ? '+' : '|';
    out += token.norm;
  }
  return out;
}

TEST(UdWordsTest, MultiwordTokens) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"I don't know", "I|do+n't|know"},
      {"Bush's plan and the troops' gear", "Bush+'s|plan|and|the|troops+'|gear"},
      {"Moscow\u2019s bases", "Moscow+'s|bases"},
      {"they're, we've, I'll, she'd, I'm", "they+'re|,|we+'ve|,|I+'ll|,|she+'d|,|I+'m"},
      {"We cannot stay, gonna leave, wanna go", "We|can+not|stay|,|gon+na|leave|,|wan+na|go"},
      {"i dont know, im sure, Cant stop", "i|do+nt|know|,|i+m|sure|,|Ca+nt|stop"},
      // A closing quote after a word is not a clitic; "alot" is two tokens in EWT.
      {"'quoted' words, alot", "'|quoted|'|words|,|a|lot"},
      {"the 1960's, in '68", "the|1960's|,|in|'68"},
  };
  for (const auto& [input, expected] : cases) EXPECT_EQ(words(input), expected) << input;
}

TEST(UdWordsTest, MultiwordSpansAreSubstrings) {
  const std::string text = "We cannot go, gonna stay.";
  const Analysis analysis = tokenize(text);
  ASSERT_GE(analysis.tokens.size(), 7u);
  EXPECT_EQ(analysis.tokens[1].span, (Span{3, 6}));   // "can"
  EXPECT_EQ(analysis.tokens[2].span, (Span{6, 9}));   // "not"
  EXPECT_TRUE(analysis.tokens[2].joined_to_previous);
  EXPECT_FALSE(analysis.tokens[2].space_before);
  EXPECT_EQ(analysis.tokens[5].norm, "gon");
  EXPECT_EQ(analysis.tokens[6].norm, "na");
  EXPECT_EQ(analysis.tokens[6].span, (Span{17, 19}));
}

TEST(UdWordsTest, WebTextConventions) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Great!!! Really?! ok... :) :-( ;) ^_^", "Great|!!!|Really|?!|ok|...|:)|:-(|;)|^_^"},
      {"<< File: a.doc >> b/c it is #1 in #news @user", "<<|File|:|a.doc|>>|b/c|it|is|#|1|in|#news|@user"},
      {"see un.org, report.pdf and alt.animals.cats", "see|un.org|,|report.pdf|and|alt.animals.cats"},
      {"mail name@enron.com or name@ENRON today", "mail|name@enron.com|or|name@ENRON|today"},
      {"at 5pm, $5bn and 10km but 10MM", "at|5|pm|,|$|5|bn|and|10|km|but|10MM"},
      {"1,068 people, 11,2000 and 3.5", "1,068|people|,|11|,|2000|and|3.5"},
      {"a&m and AT&T, U.S.A and p.m", "a&m|and|AT&T|,|U.S.A|and|p.m"},
      {"it.and then", "it|.|and|then"},
  };
  for (const auto& [input, expected] : cases) EXPECT_EQ(norms(input), expected) << input;
}

// UD makes the period of an abbreviation that ends a sentence a word of its own.
TEST(UdWordsTest, SentenceFinalAbbreviation) {
  EXPECT_EQ(norms("Aid came from the U.S.\nThe U.N. agreed."), "Aid|came|from|the|U.S|.|The|U.N.|agreed|.");
  EXPECT_EQ(sentences("Aid came from the U.S.\nThe U.N. agreed."),
            (std::vector<std::string>{"Aid came from the U.S.", "The U.N. agreed."}));
  EXPECT_EQ(norms("They sold Acme Inc."), "They|sold|Acme|Inc|.");
  // Titles never end a sentence, and an abbreviation inside a sentence keeps its period.
  EXPECT_EQ(norms("led by Gen.\nSmith and Apple Inc. Chief Tim Cook"),
            "led|by|Gen.|Smith|and|Apple|Inc.|Chief|Tim|Cook");
  const Analysis analysis = tokenize("They sold Acme Inc.");
  ASSERT_EQ(analysis.tokens.size(), 5u);
  EXPECT_EQ(analysis.tokens[3].span, (Span{15, 18}));
  EXPECT_EQ(analysis.tokens[4].span, (Span{18, 19}));
}

TEST(UdWordsTest, JoiningHyphens) {
  const Analysis analysis = tokenize("Yunus-Bek met U.S.-backed al-Sharaa - again");
  const std::vector<Token>& tokens = analysis.tokens;
  ASSERT_EQ(norms("Yunus-Bek met U.S.-backed al-Sharaa - again"),
            "Yunus|-|Bek|met|U.S.|-|backed|al|-|Sharaa|-|again");
  EXPECT_TRUE(is_joining_hyphen(tokens, 1));
  EXPECT_FALSE(is_joining_hyphen(tokens, 5));   // after an abbreviation's period
  EXPECT_TRUE(is_joining_hyphen(tokens, 8));
  EXPECT_FALSE(is_joining_hyphen(tokens, 10));  // a dash between spaces
  EXPECT_EQ(compound_end(tokens, 0, tokens.size()), 3u);
  EXPECT_EQ(compound_end(tokens, 3, tokens.size()), 4u);
  EXPECT_TRUE(continues_compound(tokens, 2));
  EXPECT_FALSE(continues_compound(tokens, 3));
  EXPECT_EQ(norm_text(tokens, 0, 4), "Yunus-Bek met");
  EXPECT_EQ(lower_text(tokens, 7, 10), "al-sharaa");
}

TEST(UdWordsTest, HardWrappedLayout) {
  // A wrapped line that starts with a number is no list item; an indented line is a paragraph.
  const std::string wrapped =
      "The troops fired into the crowd in the town of Fallujah on Tuesday, killing\n"
      "4. It seems clear to me that the search for the officials is being done wrong\n"
      "and that the army will have to change the way it works in the towns there.\n"
      "    The army said the matter was under investigation by the commanders and\n"
      "would report to the ministry in Baghdad before the end of the month, Inc.\n";
  EXPECT_EQ(sentences(wrapped).size(), 3u);
}

// The compiled-in classifier matches the feature version of the code and decides like the table
// it was trained as (retrain it when this fails: docs/text.md).
TEST(SentenceModelTest, CompiledTableIsUsable) {
  const detail::SentenceModelTable& table = detail::sentence_model_table();
  EXPECT_EQ(table.feature_version, detail::kSentenceFeatureVersion);
  EXPECT_GT(table.size, 100u);
  EXPECT_TRUE(std::is_sorted(table.keys, table.keys + table.size));
  EXPECT_TRUE(detail::SentenceModel::get().usable());
  EXPECT_EQ(detail::word_shape("Hello"), "Xx");
  EXPECT_EQ(detail::word_shape("U.S."), "X.X.");
  EXPECT_EQ(detail::word_shape("1,068"), "d,d");
  EXPECT_EQ(detail::word_shape(":)"), ":)");
}

// A sentence after web-text punctuation, where only the classifier can tell.
TEST(SentenceModelTest, WebTextSentences) {
  EXPECT_EQ(sentences("The pizza was cold!!! never again."),
            (std::vector<std::string>{"The pizza was cold!!!", "never again."}));
  EXPECT_EQ(sentences("We loved it :) Thanks again"),
            (std::vector<std::string>{"We loved it :)", "Thanks again"}));
}

TEST(SentenceModelTest, CandidatesForTraining) {
  const std::vector<detail::BoundaryCandidate> candidates =
      detail::boundary_candidates("It works. then it stops! Then? \"No.\" she said. Mr. Li came.");
  // Only where the rules do not decide: after "works." and after the quote closing "No." (a
  // capital or an opening quote after final punctuation always ends the sentence).
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].original_end, 9u);
  EXPECT_EQ(candidates[1].original_end, 36u);
  EXPECT_FALSE(candidates[0].features.empty());
}

}  // namespace
}  // namespace chronicle::text
