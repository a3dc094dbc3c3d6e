// Client-side load balancing for real: ingest points at two extract
// servers through one `ipv4:` target and spreads documents over both with
// round_robin; when one dies mid-run, nothing is lost.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/extract/extract_server.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

std::string Document(int i) {
  static const char* a[] = {"东", "西", "南", "北", "中", "上", "下", "前", "后", "新"};
  return absl::StrCat(a[i % 10], a[(i / 10) % 10],
                      "湾街道2024年法治政府建设情况报告\n\n全年受理信访案件", i + 1, "件。\n");
}

TEST(LoadBalancingTest, TwoExtractReplicasShareTheWorkAndOneDyingLosesNothing) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAggregate();
  auto first = extract::ExtractServer::Start({.listen = "127.0.0.1:0"});
  auto second = extract::ExtractServer::Start({.listen = "127.0.0.1:0"});
  ASSERT_TRUE(first.ok() && second.ok());
  cluster.pipeline_options().extract_target =
      absl::StrCat("ipv4:127.0.0.1:", (*first)->port(), ",127.0.0.1:", (*second)->port());
  cluster.StartIngest();

  std::vector<std::string> jobs;
  for (int i = 0; i < 100; ++i) {
    auto response = cluster.Submit(absl::StrCat("doc-", i), Document(i), "330102");
    ASSERT_TRUE(response.ok()) << response.status();
    jobs.push_back(response->job_id());
    if (i == 60) {
      // One replica goes away mid-run.
      std::vector<fazhi::v1::Job> so_far = cluster.WaitForJobs(jobs);
      (*second)->Shutdown();
    }
  }
  int done = 0;
  for (const auto& job : cluster.WaitForJobs(jobs)) {
    done += job.state() == fazhi::v1::JOB_STATE_DONE;
  }
  std::printf("load balancing: first replica served %lld, second %lld, done %d of 100\n",
              static_cast<long long>((*first)->documents_served()),
              static_cast<long long>((*second)->documents_served()), done);
  EXPECT_EQ(done, 100);
  EXPECT_GT((*second)->documents_served(), 10);  // both served before the stop
  EXPECT_GT((*first)->documents_served(), 10);
  EXPECT_EQ((*first)->documents_served() + (*second)->documents_served(), 100);
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 100);
}

}  // namespace
}  // namespace fazhi::testing
