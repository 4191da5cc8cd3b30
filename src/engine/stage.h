// A pipeline stage: reads the layers earlier stages wrote on an Analysis and appends its own.
//
// Stages are immutable after construction and shared by threads: `process` must not modify the
// stage (no caches without locks). A later, statistical stage (a trained tagger, a parser, an NER
// model) replaces a rule-based one by implementing the same interface.
#pragma once

#include <string_view>

#include "chronicle/document.h"

namespace chronicle {

class Stage {
 public:
  virtual ~Stage() = default;
  // Short stable name shown by `annotate` ("tokenizer", "dates", ...).
  virtual std::string_view name() const = 0;
  virtual void process(const Document& document, Analysis& analysis) const = 0;
};

}  // namespace chronicle
