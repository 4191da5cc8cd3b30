// Actor dictionaries: countries, organisations, armed groups and people with dated roles, plus
// titles and collective agents ("troops", "foreign minister") with the sector they imply.
// File formats are documented in docs/actors.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/status.h"

namespace chronicle::lexicon {

// A dated role of a person: CAMEO code held from `from` to `to` (inclusive "YYYY-MM-DD"; empty
// `from` = since ever, empty `to` = still holds it).
struct Role {
  std::string code;   // "RUSGOV"
  std::string title;  // "president"
  std::string from;
  std::string to;
};

struct ActorEntry {
  std::string id;       // unique id ("RUS", "IGOUNO", "PUTIN_VLADIMIR")
  std::string kind;     // "country", "organisation", "group", "person"
  std::string code;     // CAMEO code; for persons the code of their latest role
  std::string name;     // canonical name
  std::string country;  // ISO3/CAMEO country ("RUS"); empty for international actors
  std::string capital;  // countries only
  std::vector<std::string> aliases;
  std::vector<std::string> adjectives;  // demonyms and adjectives ("Russian", "Russians")
  std::vector<Role> roles;
  double lat = 0, lon = 0;              // countries: a representative point, when known
};

// How a name matched an entry.
enum class NameKind { kName, kAlias, kAdjective, kCapital };

struct NameMatch {
  const ActorEntry* entry = nullptr;
  NameKind how = NameKind::kName;
};

// A title or collective agent: "deputy defense minister" → MIL, title; "troops" → MIL, agent.
struct Agent {
  std::string phrase;   // lower case, as written in the file
  std::string sector;   // CAMEO sector code ("GOV", "MIL", ...)
  bool is_title = false;  // a title that precedes a person's name ("President", "Minister")
};

// Immutable after load; lookups are thread-safe.
class ActorDictionary {
 public:
  // `actor_files` in order (a later `extend ID` block adds names to an earlier `actor ID`);
  // `agents_file` lists titles and agents; `sectors_file` lists valid sector codes.
  // Fails on a syntax error, a duplicate id, an unknown sector or country code, or the same name
  // given to two actors of the same kind, naming the file and line.
  static Result<std::unique_ptr<ActorDictionary>> load(const std::vector<std::string>& actor_files,
                                                       const std::string& agents_file,
                                                       const std::string& sectors_file);

  // Longest actor name (name, alias, adjective/demonym or capital) at tokens [first, end):
  // returns the number of tokens matched (0 when none) and every entry with that name.
  size_t match_name(const std::vector<Token>& tokens, size_t first, size_t end,
                    std::vector<NameMatch>* matches) const;
  // Longest title or agent phrase at tokens [first, end); returns tokens matched (0 when none).
  size_t match_agent(const std::vector<Token>& tokens, size_t first, size_t end,
                     const Agent** agent) const;

  // People whose name or alias matches `name` under name_key, else (when `max_edits` > 0) whose
  // key is within `max_edits` edits of it, restricted to `country` when non-empty. Exact matches
  // come first.
  std::vector<const ActorEntry*> find_person(std::string_view name, std::string_view country,
                                             int max_edits) const;

  const ActorEntry* by_id(std::string_view id) const;
  // The country entry with this CAMEO country code.
  const ActorEntry* country(std::string_view code) const;
  bool is_sector(std::string_view code) const;
  const std::vector<ActorEntry>& entries() const;

  // Spelling-variant key for names: lower case, diacritics removed, Arabic articles
  // (al-, el-, ash-, as-, ad-, ar-, at-, az-, an-) dropped, hyphens and apostrophes as spaces,
  // q → k, doubled letters collapsed, single spaces. "Ahmed Ash-Sharaa" and "Ahmad al Sharaa"
  // differ only by small edits under this key.
  static std::string name_key(std::string_view name);
  // The role held on `date` ("YYYY-MM-DD"); for an empty or unknown date, or a date outside every
  // role, the latest role. nullptr when the entry has no roles.
  static const Role* role_at(const ActorEntry& entry, std::string_view date);

 private:
  // When no name starts at `first`: a capitalised word one letter off a country's demonym of six
  // letters or more, with its ending ("Ghanian", "Ukranian", "Columbian"; not "Indiana"), is that
  // demonym when only one demonym is that close. Case rules and the misspelling's own
  // capitalisation stand in for the name's.
  size_t misspelt_demonym(const std::vector<Token>& tokens, size_t first, const std::string& key,
                          std::vector<NameMatch>* matches) const;
  struct Data;
  std::shared_ptr<const Data> data_;
};

}  // namespace chronicle::lexicon
