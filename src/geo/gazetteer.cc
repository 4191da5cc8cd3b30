// Gazetteer loading and lookup.
//
// The index is a sorted vector of (64-bit hash of a lookup key, entry index) rather than a hash map
// of strings: the built file has ~135k places with ~1M names, and keeping one 16-byte pair per
// name loads in a fraction of a second and a few MB, where a map of std::string keys costs several
// times the memory and allocation time. A lookup re-derives the keys of the candidate entries'
// names, so a hash collision can never return a wrong place.
#include "geo/gazetteer.h"

#include <utf8proc.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace chronicle::geo {

namespace {

constexpr size_t kBuiltColumns = 11;
constexpr size_t kRegionColumns = 6;

uint64_t fnv1a(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return hash;
}

// Apostrophe-like characters transliterations use inside names ("Ma'arrat", "Sana'a", "Al-ʻArab").
bool is_ignored_mark(utf8proc_int32_t code_point) {
  switch (code_point) {
    case '\'': case '`': case '.':
    case 0x00B4:  // acute accent
    case 0x2018: case 0x2019: case 0x201B:  // single quotes
    case 0x02BB: case 0x02BC: case 0x02BE: case 0x02BF:  // modifier letters ʻ ʼ ʾ ʿ
      return true;
    default:
      return false;
  }
}

// Latin letters that NFKD does not decompose into a base letter plus a mark.
const char* fold_special_letter(utf8proc_int32_t code_point) {
  switch (code_point) {
    case 0x0142: case 0x0141: return "l";   // ł Ł
    case 0x00F8: case 0x00D8: return "o";   // ø Ø
    case 0x0111: case 0x0110: return "d";   // đ Đ
    case 0x00F0: case 0x00D0: return "d";   // ð Ð
    case 0x0131: return "i";                // dotless ı
    case 0x00E6: case 0x00C6: return "ae";  // æ Æ
    case 0x0153: case 0x0152: return "oe";  // œ Œ
    case 0x00FE: case 0x00DE: return "th";  // þ Þ
    case 0x0127: case 0x0126: return "h";   // ħ Ħ
    case 0x0259: case 0x018F: return "e";   // ə Ə (Azerbaijani)
    default: return nullptr;
  }
}

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t end = line.find(separator, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

template <class Number>
bool parse_number(std::string_view text, Number& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

Error row_error(const std::string& path, uint64_t line, const std::string& message) {
  return Error(Diagnostic{path, line, UINT64_MAX, message}.str());
}

Result<std::string> read_file(const std::string& path, const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open the gazetteer file; " + hint);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

struct Gazetteer::Data {
  std::vector<GazetteerEntry> entries;
  // Every name of each entry (name, asciiname, alternates) joined with '|', to verify hash hits.
  std::vector<std::string> names;
  std::vector<bool> from_regions;  // rows of data/places.txt
  std::vector<std::pair<uint64_t, uint32_t>> index;

  void add(GazetteerEntry entry, std::string all_names, bool region) {
    const uint32_t entry_idx = static_cast<uint32_t>(entries.size());
    const size_t first = index.size();
    for (std::string_view name : split(all_names, '|')) {
      std::string name_key = Gazetteer::key(name);
      if (!name_key.empty()) index.emplace_back(fnv1a(name_key), entry_idx);
    }
    // Name and asciiname usually share a key; one index row per distinct key is enough.
    std::sort(index.begin() + first, index.end());
    index.erase(std::unique(index.begin() + first, index.end()), index.end());
    entries.push_back(std::move(entry));
    names.push_back(std::move(all_names));
    from_regions.push_back(region);
  }
};

std::string Gazetteer::key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  auto append = [&](std::string_view piece) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += piece;
  };
  auto append_folded = [&](utf8proc_int32_t code_point) {
    if (code_point < 0x80) {
      const char c = static_cast<char>(code_point);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        append(std::string_view(&c, 1));
      } else if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        append(std::string_view(&lower, 1));
      } else if (!is_ignored_mark(code_point)) {
        pending_space = true;  // hyphens, spaces, commas, parentheses separate words
      }
      return;
    }
    if (is_ignored_mark(code_point)) return;
    if (const char* folded = fold_special_letter(code_point)) {
      append(folded);
      return;
    }
    const utf8proc_category_t category = utf8proc_category(code_point);
    if (category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
        category == UTF8PROC_CATEGORY_ME) {
      return;
    }
    if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO) {
      utf8proc_uint8_t encoded[4];
      const utf8proc_ssize_t length = utf8proc_encode_char(code_point, encoded);
      append(std::string_view(reinterpret_cast<const char*>(encoded), length));
    } else {
      pending_space = true;  // dashes, Unicode spaces and other punctuation
    }
  };

  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(name.data());
  utf8proc_ssize_t pos = 0;
  const auto size = static_cast<utf8proc_ssize_t>(name.size());
  while (pos < size) {
    if (bytes[pos] < 0x80) {  // fast path: most names are ASCII
      append_folded(bytes[pos]);
      ++pos;
      continue;
    }
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + pos, size - pos, &code_point);
    if (length <= 0) {  // invalid UTF-8: treat the byte as a separator
      pending_space = true;
      ++pos;
      continue;
    }
    pos += length;
    // Compatibility decomposition with marks stripped and case folded: "Ò" → "o", "ß" → "ss".
    utf8proc_int32_t decomposed[8];
    int boundclass = 0;
    const utf8proc_ssize_t count = utf8proc_decompose_char(
        code_point, decomposed, 8,
        static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                       UTF8PROC_CASEFOLD),
        &boundclass);
    if (count < 0 || count > 8) {
      append_folded(code_point);
      continue;
    }
    for (utf8proc_ssize_t i = 0; i < count; ++i) append_folded(decomposed[i]);
  }
  return out;
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::load(const std::string& built_file,
                                                   const std::string& regions_file) {
  auto data = std::make_shared<Data>();

  auto built = read_file(built_file,
                         "it is generated at install time: run the build (cmake --build BUILD_DIR "
                         "--target chronicle_generated) or node scripts/build_gazetteer.mjs "
                         "node_modules OUT_FILE");
  if (!built.ok()) return built.error();
  const std::string& built_text = built.value();
  data->entries.reserve(150000);
  data->names.reserve(150000);
  data->index.reserve(1200000);

  std::unordered_map<std::string, std::string> iso3_to_iso2;
  uint64_t line_number = 0;
  size_t line_start = 0;
  while (line_start < built_text.size()) {
    size_t line_end = built_text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = built_text.size();
    std::string_view line(built_text.data() + line_start, line_end - line_start);
    line_start = line_end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;

    const std::vector<std::string_view> fields = split(line, '\t');
    if (fields.size() != kBuiltColumns) {
      return row_error(built_file, line_number,
                       "expected " + std::to_string(kBuiltColumns) +
                           " tab-separated columns (geonameid, name, asciiname, iso3, iso2, "
                           "admin1, lat, lon, feature, population, names), found " +
                           std::to_string(fields.size()));
    }
    GazetteerEntry entry;
    Place& place = entry.place;
    if (!parse_number(fields[0], place.geonameid)) {
      return row_error(built_file, line_number,
                       "expected an integer geonameid, found \"" + std::string(fields[0]) + "\"");
    }
    if (fields[1].empty()) return row_error(built_file, line_number, "expected a name, found none");
    place.name = fields[1];
    place.country = fields[3];
    place.country2 = fields[4];
    place.adm1 = fields[5];
    if (!parse_number(fields[6], place.lat) || !parse_number(fields[7], place.lon) ||
        place.lat < -90 || place.lat > 90 || place.lon < -180 || place.lon > 180) {
      return row_error(built_file, line_number,
                       "expected decimal latitude and longitude, found \"" +
                           std::string(fields[6]) + "\" and \"" + std::string(fields[7]) + "\"");
    }
    place.feature = fields[8];
    if (!parse_number(fields[9], entry.population)) {
      return row_error(built_file, line_number,
                       "expected an integer population, found \"" + std::string(fields[9]) + "\"");
    }
    if (place.feature == "A.PCLI" && !place.country.empty()) {
      iso3_to_iso2.emplace(place.country, place.country2);
    }
    std::string all_names;
    all_names.reserve(fields[1].size() + fields[2].size() + fields[10].size() + 2);
    all_names.append(fields[1]).append("|").append(fields[2]);
    if (!fields[10].empty()) all_names.append("|").append(fields[10]);
    data->add(std::move(entry), std::move(all_names), false);
  }

  auto regions = read_file(regions_file, "it ships with the sources as data/places.txt");
  if (!regions.ok()) return regions.error();
  std::istringstream region_lines(regions.value());
  std::string region_line;
  line_number = 0;
  while (std::getline(region_lines, region_line)) {
    ++line_number;
    std::string_view line = trim(region_line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> fields = split(line, '|');
    if (fields.size() != kRegionColumns) {
      return row_error(regions_file, line_number,
                       "expected 6 '|'-separated fields (name | alternate names | country | lat | "
                       "lon | kind), found " + std::to_string(fields.size()));
    }
    GazetteerEntry entry;
    Place& place = entry.place;
    place.name = trim(fields[0]);
    if (place.name.empty()) return row_error(regions_file, line_number, "expected a name, found none");
    const std::string_view country = trim(fields[2]);
    if (country != "-") {
      const bool valid = country.size() == 3 && std::all_of(country.begin(), country.end(), [](char c) {
                           return c >= 'A' && c <= 'Z';
                         });
      if (!valid) {
        return row_error(regions_file, line_number,
                         "expected a 3-letter country code or '-', found \"" + std::string(country) +
                             "\"");
      }
      place.country = country;
      auto iso2 = iso3_to_iso2.find(place.country);
      if (iso2 != iso3_to_iso2.end()) place.country2 = iso2->second;
    }
    if (!parse_number(trim(fields[3]), place.lat) || !parse_number(trim(fields[4]), place.lon) ||
        place.lat < -90 || place.lat > 90 || place.lon < -180 || place.lon > 180) {
      return row_error(regions_file, line_number,
                       "expected decimal latitude and longitude, found \"" +
                           std::string(trim(fields[3])) + "\" and \"" +
                           std::string(trim(fields[4])) + "\"");
    }
    const std::string_view kind = trim(fields[5]);
    if (kind == "COUNTRY") {
      place.feature = "A.PCLI";
    } else if (kind == "REGION" || kind == "SITE" || kind == "BASE" || kind == "WATER") {
      place.feature = kind;
    } else {
      return row_error(regions_file, line_number,
                       "expected kind REGION, SITE, BASE, WATER or COUNTRY, found \"" +
                           std::string(kind) + "\"");
    }
    std::string all_names = place.name;
    for (std::string_view alternate : split(fields[1], ';')) {
      alternate = trim(alternate);
      if (!alternate.empty()) all_names.append("|").append(alternate);
    }
    data->add(std::move(entry), std::move(all_names), true);
  }

  std::sort(data->index.begin(), data->index.end());
  auto gazetteer = std::unique_ptr<Gazetteer>(new Gazetteer());
  gazetteer->data_ = std::move(data);
  return gazetteer;
}

std::vector<const GazetteerEntry*> Gazetteer::lookup(std::string_view name) const {
  std::vector<const GazetteerEntry*> found;
  const std::string name_key = key(name);
  if (name_key.empty() || !data_) return found;
  const uint64_t hash = fnv1a(name_key);
  auto first = std::lower_bound(data_->index.begin(), data_->index.end(),
                                std::make_pair(hash, uint32_t{0}));
  struct Ranked {
    const GazetteerEntry* entry;
    int tier;  // 0: a region of ours named exactly so, 1: a country, 2: anything else
  };
  std::vector<Ranked> ranked;
  for (auto it = first; it != data_->index.end() && it->first == hash; ++it) {
    const uint32_t entry_idx = it->second;
    bool verified = false;
    for (std::string_view entry_name : split(data_->names[entry_idx], '|')) {
      if (key(entry_name) == name_key) {
        verified = true;
        break;
      }
    }
    if (!verified) continue;  // a hash collision
    const GazetteerEntry& entry = data_->entries[entry_idx];
    int tier = 2;
    if (data_->from_regions[entry_idx] && key(entry.place.name) == name_key) {
      tier = 0;
    } else if (entry.place.feature == "A.PCLI") {
      tier = 1;
    }
    ranked.push_back({&entry, tier});
  }
  // Index order breaks ties, so the result is deterministic (entries keep file order).
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    return a.entry->population > b.entry->population;
  });
  found.reserve(ranked.size());
  for (const Ranked& r : ranked) found.push_back(r.entry);
  return found;
}

size_t Gazetteer::size() const { return data_ ? data_->entries.size() : 0; }

}  // namespace chronicle::geo
