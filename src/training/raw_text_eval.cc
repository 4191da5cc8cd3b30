// Raw-text evaluation after the CoNLL 2018 shared task (see raw_text_eval.h).
//
// The scorer is a transcription of conll18_ud_eval.py (load_conllu, spans_score, align_words,
// alignment_score) over byte offsets instead of Python code points: both files are compared on the
// same UTF-8 bytes, so equal spans in one unit are equal spans in the other.
#include "training/raw_text_eval.h"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_map>

#include "chronicle/document.h"
#include "text/text.h"

namespace chronicle::training {
namespace {

using models::MultiwordToken;
using models::TreebankSentence;
using models::TreebankWord;

// One code point of `text` at `pos` (U+FFFD and one byte for invalid UTF-8).
struct CodePoint {
  char32_t value;
  size_t length;
};
CodePoint decode_at(std::string_view text, size_t pos) {
  utf8proc_int32_t value = 0;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &value);
  if (length <= 0) return {0xFFFD, 1};
  return {static_cast<char32_t>(value), static_cast<size_t>(length)};
}

void append_utf8(std::string& out, char32_t value) {
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(value), bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

bool is_space_separator(char32_t value) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(value)) == UTF8PROC_CATEGORY_ZS;
}

// Perl's \s on a character string: ASCII white space and Unicode White_Space (Zs, line and
// paragraph separators, NEL).
bool is_perl_space(char32_t value) {
  return value == ' ' || value == '\t' || value == '\n' || value == '\r' || value == '\f' ||
         value == '\v' || value == 0x85 || value == 0x2028 || value == 0x2029 ||
         is_space_separator(value);
}

// The text of a sentence: `# text`, else the token forms with SpaceAfter.
std::string sentence_text(const TreebankSentence& sentence) {
  if (!sentence.text.empty()) return sentence.text;
  std::string out;
  size_t mwt_idx = 0;
  for (size_t word_idx = 0; word_idx < sentence.words.size();) {
    const int id = static_cast<int>(word_idx) + 1;
    while (mwt_idx < sentence.multiword_tokens.size() && sentence.multiword_tokens[mwt_idx].first < id) ++mwt_idx;
    bool space_after = true;
    if (mwt_idx < sentence.multiword_tokens.size() && sentence.multiword_tokens[mwt_idx].first == id) {
      const MultiwordToken& token = sentence.multiword_tokens[mwt_idx];
      out += token.form;
      space_after = token.space_after;
      word_idx = static_cast<size_t>(std::max(token.last, id));
    } else {
      out += sentence.words[word_idx].form;
      space_after = sentence.words[word_idx].space_after;
      ++word_idx;
    }
    if (space_after && word_idx < sentence.words.size()) out += ' ';
  }
  return out;
}

// conllu_to_text.pl's print_lines_from_buffer: prints every full line of `buffer` (code points)
// and keeps the rest.
void flush_full_lines(std::u32string& buffer, size_t limit, std::string& out) {
  if (limit == 0) return;
  while (buffer.size() >= limit) {
    size_t last_space = std::u32string::npos;
    for (size_t idx = 0; idx < buffer.size(); ++idx) {
      if (idx > limit && last_space != std::u32string::npos) break;
      if (is_perl_space(buffer[idx])) last_space = idx;
    }
    if (last_space != std::u32string::npos && last_space > 0) {
      for (size_t idx = 0; idx < last_space; ++idx) append_utf8(out, buffer[idx]);
      out += '\n';
      buffer.erase(0, last_space + 1);
    } else {
      for (char32_t value : buffer) append_utf8(out, value);
      out += '\n';
      buffer.clear();
    }
  }
}

// ---- the scorer ----------------------------------------------------------------------------

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

struct EvalWord {
  Span span;
  bool multiword = false;
  const TreebankWord* word = nullptr;
  long parent = -1;  // index into EvalFile::words; -1 for the root
  std::string lower_form;
};

struct EvalFile {
  std::string characters;
  std::vector<Span> tokens;
  std::vector<Span> sentences;
  std::vector<EvalWord> words;
};

std::string lower(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  for (size_t pos = 0; pos < form.size();) {
    const CodePoint cp = decode_at(form, pos);
    if (cp.value < 0x80) {
      out.push_back(static_cast<char>(cp.value >= 'A' && cp.value <= 'Z' ? cp.value + 32 : cp.value));
    } else {
      append_utf8(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp.value))));
    }
    pos += cp.length;
  }
  return out;
}

std::string without_space_separators(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  for (size_t pos = 0; pos < form.size();) {
    const CodePoint cp = decode_at(form, pos);
    if (!is_space_separator(cp.value)) out.append(form.substr(pos, cp.length));
    pos += cp.length;
  }
  return out;
}

// load_conllu: characters, token, sentence and word spans. Returns an error message or "".
std::string load(const std::vector<TreebankSentence>& sentences, const char* which, EvalFile& file) {
  for (size_t sentence_idx = 0; sentence_idx < sentences.size(); ++sentence_idx) {
    const TreebankSentence& sentence = sentences[sentence_idx];
    const size_t sentence_begin = file.characters.size();
    const size_t word_base = file.words.size();
    const auto where = [&] {
      return std::string(which) + " sentence " + std::to_string(sentence_idx + 1) +
             (sentence.id.empty() ? "" : " (" + sentence.id + ")");
    };
    const auto add_token = [&](std::string_view raw_form) -> bool {
      const std::string form = without_space_separators(raw_form);
      if (form.empty()) return false;
      file.tokens.push_back({file.characters.size(), file.characters.size() + form.size()});
      file.characters += form;
      return true;
    };
    std::vector<const MultiwordToken*> multiword(sentence.multiword_tokens.size());
    for (size_t idx = 0; idx < multiword.size(); ++idx) multiword[idx] = &sentence.multiword_tokens[idx];
    std::sort(multiword.begin(), multiword.end(),
              [](const MultiwordToken* a, const MultiwordToken* b) { return a->first < b->first; });
    size_t mwt_idx = 0;
    const int word_count = static_cast<int>(sentence.words.size());
    for (int id = 1; id <= word_count;) {
      while (mwt_idx < multiword.size() && multiword[mwt_idx]->first < id) ++mwt_idx;
      if (mwt_idx < multiword.size() && multiword[mwt_idx]->first == id) {
        const MultiwordToken& token = *multiword[mwt_idx];
        if (token.last > word_count) return where() + ": multiword token " + token.form + " runs past the last word";
        if (!add_token(token.form)) return where() + ": empty FORM";
        for (int member = token.first; member <= token.last; ++member) {
          EvalWord word;
          word.span = file.tokens.back();
          word.multiword = true;
          word.word = &sentence.words[static_cast<size_t>(member - 1)];
          file.words.push_back(std::move(word));
        }
        id = token.last + 1;
        continue;
      }
      const TreebankWord& treebank_word = sentence.words[static_cast<size_t>(id - 1)];
      if (!add_token(treebank_word.form)) return where() + ": empty FORM";
      EvalWord word;
      word.span = file.tokens.back();
      word.word = &treebank_word;
      file.words.push_back(std::move(word));
      ++id;
    }
    for (size_t idx = word_base; idx < file.words.size(); ++idx) {
      EvalWord& word = file.words[idx];
      const int head = word.word->head;
      if (head < 0 || head > word_count) return where() + ": HEAD " + std::to_string(head) + " out of range";
      word.parent = head == 0 ? -1 : static_cast<long>(word_base) + head - 1;
      word.lower_form = lower(word.word->form);
    }
    if (file.characters.size() > sentence_begin) file.sentences.push_back({sentence_begin, file.characters.size()});
  }
  return {};
}

UnitScore spans_score(const std::vector<Span>& gold, const std::vector<Span>& system) {
  UnitScore score;
  score.gold = gold.size();
  score.system = system.size();
  size_t gold_idx = 0, system_idx = 0;
  while (gold_idx < gold.size() && system_idx < system.size()) {
    if (system[system_idx].begin < gold[gold_idx].begin) {
      ++system_idx;
    } else if (gold[gold_idx].begin < system[system_idx].begin) {
      ++gold_idx;
    } else {
      score.correct += gold[gold_idx].end == system[system_idx].end ? 1 : 0;
      ++gold_idx;
      ++system_idx;
    }
  }
  return score;
}

// align_words and its helpers, index for index.
class Aligner {
 public:
  Aligner(const std::vector<EvalWord>& gold, const std::vector<EvalWord>& system)
      : gold_(gold), system_(system) {}

  // Pairs (gold word, system word), in order.
  std::vector<std::pair<size_t, size_t>> align() {
    size_t gi = 0, si = 0;
    while (gi < gold_.size() && si < system_.size()) {
      if (gold_[gi].multiword || system_[si].multiword) {
        size_t gs = 0, ss = 0;
        find_multiword_span(gi, si, gs, ss);
        if (si > ss && gi > gs) align_by_lcs(gs, gi, ss, si);
      } else if (gold_[gi].span.begin == system_[si].span.begin &&
                 gold_[gi].span.end == system_[si].span.end) {
        pairs_.emplace_back(gi++, si++);
      } else if (gold_[gi].span.begin <= system_[si].span.begin) {
        ++gi;
      } else {
        ++si;
      }
    }
    return std::move(pairs_);
  }

 private:
  static bool beyond_end(const std::vector<EvalWord>& words, size_t idx, size_t multiword_end) {
    if (idx >= words.size()) return true;
    if (words[idx].multiword) return words[idx].span.begin >= multiword_end;
    return words[idx].span.end > multiword_end;
  }
  static size_t extend_end(const EvalWord& word, size_t multiword_end) {
    return word.multiword && word.span.end > multiword_end ? word.span.end : multiword_end;
  }

  // On return [gs, gi) and [ss, si) are the words of the minimal region around the multiword
  // token(s) at gi/si.
  void find_multiword_span(size_t& gi, size_t& si, size_t& gs, size_t& ss) const {
    size_t multiword_end = 0;
    if (gold_[gi].multiword) {
      multiword_end = gold_[gi].span.end;
      if (!system_[si].multiword && system_[si].span.begin < gold_[gi].span.begin) ++si;
    } else {
      multiword_end = system_[si].span.end;
      if (!gold_[gi].multiword && gold_[gi].span.begin < system_[si].span.begin) ++gi;
    }
    gs = gi;
    ss = si;
    while (!beyond_end(gold_, gi, multiword_end) || !beyond_end(system_, si, multiword_end)) {
      if (gi < gold_.size() &&
          (si >= system_.size() || gold_[gi].span.begin <= system_[si].span.begin)) {
        multiword_end = extend_end(gold_[gi], multiword_end);
        ++gi;
      } else {
        multiword_end = extend_end(system_[si], multiword_end);
        ++si;
      }
    }
  }

  void align_by_lcs(size_t gs, size_t gi, size_t ss, size_t si) {
    const size_t rows = gi - gs, cols = si - ss;
    std::vector<size_t> lcs(rows * cols, 0);
    const auto at = [&](size_t g, size_t s) -> size_t {
      return g < rows && s < cols ? lcs[g * cols + s] : 0;
    };
    for (size_t g = rows; g-- > 0;) {
      for (size_t s = cols; s-- > 0;) {
        size_t value = 0;
        if (gold_[gs + g].lower_form == system_[ss + s].lower_form) value = 1 + at(g + 1, s + 1);
        value = std::max({value, at(g + 1, s), at(g, s + 1)});
        lcs[g * cols + s] = value;
      }
    }
    size_t g = 0, s = 0;
    while (g < rows && s < cols) {
      if (gold_[gs + g].lower_form == system_[ss + s].lower_form) {
        pairs_.emplace_back(gs + g, ss + s);
        ++g;
        ++s;
      } else if (at(g, s) == at(g + 1, s)) {
        ++g;
      } else {
        ++s;
      }
    }
  }

  const std::vector<EvalWord>& gold_;
  const std::vector<EvalWord>& system_;
  std::vector<std::pair<size_t, size_t>> pairs_;
};

// "...context..." around a byte offset, for the error message.
std::string context(const std::string& characters, size_t offset) {
  const size_t begin = offset > 20 ? offset - 20 : 0;
  return "\"" + characters.substr(begin, 40) + "\"";
}

}  // namespace

std::string raw_text_of(const std::vector<TreebankSentence>& gold, size_t line_width) {
  std::string out;
  std::u32string buffer;
  bool start = true;
  for (const TreebankSentence& sentence : gold) {
    if (!start && (sentence.new_document || sentence.new_paragraph)) {
      if (!buffer.empty()) {
        for (char32_t value : buffer) append_utf8(out, value);
        out += '\n';
        buffer.clear();
      }
      out += '\n';
    }
    if (!buffer.empty()) buffer.push_back(' ');
    const std::string text = sentence_text(sentence);
    for (size_t pos = 0; pos < text.size();) {
      const CodePoint cp = decode_at(text, pos);
      buffer.push_back(cp.value);
      pos += cp.length;
    }
    flush_full_lines(buffer, line_width, out);
    start = false;
  }
  if (!buffer.empty()) {
    for (char32_t value : buffer) append_utf8(out, value);
    out += '\n';
  }
  return out;
}

std::vector<TreebankSentence> tokenize_raw_text(std::string_view raw_text) {
  Document document;
  document.text = std::string(raw_text);
  Analysis analysis;
  text::Tokenizer().process(document, analysis);
  return treebank_sentences(document, analysis);
}

std::vector<TreebankSentence> treebank_sentences(const Document& document, const Analysis& analysis) {
  const std::vector<Token>& tokens = analysis.tokens;
  const auto cut = [&](uint32_t begin, uint32_t end) {
    return document.text.substr(begin, end - begin);
  };
  std::vector<TreebankSentence> sentences;
  sentences.reserve(analysis.sentences.size());
  uint32_t previous_end = 0;
  for (const Sentence& span : analysis.sentences) {
    if (span.first_token >= span.end_token) continue;
    TreebankSentence sentence;
    sentence.id = "raw-" + std::to_string(sentences.size() + 1);
    sentence.text = cut(span.span.begin, span.span.end);
    for (char& ch : sentence.text) {
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    }
    const std::string_view gap = std::string_view(document.text).substr(previous_end, span.span.begin - previous_end);
    sentence.new_document = sentences.empty();
    sentence.new_paragraph = sentences.empty() || std::count(gap.begin(), gap.end(), '\n') >= 2;
    previous_end = span.span.end;
    for (uint32_t token_idx = span.first_token; token_idx < span.end_token; ++token_idx) {
      const Token& token = tokens[token_idx];
      TreebankWord word;
      word.form = cut(token.span.begin, token.span.end);
      word.lemma = token.lemma;
      word.upos = token.tag;
      word.xpos = token.xpos;
      if (!token.deprel.empty()) {
        word.deprel = token.deprel;
        const bool inside = token.head >= static_cast<int32_t>(span.first_token) &&
                            token.head < static_cast<int32_t>(span.end_token);
        word.head = inside ? token.head - static_cast<int32_t>(span.first_token) + 1 : 0;
      }
      word.space_after = token_idx + 1 >= tokens.size() || tokens[token_idx + 1].span.begin > token.span.end;
      const int id = static_cast<int>(sentence.words.size()) + 1;
      if (token.joined_to_previous && token_idx > span.first_token) {
        if (sentence.multiword_tokens.empty() || sentence.multiword_tokens.back().last != id - 1) {
          MultiwordToken multiword;
          multiword.first = id - 1;
          sentence.multiword_tokens.push_back(multiword);
        }
        MultiwordToken& multiword = sentence.multiword_tokens.back();
        multiword.last = id;
        const Token& first = tokens[token_idx - static_cast<uint32_t>(id - multiword.first)];
        multiword.form = cut(first.span.begin, token.span.end);
        multiword.space_after = word.space_after;
      }
      sentence.words.push_back(std::move(word));
    }
    sentences.push_back(std::move(sentence));
  }
  return sentences;
}

std::vector<Figure> RawTextScores::figures() const {
  if (!error.empty()) return {};
  std::vector<Figure> out = {{"Tokens", tokens.f1()}, {"Sentences", sentences.f1()}, {"Words", words.f1()}};
  if (has_tags) {
    out.push_back({"UPOS", upos.f1()});
    out.push_back({"XPOS", xpos.f1()});
  }
  if (has_syntax) {
    out.push_back({"UAS", uas.f1()});
    out.push_back({"LAS", las.f1()});
  }
  return out;
}

RawTextScores evaluate_raw_text(const std::vector<TreebankSentence>& gold,
                                const std::vector<TreebankSentence>& system) {
  RawTextScores scores;
  EvalFile gold_file, system_file;
  if (std::string error = load(gold, "gold", gold_file); !error.empty()) {
    scores.error = error;
    return scores;
  }
  if (std::string error = load(system, "system", system_file); !error.empty()) {
    scores.error = error;
    return scores;
  }
  if (gold_file.characters != system_file.characters) {
    size_t offset = 0;
    while (offset < gold_file.characters.size() && offset < system_file.characters.size() &&
           gold_file.characters[offset] == system_file.characters[offset]) {
      ++offset;
    }
    scores.error = "the concatenation of tokens in the gold and system files differs at byte " +
                   std::to_string(offset) + " (without white space): gold " +
                   context(gold_file.characters, offset) + ", system " +
                   context(system_file.characters, offset);
    return scores;
  }

  scores.tokens = spans_score(gold_file.tokens, system_file.tokens);
  scores.sentences = spans_score(gold_file.sentences, system_file.sentences);
  const std::vector<std::pair<size_t, size_t>> pairs = Aligner(gold_file.words, system_file.words).align();
  scores.words = {gold_file.words.size(), system_file.words.size(), pairs.size()};

  for (const EvalWord& word : system_file.words) {
    if (!word.word->upos.empty() || !word.word->xpos.empty()) scores.has_tags = true;
    if (!word.word->deprel.empty()) scores.has_syntax = true;
  }
  std::unordered_map<size_t, size_t> gold_of_system;
  gold_of_system.reserve(pairs.size());
  for (const auto& [gold_idx, system_idx] : pairs) gold_of_system.emplace(system_idx, gold_idx);
  scores.upos = scores.xpos = scores.uas = scores.las = {gold_file.words.size(), system_file.words.size(), 0};
  constexpr long kNotAligned = -2;
  for (const auto& [gold_idx, system_idx] : pairs) {
    const EvalWord& gold_word = gold_file.words[gold_idx];
    const EvalWord& system_word = system_file.words[system_idx];
    if (gold_word.word->upos == system_word.word->upos) ++scores.upos.correct;
    if (gold_word.word->xpos == system_word.word->xpos) ++scores.xpos.correct;
    long system_parent = system_word.parent;
    if (system_parent >= 0) {
      const auto found = gold_of_system.find(static_cast<size_t>(system_parent));
      system_parent = found == gold_of_system.end() ? kNotAligned : static_cast<long>(found->second);
    }
    if (gold_word.parent == system_parent) {
      ++scores.uas.correct;
      if (models::base_relation(gold_word.word->deprel) == models::base_relation(system_word.word->deprel)) {
        ++scores.las.correct;
      }
    }
  }
  return scores;
}

}  // namespace chronicle::training
