#include "common/engine/trigger_scanner.h"

#include <thread>

#include "common/engine/catalog.h"
#include "gtest/gtest.h"

namespace fazhi::engine {
namespace {

using Hits = std::vector<TriggerScanner::Hit>;

std::vector<std::pair<int, size_t>> Flatten(const Hits& hits) {
  std::vector<std::pair<int, size_t>> out;
  for (const auto& h : hits) out.push_back({h.id, h.end});
  return out;
}

TEST(TriggerScannerTest, ReportsEveryEndOfEveryPatternInOrder) {
  auto scanner = TriggerScanner::Create({{"信访(?:案件)?", 7}, {"复议", 3}});
  ASSERT_TRUE(scanner.ok()) << scanner.status();
  // "信访" ends at byte 6, "信访案件" at 12; "复议" at 21.
  auto hits = (*scanner)->Scan("信访案件和复议");
  ASSERT_TRUE(hits.ok());
  std::vector<std::pair<int, size_t>> expected = {{7, 6}, {7, 12}, {3, 21}};
  EXPECT_EQ(Flatten(*hits), expected);
}

TEST(TriggerScannerTest, NegatedClassesStepOverWholeCharacters) {
  auto scanner = TriggerScanner::Create({{"合同[^，。]{0,2}审查", 1}});
  ASSERT_TRUE(scanner.ok());
  EXPECT_EQ((*scanner)->Scan("合同的审查")->size(), 1u);
  EXPECT_EQ((*scanner)->Scan("合同很多的审查")->size(), 0u);  // three characters apart
  EXPECT_EQ((*scanner)->Scan("合同，审查")->size(), 0u);
}

TEST(TriggerScannerTest, NoHitsInTextWithoutTheWords) {
  auto scanner = TriggerScanner::Create({{"败诉", 0}});
  ASSERT_TRUE(scanner.ok());
  EXPECT_TRUE((*scanner)->Scan("全年依法行政。")->empty());
  EXPECT_TRUE((*scanner)->Scan("")->empty());
}

TEST(TriggerScannerTest, RefusesPatternsItCannotScan) {
  auto empty = TriggerScanner::Create({{"(?:违法)?", 0}});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("(?:违法)?"), std::string::npos) << empty.status();
  EXPECT_EQ(TriggerScanner::Create({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TriggerScannerTest, ConcurrentScansGetTheirOwnScratch) {
  auto scanner = TriggerScanner::Create({{"调解", 0}});
  ASSERT_TRUE(scanner.ok());
  std::string text;
  for (int i = 0; i < 200; ++i) text += "调解纠纷。";
  std::vector<size_t> counts(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) counts[t] = (*scanner)->Scan(text)->size();
    });
  }
  for (auto& th : threads) th.join();
  for (size_t c : counts) EXPECT_EQ(c, 200u);
}

TEST(TriggerScannerTest, PrecompiledDatabaseIsUsedOnlyForItsOwnPatterns) {
  std::vector<TriggerScanner::Pattern> patterns = {{"信访(?:案件)?", 0}, {"复议", 1}};
  auto compiled = TriggerScanner::Create(patterns);
  ASSERT_TRUE(compiled.ok());
  EXPECT_FALSE((*compiled)->from_precompiled());
  auto bytes = (*compiled)->Serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.status();

  auto loaded = TriggerScanner::Create(patterns, *bytes);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE((*loaded)->from_precompiled());
  EXPECT_EQ(Flatten(*(*loaded)->Scan("信访案件和复议")),
            Flatten(*(*compiled)->Scan("信访案件和复议")));

  // Other patterns, or a damaged database: compiled afresh, still right.
  auto other = TriggerScanner::Create({{"败诉", 0}}, *bytes);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((*other)->from_precompiled());
  EXPECT_EQ((*other)->Scan("无败诉")->size(), 1u);
  auto damaged = TriggerScanner::Create(patterns, bytes->substr(0, bytes->size() / 2));
  ASSERT_TRUE(damaged.ok());
  EXPECT_FALSE((*damaged)->from_precompiled());
  EXPECT_EQ((*damaged)->Scan("信访")->size(), 1u);
}

TEST(TriggerScannerTest, TheEmbeddedCatalogStartsFromWhatTheBuildPrecompiled) {
  // Built and tested on one machine, so the build-time database fits.
  auto catalog = CompiledCatalog::Create(EmbeddedCatalogText(), EmbeddedPrecompiledCatalog());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_TRUE((*catalog)->patterns_precompiled());
  EXPECT_TRUE((*catalog)->scanner_precompiled());
  // Taken from the build, the facts are what compiling finds.
  auto compiled = CompiledCatalog::Create(EmbeddedCatalogText());
  ASSERT_TRUE(compiled.ok());
  EXPECT_FALSE((*compiled)->patterns_precompiled());
  ASSERT_EQ((*catalog)->rules().size(), (*compiled)->rules().size());
  for (size_t r = 0; r < (*catalog)->rules().size(); ++r) {
    const CompiledRule& a = (*catalog)->rules()[r];
    const CompiledRule& b = (*compiled)->rules()[r];
    EXPECT_EQ(a.trigger_max_bytes, b.trigger_max_bytes) << a.rule.id();
    EXPECT_EQ(a.zero_max_bytes, b.zero_max_bytes) << a.rule.id();
    EXPECT_EQ(a.trigger->pattern(), b.trigger->pattern());
  }
  EXPECT_EQ(*(*catalog)->SerializePrecompiled(), *(*compiled)->SerializePrecompiled());
}

TEST(TriggerScannerTest, PrecompiledFactsOfAnotherCatalogOrDamagedOnesAreNotTrusted) {
  auto embedded = CompiledCatalog::Create(EmbeddedCatalogText());
  ASSERT_TRUE(embedded.ok());
  std::string bytes = *(*embedded)->SerializePrecompiled();
  // Another text: its patterns are checked and compiled again, so a bad
  // one is still found.
  auto other =
      CompiledCatalog::Create(R"(indicators { id: "x" triggers: "(" units: "件" })", bytes);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  // Cut anywhere, the facts are compiled again and the catalog still works.
  for (size_t cut : {size_t{0}, size_t{10}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    auto damaged = CompiledCatalog::Create(EmbeddedCatalogText(), bytes.substr(0, cut));
    ASSERT_TRUE(damaged.ok()) << cut;
    EXPECT_FALSE((*damaged)->scanner_precompiled()) << cut;
    EXPECT_EQ((*damaged)->rules().size(), (*embedded)->rules().size());
    EXPECT_FALSE((*damaged)->FindRuleWords("受理信访案件30件")->empty()) << cut;
  }
}

}  // namespace
}  // namespace fazhi::engine
