#include "lexicon/person_names.h"

#include <algorithm>

#include "lexicon/name_key.h"

namespace chronicle::lexicon {
namespace {

// Shortest word that may differ by an edit, and shortest surname accepted alone.
constexpr size_t kMinEditableWord = 5;
constexpr size_t kMinSurname = 4;

// One edit inside a long word, first and last letters kept: transliteration ("ahmed"/"ahmad",
// "khaled"/"khalid"), not a suffix that makes another name ("karim"/"karimi").
bool close_words(std::string_view a, std::string_view b) {
  if (a.size() < kMinEditableWord || b.size() < kMinEditableWord) return false;
  if (a.front() != b.front() || a.back() != b.back()) return false;
  return detail::bounded_edit_distance(a, b, 1) <= 1;
}

}  // namespace

std::vector<std::string_view> key_words(std::string_view key) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < key.size()) {
    size_t stop = key.find(' ', start);
    if (stop == std::string_view::npos) stop = key.size();
    if (stop > start) words.push_back(key.substr(start, stop - start));
    start = stop + 1;
  }
  return words;
}

PersonNameAgreement compare_person_names(std::string_view key_a, std::string_view key_b) {
  if (key_a.empty() || key_b.empty()) return PersonNameAgreement::kNone;
  if (key_a == key_b) return PersonNameAgreement::kSame;
  std::vector<std::string_view> shorter = key_words(key_a);
  std::vector<std::string_view> longer = key_words(key_b);
  if (shorter.size() > longer.size()) std::swap(shorter, longer);
  if (shorter.empty()) return PersonNameAgreement::kNone;
  if (shorter.size() == 1) {
    // A single word: a surname, never a spelling variant of another single word (too little to
    // tell two people apart).
    if (longer.size() > 1 && shorter[0].size() >= kMinSurname && shorter[0] == longer.back()) {
      return PersonNameAgreement::kSurname;
    }
    return PersonNameAgreement::kNone;
  }
  // Align from the end: the surname part lines up ("abu kasra" with "murhaf abu kasra").
  const size_t offset = longer.size() - shorter.size();
  int differing = 0;
  for (size_t word_idx = 0; word_idx < shorter.size(); ++word_idx) {
    std::string_view a = shorter[word_idx];
    std::string_view b = longer[offset + word_idx];
    if (a == b) continue;
    if (!close_words(a, b) || ++differing > 1) return PersonNameAgreement::kNone;
  }
  return PersonNameAgreement::kVariant;
}

PersonNameAgreement compare_with_spelling(std::string_view key, std::string_view spelling_key,
                                          std::string_view canonical_key) {
  PersonNameAgreement agreement = compare_person_names(key, spelling_key);
  if (spelling_key != canonical_key && agreement != PersonNameAgreement::kSame &&
      !(agreement == PersonNameAgreement::kVariant &&
        key_words(key).size() <= key_words(spelling_key).size())) {
    return PersonNameAgreement::kNone;
  }
  // A bare surname is only ever surname evidence, even when it equals a registered spelling (a
  // report's "Baker" for James Baker is no reason to take every later Baker for him).
  if (agreement != PersonNameAgreement::kNone && key_words(key).size() == 1) {
    agreement = PersonNameAgreement::kSurname;
  }
  return agreement;
}

std::vector<std::string> surname_probes(std::string_view key) {
  std::vector<std::string> probes;
  std::vector<std::string_view> words = key_words(key);
  if (words.empty()) return probes;
  std::string_view last = words.back();
  probes.emplace_back(last);
  if (last.size() >= kMinEditableWord) {
    // Inner letters only: close_words keeps the first and last letters.
    for (size_t drop = 1; drop + 1 < last.size(); ++drop) {
      std::string probe(last.substr(0, drop));
      probe.append(last.substr(drop + 1));
      if (std::find(probes.begin(), probes.end(), probe) == probes.end()) probes.push_back(probe);
    }
  }
  return probes;
}

}  // namespace chronicle::lexicon
