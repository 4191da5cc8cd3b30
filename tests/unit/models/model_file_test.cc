#include "models/model_file.h"

#include <gtest/gtest.h>

namespace chronicle::models {
namespace {

ModelFile sample() {
  ModelFile model;
  model.kind = "tagger";
  model.metadata["seed"] = "7";
  model.sections["weights"] = std::string(1000, 'x') + "end";
  model.sections["labels"] = "NOUN\nVERB";
  return model;
}

TEST(ModelFile, RoundTrips) {
  std::string bytes = encode_model_file(sample());
  auto decoded = decode_model_file(bytes, "m.chm", "tagger");
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  EXPECT_EQ(decoded.value().metadata.at("seed"), "7");
  EXPECT_EQ(decoded.value().sections, sample().sections);
  EXPECT_LT(bytes.size(), 200u);  // compressed
}

TEST(ModelFile, RejectsWrongKind) {
  auto decoded = decode_model_file(encode_model_file(sample()), "m.chm", "parser");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message().find("expected 'parser'"), std::string::npos);
}

TEST(ModelFile, RejectsEveryTruncation) {
  std::string bytes = encode_model_file(sample());
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto decoded = decode_model_file(bytes.substr(0, size), "m.chm", "tagger");
    ASSERT_FALSE(decoded.ok()) << "accepted a file cut at " << size;
    EXPECT_EQ(decoded.error().message().rfind("m.chm: ", 0), 0u);
  }
}

TEST(ModelFile, RejectsFlippedBytes) {
  std::string bytes = encode_model_file(sample());
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    std::string corrupt = bytes;
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ 0x5a);
    auto decoded = decode_model_file(corrupt, "m.chm", "tagger");
    EXPECT_FALSE(decoded.ok()) << "accepted a flipped byte at " << pos;
  }
}

TEST(ModelFile, RejectsOtherVersions) {
  std::string bytes = encode_model_file(sample());
  bytes[8] = 2;
  auto decoded = decode_model_file(bytes, "m.chm", "tagger");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message().find("version 2"), std::string::npos);
}

TEST(ByteReader, StopsAtTheEnd) {
  ByteWriter out;
  out.u32(5);
  out.str("abc");
  ByteReader in(out.bytes(), "buf");
  EXPECT_EQ(in.u32(), 5u);
  EXPECT_EQ(in.str(), "abc");
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(in.u64(), 0u);
  EXPECT_FALSE(in.ok());
  EXPECT_NE(in.status().message().find("buf: truncated"), std::string::npos);
}

}  // namespace
}  // namespace chronicle::models
