#include <gtest/gtest.h>

#include "chronicle/export.h"

namespace chronicle {
namespace {

Token word(uint32_t begin, uint32_t end, const std::string& text, bool space_before) {
  Token token;
  token.span = {begin, end};
  token.norm = text;
  token.lower = text;
  token.lemma = text;
  token.space_before = space_before;
  return token;
}

TEST(Conllu, WritesWordsMultiwordTokensHeadsAndEntities) {
  Document document;
  document.id = "d";
  document.text = "Iran didn't warn Israel.";
  Analysis analysis;
  analysis.sentences.push_back({{0, 24}, 0, 6});
  analysis.tokens = {word(0, 4, "Iran", false), word(5, 8, "did", true), word(8, 11, "n't", false),
                     word(12, 16, "warn", true), word(17, 23, "Israel", true), word(23, 24, ".", false)};
  analysis.tokens[2].joined_to_previous = true;
  analysis.tokens[3].tag = "VERB";
  analysis.tokens[3].xpos = "VB";
  analysis.tokens[3].deprel = "root";
  analysis.tokens[0].head = 3;
  analysis.tokens[0].deprel = "nsubj";
  analysis.entities.push_back({{4, 5, {17, 23}}, "LOC", "Israel"});
  std::string conllu = analysis_to_conllu(document, analysis);
  EXPECT_EQ(conllu,
            "# newdoc id = d\n"
            "# sent_id = d-1\n"
            "# text = Iran didn't warn Israel.\n"
            "1\tIran\tIran\t_\t_\t_\t4\tnsubj\t_\tTokenRange=0:4\n"
            "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\tTokenRange=5:11\n"
            "2\tdid\tdid\t_\t_\t_\t_\t_\t_\tTokenRange=5:8\n"
            "3\tn't\tn't\t_\t_\t_\t_\t_\t_\tTokenRange=8:11\n"
            "4\twarn\twarn\tVERB\tVB\t_\t0\troot\t_\tTokenRange=12:16\n"
            "5\tIsrael\tIsrael\t_\t_\t_\t_\t_\t_\tTokenRange=17:23|SpaceAfter=No|NE=B-LOC\n"
            "6\t.\t.\t_\t_\t_\t_\t_\t_\tTokenRange=23:24\n"
            "\n");
}

}  // namespace
}  // namespace chronicle
