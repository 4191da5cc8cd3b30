#include "engine/petrarch_validation.h"
#include "text/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace chronicle::petrarch {
namespace {

std::string lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool replaced = false;
      for (const auto& [entity, ch] : kEntities) {
        if (text.substr(pos, entity.size()) == entity) {
          out += ch;
          pos += entity.size() - 1;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += text[pos];
  }
  return out;
}

// name="value" or name='value' pairs of one tag (spaces allowed around '=').
std::map<std::string, std::string> attributes(std::string_view tag) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < tag.size()) {
    size_t equals = tag.find('=', pos);
    if (equals == std::string_view::npos) break;
    size_t name_end = equals;
    while (name_end > pos && std::isspace(static_cast<unsigned char>(tag[name_end - 1])))
      --name_end;
    size_t name_begin = name_end;
    while (name_begin > pos && (std::isalnum(static_cast<unsigned char>(tag[name_begin - 1])) ||
                                tag[name_begin - 1] == '_')) {
      --name_begin;
    }
    size_t quote = equals + 1;
    while (quote < tag.size() && std::isspace(static_cast<unsigned char>(tag[quote]))) ++quote;
    if (quote >= tag.size() || (tag[quote] != '"' && tag[quote] != '\'')) {
      pos = equals + 1;
      continue;
    }
    size_t close = tag.find(tag[quote], quote + 1);
    if (close == std::string_view::npos) break;
    std::string value(tag.substr(quote + 1, close - quote - 1));
    // New-actor names are written '"NAME"': the quotes are part of PETRARCH's output.
    out[lower(std::string(tag.substr(name_begin, name_end - name_begin)))] = unescape(value);
    pos = close + 1;
  }
  return out;
}

// The file with XML comments blanked out (newlines kept, so that line numbers stay right).
std::string without_comments(std::string text) {
  size_t pos = 0;
  while ((pos = text.find("<!--", pos)) != std::string::npos) {
    size_t close = text.find("-->", pos + 4);
    size_t end = close == std::string::npos ? text.size() : close + 3;
    for (size_t idx = pos; idx < end; ++idx) {
      if (text[idx] != '\n') text[idx] = ' ';
    }
    pos = end;
  }
  return text;
}

std::string iso_date(const std::string& date) {
  if (date.size() != 8) return "";
  return date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
}

}  // namespace

std::string to_string(const Coding& coding) {
  return std::get<0>(coding) + " " + std::get<1>(coding) + " " + std::get<2>(coding);
}

bool ValidationFile::evaluated(const ValidationRecord& record) const {
  return record.sentence &&
         std::find(include.begin(), include.end(), record.category) != include.end();
}

Result<ValidationFile> read_validation_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open the validation records");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = without_comments(buffer.str());
  auto line_at = [&](size_t pos) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
  };

  ValidationFile file;
  if (size_t open = text.find("<Include>"); open != std::string::npos) {
    size_t close = text.find("</Include>", open);
    std::istringstream categories(text.substr(open + 9, close - open - 9));
    std::string category;
    while (categories >> category) file.include.push_back(category);
  }
  std::map<std::string, std::string> config;
  size_t pos = 0;
  while (true) {
    size_t sentence = text.find("<Sentence ", pos);
    size_t setting = text.find("<Config ", pos);
    if (sentence == std::string::npos && setting == std::string::npos) break;
    if (setting < sentence) {
      size_t close = text.find('>', setting);
      auto attrs = attributes(text.substr(setting, close - setting));
      config[lower(attrs["option"])] = lower(attrs["value"]);
      pos = close;
      continue;
    }
    size_t tag_end = text.find('>', sentence);
    size_t end = text.find("</Sentence>", sentence);
    if (tag_end == std::string::npos || end == std::string::npos) {
      return Error(path + ":" + std::to_string(line_at(sentence)) +
                   ": <Sentence> without </Sentence>");
    }
    auto attrs = attributes(text.substr(sentence, tag_end - sentence));
    ValidationRecord record;
    record.line = line_at(sentence);
    record.id = attrs.count("id") ? attrs["id"] : "line " + std::to_string(record.line);
    record.category = attrs["category"];
    record.date = iso_date(attrs["date"]);
    record.sentence = lower(attrs["sentence"]) != "false";
    record.config = config;
    std::string body = text.substr(tag_end + 1, end - tag_end - 1);
    size_t text_open = body.find("<Text>");
    size_t text_close = body.find("</Text>");
    if (text_open == std::string::npos || text_close == std::string::npos) {
      return Error(path + ":" + std::to_string(record.line) + ": record " + record.id +
                   " has no <Text>");
    }
    record.text = text::collapse_whitespace(unescape(body.substr(text_open + 6, text_close - text_open - 6)));
    size_t coding = 0;
    while ((coding = body.find("<EventCoding", coding)) != std::string::npos) {
      size_t coding_end = body.find('>', coding);
      auto coding_attrs = attributes(body.substr(coding, coding_end - coding));
      if (coding_attrs.count("error")) {
        record.error = coding_attrs["error"];
      } else if (coding_attrs.count("eventcode")) {
        record.expected.emplace_back(coding_attrs["sourcecode"], coding_attrs["targetcode"],
                                     coding_attrs["eventcode"]);
      }
      coding = coding_end;
    }
    file.records.push_back(std::move(record));
    pos = end;
  }
  return file;
}

std::string ConformanceReport::table() const {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-10s %8s %6s\n", "category", "matched", "%");
  out += line;
  for (const CategoryScore& score : categories) {
    std::snprintf(line, sizeof line, "%-10s %4d/%-4d %5.1f\n", score.category.c_str(),
                  score.matched, score.total,
                  score.total == 0 ? 0.0 : 100.0 * score.matched / score.total);
    out += line;
  }
  std::snprintf(line, sizeof line, "%-10s %4d/%-4d %5.1f\n", "overall", matched, total, percent());
  out += line;
  std::snprintf(
      line, sizeof line,
      "(%d records not evaluated: sentence=\"false\" or category not in <Include>; %d expected "
      "bad_input_parse errors about the supplied parse trees not counted)\n",
      not_evaluated, not_counted);
  out += line;
  return out;
}

Result<ConformanceReport> run_conformance(const ValidationFile& file, const EngineOptions& base) {
  std::map<bool, std::unique_ptr<Engine>> engines;  // by require_dyad
  ConformanceReport report;
  for (const ValidationRecord& record : file.records) {
    if (!file.evaluated(record)) {
      ++report.not_evaluated;
      continue;
    }
    auto setting = record.config.find("require_dyad");
    bool require_dyad = setting == record.config.end() || setting->second != "false";
    std::unique_ptr<Engine>& engine = engines[require_dyad];
    if (!engine) {
      EngineOptions options = base;
      options.require_dyad = require_dyad;
      auto created = Engine::create(options);
      if (!created.ok()) return created.error();
      engine = std::move(created).value();
    }
    Document document;
    document.id = record.id;
    document.path = "PETR.UnitTest.records.xml:" + std::to_string(record.line);
    document.date = record.date;
    document.text = record.text;
    document.format = "txt";
    Analysis analysis = engine->analyze(document);

    RecordOutcome outcome;
    outcome.record = &record;
    std::set<Coding> got;
    for (const Event& event : analysis.events) {
      got.emplace(event.source ? event.source->actor.code : "---",
                  event.target ? event.target->actor.code : "---", event.code);
    }
    outcome.got.assign(got.begin(), got.end());
    std::set<Coding> expected(record.expected.begin(), record.expected.end());
    if (record.error.empty()) {
      outcome.matched = got == expected;
    } else if (record.error == "bad_input_parse") {
      outcome.counted = false;
    } else {
      bool noted = record.error != "storydiscard" && record.error != "sentencediscard";
      for (const std::string& note : analysis.notes) {
        if (record.error == "storydiscard" && note.find("story discarded") != std::string::npos)
          noted = true;
        if (record.error == "sentencediscard" &&
            note.find("discarded: it has") != std::string::npos)
          noted = true;
      }
      outcome.matched = got.empty() && noted;
    }
    if (outcome.counted) {
      auto score = std::find_if(
          report.categories.begin(), report.categories.end(),
          [&](const CategoryScore& category) { return category.category == record.category; });
      if (score == report.categories.end()) {
        report.categories.push_back({record.category, 0, 0});
        score = report.categories.end() - 1;
      }
      ++score->total;
      ++report.total;
      if (outcome.matched) {
        ++score->matched;
        ++report.matched;
      }
    } else {
      ++report.not_counted;
    }
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace chronicle::petrarch
