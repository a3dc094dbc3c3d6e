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
#include "common/rpc/channel.h"
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

// A reviewer corrected two figures of a report; a new catalog reads one of
// them otherwise. The report viewer shows that one flagged for review.
TEST(WebPageTest, AReviewerSeesACorrectionThatANewReadingFlagged) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.SetExtractCatalog(WriteOldCatalog(dir.Sub("old_catalog.textproto")));
  cluster.StartAll();
  std::vector<std::string> jobs;
  for (const std::string& file : SampleCounty(dir.Sub("r2024"), 2024, 7)) {
    auto submitted = cluster.Submit(file, ReadFileOrDie(file), "");
    ASSERT_TRUE(submitted.ok()) << submitted.status();
    jobs.push_back(submitted->job_id());
  }
  std::string report_id;
  for (const auto& job : cluster.WaitForJobs(jobs)) {
    ASSERT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.source() << ": " << job.error();
    if (report_id.empty()) report_id = job.report_id();
  }
  // One figure the old catalog read and the new one reads alike (kept),
  // one it could not read (petitions: flagged once the new one reads it).
  fazhi::v1::GetReviewedReportRequest get;
  get.set_report_id(report_id);
  fazhi::v1::ReviewedReport before;
  {
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    ASSERT_TRUE(cluster.aggregate().GetReviewedReport(context.get(), get, &before).ok());
  }
  ASSERT_GT(before.extracted().indicators_size(), 0);
  const fazhi::v1::Indicator& first = before.extracted().indicators(0);
  for (auto [id, value] :
       {std::pair{first.id(), first.value() + 1}, std::pair{std::string("petitions"), 99.0}}) {
    fazhi::v1::CorrectReportRequest request;
    fazhi::v1::Correction& c = *request.mutable_correction();
    c.set_report_id(report_id);
    c.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
    c.set_indicator_id(id);
    c.set_value(value);
    c.set_unit(first.unit());
    c.set_reviewer("王复核");
    c.set_reason("与纸质报告核对");
    fazhi::v1::Correction stored;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    grpc::Status status = cluster.aggregate().CorrectReport(context.get(), request, &stored);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  cluster.StopExtract();
  cluster.SetExtractCatalog("");
  cluster.StartExtract();
  fazhi::v1::ReprocessRequest again;
  again.set_county_code("330102");
  again.set_year(2024);
  auto context = rpc::ContextWithTimeout(absl::Seconds(60));
  auto reader = cluster.ingest().Reprocess(context.get(), again);
  fazhi::v1::ReprocessProgress progress;
  while (reader->Read(&progress) && !progress.finished()) {
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_TRUE(progress.finished());
  EXPECT_EQ(progress.failed(), 0);

  auto gateway =
      gateway::GatewayServer::Start({.listen = "127.0.0.1:0",
                                     .backends = {.ingest_target = cluster.ingest_target(),
                                                  .extract_target = cluster.extract_target(),
                                                  .aggregate_target = cluster.aggregate_target()}});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string shots = absl::StrCat(FAZHI_BINARY_DIR, "/Testing/web");
  std::filesystem::create_directories(shots);
  const std::string command =
      absl::StrCat("node ", FAZHI_SOURCE_DIR,
                   "/tests/web/review_flag_test.mjs http://127.0.0.1:", (*gateway)->port(), " ",
                   report_id, " ", shots, " 2>&1");
  int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  (*gateway)->Shutdown();
}

}  // namespace
}  // namespace fazhi::testing
