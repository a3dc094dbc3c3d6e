// The analyst's web page in a real headless browser (Debian's Chromium
// driven by tests/web/page_test.mjs through playwright-core) against the
// real services and gateway on loopback, over two years of a generated
// county (fazhi-sample): the page's figures are checked against the JSON
// routes, its clicks followed to the report viewer. Screenshots are left
// in build/Testing/web/ for a person to look at.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/gateway/gateway_server.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

// Writes a county's reports for `year` with fazhi-sample; their paths.
std::vector<std::string> SampleCounty(const std::string& dir, int year, int skip_every) {
  pid_t pid =
      StartBinary("fazhi-sample", {absl::StrCat("--out=", dir), absl::StrCat("--year=", year),
                                   absl::StrCat("--skip_every=", skip_every)});
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(WebPageTest, AnAnalystReadsACountyAndFollowsAFigureToItsEvidence) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  std::vector<std::string> jobs;
  for (auto [year, skip] : {std::pair{2023, 5}, std::pair{2024, 7}}) {
    for (const std::string& file : SampleCounty(dir.Sub(absl::StrCat("r", year)), year, skip)) {
      auto submitted = cluster.Submit(file, ReadFileOrDie(file), "");
      ASSERT_TRUE(submitted.ok()) << submitted.status();
      jobs.push_back(submitted->job_id());
    }
  }
  for (const auto& job : cluster.WaitForJobs(jobs)) {
    ASSERT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.source() << ": " << job.error();
  }
  // The page and the gazetteer are found beside the binary (share/fazhi).
  auto gateway =
      gateway::GatewayServer::Start({.listen = "127.0.0.1:0",
                                     .backends = {.ingest_target = cluster.ingest_target(),
                                                  .extract_target = cluster.extract_target(),
                                                  .aggregate_target = cluster.aggregate_target()}});
  ASSERT_TRUE(gateway.ok()) << gateway.status();

  const std::string shots = absl::StrCat(FAZHI_BINARY_DIR, "/Testing/web");
  std::filesystem::create_directories(shots);
  const std::string command = absl::StrCat(
      "node ", FAZHI_SOURCE_DIR, "/tests/web/page_test.mjs http://127.0.0.1:", (*gateway)->port(),
      " 330102 2024 2023 ", shots, " 2>&1");
  int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  EXPECT_TRUE(std::filesystem::exists(shots + "/dashboard.png"));
  EXPECT_TRUE(std::filesystem::exists(shots + "/report.png"));
  (*gateway)->Shutdown();
}

}  // namespace
}  // namespace fazhi::testing
