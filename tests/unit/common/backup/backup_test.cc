// Backups of a real RocksDB store: made while it is open, incremental,
// listed and verified, restored into a new folder with every key; a
// restore over a database and a damaged backup are refused; the service
// keeps requests inside its --backup_dir.
#include "common/backup/backup.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/backup/backup_service.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::backup {
namespace {

using testing::TempDir;

std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  auto store = store::Store::Open({.path = path, .column_families = {"jobs"}});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST(BackupTest, AnOpenStoreIsBackedUpIncrementallyAndRestoredWhole) {
  TempDir dir;
  const std::string backups = dir.Sub("backups");
  {
    auto store = OpenStore(dir.Sub("db"));
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(
          store->Put("jobs", absl::StrCat("j/", i), std::string(1000, 'a' + i % 26), false).ok());
    }
    auto first = CreateBackup(*store, backups);
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_EQ(first->backup_id(), 1u);
    EXPECT_TRUE(first->verified());
    // Written after the first backup, not flushed: the second holds it.
    ASSERT_TRUE(store->Put("jobs", "j/late", "after the first backup", false).ok());
    auto second = CreateBackup(*store, backups);
    ASSERT_TRUE(second.ok()) << second.status();
    EXPECT_EQ(second->backup_id(), 2u);
  }
  auto listed = ListBackups(backups, /*verify=*/true);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  for (const auto& b : *listed) EXPECT_TRUE(b.verified()) << b.error();
  EXPECT_GT((*listed)[0].files(), 0u);

  ASSERT_TRUE(RestoreLatest(backups, dir.Sub("restored")).ok());
  auto restored = OpenStore(dir.Sub("restored"));
  ASSERT_NE(restored, nullptr);
  for (int i = 0; i < 100; ++i) {
    auto value = restored->Get("jobs", absl::StrCat("j/", i));
    ASSERT_TRUE(value.ok() && value->has_value()) << i;
    EXPECT_EQ(**value, std::string(1000, 'a' + i % 26));
  }
  auto late = restored->Get("jobs", "j/late");
  ASSERT_TRUE(late.ok() && late->has_value());
  EXPECT_EQ(**late, "after the first backup");

  // Over a database: refused, the database untouched.
  absl::Status over = RestoreLatest(backups, dir.Sub("restored"));
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition) << over;
  EXPECT_EQ(ListBackups(dir.Sub("nothing"), false).status().code(), absl::StatusCode::kNotFound);
}

TEST(BackupTest, ADamagedBackupFailsItsCheckAndIsNotRestored) {
  TempDir dir;
  const std::string backups = dir.Sub("backups");
  {
    auto store = OpenStore(dir.Sub("db"));
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Put("jobs", "j/1", std::string(5000, 'x'), true).ok());
    ASSERT_TRUE(CreateBackup(*store, backups).ok());
  }
  // Cut every table file of the backup short.
  int cut = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(backups)) {
    if (entry.path().extension() == ".sst") {
      std::filesystem::resize_file(entry.path(), 10);
      ++cut;
    }
  }
  ASSERT_GT(cut, 0) << "the backup holds table files";
  auto listed = ListBackups(backups, /*verify=*/true);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].verified());
  EXPECT_FALSE((*listed)[0].error().empty());
  absl::Status restored = RestoreLatest(backups, dir.Sub("restored"));
  EXPECT_EQ(restored.code(), absl::StatusCode::kDataLoss) << restored;
}

TEST(BackupTest, TheServiceKeepsRequestsInsideItsBackupDir) {
  BackupServiceImpl open(nullptr, nullptr, "");
  EXPECT_EQ(open.DirectoryFor("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(open.DirectoryFor("relative/dir").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*open.DirectoryFor("/mnt/backups/./a"), "/mnt/backups/a");

  BackupServiceImpl fenced(nullptr, nullptr, "/mnt/backups");
  EXPECT_EQ(*fenced.DirectoryFor(""), "/mnt/backups");
  EXPECT_EQ(*fenced.DirectoryFor("/mnt/backups/aggregate"), "/mnt/backups/aggregate");
  EXPECT_EQ(*fenced.DirectoryFor("/mnt/backups"), "/mnt/backups");
  for (const char* outside : {"/etc", "/mnt/backups/../etc", "/mnt/backupsX", "/"}) {
    EXPECT_EQ(fenced.DirectoryFor(outside).status().code(), absl::StatusCode::kPermissionDenied)
        << outside;
  }
}

}  // namespace
}  // namespace fazhi::backup
