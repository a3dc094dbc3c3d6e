// A document that crashes extract (a parser dying on it, through the real
// fazhi-extract binary's test hook) is set aside after a few tries, and
// every other document is extracted meanwhile: no job waits behind it and
// extract is not crashed forever. A supervisor restarts extract as
// Kubernetes would.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr char kPoison[] = "POISON-7f3a";

pid_t StartExtract(int port) {
  return StartBinary("fazhi-extract",
                     {absl::StrCat("--listen=127.0.0.1:", port),
                      absl::StrCat("--test_abort_on=", kPoison), "--log_level=error"});
}

TEST(PoisonTest, ACrashingDocumentIsSetAsideAndTheOthersGoThrough) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAggregate();
  int port = FreePort();
  std::atomic<bool> done{false};
  std::atomic<int> starts{0};
  std::atomic<pid_t> current{0};
  std::thread supervisor([&] {
    while (!done) {
      pid_t pid = StartExtract(port);
      current = pid;
      ++starts;
      int status = 0;
      while (!done && waitpid(pid, &status, WNOHANG) == 0) absl::SleepFor(absl::Milliseconds(20));
      if (done) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
      }
    }
  });
  cluster.pipeline_options().extract_target = absl::StrCat("127.0.0.1:", port);
  cluster.pipeline_options().initial_backoff = absl::Milliseconds(50);
  cluster.pipeline_options().max_backoff = absl::Milliseconds(500);
  cluster.StartIngest();

  std::vector<std::string> jobs;
  auto poison = cluster.Submit(
      "poison.txt", absl::StrCat("青石街道2024年法治政府建设情况报告\n", kPoison, "\n"), "330102");
  ASSERT_TRUE(poison.ok()) << poison.status();
  for (int i = 0; i < 20; ++i) {
    static const char* a[] = {"东", "西", "南", "北", "中"};
    static const char* b[] = {"山", "水", "河", "湖"};
    auto r = cluster.Submit(
        absl::StrCat("good-", i, ".txt"),
        absl::StrCat(a[i % 5], b[i / 5], "湾街道2024年法治政府建设情况报告\n全年受理信访案件",
                     i + 1, "件。\n"),
        "330102");
    ASSERT_TRUE(r.ok()) << r.status();
    jobs.push_back(r->job_id());
  }
  std::vector<fazhi::v1::Job> good = cluster.WaitForJobs(jobs, absl::Seconds(60));
  fazhi::v1::Job set_aside = cluster.WaitForJobs({poison->job_id()}, absl::Seconds(60))[0];
  done = true;
  supervisor.join();

  int extracted = 0;
  for (const auto& job : good) {
    extracted += job.state() == fazhi::v1::JOB_STATE_DONE;
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.source() << ": " << job.error();
  }
  EXPECT_EQ(extracted, 20);
  EXPECT_EQ(set_aside.state(), fazhi::v1::JOB_STATE_FAILED) << set_aside.error();
  EXPECT_NE(set_aside.error().find("broke off 3 times"), std::string::npos) << set_aside.error();
  // The first start, then one restart per crash: three crashes at most,
  // since the document is tried alone and gRPC re-sends nothing.
  std::printf("poison: extract started %d times, %d of 20 other documents extracted\n",
              starts.load(), extracted);
  EXPECT_LE(starts.load(), 4);
  EXPECT_GE(starts.load(), 2);
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 20);
}

// The parsers run in worker processes: an HTML page that crashes its parser
// (the worker's test hook) fails its own job at once with the reason, and
// the one fazhi-extract process goes on serving every other page.
TEST(PoisonTest, AParserCrashFailsOnlyItsDocumentAndExtractKeepsServing) {
  constexpr char kParserPoison[] = "PARSER-POISON-51c2";
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAggregate();
  int port = FreePort();
  pid_t extract = StartBinary(
      "fazhi-extract",
      {absl::StrCat("--listen=127.0.0.1:", port),
       absl::StrCat("--parser_test_args=--test_crash_on=", kParserPoison), "--log_level=error"});
  ASSERT_TRUE(WaitForServing(port));
  cluster.pipeline_options().extract_target = absl::StrCat("127.0.0.1:", port);
  cluster.StartIngest();
  auto poison =
      cluster.Submit("poison.html",
                     absl::StrCat("<html><body><h1>青石街道2024年法治政府建设情况报告</h1><p>",
                                  kParserPoison, "</p></body></html>"),
                     "330102");
  ASSERT_TRUE(poison.ok()) << poison.status();
  std::vector<std::string> jobs;
  for (int i = 0; i < 6; ++i) {
    static const char* a[] = {"东山湾", "西水湾", "南河湾", "北湖湾", "中林湾", "上石湾"};
    auto r = cluster.Submit(absl::StrCat("good-", i, ".html"),
                            absl::StrCat("<html><body><h1>", a[i],
                                         "街道2024年法治政府建设情况报告</h1><p>全年受理信访案件",
                                         i + 1, "件。</p></body></html>"),
                            "330102");
    ASSERT_TRUE(r.ok()) << r.status();
    jobs.push_back(r->job_id());
  }
  std::vector<fazhi::v1::Job> good = cluster.WaitForJobs(jobs, absl::Seconds(60));
  fazhi::v1::Job failed = cluster.WaitForJobs({poison->job_id()}, absl::Seconds(60))[0];
  int status = 0;
  bool still_running = waitpid(extract, &status, WNOHANG) == 0;
  kill(extract, SIGTERM);
  waitpid(extract, &status, 0);

  EXPECT_TRUE(still_running) << "fazhi-extract itself never crashed";
  for (const auto& job : good) EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  EXPECT_EQ(failed.state(), fazhi::v1::JOB_STATE_FAILED);
  EXPECT_EQ(failed.attempts(), 1) << "a parser crash is this document's doing: not retried";
  EXPECT_NE(failed.error().find("parser crashed on this document"), std::string::npos)
      << failed.error();
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 6);
}

}  // namespace
}  // namespace fazhi::testing
