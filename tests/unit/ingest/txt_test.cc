#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "collect.h"
#include "ingest/internal.h"

namespace chronicle {
namespace {

using testing::read_fixture;

TEST(TxtReader, KeepsTextExactlyAndReadsTitleBeforeBlankLine) {
  ReadOptions options;
  options.default_date = "2025-11-18";
  auto got = read_fixture("report.txt", options);
  ASSERT_EQ(got.diagnostics.size(), 0u) << got.all_diagnostics();
  ASSERT_EQ(got.documents.size(), 1u);
  const Document& document = got.documents[0];
  EXPECT_EQ(document.title, "Ministers Meet in Geneva to Discuss Grain Corridor");
  EXPECT_EQ(document.date, "2025-11-18");
  EXPECT_EQ(document.format, "txt");
  EXPECT_EQ(document.id, testing::fixture("report.txt"));
  EXPECT_EQ(document.path, document.id);
  // The text is the file, byte for byte, title line included: spans index the file.
  EXPECT_TRUE(document.text.starts_with("Ministers Meet in Geneva"));
  EXPECT_TRUE(document.text.ends_with("continue next week.\n"));
  EXPECT_EQ(document.text.size(), 203u);
}

TEST(TxtReader, FirstParagraphEndingInFullStopIsNotATitle) {
  auto got = read_fixture("one_paragraph_per_line.txt");
  ASSERT_EQ(got.documents.size(), 1u);
  EXPECT_EQ(got.documents[0].title, "");
  EXPECT_EQ(got.documents[0].date, "");  // no default date given
}

TEST(TxtReader, NoBlankLineAfterFirstLineMeansNoTitle) {
  auto document = read_txt("mem", "Short headline\nBody starts at once.\n", {}, [](Diagnostic&&) {});
  ASSERT_TRUE(document);
  EXPECT_EQ(document->title, "");
  auto single = read_txt("mem", "Only one line without newline", {}, [](Diagnostic&&) {});
  ASSERT_TRUE(single);
  EXPECT_EQ(single->title, "");
}

TEST(TxtReader, CrLfTitle) {
  auto document = read_txt("mem", "Headline Here\r\n\r\nBody.\r\n", {}, [](Diagnostic&&) {});
  ASSERT_TRUE(document);
  EXPECT_EQ(document->title, "Headline Here");
  EXPECT_EQ(document->text, "Headline Here\r\n\r\nBody.\r\n");
}

TEST(TxtReader, BomIsRemovedAndOffsetsStartAfterIt) {
  auto got = read_fixture("bom.txt");
  ASSERT_EQ(got.documents.size(), 1u);
  EXPECT_TRUE(got.documents[0].text.starts_with("Headline Without"));
  EXPECT_EQ(got.documents[0].title, "Headline Without a Full Stop");
}

TEST(TxtReader, InvalidUtf8NamesLineAndFileOffsetAndSkipsDocument) {
  auto got = read_fixture("bad_utf8.txt");
  EXPECT_EQ(got.documents.size(), 0u);
  ASSERT_EQ(got.diagnostics.size(), 1u);
  const Diagnostic& diagnostic = got.diagnostics[0];
  EXPECT_EQ(diagnostic.input, testing::fixture("bad_utf8.txt"));
  EXPECT_EQ(diagnostic.line, 2u);
  EXPECT_EQ(diagnostic.byte, 46u);
  EXPECT_NE(diagnostic.message.find("invalid UTF-8"), std::string::npos) << diagnostic.message;
  EXPECT_NE(diagnostic.message.find("0x80"), std::string::npos) << diagnostic.message;
  EXPECT_NE(diagnostic.str().find(":2, byte 46: invalid UTF-8"), std::string::npos)
      << diagnostic.str();
}

TEST(TxtReader, InvalidUtf8OffsetCountsTheBom) {
  std::vector<Diagnostic> diagnostics;
  auto document = read_txt("mem", "\xEF\xBB\xBF" "ab\xC0\xAF", {},
                           [&](Diagnostic&& d) { diagnostics.push_back(std::move(d)); });
  EXPECT_FALSE(document);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].byte, 5u);  // overlong '/' at file offset 5 (3 BOM bytes + "ab")
}

TEST(TxtReader, EmptyAndBlankFiles) {
  for (const char* name : {"empty.txt", "blank.txt"}) {
    auto got = read_fixture(name);
    EXPECT_EQ(got.documents.size(), 0u) << name;
    ASSERT_EQ(got.diagnostics.size(), 1u) << name;
    EXPECT_EQ(got.diagnostics[0].message, "empty file") << name;
  }
}

TEST(DateFromFileName, AHyphenatedDayAnywhereInTheName) {
  EXPECT_EQ(ingest::date_from_file_name("bench/2025-01-03-index.md"), "2025-01-03");
  EXPECT_EQ(ingest::date_from_file_name("reports/vote 2024-11-05.txt"), "2024-11-05");
  EXPECT_EQ(ingest::date_from_file_name("2024-02-29.txt"), "2024-02-29");
  EXPECT_EQ(ingest::date_from_file_name("2025-02-29.txt"), "") << "no such day";
  EXPECT_EQ(ingest::date_from_file_name("id-12025-01-03.txt"), "") << "inside a longer number";
  EXPECT_EQ(ingest::date_from_file_name("20250103.txt"), "");
  EXPECT_EQ(ingest::date_from_file_name("2025-01-03/report.txt"), "") << "the directory is not the file";
  EXPECT_EQ(ingest::date_from_file_name("05-mali-air-strike.html"), "");
}

TEST(TxtReader, FileNameDateComesBeforeTheDefault) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("chronicle-txt-date-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "2025-01-03-index.md") << "Armed clashes were reported in the north.\n";
  std::ofstream(dir / "undated.txt") << "Talks resumed in Geneva.\n";
  ReadOptions options;
  options.default_date = "2025-11-18";
  std::vector<Document> documents;
  read_path(dir.string(), options, [&](Document&& document) { documents.push_back(std::move(document)); },
            [](Diagnostic&&) {});
  fs::remove_all(dir);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].date, "2025-01-03");
  EXPECT_EQ(documents[1].date, "2025-11-18");
}

}  // namespace
}  // namespace chronicle
