// Chronicle store: the actor registry (docs/database.md, "Actor registry").
//
// Every stored actor mention is filed under one registry entry (table `actors`) when its document
// is added, inside the same transaction. Identity:
//   - a dictionary actor (a person, organisation or group with a dictionary id) by that id;
//   - a person the dictionary lacks (read after a title, or recognised from KnownPeople) by name
//     and country: an entry of the same country whose canonical name or another spelling agrees
//     (lexicon::compare_with_spelling: equal keys, or spelling variants such as "Abu Kasra" for
//     "Murhaf Abu Qasra"); a bare surname only with the same CAMEO code; two entries that fit
//     equally are a reason to join neither (a wrong merge is worse than a missed one);
//   - an organisation the dictionary lacks by name and country;
//   - anything else (a country, its capital, a sector of it: "Syrian troops", "officials") by
//     its CAMEO code;
//   - a reference ("he", "the ministry") by the mention it resolved to.
// Candidates for a person are found through `actor_person_keys` (surname probes, an index), not by
// comparing against every registered name.
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "lexicon/actor_dictionary.h"
#include "lexicon/person_names.h"
#include "store/internal.h"
#include "text/text.h"

namespace chronicle {
namespace {

using lexicon::PersonNameAgreement;

// The upsert rule of the registry's counted tables (spellings, codes, roles): mentions add up and
// the seen range widens to take in the new date (NULL dates leave it as it is).
constexpr std::string_view kAddMentionsWidenSeen =
    "mentions = mentions + excluded.mentions, "
    "first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen, excluded.first_seen), "
    "last_seen = coalesce(max(last_seen, excluded.last_seen), last_seen, excluded.last_seen)";

std::string name_key(std::string_view name) { return lexicon::ActorDictionary::name_key(name); }

bool is_code_text(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// One stored actor mention, as linking reads it.
struct MentionRow {
  int64_t rowid = 0;
  int64_t begin = 0;
  int64_t end = 0;
  std::string text, code, country, sector, name, kind, role, actor_id;
};

// What decides the registry entry of a mention, and what a new entry starts with.
struct Identity {
  std::string key;  // actors.key
  std::string kind;
  std::string name;
  std::string code, country, sector;
  std::string dictionary_id;
  std::string person_key;  // a person the dictionary lacks: the name key matched as a spelling
};

Identity code_identity(const std::string& code, const std::string& country,
                       const std::string& sector, std::string_view text) {
  Identity identity;
  identity.code = code;
  identity.country = country;
  identity.sector = sector;
  if (!code.empty()) {
    identity.key = "code:" + code;
    // IGOUNO, NGO... without a dictionary id (an event side that is no mention) is a body.
    identity.kind = !country.empty() && code == country    ? "country"
                    : !country.empty() || code.size() == 3 ? "sector"
                                                           : "organisation";
  } else {
    identity.key = "text:" + name_key(text);
    identity.kind = "other";
  }
  return identity;
}

// A person mention names a dictionary person when its actor_id is not the country a title named
// (people read from a title carry the country's id; references copy their antecedent's).
bool is_dictionary_person(const MentionRow& mention) {
  return !mention.actor_id.empty() && mention.actor_id != mention.country;
}

Identity identity_of(const MentionRow& mention) {
  Identity identity;
  identity.code = mention.code;
  identity.country = mention.country;
  identity.sector = mention.sector;
  if (mention.kind == "person" && !mention.name.empty()) {
    identity.kind = "person";
    identity.name = text::collapse_whitespace(mention.name);
    if (is_dictionary_person(mention)) {
      identity.key = "id:" + mention.actor_id;
      identity.dictionary_id = mention.actor_id;
      return identity;
    }
    identity.person_key = name_key(mention.name);
    if (!identity.person_key.empty()) {
      // A bare surname says little: "Minister Daqqa" of one sector is not "Daqqa" of another.
      identity.key = "person:" + mention.country + ":" + identity.person_key;
      if (lexicon::key_words(identity.person_key).size() == 1) identity.key += "|" + mention.code;
      return identity;
    }
  }
  if (mention.kind == "organisation" || mention.kind == "group") {
    identity.kind = mention.kind;
    identity.name = text::collapse_whitespace(mention.name.empty() ? mention.text : mention.name);
    if (!mention.actor_id.empty()) {
      identity.key = "id:" + mention.actor_id;
      identity.dictionary_id = mention.actor_id;
      return identity;
    }
    std::string key = name_key(identity.name);
    if (!key.empty()) {
      identity.kind = "organisation";
      identity.key = "org:" + mention.country + ":" + key;
      return identity;
    }
  }
  return code_identity(mention.code, mention.country, mention.sector, mention.text);
}

// The name as a report wrote it: a person's name without the title before it ("Syria's Defence
// Minister Murhaf Abu Qasra" → "Murhaf Abu Qasra"), other mentions' words as they are.
std::string spelling_of(const MentionRow& mention, bool person) {
  std::string text = text::collapse_whitespace(mention.text);
  if (!person || mention.role.empty()) return text;
  std::string role = text::ascii_lower(text::collapse_whitespace(mention.role));
  std::string last_word =
      role.substr(role.rfind(' ') == std::string::npos ? 0 : role.rfind(' ') + 1);
  std::string lower = text::ascii_lower(text);
  for (size_t at = lower.rfind(last_word); at != std::string::npos && !last_word.empty();
       at = at == 0 ? std::string::npos : lower.rfind(last_word, at - 1)) {
    size_t after = at + last_word.size();
    bool starts_word = at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]));
    bool ends_word =
        after == lower.size() || !std::isalnum(static_cast<unsigned char>(lower[after]));
    if (!starts_word || !ends_word) continue;
    size_t name_begin = text.find_first_not_of(" ,", after);
    if (name_begin == std::string::npos) break;
    return text.substr(name_begin);
  }
  return text;
}

std::string sector_of_code(const std::string& code, const std::string& country) {
  if (!country.empty() && code.size() >= country.size() + 3 &&
      code.compare(0, country.size(), country) == 0) {
    return code.substr(country.size(), 3);
  }
  return {};
}

// What one document adds to one entry.
struct Tally {
  int64_t mentions = 0;
  int64_t events = 0;
  std::map<std::string, int64_t> spellings;
  std::map<std::string, int64_t> codes;
  std::map<std::pair<std::string, std::string>, int64_t> roles;  // (role, code)
  std::string code;  // the entry's code in this document: its mentions' commonest, else an event's
};

// An entry as linking knows it.
struct Entry {
  int64_t id = 0;
  std::string name;
  std::string kind;
  std::string key;
  std::string country;
};

constexpr std::string_view kRegistrySelect =
    "SELECT a.id, a.kind, a.name, a.code, a.country, a.sector, a.dictionary_id, a.mentions, "
    "a.documents, a.events, a.first_seen, a.last_seen FROM actors a";
constexpr int kRegistryColumns = 12;

RegistryActor read_registry_actor(sqlite3_stmt* stmt, int first = 0) {
  RegistryActor actor;
  actor.id = sqlite3_column_int64(stmt, first);
  actor.kind = column_text(stmt, first + 1);
  actor.name = column_text(stmt, first + 2);
  actor.code = column_text(stmt, first + 3);
  actor.country = column_text(stmt, first + 4);
  actor.sector = column_text(stmt, first + 5);
  actor.dictionary_id = column_text(stmt, first + 6);
  actor.mentions = sqlite3_column_int64(stmt, first + 7);
  actor.documents = sqlite3_column_int64(stmt, first + 8);
  actor.events = sqlite3_column_int64(stmt, first + 9);
  actor.first_seen = column_text(stmt, first + 10);
  actor.last_seen = column_text(stmt, first + 11);
  return actor;
}

// A value bound to a statement parameter: text, or an integer.
using Value = std::variant<std::string, int64_t>;

RegistrySpell read_spell(sqlite3_stmt* stmt, bool with_code) {
  RegistrySpell spell;
  int column = 0;
  spell.value = column_text(stmt, column++);
  if (with_code) spell.code = column_text(stmt, column++);
  spell.mentions = sqlite3_column_int64(stmt, column++);
  spell.first_seen = column_text(stmt, column++);
  spell.last_seen = column_text(stmt, column);
  return spell;
}

}  // namespace

// The registry's work on the store's connection, nested in Store::Impl (internal.h) for access.
struct Store::Impl::Registry {
  // Links one document's mentions and events (see the file comment).
  class Linker {
   public:
    Linker(Store::Impl& impl, int64_t document_row, const std::string& date)
        : impl_(impl), document_row_(document_row), date_(date) {}

    Status run() {
      if (Status s = load_mentions(); !s.ok()) return s;
      std::vector<int64_t> registry(mentions_.size(), 0);
      std::vector<bool> code_based(mentions_.size(), false);
      // Mentions first, references after: a reference joins the entry of the mention it resolved
      // to.
      for (size_t mention_idx = 0; mention_idx < mentions_.size(); ++mention_idx) {
        const MentionRow& mention = mentions_[mention_idx];
        if (mention.kind == "reference") continue;
        Identity identity = identity_of(mention);
        auto entry = entry_for(identity);
        if (!entry.ok()) return entry.error();
        registry[mention_idx] = entry.value().id;
        code_based[mention_idx] = identity.key.rfind("code:", 0) == 0;
        Tally& tally = tallies_[entry.value().id];
        const bool person = identity.kind == "person";
        tally_mention(tally, mention, person);
        if (person && identity.dictionary_id.empty()) {
          if (Status s = grow_person_name(entry.value(), identity); !s.ok()) return s;
        }
      }
      for (size_t mention_idx = 0; mention_idx < mentions_.size(); ++mention_idx) {
        const MentionRow& mention = mentions_[mention_idx];
        if (mention.kind != "reference") continue;
        int64_t found = 0;
        for (size_t back = mention_idx; back-- > 0 && found == 0;) {
          const MentionRow& earlier = mentions_[back];
          if (earlier.kind != "reference" && earlier.actor_id == mention.actor_id &&
              earlier.code == mention.code && earlier.name == mention.name) {
            found = registry[back];
            code_based[mention_idx] = code_based[back];
          }
        }
        if (found == 0) {
          // Resolved to a mention outside what is stored (never, as the actor stage works): the
          // entry its code names.
          auto entry =
              entry_for(code_identity(mention.code, mention.country, mention.sector, mention.text));
          if (!entry.ok()) return entry.error();
          found = entry.value().id;
          code_based[mention_idx] = true;
        }
        registry[mention_idx] = found;
        Tally& tally = tallies_[found];
        ++tally.mentions;  // "he", "its", "the ministry": no spelling, code or role of its own
      }
      for (size_t mention_idx = 0; mention_idx < mentions_.size(); ++mention_idx) {
        sqlite3_stmt* stmt =
            impl_.cached("UPDATE actor_mentions SET registry_id = ? WHERE rowid = ?");
        if (stmt == nullptr) return impl_.error("linking actor mentions");
        Binder values(stmt);
        values.integer(registry[mention_idx]).integer(mentions_[mention_idx].rowid);
        if (Status s = step_done(stmt, values, "linking actor mentions"); !s.ok()) return s;
      }
      if (Status s = link_events(registry, code_based); !s.ok()) return s;
      return write_tallies();
    }

   private:
    Status step_done(sqlite3_stmt* stmt, const Binder& binder, std::string_view operation) {
      if (binder.status() != SQLITE_OK || sqlite3_step(stmt) != SQLITE_DONE) {
        return impl_.error(operation);
      }
      return Status::Ok();
    }

    Status load_mentions() {
      sqlite3_stmt* stmt = impl_.cached(
          "SELECT rowid, begin, end, text, code, country, sector, name, kind, role, actor_id "
          "FROM actor_mentions WHERE document_id = ? AND registry_id IS NULL ORDER BY rowid");
      if (stmt == nullptr) return impl_.error("reading actor mentions");
      sqlite3_bind_int64(stmt, 1, document_row_);
      for (;;) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) return Status::Ok();
        if (rc != SQLITE_ROW) return impl_.error("reading actor mentions");
        MentionRow row;
        row.rowid = sqlite3_column_int64(stmt, 0);
        row.begin = sqlite3_column_int64(stmt, 1);
        row.end = sqlite3_column_int64(stmt, 2);
        row.text = column_text(stmt, 3);
        row.code = column_text(stmt, 4);
        row.country = column_text(stmt, 5);
        row.sector = column_text(stmt, 6);
        row.name = column_text(stmt, 7);
        row.kind = column_text(stmt, 8);
        row.role = column_text(stmt, 9);
        row.actor_id = column_text(stmt, 10);
        mentions_.push_back(std::move(row));
      }
    }

    static void tally_mention(Tally& tally, const MentionRow& mention, bool person) {
      ++tally.mentions;
      std::string spelling = spelling_of(mention, person);
      if (!spelling.empty()) ++tally.spellings[spelling];
      if (!mention.code.empty()) ++tally.codes[mention.code];
      if (person && !mention.role.empty()) {
        ++tally.roles[{text::ascii_lower(text::collapse_whitespace(mention.role)), mention.code}];
      }
    }

    // The entry with this identity: memoised for the document, else read, else created (a person
    // the dictionary lacks is first matched against the registered spellings of their country).
    Result<Entry> entry_for(const Identity& identity) {
      std::string memo_key = identity.key;
      if (!identity.person_key.empty()) memo_key += "|" + identity.code;
      if (auto memo = memo_.find(memo_key); memo != memo_.end()) return memo->second;
      std::optional<Entry> entry;
      if (auto existing = entry_by_key(identity.key); !existing.ok()) {
        return existing.error();
      } else {
        entry = existing.value();
      }
      if (!entry && !identity.person_key.empty()) {
        auto matched = person_by_spelling(identity);
        if (!matched.ok()) return matched.error();
        entry = matched.value();
      }
      if (!entry) {
        auto created = create(identity);
        if (!created.ok()) return created.error();
        entry = created.value();
      }
      if (!identity.person_key.empty()) {
        // The spelling joins the entry's keys, so that later reports find it.
        for (const std::string& probe : lexicon::surname_probes(identity.person_key)) {
          sqlite3_stmt* stmt = impl_.cached(
              "INSERT OR IGNORE INTO actor_person_keys (country, probe, registry_id, key) "
              "VALUES (?, ?, ?, ?)");
          if (stmt == nullptr) return impl_.error("registering a name");
          Binder values(stmt);
          values.text(identity.country).text(probe).integer(entry->id).text(identity.person_key);
          if (Status s = step_done(stmt, values, "registering a name"); !s.ok()) {
            return Error(s.message());
          }
        }
      }
      memo_[memo_key] = *entry;
      entries_[entry->id] = *entry;
      return *entry;
    }

    Result<std::optional<Entry>> entry_by_key(const std::string& key) {
      sqlite3_stmt* stmt = impl_.cached("SELECT id, name, kind, country FROM actors WHERE key = ?");
      if (stmt == nullptr) return impl_.error("reading the actor registry");
      Binder values(stmt);
      values.text(key);
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return std::optional<Entry>();
      if (rc != SQLITE_ROW) return impl_.error("reading the actor registry");
      Entry entry;
      entry.id = sqlite3_column_int64(stmt, 0);
      entry.name = column_text(stmt, 1);
      entry.kind = column_text(stmt, 2);
      entry.country = column_text(stmt, 3);
      entry.key = key;
      return std::optional<Entry>(std::move(entry));
    }

    // A registered person of the same country whose spellings agree with the identity's name
    // (lexicon::compare_with_spelling): the same key first (lowest id), else the one spelling
    // variant, else the one entry whose canonical surname agrees and whose latest code is the
    // mention's; a name that is a bare surname needs the same code in every case. None when two fit
    // equally. A name read without a country joins a person of some country when it has two words
    // or more and is a spelling of just one such person.
    Result<std::optional<Entry>> person_by_spelling(const Identity& identity) {
      struct Candidate {
        PersonNameAgreement agreement = PersonNameAgreement::kNone;
        std::string code;
        std::string key;
        std::string country;
      };
      const std::string probes =
          nlohmann::json(lexicon::surname_probes(identity.person_key)).dump();
      auto candidates_in = [&](bool any_country) -> Result<std::map<int64_t, Candidate>> {
        sqlite3_stmt* stmt = impl_.cached(
            any_country ? "SELECT k.registry_id, k.key, a.name_key, a.code, a.key, a.country "
                          "FROM actor_person_keys k JOIN actors a ON a.id = k.registry_id "
                          "WHERE k.probe IN (SELECT value FROM json_each(?))"
                        : "SELECT k.registry_id, k.key, a.name_key, a.code, a.key, a.country "
                          "FROM actor_person_keys k JOIN actors a ON a.id = k.registry_id "
                          "WHERE k.probe IN (SELECT value FROM json_each(?)) AND k.country = ?");
        if (stmt == nullptr) return impl_.error("matching a name");
        Binder values(stmt);
        values.text(probes);
        if (!any_country) values.text(identity.country);
        if (values.status() != SQLITE_OK) return impl_.error("matching a name");
        std::map<int64_t, Candidate> candidates;
        for (;;) {
          int rc = sqlite3_step(stmt);
          if (rc == SQLITE_DONE) return candidates;
          if (rc != SQLITE_ROW) return impl_.error("matching a name");
          const std::string canonical = column_text(stmt, 2);
          auto agreement =
              lexicon::compare_with_spelling(identity.person_key, column_text(stmt, 1), canonical);
          if (agreement == PersonNameAgreement::kNone) continue;
          Candidate& candidate = candidates[sqlite3_column_int64(stmt, 0)];
          candidate.agreement = std::max(candidate.agreement, agreement);
          candidate.code = column_text(stmt, 3);
          candidate.key = column_text(stmt, 4);
          candidate.country = column_text(stmt, 5);
        }
      };
      auto candidates = candidates_in(false);
      if (!candidates.ok()) return candidates.error();
      const bool surname = lexicon::key_words(identity.person_key).size() == 1;
      for (PersonNameAgreement wanted : {PersonNameAgreement::kSame, PersonNameAgreement::kVariant,
                                         PersonNameAgreement::kSurname}) {
        std::vector<int64_t> fitting;
        for (const auto& [id, candidate] : candidates.value()) {
          if (candidate.agreement != wanted) continue;
          // A surname, the person's or the one given, needs the same code as well.
          if ((surname || wanted == PersonNameAgreement::kSurname) &&
              candidate.code != identity.code) {
            continue;
          }
          fitting.push_back(id);
        }
        if (fitting.empty()) continue;
        // Equal keys are one name: the first entry. Otherwise only a single fit is trusted.
        if (wanted != PersonNameAgreement::kSame && fitting.size() > 1) {
          return std::optional<Entry>();
        }
        return entry_by_key(candidates.value()[fitting.front()].key);
      }
      if (!identity.country.empty() || lexicon::key_words(identity.person_key).size() < 2) {
        return std::optional<Entry>();
      }
      auto anywhere = candidates_in(true);
      if (!anywhere.ok()) return anywhere.error();
      std::optional<std::string> only;
      for (const auto& [id, candidate] : anywhere.value()) {
        if (candidate.country.empty() || candidate.agreement != PersonNameAgreement::kSame)
          continue;
        if (only) return std::optional<Entry>();
        only = candidate.key;
      }
      if (!only) return std::optional<Entry>();
      return entry_by_key(*only);
    }

    Result<Entry> create(const Identity& identity) {
      sqlite3_stmt* insert = impl_.cached(
          "INSERT INTO actors (key, kind, name, name_key, code, country, sector, dictionary_id, "
          "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING");
      if (insert == nullptr) return impl_.error("adding to the actor registry");
      Binder values(insert);
      values.text(identity.key)
          .text(identity.kind)
          .text(identity.name)
          .text(name_key(identity.name))
          .text(identity.code)
          .text(identity.country)
          .text(identity.sector)
          .text(identity.dictionary_id)
          .integer(document_row_);
      if (Status s = step_done(insert, values, "adding to the actor registry"); !s.ok()) {
        return Error(s.message());
      }
      auto entry = entry_by_key(identity.key);
      if (!entry.ok()) return entry.error();
      if (!entry.value())
        return Error(impl_.path + ": adding to the actor registry: " + identity.key);
      return *entry.value();
    }

    // A person's canonical name is their fullest spelling: "Abu Kasra" registered first becomes
    // "Murhaf Abu Qasra" when a report gives the whole name.
    Status grow_person_name(Entry& entry, const Identity& identity) {
      if (lexicon::key_words(identity.person_key).size() <=
          lexicon::key_words(name_key(entry.name)).size()) {
        return Status::Ok();
      }
      sqlite3_stmt* stmt = impl_.cached("UPDATE actors SET name = ?, name_key = ? WHERE id = ?");
      if (stmt == nullptr) return impl_.error("naming a registry actor");
      Binder values(stmt);
      values.text(identity.name).text(identity.person_key).integer(entry.id);
      if (Status s = step_done(stmt, values, "naming a registry actor"); !s.ok()) return s;
      entry.name = identity.name;
      for (auto& [key, memo] : memo_) {
        if (memo.id == entry.id) memo.name = identity.name;
      }
      entries_[entry.id].name = identity.name;
      return Status::Ok();
    }

    // Each side of each event of the document: the entry of the mention with the side's span (the
    // one with the side's code when several share it: "the two leaders"), unless the coder changed
    // the code of a code-identified mention (a sector located by a place: "police" → SYRCOP) or the
    // side is no mention at all (a place standing for its country): then the entry of its code.
    Status link_events(const std::vector<int64_t>& registry, const std::vector<bool>& code_based) {
      sqlite3_stmt* stmt = impl_.cached(
          "SELECT id, source_code, source_country, json_extract(json, '$.source.span[0]'), "
          "json_extract(json, '$.source.span[1]'), target_code, target_country, "
          "json_extract(json, '$.target.span[0]'), json_extract(json, '$.target.span[1]') "
          "FROM events WHERE document_id = ? ORDER BY id");
      if (stmt == nullptr) return impl_.error("reading events");
      sqlite3_bind_int64(stmt, 1, document_row_);
      struct Side {
        int64_t event = 0;
        int side = 0;
        std::string code, country;
        int64_t begin = -1, end = -1;
      };
      std::vector<Side> sides;
      for (;;) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return impl_.error("reading events");
        for (int side_idx = 0; side_idx < 2; ++side_idx) {
          const int column = 1 + side_idx * 4;
          Side side;
          side.event = sqlite3_column_int64(stmt, 0);
          side.side = side_idx;
          side.code = column_text(stmt, column);
          side.country = column_text(stmt, column + 1);
          if (sqlite3_column_type(stmt, column + 2) != SQLITE_NULL) {
            side.begin = sqlite3_column_int64(stmt, column + 2);
            side.end = sqlite3_column_int64(stmt, column + 3);
          }
          if (side.code.empty() && side.begin < 0) continue;  // no such side
          sides.push_back(std::move(side));
        }
      }
      for (const Side& side : sides) {
        int64_t entry_id = 0;
        std::optional<size_t> match;
        for (size_t mention_idx = 0; mention_idx < mentions_.size(); ++mention_idx) {
          const MentionRow& mention = mentions_[mention_idx];
          if (mention.begin != side.begin || mention.end != side.end) continue;
          if (!match || (mention.code == side.code && mentions_[*match].code != side.code)) {
            match = mention_idx;
          }
        }
        if (match && (mentions_[*match].code == side.code || !code_based[*match])) {
          entry_id = registry[*match];
        } else if (!side.code.empty()) {
          auto entry = side_entry(side.code, side.country);
          if (!entry.ok()) return entry.error();
          entry_id = entry.value();
        } else {
          continue;
        }
        sqlite3_stmt* insert = impl_.cached(
            "INSERT OR IGNORE INTO actor_events (registry_id, side, event_id) VALUES (?, ?, ?)");
        if (insert == nullptr) return impl_.error("linking events to actors");
        Binder values(insert);
        values.integer(entry_id).integer(side.side).integer(side.event);
        if (Status s = step_done(insert, values, "linking events to actors"); !s.ok()) return s;
        Tally& tally = tallies_[entry_id];
        tally.events += sqlite3_changes(impl_.db);
        if (tally.code.empty()) tally.code = side.code;
      }
      return Status::Ok();
    }

    // The entry of an event side that is no stored mention, by its code: the code's own entry
    // when there is one, else the one dictionary actor (not a person) whose code it is (IGOUNO
    // for the United Nations), else a new entry for the code.
    Result<int64_t> side_entry(const std::string& code, const std::string& country) {
      const Identity identity = code_identity(code, country, sector_of_code(code, country), {});
      if (auto memo = memo_.find(identity.key); memo != memo_.end()) return memo->second.id;
      auto existing = entry_by_key(identity.key);
      if (!existing.ok()) return existing.error();
      if (!existing.value()) {
        sqlite3_stmt* stmt = impl_.cached(
            "SELECT key FROM actors WHERE code = ? AND dictionary_id != '' AND kind != 'person' "
            "LIMIT 2");
        if (stmt == nullptr) return impl_.error("reading the actor registry");
        Binder values(stmt);
        values.text(code);
        std::vector<std::string> keys;
        for (int rc = sqlite3_step(stmt); rc != SQLITE_DONE; rc = sqlite3_step(stmt)) {
          if (rc != SQLITE_ROW) return impl_.error("reading the actor registry");
          keys.push_back(column_text(stmt, 0));
        }
        if (keys.size() == 1) {
          auto dictionary = entry_by_key(keys.front());
          if (!dictionary.ok()) return dictionary.error();
          if (dictionary.value()) {
            memo_[identity.key] = *dictionary.value();
            entries_[dictionary.value()->id] = *dictionary.value();
            return dictionary.value()->id;
          }
        }
      }
      auto entry = entry_for(identity);
      if (!entry.ok()) return entry.error();
      return entry.value().id;
    }

    // Counts, dates, the latest code, spellings, codes, roles and the document, per entry.
    Status write_tallies() {
      const std::string operation = "updating the actor registry";
      for (auto& [entry_id, tally] : tallies_) {
        const Entry& entry = entries_[entry_id];
        // The document's commonest code for the entry, among those of its country: a person of
        // a country also named without it ("Treasury Secretary James Baker": GOV) keeps USAGOV.
        int64_t best = 0;
        for (const auto& [code, count] : tally.codes) {
          if (count > best && code.compare(0, entry.country.size(), entry.country) == 0) {
            tally.code = code;
            best = count;
          }
        }
        if (!tally.codes.empty() && best == 0) tally.code.clear();
        sqlite3_stmt* update = impl_.cached(
            "UPDATE actors SET mentions = mentions + ?1, documents = documents + ?2, "
            "events = events + ?3, "
            "code = CASE WHEN ?4 = '' THEN code WHEN ?5 IS NULL THEN "
            "(CASE WHEN last_seen IS NULL THEN ?4 ELSE code END) "
            "WHEN last_seen IS NULL OR ?5 >= last_seen THEN ?4 ELSE code END, "
            "sector = CASE WHEN ?4 = '' THEN sector WHEN ?5 IS NULL THEN "
            "(CASE WHEN last_seen IS NULL THEN ?6 ELSE sector END) "
            "WHEN last_seen IS NULL OR ?5 >= last_seen THEN ?6 ELSE sector END, "
            "first_seen = coalesce(min(first_seen, ?5), first_seen, ?5), "
            "last_seen = coalesce(max(last_seen, ?5), last_seen, ?5), updated = ?7 WHERE id = ?8");
        if (update == nullptr) return impl_.error(operation);
        Binder values(update);
        values.integer(tally.mentions)
            .integer(tally.mentions > 0 ? 1 : 0)
            .integer(tally.events)
            .text(tally.code)
            .text_or_null(date_)
            .text(sector_of_code(tally.code, entry.country))
            .integer(document_row_)
            .integer(entry_id);
        if (Status s = step_done(update, values, operation); !s.ok()) return s;
        for (const auto& [spelling, count] : tally.spellings) {
          static const std::string sql = std::string(
              "INSERT INTO actor_names (registry_id, name, key, mentions, first_seen, last_seen) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (registry_id, name) DO UPDATE SET ") +
              std::string(kAddMentionsWidenSeen);
          sqlite3_stmt* stmt = impl_.cached(sql);
          if (stmt == nullptr) return impl_.error(operation);
          Binder spelling_values(stmt);
          spelling_values.integer(entry_id)
              .text(spelling)
              .text(name_key(spelling))
              .integer(count)
              .text_or_null(date_);
          if (Status s = step_done(stmt, spelling_values, operation); !s.ok()) return s;
        }
        for (const auto& [code, count] : tally.codes) {
          static const std::string sql = std::string(
              "INSERT INTO actor_codes (registry_id, code, mentions, first_seen, last_seen) "
              "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (registry_id, code) DO UPDATE SET ") +
              std::string(kAddMentionsWidenSeen);
          sqlite3_stmt* stmt = impl_.cached(sql);
          if (stmt == nullptr) return impl_.error(operation);
          Binder code_values(stmt);
          code_values.integer(entry_id).text(code).integer(count).text_or_null(date_);
          if (Status s = step_done(stmt, code_values, operation); !s.ok()) return s;
        }
        for (const auto& [role, count] : tally.roles) {
          static const std::string sql = std::string(
              "INSERT INTO actor_roles (registry_id, role, code, mentions, first_seen, last_seen) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (registry_id, role, code) DO UPDATE SET ") +
              std::string(kAddMentionsWidenSeen);
          sqlite3_stmt* stmt = impl_.cached(sql);
          if (stmt == nullptr) return impl_.error(operation);
          Binder role_values(stmt);
          role_values.integer(entry_id)
              .text(role.first)
              .text(role.second)
              .integer(count)
              .text_or_null(date_);
          if (Status s = step_done(stmt, role_values, operation); !s.ok()) return s;
        }
        if (tally.mentions > 0) {
          sqlite3_stmt* stmt = impl_.cached(
              "INSERT INTO actor_documents (registry_id, document_id, date, mentions) "
              "VALUES (?, ?, ?, ?) ON CONFLICT (registry_id, document_id) DO UPDATE SET "
              "mentions = mentions + excluded.mentions");
          if (stmt == nullptr) return impl_.error(operation);
          Binder document_values(stmt);
          document_values.integer(entry_id)
              .integer(document_row_)
              .text_or_null(date_)
              .integer(tally.mentions);
          if (Status s = step_done(stmt, document_values, operation); !s.ok()) return s;
        }
        if (Status s = rename_by_spelling(entry); !s.ok()) return s;
      }
      return Status::Ok();
    }

    // Entries known by a code take their commonest spelling as name ("Syria" rather than
    // "Syria's"); dictionary actors, people and organisations keep theirs.
    Status rename_by_spelling(const Entry& entry) {
      if (entry.kind != "country" && entry.kind != "sector" && entry.kind != "other") {
        return Status::Ok();
      }
      sqlite3_stmt* stmt = impl_.cached(
          "UPDATE actors SET name = (SELECT n.name FROM actor_names n WHERE n.registry_id = ?1 "
          "ORDER BY n.mentions DESC, n.first_seen IS NULL, n.first_seen, n.name LIMIT 1), "
          "name_key = (SELECT n.key FROM actor_names n WHERE n.registry_id = ?1 "
          "ORDER BY n.mentions DESC, n.first_seen IS NULL, n.first_seen, n.name LIMIT 1) "
          "WHERE id = ?1 AND EXISTS (SELECT 1 FROM actor_names n WHERE n.registry_id = ?1)");
      if (stmt == nullptr) return impl_.error("naming a registry actor");
      Binder values(stmt);
      values.integer(entry.id);
      return step_done(stmt, values, "naming a registry actor");
    }

    Store::Impl& impl_;
    const int64_t document_row_;
    const std::string date_;
    std::vector<MentionRow> mentions_;
    std::unordered_map<std::string, Entry> memo_;  // by identity (and code, for people)
    std::map<int64_t, Entry> entries_;             // by id
    std::map<int64_t, Tally> tallies_;
  };

  // Runs a read statement, binding each value in order (text, or integer for int64_t).
  static Status query_rows(const Store::Impl& impl, std::string_view sql,
                           const std::vector<Value>& values, std::string_view operation,
                           const std::function<void(sqlite3_stmt*)>& on_row) {
    Statement stmt;
    if (Status s = impl.prepare(sql, stmt, operation); !s.ok()) return s;
    Binder binder(stmt.get());
    for (const Value& value : values) {
      if (const auto* text = std::get_if<std::string>(&value)) {
        binder.text(*text);
      } else {
        binder.integer(std::get<int64_t>(value));
      }
    }
    if (binder.status() != SQLITE_OK) return impl.error(operation);
    for (;;) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return impl.error(operation);
      on_row(stmt.get());
    }
  }

  static Result<std::vector<RegistryActor>> actors_by_id(const Store::Impl& impl,
                                                         const std::vector<int64_t>& ids,
                                                         size_t limit) {
    std::vector<RegistryActor> actors;
    std::string sql(kRegistrySelect);
    sql += " WHERE a.id IN (SELECT value FROM json_each(?)) ORDER BY a.mentions DESC, a.id LIMIT ?";
    Status status = query_rows(
        impl, sql,
        {nlohmann::json(ids).dump(), limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit)},
        "reading the actor registry",
        [&actors](sqlite3_stmt* stmt) { actors.push_back(read_registry_actor(stmt)); });
    if (!status.ok()) return Error(status.message());
    return actors;
  }

  // The CAMEO country code a --country value names: a code as given, else the country whose
  // spellings include it ("Syria", "Syrian"). Empty when none does.
  static Result<std::string> country_code(const Store::Impl& impl, const std::string& country) {
    if (country.size() == 3 && is_code_text(country)) return country;
    std::string code;
    Status status =
        query_rows(impl,
                   "SELECT a.country FROM actor_names n JOIN actors a ON a.id = n.registry_id "
                   "WHERE n.key = ? AND a.kind = 'country' ORDER BY a.mentions DESC LIMIT 1",
                   {name_key(country)}, "reading the actor registry",
                   [&code](sqlite3_stmt* stmt) { code = column_text(stmt, 0); });
    if (!status.ok()) return Error(status.message());
    return code;
  }

  // Appends the WHERE clause of `query`; false when it can match nothing (an unknown country).
  static Result<bool> registry_conditions(const Store::Impl& impl, const RegistryQuery& query,
                                          std::string& sql, std::vector<Value>& values) {
    std::vector<std::string> conditions;
    if (!query.country.empty()) {
      auto code = country_code(impl, query.country);
      if (!code.ok()) return code.error();
      if (code.value().empty()) return false;
      conditions.push_back("a.country = ?");
      values.emplace_back(code.value());
    }
    if (!query.kind.empty()) {
      conditions.push_back("a.kind = ?");
      values.emplace_back(query.kind);
    }
    if (!query.text.empty()) {
      // Word starts in the spelling keys: "kasra" finds "abu kasra", not "kasrawi".
      const std::string key = name_key(query.text);
      std::string condition = "(";
      if (!key.empty()) {
        condition +=
            "a.id IN (SELECT registry_id FROM actor_names WHERE key LIKE ? ESCAPE '\\' OR key "
            "LIKE ? ESCAPE '\\') OR a.name_key LIKE ? ESCAPE '\\' OR a.name_key LIKE ? ESCAPE "
            "'\\'";
        const std::string start = like_literal(key) + "%";
        const std::string inner = "% " + like_literal(key) + "%";
        values.insert(values.end(), {start, inner, start, inner});
      }
      if (is_code_text(query.text)) {
        if (key.empty()) {
          condition += "a.code LIKE ? ESCAPE '\\'";
        } else {
          condition += " OR a.code LIKE ? ESCAPE '\\'";
        }
        values.emplace_back(like_literal(query.text) + "%");
      }
      if (condition == "(") return false;
      conditions.push_back(condition + ")");
    }
    for (size_t condition_idx = 0; condition_idx < conditions.size(); ++condition_idx) {
      sql += condition_idx == 0 ? " WHERE " : " AND ";
      sql += conditions[condition_idx];
    }
    return true;
  }
};

sqlite3_stmt* Store::Impl::cached(std::string_view sql) {
  for (auto& [text, stmt] : cached_statements) {
    if (text == sql) {
      sqlite3_reset(stmt->get());
      sqlite3_clear_bindings(stmt->get());
      return stmt->get();
    }
  }
  auto stmt = std::make_unique<Statement>();
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         stmt->out(), nullptr) != SQLITE_OK) {
    return nullptr;
  }
  sqlite3_stmt* raw = stmt->get();
  cached_statements.emplace_back(std::string(sql), std::move(stmt));
  return raw;
}

Status Store::Impl::link_registry(int64_t document_row, const std::string& document_date) {
  Status status = Registry::Linker(*this, document_row, document_date).run();
  // A statement left mid-way (a row read, or an error) would keep its read transaction, and with
  // it an old snapshot, open after COMMIT or ROLLBACK.
  for (auto& [sql, stmt] : cached_statements) sqlite3_reset(stmt->get());
  return status;
}

Status Store::Impl::backfill_registry() {
  // Cheap when there is nothing to do: every add links its mentions before it commits.
  auto unlinked =
      single_integer("SELECT EXISTS (SELECT 1 FROM actor_mentions WHERE registry_id IS NULL)",
                     "looking for actor mentions without registry entries");
  if (!unlinked.ok()) return unlinked.error();
  if (unlinked.value() == 0) return Status::Ok();
  if (Status s = exec("BEGIN IMMEDIATE", "filling the actor registry"); !s.ok()) return s;
  Transaction transaction(db);
  std::vector<std::pair<int64_t, std::string>> documents;
  if (Status s = rows("SELECT d.id, d.date FROM documents d WHERE EXISTS (SELECT 1 FROM "
                      "actor_mentions m WHERE m.document_id = d.id AND m.registry_id IS NULL) "
                      "ORDER BY d.id",
                      {}, {}, "filling the actor registry",
                      [&documents](sqlite3_stmt* stmt) {
                        documents.emplace_back(sqlite3_column_int64(stmt, 0), column_text(stmt, 1));
                      });
      !s.ok()) {
    return s;
  }
  for (const auto& [document_row, date] : documents) {
    if (Status s = link_registry(document_row, date); !s.ok()) return s;
  }
  if (Status s = exec("COMMIT", "filling the actor registry"); !s.ok()) return s;
  transaction.committed();
  return Status::Ok();
}

Result<std::vector<RegistryActor>> Store::registry_actors(const RegistryQuery& query) const {
  std::string sql(kRegistrySelect);
  std::vector<Value> values;
  auto any = Impl::Registry::registry_conditions(*impl_, query, sql, values);
  if (!any.ok()) return any.error();
  std::vector<RegistryActor> actors;
  if (!any.value()) return actors;
  sql += " ORDER BY a.mentions DESC, a.id LIMIT ? OFFSET ?";
  values.emplace_back(query.limit == 0 ? int64_t{-1} : static_cast<int64_t>(query.limit));
  values.emplace_back(static_cast<int64_t>(query.offset));
  Status status = Impl::Registry::query_rows(
      *impl_, sql, values, "listing registry actors",
      [&actors](sqlite3_stmt* stmt) { actors.push_back(read_registry_actor(stmt)); });
  if (!status.ok()) return Error(status.message());
  return actors;
}

Result<int64_t> Store::count_registry_actors(const RegistryQuery& query) const {
  std::string sql = "SELECT count(*) FROM actors a";
  std::vector<Value> values;
  auto any = Impl::Registry::registry_conditions(*impl_, query, sql, values);
  if (!any.ok()) return any.error();
  if (!any.value()) return int64_t{0};
  int64_t count = 0;
  Status status = Impl::Registry::query_rows(
      *impl_, sql, values, "counting registry actors",
      [&count](sqlite3_stmt* stmt) { count = sqlite3_column_int64(stmt, 0); });
  if (!status.ok()) return Error(status.message());
  return count;
}

Result<std::vector<RegistryActor>> Store::find_registry_actors(const std::string& name,
                                                               size_t limit) const {
  const Impl& impl = *impl_;
  const std::string operation = "finding an actor";
  std::vector<int64_t> ids;
  auto collect = [&ids](sqlite3_stmt* stmt) {
    int64_t id = sqlite3_column_int64(stmt, 0);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  // A code or a dictionary id names one entry.
  if (is_code_text(name)) {
    if (Status s = Impl::Registry::query_rows(impl, "SELECT id FROM actors WHERE key IN (?, ?)",
                                              {"code:" + name, "id:" + name}, operation, collect);
        !s.ok()) {
      return Error(s.message());
    }
    if (!ids.empty()) return Impl::Registry::actors_by_id(impl, ids, limit);
  }
  const std::string key = name_key(name);
  if (key.empty()) return std::vector<RegistryActor>();
  // A spelling seen, or a canonical name; the canonical one alone when both kinds match.
  std::vector<int64_t> canonical;
  if (Status s = Impl::Registry::query_rows(impl, "SELECT id FROM actors WHERE name_key = ?", {key},
                                            operation,
                                            [&](sqlite3_stmt* stmt) {
                                              canonical.push_back(sqlite3_column_int64(stmt, 0));
                                              collect(stmt);
                                            });
      !s.ok()) {
    return Error(s.message());
  }
  if (Status s = Impl::Registry::query_rows(
          impl, "SELECT DISTINCT registry_id FROM actor_names WHERE key = ?", {key}, operation,
          collect);
      !s.ok()) {
    return Error(s.message());
  }
  if (canonical.size() == 1) return Impl::Registry::actors_by_id(impl, canonical, limit);
  if (!ids.empty()) return Impl::Registry::actors_by_id(impl, ids, limit);
  // A spelling variant of a person's name ("Abu Kasra" for "Murhaf Abu Qasra").
  std::map<int64_t, PersonNameAgreement> people;
  if (Status s = Impl::Registry::query_rows(
          impl,
          "SELECT k.registry_id, k.key, a.name_key FROM actor_person_keys k JOIN actors a ON "
          "a.id = k.registry_id WHERE k.probe IN (SELECT value FROM json_each(?))",
          {nlohmann::json(lexicon::surname_probes(key)).dump()}, operation,
          [&](sqlite3_stmt* stmt) {
            auto agreement =
                lexicon::compare_with_spelling(key, column_text(stmt, 1), column_text(stmt, 2));
            if (agreement == PersonNameAgreement::kNone) return;
            auto& best = people[sqlite3_column_int64(stmt, 0)];
            best = std::max(best, agreement);
          });
      !s.ok()) {
    return Error(s.message());
  }
  for (PersonNameAgreement wanted :
       {PersonNameAgreement::kVariant, PersonNameAgreement::kSurname}) {
    for (const auto& [id, agreement] : people) {
      if (agreement == wanted) ids.push_back(id);
    }
    if (!ids.empty()) return Impl::Registry::actors_by_id(impl, ids, limit);
  }
  // The entries that hold this code now, then spellings containing the name's words.
  if (is_code_text(name)) {
    if (Status s = Impl::Registry::query_rows(impl, "SELECT id FROM actors WHERE code = ?", {name},
                                              operation, collect);
        !s.ok()) {
      return Error(s.message());
    }
    if (!ids.empty()) return Impl::Registry::actors_by_id(impl, ids, limit);
  }
  RegistryQuery query;
  query.text = name;
  query.limit = limit;
  return registry_actors(query);
}

Result<std::optional<RegistryProfile>> Store::registry_profile(
    int64_t id, const RegistryProfileOptions& options) const {
  const Impl& impl = *impl_;
  const std::string operation = "reading an actor profile";
  RegistryProfile profile;
  bool found = false;
  std::string sql(kRegistrySelect);
  sql += " WHERE a.id = ?";
  if (Status s = Impl::Registry::query_rows(impl, sql, {id}, operation,
                                            [&](sqlite3_stmt* stmt) {
                                              profile.actor = read_registry_actor(stmt);
                                              found = true;
                                            });
      !s.ok()) {
    return Error(s.message());
  }
  if (!found) return std::optional<RegistryProfile>();
  auto limit_of = [](size_t limit) {
    return limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit);
  };
  struct Part {
    std::string sql;
    std::vector<Value> values;
    std::function<void(sqlite3_stmt*)> on_row;
  };
  std::vector<Part> parts;
  parts.push_back(
      {"SELECT code, mentions, first_seen, last_seen FROM actor_codes "
       "WHERE registry_id = ? ORDER BY first_seen IS NULL, first_seen, code",
       {id},
       [&](sqlite3_stmt* stmt) { profile.codes.push_back(read_spell(stmt, false)); }});
  parts.push_back(
      {"SELECT role, code, mentions, first_seen, last_seen FROM actor_roles "
       "WHERE registry_id = ? ORDER BY first_seen IS NULL, first_seen, role, code",
       {id},
       [&](sqlite3_stmt* stmt) { profile.roles.push_back(read_spell(stmt, true)); }});
  parts.push_back(
      {"SELECT name, mentions, first_seen, last_seen FROM actor_names "
       "WHERE registry_id = ? ORDER BY mentions DESC, name LIMIT ?",
       {id, limit_of(options.names)},
       [&](sqlite3_stmt* stmt) { profile.names.push_back(read_spell(stmt, false)); }});
  parts.push_back(
      {"SELECT d.id, d.doc_id, d.title, d.date, ad.mentions FROM actor_documents ad "
       "JOIN documents d ON d.id = ad.document_id WHERE ad.registry_id = ? "
       "ORDER BY ad.date DESC, ad.document_id DESC LIMIT ?",
       {id, limit_of(options.documents)},
       [&](sqlite3_stmt* stmt) {
         RegistryDocument document;
         document.id = sqlite3_column_int64(stmt, 0);
         document.doc_id = column_text(stmt, 1);
         document.title = column_text(stmt, 2);
         document.date = column_text(stmt, 3);
         document.mentions = sqlite3_column_int64(stmt, 4);
         profile.recent_documents.push_back(std::move(document));
       }});
  parts.push_back({"SELECT side, count(*) FROM actor_events WHERE registry_id = ? GROUP BY side",
                   {id},
                   [&](sqlite3_stmt* stmt) {
                     (sqlite3_column_int64(stmt, 0) == 0 ? profile.events_as_source
                                                         : profile.events_as_target) =
                         sqlite3_column_int64(stmt, 1);
                   }});
  parts.push_back(
      {"SELECT e.root, count(*) FROM actor_events ae JOIN events e ON e.id = "
       "ae.event_id WHERE ae.registry_id = ? GROUP BY e.root ORDER BY e.root",
       {id},
       [&](sqlite3_stmt* stmt) {
         profile.roots.emplace_back(column_text(stmt, 0), sqlite3_column_int64(stmt, 1));
       }});
  parts.push_back(
      {"SELECT a.id, a.kind, a.name, a.code, a.country, a.sector, a.dictionary_id, a.mentions, "
       "a.documents, a.events, a.first_seen, a.last_seen, c.towards, c.back FROM actors a"
       " JOIN (SELECT o.registry_id AS id, sum(me.side = 0) AS towards, sum(me.side = 1) AS "
       "back, count(*) AS events FROM actor_events me JOIN actor_events o ON o.event_id = "
       "me.event_id AND o.side != me.side WHERE me.registry_id = ? GROUP BY o.registry_id "
       "ORDER BY count(*) DESC, o.registry_id LIMIT ?) c ON c.id = a.id "
       "ORDER BY c.events DESC, a.id",
       {id, limit_of(options.counterparts)},
       [&](sqlite3_stmt* stmt) {
         RegistryCounterpart counterpart;
         counterpart.actor = read_registry_actor(stmt);
         counterpart.to = sqlite3_column_int64(stmt, kRegistryColumns);
         counterpart.from = sqlite3_column_int64(stmt, kRegistryColumns + 1);
         profile.counterparts.push_back(std::move(counterpart));
       }});
  std::string failure;
  parts.push_back({std::string(kEventSelect) +
                       " WHERE e.id IN (SELECT ae.event_id FROM actor_events ae JOIN events e2 "
                       "ON e2.id = ae.event_id WHERE ae.registry_id = ? ORDER BY e2.date IS NULL, "
                       "e2.date DESC, e2.id DESC LIMIT ?)" +
                       std::string(kEventOrder),
                   {id, limit_of(options.timeline)},
                   [&](sqlite3_stmt* stmt) {
                     StoredEvent event;
                     Status read = read_event_row(stmt, impl.path, &event.record);
                     if (!read.ok()) {
                       failure = read.message();
                       return;
                     }
                     event.document = sqlite3_column_int64(stmt, 6);
                     profile.timeline.push_back(std::move(event));
                   }});
  for (const Part& part : parts) {
    if (Status s = Impl::Registry::query_rows(impl, part.sql, part.values, operation, part.on_row);
        !s.ok()) {
      return Error(s.message());
    }
  }
  if (!failure.empty()) return Error(failure);
  return std::optional<RegistryProfile>(std::move(profile));
}

Result<KnownPeopleUpdate> Store::known_people(int64_t since_revision) const {
  const Impl& impl = *impl_;
  const std::string operation = "reading registered people";
  KnownPeopleUpdate update;
  update.revision = since_revision;
  if (Status s = Impl::Registry::query_rows(
          impl,
          "SELECT id, name, code, country, updated FROM actors WHERE kind = 'person' AND "
          "dictionary_id = '' AND updated > ? ORDER BY updated, id",
          {since_revision}, operation,
          [&](sqlite3_stmt* stmt) {
            update.revision = std::max<int64_t>(update.revision, sqlite3_column_int64(stmt, 4));
            KnownPerson person;
            person.id = sqlite3_column_int64(stmt, 0);
            person.name = column_text(stmt, 1);
            person.code = column_text(stmt, 2);
            person.country = column_text(stmt, 3);
            if (!person.country.empty()) update.people.push_back(std::move(person));
          });
      !s.ok()) {
    return Error(s.message());
  }
  for (KnownPerson& person : update.people) {
    if (Status s = Impl::Registry::query_rows(
            impl,
            "SELECT name FROM actor_names WHERE registry_id = ? ORDER BY "
            "mentions DESC, name",
            {person.id}, operation,
            [&person](sqlite3_stmt* stmt) {
              std::string name = column_text(stmt, 0);
              if (name != person.name) person.variants.push_back(std::move(name));
            });
        !s.ok()) {
      return Error(s.message());
    }
    if (Status s = Impl::Registry::query_rows(
            impl,
            "SELECT role FROM actor_roles WHERE registry_id = ? ORDER BY "
            "last_seen IS NULL, last_seen DESC, first_seen DESC LIMIT 1",
            {person.id}, operation,
            [&person](sqlite3_stmt* stmt) { person.role = column_text(stmt, 0); });
        !s.ok()) {
      return Error(s.message());
    }
  }
  return update;
}

}  // namespace chronicle
