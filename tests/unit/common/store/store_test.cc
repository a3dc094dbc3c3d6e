#include "common/store/store.h"

#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::store {
namespace {

TEST(StoreTest, PutGetScanAndReopen) {
  testing::TempDir dir;
  StoreOptions options{.path = dir.Sub("db"), .column_families = {"a", "b"}};
  {
    auto store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->Put("a", "k/1", "one", true).ok());
    ASSERT_TRUE((*store)->Put("a", "k/2", "two", true).ok());
    ASSERT_TRUE((*store)->Put("a", "x/1", "other", false).ok());
    ASSERT_TRUE((*store)->Put("b", "k/1", "family b", false).ok());
    auto missing = (*store)->Get("a", "k/9");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
  }
  auto store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  auto one = (*store)->Get("a", "k/1");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ(**one, "one");
  auto b = (*store)->Get("b", "k/1");
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ(**b, "family b");

  std::vector<std::string> keys;
  ASSERT_TRUE((*store)
                  ->Scan("a", "k/", "",
                         [&](absl::string_view key, absl::string_view) {
                           keys.emplace_back(key);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(keys, (std::vector<std::string>{"k/1", "k/2"}));
  keys.clear();
  ASSERT_TRUE((*store)
                  ->Scan("a", "k/", "k/1",
                         [&](absl::string_view key, absl::string_view) {
                           keys.emplace_back(key);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(keys, (std::vector<std::string>{"k/2"}));
}

TEST(StoreTest, OpenFailsClearly) {
  auto empty = Store::Open({.path = ""});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  testing::TempDir dir;
  testing::WriteFileOrDie(dir.Sub("file"), "not a folder");
  auto not_dir = Store::Open({.path = dir.Sub("file")});
  EXPECT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.status().message().find(dir.Sub("file")), std::string::npos);
}

}  // namespace
}  // namespace fazhi::store
