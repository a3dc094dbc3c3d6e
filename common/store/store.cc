#include "common/store/store.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/cache.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"

namespace fazhi::store {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(what, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsIOError()) return absl::UnavailableError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsBusy() || status.IsTryAgain()) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("store path is empty (set --data_dir)");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot create store folder ", options.path, ": ", ec.message()));
  }
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  if (options.env) db_options.env = options.env.get();
  db_options.max_open_files = options.max_open_files;
  db_options.db_write_buffer_size = static_cast<size_t>(options.memtable_bytes);
  // Index and filter blocks live in the block cache, charged to its
  // capacity, instead of in each open table reader, where they grow with
  // every table a query touches.
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(static_cast<size_t>(options.block_cache_bytes));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Each family's memtable stays well inside the shared budget.
  family.write_buffer_size =
      static_cast<size_t>(std::max<int64_t>(options.memtable_bytes / 4, 1 << 20));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family);
  for (const std::string& name : options.column_families) {
    descriptors.emplace_back(name, family);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (!s.ok()) {
    return FromRocks(s, absl::StrCat("cannot open RocksDB at ", options.path));
  }
  std::unique_ptr<Store> store(new Store());
  store->env_ = options.env;
  store->db_.reset(raw);
  for (size_t i = 0; i < handles.size(); ++i) {
    store->families_[descriptors[i].name] = handles[i];
  }
  return store;
}

Store::~Store() {
  if (db_ == nullptr) return;
  rocksdb::FlushOptions flush;
  flush.wait = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  for (auto& [name, handle] : families_) handles.push_back(handle);
  db_->Flush(flush, handles).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
  db_.reset();
}

rocksdb::ColumnFamilyHandle* Store::Family(absl::string_view name) const {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : it->second;
}

absl::Status Store::Write(rocksdb::WriteBatch* batch, bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  return FromRocks(db_->Write(options, batch), "RocksDB write");
}

absl::Status Store::Put(absl::string_view family, absl::string_view key, absl::string_view value,
                        bool sync) {
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Put(Family(family), rocksdb::Slice(key.data(), key.size()),
                                rocksdb::Slice(value.data(), value.size()));
  if (!s.ok()) return FromRocks(s, "RocksDB batch");
  return Write(&batch, sync);
}

absl::StatusOr<std::optional<std::string>> Store::Get(absl::string_view family,
                                                      absl::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Family(family),
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "RocksDB get");
  return std::optional<std::string>(std::move(value));
}

absl::Status Store::Scan(
    absl::string_view family, absl::string_view prefix, absl::string_view start_after,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Family(family)));
  std::string seek(start_after.empty() ? prefix : start_after);
  for (it->Seek(seek); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!absl::StartsWith(key, prefix)) break;
    if (!start_after.empty() && key == start_after) continue;
    if (!visit(key, absl::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), "RocksDB scan");
}

uint64_t Store::ApproximateSize() const {
  uint64_t total = 0;
  for (const auto& [name, handle] : families_) {
    uint64_t size = 0;
    db_->GetIntProperty(handle, "rocksdb.total-sst-files-size", &size);
    total += size;
  }
  return total;
}

uint64_t Store::WalBytes() const {
  uint64_t total = 0;
  rocksdb::VectorLogPtr wal;
  if (db_->GetSortedWalFiles(wal).ok()) {
    for (const auto& file : wal) total += file->SizeFileBytes();
  }
  return total;
}

uint64_t Store::MemtableBytes() const {
  uint64_t total = 0;
  for (const auto& [name, handle] : families_) {
    uint64_t size = 0;
    db_->GetIntProperty(handle, "rocksdb.cur-size-all-mem-tables", &size);
    total += size;
  }
  return total;
}

bool Store::WriteStopped() const {
  uint64_t stopped = 0;
  db_->GetIntProperty("rocksdb.is-write-stopped", &stopped);
  return stopped != 0;
}

uint64_t Store::DelayedWriteRate() const {
  uint64_t rate = 0;
  db_->GetIntProperty("rocksdb.actual-delayed-write-rate", &rate);
  return rate;
}

}  // namespace fazhi::store
