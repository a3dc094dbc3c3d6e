// Engine throughput, one thread: the seed reports repeated (each copy made
// unique so nothing can be cached) into a corpus of >= 20 MB, extracted one
// report at a time through the whole engine (decode, normalise, segment,
// metadata, sections, indicators, evidence), without and with region
// resolution against the gazetteer. Prints MB/s and reports/s, then each
// stage alone over the same corpus (MB/s of input bytes), and the catalog's
// start-up with and without the scanner built into the binary.
// The machine's speed drifts: compare with peer_regex.py run right after,
// and repeat (--benchmark_repetitions=5).
//
//   build/bench/engine_bench [--benchmark_min_time=2]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/engine/catalog.h"
#include "common/engine/engine.h"
#include "common/engine/indicators.h"
#include "common/engine/metadata.h"
#include "common/engine/sections.h"
#include "common/formats/formats.h"
#include "common/text/fingerprint.h"
#include "common/text/normalize.h"
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

// The whole engine; with the gazetteer (state.range(0) == 1) it also
// resolves each report's region, as fazhi-extract does.
void BM_ExtractCorpus(benchmark::State& state) {
  size_t bytes = 0;
  std::vector<fazhi::v1::Document> docs = Corpus(20 << 20, &bytes);
  if (docs.empty()) {
    state.SkipWithError("seed corpus not found (../shared/corpus/seeds)");
    return;
  }
  std::unique_ptr<fazhi::gazetteer::Gazetteer> gazetteer;
  if (state.range(0) == 1) {
    auto loaded = fazhi::gazetteer::Gazetteer::Load(FAZHI_BINARY_DIR "/share/fazhi/gazetteer.tsv");
    if (!loaded.ok()) {
      state.SkipWithError("gazetteer index not built");
      return;
    }
    gazetteer = *std::move(loaded);
  }
  auto extractor = fazhi::engine::Extractor::Create(gazetteer.get());
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
BENCHMARK(BM_ExtractCorpus)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("gazetteer")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One stage of the engine over the whole corpus, so that the figure of each
// stage can be compared with the whole (MB/s of input bytes).
template <typename StageFn>
void RunStage(benchmark::State& state, StageFn stage) {
  size_t bytes = 0;
  std::vector<fazhi::v1::Document> docs = Corpus(20 << 20, &bytes);
  if (docs.empty()) {
    state.SkipWithError("seed corpus not found (../shared/corpus/seeds)");
    return;
  }
  std::vector<fazhi::text::NormalizedText> normalized;
  for (const auto& doc : docs) {
    auto decoded = fazhi::formats::ExtractText(doc.content());
    normalized.push_back(fazhi::text::Normalize(decoded.ok() ? decoded->text : ""));
  }
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) stage(docs[i].content(), normalized[i].text);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
}

void BM_StageDecode(benchmark::State& state) {
  RunStage(state, [](const std::string& content, const std::string&) {
    benchmark::DoNotOptimize(fazhi::formats::ExtractText(content));
  });
}
void BM_StageNormalize(benchmark::State& state) {
  RunStage(state, [](const std::string& content, const std::string&) {
    benchmark::DoNotOptimize(fazhi::text::Normalize(content));
  });
}
void BM_StageMetadata(benchmark::State& state) {
  RunStage(state, [](const std::string&, const std::string& norm) {
    benchmark::DoNotOptimize(fazhi::engine::ReadMetadata(norm));
  });
}
void BM_StageSections(benchmark::State& state) {
  RunStage(state, [](const std::string&, const std::string& norm) {
    benchmark::DoNotOptimize(fazhi::engine::FindSections(norm));
  });
}
void BM_StageIndicators(benchmark::State& state) {
  auto catalog = fazhi::engine::CompiledCatalog::Create(fazhi::engine::EmbeddedCatalogText());
  if (!catalog.ok()) {
    state.SkipWithError(std::string(catalog.status().message()).c_str());
    return;
  }
  RunStage(state, [&](const std::string&, const std::string& norm) {
    benchmark::DoNotOptimize(fazhi::engine::FindIndicators(**catalog, norm));
  });
}
// The trigger scan alone (one Hyperscan pass for every rule), with the
// number of hits it hands to exact matching per pass over the corpus.
void BM_StageTriggerScan(benchmark::State& state) {
  auto catalog = fazhi::engine::CompiledCatalog::Create(fazhi::engine::EmbeddedCatalogText());
  if (!catalog.ok()) {
    state.SkipWithError(std::string(catalog.status().message()).c_str());
    return;
  }
  size_t hits = 0;
  RunStage(state, [&](const std::string&, const std::string& norm) {
    auto found = (*catalog)->FindRuleWords(norm);
    if (found.ok()) hits += found->size();
  });
  state.counters["hits"] =
      benchmark::Counter(static_cast<double>(hits), benchmark::Counter::kAvgIterations);
}
void BM_StageFingerprint(benchmark::State& state) {
  RunStage(state, [](const std::string&, const std::string& norm) {
    benchmark::DoNotOptimize(fazhi::text::TextFingerprint(norm));
  });
}
BENCHMARK(BM_StageDecode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageNormalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageMetadata)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageSections)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageIndicators)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageTriggerScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StageFingerprint)->Unit(benchmark::kMillisecond);

// Start-up: the catalog with the trigger scanner built into the binary,
// and compiled from scratch (as on a machine unlike the build machine).
void BM_CompileCatalog(benchmark::State& state) {
  for (auto _ : state) {
    auto extractor = fazhi::engine::Extractor::Create();
    benchmark::DoNotOptimize(extractor);
  }
}
BENCHMARK(BM_CompileCatalog)->Unit(benchmark::kMillisecond);

void BM_CompileCatalogFromScratch(benchmark::State& state) {
  for (auto _ : state) {
    auto catalog = fazhi::engine::CompiledCatalog::Create(fazhi::engine::EmbeddedCatalogText());
    benchmark::DoNotOptimize(catalog);
  }
}
BENCHMARK(BM_CompileCatalogFromScratch)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
