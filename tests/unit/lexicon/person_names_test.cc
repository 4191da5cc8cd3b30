// When two spellings name one person (lexicon/person_names.h) and KnownPeople's lookup over it.
// Invented names; pairs that must stay apart matter as much as pairs that must meet.
#include "lexicon/person_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chronicle/known_people.h"
#include "lexicon/actor_dictionary.h"

namespace chronicle::lexicon {
namespace {

PersonNameAgreement agree(const std::string& a, const std::string& b) {
  return compare_person_names(ActorDictionary::name_key(a), ActorDictionary::name_key(b));
}

TEST(PersonNamesTest, SpellingVariantsMeet) {
  EXPECT_EQ(agree("Qasim Abu Daqqa", "Kasim Abu Daka"), PersonNameAgreement::kSame);
  EXPECT_EQ(agree("Abu Dakka", "Qasim Abu Daqqa"), PersonNameAgreement::kVariant);
  EXPECT_EQ(agree("Qasim Abu Daqqa", "Abu Dakka"), PersonNameAgreement::kVariant);
  EXPECT_EQ(agree("Ahmed al-Rawashdeh", "Ahmad Rawashdeh"), PersonNameAgreement::kVariant);
  EXPECT_EQ(agree("Khaled Zubaidi", "Khalid Zubaidi"), PersonNameAgreement::kVariant);
  EXPECT_EQ(agree("Daqqa", "Qasim Abu Daqqa"), PersonNameAgreement::kSurname);
}

TEST(PersonNamesTest, DifferentPeopleStayApart) {
  EXPECT_EQ(agree("Ahmad Khalil", "Ahmad Jalil"), PersonNameAgreement::kNone);
  EXPECT_EQ(agree("Hamid Karim", "Hamid Karimi"), PersonNameAgreement::kNone)
      << "a suffix makes another name";
  EXPECT_EQ(agree("Walid Abu Daqqa", "Qasim Abu Daqqa"), PersonNameAgreement::kNone);
  EXPECT_EQ(agree("Ahmad", "Ahmad Khalil"), PersonNameAgreement::kNone)
      << "a first name is no surname";
  EXPECT_EQ(agree("Ahmed Zubaidi", "Ahmad Zubeidi"), PersonNameAgreement::kNone)
      << "one spelling difference per name at most";
  EXPECT_EQ(agree("Rami", "Rama"), PersonNameAgreement::kNone) << "single words never vary";
  EXPECT_EQ(agree("Li", "Wei Li"), PersonNameAgreement::kNone) << "too short for a surname";
  EXPECT_EQ(agree("", "Wei Li"), PersonNameAgreement::kNone);
}

TEST(PersonNamesTest, ShortSpellingsAreNoBridge) {
  const std::string canonical = ActorDictionary::name_key("Qasim Abu Daqqa");
  const std::string spelling = ActorDictionary::name_key("Abu Dakka");
  auto with = [&](const std::string& name, const std::string& through) {
    return compare_with_spelling(ActorDictionary::name_key(name), through, canonical);
  };
  EXPECT_EQ(with("Abu Daqqa", spelling), PersonNameAgreement::kSame);
  EXPECT_EQ(with("Walid Abu Daqqa", spelling), PersonNameAgreement::kNone);
  EXPECT_EQ(with("Daqqa", spelling), PersonNameAgreement::kNone);
  EXPECT_EQ(with("Daqqa", canonical), PersonNameAgreement::kSurname);
  EXPECT_EQ(with("Kasim Abu Dakka", canonical), PersonNameAgreement::kSame);
  // A bare surname seen as a spelling ("Daqqa said") is still only a surname.
  EXPECT_EQ(with("Daqqa", ActorDictionary::name_key("Daqqa")), PersonNameAgreement::kSurname);
}

// Differential: every pair the comparison relates shares a probe, so an index over probes misses
// no candidate.
TEST(PersonNamesTest, RelatedKeysShareAProbe) {
  const std::vector<std::string> names = {
      "Qasim Abu Daqqa", "Abu Dakka", "Daqqa",          "Ahmed Rawashdeh",
      "Ahmad Rawashdeh", "Rawashda",  "Khaled Zubaidi", "Khalid Zubaidi",
      "Zubaidi",         "Zubeidi",   "Hamid Karim",    "Karimi",
      "Wei Li",          "Li",        "Abdallah Omari", "Abdullah Omari",
      "Omari",           "Omary",     "Nasser Haddad",  "Naser Hadad"};
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      const std::string key_a = ActorDictionary::name_key(a);
      const std::string key_b = ActorDictionary::name_key(b);
      if (compare_person_names(key_a, key_b) == PersonNameAgreement::kNone) continue;
      std::vector<std::string> probes_a = surname_probes(key_a);
      std::vector<std::string> probes_b = surname_probes(key_b);
      bool shared = std::any_of(probes_a.begin(), probes_a.end(), [&](const std::string& probe) {
        return std::find(probes_b.begin(), probes_b.end(), probe) != probes_b.end();
      });
      EXPECT_TRUE(shared) << a << " / " << b;
    }
  }
}

KnownPerson person(int64_t id, std::string name, std::string country, std::string code,
                   std::vector<std::string> variants = {}) {
  KnownPerson out;
  out.id = id;
  out.name = std::move(name);
  out.country = std::move(country);
  out.code = std::move(code);
  out.variants = std::move(variants);
  return out;
}

TEST(KnownPeopleTest, FindsByVariantCountryAndReplacesById) {
  KnownPeople known;
  EXPECT_TRUE(known.find("Abu Dakka", "").empty());
  known.add(person(1, "Qasim Abu Daqqa", "JOR", "JORGOV", {"Abu Daqqa"}));
  known.add(person(2, "Qasim Abu Daqqa", "SYR", "SYRGOV"));
  known.add(person(3, "", "JOR", "JORGOV"));  // no name: ignored
  EXPECT_EQ(known.size(), 2u);

  std::vector<KnownPersonMatch> found = known.find("Abu Dakka", "JOR");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].person->id, 1);
  EXPECT_FALSE(found[0].surname_only);
  EXPECT_EQ(known.find("Abu Dakka", "").size(), 2u);
  EXPECT_TRUE(known.find("Walid Abu Daqqa", "JOR").empty())
      << "the short variant pulls in no longer name";
  found = known.find("Daqqa", "SYR");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].surname_only);
  known.add(person(4, "Rami Haddad", "LBN", "LBNGOV", {"Haddad"}));
  found = known.find("Haddad", "");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].surname_only) << "a surname seen alone is still only a surname";

  known.add(person(1, "Qasim Abu Daqqa", "JOR", "JORMIL"));
  EXPECT_EQ(known.size(), 3u);
  found = known.find("Qasim Abu Dakka", "JOR");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].person->code, "JORMIL") << "the later record replaced the earlier";
}

}  // namespace
}  // namespace chronicle::lexicon
