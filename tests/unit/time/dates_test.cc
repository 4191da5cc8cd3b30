// Tests for the date stage. Tokens come from a tiny splitter below so these tests do not depend
// on the real tokenizer: whitespace separates words, leading/trailing punctuation becomes its own
// token, a period stays on month abbreviations ("Nov."), and ".", "!", "?" end a sentence.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "time/dates.h"

namespace chronicle::time {
namespace {

bool keeps_period(const std::string& word) {
  static const char* kAbbreviations[] = {"jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
                                         "aug.", "sep.", "sept.", "oct.", "nov.", "dec."};
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* abbreviation : kAbbreviations)
    if (lower == abbreviation) return true;
  return false;
}

void add_token(const std::string& text, uint32_t begin, uint32_t end, bool space_before,
               Analysis& analysis) {
  Token token;
  token.span = {begin, end};
  token.norm = text.substr(begin, end - begin);
  for (char c : token.norm)
    token.lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  token.capitalized = std::isupper(static_cast<unsigned char>(token.norm[0])) != 0;
  token.space_before = space_before;
  analysis.tokens.push_back(std::move(token));
}

Analysis tokenize(const std::string& text) {
  Analysis analysis;
  auto is_punct = [](char c) { return std::string_view(",.;:!?()\"").find(c) != std::string::npos; };
  uint32_t pos = 0;
  const uint32_t size = static_cast<uint32_t>(text.size());
  while (pos < size) {
    bool space_before = false;
    while (pos < size && std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      space_before = true;
    }
    if (pos >= size) break;
    uint32_t end = pos;
    while (end < size && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    uint32_t word_begin = pos;
    uint32_t word_end = end;
    while (word_begin < word_end && is_punct(text[word_begin])) {
      add_token(text, word_begin, word_begin + 1, space_before && word_begin == pos, analysis);
      ++word_begin;
    }
    std::vector<uint32_t> trailing;
    while (word_end > word_begin && is_punct(text[word_end - 1])) {
      if (text[word_end - 1] == '.' &&
          keeps_period(text.substr(word_begin, word_end - word_begin)))
        break;
      --word_end;
      trailing.push_back(word_end);
    }
    if (word_begin < word_end)
      add_token(text, word_begin, word_end, space_before && word_begin == pos, analysis);
    for (auto it = trailing.rbegin(); it != trailing.rend(); ++it)
      add_token(text, *it, *it + 1, false, analysis);
    pos = end;
  }
  uint32_t sentence_first = 0;
  for (uint32_t idx = 0; idx < analysis.tokens.size(); ++idx) {
    const std::string& lower = analysis.tokens[idx].lower;
    const bool last = idx + 1 == analysis.tokens.size();
    if (lower == "." || lower == "!" || lower == "?" || last) {
      Sentence sentence;
      sentence.first_token = sentence_first;
      sentence.end_token = idx + 1;
      sentence.span = {analysis.tokens[sentence_first].span.begin, analysis.tokens[idx].span.end};
      for (uint32_t k = sentence_first; k <= idx; ++k)
        analysis.tokens[k].sentence = static_cast<uint32_t>(analysis.sentences.size());
      analysis.sentences.push_back(sentence);
      sentence_first = idx + 1;
    }
  }
  return analysis;
}

std::vector<DateMention> run(const std::string& text, const std::string& doc_date) {
  Document document;
  document.text = text;
  document.date = doc_date;
  Analysis analysis = tokenize(text);
  DateRecognizer().process(document, analysis);
  return analysis.dates;
}

// The only date in `text`, checked for its text and value.
struct Case {
  const char* text;
  const char* date_text;
  const char* value;
  DatePrecision precision;
};

// 2025-11-18 is a Tuesday in ISO week 47.
constexpr const char* kDocDate = "2025-11-18";

// ---- calendar ---------------------------------------------------------------------------------

TEST(Calendar, ParseIsoDate) {
  EXPECT_EQ(parse_iso_date("2025-11-16"), (CivilDate{2025, 11, 16}));
  EXPECT_EQ(parse_iso_date("2024-02-29"), (CivilDate{2024, 2, 29}));
  EXPECT_FALSE(parse_iso_date("2025-02-29"));
  EXPECT_FALSE(parse_iso_date("2025-13-01"));
  EXPECT_FALSE(parse_iso_date("2025-1-01"));
  EXPECT_FALSE(parse_iso_date("-025-11-16"));
  EXPECT_FALSE(parse_iso_date(""));
  EXPECT_EQ(format_iso_date({2025, 1, 5}), "2025-01-05");
}

TEST(Calendar, DaysRoundTripAndWeekday) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  EXPECT_EQ(civil_from_days(-1), (CivilDate{1969, 12, 31}));
  for (int64_t day = -800000; day < 800000; day += 997)
    ASSERT_EQ(days_from_civil(civil_from_days(day)), day);
  EXPECT_EQ(iso_weekday({1970, 1, 1}), 4);
  EXPECT_EQ(iso_weekday({2025, 11, 18}), 2);
  EXPECT_EQ(iso_weekday({2024, 12, 30}), 1);
  EXPECT_EQ(iso_weekday({2025, 11, 16}), 7);
}

TEST(Calendar, PrecisionNames) {
  EXPECT_EQ(to_string(DatePrecision::kDay), "day");
  EXPECT_EQ(to_string(DatePrecision::kWeek), "week");
  EXPECT_EQ(to_string(DatePrecision::kMonth), "month");
  EXPECT_EQ(to_string(DatePrecision::kYear), "year");
}

// ---- expressions, one per sentence ------------------------------------------------------------

TEST(DateRecognizer, ResolvesExpressionsAgainstTheDocumentDate) {
  const Case cases[] = {
      // absolute and year-less calendar dates
      {"The leaders met on October 15th in Moscow.", "October 15th", "2025-10-15", DatePrecision::kDay},
      {"Talks opened on 15 October 2025 in Doha.", "15 October 2025", "2025-10-15", DatePrecision::kDay},
      {"Al Arabiya reported on Nov. 16 that delegations met.", "Nov. 16", "2025-11-16", DatePrecision::kDay},
      {"The accord was signed November 16, 2025 in Abuja.", "November 16, 2025", "2025-11-16", DatePrecision::kDay},
      {"Troops withdrew on 16 November after the talks.", "16 November", "2025-11-16", DatePrecision::kDay},
      {"The decree is dated 2025-11-16 and was published later.", "2025-11-16", "2025-11-16", DatePrecision::kDay},
      {"He was detained on 16/11/2025 in Nairobi.", "16/11/2025", "2025-11-16", DatePrecision::kDay},
      {"The summit took place on the 3rd of March.", "3rd of March", "2025-03-03", DatePrecision::kDay},
      {"Officials met on Sept. 9 in Tashkent.", "Sept. 9", "2025-09-09", DatePrecision::kDay},
      {"Parliament voted on Jan 12 to extend the mandate.", "Jan 12", "2025-01-12", DatePrecision::kDay},
      {"A storm hit the coast on March 13-16, 2025 and moved inland.", "March 13-16, 2025", "2025-03-13", DatePrecision::kDay},
      {"Mourning was declared for February 22 - 23.", "February 22 - 23", "2025-02-22", DatePrecision::kDay},
      // a year-less date within the next two months reads forward
      {"The vote is on November 30 in Dakar.", "November 30", "2025-11-30", DatePrecision::kDay},
      {"The envoy said the vote would take place on December 28.", "December 28", "2025-12-28", DatePrecision::kDay},
      {"Elections will be held on December 28 in the capital.", "December 28", "2025-12-28", DatePrecision::kDay},
      // a past-tense sentence never points forward
      {"Elections were held on December 28 in the capital.", "December 28", "2024-12-28", DatePrecision::kDay},
      // more than two months ahead: last year's
      {"The ceasefire collapsed on February 2 after heavy shelling.", "February 2", "2025-02-02", DatePrecision::kDay},
      {"The army seized the town on March 3.", "March 3", "2025-03-03", DatePrecision::kDay},
      // months and years
      {"Fighting resumed in December 2024 near the border.", "December 2024", "2024-12", DatePrecision::kMonth},
      {"In December, the minister said the bases remain.", "December", "2024-12", DatePrecision::kMonth},
      {"The talks stalled in October.", "October", "2025-10", DatePrecision::kMonth},
      {"The mission began in November.", "November", "2025-11", DatePrecision::kMonth},
      {"Ministers will meet again in January.", "January", "2026-01", DatePrecision::kMonth},
      {"Relations collapsed last December.", "last December", "2024-12", DatePrecision::kMonth},
      {"Protests erupted in mid-March in the capital.", "mid-March", "2025-03", DatePrecision::kMonth},
      {"Protests erupted in early March in the capital.", "early March", "2025-03", DatePrecision::kMonth},
      {"The group was founded in 2023 by exiles.", "2023", "2023", DatePrecision::kYear},
      {"The war has raged since 2011, when protests began.", "2011", "2011", DatePrecision::kYear},
      {"Relations soured in late 2024 over the dam.", "late 2024", "2024", DatePrecision::kYear},
      {"Elections are due in 2026.", "2026", "2026", DatePrecision::kYear},
      // deictic words
      {"The minister arrived today in Kigali.", "today", "2025-11-18", DatePrecision::kDay},
      {"Shelling was heard tonight near the port.", "tonight", "2025-11-18", DatePrecision::kDay},
      {"The president spoke yesterday to reporters.", "yesterday", "2025-11-17", DatePrecision::kDay},
      {"The envoy will fly to Accra tomorrow.", "tomorrow", "2025-11-19", DatePrecision::kDay},
      {"Explosions shook the city last night.", "last night", "2025-11-17", DatePrecision::kDay},
      {"He said earlier today that talks would resume.", "earlier today", "2025-11-18", DatePrecision::kDay},
      {"The delegation arrived earlier this week in Damascus.", "earlier this week", "2025-W47", DatePrecision::kWeek},
      {"The ministers will meet this week.", "this week", "2025-W47", DatePrecision::kWeek},
      {"Clashes broke out last week in the north.", "last week", "2025-W46", DatePrecision::kWeek},
      {"Talks resume next week in Geneva.", "next week", "2025-W48", DatePrecision::kWeek},
      {"Prices rose this month.", "this month", "2025-11", DatePrecision::kMonth},
      {"The envoy visited Juba last month.", "last month", "2025-10", DatePrecision::kMonth},
      {"The summit will open next month.", "next month", "2025-12", DatePrecision::kMonth},
      {"Turnout fell this year.", "this year", "2025", DatePrecision::kYear},
      {"The treaty lapsed late last year.", "late last year", "2024", DatePrecision::kYear},
      {"Exports doubled last year.", "last year", "2024", DatePrecision::kYear},
      {"Just a day prior to the meeting, Putin called Netanyahu.", "a day prior", "2025-11-17", DatePrecision::kDay},
      {"A day earlier, troops had crossed the river.", "A day earlier", "2025-11-17", DatePrecision::kDay},
      {"The day before, rebels shelled the town.", "The day before", "2025-11-17", DatePrecision::kDay},
      {"Rebels attacked the previous day.", "the previous day", "2025-11-17", DatePrecision::kDay},
      {"Rebels took the town two days ago.", "two days ago", "2025-11-16", DatePrecision::kDay},
      {"Rebels took the town 10 days ago.", "10 days ago", "2025-11-08", DatePrecision::kDay},
      {"The envoy left a week ago.", "a week ago", "2025-W46", DatePrecision::kWeek},
      {"The envoy left three weeks ago.", "three weeks ago", "2025-W44", DatePrecision::kWeek},
      {"Two days later, the army withdrew.", "Two days later", "2025-11-20", DatePrecision::kDay},
      // weekdays: the most recent one on or before the document date, forward in future tense
      {"Rebels attacked the base on Monday.", "Monday", "2025-11-17", DatePrecision::kDay},
      {"On Sunday the cabinet met.", "Sunday", "2025-11-16", DatePrecision::kDay},
      {"The minister spoke on Tuesday.", "Tuesday", "2025-11-18", DatePrecision::kDay},
      {"The minister said Wednesday that talks had failed.", "Wednesday", "2025-11-12", DatePrecision::kDay},
      {"The minister will travel to Rabat on Friday.", "Friday", "2025-11-21", DatePrecision::kDay},
      {"On Thursday, ministers are expected to sign the deal.", "Thursday", "2025-11-20", DatePrecision::kDay},
      {"Organisers said they would gather again on Saturday.", "Saturday", "2025-11-22", DatePrecision::kDay},
      {"Hostages must be freed by Saturday, the group said.", "Saturday", "2025-11-22", DatePrecision::kDay},
      {"They agreed to draft a water schedule by October.", "October", "2026-10", DatePrecision::kMonth},
      {"By October the rebels had taken the town.", "October", "2025-10", DatePrecision::kMonth},
      {"A vote scheduled for Friday was postponed.", "Friday", "2025-11-21", DatePrecision::kDay},
      {"The tariffs won't take effect on Wednesday.", "Wednesday", "2025-11-19", DatePrecision::kDay},
      {"Ministers meet again next Monday.", "next Monday", "2025-11-24", DatePrecision::kDay},
      {"Ministers met last Tuesday.", "last Tuesday", "2025-11-11", DatePrecision::kDay},
      {"The attack came on Monday, November 10, near Gao.", "Monday, November 10", "2025-11-10", DatePrecision::kDay},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto dates = run(c.text, kDocDate);
    ASSERT_EQ(dates.size(), 1u);
    EXPECT_EQ(dates[0].text, c.date_text);
    EXPECT_EQ(dates[0].value, c.value);
    EXPECT_EQ(dates[0].precision, c.precision);
    EXPECT_TRUE(dates[0].resolved);
  }
}

TEST(DateRecognizer, IgnoresCountsAndOrdinaryWords) {
  const char* texts[] = {
      "Gunmen killed 26 of the 27 passengers.",
      "The ministry said 1,068 people were displaced.",
      "Turkey named an ambassador after a 13-year hiatus.",
      "Relations have improved recently.",
      "The 2025 massacres shocked the region.",
      "A force of 2000 troops was deployed.",
      "Protesters march through the capital.",
      "Officials may meet again.",
      "May I add one more point?",
      "Police said 12 people were arrested and 5 were released.",
      "The March elections were postponed.",
      "They spent several days in detention.",
      "The offensive lasted three days.",
  };
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    const auto dates = run(text, kDocDate);
    EXPECT_TRUE(dates.empty()) << "found: " << dates.front().text;
  }
}

TEST(DateRecognizer, SpansPointIntoTheTextAndMentionsAreOrdered) {
  const std::string text =
      "Yevkurov arrived in Damascus earlier this week. Al Arabiya reported on November 16 that "
      "delegations met. In December, Verkhinin said the bases remain, and on October 15th Putin "
      "met Sharaa.";
  Document document;
  document.text = text;
  document.date = kDocDate;
  Analysis analysis = tokenize(text);
  DateRecognizer().process(document, analysis);
  ASSERT_EQ(analysis.dates.size(), 4u);
  const char* expected[] = {"earlier this week", "November 16", "December", "October 15th"};
  uint32_t previous_end = 0;
  for (size_t idx = 0; idx < 4; ++idx) {
    const DateMention& date = analysis.dates[idx];
    EXPECT_EQ(date.text, expected[idx]);
    EXPECT_EQ(text.substr(date.range.span.begin, date.range.span.end - date.range.span.begin),
              date.text);
    EXPECT_EQ(date.range.span.begin, analysis.tokens[date.range.first_token].span.begin);
    EXPECT_EQ(date.range.span.end, analysis.tokens[date.range.end_token - 1].span.end);
    EXPECT_GE(date.range.span.begin, previous_end);
    previous_end = date.range.span.end;
  }
  EXPECT_TRUE(analysis.dates[0].relative);
  EXPECT_FALSE(analysis.dates[1].relative);
  EXPECT_TRUE(analysis.dates[2].relative);
  EXPECT_EQ(analysis.dates[3].value, "2025-10-15");
}

TEST(DateRecognizer, WithoutDocumentDateOnlyAbsoluteDatesResolve) {
  const auto dates = run(
      "The accord was signed on 15 October 2025. Rebels attacked on Monday. The vote is on "
      "November 30. Exports fell last year. Fighting resumed in December.",
      "");
  ASSERT_EQ(dates.size(), 5u);
  EXPECT_TRUE(dates[0].resolved);
  EXPECT_EQ(dates[0].value, "2025-10-15");
  EXPECT_FALSE(dates[0].relative);
  for (size_t idx = 1; idx < dates.size(); ++idx) {
    SCOPED_TRACE(dates[idx].text);
    EXPECT_FALSE(dates[idx].resolved);
    EXPECT_TRUE(dates[idx].value.empty());
  }
  EXPECT_TRUE(dates[1].relative);   // Monday
  EXPECT_FALSE(dates[2].relative);  // November 30: a calendar date missing its year
  EXPECT_TRUE(dates[3].relative);   // last year
  EXPECT_EQ(dates[3].precision, DatePrecision::kYear);
  EXPECT_TRUE(dates[4].relative);   // in December
  EXPECT_EQ(dates[4].precision, DatePrecision::kMonth);
}

TEST(DateRecognizer, YearBoundariesAndWeeks) {
  // Early January: a December date without a year belongs to the previous year.
  auto dates = run("The attack happened on December 28.", "2025-01-02");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "2024-12-28");
  // Late December: a January date is within the forward window.
  dates = run("The new parliament sits on January 10.", "2025-12-20");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "2026-01-10");
  // ISO week of 2024-12-30 is 2025-W01.
  dates = run("Talks continue this week.", "2024-12-30");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "2025-W01");
  // Last month across a year boundary.
  dates = run("Aid arrived last month.", "2025-01-15");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "2024-12");
  // 29 February without a year goes back to the last leap year.
  dates = run("The decree was issued on February 29.", "2025-11-18");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "2024-02-29");
  // Invalid calendar dates are not dates.
  EXPECT_TRUE(run("The code 31/02/2025 was printed.", "2025-11-18").empty());
  EXPECT_TRUE(run("It happened on February 30.", "2025-11-18").empty());
}

TEST(DateRecognizer, CoordinatedDatesShareTheirCue) {
  auto dates = run("Two others, arrested in March and July, remain in detention.", kDocDate);
  ASSERT_EQ(dates.size(), 2u);
  EXPECT_EQ(dates[1].text, "July");
  EXPECT_EQ(dates[1].value, "2025-07");
  dates = run("He served as president from 2012 to 2017.", kDocDate);
  ASSERT_EQ(dates.size(), 2u);
  EXPECT_EQ(dates[1].value, "2017");
  // Without a first date, "and" is no cue: a count stays a count.
  EXPECT_TRUE(run("Police detained 12 and 2000, officials said.", kDocDate).empty());
}

TEST(DateRecognizer, DatesDoNotCrossSentences) {
  // "December." ends a sentence; "2024" starts the next and has no cue of its own.
  const auto dates = run("The talks stalled in December. 2024 was a hard year.", kDocDate);
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].text, "December");
  EXPECT_EQ(dates[0].value, "2024-12");
}

// Every report in the shared bench must scan without crashing and every mention must cut its own
// text out of the document; a weak but real check over text not written for these tests.
TEST(DateRecognizer, ScansSharedBench) {
  const std::filesystem::path dir =
      std::filesystem::path(CHRONICLE_SHARED_DIR) / "data/bench/wikipedia-current-events-2025H1";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared bench not found at " << dir;
  size_t mentions = 0;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    Document document;
    document.text = buffer.str();
    document.date = entry.path().filename().string().substr(0, 10);
    Analysis analysis = tokenize(document.text);
    DateRecognizer().process(document, analysis);
    for (const DateMention& date : analysis.dates) {
      ASSERT_EQ(document.text.substr(date.range.span.begin,
                                     date.range.span.end - date.range.span.begin),
                date.text);
      ASSERT_TRUE(date.resolved) << date.text << " in " << entry.path();
    }
    mentions += analysis.dates.size();
    ++files;
  }
  ASSERT_GT(files, 0u);
  EXPECT_GT(mentions, files);  // these daily pages name many dates
}

}  // namespace
}  // namespace chronicle::time
