// Tests for the PETRARCH/TABARI dictionary readers on small inline samples written in the
// dictionaries' own syntax, malformed input included; and, when ../shared is present, that the
// production and validation dictionaries load.
#include "lexicon/petrarch_dictionaries.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace chronicle::lexicon {
namespace {

// The value of the longest phrase in `trie` equal to the words of `text` from its start, or -1.
int lookup(const PhraseTrie& trie, const std::string& text, size_t* length = nullptr) {
  Phrase words = split_phrase(text);
  int value = -1;
  size_t matched = trie.longest(
      0, words.size(), [&](size_t idx) -> const std::string& { return words[idx]; }, &value);
  if (length != nullptr) *length = matched;
  return matched == 0 ? -1 : value;
}

TEST(SplitPhrase, SplitsLikeTheTokenizer) {
  EXPECT_EQ(split_phrase("ARNOR_"), (Phrase{"ARNOR"}));
  EXPECT_EQ(split_phrase("semi-official_newspaper"),
            (Phrase{"SEMI", "-", "OFFICIAL", "NEWSPAPER"}));
  EXPECT_EQ(split_phrase("DON'T"), (Phrase{"DO", "N'T"}));
  EXPECT_EQ(split_phrase("DID N'T"), (Phrase{"DID", "N'T"}));
  EXPECT_EQ(split_phrase("U.S."), (Phrase{"U.S."}));
  EXPECT_EQ(split_phrase("ISLAMIC_ARMY_OF_ADEN_(IAA)_"),
            (Phrase{"ISLAMIC", "ARMY", "OF", "ADEN", "(", "IAA", ")"}));
}

constexpr const char* kVerbs = R"(<!-- A VALIDATION-STYLE VERBS FILE -->
&TIETYPES
+MILITARY
+ECONOMIC   # a comment

&CURRENCY_
# a comment line does not end a synset
+DOLLARS
+SWISS FRANCS
+&TIETYPES

--- ABANDON  [345]  ---
ABANDON    # pas 15 Jul 2003
KLM_NOP_+RST [002]
- * NEW_&TIETYPES_RELATIONS [903] #  -PAS 12.01.12
- * DIPLOMATIC TIES [901]
- SAID $ * TO_ +  [113]

--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }
- % * [030:030]
- * (AGAINST GOVERNMENT) [141]
- * {AID CONVOY}   [191]
)";

TEST(VerbDictionary, ReadsSynsetsBlocksFormsAndPatterns) {
  std::vector<std::string> warnings;
  auto loaded = VerbDictionary::parse(kVerbs, "sample.verbs.txt", &warnings);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const VerbDictionary& verbs = *loaded.value();
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(verbs.blocks().size(), 2u);
  EXPECT_EQ(verbs.blocks()[0].name, "ABANDON");
  EXPECT_EQ(verbs.blocks()[0].code, "345");
  // Synsets: a trailing '_' is dropped from the name; an included synset is expanded.
  ASSERT_EQ(verbs.synset_names()[1], "CURRENCY");
  EXPECT_EQ(verbs.synsets()[1].size(), 4u);  // DOLLARS, SWISS FRANCS, MILITARY, ECONOMIC
  EXPECT_EQ(verbs.synsets()[1].front(), (Phrase{"SWISS", "FRANCS"}));  // longest first
  // Verb forms: the lemma, a multi-word verb with its marked verb word, listed irregular forms.
  const auto* rst = verbs.forms_of("RST");
  ASSERT_NE(rst, nullptr);
  EXPECT_EQ(rst->front()->words, (Phrase{"KLM", "NOP", "RST"}));
  EXPECT_EQ(rst->front()->verb_index, 2u);
  EXPECT_EQ(rst->front()->code, "002");
  ASSERT_NE(verbs.forms_of("BROKEN"), nullptr);
  EXPECT_TRUE(verbs.forms_of("BROKEN")->front()->explicit_form);
  bool broke_down = false;
  for (const VerbForm* form : *verbs.forms_of("BROKE")) {
    broke_down = broke_down || form->words == Phrase{"BROKE", "DOWN"};
  }
  EXPECT_TRUE(broke_down);
  // Patterns, longest first (most elements); before-items nearest the verb first; '_' makes an
  // item adjacent to its neighbour on the verb side.
  const auto& patterns = verbs.blocks()[0].patterns;
  ASSERT_EQ(patterns.size(), 3u);
  const VerbPattern& said = patterns[0];
  EXPECT_EQ(said.code, "113");
  ASSERT_EQ(said.before.size(), 2u);
  EXPECT_EQ(said.before[0].kind, PatternItem::Kind::kSource);
  EXPECT_EQ(said.before[1].word, "SAID");
  ASSERT_EQ(said.after.size(), 2u);
  EXPECT_EQ(said.after[0].word, "TO");
  EXPECT_EQ(said.after[1].kind, PatternItem::Kind::kTarget);
  EXPECT_TRUE(said.after[1].adjacent);
  EXPECT_EQ(patterns[1].code, "903");
  ASSERT_EQ(patterns[1].after.size(), 3u);
  EXPECT_EQ(patterns[1].after[0].word, "NEW");
  EXPECT_FALSE(patterns[1].after[0].adjacent);
  EXPECT_EQ(patterns[1].after[1].kind, PatternItem::Kind::kSynset);
  EXPECT_TRUE(patterns[1].after[1].adjacent);
  EXPECT_TRUE(patterns[1].after[2].adjacent);
  EXPECT_EQ(patterns[2].code, "901");
  // PETRARCH2's {noun phrase} and (prepositional phrase) groups read as their words.
  const auto& break_patterns = verbs.blocks()[1].patterns;
  ASSERT_EQ(break_patterns.size(), 3u);
  EXPECT_EQ(break_patterns[0].after[0].word, "AGAINST");
  EXPECT_EQ(break_patterns[2].before[0].kind, PatternItem::Kind::kCompound);
  EXPECT_EQ(break_patterns[2].code, "030:030");
}

TEST(VerbDictionary, SkipsWhatPetrarchSkipsWithAWarning) {
  std::vector<std::string> warnings;
  auto loaded = VerbDictionary::parse(
      "--- MEET [031] ---\nMEET\n- * TALKS\n- * &NOSUCH [032]\n- TALKS [033]\n", "skips.verbs.txt",
      &warnings);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value()->pattern_count(), 0u);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0], "skips.verbs.txt:3: pattern without a [code] skipped");
  EXPECT_NE(warnings[1].find("skips.verbs.txt:5: pattern needs exactly one '*'"),
            std::string::npos);
  EXPECT_NE(warnings[2].find("skips.verbs.txt:4: unknown synset &NOSUCH"), std::string::npos);
}

TEST(VerbDictionary, MalformedInputNamesFileAndLine) {
  auto outside = VerbDictionary::parse("\n\nMEET [031]\n", "bad.verbs.txt", nullptr);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message().find("bad.verbs.txt:3: expected a synset"), std::string::npos)
      << outside.error().message();
  auto member = VerbDictionary::parse("&SYN\n+ONE\nTWO\n", "bad.verbs.txt", nullptr);
  ASSERT_FALSE(member.ok());
  EXPECT_NE(member.error().message().find("bad.verbs.txt:3: expected a synset member"),
            std::string::npos);
  auto forms =
      VerbDictionary::parse("--- BAN [191] ---\nBAN {BANS BANNED\n", "bad.verbs.txt", nullptr);
  ASSERT_FALSE(forms.ok());
  EXPECT_NE(forms.error().message().find("bad.verbs.txt:2: '{' without '}'"), std::string::npos);
}

constexpr const char* kActors = R"(<!--
# a comment over
# several lines -->
ARNOR_  [ARN]
GONDOR [GON]
+MINAS_TIRITH
LORIEN  [ELR/GAL]
GOLLUM  # pas 27 Apr 03
+SMEAGOL
	[HOB < 950601]
	[HOBGOV 19950601 - 19990815]
	[HOBREB > 990816]
SAM_GAMGEE [HOB]
	[ORCHOB 20100109-20100112]
	[HOBMIL 20080120-20121109]
BOROMIR  [---]
ONODOHER
	[ONO <911226]
KOFI_ANNAN_	[IGOUNO 970101-061231] [ELI]
)";

TEST(PetrarchActors, ReadsNamesSynonymsAndDatedCodes) {
  std::vector<std::string> warnings;
  auto loaded = PetrarchActors::parse(kActors, "sample.actors.txt", &warnings);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const PetrarchActors& actors = *loaded.value();
  EXPECT_TRUE(warnings.empty());
  auto codes = [&](const std::string& name, int32_t date) {
    int value = lookup(actors.names(), name);
    return value < 0 ? std::vector<std::string>{"<none>"} : actors.actors()[value].codes_at(date);
  };
  using Codes = std::vector<std::string>;
  EXPECT_EQ(codes("Arnor", 0), Codes{"ARN"});
  EXPECT_EQ(codes("Minas Tirith", 0), Codes{"GON"});
  EXPECT_EQ(codes("Lorien", 0), (Codes{"ELR", "GAL"}));
  // Date restrictions: "<D" before D, "D1-D2" inclusive, ">D" from D on; six-digit dates are
  // yymmdd.
  EXPECT_EQ(codes("Smeagol", 19950101), Codes{"HOB"});
  EXPECT_EQ(codes("Gollum", 19950601), Codes{"HOBGOV"});
  EXPECT_EQ(codes("Gollum", 20010101), Codes{"HOBREB"});
  // The first restriction that holds wins; outside all of them, the undated default.
  EXPECT_EQ(codes("Sam Gamgee", 20100110), Codes{"ORCHOB"});
  EXPECT_EQ(codes("Sam Gamgee", 20100113), Codes{"HOBMIL"});
  EXPECT_EQ(codes("Sam Gamgee", 20140101), Codes{"HOB"});
  // Without a default code and outside the restriction: the last code listed.
  EXPECT_EQ(codes("Onodoher", 19950101), Codes{"ONO"});
  EXPECT_EQ(codes("Kofi Annan", 20080101), Codes{"ELI"});
  EXPECT_EQ(codes("Boromir", 0), Codes{});  // a null actor
}

TEST(PetrarchActors, MalformedInputNamesFileAndLine) {
  auto code_first = PetrarchActors::parse("# header\n  [ARN]\n", "bad.actors.txt", nullptr);
  ASSERT_FALSE(code_first.ok());
  EXPECT_NE(code_first.error().message().find("bad.actors.txt:2: a code line"), std::string::npos)
      << code_first.error().message();
  auto unclosed = PetrarchActors::parse("ARNOR [ARN\n", "bad.actors.txt", nullptr);
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.error().message().find("bad.actors.txt:1: '[' without ']'"),
            std::string::npos);
  // A date PETRARCH cannot read skips that code only, with a warning naming the line.
  std::vector<std::string> warnings;
  auto bad_date =
      PetrarchActors::parse("BAN_KI-MOON\n\t[IGOUNO >20070101]\n\t[KORGOVBUS 2004017-20061201]\n",
                            "dates.actors.txt", &warnings);
  ASSERT_TRUE(bad_date.ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("dates.actors.txt:3: cannot read the dates"), std::string::npos)
      << warnings[0];
  EXPECT_EQ(bad_date.value()->actors()[0].codes.size(), 1u);
}

constexpr const char* kAgents = R"(!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINST! = MINISTER, MINISTRY
POLICE {} [ ~COP] # JON 2/8/95
MAIN_OPPOSITION_GROUP [~MOP]
AUTHORITY  [~GOV]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
MSF {}  [NGO~] # pas 24 Nov 13
)";

TEST(PetrarchAgents, ReadsCodesPluralsAndSubstitutions) {
  std::vector<std::string> warnings;
  auto loaded = PetrarchAgents::parse(kAgents, "sample.agents.txt", &warnings);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const PetrarchAgents& agents = *loaded.value();
  EXPECT_TRUE(warnings.empty());
  auto code = [&](const std::string& phrase) {
    size_t length = 0;
    int value = lookup(agents.names(), phrase, &length);
    if (value < 0 || length != split_phrase(phrase).size()) return std::string("<none>");
    const PetrarchAgent& agent = agents.agents()[value];
    return agent.prefix ? agent.code + "~" : "~" + agent.code;
  };
  EXPECT_EQ(code("police"), "~COP");
  EXPECT_EQ(code("polices"), "<none>");               // {}: no plural
  EXPECT_EQ(code("main opposition groups"), "~MOP");  // regular plural
  EXPECT_EQ(code("authorities"), "~GOV");
  EXPECT_EQ(code("golden geese"), "~GGS");  // listed plural
  EXPECT_EQ(code("golden gooses"), "<none>");
  EXPECT_EQ(code("congresswomen"), "~LEG");  // !PERSON! substituted
  EXPECT_EQ(code("ministry of silly walks"), "~GOV");
  EXPECT_EQ(code("MSF"), "NGO~");  // code before the actor's
}

TEST(PetrarchAgents, MalformedInputNamesFileAndLine) {
  auto substitution =
      PetrarchAgents::parse("POLICE [~COP]\n!PERSON = MAN\n", "bad.agents.txt", nullptr);
  ASSERT_FALSE(substitution.ok());
  EXPECT_NE(
      substitution.error().message().find("bad.agents.txt:2: expected \"!NAME! = WORD, WORD\""),
      std::string::npos)
      << substitution.error().message();
  std::vector<std::string> warnings;
  auto no_code = PetrarchAgents::parse("DEPARMENT_OF_ENVIRONMENT [~ENV}\nPOLICE [~COP]\n",
                                       "typo.agents.txt", &warnings);
  ASSERT_TRUE(no_code.ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind("typo.agents.txt:1: expected an agent", 0), 0u) << warnings[0];
  EXPECT_EQ(no_code.value()->agents().size(), 1u);
}

TEST(PetrarchDiscards, StoryAndSentenceDiscards) {
  auto loaded =
      PetrarchDiscards::parse("# story-level with '+'\nMONTHS LATER\n+TYPHOON   # ELH\nBASEBALL\n",
                              "sample.discards.txt", nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const PetrarchDiscards& discards = *loaded.value();
  EXPECT_EQ(discards.size(), 3u);
  int typhoon = lookup(discards.phrases(), "typhoon");
  ASSERT_GE(typhoon, 0);
  EXPECT_TRUE(discards.is_story(typhoon));
  int later = lookup(discards.phrases(), "months later");
  ASSERT_GE(later, 0);
  EXPECT_FALSE(discards.is_story(later));
  auto bad = PetrarchDiscards::parse("BASEBALL\n+\n", "bad.discards.txt", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("bad.discards.txt:2: empty discard phrase"),
            std::string::npos);
}

// The shared PETRARCH2 dictionaries: production (CAMEO.2.0 + Phoenix) and validation sets.
TEST(PetrarchDictionaries, SharedSetsLoad) {
  const std::string dir = std::string(CHRONICLE_SHARED_DIR) + "/data/petrarch2/dictionaries";
  if (!std::filesystem::exists(dir))
    GTEST_SKIP() << dir << " is absent (../shared not checked out)";
  auto production = PetrarchDictionaries::load(dir, "");
  ASSERT_TRUE(production.ok()) << production.error().message();
  EXPECT_EQ(production.value()->files.size(), 6u);
  EXPECT_GT(production.value()->verbs->pattern_count(), 4000u);
  EXPECT_GT(production.value()->actors->actors().size(), 20000u);
  // The lines PETRARCH's own files get wrong (dates such as "2004017", "[~ENV}") are skipped.
  EXPECT_LE(production.value()->warnings.size(), 20u);
  auto validation = PetrarchDictionaries::load(dir, "PETR.Validate");
  ASSERT_TRUE(validation.ok()) << validation.error().message();
  EXPECT_EQ(validation.value()->files.size(), 4u);
  EXPECT_FALSE(PetrarchDictionaries::load(dir + "/nope", "").ok());
}

}  // namespace
}  // namespace chronicle::lexicon
