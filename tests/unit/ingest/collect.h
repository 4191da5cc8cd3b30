// Test helpers: fixture paths and sinks that collect what a reader delivers.
#pragma once

#include <string>
#include <vector>

#include "chronicle/reader.h"

namespace chronicle::testing {

inline std::string fixture(const std::string& name) {
  return std::string(CHRONICLE_SOURCE_DIR) + "/tests/fixtures/ingest/" + name;
}

struct Collected {
  std::vector<Document> documents;
  std::vector<Diagnostic> diagnostics;

  DocumentSink document_sink() {
    return [this](Document&& document) { documents.push_back(std::move(document)); };
  }
  DiagnosticSink diagnostic_sink() {
    return [this](Diagnostic&& diagnostic) { diagnostics.push_back(std::move(diagnostic)); };
  }
  std::string all_diagnostics() const {
    std::string out;
    for (const Diagnostic& diagnostic : diagnostics) out += diagnostic.str() + "\n";
    return out;
  }
};

inline Collected read_fixture(const std::string& name, const ReadOptions& options = {}) {
  Collected collected;
  read_path(fixture(name), options, collected.document_sink(), collected.diagnostic_sink());
  return collected;
}

}  // namespace chronicle::testing
