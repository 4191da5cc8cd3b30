// Training stage: evaluation from raw text, as the CoNLL 2018 shared task scored it.
//
// The system reads the raw text of a treebank (not its gold tokens), tokenises it, splits it into
// sentences and, optionally, tags and parses it; the scorer then aligns the system's tokens and
// words with the gold ones by character offsets, exactly as the shared task's `conll18_ud_eval.py`
// does, and reports F1 figures. Typical use (EWT dev):
//
//   auto gold = models::read_conllu(".../en_ewt-ud-dev.conllu");
//   std::string raw = training::raw_text_of(gold.value());
//   std::vector<models::TreebankSentence> system = training::tokenize_raw_text(raw);
//   // ... optionally tag and parse `system` in place (fill upos/xpos/head/deprel) ...
//   training::RawTextScores scores = training::evaluate_raw_text(gold.value(), system);
//   std::cout << training::format_figures(scores.figures());
//
// Everything here is pure computation over its arguments: thread-safe, no global state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"
#include "models/corpus.h"
#include "training/figures.h"

namespace chronicle::training {

// The raw text of a treebank, after UD's `tools/conllu_to_text.pl` (the script that made the CoNLL
// 2018 shared-task input): each sentence's `# text` (or, when absent, its token forms joined
// according to SpaceAfter), sentences of one paragraph joined by one space, the paragraph wrapped
// into lines of at most `line_width` characters (code points) at spaces, like the script (a
// longer word stays whole on its own line); a blank line before every sentence that starts a
// paragraph or a document (`# newpar`, `# newdoc`), except the first; a final newline.
// `line_width` 0 means no wrapping (one line per paragraph).
std::string raw_text_of(const std::vector<models::TreebankSentence>& gold, size_t line_width = 80);

// Tokenises and splits `raw_text` with Chronicle's tokenizer (text::Tokenizer). One
// TreebankSentence per sentence: its words with FORM = the exact original bytes of each word,
// SpaceAfter from the text, multiword tokens for runs of words that form one surface token
// ("don't" → "do" + "n't"), `text` = the sentence's original text with line breaks as spaces,
// `id` = "raw-N" (1-based), new_document on the first sentence and new_paragraph after a blank
// line. No lemmas, tags or heads: a tagger and parser may fill them before scoring.
std::vector<models::TreebankSentence> tokenize_raw_text(std::string_view raw_text);

// The same conversion for any analysed document: the sentences and words of `analysis` (which
// must come from `document`), with FORM = the original bytes and multiword tokens from
// Token::joined_to_previous. Lemmas, UPOS, XPOS, heads and relations are copied when a stage
// filled them (Token::lemma, tag, xpos, head, deprel).
std::vector<models::TreebankSentence> treebank_sentences(const Document& document, const Analysis& analysis);

// Counts of one kind of unit, and precision/recall/F1 in percent (0 when a count is 0).
struct UnitScore {
  size_t gold = 0;     // units in the gold file
  size_t system = 0;   // units in the system file
  size_t correct = 0;  // units counted correct (same span, or aligned and labelled right)
  double precision() const { return system == 0 ? 0 : 100.0 * static_cast<double>(correct) / static_cast<double>(system); }
  double recall() const { return gold == 0 ? 0 : 100.0 * static_cast<double>(correct) / static_cast<double>(gold); }
  double f1() const {
    return gold + system == 0 ? 0 : 200.0 * static_cast<double>(correct) / static_cast<double>(gold + system);
  }
};

// Scores of a system file against a gold file, as conll18_ud_eval.py computes them.
struct RawTextScores {
  // Empty on success. Otherwise why the files cannot be compared (their characters, without
  // white space, differ: the message gives the first offset and both contexts) and every score is 0.
  std::string error;
  UnitScore tokens;     // surface tokens: a multiword token, or a word outside one
  UnitScore sentences;
  UnitScore words;      // syntactic words; "correct" = aligned
  UnitScore upos;       // aligned words with the gold UPOS    (meaningful when has_tags)
  UnitScore xpos;       // aligned words with the gold XPOS    (meaningful when has_tags)
  UnitScore uas;        // aligned words whose head is aligned to the gold head (has_syntax)
  UnitScore las;        // ... and whose universal relation ("nmod" of "nmod:poss") is the gold one
  bool has_tags = false;    // some system word has a UPOS or XPOS
  bool has_syntax = false;  // some system word has a relation

  // "Tokens", "Sentences", "Words" (F1 in percent), then "UPOS" and "XPOS" when has_tags and
  // "UAS" and "LAS" when has_syntax; empty when `error` is set.
  std::vector<Figure> figures() const;
};

// Aligns `system` with `gold` by character offsets and scores it. Characters are compared after
// removing space separators (Unicode Zs) from every form; sentences and tokens count as correct
// when their character spans are equal; words are aligned by span outside multiword tokens and by
// the longest common subsequence of lower-cased forms inside a region where either side has a
// multiword token (conll18_ud_eval.py's `align_words`). Gold heads and relations are needed for
// UAS/LAS; the system's are used only when has_syntax.
RawTextScores evaluate_raw_text(const std::vector<models::TreebankSentence>& gold,
                                const std::vector<models::TreebankSentence>& system);

}  // namespace chronicle::training
