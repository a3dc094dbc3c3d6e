// The gauges of a store, read at scrape time: size on disk including the
// write-ahead log and the memtables (a store that has written much and
// flushed little is not empty), and RocksDB's write stall.
#ifndef FAZHI_COMMON_STORE_STORE_METRICS_H_
#define FAZHI_COMMON_STORE_STORE_METRICS_H_

#include <string>
#include <vector>

#include "common/store/store.h"

namespace fazhi::store {

// Registers them with label store=`name`; returns the handles to
// unregister (metrics::Metrics::UnregisterGauge) before `store` closes.
std::vector<int> RegisterStoreGauges(const Store* store, const std::string& name);

}  // namespace fazhi::store

#endif  // FAZHI_COMMON_STORE_STORE_METRICS_H_
