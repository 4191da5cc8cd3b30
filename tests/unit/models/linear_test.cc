#include "models/linear.h"

#include <gtest/gtest.h>

#include <random>

namespace chronicle::models {
namespace {

// Three classes decided by which of three "words" a sample contains, plus noise features.
struct Sample {
  std::vector<uint64_t> features;
  uint32_t label;
};

std::vector<Sample> make_samples(uint32_t seed, int count) {
  std::mt19937 random(seed);
  const char* words[] = {"attack", "meet", "say"};
  std::vector<Sample> samples;
  for (int idx = 0; idx < count; ++idx) {
    uint32_t label = random() % 3;
    Sample sample{{feature_hash(1, words[label])}, label};
    for (int noise = 0; noise < 3; ++noise) sample.features.push_back(feature_hash(2, std::to_string(random() % 50)));
    samples.push_back(sample);
  }
  return samples;
}

uint32_t argmax(const std::vector<float>& scores) {
  return static_cast<uint32_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

TEST(Perceptron, LearnsSeparableClassesAndRoundTrips) {
  PerceptronTrainer trainer(3);
  auto train = make_samples(1, 300);
  for (int epoch = 0; epoch < 3; ++epoch) {
    for (const auto& sample : train) {
      std::vector<float> scores(3, 0.0f);
      trainer.score(sample.features, scores.data());
      trainer.update(sample.features, sample.label, argmax(scores));
      trainer.tick();
    }
  }
  LinearModel model = trainer.finish();
  ByteWriter out;
  model.write(out);
  ByteReader in(out.bytes(), "model");
  auto loaded = LinearModel::read(in);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  int correct = 0;
  auto test = make_samples(2, 200);
  for (const auto& sample : test) {
    std::vector<float> a(3, 0.0f), b(3, 0.0f);
    model.score(sample.features, a.data());
    loaded.value().score(sample.features, b.data());
    EXPECT_EQ(a, b);
    correct += argmax(a) == sample.label;
  }
  EXPECT_GE(correct, 195);  // noise features alone cannot mislead an averaged model
}

TEST(Perceptron, ModelDoesNotDependOnFeatureOrder) {
  auto build = [](bool reversed) {
    PerceptronTrainer trainer(2);
    std::vector<uint64_t> features = {feature_hash(1, "a"), feature_hash(1, "b"), feature_hash(1, "c")};
    if (reversed) std::reverse(features.begin(), features.end());
    trainer.update(features, 1, 0);
    trainer.tick();
    ByteWriter out;
    trainer.finish().write(out);
    return out.take();
  };
  EXPECT_EQ(build(false), build(true));
}

TEST(LinearModel, RejectsCorruptBytes) {
  ByteWriter out;
  out.u32(3);
  out.u64(1000000);  // claims far more features than the bytes hold
  ByteReader in(out.bytes(), "weights");
  auto loaded = LinearModel::read(in);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("weights"), std::string::npos);
}

}  // namespace
}  // namespace chronicle::models
