#include "training/parser_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "models/tagger.h"
#include "training/tagger_training.h"

namespace chronicle::training {

using namespace models;
using namespace models::parser_internal;

namespace {

// ---- deterministic random numbers (splitmix64: the same on every platform) ----------------------

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  size_t below(size_t bound) { return static_cast<size_t>(next() % bound); }

 private:
  uint64_t state_;
};

template <class T>
void shuffle(std::vector<T>& items, Random& random) {
  for (size_t idx = items.size(); idx > 1; --idx) std::swap(items[idx - 1], items[random.below(idx)]);
}

// ---- averaged perceptron ------------------------------------------------------------------------
// models::PerceptronTrainer trains; its averaged weights (models::WeightRuns, summed over the
// members of an ensemble) are read into the parser's run-time WeightTable exactly as
// `Parser::load` reads them.

// The run-time weights: `sum` divided by `members`, weights with |w| < prune_below dropped.
// `kept` receives the number of weights kept.
WeightTable runtime_weights(const WeightRuns& sum, int members, uint32_t classes, float prune_below, size_t& kept) {
  auto table = WeightTable::read(sum.serialize(classes, prune_below, members, &kept), "parser weights");
  return table.ok() ? std::move(table.value()) : WeightTable();
}

// ---- training data ------------------------------------------------------------------------------

// A training sentence with views for the parser input and the (projectivised) gold tree.
struct Example {
  std::vector<std::string_view> words, upos, xpos;
  std::vector<int> heads;   // 1-based, heads[0] unused
  std::vector<int> labels;  // relation ids, labels[0] unused
  std::vector<std::vector<int>> children;  // gold dependents of 0..n
};

bool is_tree(const std::vector<int>& heads) {
  int n = static_cast<int>(heads.size()) - 1;
  int roots = 0;
  for (int word = 1; word <= n; ++word) {
    if (heads[word] < 0 || heads[word] > n || heads[word] == word) return false;
    if (heads[word] == 0) ++roots;
  }
  if (roots != 1) return false;
  for (int word = 1; word <= n; ++word) {
    int current = word;
    for (int steps = 0; current != 0; ++steps) {
      if (steps > n) return false;
      current = heads[current];
    }
  }
  return true;
}

bool arc_is_projective(const std::vector<int>& heads, int dependent) {
  int head = heads[dependent];
  int low = std::min(head, dependent), high = std::max(head, dependent);
  for (int between = low + 1; between < high; ++between) {
    int current = between;
    while (current != 0 && current != head) current = heads[current];
    if (current != head) return false;
  }
  return true;
}

// Costs of the four transition kinds under the dynamic oracle (Goldberg & Nivre 2012): how many
// gold arcs still reachable in `config` each one makes unreachable. Label errors are added per
// class by the caller.
struct KindCosts {
  int shift = 0, reduce = 0, left = 0, right = 0;
};

KindCosts kind_costs(const Configuration& config, const Example& gold, const std::vector<uint8_t>& on_stack) {
  KindCosts costs;
  int s0 = config.s0(), b0 = config.b0();
  const auto& heads = gold.heads;
  auto headless_on_stack = [&](int word) { return word > 0 && on_stack[word] && config.nodes[word].head < 0; };
  auto root_open = [&](int head) { return head != 0 || !config.root_taken; };
  // Reduce and Left-Arc pop s0: its gold dependents still in the buffer are lost.
  int s0_buffer_children = 0;
  if (s0 > 0)
    for (int child : gold.children[s0])
      if (config.in_buffer(child)) ++s0_buffer_children;
  costs.reduce = s0_buffer_children;
  costs.left = s0_buffer_children;
  if (s0 > 0 && b0 >= 0 && heads[s0] != b0 && config.in_buffer(heads[s0])) ++costs.left;
  if (config.non_monotonic && s0 > 0) {
    const int current = config.nodes[s0].head;
    // A wrong head of s0 can still be repaired by its gold head in the buffer; popping loses that.
    if (current >= 0 && current != heads[s0] && config.in_buffer(heads[s0])) ++costs.reduce;
    // LEFT-ARC replaces s0's head: a right one is lost.
    if (current >= 0 && current == heads[s0] && heads[s0] != b0) ++costs.left;
  }
  if (b0 >= 0) {
    int b0_stack_children = 0;
    for (int child : gold.children[b0])
      if (headless_on_stack(child)) ++b0_stack_children;
    // Shift: b0 can no longer take a head from the stack nor dependents from it.
    costs.shift = b0_stack_children;
    if (on_stack[heads[b0]] && root_open(heads[b0])) ++costs.shift;
    // Right-Arc: b0 takes s0 as head, losing any other head and its stack dependents.
    costs.right = b0_stack_children;
    // Counted with repair too, although a later LEFT-ARC could still give b0 its gold head:
    // making a wrong attachment free taught the model to attach early and rely on repairs (dev
    // UAS 1.7 lower at epoch 8). So repairs are learnt only after the model's own mistakes.
    if (heads[b0] != s0 && ((on_stack[heads[b0]] && root_open(heads[b0])) || config.in_buffer(heads[b0])))
      ++costs.right;
    if (s0 == 0)
      for (int child : gold.children[0])
        if (child != b0 && config.in_buffer(child)) ++costs.right;
  }
  return costs;
}

// One pass over the examples; returns (decisions, correct decisions).
struct EpochStats {
  size_t decisions = 0, correct = 0;
};

class Trainer {
 public:
  Trainer(const RelationTable& relations, const WordClusters& clusters, const AmbiguityTable& ambiguity,
          bool non_monotonic)
      : relations_(relations), clusters_(clusters), ambiguity_(ambiguity), model_(relations.classes()) {
    config_.non_monotonic = non_monotonic;
  }

  EpochStats epoch(const std::vector<Example>& examples, const std::vector<size_t>& order, bool explore,
                   double explore_probability, Random& random) {
    EpochStats stats;
    uint32_t classes = relations_.classes();
    int label_count = static_cast<int>(relations_.names.size());
    std::vector<float> scores(classes);
    std::vector<uint8_t> allowed(classes);
    std::vector<int> costs(classes);
    uint64_t features[kMaxFeatures];
    int64_t rows[kMaxFeatures];
    for (size_t example_idx : order) {
      const Example& gold = examples[example_idx];
      int n = static_cast<int>(gold.words.size());
      config_.reset(n);
      prepare_tokens(gold.words, gold.upos, gold.xpos, clusters_, ambiguity_, values_, buffer_);
      on_stack_.assign(static_cast<size_t>(n) + 1, 0);
      on_stack_[0] = 1;
      while (!config_.terminal()) {
        Action action;
        if (config_.forced(action)) {
          apply(action, -1);
          continue;
        }
        allowed_classes(config_, relations_, allowed.data());
        size_t count = extract_features(config_, values_, features);
        model_.lookup(features, count, rows);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model_.score_rows(rows, count, scores.data());

        KindCosts kinds = kind_costs(config_, gold, on_stack_);
        int s0 = config_.s0(), b0 = config_.b0();
        int min_cost = INT32_MAX;
        uint32_t predicted = UINT32_MAX;
        for (uint32_t cls = 0; cls < classes; ++cls) {
          if (!allowed[cls]) continue;
          int label;
          Action kind = action_of(cls, label_count, label);
          int cost = kind == kShift ? kinds.shift : kind == kReduce ? kinds.reduce : kind == kLeft ? kinds.left : kinds.right;
          if (kind == kLeft && gold.heads[s0] == b0 && gold.labels[s0] != label) ++cost;
          if (kind == kRight && gold.heads[b0] == s0 && gold.labels[b0] != label) ++cost;
          costs[cls] = cost;
          min_cost = std::min(min_cost, cost);
          if (predicted == UINT32_MAX || scores[cls] > scores[predicted]) predicted = cls;
        }
        if (predicted == UINT32_MAX) break;  // no legal transition: impossible by construction
        uint32_t best_correct = UINT32_MAX;
        for (uint32_t cls = 0; cls < classes; ++cls)
          if (allowed[cls] && costs[cls] == min_cost && (best_correct == UINT32_MAX || scores[cls] > scores[best_correct]))
            best_correct = cls;
        ++stats.decisions;
        if (costs[predicted] == min_cost) {
          ++stats.correct;
        } else {
          model_.update_rows(features, rows, count, best_correct, predicted);
        }
        model_.tick();
        uint32_t follow = best_correct;
        if (explore && costs[predicted] != min_cost && random.uniform() < explore_probability) follow = predicted;
        int label;
        action = action_of(follow, label_count, label);
        apply(action, label);
      }
    }
    return stats;
  }

  WeightRuns averaged() const { return model_.averaged(); }
  size_t features() const { return model_.features(); }

 private:
  void apply(Action action, int label) {
    switch (action) {
      case kShift:
        on_stack_[static_cast<size_t>(config_.b0())] = 1;
        break;
      case kRight:
        on_stack_[static_cast<size_t>(config_.b0())] = 1;
        break;
      case kReduce:
      case kLeft:
      case kUnshift:
        on_stack_[static_cast<size_t>(config_.s0())] = 0;
        break;
    }
    config_.apply(action, label);
  }

  const RelationTable& relations_;
  const WordClusters& clusters_;
  const AmbiguityTable& ambiguity_;
  PerceptronTrainer model_;
  Configuration config_;
  std::vector<TokenValues> values_;
  std::vector<uint8_t> on_stack_;
  std::string buffer_;
};

// Ambiguity classes of the words of `sentences` (their gold XPOS tags).
AmbiguityTable collect_ambiguity(const std::vector<TreebankSentence>& sentences) {
  std::map<uint64_t, std::map<std::string, int>> counts;
  std::string buffer;
  for (const auto& sentence : sentences)
    for (const auto& word : sentence.words) ++counts[word_key(word.form, buffer)][word.xpos];
  std::vector<std::pair<uint64_t, uint64_t>> entries;
  for (const auto& [key, tags] : counts) {
    int total = 0;
    for (const auto& [tag, count] : tags) total += count;
    if (total < 3) continue;
    std::string joined;
    for (const auto& [tag, count] : tags)
      if (count * 20 >= total) joined += tag + "|";
    entries.emplace_back(key, XXH3_64bits_withSeed(joined.data(), joined.size(), 0xa3b1) | 2);
  }
  return AmbiguityTable::build(std::move(entries));
}

// Relations of the training data: "root" first, then by name; directions as seen.
RelationTable collect_relations(const std::vector<TreebankSentence>& sentences) {
  std::set<std::string> names;
  for (const auto& sentence : sentences)
    for (const auto& word : sentence.words)
      if (word.head != 0 && word.deprel != "root" && !word.deprel.empty()) names.insert(word.deprel);
  RelationTable table;
  table.names.push_back("root");
  for (const auto& name : names) table.names.push_back(name);
  table.left_ok.assign(table.names.size(), 0);
  table.right_ok.assign(table.names.size(), 0);
  table.root = 0;
  for (const auto& sentence : sentences)
    for (size_t idx = 0; idx < sentence.words.size(); ++idx) {
      const auto& word = sentence.words[idx];
      int label = word.head == 0 ? 0 : table.find(word.deprel);
      if (label < 0) continue;
      if (word.head == 0 || word.head < static_cast<int>(idx) + 1) table.right_ok[static_cast<size_t>(label)] = 1;
      else table.left_ok[static_cast<size_t>(label)] = 1;
    }
  return table;
}

// Builds examples from sentences; sentences whose gold tree is not a single-rooted tree are skipped.
std::vector<Example> make_examples(const std::vector<TreebankSentence>& sentences, const RelationTable& relations,
                                   size_t& skipped, size_t& lifted) {
  std::vector<Example> examples;
  examples.reserve(sentences.size());
  int dep = relations.find("dep");
  for (const auto& sentence : sentences) {
    Example example;
    int n = static_cast<int>(sentence.words.size());
    example.heads.assign(static_cast<size_t>(n) + 1, 0);
    example.labels.assign(static_cast<size_t>(n) + 1, 0);
    for (int idx = 0; idx < n; ++idx) {
      const auto& word = sentence.words[static_cast<size_t>(idx)];
      example.words.push_back(word.form);
      example.upos.push_back(word.upos);
      example.xpos.push_back(word.xpos);
      example.heads[static_cast<size_t>(idx) + 1] = word.head;
      int label = word.head == 0 ? relations.root : relations.find(word.deprel);
      if (label < 0 || label == relations.root) label = word.head == 0 ? relations.root : std::max(dep, 1);
      example.labels[static_cast<size_t>(idx) + 1] = label;
    }
    if (n == 0 || !is_tree(example.heads)) {
      ++skipped;
      continue;
    }
    lifted += static_cast<size_t>(projectivize(example.heads));
    example.children.assign(static_cast<size_t>(n) + 1, {});
    for (int word = 1; word <= n; ++word) example.children[static_cast<size_t>(example.heads[word])].push_back(word);
    examples.push_back(std::move(example));
  }
  return examples;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed(double value, int digits = 2) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// Re-tags `sentences` in place with `tagger`.
void tag_all(const Tagger& tagger, std::vector<TreebankSentence>& sentences) {
  Tagger::Scratch scratch;
  for (auto& sentence : sentences) tagger.tag_sentence(sentence, scratch);
}

// Jackknifing: k taggers, each trained on all folds but one, tag the fold they did not see, so the
// training tags have the errors the real tagger makes on unseen text. The taggers are trained with
// the settings recorded in the metadata of the tagger at `tagger_path` (epochs, passes, lexicon,
// clusters, dictionary, ...), so their errors resemble that tagger's.
TaggerTrainOptions jackknife_tagger_options(const Tagger& reference, uint64_t seed, const std::string& clusters_path) {
  TaggerTrainOptions options;
  const auto& metadata = reference.metadata();
  auto has = [&](const char* key) { return metadata.count(key) != 0; };
  auto text = [&](const char* key) { return has(key) ? metadata.at(key) : std::string(); };
  // Reads the whitespace-separated numbers of a metadata value into `targets` (all or nothing).
  auto numbers = [&](const char* key, auto&... targets) {
    std::istringstream in(text(key));
    std::tuple<std::remove_reference_t<decltype(targets)>...> parsed;
    bool ok = std::apply([&](auto&... values) { return static_cast<bool>((in >> ... >> values)); }, parsed);
    if (ok) std::tie(targets...) = parsed;
  };
  numbers("epochs", options.epochs);
  numbers("passes", options.passes);
  numbers("jackknife_folds", options.jackknife_folds);
  numbers("jackknife_epochs", options.jackknife_epochs);
  numbers("min_script_count", options.min_script_count);
  numbers("prune_below", options.prune_below);
  numbers("unknown_dropout", options.unknown_dropout, options.unknown_max_count);  // "0.25 1"
  double share = options.fixed_min_share * 100;
  numbers("fixed_tags", options.fixed_min_count, share);  // "20 99.50"
  options.fixed_min_share = share / 100;
  if (has("first_pass")) options.first_pass_reversed = text("first_pass") == "right-to-left";
  options.lemma_epochs = 1;  // the parser does not read lemmas
  // Paths are as the tagger's trainer saw them; a cluster file that is not here is replaced by ours.
  if (has("clusters")) {
    std::string clusters = text("clusters");
    options.clusters_path = clusters.empty() || std::filesystem::exists(clusters) ? clusters : clusters_path;
  }
  if (has("dictionary")) options.dictionary_path = text("dictionary");
  options.seed = seed;
  options.date = "1970-01-01";  // jackknife taggers are never saved
  return options;
}

Status jackknife_tags(std::vector<TreebankSentence>& train, const Tagger& reference, int folds, uint64_t seed,
                      const std::string& clusters_path, std::ostream& log) {
  TaggerTrainOptions tagger_options = jackknife_tagger_options(reference, seed, clusters_path);
  log << "jackknife: " << folds << " taggers like " << "the reference: " << tagger_options.epochs << " epochs, "
      << tagger_options.passes << " passes, clusters "
      << (tagger_options.clusters_path.empty() ? "none" : tagger_options.clusters_path) << ", dictionary "
      << (tagger_options.dictionary_path.empty() ? "none" : tagger_options.dictionary_path) << "\n";
  std::vector<TreebankSentence> tagged = train;
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<TreebankSentence> rest, held_out_dev;
    std::vector<size_t> held_out;
    for (size_t idx = 0; idx < train.size(); ++idx) {
      if (static_cast<int>(idx % static_cast<size_t>(folds)) == fold) held_out.push_back(idx);
      else rest.push_back(train[idx]);
    }
    auto start = std::chrono::steady_clock::now();
    std::ostringstream quiet;
    auto tagger = train_tagger(rest, held_out_dev, tagger_options, quiet);
    if (!tagger.ok()) return Error("jackknife tagger " + std::to_string(fold + 1) + ": " + tagger.error().message());
    Tagger::Scratch scratch;
    for (size_t idx : held_out) tagger.value().tag_sentence(tagged[idx], scratch);
    log << "jackknife fold " << fold + 1 << "/" << folds << ": tagged " << held_out.size() << " sentences in "
        << fixed(seconds_since(start), 1) << " s\n";
  }
  size_t words = 0, same = 0;
  for (size_t idx = 0; idx < train.size(); ++idx)
    for (size_t word = 0; word < train[idx].words.size(); ++word) {
      ++words;
      same += train[idx].words[word].xpos == tagged[idx].words[word].xpos;
    }
  log << "jackknifed XPOS accuracy on train: " << fixed(words ? 100.0 * same / words : 0) << "%\n";
  // Keep the gold trees, take the predicted tags.
  for (size_t idx = 0; idx < train.size(); ++idx)
    for (size_t word = 0; word < train[idx].words.size(); ++word) {
      train[idx].words[word].upos = tagged[idx].words[word].upos;
      train[idx].words[word].xpos = tagged[idx].words[word].xpos;
    }
  return Status::Ok();
}

// Copies the UPOS and XPOS of `path` (the same sentences as `train`, tagged) onto `train`.
Status take_tags(std::vector<TreebankSentence>& train, const std::string& path) {
  auto tagged = read_conllu(path);
  if (!tagged.ok()) return Error(tagged.error().message());
  if (tagged.value().size() != train.size())
    return Error(path + ": " + std::to_string(tagged.value().size()) + " sentences, the training file has " +
                 std::to_string(train.size()));
  for (size_t idx = 0; idx < train.size(); ++idx) {
    const auto& source = tagged.value()[idx].words;
    auto& target = train[idx].words;
    bool same = source.size() == target.size();
    for (size_t word = 0; same && word < source.size(); ++word) same = source[word].form == target[word].form;
    if (!same) return Error(path + ": sentence " + std::to_string(idx + 1) + " has other words than the training file");
    for (size_t word = 0; word < source.size(); ++word) {
      target[word].upos = source[word].upos;
      target[word].xpos = source[word].xpos;
    }
  }
  return Status::Ok();
}

}  // namespace

int projectivize(std::vector<int>& heads) {
  int n = static_cast<int>(heads.size()) - 1;
  int lifts = 0;
  while (true) {
    // Lift the shortest non-projective arc first (Nivre & Nilsson 2005).
    int chosen = -1, chosen_length = INT32_MAX;
    for (int word = 1; word <= n; ++word) {
      if (heads[word] <= 0) continue;
      int length = std::abs(heads[word] - word);
      if (length < chosen_length && !arc_is_projective(heads, word)) {
        chosen = word;
        chosen_length = length;
      }
    }
    if (chosen < 0 || lifts > 4 * n) return lifts;
    heads[chosen] = heads[heads[chosen]];
    ++lifts;
  }
}

std::vector<Figure> evaluate_parser(const Parser& parser, std::vector<TreebankSentence> gold) {
  ParserScratch scratch;
  size_t words = 0, heads_right = 0, labelled = 0, labelled_full = 0;
  std::vector<std::string_view> forms, upos, xpos, relations;
  std::vector<int> heads;
  for (const auto& sentence : gold) {
    size_t n = sentence.words.size();
    forms.clear();
    upos.clear();
    xpos.clear();
    for (const auto& word : sentence.words) {
      forms.push_back(word.form);
      upos.push_back(word.upos);
      xpos.push_back(word.xpos);
    }
    heads.assign(n, 0);
    relations.assign(n, {});
    parser.parse(forms, upos, xpos, scratch, heads, relations);
    for (size_t idx = 0; idx < n; ++idx) {
      const auto& word = sentence.words[idx];
      ++words;
      if (heads[idx] != word.head) continue;
      ++heads_right;
      if (base_relation(relations[idx]) == base_relation(word.deprel)) ++labelled;
      if (relations[idx] == word.deprel) ++labelled_full;
    }
  }
  auto percent = [&](size_t count) { return words == 0 ? 0.0 : 100.0 * static_cast<double>(count) / words; };
  return {{"UAS", percent(heads_right)},
          {"LAS", percent(labelled)},
          {"FullLAS", percent(labelled_full)},
          {"Words", static_cast<double>(words)}};
}

Result<Parser> train_parser(const ParserTrainOptions& options, std::ostream& log) {
  auto total_start = std::chrono::steady_clock::now();
  if (options.train_paths.empty()) return Error("parser training: no training file given");
  if (options.epochs < 1) return Error("parser training: epochs must be at least 1");
  auto train = read_treebanks(options.train_paths);
  if (!train.ok()) return train.error();
  const std::string train_name = join_paths(options.train_paths);
  std::vector<TreebankSentence> dev;
  if (!options.dev_path.empty()) {
    auto read = read_conllu(options.dev_path);
    if (!read.ok()) return read.error();
    dev = std::move(read.value());
  }

  WordClusters clusters;
  if (!options.clusters_path.empty()) {
    auto read = WordClusters::load_text(options.clusters_path);
    if (!read.ok()) return read.error();
    clusters = std::move(read.value());
    log << "clusters: " << clusters.words() << " words from " << options.clusters_path << "\n";
  }

  AmbiguityTable ambiguity = collect_ambiguity(train.value());
  log << "ambiguity classes: " << ambiguity.size() << " words\n";

  std::vector<TreebankSentence> gold_tagged;  // the gold-tag copy, when training on both
  if (!options.tagger_path.empty()) {
    auto tagger = Tagger::load(options.tagger_path);
    if (!tagger.ok()) return tagger.error();
    if (options.gold_tag_copy) gold_tagged = train.value();
    if (!options.train_tags_path.empty()) {
      Status status = take_tags(train.value(), options.train_tags_path);
      if (!status.ok()) return Error(status.message());
      log << "training tags from " << options.train_tags_path << "\n";
    } else if (options.jackknife_folds >= 2) {
      Status status = jackknife_tags(train.value(), tagger.value(), options.jackknife_folds, options.seed,
                                     options.clusters_path, log);
      if (!status.ok()) return Error(status.message());
    } else {
      tag_all(tagger.value(), train.value());
    }
    if (!options.jackknife_output_path.empty()) {
      std::ofstream out(options.jackknife_output_path, std::ios::binary | std::ios::trunc);
      out << to_conllu(train.value());
      if (!out) return Error(options.jackknife_output_path + ": cannot write the jackknifed tags");
    }
    tag_all(tagger.value(), dev);
  } else if (!options.train_tags_path.empty()) {
    return Error("parser training: train_tags_path needs tagger_path (the tagger for dev and run time)");
  }

  RelationTable relations = collect_relations(train.value());
  size_t skipped = 0, lifted = 0;
  std::vector<Example> examples = make_examples(train.value(), relations, skipped, lifted);
  if (!gold_tagged.empty()) {
    std::vector<Example> gold_examples = make_examples(gold_tagged, relations, skipped, lifted);
    examples.insert(examples.end(), std::make_move_iterator(gold_examples.begin()),
                    std::make_move_iterator(gold_examples.end()));
    log << "training on predicted and gold tags: each sentence twice\n";
  }
  if (examples.empty()) return Error(train_name + ": no sentence with a well-formed tree");
  log << "parser training: " << examples.size() << " sentences (" << skipped << " skipped: not a tree), "
      << lifted << " arcs lifted to projectivise, " << relations.names.size() << " relations, "
      << relations.classes() << " classes\n";

  ParserParts parts;
  parts.relations = relations;
  parts.clusters = clusters;
  parts.ambiguity = ambiguity;
  parts.metadata["transition_system"] = std::string(options.non_monotonic ? kArcEagerNonMonotonic : kArcEager);
  parts.metadata["epochs"] = std::to_string(options.epochs);
  parts.metadata["seed"] = std::to_string(options.seed);
  parts.metadata["train_path"] = train_name;
  parts.metadata["dev_path"] = options.dev_path;
  parts.metadata["beam_size"] = "1";
  parts.metadata["ensemble"] = std::to_string(std::max(1, options.ensemble)) + " (weights averaged over seeds " +
                               std::to_string(options.seed) + ".." +
                               std::to_string(options.seed + static_cast<uint64_t>(std::max(1, options.ensemble)) - 1) + ")";
  parts.metadata["explore"] = "from epoch " + std::to_string(options.explore_from_epoch + 1) + ", p=" +
                              fixed(options.explore_probability);
  parts.metadata["clusters"] = options.clusters_path.empty() ? "none" : options.clusters_path;
  std::string tags = "gold";
  if (!options.tagger_path.empty()) {
    tags = options.train_tags_path.empty()
               ? "predicted (" + std::to_string(options.jackknife_folds) + "-fold jackknife of " + options.tagger_path + ")"
               : "predicted (from " + options.train_tags_path + ")";
    if (options.gold_tag_copy) tags += " + gold";
  }
  parts.metadata["tags"] = tags;
  parts.metadata["labels"] = std::to_string(relations.names.size());
  parts.metadata["prune_below"] = fixed(options.prune_below, 3);

  // Ensemble: each member trains with its own seed (shuffles, exploration); the members' averaged
  // weights are averaged. Scores are linear in the weights, so this is exactly the ensemble that
  // averages the members' scores at every decision, at the run-time cost of a single model.
  int members = std::max(1, options.ensemble);
  WeightRuns sum;
  for (int member = 0; member < members; ++member) {
    uint64_t seed = options.seed + static_cast<uint64_t>(member);
    Trainer trainer(relations, clusters, ambiguity, options.non_monotonic);
    Random random(seed);
    std::vector<size_t> order(examples.size());
    for (size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
      auto start = std::chrono::steady_clock::now();
      shuffle(order, random);
      bool explore = epoch >= options.explore_from_epoch;
      EpochStats stats = trainer.epoch(examples, order, explore, options.explore_probability, random);
      if (members > 1) log << "model " << member + 1 << "/" << members << " (seed " << seed << "), ";
      log << "epoch " << epoch + 1 << "/" << options.epochs << ": transitions "
          << fixed(stats.decisions ? 100.0 * stats.correct / stats.decisions : 0) << "% right, "
          << trainer.features() << " features, " << fixed(seconds_since(start), 1) << " s";
      // Dev figures per epoch for the first member (they cost a model build each).
      if (!dev.empty() && member == 0 && (options.evaluate_each_epoch || epoch + 1 == options.epochs)) {
        ParserParts snapshot = parts;
        size_t kept = 0;
        snapshot.weights = runtime_weights(trainer.averaged(), 1, relations.classes(), options.prune_below, kept);
        auto parser = Parser::assemble(std::move(snapshot), "parser");
        if (parser.ok()) {
          auto figures = evaluate_parser(parser.value(), dev);
          log << "; dev UAS " << fixed(figures[0].value) << " LAS " << fixed(figures[1].value);
        }
      }
      log << "\n" << std::flush;
    }
    sum = member == 0 ? trainer.averaged() : WeightRuns::sum(sum, trainer.averaged());
  }

  size_t kept = 0;
  parts.weights = runtime_weights(sum, members, relations.classes(), options.prune_below, kept);
  log << "model: " << parts.weights.features() << " features, " << kept << " weights after pruning |w| < "
      << options.prune_below << (members > 1 ? ", averaged over " + std::to_string(members) + " models" : "") << "\n";

  // Self-test samples: the first sentences of dev (else train), with this model's own output.
  auto unchecked = Parser::assemble(parts, "parser");
  if (!unchecked.ok()) return unchecked.error();
  const auto& sources = dev.empty() ? train.value() : dev;
  ParserScratch scratch;
  for (size_t idx = 0; idx < sources.size() && static_cast<int>(parts.selftest.size()) < options.selftest_sentences;
       ++idx) {
    const auto& sentence = sources[idx];
    if (sentence.words.size() < 3) continue;
    SelfTestSentence sample;
    std::vector<std::string_view> forms, upos, xpos;
    for (const auto& word : sentence.words) {
      sample.words.push_back(word.form);
      sample.upos.push_back(word.upos.empty() ? "_" : word.upos);
      sample.xpos.push_back(word.xpos.empty() ? "_" : word.xpos);
    }
    for (size_t word = 0; word < sample.words.size(); ++word) {
      forms.push_back(sample.words[word]);
      upos.push_back(sample.upos[word]);
      xpos.push_back(sample.xpos[word]);
    }
    std::vector<int> heads(forms.size());
    std::vector<std::string_view> relations_out(forms.size());
    unchecked.value().parse(forms, upos, xpos, scratch, heads, relations_out);
    sample.heads = heads;
    for (auto relation : relations_out) sample.relations.emplace_back(relation);
    parts.selftest.push_back(std::move(sample));
  }
  if (!dev.empty()) {
    auto figures = evaluate_parser(unchecked.value(), dev);
    parts.metadata["dev_uas"] = fixed(figures[0].value);
    parts.metadata["dev_las"] = fixed(figures[1].value);
  }
  log << "parser training took " << fixed(seconds_since(total_start), 1) << " s\n";
  return Parser::assemble(std::move(parts), "parser");
}

}  // namespace chronicle::training
