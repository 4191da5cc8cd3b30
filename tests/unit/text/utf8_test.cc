#include <gtest/gtest.h>

#include "text/text.h"

namespace chronicle::text {
namespace {

struct Utf8Case {
  std::string bytes;
  bool valid;
  size_t error_offset;  // checked when !valid
};

TEST(Utf8Test, AcceptsAndRejects) {
  const std::vector<Utf8Case> cases = {
      {"", true, 0},
      {"plain ASCII", true, 0},
      {"Moscow\xE2\x80\x99s", true, 0},           // U+2019
      {"\xC3\xA9t\xC3\xA9", true, 0},              // été
      {"\xF0\x9F\x98\x80", true, 0},               // U+1F600, 4 bytes
      {"\xF4\x8F\xBF\xBF", true, 0},               // U+10FFFF, the largest scalar
      {"\xEF\xBB\xBF", true, 0},                   // BOM is a valid character
      {"ab\x80", false, 2},                        // stray continuation byte
      {"a\xC0\xAF", false, 1},                     // overlong '/'
      {"\xC1\xBF", false, 0},                      // overlong, C1 lead
      {"xy\xE0\x80\xAF", false, 2},                // overlong 3-byte
      {"\xF0\x80\x80\xAF", false, 0},              // overlong 4-byte
      {"ok \xED\xA0\x80", false, 3},               // UTF-16 surrogate U+D800
      {"\xED\xBF\xBF", false, 0},                  // surrogate U+DFFF
      {"\xF4\x90\x80\x80", false, 0},              // U+110000
      {"\xF5\x80\x80\x80", false, 0},              // lead byte beyond F4
      {"abc\xE2\x80", false, 3},                   // truncated at end
      {"\xE2\x80 x", false, 0},                    // truncated before ASCII
      {"\xC3", false, 0},                          // lone lead byte
      {"\xFF", false, 0},
  };
  for (const Utf8Case& test_case : cases) {
    size_t offset = 999;
    EXPECT_EQ(is_valid_utf8(test_case.bytes, &offset), test_case.valid) << test_case.bytes;
    if (!test_case.valid) {
      EXPECT_EQ(offset, test_case.error_offset) << test_case.bytes;
    }
  }
}

TEST(Utf8Test, NullOffsetPointerIsAllowed) {
  EXPECT_FALSE(is_valid_utf8("\xFF", nullptr));
  EXPECT_TRUE(is_valid_utf8("fine", nullptr));
}

}  // namespace
}  // namespace chronicle::text
