// PETRARCH conformance: PETRARCH's 284 unit-test records (PETR.UnitTest.records.xml) coded by
// Chronicle with PETRARCH's validation dictionaries (PETR.Validate.*: Arnor, Gondor, ...).
// Chronicle tokenizes, tags and parses the raw text itself; the records' parse trees are not used.
// Prints matched/total per category and overall (the same table as bench/petrarch_conformance), and
// holds the floor reached so that a change that codes fewer records exactly fails here. Which
// records count and what "matches" means: src/engine/petrarch_validation.h and docs/petrarch.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "engine/petrarch_validation.h"

namespace chronicle::petrarch {
namespace {

const std::string kPetrarch = std::string(CHRONICLE_SHARED_DIR) + "/data/petrarch2";

// The floor: a little below what Chronicle reaches (250 of 276 with the parser this test was
// written with, 249 with the shipped, reproducible one); the records are parsed by our own parser,
// so a retrained parser moves the count by a record or two. Raise it when the coder improves.
constexpr int kMatchedFloor = 246;
// The bar: at least 85% of the records marked for evaluation.
constexpr double kBarPercent = 85.0;

TEST(PetrarchConformance, UnitTestRecords) {
  const std::string records = kPetrarch + "/validation/PETR.UnitTest.records.xml";
  if (!std::filesystem::exists(records)) {
    GTEST_SKIP() << records
                 << " is absent: the PETRARCH conformance test needs ../shared beside the clone";
  }
  auto file = read_validation_file(records);
  ASSERT_TRUE(file.ok()) << file.error().message();
  EXPECT_EQ(file.value().records.size(), 284u);

  EngineOptions options;
  options.dictionaries_dir = kPetrarch + "/dictionaries";
  options.dictionaries_set = "PETR.Validate";
  options.dictionaries_mode = EngineOptions::DictionariesMode::kInstead;
  auto report = run_conformance(file.value(), options);
  ASSERT_TRUE(report.ok()) << report.error().message();
  std::cout << report.value().table();
  for (const RecordOutcome& outcome : report.value().outcomes) {
    if (outcome.matched || !outcome.counted) continue;
    std::cout << "  not matched: " << outcome.record->id << " [" << outcome.record->category
              << "]\n";
  }
  EXPECT_EQ(report.value().total + report.value().not_counted + report.value().not_evaluated, 284);
  EXPECT_GE(report.value().matched, kMatchedFloor);
  EXPECT_GE(report.value().percent(), kBarPercent);
}

// The reader: <Include>, attributes, expected codings, noevents, errors and <Config> settings.
TEST(PetrarchConformance, ReadsTheRecordsFile) {
  const std::string records = kPetrarch + "/validation/PETR.UnitTest.records.xml";
  if (!std::filesystem::exists(records)) GTEST_SKIP() << records << " is absent";
  auto file = read_validation_file(records);
  ASSERT_TRUE(file.ok()) << file.error().message();
  const ValidationFile& validation = file.value();
  EXPECT_NE(std::find(validation.include.begin(), validation.include.end(), "SYNSET"),
            validation.include.end());
  const ValidationRecord& first = validation.records.front();
  EXPECT_EQ(first.id, "DEMO-00");
  EXPECT_EQ(first.date, "1995-01-01");
  ASSERT_EQ(first.expected.size(), 1u);
  EXPECT_EQ(to_string(first.expected[0]), "ARN GON 064");
  EXPECT_TRUE(first.text.starts_with("Arnor is about to restore full diplomatic ties with Gondor"));
  int not_evaluated = 0, errors = 0, no_events = 0, without_dyad = 0;
  for (const ValidationRecord& record : validation.records) {
    if (!validation.evaluated(record)) ++not_evaluated;
    if (!record.error.empty()) ++errors;
    if (record.error.empty() && record.expected.empty()) ++no_events;
    auto dyad = record.config.find("require_dyad");
    if (dyad != record.config.end() && dyad->second == "false") ++without_dyad;
  }
  EXPECT_EQ(not_evaluated, 6);  // five sentence="false", and category COMPOUNDx
  EXPECT_EQ(errors, 7);
  EXPECT_EQ(no_events, 20);  // 19 noevents="True", and PATTERN-06 with no <EventCoding> at all
  EXPECT_GT(without_dyad, 0);
}

}  // namespace
}  // namespace chronicle::petrarch
