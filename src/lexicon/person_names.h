// Whether two spellings name the same person, and the probes that find the candidates for that
// comparison through exact-match lookups (a hash map, an SQLite index).
//
// Shared by the actor stage (people registered by earlier reports, chronicle::KnownPeople) and the
// store's actor registry (src/store/registry.cc), so that recognising a person in a report and
// filing the mention under a registry entry follow one rule. Both work on name keys
// (ActorDictionary::name_key: lower case, no diacritics or Arabic articles, q → k, doubled letters
// collapsed), so "Abu Qasra" and "Abu Kasra" already have the same key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chronicle::lexicon {

// How far two name keys agree, weakest first.
enum class PersonNameAgreement {
  kNone,
  // One key is a single word (4+ letters) equal to the other's last word: "kasra" and
  // "murhaf abu kasra". Many people share a surname, so callers accept this only with other
  // evidence (the same role or CAMEO code).
  kSurname,
  // Two or more words of one key are the last words of the other ("abu kasra", "murhaf abu
  // kasra"), or both have the same number of words; aligned from the end, the words are equal
  // except at most one, which differs by one edit inside a word of 5+ letters, keeping its first
  // and last letters ("ahmed" / "ahmad"; not "karim" / "karimi", which are different names).
  kVariant,
  kSame,  // equal keys
};

PersonNameAgreement compare_person_names(std::string_view key_a, std::string_view key_b);

// How a name (`key`) agrees with a registered person through one of the person's spellings
// (`spelling_key`; `canonical_key` is the key of their canonical, fullest name). Against the
// canonical name, as compare_person_names; against another spelling only equal keys or a
// variant with no more words than that spelling: a short spelling such as "abu kasra" must not
// pull in "ahmad abu kasra", and a surname alone answers for the canonical name only, so that one
// registered spelling does not become a bridge to every name that shares a word with it. A name of
// one word agrees at most as kSurname, even with an equal spelling ("baker" for James Baker).
PersonNameAgreement compare_with_spelling(std::string_view key, std::string_view spelling_key,
                                          std::string_view canonical_key);

// Probes of a name key: its last word and, when that has 5+ letters, the word with each inner
// letter deleted. Keys that compare_person_names relates to each other share at least one probe,
// so an index from probe to key finds every candidate. Empty for an empty key.
std::vector<std::string> surname_probes(std::string_view key);

// The words of a key (split on single spaces).
std::vector<std::string_view> key_words(std::string_view key);

}  // namespace chronicle::lexicon
