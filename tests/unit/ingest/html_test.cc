#include <gtest/gtest.h>

#include "collect.h"

namespace chronicle {
namespace {

using testing::read_fixture;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HtmlReader, ExtractsArticleParagraphsWithoutBoilerplate) {
  auto got = read_fixture("article.html");
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  EXPECT_TRUE(got.diagnostics.empty()) << got.all_diagnostics();
  const Document& document = got.documents[0];
  EXPECT_EQ(document.text,
            "Talks resume in Doha\n\n"
            "Negotiators from both sides met in Doha on Tuesday, officials said & confirmed.\n\n"
            "The talks, mediated by Qatar, focused on a ceasefire and prisoner exchanges.\n\n"
            "Ceasefire terms\n\n"
            "Prisoner lists\n\n"
            "\xE2\x80\x9CWe are hopeful,\xE2\x80\x9D a mediator said.");
  for (const char* junk : {"tracking", "cookies", "Share", "World", "Delegates", "Related",
                           "Earlier talks", "Great article", "Copyright", "not text"}) {
    EXPECT_FALSE(contains(document.text, junk)) << junk;
  }
  EXPECT_EQ(document.format, "html");
}

TEST(HtmlReader, ReadsMetadata) {
  auto got = read_fixture("article.html");
  ASSERT_EQ(got.documents.size(), 1u);
  const Document& document = got.documents[0];
  EXPECT_EQ(document.title, "Talks resume in Doha");  // " | Example News" removed
  EXPECT_EQ(document.date, "2025-11-18");
  EXPECT_EQ(document.source, "Example News");
  EXPECT_EQ(document.url, "https://www.example.com/world/talks-resume");
}

TEST(HtmlReader, TruncatedPageStillGivesItsText) {
  auto got = read_fixture("truncated.html");
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  const Document& document = got.documents[0];
  EXPECT_EQ(document.text,
            "The port reopened on Sunday after a week of strikes.\n\n"
            "Dock workers returned to work after the union signed");
  EXPECT_EQ(document.title, "Port reopens");
  EXPECT_EQ(document.date, "2025-11-18");  // <meta name="date">
}

TEST(HtmlReader, PageWithoutArticleTextIsReported) {
  auto got = read_fixture("no_text.html");
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_EQ(got.diagnostics[0].message, "no article text found");
}

TEST(HtmlReader, DeclaredLatin1IsTranscoded) {
  auto got = read_fixture("latin1.html");
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  EXPECT_TRUE(got.diagnostics.empty()) << got.all_diagnostics();
  EXPECT_EQ(got.documents[0].text, "The caf\xC3\xA9 in Montr\xC3\xA9" "al closed.");
  EXPECT_EQ(got.documents[0].title, "Caf\xC3\xA9");
}

TEST(HtmlReader, UndeclaredInvalidUtf8IsReplacedNotSkipped) {
  std::vector<Diagnostic> diagnostics;
  auto document = read_html("mem", "<p>bad \xFF byte</p>", {},
                            [&](Diagnostic&& d) { diagnostics.push_back(std::move(d)); });
  ASSERT_TRUE(document);
  EXPECT_EQ(document->text, "bad \xEF\xBF\xBD byte");  // U+FFFD marks the lost byte
  EXPECT_TRUE(diagnostics.empty());
}

TEST(HtmlReader, TextInDivsAndJsonLdDateAndCanonicalHost) {
  ReadOptions options;
  options.default_date = "2000-01-01";
  auto got = read_fixture("div_text.html", options);
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  const Document& document = got.documents[0];
  EXPECT_EQ(document.text, "First line of the story.\n\nSecond line of the story.");
  EXPECT_EQ(document.date, "2025-11-20");
  EXPECT_EQ(document.url, "https://news.example.net/story/42");
  EXPECT_EQ(document.source, "news.example.net");
}

TEST(HtmlReader, WithoutArticleOrMainTheDensestParagraphBlockWins) {
  const std::string page =
      "<html><body>"
      "<div class='teasers'><p>Short teaser.</p></div>"
      "<div class='story-body'><p>The first real paragraph of the story is long.</p>"
      "<p>The second real paragraph is long as well.</p></div>"
      "<div class='newsletter-signup'><p>Sign up for our daily briefing and much more text "
      "here to make it the longest block on the page by far.</p></div>"
      "</body></html>";
  auto document = read_html("mem", page, {}, [](Diagnostic&&) {});
  ASSERT_TRUE(document);
  EXPECT_EQ(document->text,
            "The first real paragraph of the story is long.\n\n"
            "The second real paragraph is long as well.");
}

TEST(HtmlReader, ClassWordsMatchWholePartsOnly) {
  // "commentary" and "navy" are content, "site-nav" and "shareBar" are not.
  const std::string page =
      "<article><div class='commentary'><p>Kept one.</p></div>"
      "<div id='navy-report'><p>Kept two.</p></div>"
      "<div class='site-nav'><p>Dropped one.</p></div>"
      "<div class='shareBar'><p>Dropped two.</p></div></article>";
  auto document = read_html("mem", page, {}, [](Diagnostic&&) {});
  ASSERT_TRUE(document);
  EXPECT_EQ(document->text, "Kept one.\n\nKept two.");
}

TEST(HtmlReader, EmptyInput) {
  std::vector<Diagnostic> diagnostics;
  auto document =
      read_html("mem", " \n ", {}, [&](Diagnostic&& d) { diagnostics.push_back(std::move(d)); });
  EXPECT_FALSE(document);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message, "empty file");
}

TEST(HtmlReader, DeepNestingDoesNotOverflowTheStack) {
  std::string page;
  for (int depth = 0; depth < 20000; ++depth) page += "<span>";
  page += "deep text";
  auto document = read_html("mem", "<p>" + page + "</p>", {}, [](Diagnostic&&) {});
  ASSERT_TRUE(document);
  EXPECT_EQ(document->text, "deep text");
}

}  // namespace
}  // namespace chronicle
