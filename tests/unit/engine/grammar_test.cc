// The parse-based coder on invented sentences: what needs grammar rather than word order.
// Passives with and without an agent, shared subjects of conjoined and infinitival verbs,
// relative and participial clauses, light verbs and nominal events, reported speech, negation
// and modality from the tree, references to actors already named, and a document's date and
// place carried to the events that lack their own. Needs the shipped models (models/); skips
// without them, since the word-order coder alone cannot do this.
#include <gtest/gtest.h>

#include <filesystem>

#include "chronicle/engine.h"

namespace chronicle {
namespace {

class GrammarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions options;
    options.data_dir = CHRONICLE_DATA_DIR;
    options.generated_dir = CHRONICLE_GENERATED_DIR;
    auto engine = Engine::create(options);
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = std::move(engine).value().release();
  }
  static void TearDownTestSuite() { delete engine_; }

  void SetUp() override {
    bool parsed = false;
    for (const std::string& name : engine_->stage_names()) parsed |= name.find("pars") != std::string::npos;
    if (!parsed) GTEST_SKIP() << "no parser model loaded (models/parser.chm): the parse-based coder is off";
  }

  Analysis analyze(const std::string& text, const std::string& date = "2025-06-18") {
    Document document;
    document.id = "grammar";
    document.text = text;
    document.date = date;
    return engine_->analyze(document);
  }

  static std::string country(const std::optional<EventActor>& side) { return side ? side->actor.country : "-"; }

  static std::string dump(const Analysis& analysis) {
    std::string out;
    for (const Event& event : analysis.events) {
      out += event.code + " " + country(event.source) + "->" + country(event.target) + (event.negated ? " NEG" : "") +
             (event.hedged ? " HEDGE" : "") + " [" + event.trigger_text + "]" +
             (event.attributed_to ? " per " + event.attributed_to->text : "") + " " + event.date +
             (event.place ? " @" + event.place->place.country : "") + "\n";
    }
    for (const ActorMention& mention : analysis.actors)
      out += "  actor: " + mention.text + " = " + mention.actor.code + " (" + mention.kind + ")\n";
    return out;
  }

  static const Event* find(const Analysis& analysis, const std::string& root, const std::string& source,
                           const std::string& target) {
    for (const Event& event : analysis.events)
      if (event.root == root && country(event.source) == source && country(event.target) == target) return &event;
    return nullptr;
  }

  // The last event whose trigger starts with `words`.
  static const Event* with_trigger(const Analysis& analysis, std::string_view words) {
    const Event* found = nullptr;
    for (const Event& event : analysis.events)
      if (event.trigger_text.starts_with(words)) found = &event;
    return found;
  }

  // The source of the event `with_trigger` finds: its code, or its country; "" when there is no
  // such event or it has no source (so an expectation of a real code still fails).
  static std::string source_code(const Analysis& analysis, std::string_view words) {
    const Event* event = with_trigger(analysis, words);
    return event != nullptr && event->source ? event->source->actor.code : "";
  }
  static std::string source_country(const Analysis& analysis, std::string_view words) {
    const Event* event = with_trigger(analysis, words);
    return event != nullptr && event->source ? event->source->actor.country : "";
  }

  static Engine* engine_;
};

Engine* GrammarTest::engine_ = nullptr;

TEST_F(GrammarTest, PassiveAgentIsTheSource) {
  Analysis analysis = analyze("The proposal was rejected by the Hungarian foreign minister on Tuesday.");
  bool found = false;
  for (const Event& event : analysis.events) found |= country(event.source) == "HUN";
  EXPECT_TRUE(found) << dump(analysis);
}

TEST_F(GrammarTest, AuthorOfAnAttackNounInAPassive) {
  // No "by": the actor modifying "strike" did it; the victims are located by the place.
  Analysis analysis = analyze("Three people were killed in a Russian missile strike on Kharkiv.");
  EXPECT_NE(find(analysis, "19", "RUS", "UKR"), nullptr) << dump(analysis);
  for (const Event& event : analysis.events) EXPECT_NE(country(event.source), "UKR") << dump(analysis);
}

TEST_F(GrammarTest, ConjoinedVerbsShareTheSubject) {
  Analysis analysis = analyze("Kenyan troops entered the town and attacked Somali militants.");
  const Event* attack = nullptr;
  for (const Event& event : analysis.events)
    if (event.root == "19" && event.trigger_text == "attacked") attack = &event;
  ASSERT_NE(attack, nullptr) << dump(analysis);
  EXPECT_EQ(country(attack->source), "KEN");
  EXPECT_EQ(country(attack->target), "SOM");
}

TEST_F(GrammarTest, RelativeClauseSubjectIsTheNounItModifies) {
  Analysis analysis = analyze("Villagers fled from Israeli forces that shelled Lebanese villages.");
  EXPECT_NE(find(analysis, "19", "ISR", "LBN"), nullptr) << dump(analysis);
}

TEST_F(GrammarTest, ParticipialClauseTakesTheMainSubject) {
  Analysis analysis = analyze("Chad expelled the Sudanese ambassador, accusing Sudan of arming rebels.");
  EXPECT_NE(find(analysis, "11", "TCD", "SDN"), nullptr) << dump(analysis);
  EXPECT_NE(find(analysis, "16", "TCD", "SDN"), nullptr) << dump(analysis);
}

TEST_F(GrammarTest, LightVerbsAndNominalEvents) {
  EXPECT_NE(find(analyze("Erdogan engaged in a telephone conversation with the Iranian president."), "04", "TUR", "IRN"),
            nullptr);
  Analysis attack = analyze("Hamas launched an attack in southern Israel.");
  const Event* event = nullptr;
  for (const Event& candidate : attack.events)
    if (candidate.root == "19" && candidate.source && candidate.source->actor.code.find("HMS") != std::string::npos)
      event = &candidate;
  EXPECT_NE(event, nullptr) << dump(attack);
}

TEST_F(GrammarTest, ReportedSpeechGivesTheEventAndTheStatement) {
  Analysis analysis = analyze("Syrian officials said Israeli jets struck the airport in Damascus.");
  const Event* strike = nullptr;
  for (const Event& event : analysis.events)
    if (event.root == "19" && country(event.source) == "ISR") strike = &event;
  ASSERT_NE(strike, nullptr) << dump(analysis);
  ASSERT_TRUE(strike->attributed_to.has_value()) << dump(analysis);
  EXPECT_EQ(strike->attributed_to->text, "Syrian officials");
  const Event* statement = nullptr;
  for (const Event& event : analysis.events)
    if (event.root == "01" && country(event.source) == "SYR") statement = &event;
  EXPECT_NE(statement, nullptr) << dump(analysis);
}

TEST_F(GrammarTest, NegationAndModalityFromTheTree) {
  Analysis negated = analyze("Turkey did not attack Syrian forces.");
  const Event* attack = find(negated, "19", "TUR", "SYR");
  ASSERT_NE(attack, nullptr) << dump(negated);
  EXPECT_TRUE(attack->negated);
  Analysis modal = analyze("Iran could attack Israel.");
  const Event* threat = find(modal, "19", "IRN", "ISR");
  ASSERT_NE(threat, nullptr) << dump(modal);
  EXPECT_TRUE(threat->hedged);
  EXPECT_FALSE(threat->negated);
  Analysis planned = analyze("Brazil plans to send troops to Haiti.");
  for (const Event& event : planned.events)
    if (country(event.source) == "BRA" && event.root != "01") {
      EXPECT_TRUE(event.hedged) << dump(planned);
    }
}

TEST_F(GrammarTest, PronounAndSurnameReferences) {
  Analysis analysis = analyze(
      "Kenyan President William Ruto arrived in Addis Ababa on Monday. Ethiopian Prime Minister Abiy Ahmed "
      "welcomed Ruto and later hosted him at the palace.");
  const Event* hosted = with_trigger(analysis, "hosted");
  ASSERT_NE(hosted, nullptr) << dump(analysis);
  EXPECT_EQ(country(hosted->source), "ETH");
  ASSERT_TRUE(hosted->target.has_value());
  EXPECT_EQ(hosted->target->actor.country, "KEN");
  EXPECT_EQ(hosted->target->text, "him");  // the reference's own words are the evidence
  // The date and place stated in the sentence before carry over.
  EXPECT_EQ(hosted->date, "2025-06-16") << dump(analysis);
  ASSERT_TRUE(hosted->place.has_value()) << dump(analysis);
  EXPECT_EQ(hosted->place->place.country, "ETH");
}

TEST_F(GrammarTest, DefiniteDescriptionsTakeTheirCountry) {
  Analysis analysis = analyze(
      "Sudan's foreign ministry denied that its army had shelled Chadian territory. The ministry also "
      "accused Chad of arming rebels.");
  const Event* shelling = find(analysis, "19", "SDN", "TCD");
  ASSERT_NE(shelling, nullptr) << dump(analysis);
  EXPECT_TRUE(shelling->negated);
  EXPECT_NE(find(analysis, "11", "SDN", "TCD"), nullptr) << dump(analysis);
}

TEST_F(GrammarTest, ItInWhatABodySaysIsTheSpeaker) {
  Analysis admits = analyze("Kenya admits that it assisted Uganda in the kidnapping of an opposition politician.");
  const Event* assisted = with_trigger(admits, "assisted");
  ASSERT_NE(assisted, nullptr) << dump(admits);
  EXPECT_EQ(country(assisted->source), "KEN") << dump(admits);
  EXPECT_EQ(assisted->source->text, "it");  // the reference's own words are the evidence
  Analysis killed = analyze("Russia's Federal Security Service says it killed four Islamic State militants in Dagestan.");
  const Event* killing = nullptr;
  for (const Event& event : killed.events)
    if (event.root == "19" || event.root == "18") killing = &event;
  ASSERT_NE(killing, nullptr) << dump(killed);
  EXPECT_EQ(country(killing->source), "RUS") << dump(killed);
  // Not a speaker: "it" with an adjective, a "seem" verb, or outside reported speech.
  for (const char* text : {"Russia said it was unclear whether Ukraine would attack Kursk again.",
                           "Turkey said it seems that Syria attacked Kurdish fighters.",
                           "Egypt sent aid to Gaza after it attacked Israel."}) {
    Analysis other = analyze(text);
    for (const ActorMention& mention : other.actors) EXPECT_NE(mention.text, "it") << text << "\n" << dump(other);
  }
}

TEST_F(GrammarTest, ReportsClaimsAndAdmissionsAreStatementsAndAttributeWhatTheySay) {
  Analysis reports = analyze("Sudan's foreign minister reports that an agreement has been reached.");
  EXPECT_NE(find(reports, "01", "SDN", "-"), nullptr) << dump(reports);
  Analysis admits = analyze("Kenya admits that Uganda kidnapped an opposition politician.");
  EXPECT_NE(find(admits, "01", "KEN", "-"), nullptr) << dump(admits);
  const Event* kidnapped = find(admits, "18", "UGA", "");  // an opposition politician of no country named
  ASSERT_NE(kidnapped, nullptr) << dump(admits);
  ASSERT_TRUE(kidnapped->attributed_to.has_value()) << dump(admits);
  EXPECT_EQ(kidnapped->attributed_to->text, "Kenya");
}

TEST_F(GrammarTest, GerundAfterAPrepositionIsStillAVerb) {
  Analysis shelling = analyze("Israel responded by shelling Lebanese army positions.");
  EXPECT_NE(find(shelling, "19", "ISR", "LBN"), nullptr) << dump(shelling);
  Analysis entered = analyze("Rwandan troops entered Goma after attacking Congolese soldiers.");
  EXPECT_NE(find(entered, "19", "RWA", "COD"), nullptr) << dump(entered);
}

TEST_F(GrammarTest, AdjectiveAgentWordsNameNoOne) {
  // "military" and "official" as adjectives opening a phrase are not the army or a government.
  Analysis aid = analyze("France will fund a military aid package to Ukraine.");
  EXPECT_NE(find(aid, "07", "FRA", "UKR"), nullptr) << dump(aid);
  for (const Event& event : aid.events) EXPECT_NE(country(event.source), "") << dump(aid);
  Analysis visit = analyze("Putin made an official visit to China.");
  for (const ActorMention& mention : visit.actors) EXPECT_NE(mention.text, "official") << dump(visit);
  Analysis relations = analyze("Andorra and Malta establish official diplomatic relations.");
  EXPECT_NE(find(relations, "05", "AND", "MLT"), nullptr) << dump(relations);
  EXPECT_NE(find(relations, "05", "MLT", "AND"), nullptr) << dump(relations);
  // After a country it is still the military: "Rwanda's military support".
  Analysis support = analyze("Belgium criticized Rwanda's military support for the rebels.");
  bool military = false;
  for (const ActorMention& mention : support.actors) military |= mention.actor.code == "RWAMIL";
  EXPECT_TRUE(military) << dump(support);
}

TEST_F(GrammarTest, ParticipleWithAnObjectIsAFiniteVerb) {
  // Tagged VBN and parsed as a modifier of "military", "attacked" still has "military" as its
  // subject because it takes an object.
  Analysis attacked = analyze("The Israeli military attacked Gaza.");
  EXPECT_NE(find(attacked, "19", "ISR", "PSE"), nullptr) << dump(attacked);
}

TEST_F(GrammarTest, TalksStartedInACountryAreNotWithIt) {
  Analysis talks = analyze("The United States and Russia start talks in Saudi Arabia.");
  EXPECT_NE(find(talks, "04", "USA", "RUS"), nullptr) << dump(talks);
  EXPECT_NE(find(talks, "04", "RUS", "USA"), nullptr) << dump(talks);
  for (const Event& event : talks.events) EXPECT_NE(country(event.target), "SAU") << dump(talks);
  // A material event's "in Ukraine" is still where its target is.
  Analysis attacked = analyze("Russia attacked targets in Ukraine.");
  EXPECT_NE(find(attacked, "19", "RUS", "UKR"), nullptr) << dump(attacked);
}

TEST_F(GrammarTest, DatelinePlaceForItsCountrysEvents) {
  Analysis analysis = analyze("SUVA, June 18 (Newswire) — Fiji expelled an Australian diplomat on Tuesday.");
  const Event* expelled = find(analysis, "16", "FJI", "AUS");
  ASSERT_NE(expelled, nullptr) << dump(analysis);
  ASSERT_TRUE(expelled->place.has_value());
  EXPECT_EQ(expelled->place->place.country, "FJI");
  EXPECT_EQ(expelled->date, "2025-06-17");
}

TEST_F(GrammarTest, TopicOfTalks) {
  Analysis analysis = analyze("Putin held talks with Netanyahu on military cooperation on Monday.");
  const Event* talks = find(analysis, "04", "RUS", "ISR");
  ASSERT_NE(talks, nullptr) << dump(analysis);
  EXPECT_EQ(talks->topic, "military cooperation");
  // An actor inside the topic is not a target; the coordinated subjects still meet each other.
  Analysis nuclear = analyze("Iran and France held talks about Iran's nuclear program in Geneva.");
  EXPECT_NE(find(nuclear, "04", "FRA", "IRN"), nullptr) << dump(nuclear);
  EXPECT_EQ(find(nuclear, "04", "IRN", "IRN"), nullptr) << dump(nuclear);
  // In material events "on" marks the target, not a topic.
  Analysis strikes = analyze("Somali forces conducted airstrikes on Kenyan positions near the border.");
  for (const Event& event : strikes.events) {
    if (event.root == "19") {
      EXPECT_TRUE(event.topic.empty()) << dump(strikes);
      EXPECT_EQ(country(event.target), "KEN") << dump(strikes);
    }
  }
}

TEST_F(GrammarTest, CoordinatedCountriesAndTheirCollectiveReference) {
  // "these delegations" refers to each of the delegations named before: one event per country.
  Analysis analysis = analyze(
      "Manila confirmed the arrival of Japanese, Indonesian and Australian delegations on Monday. "
      "The Philippine News Agency reported that these delegations will meet the Philippine president.");
  for (const char* country : {"JPN", "IDN", "AUS"}) {
    const Event* meeting = find(analysis, "04", country, "PHL");
    ASSERT_NE(meeting, nullptr) << country << "\n" << dump(analysis);
    EXPECT_TRUE(meeting->hedged) << dump(analysis);  // "will meet": not yet happened
    ASSERT_TRUE(meeting->attributed_to.has_value()) << dump(analysis);
    EXPECT_NE(meeting->attributed_to->text.find("Philippine News Agency"), std::string::npos) << dump(analysis);
  }
}

// A month in a date is not a verb: "on March 3" is no protest march, while a march is.
TEST_F(GrammarTest, MonthNamesInDatesAreNotTriggers) {
  Analysis dated = analyze("Kenya's foreign minister met Ethiopia's prime minister in Addis Ababa on March 3.",
                           "2026-03-04");
  for (const Event& event : dated.events) EXPECT_NE(event.root, "14") << dump(dated);
  EXPECT_NE(find(dated, "04", "KEN", "ETH"), nullptr) << dump(dated);
  Analysis marched = analyze("Thousands of Kenyan teachers marched in Nairobi on Monday against the government.");
  bool protest = false;
  for (const Event& event : marched.events) protest |= event.root == "14";
  EXPECT_TRUE(protest) << dump(marched);
}

TEST_F(GrammarTest, PassiveAgentsSharedMisattachedOrInsideAnAttack) {
  // Conjoined passives share the agent the last one names.
  Analysis shared = analyze("Nine villagers were killed and 12 others were wounded by Boko Haram fighters in Borno State, Nigeria.");
  EXPECT_EQ(source_code(shared, "killed"), "NGAREB") << dump(shared);
  // "by" hung on the first word of a long name is still the phrase's marker.
  Analysis misattached = analyze("Eleven farmers were killed by Islamic State West Africa Province (ISWAP) fighters near Maiduguri.");
  EXPECT_EQ(source_code(misattached, "killed"), "IMGMUSISI") << dump(misattached);
  // An attack "carried out by" someone, in an oblique of the conjoined passive, names the author.
  Analysis raid = analyze("Four people were killed and 20 were hurt after a raid carried out by Ukrainian forces on a market in Donetsk.");
  EXPECT_EQ(source_code(raid, "killed"), "UKRMIL") << dump(raid);
}

TEST_F(GrammarTest, PluralPossessiveInsideAName) {
  // The tokenizer splits "Martyrs'" into "Martyrs" and "'": the name still matches whole.
  Analysis analysis = analyze("The Al-Aqsa Martyrs' Brigades claimed an attack on an Israeli checkpoint.");
  bool whole = false;
  for (const ActorMention& mention : analysis.actors) whole |= mention.text == "Al-Aqsa Martyrs' Brigades";
  EXPECT_TRUE(whole) << dump(analysis);
}

TEST_F(GrammarTest, WhatAVideoShowsSomeoneDoing) {
  Analysis shown = analyze("Footage released on Monday shows Sudanese soldiers executing three prisoners in Omdurman.");
  EXPECT_EQ(source_code(shown, "executing"), "SDNMIL") << dump(shown);
  // ", killing 19" after a verb with an object still has the main subject.
  Analysis captured = analyze("Rebels of the M23 capture the town of Walikale, killing 19 civilians.");
  EXPECT_EQ(source_country(captured, "killing"), "COD") << dump(captured);
}

TEST_F(GrammarTest, PrisonerExchangesAndDatesSinceWhen) {
  Analysis swap = analyze("Armenia and Azerbaijan begin their first prisoner exchange since the war ended in November 2020.");
  const Event* armenia = find(swap, "08", "ARM", "AZE");
  ASSERT_NE(armenia, nullptr) << dump(swap);
  EXPECT_NE(find(swap, "08", "AZE", "ARM"), nullptr) << dump(swap);
  // The date opens the period it is compared with, not the day of the exchange.
  EXPECT_NE(armenia->date, "2020-11") << dump(swap);
}

TEST_F(GrammarTest, ForceIsMutualOnlyWhenTheWordsSaySo) {
  // Allies acting together do not attack each other.
  Analysis allies = analyze("The Nigerian army and the Nigerian police launch offensive operations in Zamfara State.");
  for (const Event& event : allies.events) {
    if (event.root != "19") continue;
    EXPECT_FALSE(event.source && event.target) << dump(allies);
  }
  EXPECT_NE(find(allies, "19", "NGA", "-"), nullptr) << dump(allies);
  // A clash is mutual; so is cutting ties.
  Analysis clash = analyze("Sudanese and South Sudanese troops clash near Abyei.");
  EXPECT_NE(find(clash, "19", "SDN", "SSD"), nullptr) << dump(clash);
  EXPECT_NE(find(clash, "19", "SSD", "SDN"), nullptr) << dump(clash);
  Analysis ties = analyze("Rwanda and Belgium sever diplomatic relations.");
  EXPECT_NE(find(ties, "16", "RWA", "BEL"), nullptr) << dump(ties);
}

TEST_F(GrammarTest, AHaltToOperationsIsNoAttack) {
  // "offensive" modifying a noun is an adjective, and a halt to operations de-escalates.
  Analysis halt = analyze("The Kenyan defence minister orders a halt to offensive operations against al-Shabaab in Somalia.");
  const Event* halted = with_trigger(halt, "halt to");
  ASSERT_NE(halted, nullptr) << dump(halt);
  EXPECT_EQ(halted->code, "087");
  for (const Event& event : halt.events) EXPECT_TRUE(event.root != "19" || event.negated) << dump(halt);
  // A noun modifying another noun: the attack is the event, not the "stabbing" before it.
  Analysis stabbing = analyze("Four people are injured in a stabbing attack in Haifa, Israel.");
  for (const Event& event : stabbing.events) EXPECT_NE(event.trigger_text, "stabbing") << dump(stabbing);
  Analysis remarks = analyze("Japan condemned offensive remarks by Chinese officials.");
  for (const Event& event : remarks.events) EXPECT_NE(event.root, "19") << dump(remarks);
}

TEST_F(GrammarTest, WhoIsBehindAnEventNoun) {
  // Support "from" a country comes from it.
  Analysis support = analyze("Somali forces, with air support from Turkey, launch an offensive against al-Shabaab.");
  EXPECT_EQ(source_country(support, "support"), "TUR") << dump(support);
  // A possessor that is no actor still names the author: no one else is put in its place.
  Analysis warrant = analyze(
      "Hungary criticised the tribunal's issuance of an arrest warrant for Israeli prime minister Benjamin Netanyahu.");
  for (const Event& event : warrant.events) {
    if (event.trigger_text.starts_with("arrest warrant")) {
      EXPECT_FALSE(event.source.has_value()) << dump(warrant);
    }
  }
  // The author of the noun whose "of" phrase the event is.
  Analysis launch = analyze("Sudan condemned the RSF's launch of an offensive on El Fasher.");
  EXPECT_EQ(source_code(launch, "offensive"), "SDNREB") << dump(launch);
}

TEST_F(GrammarTest, CallingSomethingANameIsNoPhoneCall) {
  Analysis named = analyze("The Kenyan foreign minister calls Ethiopia's troop deployment a provocation.");
  for (const Event& event : named.events) EXPECT_NE(event.code, "041") << dump(named);
  Analysis phoned = analyze("The Kenyan president calls Ethiopian Prime Minister Abiy Ahmed.");
  EXPECT_NE(find(phoned, "04", "KEN", "ETH"), nullptr) << dump(phoned);
  // Calling a person something is no call either; calling them to discuss something is.
  Analysis insulted = analyze("U.S. President Donald Trump calls Ukrainian President Volodymyr Zelenskyy a \"dictator\".");
  for (const Event& event : insulted.events) EXPECT_NE(event.code, "041") << dump(insulted);
  Analysis purpose = analyze("Russian President Vladimir Putin calls Recep Tayyip Erdogan to discuss the war in Syria.");
  EXPECT_NE(find(purpose, "04", "RUS", "TUR"), nullptr) << dump(purpose);
  // "at each other": the coordinated subjects are the sides, not the weapons.
  Analysis fire = analyze("Armenia and Azerbaijan continue to launch missiles and drones at each other.");
  EXPECT_NE(find(fire, "19", "ARM", "AZE"), nullptr) << dump(fire);
  EXPECT_NE(find(fire, "19", "AZE", "ARM"), nullptr) << dump(fire);
  for (const Event& event : fire.events) EXPECT_TRUE(!event.target || event.target->text != "drones") << dump(fire);
  // A participle describing a noun narrates nothing.
  Analysis described = analyze("The Kenyan police chief claims it was a \"targeted terror attack\".");
  for (const Event& event : described.events) EXPECT_NE(event.trigger_text, "targeted") << dump(described);
}

TEST_F(GrammarTest, WeaponsAreNoSidesAndPlacesNoSources) {
  // A drone is the means: it takes neither the country it hit nor the place of the source.
  Analysis hospital = analyze("At least 30 people are killed in a drone attack on a hospital in Kadugli, Sudan.");
  for (const Event& event : hospital.events) {
    EXPECT_TRUE(!event.source || event.source->actor.country != "SDN") << dump(hospital);
    EXPECT_TRUE(!event.source || event.source->actor.code != "MIL") << dump(hospital);
  }
  Analysis shot = analyze("Ukraine says it shot down 40 of 60 drones overnight.");
  for (const Event& event : shot.events) EXPECT_FALSE(event.target.has_value()) << dump(shot);
  // Who struck is named beside the weapon, not by it.
  Analysis strike = analyze("The Djiboutian army executes a drone strike near the Ethiopian border.");
  EXPECT_EQ(source_code(strike, "strike"), "DJIMIL") << dump(strike);
  // "in Kryvyi Rih, Ukraine," says where; it is not who kills.
  Analysis place = analyze("A missile strike on a market in Kherson, Ukraine, kills seven people.");
  for (const Event& event : place.events) EXPECT_TRUE(!event.source || event.source->actor.code != "UKR") << dump(place);
}

TEST_F(GrammarTest, CurrenciesAndStatementsOfFact) {
  Analysis bill = analyze("Russia halted gas supplies to Moldova over an unpaid US$709 million bill.");
  for (const ActorMention& mention : bill.actors) EXPECT_NE(mention.text, "US") << dump(bill);
  Analysis recognize = analyze("The Kenyan interior minister recognizes that the police used excessive force.");
  for (const Event& event : recognize.events) EXPECT_NE(event.code, "054") << dump(recognize);
}

TEST_F(GrammarTest, JointStatementsAreNotAddressedToEachOther) {
  Analysis joint = analyze("Kenya and Tanzania release a joint statement on the crisis in eastern Congo.");
  const Event* statement = with_trigger(joint, "release");
  ASSERT_NE(statement, nullptr) << dump(joint);
  for (const Event& event : joint.events) {
    if (event.root == "01") {
      EXPECT_FALSE(event.target.has_value()) << dump(joint);
    }
  }
  // Mediators named with "by" are not the parties: "an agreement mediated by Qatar".
  Analysis mediated = analyze("Armenia and Azerbaijan reach a peace agreement mediated by Qatar and Turkey.");
  EXPECT_NE(find(mediated, "05", "ARM", "AZE"), nullptr) << dump(mediated);
  for (const Event& event : mediated.events)
    EXPECT_TRUE(!event.target || event.target->actor.country != "QAT") << dump(mediated);
  Analysis condemn = analyze("Egypt and Jordan condemn the Israeli strike on Rafah.");
  EXPECT_EQ(find(condemn, "11", "EGY", "JOR"), nullptr) << dump(condemn);
  // A person's current office: Tusk is again Poland's prime minister.
  Analysis tusk = analyze("Polish prime minister Donald Tusk meets French president Emmanuel Macron in Nancy.");
  EXPECT_NE(find(tusk, "04", "POL", "FRA"), nullptr) << dump(tusk);
}

TEST_F(GrammarTest, AGroupNamedForAnotherCountryIsANamesake) {
  // Myanmar's People's Defence Force is registered; a Thai force of that name is not it.
  Analysis thai = analyze("Thai People's Defence Forces attacked a border post.");
  for (const ActorMention& mention : thai.actors) EXPECT_NE(mention.actor.code, "MMRREB") << dump(thai);
  Analysis myanmar = analyze("The People's Defence Force attacked a junta outpost in Sagaing.");
  bool pdf = false;
  for (const ActorMention& mention : myanmar.actors) pdf |= mention.actor.code == "MMRREB";
  EXPECT_TRUE(pdf) << dump(myanmar);
}

TEST_F(GrammarTest, ForceAgainstAPlaceTargetsItsCountry) {
  Analysis odesa = analyze("Russian forces launch ballistic missiles at the centre of Odesa.");
  EXPECT_NE(find(odesa, "19", "RUS", "UKR"), nullptr) << dump(odesa);
  // An attack named by its noun is an event even when nobody is named as its author.
  Analysis unnamed = analyze("A large-scale drone attack on Kharkiv kills three people.");
  EXPECT_NE(find(unnamed, "19", "-", "UKR"), nullptr) << dump(unnamed);
  // "by" right after the event noun names its author, never its target.
  Analysis shooting = analyze("Four Kenyans are injured in a mass shooting by Somali gunmen in Mandera.");
  for (const Event& event : shooting.events)
    EXPECT_TRUE(!event.target || event.target->actor.country != "SOM") << dump(shooting);
  // Not the source's own country, nor a side located there later ("police").
  Analysis raid = analyze("Pakistani troops raid a village in Khyber Pakhtunkhwa, Pakistan.");
  for (const Event& event : raid.events) EXPECT_FALSE(event.target.has_value()) << dump(raid);
  // A place the gazetteer lacks, before its country, is in that country: not a namesake abroad.
  Analysis gilan = analyze("Nine people are killed in an Israeli airstrike on a house in Gilan, Iran.");
  for (const PlaceMention& place : gilan.places) EXPECT_NE(place.place.country, "KSV") << dump(gilan);
  const Event* airstrike = with_trigger(gilan, "airstrike");
  ASSERT_NE(airstrike, nullptr) << dump(gilan);
  ASSERT_TRUE(airstrike->place.has_value()) << dump(gilan);
  EXPECT_EQ(airstrike->place->place.country, "IRN");
}

TEST_F(GrammarTest, ACommonWordIsNoSurname) {
  // "Mass" keys like Heiko Maas's surname; tagged as an adjective it is no person.
  Analysis looting = analyze("Mass looting is reported in Bukavu as rebels advance into the city.");
  for (const ActorMention& mention : looting.actors) EXPECT_NE(mention.text, "Mass") << dump(looting);
  // Nor is the first word of a longer name: "Asaad Abu Sharia" keys like "Assad".
  Analysis asaad = analyze("Israel says it killed Asaad Abu Sharia, a militant leader in Gaza.");
  for (const ActorMention& mention : asaad.actors) EXPECT_NE(mention.actor.country, "SYR") << dump(asaad);
  Analysis tusk = analyze("Tusk said Poland would not send troops.");
  bool found = false;
  for (const ActorMention& mention : tusk.actors) found |= mention.text == "Tusk";
  EXPECT_TRUE(found) << dump(tusk);
}

TEST_F(GrammarTest, VictimsAreNotTheAuthorsOfTheAttackTheyDiedIn) {
  Analysis wounded = analyze("Two Israelis are critically wounded in a shooting near Hebron in the West Bank.");
  for (const Event& event : wounded.events)
    EXPECT_TRUE(!event.source || event.source->actor.country != "ISR") << dump(wounded);
  // Of an active verb, the subject is the author of the event noun in its oblique.
  Analysis raid = analyze("Kenyan police kill two suspects in a raid on a hideout in Mombasa.");
  EXPECT_EQ(source_country(raid, "raid"), "KEN") << dump(raid);
  // Fighting has participants, not victims: the soldiers were in the shootout.
  Analysis shootout = analyze("Two Nigerian soldiers and five insurgents are killed in a shootout in Borno State.");
  EXPECT_EQ(source_country(shootout, "shootout"), "NGA") << dump(shootout);
}

TEST_F(GrammarTest, WhatSomeoneIsUrgedToDoIsTheirsAndNotYetDone) {
  Analysis urged = analyze("The African Union urges Rwanda to withdraw its soldiers from Congolese territory.");
  const Event* withdraw = with_trigger(urged, "withdraw");
  ASSERT_NE(withdraw, nullptr) << dump(urged);
  ASSERT_TRUE(withdraw->source.has_value()) << dump(urged);
  EXPECT_EQ(withdraw->source->actor.code, "RWA");
  EXPECT_TRUE(withdraw->hedged) << dump(urged);
  // A gap in a pattern never runs into a second verb: "suspend ~ sanctions" is easing them.
  Analysis both = analyze("Canada suspends financial aid and imposes sanctions on Rwandan officials.");
  for (const Event& event : both.events) EXPECT_NE(event.code, "085") << dump(both);
}

TEST_F(GrammarTest, FightingBetweenSidesGoesBothWays) {
  Analysis clashes = analyze("Clashes between Indian and Pakistani troops erupt along the border.");
  EXPECT_NE(find(clashes, "19", "IND", "PAK"), nullptr) << dump(clashes);
  EXPECT_NE(find(clashes, "19", "PAK", "IND"), nullptr) << dump(clashes);
  // A civil war's sides share a country and still fight each other.
  Analysis civil = analyze("Fighting between the Sudanese Armed Forces and the Rapid Support Forces escalates in El Fasher.");
  bool army_on_rebels = false, rebels_on_army = false;
  for (const Event& event : civil.events) {
    if (!event.source || !event.target) continue;
    army_on_rebels |= event.source->actor.code == "SDNMIL" && event.target->actor.code == "SDNREB";
    rebels_on_army |= event.source->actor.code == "SDNREB" && event.target->actor.code == "SDNMIL";
  }
  EXPECT_TRUE(army_on_rebels && rebels_on_army) << dump(civil);
  // Those killed in clashes were their sides.
  Analysis killed = analyze("Eleven Nigerian soldiers and twenty Boko Haram fighters are killed in clashes in Borno State.");
  bool army_side = false, rebel_side = false;
  for (const Event& event : killed.events) {
    if (!event.source || !event.target || event.trigger_text != "clashes") continue;
    army_side |= event.source->actor.country == "NGA" && event.target->actor.code == "NGAREB";
    rebel_side |= event.source->actor.code == "NGAREB" && event.target->actor.country == "NGA";
  }
  EXPECT_TRUE(army_side && rebel_side) << dump(killed);
  // Allies fight alongside each other, not against.
  Analysis allies = analyze("Romanian mercenaries fighting alongside the Congolese army surrender to the M23.");
  for (const Event& event : allies.events) {
    if (event.root == "19") {
      EXPECT_FALSE(event.target && event.target->actor.country == "COD") << dump(allies);
    }
  }
}

TEST_F(GrammarTest, AnUnknownPersonTakesTheCountryOfTheirApposition) {
  Analysis general = analyze("General Okello Kagame, chief of the Ugandan military, threatens to invade South Sudan.");
  EXPECT_EQ(source_code(general, "threatens"), "UGAMIL") << dump(general);
}

// "Take over" territory is occupation (192); taking over an office is not an event.
TEST_F(GrammarTest, TakingOverTerritoryIsOccupation) {
  Analysis towns = analyze("Al-Shabaab militants took over the towns of Turmasaale and Jalalaqsi.");
  const Event* taken = with_trigger(towns, "took over");
  ASSERT_NE(taken, nullptr) << dump(towns);
  EXPECT_EQ(taken->code, "192");
  EXPECT_EQ(source_country(towns, "took over"), "SOM") << dump(towns);
  Analysis office = analyze("Mark Carney takes over as prime minister of Canada.");
  EXPECT_EQ(with_trigger(office, "takes"), nullptr) << dump(office);
}

// "Its" before a verb's object is the verb's subject, not the nearest body named before it;
// "they" in what plural speakers say is those speakers.
TEST_F(GrammarTest, PossessivesAndPronounsFollowTheClauseSubject) {
  Analysis stop = analyze(
      "Trump announces that the United States has reached a ceasefire with the Houthis, with Oman as mediator, "
      "and will stop its airstrikes.");
  EXPECT_EQ(source_country(stop, "airstrikes"), "USA") << dump(stop);
  Analysis group = analyze(
      "Hezbollah says that the group will respect the truce between Israel and Hamas and continue its attacks on "
      "Israeli positions.");
  EXPECT_NE(source_code(group, "attacks"), "PSEREBHMS") << dump(group);
  Analysis claim = analyze("Ukrainian forces say they shot down 40 Russian drones overnight.");
  EXPECT_EQ(source_code(claim, "shot"), "UKRMIL") << dump(claim);
  // Speakers who are no known body leave "they" unresolved rather than take the nearest plural.
  Analysis unknown = analyze(
      "Thirteen Islamic State militants are killed in fighting as local forces claim they took over the town of "
      "Dhadar.");
  EXPECT_NE(source_code(unknown, "took"), "IMGMUSISI") << dump(unknown);
}

// What someone is kept from doing did not happen; military force against a country is 190, not
// the repression of 175.
TEST_F(GrammarTest, WhatIsPreventedDidNotHappen) {
  Analysis bill = analyze(
      "A senator introduces a bill to prevent President Donald Trump from using military force against Iran.");
  const Event* force = with_trigger(bill, "using");
  ASSERT_NE(force, nullptr) << dump(bill);
  EXPECT_EQ(force->code, "190") << dump(bill);
  EXPECT_TRUE(force->negated) << dump(bill);
  Analysis used = analyze("Kenyan police used force against protesters in Nairobi.");
  const Event* repression = with_trigger(used, "used");
  ASSERT_NE(repression, nullptr) << dump(used);
  EXPECT_EQ(repression->code, "175");
  EXPECT_FALSE(repression->negated);
}

// What the pattern's own last word names is what the event is about, not a side: shared
// intelligence is no intelligence service.
TEST_F(GrammarTest, ThePatternsOwnWordsAreNoSide) {
  Analysis shared = analyze("France will continue sharing military intelligence to Ukraine.");
  const Event* sharing = with_trigger(shared, "sharing");
  ASSERT_NE(sharing, nullptr) << dump(shared);
  EXPECT_TRUE(!sharing->target || sharing->target->actor.code != "SPY") << dump(shared);
  // An organisation named by the pattern's words is still the target.
  Analysis left = analyze("Argentina announces that it will withdraw from the World Health Organization.");
  EXPECT_NE(find(left, "16", "ARG", ""), nullptr) << dump(left);
  bool who = false;
  for (const Event& event : left.events) who |= event.target && event.target->actor.code == "IGOUNOHLHWHO";
  EXPECT_TRUE(who) << dump(left);
}

// "The Trump administration" is the government of Trump's country, whatever the tagger makes of
// "Trump" and whatever place the report names; "the Moon" is nobody.
TEST_F(GrammarTest, APersonsAdministrationIsTheirCountrysGovernment) {
  Analysis orders = analyze("The Trump administration orders the U.S. military to plan options in Panama.");
  EXPECT_EQ(source_code(orders, "orders"), "USAGOV") << dump(orders);
  Analysis moon = analyze("South Korea plans a mission to the Moon in 2027.");
  for (const ActorMention& mention : moon.actors) EXPECT_NE(mention.text, "Moon") << dump(moon);
}

// An attack the main clause follows is not the subject's: "Pakistan closes its border following
// the attack" (after the preposition, or "following" read as a verb).
TEST_F(GrammarTest, TheAttackAClauseFollowsIsSomeoneElses) {
  Analysis closes = analyze("Pakistan closes its land border with India following the attack on tourists in Pahalgam.");
  EXPECT_NE(source_country(closes, "attack"), "PAK") << dump(closes);
  Analysis after = analyze("Pakistan closes its border with India after the attack on tourists in Pahalgam.");
  EXPECT_NE(source_country(after, "attack"), "PAK") << dump(after);
}

// A body with no country conjoined right after a country's body is that country's.
TEST_F(GrammarTest, AConjoinedBodyTakesTheCountryBeforeIt) {
  Analysis drills = analyze("The Chinese PLA Navy and Air Force conduct large-scale military exercises around Taiwan.");
  std::string air_force;
  for (const ActorMention& mention : drills.actors)
    if (mention.text == "Air Force") air_force = mention.actor.code;
  EXPECT_EQ(air_force, "CHNMIL") << dump(drills);  // "" when the mention is missing
  for (const Event& event : drills.events) EXPECT_NE(event.source ? event.source->actor.code : "", "TWNMIL") << dump(drills);
}

// A count is no pair: "killing two people" is not one person of each of the two countries named
// before ("the two leaders" is).
TEST_F(GrammarTest, ACountOfPeopleIsNoPairOfSides) {
  Analysis fire = analyze(
      "Israeli forces open fire on a crowd of displaced Palestinians near the Netzarim Corridor, killing two people.");
  for (const Event& event : fire.events)
    EXPECT_NE(event.target ? event.target->actor.code : "", "ISRCVL") << dump(fire);
}

// "Netanyahu's government", "President Trump's cabinet": a person's government is of their country.
TEST_F(GrammarTest, APersonsPossessedGovernmentIsTheirCountrys) {
  Analysis approves = analyze("Netanyahu's government approves the ceasefire deal with Hamas.");
  std::string government;
  for (const ActorMention& mention : approves.actors)
    if (mention.text == "government") government = mention.actor.code;
  EXPECT_EQ(government, "ISRGOV") << dump(approves);  // "" when the mention is missing
}

// A place whose name holds an agent word is no body: "the West Bank" has no bank (BUS), "the Jenin
// refugee camp" no refugees (REF).
TEST_F(GrammarTest, AgentWordsInsidePlaceNamesNameNoOne) {
  Analysis settlers = analyze("Israeli settlers in the West Bank attack five Palestinians and set fire to several homes.");
  for (const ActorMention& mention : settlers.actors) EXPECT_NE(mention.actor.sector, "BUS") << dump(settlers);
  EXPECT_EQ(source_code(settlers, "attack"), "ISRCVL") << dump(settlers);
  Analysis camp = analyze("Israeli forces raid the Jenin refugee camp in the occupied West Bank.");
  for (const ActorMention& mention : camp.actors) EXPECT_NE(mention.actor.sector, "REF") << dump(camp);
}

// The victims of a verb are not the authors of the attack it happened in, even when the verb's
// subject is no actor.
TEST_F(GrammarTest, AVerbsObjectIsNotTheAuthorOfItsAttack) {
  Analysis shooting = analyze(
      "A 38-year-old man suspected of seriously injuring two women on Saturday in a shooting and crossbow attack "
      "on the Otley Run pub crawl in Leeds, West Yorkshire, England, succumbs to a self-inflicted gunshot wound in "
      "the hospital.");
  for (const Event& event : shooting.events) {
    if (event.trigger_text.starts_with("shooting")) {
      EXPECT_FALSE(event.source && event.source->actor.sector == "CVL") << dump(shooting);
    }
  }
}

// What something is called names no author of it: the speaker is not the terrorist.
TEST_F(GrammarTest, AnEventNounAsPredicateHasNoAuthorByWordOrder) {
  Analysis claims = analyze("FBI director Kash Patel claims it was a \"targeted terror attack\".");
  for (const Event& event : claims.events)
    EXPECT_FALSE(event.code.starts_with("18") && event.source.has_value()) << dump(claims);
}

// A "they" opening its sentence continues the previous sentence's subject, not the latest plural.
TEST_F(GrammarTest, TheyOpeningASentenceIsThePreviousSubject) {
  Analysis advance = analyze(
      "M23 rebels take control of Goma and are holding captured Congolese troops at the stadium. They also begin "
      "advancing on Bukavu.");
  EXPECT_EQ(source_code(advance, "advancing"), "CODREB") << dump(advance);
}

// Where the parse hangs a place elsewhere, a material event still happened in its sentence's only
// country: the victims are that country's civilians.
TEST_F(GrammarTest, ASentencesOnlyCountryPlacesItsViolence) {
  Analysis cafe = analyze(
      "At least 39 people are killed and dozens of others injured by an airstrike on the al-Baqa internet cafe "
      "in Gaza City.");
  bool located = false;
  for (const Event& event : cafe.events) located |= event.target && event.target->actor.code == "PSECVL";
  EXPECT_TRUE(located) << dump(cafe);
  // Not a small namesake in a country no actor of the sentence names (the gazetteer knows only
  // Iraq's Balad).
  Analysis balad = analyze(
      "Somali forces regain control of Balad after Al-Shabaab launches a coordinated attack, detonating roadside "
      "bombs and briefly seizing the town.");
  for (const Event& event : balad.events) EXPECT_NE(event.target ? event.target->actor.country : "", "IRQ") << dump(balad);
}

// Those harmed by the verb above an event noun are not its authors.
TEST_F(GrammarTest, TheHarmedAreNotTheAuthorsOfTheirAttack) {
  Analysis ramming = analyze("Thirteen people are injured in a car-ramming attack in Pardes Hanna-Karkur, Israel.");
  for (const Event& event : ramming.events)
    EXPECT_FALSE(event.source && event.source->actor.sector == "CVL") << dump(ramming);
  Analysis support = analyze(
      "British Prime Minister Keir Starmer visits Kyiv to sign an agreement that will formalize British economic and military "
      "support for Ukraine.");
  EXPECT_NE(find(support, "07", "GBR", "UKR"), nullptr) << dump(support);
}

// A capital naming an accord names no government: "the Paris Agreement" is not France's.
TEST_F(GrammarTest, ACapitalNamingAnAccordIsNoGovernment) {
  // Nor is a country in an order's name: the Order of Malta is not Malta.
  Analysis order = analyze("Andorra and the Sovereign Military Order of Malta establish official diplomatic relations.");
  for (const ActorMention& mention : order.actors) EXPECT_NE(mention.actor.country, "MLT") << dump(order);
  Analysis paris = analyze("The United States withdraws from the Paris Agreement.");
  for (const ActorMention& mention : paris.actors) EXPECT_NE(mention.actor.country, "FRA") << dump(paris);
  Analysis capital = analyze("Paris agrees to send troops to Estonia.");
  EXPECT_EQ(source_code(capital, "agrees"), "FRAGOV") << dump(capital);
}

// Who reports an event is none of its sides; "the two nations" are two sides of one slot.
TEST_F(GrammarTest, TheReporterIsNoSideAndTwoNationsAreTwoSides) {
  Analysis clash = analyze(
      "According to reports from the Syrian television channel Syria TV, the clash resulted in casualties among "
      "both American and Syrian soldiers, marking a rare moment of direct confrontation between the two nations.");
  for (const Event& event : clash.events) {
    EXPECT_NE(event.source ? event.source->actor.code : "", "SYRMED") << dump(clash);
    EXPECT_NE(event.target ? event.target->actor.code : "", "SYRMED") << dump(clash);
  }
  EXPECT_NE(find(clash, "19", "USA", "SYR"), nullptr) << dump(clash);
  Analysis sever = analyze(
      "Rwanda expels the Belgian ambassador. Belgium expels the Rwandan ambassador in return. The two countries "
      "sever diplomatic relations with one another, with Rwanda accusing Belgium of sustaining neocolonialism.");
  const Event* severed = with_trigger(sever, "sever");
  ASSERT_NE(severed, nullptr) << dump(sever);
  EXPECT_TRUE(severed->source && severed->target && severed->source->actor.country != severed->target->actor.country)
      << dump(sever);
}

// Where a verb happened, said between it and its object, is no part of the pattern's gap; a title
// and its holder read as conjuncts are one body, which does not act on itself.
TEST_F(GrammarTest, APlaceBetweenVerbAndObjectAndOneBodyNamedTwice) {
  Analysis sign = analyze(
      "The Kenyan Foreign Minister, Musalia Mudavadi, and the Ethiopian Foreign Minister, Gedion Timothewos, sign in "
      "Addis Ababa, Ethiopia a Strategic Partnership Charter between Kenya and Ethiopia.");
  EXPECT_NE(find(sign, "05", "KEN", "ETH"), nullptr) << dump(sign);
  Analysis charter = analyze(
      "The Armenian Foreign Minister, Ararat Mirzoyan, and the U.S. Secretary of State, Antony Blinken, sign in "
      "Washington, DC a Strategic Partnership Charter.");
  EXPECT_NE(find(charter, "05", "ARM", "USA"), nullptr) << dump(charter);
  EXPECT_EQ(find(charter, "05", "ARM", "ARM"), nullptr) << dump(charter);
}

// "The Sea of Japan" is a place, not Japan; "gunmen from Nigeria" are Nigeria's (troops withdrawn
// from Syria are not Syria's); in "Houthi drone and missile attacks" the attacks are the head.
TEST_F(GrammarTest, NamesInsidePlacesAndWhereAgentsComeFrom) {
  Analysis sea = analyze("North Korea launches multiple short-range ballistic missiles into the Sea of Japan.");
  for (const ActorMention& mention : sea.actors) EXPECT_NE(mention.actor.country, "JPN") << dump(sea);
  Analysis gunmen = analyze("Gunmen from Nigeria kill at least five Cameroonian soldiers near the border.");
  EXPECT_EQ(source_code(gunmen, "kill"), "NGAUAF") << dump(gunmen);
  Analysis withdraws = analyze("Russia withdraws troops from Syria.");
  for (const ActorMention& mention : withdraws.actors) EXPECT_NE(mention.actor.code, "SYRMIL") << dump(withdraws);
  Analysis retaliation = analyze(
      "The Israeli Air Force strikes two ports in Yemen in retaliation for Houthi drone and missile attacks on Israel.");
  EXPECT_EQ(source_country(retaliation, "missile attacks"), "YEM") << dump(retaliation);
}

// "Guma, Benue State, Nigeria": the country at the end of the chain says where the first place is,
// over a name the gazetteer lacks.
TEST_F(GrammarTest, APlaceChainEndsInItsCountry) {
  Analysis guma = analyze("At least 100 people are killed in an attack by gunmen in Guma, Benue State, Nigeria.");
  for (const PlaceMention& place : guma.places) EXPECT_NE(place.place.country, "CHN") << place.text;
}

// A verb the parser conjoined right after a name, with no "and" between, has that name as its
// subject: the parser read "after" as a preposition and joined two clauses.
TEST_F(GrammarTest, AConjoinedVerbRightAfterANameIsItsOwn) {
  Analysis summons = analyze(
      "Turkey summons Iran's charge d'affaires in Ankara after Iran's foreign ministry summoned Turkey's ambassador.");
  EXPECT_EQ(source_country(summons, "summoned"), "IRN") << dump(summons);
  Analysis threats = analyze(
      "Putin proposes direct negotiations in Istanbul after the United Kingdom, France, Germany and Poland "
      "threatened further sanctions.");
  EXPECT_NE(source_country(threats, "threatened"), "RUS") << dump(threats);
}

// The modifiers of the first of coordinated weapons modify the attack; air defences are a
// military; gaining control of a place is occupying it.
TEST_F(GrammarTest, CoordinatedWeaponsAirDefencesAndControl) {
  Analysis attack = analyze("Fifteen civilians are injured in a nighttime Russian drone and missile attack on Kharkiv.");
  EXPECT_EQ(source_country(attack, "missile attack"), "RUS") << dump(attack);
  Analysis defences = analyze("Russia's Ministry of Defence says its air defence units destroyed 147 Ukrainian drones overnight.");
  EXPECT_EQ(source_code(defences, "destroyed"), "RUSMIL") << dump(defences);
  Analysis control = analyze("The Russian Army says that it has gained control of the village of Shevchenko in Donetsk Oblast.");
  EXPECT_NE(find(control, "19", "RUS", "UKR"), nullptr) << dump(control);
  Analysis shelling = analyze("The shelling of an area of Omdurman, Sudan, kills at least 120 civilians.");
  EXPECT_NE(find(shelling, "19", "-", "SDN"), nullptr) << dump(shelling);
  Analysis sharing = analyze("The United States pauses intelligence sharing with Ukraine.");
  EXPECT_NE(find(sharing, "16", "USA", "UKR"), nullptr) << dump(sharing);
}

// A single holder of a title is a person "he" can refer to; readiness to talk is 036, finding a
// country in breach is 112, designating a group as terrorist is 172.
TEST_F(GrammarTest, TitleHoldersAsAntecedentsAndMorePatterns) {
  Analysis ready = analyze("The Kenyan president says that he is ready to talk with Rwandan President Paul Kagame.");
  EXPECT_NE(find(ready, "03", "KEN", "RWA"), nullptr) << dump(ready);
  Analysis breach = analyze("The International Atomic Energy Agency finds Iran in breach of its obligations.");
  EXPECT_NE(find(breach, "11", "", "IRN"), nullptr) << dump(breach);
  Analysis designates = analyze("The United States designates the Houthi movement as a foreign terrorist organization.");
  EXPECT_NE(find(designates, "17", "USA", "YEM"), nullptr) << dump(designates);
}

// Who condemns, cites or repels an attack is not its author; who launches one is.
TEST_F(GrammarTest, WhoReactsToAnAttackIsNotItsAuthor) {
  Analysis condemns = analyze("Iran condemns the attack on the Israeli embassy.");
  EXPECT_EQ(find(condemns, "19", "IRN", "ISR"), nullptr) << dump(condemns);
  Analysis cited = analyze("Trump cited the recent firebombing attack in Boulder as reason for the ban.");
  EXPECT_EQ(find(cited, "19", "USA", "-"), nullptr) << dump(cited);
  Analysis launched = analyze("Hamas launched an attack on Israel.");
  EXPECT_NE(find(launched, "19", "PSE", "ISR"), nullptr) << dump(launched);
}

// Who sustains injuries in an attack is harmed by it, not its author; an attack under a "threat
// of" has not happened.
TEST_F(GrammarTest, SustainedInjuriesAndThreatenedAttacks) {
  Analysis stabbing = analyze(
      "Three prison officers sustain life-threatening injuries in a mass stabbing and burn attack when Hashem Abedi, "
      "the brother of Islamic terrorist Salman Abedi, the perpetrator of the Manchester Arena bombing in 2017, attacks "
      "prison officers at HM Prison Frankland in County Durham, England, with hot cooking oil and shivs.");
  for (const Event& event : stabbing.events) {
    if (event.trigger_text.starts_with("mass stabbing")) {
      EXPECT_FALSE(event.source.has_value()) << dump(stabbing);
    }
  }
  Analysis threat = analyze(
      "Qatar closes its airspace amid an imminent threat of an Iranian ballistic missile attack on U.S. forces.");
  const Event* attack = with_trigger(threat, "missile attack");
  ASSERT_NE(attack, nullptr) << dump(threat);
  EXPECT_TRUE(attack->hedged) << dump(threat);
}

// A state's body does not sign with or speak to its own country's bare name; its rebels do deal
// with their country; who maps massacres did not commit them.
TEST_F(GrammarTest, NoCooperationWithOnesOwnCountry) {
  Analysis deal = analyze(
      "Kyrgyz President Sadyr Japarov and Tajik President Emomali Rahmon sign a deal to formally end the border "
      "dispute between Kyrgyzstan and Tajikistan.");
  EXPECT_EQ(find(deal, "05", "KGZ", "KGZ"), nullptr) << dump(deal);
  EXPECT_NE(find(deal, "05", "KGZ", "TJK"), nullptr) << dump(deal);
  Analysis truce = analyze("The Kurdistan Workers' Party announces a ceasefire with Turkey.");
  EXPECT_NE(find(truce, "08", "TUR", "TUR"), nullptr) << dump(truce);
  Analysis study = analyze(
      "The University of Newcastle publishes its attempt to record and map all major massacres of Indigenous "
      "Australians during the colonisation of Australia.");
  EXPECT_EQ(source_country(study, "massacres"), "") << dump(study);
}

}  // namespace
}  // namespace chronicle
