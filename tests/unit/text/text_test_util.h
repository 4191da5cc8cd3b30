// Helpers shared by the text-stage tests.
#pragma once

#include <string>
#include <vector>

#include "chronicle/document.h"
#include "text/text.h"

namespace chronicle::text::testing {

inline Analysis tokenize(const std::string& text) {
  Document document;
  document.text = text;
  Analysis analysis;
  Tokenizer().process(document, analysis);
  return analysis;
}

// Token norms joined by '|' so a failing table row prints readably: "did|n't|go".
inline std::string norms(const std::string& text) {
  const Analysis analysis = tokenize(text);
  std::string out;
  for (const Token& token : analysis.tokens) {
    if (!out.empty()) out += '|';
    out += token.norm;
  }
  return out;
}

// The original text of each sentence, in order.
inline std::vector<std::string> sentences(const std::string& text) {
  const Analysis analysis = tokenize(text);
  std::vector<std::string> out;
  for (uint32_t idx = 0; idx < analysis.sentences.size(); ++idx) {
    out.emplace_back(analysis.sentence_text(text, idx));
  }
  return out;
}

}  // namespace chronicle::text::testing
