// HTML reader: metadata from <head>, and the main text of the page without its boilerplate.
//
// Main text: the <article> (else <main>, else the element whose direct <p> children hold the most
// text) is walked, skipping navigation, scripts, asides and elements whose class or id names a
// boilerplate block ("share-buttons", "related", "cookie-banner"). Text inside paragraph-like
// elements (p, h1-h6, li, blockquote, ...) becomes one paragraph each, whitespace collapsed;
// paragraphs are joined with a blank line. Pages that keep their text in bare <div>s get a second
// pass that takes all text, broken at block elements. Gumbo decodes entities and repairs broken
// markup, so a truncated page still gives the text it has.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "ingest/internal.h"

namespace chronicle {
namespace {

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  return nullptr;
}

// Depth-first walk without recursion (pages nest thousands of levels deep in the wild, and
// the stack is not ours to spend). `enter` returns false to skip a node's children; `leave` is
// called for every node whose children were walked.
template <class Enter, class Leave>
void walk(const GumboNode* root, Enter&& enter, Leave&& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };
  std::vector<Frame> stack;
  if (!enter(root)) return;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector* children = children_of(frame.node);
    if (children == nullptr || frame.next_child >= children->length) {
      const GumboNode* done = frame.node;
      stack.pop_back();
      leave(done);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[frame.next_child++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

bool is_element(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool has_tag(const GumboNode* node, GumboTag tag) {
  return is_element(node) && node->v.element.tag == tag;
}

std::string_view attribute(const GumboNode* node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr ? std::string_view(attr->value) : std::string_view();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Appends `text` to `out`, collapsing runs of whitespace (ASCII and U+00A0) into one space and
// dropping leading whitespace. `pending_space` carries a space across text nodes.
void append_collapsed(std::string_view text, std::string& out, bool& pending_space) {
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (ingest::is_space(c)) {
      pending_space = true;
      continue;
    }
    if (c == '\xC2' && pos + 1 < text.size() && text[pos + 1] == '\xA0') {
      pending_space = true;
      ++pos;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
}

// Whitespace-collapsed text of everything under `node`.
std::string collapsed_text(const GumboNode* node) {
  std::string out;
  bool pending_space = false;
  walk(
      node,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
            n->type == GUMBO_NODE_WHITESPACE) {
          append_collapsed(n->v.text.text, out, pending_space);
        }
        return true;
      },
      [](const GumboNode*) {});
  return out;
}

// Elements that are never article text.
bool is_boilerplate_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_IFRAME: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Words that, as a whole part of a class or id ("site-nav", "shareButtons", "related_links"),
// mark a boilerplate block. Whole parts, not substrings: "commentary" and "canvas" are content.
bool is_boilerplate_word(std::string_view part) {
  static constexpr std::array<std::string_view, 34> kWords = {
      "nav",        "navbar",     "navigation",  "menu",         "menus",      "footer",
      "sidebar",    "share",      "shares",      "sharing",      "sharebar",   "social",
      "comment",    "comments",   "related",     "advert",       "adverts",    "advertisement",
      "advertising", "ads",       "ad",          "cookie",       "cookies",    "consent",
      "subscribe",  "subscription", "newsletter", "breadcrumb",  "breadcrumbs", "promo",
      "paywall",    "masthead",   "popup",       "modal"};
  return std::find(kWords.begin(), kWords.end(), part) != kWords.end();
}

bool names_boilerplate(std::string_view value) {
  std::string part;
  auto check = [&]() {
    bool hit = !part.empty() && is_boilerplate_word(part);
    part.clear();
    return hit;
  };
  for (size_t pos = 0; pos < value.size(); ++pos) {
    const char c = value[pos];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      if (check()) return true;
      continue;
    }
    // camelCase boundary: "shareButtons" → "share", "buttons".
    if (upper && pos > 0 && value[pos - 1] >= 'a' && value[pos - 1] <= 'z' && check()) return true;
    part += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return check();
}

bool is_dropped(const GumboNode* node) {
  if (!is_element(node)) return false;
  const GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY) return false;
  if (is_boilerplate_tag(tag)) return true;
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr) return true;
  if (attribute(node, "aria-hidden") == "true") return true;
  const std::string role = lower(attribute(node, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search" || role == "menu" || role == "dialog") {
    return true;
  }
  return names_boilerplate(attribute(node, "class")) || names_boilerplate(attribute(node, "id"));
}

// Elements whose text is one paragraph of the output.
bool is_paragraph_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
      return true;
    default:
      return false;
  }
}

// Elements that break a paragraph without being one (used by the all-text pass).
bool is_block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_BR: case GUMBO_TAG_HR:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// Paragraphs under `root`. With `all_text`, text outside paragraph elements counts too.
std::vector<std::string> extract_paragraphs(const GumboNode* root, bool all_text) {
  std::vector<std::string> paragraphs;
  std::string buffer;
  bool pending_space = false;
  int paragraph_depth = 0;
  auto flush = [&]() {
    if (!buffer.empty()) paragraphs.push_back(std::move(buffer));
    buffer.clear();
    pending_space = false;
  };
  auto breaks = [&](const GumboNode* node) {
    return is_element(node) &&
           (is_paragraph_tag(node->v.element.tag) || is_block_tag(node->v.element.tag));
  };
  walk(
      root,
      [&](const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
          if (all_text || paragraph_depth > 0) {
            append_collapsed(node->v.text.text, buffer, pending_space);
          }
          return false;
        }
        if (node != root && is_dropped(node)) return false;
        if (breaks(node)) flush();
        if (is_element(node) && is_paragraph_tag(node->v.element.tag)) ++paragraph_depth;
        return true;
      },
      [&](const GumboNode* node) {
        if (breaks(node)) flush();
        if (is_element(node) && is_paragraph_tag(node->v.element.tag)) --paragraph_depth;
      });
  flush();
  return paragraphs;
}

size_t total_size(const std::vector<std::string>& paragraphs) {
  size_t size = 0;
  for (const std::string& paragraph : paragraphs) size += paragraph.size();
  return size;
}

// Visits every element that is not inside a dropped subtree.
template <class Visit>
void for_each_kept_element(const GumboNode* root, Visit&& visit) {
  walk(
      root,
      [&](const GumboNode* node) {
        if (!is_element(node) && node->type != GUMBO_NODE_DOCUMENT) return false;
        if (is_element(node) && is_dropped(node)) return false;
        if (is_element(node)) visit(node);
        return true;
      },
      [](const GumboNode*) {});
}

// The element holding the article: see the comment at the top of the file.
const GumboNode* find_main_element(const GumboNode* root) {
  std::vector<const GumboNode*> articles, mains;
  const GumboNode* body = nullptr;
  for_each_kept_element(root, [&](const GumboNode* node) {
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_ARTICLE) articles.push_back(node);
    if (tag == GUMBO_TAG_MAIN || lower(attribute(node, "role")) == "main") mains.push_back(node);
    if (tag == GUMBO_TAG_BODY && body == nullptr) body = node;
  });
  for (const auto* candidates : {&articles, &mains}) {
    const GumboNode* best = nullptr;
    size_t best_size = 0;
    for (const GumboNode* candidate : *candidates) {
      size_t size = total_size(extract_paragraphs(candidate, /*all_text=*/false));
      if (size > best_size) {
        best = candidate;
        best_size = size;
      }
    }
    if (best != nullptr) return best;
  }
  // No usable <article>/<main>: the element whose own <p> children carry the most text.
  const GumboNode* best = nullptr;
  size_t best_size = 0;
  for_each_kept_element(root, [&](const GumboNode* node) {
    size_t size = 0;
    const GumboVector& children = node->v.element.children;
    for (unsigned child_idx = 0; child_idx < children.length; ++child_idx) {
      const auto* child = static_cast<const GumboNode*>(children.data[child_idx]);
      if (has_tag(child, GUMBO_TAG_P) && !is_dropped(child)) {
        size += total_size(extract_paragraphs(child, false));
      }
    }
    if (size > best_size) {
      best = node;
      best_size = size;
    }
  });
  if (best != nullptr) return best;
  return body != nullptr ? body : root;
}

struct PageMetadata {
  std::vector<std::pair<std::string, std::string>> meta;  // lower-case key → content, in order
  std::string title_element;
  std::string canonical;
  std::vector<std::string> json_ld;

  std::string get(std::string_view key) const {
    for (const auto& [name, content] : meta) {
      if (name == key && !content.empty()) return content;
    }
    return {};
  }
};

PageMetadata collect_metadata(const GumboNode* root) {
  PageMetadata page;
  walk(
      root,
      [&](const GumboNode* node) {
        if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
        const GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_META) {
          std::string content(attribute(node, "content"));
          for (const char* key_attr : {"property", "name", "itemprop", "http-equiv"}) {
            std::string_view key = attribute(node, key_attr);
            if (!key.empty()) page.meta.emplace_back(lower(key), content);
          }
        } else if (tag == GUMBO_TAG_TITLE && page.title_element.empty()) {
          page.title_element = collapsed_text(node);
        } else if (tag == GUMBO_TAG_LINK && page.canonical.empty()) {
          if (lower(attribute(node, "rel")) == "canonical") {
            page.canonical = std::string(attribute(node, "href"));
          }
        } else if (tag == GUMBO_TAG_SCRIPT &&
                   lower(attribute(node, "type")) == "application/ld+json") {
          std::string text;
          const GumboVector& children = node->v.element.children;
          for (unsigned child_idx = 0; child_idx < children.length; ++child_idx) {
            const auto* child = static_cast<const GumboNode*>(children.data[child_idx]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
                child->type == GUMBO_NODE_CDATA) {
              text += child->v.text.text;
            }
          }
          page.json_ld.push_back(std::move(text));
        } else if (attribute(node, "itemprop") == "datePublished") {
          // Microdata on a non-meta element: <time itemprop="datePublished" datetime="...">.
          std::string_view value = attribute(node, "datetime");
          if (value.empty()) value = attribute(node, "content");
          if (!value.empty()) page.meta.emplace_back("datepublished", std::string(value));
        }
        return true;
      },
      [](const GumboNode*) {});
  return page;
}

// "datePublished" anywhere in a JSON-LD block (objects, arrays, "@graph"), depth-limited.
std::string json_ld_date(const nlohmann::json& value, int depth) {
  if (depth > 8) return {};
  if (value.is_object()) {
    if (auto it = value.find("datePublished"); it != value.end() && it->is_string()) {
      std::string date = normalize_metadata_date(it->get<std::string>());
      if (!date.empty()) return date;
    }
    for (const auto& item : value.items()) {
      if (item.value().is_structured()) {
        std::string date = json_ld_date(item.value(), depth + 1);
        if (!date.empty()) return date;
      }
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      std::string date = json_ld_date(item, depth + 1);
      if (!date.empty()) return date;
    }
  }
  return {};
}

std::string find_date(const PageMetadata& page, const GumboNode* main_element) {
  static constexpr std::array<std::string_view, 10> kDateKeys = {
      "article:published_time", "og:published_time", "date",           "pubdate",
      "publishdate",            "dc.date.issued",    "dc.date",        "datepublished",
      "sailthru.date",          "parsely-pub-date"};
  for (std::string_view key : kDateKeys) {
    for (const auto& [name, content] : page.meta) {
      if (name != key) continue;
      std::string date = normalize_metadata_date(content);
      if (!date.empty()) return date;
    }
  }
  for (const std::string& block : page.json_ld) {
    nlohmann::json value = nlohmann::json::parse(block, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) continue;
    std::string date = json_ld_date(value, 0);
    if (!date.empty()) return date;
  }
  std::string date;
  walk(
      main_element,
      [&](const GumboNode* node) {
        if (!date.empty()) return false;
        if (has_tag(node, GUMBO_TAG_TIME)) {
          date = normalize_metadata_date(attribute(node, "datetime"));
          return false;
        }
        return is_element(node) || node->type == GUMBO_NODE_DOCUMENT;
      },
      [](const GumboNode*) {});
  return date;
}

bool is_absolute_url(std::string_view url) {
  return url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
}

// "https://www.example.com:443/a/b" → "example.com".
std::string host_of(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  url.remove_prefix(start + 3);
  url = url.substr(0, url.find_first_of("/:?#"));
  if (url.substr(0, 4) == "www.") url.remove_prefix(4);
  return lower(url);
}

std::string trimmed_collapsed(std::string_view text) {
  std::string out;
  bool pending_space = false;
  append_collapsed(text, out, pending_space);
  return out;
}

// "Headline | Site" → "Headline" when "Site" is the site name.
std::string strip_site_suffix(std::string title, const std::string& site) {
  if (site.empty()) return title;
  const std::string lower_title = lower(title), lower_site = lower(site);
  for (std::string_view separator : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
    std::string suffix = std::string(separator) + lower_site;
    if (lower_title.size() > suffix.size() &&
        lower_title.compare(lower_title.size() - suffix.size(), suffix.size(), suffix) == 0) {
      title.resize(title.size() - suffix.size());
      return title;
    }
  }
  return title;
}

// Labels under which pages declare Latin-1-like encodings; WHATWG decodes all of them as
// windows-1252.
bool declares_windows1252(std::string_view bytes) {
  std::string head = lower(bytes.substr(0, 2048));
  size_t pos = head.find("charset");
  if (pos == std::string::npos) return false;
  pos = head.find_first_not_of(" =\"'", pos + 7);
  if (pos == std::string::npos) return false;
  std::string_view label = std::string_view(head).substr(pos);
  label = label.substr(0, label.find_first_of(" \"';>/"));
  return label == "iso-8859-1" || label == "latin1" || label == "windows-1252" ||
         label == "cp1252" || label == "us-ascii" || label == "iso8859-1" ||
         label == "iso_8859-1";
}

std::string windows1252_to_utf8(std::string_view bytes) {
  // Code points of 0x80..0x9F in windows-1252; the five undefined bytes map to C1 controls.
  static constexpr std::array<char32_t, 32> kHigh = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const unsigned char byte = static_cast<unsigned char>(c);
    char32_t cp = byte < 0x80 ? byte : byte < 0xA0 ? kHigh[byte - 0x80] : byte;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

}  // namespace

std::optional<Document> read_html(const std::string& name, std::string_view bytes,
                                  const ReadOptions& options, const DiagnosticSink& on_error) {
  const size_t bom = ingest::bom_length(bytes);
  bytes.remove_prefix(bom);
  if (ingest::is_blank(bytes)) {
    on_error({name, 0, UINT64_MAX, "empty file"});
    return std::nullopt;
  }
  if (bytes.size() > ingest::kMaxDocumentBytes) {
    on_error({name, 0, UINT64_MAX,
              "file too large: " + std::to_string(bytes.size()) + " bytes (limit " +
                  std::to_string(ingest::kMaxDocumentBytes) + ")"});
    return std::nullopt;
  }
  // Pages that declare a Latin-1 charset (and are not valid UTF-8) are transcoded; otherwise
  // Gumbo replaces each invalid sequence with U+FFFD. That is not reported: a Diagnostic means
  // "input skipped" to callers (the CLI counts them), and this page is still read; the U+FFFD
  // characters in the text show where bytes were lost.
  std::string transcoded;
  if (!ingest::is_valid_utf8(bytes, nullptr) && declares_windows1252(bytes)) {
    transcoded = windows1252_to_utf8(bytes);
    bytes = transcoded;
  }

  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, bytes.data(), bytes.size()));
  if (!output) {
    on_error({name, 0, UINT64_MAX, "HTML parser failed"});
    return std::nullopt;
  }
  const GumboNode* main_element = find_main_element(output->document);
  std::vector<std::string> paragraphs = extract_paragraphs(main_element, /*all_text=*/false);
  if (paragraphs.empty()) paragraphs = extract_paragraphs(main_element, /*all_text=*/true);
  if (paragraphs.empty()) {
    on_error({name, 0, UINT64_MAX, "no article text found"});
    return std::nullopt;
  }

  Document document;
  for (const std::string& paragraph : paragraphs) {
    if (!document.text.empty()) document.text += "\n\n";
    document.text += paragraph;
  }
  const PageMetadata page = collect_metadata(output->document);
  document.url = trimmed_collapsed(page.get("og:url"));
  if (!is_absolute_url(document.url)) document.url = trimmed_collapsed(page.canonical);
  if (!is_absolute_url(document.url)) document.url.clear();
  document.source = trimmed_collapsed(page.get("og:site_name"));
  if (document.source.empty()) document.source = trimmed_collapsed(page.get("application-name"));
  if (document.source.empty()) document.source = host_of(document.url);
  document.title = trimmed_collapsed(page.get("og:title"));
  if (document.title.empty()) {
    document.title = strip_site_suffix(page.title_element, document.source);
  }
  document.date = find_date(page, main_element);
  if (document.date.empty()) document.date = ingest::date_from_file_name(name);
  if (document.date.empty()) document.date = options.default_date;
  document.id = name;
  document.path = name;
  document.format = "html";
  return document;
}

}  // namespace chronicle
