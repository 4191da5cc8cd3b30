// PETRARCH's unit-test records (validation/PETR.UnitTest.records.xml) run through our engine: the
// conformance harness behind tests/conformance/petrarch_test.cc and bench/petrarch_conformance.
//
// The file is PETRARCH's XML: an <Environment> naming the dictionaries and an <Include> list of
// categories, then <Config option=... value=...> settings that hold for the records after them,
// and <Sentence date id category sentence> records with their expected <EventCoding> elements
// (sourcecode, targetcode, eventcode; or noevents="True"; or error="..."), a <Text> and a
// reference <Parse> that we do not use (Chronicle parses the text itself).
//
// A record is evaluated ("marked for evaluation") when its sentence attribute is "true" and its
// category is in <Include>, as PETRARCH's validation run does; sentence="false" marks features
// PETRARCH itself left unimplemented. A record matches when the set of (source, target, event
// code) codings the engine produces equals the expected set exactly ("---" for a missing side).
// Expected errors: "storydiscard" / "sentencediscard" match when nothing is coded and the coder
// noted that discard; "dateline" matches when nothing is coded; "bad_input_parse" is about the
// supplied parse tree, so those records are reported but not counted.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "chronicle/engine.h"
#include "chronicle/status.h"

namespace chronicle::petrarch {

using Coding = std::tuple<std::string, std::string, std::string>;  // source, target, event code

struct ValidationRecord {
  std::string id;
  std::string category;
  std::string date;  // "YYYY-MM-DD" or empty
  std::string text;
  bool sentence = true;
  std::vector<Coding> expected;
  std::string error;  // expected error ("storydiscard"), empty when codings are expected
  std::map<std::string, std::string> config;  // <Config> options in force (lower-case names)
  int line = 0;
};

struct ValidationFile {
  std::vector<std::string> include;  // categories to evaluate
  std::vector<ValidationRecord> records;
  bool evaluated(const ValidationRecord& record) const;
};

// Fails when the file cannot be read or a record lacks its <Text>, naming file and line.
Result<ValidationFile> read_validation_file(const std::string& path);

struct CategoryScore {
  std::string category;
  int matched = 0;
  int total = 0;
};

struct RecordOutcome {
  const ValidationRecord* record = nullptr;
  std::vector<Coding> got;
  bool matched = false;
  bool counted = true;  // false for errors about the supplied parse
};

struct ConformanceReport {
  std::vector<CategoryScore> categories;  // in order of first appearance
  int matched = 0;
  int total = 0;
  int not_counted = 0;
  int not_evaluated = 0;
  std::vector<RecordOutcome> outcomes;  // evaluated records
  double percent() const { return total == 0 ? 0 : 100.0 * matched / total; }
  // One line per category, then the overall line.
  std::string table() const;
};

// Runs every evaluated record through an engine created with `base` plus the dictionaries and
// the record's require_dyad setting.
Result<ConformanceReport> run_conformance(const ValidationFile& file, const EngineOptions& base);

std::string to_string(const Coding& coding);

}  // namespace chronicle::petrarch
