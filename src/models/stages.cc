#include "models/stages.h"

#include "text/words.h"

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
  // A dateline ("BRUSSELS (Reuters) —") is parsed apart from the sentence it opens: the treebank
  // has no datelines, and parsed together the parser makes its city the sentence's subject or
  // root.
  std::vector<Sentence> pieces;
  for (const Sentence& sentence : analysis.sentences) {
    const uint32_t after = static_cast<uint32_t>(text::dateline_end(analysis.tokens, sentence.first_token, sentence.end_token));
    if (after > sentence.first_token && after < sentence.end_token) {
      pieces.push_back(Sentence{sentence.span, sentence.first_token, after});
      pieces.push_back(Sentence{sentence.span, after, sentence.end_token});
    } else {
      pieces.push_back(sentence);
    }
  }
  for (const Sentence& sentence : pieces) {
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

// The whole document in one call: the model's second pass reads what its first pass said about the
// same word elsewhere in the document ("HANO" tagged once helps find it again).
std::vector<EntityMention> recognize_entities(const EntityModel& model, const Analysis& analysis) {
  EntityScratch scratch;
  std::vector<std::string_view> words, upos;
  std::vector<uint32_t> sentence_ends, token_of;  // token_of: document word -> analysis token
  for (const Sentence& sentence : analysis.sentences) {
    for (size_t token = sentence.first_token; token < sentence.end_token; ++token) {
      words.push_back(analysis.tokens[token].norm);
      upos.push_back(analysis.tokens[token].tag);
      token_of.push_back(static_cast<uint32_t>(token));
    }
    sentence_ends.push_back(static_cast<uint32_t>(words.size()));
  }
  std::vector<EntityMention> mentions;
  model.recognize_document(words, upos, sentence_ends, scratch, mentions);
  for (EntityMention& mention : mentions) {
    // A mention never crosses a sentence end, so its words are consecutive tokens.
    mention.begin = token_of[mention.begin];
    mention.end = token_of[mention.end - 1] + 1;
  }
  return mentions;
}

}  // namespace chronicle::models
