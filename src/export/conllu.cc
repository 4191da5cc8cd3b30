// CoNLL-U output of an analysis (see export.h).
#include <string>

#include "chronicle/export.h"

namespace chronicle {
namespace {

// CoNLL-U fields may not contain tabs or newlines, and an empty field is written `_`.
void append_field(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += '_';
    return;
  }
  for (char ch : value) out += (ch == '\t' || ch == '\n' || ch == '\r') ? ' ' : ch;
}

}  // namespace

std::string analysis_to_conllu(const Document& document, const Analysis& analysis) {
  // IOB2 label per token from the entity layer (entities are in text order and do not overlap).
  std::vector<std::string_view> entity_type(analysis.tokens.size());
  std::vector<bool> entity_begin(analysis.tokens.size(), false);
  for (const EntityMention& entity : analysis.entities) {
    for (uint32_t token_idx = entity.range.first_token;
         token_idx < entity.range.end_token && token_idx < analysis.tokens.size(); ++token_idx) {
      entity_type[token_idx] = entity.label;
      entity_begin[token_idx] = token_idx == entity.range.first_token;
    }
  }
  std::string out;
  for (size_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Sentence& sentence = analysis.sentences[sentence_idx];
    if (sentence_idx == 0) out += "# newdoc id = " + document.id + "\n";
    out += "# sent_id = " + document.id + "-" + std::to_string(sentence_idx + 1) + "\n";
    std::string text = document.text.substr(sentence.span.begin, sentence.span.end - sentence.span.begin);
    for (char& ch : text)
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    out += "# text = " + text + "\n";
    for (uint32_t token_idx = sentence.first_token; token_idx < sentence.end_token; ++token_idx) {
      const Token& token = analysis.tokens[token_idx];
      // A surface token of several words ("don't" = do + n't) gets its range line first.
      if (!token.joined_to_previous) {
        uint32_t last = token_idx;
        while (last + 1 < sentence.end_token && analysis.tokens[last + 1].joined_to_previous) ++last;
        if (last > token_idx) {
          Span surface{token.span.begin, analysis.tokens[last].span.end};
          out += std::to_string(token_idx - sentence.first_token + 1) + "-" +
                 std::to_string(last - sentence.first_token + 1) + "\t";
          append_field(out, std::string_view(document.text).substr(surface.begin, surface.end - surface.begin));
          out += "\t_\t_\t_\t_\t_\t_\t_\t";
          bool space_after = last + 1 >= sentence.end_token || analysis.tokens[last + 1].space_before;
          out += "TokenRange=" + std::to_string(surface.begin) + ":" + std::to_string(surface.end);
          if (!space_after && last + 1 < sentence.end_token) out += "|SpaceAfter=No";
          out += '\n';
        }
      }
      out += std::to_string(token_idx - sentence.first_token + 1);
      out += '\t';
      // FORM is the word as written (the evidence); `norm` only differs by Unicode normalisation.
      append_field(out, std::string_view(document.text).substr(token.span.begin, token.span.end - token.span.begin));
      out += '\t';
      append_field(out, token.lemma);
      out += '\t';
      append_field(out, token.tag);
      out += '\t';
      append_field(out, token.xpos);
      out += "\t_\t";
      if (token.deprel.empty()) {
        out += "_\t_";
      } else {
        int64_t head = token.head < 0 ? 0 : static_cast<int64_t>(token.head) - sentence.first_token + 1;
        out += std::to_string(head);
        out += '\t';
        append_field(out, token.deprel);
      }
      out += "\t_\t";
      out += "TokenRange=" + std::to_string(token.span.begin) + ":" + std::to_string(token.span.end);
      bool last = token_idx + 1 == sentence.end_token;
      bool inside_surface_token = !last && analysis.tokens[token_idx + 1].joined_to_previous;
      if (!last && !inside_surface_token && !analysis.tokens[token_idx + 1].space_before)
        out += "|SpaceAfter=No";
      if (!entity_type[token_idx].empty()) {
        out += entity_begin[token_idx] ? "|NE=B-" : "|NE=I-";
        out += entity_type[token_idx];
      }
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

}  // namespace chronicle
