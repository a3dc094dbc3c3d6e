// Process-wide metrics on prometheus-cpp (Debian's prometheus-cpp-dev):
// counters, histograms (fixed latency buckets) and gauges read at scrape
// time, plus the process's own (CPU, memory, open files, start time) and
// fazhi_build_info; rendered by prometheus-cpp's text serializer.
//
//   Metrics& m = Metrics::Global();
//   m.Add("fazhi_ingest_documents_total", "Documents extracted, by format",
//         {{"format", "pdf"}});
//   m.Observe("fazhi_rpc_duration_seconds", "RPC latency", {{"method", name}}, 0.012);
//   int handle = m.RegisterGauge("fazhi_store_size_bytes", "RocksDB size",
//                                {{"store", "ingest"}}, [&] { return size(); });
//   m.UnregisterGauge(handle);  // before what the callback reads goes away
//
// Label values must come from a bounded set (method names of the
// registered services, status codes by name, formats, indicator ids): a
// value a client can choose would let it grow the registry without end.
#ifndef FAZHI_COMMON_METRICS_METRICS_H_
#define FAZHI_COMMON_METRICS_METRICS_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Histogram;
}  // namespace prometheus

namespace fazhi::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  static Metrics& Global();

  void Add(absl::string_view name, absl::string_view help, const Labels& labels, double by = 1);
  void Observe(absl::string_view name, absl::string_view help, const Labels& labels, double value);
  // Returns a handle for UnregisterGauge.
  int RegisterGauge(absl::string_view name, absl::string_view help, const Labels& labels,
                    std::function<double()> read);
  void UnregisterGauge(int handle);
  // fazhi_build_info{service, version, engine, catalog} 1: what a process
  // runs. Called once by each server; `engine` and `catalog` may be empty
  // (services that read no reports).
  void SetBuildInfo(absl::string_view service, absl::string_view engine, absl::string_view catalog);

  // The text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  Metrics();
  struct Gauge {
    std::string name;
    std::string help;
    Labels labels;
    std::function<double()> read;
  };
  class Callbacks;  // the gauges and process metrics, collected at scrape

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<Callbacks> callbacks_;
  mutable absl::Mutex mutex_;
  std::map<std::string, prometheus::Family<prometheus::Counter>*, std::less<>> counters_
      ABSL_GUARDED_BY(mutex_);
  std::map<std::string, prometheus::Family<prometheus::Histogram>*, std::less<>> histograms_
      ABSL_GUARDED_BY(mutex_);
  std::map<int, Gauge> gauges_ ABSL_GUARDED_BY(mutex_);
  int next_gauge_ ABSL_GUARDED_BY(mutex_) = 0;
  Labels build_info_ ABSL_GUARDED_BY(mutex_);
};

// Upper bounds, in seconds, of the latency histogram buckets.
const std::vector<double>& LatencyBuckets();

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_METRICS_H_
