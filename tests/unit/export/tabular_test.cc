// GDELT, CSV, TSV and table outputs.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chronicle/export.h"

namespace chronicle {
namespace {

EventRecord visit_record() {
  EventRecord record;
  record.id = 7;
  record.doc_id = "/data/news/syria-visit.txt";
  record.doc_date = "2025-11-17";
  record.sentence_text = "Yevkurov visited Damascus, the capital.";
  Event& event = record.event;
  event.sentence = 0;
  event.evidence = {0, 25};
  event.source = EventActor{"Russian Deputy Defense Minister Yunus-Bek Yevkurov",
                            {0, 8},
                            {"RUSMIL", "RUS", "MIL", "Yunus-Bek Yevkurov"}};
  event.target = EventActor{"the United Nations", {30, 48}, {"IGOUNO", "", "", "United Nations"}};
  event.code = "042";
  event.root = "04";
  event.label = "Make a visit";
  event.quad_class = 1;
  event.goldstein = 1.9;
  event.plover = "CONSULT";
  event.date = "2025-02-18";
  event.date_precision = "day";
  event.date_text = "February 18";
  event.place = EventPlace{"Damascus",
                           {"Damascus", "SYR", "SY", "13", 33.51, 36.29, 170654, "P.PPLC"}};
  return record;
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  for (char c : line) {
    if (c == separator) {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

std::vector<std::string> gdelt_columns(const EventRecord& record) {
  std::ostringstream out;
  write_gdelt_row(out, record);
  std::string line = out.str();
  EXPECT_EQ(line.back(), '\n');
  line.pop_back();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  return split(line, '\t');
}

// 1-based GDELT column numbers, as in the GDELT 2.0 codebook.
std::string column(const std::vector<std::string>& columns, size_t number) {
  return columns.at(number - 1);
}

TEST(Gdelt, SixtyOneColumnsWithKnownValues) {
  auto columns = gdelt_columns(visit_record());
  ASSERT_EQ(columns.size(), 61u);
  EXPECT_EQ(column(columns, 1), "7");
  EXPECT_EQ(column(columns, 2), "20250218");
  EXPECT_EQ(column(columns, 3), "202502");
  EXPECT_EQ(column(columns, 4), "2025");
  EXPECT_EQ(column(columns, 5), "2025.1342");  // day 49 of 365, as GDELT computes it
  EXPECT_EQ(column(columns, 6), "RUSMIL");
  EXPECT_EQ(column(columns, 7), "YUNUS-BEK YEVKUROV");
  EXPECT_EQ(column(columns, 8), "RUS");
  EXPECT_EQ(column(columns, 9), "");
  EXPECT_EQ(column(columns, 13), "MIL");
  EXPECT_EQ(column(columns, 16), "IGOUNO");
  EXPECT_EQ(column(columns, 17), "UNITED NATIONS");
  EXPECT_EQ(column(columns, 18), "");
  EXPECT_EQ(column(columns, 19), "UNO");
  EXPECT_EQ(column(columns, 23), "IGO");
  EXPECT_EQ(column(columns, 26), "1");
  EXPECT_EQ(column(columns, 27), "042");
  EXPECT_EQ(column(columns, 28), "042");
  EXPECT_EQ(column(columns, 29), "04");
  EXPECT_EQ(column(columns, 30), "1");
  EXPECT_EQ(column(columns, 31), "1.9");
  EXPECT_EQ(column(columns, 32), "1");
  EXPECT_EQ(column(columns, 33), "1");
  EXPECT_EQ(column(columns, 34), "1");
  EXPECT_EQ(column(columns, 35), "");  // AvgTone
  for (size_t number = 36; number <= 51; ++number) {
    EXPECT_EQ(column(columns, number), "") << "actor geography column " << number;
  }
  EXPECT_EQ(column(columns, 52), "4");
  EXPECT_EQ(column(columns, 53), "Damascus");
  EXPECT_EQ(column(columns, 54), "SY");
  EXPECT_EQ(column(columns, 55), "SY13");
  EXPECT_EQ(column(columns, 56), "");
  EXPECT_EQ(column(columns, 57), "33.51");
  EXPECT_EQ(column(columns, 58), "36.29");
  EXPECT_EQ(column(columns, 59), "170654");
  EXPECT_EQ(column(columns, 60), "20251117000000");  // DATEADDED: first published (the document)
  EXPECT_EQ(column(columns, 61), "/data/news/syria-visit.txt");
}

// A merged event: its happening's id and counts, and the happening's first publication date.
TEST(Gdelt, MergedEventCarriesItsHappeningsCounts) {
  EventRecord record = visit_record();
  record.merge = {.merged_id = 41, .num_mentions = 5, .num_sources = 2, .num_articles = 3,
                  .first_seen = "2025-11-16", .last_seen = "2025-11-18"};
  auto columns = gdelt_columns(record);
  ASSERT_EQ(columns.size(), 61u);
  EXPECT_EQ(column(columns, 1), "41");
  EXPECT_EQ(column(columns, 32), "5");
  EXPECT_EQ(column(columns, 33), "2");
  EXPECT_EQ(column(columns, 34), "3");
  EXPECT_EQ(column(columns, 60), "20251116000000");

  std::ostringstream mention;
  write_gdelt_mention_row(mention, record);
  std::string line = mention.str();
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();
  std::vector<std::string> fields = split(line, '\t');
  ASSERT_EQ(fields.size(), 16u) << line;
  EXPECT_EQ(fields[0], "41");              // GLOBALEVENTID
  EXPECT_EQ(fields[1], "20251116000000");  // EventTimeDate: first seen
  EXPECT_EQ(fields[2], "20251117000000");  // MentionTimeDate: this document
  EXPECT_EQ(fields[3], "6");               // no URL: not a web page
  EXPECT_EQ(fields[5], "/data/news/syria-visit.txt");
  EXPECT_EQ(fields[6], "1");               // SentenceID, 1-based
  EXPECT_EQ(fields[7], "0");               // Actor1CharOffset
  EXPECT_EQ(fields[8], "30");              // Actor2CharOffset
  EXPECT_EQ(fields[11], "100");            // Confidence: neither hedged nor negated
}

TEST(Gdelt, UnknownsStayEmpty) {
  EventRecord record;
  record.doc_id = "doc";
  record.doc_url = "https://example.org/x";
  record.event.sentence = 2;
  record.event.code = "1823";
  record.event.goldstein = -10;
  record.event.date = "2025-11";
  record.event.date_precision = "month";  // not a day: falls back to doc_date, which is empty
  auto columns = gdelt_columns(record);
  ASSERT_EQ(columns.size(), 61u);
  for (size_t number : {1, 2, 3, 4, 5, 6, 7, 16, 30, 52, 53, 59, 60}) {
    EXPECT_EQ(column(columns, number), "") << "column " << number;
  }
  EXPECT_EQ(column(columns, 26), "0");
  EXPECT_EQ(column(columns, 27), "1823");
  EXPECT_EQ(column(columns, 28), "182");
  EXPECT_EQ(column(columns, 29), "18");
  EXPECT_EQ(column(columns, 31), "-10");
  EXPECT_EQ(column(columns, 61), "https://example.org/x");
}

TEST(Gdelt, FallsBackToDocumentDateAndCountryGeography) {
  EventRecord record = visit_record();
  record.event.date_precision = "month";
  record.event.date = "2025-12";
  record.event.place = EventPlace{"Syria", {"Syria", "SYR", "SY", "", 35, 38, 163843, "A.PCLI"}};
  auto columns = gdelt_columns(record);
  EXPECT_EQ(column(columns, 2), "20251117");
  EXPECT_EQ(column(columns, 52), "1");
  EXPECT_EQ(column(columns, 55), "SY");
}

TEST(Gdelt, SeparatorsInsideValuesBecomeSpaces) {
  EventRecord record = visit_record();
  record.event.source->actor.name = "Line\tone\nline two";
  auto columns = gdelt_columns(record);
  ASSERT_EQ(columns.size(), 61u);
  EXPECT_EQ(column(columns, 7), "LINE ONE LINE TWO");
}

TEST(Csv, HeaderAndQuoting) {
  std::ostringstream out;
  write_csv_header(out);
  EventRecord record = visit_record();
  record.sentence_text = "He said \"yes\", then\nleft.";
  write_csv_row(out, record);
  std::string text = out.str();
  std::string header = text.substr(0, text.find("\r\n"));
  auto names = split(header, ',');
  ASSERT_EQ(names.size(), 27u);
  EXPECT_EQ(names.front(), "id");
  EXPECT_EQ(names[5], "code");
  EXPECT_EQ(names.back(), "sentence_text");
  EXPECT_NE(text.find(",\"He said \"\"yes\"\", then\nleft.\"\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("7,/data/news/syria-visit.txt,0,2025-02-18,day,042,04,Make a visit,1,1.9,"
                      "CONSULT,RUSMIL,Yunus-Bek Yevkurov,Russian Deputy Defense Minister "
                      "Yunus-Bek Yevkurov,IGOUNO,United Nations,the United Nations,false,false,,"
                      "Damascus,SYR,33.51,36.29,0,25,"),
            std::string::npos)
      << text;
}

TEST(Tsv, SameColumnsAndNoSeparatorsInValues) {
  std::ostringstream out;
  write_tsv_header(out);
  EventRecord record = visit_record();
  record.sentence_text = "tab\there\nnewline";
  write_tsv_row(out, record);
  std::istringstream lines(out.str());
  std::string header, row, extra;
  std::getline(lines, header);
  std::getline(lines, row);
  EXPECT_FALSE(std::getline(lines, extra));
  EXPECT_EQ(split(header, '\t').size(), 27u);
  auto fields = split(row, '\t');
  ASSERT_EQ(fields.size(), 27u);
  EXPECT_EQ(fields.back(), "tab here newline");
  EXPECT_EQ(fields[11], "RUSMIL");
}

TEST(Table, HeaderRowsAndCount) {
  EventRecord first = visit_record();
  EventRecord second = visit_record();
  second.event.negated = true;
  second.event.attributed_to = Attribution{"Al Arabiya", {0, 1}};
  second.event.place.reset();
  second.event.target.reset();
  second.event.label = "A label that is much too long to fit into its column at all";
  second.doc_id = "Zürich-Überfall-Bericht-mit-einem-sehr-langen-Namen.txt";
  std::ostringstream out;
  write_table(out, {first, second});
  std::istringstream lines(out.str());
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);) all.push_back(line);
  ASSERT_EQ(all.size(), 5u) << out.str();
  EXPECT_EQ(all[0].rfind("date", 0), 0u);
  EXPECT_EQ(all[1].find_first_not_of('-'), std::string::npos);
  EXPECT_NE(all[2].find("2025-02-18"), std::string::npos);
  EXPECT_NE(all[2].find("042 Make a visit"), std::string::npos);
  EXPECT_NE(all[2].find("RUSMIL"), std::string::npos);
  EXPECT_NE(all[2].find("IGOUNO"), std::string::npos);
  EXPECT_NE(all[2].find("Damascus"), std::string::npos);
  EXPECT_NE(all[2].find("syria-visit.txt"), std::string::npos);
  EXPECT_EQ(all[2].find("/data/news"), std::string::npos);  // basename only
  EXPECT_NE(all[3].find("NA"), std::string::npos);
  EXPECT_NE(all[3].find("\xE2\x80\xA6"), std::string::npos);  // truncated with an ellipsis
  EXPECT_EQ(all[4], "2 events");

  // Columns line up in code points even with multi-byte names: the doc column starts at the same
  // code point offset on both rows.
  auto code_points_before = [](const std::string& line, size_t byte) {
    size_t count = 0;
    for (size_t i = 0; i < byte; ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++count;
    }
    return count;
  };
  EXPECT_EQ(code_points_before(all[2], all[2].find("syria")),
            code_points_before(all[3], all[3].find("Z\xC3\xBCrich")));
}

TEST(Table, EmptyList) {
  std::ostringstream out;
  write_table(out, {});
  EXPECT_NE(out.str().find("\n0 events\n"), std::string::npos);
}

}  // namespace
}  // namespace chronicle
