#include "chronicle/known_people.h"

#include <algorithm>
#include <unordered_map>

#include "lexicon/actor_dictionary.h"
#include "lexicon/person_names.h"

namespace chronicle {

// People in the order added (a replaced one stays, marked, so that indexes stay valid), and an
// index from surname probe (lexicon::surname_probes) to the (person, key) pairs that have it.
struct KnownPeople::Index {
  struct Entry {
    std::unique_ptr<KnownPerson> person;
    std::vector<std::string> keys;  // name_key of the name (first) and of each variant
    bool replaced = false;
  };
  std::vector<Entry> entries;
  std::unordered_map<int64_t, size_t> by_id;
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> by_probe;
  size_t live = 0;
};

KnownPeople::KnownPeople() : index_(std::make_unique<Index>()) {}
KnownPeople::~KnownPeople() = default;
KnownPeople::KnownPeople(KnownPeople&&) noexcept = default;
KnownPeople& KnownPeople::operator=(KnownPeople&&) noexcept = default;

void KnownPeople::add(KnownPerson person) {
  if (person.name.empty()) return;
  Index& index = *index_;
  const auto entry_idx = static_cast<uint32_t>(index.entries.size());
  if (person.id != 0) {
    auto [found, added] = index.by_id.emplace(person.id, entry_idx);
    if (!added) {
      index.entries[found->second].replaced = true;
      --index.live;
      found->second = entry_idx;
    }
  }
  Index::Entry entry;
  entry.keys.push_back(lexicon::ActorDictionary::name_key(person.name));
  for (const std::string& variant : person.variants) {
    std::string key = lexicon::ActorDictionary::name_key(variant);
    if (std::find(entry.keys.begin(), entry.keys.end(), key) == entry.keys.end()) {
      entry.keys.push_back(std::move(key));
    }
  }
  for (uint32_t key_idx = 0; key_idx < entry.keys.size(); ++key_idx) {
    for (std::string& probe : lexicon::surname_probes(entry.keys[key_idx])) {
      index.by_probe[std::move(probe)].emplace_back(entry_idx, key_idx);
    }
  }
  entry.person = std::make_unique<KnownPerson>(std::move(person));
  index.entries.push_back(std::move(entry));
  ++index.live;
}

size_t KnownPeople::size() const { return index_->live; }

std::vector<KnownPersonMatch> KnownPeople::find(std::string_view name,
                                                std::string_view country) const {
  std::vector<KnownPersonMatch> found;
  const Index& index = *index_;
  if (index.live == 0) return found;
  const std::string key = lexicon::ActorDictionary::name_key(name);
  // Best agreement per entry, over all its keys that share a probe with `key`.
  std::unordered_map<uint32_t, lexicon::PersonNameAgreement> best;
  for (const std::string& probe : lexicon::surname_probes(key)) {
    auto hits = index.by_probe.find(probe);
    if (hits == index.by_probe.end()) continue;
    for (const auto& [entry_idx, key_idx] : hits->second) {
      const Index::Entry& entry = index.entries[entry_idx];
      if (entry.replaced) continue;
      if (!country.empty() && entry.person->country != country) continue;
      auto agreement = lexicon::compare_with_spelling(key, entry.keys[key_idx], entry.keys[0]);
      if (agreement == lexicon::PersonNameAgreement::kNone) continue;
      auto [at, added] = best.emplace(entry_idx, agreement);
      if (!added) at->second = std::max(at->second, agreement);
    }
  }
  std::vector<std::pair<uint32_t, lexicon::PersonNameAgreement>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    bool a_full = a.second != lexicon::PersonNameAgreement::kSurname;
    bool b_full = b.second != lexicon::PersonNameAgreement::kSurname;
    if (a_full != b_full) return a_full;
    return a.first < b.first;
  });
  for (const auto& [entry_idx, agreement] : ranked) {
    found.push_back({index.entries[entry_idx].person.get(),
                     agreement == lexicon::PersonNameAgreement::kSurname});
  }
  return found;
}

}  // namespace chronicle
