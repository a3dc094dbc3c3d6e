#include "common/metrics/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace fazhi::metrics {
namespace {

std::map<std::string, std::string> ToMap(const Labels& labels) {
  return std::map<std::string, std::string>(labels.begin(), labels.end());
}

prometheus::ClientMetric Sample(const Labels& labels, double value, bool counter) {
  prometheus::ClientMetric m;
  for (const auto& [name, v] : labels) m.label.push_back({name, v});
  if (counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  return m;
}

prometheus::MetricFamily Family(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f{std::move(name), std::move(help), type, {}};
  f.metric.push_back(Sample({}, value, type == prometheus::MetricType::Counter));
  return f;
}

// The process's own figures, from /proc (Linux), named as Prometheus's
// client libraries name them.
std::vector<prometheus::MetricFamily> ProcessFamilies() {
  std::vector<prometheus::MetricFamily> out;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in brackets and may hold spaces.
  size_t close = stat.rfind(')');
  if (close != std::string::npos && ticks > 0) {
    std::vector<std::string> f = absl::StrSplit(stat.substr(close + 2), ' ');
    // f[0] is field 3 (state): utime 14, stime 15, starttime 22, vsize 23, rss 24.
    double utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
    if (f.size() > 21 && absl::SimpleAtod(f[11], &utime) && absl::SimpleAtod(f[12], &stime) &&
        absl::SimpleAtod(f[19], &start) && absl::SimpleAtod(f[20], &vsize) &&
        absl::SimpleAtod(f[21], &rss)) {
      out.push_back(Family("process_cpu_seconds_total", "User and system CPU time spent",
                           prometheus::MetricType::Counter, (utime + stime) / ticks));
      out.push_back(Family("process_resident_memory_bytes", "Resident memory size",
                           prometheus::MetricType::Gauge, rss * page));
      out.push_back(Family("process_virtual_memory_bytes", "Virtual memory size",
                           prometheus::MetricType::Gauge, vsize));
      // Boot time + start ticks: seconds since the epoch.
      std::ifstream boot_file("/proc/stat");
      std::string line;
      double boot = 0;
      while (std::getline(boot_file, line)) {
        if (line.rfind("btime ", 0) == 0 && absl::SimpleAtod(line.substr(6), &boot)) break;
      }
      if (boot > 0) {
        out.push_back(Family("process_start_time_seconds",
                             "Start time of the process since the Unix epoch",
                             prometheus::MetricType::Gauge, boot + start / ticks));
      }
    }
  }
  if (DIR* fds = opendir("/proc/self/fd")) {
    double open = 0;
    while (readdir(fds) != nullptr) ++open;
    closedir(fds);
    out.push_back(Family("process_open_fds", "Open file descriptors", prometheus::MetricType::Gauge,
                         open - 3));  // ., .., the DIR's own
  }
  if (long max = sysconf(_SC_OPEN_MAX); max > 0) {
    out.push_back(Family("process_max_fds", "Limit of open file descriptors",
                         prometheus::MetricType::Gauge, static_cast<double>(max)));
  }
  return out;
}

}  // namespace

// Gauges read at scrape time and the process metrics: what prometheus-cpp's
// own metric types cannot hold (a value computed when asked).
class Metrics::Callbacks : public prometheus::Collectable {
 public:
  explicit Callbacks(const Metrics* owner) : owner_(owner) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out = ProcessFamilies();
    absl::MutexLock lock(&owner_->mutex_);
    std::map<std::string, size_t> by_name;
    for (const auto& [handle, gauge] : owner_->gauges_) {
      auto [it, added] = by_name.emplace(gauge.name, out.size());
      if (added) out.push_back({gauge.name, gauge.help, prometheus::MetricType::Gauge, {}});
      out[it->second].metric.push_back(Sample(gauge.labels, gauge.read(), false));
    }
    if (!owner_->build_info_.empty()) {
      prometheus::MetricFamily info{"fazhi_build_info",
                                    "The release, engine and catalog this process runs",
                                    prometheus::MetricType::Gauge,
                                    {}};
      info.metric.push_back(Sample(owner_->build_info_, 1, false));
      out.push_back(std::move(info));
    }
    return out;
  }

 private:
  const Metrics* owner_;
};

const std::vector<double>& LatencyBuckets() {
  static const auto* kBuckets = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      callbacks_(std::make_shared<Callbacks>(this)) {}

Metrics& Metrics::Global() {
  static auto* metrics = new Metrics();
  return *metrics;
}

namespace {

// The family `name` of `families`, registered in `registry` with `build`
// (prometheus::BuildCounter, BuildHistogram) on first use. REQUIRES: the
// caller holds the lock that guards `families`.
template <typename Metric, typename Builder>
prometheus::Family<Metric>* FamilyOf(
    std::map<std::string, prometheus::Family<Metric>*, std::less<>>* families,
    absl::string_view name, absl::string_view help, Builder build, prometheus::Registry* registry) {
  auto it = families->find(name);
  if (it != families->end()) return it->second;
  prometheus::Family<Metric>* family =
      &build().Name(std::string(name)).Help(std::string(help)).Register(*registry);
  families->emplace(std::string(name), family);
  return family;
}

}  // namespace

void Metrics::Add(absl::string_view name, absl::string_view help, const Labels& labels, double by) {
  prometheus::Family<prometheus::Counter>* family;
  {
    absl::MutexLock lock(&mutex_);
    family = FamilyOf(&counters_, name, help, prometheus::BuildCounter, registry_.get());
  }
  family->Add(ToMap(labels)).Increment(by);
}

void Metrics::Observe(absl::string_view name, absl::string_view help, const Labels& labels,
                      double value) {
  prometheus::Family<prometheus::Histogram>* family;
  {
    absl::MutexLock lock(&mutex_);
    family = FamilyOf(&histograms_, name, help, prometheus::BuildHistogram, registry_.get());
  }
  family->Add(ToMap(labels), LatencyBuckets()).Observe(value);
}

int Metrics::RegisterGauge(absl::string_view name, absl::string_view help, const Labels& labels,
                           std::function<double()> read) {
  absl::MutexLock lock(&mutex_);
  int handle = next_gauge_++;
  gauges_[handle] = Gauge{std::string(name), std::string(help), labels, std::move(read)};
  return handle;
}

void Metrics::UnregisterGauge(int handle) {
  absl::MutexLock lock(&mutex_);
  gauges_.erase(handle);
}

void Metrics::SetBuildInfo(absl::string_view service, absl::string_view engine,
                           absl::string_view catalog) {
  absl::MutexLock lock(&mutex_);
  build_info_ = {{"service", std::string(service)},
                 {"version", FAZHI_RELEASE},
                 {"engine", std::string(engine)},
                 {"catalog", std::string(catalog)}};
}

std::string Metrics::Render() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  for (auto& f : callbacks_->Collect()) families.push_back(std::move(f));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace fazhi::metrics
