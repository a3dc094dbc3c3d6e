// The parser pool against the real fazhi-parser binary: the same text as
// parsing in process, and a worker that crashes, hangs, spins or balloons
// fails only its own document while the next one is parsed.
#include "common/sandbox/parser_pool.h"

#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/documents.h"

namespace fazhi::sandbox {
namespace {

using fazhi::testing::MakeDocx;
using fazhi::testing::MakePdf;
using fazhi::testing::Paragraph;
using fazhi::testing::WordDocument;

const std::string kHtml =
    "<html><body><h1>青石街道2024年法治政府建设情况报告</h1>"
    "<p>全年共调解矛盾纠纷36起。</p></body></html>";

std::unique_ptr<ParserPool> Pool(ParserPoolOptions options = {}) {
  auto pool = ParserPool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status();
  return pool.ok() ? *std::move(pool) : nullptr;
}

TEST(ParserPoolTest, GivesWhatParsingInProcessGives) {
  // Under the memory limit deploy/k8s/extract.yaml sets.
  auto pool = Pool({.max_memory_bytes = int64_t{384} << 20});
  ASSERT_NE(pool, nullptr);
  const std::vector<std::string> documents = {
      kHtml, MakeDocx(WordDocument(Paragraph("白沙镇2024年法治政府建设工作报告"))),
      MakePdf({{"柳林乡2024年法治政府建设情况报告", "全年受理信访案件12件。"}}),
      "纯文本报告 <无标记> 2024年"};
  for (const std::string& bytes : documents) {
    auto here = formats::ExtractText(bytes);
    auto there = pool->Parse(bytes);
    ASSERT_EQ(here.ok(), there.ok()) << here.status() << " / " << there.status();
    if (!here.ok()) {
      EXPECT_EQ(here.status(), there.status());
      continue;
    }
    EXPECT_EQ(there->text, here->text);
    EXPECT_EQ(there->format, here->format);
    EXPECT_EQ(there->encoding, here->encoding);
    EXPECT_EQ(there->warnings, here->warnings);
    EXPECT_EQ(there->part_starts, here->part_starts);
    EXPECT_EQ(there->part_kind, here->part_kind);
  }
  // A refusal comes back as the parser gave it.
  auto legacy = pool->Parse(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest");
  EXPECT_EQ(legacy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(pool->workers_started(), 1) << "refusals and successes reuse the worker";
}

TEST(ParserPoolTest, OnlyContainersAndMarkupNeedTheSandbox) {
  EXPECT_TRUE(NeedsSandbox(kHtml));
  EXPECT_TRUE(NeedsSandbox(MakeDocx(WordDocument(Paragraph("x")))));
  EXPECT_TRUE(NeedsSandbox("%PDF-1.7\n..."));
  EXPECT_FALSE(NeedsSandbox("一、主要工作\n全年调解纠纷3起。"));
  EXPECT_FALSE(NeedsSandbox("# 标题\n\n* 条目"));
}

TEST(ParserPoolTest, ACrashFailsThatDocumentAndTheNextIsParsed) {
  auto pool = Pool({.extra_args = {"--test_crash_on=CRASH-ME"}});
  ASSERT_NE(pool, nullptr);
  auto crashed = pool->Parse("<p>CRASH-ME</p>");
  EXPECT_EQ(crashed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(crashed.status().message().find("crashed"), absl::string_view::npos)
      << crashed.status();
  EXPECT_NE(crashed.status().message().find("signal 6"), absl::string_view::npos)
      << crashed.status();
  auto next = pool->Parse(kHtml);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_NE(next->text.find("调解矛盾纠纷36起"), std::string::npos);
  EXPECT_EQ(pool->workers_started(), 2);
}

TEST(ParserPoolTest, AHangIsStoppedAtTheDeadline) {
  auto pool = Pool({.deadline = absl::Seconds(1), .extra_args = {"--test_hang_on=HANG-ME"}});
  ASSERT_NE(pool, nullptr);
  absl::Time start = absl::Now();
  auto hung = pool->Parse("<p>HANG-ME</p>");
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(hung.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(hung.status().message().find("longer than 1s"), absl::string_view::npos)
      << hung.status();
  EXPECT_TRUE(pool->Parse(kHtml).ok());
}

TEST(ParserPoolTest, SpinningPastTheCpuBudgetIsStoppedByTheKernel) {
  auto pool = Pool(
      {.cpu_seconds = 1, .deadline = absl::Seconds(30), .extra_args = {"--test_spin_on=SPIN-ME"}});
  ASSERT_NE(pool, nullptr);
  auto spun = pool->Parse("<p>SPIN-ME</p>");
  EXPECT_EQ(spun.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(spun.status().message().find("CPU budget of 1 s"), absl::string_view::npos)
      << spun.status();
  EXPECT_TRUE(pool->Parse(kHtml).ok());
}

TEST(ParserPoolTest, BallooningHitsTheMemoryLimit) {
  auto pool = Pool(
      {.max_memory_bytes = int64_t{256} << 20, .extra_args = {"--test_balloon_on=BALLOON-ME"}});
  ASSERT_NE(pool, nullptr);
  auto ballooned = pool->Parse("<p>BALLOON-ME</p>");
  EXPECT_EQ(ballooned.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(ballooned.status().message().find("memory limit of 256 MiB"), absl::string_view::npos)
      << ballooned.status();
  auto next = pool->Parse(kHtml);
  EXPECT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(pool->workers_started(), 2) << "the exhausted worker is not reused";
}

TEST(ParserPoolTest, ManyCallersShareTwoWorkers) {
  auto pool = Pool({.workers = 2, .extra_args = {"--test_crash_on=CRASH-ME"}});
  ASSERT_NE(pool, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> good{0}, crashed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        bool crash = (i % 5 == t % 5);
        std::string bytes = crash ? "<p>CRASH-ME</p>" : absl::StrCat("<p>第", t, "-", i, "段</p>");
        auto text = pool->Parse(bytes);
        if (crash) {
          crashed += text.status().code() == absl::StatusCode::kInvalidArgument;
        } else {
          good += text.ok() &&
                  text->text.find(absl::StrCat("第", t, "-", i, "段")) != std::string::npos;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(good.load(), 4 * 12);
  EXPECT_EQ(crashed.load(), 4 * 3);
}

TEST(ParserPoolTest, AMissingWorkerBinaryIsAClearError) {
  auto pool = ParserPool::Create({.binary = "/nonexistent/fazhi-parser"});
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(pool.status().message().find("/nonexistent/fazhi-parser"), absl::string_view::npos);
}

}  // namespace
}  // namespace fazhi::sandbox
