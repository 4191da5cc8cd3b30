// The actor registry: identity rules (dictionary id, a person's spellings and country, codes,
// references), what an entry keeps (codes, roles and spellings with dates, documents, events),
// the queries over it, known people for the engine, the backfill of older files and atomicity.
// Reports are hand-built as the actor stage would build them; names are invented.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chronicle/store.h"
#include "raw_sqlite.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

// One report with one sentence, its mentions and events added by the words they cover.
class Report {
 public:
  Report(std::string id, std::string date, std::string text) {
    document_.id = std::move(id);
    document_.path = document_.id;
    document_.date = std::move(date);
    document_.format = "txt";
    document_.text = std::move(text);
    analysis_.sentences = {{{0, static_cast<uint32_t>(document_.text.size())}, 0, 0}};
  }

  // A mention of the `occurrence`-th copy of `words`.
  Report& mention(const std::string& words, ActorRef actor, std::string kind,
                  std::string actor_id = "", std::string role = "", int occurrence = 0) {
    ActorMention mention;
    mention.range.span = span(words, occurrence);
    mention.range.first_token = 100000;  // no tokens: the store reads the sentence from spans
    mention.text = words;
    mention.actor = std::move(actor);
    mention.kind = std::move(kind);
    mention.actor_id = std::move(actor_id);
    mention.role = std::move(role);
    analysis_.actors.push_back(std::move(mention));
    std::sort(analysis_.actors.begin(), analysis_.actors.end(),
              [](const ActorMention& a, const ActorMention& b) {
                return a.range.span.begin < b.range.span.begin;
              });
    return *this;
  }

  // An event between the mentions with these words (their codes), or a side that is no mention.
  Report& event(const std::string& source, const std::string& target, const std::string& code,
                const std::string& date) {
    Event event;
    event.sentence = 0;
    event.source = side(source);
    event.target = side(target);
    event.code = code;
    event.root = code.substr(0, 2);
    event.label = "label " + code;
    event.quad_class = 1;
    event.evidence = {0, static_cast<uint32_t>(document_.text.size())};
    event.date = date;
    event.date_precision = "day";
    analysis_.events.push_back(std::move(event));
    return *this;
  }

  // A side with its own code, for a place standing for its country.
  Report& event_with_code(const std::string& source, const std::string& target_words,
                          ActorRef target, const std::string& code) {
    event(source, source, code, document_.date);
    Event& added = analysis_.events.back();
    added.target = EventActor{target_words, span(target_words, 0), std::move(target)};
    return *this;
  }

  const Document& document() const { return document_; }
  const Analysis& analysis() const { return analysis_; }

 private:
  Span span(const std::string& words, int occurrence) const {
    size_t at = document_.text.find(words);
    for (int skip = 0; skip < occurrence && at != std::string::npos; ++skip) {
      at = document_.text.find(words, at + 1);
    }
    EXPECT_NE(at, std::string::npos) << words;
    return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + words.size())};
  }

  EventActor side(const std::string& words) const {
    for (const ActorMention& mention : analysis_.actors) {
      if (mention.text == words) return EventActor{words, mention.range.span, mention.actor};
    }
    ADD_FAILURE() << "no mention " << words;
    return {};
  }

  Document document_;
  Analysis analysis_;
};

ActorRef ref(std::string code, std::string country, std::string sector, std::string name = "") {
  return ActorRef{std::move(code), std::move(country), std::move(sector), std::move(name)};
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("chronicle-registry-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string path() const { return (dir_ / "registry.db").string(); }

  std::unique_ptr<Store> open() {
    auto store = Store::open(path());
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message());
    return store.ok() ? std::move(store.value()) : nullptr;
  }

  void add(const Report& report) {
    auto added = store_->add(report.document(), report.analysis());
    ASSERT_TRUE(added.ok()) << added.error().message();
    EXPECT_TRUE(added.value());
  }

  std::vector<RegistryActor> list(RegistryQuery query = {}) {
    auto actors = store_->registry_actors(query);
    EXPECT_TRUE(actors.ok()) << (actors.ok() ? "" : actors.error().message());
    return actors.ok() ? actors.value() : std::vector<RegistryActor>{};
  }

  std::vector<RegistryActor> people() {
    RegistryQuery query;
    query.kind = "person";
    return list(query);
  }

  std::vector<RegistryActor> find(const std::string& name) {
    auto found = store_->find_registry_actors(name);
    EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().message());
    return found.ok() ? found.value() : std::vector<RegistryActor>{};
  }

  RegistryProfile profile(int64_t id) {
    auto profile = store_->registry_profile(id);
    EXPECT_TRUE(profile.ok()) << (profile.ok() ? "" : profile.error().message());
    if (!profile.ok() || !profile.value()) {
      ADD_FAILURE() << "no profile for " << id;
      return {};
    }
    return *profile.value();
  }

  void raw_sql(const std::string& sql) { testing::raw_sql(path(), sql); }

  int64_t raw_count(const std::string& sql) {
    std::string value = testing::raw_value(path(), sql);
    return value.empty() ? -1 : std::stoll(value);
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

std::vector<std::string> names_of(const std::vector<RegistrySpell>& spells) {
  std::vector<std::string> out;
  for (const RegistrySpell& spell : spells) out.push_back(spell.value);
  std::sort(out.begin(), out.end());
  return out;
}

// The first titled report and a later one that spells the name differently, untitled; the
// engine gave the second the registered name (KnownPeople), or not: the store joins both.
Report titled_report() {
  Report report("first", "2031-04-02",
                "Jordan's Interior Minister Qasim Abu Daqqa met the Egyptian ambassador.");
  report
      .mention("Jordan's Interior Minister Qasim Abu Daqqa",
               ref("JORGOV", "JOR", "GOV", "Qasim Abu Daqqa"), "person", "JOR", "interior minister")
      .mention("Egyptian ambassador", ref("EGYGOV", "EGY", "GOV"), "title", "EGY", "ambassador")
      .event("Jordan's Interior Minister Qasim Abu Daqqa", "Egyptian ambassador", "040",
             "2031-04-01");
  return report;
}

TEST_F(RegistryTest, SpellingVariantsOfAnUnknownPersonAreOneEntry) {
  add(titled_report());
  Report later("later", "2031-05-09", "Abu Dakka met the Turkish ambassador in Ankara.");
  later.mention("Abu Dakka", ref("JORGOV", "JOR", "GOV", "Abu Dakka"), "person", "JOR")
      .mention("Turkish ambassador", ref("TURGOV", "TUR", "GOV"), "title", "TUR", "ambassador")
      .event("Abu Dakka", "Turkish ambassador", "040", "2031-05-08");
  add(later);

  std::vector<RegistryActor> found = people();
  ASSERT_EQ(found.size(), 1u);
  const RegistryActor& person = found.front();
  EXPECT_EQ(person.name, "Qasim Abu Daqqa") << "the fullest spelling names the entry";
  EXPECT_EQ(person.code, "JORGOV");
  EXPECT_EQ(person.country, "JOR");
  EXPECT_EQ(person.mentions, 2);
  EXPECT_EQ(person.documents, 2);
  EXPECT_EQ(person.events, 2);
  EXPECT_EQ(person.first_seen, "2031-04-02");
  EXPECT_EQ(person.last_seen, "2031-05-09");

  RegistryProfile details = profile(person.id);
  EXPECT_EQ(names_of(details.names), (std::vector<std::string>{"Abu Dakka", "Qasim Abu Daqqa"}))
      << "the title is not part of a spelling";
  ASSERT_EQ(details.roles.size(), 1u);
  EXPECT_EQ(details.roles[0].value, "interior minister");
  EXPECT_EQ(details.roles[0].code, "JORGOV");
  EXPECT_EQ(details.roles[0].first_seen, "2031-04-02");
  ASSERT_EQ(details.recent_documents.size(), 2u);
  EXPECT_EQ(details.recent_documents[0].doc_id, "later");
  EXPECT_EQ(details.events_as_source, 2);
  ASSERT_EQ(details.counterparts.size(), 2u);
  EXPECT_EQ(details.counterparts[0].to, 1);
  EXPECT_EQ(details.counterparts[0].from, 0);
  ASSERT_EQ(details.timeline.size(), 2u);
  EXPECT_EQ(details.timeline[0].record.event.date, "2031-04-01") << "in date order";
  EXPECT_EQ(details.timeline[1].record.doc_id, "later");
  EXPECT_EQ(details.roots, (std::vector<std::pair<std::string, int64_t>>{{"04", 2}}));

  // Every stored mention belongs to an entry.
  EXPECT_EQ(raw_count("SELECT count(*) FROM actor_mentions WHERE registry_id IS NULL"), 0);
}

TEST_F(RegistryTest, DifferentPeopleStayApart) {
  add(titled_report());
  Report others("others", "2031-06-01",
                "Jordanian Finance Minister Ahmad Abu Daqqa and Jordanian Trade Minister Ahmad "
                "Khalil met Syria's Interior Minister Qasim Abu Daqqa and Jordanian Labour "
                "Minister Ahmad Jalil.");
  others
      .mention("Jordanian Finance Minister Ahmad Abu Daqqa",
               ref("JORGOV", "JOR", "GOV", "Ahmad Abu Daqqa"), "person", "JOR", "finance minister")
      .mention("Jordanian Trade Minister Ahmad Khalil", ref("JORGOV", "JOR", "GOV", "Ahmad Khalil"),
               "person", "JOR", "trade minister")
      .mention("Syria's Interior Minister Qasim Abu Daqqa",
               ref("SYRGOV", "SYR", "GOV", "Qasim Abu Daqqa"), "person", "SYR", "interior minister")
      .mention("Jordanian Labour Minister Ahmad Jalil", ref("JORGOV", "JOR", "GOV", "Ahmad Jalil"),
               "person", "JOR", "labour minister");
  add(others);
  std::vector<std::string> names;
  for (const RegistryActor& person : people()) names.push_back(person.name + "/" + person.country);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"Ahmad Abu Daqqa/JOR", "Ahmad Jalil/JOR", "Ahmad Khalil/JOR",
                                      "Qasim Abu Daqqa/JOR", "Qasim Abu Daqqa/SYR"}))
      << "another first name, one letter more, another country: other people";
}

TEST_F(RegistryTest, ShortSpellingDoesNotPullInLongerNames) {
  add(titled_report());
  Report short_form("short", "2031-05-01", "Abu Daqqa spoke.");
  short_form.mention("Abu Daqqa", ref("JORGOV", "JOR", "GOV", "Abu Daqqa"), "person", "JOR");
  add(short_form);
  ASSERT_EQ(people().size(), 1u) << "the short form joins the full name";
  // A longer name sharing only the short spelling is someone else, and a bare surname with
  // another code is not enough either.
  Report longer("longer", "2031-05-02",
                "Jordan's Army Chief Walid Abu Daqqa met Jordan's Trade Minister Daqqa.");
  longer
      .mention("Jordan's Army Chief Walid Abu Daqqa",
               ref("JORMIL", "JOR", "MIL", "Walid Abu Daqqa"), "person", "JOR", "army chief")
      .mention("Jordan's Trade Minister Daqqa", ref("JORBUS", "JOR", "BUS", "Daqqa"), "person",
               "JOR", "trade minister");
  add(longer);
  EXPECT_EQ(people().size(), 3u);
  // A bare surname with the person's own code joins them.
  Report surname("surname", "2031-05-03", "Interior Minister Daqqa left.");
  surname.mention("Interior Minister Daqqa", ref("JORGOV", "JOR", "GOV", "Daqqa"), "person", "JOR",
                  "interior minister");
  add(surname);
  EXPECT_EQ(people().size(), 3u);
  std::vector<RegistryActor> qasim = find("Qasim Abu Daqqa");
  ASSERT_EQ(qasim.size(), 1u);
  EXPECT_EQ(qasim[0].mentions, 3);
}

TEST_F(RegistryTest, IdentityByDictionaryIdCodeAndReference) {
  Report report("dictionary", "2031-01-10",
                "President Lena Varga of Hungary visited Vienna. She met Austrian troops.");
  report
      .mention("President Lena Varga", ref("HUNGOV", "HUN", "GOV", "Lena Varga"), "person",
               "VARGA_LENA", "president")
      .mention("Hungary", ref("HUN", "HUN", ""), "country", "HUN")
      .mention("She", ref("HUNGOV", "HUN", "GOV", "Lena Varga"), "reference", "VARGA_LENA")
      .mention("Austrian troops", ref("AUTMIL", "AUT", "MIL"), "title", "AUT")
      .event("She", "Austrian troops", "040", "2031-01-09");
  add(report);
  // Later she has left office: the same dictionary actor, another code.
  Report later("dictionary-later", "2032-02-01", "Former president Lena Varga criticised Hungary.");
  later
      .mention("Former president Lena Varga", ref("HUNELI", "HUN", "ELI", "Lena Varga"), "person",
               "VARGA_LENA", "president")
      .mention("Hungary", ref("HUN", "HUN", ""), "country", "HUN")
      .event("Former president Lena Varga", "Hungary", "111", "2032-01-31");
  add(later);

  std::vector<RegistryActor> varga = find("Lena Varga");
  ASSERT_EQ(varga.size(), 1u);
  EXPECT_EQ(varga[0].dictionary_id, "VARGA_LENA");
  EXPECT_EQ(varga[0].code, "HUNELI") << "the code of the latest report";
  EXPECT_EQ(varga[0].mentions, 3) << "the pronoun counts for her";
  RegistryProfile details = profile(varga[0].id);
  ASSERT_EQ(details.codes.size(), 2u);
  EXPECT_EQ(details.codes[0].value, "HUNGOV");
  EXPECT_EQ(details.codes[0].last_seen, "2031-01-10");
  EXPECT_EQ(details.codes[1].value, "HUNELI");
  EXPECT_EQ(details.codes[1].first_seen, "2032-02-01");
  EXPECT_EQ(names_of(details.names), (std::vector<std::string>{"Lena Varga"}))
      << "titles and pronouns are not spellings";
  EXPECT_EQ(details.events_as_source, 2) << "the pronoun's event is hers";

  std::vector<RegistryActor> hungary = find("HUN");
  ASSERT_EQ(hungary.size(), 1u);
  EXPECT_EQ(hungary[0].kind, "country");
  EXPECT_EQ(hungary[0].mentions, 2);
  EXPECT_EQ(hungary[0].events, 1);
  std::vector<RegistryActor> troops = find("AUTMIL");
  ASSERT_EQ(troops.size(), 1u);
  EXPECT_EQ(troops[0].kind, "sector");
  EXPECT_EQ(troops[0].name, "Austrian troops");
}

TEST_F(RegistryTest, EventSidesWithoutAMentionJoinTheirCode) {
  add(titled_report());
  Report report("place", "2031-04-03", "Qasim Abu Daqqa arrived in Cairo.");
  report.mention("Qasim Abu Daqqa", ref("JORGOV", "JOR", "GOV", "Qasim Abu Daqqa"), "person", "JOR")
      .event_with_code("Qasim Abu Daqqa", "Cairo", ref("EGY", "EGY", ""), "042");
  add(report);
  std::vector<RegistryActor> egypt = find("EGY");
  ASSERT_EQ(egypt.size(), 1u);
  EXPECT_EQ(egypt[0].kind, "country");
  EXPECT_EQ(egypt[0].events, 1);
  EXPECT_EQ(egypt[0].mentions, 0) << "a place is no mention";
}

TEST_F(RegistryTest, ListFiltersSearchAndPages) {
  add(titled_report());
  Report later("later", "2031-05-09",
               "Abu Dakka met the Turkish ambassador in Turkey. Turkey spoke.");
  later.mention("Abu Dakka", ref("JORGOV", "JOR", "GOV", "Abu Dakka"), "person", "JOR")
      .mention("Turkish ambassador", ref("TURGOV", "TUR", "GOV"), "title", "TUR", "ambassador")
      .mention("Turkey", ref("TUR", "TUR", ""), "country", "TUR", "", 1);
  add(later);
  std::vector<RegistryActor> all = list();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.front().code, "JORGOV") << "most mentioned first";

  RegistryQuery by_country;
  by_country.country = "TUR";
  EXPECT_EQ(list(by_country).size(), 2u);
  by_country.country = "Turkey";  // a country as reports write it
  EXPECT_EQ(list(by_country).size(), 2u);
  by_country.kind = "country";
  ASSERT_EQ(list(by_country).size(), 1u);
  EXPECT_EQ(list(by_country).front().name, "Turkey");
  by_country.country = "Atlantis";
  EXPECT_TRUE(list(by_country).empty());

  // Spellings compared as keys, from the start of a word.
  for (const char* text : {"daka", "Daqqa", "DAKA", "abu dakka", "kasim"}) {
    RegistryQuery search;
    search.text = text;
    std::vector<RegistryActor> found = list(search);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found.front().kind, "person") << text;
  }
  RegistryQuery inside;
  inside.text = "akka";
  EXPECT_TRUE(list(inside).empty()) << "not from inside a word";
  RegistryQuery code_prefix;
  code_prefix.text = "TURG";
  ASSERT_EQ(list(code_prefix).size(), 1u);
  EXPECT_EQ(list(code_prefix).front().code, "TURGOV");
  RegistryQuery hostile;
  hostile.text = "%' OR 1=1 --";
  EXPECT_TRUE(list(hostile).empty());
  RegistryQuery page;
  page.limit = 2;
  page.offset = 1;
  std::vector<RegistryActor> second_page = list(page);
  ASSERT_EQ(second_page.size(), 2u);
  EXPECT_EQ(second_page[0].id, all[1].id);
  auto counted = store_->count_registry_actors(RegistryQuery{});
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted.value(), 4);
}

TEST_F(RegistryTest, FindByNameSpellingCodeOrAmbiguity) {
  add(titled_report());
  EXPECT_EQ(find("Abu Daqqa").size(), 1u) << "a spelling variant of the canonical name";
  EXPECT_EQ(find("Qasim Abu Daqa").size(), 1u);
  EXPECT_TRUE(find("Walid Abu Daqqa").empty());
  EXPECT_EQ(find("EGYGOV").size(), 1u);
  Report two("two", "2031-04-05",
             "Jordan's Trade Minister Rami Daqqa met Jordan's Army Chief Omar Daqqa.");
  two.mention("Jordan's Trade Minister Rami Daqqa", ref("JORGOV", "JOR", "GOV", "Rami Daqqa"),
              "person", "JOR", "trade minister")
      .mention("Jordan's Army Chief Omar Daqqa", ref("JORMIL", "JOR", "MIL", "Omar Daqqa"),
               "person", "JOR", "army chief");
  add(two);
  EXPECT_EQ(find("Daqqa").size(), 3u) << "a surname alone may mean any of them";
}

TEST_F(RegistryTest, KnownPeopleForTheEngineWithRevisions) {
  add(titled_report());
  auto first = store_->known_people(0);
  ASSERT_TRUE(first.ok()) << first.error().message();
  ASSERT_EQ(first.value().people.size(), 1u);
  const KnownPerson& person = first.value().people.front();
  EXPECT_EQ(person.name, "Qasim Abu Daqqa");
  EXPECT_EQ(person.code, "JORGOV");
  EXPECT_EQ(person.country, "JOR");
  EXPECT_EQ(person.role, "interior minister");
  auto unchanged = store_->known_people(first.value().revision);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_TRUE(unchanged.value().people.empty());
  EXPECT_EQ(unchanged.value().revision, first.value().revision);

  Report later("later", "2031-05-09", "Abu Dakka met the Turkish ambassador.");
  later.mention("Abu Dakka", ref("JORGOV", "JOR", "GOV", "Abu Dakka"), "person", "JOR");
  add(later);
  auto changed = store_->known_people(first.value().revision);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed.value().people.size(), 1u);
  EXPECT_EQ(changed.value().people.front().variants, (std::vector<std::string>{"Abu Dakka"}));
  EXPECT_GT(changed.value().revision, first.value().revision);

  KnownPeople known;
  for (KnownPerson& each : changed.value().people) known.add(std::move(each));
  ASSERT_EQ(known.find("Abu Dakka", "JOR").size(), 1u);
}

TEST_F(RegistryTest, BackfillMatchesLinkingAsDocumentsArrive) {
  add(titled_report());
  Report later("later", "2031-05-09", "Abu Dakka met the Turkish ambassador.");
  later.mention("Abu Dakka", ref("JORGOV", "JOR", "GOV", "Abu Dakka"), "person", "JOR")
      .mention("Turkish ambassador", ref("TURGOV", "TUR", "GOV"), "title", "TUR", "ambassador")
      .event("Abu Dakka", "Turkish ambassador", "040", "2031-05-08");
  add(later);
  std::vector<RegistryActor> live = list();
  RegistryProfile live_person = profile(people().front().id);
  store_.reset();
  // As a schema-2 file holds it: mentions without entries.
  raw_sql(
      "UPDATE actor_mentions SET registry_id = NULL; DELETE FROM actor_events; "
      "DELETE FROM actor_documents; DELETE FROM actor_codes; DELETE FROM actor_roles; "
      "DELETE FROM actor_names; DELETE FROM actor_person_keys; DELETE FROM actors;");
  store_ = open();
  ASSERT_TRUE(store_);
  std::vector<RegistryActor> filled = list();
  ASSERT_EQ(filled.size(), live.size());
  for (size_t actor_idx = 0; actor_idx < live.size(); ++actor_idx) {
    EXPECT_EQ(filled[actor_idx].name, live[actor_idx].name);
    EXPECT_EQ(filled[actor_idx].code, live[actor_idx].code);
    EXPECT_EQ(filled[actor_idx].mentions, live[actor_idx].mentions);
    EXPECT_EQ(filled[actor_idx].events, live[actor_idx].events);
    EXPECT_EQ(filled[actor_idx].first_seen, live[actor_idx].first_seen);
    EXPECT_EQ(filled[actor_idx].last_seen, live[actor_idx].last_seen);
  }
  RegistryProfile filled_person = profile(people().front().id);
  EXPECT_EQ(names_of(filled_person.names), names_of(live_person.names));
  EXPECT_EQ(filled_person.counterparts.size(), live_person.counterparts.size());
  EXPECT_EQ(raw_count("SELECT count(*) FROM actor_mentions WHERE registry_id IS NULL"), 0);
}

TEST_F(RegistryTest, FailureInTheRegistryRollsTheDocumentBack) {
  add(titled_report());
  raw_sql(
      "CREATE TRIGGER provoke BEFORE INSERT ON actor_roles BEGIN "
      "SELECT RAISE(ABORT, 'provoked'); END;");
  Report later("later", "2031-05-09", "Jordan's Labour Minister Hana Saleh spoke.");
  later.mention("Jordan's Labour Minister Hana Saleh", ref("JORGOV", "JOR", "GOV", "Hana Saleh"),
                "person", "JOR", "labour minister");
  auto added = store_->add(later.document(), later.analysis());
  EXPECT_FALSE(added.ok());
  EXPECT_EQ(raw_count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(raw_count("SELECT count(*) FROM actor_mentions"), 2);
  EXPECT_EQ(people().size(), 1u);
  raw_sql("DROP TRIGGER provoke;");
  auto again = store_->add(later.document(), later.analysis());
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(people().size(), 2u);
}

}  // namespace
}  // namespace chronicle
