// The dependency parser's runtime (models/parser.h): the transition system always yields a tree,
// the weight table reads, scores and writes back exactly, and model files round-trip, self-test and
// reject corruption. Training and accuracy are tested in tests/unit/training/parser_training_test.cc.
#include "models/parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

namespace chronicle::models {
namespace {

using namespace parser_internal;

const std::string kShippedModel = std::string(CHRONICLE_SOURCE_DIR) + "/models/parser.chm";

// Empty when heads (1-based, 0 = root, one per word) form a tree with exactly one root child.
std::string tree_problem(const std::vector<int>& heads) {
  int n = static_cast<int>(heads.size());
  int roots = 0;
  for (int word = 1; word <= n; ++word) {
    int head = heads[static_cast<size_t>(word - 1)];
    if (head < 0 || head > n) return "word " + std::to_string(word) + ": head " + std::to_string(head) + " out of range";
    if (head == word) return "word " + std::to_string(word) + " heads itself";
    if (head == 0) ++roots;
    int current = word;
    for (int steps = 0; current != 0; ++steps) {
      if (steps > n) return "cycle through word " + std::to_string(word);
      current = heads[static_cast<size_t>(current - 1)];
    }
  }
  if (n > 0 && roots != 1) return std::to_string(roots) + " root children";
  return "";
}

RelationTable small_relations() {
  RelationTable table;
  table.names = {"root", "nsubj", "obj", "det", "punct", "nmod:poss"};
  table.left_ok.assign(table.names.size(), 1);
  table.right_ok.assign(table.names.size(), 1);
  table.left_ok[0] = table.right_ok[0] = 0;
  table.root = 0;
  return table;
}

// Serialised weights (LinearModel layout) from (key, [(class, weight)]) in key order.
std::string weight_bytes(uint32_t classes, const std::vector<std::pair<uint64_t, std::vector<std::pair<uint16_t, float>>>>& rows) {
  ByteWriter head, keys, ids, values;
  head.u32(classes);
  head.u64(rows.size());
  for (const auto& [key, entries] : rows) {
    keys.u64(key);
    keys.u16(static_cast<uint16_t>(entries.size()));
    for (const auto& [cls, weight] : entries) {
      ids.u16(cls);
      values.f32(weight);
    }
  }
  return head.take() + keys.take() + ids.take() + values.take();
}

// A parser with no weights: every configuration scores 0, so it takes the first legal transition
// (mostly SHIFT), which drives it into the end-of-buffer repairs (UNSHIFT) all the time.
Parser zero_parser(std::vector<SelfTestSentence> selftest = {}) {
  ParserParts parts;
  parts.relations = small_relations();
  parts.weights = WeightTable::read(weight_bytes(parts.relations.classes(), {}), "weights").value();
  parts.metadata["seed"] = "1";
  parts.selftest = std::move(selftest);
  auto parser = Parser::assemble(std::move(parts), "zero");
  EXPECT_TRUE(parser.ok()) << parser.error().message();
  return std::move(parser.value());
}

struct Parsed {
  std::vector<int> heads;
  std::vector<std::string> relations;
  bool operator==(const Parsed&) const = default;
};

Parsed parse(const Parser& parser, const std::vector<std::string>& words, const std::vector<std::string>& tags) {
  std::vector<std::string_view> word_views(words.begin(), words.end()), tag_views(tags.begin(), tags.end());
  ParserScratch scratch;
  std::vector<int> heads(words.size(), -7);
  std::vector<std::string_view> relations(words.size());
  parser.parse(word_views, tag_views, tag_views, scratch, heads, relations);
  Parsed out{heads, {}};
  for (auto relation : relations) out.relations.emplace_back(relation);
  return out;
}

// Odd inputs: empty, one word, punctuation only, a 300-word run-on, repeated words.
std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> odd_inputs() {
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> inputs;
  inputs.push_back({{}, {}});
  inputs.push_back({{"Hello"}, {"INTJ"}});
  inputs.push_back({{".", ",", "!", "?", "..."}, {"PUNCT", "PUNCT", "PUNCT", "PUNCT", "PUNCT"}});
  std::vector<std::string> words, tags;
  const char* cycle[] = {"the", "army", "said", "that", "talks", "in", "Geneva", "failed", ","};
  const char* cycle_tags[] = {"DET", "NOUN", "VERB", "SCONJ", "NOUN", "ADP", "PROPN", "VERB", "PUNCT"};
  for (int idx = 0; idx < 300; ++idx) {
    words.emplace_back(cycle[idx % 9]);
    tags.emplace_back(cycle_tags[idx % 9]);
  }
  inputs.push_back({words, tags});
  inputs.push_back({std::vector<std::string>(40, "buffalo"), std::vector<std::string>(40, "NOUN")});
  return inputs;
}

// What a node's bookkeeping must say about its dependents, recomputed from the heads.
std::string node_problem(const Configuration& config, int n) {
  for (int head = 0; head <= n; ++head) {
    Node expected;
    for (int word = 1; word <= n; ++word) {
      if (config.nodes[word].head != head) continue;
      uint64_t bit = 1ull << (config.nodes[word].label % 64);
      if (word < head) {
        ++expected.left_count;
        expected.left_labels |= bit;
        if (expected.left1 < 0) expected.left1 = word;
        else if (expected.left2 < 0) expected.left2 = word;
      } else {
        ++expected.right_count;
        expected.right_labels |= bit;
        expected.right2 = expected.right1;
        expected.right1 = word;
      }
    }
    const Node& node = config.nodes[head];
    if (node.left_count != expected.left_count || node.left_labels != expected.left_labels ||
        node.left1 != expected.left1 || node.left2 != expected.left2 || node.right_count != expected.right_count ||
        node.right_labels != expected.right_labels || node.right1 != expected.right1 || node.right2 != expected.right2)
      return "dependents of word " + std::to_string(head) + " are out of date";
  }
  return "";
}

// Both transition systems: every random legal sequence ends in a single-rooted tree, and the
// dependents each node records (features read them) match the final arcs, also after repairs.
TEST(ParserTransitions, RandomLegalSequencesAlwaysEndInATree) {
  RelationTable relations = small_relations();
  std::vector<uint8_t> allowed(relations.classes());
  for (bool non_monotonic : {false, true}) {
    std::mt19937 random(7);
    Configuration config;
    config.non_monotonic = non_monotonic;
    int repairs = 0;
    for (int n : {0, 1, 2, 3, 4, 7, 12, 40, 300}) {
      for (int trial = 0; trial < (n > 40 ? 20 : 300); ++trial) {
        config.reset(n);
        int steps = 0;
        while (!config.terminal()) {
          ASSERT_LE(++steps, 4 * n + 4) << "no progress, n=" << n;
          Action action;
          if (config.forced(action)) {
            config.apply(action, -1);
            continue;
          }
          int count = allowed_classes(config, relations, allowed.data());
          ASSERT_GT(count, 0) << "dead end, n=" << n << " trial " << trial;
          int pick = static_cast<int>(random() % static_cast<unsigned>(count));
          for (uint32_t cls = 0; cls < relations.classes(); ++cls) {
            if (!allowed[cls] || pick-- != 0) continue;
            int label;
            Action chosen = action_of(cls, static_cast<int>(relations.names.size()), label);
            if (chosen == kLeft && config.nodes[config.s0()].head >= 0) ++repairs;
            config.apply(chosen, label);
            break;
          }
        }
        std::vector<int> heads;
        for (int word = 1; word <= n; ++word) {
          ASSERT_GE(config.nodes[word].head, 0) << "unattached word, n=" << n;
          heads.push_back(config.nodes[word].head);
          EXPECT_EQ(config.nodes[word].head == 0, config.nodes[word].label == relations.root);
        }
        ASSERT_EQ(tree_problem(heads), "") << "n=" << n << " trial " << trial << " repair " << non_monotonic;
        ASSERT_EQ(node_problem(config, n), "") << "n=" << n << " trial " << trial << " repair " << non_monotonic;
      }
    }
    if (non_monotonic) EXPECT_GT(repairs, 100);
    else EXPECT_EQ(repairs, 0);
  }
}

TEST(ParserTransitions, ClassesRoundTrip) {
  for (int label_count : {1, 6, 50})
    for (uint32_t cls = 0; cls < 2u + 2u * static_cast<uint32_t>(label_count); ++cls) {
      int label;
      Action action = action_of(cls, label_count, label);
      EXPECT_EQ(class_of(action, label, label_count), cls);
    }
}

TEST(ParserWeights, ScoresLikeTheSparseSumAndWritesBackTheSameBytes) {
  // Feature 5 has weights for every class (stored densely), feature 9 for two (sparse).
  std::vector<std::pair<uint16_t, float>> full;
  for (uint16_t cls = 0; cls < 14; ++cls) full.emplace_back(cls, 0.25f * (cls + 1));
  std::string bytes = weight_bytes(14, {{5, full}, {9, {{3, -1.5f}, {13, 2.0f}}}, {12, {{0, 0.0f}}}});
  auto table = WeightTable::read(bytes, "weights");
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ(table.value().features(), 3u);
  EXPECT_EQ(table.value().weights(), 17u);
  ASSERT_GE(table.value().stride(), 14u);
  std::vector<float> scores(table.value().stride(), 0.0f);
  uint64_t features[] = {9, 5, 77, 9};
  table.value().score(features, 4, scores.data());
  for (uint16_t cls = 0; cls < 14; ++cls) {
    float expected = 0.25f * (cls + 1) + (cls == 3 ? -3.0f : 0.0f) + (cls == 13 ? 4.0f : 0.0f);
    EXPECT_FLOAT_EQ(scores[cls], expected) << "class " << cls;
  }
  ByteWriter out;
  table.value().write(out);
  EXPECT_EQ(out.bytes(), bytes);
}

TEST(ParserWeights, DenseRowsAddTheSameOnEveryWidth) {
  // `score` is compiled for several vector widths (target_clones); whichever runs, a dense row plus
  // a sparse one must give exactly the scalar sums, also for class counts that are no multiple of 16.
  for (uint32_t classes : {3u, 14u, 37u, 104u}) {
    std::vector<std::pair<uint16_t, float>> full, few;
    for (uint16_t cls = 0; cls < classes; ++cls) full.emplace_back(cls, 0.37f * static_cast<float>(cls) - 5.5f);
    few.emplace_back(static_cast<uint16_t>(classes - 1), 1.25f);
    auto table = WeightTable::read(weight_bytes(classes, {{5, full}, {9, few}}), "weights");
    ASSERT_TRUE(table.ok()) << table.error().message();
    std::vector<float> scores(table.value().stride(), 0.0f);
    uint64_t features[] = {5, 9, 5};
    table.value().score(features, 3, scores.data());
    for (uint16_t cls = 0; cls < classes; ++cls) {
      float expected = 0.0f;  // in the order of `features`
      expected += full[cls].second;
      if (cls == classes - 1) expected += 1.25f;
      expected += full[cls].second;
      EXPECT_EQ(scores[cls], expected) << classes << " classes, class " << cls;
    }
  }
}

TEST(ParserWeights, RejectsCorruptBytes) {
  std::string good = weight_bytes(4, {{5, {{0, 1.0f}, {2, -1.0f}}}, {9, {{3, 0.5f}}}});
  for (size_t size = 0; size < good.size(); ++size)
    EXPECT_FALSE(WeightTable::read(good.substr(0, size), "weights").ok()) << "accepted a cut at " << size;
  EXPECT_FALSE(WeightTable::read(good + "x", "weights").ok());
  EXPECT_FALSE(WeightTable::read(weight_bytes(4, {{9, {{0, 1.0f}}}, {5, {{0, 1.0f}}}}), "weights").ok());  // key order
  EXPECT_FALSE(WeightTable::read(weight_bytes(4, {{5, {{4, 1.0f}}}}), "weights").ok());  // class out of range
  EXPECT_FALSE(WeightTable::read(weight_bytes(4, {{5, {{2, 1.0f}, {1, 1.0f}}}}), "weights").ok());  // class order
  EXPECT_FALSE(WeightTable::read(weight_bytes(4, {{5, {{0, NAN}}}}), "weights").ok());
  EXPECT_FALSE(WeightTable::read(weight_bytes(0, {}), "weights").ok());
  auto error = WeightTable::read(good.substr(0, 20), "m.chm: weights");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().message().rfind("m.chm: weights", 0), 0u) << error.error().message();
}

TEST(ParserAmbiguity, FindsWordsAndRoundTrips) {
  std::string buffer;
  uint64_t troops = word_key("Troops", buffer), fired = word_key("fired", buffer);
  EXPECT_EQ(word_key("TROOPS", buffer), troops);  // keys are case-folded
  EXPECT_EQ(word_key("1984", buffer), word_key("2025", buffer));  // and digits collapse
  AmbiguityTable table = AmbiguityTable::build({{fired, 77}, {troops, 42}});
  EXPECT_EQ(table.find(troops), 42u);
  EXPECT_EQ(table.find(fired), 77u);
  EXPECT_EQ(table.find(word_key("unseen", buffer)), 1u);
  ByteWriter out;
  table.write(out);
  ByteReader in(out.bytes(), "ambiguity");
  auto read = AmbiguityTable::read(in);
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read.value().find(troops), 42u);
  EXPECT_EQ(read.value().size(), 2u);
  for (size_t size = 0; size + 1 < out.bytes().size(); size += 3) {
    ByteReader cut(std::string_view(out.bytes()).substr(0, size), "ambiguity");
    EXPECT_FALSE(AmbiguityTable::read(cut).ok()) << "accepted a cut at " << size;
  }
}

TEST(Parser, AnyInputGivesAWellFormedTree) {
  Parser parser = zero_parser();
  for (const auto& [words, tags] : odd_inputs()) {
    Parsed out = parse(parser, words, tags);
    EXPECT_EQ(tree_problem(out.heads), "") << words.size() << " words";
    for (size_t idx = 0; idx < words.size(); ++idx) {
      EXPECT_FALSE(out.relations[idx].empty());
      EXPECT_EQ(out.heads[idx] == 0, out.relations[idx] == "root");
    }
  }
  // Missing tags (no tagger ran) are allowed too.
  std::vector<std::string_view> words = {"Talks", "resumed", "."};
  ParserScratch scratch;
  std::vector<int> heads(3);
  std::vector<std::string_view> relations(3);
  parser.parse(words, {}, {}, scratch, heads, relations);
  EXPECT_EQ(tree_problem(heads), "");
}

TEST(Parser, ReadsItsTransitionSystemAndRefusesAnUnknownOne) {
  for (std::string_view system : {kArcEager, kArcEagerNonMonotonic}) {
    ParserParts parts = zero_parser().parts();
    parts.metadata["transition_system"] = std::string(system);
    auto parser = Parser::assemble(std::move(parts), "zero");
    ASSERT_TRUE(parser.ok()) << parser.error().message();
    EXPECT_EQ(tree_problem(parse(parser.value(), {"Talks", "resumed", "."}, {"NOUN", "VERB", "PUNCT"}).heads), "");
  }
  ParserParts parts = zero_parser().parts();
  parts.metadata["transition_system"] = "arc-standard";
  auto refused = Parser::assemble(std::move(parts), "zero");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("zero: unknown transition system 'arc-standard'"), std::string::npos)
      << refused.error().message();
}

TEST(Parser, ScratchIsReusedAcrossSentencesOfAnyLength) {
  Parser parser = zero_parser();
  ParserScratch scratch;
  auto inputs = odd_inputs();
  for (int round = 0; round < 2; ++round)
    for (const auto& [words, tags] : inputs) {
      std::vector<std::string_view> word_views(words.begin(), words.end()), tag_views(tags.begin(), tags.end());
      std::vector<int> heads(words.size());
      std::vector<std::string_view> relations(words.size());
      parser.parse(word_views, tag_views, tag_views, scratch, heads, relations);
      Parsed fresh = parse(parser, words, tags);
      EXPECT_EQ(heads, fresh.heads);
    }
}

SelfTestSentence sample_sentence(const Parser& parser) {
  SelfTestSentence sample;
  sample.words = {"The", "minister", "met", "his", "counterpart", "."};
  sample.upos = {"DET", "NOUN", "VERB", "PRON", "NOUN", "PUNCT"};
  sample.xpos = {"DT", "NN", "VBD", "PRP$", "NN", "."};
  Parsed out = parse(parser, sample.words, sample.xpos);
  sample.heads = out.heads;
  sample.relations = out.relations;
  return sample;
}

TEST(Parser, SaveLoadParsesTheSame) {
  Parser first = zero_parser();
  Parser parser = zero_parser({sample_sentence(first)});
  std::string path = testing::TempDir() + "/parser_roundtrip.chm";
  ASSERT_TRUE(parser.save(path).ok());
  auto loaded = Parser::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().relations(), parser.relations());
  EXPECT_EQ(loaded.value().metadata().at("seed"), "1");
  for (const auto& [words, tags] : odd_inputs()) EXPECT_EQ(parse(loaded.value(), words, tags), parse(parser, words, tags));
  // Saving the loaded parser gives the same bytes.
  EXPECT_EQ(encode_model_file(loaded.value().to_model_file()), encode_model_file(parser.to_model_file()));
}

TEST(Parser, RejectsTruncatedAndCorruptFiles) {
  Parser parser = zero_parser({sample_sentence(zero_parser())});
  std::string bytes = encode_model_file(parser.to_model_file());
  for (size_t size = 0; size < bytes.size(); size += 1 + size / 16) {
    auto decoded = decode_model_file(bytes.substr(0, size), "p.chm", "parser");
    ASSERT_FALSE(decoded.ok()) << "accepted a file cut at " << size;
    EXPECT_EQ(decoded.error().message().rfind("p.chm: ", 0), 0u);
  }
  auto missing = Parser::load(testing::TempDir() + "/no_such_parser.chm");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no_such_parser.chm"), std::string::npos);

  // Well-formed files with bad contents: each is an error naming the file, never a crash.
  auto rejects = [&](ModelFile file, const std::string& expected) {
    auto loaded = Parser::from_model_file(file, "p.chm");
    ASSERT_FALSE(loaded.ok()) << "accepted: " << expected;
    EXPECT_EQ(loaded.error().message().rfind("p.chm", 0), 0u) << loaded.error().message();
    EXPECT_NE(loaded.error().message().find(expected), std::string::npos) << loaded.error().message();
  };
  ModelFile good = parser.to_model_file();
  ModelFile file = good;
  file.metadata["template_version"] = "999";
  rejects(file, "version");
  file = good;
  file.sections.erase("weights");
  rejects(file, "weights");
  file = good;
  file.sections["weights"].resize(file.sections["weights"].size() - 3);
  rejects(file, "weights");
  file = good;
  file.sections["labels"] = "nsubj\t1\t1\n";
  rejects(file, "root");
  file = good;
  file.sections["labels"] = "root\t0\n";
  rejects(file, "labels");
  file = good;
  file.sections["labels"] += "extra\t1\t1\n";  // class count no longer matches the weights
  rejects(file, "classes");
  file = good;
  file.sections["selftest"] = "The\tDET\tDT\tnot-a-number\tdet\n";
  rejects(file, "selftest");
  file = good;
  file.sections["word_clusters"] = "garbage";
  rejects(file, "word_clusters");
  file = good;
  file.sections["ambiguity"] = "garbage";
  rejects(file, "ambiguity");
}

TEST(Parser, SelfTestCatchesDrift) {
  Parser parser = zero_parser({sample_sentence(zero_parser())});
  ModelFile file = parser.to_model_file();
  // Claim a different output for the first word: as if the code had changed since training.
  std::string& selftest = file.sections["selftest"];
  size_t first_tab = selftest.find('\t', selftest.find('\t', selftest.find('\t') + 1) + 1);
  size_t end = selftest.find('\t', first_tab + 1);
  std::string original = selftest.substr(first_tab + 1, end - first_tab - 1);
  selftest.replace(first_tab + 1, end - first_tab - 1, original == "5" ? "4" : "5");
  std::string path = testing::TempDir() + "/parser_drift.chm";
  ASSERT_TRUE(write_model_file(file, path).ok());
  auto loaded = Parser::load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message().rfind(path + ": self-test failed: ", 0), 0u) << loaded.error().message();
}

TEST(Parser, ShippedModelLoadsAndGivesTrees) {
  if (!std::filesystem::exists(kShippedModel)) GTEST_SKIP() << kShippedModel << " not trained yet";
  auto parser = Parser::load(kShippedModel);
  ASSERT_TRUE(parser.ok()) << parser.error().message();
  for (const auto& [words, tags] : odd_inputs()) {
    // The shipped model reads XPOS; give it plausible XPOS for these inputs.
    std::vector<std::string> xpos;
    for (const auto& tag : tags) xpos.push_back(tag == "PUNCT" ? "." : tag == "NOUN" ? "NN" : tag == "VERB" ? "VBD" : "DT");
    EXPECT_EQ(tree_problem(parse(parser.value(), words, xpos).heads), "") << words.size() << " words";
  }
}

}  // namespace
}  // namespace chronicle::models
