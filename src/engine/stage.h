// A pipeline stage: reads the layers earlier stages wrote on an Analysis and appends its own.
//
// Stages are immutable after construction and shared by threads: `process` must not modify the
// stage (no caches without locks). A later, statistical stage (a trained tagger, a parser, an NER
// model) replaces a rule-based one by implementing the same interface.
#pragma once

#include <string_view>

#include "chronicle/document.h"

namespace chronicle {

class KnownPeople;

// What one Engine::analyze call brings besides the document. Everything is optional.
struct AnalysisContext {
  // People registered by earlier reports (chronicle/known_people.h); read by the actor stage.
  const KnownPeople* known_people = nullptr;
};

class Stage {
 public:
  virtual ~Stage() = default;
  // Short stable name shown by `annotate` ("tokenizer", "dates", ...).
  virtual std::string_view name() const = 0;
  virtual void process(const Document& document, Analysis& analysis) const = 0;
  // `process` with the call's context; stages that read it override this (the default ignores it).
  virtual void run(const Document& document, Analysis& analysis,
                   const AnalysisContext& context) const {
    process(document, analysis);
  }
};

}  // namespace chronicle
