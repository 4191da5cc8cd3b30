#include "lexicon/actor_dictionary.h"
#include "text/text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace chronicle::lexicon {
namespace {

namespace fs = std::filesystem;

const std::string kData = CHRONICLE_DATA_DIR;
const std::string kGenerated = std::string(CHRONICLE_GENERATED_DIR) + "/countries.txt";

// Tokens as the tokenizer makes them: one per whitespace-separated word, with "'s" split off and
// punctuation other than inner full stops, hyphens and apostrophes as tokens of its own.
std::vector<Token> tokens_of(const std::string& text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  auto add = [&](std::string word) {
    Token token;
    token.norm = word;
    token.lower = word;
    for (char& ch : token.lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    token.capitalized = !word.empty() && std::isupper(static_cast<unsigned char>(word[0]));
    tokens.push_back(std::move(token));
  };
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    std::string trailing;
    if (word.size() > 1 && (word.back() == ',' || word.back() == ':')) {
      trailing = word.substr(word.size() - 1);
      word.pop_back();
    }
    if (word.size() > 2 && word.compare(word.size() - 2, 2, "'s") == 0) {
      add(word.substr(0, word.size() - 2));
      add("'s");
    } else {
      add(word);
    }
    if (!trailing.empty()) add(trailing);
    pos = end;
  }
  return tokens;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("chronicle_lexicon_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    std::ofstream(file) << content;
    return file.string();
  }

 private:
  fs::path path_;
};

const char* kSectors = "GOV\tgovernment\nMIL\tmilitary\nREB\trebels\n";
const char* kAgents =
    "president\tGOV\ttitle\ndefense minister\tMIL\ttitle\ndeputy defense minister\tMIL\ttitle\n"
    "troops\tMIL\tagent\n";
const char* kCountries =
    "actor RUS\n  kind: country\n  name: Russia\n  adjective: Russian; Russians\n  capital: Moscow\n"
    "\nactor SYR\n  kind: country\n  name: Syria\n  adjective: Syrian\n  capital: Damascus\n"
    "\nactor UKR\n  kind: country\n  name: Ukraine\n";

// A small dictionary written by the test, for rules that must not depend on the real files.
struct SmallDictionary {
  TempDir dir;
  std::string sectors = dir.write("sectors.txt", kSectors);
  std::string agents = dir.write("agents.txt", kAgents);
  std::string countries = dir.write("countries.txt", kCountries);

  Result<std::unique_ptr<ActorDictionary>> load(const std::string& people) {
    return ActorDictionary::load({countries, dir.write("people.txt", people)}, agents, sectors);
  }
  // Loads the given actor file after the countries and returns the error message ("" when none).
  std::string error_of(const std::string& actors) {
    auto result = load(actors);
    return result.ok() ? std::string() : result.error().message();
  }
};

const char* kPeople = R"(# people for the tests
actor PUTIN_VLADIMIR
  kind: person
  name: Vladimir Putin
  alias: Putin
  role: RUSGOV; president; 2000-05-07; 2008-05-07
  role: RUSGOV; prime minister; 2008-05-08; 2012-05-07
  role: RUSGOV; president; 2012-05-07;

actor SHARAA_AHMED
  kind: person
  name: Ahmed al-Sharaa
  alias: Abu Mohammad al-Julani; Sharaa
  role: SYRGOV; president; 2025-01-29;

actor SHAIBANI_ASAAD
  kind: person
  name: Asaad Hassan al-Shaibani
  alias: Asaad al-Shaibani
  role: SYRGOV; foreign minister; 2024-12;

actor QASRA_MURHAF
  kind: person
  name: Murhaf Abu Qasra
  alias: Abu Qasra
  role: SYRMIL; defense minister; 2024-12-21;

actor SHMYHAL_DENYS
  kind: person
  name: Denys Shmyhal
  alias: Shmyhal
  role: UKRGOV; prime minister; 2020-03-04; 2025-07-17
  role: UKRMIL; defense minister; 2025-07-17;
)";

// ---- name_key ------------------------------------------------------------------------------

int key_distance(const std::string& a, const std::string& b) {
  const std::string key_a = ActorDictionary::name_key(a), key_b = ActorDictionary::name_key(b);
  // Plain Levenshtein, the obviously-correct reference.
  std::vector<std::vector<int>> table(key_a.size() + 1, std::vector<int>(key_b.size() + 1));
  for (size_t i = 0; i <= key_a.size(); ++i) table[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= key_b.size(); ++j) table[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= key_a.size(); ++i) {
    for (size_t j = 1; j <= key_b.size(); ++j) {
      table[i][j] = std::min({table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + (key_a[i - 1] == key_b[j - 1] ? 0 : 1)});
    }
  }
  return table[key_a.size()][key_b.size()];
}

TEST(NameKey, FoldsCaseDiacriticsArticlesAndSpellings) {
  EXPECT_EQ(ActorDictionary::name_key("Ahmed al-Sharaa"), "ahmed shara");
  EXPECT_EQ(ActorDictionary::name_key("Ahmad Ash-Sharaa"), "ahmad shara");
  EXPECT_EQ(ActorDictionary::name_key("Ahmad al Sharaa"), "ahmad shara");
  EXPECT_EQ(ActorDictionary::name_key("Abu Kasra"), ActorDictionary::name_key("Abu Qasra"));
  EXPECT_EQ(ActorDictionary::name_key("Recep Tayyip Erdoğan"), "recep tayip erdogan");
  EXPECT_EQ(ActorDictionary::name_key("Nagorno-Karabakh"), "nagorno karabakh");
  EXPECT_EQ(ActorDictionary::name_key("  Côte   d'Ivoire "), "cote d ivoire");
  EXPECT_EQ(ActorDictionary::name_key("U.S."), "us");
  EXPECT_EQ(ActorDictionary::name_key("Lars Løkke Rasmussen"), "lars loke rasmusen");
  // "as" and "an" alone are English words, not articles.
  EXPECT_EQ(ActorDictionary::name_key("Known as Abu"), "known as abu");
  EXPECT_EQ(ActorDictionary::name_key(""), "");
}

TEST(NameKey, SpellingVariantsAreFewEditsApart) {
  EXPECT_LE(key_distance("Ahmed al-Sharaa", "Ahmad Ash-Sharaa"), 2);
  EXPECT_LE(key_distance("Assad al-Shibani", "Asaad al-Shaibani"), 1);
  EXPECT_GT(key_distance("Vladimir Putin", "Volodymyr Zelensky"), 2);
}

// ---- the real data files --------------------------------------------------------------------

class RealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kGenerated)) return;
    std::vector<std::string> files = {kGenerated, kData + "/actors/countries.txt",
                                      kData + "/actors/organisations.txt",
                                      kData + "/actors/groups.txt"};
    // The people files are written by another stage; load them when present.
    std::vector<std::string> people;
    for (const auto& item : fs::directory_iterator(kData + "/actors")) {
      const std::string name = item.path().filename().string();
      if (name.rfind("people-", 0) == 0 && item.path().extension() == ".txt") {
        people.push_back(item.path().string());
      }
    }
    std::sort(people.begin(), people.end());
    files.insert(files.end(), people.begin(), people.end());
    auto loaded = ActorDictionary::load(files, kData + "/actors/agents.txt",
                                        kData + "/actors/sectors.txt");
    if (loaded.ok()) {
      dictionary_ = std::move(loaded).value().release();
    } else {
      load_error_ = new std::string(loaded.error().message());
    }
  }
  static void TearDownTestSuite() {
    delete dictionary_;
    delete load_error_;
    dictionary_ = nullptr;
    load_error_ = nullptr;
  }
  void SetUp() override {
    if (!fs::exists(kGenerated)) {
      GTEST_SKIP() << kGenerated << " is missing: build the chronicle_generated target first";
    }
    ASSERT_EQ(load_error_, nullptr) << *load_error_;
  }

  // Ids of the entries matched at the start of `text`, and the number of tokens matched.
  static std::pair<size_t, std::set<std::string>> match(const std::string& text) {
    const std::vector<Token> tokens = tokens_of(text);
    std::vector<NameMatch> matches;
    const size_t length = dictionary_->match_name(tokens, 0, tokens.size(), &matches);
    std::set<std::string> ids;
    for (const NameMatch& found : matches) ids.insert(found.entry->id);
    return {length, ids};
  }
  static NameKind how(const std::string& text) {
    const std::vector<Token> tokens = tokens_of(text);
    std::vector<NameMatch> matches;
    dictionary_->match_name(tokens, 0, tokens.size(), &matches);
    return matches.empty() ? NameKind::kName : matches.front().how;
  }

  static inline ActorDictionary* dictionary_ = nullptr;
  static inline std::string* load_error_ = nullptr;
};

TEST_F(RealData, EveryCodeAndCountryIsKnown) {
  std::set<std::string> ids;
  size_t countries = 0, organisations = 0, groups = 0;
  for (const ActorEntry& entry : dictionary_->entries()) {
    EXPECT_TRUE(ids.insert(entry.id).second) << "duplicate id " << entry.id;
    EXPECT_FALSE(entry.name.empty()) << entry.id;
    EXPECT_FALSE(entry.code.empty()) << entry.id;
    if (!entry.country.empty()) {
      EXPECT_NE(dictionary_->country(entry.country), nullptr) << entry.id << ": " << entry.country;
    }
    for (const Role& role : entry.roles) {
      // A role is held in a country's institutions or in an international organisation's.
      bool international = role.code.rfind("IGO", 0) == 0;
      EXPECT_TRUE(international || dictionary_->country(role.code.substr(0, 3)) != nullptr)
          << entry.id << " " << role.code;
    }
    countries += entry.kind == "country";
    organisations += entry.kind == "organisation";
    groups += entry.kind == "group";
  }
  EXPECT_GE(countries, 240u);
  EXPECT_GE(organisations, 60u);
  EXPECT_GE(groups, 40u);
  EXPECT_TRUE(dictionary_->is_sector("GOV"));
  EXPECT_FALSE(dictionary_->is_sector("XYZ"));
  ASSERT_NE(dictionary_->country("KSV"), nullptr);
  EXPECT_EQ(dictionary_->country("KSV")->name, "Kosovo");
  EXPECT_EQ(dictionary_->by_id("PSE")->capital, "Ramallah");
}

TEST_F(RealData, CountriesByNameAdjectiveAndCapital) {
  EXPECT_EQ(match("Russian troops").second, std::set<std::string>{"RUS"});
  EXPECT_EQ(match("Russian troops").first, 1u);
  EXPECT_EQ(how("Russian officials"), NameKind::kAdjective);
  EXPECT_EQ(match("Moscow's decision").second, std::set<std::string>{"RUS"});
  EXPECT_EQ(how("Moscow"), NameKind::kCapital);
  EXPECT_EQ(match("United States officials").second, std::set<std::string>{"USA"});
  EXPECT_EQ(match("United States officials").first, 2u);
  EXPECT_EQ(match("U.S. forces").second, std::set<std::string>{"USA"});
  EXPECT_EQ(match("US forces").second, std::set<std::string>{"USA"});
  EXPECT_EQ(match("Washington said").second, std::set<std::string>{"USA"});
  EXPECT_EQ(match("Kiev and Kyiv").second, std::set<std::string>{"UKR"});
  EXPECT_EQ(match("Jerusalem").second, std::set<std::string>{"ISR"});
  EXPECT_EQ(match("DRC").second, std::set<std::string>{"COD"});
  EXPECT_EQ(match("Congolese army").second, std::set<std::string>{"COD"});
  EXPECT_EQ(match("Turkey").second, std::set<std::string>{"TUR"});
  EXPECT_EQ(match("Türkiye").second, std::set<std::string>{"TUR"});
  EXPECT_EQ(match("Côte d'Ivoire").second, std::set<std::string>{"CIV"});
  EXPECT_EQ(match("Cote d'Ivoire").second, std::set<std::string>{"CIV"});
  EXPECT_EQ(match("North Korean soldiers").first, 2u);
  EXPECT_EQ(match("North Korean soldiers").second, std::set<std::string>{"PRK"});
  // The longest name wins over a shorter one at the same place.
  EXPECT_EQ(match("Islamic Republic of Pakistan").second, std::set<std::string>{"PAK"});
  EXPECT_EQ(match("Islamic Republic said").second, std::set<std::string>{"IRN"});
}

// Demonyms one letter off, as reports misspell them; names one letter off a demonym are not.
TEST_F(RealData, MisspeltDemonyms) {
  EXPECT_EQ(match("Ghanian soldiers").second, std::set<std::string>{"GHA"});
  EXPECT_EQ(how("Ghanian soldiers"), NameKind::kAdjective);
  EXPECT_EQ(match("Ukranian drones").second, std::set<std::string>{"UKR"});
  EXPECT_EQ(match("Columbian police").second, std::set<std::string>{"COL"});
  EXPECT_EQ(match("Portugese officials").second, std::set<std::string>{"PRT"});
  EXPECT_EQ(match("Hermann said").first, 0u);   // "German": another first letter
  EXPECT_EQ(match("Siberian cold").first, 0u);  // "Liberian"
  EXPECT_EQ(match("Fujian province").first, 0u);  // "Fijian"
  EXPECT_EQ(match("Indiana police").first, 0u);  // "Indian", but not its ending
  EXPECT_EQ(match("ghanian").first, 0u);        // demonyms are capitalised
  EXPECT_EQ(match("George Kennan").first, 0u);  // "Kenyan" after a first name
  const std::vector<Token> tokens = tokens_of("George Kennan wrote");
  EXPECT_EQ(dictionary_->match_name(tokens, 1, tokens.size(), nullptr), 0u);
}

TEST_F(RealData, CaseRules) {
  EXPECT_EQ(match("russian").first, 0u);     // demonyms are capitalised
  EXPECT_EQ(match("us and them").first, 0u); // "us" is a pronoun, "US" a country
  EXPECT_EQ(match("Us").first, 0u);
  EXPECT_EQ(match("Isis").first, 0u);        // the goddess, not ISIS
  EXPECT_EQ(match("ISIS fighters").second, std::set<std::string>{"ISIS"});
  EXPECT_EQ(match("the States").second, std::set<std::string>{"USA"});
  EXPECT_EQ(match("States").first, 0u);      // only with "the"
  // Names left out because they are common words at the start of a sentence.
  EXPECT_EQ(match("Let us").first, 0u);
  EXPECT_EQ(match("Male students").first, 0u);
  EXPECT_EQ(match("Island nations").first, 0u);
}

TEST_F(RealData, OrganisationsAndGroups) {
  EXPECT_EQ(match("the United Nations said").second, std::set<std::string>{"IGOUNO"});
  EXPECT_EQ(match("the United Nations said").first, 3u);
  EXPECT_EQ(match("U.N. officials").second, std::set<std::string>{"IGOUNO"});
  EXPECT_EQ(match("UN Security Council").second, std::set<std::string>{"UNSC"});
  EXPECT_EQ(match("Brussels").second, std::set<std::string>{"EU"});
  EXPECT_EQ(match("Hezbollah fighters").second, std::set<std::string>{"HEZBOLLAH"});
  EXPECT_EQ(match("Hizbollah").second, std::set<std::string>{"HEZBOLLAH"});
  EXPECT_EQ(match("al-Shabaab militants").second, std::set<std::string>{"ALSHABAAB"});
  EXPECT_EQ(match("Al Shabaab").second, std::set<std::string>{"ALSHABAAB"});
  EXPECT_EQ(match("Hay'at Tahrir al-Sham").second, std::set<std::string>{"HTS"});
  EXPECT_EQ(match("Houthi rebels").second, std::set<std::string>{"HOUTHIS"});
  EXPECT_EQ(match("Rapid Support Forces").second, std::set<std::string>{"RSF"});
  EXPECT_EQ(dictionary_->by_id("HAMAS")->code, "PSEREBHMS");
  EXPECT_EQ(dictionary_->by_id("NATO")->code, "IGOWSTNAT");
  // Regions belong to the gazetteer, not to the actor dictionary.
  EXPECT_EQ(match("Nagorno-Karabakh").first, 0u);
  EXPECT_EQ(match("Salvador").first, 0u);  // El Salvador needs its article
}

TEST_F(RealData, Agents) {
  const std::vector<Token> tokens = tokens_of("Deputy Defense Minister Yunus-Bek Yevkurov");
  const Agent* agent = nullptr;
  EXPECT_EQ(dictionary_->match_agent(tokens, 0, tokens.size(), &agent), 3u);
  ASSERT_NE(agent, nullptr);
  EXPECT_EQ(agent->sector, "MIL");
  EXPECT_TRUE(agent->is_title);
  const std::vector<Token> troops = tokens_of("troops");
  EXPECT_EQ(dictionary_->match_agent(troops, 0, 1, &agent), 1u);
  EXPECT_FALSE(agent->is_title);
  const std::vector<Token> none = tokens_of("yesterday");
  EXPECT_EQ(dictionary_->match_agent(none, 0, 1, &agent), 0u);
  EXPECT_EQ(agent, nullptr);
}

// ---- people, roles, matching limits (a dictionary written by the test) ----------------------

TEST(People, FindPersonExactFuzzyAndByCountry) {
  SmallDictionary small;
  auto loaded = small.load(kPeople);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const ActorDictionary& dictionary = *loaded.value();

  auto ids = [&](std::string_view name, std::string_view country, int edits) {
    std::vector<std::string> out;
    for (const ActorEntry* entry : dictionary.find_person(name, country, edits)) out.push_back(entry->id);
    return out;
  };
  EXPECT_EQ(ids("Vladimir Putin", "", 0), std::vector<std::string>{"PUTIN_VLADIMIR"});
  EXPECT_EQ(ids("Putin", "RUS", 0), std::vector<std::string>{"PUTIN_VLADIMIR"});
  EXPECT_TRUE(ids("Putin", "UKR", 0).empty());
  EXPECT_EQ(ids("Ahmad Ash-Sharaa", "", 0), std::vector<std::string>{});  // one edit away
  EXPECT_EQ(ids("Ahmad Ash-Sharaa", "", 2), std::vector<std::string>{"SHARAA_AHMED"});
  EXPECT_EQ(ids("Abu Kasra", "SYR", 0), std::vector<std::string>{"QASRA_MURHAF"});
  // The surname part: a shortened name with a variant spelling.
  EXPECT_EQ(ids("Assad al-Shibani", "", 1), std::vector<std::string>{"SHAIBANI_ASAAD"});
  EXPECT_EQ(ids("Shibani", "", 1), std::vector<std::string>{"SHAIBANI_ASAAD"});
  EXPECT_TRUE(ids("Shibani", "", 0).empty());
  EXPECT_TRUE(ids("Shibani", "RUS", 1).empty());
  EXPECT_TRUE(ids("Zelensky", "", 2).empty());

  const ActorEntry* putin = dictionary.by_id("PUTIN_VLADIMIR");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->code, "RUSGOV");
  EXPECT_EQ(putin->country, "RUS");
  EXPECT_EQ(ActorDictionary::role_at(*putin, "2010-01-01")->title, "prime minister");
  EXPECT_EQ(ActorDictionary::role_at(*putin, "2004-06-30")->title, "president");
  EXPECT_EQ(ActorDictionary::role_at(*putin, "2012-05-07")->from, "2012-05-07");  // hand-over day
  EXPECT_EQ(ActorDictionary::role_at(*putin, "")->from, "2012-05-07");            // latest
  EXPECT_EQ(ActorDictionary::role_at(*putin, "1990-01-01")->from, "2012-05-07");  // outside all
  const ActorEntry* shaibani = dictionary.by_id("SHAIBANI_ASAAD");
  // "2024-12" (day unknown) opens on the first of the month.
  EXPECT_EQ(ActorDictionary::role_at(*shaibani, "2024-12-01")->title, "foreign minister");
  const ActorEntry* shmyhal = dictionary.by_id("SHMYHAL_DENYS");
  EXPECT_EQ(shmyhal->code, "UKRMIL");
  EXPECT_EQ(ActorDictionary::role_at(*shmyhal, "2025-03-01")->code, "UKRGOV");
  EXPECT_EQ(ActorDictionary::role_at(*shmyhal, "2025-08-01")->code, "UKRMIL");
  ActorEntry no_roles;
  EXPECT_EQ(ActorDictionary::role_at(no_roles, "2025-01-01"), nullptr);
}

TEST(People, SharedSurnamesMatchEveryone) {
  SmallDictionary small;
  auto loaded = small.load(std::string(kPeople) +
                           "\nactor PUTIN_OTHER\n  kind: person\n  name: Igor Putin\n  alias: Putin\n"
                           "  country: RUS\n");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const std::vector<Token> tokens = tokens_of("Putin said");
  std::vector<NameMatch> matches;
  EXPECT_EQ(loaded.value()->match_name(tokens, 0, tokens.size(), &matches), 1u);
  EXPECT_EQ(matches.size(), 2u);
  EXPECT_EQ(loaded.value()->by_id("PUTIN_OTHER")->code, "RUS");
}

TEST(Matching, HyphensSpacesAndLimits) {
  SmallDictionary small;
  auto loaded = small.load(
      "actor NKR\n  kind: group\n  name: Nagorno-Karabakh Defence Army\n  code: AZEREB\n  country: UKR\n"
      "\nactor LONG\n  kind: organisation\n"
      "  name: One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen\n"
      "  code: IGO\n");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const ActorDictionary& dictionary = *loaded.value();
  std::vector<NameMatch> matches;
  for (const char* text : {"Nagorno-Karabakh Defence Army", "Nagorno Karabakh Defence Army"}) {
    const std::vector<Token> tokens = tokens_of(text);
    EXPECT_EQ(dictionary.match_name(tokens, 0, tokens.size(), &matches), tokens.size()) << text;
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].entry->id, "NKR");
  }
  // Hyphens join words inside a token anywhere in the name; matching respects `end` and the
  // 12-token limit.
  const std::vector<Token> glued = tokens_of("Nagorno Karabakh-Defence Army");
  EXPECT_EQ(dictionary.match_name(glued, 0, glued.size(), &matches), 3u);
  const std::vector<Token> cut = tokens_of("Nagorno-Karabakh Defence Army");
  EXPECT_EQ(dictionary.match_name(cut, 0, 2, &matches), 0u);
  EXPECT_TRUE(matches.empty());
  const std::vector<Token> thirteen =
      tokens_of("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen");
  EXPECT_EQ(dictionary.match_name(thirteen, 0, thirteen.size(), &matches), 0u);

  const std::vector<Token> russian = tokens_of("the Russian side");
  EXPECT_EQ(dictionary.match_name(russian, 1, russian.size(), &matches), 1u);
  EXPECT_EQ(dictionary.match_name(russian, 3, russian.size(), &matches), 0u);
}

// The real tokenizer splits hyphens into words of their own (UD); a name reads a hyphenated
// compound whole, and neither starts nor ends inside one ("Army-led" is no "Army").
TEST(Matching, CompoundsSplitByTheTokenizer) {
  SmallDictionary small;
  auto loaded = small.load(
      "actor NKR\n  kind: group\n  name: Nagorno-Karabakh Defence Army\n  code: AZEREB\n  country: UKR\n"
      "\nactor SHABAAB\n  kind: group\n  name: al-Shabaab\n  code: UKRREB\n  country: UKR\n");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const ActorDictionary& dictionary = *loaded.value();
  // Case rules read the whole compound: "al-Shabaab" has its capital in its second word.
  Document shabaab;
  shabaab.text = "targeting al-Shabaab positions";
  Analysis shabaab_analysis;
  text::Tokenizer().process(shabaab, shabaab_analysis);
  std::vector<NameMatch> found;
  EXPECT_EQ(dictionary.match_name(shabaab_analysis.tokens, 1, shabaab_analysis.tokens.size(), &found), 3u);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].entry->id, "SHABAAB");
  Document document;
  document.text = "Nagorno-Karabakh Defence Army units and Nagorno-Karabakh Defence Army-led units";
  Analysis analysis;
  text::Tokenizer().process(document, analysis);
  const std::vector<Token>& tokens = analysis.tokens;
  ASSERT_EQ(tokens.size(), 15u);
  std::vector<NameMatch> matches;
  EXPECT_EQ(dictionary.match_name(tokens, 0, tokens.size(), &matches), 5u);
  EXPECT_EQ(dictionary.match_name(tokens, 7, tokens.size(), &matches), 0u);  // ends in "Army-led"
  EXPECT_EQ(dictionary.match_name(tokens, 2, tokens.size(), &matches), 0u);  // starts in a compound
}

// ---- loader errors: each names the file and line ---------------------------------------------

TEST(LoaderErrors, NameFileLineAndWhatWasExpected) {
  SmallDictionary small;
  auto error_contains = [&](const std::string& actors, const std::string& expected) {
    const std::string message = small.error_of(actors);
    EXPECT_NE(message.find(expected), std::string::npos)
        << "expected \"" << expected << "\" in:\n" << message << "\nfor:\n" << actors;
  };
  error_contains("actor RUS\n  kind: country\n  name: Russia again\n", "people.txt:1: duplicate actor id RUS");
  error_contains("\nactor X\n  kind: planet\n  name: X\n", "people.txt:3: unknown kind \"planet\"");
  error_contains("actor X\n  kind: group\n  code: IGO\n", "people.txt:1: actor X has no name");
  error_contains("actor X\n  kind: person\n  name: A B\n  role: RUSXYZ; president; 2000;\n",
                 "people.txt:4: role code \"RUSXYZ\"");
  error_contains("actor X\n  kind: person\n  name: A B\n  role: QQQGOV; president; 2000;\n",
                 "people.txt:4: role code \"QQQGOV\": unknown country");
  error_contains("actor X\n  kind: person\n  name: A B\n  role: RUSGOV; president; 2000-13-01;\n",
                 "people.txt:4: expected a date YYYY-MM-DD, YYYY-MM or YYYY, got \"2000-13-01\"");
  error_contains("actor X\n  kind: person\n  name: A B\n  role: RUSGOV; president; 2005; 2001\n",
                 "people.txt:4: role ends (2001) before it starts (2005)");
  error_contains("actor X\n  kind: person\n  name: A B\n  role: RUSGOV; President; 2005;\n",
                 "people.txt:4: expected a lower-case title");
  error_contains("actor X\n  kind: group\n  name: Red Army\n  alias: Moscow\n  code: RUSREB\n",
                 "people.txt:4: \"Moscow\" already names RUS");
  error_contains("actor X\n  kind: group\n  name: the syrians\n  code: SYRREB\n  adjective: Syrian\n",
                 "people.txt:5: \"Syrian\" already names SYR");
  error_contains("actor A\n  kind: person\n  name: Ali Ahmed\n  country: SYR\n"
                 "actor B\n  kind: person\n  name: Ali al-Ahmed\n  country: SYR\n",
                 "people.txt:7: the full name \"Ali al-Ahmed\" already names A");
  error_contains("actor X\n  kind: group\n  name: Y\n  country: ZZZ\n  code: REB\n",
                 "people.txt:4: unknown country code \"ZZZ\"");
  error_contains("extend NOPE\n  alias: x\n", "people.txt:1: extend NOPE: no such actor");
  error_contains("actor X\n  kind: group\n  name: Y\n  colour: red\n", "people.txt:4: unknown field \"colour\"");
  error_contains("actor X\nkind: group\n", "people.txt:2: expected \"actor ID\" or \"extend ID\"");
  error_contains("actor X\n  kind: group\n  name Y\n", "people.txt:3: expected \"key: value\"");
  error_contains("actor X\n  kind: group\n  name: Y\n", "people.txt:1: actor X needs a \"code:\"");
  error_contains("actor X\n  kind: group\n  name: Y\n  code: rebels\n", "people.txt:4: expected a CAMEO code");
  error_contains("actor X\n  kind: country\n  name: Y\n  latlng: 95; 0\n", "people.txt:4: expected \"latlng: LAT; LON\"");
  error_contains("extend RUS\n  kind: group\n", "people.txt:2: an extend block may only give");
  error_contains("actor X\n  kind: group\n  name: ---\n  code: REB\n", "people.txt:3: the name \"---\" has no letters");
}

TEST(LoaderErrors, SharedNamesWithinOneActorAreAllowed) {
  SmallDictionary small;
  // A capital that is also an alias of its own country, and an extend that repeats a name.
  auto loaded = small.load("extend RUS\n  alias: Moscow; Russia; the Russian Federation\n");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const std::vector<Token> tokens = tokens_of("Moscow");
  std::vector<NameMatch> matches;
  EXPECT_EQ(loaded.value()->match_name(tokens, 0, 1, &matches), 1u);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].how, NameKind::kAlias);  // the stronger reading of the two
}

TEST(LoaderErrors, AgentsAndSectorsFiles) {
  TempDir dir;
  const std::string countries = dir.write("countries.txt", kCountries);
  const std::string sectors = dir.write("sectors.txt", kSectors);
  auto agents_error = [&](const std::string& agents) {
    auto result = ActorDictionary::load({countries}, dir.write("agents.txt", agents), sectors);
    return result.ok() ? std::string() : result.error().message();
  };
  EXPECT_NE(agents_error("troops\tXXX\tagent\n").find("agents.txt:1: unknown sector \"XXX\""), std::string::npos);
  EXPECT_NE(agents_error("# c\ntroops\tMIL\n").find("agents.txt:2: expected phrase<TAB>SECTOR<TAB>title|agent"),
            std::string::npos);
  EXPECT_NE(agents_error("troops\tMIL\tboth\n").find("agents.txt:1: expected \"title\" or \"agent\""),
            std::string::npos);
  EXPECT_NE(agents_error("troops\tMIL\tagent\ntroops\tGOV\tagent\n").find("agents.txt:2: phrase \"troops\" already listed on line 1"),
            std::string::npos);
  EXPECT_NE(agents_error("Troops\tMIL\tagent\n").find("agents.txt:1: expected a lower-case phrase"),
            std::string::npos);
  EXPECT_EQ(agents_error("state media\tGOVMIL\tagent\n"), "");

  const std::string agents = dir.write("agents.txt", kAgents);
  auto sectors_error = [&](const std::string& content) {
    auto result = ActorDictionary::load({countries}, agents, dir.write("bad_sectors.txt", content));
    return result.ok() ? std::string() : result.error().message();
  };
  EXPECT_NE(sectors_error("GOV\tgovernment\nGOV\tagain\n").find("bad_sectors.txt:2: sector GOV already defined on line 1"),
            std::string::npos);
  EXPECT_NE(sectors_error("GOVERNMENT\tx\n").find("bad_sectors.txt:1: expected a three-letter"), std::string::npos);
  auto missing = ActorDictionary::load({dir.write("x.txt", "") + ".missing"}, agents, sectors);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("x.txt.missing: cannot open file"), std::string::npos);
}

}  // namespace
}  // namespace chronicle::lexicon
