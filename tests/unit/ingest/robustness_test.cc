// Readers of untrusted bytes must never crash, throw or emit invalid UTF-8, whatever the input.
// A small deterministic mutation loop over the fixtures stands in for a fuzzer here.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "collect.h"
#include "ingest/internal.h"

namespace chronicle {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ReaderRobustness, MutatedInputsGiveValidDocumentsOrDiagnostics) {
  std::mt19937 random(12345);  // fixed seed: failures reproduce
  for (const char* name : {"article.html", "records.jsonl", "report.txt", "truncated.html"}) {
    const std::string original = slurp(testing::fixture(name));
    ASSERT_FALSE(original.empty()) << name;
    for (int round = 0; round < 300; ++round) {
      std::string bytes = original;
      const int edits = 1 + static_cast<int>(random() % 8);
      for (int edit = 0; edit < edits && !bytes.empty(); ++edit) {
        const size_t pos = random() % bytes.size();
        switch (random() % 3) {
          case 0: bytes[pos] = static_cast<char>(random() % 256); break;
          case 1: bytes.erase(pos, 1 + random() % 16); break;
          default: bytes.resize(pos); break;
        }
      }
      testing::Collected got;
      read_jsonl("fuzz", bytes, {}, got.document_sink(), got.diagnostic_sink());
      if (auto document = read_html("fuzz", bytes, {}, got.diagnostic_sink())) {
        got.documents.push_back(std::move(*document));
      }
      if (auto document = read_txt("fuzz", bytes, {}, got.diagnostic_sink())) {
        got.documents.push_back(std::move(*document));
      }
      for (const Document& document : got.documents) {
        size_t bad = 0;
        EXPECT_TRUE(ingest::is_valid_utf8(document.text, &bad)) << name << " round " << round;
        EXPECT_FALSE(document.text.empty());
      }
    }
  }
}

// What the readers reject as invalid UTF-8 (they use the text stage's validator).
TEST(Utf8Validator, AcceptsAndRejectsPerUnicodeTable) {
  struct Case {
    std::string bytes;
    bool valid;
    size_t offset;
  };
  const Case cases[] = {
      {"plain ASCII", true, 0},
      {"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", true, 0},
      {"\xC0\xAF", false, 0},          // overlong '/'
      {"a\xE0\x80\xAF", false, 1},     // overlong 3-byte
      {"ab\xED\xA0\x80", false, 2},    // UTF-16 surrogate
      {"\xF4\x90\x80\x80", false, 0},  // above U+10FFFF
      {"x\xF5\x80\x80\x80", false, 1}, // invalid lead byte
      {"abc\xE2\x80", false, 3},       // truncated at the end
      {"\x80", false, 0},              // lone continuation byte
      {"\xEF\xBF\xBD", true, 0},       // U+FFFD itself
  };
  for (const Case& c : cases) {
    size_t offset = 999;
    EXPECT_EQ(ingest::is_valid_utf8(c.bytes, &offset), c.valid) << c.bytes;
    if (!c.valid) {
      EXPECT_EQ(offset, c.offset) << c.bytes;
    }
  }
}

}  // namespace
}  // namespace chronicle
