// Actor mentions from real dictionaries: countries, demonyms, capitals, titles, people the
// dictionary lacks, spelling variants, coordination.
#include "actors/actors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "text/text.h"

namespace chronicle::actors {
namespace {

namespace fs = std::filesystem;

class ActorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::path data = CHRONICLE_DATA_DIR;
    fs::path generated = CHRONICLE_GENERATED_DIR;
    std::vector<std::string> files = {(generated / "countries.txt").string()};
    for (const char* name : {"countries.txt", "organisations.txt", "groups.txt"}) {
      files.push_back((data / "actors" / name).string());
    }
    std::vector<std::string> people;
    for (const auto& entry : fs::directory_iterator(data / "actors")) {
      std::string name = entry.path().filename().string();
      if (name.rfind("people", 0) == 0) people.push_back(entry.path().string());
    }
    std::sort(people.begin(), people.end());
    files.insert(files.end(), people.begin(), people.end());
    auto loaded = lexicon::ActorDictionary::load(files, (data / "actors" / "agents.txt").string(),
                                                 (data / "actors" / "sectors.txt").string());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    dictionary_ = std::move(loaded).value().release();
    auto lemmatizer = text::Lemmatizer::load("/usr/share/wordnet");
    ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.error().message();
    lemmatizer_ = std::move(lemmatizer).value().release();
  }
  static void TearDownTestSuite() {
    delete dictionary_;
    delete lemmatizer_;
  }

  Analysis analyze(const std::string& text, const std::string& date = "2025-11-18") {
    document_.text = text;
    document_.date = date;
    Analysis analysis;
    text::Tokenizer().process(document_, analysis);
    lemmatizer_->process(document_, analysis);
    EntityRecognizer(*dictionary_).process(document_, analysis);
    ActorRecognizer(*dictionary_).process(document_, analysis);
    return analysis;
  }

  // The same with people registered by earlier reports (KnownPeople).
  Analysis analyze_knowing(const std::string& text, const KnownPeople& known,
                           const std::string& date = "2025-11-18") {
    document_.text = text;
    document_.date = date;
    Analysis analysis;
    text::Tokenizer().process(document_, analysis);
    lemmatizer_->process(document_, analysis);
    EntityRecognizer(*dictionary_).process(document_, analysis);
    AnalysisContext context;
    context.known_people = &known;
    ActorRecognizer(*dictionary_).run(document_, analysis, context);
    return analysis;
  }

  static const ActorMention* find(const Analysis& analysis, const std::string& text_part) {
    for (const ActorMention& mention : analysis.actors) {
      if (mention.text.find(text_part) != std::string::npos) return &mention;
    }
    return nullptr;
  }

  static std::string dump(const Analysis& analysis) {
    std::string out;
    for (const ActorMention& mention : analysis.actors) {
      out += "[" + mention.text + " → " + mention.actor.code + " (" + mention.kind + ")] ";
    }
    return out;
  }

  Document document_;
  static lexicon::ActorDictionary* dictionary_;
  static text::Lemmatizer* lemmatizer_;
};

lexicon::ActorDictionary* ActorsTest::dictionary_ = nullptr;
text::Lemmatizer* ActorsTest::lemmatizer_ = nullptr;

TEST_F(ActorsTest, TitleCountryAndUnknownName) {
  // Neither person is in the dictionary: country, sector and name come from the phrase.
  Analysis analysis = analyze(
      "Zambia's Defence Minister Ambrose Lufuma met Malawian Foreign Minister Nancy Tembo.");
  const ActorMention* first = find(analysis, "Lufuma");
  ASSERT_NE(first, nullptr) << dump(analysis);
  EXPECT_EQ(first->actor.country, "ZMB");
  EXPECT_EQ(first->actor.sector, "MIL");
  EXPECT_EQ(first->actor.name, "Ambrose Lufuma");
  const ActorMention* second = find(analysis, "Tembo");
  ASSERT_NE(second, nullptr) << dump(analysis);
  EXPECT_EQ(second->actor.code, "MWIGOV");
}

TEST_F(ActorsTest, CapitalAsSubjectIsTheGovernmentButNotAfterIn) {
  Analysis analysis = analyze("Ankara said the envoy would return to Nairobi.");
  const ActorMention* ankara = find(analysis, "Ankara");
  ASSERT_NE(ankara, nullptr) << dump(analysis);
  EXPECT_EQ(ankara->actor.code, "TURGOV");
  Analysis place = analyze("Talks were held in Nairobi on Monday.");
  EXPECT_EQ(find(place, "Nairobi"), nullptr) << dump(place);
}

TEST_F(ActorsTest, CoordinatedDemonymsShareTheirHead) {
  Analysis analysis = analyze("Brazilian, Argentine, and Chilean delegations arrived on Monday.");
  std::vector<std::string> countries;
  for (const ActorMention& mention : analysis.actors) countries.push_back(mention.actor.country);
  EXPECT_EQ(countries, (std::vector<std::string>{"BRA", "ARG", "CHL"})) << dump(analysis);
}

TEST_F(ActorsTest, KnownPersonByDateAndFormerOfficials) {
  Analysis analysis = analyze("Vladimir Putin spoke to reporters.", "2010-01-10");
  const ActorMention* putin = find(analysis, "Putin");
  ASSERT_NE(putin, nullptr) << dump(analysis);
  EXPECT_EQ(putin->actor.code, "RUSGOV");
  EXPECT_EQ(putin->kind, "person");
  Analysis former = analyze("Former President Barack Obama criticized the plan.", "2025-11-18");
  const ActorMention* obama = find(former, "Obama");
  ASSERT_NE(obama, nullptr) << dump(former);
  EXPECT_EQ(obama->actor.code, "USAELI");
}

TEST_F(ActorsTest, SpellingVariantResolvesWhenCountryAgrees) {
  // "Ash-Sharara" is a misspelling of al-Sharaa; the Syrian title and country agree.
  Analysis analysis = analyze("Syrian interim president Ahmed Ash-Sharara arrived.", "2025-10-15");
  const ActorMention* mention = find(analysis, "Sharara");
  ASSERT_NE(mention, nullptr) << dump(analysis);
  EXPECT_EQ(mention->actor.country, "SYR");
  EXPECT_FALSE(mention->actor_id.empty()) << "resolved to the dictionary's person";
}

TEST_F(ActorsTest, OrganisationsAndGroups) {
  Analysis analysis = analyze("The United Nations and NATO condemned Hezbollah fighters.");
  EXPECT_NE(find(analysis, "United Nations"), nullptr) << dump(analysis);
  EXPECT_NE(find(analysis, "NATO"), nullptr) << dump(analysis);
  const ActorMention* group = find(analysis, "Hezbollah");
  ASSERT_NE(group, nullptr) << dump(analysis);
  EXPECT_EQ(group->kind, "group");
}

// A country's body named by a proper name and an agent is one mention, the agent its sector:
// not "Ethiopian National Defense" (the country) and "Forces" (nobody's military).
TEST_F(ActorsTest, ProperNameBetweenCountryAndAgentIsOneBody) {
  Analysis analysis = analyze("Ethiopian National Defense Forces attacked the town.");
  const ActorMention* army = find(analysis, "Ethiopian");
  ASSERT_NE(army, nullptr) << dump(analysis);
  EXPECT_EQ(army->text, "Ethiopian National Defense Forces") << dump(analysis);
  EXPECT_EQ(army->actor.code, "ETHMIL") << dump(analysis);
}

TEST_F(ActorsTest, EntitiesLabelPeopleAfterTitles) {
  Analysis analysis = analyze("Prime Minister Ama Owusu visited the Kumasi Regional Council.");
  bool person = false, organisation = false;
  for (const EntityMention& entity : analysis.entities) {
    if (entity.text == "Ama Owusu") person = entity.label == "PER";
    if (entity.text.find("Council") != std::string::npos) organisation = entity.label == "ORG";
  }
  EXPECT_TRUE(person);
  EXPECT_TRUE(organisation);
}

// A person that an earlier report introduced with a title (the store's registry hands them over
// as KnownPeople) is recognised later under another spelling, without the title; invented names.
KnownPeople registered_people() {
  KnownPeople known;
  KnownPerson person;
  person.id = 7;
  person.name = "Qasim Abu Daqqa";
  person.code = "JORGOV";
  person.country = "JOR";
  person.role = "interior minister";
  person.variants = {"Abu Daqqa", "Daqqa"};  // spellings later reports used
  known.add(person);
  return known;
}

TEST_F(ActorsTest, RegisteredPersonRecognisedUnderAnotherSpelling) {
  const std::string text = "Abu Dakka met the Turkish ambassador on Tuesday.";
  EXPECT_EQ(find(analyze(text), "Abu Dakka"), nullptr) << "unknown without the registry";
  KnownPeople known = registered_people();
  Analysis analysis = analyze_knowing(text, known);
  const ActorMention* mention = find(analysis, "Abu Dakka");
  ASSERT_NE(mention, nullptr) << dump(analysis);
  EXPECT_EQ(mention->text, "Abu Dakka");
  EXPECT_EQ(mention->kind, "person");
  EXPECT_EQ(mention->actor.code, "JORGOV");
  EXPECT_EQ(mention->actor.country, "JOR");
  EXPECT_EQ(mention->actor.name, "Qasim Abu Daqqa") << "named by the registered name";
  // A pronoun after it refers to the person.
  Analysis with_pronoun = analyze_knowing("Qasim Abu Dakka arrived. He met reporters.", known);
  const ActorMention* pronoun = find(with_pronoun, "He");
  ASSERT_NE(pronoun, nullptr) << dump(with_pronoun);
  EXPECT_EQ(pronoun->actor.code, "JORGOV");
}

TEST_F(ActorsTest, RegisteredPersonNeedsTheWholeNameOrTheRole) {
  KnownPeople known = registered_people();
  // Another person sharing the family name, a bare surname, another country: not them.
  for (const char* text : {"Walid Abu Daqqa met the Turkish ambassador.",
                           "Daqqa met the Turkish ambassador.",
                           "Syria's Interior Minister Qasim Abu Daqqa spoke."}) {
    Analysis analysis = analyze_knowing(text, known);
    for (const ActorMention& mention : analysis.actors) {
      EXPECT_NE(mention.actor.code, "JORGOV") << text << ": " << dump(analysis);
    }
  }
  // After a title: the whole name, or the surname when the title is the registered role; the
  // report's own title gives the sector.
  Analysis titled = analyze_knowing("Interior Minister Daqqa met the press.", known);
  const ActorMention* minister = find(titled, "Daqqa");
  ASSERT_NE(minister, nullptr) << dump(titled);
  EXPECT_EQ(minister->actor.code, "JORGOV");
  EXPECT_EQ(minister->actor.name, "Qasim Abu Daqqa");
  Analysis other_role = analyze_knowing("Defence Minister Daqqa met the press.", known);
  const ActorMention* other = find(other_role, "Daqqa");
  ASSERT_NE(other, nullptr) << dump(other_role);
  EXPECT_EQ(other->actor.country, "") << "the surname alone under another title is someone else";
  // A company that a title once made a "person" ("General Petroleum Corp.") stays a company.
  KnownPerson company;
  company.name = "Nile Petroleum Corp";
  company.code = "EGYMIL";
  company.country = "EGY";
  known.add(company);
  Analysis body = analyze_knowing("Nile Petroleum Corp raised its prices.", known);
  for (const ActorMention& mention : body.actors) {
    EXPECT_NE(mention.actor.code, "EGYMIL") << dump(body);
  }
  Analysis new_role = analyze_knowing("Defence Minister Qasim Abu Dakka met the press.", known);
  const ActorMention* promoted = find(new_role, "Dakka");
  ASSERT_NE(promoted, nullptr) << dump(new_role);
  EXPECT_EQ(promoted->actor.code, "JORMIL") << "the registered country, the report's title";
}

}  // namespace
}  // namespace chronicle::actors
