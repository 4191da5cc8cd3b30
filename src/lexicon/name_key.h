// Internal to the lexicon stage: the spelling-variant keys behind ActorDictionary::name_key and
// the token matcher, and a bounded edit distance.
#pragma once

#include <string>
#include <string_view>

namespace chronicle::lexicon::detail {

// Writes the key of `text` into `*out` (cleared first). Lower case, diacritics removed, hyphens,
// apostrophes and other punctuation as word breaks, full stops dropped ("U.S." → "us"), "&" as
// "and", q → k, doubled letters collapsed, single spaces. With `drop_articles`, Arabic articles
// are dropped too (ActorDictionary::name_key); the token matcher keeps them so that "Salvador"
// does not match "El Salvador".
void make_key(std::string_view text, bool drop_articles, std::string* out);

// Levenshtein distance between `a` and `b` (bytes), or `limit + 1` as soon as it must exceed
// `limit`.
int bounded_edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace chronicle::lexicon::detail
