// One happening told by many reports: the real engine reads invented reports, the store merges
// their events (docs/database.md, "Across reports"). Pins the bars: three reports in
// different words make one event with three articles, two meetings of the same pair on different
// days stay two, a rewritten copy is not a second source, and ingest order changes nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chronicle/engine.h"
#include "chronicle/store.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

Document report(std::string id, std::string date, std::string source, std::string text) {
  Document document;
  document.id = std::move(id);
  document.path = "test";
  document.date = std::move(date);
  document.source = std::move(source);
  document.text = std::move(text);
  document.format = "txt";
  return document;
}

// Three publishers tell of one meeting in their own words (one dates it by weekday, one by date,
// one a day later and as a visit); the first publisher reports a second meeting ten days on.
std::vector<Document> reports() {
  return {
      report("nation-1", "2026-03-04", "Daily Nation",
             "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Arusha "
             "on Tuesday to discuss cross-border trade. The two leaders also reviewed plans for a "
             "new railway line linking Mombasa and Arusha, according to a statement from State "
             "House. Traders at the Namanga crossing have complained of long delays since "
             "January."),
      report("citizen-1", "2026-03-04", "The Citizen",
             "Tanzania's President Samia Suluhu Hassan held talks with Kenya's President William "
             "Ruto in Arusha on March 3, officials said. The meeting focused on trade barriers and "
             "the stalled railway project."),
      report("eastafrican-1", "2026-03-05", "The East African",
             "Kenyan leader William Ruto travelled to Arusha on Tuesday, March 3, for talks with "
             "President Samia Suluhu Hassan of Tanzania. Business groups welcomed the agreement on "
             "the Namanga border post."),
      report("nation-2", "2026-03-14", "Daily Nation",
             "President William Ruto met Tanzanian President Samia Suluhu Hassan again in Nairobi "
             "on Friday, March 13. The two leaders had last met in Arusha ten days earlier."),
  };
}

// A syndicated rewrite of the first report under another publisher's name: two words swapped for
// synonyms and the wire's boilerplate added.
Document rewritten_copy(const Document& original) {
  Document copy = original;
  copy.id = "kenyatimes-1";
  copy.source = "Kenya Times";
  auto swap_word = [&copy](const std::string& from, const std::string& to) {
    size_t at = copy.text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    copy.text.replace(at, from.size(), to);
  };
  swap_word("reviewed", "discussed");
  swap_word("long delays", "lengthy delays");
  copy.text += " (Reporting by our East Africa desk; editing by the night team.)";
  return copy;
}

// A database's merged events as the user sees them, independent of row ids: per happening its
// CAMEO root, counts and member documents.
struct Happening {
  std::string code;
  int64_t mentions = 0, sources = 0, articles = 0;
  std::string first_seen, last_seen;
  std::set<std::string> documents;
  bool operator<(const Happening& other) const {
    return std::tie(code, documents) < std::tie(other.code, other.documents);
  }
  bool operator==(const Happening& other) const = default;
};

class MergeAcrossReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::create({});
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = std::move(engine).value();
    dir_ = fs::temp_directory_path() /
           ("chronicle-merge-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Ingests `documents` in this order into a new database and reads back its happenings.
  std::vector<Happening> ingest(const std::vector<Document>& documents, const std::string& name) {
    auto store = Store::open((dir_ / name).string());
    EXPECT_TRUE(store.ok()) << store.error().message();
    if (!store.ok()) return {};
    for (const Document& document : documents) {
      auto added = store.value()->add(document, engine_->analyze(document));
      EXPECT_TRUE(added.ok() && added.value()) << document.id;
    }
    return happenings(*store.value());
  }

  static std::vector<Happening> happenings(const Store& store) {
    auto events = store.events({});
    EXPECT_TRUE(events.ok());
    std::map<int64_t, Happening> by_id;
    for (const EventRecord& record : events.value()) {
      if (record.merge.merged_id == 0) continue;
      Happening& happening = by_id[record.merge.merged_id];
      happening.mentions = record.merge.num_mentions;
      happening.sources = record.merge.num_sources;
      happening.articles = record.merge.num_articles;
      happening.first_seen = record.merge.first_seen;
      happening.last_seen = record.merge.last_seen;
      happening.documents.insert(record.doc_id);
      happening.code = record.event.root;
    }
    std::map<int64_t, int64_t> linked;
    for (const EventRecord& record : events.value()) {
      if (record.merge.merged_id != 0) ++linked[record.merge.merged_id];
    }
    std::vector<Happening> out;
    for (auto& [id, happening] : by_id) {
      // Every mention a happening counts links to it, and no other does.
      EXPECT_EQ(linked[id], happening.mentions) << "happening " << id;
      out.push_back(happening);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // The happening of root 04 (consultations) whose documents include `document`.
  static const Happening* consultation_in(const std::vector<Happening>& all,
                                          const std::string& document) {
    for (const Happening& happening : all) {
      if (happening.code == "04" && happening.documents.count(document)) return &happening;
    }
    return nullptr;
  }

  std::unique_ptr<Engine> engine_;
  fs::path dir_;
};

std::string describe(const std::vector<Happening>& all) {
  std::string out;
  for (const Happening& happening : all) {
    out += happening.code + " " + happening.first_seen + " mentions=" +
           std::to_string(happening.mentions) + " sources=" + std::to_string(happening.sources) +
           " articles=" + std::to_string(happening.articles) + " docs=";
    for (const std::string& document : happening.documents) out += document + ",";
    out += "\n";
  }
  return out;
}

TEST_F(MergeAcrossReportsTest, ThreeReportsOfOneMeetingAreOneEventWithThreeArticles) {
  auto all = ingest(reports(), "three.db");
  const Happening* meeting = consultation_in(all, "nation-1");
  ASSERT_NE(meeting, nullptr) << describe(all);
  EXPECT_EQ(meeting->documents,
            (std::set<std::string>{"nation-1", "citizen-1", "eastafrican-1"}))
      << describe(all);
  EXPECT_EQ(meeting->articles, 3) << describe(all);
  EXPECT_EQ(meeting->sources, 3) << describe(all);
  EXPECT_GE(meeting->mentions, 3) << describe(all);
  EXPECT_EQ(meeting->first_seen, "2026-03-04");
  EXPECT_EQ(meeting->last_seen, "2026-03-05");
}

TEST_F(MergeAcrossReportsTest, TwoMeetingsOfOnePairOnDifferentDaysStayTwo) {
  auto all = ingest(reports(), "two.db");
  const Happening* first = consultation_in(all, "nation-1");
  const Happening* second = consultation_in(all, "nation-2");
  ASSERT_NE(first, nullptr) << describe(all);
  ASSERT_NE(second, nullptr) << describe(all);
  EXPECT_NE(first, second) << describe(all);
  EXPECT_EQ(second->articles, 1) << describe(all);
}

TEST_F(MergeAcrossReportsTest, RewrittenCopyIsNotASecondSource) {
  std::vector<Document> documents = reports();
  documents.push_back(rewritten_copy(documents[0]));
  auto all = ingest(documents, "copy.db");
  const Happening* meeting = consultation_in(all, "kenyatimes-1");
  ASSERT_NE(meeting, nullptr) << describe(all);
  EXPECT_TRUE(meeting->documents.count("nation-1")) << describe(all);
  EXPECT_EQ(meeting->articles, 4) << describe(all);
  EXPECT_EQ(meeting->sources, 3) << "the copy and its original are one source\n" << describe(all);
}

TEST_F(MergeAcrossReportsTest, IngestOrderDoesNotChangeTheResult) {
  std::vector<Document> documents = reports();
  documents.push_back(rewritten_copy(documents[0]));
  const auto expected = ingest(documents, "forward.db");
  ASSERT_FALSE(expected.empty());
  std::vector<Document> reversed(documents.rbegin(), documents.rend());
  EXPECT_EQ(ingest(reversed, "reversed.db"), expected) << describe(expected);
  std::vector<Document> interleaved = {documents[2], documents[4], documents[0], documents[3],
                                       documents[1]};
  EXPECT_EQ(ingest(interleaved, "interleaved.db"), expected) << describe(expected);
}

}  // namespace
}  // namespace chronicle
