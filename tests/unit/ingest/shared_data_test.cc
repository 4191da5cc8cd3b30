// Reads the shared corpora when they are present beside the clone (../shared).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "collect.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

TEST(SharedData, SeedReportsAreReadByteForByte) {
  const fs::path seeds = fs::path(CHRONICLE_SHARED_DIR) / "seeds";
  if (!fs::is_directory(seeds)) {
    GTEST_SKIP() << "shared seeds not found at " << seeds << " (CHRONICLE_SHARED_DIR)";
  }
  testing::Collected got;
  read_path(seeds.string(), {}, got.document_sink(), got.diagnostic_sink());
  EXPECT_TRUE(got.diagnostics.empty()) << got.all_diagnostics();
  ASSERT_FALSE(got.documents.empty());
  for (const Document& document : got.documents) {
    std::ifstream in(document.path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string file = bytes.str();
    if (file.starts_with("\xEF\xBB\xBF")) file.erase(0, 3);
    EXPECT_EQ(document.text, file) << document.path;  // offsets must index the file as stored
    EXPECT_EQ(document.format, "txt");
  }
}

}  // namespace
}  // namespace chronicle
