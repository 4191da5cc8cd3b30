#include "training/word_clusters.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <ostream>
#include <sstream>

#include "chronicle/document.h"
#include "models/corpus.h"
#include "models/word_clusters.h"
#include "text/text.h"

namespace chronicle::training {
namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Error(path + ": read error");
  return content.str();
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t idx = 0;
  while (idx < line.size()) {
    while (idx < line.size() && (line[idx] == ' ' || line[idx] == '\t' || line[idx] == '\r')) ++idx;
    size_t start = idx;
    while (idx < line.size() && line[idx] != ' ' && line[idx] != '\t' && line[idx] != '\r') ++idx;
    if (idx > start) fields.push_back(line.substr(start, idx - start));
  }
  return fields;
}

bool looks_like_label(std::string_view field) {
  if (field == "O") return true;
  return field.size() >= 3 && field[1] == '-' &&
         (field[0] == 'B' || field[0] == 'I' || field[0] == 'E' || field[0] == 'S');
}

// True when most of the first lines are "WORD ... LABEL" columns (a CoNLL entity file).
bool looks_like_columns(std::string_view content) {
  size_t lines = 0, columns = 0, start = 0;
  while (start < content.size() && lines < 200) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    auto fields = split_whitespace(line);
    if (fields.empty() || line[0] == '#') continue;
    ++lines;
    if (fields.size() >= 2 && fields.size() <= 6 && looks_like_label(fields.back())) ++columns;
  }
  return lines > 0 && columns * 10 >= lines * 9;
}

bool known_extension(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".conllu" || ext == ".iob2" || ext == ".conll" || ext == ".txt" || ext == ".md";
}

// ---- Markdown ----------------------------------------------------------------------------------

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// End of a link target "(url "title")" starting at `open` (the '('): the matching ')', skipping
// quoted titles and nested parentheses. npos when unclosed.
size_t link_target_end(std::string_view line, size_t open) {
  int depth = 0;
  bool quoted = false;
  for (size_t pos = open; pos < line.size(); ++pos) {
    char ch = line[pos];
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == '(') ++depth;
    if (ch == ')' && --depth == 0) return pos;
  }
  return std::string_view::npos;
}

// Matching ']' for the '[' at `open`, or npos.
size_t bracket_end(std::string_view line, size_t open) {
  int depth = 0;
  for (size_t pos = open; pos < line.size(); ++pos) {
    if (line[pos] == '[') ++depth;
    if (line[pos] == ']' && --depth == 0) return pos;
  }
  return std::string_view::npos;
}

// Inline Markdown of one line to text: links keep their text, images and URLs go, markup goes.
std::string inline_text(std::string_view line) {
  std::string out;
  size_t pos = 0;
  while (pos < line.size()) {
    char ch = line[pos];
    bool image = ch == '!' && pos + 1 < line.size() && line[pos + 1] == '[';
    if (ch == '[' || image) {
      size_t open = image ? pos + 1 : pos;
      size_t close = bracket_end(line, open);
      if (close != std::string_view::npos && close + 1 < line.size() &&
          (line[close + 1] == '(' || line[close + 1] == '[')) {
        size_t target_end = line[close + 1] == '(' ? link_target_end(line, close + 1) : line.find(']', close + 2);
        if (target_end != std::string_view::npos) {
          if (!image) out += inline_text(line.substr(open + 1, close - open - 1));
          pos = target_end + 1;
          continue;
        }
      }
    }
    if (ch == '<' && pos + 1 < line.size()) {  // autolinks and HTML tags: "<http://...>", "<br>", "</a>"
      const char after = line[pos + 1];
      size_t close = line.find('>', pos);
      if (close != std::string_view::npos && (std::isalpha(static_cast<unsigned char>(after)) || after == '/')) {
        pos = close + 1;
        out += ' ';
        continue;
      }
    }
    if ((starts_with(line.substr(pos), "http://") || starts_with(line.substr(pos), "https://") ||
         starts_with(line.substr(pos), "www.")) &&
        (pos == 0 || line[pos - 1] == ' ' || line[pos - 1] == '(')) {
      while (pos < line.size() && line[pos] != ' ' && line[pos] != ')') ++pos;
      continue;
    }
    if (ch == '*' || ch == '`') {  // emphasis and code markers
      ++pos;
      continue;
    }
    out += ch;
    ++pos;
  }
  return out;
}

// ---- the clustering ----------------------------------------------------------------------------

// x·ln x for integer counts, tabulated up to the number of bigrams (every class total is below it).
class XLogX {
 public:
  explicit XLogX(uint64_t max_value) : table_(max_value + 1) {
    for (uint64_t value = 1; value <= max_value; ++value)
      table_[value] = static_cast<double>(value) * std::log(static_cast<double>(value));
  }
  double operator()(int64_t value) const { return table_[static_cast<size_t>(value)]; }
  // Change of x ln x + y ln y when merged: (x+y)ln(x+y) − x ln x − y ln y; 0 when either is 0.
  double merge(int64_t x, int64_t y) const {
    if (x == 0 || y == 0) return 0;
    return table_[static_cast<size_t>(x + y)] - table_[static_cast<size_t>(x)] - table_[static_cast<size_t>(y)];
  }

 private:
  std::vector<double> table_;
};

// Class bigram statistics over K classes: N[c][d] (and its transpose, so a class's column is one
// contiguous row), left totals Nl[c] = Σd N[c][d] and right totals Nr[d] = Σc N[c][d].
struct ClassCounts {
  explicit ClassCounts(size_t classes)
      : k(classes), n(classes * classes, 0), nt(classes * classes, 0), left(classes, 0), right(classes, 0) {}
  int64_t& at(size_t c, size_t d) { return n[c * k + d]; }
  void add(size_t c, size_t d, int64_t amount) {
    n[c * k + d] += amount;
    nt[d * k + c] += amount;
  }
  // Σ N ln N − Σ Nl ln Nl − Σ Nr ln Nr: the log-likelihood of the class bigram model up to a
  // constant; (this + T ln T) / T is the AMI in nats for T bigrams.
  double objective(const XLogX& f) const {
    double total = 0;
    for (int64_t value : n) total += f(value);
    for (size_t c = 0; c < k; ++c) total -= f(left[c]) + f(right[c]);
    return total;
  }
  size_t k;
  std::vector<int64_t> n, nt;
  std::vector<int64_t> left, right;
};

constexpr size_t kBoundaryClass = 0;
constexpr size_t kRareClass = 1;
constexpr size_t kFirstWordClass = 2;

double ami_bits(double objective, uint64_t bigrams, const XLogX& f) {
  return (objective + f(static_cast<int64_t>(bigrams))) / static_cast<double>(bigrams) / std::log(2.0);
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

}  // namespace

// ---- ClusterCorpus -----------------------------------------------------------------------------

uint32_t ClusterCorpus::intern(std::string_view word) {
  auto found = ids_.find(word);
  if (found != ids_.end()) return found->second;
  uint32_t id = static_cast<uint32_t>(words_.size());
  ids_.emplace(std::string(word), id);
  words_.emplace_back(word);
  counts_.push_back(0);
  return id;
}

void ClusterCorpus::finish_sentence(size_t begin) {
  if (tokens_.size() == begin) return;
  if (deduplicate_) {
    uint64_t hash = XXH3_64bits(tokens_.data() + begin, (tokens_.size() - begin) * sizeof(uint32_t));
    if (!seen_.insert(hash).second) {
      tokens_.resize(begin);
      ++duplicates_;
      return;
    }
  }
  for (size_t idx = begin; idx < tokens_.size(); ++idx) ++counts_[tokens_[idx]];
  sentence_begin_.push_back(begin);
}

void ClusterCorpus::add_sentence(const std::vector<std::string_view>& words) {
  size_t begin = tokens_.size();
  for (std::string_view word : words)
    if (!word.empty()) tokens_.push_back(intern(word));
  finish_sentence(begin);
}

void ClusterCorpus::add_sentence(const std::vector<std::string>& words) {
  size_t begin = tokens_.size();
  for (const std::string& word : words)
    if (!word.empty()) tokens_.push_back(intern(word));
  finish_sentence(begin);
}

void ClusterCorpus::add_text(std::string_view text) {
  // The tokenizer works on documents; feed it paragraph-aligned chunks of about 1 MB.
  constexpr size_t kChunk = 1 << 20;
  const text::Tokenizer tokenizer;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.size(), start + kChunk);
    if (end < text.size()) {
      size_t paragraph = text.find("\n\n", end);
      end = paragraph == std::string_view::npos ? text.size() : paragraph + 2;
    }
    Document document;
    document.text = std::string(text.substr(start, end - start));
    document.format = "txt";
    Analysis analysis;
    tokenizer.process(document, analysis);
    std::vector<std::string_view> words;
    for (const auto& sentence : analysis.sentences) {
      words.clear();
      for (uint32_t token = sentence.first_token; token < sentence.end_token; ++token)
        words.push_back(analysis.tokens[token].norm);
      add_sentence(words);
    }
    start = end;
  }
}

Status ClusterCorpus::add_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error))
      if (it->is_regular_file() && known_extension(it->path())) files.push_back(it->path().string());
    if (error) return Error(path + ": cannot list directory: " + error.message());
    if (files.empty()) return Error(path + ": no corpus files (.conllu, .iob2, .conll, .txt, .md) in directory");
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      Status status = add_file(file);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".conllu") {
    auto sentences = models::read_conllu(path);
    if (!sentences.ok()) return sentences.error();
    std::vector<std::string_view> words;
    for (const auto& sentence : sentences.value()) {
      words.clear();
      for (const auto& word : sentence.words) words.push_back(word.form);
      add_sentence(words);
    }
    return Status::Ok();
  }
  if (ext != ".iob2" && ext != ".conll" && ext != ".txt" && ext != ".md")
    return Error(path + ": unknown corpus format '" + ext + "' (expected .conllu, .iob2, .conll, .txt or .md)");
  auto content = read_file(path);
  if (!content.ok()) return content.error();
  if (ext == ".iob2" || ext == ".conll" || (ext == ".txt" && looks_like_columns(content.value()))) {
    auto sentences = models::read_entity_corpus(path);
    if (!sentences.ok()) return sentences.error();
    std::vector<std::string_view> words;
    for (const auto& sentence : sentences.value()) {
      words.clear();
      for (const auto& word : sentence.words)
        if (word != "-DOCSTART-") words.push_back(word);
      add_sentence(words);
    }
    return Status::Ok();
  }
  size_t bad_byte = 0;
  if (!text::is_valid_utf8(content.value(), &bad_byte))
    return Error(path + ": byte " + std::to_string(bad_byte) + ": invalid UTF-8");
  add_text(ext == ".md" ? markdown_to_text(content.value()) : content.value());
  return Status::Ok();
}

// ---- Markdown ----------------------------------------------------------------------------------

std::string markdown_to_text(std::string_view markdown) {
  std::string out;
  size_t start = 0;
  bool front_matter = starts_with(markdown, "---\n") || starts_with(markdown, "---\r\n");
  bool first_line = true, code_block = false;
  while (start < markdown.size()) {
    size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view line = markdown.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (front_matter) {
      if (line == "---" && !first_line) front_matter = false;
      first_line = false;
      continue;
    }
    if (starts_with(line, "```") || starts_with(line, "~~~")) {
      code_block = !code_block;
      continue;
    }
    if (code_block) continue;
    // Block markers: indentation, headings, bullets, numbered items, quotes.
    while (true) {
      size_t skip = 0;
      while (skip < line.size() && (line[skip] == ' ' || line[skip] == '\t')) ++skip;
      line.remove_prefix(skip);
      if (starts_with(line, "#")) {
        size_t hashes = line.find_first_not_of('#');
        line.remove_prefix(hashes == std::string_view::npos ? line.size() : hashes);
      } else if (starts_with(line, "* ") || starts_with(line, "- ") || starts_with(line, "+ ") ||
                 starts_with(line, "> ")) {
        line.remove_prefix(2);
      } else {
        size_t digits = 0;
        while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
        if (digits > 0 && starts_with(line.substr(digits), ". "))
          line.remove_prefix(digits + 2);
        else
          break;
      }
    }
    if (line.empty() || line.find_first_not_of("-=*_|: ") == std::string_view::npos) continue;  // rules, tables
    std::string text = inline_text(line);
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    out += text;
    out += "\n\n";
  }
  return out;
}

// ---- clustering --------------------------------------------------------------------------------

Result<ClusterResult> cluster_words(const ClusterCorpus& corpus, const ClusterOptions& options, std::ostream& log) {
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  if (options.clusters < 1) return Error("word clusters: at least one cluster is needed");
  if (options.min_count < 1) return Error("word clusters: min_count must be at least 1");

  // Vocabulary: words seen at least min_count times, by decreasing count, then bytes.
  const auto& counts = corpus.counts();
  std::vector<uint32_t> vocabulary;
  auto excluded = [&](std::string_view word) {
    if (!options.skip_handles_and_urls) return false;
    return (word.size() > 1 && word[0] == '@') || starts_with(word, "http://") || starts_with(word, "https://") ||
           starts_with(word, "www.");
  };
  for (uint32_t id = 0; id < counts.size(); ++id)
    if (counts[id] >= options.min_count && !excluded(corpus.words()[id])) vocabulary.push_back(id);
  std::sort(vocabulary.begin(), vocabulary.end(), [&](uint32_t a, uint32_t b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    return corpus.words()[a] < corpus.words()[b];
  });
  const size_t vocab = vocabulary.size();
  if (vocab == 0)
    return Error("word clusters: no word occurs " + std::to_string(options.min_count) + " times in the corpus");
  // Items: vocabulary words 0..V-1, then the boundary and the rare pseudo-words.
  const uint32_t boundary = static_cast<uint32_t>(vocab), rare = boundary + 1;
  std::vector<uint32_t> item_of(counts.size(), rare);
  for (uint32_t rank = 0; rank < vocab; ++rank) item_of[vocabulary[rank]] = rank;

  // Bigram counts as sorted (first << 32 | second) keys, then adjacency lists both ways.
  std::vector<uint64_t> keys;
  keys.reserve(corpus.tokens() + 2 * corpus.sentences());
  const auto& tokens = corpus.token_ids();
  const auto& begins = corpus.sentence_begins();
  for (size_t sentence = 0; sentence < begins.size(); ++sentence) {
    size_t end = sentence + 1 < begins.size() ? begins[sentence + 1] : tokens.size();
    uint64_t previous = boundary;
    for (size_t idx = begins[sentence]; idx < end; ++idx) {
      uint64_t item = item_of[tokens[idx]];
      keys.push_back(previous << 32 | item);
      previous = item;
    }
    keys.push_back(previous << 32 | boundary);
  }
  const uint64_t bigrams = keys.size();
  if (bigrams >= (uint64_t{1} << 40)) return Error("word clusters: corpus too large");
  std::sort(keys.begin(), keys.end());
  const size_t items = vocab + 2;
  struct Neighbour {
    uint32_t item;
    uint32_t count;
  };
  std::vector<std::vector<Neighbour>> next(items), prev(items);
  for (size_t idx = 0; idx < keys.size();) {
    size_t run = idx;
    while (run < keys.size() && keys[run] == keys[idx]) ++run;
    uint32_t first = static_cast<uint32_t>(keys[idx] >> 32), second = static_cast<uint32_t>(keys[idx]);
    next[first].push_back({second, static_cast<uint32_t>(run - idx)});
    prev[second].push_back({first, static_cast<uint32_t>(run - idx)});
    idx = run;
  }
  size_t bigram_types = 0;
  for (const auto& list : next) bigram_types += list.size();
  keys.clear();
  keys.shrink_to_fit();
  std::vector<int64_t> left_total(items, 0), right_total(items, 0), self(items, 0);
  for (uint32_t item = 0; item < items; ++item) {
    for (const auto& neighbour : next[item]) {
      left_total[item] += neighbour.count;
      if (neighbour.item == item) self[item] = neighbour.count;
    }
    for (const auto& neighbour : prev[item]) right_total[item] += neighbour.count;
  }
  const XLogX f(bigrams);

  // Leaf classes: 2 fixed classes, then C word classes. The C − 1 most frequent words start alone,
  // the rest together in the last class.
  const size_t word_classes = std::min<size_t>(options.clusters, vocab);
  const size_t classes = kFirstWordClass + word_classes;
  std::vector<uint32_t> class_of(items);
  for (uint32_t rank = 0; rank < vocab; ++rank)
    class_of[rank] = static_cast<uint32_t>(kFirstWordClass + std::min<size_t>(rank, word_classes - 1));
  class_of[boundary] = kBoundaryClass;
  class_of[rare] = kRareClass;
  ClassCounts stats(classes);
  for (uint32_t item = 0; item < items; ++item) {
    for (const auto& neighbour : next[item]) stats.add(class_of[item], class_of[neighbour.item], neighbour.count);
    stats.left[class_of[item]] += left_total[item];
    stats.right[class_of[item]] += right_total[item];
  }
  log << "word clusters: " << corpus.sentences() << " sentences, " << corpus.tokens() << " tokens ("
      << corpus.duplicates() << " duplicate sentences skipped), " << corpus.distinct_words() << " distinct words, "
      << vocab << " with count >= " << options.min_count << ", " << bigram_types << " bigram types; " << word_classes
      << " classes\n";
  double objective = stats.objective(f);
  log << "  start: AMI " << fixed(ami_bits(objective, bigrams, f), 4) << " bits\n";

  // ---- exchange passes ----
  std::vector<int64_t> to_class(classes, 0), from_class(classes, 0);  // R[d], L[c] of the moving word
  std::vector<uint32_t> to_touched, from_touched;
  std::vector<uint8_t> to_seen(classes, 0), from_seen(classes, 0);
  size_t passes = 0;
  if (word_classes < vocab) {
    for (uint32_t pass = 1; pass <= options.max_passes; ++pass) {
      size_t moved = 0;
      for (uint32_t word = 0; word < vocab; ++word) {
        // Class counts of the word's right and left neighbours, without its own repeats (w w).
        to_touched.clear();
        from_touched.clear();
        for (const auto& neighbour : next[word]) {
          if (neighbour.item == word) continue;
          uint32_t cls = class_of[neighbour.item];
          if (!to_seen[cls]) to_seen[cls] = 1, to_touched.push_back(cls);
          to_class[cls] += neighbour.count;
        }
        for (const auto& neighbour : prev[word]) {
          if (neighbour.item == word) continue;
          uint32_t cls = class_of[neighbour.item];
          if (!from_seen[cls]) from_seen[cls] = 1, from_touched.push_back(cls);
          from_class[cls] += neighbour.count;
        }
        const int64_t repeats = self[word], left = left_total[word], right = right_total[word];
        auto move = [&](size_t cls, int64_t sign) {
          for (uint32_t d : to_touched) stats.add(cls, d, sign * to_class[d]);
          for (uint32_t c : from_touched) stats.add(c, cls, sign * from_class[c]);
          stats.add(cls, cls, sign * repeats);
          stats.left[cls] += sign * left;
          stats.right[cls] += sign * right;
        };
        const uint32_t old_class = class_of[word];
        move(old_class, -1);
        // Gain in the objective of putting the word into class k (only terms that change).
        auto gain = [&](size_t k) {
          const int64_t* row = &stats.n[k * classes];
          const int64_t* column = &stats.nt[k * classes];
          double total = 0;
          for (uint32_t d : to_touched) total += f(row[d] + to_class[d]) - f(row[d]);
          for (uint32_t c : from_touched)
            if (c != k) total += f(column[c] + from_class[c]) - f(column[c]);
          const int64_t cell = row[k];
          const int64_t added = to_class[k] + from_class[k] + repeats;
          if (added != 0) total += f(cell + added) - f(cell) - (f(cell + to_class[k]) - f(cell));
          total -= f(stats.left[k] + left) - f(stats.left[k]) + f(stats.right[k] + right) - f(stats.right[k]);
          return total;
        };
        size_t best = old_class;
        double best_gain = gain(old_class);
        for (size_t k = kFirstWordClass; k < classes; ++k) {
          if (k == old_class) continue;
          double candidate = gain(k);
          if (candidate > best_gain + 1e-9 * std::max(1.0, std::abs(best_gain))) {
            best_gain = candidate;
            best = k;
          }
        }
        move(best, +1);
        if (best != old_class) {
          class_of[word] = static_cast<uint32_t>(best);
          ++moved;
        }
        for (uint32_t d : to_touched) to_class[d] = 0, to_seen[d] = 0;
        for (uint32_t c : from_touched) from_class[c] = 0, from_seen[c] = 0;
      }
      passes = pass;
      double updated = stats.objective(f);
      double gain_bits = ami_bits(updated, bigrams, f) - ami_bits(objective, bigrams, f);
      objective = updated;
      log << "  exchange pass " << pass << ": " << moved << " words moved, AMI "
          << fixed(ami_bits(objective, bigrams, f), 4) << " bits (+" << fixed(gain_bits, 4) << "), "
          << fixed(elapsed(), 1) << " s\n";
      if (moved == 0 || gain_bits < options.min_pass_gain_bits) break;
    }
  }
  const double leaf_ami = ami_bits(objective, bigrams, f);

  // ---- merge tree over the non-empty word classes ----
  std::vector<size_t> active;
  for (size_t cls = kFirstWordClass; cls < classes; ++cls)
    if (stats.left[cls] + stats.right[cls] > 0) active.push_back(cls);
  const size_t k = classes;
  // Loss terms: pair_gain[i*k+j] (i < j) is the change in the objective if i and j merged.
  std::vector<double> pair_gain(k * k, 0.0);
  auto direct_gain = [&](size_t i, size_t j) {
    const int64_t* row_i = &stats.n[i * k];
    const int64_t* row_j = &stats.n[j * k];
    const int64_t* col_i = &stats.nt[i * k];
    const int64_t* col_j = &stats.nt[j * k];
    double total = 0;
    for (size_t d = 0; d < k; ++d) {
      if (d == i || d == j) continue;
      total += f.merge(row_i[d], row_j[d]) + f.merge(col_i[d], col_j[d]);
    }
    const int64_t ii = row_i[i], ij = row_i[j], ji = row_j[i], jj = row_j[j];
    total += f(ii + ij + ji + jj) - f(ii) - f(ij) - f(ji) - f(jj);
    total -= f.merge(stats.left[i], stats.left[j]) + f.merge(stats.right[i], stats.right[j]);
    return total;
  };
  for (size_t a = 0; a < active.size(); ++a)
    for (size_t b = a + 1; b < active.size(); ++b)
      pair_gain[active[a] * k + active[b]] = direct_gain(active[a], active[b]);
  // Tree nodes: leaves are the active classes; node_of[class] is the current subtree.
  struct Node {
    int left = -1, right = -1;
    size_t leaf_class = 0;
  };
  std::vector<Node> nodes;
  std::vector<int> node_of(k, -1);
  for (size_t cls : active) {
    node_of[cls] = static_cast<int>(nodes.size());
    nodes.push_back({-1, -1, cls});
  }
  std::vector<int64_t> s_in(k), s_out(k), t_in(k), t_out(k), u_in(k), u_out(k);
  while (active.size() > 1) {
    size_t best_a = 0, best_b = 1;
    double best = -INFINITY;
    for (size_t a = 0; a < active.size(); ++a)
      for (size_t b = a + 1; b < active.size(); ++b) {
        double value = pair_gain[active[a] * k + active[b]];
        if (value > best) best = value, best_a = a, best_b = b;
      }
    const size_t s = active[best_a], t = active[best_b];  // s < t: u replaces s
    for (size_t x = 0; x < k; ++x) {
      s_in[x] = stats.n[x * k + s];
      s_out[x] = stats.n[s * k + x];
      t_in[x] = stats.n[x * k + t];
      t_out[x] = stats.n[t * k + x];
      u_in[x] = s_in[x] + t_in[x];
      u_out[x] = s_out[x] + t_out[x];
    }
    // Brown's update: for other pairs only the terms against s and t change (they become u).
    for (size_t a = 0; a < active.size(); ++a) {
      const size_t i = active[a];
      if (i == s || i == t) continue;
      for (size_t b = a + 1; b < active.size(); ++b) {
        const size_t j = active[b];
        if (j == s || j == t) continue;
        pair_gain[i * k + j] += f.merge(u_in[i], u_in[j]) + f.merge(u_out[i], u_out[j]) - f.merge(s_in[i], s_in[j]) -
                                f.merge(s_out[i], s_out[j]) - f.merge(t_in[i], t_in[j]) - f.merge(t_out[i], t_out[j]);
      }
    }
    // Merge t into s.
    const int64_t uu = s_out[s] + s_out[t] + t_out[s] + t_out[t];
    for (size_t x = 0; x < k; ++x) {
      if (x == s || x == t) continue;
      stats.add(s, x, t_out[x]);
      stats.add(x, s, t_in[x]);
      stats.add(t, x, -t_out[x]);
      stats.add(x, t, -t_in[x]);
    }
    stats.add(s, s, uu - s_out[s]);
    stats.add(s, t, -s_out[t]);
    stats.add(t, s, -t_out[s]);
    stats.add(t, t, -t_out[t]);
    stats.left[s] += stats.left[t];
    stats.right[s] += stats.right[t];
    stats.left[t] = stats.right[t] = 0;
    nodes.push_back({node_of[s], node_of[t], 0});
    node_of[s] = static_cast<int>(nodes.size() - 1);
    node_of[t] = -1;
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(best_b));
    for (size_t other : active) {
      if (other == s) continue;
      pair_gain[std::min(s, other) * k + std::max(s, other)] = direct_gain(std::min(s, other), std::max(s, other));
    }
  }
  // Paths from the root: left '0', right '1'.
  std::vector<std::string> class_path(k);
  if (!nodes.empty()) {
    std::vector<std::pair<int, std::string>> stack = {{static_cast<int>(nodes.size() - 1), ""}};
    while (!stack.empty()) {
      auto [node, path] = std::move(stack.back());
      stack.pop_back();
      if (nodes[node].left < 0) {
        class_path[nodes[node].leaf_class] = path.empty() ? "0" : path;
        continue;
      }
      stack.push_back({nodes[node].right, path + "1"});
      stack.push_back({nodes[node].left, path + "0"});
    }
  }
  log << "  merge tree: " << fixed(elapsed(), 1) << " s\n";

  ClusterResult result;
  result.vocabulary = vocab;
  result.passes = passes;
  result.mutual_information_bits = leaf_ami;
  size_t used = 0;
  for (size_t cls = kFirstWordClass; cls < classes; ++cls) used += !class_path[cls].empty();
  result.clusters = used;
  for (uint32_t rank = 0; rank < vocab; ++rank)
    result.words.push_back({corpus.words()[vocabulary[rank]], class_path[class_of[rank]], counts[vocabulary[rank]]});
  std::stable_sort(result.words.begin(), result.words.end(), [](const ClusteredWord& a, const ClusteredWord& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.count != b.count) return a.count > b.count;
    return a.word < b.word;
  });
  result.seconds = elapsed();
  return result;
}

std::string format_clusters(const ClusterResult& result, const std::vector<std::string>& header) {
  std::string out;
  for (const auto& line : header) out += "# " + line + "\n";
  for (const auto& word : result.words) {
    out += word.path;
    out += '\t';
    out += word.word;
    out += '\t';
    out += std::to_string(word.count);
    out += '\n';
  }
  return out;
}

Status train_word_clusters(const std::vector<std::string>& corpus_paths, const ClusterOptions& options,
                           const std::string& out_path, std::ostream& log) {
  const auto started = std::chrono::steady_clock::now();
  if (corpus_paths.empty()) return Error("word clusters: no corpus given");
  ClusterCorpus corpus(options.deduplicate_sentences);
  for (const auto& path : corpus_paths) {
    size_t sentences = corpus.sentences(), tokens = corpus.tokens();
    Status status = corpus.add_file(path);
    if (!status.ok()) return status;
    log << "read " << path << ": " << corpus.sentences() - sentences << " sentences, " << corpus.tokens() - tokens
        << " tokens\n";
  }
  const double reading = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto result = cluster_words(corpus, options, log);
  if (!result.ok()) return result.error();
  const ClusterResult& clusters = result.value();
  std::vector<std::string> header = {
      "GENERATED BY chronicle train clusters (training/word_clusters.cc); DO NOT EDIT",
      "Brown clusters: exchange algorithm for the leaf classes, then bottom-up merging by the same "
      "criterion (average mutual information of adjacent classes) for the bit strings",
      "format: bitstring<TAB>word<TAB>count (as Liang's wcluster)",
      "options: clusters=" + std::to_string(options.clusters) + " min_count=" + std::to_string(options.min_count) +
          " max_passes=" + std::to_string(options.max_passes) +
          " deduplicate_sentences=" + (options.deduplicate_sentences ? "yes" : "no") +
          " skip_handles_and_urls=" + (options.skip_handles_and_urls ? "yes" : "no"),
      "figures: sentences=" + std::to_string(corpus.sentences()) + " tokens=" + std::to_string(corpus.tokens()) +
          " vocabulary=" + std::to_string(clusters.vocabulary) + " clusters=" + std::to_string(clusters.clusters) +
          " passes=" + std::to_string(clusters.passes) + " ami_bits=" + fixed(clusters.mutual_information_bits, 4),
  };
  for (const auto& path : corpus_paths)
    header.push_back("corpus: " + std::filesystem::path(path).lexically_normal().string());
  const std::string text = format_clusters(clusters, header);
  // Self-check: the runtime reader accepts what we write.
  auto check = models::WordClusters::parse_text(text, out_path);
  if (!check.ok()) return Error("word clusters: output does not read back: " + check.error().message());
  const std::string temporary = out_path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Error(temporary + ": cannot create file");
    out << text;
    out.flush();
    if (!out) return Error(temporary + ": write error");
  }
  std::error_code error;
  std::filesystem::rename(temporary, out_path, error);
  if (error) return Error(out_path + ": cannot replace: " + error.message());
  log << "wrote " << out_path << ": " << clusters.vocabulary << " words in " << clusters.clusters << " clusters ("
      << text.size() << " bytes); reading " << fixed(reading, 1) << " s, clustering " << fixed(clusters.seconds, 1)
      << " s\n";
  return Status::Ok();
}

}  // namespace chronicle::training
