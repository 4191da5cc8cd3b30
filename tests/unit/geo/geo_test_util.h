// Helpers for the geo tests: a tiny tokenizer (the real one lives in src/text and is tested there)
// and the paths of the installed gazetteer.
#pragma once

#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "chronicle/document.h"

namespace chronicle::geo::testing {

inline std::string built_gazetteer_path() { return std::string(CHRONICLE_GENERATED_DIR) + "/gazetteer.tsv"; }
inline std::string regions_path() { return std::string(CHRONICLE_DATA_DIR) + "/places.txt"; }

// Splits ASCII text into sentences at '.', '!' and '?' followed by a space or the end, and into
// tokens: runs of letters, digits, hyphens and inner apostrophes; "'s" is split off; any other
// character is a one-byte token. Good enough for hand-written test sentences.
inline Analysis tokenize(const std::string& text) {
  Analysis analysis;
  uint32_t sentence_idx = 0;
  uint32_t sentence_first = 0;
  uint32_t sentence_begin = 0;
  size_t pos = 0;
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  auto close_sentence = [&](uint32_t end_byte) {
    if (analysis.tokens.size() == sentence_first) return;
    analysis.sentences.push_back(
        Sentence{Span{sentence_begin, end_byte}, sentence_first, static_cast<uint32_t>(analysis.tokens.size())});
    ++sentence_idx;
    sentence_first = static_cast<uint32_t>(analysis.tokens.size());
  };
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    if (analysis.tokens.size() == sentence_first) sentence_begin = static_cast<uint32_t>(pos);
    size_t end = pos + 1;
    if (is_word(text[pos])) {
      while (end < text.size() &&
             (is_word(text[end]) || (text[end] == '\'' && end + 1 < text.size() &&
                                     std::isalpha(static_cast<unsigned char>(text[end + 1])) &&
                                     text.compare(end, 2, "'s") != 0))) {
        ++end;
      }
    } else if (text[pos] == '\'' && text.compare(pos, 2, "'s") == 0) {
      end = pos + 2;
    }
    Token token;
    token.span = Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(end)};
    token.norm = text.substr(pos, end - pos);
    token.lower = token.norm;
    for (char& c : token.lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    token.lemma = token.lower;
    token.sentence = sentence_idx;
    token.capitalized = std::isupper(static_cast<unsigned char>(token.norm[0])) != 0;
    token.space_before = pos > 0 && std::isspace(static_cast<unsigned char>(text[pos - 1]));
    analysis.tokens.push_back(token);
    const bool sentence_end = (text[pos] == '.' || text[pos] == '!' || text[pos] == '?') &&
                              (end == text.size() || std::isspace(static_cast<unsigned char>(text[end])));
    pos = end;
    if (sentence_end) close_sentence(static_cast<uint32_t>(end));
  }
  close_sentence(static_cast<uint32_t>(text.size()));
  return analysis;
}

// Writes `content` to a file in a per-process temp directory (CTest may run tests in parallel) and
// returns its path.
inline std::string write_temp(const std::string& name, const std::string& content) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("chronicle_geo_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

}  // namespace chronicle::geo::testing
