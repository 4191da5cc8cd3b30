// Tests for the CAMEO table, the verb pattern loader and the modality cues, on the shipped data
// files and on small broken files written to a temporary directory.
#include "events/cameo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

namespace chronicle::events {
namespace {

const std::string kDataDir = CHRONICLE_DATA_DIR;

std::unique_ptr<CameoTable> load_table() {
  auto table = CameoTable::load(kDataDir + "/cameo.tsv");
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message());
  return table.ok() ? std::move(table).value() : nullptr;
}

// Writes `text` to a fresh file in a per-process temporary directory; returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("chronicle_cameo_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// A small valid table for the pattern-parser tests.
const char* kSmallTable =
    "# test table\n"
    "01\tMake public statement\t0.0\t1\tOTHER\n"
    "010\tMake statement\t0.0\t1\tOTHER\n"
    "04\tConsult\t1.0\t1\tCONSULT\n"
    "040\tConsult\t1.0\t1\tCONSULT\n"
    "042\tMake a visit\t1.9\t1\tCONSULT\n"
    "19\tFight\t-10.0\t4\tASSAULT\n"
    "190\tFight\t-10.0\t4\tASSAULT\n"
    "195\tAerial weapons\t-10.0\t4\tASSAULT\n";

std::unique_ptr<CameoTable> small_table() {
  auto table = CameoTable::load(write_temp("small.tsv", kSmallTable));
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message());
  return table.ok() ? std::move(table).value() : nullptr;
}

// ---- the table ---------------------------------------------------------------------------------

TEST(CameoTable, LoadsAllRootsAndCodes) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  EXPECT_GE(table->codes().size(), 300u);
  for (int root = 1; root <= 20; ++root) {
    std::string code = std::to_string(root);
    if (code.size() == 1) code.insert(code.begin(), '0');
    EXPECT_NE(table->find(code), nullptr) << "missing root " << code;
    EXPECT_NE(table->find(code + "0"), nullptr) << "missing base code " << code << "0";
  }
}

TEST(CameoTable, EveryCodeHasItsParentAndRootQuadClass) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  for (const CameoCode& row : table->codes()) {
    if (row.code.size() > 2) {
      EXPECT_NE(table->find(row.code.substr(0, row.code.size() - 1)), nullptr) << row.code;
    }
    int root = std::stoi(row.code.substr(0, 2));
    int expected = root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
    EXPECT_EQ(row.quad_class, expected) << row.code;
    EXPECT_GE(row.goldstein, -10.0) << row.code;
    EXPECT_LE(row.goldstein, 10.0) << row.code;
    EXPECT_FALSE(row.plover.empty()) << row.code;
  }
}

TEST(CameoTable, KnownValues) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  const CameoCode* visit = table->find("042");
  ASSERT_NE(visit, nullptr);
  EXPECT_EQ(visit->label, "Make a visit");
  EXPECT_DOUBLE_EQ(visit->goldstein, 1.9);
  EXPECT_EQ(visit->quad_class, 1);
  EXPECT_EQ(visit->plover, "CONSULT");

  struct Expected { const char* code; double goldstein; int quad; const char* plover; };
  for (const Expected& expected : {Expected{"057", 8.0, 1, "AGREE"},
                                   Expected{"0871", 9.0, 2, "RETREAT"},
                                   Expected{"111", -2.0, 3, "ACCUSE"},
                                   Expected{"163", -8.0, 4, "SANCTION"},
                                   Expected{"173", -5.0, 4, "COERCE"},
                                   Expected{"195", -10.0, 4, "ASSAULT"},
                                   Expected{"2042", -10.0, 4, "ASSAULT"}}) {
    const CameoCode* row = table->find(expected.code);
    ASSERT_NE(row, nullptr) << expected.code;
    EXPECT_DOUBLE_EQ(row->goldstein, expected.goldstein) << expected.code;
    EXPECT_EQ(row->quad_class, expected.quad) << expected.code;
    EXPECT_EQ(row->plover, expected.plover) << expected.code;
  }
  EXPECT_EQ(table->find("999"), nullptr);
  EXPECT_EQ(table->find("21"), nullptr);
  EXPECT_EQ(table->find(""), nullptr);
}

TEST(CameoTable, CodesAreSortedAndUnique) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  for (size_t idx = 1; idx < table->codes().size(); ++idx) {
    EXPECT_LT(table->codes()[idx - 1].code, table->codes()[idx].code);
  }
}

void expect_table_error(const std::string& name, const std::string& text,
                        const std::string& expected_fragment) {
  std::string path = write_temp(name, text);
  auto table = CameoTable::load(path);
  ASSERT_FALSE(table.ok()) << name;
  EXPECT_NE(table.error().message().find(expected_fragment), std::string::npos)
      << table.error().message();
  EXPECT_NE(table.error().message().find(path), std::string::npos) << table.error().message();
}

TEST(CameoTable, RejectsBrokenRowsWithFileAndLine) {
  std::string head = "01\tMake public statement\t0.0\t1\tOTHER\n";
  expect_table_error("columns.tsv", head + "010\tMake statement\t0.0\t1\n", ":2: expected 5");
  expect_table_error("code.tsv", head + "01x\tBad\t0.0\t1\tOTHER\n", ":2: bad CAMEO code");
  expect_table_error("root.tsv", head + "21\tNo such root\t0.0\t4\tOTHER\n", ":2: bad CAMEO code");
  expect_table_error("goldstein.tsv", head + "010\tStatement\t12.5\t1\tOTHER\n", ":2: Goldstein");
  expect_table_error("number.tsv", head + "010\tStatement\tzero\t1\tOTHER\n", ":2: bad Goldstein");
  expect_table_error("quad.tsv", head + "010\tStatement\t0.0\t3\tOTHER\n", ":2: quad class 3");
  expect_table_error("plover.tsv", head + "010\tStatement\t0.0\t1\tCHAT\n", ":2: unknown PLOVER");
  expect_table_error("duplicate.tsv", head + "# comment\n01\tAgain\t0.0\t1\tOTHER\n",
                     ":3: duplicate code 01 (first on line 1)");
  expect_table_error("parent.tsv", head + "0211\tOrphan\t3.4\t1\tREQUEST\n",
                     ":2: code 0211 has no parent code 021");
  auto missing = CameoTable::load("/nonexistent/cameo.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("/nonexistent/cameo.tsv: cannot open"),
            std::string::npos);
}

// ---- the patterns ------------------------------------------------------------------------------

TEST(PatternSet, ShippedPatternsLoadAndCoverAllRoots) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  auto patterns = PatternSet::load(kDataDir + "/verbs.txt", *table);
  ASSERT_TRUE(patterns.ok()) << patterns.error().message();
  const PatternSet& set = *patterns.value();
  EXPECT_GE(set.patterns().size(), 500u);

  std::set<std::string> codes, roots;
  size_t nominal = 0;
  for (const VerbPattern& pattern : set.patterns()) {
    EXPECT_NE(table->find(pattern.code), nullptr) << pattern.text;
    ASSERT_FALSE(pattern.elements.empty());
    EXPECT_EQ(pattern.elements.front().kind, PatternElement::Kind::kWord) << pattern.text;
    codes.insert(pattern.code);
    roots.insert(pattern.code.substr(0, 2));
    if (pattern.nominal) ++nominal;
  }
  EXPECT_GE(codes.size(), 150u);
  EXPECT_EQ(roots.size(), 20u);
  EXPECT_GE(nominal, 50u);
}

TEST(PatternSet, StartingWithFindsCommonTriggers) {
  auto table = load_table();
  ASSERT_NE(table, nullptr);
  auto patterns = PatternSet::load(kDataDir + "/verbs.txt", *table);
  ASSERT_TRUE(patterns.ok()) << patterns.error().message();
  for (const char* word : {"meet", "attack", "sign", "visit", "accuse", "arrest", "talk",
                           "airstrike", "sanction", "protest"}) {
    const auto* found = patterns.value()->starting_with(word);
    ASSERT_NE(found, nullptr) << word;
    EXPECT_FALSE(found->empty()) << word;
  }
  EXPECT_EQ(patterns.value()->starting_with("xylophone"), nullptr);

  // The general "meet +" and a more specific pattern both exist, most specific first.
  const auto* meet = patterns.value()->starting_with("meet");
  ASSERT_NE(meet, nullptr);
  bool general = false;
  for (const VerbPattern* pattern : *meet) {
    if (pattern->text == "meet +" && pattern->code == "040") general = true;
  }
  EXPECT_TRUE(general);
  auto words = [](const VerbPattern* pattern) {
    size_t count = 0;
    for (const PatternElement& element : pattern->elements) {
      if (element.kind == PatternElement::Kind::kWord) ++count;
    }
    return count;
  };
  for (size_t idx = 1; idx < meet->size(); ++idx) {
    EXPECT_GE(words((*meet)[idx - 1]), words((*meet)[idx]));
  }
}

TEST(PatternSet, ParsesElementsAndSections) {
  auto table = small_table();
  ASSERT_NE(table, nullptr);
  std::string path = write_temp("good.txt",
                                "# comment\n"
                                "[verbal]\n"
                                "040\tmeet +\n"
                                "042    visit|tour +   # inline comment\n"
                                "195\tattack ~ with drone|drones\n"
                                "190\tattack +\n"
                                "[nominal]\n"
                                "040\ttalks between $ and +\n"
                                "190\tattack +\n");
  auto patterns = PatternSet::load(path, *table);
  ASSERT_TRUE(patterns.ok()) << patterns.error().message();
  const auto& list = patterns.value()->patterns();
  ASSERT_EQ(list.size(), 6u);

  EXPECT_EQ(list[1].code, "042");
  EXPECT_EQ(list[1].text, "visit|tour +");
  EXPECT_EQ(list[1].line, 4);
  ASSERT_EQ(list[1].elements.size(), 2u);
  EXPECT_EQ(list[1].elements[0].words, (std::vector<std::string>{"visit", "tour"}));
  EXPECT_EQ(list[1].elements[1].kind, PatternElement::Kind::kTarget);
  EXPECT_FALSE(list[1].nominal);

  ASSERT_EQ(list[2].elements.size(), 4u);
  EXPECT_EQ(list[2].elements[1].kind, PatternElement::Kind::kGap);

  EXPECT_FALSE(list[3].nominal);
  EXPECT_TRUE(list[4].nominal);
  ASSERT_EQ(list[4].elements.size(), 5u);
  EXPECT_EQ(list[4].elements[2].kind, PatternElement::Kind::kSource);
  EXPECT_EQ(list[4].elements[4].kind, PatternElement::Kind::kTarget);

  // Same text in two sections is allowed; "tour" indexes the visit pattern too.
  EXPECT_TRUE(list[5].nominal);
  ASSERT_NE(patterns.value()->starting_with("tour"), nullptr);
  EXPECT_EQ(patterns.value()->starting_with("tour")->front()->code, "042");
  // The specific drone pattern comes before the general one.
  const auto* attack = patterns.value()->starting_with("attack");
  ASSERT_NE(attack, nullptr);
  ASSERT_EQ(attack->size(), 3u);
  EXPECT_EQ(attack->front()->code, "195");
}

void expect_pattern_error(const CameoTable& table, const std::string& name,
                          const std::string& text, const std::string& expected_fragment) {
  std::string path = write_temp(name, text);
  auto patterns = PatternSet::load(path, table);
  ASSERT_FALSE(patterns.ok()) << name;
  EXPECT_NE(patterns.error().message().find(path + expected_fragment), std::string::npos)
      << patterns.error().message();
}

TEST(PatternSet, RejectsBrokenPatternsWithFileAndLine) {
  auto table = small_table();
  ASSERT_NE(table, nullptr);
  std::string good = "040\tmeet +\n";
  expect_pattern_error(*table, "badcode.txt", good + "4x2\tvisit +\n", ":2: bad CAMEO code '4x2'");
  expect_pattern_error(*table, "unknown.txt", good + "\n057\tsign ~ agreement\n",
                       ":3: unknown CAMEO code 057");
  expect_pattern_error(*table, "plus.txt", good + "190\t+ attack\n", ":2: pattern starts with '+'");
  expect_pattern_error(*table, "gap.txt", good + "190\t~ attack\n", ":2: pattern starts with '~'");
  expect_pattern_error(*table, "upper.txt", good + "190\tAttack +\n", ":2: bad word 'Attack'");
  expect_pattern_error(*table, "emptyalt.txt", good + "190\tattack|| +\n", ":2: bad word ''");
  expect_pattern_error(*table, "twotargets.txt", good + "190\tattack + and +\n",
                       ":2: more than one target slot");
  expect_pattern_error(*table, "trailinggap.txt", good + "190\tattack ~\n",
                       ":2: pattern ends with '~'");
  expect_pattern_error(*table, "nopattern.txt", good + "190\n", ":2: '190': expected");
  expect_pattern_error(*table, "section.txt", "[adverbial]\n" + good, ":1: unknown section");
  expect_pattern_error(*table, "duplicate.txt", good + "190\tmeet  +\n",
                       ":2: duplicate pattern 'meet  +' (first on line 1)");
}

// ---- modality cues ------------------------------------------------------------------------------

TEST(ModalityCues, ShippedCuesLoad) {
  auto cues = ModalityCues::load(kDataDir + "/modality.txt");
  ASSERT_TRUE(cues.ok()) << cues.error().message();
  auto has = [](const std::vector<std::vector<std::string>>& list,
                const std::vector<std::string>& cue) {
    for (const auto& entry : list) {
      if (entry == cue) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(cues.value().negation, {"not"}));
  EXPECT_TRUE(has(cues.value().negation, {"n't"}));
  EXPECT_TRUE(has(cues.value().negation, {"yet", "to"}));
  EXPECT_TRUE(has(cues.value().hedge, {"reportedly"}));
  EXPECT_TRUE(has(cues.value().hedge, {"expected", "to"}));
  EXPECT_TRUE(has(cues.value().attribution, {"according", "to"}));
  EXPECT_TRUE(has(cues.value().attribution, {"say"}));
  // A hedge must not also be a negation: the coder would report both.
  for (const auto& hedge : cues.value().hedge) EXPECT_FALSE(has(cues.value().negation, hedge));
}

TEST(ModalityCues, RejectsBrokenLines) {
  auto expect_error = [](const std::string& name, const std::string& text,
                         const std::string& fragment) {
    std::string path = write_temp(name, text);
    auto cues = ModalityCues::load(path);
    ASSERT_FALSE(cues.ok()) << name;
    EXPECT_NE(cues.error().message().find(path + fragment), std::string::npos)
        << cues.error().message();
  };
  std::string good = "negation\tnot\nhedge\treportedly\nattribution\taccording to\n";
  expect_error("kind.txt", good + "doubt\tmaybe\n", ":4: unknown cue kind 'doubt'");
  expect_error("notab.txt", good + "hedge maybe\n", ":4: 'hedge maybe': expected");
  expect_error("upper.txt", good + "hedge\tReportedly\n", ":4: bad cue word 'Reportedly'");
  expect_error("empty.txt", good + "hedge\t  \n", ":4: empty hedge cue");
  expect_error("dup.txt", good + "negation\tnot\n", ":4: duplicate negation cue (first on line 1)");
  std::string path = write_temp("missingkind.txt", "negation\tnot\nhedge\tmay\n");
  EXPECT_FALSE(ModalityCues::load(path).ok());
}

}  // namespace
}  // namespace chronicle::events
