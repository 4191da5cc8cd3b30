// The entity recogniser's runtime: BILOU labels and constraints, the gazetteer, feature extraction,
// decoding, and the model file (round trip, self-test, every kind of damage rejected with a message).
// The trainer has its own tests (tests/unit/training/ner_training_test.cc); here a small model is
// trained with a plain per-word perceptron over the fixture, enough to exercise the file format.
#include "models/entity_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "models/corpus.h"
#include "models/linear.h"

namespace chronicle::models {
namespace {

const std::string kFixture = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/entities-sample.iob2";

TEST(EntityLabels, NamesAndConstraints) {
  EntityLabels labels({"PER", "ORG", "LOC"});
  EXPECT_EQ(labels.count(), 13u);
  EXPECT_EQ(labels.name(0), "O");
  EXPECT_EQ(labels.name(EntityLabels::label(0, EntityLabels::kBegin)), "B-PER");
  EXPECT_EQ(labels.name(EntityLabels::label(2, EntityLabels::kUnit)), "U-LOC");
  const uint32_t start = labels.count();
  const uint32_t b_per = EntityLabels::label(0, EntityLabels::kBegin);
  const uint32_t i_per = EntityLabels::label(0, EntityLabels::kInside);
  const uint32_t l_per = EntityLabels::label(0, EntityLabels::kLast);
  const uint32_t l_org = EntityLabels::label(1, EntityLabels::kLast);
  const uint32_t u_loc = EntityLabels::label(2, EntityLabels::kUnit);
  EXPECT_TRUE(labels.allowed(start, b_per));
  EXPECT_FALSE(labels.allowed(start, i_per));
  EXPECT_TRUE(labels.allowed(b_per, i_per));
  EXPECT_TRUE(labels.allowed(b_per, l_per));
  EXPECT_FALSE(labels.allowed(b_per, l_org));
  EXPECT_FALSE(labels.allowed(b_per, 0));
  EXPECT_TRUE(labels.allowed(l_per, u_loc));
  EXPECT_TRUE(labels.allowed(u_loc, 0));
  EXPECT_FALSE(EntityLabels::can_end(b_per));
  EXPECT_TRUE(EntityLabels::can_end(l_per));
  EXPECT_TRUE(EntityLabels::can_end(0));
}

TEST(EntityViterbi, OutputIsAlwaysWellFormed) {
  // Emissions that prefer an ill-formed sequence (I-PER first, then B-PER at the end): the
  // decoder must still return a valid BILOU sequence.
  EntityLabels labels({"PER"});
  const uint32_t count = labels.count();  // O B I L U
  std::vector<float> emissions(3 * count, 0.0f);
  emissions[0 * count + 2] = 5;  // I-PER
  emissions[1 * count + 3] = 1;  // L-PER
  emissions[2 * count + 1] = 5;  // B-PER
  std::vector<float> transitions((count + 1) * count, 0.0f);
  EntityScratch scratch;
  entity_viterbi(labels, emissions.data(), transitions.data(), 3, scratch);
  uint32_t previous = count;
  for (uint32_t label : scratch.labels) {
    EXPECT_TRUE(labels.allowed(previous, label)) << labels.name(previous) << " → " << labels.name(label);
    previous = label;
  }
  EXPECT_TRUE(EntityLabels::can_end(previous));
}

TEST(NerGazetteer, MatchesNormalisedNamesAndPrefixes) {
  NerGazetteer gazetteer;
  gazetteer.add("United States", NerGazetteer::kCountry);
  gazetteer.add("U.S.", NerGazetteer::kCountry);
  gazetteer.add("Georgia", NerGazetteer::kCountry);
  gazetteer.add("Georgia", NerGazetteer::kPersonFirst);
  auto key = [](std::string_view words) {
    std::string normalised;
    for (size_t start = 0; start <= words.size();) {
      size_t end = std::min(words.find(' ', start), words.size());
      if (!normalised.empty()) normalised += ' ';
      NerGazetteer::normalize_word(words.substr(start, end - start), normalised);
      start = end + 1;
    }
    return NerGazetteer::key(normalised);
  };
  EXPECT_EQ(gazetteer.lookup(key("UNITED STATES")), 1u << NerGazetteer::kCountry);
  EXPECT_EQ(gazetteer.lookup(key("US")), 1u << NerGazetteer::kCountry);
  EXPECT_EQ(gazetteer.lookup(key("united")), NerGazetteer::kPrefixBit);
  EXPECT_EQ(gazetteer.lookup(key("georgia")), (1u << NerGazetteer::kCountry) | (1u << NerGazetteer::kPersonFirst));
  EXPECT_EQ(gazetteer.lookup(key("France")), 0u);

  ByteWriter out;
  gazetteer.write(out);
  ByteReader in(out.bytes(), "gazetteer");
  auto read = NerGazetteer::read(in);
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(read.value().size(), gazetteer.size());
  EXPECT_EQ(read.value().lookup(key("u.s.")), 1u << NerGazetteer::kCountry);
}

// A small model: a per-word averaged perceptron over the fixture (not the structured trainer; that
// one lives in the training stage), plus a gazetteer and a self-test.
EntityModel small_model() {
  auto corpus = read_entity_corpus(kFixture);
  EXPECT_TRUE(corpus.ok()) << (corpus.ok() ? "" : corpus.error().message());
  EntityLabels labels({"PER", "ORG", "LOC"});
  NerGazetteer gazetteer;
  gazetteer.add("Brussels", NerGazetteer::kCapital);
  gazetteer.add("NATO", NerGazetteer::kOrganisation);
  EntityFeatureExtractor extractor({}, std::move(gazetteer), WordClusters());
  PerceptronTrainer trainer(labels.count());
  EntityScratch scratch;
  std::vector<float> scores(labels.count());
  for (int epoch = 0; epoch < 5; ++epoch) {
    for (const auto& sentence : corpus.value()) {
      std::vector<std::string_view> words(sentence.words.begin(), sentence.words.end());
      extractor.extract(words, {}, scratch);
      std::vector<uint32_t> gold(words.size(), 0);
      for (const auto& span : entity_spans(sentence.labels)) {
        uint32_t type = static_cast<uint32_t>(labels.type_index(span.type));
        for (int word = span.begin; word < span.end; ++word)
          gold[word] = EntityLabels::label(type, span.end - span.begin == 1 ? EntityLabels::kUnit
                                                 : word == span.begin       ? EntityLabels::kBegin
                                                 : word == span.end - 1     ? EntityLabels::kLast
                                                                            : EntityLabels::kInside);
      }
      for (size_t word = 0; word < words.size(); ++word) {
        std::span<const uint64_t> features(scratch.features.data() + scratch.feature_begin[word],
                                           scratch.feature_begin[word + 1] - scratch.feature_begin[word]);
        std::fill(scores.begin(), scores.end(), 0.0f);
        trainer.score(features, scores.data());
        uint32_t guess = static_cast<uint32_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        trainer.update(features, gold[word], guess);  // no transition weights: constraints only
        trainer.tick();
      }
    }
  }
  std::vector<std::vector<std::string>> self_test = {
      {"Marta", "Kovac", "flew", "to", "Brussels", "."},
      {"NATO", "officials", "met", "in", "Brussels", "on", "Monday", "."},
  };
  return EntityModel::assemble(std::move(labels), std::move(extractor), trainer.finish(), {{"seed", "1"}}, self_test);
}

const EntityModel& shared_model() {
  static const EntityModel model = small_model();
  return model;
}

std::vector<std::string> spans_of(const EntityModel& model, const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& mention : model.recognize(words))
    out.push_back(std::to_string(mention.begin) + "-" + std::to_string(mention.end) + " " + std::string(mention.type));
  return out;
}

TEST(EntityModel, LearnsTheFixtureWell) {
  const EntityModel& model = shared_model();
  auto corpus = read_entity_corpus(kFixture);
  ASSERT_TRUE(corpus.ok());
  size_t gold = 0, correct = 0;
  EntityScratch scratch;
  for (const auto& sentence : corpus.value()) {
    auto expected = entity_spans(sentence.labels);
    auto predicted = entity_spans(model.predict_iob2(sentence.words, scratch));
    gold += expected.size();
    for (const auto& span : predicted) correct += std::count(expected.begin(), expected.end(), span);
  }
  ASSERT_GT(gold, 20u);
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(gold), 0.8) << correct << " of " << gold;
}

TEST(EntityModel, MentionsAreOrderedDisjointAndTyped) {
  const EntityModel& model = shared_model();
  EntityScratch scratch;
  std::vector<EntityMention> mentions;
  std::vector<std::string_view> words = {"Marta", "Kovac", "flew", "to", "Brussels", "with", "NATO", "officials", "."};
  model.recognize(words, {}, scratch, mentions);
  ASSERT_FALSE(mentions.empty());
  uint32_t previous_end = 0;
  for (const auto& mention : mentions) {
    EXPECT_LE(previous_end, mention.begin);
    EXPECT_LT(mention.begin, mention.end);
    EXPECT_LE(mention.end, words.size());
    EXPECT_EQ(mention.type, model.types()[mention.type_id]);
    previous_end = mention.end;
  }
  // An empty sentence and the same scratch reused for a longer one.
  model.recognize({}, {}, scratch, mentions);
  EXPECT_TRUE(mentions.empty());
  std::vector<std::string_view> long_sentence(300, "Brussels");
  model.recognize(long_sentence, {}, scratch, mentions);
  EXPECT_LE(mentions.size(), 300u);
}

TEST(EntityModel, SaveLoadPredictsTheSame) {
  const EntityModel& model = shared_model();
  std::string path = testing::TempDir() + "/entity_model_test.chm";
  Status saved = model.save(path);
  ASSERT_TRUE(saved.ok()) << saved.message();
  auto loaded = EntityModel::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().types(), model.types());
  EXPECT_EQ(loaded.value().metadata().at("seed"), "1");
  EXPECT_EQ(loaded.value().self_tests().size(), 2u);
  auto corpus = read_entity_corpus(kFixture);
  ASSERT_TRUE(corpus.ok());
  for (const auto& sentence : corpus.value())
    EXPECT_EQ(spans_of(loaded.value(), sentence.words), spans_of(model, sentence.words));
  // Saving the loaded model gives the same bytes.
  EXPECT_EQ(encode_model_file(loaded.value().to_file()), encode_model_file(model.to_file()));
  std::remove(path.c_str());
}

TEST(EntityModel, MissingFileIsAnError) {
  auto loaded = EntityModel::load("/nonexistent/ner.chm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("/nonexistent/ner.chm"), std::string::npos);
}

TEST(EntityModel, RejectsTruncatedAndCorruptFiles) {
  std::string bytes = encode_model_file(shared_model().to_file());
  for (size_t size : {size_t{0}, size_t{7}, size_t{36}, bytes.size() / 2, bytes.size() - 1}) {
    auto decoded = decode_model_file(bytes.substr(0, size), "cut.chm", "ner");
    EXPECT_FALSE(decoded.ok()) << "accepted a file cut at " << size;
  }
  for (size_t pos = 0; pos < bytes.size(); pos += std::max<size_t>(1, bytes.size() / 97)) {
    std::string corrupt = bytes;
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ 0x21);
    auto decoded = decode_model_file(corrupt, "flip.chm", "ner");
    if (decoded.ok()) {  // a flip the checksum cannot see must still not crash the model reader
      auto model = EntityModel::from_file(decoded.value(), "flip.chm");
      (void)model;
    }
  }
}

// Damage inside a well-formed container (the checksum is right, the contents wrong): every section
// is checked, and the error names the file.
TEST(EntityModel, RejectsDamagedSections) {
  const ModelFile good = shared_model().to_file();
  ASSERT_TRUE(EntityModel::from_file(good, "good.chm").ok());
  auto expect_error = [&](const ModelFile& file, std::string_view fragment) {
    auto model = EntityModel::from_file(file, "bad.chm");
    ASSERT_FALSE(model.ok()) << "accepted a model with damage: " << fragment;
    EXPECT_EQ(model.error().message().rfind("bad.chm", 0), 0u) << model.error().message();
    EXPECT_NE(model.error().message().find(fragment), std::string::npos) << model.error().message();
  };
  for (const auto& [name, bytes] : good.sections) {
    for (size_t size : {size_t{0}, bytes.size() / 3, bytes.size() - 1}) {
      ModelFile cut = good;
      cut.sections[name] = bytes.substr(0, size);
      auto model = EntityModel::from_file(cut, "bad.chm");
      EXPECT_FALSE(model.ok()) << "section " << name << " cut to " << size;
    }
    // Flipped bytes inside a section: an error or (for a harmless flip) a model, never a crash.
    for (size_t pos = 0; pos < bytes.size(); pos += std::max<size_t>(1, bytes.size() / 61)) {
      ModelFile flipped = good;
      flipped.sections[name][pos] = static_cast<char>(flipped.sections[name][pos] ^ 0xa5);
      auto model = EntityModel::from_file(flipped, "bad.chm");
      if (!model.ok()) {
        EXPECT_EQ(model.error().message().rfind("bad.chm", 0), 0u) << model.error().message();
      }
    }
    ModelFile missing = good;
    missing.sections.erase(name);
    expect_error(missing, "'" + name + "'");
  }
  ModelFile version = good;
  version.metadata["feature_version"] = "999";
  expect_error(version, "feature version");
  ModelFile types = good;
  types.metadata["types"] = "PER ORG";
  expect_error(types, "label");
  ModelFile kind = good;
  kind.kind = "tagger";
  expect_error(kind, "'ner'");
}

TEST(EntityModel, SelfTestCatchesDrift) {
  ModelFile file = shared_model().to_file();
  // Rewrite the self-test to expect a span the model does not produce.
  ByteWriter self_test;
  self_test.u32(1);
  self_test.u32(2);
  self_test.str("hello");
  self_test.str("world");
  self_test.u32(0);  // no tags
  self_test.u32(1);
  self_test.str("0 2 ORG");
  file.sections["selftest"] = self_test.take();
  auto model = EntityModel::from_file(file, "drift.chm");
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.error().message().find("drift.chm: self-test failed: sentence 1 'hello world': expected [0 2 ORG]"),
            std::string::npos)
      << model.error().message();
}

TEST(EntityModel, SelfTestKeepsTags) {
  // A sentence stored with its UPOS tags is re-run with the same tags on load.
  const EntityModel& model = shared_model();
  EntityModel tagged = EntityModel::assemble(model.labels(), model.extractor(), model.weights(), {},
                                             {{"NATO", "met", "."}}, {{"PROPN", "VERB", "PUNCT"}});
  ASSERT_EQ(tagged.self_tests().size(), 1u);
  EXPECT_EQ(tagged.self_tests()[0].upos, (std::vector<std::string>{"PROPN", "VERB", "PUNCT"}));
  auto loaded = EntityModel::from_file(tagged.to_file(), "tagged.chm");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().self_tests()[0].upos, tagged.self_tests()[0].upos);
  // Tags that do not match the words are refused.
  ModelFile file = tagged.to_file();
  ByteWriter self_test;
  self_test.u32(1);
  self_test.u32(1);
  self_test.str("NATO");
  self_test.u32(2);
  self_test.str("PROPN");
  self_test.str("VERB");
  self_test.u32(0);
  file.sections["selftest"] = self_test.take();
  auto bad = EntityModel::from_file(file, "bad.chm");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("2 tags for 1 words"), std::string::npos) << bad.error().message();
}

TEST(EntityFeatureExtractor, TagsAddFeaturesOnlyWhenTheModelReadsThem) {
  std::vector<std::string_view> words = {"Ray", "'s", "Pizza", "is", "great"};
  std::vector<std::string_view> tags = {"PROPN", "PART", "PROPN", "AUX", "ADJ"};
  EntityScratch untagged, tagged, short_tags;
  EntityFeatureExtractor plain({}, NerGazetteer(), WordClusters());
  plain.extract(words, tags, tagged);
  plain.extract(words, {}, untagged);
  EXPECT_EQ(tagged.features, untagged.features);  // use_upos off: tags are ignored

  EntityFeatureExtractor with_upos({.use_upos = true}, NerGazetteer(), WordClusters());
  with_upos.extract(words, tags, tagged);
  with_upos.extract(words, {}, untagged);
  EXPECT_GT(tagged.features.size(), untagged.features.size());
  EXPECT_EQ(tagged.tag_run_begin[0], 0u);  // "Ray 's Pizza": one proper-noun run over the connector
  EXPECT_EQ(tagged.tag_run_end[0], 3u);
  // Tags that do not match the words are ignored, not read out of bounds.
  std::vector<std::string_view> two_tags = {"PROPN", "PART"};
  with_upos.extract(words, two_tags, short_tags);
  EXPECT_EQ(short_tags.features, untagged.features);
}

TEST(EntityFeatureExtractor, OrganisationHeadWordsMarkTheirRun) {
  EntityFeatureExtractor extractor({}, NerGazetteer(), WordClusters());
  EntityScratch scratch;
  std::vector<std::string_view> words = {"the", "Housing", "Authority", "of", "New", "Orleans", "said"};
  extractor.extract(words, {}, scratch);
  EXPECT_EQ(scratch.run_begin[4], 1u);  // "Housing Authority of New Orleans"
  EXPECT_EQ(scratch.run_end[4], 6u);
  EXPECT_EQ(scratch.run_head[1], 2u);  // "Authority"
  EXPECT_EQ(scratch.run_head[5], 2u);
  EXPECT_NE(scratch.org_kinds[2], 0);
  EXPECT_EQ(scratch.org_kinds[0], 0);
  EXPECT_EQ(scratch.run_head[6], UINT32_MAX);
}

TEST(EntityFeatureExtractor, AcronymDefinedAfterItsNameMarksBoth) {
  EntityFeatureExtractor extractor({}, NerGazetteer(), WordClusters());
  EntityScratch scratch;
  std::vector<std::string_view> words = {"against", "the", "Housing", "Authority", "of", "New", "Orleans",
                                         "(", "HANO", ")", "and", "the", "World", "Union", "(", "IUCN", ")"};
  extractor.extract(words, {}, scratch);
  EXPECT_EQ(scratch.defines[8], 1);        // HANO, after "Housing Authority of New Orleans"
  EXPECT_EQ(scratch.defined_match[8], 2);  // spells the initials
  EXPECT_EQ(scratch.defined_run_end[2], 7u);
  EXPECT_EQ(scratch.defined_run_end[6], 7u);
  EXPECT_EQ(scratch.defined_match[4], 2);  // "of" inside the run
  EXPECT_EQ(scratch.defined_run_end[1], 0u);
  EXPECT_EQ(scratch.defines[15], 1);       // IUCN after "World Union": defined, not spelled
  EXPECT_EQ(scratch.defined_match[15], 1);
  // Not a definition: a lower-case word before the parenthesis, or one capitalised word.
  std::vector<std::string_view> other = {"the", "plan", "(", "HANO", ")", "of", "Texas", "(", "TX", ")"};
  extractor.extract(other, {}, scratch);
  for (size_t idx = 0; idx < other.size(); ++idx) {
    EXPECT_EQ(scratch.defines[idx], 0) << idx;
    EXPECT_EQ(scratch.defined_run_end[idx], 0u) << idx;
  }
}

TEST(EntityDocumentCounts, CountsLabelsPerKey) {
  EntityDocumentCounts counts;
  counts.reset(10, 3);
  uint64_t hano = EntityFeatureExtractor::document_key("hano");
  uint64_t said = EntityFeatureExtractor::document_key("said");
  counts.add(hano, 1);
  counts.add(hano, 1);
  counts.add(hano, 3);  // O
  counts.add(said, 3);
  counts.add(said, 7);  // not a type: ignored
  const uint16_t* found = counts.find(hano);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(std::vector<uint16_t>(found, found + 4), (std::vector<uint16_t>{0, 2, 0, 1}));
  EXPECT_EQ(counts.find(said)[3], 1);
  EXPECT_EQ(counts.find(EntityFeatureExtractor::document_key("other")), nullptr);
  counts.reset(2000, 3);  // a new document starts empty
  EXPECT_EQ(counts.find(hano), nullptr);
  // Document features: none without other occurrences; some with.
  std::vector<uint64_t> features;
  EntityFeatureExtractor::document_features("HANO", std::vector<uint16_t>{0, 0, 0, 0}, features);
  EXPECT_TRUE(features.empty());
  EntityFeatureExtractor::document_features("HANO", std::vector<uint16_t>{0, 2, 0, 1}, features);
  EXPECT_FALSE(features.empty());
}

// recognize_document without document features is recognize, sentence by sentence, with
// mentions indexing the document's words.
TEST(EntityModel, DocumentWithoutDocumentFeaturesIsSentenceBySentence) {
  const EntityModel& model = shared_model();
  ASSERT_FALSE(model.uses_document());
  std::vector<std::string_view> first = {"Marta", "Kovac", "flew", "to", "Brussels", "."};
  std::vector<std::string_view> second = {"NATO", "officials", "met", "in", "Brussels", "."};
  std::vector<std::string_view> words(first.begin(), first.end());
  words.insert(words.end(), second.begin(), second.end());
  std::vector<uint32_t> ends = {6, 12};
  EntityScratch scratch;
  std::vector<EntityMention> document, expected, sentence;
  model.recognize_document(words, {}, ends, scratch, document);
  model.recognize(first, {}, scratch, expected);
  model.recognize(second, {}, scratch, sentence);
  for (auto mention : sentence) {
    mention.begin += 6;
    mention.end += 6;
    expected.push_back(mention);
  }
  ASSERT_EQ(document.size(), expected.size());
  for (size_t idx = 0; idx < document.size(); ++idx) {
    EXPECT_EQ(document[idx].begin, expected[idx].begin);
    EXPECT_EQ(document[idx].end, expected[idx].end);
    EXPECT_EQ(document[idx].type, expected[idx].type);
  }
  // Sentence ends past the words are clamped; words after the last end form one more sentence.
  std::vector<uint32_t> odd_ends = {6, 6, 40};
  model.recognize_document(words, {}, odd_ends, scratch, sentence);
  EXPECT_EQ(sentence.size(), document.size());
  std::vector<uint32_t> first_only = {6};
  model.recognize_document(words, {}, first_only, scratch, sentence);
  EXPECT_EQ(sentence.size(), document.size());
  for (const auto& mention : sentence) EXPECT_TRUE(mention.end <= 6 || mention.begin >= 6);
}

// The second pass: a lower-case "hano" is an ORG because the first pass found "HANO" as an ORG
// twice elsewhere in the document. Hand-made weights: the features that "HANO" has and "hano"
// lacks vote U-ORG; the document features of "hano" with two ORG occurrences elsewhere vote U-ORG.
TEST(EntityModel, SecondPassReadsTheFirstPassElsewhereInTheDocument) {
  EntityLabels labels({"PER", "ORG", "LOC"});
  const uint32_t u_org = EntityLabels::label(1, EntityLabels::kUnit);
  EntityFeatureExtractor extractor({.use_document = true}, NerGazetteer(), WordClusters());
  EntityScratch scratch;
  std::vector<std::string_view> upper = {"HANO"}, lower = {"hano"};
  extractor.extract(upper, {}, scratch);
  std::vector<uint64_t> upper_features = scratch.features;
  extractor.extract(lower, {}, scratch);
  std::vector<uint64_t> lower_features = scratch.features;
  PerceptronTrainer trainer(labels.count());
  for (uint64_t feature : upper_features)
    if (std::find(lower_features.begin(), lower_features.end(), feature) == lower_features.end())
      trainer.add(std::span<const uint64_t>(&feature, 1), u_org, 5.0f);
  uint64_t bias = lower_features.front();
  trainer.add(std::span<const uint64_t>(&bias, 1), 0, 1.0f);  // O unless something says otherwise
  std::vector<uint64_t> document_features;
  EntityFeatureExtractor::document_features("hano", std::vector<uint16_t>{0, 2, 0, 0}, document_features);
  for (uint64_t feature : document_features) trainer.add(std::span<const uint64_t>(&feature, 1), u_org, 5.0f);
  trainer.tick();
  EntityModel model = EntityModel::assemble(labels, extractor, trainer.finish(), {}, {});
  ASSERT_TRUE(model.uses_document());

  std::vector<std::string_view> words = {"HANO", "said", "HANO", "left", "hano", "stayed"};
  std::vector<uint32_t> ends = {2, 4, 6};
  std::vector<EntityMention> mentions;
  model.recognize_document(words, {}, ends, scratch, mentions);
  ASSERT_EQ(mentions.size(), 3u);
  EXPECT_EQ(mentions[2].begin, 4u);
  EXPECT_EQ(mentions[2].type, "ORG");
  // Alone, "hano stayed" has nothing to go on.
  model.recognize(std::span<const std::string_view>(words).subspan(4, 2), {}, scratch, mentions);
  EXPECT_TRUE(mentions.empty());
}

TEST(EntityFeatureExtractor, SameContextSameFeatures) {
  const auto& extractor = shared_model().extractor();
  EntityScratch first, second;
  std::vector<std::string_view> words = {"He", "met", "Marta", "Kovac", "in", "Brussels", "."};
  extractor.extract(words, {}, first);
  std::vector<std::string_view> again = {"He", "met", "Marta", "Kovac", "in", "Brussels", "."};
  extractor.extract(again, {}, second);
  EXPECT_EQ(first.features, second.features);
  EXPECT_EQ(first.feature_begin, second.feature_begin);
  ASSERT_EQ(first.feature_begin.size(), words.size() + 1);
  // The gazetteer marked "Brussels" as a one-word capital.
  EXPECT_NE(first.gazetteer_bits[5] & (1ull << (NerGazetteer::kCapital * 4 + EntityLabels::kUnit)), 0u);
  EXPECT_EQ(first.gazetteer_bits[4], 0u);
}

}  // namespace
}  // namespace chronicle::models
