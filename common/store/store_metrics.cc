#include "common/store/store_metrics.h"

#include "common/metrics/metrics.h"

namespace fazhi::store {

std::vector<int> RegisterStoreGauges(const Store* store, const std::string& name) {
  metrics::Metrics& m = metrics::Metrics::Global();
  const metrics::Labels labels = {{"store", name}};
  return {
      m.RegisterGauge("fazhi_store_size_bytes",
                      "RocksDB bytes: table files, write-ahead log and memtables together", labels,
                      [store] {
                        return static_cast<double>(store->ApproximateSize() + store->WalBytes() +
                                                   store->MemtableBytes());
                      }),
      m.RegisterGauge("fazhi_store_sst_bytes", "RocksDB table files on disk", labels,
                      [store] { return static_cast<double>(store->ApproximateSize()); }),
      m.RegisterGauge("fazhi_store_wal_bytes",
                      "RocksDB write-ahead log on disk (not yet flushed to tables)", labels,
                      [store] { return static_cast<double>(store->WalBytes()); }),
      m.RegisterGauge("fazhi_store_memtable_bytes", "RocksDB memtables in memory", labels,
                      [store] { return static_cast<double>(store->MemtableBytes()); }),
      m.RegisterGauge("fazhi_store_write_stopped",
                      "1 while RocksDB stops writes (a write stall), else 0", labels,
                      [store] { return store->WriteStopped() ? 1.0 : 0.0; }),
      m.RegisterGauge("fazhi_store_delayed_write_rate_bytes",
                      "The rate RocksDB slows writes to during a stall (0: not slowed)", labels,
                      [store] { return static_cast<double>(store->DelayedWriteRate()); }),
  };
}

}  // namespace fazhi::store
