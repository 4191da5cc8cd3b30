// chronicle actors / chronicle actor: the actor registry (Store::registry_actors,
// Store::registry_profile; docs/database.md, "Actor registry").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"

namespace chronicle::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct ActorsOptions {
  std::string db = "chronicle.db";
  RegistryQuery query;
  std::string format = "table";
};

struct ActorOptions {
  std::string db = "chronicle.db";
  std::string name;
  int64_t id = 0;
  size_t timeline = 20;
  std::string format = "table";
};

// Code points in a UTF-8 string, for padding table columns.
size_t display_width(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

std::string pad(std::string_view text, size_t width) {
  std::string out(text);
  for (size_t used = display_width(text); used < width; ++used) out += ' ';
  return out;
}

std::string or_dash(const std::string& value) { return value.empty() ? "-" : value; }

ojson null_if_empty(const std::string& value) {
  return value.empty() ? ojson(nullptr) : ojson(value);
}

ojson actor_json(const RegistryActor& actor) {
  return ojson{{"id", actor.id},
               {"kind", actor.kind},
               {"name", actor.name},
               {"code", actor.code},
               {"country", actor.country},
               {"sector", actor.sector},
               {"dictionary_id", null_if_empty(actor.dictionary_id)},
               {"mentions", actor.mentions},
               {"documents", actor.documents},
               {"events", actor.events},
               {"first_seen", null_if_empty(actor.first_seen)},
               {"last_seen", null_if_empty(actor.last_seen)}};
}

void write_actors_table(const std::vector<RegistryActor>& actors) {
  std::printf("%7s  %-12s %-10s %-7s %8s %9s %7s  %-10s  %-10s  %s\n", "id", "kind", "code",
              "country", "mentions", "documents", "events", "first seen", "last seen", "name");
  for (const RegistryActor& actor : actors) {
    std::printf("%7lld  %-12s %-10s %-7s %8lld %9lld %7lld  %-10s  %-10s  %s\n",
                static_cast<long long>(actor.id), actor.kind.c_str(), or_dash(actor.code).c_str(),
                or_dash(actor.country).c_str(), static_cast<long long>(actor.mentions),
                static_cast<long long>(actor.documents), static_cast<long long>(actor.events),
                or_dash(actor.first_seen).c_str(), or_dash(actor.last_seen).c_str(),
                or_dash(actor.name).c_str());
  }
}

void write_actors_csv(const std::vector<RegistryActor>& actors) {
  std::cout << "id,kind,name,code,country,sector,dictionary_id,mentions,documents,events,"
               "first_seen,last_seen\n";
  for (const RegistryActor& actor : actors) {
    std::cout << actor.id << ',' << actor.kind << ',' << csv_quote(actor.name) << ','
              << csv_quote(actor.code) << ',' << actor.country << ',' << actor.sector << ','
              << csv_quote(actor.dictionary_id) << ',' << actor.mentions << ',' << actor.documents
              << ',' << actor.events << ',' << actor.first_seen << ',' << actor.last_seen << '\n';
  }
}

void write_actors(const std::vector<RegistryActor>& actors, int64_t total,
                  const std::string& format) {
  if (format == "json") {
    ojson list = ojson::array();
    for (const RegistryActor& actor : actors) list.push_back(actor_json(actor));
    std::cout << ojson{{"total", total}, {"actors", std::move(list)}}.dump() << '\n';
  } else if (format == "csv") {
    write_actors_csv(actors);
  } else {
    write_actors_table(actors);
    std::printf("%zu of %lld actors\n", actors.size(), static_cast<long long>(total));
  }
  std::fflush(stdout);
}

int run_actors(const ActorsOptions& options) {
  std::unique_ptr<Store> store = open_existing_store(options.db);
  if (!store) return kExitUsage;
  auto actors = store->registry_actors(options.query);
  auto total = store->count_registry_actors(options.query);
  if (!actors.ok() || !total.ok()) {
    std::cerr << "chronicle: actors failed: "
              << (actors.ok() ? total.error() : actors.error()).message() << "\n";
    return kExitUsage;
  }
  write_actors(actors.value(), total.value(), options.format);
  return kExitOk;
}

std::string side_text(const std::optional<EventActor>& side) {
  if (!side) return "-";
  std::string out = side->actor.code.empty() ? "-" : side->actor.code;
  const std::string& name = side->actor.name.empty() ? side->text : side->actor.name;
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

ojson spell_json(const RegistrySpell& spell, const char* value_name, bool with_code) {
  ojson out = {{value_name, spell.value}};
  if (with_code) out["code"] = spell.code;
  out["mentions"] = spell.mentions;
  out["first_seen"] = null_if_empty(spell.first_seen);
  out["last_seen"] = null_if_empty(spell.last_seen);
  return out;
}

void write_profile_json(const RegistryProfile& profile) {
  ojson out = actor_json(profile.actor);
  ojson codes = ojson::array(), roles = ojson::array(), names = ojson::array();
  for (const RegistrySpell& spell : profile.codes)
    codes.push_back(spell_json(spell, "code", false));
  for (const RegistrySpell& spell : profile.roles) roles.push_back(spell_json(spell, "role", true));
  for (const RegistrySpell& spell : profile.names)
    names.push_back(spell_json(spell, "name", false));
  out["codes"] = std::move(codes);
  out["roles"] = std::move(roles);
  out["names"] = std::move(names);
  ojson documents = ojson::array();
  for (const RegistryDocument& document : profile.recent_documents) {
    documents.push_back({{"id", document.id},
                         {"doc", document.doc_id},
                         {"title", document.title},
                         {"date", null_if_empty(document.date)},
                         {"mentions", document.mentions}});
  }
  out["recent_documents"] = std::move(documents);
  out["events_as_source"] = profile.events_as_source;
  out["events_as_target"] = profile.events_as_target;
  ojson roots = ojson::object();
  for (const auto& [root, count] : profile.roots) roots[root] = count;
  out["events_by_root"] = std::move(roots);
  ojson counterparts = ojson::array();
  for (const RegistryCounterpart& counterpart : profile.counterparts) {
    ojson item = actor_json(counterpart.actor);
    item["events_to"] = counterpart.to;
    item["events_from"] = counterpart.from;
    counterparts.push_back(std::move(item));
  }
  out["counterparts"] = std::move(counterparts);
  ojson timeline = ojson::array();
  for (const StoredEvent& stored : profile.timeline) {
    const Event& event = stored.record.event;
    timeline.push_back({{"id", stored.record.id},
                        {"date", null_if_empty(event.date)},
                        {"code", event.code},
                        {"label", event.label},
                        {"source", event.source ? ojson(event.source->actor.code) : ojson(nullptr)},
                        {"target", event.target ? ojson(event.target->actor.code) : ojson(nullptr)},
                        {"negated", event.negated},
                        {"doc", stored.record.doc_id},
                        {"sentence_text", stored.record.sentence_text}});
  }
  out["timeline"] = std::move(timeline);
  std::cout << out.dump() << '\n';
}

std::string dates(const std::string& first, const std::string& last) {
  if (first.empty() && last.empty()) return "undated";
  if (first == last) return first;
  return or_dash(first) + " .. " + or_dash(last);
}

void write_profile_table(const RegistryProfile& profile) {
  const RegistryActor& actor = profile.actor;
  std::printf("%s  (#%lld, %s, %s%s%s)\n", actor.name.empty() ? "(no name)" : actor.name.c_str(),
              static_cast<long long>(actor.id), actor.kind.c_str(), or_dash(actor.code).c_str(),
              actor.dictionary_id.empty() ? "" : ", dictionary ", actor.dictionary_id.c_str());
  std::printf(
      "  seen %s; %lld mentions in %lld documents; %lld events (%lld as source, %lld as "
      "target)\n",
      dates(actor.first_seen, actor.last_seen).c_str(), static_cast<long long>(actor.mentions),
      static_cast<long long>(actor.documents), static_cast<long long>(actor.events),
      static_cast<long long>(profile.events_as_source),
      static_cast<long long>(profile.events_as_target));
  if (!profile.codes.empty()) {
    std::printf("\nCodes over time\n");
    for (const RegistrySpell& spell : profile.codes) {
      std::printf("  %-10s %-24s %6lld\n", spell.value.c_str(),
                  dates(spell.first_seen, spell.last_seen).c_str(),
                  static_cast<long long>(spell.mentions));
    }
  }
  if (!profile.roles.empty()) {
    std::printf("\nRoles\n");
    for (const RegistrySpell& spell : profile.roles) {
      std::printf("  %s %-10s %-24s %6lld\n", pad(spell.value, 32).c_str(), spell.code.c_str(),
                  dates(spell.first_seen, spell.last_seen).c_str(),
                  static_cast<long long>(spell.mentions));
    }
  }
  if (!profile.names.empty()) {
    std::printf("\nNames\n");
    for (const RegistrySpell& spell : profile.names) {
      std::printf("  %6lld  %s\n", static_cast<long long>(spell.mentions), spell.value.c_str());
    }
  }
  if (!profile.roots.empty()) {
    std::printf("\nEvents by CAMEO root\n ");
    for (const auto& [root, count] : profile.roots) {
      std::printf(" %s:%lld", root.empty() ? "?" : root.c_str(), static_cast<long long>(count));
    }
    std::printf("\n");
  }
  if (!profile.counterparts.empty()) {
    std::printf("\nCounterparts (events to / from)\n");
    for (const RegistryCounterpart& counterpart : profile.counterparts) {
      std::printf("  %4lld / %-4lld %-10s %s\n", static_cast<long long>(counterpart.to),
                  static_cast<long long>(counterpart.from), or_dash(counterpart.actor.code).c_str(),
                  counterpart.actor.name.c_str());
    }
  }
  if (!profile.recent_documents.empty()) {
    std::printf("\nRecent documents\n");
    for (const RegistryDocument& document : profile.recent_documents) {
      std::printf("  %-10s %3lld  %s%s%s\n", or_dash(document.date).c_str(),
                  static_cast<long long>(document.mentions), document.doc_id.c_str(),
                  document.title.empty() ? "" : "  ", document.title.c_str());
    }
  }
  if (!profile.timeline.empty()) {
    std::printf("\nTimeline (latest %zu events)\n", profile.timeline.size());
    for (const StoredEvent& stored : profile.timeline) {
      const Event& event = stored.record.event;
      std::printf("  %-10s %-4s %s%s -> %s  %s\n", or_dash(event.date).c_str(), event.code.c_str(),
                  event.negated ? "(not) " : "", side_text(event.source).c_str(),
                  side_text(event.target).c_str(), event.label.c_str());
    }
  }
  std::fflush(stdout);
}

int run_actor(const ActorOptions& options) {
  std::unique_ptr<Store> store = open_existing_store(options.db);
  if (!store) return kExitUsage;
  int64_t id = options.id;
  if (id == 0) {
    auto candidates = store->find_registry_actors(options.name);
    if (!candidates.ok()) {
      std::cerr << "chronicle: actor failed: " << candidates.error().message() << "\n";
      return kExitUsage;
    }
    if (candidates.value().empty()) {
      std::cerr << "chronicle: no actor in " << options.db << " is named " << options.name << "\n";
      return kExitSkipped;
    }
    if (candidates.value().size() > 1) {
      std::cerr << "chronicle: " << options.name << " may be any of " << candidates.value().size()
                << " actors; choose one with --id\n";
      write_actors(candidates.value(), static_cast<int64_t>(candidates.value().size()),
                   options.format);
      return kExitSkipped;
    }
    id = candidates.value().front().id;
  }
  RegistryProfileOptions profile_options;
  profile_options.timeline = options.timeline;
  auto profile = store->registry_profile(id, profile_options);
  if (!profile.ok()) {
    std::cerr << "chronicle: actor failed: " << profile.error().message() << "\n";
    return kExitUsage;
  }
  if (!profile.value()) {
    std::cerr << "chronicle: no actor in " << options.db << " has id " << id << "\n";
    return kExitSkipped;
  }
  if (options.format == "json") {
    write_profile_json(*profile.value());
  } else {
    write_profile_table(*profile.value());
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_actors(CLI::App& app) {
  auto options = std::make_shared<ActorsOptions>();
  CLI::App* command = app.add_subcommand(
      "actors",
      "The actor registry: one record per actor across reports (a dictionary actor, a person or "
      "organisation read from reports, or a CAMEO code such as SYRMIL), most mentioned first, "
      "with its latest code, counts and the dates it was first and last seen.");
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_option("--country", options->query.country,
                      "CAMEO country code (SYR) or a country's name as reports write it (Syria)");
  command->add_option("--search", options->query.text,
                      "a spelling of the name has words starting with this (case, accents, q/k "
                      "and doubled letters do not matter); upper case also matches a code prefix");
  command->add_option("--kind", options->query.kind, "kind of actor")
      ->check(CLI::IsMember({"person", "organisation", "group", "country", "sector", "other"}));
  command->add_option("--limit", options->query.limit, "at most this many (0 = all)")
      ->capture_default_str();
  command->add_option("--offset", options->query.offset, "skip this many")->capture_default_str();
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  return [options] { return run_actors(*options); };
}

std::function<int()> add_actor(CLI::App& app) {
  auto options = std::make_shared<ActorOptions>();
  CLI::App* command = app.add_subcommand(
      "actor",
      "One actor's profile from the registry: codes over time, roles with dates, the spellings "
      "of its name, events by CAMEO root, counterparts, recent documents and its latest events. "
      "NAME is a name or a spelling of it (\"Abu Kasra\"), a CAMEO code (SYRMIL) or a dictionary "
      "id; when it may mean several actors they are listed (exit status 1): choose with --id.");
  command->add_option("name", options->name, "name, spelling variant or CAMEO code");
  command->add_option("--id", options->id, "registry id (from `chronicle actors`)");
  command->add_option("--db", options->db, "database file")->capture_default_str();
  command->add_option("--timeline", options->timeline, "latest events shown (0 = all)")
      ->capture_default_str();
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return [options, command] {
    if (options->name.empty() && options->id == 0) {
      std::cerr << "chronicle actor: give a NAME or --id\n" << command->help();
      return kExitUsage;
    }
    return run_actor(*options);
  };
}

}  // namespace chronicle::cli
