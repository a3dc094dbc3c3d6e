#include "common/store/store_metrics.h"

#include "common/metrics/metrics.h"

namespace fazhi::store {

std::vector<int> RegisterStoreGauges(const Store* store, const std::string& name) {
  metrics::Metrics& m = metrics::Metrics::Global();
  const metrics::Labels labels = {{"store", name}};
  auto usage = [store] { return store->CurrentUsage(); };
  return {
      m.RegisterGauge("fazhi_store_size_bytes",
                      "RocksDB bytes: table files, write-ahead log and memtables together", labels,
                      [usage] {
                        Store::Usage u = usage();
                        return static_cast<double>(u.sst_bytes + u.wal_bytes + u.memtable_bytes);
                      }),
      m.RegisterGauge("fazhi_store_sst_bytes", "RocksDB table files on disk", labels,
                      [usage] { return static_cast<double>(usage().sst_bytes); }),
      m.RegisterGauge("fazhi_store_wal_bytes",
                      "RocksDB write-ahead log on disk (not yet flushed to tables)", labels,
                      [usage] { return static_cast<double>(usage().wal_bytes); }),
      m.RegisterGauge("fazhi_store_memtable_bytes", "RocksDB memtables in memory", labels,
                      [usage] { return static_cast<double>(usage().memtable_bytes); }),
      m.RegisterGauge("fazhi_store_write_stopped",
                      "1 while RocksDB stops writes (a write stall), else 0", labels,
                      [usage] { return usage().write_stopped ? 1.0 : 0.0; }),
      m.RegisterGauge("fazhi_store_delayed_write_rate_bytes",
                      "The rate RocksDB slows writes to during a stall (0: not slowed)", labels,
                      [usage] { return static_cast<double>(usage().delayed_write_rate); }),
  };
}

}  // namespace fazhi::store
