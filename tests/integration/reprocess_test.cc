// Reprocessing against the real services: reports read with an old catalog
// (a test catalog without the petitions rule) are read again after extract
// restarts with the built-in one. A real fazhi-ingest process is killed -9
// in the middle of the run; after a restart a second `fazhi reprocess`
// finishes it, a third is a no-op, and nothing is lost or counted twice.
// The statistics equal a fresh ingest with the new catalog; a correction
// whose field the new reading leaves alone is kept as it was, one whose
// field it reads otherwise is kept and flagged for review.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/engine/engine.h"
#include "common/rpc/channel.h"
#include "fazhi/v1/catalog.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr int kDocuments = 200;
constexpr char kCounty[] = "330102";

std::string Fazhi() { return absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi"); }

// Made-up township names, as in the crash test, and a report of each in our
// own words: petitions received and disputes mediated.
std::string TownName(int i) {
  static const char* a[] = {"东", "西", "南", "北", "中", "上", "下", "前", "后", "新"};
  static const char* b[] = {"山", "水", "河", "湖", "林", "石", "田", "桥", "溪", "岭"};
  static const char* c[] = {"青", "白", "红", "黄", "金", "银", "松", "柳", "竹", "梅"};
  return absl::StrCat(a[i % 10], b[(i / 10) % 10], c[(i / 100) % 10], "街道");
}

std::string Document(int i) {
  return absl::StrCat(TownName(i),
                      "2024年法治政府建设情况报告\n\n一、主要举措和成效\n\n全年受理信访案件", i + 1,
                      "件，调解矛盾纠纷", 2 * i + 3, "起。\n");
}

pid_t StartIngest(const std::string& listen, const std::string& data_dir, const Cluster& cluster) {
  return StartBinary("fazhi-ingest",
                     {"--listen=" + listen, "--data_dir=" + data_dir,
                      "--extract_target=" + cluster.extract_target(),
                      "--aggregate_target=" + cluster.aggregate_target(), "--log_level=warning"});
}

void StopProcess(pid_t pid, int signal) {
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
}

// Submits every document through `stub` and waits until all are done.
std::vector<std::string> SubmitAll(fazhi::v1::IngestService::Stub& stub) {
  std::vector<std::string> ids;
  for (int i = 0; i < kDocuments; ++i) {
    fazhi::v1::SubmitRequest request;
    request.mutable_document()->set_source(TownName(i));
    request.mutable_document()->set_content(Document(i));
    request.mutable_document()->set_region_hint(kCounty);
    fazhi::v1::SubmitResponse response;
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::Status status = stub.Submit(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ids.push_back(response.job_id());
  }
  return ids;
}

void WaitDone(fazhi::v1::IngestService::Stub& stub, const std::vector<std::string>& ids) {
  absl::Time deadline = absl::Now() + absl::Seconds(60);
  for (const std::string& id : ids) {
    while (true) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      fazhi::v1::Job job;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      if (stub.GetJob(&context, request, &job).ok() && job.state() == fazhi::v1::JOB_STATE_DONE) {
        break;
      }
      ASSERT_LT(absl::Now(), deadline) << "job " << id << " never finished";
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
}

fazhi::v1::ReviewedReport Reviewed(Cluster& cluster, const std::string& id) {
  fazhi::v1::GetReviewedReportRequest request;
  request.set_report_id(id);
  fazhi::v1::ReviewedReport reviewed;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  grpc::Status status = cluster.aggregate().GetReviewedReport(context.get(), request, &reviewed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return reviewed;
}

fazhi::v1::Correction Correct(Cluster& cluster, const std::string& id, const std::string& indicator,
                              double value) {
  fazhi::v1::CorrectReportRequest request;
  fazhi::v1::Correction& c = *request.mutable_correction();
  c.set_report_id(id);
  c.set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
  c.set_indicator_id(indicator);
  c.set_value(value);
  c.set_unit("件");
  c.set_reviewer("李审核");
  c.set_reason("与纸质报告核对");
  fazhi::v1::Correction stored;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  grpc::Status status = cluster.aggregate().CorrectReport(context.get(), request, &stored);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return stored;
}

// id -> value of every indicator of the extraction.
std::map<std::string, double> Figures(const fazhi::v1::ParsedReport& report) {
  std::map<std::string, double> out;
  for (const auto& i : report.indicators()) out[i.id()] = i.value();
  return out;
}

const fazhi::v1::IndicatorStats* Find(const fazhi::v1::CountyStats& s, const std::string& id) {
  for (const auto& i : s.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

TEST(ReprocessTest, ANewCatalogIsReadIntoEveryStoredReportDespiteAKill) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.SetExtractCatalog(WriteOldCatalog(dir.Sub("old_catalog.textproto")));
  cluster.StartExtract();
  cluster.StartAggregate();
  const std::string listen = absl::StrCat("127.0.0.1:", FreePort());
  const std::string ingest_dir = dir.Sub("ingest");
  pid_t ingest = StartIngest(listen, ingest_dir, cluster);
  ASSERT_GT(ingest, 0);
  auto stub = fazhi::v1::IngestService::NewStub(rpc::MakeChannel(listen, "fazhi.v1.IngestService"));
  const std::vector<std::string> ids = SubmitAll(*stub);
  WaitDone(*stub, ids);
  ASSERT_EQ(ids.size(), static_cast<size_t>(kDocuments));

  auto old_reports = cluster.ListReports(kCounty, 2024);
  ASSERT_TRUE(old_reports.ok()) << old_reports.status();
  ASSERT_EQ(old_reports->size(), static_cast<size_t>(kDocuments));
  for (const auto& r : *old_reports)
    EXPECT_EQ(r.engine_version(), "engine/5 catalog/2000.1.1-test");
  EXPECT_EQ(Figures(Reviewed(cluster, ids[0]).extracted()).count("petitions"), 0u);

  // A reviewer corrects a figure the new catalog reads the same way, and
  // adds one the old catalog could not read.
  fazhi::v1::Correction kept = Correct(cluster, ids[0], "disputes_mediated", 4);
  fazhi::v1::Correction added = Correct(cluster, ids[1], "petitions", 99);
  ASSERT_FALSE(kept.correction_id().empty());
  ASSERT_FALSE(added.correction_id().empty());

  // Extract restarts with the built-in catalog.
  cluster.StopExtract();
  cluster.SetExtractCatalog("");
  cluster.StartExtract();
  const std::string new_version = (*engine::Extractor::Create())->version();
  const std::string to_ingest = " --target=" + listen;

  ShellRun dry = Shell(Fazhi() + to_ingest + " reprocess --all --dry_run");
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_TRUE(absl::StrContains(dry.out, absl::StrCat(kDocuments, " matched, 0 already current, ",
                                                      kDocuments, " would be read again")))
      << dry.out;
  ShellRun unfiltered = Shell(Fazhi() + to_ingest + " reprocess");
  EXPECT_EQ(unfiltered.exit_code, 2) << unfiltered.out;

  // The first run is killed -9 with ingest as soon as its jobs are queued.
  {
    FILE* run = popen((Fazhi() + to_ingest + " reprocess --all 2>&1").c_str(), "r");
    ASSERT_NE(run, nullptr);
    char line[512];
    ASSERT_NE(fgets(line, sizeof line, run), nullptr);
    EXPECT_TRUE(absl::StrContains(line, absl::StrCat(kDocuments, " to read again"))) << line;
    StopProcess(ingest, SIGKILL);
    pclose(run);
  }
  auto midway = cluster.ListReports(kCounty, 2024);
  ASSERT_TRUE(midway.ok()) << midway.status();
  int read_again = 0;
  for (const auto& r : *midway) read_again += r.engine_version() == new_version;
  std::cout << "reprocess: " << read_again << " of " << kDocuments
            << " reports read again when ingest was killed\n";

  // Restarted, ingest goes on by itself; a second run follows it to the end.
  ingest = StartIngest(listen, ingest_dir, cluster);
  ASSERT_GT(ingest, 0);
  ShellRun second = Shell(Fazhi() + to_ingest + " reprocess --all");
  EXPECT_EQ(second.exit_code, 0) << second.out;
  EXPECT_TRUE(absl::StrContains(second.out, " 0 remaining") ||
              absl::StrContains(second.out, "0 to read again"))
      << second.out;
  ShellRun third = Shell(Fazhi() + to_ingest + " reprocess --county=330102 --year=2024");
  EXPECT_EQ(third.exit_code, 0) << third.out;
  EXPECT_TRUE(absl::StrContains(third.out, absl::StrCat(kDocuments, " matched, ", kDocuments,
                                                        " already current, 0 to read again")))
      << third.out;

  // Nothing lost, nothing twice, every report by the new engine.
  auto reports = cluster.ListReports(kCounty, 2024);
  ASSERT_TRUE(reports.ok()) << reports.status();
  ASSERT_EQ(reports->size(), static_cast<size_t>(kDocuments));
  for (const auto& r : *reports) EXPECT_EQ(r.engine_version(), new_version) << r.report_id();

  // The same documents ingested afresh with the new catalog read the same.
  TempDir fresh_dir;
  Cluster fresh(fresh_dir.Sub("data"));
  fresh.StartAll();
  std::vector<std::string> fresh_jobs;
  for (int i = 0; i < kDocuments; ++i) {
    auto submitted = fresh.Submit(TownName(i), Document(i), kCounty);
    ASSERT_TRUE(submitted.ok()) << submitted.status();
    fresh_jobs.push_back(submitted->job_id());
  }
  for (const auto& job : fresh.WaitForJobs(fresh_jobs)) {
    ASSERT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  }
  for (const std::string& id : ids) {
    EXPECT_EQ(Figures(Reviewed(cluster, id).extracted()), Figures(Reviewed(fresh, id).extracted()))
        << id;
  }
  auto stats = cluster.CountyStats(kCounty, 2024);
  auto fresh_stats = fresh.CountyStats(kCounty, 2024);
  ASSERT_TRUE(stats.ok() && fresh_stats.ok());
  EXPECT_EQ(stats->reports_received(), fresh_stats->reports_received());
  // The two corrections are the only differences: 4 for 2*0+3 mediated,
  // 99 for 2 petitions.
  ASSERT_NE(Find(*stats, "petitions"), nullptr);
  ASSERT_NE(Find(*fresh_stats, "petitions"), nullptr);
  EXPECT_EQ(Find(*stats, "petitions")->sum(), Find(*fresh_stats, "petitions")->sum() + 97);
  EXPECT_EQ(Find(*stats, "disputes_mediated")->sum(),
            Find(*fresh_stats, "disputes_mediated")->sum() + 1);
  EXPECT_EQ(Find(*stats, "petitions")->corrected_values(), 1);

  // The correction the new reading agrees with stands as it was; the one
  // whose figure the engine now reads itself stands, flagged and audited.
  fazhi::v1::ReviewedReport first = Reviewed(cluster, ids[0]);
  ASSERT_EQ(first.corrections_size(), 1);
  EXPECT_FALSE(first.corrections(0).needs_review());
  fazhi::v1::ReviewedReport second_report = Reviewed(cluster, ids[1]);
  ASSERT_EQ(second_report.corrections_size(), 1);
  EXPECT_TRUE(second_report.corrections(0).needs_review());
  EXPECT_EQ(Figures(second_report.corrected())["petitions"], 99);
  fazhi::v1::ListAuditRequest audit_request;
  audit_request.set_report_id(ids[1]);
  fazhi::v1::ListAuditResponse audit;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  ASSERT_TRUE(cluster.aggregate().ListAudit(context.get(), audit_request, &audit).ok());
  ASSERT_EQ(audit.entries_size(), 2);
  EXPECT_EQ(audit.entries(1).action(), "flag");
  EXPECT_EQ(audit.entries(1).old_value(), "(none)");
  EXPECT_EQ(audit.entries(1).new_value(), "2 件");
  StopProcess(ingest, SIGTERM);
}

}  // namespace
}  // namespace fazhi::testing
