// Precision, recall and speed of the near-duplicate detector (chronicle/duplicates.h) on copies of
// real reports made programmatically. Seeded: the same corpus, seed and build print the same
// figures (the timings aside).
//
//   near_duplicates [--sources N] [--seed S] [REUTERS.jsonl]
//
// REUTERS.jsonl is bench/reuters_to_jsonl's output (default build/bench/reuters.jsonl; see
// bench/extract_throughput.sh to make it). The test set:
//   - sources: every story of at least 10 words from the corpus's first days, in date order,
//     until N (default 2000) of them have at least 50 words and 3 sentences (the ones that can be
//     copied). Taking whole days keeps every same-day story on the same commodity or company
//     together: they are the hard negatives (same words, different story), and so are the short
//     templated briefs ("X sets quarterly dividend", earnings tables).
//     Reuters itself repeats some stories (reissues, corrections): a story whose exact 3-shingle
//     Jaccard or containment with an earlier source is >= 0.8 is dropped, so that no negative
//     pair is in fact a copy.
//   - half the copyable sources (drawn by the seed) get seven copies: sentences shuffled; synonyms swapped
//     (a list below); boilerplate added at the start, the end or both; truncated to 50-80% of
//     its words; shuffle + synonyms + boilerplate; truncation + synonyms + boilerplate; the lead
//     only (25-45% of the words) + boilerplate, as syndicators cut. The other sources are
//     unrelated singletons.
//   - split by source story: 30% development, 70% test.
// The threshold is the one with the best pair F1 on the development split; precision, recall and
// F1 are over pairs of documents (a pair is predicted when both are in one group, and true when
// both come from one source story) on the test split. Speed is signing and grouping the test
// split from text (NearDuplicateDetector::add), best of three runs.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chronicle/duplicates.h"

namespace {

using chronicle::DuplicateOptions;
using chronicle::NearDuplicateDetector;

// splitmix64: a tiny generator whose output does not depend on the standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t value = (state_ += 0x9e3779b97f4a7c15ULL);
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  size_t below(size_t bound) { return static_cast<size_t>(next() % bound); }
  template <class T>
  void shuffle(std::vector<T>& values) {
    for (size_t idx = values.size(); idx > 1; --idx) std::swap(values[idx - 1], values[below(idx)]);
  }

 private:
  uint64_t state_;
};

struct Story {
  std::string id;
  std::string date;
  std::string text;
  bool copyable = false;  // at least 50 words and 3 sentences
};

// Sentences: after . ! ? followed by white space and an upper-case letter, digit or quote.
// Abbreviations ("U.S. Treasury") give extra cuts, which only make the shuffle finer.
std::vector<std::string> split_sentences(const std::string& text) {
  std::string flat;
  for (char c : text) {
    bool space = c == '\n' || c == '\t' || c == ' ' || c == '\r';
    if (space) {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
    } else {
      flat += c;
    }
  }
  std::vector<std::string> sentences;
  size_t start = 0;
  for (size_t pos = 0; pos + 2 < flat.size(); ++pos) {
    if ((flat[pos] == '.' || flat[pos] == '!' || flat[pos] == '?') && flat[pos + 1] == ' ') {
      char next = flat[pos + 2];
      if ((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') || next == '"') {
        sentences.push_back(flat.substr(start, pos + 1 - start));
        start = pos + 2;
      }
    }
  }
  if (start < flat.size()) sentences.push_back(flat.substr(start));
  while (!sentences.empty() && sentences.back().find_first_not_of(' ') == std::string::npos) {
    sentences.pop_back();
  }
  return sentences;
}

std::string join(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& sentence : sentences) out += (out.empty() ? "" : " ") + sentence;
  return out;
}

// Our own small list of news-style synonyms (both directions are not needed: a rewrite swaps the
// original's words). Swapped with probability 0.7 per occurrence, keeping an initial capital.
const std::unordered_map<std::string, std::string> kSynonymList = {
    {"said", "stated"},        {"says", "states"},         {"rose", "climbed"},
    {"fell", "dropped"},       {"company", "firm"},        {"pct", "percent"},
    {"mln", "million"},        {"dlrs", "dollars"},        {"billion", "bln"},
    {"shares", "stock"},       {"profit", "earnings"},     {"agreed", "consented"},
    {"talks", "negotiations"}, {"government", "administration"},
    {"expected", "anticipated"}, {"announced", "disclosed"}, {"reported", "posted"},
    {"increased", "raised"},   {"decline", "drop"},        {"buy", "purchase"},
    {"sell", "dispose of"},    {"big", "large"},           {"about", "around"},
    {"also", "additionally"},  {"because", "as"},          {"told", "informed"},
    {"help", "assist"},        {"begin", "start"},         {"end", "close"},
    {"rise", "gain"},          {"officials", "authorities"}, {"spokesman", "representative"},
    {"quarter", "three months"}, {"year", "twelve months"}, {"month", "period"},
    {"plans", "intends"},      {"sales", "revenues"},      {"market", "marketplace"},
    {"prices", "quotations"},  {"week", "seven days"},
};

std::string swap_synonyms(const std::string& text, Random& random) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (!std::isalpha(static_cast<unsigned char>(text[pos]))) {
      out += text[pos++];
      continue;
    }
    size_t end = pos;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    std::string word = text.substr(pos, end - pos);
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto found = kSynonymList.find(lower);
    if (found != kSynonymList.end() && random.uniform() < 0.7) {
      std::string replacement = found->second;
      if (std::isupper(static_cast<unsigned char>(word[0]))) {
        replacement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(replacement[0])));
      }
      out += replacement;
    } else {
      out += word;
    }
    pos = end;
  }
  return out;
}

const std::vector<std::string> kHeaders = {
    "NEW YORK (Reuters) -",
    "LONDON, March 3 (Reuters) -",
    "By a Staff Correspondent.",
    "FILE PHOTO: Traders work on the floor of the exchange.",
    "Reuters Business Briefing.",
};
const std::vector<std::string> kFooters = {
    "Copyright Reuters Limited. All rights reserved. Republication or redistribution of this "
    "content is expressly prohibited without prior written consent.",
    "Reporting by the markets desk; Editing by the news staff.",
    "For more news, visit our website and follow us on social media.",
    "Our Standards: The Trust Principles.",
    "Related coverage: markets wrap, currencies, commodities and bonds.",
    "Click here to subscribe to our daily newsletter and get the top stories in your inbox.",
};

std::string add_boilerplate(const std::string& text, Random& random) {
  size_t mode = random.below(3);  // 0 start, 1 end, 2 both
  std::string out = text;
  if (mode != 1) out = kHeaders[random.below(kHeaders.size())] + " " + out;
  if (mode != 0) out += "\n\n" + kFooters[random.below(kFooters.size())];
  return out;
}

// Keeps the first `low`-`high` fraction of the words.
std::string truncate_words(const std::string& text, Random& random, double low, double high) {
  std::vector<size_t> word_starts;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    bool space = std::isspace(static_cast<unsigned char>(text[pos]));
    if (!space && (pos == 0 || std::isspace(static_cast<unsigned char>(text[pos - 1])))) {
      word_starts.push_back(pos);
    }
  }
  double fraction = low + (high - low) * random.uniform();
  size_t keep = static_cast<size_t>(fraction * static_cast<double>(word_starts.size()));
  if (keep >= word_starts.size()) return text;
  return text.substr(0, word_starts[keep]);
}

enum Variant { kOriginal, kShuffle, kSynonyms, kBoilerplate, kTruncate, kShuffleSynBoiler,
               kTruncateSynBoiler, kLeadBoiler, kVariantCount };
const char* kVariantNames[] = {"original",
                               "shuffle",
                               "synonyms",
                               "boilerplate",
                               "truncate 50-80%",
                               "shuffle+synonyms+boilerplate",
                               "truncate 50-80%+synonyms+boilerplate",
                               "lead 25-45%+boilerplate"};

std::string make_variant(const Story& story, Variant variant, Random& random) {
  auto shuffled = [&] {
    std::vector<std::string> sentences = split_sentences(story.text);
    std::vector<std::string> original = sentences;
    for (int attempt = 0; attempt < 5 && sentences == original; ++attempt) random.shuffle(sentences);
    return join(sentences);
  };
  switch (variant) {
    case kShuffle: return shuffled();
    case kSynonyms: return swap_synonyms(story.text, random);
    case kBoilerplate: return add_boilerplate(story.text, random);
    case kTruncate: return truncate_words(story.text, random, 0.5, 0.8);
    case kShuffleSynBoiler: return add_boilerplate(swap_synonyms(shuffled(), random), random);
    case kTruncateSynBoiler:
      return add_boilerplate(swap_synonyms(truncate_words(story.text, random, 0.5, 0.8), random),
                             random);
    case kLeadBoiler:
      // A syndicated lead: the first paragraphs only, with the syndicator's header or footer.
      return add_boilerplate(truncate_words(story.text, random, 0.25, 0.45), random);
    default: return story.text;
  }
}

struct Doc {
  std::string text;
  size_t story = 0;  // label: index of its source story
  Variant variant = kOriginal;
  std::string date;
};

// Exact shingle sets (sorted hashes of the words, 3 at a time) for the reissue filter.
std::vector<uint64_t> exact_shingles(const std::string& text) {
  std::vector<std::string> words = chronicle::duplicate_words(text);
  std::vector<uint64_t> out;
  std::hash<std::string> hash;
  for (size_t first = 0; first + 3 <= words.size(); ++first) {
    out.push_back(hash(words[first] + ' ' + words[first + 1] + ' ' + words[first + 2]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Scores {
  double precision = 0, recall = 0, f1 = 0;
  uint64_t true_positives = 0, predicted = 0, actual = 0;
};

// Pair scores of a grouping: `component[i]` is document i's group. Counts runs of equal
// (group, story) and (group) in one sorted array.
Scores score(const std::vector<Doc>& docs, const std::vector<uint64_t>& component) {
  std::vector<std::pair<uint64_t, size_t>> keys(docs.size());
  std::vector<size_t> stories(docs.size());
  for (size_t idx = 0; idx < docs.size(); ++idx) {
    keys[idx] = {component[idx], docs[idx].story};
    stories[idx] = docs[idx].story;
  }
  std::sort(keys.begin(), keys.end());
  std::sort(stories.begin(), stories.end());
  auto pairs_in_runs = [](const auto& sorted, auto same) {
    uint64_t pairs = 0, run = 0;
    for (size_t idx = 0; idx < sorted.size(); ++idx) {
      run = (idx > 0 && same(sorted[idx - 1], sorted[idx])) ? run + 1 : 1;
      pairs += run - 1;  // the new member pairs with every earlier one of its run
    }
    return pairs;
  };
  Scores scores;
  scores.true_positives = pairs_in_runs(keys, [](const auto& a, const auto& b) { return a == b; });
  scores.predicted =
      pairs_in_runs(keys, [](const auto& a, const auto& b) { return a.first == b.first; });
  scores.actual = pairs_in_runs(stories, [](size_t a, size_t b) { return a == b; });
  scores.precision = scores.predicted ? double(scores.true_positives) / scores.predicted : 1.0;
  scores.recall = scores.actual ? double(scores.true_positives) / scores.actual : 1.0;
  scores.f1 = scores.precision + scores.recall > 0
                  ? 2 * scores.precision * scores.recall / (scores.precision + scores.recall)
                  : 0;
  return scores;
}

// How a pair is decided in a sweep: the library's rule (J >= t or C >= tc), Jaccard alone, or
// one threshold on max(J, C).
enum class Rule { kJaccardOrContainment, kJaccardOnly, kMax };

bool passes(const chronicle::DuplicateSimilarity& similarity, Rule rule, double threshold,
            double containment_threshold, double number_threshold) {
  if (similarity.numbers < number_threshold) return false;
  switch (rule) {
    case Rule::kJaccardOnly: return similarity.jaccard >= threshold;
    case Rule::kMax: return std::max(similarity.jaccard, similarity.containment) >= threshold;
    default:
      return similarity.jaccard >= threshold || similarity.containment >= containment_threshold;
  }
}

// Components of the pairs that pass (keys are document indices).
std::vector<uint64_t> components(size_t count, const std::vector<chronicle::DuplicatePair>& pairs,
                                 Rule rule, double threshold, double containment_threshold,
                                 double number_threshold) {
  std::vector<uint64_t> parent(count);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](uint64_t idx) {
    while (parent[idx] != idx) idx = parent[idx] = parent[parent[idx]];
    return idx;
  };
  for (const auto& pair : pairs) {
    if (!passes(pair.similarity, rule, threshold, containment_threshold, number_threshold)) {
      continue;
    }
    parent[find(pair.first)] = find(pair.second);
  }
  std::vector<uint64_t> out(count);
  for (size_t idx = 0; idx < count; ++idx) out[idx] = find(idx);
  return out;
}

struct Sweep {
  double threshold = 0;
  double containment_threshold = 0;
  int min_shingles = 0;
  double number_threshold = 0;
  Scores scores;
};

// Best thresholds on `docs` for `options` (its thresholds are ignored) by pair F1, over a grid of
// 0.01 steps for the Jaccard index and 0.02 for containment, and over `min_shingles` (documents
// with fewer shingles are never grouped); ties go to the higher values (fewer false groups).
Sweep sweep(const std::vector<Doc>& docs, DuplicateOptions options, Rule rule,
            const std::vector<int>& min_shingles = {DuplicateOptions{}.min_shingles},
            const std::vector<double>& number_thresholds = {0.0}) {
  options.threshold = 0.2;  // the floor of the sweep: keep every pair it may need
  options.containment_threshold = 0.5;
  options.number_threshold = 0;  // off unless `number_thresholds` says otherwise
  options.min_shingles = *std::min_element(min_shingles.begin(), min_shingles.end());
  NearDuplicateDetector detector(options);
  for (size_t idx = 0; idx < docs.size(); ++idx) detector.add(idx, docs[idx].text);
  const std::vector<chronicle::DuplicatePair> all_pairs = detector.pairs();
  Sweep best;
  const int containment_last = rule == Rule::kJaccardOrContainment ? 101 : 50;
  for (int min_size : min_shingles) {
    std::vector<chronicle::DuplicatePair> pairs;
    for (const auto& pair : all_pairs) {
      if (std::min(detector.signature(pair.first)->shingles,
                   detector.signature(pair.second)->shingles) >= static_cast<uint32_t>(min_size)) {
        pairs.push_back(pair);
      }
    }
    for (double number_threshold : number_thresholds) {
      for (int step = 20; step <= 100; ++step) {
        for (int containment_step = 50; containment_step <= containment_last;
             containment_step += 2) {
          double threshold = step / 100.0;
          double containment_threshold = containment_step / 100.0;  // above 1: containment off
          Scores scores = score(docs, components(docs.size(), pairs, rule, threshold,
                                                 containment_threshold, number_threshold));
          if (scores.f1 >= best.scores.f1) {
            best = {threshold, containment_threshold, min_size, number_threshold, scores};
          }
        }
      }
    }
  }
  return best;
}

void print_sweep(const std::string& setting, const Sweep& sweep, bool containment) {
  std::printf("  %-34s %5d %9.2f %11s %9.4f %9.4f %9.4f\n", setting.c_str(), sweep.min_shingles,
              sweep.threshold,
              containment ? (sweep.containment_threshold > 1 ? "off"
                                                              : std::to_string(
                                                                    sweep.containment_threshold)
                                                                    .substr(0, 4))
                                  .c_str()
                          : "-",
              sweep.scores.precision, sweep.scores.recall, sweep.scores.f1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string input = std::string(CHRONICLE_SOURCE_DIR) + "/build/bench/reuters.jsonl";
  size_t source_target = 2000;
  uint64_t seed = 20261126;
  size_t show_errors = 0;  // print this many wrong pairs of the test split
  for (int arg = 1; arg < argc; ++arg) {
    std::string value = argv[arg];
    if (value == "--sources" && arg + 1 < argc) {
      source_target = std::stoul(argv[++arg]);
    } else if (value == "--show-errors" && arg + 1 < argc) {
      show_errors = std::stoul(argv[++arg]);
    } else if (value == "--seed" && arg + 1 < argc) {
      seed = std::stoull(argv[++arg]);
    } else if (value.rfind("--", 0) == 0) {
      std::fprintf(stderr, "usage: near_duplicates [--sources N] [--seed S] [--show-errors N] "
                   "[REUTERS.jsonl]\n");
      return 2;
    } else {
      input = value;
    }
  }
  std::ifstream in(input);
  if (!in) {
    std::fprintf(stderr,
                 "near_duplicates: cannot read %s (make it with bench/reuters_to_jsonl, see "
                 "bench/extract_throughput.sh)\n",
                 input.c_str());
    return 2;
  }

  // Stories by date, then in file order.
  std::vector<Story> stories;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.contains("text")) {
      std::fprintf(stderr, "near_duplicates: %s:%zu: not a JSON record with a text\n",
                   input.c_str(), line_number);
      return 2;
    }
    Story story{record.value("id", ""), record.value("date", ""), record["text"]};
    if (story.date.empty()) continue;
    const size_t words = chronicle::duplicate_words(story.text).size();
    if (words < 10) continue;
    story.copyable = words >= 50 && split_sentences(story.text).size() >= 3;
    stories.push_back(std::move(story));
  }
  std::stable_sort(stories.begin(), stories.end(),
                   [](const Story& a, const Story& b) { return a.date < b.date; });

  // Sources: whole days in date order, without the corpus's own reissues.
  std::vector<Story> sources;
  std::vector<std::vector<uint64_t>> source_shingles;
  size_t reissues = 0, copyable = 0;
  std::string last_day;
  for (const Story& story : stories) {
    if (copyable >= source_target && story.date != last_day) break;
    std::vector<uint64_t> shingles = exact_shingles(story.text);
    bool reissue = false;
    for (const auto& other : source_shingles) {
      std::vector<uint64_t> common;
      std::set_intersection(shingles.begin(), shingles.end(), other.begin(), other.end(),
                            std::back_inserter(common));
      double jaccard = double(common.size()) / double(shingles.size() + other.size() - common.size());
      double containment = double(common.size()) / double(std::min(shingles.size(), other.size()));
      if (jaccard >= 0.8 || containment >= 0.8) {
        reissue = true;
        break;
      }
    }
    if (reissue) {
      ++reissues;
      continue;
    }
    sources.push_back(story);
    copyable += story.copyable;
    source_shingles.push_back(std::move(shingles));
    last_day = story.date;
  }

  Random random(seed);
  std::vector<Doc> dev, test;
  size_t copied = 0;
  for (size_t story_idx = 0; story_idx < sources.size(); ++story_idx) {
    std::vector<Doc>& split = random.uniform() < 0.3 ? dev : test;
    bool with_copies = random.uniform() < 0.5 && sources[story_idx].copyable;
    split.push_back({sources[story_idx].text, story_idx, kOriginal, sources[story_idx].date});
    if (!with_copies) continue;
    ++copied;
    for (int variant = kShuffle; variant < kVariantCount; ++variant) {
      split.push_back({make_variant(sources[story_idx], static_cast<Variant>(variant), random),
                       story_idx, static_cast<Variant>(variant), sources[story_idx].date});
    }
  }
  // Input order must not matter; shuffle so copies are not next to their originals.
  random.shuffle(dev);
  random.shuffle(test);

  std::printf("near-duplicate detector: %s\n", input.c_str());
  std::printf("sources        %zu stories, %s to %s (%zu reissues dropped), %zu of at least 50 "
              "words and 3 sentences, %zu of them with %d copies\n",
              sources.size(), sources.front().date.c_str(), sources.back().date.c_str(), reissues,
              copyable, copied, kVariantCount - 1);
  std::printf("documents      dev %zu, test %zu (seed %llu)\n\n", dev.size(), test.size(),
              static_cast<unsigned long long>(seed));

  // Development split: the shingle width, the rule and the thresholds.
  std::printf("development split, best pair F1 over the thresholds:\n");
  std::printf("  %-34s %5s %9s %11s %9s %9s %9s\n", "setting", "min", "threshold", "containment",
              "precision", "recall", "F1");
  Sweep best;
  int best_width = 0;
  for (int width : {1, 2, 3, 4, 5}) {
    DuplicateOptions options;
    options.shingle_words = width;
    Sweep found = sweep(dev, options, Rule::kJaccardOrContainment);
    print_sweep("J or C, shingles of " + std::to_string(width) + " words", found, true);
    if (found.scores.f1 > best.scores.f1) {
      best = found;
      best_width = width;
    }
  }
  DuplicateOptions chosen;
  chosen.shingle_words = best_width;
  best = sweep(dev, chosen, Rule::kJaccardOrContainment, {10, 15, 20, 25, 30, 40},
               {0.0, 0.2, 0.3, 0.4, 0.5, 0.6});
  print_sweep(std::to_string(best_width) + " words, J or C, min, numbers swept", best, true);
  print_sweep(std::to_string(best_width) + " words, Jaccard only",
              sweep(dev, chosen, Rule::kJaccardOnly), false);
  print_sweep(std::to_string(best_width) + " words, max(J, C) >= threshold",
              sweep(dev, chosen, Rule::kMax), false);
  chosen.threshold = best.threshold;
  chosen.containment_threshold = best.containment_threshold;
  chosen.min_shingles = best.min_shingles;
  chosen.number_threshold = best.number_threshold;
  const DuplicateOptions defaults;
  std::printf("chosen         %d-word shingles, Jaccard >= %.2f or containment >= %.2f, numbers "
              "shared >= %.2f, at least %d shingles\n"
              "               (library defaults %d, %.2f, %.2f, %.2f, %d)\n\n",
              chosen.shingle_words, chosen.threshold, chosen.containment_threshold,
              chosen.number_threshold, chosen.min_shingles, defaults.shingle_words,
              defaults.threshold, defaults.containment_threshold, defaults.number_threshold,
              defaults.min_shingles);

  // Test split, through the production path.
  NearDuplicateDetector detector(chosen);
  for (size_t idx = 0; idx < test.size(); ++idx) detector.add(idx, test[idx].text);
  std::vector<uint64_t> group(test.size());
  for (size_t idx = 0; idx < test.size(); ++idx) group[idx] = detector.group_of(idx).front();
  Scores scores = score(test, group);
  std::printf("test split, pairs: precision %.4f  recall %.4f  F1 %.4f\n", scores.precision,
              scores.recall, scores.f1);
  std::printf("               (%llu true pairs, %llu predicted, %llu correct)\n",
              static_cast<unsigned long long>(scores.actual),
              static_cast<unsigned long long>(scores.predicted),
              static_cast<unsigned long long>(scores.true_positives));
  // Recall of each kind of copy: is it in its original's group?
  std::map<size_t, size_t> original_of;
  for (size_t idx = 0; idx < test.size(); ++idx) {
    if (test[idx].variant == kOriginal) original_of[test[idx].story] = idx;
  }
  std::printf("  recall by kind of copy (copy grouped with its original):\n");
  for (int variant = kShuffle; variant < kVariantCount; ++variant) {
    size_t total = 0, found = 0;
    for (size_t idx = 0; idx < test.size(); ++idx) {
      if (test[idx].variant != variant) continue;
      ++total;
      found += group[idx] == group[original_of[test[idx].story]];
    }
    std::printf("    %-30s %.4f (%zu/%zu)\n", kVariantNames[variant],
                total ? double(found) / total : 0.0, found, total);
  }
  // False pairs between different stories, and how many of them are from the same day.
  size_t false_pairs = 0, same_day = 0;
  std::map<uint64_t, std::vector<size_t>> members;
  for (size_t idx = 0; idx < test.size(); ++idx) members[group[idx]].push_back(idx);
  for (const auto& [root, docs] : members) {
    for (size_t a = 0; a < docs.size(); ++a) {
      for (size_t b = a + 1; b < docs.size(); ++b) {
        if (test[docs[a]].story == test[docs[b]].story) continue;
        ++false_pairs;
        same_day += test[docs[a]].date == test[docs[b]].date;
      }
    }
  }
  std::printf("  false pairs: %zu (%zu of them between same-day stories)\n\n", false_pairs,
              same_day);
  size_t shown = 0;
  for (const chronicle::DuplicatePair& pair : detector.pairs()) {
    const Doc& a = test[pair.first];
    const Doc& b = test[pair.second];
    if (a.story == b.story || shown++ >= show_errors) continue;
    std::printf("false edge: J %.3f C %.3f shingles %u/%u\n  [%s %s] %.300s\n  [%s %s] %.300s\n",
                pair.similarity.jaccard, pair.similarity.containment,
                detector.signature(pair.first)->shingles, detector.signature(pair.second)->shingles,
                sources[a.story].id.c_str(), kVariantNames[a.variant], a.text.c_str(),
                sources[b.story].id.c_str(), kVariantNames[b.variant], b.text.c_str());
  }

  // Speed: sign and group the test split from text; best of three, wall clock and CPU time (the
  // CPU figure is the one to compare when other work shares the machine).
  size_t bytes = 0;
  for (const Doc& doc : test) bytes += doc.text.size();
  double best_seconds = 1e9, best_cpu = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    NearDuplicateDetector timed(chosen);
    for (size_t idx = 0; idx < test.size(); ++idx) timed.add(idx, test[idx].text);
    size_t groups = timed.groups().size();
    double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (groups == 0) std::printf("(no groups)\n");
    best_seconds = std::min(best_seconds, seconds);
    best_cpu = std::min(best_cpu, cpu);
  }
  std::printf("speed          %zu documents, %.2f MB, sign + group, one thread:\n", test.size(),
              bytes / 1e6);
  std::printf("  wall clock   %.3f s: %.0f documents/s, %.2f MB/s\n", best_seconds,
              test.size() / best_seconds, bytes / 1e6 / best_seconds);
  std::printf("  CPU time     %.3f s: %.0f documents/s, %.2f MB/s\n", best_cpu,
              test.size() / best_cpu, bytes / 1e6 / best_cpu);
  return 0;
}
