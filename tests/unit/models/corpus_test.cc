#include "models/corpus.h"

#include <gtest/gtest.h>

namespace chronicle::models {
namespace {

constexpr std::string_view kSample =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = I don't know.\n"
    "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "4.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n";

TEST(Conllu, ReadsWordsMultiwordTokensAndComments) {
  auto parsed = parse_conllu(kSample, "s.conllu");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  ASSERT_EQ(parsed.value().size(), 1u);
  const auto& sentence = parsed.value()[0];
  EXPECT_EQ(sentence.id, "s1");
  EXPECT_EQ(sentence.text, "I don't know.");
  EXPECT_TRUE(sentence.new_document);
  ASSERT_EQ(sentence.words.size(), 5u);
  EXPECT_EQ(sentence.words[2].lemma, "not");
  EXPECT_EQ(sentence.words[3].head, 0);
  EXPECT_FALSE(sentence.words[3].space_after);
  ASSERT_EQ(sentence.multiword_tokens.size(), 1u);
  EXPECT_EQ(sentence.multiword_tokens[0].form, "don't");
  // Writing and reading again gives the same sentence.
  auto again = parse_conllu(to_conllu(parsed.value()), "again");
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again.value()[0].words.size(), 5u);
  EXPECT_EQ(again.value()[0].multiword_tokens[0].last, 3);
}

TEST(Conllu, ErrorsNameTheLine) {
  auto parsed = parse_conllu("1\tI\tI\tPRON\n", "bad.conllu");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message(), "bad.conllu:1: expected 10 tab-separated columns, found 4");
  auto out_of_order = parse_conllu("2\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n", "o.conllu");
  ASSERT_FALSE(out_of_order.ok());
  EXPECT_NE(out_of_order.error().message().find("o.conllu:1:"), std::string::npos);
}

TEST(EntitySpans, CountLikeConlleval) {
  std::vector<std::string> labels = {"B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-PER"};
  auto spans = entity_spans(labels);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0], (EntitySpan{0, 2, "PER"}));
  EXPECT_EQ(spans[1], (EntitySpan{3, 4, "LOC"}));
  EXPECT_EQ(spans[2], (EntitySpan{4, 5, "ORG"}));
  EXPECT_EQ(spans[3], (EntitySpan{5, 6, "PER"}));
}

}  // namespace
}  // namespace chronicle::models
