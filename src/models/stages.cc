#include "models/stages.h"

namespace chronicle::models {

void TaggerStage::process(const Document& document, Analysis& analysis) const {
  Tagger::Scratch scratch;
  std::vector<std::string_view> words;
  std::vector<TaggedWord> tagged;
  for (const Sentence& sentence : analysis.sentences) {
    size_t size = sentence.end_token - sentence.first_token;
    words.resize(size);
    tagged.resize(size);
    for (size_t idx = 0; idx < size; ++idx) words[idx] = analysis.tokens[sentence.first_token + idx].norm;
    tagger_.tag(words, scratch, tagged);
    for (size_t idx = 0; idx < size; ++idx) {
      Token& token = analysis.tokens[sentence.first_token + idx];
      token.tag = tagger_.upos_name(tagged[idx].upos);
      token.xpos = tagger_.xpos_name(tagged[idx].xpos);
      token.lemma = tagged[idx].lemma;
    }
  }
}

void ParserStage::process(const Document& document, Analysis& analysis) const {
  ParserScratch scratch;
  std::vector<std::string_view> words, upos, xpos, relations;
  std::vector<int> heads;
  for (const Sentence& sentence : analysis.sentences) {
    size_t size = sentence.end_token - sentence.first_token;
    words.resize(size);
    upos.resize(size);
    xpos.resize(size);
    heads.assign(size, 0);
    relations.assign(size, {});
    for (size_t idx = 0; idx < size; ++idx) {
      const Token& token = analysis.tokens[sentence.first_token + idx];
      words[idx] = token.norm;
      upos[idx] = token.tag;
      xpos[idx] = token.xpos;
    }
    parser_.parse(words, upos, xpos, scratch, heads, relations);
    for (size_t idx = 0; idx < size; ++idx) {
      Token& token = analysis.tokens[sentence.first_token + idx];
      token.head = heads[idx] == 0 ? -1 : static_cast<int32_t>(sentence.first_token) + heads[idx] - 1;
      token.deprel = relations[idx];
    }
  }
}

std::vector<EntityMention> recognize_entities(const EntityModel& model, const Analysis& analysis) {
  EntityScratch scratch;
  std::vector<std::string_view> words, upos;
  std::vector<EntityMention> sentence_mentions, mentions;
  for (const Sentence& sentence : analysis.sentences) {
    size_t size = sentence.end_token - sentence.first_token;
    words.resize(size);
    upos.resize(size);
    for (size_t idx = 0; idx < size; ++idx) {
      const Token& token = analysis.tokens[sentence.first_token + idx];
      words[idx] = token.norm;
      upos[idx] = token.tag;
    }
    sentence_mentions.clear();
    model.recognize(words, upos, scratch, sentence_mentions);
    for (EntityMention mention : sentence_mentions) {
      mention.begin += sentence.first_token;
      mention.end += sentence.first_token;
      mentions.push_back(mention);
    }
  }
  return mentions;
}

}  // namespace chronicle::models
