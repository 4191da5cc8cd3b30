// The read-only JSON API (docs/openapi.yaml): routes, parameter checking and JSON building over
// the Store's browsing queries. Transport-free, so tests and the benchmark can call it directly;
// http_server.cc puts it behind cpp-httplib.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chronicle/export.h"
#include "chronicle/server.h"
#include "chronicle/store.h"
#include "server/parameters.h"

namespace chronicle {
namespace {

using json = nlohmann::ordered_json;
using server::BadRequest;
using server::Parameters;

// Caps: no answer holds more than these, whatever the client asks.
constexpr int64_t kMaxPage = 500;        // rows of a paged list
constexpr int64_t kDefaultPage = 50;
constexpr int64_t kMaxOffset = 10'000'000;
constexpr int64_t kMaxNetworkEdges = 500;
constexpr int64_t kMaxPlaces = 2000;
constexpr size_t kMaxTextBytes = 200;     // free-text filters
constexpr size_t kMaxActorBytes = 100;
// A document view shows at most this much text (news reports are far shorter; a whole newswire
// file stored as one document is not), with the annotations and events inside it.
constexpr size_t kMaxDocumentBytes = 200 * 1024;
constexpr size_t kMaxDocumentEvents = 2000;

std::string dump(const json& value) {
  // replace: stored text is valid UTF-8, but a span cut inside a character must not end the answer.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

ApiResponse error_response(int status, const std::string& message) {
  return ApiResponse{status, dump(json{{"error", {{"status", status}, {"message", message}}}})};
}

ApiResponse ok(const json& value) { return ApiResponse{200, dump(value)}; }

json span_json(Span span) { return json::array({span.begin, span.end}); }

json quads_json(const int64_t (&quads)[4]) {
  return json::array({quads[0], quads[1], quads[2], quads[3]});
}

// The event contract JSON (docs/event-json.md) plus the row id of its document.
json event_json(const StoredEvent& event) {
  json out = json::parse(event_to_json(event.record), nullptr, false);
  if (out.is_discarded()) out = json::object();
  out["document"] = event.document;
  return out;
}

json page_json(int64_t total, int64_t limit, int64_t offset, json items) {
  return json{{"total", total}, {"limit", limit}, {"offset", offset}, {"items", std::move(items)}};
}

// The event filters every event endpoint shares (the CLI's `events` flags plus text/document).
const std::set<std::string> kEventFilters = {
    "actor", "code", "root", "from", "to", "place", "text", "q", "document",
    "quad", "min_sources", "hedged", "negated"};

std::set<std::string> with(std::set<std::string> names, std::initializer_list<std::string> more) {
  names.insert(more);
  return names;
}

EventQuery event_query(Parameters& parameters) {
  EventQuery query;
  query.actor = parameters.text("actor", kMaxActorBytes);
  query.code = parameters.event_code("code");
  query.root = parameters.root("root");
  query.from = parameters.date("from");
  query.to = parameters.date("to");
  query.place = parameters.text("place", kMaxTextBytes);
  query.text = parameters.text("text", kMaxTextBytes);
  if (query.text.empty()) query.text = parameters.text("q", kMaxTextBytes);
  query.document = parameters.integer("document", 0, 1, INT64_MAX);
  query.quad_class = static_cast<int>(parameters.integer("quad", 0, 1, 4));
  // Events of happenings told by at least this many independent sources (merged across reports).
  query.min_sources = parameters.integer("min_sources", 0, 1, 1000000);
  query.hedged = parameters.boolean("hedged");
  query.negated = parameters.boolean("negated");
  return query;
}

// A range whose start is after its end is a mistake worth naming, not an empty answer.
std::optional<BadRequest> date_order(const EventQuery& query) {
  if (!query.from.empty() && !query.to.empty() && query.from > query.to) {
    return BadRequest{"parameter \"from\" (" + query.from + ") is after \"to\" (" + query.to +
                      ")"};
  }
  return std::nullopt;
}

// Finds `needle` inside the sentence `sentence` of `text`; the span in document bytes.
std::optional<Span> locate(const std::string& text, Span sentence, const std::string& needle) {
  if (needle.empty() || sentence.end > text.size() || sentence.begin >= sentence.end) {
    return std::nullopt;
  }
  std::string_view haystack(text.data() + sentence.begin, sentence.end - sentence.begin);
  size_t found = haystack.find(needle);
  if (found == std::string_view::npos) return std::nullopt;
  auto begin = static_cast<uint32_t>(sentence.begin + found);
  return Span{begin, static_cast<uint32_t>(begin + needle.size())};
}

// Cuts `text` at every annotation boundary: each segment lists the annotations covering it, so
// the page can draw nested highlights without handling byte offsets in JavaScript. Sentence
// starts are cuts too, and each segment names its sentence (for jumping to one). A sweep over
// the sorted cuts keeps this linear in practice even for reports with thousands of mentions.
json segments_json(const std::string& text, const std::vector<StoredSentence>& sentences,
                   const std::vector<std::pair<Span, size_t>>& marks) {
  const auto size = static_cast<uint32_t>(text.size());
  std::vector<uint32_t> cuts = {0, size};
  for (const StoredSentence& sentence : sentences) {
    cuts.push_back(std::min(sentence.span.begin, size));
  }
  std::vector<std::pair<Span, size_t>> by_begin;
  for (const auto& [span, index] : marks) {
    if (span.begin >= span.end || span.begin >= size) continue;
    Span clipped{span.begin, std::min(span.end, size)};
    by_begin.emplace_back(clipped, index);
    cuts.push_back(clipped.begin);
    cuts.push_back(clipped.end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::sort(by_begin.begin(), by_begin.end(), [](const auto& a, const auto& b) {
    return a.first.begin != b.first.begin ? a.first.begin < b.first.begin : a.second < b.second;
  });
  std::vector<const StoredSentence*> sentence_order;
  for (const StoredSentence& sentence : sentences) sentence_order.push_back(&sentence);
  std::sort(sentence_order.begin(), sentence_order.end(),
            [](const auto* a, const auto* b) { return a->span.begin < b->span.begin; });

  json segments = json::array();
  std::vector<std::pair<Span, size_t>> active;
  size_t next_mark = 0;
  size_t next_sentence = 0;
  const StoredSentence* current_sentence = nullptr;
  for (size_t cut_idx = 0; cut_idx + 1 < cuts.size(); ++cut_idx) {
    uint32_t begin = cuts[cut_idx];
    uint32_t end = cuts[cut_idx + 1];
    while (next_mark < by_begin.size() && by_begin[next_mark].first.begin <= begin) {
      active.push_back(by_begin[next_mark++]);
    }
    active.erase(std::remove_if(active.begin(), active.end(),
                                [begin](const auto& mark) { return mark.first.end <= begin; }),
                 active.end());
    while (next_sentence < sentence_order.size() &&
           sentence_order[next_sentence]->span.begin <= begin) {
      current_sentence = sentence_order[next_sentence++];
    }
    json covering = json::array();
    for (const auto& mark : active) covering.push_back(mark.second);
    int64_t sentence_index =
        current_sentence && begin < current_sentence->span.end ? current_sentence->index : -1;
    segments.push_back(json{{"text", text.substr(begin, end - begin)},
                            {"marks", std::move(covering)},
                            {"sentence", sentence_index}});
  }
  return segments;
}

}  // namespace

struct Api::Impl {
  std::string db_path;
  mutable std::mutex mutex;
  mutable std::vector<std::unique_ptr<Store>> idle;  // open connections not in use

  // A Store borrowed for one request and given back afterwards.
  class Lease {
   public:
    Lease(const Impl& owner, std::unique_ptr<Store> store)
        : owner_(owner), store_(std::move(store)) {}
    ~Lease() {
      if (!store_) return;
      std::lock_guard lock(owner_.mutex);
      owner_.idle.push_back(std::move(store_));
    }
    Store& operator*() const { return *store_; }
    Store* operator->() const { return store_.get(); }

   private:
    const Impl& owner_;
    std::unique_ptr<Store> store_;
  };

  Result<std::unique_ptr<Store>> borrow() const {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        std::unique_ptr<Store> store = std::move(idle.back());
        idle.pop_back();
        return store;
      }
    }
    return Store::open(db_path);
  }

  ApiResponse route(const Store& store, std::string_view path,
                    const std::multimap<std::string, std::string>& raw) const;
};

Result<std::unique_ptr<Api>> Api::open(const std::string& db_path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(db_path, error)) {
    return Error("no database at " + db_path + " (run `chronicle ingest --db " + db_path +
                 " PATH...` first)");
  }
  auto store = Store::open(db_path);
  if (!store.ok()) return store.error();
  std::unique_ptr<Api> api(new Api());
  api->impl_ = std::make_unique<Impl>();
  api->impl_->db_path = db_path;
  api->impl_->idle.push_back(std::move(store).value());
  return api;
}

Api::~Api() = default;

ApiResponse Api::handle(std::string_view path,
                        const std::multimap<std::string, std::string>& parameters) const {
  auto store = impl_->borrow();
  if (!store.ok()) return error_response(500, store.error().message());
  Impl::Lease lease(*impl_, std::move(store).value());
  return impl_->route(*lease, path, parameters);
}

namespace {

// Each handler checks its parameters, runs its queries and builds its JSON. A Store error is a 500
// naming the query; a bad parameter a 400 naming the parameter.
#define CHRONICLE_CHECK_PARAMETERS(parameters)                                      \
  if ((parameters).error()) return error_response(400, (parameters).error()->message)
#define CHRONICLE_TRY(variable, expression)                                   \
  auto variable = (expression);                                                \
  if (!variable.ok()) return error_response(500, variable.error().message())

ApiResponse list_events(const Store& store, Parameters& parameters) {
  EventQuery query = event_query(parameters);
  int64_t limit = parameters.integer("limit", kDefaultPage, 1, kMaxPage);
  int64_t offset = parameters.integer("offset", 0, 0, kMaxOffset);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  if (auto bad = date_order(query)) return error_response(400, bad->message);
  query.limit = static_cast<size_t>(limit);
  query.offset = static_cast<size_t>(offset);
  CHRONICLE_TRY(total, store.count_events(query));
  CHRONICLE_TRY(events, store.event_page(query));
  json items = json::array();
  for (const StoredEvent& event : events.value()) items.push_back(event_json(event));
  return ok(page_json(total.value(), limit, offset, std::move(items)));
}

ApiResponse one_event(const Store& store, int64_t id) {
  CHRONICLE_TRY(event, store.event(id));
  if (!event.value()) return error_response(404, "no event " + std::to_string(id));
  const StoredEvent& found = *event.value();
  json out = event_json(found);
  // The report around the evidence: the sentence's neighbours, for reading the event in context.
  CHRONICLE_TRY(document, store.document(found.document));
  if (document.value()) {
    const StoredDocument& stored = *document.value();
    json context = json::array();
    int64_t sentence = found.record.event.sentence;
    for (const StoredSentence& candidate : stored.sentences) {
      if (candidate.index < sentence - 1 || candidate.index > sentence + 1) continue;
      Span span = candidate.span;
      if (span.end > stored.text.size() || span.begin > span.end) continue;
      context.push_back(json{{"index", candidate.index},
                             {"span", span_json(span)},
                             {"text", stored.text.substr(span.begin, span.end - span.begin)}});
    }
    out["context"] = std::move(context);
    out["document_title"] = stored.summary.title;
  }
  return ok(out);
}

json actor_summary_json(const ActorSummary& actor) {
  return json{{"code", actor.code},         {"name", actor.name},
              {"country", actor.country},   {"sector", actor.sector},
              {"mentions", actor.mentions}, {"documents", actor.documents}};
}

ApiResponse list_actors(const Store& store, Parameters& parameters) {
  ActorQuery query;
  query.text = parameters.text("q", kMaxActorBytes);
  int64_t limit = parameters.integer("limit", kDefaultPage, 1, kMaxPage);
  int64_t offset = parameters.integer("offset", 0, 0, kMaxOffset);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  query.limit = static_cast<size_t>(limit);
  query.offset = static_cast<size_t>(offset);
  CHRONICLE_TRY(total, store.count_actors(query));
  CHRONICLE_TRY(actors, store.actors(query));
  json items = json::array();
  for (const ActorSummary& actor : actors.value()) items.push_back(actor_summary_json(actor));
  return ok(page_json(total.value(), limit, offset, std::move(items)));
}

ApiResponse one_actor(const Store& store, const std::string& code, Parameters& parameters) {
  int64_t limit = parameters.integer("limit", kDefaultPage, 1, kMaxPage);
  int64_t offset = parameters.integer("offset", 0, 0, kMaxOffset);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  CHRONICLE_TRY(profile, store.actor_profile(code));
  if (!profile.value()) return error_response(404, "no actor with code " + code);
  const ActorProfile& actor = *profile.value();
  json out = actor_summary_json(actor.summary);
  json names = json::array();
  for (const auto& [name, count] : actor.names) names.push_back({{"name", name}, {"count", count}});
  json counterparts = json::array();
  for (const auto& [other, count] : actor.counterparts) {
    counterparts.push_back({{"code", other}, {"events", count}});
  }
  out["names"] = std::move(names);
  out["events_as_source"] = actor.events_as_source;
  out["events_as_target"] = actor.events_as_target;
  out["quad_counts"] = quads_json(actor.quad_counts);
  out["mean_goldstein"] = actor.mean_goldstein;
  out["counterparts"] = std::move(counterparts);
  EventQuery query;
  query.actor_code = code;
  query.limit = static_cast<size_t>(limit);
  query.offset = static_cast<size_t>(offset);
  CHRONICLE_TRY(total, store.count_events(query));
  CHRONICLE_TRY(events, store.event_page(query));
  json items = json::array();
  for (const StoredEvent& event : events.value()) items.push_back(event_json(event));
  out["events"] = page_json(total.value(), limit, offset, std::move(items));
  return ok(out);
}

json document_summary_json(const DocumentSummary& document) {
  return json{{"id", document.id},         {"doc_id", document.doc_id},
              {"title", document.title},   {"date", document.date},
              {"source", document.source}, {"url", document.url},
              {"format", document.format}, {"bytes", document.bytes},
              {"events", document.events}};
}

ApiResponse list_documents(const Store& store, Parameters& parameters) {
  DocumentQuery query;
  query.text = parameters.text("q", kMaxTextBytes);
  query.from = parameters.date("from");
  query.to = parameters.date("to");
  int64_t limit = parameters.integer("limit", kDefaultPage, 1, kMaxPage);
  int64_t offset = parameters.integer("offset", 0, 0, kMaxOffset);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  query.limit = static_cast<size_t>(limit);
  query.offset = static_cast<size_t>(offset);
  CHRONICLE_TRY(total, store.count_documents(query));
  CHRONICLE_TRY(documents, store.documents(query));
  json items = json::array();
  for (const DocumentSummary& document : documents.value()) {
    items.push_back(document_summary_json(document));
  }
  return ok(page_json(total.value(), limit, offset, std::move(items)));
}

// The longest prefix of `text` of at most `limit` bytes that ends on a UTF-8 character boundary.
size_t utf8_cut(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text.size();
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

// One report with everything the document view highlights: actor mentions, event triggers,
// event dates and places (located by their words inside the event's sentence, since the store
// keeps the words but not their offsets), and the events themselves. A report longer than
// kMaxDocumentBytes is cut there ("truncated": true), with what lies inside the cut.
ApiResponse one_document(const Store& store, int64_t id) {
  CHRONICLE_TRY(document, store.document(id));
  if (!document.value()) return error_response(404, "no document " + std::to_string(id));
  StoredDocument& stored = *document.value();
  EventQuery query;
  query.document = id;
  query.limit = kMaxDocumentEvents;
  CHRONICLE_TRY(events, store.event_page(query));

  const size_t full_bytes = stored.text.size();
  const auto cut = static_cast<uint32_t>(utf8_cut(stored.text, kMaxDocumentBytes));
  const bool truncated = cut < full_bytes;
  if (truncated) {
    stored.text.resize(cut);
    std::erase_if(stored.sentences,
                  [cut](const StoredSentence& sentence) { return sentence.span.begin >= cut; });
    std::erase_if(stored.mentions,
                  [cut](const StoredActorMention& mention) { return mention.span.end > cut; });
    std::erase_if(events.value(),
                  [cut](const StoredEvent& event) { return event.record.event.evidence.end > cut; });
  }

  json annotations = json::array();
  std::vector<std::pair<Span, size_t>> marks;
  auto annotate = [&](Span span, json annotation) {
    annotation["span"] = span_json(span);
    marks.emplace_back(span, annotations.size());
    annotations.push_back(std::move(annotation));
  };
  for (const StoredActorMention& mention : stored.mentions) {
    annotate(mention.span, json{{"type", "actor"},
                                {"text", mention.text},
                                {"code", mention.actor.code},
                                {"name", mention.actor.name},
                                {"kind", mention.kind}});
  }
  std::map<int64_t, Span> sentence_spans;
  for (const StoredSentence& sentence : stored.sentences) {
    sentence_spans[sentence.index] = sentence.span;
  }
  json event_items = json::array();
  for (const StoredEvent& event : events.value()) {
    const Event& coded = event.record.event;
    auto found_sentence = sentence_spans.find(coded.sentence);
    Span sentence = found_sentence == sentence_spans.end() ? Span{0, 0} : found_sentence->second;
    if (coded.trigger.end > coded.trigger.begin && coded.trigger.end <= cut) {
      annotate(coded.trigger, json{{"type", "trigger"},
                                   {"text", coded.trigger_text},
                                   {"event", event.record.id},
                                   {"code", coded.code},
                                   {"quad_class", coded.quad_class},
                                   {"negated", coded.negated},
                                   {"hedged", coded.hedged}});
    }
    if (auto span = locate(stored.text, sentence, coded.date_text)) {
      annotate(*span, json{{"type", "date"}, {"text", coded.date_text}, {"value", coded.date}});
    }
    if (coded.place) {
      if (auto span = locate(stored.text, sentence, coded.place->text)) {
        annotate(*span, json{{"type", "place"},
                             {"text", coded.place->text},
                             {"name", coded.place->place.name},
                             {"country", coded.place->place.country}});
      }
    }
    event_items.push_back(event_json(event));
  }
  json sentences = json::array();
  for (const StoredSentence& sentence : stored.sentences) {
    sentences.push_back(json{{"index", sentence.index}, {"span", span_json(sentence.span)}});
  }
  json out = document_summary_json(stored.summary);
  out["truncated"] = truncated;
  out["text"] = stored.text;
  out["sentences"] = std::move(sentences);
  out["annotations"] = std::move(annotations);
  out["segments"] = segments_json(stored.text, stored.sentences, marks);
  out["event_list"] = std::move(event_items);
  return ok(out);
}

ApiResponse timeline(const Store& store, Parameters& parameters) {
  EventQuery query = event_query(parameters);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  if (auto bad = date_order(query)) return error_response(400, bad->message);
  CHRONICLE_TRY(counts, store.event_dates(query));
  // One row per day with the four quad-class counts: at most one per day of the corpus, so the
  // answer stays small (half a year is 181 rows) without paging.
  json days = json::array();
  for (const DateCount& count : counts.value()) {
    if (days.empty() || days.back()["date"] != count.date) {
      days.push_back(json{{"date", count.date}, {"quad_counts", json::array({0, 0, 0, 0})},
                          {"events", 0}});
    }
    json& day = days.back();
    if (count.quad_class >= 1 && count.quad_class <= 4) {
      day["quad_counts"][count.quad_class - 1] = count.events;
    }
    day["events"] = day["events"].get<int64_t>() + count.events;
  }
  return ok(json{{"days", std::move(days)}});
}

ApiResponse network(const Store& store, Parameters& parameters) {
  EventQuery query = event_query(parameters);
  int64_t limit = parameters.integer("limit", 150, 1, kMaxNetworkEdges);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  if (auto bad = date_order(query)) return error_response(400, bad->message);
  // The same edges and nodes as `chronicle network` (Store::network).
  CHRONICLE_TRY(network, store.network(query, static_cast<size_t>(limit)));
  json edge_items = json::array();
  for (const ActorEdge& edge : network.value().edges) {
    edge_items.push_back(json{{"source", edge.source},
                              {"target", edge.target},
                              {"events", edge.events},
                              {"quad_counts", quads_json(edge.quad_counts)},
                              {"mean_goldstein", edge.mean_goldstein}});
  }
  json nodes = json::array();
  for (const ActorNode& node : network.value().nodes) {
    nodes.push_back(json{{"code", node.code}, {"mentions", node.mentions}});
  }
  return ok(json{{"limit", limit}, {"nodes", std::move(nodes)}, {"edges", std::move(edge_items)}});
}

ApiResponse places(const Store& store, Parameters& parameters) {
  EventQuery query = event_query(parameters);
  int64_t limit = parameters.integer("limit", 1000, 1, kMaxPlaces);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  if (auto bad = date_order(query)) return error_response(400, bad->message);
  CHRONICLE_TRY(found, store.event_places(query, static_cast<size_t>(limit)));
  json items = json::array();
  for (const PlaceCount& place : found.value()) {
    items.push_back(json{{"name", place.name},
                         {"country", place.country},
                         {"lat", place.lat},
                         {"lon", place.lon},
                         {"events", place.events},
                         {"quad_counts", quads_json(place.quad_counts)},
                         {"mean_goldstein", place.mean_goldstein}});
  }
  return ok(json{{"limit", limit}, {"items", std::move(items)}});
}

ApiResponse search(const Store& store, Parameters& parameters) {
  SentenceQuery query;
  query.text = parameters.text("q", kMaxTextBytes);
  int64_t limit = parameters.integer("limit", kDefaultPage, 1, kMaxPage);
  int64_t offset = parameters.integer("offset", 0, 0, kMaxOffset);
  CHRONICLE_CHECK_PARAMETERS(parameters);
  if (query.text.size() < 2) {
    return error_response(400, "parameter \"q\": expected at least 2 bytes of text to search for");
  }
  query.limit = static_cast<size_t>(limit);
  query.offset = static_cast<size_t>(offset);
  CHRONICLE_TRY(total, store.count_sentences(query));
  CHRONICLE_TRY(hits, store.search_sentences(query));
  json items = json::array();
  for (const SentenceHit& hit : hits.value()) {
    items.push_back(json{{"document", hit.document},
                         {"doc_id", hit.doc_id},
                         {"title", hit.title},
                         {"date", hit.date},
                         {"sentence", hit.index},
                         {"span", span_json(hit.span)},
                         {"text", hit.text},
                         {"events", hit.events}});
  }
  return ok(page_json(total.value(), limit, offset, std::move(items)));
}

ApiResponse stats(const Store& store) {
  CHRONICLE_TRY(found, store.stats());
  const StoreStats& value = found.value();
  json roots = json::array();
  for (const auto& [root, count] : value.roots) roots.push_back({{"root", root}, {"events", count}});
  return ok(json{{"documents", value.counts.documents},
                 {"sentences", value.counts.sentences},
                 {"actor_mentions", value.counts.actor_mentions},
                 {"events", value.counts.events},
                 {"first_date", value.first_date},
                 {"last_date", value.last_date},
                 {"quad_counts", quads_json(value.quad_counts)},
                 {"negated", value.negated},
                 {"hedged", value.hedged},
                 {"undated", value.undated},
                 {"with_place", value.with_place},
                 {"roots", std::move(roots)}});
}

// A positive row id from a path segment, or nothing.
std::optional<int64_t> parse_id(std::string_view segment) {
  if (segment.empty() || segment.size() > 18) return std::nullopt;
  int64_t id = 0;
  for (char c : segment) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

bool is_actor_code(std::string_view segment) {
  if (segment.empty() || segment.size() > 40) return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

}  // namespace

ApiResponse Api::Impl::route(const Store& store, std::string_view path,
                             const std::multimap<std::string, std::string>& raw) const {
  constexpr std::string_view kPrefix = "/api/";
  if (path.substr(0, kPrefix.size()) != kPrefix) {
    return error_response(404, "no API endpoint " + std::string(path));
  }
  std::string_view rest = path.substr(kPrefix.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view collection = rest.substr(0, rest.find('/'));
  std::optional<std::string_view> item;
  if (collection.size() < rest.size()) item = rest.substr(collection.size() + 1);

  Parameters parameters;
  auto accept = [&](const std::set<std::string>& allowed) {
    return Parameters::check_names(raw, allowed, &parameters);
  };
  const std::set<std::string> paging = {"limit", "offset"};

  if (collection == "events" && !item) {
    if (auto bad = accept(with(kEventFilters, {"limit", "offset"}))) {
      return error_response(400, bad->message);
    }
    return list_events(store, parameters);
  }
  if (collection == "events" && item) {
    if (auto bad = accept({})) return error_response(400, bad->message);
    auto id = parse_id(*item);
    if (!id) return error_response(400, "event id: expected a positive integer, got \"" +
                                            std::string(item->substr(0, 40)) + "\"");
    return one_event(store, *id);
  }
  if (collection == "actors" && !item) {
    if (auto bad = accept(with(paging, {"q"}))) return error_response(400, bad->message);
    return list_actors(store, parameters);
  }
  if (collection == "actors" && item) {
    if (auto bad = accept(paging)) return error_response(400, bad->message);
    if (!is_actor_code(*item)) {
      return error_response(400, "actor code: expected letters and digits (RUSMIL), got \"" +
                                     std::string(item->substr(0, 40)) + "\"");
    }
    return one_actor(store, std::string(*item), parameters);
  }
  if (collection == "documents" && !item) {
    if (auto bad = accept(with(paging, {"q", "from", "to"}))) {
      return error_response(400, bad->message);
    }
    return list_documents(store, parameters);
  }
  if (collection == "documents" && item) {
    if (auto bad = accept({})) return error_response(400, bad->message);
    auto id = parse_id(*item);
    if (!id) return error_response(400, "document id: expected a positive integer, got \"" +
                                            std::string(item->substr(0, 40)) + "\"");
    return one_document(store, *id);
  }
  if (item) return error_response(404, "no API endpoint " + std::string(path));
  if (collection == "timeline") {
    if (auto bad = accept(kEventFilters)) return error_response(400, bad->message);
    return timeline(store, parameters);
  }
  if (collection == "network") {
    if (auto bad = accept(with(kEventFilters, {"limit"}))) {
      return error_response(400, bad->message);
    }
    return network(store, parameters);
  }
  if (collection == "places") {
    if (auto bad = accept(with(kEventFilters, {"limit"}))) {
      return error_response(400, bad->message);
    }
    return places(store, parameters);
  }
  if (collection == "search") {
    if (auto bad = accept(with(paging, {"q"}))) return error_response(400, bad->message);
    return search(store, parameters);
  }
  if (collection == "stats") {
    if (auto bad = accept({})) return error_response(400, bad->message);
    return stats(store);
  }
  return error_response(404, "no API endpoint " + std::string(path));
}

}  // namespace chronicle
