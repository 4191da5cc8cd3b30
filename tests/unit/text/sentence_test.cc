#include <gtest/gtest.h>

#include "text_test_util.h"

namespace chronicle::text {
namespace {

using testing::sentences;
using Sentences = std::vector<std::string>;

TEST(SentenceTest, TerminalPunctuation) {
  EXPECT_EQ(sentences("Troops arrived. Talks began! Will they last? Nobody knows."),
            (Sentences{"Troops arrived.", "Talks began!", "Will they last?", "Nobody knows."}));
  EXPECT_EQ(sentences("He said \"we will stay.\" Then he left."),
            (Sentences{"He said \"we will stay.\"", "Then he left."}));
  EXPECT_EQ(sentences("It ended (finally.) The next began."),
            (Sentences{"It ended (finally.)", "The next began."}));
  EXPECT_EQ(sentences("Casualties rose. 34 died."), (Sentences{"Casualties rose.", "34 died."}));
  EXPECT_EQ(sentences("Who? \"Us,\" they said."), (Sentences{"Who?", "\"Us,\" they said."}));
}

TEST(SentenceTest, NoBoundaryWithoutSpace) {
  EXPECT_EQ(sentences("see example.com now"), (Sentences{"see example.com now"}));
  EXPECT_EQ(sentences("Prices fell 3.5 percent.costs rose"), (Sentences{"Prices fell 3.5 percent.costs rose"}));
}

// Web text often starts a sentence without a capital; the learned classifier decides there
// (the rules alone never split before a lower-case word).
TEST(SentenceTest, LowerCaseAfterFinalPunctuation) {
  EXPECT_EQ(sentences("The food was great. the staff were friendly too."),
            (Sentences{"The food was great.", "the staff were friendly too."}));
  const std::string text = "The food was great. the staff were friendly too.";
  Document document;
  document.text = text;
  Analysis analysis;
  Tokenizer(Tokenizer::SentenceSplitting::kRules).process(document, analysis);
  EXPECT_EQ(analysis.sentences.size(), 1u);
}

TEST(SentenceTest, Abbreviations) {
  EXPECT_EQ(sentences("Gen. Lee met Mr. Smith on Nov. 5. They talked."),
            (Sentences{"Gen. Lee met Mr. Smith on Nov. 5.", "They talked."}));
  EXPECT_EQ(sentences("Troops from the U.S. Army arrived."),
            (Sentences{"Troops from the U.S. Army arrived."}));
  EXPECT_EQ(sentences("J. R. R. Tolkien wrote it."), (Sentences{"J. R. R. Tolkien wrote it."}));
  EXPECT_EQ(sentences("Apple Inc. Chief Tim Cook spoke."),
            (Sentences{"Apple Inc. Chief Tim Cook spoke."}));
}

TEST(SentenceTest, AbbreviationBeforeNewlineEndsSentence) {
  EXPECT_EQ(sentences("Aid came from the U.S.\nThe U.N. agreed."),
            (Sentences{"Aid came from the U.S.", "The U.N. agreed."}));
  // A title abbreviation never ends a sentence, even at a line end.
  EXPECT_EQ(sentences("They were led by Gen.\nSmith and his aides"),
            (Sentences{"They were led by Gen.\nSmith and his aides"}));
}

TEST(SentenceTest, BlankLinesAlwaysSplit) {
  EXPECT_EQ(sentences("first part without end\n\nsecond part"),
            (Sentences{"first part without end", "second part"}));
  EXPECT_EQ(sentences("a, b,\n \n c"), (Sentences{"a, b,", "c"}));
}

TEST(SentenceTest, HeadlinesAndTitles) {
  EXPECT_EQ(sentences("Russia Says Bases Stay\nMoscow said on Monday that its bases remain."),
            (Sentences{"Russia Says Bases Stay", "Moscow said on Monday that its bases remain."}));
  // A lower-case next line continues the sentence.
  EXPECT_EQ(sentences("The talks in\nGeneva went on"), (Sentences{"The talks in\nGeneva went on"}));
  EXPECT_EQ(sentences("forces were\nstill there"), (Sentences{"forces were\nstill there"}));
}

TEST(SentenceTest, BulletsAndHeadings) {
  EXPECT_EQ(sentences("Key points:\n* troops stay\n* talks go on\n- bases remain"),
            (Sentences{"Key points:", "* troops stay", "* talks go on", "- bases remain"}));
  EXPECT_EQ(sentences("#### Armed conflicts and attacks\nsoldiers are killed"),
            (Sentences{"#### Armed conflicts and attacks", "soldiers are killed"}));
  EXPECT_EQ(sentences("Steps:\n1. talks begin\n2. troops leave"),
            (Sentences{"Steps:", "1. talks begin", "2. troops leave"}));
}

TEST(SentenceTest, MarkdownRulesAndLinks) {
  EXPECT_EQ(sentences("---\nlayout: post\n---\nTroops left."),
            (Sentences{"---", "layout: post", "---", "Troops left."}));
  EXPECT_EQ(sentences("* [Kennedy Jr.](https://en.wikipedia.org/wiki/Kennedy_Jr. \"Kennedy Jr.\") "
                      "resigns. [(AP)](https://apnews.com/a)"),
            (Sentences{"* [Kennedy Jr.](https://en.wikipedia.org/wiki/Kennedy_Jr. \"Kennedy Jr.\") "
                       "resigns.",
                       "[(AP)](https://apnews.com/a)"}));
}

TEST(SentenceTest, HardWrappedTextIsNotSplitAtEveryLine) {
  const std::string text =
      "The Syrian government said on Monday that Russian forces would remain at the\n"
      "air base for the time being, while negotiations with Moscow continue over the\n"
      "future of the two facilities on the Mediterranean coast and the port of\n"
      "Tartus. Officials in Damascus declined to give a timetable for the talks and\n"
      "Russian Deputy Foreign Minister Sergei Vershinin did not comment.\n";
  EXPECT_EQ(sentences(text).size(), 2u);
}

TEST(SentenceTest, SpansAndIndices) {
  const std::string text = "  One here.  Two there.\n";
  const Analysis analysis = testing::tokenize(text);
  ASSERT_EQ(analysis.sentences.size(), 2u);
  EXPECT_EQ(analysis.sentences[0].span, (Span{2, 11}));
  EXPECT_EQ(analysis.sentences[1].span, (Span{13, 23}));
  EXPECT_EQ(analysis.sentences[0].first_token, 0u);
  EXPECT_EQ(analysis.sentences[0].end_token, 3u);
  EXPECT_EQ(analysis.sentences[1].first_token, 3u);
  EXPECT_EQ(analysis.sentences[1].end_token, 6u);
  for (size_t idx = 0; idx < analysis.tokens.size(); ++idx) {
    EXPECT_EQ(analysis.tokens[idx].sentence, idx < 3 ? 0u : 1u);
  }
}

}  // namespace
}  // namespace chronicle::text
