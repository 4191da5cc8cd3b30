// Chronicle: people that earlier reports introduced, for recognising them in later ones.
//
// The actor dictionaries list well-known people with their roles. Everyone else enters the record
// when a report names them with a title ("Syria's Defence Minister Murhaf Abu Qasra"); the store's
// actor registry (store.h, `Store::known_people`) keeps them. Passed to `Engine::analyze`, a
// KnownPeople lets the actor stage recognise such a person in a later report under another
// spelling and without the title ("Abu Kasra met the Turkish ambassador"), coding them with the
// registered country and role. Usage (what `chronicle ingest` does):
//
//   chronicle::KnownPeople people;
//   auto update = store->known_people(0);  // check update.ok()
//   for (chronicle::KnownPerson& person : update.value().people) people.add(person);
//   chronicle::Analysis analysis = engine->analyze(document, people);
//
// Matching (compare_with_spelling in src/lexicon/person_names.h) works on spelling-variant keys:
// "Abu Kasra" is the last two words of "Murhaf Abu Qasra"; "Ahmed" and "Ahmad" differ by one
// inner letter. A bare surname is accepted only after a title that agrees with the person's role.
//
// Thread-safety: `find` may be called from many threads at once; `add` must not run while any
// other call does (ingest adds between documents).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

struct KnownPerson {
  int64_t id = 0;                     // the owner's identifier (the store's registry id); 0 = none
  std::string name;                   // canonical name ("Murhaf Abu Qasra")
  std::vector<std::string> variants;  // other spellings seen ("Abu Kasra")
  std::string code;                   // CAMEO code of the latest role ("SYRMIL")
  std::string country;                // CAMEO country code ("SYR"), may be empty
  std::string role;                   // latest title ("defence minister"), may be empty
};

// A person whose name agrees with a name read in a text.
struct KnownPersonMatch {
  const KnownPerson* person = nullptr;
  bool surname_only = false;  // only the surname agreed ("Kasra" for "Murhaf Abu Kasra")
};

class KnownPeople {
 public:
  KnownPeople();
  ~KnownPeople();
  KnownPeople(KnownPeople&&) noexcept;
  KnownPeople& operator=(KnownPeople&&) noexcept;
  KnownPeople(const KnownPeople&) = delete;
  KnownPeople& operator=(const KnownPeople&) = delete;

  // Adds a person; one with the same non-zero id is replaced. A person without a name is ignored.
  void add(KnownPerson person);
  // People held (replaced ones not counted).
  size_t size() const;
  bool empty() const { return size() == 0; }

  // People whose name or a variant agrees with `name` (as written in a text), restricted to
  // `country` when it is not empty; full agreements first, then surname-only ones, each in the
  // order they were added. Pointers stay valid until the next `add`.
  std::vector<KnownPersonMatch> find(std::string_view name, std::string_view country) const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace chronicle
