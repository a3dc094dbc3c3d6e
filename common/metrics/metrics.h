// Process-wide metrics rendered in the Prometheus text exposition format:
// counters, histograms (fixed latency buckets) and gauges read at scrape
// time.
//
//   Metrics& m = Metrics::Global();
//   m.Add("fazhi_ingest_documents_total", "Documents extracted, by format",
//         {{"format", "pdf"}});
//   m.Observe("fazhi_rpc_duration_seconds", "RPC latency", {{"method", name}}, 0.012);
//   int handle = m.RegisterGauge("fazhi_store_size_bytes", "RocksDB size",
//                                {{"store", "ingest"}}, [&] { return size(); });
//   m.UnregisterGauge(handle);  // before what the callback reads goes away
#ifndef FAZHI_COMMON_METRICS_METRICS_H_
#define FAZHI_COMMON_METRICS_METRICS_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

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

  // The text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative at render
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name;
    std::string labels;
    std::function<double()> read;
  };
  enum class Type { kCounter, kHistogram, kGauge };
  void Declare(absl::string_view name, absl::string_view help, Type type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  std::map<std::string, std::pair<Type, std::string>, std::less<>> families_
      ABSL_GUARDED_BY(mutex_);
  // name -> rendered labels -> value
  std::map<std::string, std::map<std::string, double>, std::less<>> counters_
      ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::map<std::string, Histogram>, std::less<>> histograms_
      ABSL_GUARDED_BY(mutex_);
  std::map<int, Gauge> gauges_ ABSL_GUARDED_BY(mutex_);
  int next_gauge_ ABSL_GUARDED_BY(mutex_) = 0;
};

// Upper bounds, in seconds, of the latency histogram buckets.
const std::vector<double>& LatencyBuckets();

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_METRICS_H_
