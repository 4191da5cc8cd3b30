#include <gtest/gtest.h>

#include <filesystem>

#include "collect.h"

namespace chronicle {
namespace {

using testing::fixture;
using testing::read_fixture;

TEST(ReadPath, DirectoryIsReadRecursivelyInSortedOrderSkippingHiddenAndUnknown) {
  auto got = read_fixture("tree");
  EXPECT_TRUE(got.diagnostics.empty()) << got.all_diagnostics();
  std::vector<std::string> paths;
  for (const Document& document : got.documents) paths.push_back(document.path);
  const std::string root = fixture("tree");
  EXPECT_EQ(paths, (std::vector<std::string>{root + "/a/c.jsonl", root + "/a/d.htm",
                                             root + "/b.txt", root + "/c.TXT"}));
  ASSERT_EQ(got.documents.size(), 4u);
  EXPECT_EQ(got.documents[0].id, "tree-c");
  EXPECT_EQ(got.documents[0].format, "jsonl");
  EXPECT_EQ(got.documents[1].format, "html");
  EXPECT_EQ(got.documents[2].format, "txt");
}

TEST(ReadPath, DirectoryWithoutInputsIsReported) {
  auto got = read_fixture("empty_dir");
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_TRUE(got.diagnostics[0].message.starts_with("no input files found"));
}

TEST(ReadPath, MissingFileNamesTheCause) {
  auto got = read_fixture("does_not_exist.txt");
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_EQ(got.diagnostics[0].input, fixture("does_not_exist.txt"));
  EXPECT_EQ(got.diagnostics[0].message, "cannot read: No such file or directory");
}

TEST(ReadPath, UnreadableFileNamesTheCause) {
  // Reading a directory as a file fails on every system, even as root (unlike chmod 000).
  testing::Collected got;
  read_path(fixture("tree") + "/a/c.jsonl/", {}, got.document_sink(), got.diagnostic_sink());
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_TRUE(got.diagnostics[0].message.starts_with("cannot read: ")) << got.all_diagnostics();
}

TEST(ReadPath, UnknownExtensionIsSniffed) {
  auto got = read_fixture("sniffed.data");
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  EXPECT_EQ(got.documents[0].id, "s1");
  EXPECT_EQ(got.documents[0].format, "jsonl");
}

TEST(ReadPath, StandardInputIsSniffed) {
  // Only this test reads stdin, so pointing it at a fixture does not disturb the others.
  ASSERT_NE(std::freopen(fixture("article.html").c_str(), "rb", stdin), nullptr);
  testing::Collected got;
  read_path("-", {}, got.document_sink(), got.diagnostic_sink());
  ASSERT_EQ(got.documents.size(), 1u) << got.all_diagnostics();
  EXPECT_EQ(got.documents[0].format, "html");
  EXPECT_EQ(got.documents[0].path, "<stdin>");
  EXPECT_EQ(got.documents[0].id, "<stdin>");

  ASSERT_NE(std::freopen(fixture("records.jsonl").c_str(), "rb", stdin), nullptr);
  testing::Collected records;
  read_path("-", {}, records.document_sink(), records.diagnostic_sink());
  ASSERT_EQ(records.documents.size(), 3u);
  EXPECT_EQ(records.documents[1].id, "<stdin>:4");
  EXPECT_EQ(records.diagnostics[0].input, "<stdin>");
}

TEST(ReadPath, SgmlIsText) {
  const auto dir = std::filesystem::temp_directory_path() / "chronicle_ingest_sgm_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "sample.sgm").string();
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs("<REUTERS><BODY>Text &lt;here&gt;</BODY></REUTERS>\n", file);
    std::fclose(file);
  }
  testing::Collected got;
  read_path(path, {}, got.document_sink(), got.diagnostic_sink());
  std::filesystem::remove_all(dir);
  ASSERT_EQ(got.documents.size(), 1u);
  EXPECT_EQ(got.documents[0].format, "txt");  // not sniffed as HTML despite the '<'
}

TEST(ReadPath, EmptyFile) {
  auto got = read_fixture("empty.txt");
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_EQ(got.diagnostics[0].str(), fixture("empty.txt") + ": empty file");
}

}  // namespace
}  // namespace chronicle
