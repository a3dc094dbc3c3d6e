// Tokens with roles on the real services (loopback, real RocksDB): every
// RPC group refuses a call without a token, with an unknown one, and with
// one lacking its role; a forged PutReport stores nothing; the pipeline
// works end to end with ingest presenting its own peer token; a rotated
// tokens file is picked up without a restart.
#include "common/rpc/auth.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/rpc/channel.h"
#include "fazhi/v1/backup.grpc.pb.h"
#include "fazhi/v1/extract.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr char kPortal[] = "portal-7c1e9a0b55d2f3e4";      // submit, read
constexpr char kAnalyst[] = "analyst-1d2c3b4a59687f0e";    // read
constexpr char kIngest[] = "ingest-3a4b5c6d7e8f9012";      // extract, peer
constexpr char kReviewer[] = "reviewer-6b7c8d9e0f1a2b3c";  // review, read
constexpr char kAdmin[] = "admin-9f8e7d6c5b4a3928";        // admin (and so review)
constexpr char kUnknown[] = "nobody-0000000000000000";

std::string TokensFile(const std::string& dir, const std::string& extra = "") {
  std::string path = dir + "/tokens";
  WriteFileOrDie(path,
                 absl::StrCat("# test clients\n", kPortal, " submit,read county-portal\n", kAnalyst,
                              " read analyst\n", kIngest, " extract,peer ingest\n", kReviewer,
                              " review,read county-reviewer\n", kAdmin, " admin ops\n", extra));
  return path;
}

// One call of each RPC group, with `token` (empty: none).
struct Group {
  const char* name;
  rpc::Role role;
  std::function<grpc::Status(Cluster&, const std::string&)> call;
};

std::vector<Group> Groups() {
  return {
      {"Extract", rpc::Role::kExtract,
       [](Cluster& c, const std::string& token) {
         auto stub = fazhi::v1::ExtractionService::NewStub(
             rpc::MakeChannel(c.extract_target(), "fazhi.v1.ExtractionService"));
         fazhi::v1::ExtractRequest request;
         request.mutable_document()->set_content("青石街道2024年法治政府建设情况报告\n");
         fazhi::v1::ExtractResponse response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return stub->Extract(context.get(), request, &response);
       }},
      {"Submit", rpc::Role::kSubmit,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::SubmitRequest request;
         request.mutable_document()->set_content("白沙镇2024年法治政府建设情况报告\n");
         fazhi::v1::SubmitResponse response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.ingest().Submit(context.get(), request, &response);
       }},
      {"GetCountyStats", rpc::Role::kRead,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::GetCountyStatsRequest request;
         request.set_county_code("330102");
         request.set_year(2024);
         fazhi::v1::CountyStats response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.aggregate().GetCountyStats(context.get(), request, &response);
       }},
      {"PutReport", rpc::Role::kPeer,
       [](Cluster& c, const std::string& token) {
         // The forged report of the issue: no evidence, an absurd figure.
         fazhi::v1::PutReportRequest request;
         auto* report = request.mutable_report();
         report->set_report_id("forged1");
         report->set_year(2024);
         report->mutable_entity()->set_name("青石街道");
         report->mutable_region()->set_county_code("330102");
         auto* figure = report->add_indicators();
         figure->set_id("disputes_mediated");
         figure->set_value(999999999);
         fazhi::v1::PutReportResponse response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.aggregate().PutReport(context.get(), request, &response);
       }},
      {"CorrectReport", rpc::Role::kReview,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::CorrectReportRequest request;
         auto* correction = request.mutable_correction();
         correction->set_report_id("no-such-report");
         correction->set_kind(fazhi::v1::CORRECTION_KIND_ENTITY);
         correction->set_entity_name("青石街道");
         correction->set_reason("名称有误");
         correction->set_reviewer("审核员");
         fazhi::v1::Correction response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.aggregate().CorrectReport(context.get(), request, &response);
       }},
      {"ListAudit", rpc::Role::kRead,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::ListAuditRequest request;
         request.set_county_code("330102");
         request.set_year(2024);
         fazhi::v1::ListAuditResponse response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.aggregate().ListAudit(context.get(), request, &response);
       }},
      {"ListJobs", rpc::Role::kSubmit,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::ListJobsRequest request;
         request.set_state(fazhi::v1::JOB_STATE_FAILED);
         fazhi::v1::ListJobsResponse response;
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         return c.ingest().ListJobs(context.get(), request, &response);
       }},
      {"Backup", rpc::Role::kAdmin,
       [](Cluster& c, const std::string& token) {
         // On ingest and on aggregate alike; the listing of a directory
         // that holds none is NOT_FOUND once the caller may ask.
         grpc::Status last;
         for (const std::string& target : {c.ingest_target(), c.aggregate_target()}) {
           auto stub = fazhi::v1::BackupService::NewStub(
               rpc::MakeChannel(target, "fazhi.v1.BackupService"));
           fazhi::v1::ListBackupsRequest request;
           request.set_directory("/nonexistent/fazhi-backups");
           fazhi::v1::ListBackupsResponse response;
           auto context = rpc::ContextWithTimeout(absl::Seconds(10));
           rpc::AttachToken(context.get(), token);
           grpc::Status status = stub->ListBackups(context.get(), request, &response);
           if (!last.ok() && last.error_code() != status.error_code()) return last;
           last = status;
         }
         return last;
       }},
      {"Reprocess", rpc::Role::kAdmin,
       [](Cluster& c, const std::string& token) {
         fazhi::v1::ReprocessRequest request;
         request.set_county_code("330102");
         request.set_dry_run(true);
         auto context = rpc::ContextWithTimeout(absl::Seconds(10));
         rpc::AttachToken(context.get(), token);
         auto reader = c.ingest().Reprocess(context.get(), request);
         fazhi::v1::ReprocessProgress progress;
         while (reader->Read(&progress)) {
         }
         return reader->Finish();
       }},
  };
}

TEST(AuthTest, EveryGroupNeedsATokenWithItsRole) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.RequireTokens(TokensFile(dir.path()), kAnalyst);
  cluster.pipeline_options().peer_token = kIngest;
  cluster.StartAll();
  for (const Group& g : Groups()) {
    SCOPED_TRACE(g.name);
    grpc::Status none = g.call(cluster, "");
    EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED) << none.error_message();
    EXPECT_NE(none.error_message().find("Bearer"), std::string::npos) << none.error_message();
    grpc::Status unknown = g.call(cluster, kUnknown);
    EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    // A token of every client that lacks the role.
    for (const auto& [token, roles] : std::vector<std::pair<std::string, std::vector<rpc::Role>>>{
             {kPortal, {rpc::Role::kSubmit, rpc::Role::kRead}},
             {kAnalyst, {rpc::Role::kRead}},
             {kIngest, {rpc::Role::kExtract, rpc::Role::kPeer}},
             {kReviewer, {rpc::Role::kReview, rpc::Role::kRead}},
             {kAdmin, {rpc::Role::kAdmin, rpc::Role::kReview}}}) {
      bool has = std::find(roles.begin(), roles.end(), g.role) != roles.end();
      grpc::Status status = g.call(cluster, token);
      if (has) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << token;
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << token << ": " << status.error_message();
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << token;
        EXPECT_NE(status.error_message().find(absl::StrCat("'", rpc::RoleName(g.role), "'")),
                  std::string::npos)
            << status.error_message();
        EXPECT_EQ(status.error_message().find(token), std::string::npos)
            << "a token never appears in a message";
      }
    }
  }
  // Only the peer token's PutReport was stored: the forgeries with the
  // read and submit tokens were refused before anything was written.
  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->size(), 1u);
}

TEST(AuthTest, ThePipelineRunsWithTokensAndRecordsWhoSubmitted) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.RequireTokens(TokensFile(dir.path()), kPortal);
  cluster.pipeline_options().peer_token = kIngest;
  cluster.StartAll();
  auto submitted = cluster.Submit(
      "qingshi.txt", "青石街道2024年法治政府建设情况报告\n\n全年共调解矛盾纠纷21起。\n", "330102");
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  fazhi::v1::Job job = cluster.WaitForJobs({submitted->job_id()})[0];
  EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  EXPECT_EQ(job.submitted_by(), "county-portal");
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  // A correction records the authenticated client, and names the reviewer
  // by it when the call gives none.
  fazhi::v1::CorrectReportRequest request;
  auto* correction = request.mutable_correction();
  correction->set_report_id(submitted->report_id());
  correction->set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
  correction->set_indicator_id("disputes_mediated");
  correction->set_value(12);
  correction->set_reason("原文为12起");
  fazhi::v1::Correction stored;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  rpc::AttachToken(context.get(), kReviewer);
  grpc::Status status = cluster.aggregate().CorrectReport(context.get(), request, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.caller(), "county-reviewer");
  EXPECT_EQ(stored.reviewer(), "county-reviewer");
}

TEST(AuthTest, ARotatedTokensFileIsPickedUpWithoutARestart) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  std::string path = TokensFile(dir.path());
  cluster.RequireTokens(path, kAnalyst);
  cluster.StartAggregate();
  ASSERT_TRUE(cluster.CountyStats("330102", 2024).ok());
  // The analyst's token is replaced by a new one.
  constexpr char kNewAnalyst[] = "analyst-new-5e6f7a8b9c0d";
  WriteFileOrDie(path, absl::StrCat(kNewAnalyst, " read analyst\n"));
  // A distinct modification time, whatever the file system's resolution.
  struct timespec times[2] = {{0, UTIME_OMIT}, {absl::ToUnixSeconds(absl::Now()) + 5, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  absl::Status old_token;
  while (absl::Now() < deadline) {
    old_token = cluster.CountyStats("330102", 2024).status();
    if (absl::IsUnauthenticated(old_token)) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(absl::IsUnauthenticated(old_token)) << old_token;
  cluster.RequireTokens(path, kNewAnalyst);
  EXPECT_TRUE(cluster.CountyStats("330102", 2024).ok());
  // A broken file keeps the last good table.
  WriteFileOrDie(path, "not a tokens file\n");
  struct timespec later[2] = {{0, UTIME_OMIT}, {absl::ToUnixSeconds(absl::Now()) + 10, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), later, 0), 0);
  absl::SleepFor(absl::Milliseconds(1200));
  EXPECT_TRUE(cluster.CountyStats("330102", 2024).ok());
}

}  // namespace
}  // namespace fazhi::testing
