// chronicle network: actor-to-actor edges of the stored events (Store::network) as a table, CSV,
// JSON or GraphML.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/export.h"
#include "commands.h"

namespace chronicle::cli {
namespace {

struct NetworkOptions {
  EventFilterOptions filters;
  std::string format = "table";
};

// The quad classes, in order, as column and attribute names.
constexpr const char* kQuadNames[4] = {"verbal_cooperation", "material_cooperation",
                                       "verbal_conflict", "material_conflict"};

std::string fixed2(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// Text for XML character data and attribute values: markup characters escaped, and the control
// characters XML 1.0 forbids (all below U+0020 but tab, line feed, carriage return) dropped.
std::string xml_text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> names_by_code(const ActorNetwork& network) {
  std::map<std::string, std::string> names;
  for (const ActorNode& node : network.nodes) names[node.code] = node.name;
  return names;
}

void write_network_table(const ActorNetwork& network) {
  std::map<std::string, std::string> names = names_by_code(network);
  auto name = [&names](const std::string& code) {
    const std::string& found = names[code];
    return table_cell(found.empty() ? "-" : found, 24);
  };
  std::string header = "source       target        events  vcoop  mcoop  vconf  mconf  goldstein  " +
                       table_cell("source name", 24) + "  target name";
  std::printf("%s\n%s\n", header.c_str(), std::string(header.size() + 13, '-').c_str());
  for (const ActorEdge& edge : network.edges) {
    std::string line = table_cell(edge.source, 12) + " " + table_cell(edge.target, 12);
    char counts[96];
    std::snprintf(counts, sizeof counts, " %7lld %6lld %6lld %6lld %6lld %10s  ",
                  static_cast<long long>(edge.events), static_cast<long long>(edge.quad_counts[0]),
                  static_cast<long long>(edge.quad_counts[1]),
                  static_cast<long long>(edge.quad_counts[2]),
                  static_cast<long long>(edge.quad_counts[3]), fixed2(edge.mean_goldstein).c_str());
    line += counts + name(edge.source) + "  " + name(edge.target);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
  std::printf("%zu actors, %zu edges\n", network.nodes.size(), network.edges.size());
  std::fflush(stdout);
}

void write_network_csv(const ActorNetwork& network) {
  std::map<std::string, std::string> names = names_by_code(network);
  std::cout << "source,source_name,target,target_name,events";
  for (const char* quad : kQuadNames) std::cout << ',' << quad;
  std::cout << ",mean_goldstein\n";
  for (const ActorEdge& edge : network.edges) {
    std::cout << csv_quote(edge.source) << ',' << csv_quote(names[edge.source]) << ','
              << csv_quote(edge.target) << ',' << csv_quote(names[edge.target]) << ','
              << edge.events;
    for (int64_t count : edge.quad_counts) std::cout << ',' << count;
    std::cout << ',' << fixed2(edge.mean_goldstein) << '\n';
  }
}

void write_network_json(const ActorNetwork& network) {
  using ojson = nlohmann::ordered_json;
  ojson nodes = ojson::array();
  for (const ActorNode& node : network.nodes) {
    nodes.push_back(ojson{{"code", node.code},
                          {"name", node.name},
                          {"mentions", node.mentions},
                          {"events", node.events}});
  }
  ojson edges = ojson::array();
  for (const ActorEdge& edge : network.edges) {
    edges.push_back(ojson{{"source", edge.source},
                          {"target", edge.target},
                          {"events", edge.events},
                          {"quad_counts", ojson::array({edge.quad_counts[0], edge.quad_counts[1],
                                                        edge.quad_counts[2], edge.quad_counts[3]})},
                          {"mean_goldstein", edge.mean_goldstein}});
  }
  ojson out = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

// GraphML (http://graphml.graphdrawing.org/): a directed graph, node ids the CAMEO codes, every
// attribute declared by a <key> with its type, as Gephi, yEd, Cytoscape and networkx read it.
void write_network_graphml(const ActorNetwork& network) {
  std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
               "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
               "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
               "  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"long\"/>\n"
               "  <key id=\"node_events\" for=\"node\" attr.name=\"events\" attr.type=\"long\"/>\n"
               "  <key id=\"events\" for=\"edge\" attr.name=\"events\" attr.type=\"long\"/>\n";
  for (int quad_idx = 0; quad_idx < 4; ++quad_idx) {
    std::cout << "  <key id=\"quad" << quad_idx + 1 << "\" for=\"edge\" attr.name=\""
              << kQuadNames[quad_idx] << "\" attr.type=\"long\"/>\n";
  }
  std::cout << "  <key id=\"mean_goldstein\" for=\"edge\" attr.name=\"mean_goldstein\" "
               "attr.type=\"double\"/>\n"
               "  <graph id=\"chronicle\" edgedefault=\"directed\">\n";
  for (const ActorNode& node : network.nodes) {
    std::cout << "    <node id=\"" << xml_text(node.code) << "\">";
    if (!node.name.empty()) std::cout << "<data key=\"name\">" << xml_text(node.name) << "</data>";
    std::cout << "<data key=\"mentions\">" << node.mentions << "</data><data key=\"node_events\">"
              << node.events << "</data></node>\n";
  }
  for (size_t edge_idx = 0; edge_idx < network.edges.size(); ++edge_idx) {
    const ActorEdge& edge = network.edges[edge_idx];
    std::cout << "    <edge id=\"e" << edge_idx + 1 << "\" source=\"" << xml_text(edge.source)
              << "\" target=\"" << xml_text(edge.target) << "\"><data key=\"events\">"
              << edge.events << "</data>";
    for (int quad_idx = 0; quad_idx < 4; ++quad_idx) {
      std::cout << "<data key=\"quad" << quad_idx + 1 << "\">" << edge.quad_counts[quad_idx]
                << "</data>";
    }
    std::cout << "<data key=\"mean_goldstein\">" << fixed2(edge.mean_goldstein)
              << "</data></edge>\n";
  }
  std::cout << "  </graph>\n</graphml>\n";
}

}  // namespace

std::function<int()> add_network(CLI::App& app) {
  auto options = std::make_shared<NetworkOptions>();
  CLI::App* command = app.add_subcommand(
      "network",
      "Actor-to-actor edges of the events matching the filters: for each source -> target pair "
      "of CAMEO actor codes (both known and different), the events by quad class and their mean "
      "Goldstein score, most events first; the actors with their commonest name and mention "
      "count. --limit caps the edges.");
  add_event_filters(command, &options->filters);
  command->add_option("--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "csv", "json", "graphml"}))
      ->capture_default_str();
  return [options] {
    if (!finish_event_filters(&options->filters)) return kExitUsage;
    std::unique_ptr<Store> store = open_existing_store(options->filters.db);
    if (!store) return kExitUsage;
    auto network = store->network(options->filters.query, options->filters.query.limit);
    if (!network.ok()) {
      std::cerr << "chronicle: network failed: " << network.error().message() << "\n";
      return kExitUsage;
    }
    if (options->format == "csv") {
      write_network_csv(network.value());
    } else if (options->format == "json") {
      write_network_json(network.value());
    } else if (options->format == "graphml") {
      write_network_graphml(network.value());
    } else {
      write_network_table(network.value());
    }
    return kExitOk;
  };
}

}  // namespace chronicle::cli
