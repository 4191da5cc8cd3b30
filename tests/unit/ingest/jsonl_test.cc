#include <gtest/gtest.h>

#include "collect.h"
#include "ingest/internal.h"

namespace chronicle {
namespace {

using testing::Collected;
using testing::read_fixture;

const Diagnostic* diagnostic_on_line(const Collected& got, uint64_t line) {
  for (const Diagnostic& diagnostic : got.diagnostics) {
    if (diagnostic.line == line) return &diagnostic;
  }
  return nullptr;
}

TEST(JsonlReader, GoodLinesSurviveBadOnes) {
  ReadOptions options;
  options.default_date = "2025-01-01";
  auto got = read_fixture("records.jsonl", options);
  ASSERT_EQ(got.documents.size(), 3u) << got.all_diagnostics();

  const Document& first = got.documents[0];
  EXPECT_EQ(first.id, "a1");
  EXPECT_EQ(first.title, "First");
  EXPECT_EQ(first.date, "2025-11-18");  // RFC 822 date normalised
  EXPECT_EQ(first.source, "Wire");
  EXPECT_EQ(first.url, "https://example.org/a1");
  EXPECT_EQ(first.text, "Troops withdrew from the town.");
  EXPECT_EQ(first.format, "jsonl");
  EXPECT_EQ(first.path, testing::fixture("records.jsonl"));

  const Document& second = got.documents[1];  // line 4: no id, unreadable date
  EXPECT_EQ(second.id, testing::fixture("records.jsonl") + ":4");
  EXPECT_EQ(second.date, "2025-01-01");
  EXPECT_EQ(second.title, "No id");

  const Document& last = got.documents[2];  // line 9: numeric id, no final newline
  EXPECT_EQ(last.id, "8");
  EXPECT_EQ(last.date, "2025-11-19");  // local calendar date, not converted to UTC
  EXPECT_EQ(last.text, "The minister visited Cairo.");
}

TEST(JsonlReader, EachBadLineHasItsOwnDiagnostic) {
  auto got = read_fixture("records.jsonl");
  EXPECT_EQ(got.diagnostics.size(), 5u) << got.all_diagnostics();

  const Diagnostic* malformed = diagnostic_on_line(got, 3);
  ASSERT_NE(malformed, nullptr) << got.all_diagnostics();
  EXPECT_NE(malformed->message.find("malformed JSON"), std::string::npos) << malformed->message;
  // The parser stops at the end of the line, inside the unterminated string: byte position is
  // within line 3, which starts after the first line (164 bytes and '\n') and the blank line.
  const uint64_t line3_start = 165 + 1;
  const uint64_t line3_length = std::string(R"({"id": "a2", "text": "Broken line)").size();
  EXPECT_GE(malformed->byte, line3_start);
  EXPECT_LE(malformed->byte, line3_start + line3_length);
  EXPECT_EQ(malformed->message.find("[json.exception"), std::string::npos);

  const Diagnostic* missing = diagnostic_on_line(got, 5);
  ASSERT_NE(missing, nullptr);
  EXPECT_TRUE(missing->message.starts_with("missing \"text\"")) << missing->message;
  EXPECT_NE(missing->str().find("records.jsonl:5: missing \"text\""), std::string::npos);

  const Diagnostic* array = diagnostic_on_line(got, 6);
  ASSERT_NE(array, nullptr);
  EXPECT_NE(array->message.find("expected a JSON object, found array"), std::string::npos);

  const Diagnostic* number = diagnostic_on_line(got, 7);
  ASSERT_NE(number, nullptr);
  EXPECT_NE(number->message.find("\"text\" must be a string, found number"), std::string::npos);

  const Diagnostic* empty = diagnostic_on_line(got, 8);
  ASSERT_NE(empty, nullptr);
  EXPECT_NE(empty->message.find("\"text\" is empty"), std::string::npos);
}

TEST(JsonlReader, InvalidUtf8LineIsReportedWithFileOffset) {
  auto got = read_fixture("bad_utf8.jsonl");
  ASSERT_EQ(got.documents.size(), 1u);
  EXPECT_EQ(got.documents[0].id, "ok");
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_EQ(got.diagnostics[0].line, 2u);
  EXPECT_EQ(got.diagnostics[0].byte, 55u);
  EXPECT_NE(got.diagnostics[0].message.find("invalid UTF-8 (byte 0xE9)"), std::string::npos);
}

TEST(JsonlReader, InMemoryMatchesStreamedAcrossChunkBoundaries) {
  const std::string input =
      "\xEF\xBB\xBF{\"id\":\"x\",\"text\":\"one\"}\r\n\n{bad\n{\"text\":\"three\"}";
  Collected whole;
  read_jsonl("mem", input, {}, whole.document_sink(), whole.diagnostic_sink());
  ASSERT_EQ(whole.documents.size(), 2u) << whole.all_diagnostics();
  EXPECT_EQ(whole.documents[0].text, "one");
  EXPECT_EQ(whole.documents[1].id, "mem:4");
  ASSERT_EQ(whole.diagnostics.size(), 1u);
  EXPECT_EQ(whole.diagnostics[0].line, 3u);
}

TEST(JsonlReader, ChunkBoundariesDoNotChangeTheResult) {
  // Differential: the streamer fed one byte at a time must agree with one call on the whole
  // input (documents, diagnostics, line numbers and byte offsets).
  const std::string input =
      "\xEF\xBB\xBF{\"id\":\"x\",\"text\":\"one\"}\r\n\n{bad\n{\"text\":\"caf\xC3\xA9\"}\n"
      "{\"text\":\"bad \xFF\"}\n{\"text\":\"last\"}";
  Collected whole, bytewise;
  read_jsonl("mem", input, {}, whole.document_sink(), whole.diagnostic_sink());
  ingest::JsonlStreamer streamer("mem", {}, bytewise.document_sink(),
                                 bytewise.diagnostic_sink());
  // Options and sinks are temporaries here: the streamer keeps its own copies.
  for (char c : input) streamer.feed(std::string_view(&c, 1));
  streamer.finish();
  ASSERT_EQ(whole.documents.size(), 3u);
  ASSERT_EQ(bytewise.documents.size(), whole.documents.size());
  for (size_t doc_idx = 0; doc_idx < whole.documents.size(); ++doc_idx) {
    EXPECT_EQ(bytewise.documents[doc_idx].id, whole.documents[doc_idx].id);
    EXPECT_EQ(bytewise.documents[doc_idx].text, whole.documents[doc_idx].text);
  }
  EXPECT_EQ(bytewise.all_diagnostics(), whole.all_diagnostics());
  EXPECT_EQ(whole.diagnostics.size(), 2u);
}

TEST(JsonlReader, EmptyInput) {
  Collected got;
  read_jsonl("mem", "\n  \n", {}, got.document_sink(), got.diagnostic_sink());
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_EQ(got.diagnostics[0].message, "empty file");
}

TEST(JsonlReader, EscapedSurrogateIsRejectedNotPassedOn) {
  // A lone surrogate escape would decode to invalid UTF-8; nlohmann rejects it as a parse error.
  Collected got;
  read_jsonl("mem", R"({"text":"bad \ud800 here"})", {}, got.document_sink(),
             got.diagnostic_sink());
  EXPECT_TRUE(got.documents.empty());
  ASSERT_EQ(got.diagnostics.size(), 1u);
  EXPECT_NE(got.diagnostics[0].message.find("malformed JSON"), std::string::npos);
}

}  // namespace
}  // namespace chronicle
