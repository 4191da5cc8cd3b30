#include "training/tagger_training.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace chronicle::training {
namespace {

using models::ByteReader;
using models::ByteWriter;
using models::LemmaScript;
using models::Tagger;
using models::TaggerParts;
using models::TaggerWeights;
using models::TreebankSentence;
using namespace models;  // kDictionary* word classes

// The tagger's run-time weights from a trained perceptron: the averaged, pruned weights in
// LinearModel's serialised layout, read by TaggerWeights (its faster scoring table).
TaggerWeights tagger_weights(const PerceptronTrainer& perceptron, float prune_below) {
  std::string bytes = perceptron.averaged().serialize(perceptron.classes(), prune_below);
  ByteReader in(bytes, "trained weights");
  auto model = TaggerWeights::read(in);
  return model.ok() ? std::move(model).value() : TaggerWeights();  // cannot fail: we wrote the bytes
}

// ---- helpers --------------------------------------------------------------------------------------

// A permutation of [0, size) from `random`; the same on every platform (std::shuffle is not).
std::vector<size_t> shuffled(size_t size, std::mt19937_64& random) {
  std::vector<size_t> order(size);
  for (size_t idx = 0; idx < size; ++idx) order[idx] = idx;
  for (size_t idx = size; idx > 1; --idx) std::swap(order[idx - 1], order[random() % idx]);
  return order;
}

// The best class; ties go to the lowest (as in Tagger::tag).
uint16_t argmax(const std::vector<float>& scores, size_t classes) {
  size_t best = 0;
  for (size_t cls = 1; cls < classes; ++cls)
    if (scores[cls] > scores[best]) best = cls;
  return static_cast<uint16_t>(best);
}

std::string script_key(const LemmaScript& script) {
  return std::to_string(script.base) + "|" + std::to_string(script.strip) + "|" + script.append;
}

std::string today(const std::string& explicit_date) {
  if (!explicit_date.empty()) return explicit_date;
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"))
    now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed2(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// Reads word clusters: one "BITS<TAB>WORD[<TAB>COUNT]" (Liang's wcluster "paths") or
// "WORD<TAB>BITS" per line. Paths longer than 64 bits keep their first 64.
Result<std::vector<TaggerParts::ClusterEntry>> read_clusters(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(path + ": cannot open clusters file");
  auto is_bits = [](std::string_view text) {
    return !text.empty() && text.find_first_not_of("01") == std::string_view::npos;
  };
  std::map<uint64_t, TaggerParts::ClusterEntry> entries;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields;
    std::string_view rest = line;
    while (true) {
      size_t tab = rest.find('\t');
      fields.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    if (fields.size() < 2) return Error(path + ":" + std::to_string(line_number) + ": expected BITS<TAB>WORD");
    std::string_view bits, word;
    if (is_bits(fields[0])) {
      bits = fields[0];
      word = fields[1];
    } else if (is_bits(fields[1])) {
      bits = fields[1];
      word = fields[0];
    } else {
      return Error(path + ":" + std::to_string(line_number) + ": no cluster bit string");
    }
    TaggerParts::ClusterEntry entry;
    entry.key = Tagger::word_key(word);
    entry.length = static_cast<uint8_t>(std::min<size_t>(bits.size(), 64));
    for (size_t idx = 0; idx < entry.length; ++idx)
      if (bits[idx] == '1') entry.bits |= 1ull << (63 - idx);
    entries.emplace(entry.key, entry);  // the first line for a word wins
  }
  std::vector<TaggerParts::ClusterEntry> sorted;
  for (const auto& [key, entry] : entries) sorted.push_back(entry);
  return sorted;
}

// Word classes of WordNet 3.0 (`dir` holds index.{noun,verb,adj,adv} and {noun,verb,adj}.exc):
// every single-word lemma, its regular inflections (a generous guess: "-s", "-es", "-ies",
// "-ed", "-d", "-ied", "-ing", "-er", "-est"; an inflected form that is not an English word is
// never looked up) and the irregular forms of the exception lists.
struct WordNet {
  std::vector<TaggerParts::DictionaryEntry> entries;
  struct Irregular {
    std::string form, lemma, xpos;
  };
  std::vector<Irregular> irregular;  // from the exception lists, with the Penn tags they would have
};

Result<WordNet> read_wordnet(const std::string& dir) {
  WordNet wordnet;
  std::map<std::string, uint16_t> classes;
  // Per form: sense-tagged occurrences of its lemmas in each word class.
  std::map<std::string, std::array<int, 4>> tagged;
  int current_class = 0, current_count = 0;
  auto add = [&](const std::string& form, uint16_t cls) {
    if (form.empty()) return;
    classes[form] |= cls;
    auto& counts = tagged[form];
    counts[current_class] = std::max(counts[current_class], current_count);
  };
  auto ends_with_any = [](const std::string& word, std::initializer_list<std::string_view> endings) {
    for (std::string_view ending : endings)
      if (word.ends_with(ending)) return true;
    return false;
  };
  auto consonant_y = [](const std::string& word) {
    return word.size() >= 2 && word.back() == 'y' &&
           std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos;
  };
  auto plural = [&](const std::string& word) {
    if (consonant_y(word)) return word.substr(0, word.size() - 1) + "ies";
    if (ends_with_any(word, {"s", "x", "z", "ch", "sh"})) return word + "es";
    if (word.ends_with("man")) return word.substr(0, word.size() - 3) + "men";
    return word + "s";
  };
  struct File {
    const char* name;
    uint16_t lemma_class;
  };
  for (const File& file : {File{"index.noun", kDictionaryNoun}, File{"index.verb", kDictionaryVerb},
                           File{"index.adj", kDictionaryAdjective}, File{"index.adv", kDictionaryAdverb}}) {
    std::string path = dir + "/" + file.name;
    std::ifstream in(path);
    if (!in) return Error(path + ": cannot open WordNet index");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // licence header
      std::string lemma = line.substr(0, line.find(' '));
      if (lemma.find('_') != std::string::npos) continue;  // multiword expression
      // "lemma pos synset_cnt p_cnt ptr_symbol... sense_cnt tagsense_cnt synset_offset..."
      std::istringstream fields(line);
      std::string skip;
      int synsets = 0, pointers = 0;
      fields >> skip >> skip >> synsets >> pointers;
      for (int idx = 0; idx < pointers; ++idx) fields >> skip;
      int senses = 0, tagsenses = 0;
      fields >> senses >> tagsenses;
      current_class = file.lemma_class == kDictionaryNoun        ? 0
                      : file.lemma_class == kDictionaryVerb      ? 1
                      : file.lemma_class == kDictionaryAdjective ? 2
                                                                 : 3;
      current_count = fields ? tagsenses : 0;
      add(lemma, file.lemma_class);
      if (file.lemma_class == kDictionaryNoun) {
        add(plural(lemma), kDictionaryNounPlural);
      } else if (file.lemma_class == kDictionaryVerb) {
        add(plural(lemma), kDictionaryVerbThirdPerson);
        std::string stem = lemma.ends_with("e") ? lemma.substr(0, lemma.size() - 1) : lemma;
        add(consonant_y(lemma) ? lemma.substr(0, lemma.size() - 1) + "ied" : stem + "ed", kDictionaryVerbPast);
        add((lemma.ends_with("ee") || lemma.ends_with("ye") || lemma.ends_with("oe")) ? lemma + "ing" : stem + "ing",
            kDictionaryVerbGerund);
      } else if (file.lemma_class == kDictionaryAdjective && lemma.size() <= 8) {
        std::string stem = consonant_y(lemma)     ? lemma.substr(0, lemma.size() - 1) + "i"
                           : lemma.ends_with("e") ? lemma.substr(0, lemma.size() - 1)
                                                  : lemma;
        add(stem + "er", kDictionaryComparative);
        add(stem + "est", kDictionarySuperlative);
      }
    }
  }
  current_count = 0;
  for (const char* name : {"noun.exc", "verb.exc", "adj.exc", "adv.exc"}) {
    current_class = name[0] == 'n' ? 0 : name[0] == 'v' ? 1 : name[1] == 'd' && name[2] == 'j' ? 2 : 3;
    std::string path = dir + "/" + name;
    std::ifstream in(path);
    if (!in) return Error(path + ": cannot open WordNet exception list");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string form, lemma;
      fields >> form >> lemma;
      if (form.empty() || lemma.empty() || form.find('_') != std::string::npos || lemma.find('_') != std::string::npos)
        continue;
      auto irregular = [&](const char* xpos) { wordnet.irregular.push_back({form, lemma, xpos}); };
      if (current_class == 0) {
        add(form, kDictionaryNounPlural);
        irregular("NNS");
      } else if (current_class == 1) {
        if (form.ends_with("ing")) {
          add(form, kDictionaryVerbGerund);
          irregular("VBG");
        } else if (form.ends_with("s")) {
          add(form, kDictionaryVerbThirdPerson);
          irregular("VBZ");
        } else {
          add(form, kDictionaryVerbPast);
          irregular("VBD");
          irregular("VBN");
        }
      } else {
        bool superlative = form.ends_with("st");
        if (current_class == 2) add(form, superlative ? kDictionarySuperlative : kDictionaryComparative);
        irregular(current_class == 2 ? (superlative ? "JJS" : "JJR") : (superlative ? "RBS" : "RBR"));
      }
    }
  }
  std::map<uint64_t, uint16_t> by_key;
  for (const auto& [form, cls] : classes) {
    const auto& counts = tagged[form];
    int best = -1;
    for (int idx = 0; idx < 4; ++idx)
      if (counts[idx] > 0 && (best < 0 || counts[idx] > counts[best])) best = idx;
    uint16_t commonest = static_cast<uint16_t>((best + 1) << kDictionaryCommonestShift);
    by_key[Tagger::word_key(form)] |= cls | commonest;
  }
  for (const auto& [key, cls] : by_key) wordnet.entries.push_back({key, cls});
  return wordnet;
}

// ---- the trainer ----------------------------------------------------------------------------------

struct Corpus {
  std::vector<std::vector<std::string_view>> words;
  std::vector<std::vector<uint16_t>> tags;  // gold joint classes
  std::vector<std::vector<uint8_t>> rare;   // 1: the form is rare, 2: its lower-case form too
};

class Trainer {
 public:
  Trainer(const TaggerTrainOptions& options, std::ostream& log) : options_(options), log_(log) {}

  Result<Tagger> run(const std::vector<TreebankSentence>& train, const std::vector<TreebankSentence>& dev);

 private:
  void build_labels(const std::vector<TreebankSentence>& train);
  void build_lexicon();
  // Trains one pass on the sentences `subset` of the corpus; `first_pass_tags` (for pass 1) are
  // the pass-0 tags of every sentence.
  TaggerWeights train_pass(const Tagger& base, int pass, const std::vector<size_t>& subset, int epochs,
                           const std::vector<std::vector<uint16_t>>* first_pass_tags, uint64_t seed);
  void train_lemmas(const std::vector<TreebankSentence>& train, const Tagger& base);
  Result<Tagger> with_models(std::vector<TaggerWeights> pass_models) const;

  const TaggerTrainOptions& options_;
  std::ostream& log_;
  TaggerParts parts_;                          // everything but the pass models
  std::vector<WordNet::Irregular> irregular_;  // irregular inflections from the dictionary
  Corpus corpus_;
};

void Trainer::build_labels(const std::vector<TreebankSentence>& train) {
  std::map<std::string, uint16_t> upos, xpos;
  std::map<std::pair<std::string, std::string>, uint16_t> joint;
  for (const auto& sentence : train)
    for (const auto& word : sentence.words) {
      upos[word.upos] = 0;
      xpos[word.xpos] = 0;
      joint[{word.upos, word.xpos}] = 0;
    }
  for (auto& [name, id] : upos) {
    id = static_cast<uint16_t>(parts_.upos_names.size());
    parts_.upos_names.push_back(name);
  }
  for (auto& [name, id] : xpos) {
    id = static_cast<uint16_t>(parts_.xpos_names.size());
    parts_.xpos_names.push_back(name);
  }
  for (auto& [names, id] : joint) {
    id = static_cast<uint16_t>(parts_.tags.size());
    parts_.tags.emplace_back(upos[names.first], xpos[names.second]);
  }
  for (const auto& sentence : train) {
    std::vector<std::string_view> words;
    std::vector<uint16_t> tags;
    for (const auto& word : sentence.words) {
      words.push_back(word.form);
      tags.push_back(joint[{word.upos, word.xpos}]);
    }
    corpus_.words.push_back(std::move(words));
    corpus_.tags.push_back(std::move(tags));
  }
}

void Trainer::build_lexicon() {
  std::map<uint64_t, std::map<uint16_t, int>> counts;  // word key → class → count
  std::map<uint64_t, int> lower_counts;
  std::string lowered;
  for (size_t sentence_idx = 0; sentence_idx < corpus_.words.size(); ++sentence_idx)
    for (size_t idx = 0; idx < corpus_.words[sentence_idx].size(); ++idx) {
      ++counts[Tagger::word_key(corpus_.words[sentence_idx][idx])][corpus_.tags[sentence_idx][idx]];
      lowered.clear();
      Tagger::append_lower(corpus_.words[sentence_idx][idx], lowered);
      ++lower_counts[Tagger::word_key(lowered)];
    }
  // Which rare words the training may hide (see TaggerTrainOptions::unknown_dropout).
  corpus_.rare.clear();
  for (size_t sentence_idx = 0; sentence_idx < corpus_.words.size(); ++sentence_idx) {
    std::vector<uint8_t> rare;
    for (std::string_view word : corpus_.words[sentence_idx]) {
      int total = 0;
      for (const auto& [cls, count] : counts[Tagger::word_key(word)]) total += count;
      lowered.clear();
      Tagger::append_lower(word, lowered);
      uint8_t flags = total <= options_.unknown_max_count ? 1 : 0;
      if (flags && lower_counts[Tagger::word_key(lowered)] <= options_.unknown_max_count) flags |= 2;
      rare.push_back(flags);
    }
    corpus_.rare.push_back(std::move(rare));
  }

  std::map<uint64_t, TaggerParts::WordEntry> entries;
  for (const auto& [key, count] : lower_counts) {
    entries[key].key = key;
    entries[key].seen |= TaggerParts::kSeenLower;
  }
  size_t fixed = 0;
  for (const auto& [key, by_class] : counts) {
    TaggerParts::WordEntry& entry = entries[key];
    entry.key = key;
    entry.seen |= TaggerParts::kSeenForm;
    int total = 0, top = 0;
    uint16_t top_class = 0;
    for (const auto& [cls, count] : by_class) {
      total += count;
      if (count > top) {
        top = count;
        top_class = cls;
      }
    }
    if (total >= options_.fixed_min_count && top >= options_.fixed_min_share * total) {
      entry.fixed_tag = top_class;
      ++fixed;
    }
  }
  for (const auto& [key, entry] : entries) parts_.words.push_back(entry);
  log_ << "vocabulary: " << parts_.words.size() << " forms and lower-case forms; " << fixed
       << " words with a fixed tag\n";
}

Result<Tagger> Trainer::with_models(std::vector<TaggerWeights> pass_models) const {
  TaggerParts parts = parts_;
  parts.pass_models = std::move(pass_models);
  return Tagger::from_parts(std::move(parts));
}

TaggerWeights Trainer::train_pass(const Tagger& base, int pass, const std::vector<size_t>& subset, int epochs,
                                  const std::vector<std::vector<uint16_t>>* first_pass_tags, uint64_t seed) {
  PerceptronTrainer perceptron(static_cast<uint32_t>(parts_.tags.size()));
  std::mt19937_64 random(seed);
  std::mt19937_64 dropout(seed ^ 0x64726f706f7574ull);
  auto drop = [&] { return static_cast<double>(dropout() >> 11) * 0x1.0p-53 < options_.unknown_dropout; };
  Tagger::Scratch scratch;
  std::vector<uint64_t> features;
  std::vector<float> scores(parts_.tags.size());
  auto start = std::chrono::steady_clock::now();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    size_t correct = 0, total = 0;
    for (size_t order_idx : shuffled(subset.size(), random)) {
      size_t sentence_idx = subset[order_idx];
      const auto& words = corpus_.words[sentence_idx];
      const auto& gold = corpus_.tags[sentence_idx];
      base.prepare(words, scratch);
      for (size_t token_idx = 0; token_idx < words.size(); ++token_idx) {
        uint8_t rare = corpus_.rare[sentence_idx][token_idx];
        if (rare != 0 && drop()) base.hide_word(token_idx, (rare & 2) != 0, scratch);
      }
      if (pass == 1)
        std::copy((*first_pass_tags)[sentence_idx].begin(), (*first_pass_tags)[sentence_idx].end(),
                  scratch.pass_tags(0).begin());
      std::span<uint16_t> tags = scratch.pass_tags(pass);
      for (size_t step = 0; step < words.size(); ++step) {
        const size_t token_idx = base.reversed(pass) ? words.size() - 1 - step : step;
        uint16_t fixed = base.fixed_tag(token_idx, scratch);
        if (fixed != TaggerParts::kNoTag) {
          tags[token_idx] = fixed;
          continue;
        }
        base.pass_features(pass, token_idx, scratch, features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        perceptron.score(features, scores.data());
        uint16_t guess = argmax(scores, parts_.tags.size());
        perceptron.update(features, gold[token_idx], guess);
        perceptron.tick();
        tags[token_idx] = guess;
        correct += guess == gold[token_idx];
        ++total;
      }
    }
    log_ << "  pass " << pass + 1 << " epoch " << epoch + 1 << "/" << epochs << ": "
         << fixed2(100.0 * static_cast<double>(correct) / static_cast<double>(std::max<size_t>(total, 1)))
         << "% of scored words right while training, " << perceptron.features() << " features, "
         << fixed2(seconds_since(start)) << " s\n";
  }
  TaggerWeights model = tagger_weights(perceptron, options_.prune_below);
  log_ << "  pass " << pass + 1 << ": " << model.features() << " features, " << model.weights()
       << " weights after pruning\n";
  return model;
}

void Trainer::train_lemmas(const std::vector<TreebankSentence>& train, const Tagger& base) {
  // Lemma counts per (form, class) for the classifier and per (form, xpos) for the table.
  std::map<std::pair<std::string, uint16_t>, std::map<std::string, int>> by_class, by_xpos;
  for (size_t sentence_idx = 0; sentence_idx < train.size(); ++sentence_idx)
    for (size_t idx = 0; idx < train[sentence_idx].words.size(); ++idx) {
      const auto& word = train[sentence_idx].words[idx];
      uint16_t cls = corpus_.tags[sentence_idx][idx];
      ++by_class[{word.form, cls}][word.lemma];
      ++by_xpos[{word.form, parts_.tags[cls].second}][word.lemma];
    }
  auto majority = [](const std::map<std::string, int>& lemmas) {
    const std::string* best = nullptr;
    int best_count = 0;
    for (const auto& [lemma, count] : lemmas)
      if (count > best_count) {
        best = &lemma;
        best_count = count;
      }
    return *best;
  };

  // Script classes: the identity first, then by the number of (form, class) types they serve.
  std::map<std::string, std::pair<LemmaScript, int>> script_counts;
  for (const auto& [type, lemmas] : by_class) {
    LemmaScript script = Tagger::make_script(type.first, majority(lemmas));
    auto& slot = script_counts[script_key(script)];
    slot.first = script;
    ++slot.second;
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [key, value] : script_counts)
    if (value.second >= options_.min_script_count && !(value.first == LemmaScript{}))
      ranked.emplace_back(-value.second, key);
  std::sort(ranked.begin(), ranked.end());
  parts_.scripts = {LemmaScript{}};
  std::map<std::string, uint32_t> script_ids = {{script_key(LemmaScript{}), 0}};
  for (const auto& [negative_count, key] : ranked) {
    script_ids[key] = static_cast<uint32_t>(parts_.scripts.size());
    parts_.scripts.push_back(script_counts[key].first);
  }

  // The classifier, on distinct (form, class) types whose script is a class.
  struct Sample {
    std::vector<uint64_t> features;
    uint32_t script;
  };
  std::vector<Sample> samples;
  std::string lowered;
  for (const auto& [type, lemmas] : by_class) {
    auto found = script_ids.find(script_key(Tagger::make_script(type.first, majority(lemmas))));
    if (found == script_ids.end()) continue;
    lowered.clear();
    Tagger::append_lower(type.first, lowered);
    Sample sample;
    base.lemma_features(type.first, lowered, type.second, sample.features);
    sample.script = found->second;
    samples.push_back(std::move(sample));
  }
  PerceptronTrainer perceptron(static_cast<uint32_t>(parts_.scripts.size()));
  std::mt19937_64 random(options_.seed ^ 0x6c656d6d61ull);
  std::vector<float> scores(parts_.scripts.size());
  for (int epoch = 0; epoch < options_.lemma_epochs; ++epoch) {
    size_t correct = 0;
    for (size_t sample_idx : shuffled(samples.size(), random)) {
      const Sample& sample = samples[sample_idx];
      std::fill(scores.begin(), scores.end(), 0.0f);
      perceptron.score(sample.features, scores.data());
      uint16_t guess = argmax(scores, parts_.scripts.size());
      perceptron.update(sample.features, sample.script, guess);
      perceptron.tick();
      correct += guess == sample.script;
    }
    if (epoch + 1 == options_.lemma_epochs)
      log_ << "  lemma scripts: " << parts_.scripts.size() << " classes, " << samples.size() << " types, "
           << fixed2(100.0 * static_cast<double>(correct) / static_cast<double>(std::max<size_t>(samples.size(), 1)))
           << "% right in the last epoch\n";
  }
  parts_.lemma_model = tagger_weights(perceptron, options_.prune_below);

  // The table: every (form, xpos) of the training data → its script, or its whole lemma.
  std::map<uint64_t, uint32_t> table;
  std::map<std::string, uint32_t> irregular_ids;
  for (const auto& [type, lemmas] : by_xpos) {
    std::string lemma = majority(lemmas);
    auto found = script_ids.find(script_key(Tagger::make_script(type.first, lemma)));
    uint32_t value;
    if (found != script_ids.end()) {
      value = found->second;
    } else {
      auto [irregular, inserted] = irregular_ids.emplace(lemma, static_cast<uint32_t>(irregular_ids.size()));
      value = irregular->second;
      value |= 0x80000000u;  // resolved below, once the script count is final
    }
    table[Tagger::lemma_key(type.first, type.second)] = value;
  }
  // The dictionary's irregular inflections ("sank" VBD → "sink") for words the treebank lacks.
  std::map<std::string_view, uint16_t> xpos_ids;
  for (size_t idx = 0; idx < parts_.xpos_names.size(); ++idx)
    xpos_ids[parts_.xpos_names[idx]] = static_cast<uint16_t>(idx);
  size_t added = 0;
  for (const auto& entry : irregular_) {
    auto xpos = xpos_ids.find(entry.xpos);
    if (xpos == xpos_ids.end()) continue;
    uint64_t key = Tagger::lemma_key(entry.form, xpos->second);
    if (table.count(key)) continue;
    auto found = script_ids.find(script_key(Tagger::make_script(entry.form, entry.lemma)));
    uint32_t value;
    if (found != script_ids.end()) {
      value = found->second;
    } else {
      auto [irregular, inserted] = irregular_ids.emplace(entry.lemma, static_cast<uint32_t>(irregular_ids.size()));
      value = irregular->second | 0x80000000u;
    }
    table[key] = value;
    ++added;
  }
  parts_.irregular_lemmas.assign(irregular_ids.size(), "");
  for (const auto& [lemma, id] : irregular_ids) parts_.irregular_lemmas[id] = lemma;
  parts_.lemma_table.clear();
  for (const auto& [key, value] : table) {
    uint32_t resolved =
        (value & 0x80000000u) ? static_cast<uint32_t>(parts_.scripts.size()) + (value & 0x7fffffffu) : value;
    parts_.lemma_table.push_back({key, resolved});
  }
  log_ << "  lemma table: " << parts_.lemma_table.size() << " (form, xpos) pairs (" << added
       << " from the dictionary), " << parts_.irregular_lemmas.size() << " irregular lemmas\n";
}

// Sentences every model re-tags on load (see Tagger::check_selftest).
const std::vector<std::vector<std::string>>& selftest_sentences() {
  static const std::vector<std::vector<std::string>> sentences = {
      {"Troops", "fired", "on", "protesters", "in", "the", "capital", "on", "Monday", ",", "killing", "three", "people",
       "."},
      {"The", "president", "said", "he", "would", "n't", "resign", "and", "called", "the", "reports", "lies", "."},
      {"Rebels", "have", "seized", "Goma", "'s", "airport", ",", "officials", "told", "Reuters", "on", "Friday", "."},
  };
  return sentences;
}

Result<Tagger> Trainer::run(const std::vector<TreebankSentence>& train, const std::vector<TreebankSentence>& dev) {
  auto start = std::chrono::steady_clock::now();
  if (train.empty()) return Error(join_paths(options_.train_paths) + ": no training sentences");
  if (options_.passes < 1 || options_.passes > 2) return Error("tagger training: passes must be 1 or 2");
  if (options_.epochs < 1) return Error("tagger training: epochs must be at least 1");
  build_labels(train);
  log_ << "tagger: " << train.size() << " training sentences, " << parts_.upos_names.size() << " UPOS, "
       << parts_.xpos_names.size() << " XPOS, " << parts_.tags.size() << " joint tags\n";
  build_lexicon();
  if (!options_.clusters_path.empty()) {
    auto clusters = read_clusters(options_.clusters_path);
    if (!clusters.ok()) return clusters.error();
    parts_.clusters = std::move(clusters).value();
    log_ << "clusters: " << parts_.clusters.size() << " words\n";
  }
  if (!options_.dictionary_path.empty()) {
    auto wordnet = read_wordnet(options_.dictionary_path);
    if (!wordnet.ok()) return wordnet.error();
    parts_.dictionary = std::move(wordnet.value().entries);
    irregular_ = std::move(wordnet.value().irregular);
    log_ << "dictionary: " << parts_.dictionary.size() << " word forms\n";
  }
  parts_.first_pass_reversed = options_.first_pass_reversed;
  auto base = with_models({});
  if (!base.ok()) return base.error();

  std::vector<size_t> all(corpus_.words.size());
  for (size_t idx = 0; idx < all.size(); ++idx) all[idx] = idx;
  std::vector<TaggerWeights> pass_models;
  pass_models.push_back(train_pass(base.value(), 0, all, options_.epochs, nullptr, options_.seed));

  if (options_.passes == 2) {
    // Pass-1 tags for pass 2's training, by jackknifing.
    std::vector<std::vector<uint16_t>> first_pass_tags(corpus_.words.size());
    Tagger::Scratch scratch;
    std::vector<models::TaggedWord> out;
    auto tag_with = [&](const Tagger& tagger, const std::vector<size_t>& sentences) {
      for (size_t sentence_idx : sentences) {
        out.resize(corpus_.words[sentence_idx].size());
        tagger.tag(corpus_.words[sentence_idx], scratch, out);
        first_pass_tags[sentence_idx].clear();
        for (const auto& word : out) first_pass_tags[sentence_idx].push_back(word.tag);
      }
    };
    int folds = options_.jackknife_folds;
    if (folds >= 2 && static_cast<size_t>(folds) <= all.size()) {
      int epochs = options_.jackknife_epochs > 0 ? options_.jackknife_epochs : options_.epochs;
      for (int fold = 0; fold < folds; ++fold) {
        std::vector<size_t> rest, held_out;
        for (size_t idx : all) (static_cast<int>(idx % folds) == fold ? held_out : rest).push_back(idx);
        log_ << "jackknife fold " << fold + 1 << "/" << folds << "\n";
        std::vector<TaggerWeights> fold_models;
        fold_models.push_back(train_pass(base.value(), 0, rest, epochs, nullptr, options_.seed + 1 + fold));
        auto fold_tagger = with_models(std::move(fold_models));
        if (!fold_tagger.ok()) return fold_tagger.error();
        tag_with(fold_tagger.value(), held_out);
      }
    } else {
      auto first = with_models({pass_models[0]});
      if (!first.ok()) return first.error();
      tag_with(first.value(), all);
    }
    size_t right = 0, total = 0;
    for (size_t idx : all)
      for (size_t token_idx = 0; token_idx < first_pass_tags[idx].size(); ++token_idx) {
        right += first_pass_tags[idx][token_idx] == corpus_.tags[idx][token_idx];
        ++total;
      }
    log_ << "pass-1 tags for pass 2: " << fixed2(100.0 * static_cast<double>(right) / static_cast<double>(total))
         << "% right\n";
    pass_models.push_back(train_pass(base.value(), 1, all, options_.epochs, &first_pass_tags, options_.seed + 100));
  }

  train_lemmas(train, base.value());

  parts_.metadata["epochs"] = std::to_string(options_.epochs);
  parts_.metadata["passes"] = std::to_string(options_.passes);
  parts_.metadata["first_pass"] = options_.first_pass_reversed ? "right-to-left" : "left-to-right";
  parts_.metadata["jackknife_folds"] = std::to_string(options_.jackknife_folds);
  parts_.metadata["jackknife_epochs"] = std::to_string(options_.jackknife_epochs);
  parts_.metadata["lemma_epochs"] = std::to_string(options_.lemma_epochs);
  parts_.metadata["seed"] = std::to_string(options_.seed);
  parts_.metadata["train"] = join_paths(options_.train_paths);
  parts_.metadata["dev"] = options_.dev_path;
  parts_.metadata["clusters"] = options_.clusters_path;
  parts_.metadata["dictionary"] = options_.dictionary_path;
  parts_.metadata["trained"] = today(options_.date);
  parts_.metadata["fixed_tags"] =
      std::to_string(options_.fixed_min_count) + " " + fixed2(options_.fixed_min_share * 100);
  parts_.metadata["unknown_dropout"] =
      fixed2(options_.unknown_dropout) + " " + std::to_string(options_.unknown_max_count);
  parts_.metadata["min_script_count"] = std::to_string(options_.min_script_count);
  parts_.metadata["prune_below"] = std::to_string(options_.prune_below);
  auto tagger = with_models(pass_models);
  if (!tagger.ok()) return tagger.error();
  if (!dev.empty()) {
    auto figures = evaluate_tagger(tagger.value(), dev);
    log_ << "dev:";
    for (const auto& figure : figures) {
      log_ << " " << figure.name << " " << fixed2(figure.value);
      parts_.metadata["dev_" + figure.name] = fixed2(figure.value);
    }
    log_ << "\n";
    tagger = with_models(std::move(pass_models));
    if (!tagger.ok()) return tagger.error();
  }
  tagger.value().record_selftest(selftest_sentences());
  log_ << "tagger trained in " << fixed2(seconds_since(start)) << " s\n";
  return tagger;
}

}  // namespace

Result<models::Tagger> train_tagger(const std::vector<TreebankSentence>& train,
                                    const std::vector<TreebankSentence>& dev, const TaggerTrainOptions& options,
                                    std::ostream& log) {
  Trainer trainer(options, log);
  return trainer.run(train, dev);
}

Result<std::vector<TreebankSentence>> read_treebanks(const std::vector<std::string>& paths) {
  if (paths.empty()) return Error("no training file given");
  std::vector<TreebankSentence> sentences;
  for (const auto& path : paths) {
    auto read = models::read_conllu(path);
    if (!read.ok()) return read.error();
    if (read.value().empty()) return Error(path + ": no sentences");
    sentences.insert(sentences.end(), std::make_move_iterator(read.value().begin()),
                     std::make_move_iterator(read.value().end()));
  }
  return sentences;
}

std::string join_paths(const std::vector<std::string>& paths) {
  std::string joined;
  for (const auto& path : paths) joined += (joined.empty() ? "" : kPathSeparator) + path;
  return joined;
}

std::vector<std::string> split_paths(const std::string& joined) {
  std::vector<std::string> paths;
  if (joined.empty()) return paths;
  std::string_view separator = kPathSeparator;
  size_t start = 0;
  while (true) {
    size_t found = joined.find(separator, start);
    paths.push_back(joined.substr(start, found == std::string::npos ? std::string::npos : found - start));
    if (found == std::string::npos) return paths;
    start = found + separator.size();
  }
}

Result<models::Tagger> train_tagger(const TaggerTrainOptions& options, std::ostream& log) {
  auto train = read_treebanks(options.train_paths);
  if (!train.ok()) return train.error();
  std::vector<TreebankSentence> dev;
  if (!options.dev_path.empty()) {
    auto read = models::read_conllu(options.dev_path);
    if (!read.ok()) return read.error();
    dev = std::move(read).value();
  }
  return train_tagger(train.value(), dev, options, log);
}

TaggerTrainOptions options_from_metadata(const models::Tagger& tagger) {
  TaggerTrainOptions options;
  const auto& metadata = tagger.metadata();
  auto text = [&](const char* key) {
    auto found = metadata.find(key);
    return found == metadata.end() ? std::string() : found->second;
  };
  auto read = [&](const char* key, auto& value) {
    std::istringstream in(text(key));
    std::remove_reference_t<decltype(value)> parsed{};
    if (in >> parsed) value = parsed;
  };
  options.train_paths = split_paths(text("train"));
  options.dev_path = text("dev");
  options.clusters_path = text("clusters");
  options.dictionary_path = text("dictionary");
  options.date = text("trained");
  read("epochs", options.epochs);
  read("passes", options.passes);
  options.first_pass_reversed = text("first_pass") == "right-to-left";
  read("jackknife_folds", options.jackknife_folds);
  read("jackknife_epochs", options.jackknife_epochs);
  read("lemma_epochs", options.lemma_epochs);
  read("seed", options.seed);
  read("min_script_count", options.min_script_count);
  read("prune_below", options.prune_below);
  std::istringstream fixed(text("fixed_tags"));  // "COUNT SHARE%"
  double share = 0;
  if (fixed >> options.fixed_min_count >> share) options.fixed_min_share = share / 100.0;
  std::istringstream dropout(text("unknown_dropout"));  // "PROBABILITY MAX_COUNT"
  dropout >> options.unknown_dropout >> options.unknown_max_count;
  return options;
}

std::vector<Figure> evaluate_tagger(const models::Tagger& tagger, const std::vector<TreebankSentence>& gold) {
  size_t words = 0, upos = 0, xpos = 0, both = 0, lemmas = 0;
  Tagger::Scratch scratch;
  std::vector<std::string_view> forms;
  std::vector<models::TaggedWord> out;
  for (const auto& sentence : gold) {
    forms.clear();
    for (const auto& word : sentence.words) forms.push_back(word.form);
    out.resize(forms.size());
    tagger.tag(forms, scratch, out);
    for (size_t idx = 0; idx < forms.size(); ++idx) {
      const auto& expected = sentence.words[idx];
      bool upos_right = tagger.upos_name(out[idx].upos) == expected.upos;
      bool xpos_right = tagger.xpos_name(out[idx].xpos) == expected.xpos;
      upos += upos_right;
      xpos += xpos_right;
      both += upos_right && xpos_right;
      lemmas += out[idx].lemma == expected.lemma;
      ++words;
    }
  }
  auto percent = [&](size_t count) {
    return words == 0 ? 0.0 : 100.0 * static_cast<double>(count) / static_cast<double>(words);
  };
  return {{"UPOS", percent(upos)},
          {"XPOS", percent(xpos)},
          {"AllTags", percent(both)},
          {"Lemmas", percent(lemmas)},
          {"Words", static_cast<double>(words)}};
}

}  // namespace chronicle::training
