// chronicle duplicates: groups of near-duplicate documents in a database (duplicates.h,
// docs/duplicates.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "chronicle/duplicates.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct DuplicatesOptions {
  std::string db = "chronicle.db";
  double threshold = DuplicateOptions{}.threshold;
  double containment = DuplicateOptions{}.containment_threshold;
  std::string format = "table";
};

// What a listing shows of a document.
struct Listed {
  std::string doc_id;
  std::string title;
  std::string date;
  std::string source;
};

// A group member with its closest match in the group: the highest estimated Jaccard index and
// containment with another member.
struct Member {
  int64_t row = 0;
  double jaccard = 0;
  double containment = 0;
};

std::string fixed2(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Titles are cut for the table (on a UTF-8 boundary) and kept whole in CSV and JSON.
std::string table_title(const std::string& title) {
  constexpr size_t kWidth = 60;
  if (title.size() <= kWidth) return title;
  size_t cut = kWidth;
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
  return title.substr(0, cut) + "...";
}

}  // namespace

std::function<int()> add_duplicates(CLI::App& app) {
  auto options = std::make_shared<DuplicatesOptions>();
  CLI::App* command = app.add_subcommand(
      "duplicates",
      "List groups of near-duplicate documents (rewritten, syndicated or truncated copies of one "
      "story): MinHash over 4-word shingles, copies when Jaccard or containment reach their "
      "threshold and they share at least half their numbers; see docs/duplicates.md.");
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command
      ->add_option("--threshold", options->threshold,
                   "copies when the estimated Jaccard index of their shingle sets is at least this")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  command
      ->add_option("--containment", options->containment,
                   "or when the shorter one's shingles are at least this fraction inside the "
                   "longer one's (truncated copies); above 1: never")
      ->check(CLI::Range(0.01, 2.0))
      ->capture_default_str();
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  return [options] {
    std::error_code exists_error;
    if (!std::filesystem::exists(options->db, exists_error)) {
      std::cerr << "chronicle: no database at " << options->db
                << " (run `chronicle ingest` first)\n";
      return kExitUsage;
    }
    auto store = Store::open(options->db);
    if (!store.ok()) {
      std::cerr << "chronicle: cannot open database: " << store.error().message() << "\n";
      return kExitUsage;
    }
    DuplicateOptions detector_options;
    detector_options.threshold = options->threshold;
    detector_options.containment_threshold = options->containment;
    NearDuplicateDetector detector(detector_options);
    std::map<int64_t, Listed> listed;
    Status status = store.value()->for_each_document([&](int64_t row, const Document& document) {
      detector.add(static_cast<uint64_t>(row), document.text);
      listed[row] = {document.id, document.title, document.date, document.source};
    });
    if (!status.ok()) {
      std::cerr << "chronicle: reading documents failed: " << status.message() << "\n";
      return kExitUsage;
    }

    // Each member's best match inside its group, from the stored signatures.
    std::vector<std::vector<Member>> groups;
    for (const DuplicateGroup& group : detector.groups()) {
      std::vector<Member> members;
      for (uint64_t key : group.members) {
        Member member{static_cast<int64_t>(key), 0, 0};
        for (uint64_t other : group.members) {
          if (other == key) continue;
          DuplicateSimilarity similarity = duplicate_similarity(
              *detector.signature(key), *detector.signature(other), detector_options);
          member.jaccard = std::max(member.jaccard, similarity.jaccard);
          member.containment = std::max(member.containment, similarity.containment);
        }
        members.push_back(member);
      }
      groups.push_back(std::move(members));
    }

    if (options->format == "json") {
      nlohmann::json out = {{"threshold", options->threshold},
                            {"containment", options->containment},
                            {"documents", detector.size()},
                            {"groups", nlohmann::json::array()}};
      for (size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
        nlohmann::json members = nlohmann::json::array();
        for (const Member& member : groups[group_idx]) {
          const Listed& doc = listed[member.row];
          members.push_back({{"row", member.row},
                             {"doc", doc.doc_id},
                             {"title", doc.title},
                             {"date", doc.date},
                             {"source", doc.source},
                             {"jaccard", std::round(member.jaccard * 1000) / 1000},
                             {"containment", std::round(member.containment * 1000) / 1000}});
        }
        out["groups"].push_back({{"group", group_idx + 1}, {"members", members}});
      }
      std::cout << out.dump() << '\n';
    } else if (options->format == "csv") {
      std::cout << "group,doc,row,date,source,jaccard,containment,title\n";
      for (size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
        for (const Member& member : groups[group_idx]) {
          const Listed& doc = listed[member.row];
          std::cout << group_idx + 1 << ',' << csv_field(doc.doc_id) << ',' << member.row << ','
                    << csv_field(doc.date) << ',' << csv_field(doc.source) << ','
                    << fixed2(member.jaccard) << ',' << fixed2(member.containment) << ','
                    << csv_field(doc.title) << '\n';
        }
      }
    } else {
      std::printf("%-6s %-28s %-10s %-14s %-7s %-11s %s\n", "group", "doc", "date", "source",
                  "jaccard", "containment", "title");
      for (size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
        for (const Member& member : groups[group_idx]) {
          const Listed& doc = listed[member.row];
          std::printf("%-6zu %-28s %-10s %-14s %-7s %-11s %s\n", group_idx + 1,
                      doc.doc_id.c_str(), doc.date.empty() ? "-" : doc.date.c_str(),
                      doc.source.empty() ? "-" : doc.source.c_str(), fixed2(member.jaccard).c_str(),
                      fixed2(member.containment).c_str(), table_title(doc.title).c_str());
        }
      }
      std::fflush(stdout);
    }
    size_t grouped = 0;
    for (const auto& group : groups) grouped += group.size();
    std::cerr << "chronicle: " << detector.size() << " documents, " << groups.size()
              << " groups of near-duplicates (" << grouped << " documents)\n";
    return kExitOk;
  };
}

}  // namespace chronicle::cli
