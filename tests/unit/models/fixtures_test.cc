// The committed test fixtures (tests/fixtures/treebank-sample.conllu, entities-sample.iob2) read
// with the corpus readers, and every tree checked: one root, no cycle, projective, and the
// `# text` comment equal to the words joined with their SpaceAfter flags. The fixtures are our own
// sentences, written for the project; other tests and the CLI end-to-end tests train on them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "models/corpus.h"

namespace chronicle::models {
namespace {

const std::string kFixtures = std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/";

// The surface text of a sentence: multiword tokens replace their words.
std::string surface_text(const TreebankSentence& sentence) {
  std::string text;
  size_t mwt = 0;
  for (int word_idx = 1; word_idx <= static_cast<int>(sentence.words.size());) {
    if (mwt < sentence.multiword_tokens.size() && sentence.multiword_tokens[mwt].first == word_idx) {
      const auto& token = sentence.multiword_tokens[mwt++];
      text += token.form;
      if (token.space_after) text += ' ';
      word_idx = token.last + 1;
      continue;
    }
    const auto& word = sentence.words[word_idx - 1];
    text += word.form;
    if (word.space_after) text += ' ';
    ++word_idx;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Empty when the tree is valid, else what is wrong.
std::string tree_problem(const TreebankSentence& sentence) {
  const int count = static_cast<int>(sentence.words.size());
  auto head_of = [&](int word) { return sentence.words[word - 1].head; };
  int roots = 0;
  for (int word = 1; word <= count; ++word) {
    const auto& entry = sentence.words[word - 1];
    if (entry.head == 0) ++roots;
    if ((entry.head == 0) != (entry.deprel == "root")) return "root relation mismatch at " + std::to_string(word);
    if (entry.head == word) return "self-loop at " + std::to_string(word);
    int steps = 0;
    for (int ancestor = word; ancestor != 0; ancestor = head_of(ancestor))
      if (++steps > count) return "cycle through " + std::to_string(word);
    // Projective: every word between a dependent and its head is dominated by the head.
    if (entry.head == 0) continue;
    for (int between = std::min(word, entry.head) + 1; between < std::max(word, entry.head); ++between) {
      int ancestor = between;
      while (ancestor != 0 && ancestor != entry.head) ancestor = head_of(ancestor);
      if (ancestor != entry.head) return "non-projective arc " + std::to_string(word);
    }
  }
  if (roots != 1) return std::to_string(roots) + " roots";
  return {};
}

TEST(Fixtures, TreebankSampleIsValid) {
  auto read = read_conllu(kFixtures + "treebank-sample.conllu");
  ASSERT_TRUE(read.ok()) << read.error().message();
  const auto& sentences = read.value();
  ASSERT_EQ(sentences.size(), 42u);
  size_t words = 0, documents = 0, paragraphs = 0, multiword = 0, hyphens = 0;
  std::map<std::string, int> relations;
  for (const auto& sentence : sentences) {
    SCOPED_TRACE(sentence.id);
    EXPECT_FALSE(sentence.id.empty());
    EXPECT_EQ(tree_problem(sentence), "");
    EXPECT_EQ(surface_text(sentence), sentence.text);
    words += sentence.words.size();
    documents += sentence.new_document;
    paragraphs += sentence.new_paragraph;
    multiword += sentence.multiword_tokens.size();
    for (const auto& word : sentence.words) {
      EXPECT_FALSE(word.form.empty());
      EXPECT_FALSE(word.lemma.empty());
      EXPECT_FALSE(word.upos.empty());
      EXPECT_FALSE(word.xpos.empty());
      ++relations[word.deprel];
      hyphens += word.xpos == "HYPH";
    }
  }
  EXPECT_EQ(words, 651u);
  EXPECT_EQ(documents, 4u);
  EXPECT_EQ(paragraphs, 8u);
  EXPECT_EQ(multiword, 7u);  // possessives ("Germany's", "analysts'") and negations ("doesn't")
  EXPECT_EQ(hyphens, 4u);    // Abdel-Karim al-Masri, El-Fajr, Ben-Ami
  for (const char* relation :
       {"nsubj", "obj",       "iobj",   "obl",      "obl:unmarked", "obl:agent", "nmod",  "nmod:poss", "nmod:desc",
        "amod",  "det",       "case",   "compound", "compound:prt", "flat",      "aux",   "aux:pass",  "nsubj:pass",
        "cop",   "mark",      "advmod", "conj",     "cc",           "punct",     "xcomp", "ccomp",     "advcl",
        "acl",   "acl:relcl", "appos",  "nummod",   "parataxis",    "fixed"})
    EXPECT_GT(relations[relation], 0) << relation;
  // The multiword token of the first "doesn't": words "does" + "n't".
  const auto& negated = sentences[3];
  ASSERT_EQ(negated.multiword_tokens.size(), 1u);
  EXPECT_EQ(negated.multiword_tokens[0].form, "doesn't");
  EXPECT_EQ(negated.words[negated.multiword_tokens[0].first - 1].form, "does");
  EXPECT_EQ(negated.words[negated.multiword_tokens[0].last - 1].lemma, "not");
}

TEST(Fixtures, TreebankSampleRoundTrips) {
  auto read = read_conllu(kFixtures + "treebank-sample.conllu");
  ASSERT_TRUE(read.ok()) << read.error().message();
  auto again = parse_conllu(to_conllu(read.value()), "round-trip");
  ASSERT_TRUE(again.ok()) << again.error().message();
  ASSERT_EQ(again.value().size(), read.value().size());
  for (size_t idx = 0; idx < read.value().size(); ++idx)
    EXPECT_EQ(surface_text(again.value()[idx]), read.value()[idx].text);
}

TEST(Fixtures, EntitySampleIsValid) {
  auto read = read_entity_corpus(kFixtures + "entities-sample.iob2");
  ASSERT_TRUE(read.ok()) << read.error().message();
  const auto& sentences = read.value();
  ASSERT_EQ(sentences.size(), 42u);
  size_t words = 0;
  std::map<std::string, int> entities;
  for (const auto& sentence : sentences) {
    ASSERT_EQ(sentence.words.size(), sentence.labels.size());
    words += sentence.words.size();
    for (size_t idx = 0; idx < sentence.labels.size(); ++idx) {
      const std::string& label = sentence.labels[idx];
      // Already IOB2 in the file: the reader must not have had to repair anything.
      if (label[0] == 'I') {
        ASSERT_GT(idx, 0u);
        EXPECT_EQ(sentence.labels[idx - 1].substr(2), label.substr(2));
      }
    }
    for (const auto& span : entity_spans(sentence.labels)) ++entities[span.type];
  }
  EXPECT_EQ(words, 583u);
  EXPECT_EQ(entities.size(), 3u);
  EXPECT_EQ(entities["PER"], 17);
  EXPECT_EQ(entities["ORG"], 25);
  EXPECT_EQ(entities["LOC"], 49);
  // A hyphenated name split into three tokens stays one entity.
  const auto& first_names = sentences[3];
  ASSERT_GE(first_names.words.size(), 6u);
  EXPECT_EQ(first_names.words[1], "-");
  auto spans = entity_spans(first_names.labels);
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans[0], (EntitySpan{0, 6, "PER"}));  // Abdel - Karim al - Masri
}

}  // namespace
}  // namespace chronicle::models
