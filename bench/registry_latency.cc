// The actor registry's queries (`chronicle actors`, `chronicle actor`) timed on a database, and a
// way to build a large one: the bar of issue 5 is < 200 ms per query on ~20k documents / ~500k
// actor mentions.
//
//   build/registry_latency DB [RUNS=20]
//       times each query RUNS times (after a warm-up) and prints median and max in ms;
//   build/registry_latency --grow SOURCE_DB TARGET_DB COPIES
//       stores every document of SOURCE_DB COPIES times into TARGET_DB through Store::add (its
//       sentences, actor mentions and events as stored; each copy with its own id and text, so
//       the registry links every copy as it would a new report), printing documents/s.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "chronicle/export.h"
#include "chronicle/store.h"

namespace {

using chronicle::Store;
using Clock = std::chrono::steady_clock;

std::string text_of(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

// Replays SOURCE's documents into TARGET `copies` times.
int grow(const std::string& source, const std::string& target, int copies) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(source.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", source.c_str());
    return 2;
  }
  auto store = Store::open(target);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().message().c_str());
    return 2;
  }
  std::vector<int64_t> documents;
  sqlite3_stmt* list = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM documents ORDER BY id", -1, &list, nullptr);
  while (sqlite3_step(list) == SQLITE_ROW) documents.push_back(sqlite3_column_int64(list, 0));
  sqlite3_finalize(list);
  sqlite3_stmt* doc = nullptr;
  sqlite3_stmt* sentences = nullptr;
  sqlite3_stmt* mentions = nullptr;
  sqlite3_stmt* events = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT doc_id, path, title, date, source, url, format, text FROM "
                     "documents WHERE id = ?",
                     -1, &doc, nullptr);
  sqlite3_prepare_v2(db, "SELECT begin, end FROM sentences WHERE document_id = ? ORDER BY idx", -1,
                     &sentences, nullptr);
  sqlite3_prepare_v2(db,
                     "SELECT begin, end, text, code, country, sector, name, kind, role, "
                     "actor_id FROM actor_mentions WHERE document_id = ? ORDER BY rowid",
                     -1, &mentions, nullptr);
  sqlite3_prepare_v2(db, "SELECT json FROM events WHERE document_id = ? ORDER BY id", -1, &events,
                     nullptr);
  size_t stored = 0;
  auto started = Clock::now();
  for (int copy = 0; copy < copies; ++copy) {
    for (int64_t row : documents) {
      chronicle::Document document;
      chronicle::Analysis analysis;
      for (sqlite3_stmt* stmt : {doc, sentences, mentions, events}) {
        sqlite3_reset(stmt);
        sqlite3_bind_int64(stmt, 1, row);
      }
      if (sqlite3_step(doc) != SQLITE_ROW) continue;
      document.id = text_of(doc, 0) + (copy ? "#" + std::to_string(copy) : "");
      document.path = text_of(doc, 1);
      document.title = text_of(doc, 2);
      document.date = text_of(doc, 3);
      document.source = text_of(doc, 4);
      document.url = text_of(doc, 5);
      document.format = text_of(doc, 6);
      document.text = text_of(doc, 7);
      while (sqlite3_step(sentences) == SQLITE_ROW) {
        chronicle::Sentence sentence;
        sentence.span = {static_cast<uint32_t>(sqlite3_column_int64(sentences, 0)),
                         static_cast<uint32_t>(sqlite3_column_int64(sentences, 1))};
        analysis.sentences.push_back(sentence);
      }
      while (sqlite3_step(mentions) == SQLITE_ROW) {
        chronicle::ActorMention mention;
        mention.range.span = {static_cast<uint32_t>(sqlite3_column_int64(mentions, 0)),
                              static_cast<uint32_t>(sqlite3_column_int64(mentions, 1))};
        mention.range.first_token = UINT32_MAX;  // no tokens: the sentence comes from the span
        mention.text = text_of(mentions, 2);
        mention.actor = {text_of(mentions, 3), text_of(mentions, 4), text_of(mentions, 5),
                         text_of(mentions, 6)};
        mention.kind = text_of(mentions, 7);
        mention.role = text_of(mentions, 8);
        mention.actor_id = text_of(mentions, 9);
        analysis.actors.push_back(std::move(mention));
      }
      while (sqlite3_step(events) == SQLITE_ROW) {
        auto record = chronicle::event_from_json(text_of(events, 0));
        if (record.ok()) analysis.events.push_back(record.value().event);
      }
      auto added = store.value()->add(document, analysis);
      if (!added.ok()) {
        std::fprintf(stderr, "%s\n", added.error().message().c_str());
        return 1;
      }
      stored += added.value() ? 1 : 0;
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("stored %zu documents in %.1f s (%.0f documents/s)\n", stored, seconds,
              static_cast<double>(stored) / seconds);
  for (sqlite3_stmt* stmt : {doc, sentences, mentions, events}) sqlite3_finalize(stmt);
  sqlite3_close(db);
  return 0;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int time_queries(const std::string& path, int runs) {
  auto opened = Store::open(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.error().message().c_str());
    return 2;
  }
  Store& store = *opened.value();
  auto counts = store.counts();
  if (counts.ok()) {
    std::printf("%lld documents, %lld actor mentions, %lld events\n",
                static_cast<long long>(counts.value().documents),
                static_cast<long long>(counts.value().actor_mentions),
                static_cast<long long>(counts.value().events));
  }
  // The most mentioned actor, person and organisation: the heaviest profiles.
  auto top = [&](const std::string& kind) -> int64_t {
    chronicle::RegistryQuery query;
    query.kind = kind;
    query.limit = 1;
    auto found = store.registry_actors(query);
    return found.ok() && !found.value().empty() ? found.value().front().id : 0;
  };
  struct Case {
    std::string label;
    std::function<bool()> run;
  };
  auto list = [&](chronicle::RegistryQuery query) {
    return [&store, query] {
      return store.registry_actors(query).ok() && store.count_registry_actors(query).ok();
    };
  };
  auto profile = [&](int64_t id) {
    return [&store, id] { return store.registry_profile(id).ok(); };
  };
  auto find = [&](std::string name) {
    return [&store, name] { return store.find_registry_actors(name).ok(); };
  };
  chronicle::RegistryQuery all, country, search, person_search, people;
  country.country = "USA";
  search.text = "minister";
  person_search.text = "baker";
  people.kind = "person";
  std::vector<Case> cases = {
      {"actors", list(all)},
      {"actors --country USA", list(country)},
      {"actors --search minister", list(search)},
      {"actors --search baker", list(person_search)},
      {"actors --kind person", list(people)},
      {"actor (find) USA", find("USA")},
      {"actor (find) Reagan", find("Reagan")},
      {"actor (find) Abu Kasra", find("Abu Kasra")},
      {"profile: top actor", profile(top(""))},
      {"profile: USA", profile([&] {
         auto found = store.find_registry_actors("USA");
         return found.ok() && !found.value().empty() ? found.value().front().id : 0;
       }())},
      {"profile: top person", profile(top("person"))},
      {"profile: top organisation", profile(top("organisation"))},
      {"known_people(0)", [&store] { return store.known_people(0).ok(); }},
  };
  std::printf("%-30s %10s %10s\n", "query", "median ms", "max ms");
  for (const Case& item : cases) {
    if (!item.run()) {
      std::printf("%-30s failed\n", item.label.c_str());
      continue;
    }
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
      auto started = Clock::now();
      item.run();
      times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    }
    std::printf("%-30s %10.2f %10.2f\n", item.label.c_str(), median(times),
                *std::max_element(times.begin(), times.end()));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "--grow") {
    return grow(argv[2], argv[3], std::atoi(argv[4]));
  }
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: registry_latency DB [RUNS]\n"
                 "       registry_latency --grow SOURCE_DB TARGET_DB COPIES\n");
    return 2;
  }
  return time_queries(argv[1], argc > 2 ? std::atoi(argv[2]) : 20);
}
