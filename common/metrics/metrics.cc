#include "common/metrics/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace fazhi::metrics {
namespace {

std::string Escape(absl::string_view value) {
  return absl::StrReplaceAll(value, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}});
}

// {a="x",b="y"} or empty.
std::string RenderLabels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    absl::StrAppend(&out, i ? "," : "", labels[i].first, "=\"", Escape(labels[i].second), "\"");
  }
  return out + "}";
}

// Adds one more label to rendered labels.
std::string WithLabel(const std::string& labels, absl::string_view name, absl::string_view value) {
  std::string extra = absl::StrCat(name, "=\"", value, "\"");
  if (labels.empty()) return absl::StrCat("{", extra, "}");
  return absl::StrCat(labels.substr(0, labels.size() - 1), ",", extra, "}");
}

std::string Number(double v) { return absl::StrFormat("%.17g", v); }

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const auto* kBuckets = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

Metrics& Metrics::Global() {
  static auto* metrics = new Metrics();
  return *metrics;
}

void Metrics::Declare(absl::string_view name, absl::string_view help, Type type) {
  if (families_.find(name) == families_.end()) {
    families_.emplace(std::string(name), std::make_pair(type, std::string(help)));
  }
}

void Metrics::Add(absl::string_view name, absl::string_view help, const Labels& labels, double by) {
  absl::MutexLock lock(&mutex_);
  Declare(name, help, Type::kCounter);
  counters_[std::string(name)][RenderLabels(labels)] += by;
}

void Metrics::Observe(absl::string_view name, absl::string_view help, const Labels& labels,
                      double value) {
  absl::MutexLock lock(&mutex_);
  Declare(name, help, Type::kHistogram);
  Histogram& h = histograms_[std::string(name)][RenderLabels(labels)];
  const std::vector<double>& bounds = LatencyBuckets();
  if (h.buckets.empty()) h.buckets.assign(bounds.size(), 0);
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += value;
}

int Metrics::RegisterGauge(absl::string_view name, absl::string_view help, const Labels& labels,
                           std::function<double()> read) {
  absl::MutexLock lock(&mutex_);
  Declare(name, help, Type::kGauge);
  int handle = next_gauge_++;
  gauges_[handle] = Gauge{std::string(name), RenderLabels(labels), std::move(read)};
  return handle;
}

void Metrics::UnregisterGauge(int handle) {
  absl::MutexLock lock(&mutex_);
  gauges_.erase(handle);
}

std::string Metrics::Render() const {
  absl::MutexLock lock(&mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    const auto& [type, help] = family;
    absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ",
                    type == Type::kCounter     ? "counter"
                    : type == Type::kHistogram ? "histogram"
                                               : "gauge",
                    "\n");
    if (type == Type::kCounter) {
      auto it = counters_.find(name);
      if (it == counters_.end()) continue;
      for (const auto& [labels, value] : it->second) {
        absl::StrAppend(&out, name, labels, " ", Number(value), "\n");
      }
    } else if (type == Type::kHistogram) {
      auto it = histograms_.find(name);
      if (it == histograms_.end()) continue;
      const std::vector<double>& bounds = LatencyBuckets();
      for (const auto& [labels, h] : it->second) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < bounds.size(); ++i) {
          cumulative += h.buckets[i];
          absl::StrAppend(&out, name, "_bucket", WithLabel(labels, "le", Number(bounds[i])), " ",
                          cumulative, "\n");
        }
        absl::StrAppend(&out, name, "_bucket", WithLabel(labels, "le", "+Inf"), " ", h.count, "\n",
                        name, "_sum", labels, " ", Number(h.sum), "\n", name, "_count", labels, " ",
                        h.count, "\n");
      }
    } else {
      for (const auto& [handle, gauge] : gauges_) {
        if (gauge.name != name) continue;
        absl::StrAppend(&out, name, gauge.labels, " ", Number(gauge.read()), "\n");
      }
    }
  }
  return out;
}

}  // namespace fazhi::metrics
