// Store::for_each_document: every stored document, metadata and text, in row order.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chronicle/store.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

TEST(StoreDocumentsTest, ForEachDocumentReturnsTextAndMetadataInRowOrder) {
  fs::path dir = fs::temp_directory_path() /
                 ("chronicle-store-documents-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto store = Store::open((dir / "test.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message();
    for (const char* id : {"b", "a"}) {
      Document document;
      document.id = id;
      document.path = std::string(id) + ".txt";
      document.title = std::string("Title ") + id;
      document.date = "2025-03-05";
      document.source = "Wire";
      document.url = "https://example.org/" + std::string(id);
      document.format = "txt";
      document.text = std::string("Text of ") + id + ", caf\xC3\xA9.";
      auto added = store.value()->add(document, Analysis{});
      ASSERT_TRUE(added.ok() && added.value());
    }
    std::vector<std::pair<int64_t, Document>> seen;
    Status status = store.value()->for_each_document(
        [&](int64_t row, const Document& document) { seen.emplace_back(row, document); });
    ASSERT_TRUE(status.ok()) << status.message();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_LT(seen[0].first, seen[1].first);
    EXPECT_EQ(seen[0].second.id, "b");
    EXPECT_EQ(seen[1].second.id, "a");
    EXPECT_EQ(seen[1].second.text, "Text of a, caf\xC3\xA9.");
    EXPECT_EQ(seen[1].second.title, "Title a");
    EXPECT_EQ(seen[1].second.source, "Wire");
    EXPECT_EQ(seen[1].second.url, "https://example.org/a");
    EXPECT_EQ(seen[1].second.path, "a.txt");
    EXPECT_EQ(seen[1].second.format, "txt");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chronicle
