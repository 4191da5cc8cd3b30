#include "models/corpus.h"

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

namespace chronicle::models {
namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(path + ": cannot open file");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t cut = line.find(separator, start);
    fields.push_back(line.substr(start, cut == std::string_view::npos ? line.npos : cut - start));
    if (cut == std::string_view::npos) break;
    start = cut + 1;
  }
  return fields;
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t idx = 0;
  while (idx < line.size()) {
    while (idx < line.size() && (line[idx] == ' ' || line[idx] == '\t')) ++idx;
    size_t start = idx;
    while (idx < line.size() && line[idx] != ' ' && line[idx] != '\t') ++idx;
    if (idx > start) fields.push_back(line.substr(start, idx - start));
  }
  return fields;
}

bool parse_int(std::string_view text, int& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string field(std::string_view value) { return value == "_" ? std::string() : std::string(value); }

bool has_space_after_no(std::string_view misc) {
  for (std::string_view item : split(misc, '|'))
    if (item == "SpaceAfter=No") return false;
  return true;
}

std::string_view trim_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Result<std::vector<TreebankSentence>> read_conllu(const std::string& path) {
  auto content = read_file(path);
  if (!content.ok()) return content.error();
  return parse_conllu(content.value(), path);
}

Result<std::vector<TreebankSentence>> parse_conllu(std::string_view content, std::string_view name) {
  std::vector<TreebankSentence> sentences;
  TreebankSentence current;
  bool pending_doc = false, pending_par = false;
  size_t line_number = 0, start = 0;
  auto error = [&](const std::string& message) {
    return Error(std::string(name) + ":" + std::to_string(line_number) + ": " + message);
  };
  auto finish = [&]() {
    if (!current.words.empty()) sentences.push_back(std::move(current));
    current = TreebankSentence();
  };
  while (start <= content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = trim_line(content.substr(start, end - start));
    ++line_number;
    start = end + 1;
    if (line.empty()) {
      finish();
      if (end == content.size()) break;
      continue;
    }
    if (line[0] == '#') {
      if (!current.words.empty()) return error("comment inside a sentence (missing blank line?)");
      auto comment_value = [&](std::string_view key) -> std::optional<std::string_view> {
        std::string_view body = line.substr(1);
        while (!body.empty() && body[0] == ' ') body.remove_prefix(1);
        if (body.substr(0, key.size()) != key) return std::nullopt;
        body.remove_prefix(key.size());
        while (!body.empty() && body[0] == ' ') body.remove_prefix(1);
        if (body.empty()) return body;
        if (body[0] != '=') return std::nullopt;
        body.remove_prefix(1);
        while (!body.empty() && body[0] == ' ') body.remove_prefix(1);
        return body;
      };
      if (auto value = comment_value("sent_id")) current.id = std::string(*value);
      else if (auto text = comment_value("text")) current.text = std::string(*text);
      else if (line.substr(0, 8) == "# newdoc") pending_doc = true;
      else if (line.substr(0, 8) == "# newpar") pending_par = true;
      current.new_document = current.new_document || pending_doc;
      current.new_paragraph = current.new_paragraph || pending_par || pending_doc;
      pending_doc = pending_par = false;
      continue;
    }
    auto columns = split(line, '\t');
    if (columns.size() != 10)
      return error("expected 10 tab-separated columns, found " + std::to_string(columns.size()));
    std::string_view id = columns[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node of the enhanced graph
    if (size_t dash = id.find('-'); dash != std::string_view::npos) {
      MultiwordToken token;
      if (!parse_int(id.substr(0, dash), token.first) || !parse_int(id.substr(dash + 1), token.last) ||
          token.first > token.last)
        return error("bad multiword token range '" + std::string(id) + "'");
      token.form = std::string(columns[1]);
      token.space_after = has_space_after_no(columns[9]);
      current.multiword_tokens.push_back(std::move(token));
      continue;
    }
    int index = 0;
    if (!parse_int(id, index) || index != static_cast<int>(current.words.size()) + 1)
      return error("word ID '" + std::string(id) + "' out of sequence");
    TreebankWord word;
    word.form = std::string(columns[1]);
    word.lemma = columns[2] == "_" && columns[1] != "_" ? std::string() : std::string(columns[2]);
    word.upos = field(columns[3]);
    word.xpos = field(columns[4]);
    word.feats = field(columns[5]);
    if (columns[6] != "_" && !parse_int(columns[6], word.head))
      return error("bad HEAD '" + std::string(columns[6]) + "'");
    word.deprel = field(columns[7]);
    word.space_after = has_space_after_no(columns[9]);
    current.words.push_back(std::move(word));
  }
  finish();
  for (const auto& sentence : sentences)
    for (const auto& word : sentence.words)
      if (word.head < 0 || word.head > static_cast<int>(sentence.words.size()))
        return Error(std::string(name) + ": sentence '" + sentence.id + "': HEAD " +
                     std::to_string(word.head) + " outside the sentence");
  return sentences;
}

std::string to_conllu(const std::vector<TreebankSentence>& sentences) {
  std::string out;
  auto column = [&](const std::string& value) { out += value.empty() ? "_" : value; };
  for (const auto& sentence : sentences) {
    if (!sentence.id.empty()) out += "# sent_id = " + sentence.id + "\n";
    if (!sentence.text.empty()) out += "# text = " + sentence.text + "\n";
    size_t mwt = 0;
    for (size_t idx = 0; idx < sentence.words.size(); ++idx) {
      const auto& word = sentence.words[idx];
      int number = static_cast<int>(idx) + 1;
      bool inside_mwt = false;
      while (mwt < sentence.multiword_tokens.size() && sentence.multiword_tokens[mwt].last < number) ++mwt;
      if (mwt < sentence.multiword_tokens.size() && sentence.multiword_tokens[mwt].first <= number) {
        const auto& token = sentence.multiword_tokens[mwt];
        inside_mwt = true;
        if (token.first == number) {
          out += std::to_string(token.first) + "-" + std::to_string(token.last) + "\t" + token.form +
                 "\t_\t_\t_\t_\t_\t_\t_\t" + (token.space_after ? "_" : "SpaceAfter=No") + "\n";
        }
      }
      out += std::to_string(number) + "\t";
      column(word.form); out += '\t';
      column(word.lemma); out += '\t';
      column(word.upos); out += '\t';
      column(word.xpos); out += '\t';
      column(word.feats); out += '\t';
      out += std::to_string(word.head) + "\t";
      column(word.deprel);
      out += "\t_\t";
      out += !inside_mwt && !word.space_after ? "SpaceAfter=No" : "_";
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

std::string_view base_relation(std::string_view deprel) {
  size_t colon = deprel.find(':');
  return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

Result<std::vector<EntitySentence>> read_entity_corpus(const std::string& path,
                                                       const std::vector<std::string>& type_map) {
  auto content = read_file(path);
  if (!content.ok()) return content.error();
  std::vector<std::pair<std::string, std::string>> renames;
  for (const auto& entry : type_map) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos) return Error("type map entry '" + entry + "' is not FROM=TO");
    renames.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  std::vector<EntitySentence> sentences;
  EntitySentence current;
  auto finish = [&]() {
    if (current.words.empty()) return;
    // IOB1 → IOB2 and type renames; a dropped type becomes O.
    std::string previous_type;
    for (auto& label : current.labels) {
      if (label == "O" || label.size() < 3 || label[1] != '-') {
        label = "O";
        previous_type.clear();
        continue;
      }
      char prefix = label[0];
      std::string type = label.substr(2);
      for (const auto& [from, to] : renames)
        if (type == from) { type = to; break; }
      if (type.empty()) { label = "O"; previous_type.clear(); continue; }
      if (prefix == 'I' && previous_type != type) prefix = 'B';
      if (prefix != 'B' && prefix != 'I') prefix = 'B';  // E-/S- of other schemes start spans too
      label = std::string(1, prefix) + "-" + type;
      previous_type = type;
    }
    sentences.push_back(std::move(current));
    current = EntitySentence();
  };
  std::string_view text = content.value();
  size_t start = 0, line_number = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_line(text.substr(start, end - start));
    ++line_number;
    start = end + 1;
    if (split_whitespace(line).empty()) {
      finish();
      if (end == text.size()) break;
      continue;
    }
    if (line[0] == '#' && line.find('\t') == std::string_view::npos) continue;
    auto columns = line.find('\t') != std::string_view::npos ? split(line, '\t') : split_whitespace(line);
    std::string_view word, label;
    int index = 0;
    if (columns.size() >= 3 && parse_int(columns[0], index)) {
      word = columns[1];
      label = columns[2];
    } else if (columns.size() >= 2) {
      word = columns[0];
      label = columns[columns.size() - 1];
    } else {
      return Error(path + ":" + std::to_string(line_number) + ": expected WORD and LABEL columns");
    }
    if (label != "O" && (label.size() < 3 || label[1] != '-'))
      return Error(path + ":" + std::to_string(line_number) + ": bad entity label '" +
                   std::string(label) + "'");
    current.words.emplace_back(word);
    current.labels.emplace_back(label);
  }
  finish();
  return sentences;
}

std::vector<EntitySpan> entity_spans(const std::vector<std::string>& labels) {
  std::vector<EntitySpan> spans;
  int open = -1;
  std::string type;
  auto close = [&](int end) {
    if (open >= 0) spans.push_back({open, end, type});
    open = -1;
  };
  for (int idx = 0; idx < static_cast<int>(labels.size()); ++idx) {
    const std::string& label = labels[idx];
    if (label.size() < 3 || label[1] != '-') { close(idx); continue; }
    std::string label_type = label.substr(2);
    if (label[0] == 'B' || open < 0 || label_type != type) {
      close(idx);
      open = idx;
      type = label_type;
    }
  }
  close(static_cast<int>(labels.size()));
  return spans;
}

}  // namespace chronicle::models
