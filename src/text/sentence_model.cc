// The sentence-boundary classifier: features of a candidate and the compiled-in weights.
#include "text/sentence_model.h"

#include <bit>

namespace chronicle::text::detail {
namespace {

// Feature templates: the template id seeds the hash of the feature's value.
enum Template : uint32_t {
  kBias = 1,
  kToken,           // the candidate's last word: ".", "!", "etc.", ":)", "said"
  kBefore,          // the word before it
  kNext,            // the first word after the boundary
  kAfter,           // the word after that
  kBeforeToken,     // before + token
  kTokenNext,       // token + next
  kTokenNextShape,  // token + shape of next
  kShapes,          // shapes of before, token, next
  kNextShapes,      // shapes of next and after
  kBeforeShape,
  kNextShape,
  kBeforeLength,    // length of the word before (1, 2, 3, 4+) with its shape: "J", "Mr", "etc"
  kTokenAfterNext,  // token + next + after (shapes): '." The' vs '." he'
};

}  // namespace

void boundary_features(const CandidateContext& context, std::vector<uint64_t>* out) {
  const auto add = [&](uint32_t id, std::string_view value) {
    out->push_back(sentence_feature_hash(id, value));
  };
  std::string buffer;
  const auto join = [&](std::initializer_list<std::string_view> parts) -> std::string_view {
    buffer.clear();
    for (std::string_view part : parts) {
      buffer += part;
      buffer += '\x1f';
    }
    return buffer;
  };
  add(kBias, {});
  add(kToken, context.token);
  add(kBefore, context.before);
  add(kNext, context.next);
  add(kAfter, context.after);
  add(kBeforeToken, join({context.before, context.token}));
  add(kTokenNext, join({context.token, context.next}));
  add(kTokenNextShape, join({context.token, context.next_shape}));
  add(kShapes, join({context.before_shape, context.token_shape, context.next_shape}));
  add(kNextShapes, join({context.next_shape, context.after_shape}));
  add(kBeforeShape, context.before_shape);
  add(kNextShape, context.next_shape);
  const char length = context.before.size() >= 4 ? '4' : static_cast<char>('0' + context.before.size());
  add(kBeforeLength, join({std::string_view(&length, 1), context.before_shape}));
  add(kTokenAfterNext, join({context.token, context.next_shape, context.after_shape}));
}

const SentenceModel& SentenceModel::get() {
  static const SentenceModel model(sentence_model_table());
  return model;
}

SentenceModel::SentenceModel(const SentenceModelTable& table) : threshold_(table.threshold) {
  if (table.feature_version != kSentenceFeatureVersion || table.size == 0) return;
  const size_t slots = std::bit_ceil(table.size * 2);
  keys_.assign(slots, 0);
  weights_.assign(slots, 0.0f);
  const size_t mask = slots - 1;
  for (size_t idx = 0; idx < table.size; ++idx) {
    size_t slot = table.keys[idx] & mask;
    while (keys_[slot] != 0 && keys_[slot] != table.keys[idx]) slot = (slot + 1) & mask;
    keys_[slot] = table.keys[idx];
    weights_[slot] = table.weights[idx];
  }
}

}  // namespace chronicle::text::detail
