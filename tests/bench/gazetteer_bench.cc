// Loading the gazetteer index: time per load and the memory one loaded
// index holds (resident set growth), printed as counters.
//
//   build/bench/gazetteer_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/gazetteer/gazetteer.h"

namespace {

// Resident set size in kB from /proc/self/status.
long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 10, '\n');
  }
  return 0;
}

void BM_LoadGazetteer(benchmark::State& state) {
  std::string path = absl::StrCat(FAZHI_BINARY_DIR, "/share/fazhi/gazetteer.tsv");
  long before = ResidentKb();
  auto kept = fazhi::gazetteer::Gazetteer::Load(path);
  if (!kept.ok()) {
    state.SkipWithError(std::string(kept.status().message()).c_str());
    return;
  }
  long after = ResidentKb();
  for (auto _ : state) {
    auto g = fazhi::gazetteer::Gazetteer::Load(path);
    benchmark::DoNotOptimize(g);
  }
  state.counters["index_MB_resident"] = (after - before) / 1024.0;
  state.counters["townships"] =
      static_cast<double>((*kept)->size(fazhi::gazetteer::Level::kTownship));
}
BENCHMARK(BM_LoadGazetteer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
