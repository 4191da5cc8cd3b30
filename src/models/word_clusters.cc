#include "models/word_clusters.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <unordered_map>

namespace chronicle::models {
namespace {

constexpr std::string_view kSectionTag = "chronicle-word-clusters";
constexpr size_t kMaxPathLength = 255;
constexpr size_t kMaxFallbackBytes = 256;  // longer words get no lower-case fallback
// Simple case mapping grows a UTF-8 sequence by at most half (2 → 3 bytes).
constexpr size_t kLowerBufferBytes = kMaxFallbackBytes * 2;

// Lower-cases `word` into `buffer` (Unicode simple case mapping, as the tokenizer's `lower`).
// Bytes that are not valid UTF-8 are copied unchanged. Returns the length written.
size_t lower_into(std::string_view word, char* buffer) {
  size_t out = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  size_t pos = 0;
  while (pos < word.size()) {
    const unsigned char byte = static_cast<unsigned char>(word[pos]);
    if (byte < 0x80) {
      buffer[out++] = byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : static_cast<char>(byte);
      ++pos;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(word.size() - pos), &cp);
    if (length <= 0) {
      buffer[out++] = word[pos++];
      continue;
    }
    out += static_cast<size_t>(
        utf8proc_encode_char(utf8proc_tolower(cp), reinterpret_cast<utf8proc_uint8_t*>(buffer + out)));
    pos += static_cast<size_t>(length);
  }
  return out;
}

std::string lower_string(std::string_view word) {
  std::string out(word.size() * 2 + 4, '\0');
  out.resize(lower_into(word, out.data()));
  return out;
}

uint64_t hash_key(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

bool valid_path(std::string_view path) {
  return path.size() <= kMaxPathLength &&
         std::all_of(path.begin(), path.end(), [](char ch) { return ch == '0' || ch == '1'; });
}

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

}  // namespace

// ---- building ----------------------------------------------------------------------------------

std::vector<uint32_t> WordClusters::index(const std::vector<Entry>& entries, const std::string& keys) {
  size_t size = 16;
  while (size < entries.size() * 2) size *= 2;  // load factor ≤ 1/2
  std::vector<uint32_t> table(size, 0);
  const size_t mask = size - 1;
  for (size_t idx = 0; idx < entries.size(); ++idx) {
    std::string_view word = std::string_view(keys).substr(entries[idx].offset, entries[idx].length);
    for (size_t slot = hash_key(word) & mask;; slot = (slot + 1) & mask) {
      if (table[slot] == 0) {
        table[slot] = static_cast<uint32_t>(idx + 1);
        break;
      }
    }
  }
  return table;
}

Result<WordClusters> WordClusters::build(std::vector<std::string> paths, std::vector<std::string> words,
                                         std::vector<uint32_t> clusters, std::vector<uint64_t> counts) {
  if (paths.size() >= kUnknown) return Error("too many clusters");
  std::map<std::string_view, uint32_t> seen_paths;
  for (size_t idx = 0; idx < paths.size(); ++idx) {
    if (!valid_path(paths[idx]))
      return Error("cluster " + std::to_string(idx) + " has a bad path " + quoted(paths[idx]) +
                   " (expected at most 255 characters '0' or '1')");
    if (!seen_paths.emplace(paths[idx], static_cast<uint32_t>(idx)).second)
      return Error("path " + quoted(paths[idx]) + " names two clusters");
  }
  WordClusters out;
  size_t key_bytes = 0;
  for (const auto& word : words) key_bytes += word.size();
  if (key_bytes * 2 >= UINT32_MAX) return Error("too many words");
  out.keys_.reserve(key_bytes * 2);
  std::unordered_map<std::string_view, size_t> word_index;
  word_index.reserve(words.size());
  for (size_t idx = 0; idx < words.size(); ++idx) {
    if (words[idx].empty()) return Error("word " + std::to_string(idx) + " is empty");
    if (clusters[idx] >= paths.size())
      return Error("word " + quoted(words[idx]) + " has cluster " + std::to_string(clusters[idx]) + " but there are " +
                   std::to_string(paths.size()) + " clusters");
    if (!word_index.emplace(words[idx], idx).second) return Error("word " + quoted(words[idx]) + " is listed twice");
    out.words_.push_back(
        {static_cast<uint32_t>(out.keys_.size()), static_cast<uint32_t>(words[idx].size()), clusters[idx]});
    out.keys_ += words[idx];
  }
  out.counts_ = std::move(counts);
  out.word_table_ = index(out.words_, out.keys_);

  // Lower-case keys: the cluster of the most frequent word with that lower-case form (ties: the
  // word read first), so the fallback is deterministic.
  std::unordered_map<std::string, size_t> best;  // lower-case key → index into words
  std::vector<std::string> lower_order;
  for (size_t idx = 0; idx < words.size(); ++idx) {
    std::string lower = lower_string(words[idx]);
    auto [found, inserted] = best.emplace(lower, idx);
    if (inserted)
      lower_order.push_back(std::move(lower));
    else if (out.counts_[idx] > out.counts_[found->second])
      found->second = idx;
  }
  for (const auto& lower : lower_order) {
    out.lower_.push_back(
        {static_cast<uint32_t>(out.keys_.size()), static_cast<uint32_t>(lower.size()), clusters[best[lower]]});
    out.keys_ += lower;
  }
  out.lower_table_ = index(out.lower_, out.keys_);

  for (const auto& path : paths) {
    out.path_begin_.push_back(static_cast<uint32_t>(out.paths_.size()));
    out.path_length_.push_back(static_cast<uint8_t>(path.size()));
    out.paths_ += path;
  }
  out.prefix_ids_.resize(paths.size() * kPrefixLengths.size());
  for (size_t which = 0; which < kPrefixLengths.size(); ++which) {
    std::map<std::string_view, uint32_t> ids;
    for (size_t cluster = 0; cluster < paths.size(); ++cluster) {
      std::string_view prefix = out.prefix(static_cast<uint32_t>(cluster), kPrefixLengths[which]);
      auto [found, inserted] = ids.emplace(prefix, static_cast<uint32_t>(ids.size()));
      out.prefix_ids_[cluster * kPrefixLengths.size() + which] = found->second;
    }
  }
  return out;
}

// ---- text --------------------------------------------------------------------------------------

Result<WordClusters> WordClusters::load_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Error(path + ": read error");
  return parse_text(content.str(), path);
}

Result<WordClusters> WordClusters::parse_text(std::string_view content, std::string_view name) {
  std::map<std::string, uint32_t> path_ids;  // assigned after reading, in path order
  std::vector<std::string> word_paths, words;
  std::vector<uint64_t> counts;
  std::unordered_map<std::string_view, size_t> first_line;
  std::vector<size_t> lines;
  size_t start = 0, line_number = 0;
  auto error = [&](const std::string& message) {
    return Error(std::string(name) + ":" + std::to_string(line_number) + ": " + message);
  };
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab1 = line.find('\t');
    size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos || line.find('\t', tab2 + 1) != std::string_view::npos)
      return error("expected bitstring<TAB>word<TAB>count");
    std::string_view path = line.substr(0, tab1);
    std::string_view word = line.substr(tab1 + 1, tab2 - tab1 - 1);
    std::string_view count_text = line.substr(tab2 + 1);
    if (path.empty() || !valid_path(path))
      return error("bad bit string " + quoted(path) + " (expected 1 to 255 characters '0' or '1')");
    if (word.empty()) return error("empty word");
    uint64_t count = 0;
    auto [ptr, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (ec != std::errc() || ptr != count_text.data() + count_text.size())
      return error("count " + quoted(count_text) + " is not a number");
    path_ids.emplace(std::string(path), 0);
    word_paths.emplace_back(path);
    words.emplace_back(word);
    counts.push_back(count);
    lines.push_back(line_number);
  }
  // A duplicate word is reported with both line numbers.
  for (size_t idx = 0; idx < words.size(); ++idx) {
    auto [found, inserted] = first_line.emplace(words[idx], lines[idx]);
    if (!inserted) {
      line_number = lines[idx];
      return error("word " + quoted(words[idx]) + " already listed on line " + std::to_string(found->second));
    }
  }
  std::vector<std::string> paths;
  for (auto& [path, id] : path_ids) {
    id = static_cast<uint32_t>(paths.size());
    paths.push_back(path);
  }
  std::vector<uint32_t> clusters;
  clusters.reserve(words.size());
  for (const auto& path : word_paths) clusters.push_back(path_ids[path]);
  auto built = build(std::move(paths), std::move(words), std::move(clusters), std::move(counts));
  if (!built.ok()) return Error(std::string(name) + ": " + built.error().message());
  return built;
}

std::string WordClusters::to_text() const {
  std::vector<size_t> order(words_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (words_[a].cluster != words_[b].cluster) return path(words_[a].cluster) < path(words_[b].cluster);
    if (counts_[a] != counts_[b]) return counts_[a] > counts_[b];
    return key(words_[a]) < key(words_[b]);
  });
  std::string out;
  for (size_t idx : order) {
    out += path(words_[idx].cluster);
    out += '\t';
    out += key(words_[idx]);
    out += '\t';
    out += std::to_string(counts_[idx]);
    out += '\n';
  }
  return out;
}

// ---- model-file section ------------------------------------------------------------------------

void WordClusters::write(ByteWriter& out) const {
  out.str(kSectionTag);
  out.u32(kWordClustersVersion);
  out.u32(static_cast<uint32_t>(clusters()));
  for (size_t cluster = 0; cluster < clusters(); ++cluster) out.str(path(static_cast<uint32_t>(cluster)));
  out.u32(static_cast<uint32_t>(words_.size()));
  for (size_t idx = 0; idx < words_.size(); ++idx) {
    out.str(key(words_[idx]));
    out.u32(words_[idx].cluster);
    out.u64(counts_[idx]);
  }
}

std::string WordClusters::to_section() const {
  ByteWriter out;
  write(out);
  return out.take();
}

Result<WordClusters> WordClusters::read(ByteReader& in) {
  // Truncation is the reader's error (it names the input and the byte); the rest say what is wrong.
  auto truncated = [&]() { return Error(in.status().message() + " (word clusters)"); };
  std::string tag = in.str();
  if (!in.ok()) return truncated();
  if (tag != kSectionTag)
    return Error("word clusters: expected tag " + quoted(kSectionTag) + ", found " + quoted(tag.substr(0, 40)));
  uint32_t version = in.u32();
  if (!in.ok()) return truncated();
  if (version != kWordClustersVersion)
    return Error("word clusters: version " + std::to_string(version) + " is not supported (expected " +
                 std::to_string(kWordClustersVersion) + ")");
  uint32_t cluster_count = in.u32();
  if (!in.plausible_count(cluster_count, 4)) return truncated();
  std::vector<std::string> paths;
  paths.reserve(cluster_count);
  for (uint32_t cluster = 0; cluster < cluster_count && in.ok(); ++cluster) paths.push_back(in.str());
  uint32_t word_count = in.u32();
  if (!in.plausible_count(word_count, 4 + 4 + 8)) return truncated();
  std::vector<std::string> words;
  std::vector<uint32_t> clusters;
  std::vector<uint64_t> counts;
  words.reserve(word_count);
  clusters.reserve(word_count);
  counts.reserve(word_count);
  for (uint32_t idx = 0; idx < word_count && in.ok(); ++idx) {
    words.push_back(in.str());
    clusters.push_back(in.u32());
    counts.push_back(in.u64());
  }
  if (!in.ok()) return truncated();
  auto built = build(std::move(paths), std::move(words), std::move(clusters), std::move(counts));
  if (!built.ok()) return Error("word clusters: " + built.error().message());
  return built;
}

Result<WordClusters> WordClusters::from_section(std::string_view bytes, const std::string& name) {
  ByteReader in(bytes, name);
  auto clusters = read(in);
  if (!clusters.ok()) {
    const std::string& message = clusters.error().message();
    if (message.rfind(name + ":", 0) == 0) return clusters;  // the reader's own message names it
    return Error(name + ": " + message);
  }
  if (!in.at_end())
    return Error(name + ": word clusters: " + std::to_string(bytes.size() - in.offset()) +
                 " unexpected bytes after the section (corrupt or written by a newer version)");
  return clusters;
}

uint64_t WordClusters::fingerprint() const {
  std::string bytes = to_section();
  return XXH64(bytes.data(), bytes.size(), 0);
}

// ---- lookup ------------------------------------------------------------------------------------

uint32_t WordClusters::lookup(const std::vector<Entry>& entries, const std::vector<uint32_t>& table,
                              std::string_view word) const {
  if (table.empty()) return kUnknown;
  const size_t mask = table.size() - 1;
  for (size_t slot = hash_key(word) & mask;; slot = (slot + 1) & mask) {
    uint32_t stored = table[slot];
    if (stored == 0) return kUnknown;
    const Entry& entry = entries[stored - 1];
    if (key(entry) == word) return entry.cluster;
  }
}

uint32_t WordClusters::find_exact(std::string_view word) const { return lookup(words_, word_table_, word); }

uint32_t WordClusters::find(std::string_view word, std::string_view lower) const {
  uint32_t cluster = lookup(words_, word_table_, word);
  if (cluster != kUnknown) return cluster;
  return lookup(lower_, lower_table_, lower);
}

uint32_t WordClusters::find(std::string_view word) const {
  uint32_t cluster = lookup(words_, word_table_, word);
  if (cluster != kUnknown || word.size() > kMaxFallbackBytes || lower_table_.empty()) return cluster;
  char buffer[kLowerBufferBytes];
  size_t length = lower_into(word, buffer);
  return lookup(lower_, lower_table_, std::string_view(buffer, length));
}

std::string_view WordClusters::path(uint32_t cluster) const {
  if (cluster >= path_begin_.size()) return {};
  return std::string_view(paths_).substr(path_begin_[cluster], path_length_[cluster]);
}

}  // namespace chronicle::models
