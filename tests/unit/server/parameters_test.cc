// Parameter checking of the HTTP API (src/server/parameters.h): table-driven, no server needed.
#include "server/parameters.h"

#include <gtest/gtest.h>

namespace chronicle::server {
namespace {

Parameters with(const std::multimap<std::string, std::string>& raw) {
  Parameters parameters;
  EXPECT_FALSE(Parameters::check_names(raw, {"a", "from", "root", "code", "limit", "q"}, &parameters));
  return parameters;
}

TEST(Parameters, UnknownAndRepeatedNamesAreRefused) {
  Parameters parameters;
  auto unknown = Parameters::check_names({{"b", "1"}}, {"a"}, &parameters);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->message.find("\"b\""), std::string::npos);
  EXPECT_NE(unknown->message.find("a"), std::string::npos);
  Parameters again;
  auto repeated = Parameters::check_names({{"a", "1"}, {"a", "2"}}, {"a"}, &again);
  ASSERT_TRUE(repeated);
  EXPECT_NE(repeated->message.find("more than once"), std::string::npos);
}

TEST(Parameters, Dates) {
  for (const char* good : {"2025-01-31", "2024-02-29", "2000-02-29"}) EXPECT_TRUE(is_iso_day(good)) << good;
  for (const char* bad : {"2025-02-29", "1900-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-00-10",
                          "2025-04-31", "yesterday", ""}) {
    EXPECT_FALSE(is_iso_day(bad)) << bad;
  }
  Parameters parameters = with({{"from", "2025-02-30"}});
  parameters.date("from");
  ASSERT_TRUE(parameters.error());
  EXPECT_NE(parameters.error()->message.find("\"from\""), std::string::npos);
}

TEST(Parameters, RootsAndCodes) {
  struct Case { const char* root; bool ok; };
  for (Case c : {Case{"01", true}, Case{"20", true}, Case{"00", false}, Case{"21", false}, Case{"1", false},
                 Case{"1a", false}}) {
    Parameters parameters = with({{"root", c.root}});
    parameters.root("root");
    EXPECT_EQ(!parameters.error(), c.ok) << c.root;
  }
  struct Code { const char* code; bool ok; };
  for (Code c : {Code{"042", true}, Code{"19", true}, Code{"1951", true}, Code{"04*", true}, Code{"*", false},
                 Code{"4", false}, Code{"19511", false}, Code{"04%", false}, Code{"abc", false}}) {
    Parameters parameters = with({{"code", c.code}});
    parameters.event_code("code");
    EXPECT_EQ(!parameters.error(), c.ok) << c.code;
  }
}

TEST(Parameters, IntegersAreBounded) {
  struct Case { const char* value; bool ok; };
  for (Case c : {Case{"1", true}, Case{"500", true}, Case{"0", false}, Case{"501", false}, Case{"-1", false},
                 Case{"1.5", false}, Case{"12abc", false}, Case{"", false},
                 Case{"99999999999999999999999", false}}) {
    Parameters parameters = with({{"limit", c.value}});
    int64_t value = parameters.integer("limit", 50, 1, 500);
    EXPECT_EQ(!parameters.error(), c.ok) << c.value;
    if (!c.ok) {
      EXPECT_EQ(value, 50);
    }
  }
  Parameters absent = with({});
  EXPECT_EQ(absent.integer("limit", 50, 1, 500), 50);
  EXPECT_FALSE(absent.error());
}

TEST(Parameters, TextIsBoundedAndUtf8) {
  Parameters long_text = with({{"q", std::string(201, 'x')}});
  long_text.text("q", 200);
  EXPECT_TRUE(long_text.error());
  Parameters bad_utf8 = with({{"q", "caf\xC3"}});
  bad_utf8.text("q", 200);
  EXPECT_TRUE(bad_utf8.error());
  Parameters quotes = with({{"q", "' OR 1=1 --"}});
  EXPECT_EQ(quotes.text("q", 200), "' OR 1=1 --");
  EXPECT_FALSE(quotes.error());
}

TEST(Parameters, Booleans) {
  Parameters absent;
  EXPECT_FALSE(Parameters::check_names({}, {"hedged"}, &absent));
  EXPECT_FALSE(absent.boolean("hedged").has_value());
  struct Case { const char* value; std::optional<bool> want; bool ok; };
  for (Case c : {Case{"true", true, true}, Case{"1", true, true}, Case{"false", false, true},
                 Case{"0", false, true}, Case{"yes", std::nullopt, false}, Case{"", std::nullopt, false}}) {
    Parameters parameters;
    EXPECT_FALSE(Parameters::check_names({{"hedged", c.value}}, {"hedged"}, &parameters));
    EXPECT_EQ(parameters.boolean("hedged"), c.want) << c.value;
    EXPECT_EQ(!parameters.error(), c.ok) << c.value;
  }
}

}  // namespace
}  // namespace chronicle::server
