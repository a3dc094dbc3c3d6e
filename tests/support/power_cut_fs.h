// A RocksDB file system that can lose power: after CutPower() every write
// fails, and DropUnsyncedData() then cuts each file written through it
// back to the bytes that were synced, as a machine that lost power would.
// kill -9 cannot show that an acknowledgement waited for fsync (the OS
// keeps a killed process's writes); this can.
//
//   auto fs = std::make_shared<PowerCutFileSystem>(rocksdb::FileSystem::Default());
//   std::shared_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
//   ... open a store with env, write, fs->CutPower(), close ...
//   fs->DropUnsyncedData();  // then reopen with the default env
#ifndef FAZHI_TESTS_SUPPORT_POWER_CUT_FS_H_
#define FAZHI_TESTS_SUPPORT_POWER_CUT_FS_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "rocksdb/file_system.h"

namespace fazhi::testing {

class PowerCutFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit PowerCutFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base)
      : FileSystemWrapper(base) {}
  const char* Name() const override { return "PowerCutFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname,
                                       const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;

  void CutPower() { cut_ = true; }
  bool power_cut() const { return cut_; }
  // Truncates every file written through this file system to its synced
  // length. Returns how many bytes were dropped.
  uint64_t DropUnsyncedData();

  // Bookkeeping shared with the files.
  struct FileState {
    uint64_t size = 0;
    uint64_t synced = 0;
  };
  void Appended(const std::string& fname, uint64_t bytes);
  void Synced(const std::string& fname);

 private:
  std::atomic<bool> cut_{false};
  std::mutex mutex_;
  std::map<std::string, FileState> files_;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_POWER_CUT_FS_H_
