// A RocksDB database with named column families and Status-returning
// helpers. Each service keeps its key schema in its own *_schema.h.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
//                    Store::Open("/var/lib/fazhi/ingest", {"jobs", "outbox"}));
//   rocksdb::WriteBatch batch;
//   batch.Put(store->Family("jobs"), key, value);
//   RETURN_IF_ERROR(store->Write(&batch, /*sync=*/true));
#ifndef FAZHI_COMMON_STORE_STORE_H_
#define FAZHI_COMMON_STORE_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace fazhi::store {

// Maps a RocksDB status to an absl::Status with the same meaning.
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what);

struct StoreOptions {
  // Folder of the database; created when missing.
  std::string path;
  // Column families besides "default"; created when missing.
  std::vector<std::string> column_families = {};
  // Lets tests put a fault-injecting file system under the database.
  std::shared_ptr<rocksdb::Env> env = nullptr;
  // Memory the database may hold, so that a server's RSS levels off under
  // any query load: one LRU block cache for data, index and filter blocks
  // of every column family, and one budget for all memtables (its writes
  // are flushed when they pass it). Open table files are capped too.
  int64_t block_cache_bytes = int64_t{64} << 20;
  int64_t memtable_bytes = int64_t{64} << 20;
  int max_open_files = 256;
};

class Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  // Flushes memtables and closes the database.
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // REQUIRES: `name` was listed in StoreOptions.column_families or is
  // "default".
  rocksdb::ColumnFamilyHandle* Family(absl::string_view name) const;

  // With sync = true the write is on disk (fsync) before this returns.
  absl::Status Write(rocksdb::WriteBatch* batch, bool sync);
  absl::Status Put(absl::string_view family, absl::string_view key, absl::string_view value,
                   bool sync);
  // nullopt when the key is absent.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view family,
                                                 absl::string_view key) const;
  // Calls `visit` for each key starting with `prefix`, in key order, from
  // `start_after` (exclusive, when not empty); stops when it returns false.
  absl::Status Scan(
      absl::string_view family, absl::string_view prefix, absl::string_view start_after,
      const std::function<bool(absl::string_view key, absl::string_view value)>& visit) const;
  // Approximate bytes on disk (SST files).
  uint64_t ApproximateSize() const;
  // For metrics, each read on its own so that a gauge asks only for what it
  // shows: the write-ahead log not yet flushed into table files (a listing
  // of its files), the memtables, and RocksDB's write stall (writes
  // stopped; the rate they are slowed to, 0 when not slowed).
  uint64_t WalBytes() const;
  uint64_t MemtableBytes() const;
  bool WriteStopped() const;
  uint64_t DelayedWriteRate() const;

  rocksdb::DB* db() const { return db_.get(); }

 private:
  Store() = default;
  std::shared_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> families_;
};

}  // namespace fazhi::store

#endif  // FAZHI_COMMON_STORE_STORE_H_
