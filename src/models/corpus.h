// Models stage: training and evaluation corpora (CoNLL-U treebanks, IOB2 entity files).
//
// These readers load annotated text for `chronicle train` and `chronicle eval`; the runtime
// pipeline never reads them. A malformed line is an Error naming the file and line: a corpus is
// either read whole or not used, so a model is never trained on a silently truncated file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::models {

// One syntactic word of a treebank sentence (a CoNLL-U line with an integer ID).
struct TreebankWord {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  std::string feats;
  int head = 0;            // 1-based index of the head word, 0 for the root
  std::string deprel;      // full relation as written ("nmod:poss"); see base_relation()
  bool space_after = true; // MISC SpaceAfter=No clears it
};

// A multi-word token ("1-2 don't" → words 1 and 2): the surface token that covers several words.
struct MultiwordToken {
  int first = 0;  // 1-based word indices, inclusive
  int last = 0;
  std::string form;
  bool space_after = true;
};

struct TreebankSentence {
  std::string id;    // "# sent_id = ..." or empty
  std::string text;  // "# text = ..." or empty
  bool new_document = false;   // "# newdoc" precedes it
  bool new_paragraph = false;  // "# newpar" precedes it
  std::vector<TreebankWord> words;           // empty nodes ("8.1") are skipped
  std::vector<MultiwordToken> multiword_tokens;
};

// Reads a CoNLL-U file. Errors name the path and line.
Result<std::vector<TreebankSentence>> read_conllu(const std::string& path);
Result<std::vector<TreebankSentence>> parse_conllu(std::string_view content, std::string_view name);

// Writes sentences back in CoNLL-U (10 columns, `_` for empty fields).
std::string to_conllu(const std::vector<TreebankSentence>& sentences);

// "nmod:poss" → "nmod": the universal part that the CoNLL 2018 LAS compares.
std::string_view base_relation(std::string_view deprel);

// One sentence of an entity corpus: words and their IOB2 labels ("B-PER", "I-ORG", "O").
struct EntitySentence {
  std::vector<std::string> words;
  std::vector<std::string> labels;
};

// Reads an entity corpus: one token per line, blank lines between sentences, `#` comments. The
// label column is chosen by format: UNER IOB2 files ("ID WORD LABEL ...", tab-separated) use the
// third column; two-column CoNLL files ("WORD LABEL", tab- or space-separated) use the second.
// IOB1 and bare "I-" starts are converted to IOB2. `type_map` renames or drops types
// ("MISC" → "" drops it): entries "FROM=TO", applied after reading.
Result<std::vector<EntitySentence>> read_entity_corpus(const std::string& path,
                                                       const std::vector<std::string>& type_map = {});

// An entity span [begin, end) over words with its type.
struct EntitySpan {
  int begin = 0;
  int end = 0;
  std::string type;
  bool operator==(const EntitySpan&) const = default;
};
// Spans of an IOB2 label sequence, conlleval-style (an I- after O or another type starts a span).
std::vector<EntitySpan> entity_spans(const std::vector<std::string>& labels);

}  // namespace chronicle::models
