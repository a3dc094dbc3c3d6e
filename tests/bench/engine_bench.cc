// Engine throughput, one thread: the seed reports repeated (each copy made
// unique so nothing can be cached) into a corpus of >= 20 MB, extracted one
// report at a time through the whole engine (decode, normalise, segment,
// metadata, sections, indicators, evidence). Prints MB/s and reports/s.
//
//   build/bench/engine_bench [--benchmark_min_time=2]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/engine/engine.h"
#include "tests/support/test_support.h"

namespace {

std::vector<fazhi::v1::Document> Corpus(size_t min_bytes, size_t* total) {
  std::vector<std::string> seeds;
  for (const std::string& path : fazhi::testing::SeedFiles()) {
    seeds.push_back(fazhi::testing::ReadFileOrDie(path));
  }
  std::vector<fazhi::v1::Document> docs;
  *total = 0;
  for (size_t i = 0; !seeds.empty() && *total < min_bytes; ++i) {
    fazhi::v1::Document d;
    d.set_source(absl::StrCat("copy-", i));
    d.set_content(absl::StrCat(seeds[i % seeds.size()], "\n(副本", i, ")\n"));
    *total += d.content().size();
    docs.push_back(std::move(d));
  }
  return docs;
}

void BM_ExtractCorpus(benchmark::State& state) {
  size_t bytes = 0;
  std::vector<fazhi::v1::Document> docs = Corpus(20 << 20, &bytes);
  if (docs.empty()) {
    state.SkipWithError("seed corpus not found (../shared/corpus/seeds)");
    return;
  }
  auto extractor = fazhi::engine::Extractor::Create();
  if (!extractor.ok()) {
    state.SkipWithError(std::string(extractor.status().message()).c_str());
    return;
  }
  int64_t indicators = 0;
  for (auto _ : state) {
    for (const auto& doc : docs) {
      auto report = (*extractor)->Extract(doc, {});
      if (!report.ok()) {
        state.SkipWithError("extraction failed");
        return;
      }
      indicators += report->indicators_size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(docs.size()) * state.iterations());
  state.counters["reports"] = static_cast<double>(docs.size());
  state.counters["corpus_MB"] = bytes / 1e6;
  state.counters["indicators_per_report"] =
      static_cast<double>(indicators) / (docs.size() * state.iterations());
}
BENCHMARK(BM_ExtractCorpus)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CompileCatalog(benchmark::State& state) {
  for (auto _ : state) {
    auto extractor = fazhi::engine::Extractor::Create();
    benchmark::DoNotOptimize(extractor);
  }
}
BENCHMARK(BM_CompileCatalog)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
