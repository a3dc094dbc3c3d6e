#include "tests/support/power_cut_fs.h"

#include <unistd.h>

namespace fazhi::testing {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

class PowerCutFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  PowerCutFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::string fname,
               PowerCutFileSystem* fs)
      : FSWritableFileOwnerWrapper(std::move(file)), fname_(std::move(fname)), fs_(fs) {}

  IOStatus Append(const Slice& data, const IOOptions& o, IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    IOStatus s = target()->Append(data, o, d);
    if (s.ok()) fs_->Appended(fname_, data.size());
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& o, const rocksdb::DataVerificationInfo& v,
                  IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    IOStatus s = target()->Append(data, o, v, d);
    if (s.ok()) fs_->Appended(fname_, data.size());
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o,
                            IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    IOStatus s = target()->PositionedAppend(data, offset, o, d);
    if (s.ok()) fs_->Appended(fname_, data.size());
    return s;
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    IOStatus s = target()->Sync(o, d);
    if (s.ok()) fs_->Synced(fname_);
    return s;
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    IOStatus s = target()->Fsync(o, d);
    if (s.ok()) fs_->Synced(fname_);
    return s;
  }
  IOStatus RangeSync(uint64_t, uint64_t, const IOOptions& o, IODebugContext* d) override {
    // A partial sync: treat as nothing synced (the conservative reading).
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    return IOStatus::OK();
  }
  IOStatus Flush(const IOOptions& o, IODebugContext* d) override {
    if (fs_->power_cut()) return IOStatus::IOError("power cut");
    return target()->Flush(o, d);
  }

 private:
  std::string fname_;
  PowerCutFileSystem* fs_;
};

}  // namespace

rocksdb::IOStatus PowerCutFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  if (cut_) return IOStatus::IOError("power cut");
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->NewWritableFile(fname, options, &file, dbg);
  if (!s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    files_[fname] = FileState{};
  }
  *result = std::make_unique<PowerCutFile>(std::move(file), fname, this);
  return s;
}

rocksdb::IOStatus PowerCutFileSystem::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  if (cut_) return IOStatus::IOError("power cut");
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->ReopenWritableFile(fname, options, &file, dbg);
  if (!s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    uint64_t size = 0;
    target()->GetFileSize(fname, IOOptions(), &size, dbg).PermitUncheckedError();
    files_[fname] = FileState{size, size};
  }
  *result = std::make_unique<PowerCutFile>(std::move(file), fname, this);
  return s;
}

void PowerCutFileSystem::Appended(const std::string& fname, uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  files_[fname].size += bytes;
}

void PowerCutFileSystem::Synced(const std::string& fname) {
  std::lock_guard<std::mutex> lock(mutex_);
  files_[fname].synced = files_[fname].size;
}

uint64_t PowerCutFileSystem::DropUnsyncedData() {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t dropped = 0;
  for (const auto& [fname, state] : files_) {
    if (access(fname.c_str(), F_OK) != 0) continue;  // deleted since
    if (state.size > state.synced) dropped += state.size - state.synced;
    if (truncate(fname.c_str(), static_cast<off_t>(state.synced)) != 0) continue;
  }
  return dropped;
}

}  // namespace fazhi::testing
