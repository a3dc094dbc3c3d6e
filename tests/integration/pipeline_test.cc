// The three real services in-process on loopback with real RocksDB folders:
// seeds end to end, restart without loss, resubmission not counted twice,
// aggregate down while documents arrive, and bad requests.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/content_hash.h"
#include "common/rpc/channel.h"
#include "common/rpc/status.h"
#include "gtest/gtest.h"
#include "tests/support/documents.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

struct Seed {
  std::string path;
  std::string county;
  int year;
};

// The seeds with the county each belongs to (seeds.gold.json), given as the
// region hint until the gazetteer resolves regions by itself.
std::vector<Seed> Seeds() {
  std::vector<Seed> seeds;
  for (const GoldReport& gold : LoadGold()) {
    seeds.push_back(
        {CorpusDir() + "/seeds/" + gold.file(), gold.region().county_code(), gold.year()});
  }
  return seeds;
}

absl::StatusOr<fazhi::v1::ParsedReport> GetReport(Cluster& cluster, const std::string& id) {
  fazhi::v1::GetReportRequest request;
  request.set_report_id(id);
  fazhi::v1::ParsedReport report;
  auto context = rpc::ContextWithTimeout(absl::Seconds(5));
  grpc::Status status = cluster.ingest().GetReport(context.get(), request, &report);
  if (!status.ok()) return rpc::FromGrpc(status);
  return report;
}

const fazhi::v1::IndicatorStats* FindStats(const fazhi::v1::CountyStats& stats,
                                           const std::string& id) {
  for (const auto& i : stats.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

TEST(PipelineTest, SeedsEndToEndSurviveRestartAndResubmission) {
  std::vector<Seed> seeds = Seeds();
  ASSERT_EQ(seeds.size(), 5u) << "seed corpus not found under " << CorpusDir();
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();

  std::vector<std::string> job_ids;
  for (const Seed& seed : seeds) {
    auto response = cluster.Submit(seed.path, ReadFileOrDie(seed.path), seed.county);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_FALSE(response->duplicate());
    EXPECT_EQ(response->report_id().size(), 32u);
    job_ids.push_back(response->job_id());
  }
  for (const fazhi::v1::Job& job : cluster.WaitForJobs(job_ids)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.source() << ": " << job.error();
  }

  // Each county's statistics are the figures of its report.
  std::map<std::string, fazhi::v1::CountyStats> before;
  for (size_t i = 0; i < seeds.size(); ++i) {
    auto stats = cluster.CountyStats(seeds[i].county, seeds[i].year);
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(stats->reports_received(), 1) << seeds[i].county;
    auto report = GetReport(cluster, job_ids[i]);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->region().county_code(), seeds[i].county);
    EXPECT_EQ(report->year(), seeds[i].year);
    EXPECT_EQ(stats->indicators_size(), report->indicators_size());
    for (const auto& indicator : report->indicators()) {
      const auto* s = FindStats(*stats, indicator.id());
      ASSERT_NE(s, nullptr) << indicator.id();
      EXPECT_EQ(s->townships_reporting(), 1);
      // One township: a count's sum, a rate's median, is its figure.
      EXPECT_DOUBLE_EQ(s->is_rate() ? s->median() : s->sum(), indicator.value());
      EXPECT_EQ(s->is_rate(), indicator.unit() == "%");
      EXPECT_EQ(s->max_township(), report->entity().name());
    }
    before[seeds[i].county] = *stats;
  }

  // Restart ingest and aggregate on the same folders: nothing lost.
  cluster.StopIngest();
  cluster.StopAggregate();
  cluster.StartAggregate();
  cluster.StartIngest();
  for (const Seed& seed : seeds) {
    auto stats = cluster.CountyStats(seed.county, seed.year);
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(stats->SerializeAsString(), before[seed.county].SerializeAsString());
  }
  // Resubmission: same ids, duplicates, not counted twice.
  for (size_t i = 0; i < seeds.size(); ++i) {
    auto response = cluster.Submit(seeds[i].path, ReadFileOrDie(seeds[i].path), seeds[i].county);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_TRUE(response->duplicate());
    EXPECT_EQ(response->job_id(), job_ids[i]);
  }
  cluster.WaitForJobs(job_ids);
  for (const Seed& seed : seeds) {
    auto stats = cluster.CountyStats(seed.county, seed.year);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->reports_received(), 1);
  }
}

// Small reports of our own wording, one per township.
std::string OwnReport(const std::string& township, int mediated) {
  return absl::StrCat(township, "2024年法治政府建设情况报告\n\n2024年，", township,
                      "坚持依法行政。全年共调解矛盾纠纷", mediated, "起，受理信访案件",
                      mediated / 3, "件。\n");
}

TEST(PipelineTest, AggregateDownThenUpDeliversEveryDocumentOnce) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartExtract();
  cluster.StartIngest();  // aggregate is down
  const std::vector<std::string> townships = {"青石街道", "白沙镇",   "柳林乡", "东湖街道",
                                              "石桥镇",   "杨柳街道", "河口乡", "松山镇"};
  std::vector<std::string> job_ids;
  double expected_sum = 0;
  for (size_t i = 0; i < townships.size(); ++i) {
    int mediated = 10 * static_cast<int>(i + 1);
    expected_sum += mediated;
    auto response = cluster.Submit(townships[i], OwnReport(townships[i], mediated), "330102");
    ASSERT_TRUE(response.ok()) << response.status();
    job_ids.push_back(response->job_id());
  }
  // Extraction finishes; delivery waits for aggregate.
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  bool all_delivering = false;
  while (!all_delivering && absl::Now() < deadline) {
    all_delivering = true;
    for (const std::string& id : job_ids) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      fazhi::v1::Job job;
      auto context = rpc::ContextWithTimeout(absl::Seconds(5));
      ASSERT_TRUE(cluster.ingest().GetJob(context.get(), request, &job).ok());
      EXPECT_NE(job.state(), fazhi::v1::JOB_STATE_DONE);
      all_delivering &= job.state() == fazhi::v1::JOB_STATE_DELIVERING;
    }
    if (!all_delivering) absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(all_delivering);
  // Restart ingest while aggregate is still down: the outbox is durable.
  cluster.StopIngest();
  cluster.StartIngest();
  cluster.StartAggregate();
  for (const fazhi::v1::Job& job : cluster.WaitForJobs(job_ids)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  }
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), static_cast<int>(townships.size()));
  const auto* mediated = FindStats(*stats, "disputes_mediated");
  ASSERT_NE(mediated, nullptr);
  EXPECT_EQ(mediated->townships_reporting(), static_cast<int>(townships.size()));
  EXPECT_DOUBLE_EQ(mediated->sum(), expected_sum);

  fazhi::v1::ListReportsRequest list;
  list.set_county_code("330102");
  list.set_year(2024);
  list.set_page_size(3);
  std::set<std::string> listed;
  int pages = 0;
  while (true) {
    fazhi::v1::ListReportsResponse page;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    ASSERT_TRUE(cluster.aggregate().ListReports(context.get(), list, &page).ok());
    for (const auto& r : page.reports()) {
      EXPECT_TRUE(listed.insert(r.report_id()).second) << "listed twice: " << r.report_id();
    }
    ++pages;
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(listed.size(), townships.size());
  EXPECT_EQ(pages, 3);
}

// Six corrected versions of one township's report wait in the outbox while
// aggregate is down; the outbox drains in report-id order, not submission
// order, and the county's statistics must still use the last one submitted.
TEST(PipelineTest, NewestVersionWinsWhateverTheDeliveryOrder) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartExtract();
  cluster.StartIngest();  // aggregate is down
  // Submitted in falling report-id order, so that the outbox delivers the
  // newest version first and the oldest last.
  std::vector<std::pair<std::string, int>> versions;  // report id, figure
  for (int mediated = 10; mediated <= 60; mediated += 10) {
    versions.push_back({ReportIdFor(OwnReport("青石街道", mediated)), mediated});
  }
  std::sort(versions.rbegin(), versions.rend());
  std::vector<std::string> job_ids;
  for (const auto& [id, mediated] : versions) {
    auto response = cluster.Submit(absl::StrCat("v", mediated, ".txt"),
                                   OwnReport("青石街道", mediated), "330102");
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->job_id(), id);
    job_ids.push_back(response->job_id());
  }
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  int64_t last_order = 0;
  for (const std::string& id : job_ids) {
    fazhi::v1::Job job;
    while (absl::Now() < deadline) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      auto context = rpc::ContextWithTimeout(absl::Seconds(5));
      ASSERT_TRUE(cluster.ingest().GetJob(context.get(), request, &job).ok());
      if (job.state() == fazhi::v1::JOB_STATE_DELIVERING) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    ASSERT_EQ(job.state(), fazhi::v1::JOB_STATE_DELIVERING) << job.error();
    EXPECT_GT(job.version_order(), last_order) << "orders rise with each submission";
    last_order = job.version_order();
  }
  cluster.StartAggregate();
  for (const fazhi::v1::Job& job : cluster.WaitForJobs(job_ids)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  }
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  const auto* mediated = FindStats(*stats, "disputes_mediated");
  ASSERT_NE(mediated, nullptr);
  EXPECT_DOUBLE_EQ(mediated->sum(), versions.back().second) << "the last version's figure";

  // The stored report shows its order; the five others are superseded.
  auto last = GetReport(cluster, job_ids.back());
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->version_order(), last_order);
  fazhi::v1::ListReportsRequest list;
  list.set_county_code("330102");
  list.set_year(2024);
  fazhi::v1::ListReportsResponse page;
  auto context = rpc::ContextWithTimeout(absl::Seconds(5));
  ASSERT_TRUE(cluster.aggregate().ListReports(context.get(), list, &page).ok());
  int current = 0;
  for (const auto& r : page.reports()) {
    if (!r.superseded()) {
      ++current;
      EXPECT_EQ(r.report_id(), job_ids.back());
    }
  }
  EXPECT_EQ(page.reports_size(), 6);
  EXPECT_EQ(current, 1);
}

// The same bytes submitted again under another region hint are placed
// anew: extracted with the new hint, and re-filed by aggregate (moved, not
// copied), instead of being answered as a duplicate that changes nothing.
TEST(PipelineTest, ReSubmittingWithAnotherHintPlacesTheReportAnew) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  const std::string content = OwnReport("青石街道", 21);
  auto first = cluster.Submit("qingshi.txt", content, "330102");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(cluster.WaitForJobs({first->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);
  auto before = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->reports_received(), 1);

  auto again = cluster.Submit("qingshi.txt", content, "330106");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate());
  EXPECT_EQ(again->job_id(), first->job_id());
  fazhi::v1::Job job = cluster.WaitForJobs({again->job_id()})[0];
  EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  EXPECT_EQ(job.region_hint(), "330106");
  auto old_county = cluster.CountyStats("330102", 2024);
  auto new_county = cluster.CountyStats("330106", 2024);
  ASSERT_TRUE(old_county.ok() && new_county.ok());
  EXPECT_EQ(old_county->reports_received(), 0);
  EXPECT_EQ(new_county->reports_received(), 1);
  // The same hint a third time is a plain duplicate.
  auto third = cluster.Submit("qingshi.txt", content, "330106");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->state(), fazhi::v1::JOB_STATE_DONE);
}

// A report put straight to aggregate (not through ingest) with an order a
// year ahead would stay newest for good: refused, and nothing is stored.
TEST(PipelineTest, VersionOrderFromTheFutureIsRefused) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAggregate();
  fazhi::v1::PutReportRequest request;
  fazhi::v1::ParsedReport* report = request.mutable_report();
  report->set_report_id("future1");
  report->set_year(2024);
  report->mutable_entity()->set_name("青石街道");
  report->mutable_region()->set_county_code("330102");
  report->set_version_order(absl::ToUnixMicros(absl::Now() + absl::Hours(24 * 365)));
  fazhi::v1::PutReportResponse response;
  auto context = rpc::ContextWithTimeout(absl::Seconds(5));
  grpc::Status status = cluster.aggregate().PutReport(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("version_order"), std::string::npos)
      << status.error_message();
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 0);
}

TEST(PipelineTest, UndecodableDocumentFailsItsJobWithReason) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  auto response = cluster.Submit("photo.jpg", std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11), "");
  ASSERT_TRUE(response.ok()) << response.status();
  std::vector<fazhi::v1::Job> jobs = cluster.WaitForJobs({response->job_id()});
  EXPECT_EQ(jobs[0].state(), fazhi::v1::JOB_STATE_FAILED);
  EXPECT_NE(jobs[0].error().find("photo.jpg"), std::string::npos) << jobs[0].error();
}

void ExpectInvalid(const absl::Status& status, const std::string& words) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find(words), std::string::npos) << status;
}

TEST(PipelineTest, BadRequestsGetClearErrors) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.pipeline_options().max_document_bytes = 1000;
  cluster.StartAll();

  ExpectInvalid(cluster.Submit("empty.txt", "", "").status(), "empty");
  ExpectInvalid(cluster.Submit("a.txt", "内容", "33x").status(), "region_hint");
  // String fields are bounded and UTF-8, named in the error.
  ExpectInvalid(cluster.Submit(std::string(8 << 20, 'p'), "内容", "").status(),
                "document.source is 8388608 bytes long");
  auto oversize = cluster.Submit("big.txt", std::string(2000, 'a'), "");
  EXPECT_EQ(oversize.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(oversize.status().message().find("1000"), std::string::npos);

  {
    fazhi::v1::SubmitRequest request;  // no document at all
    fazhi::v1::SubmitResponse response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    ExpectInvalid(rpc::FromGrpc(cluster.ingest().Submit(context.get(), request, &response)),
                  "document");
  }
  {
    fazhi::v1::GetJobRequest request;
    fazhi::v1::Job job;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    ExpectInvalid(rpc::FromGrpc(cluster.ingest().GetJob(context.get(), request, &job)), "job_id");
    request.set_job_id("nosuchjob");
    auto context2 = rpc::ContextWithTimeout(absl::Seconds(5));
    EXPECT_EQ(cluster.ingest().GetJob(context2.get(), request, &job).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  ExpectInvalid(cluster.CountyStats("999999", 2024).status(), "county_code");
  ExpectInvalid(cluster.CountyStats("33010", 2024).status(), "county_code");
  ExpectInvalid(cluster.CountyStats("330199", 2024).status(), "gazetteer");
  ExpectInvalid(cluster.CountyStats("", 2024).status(), "county_code");
  ExpectInvalid(cluster.CountyStats("330102", 0).status(), "year");
  {
    fazhi::v1::PutReportRequest request;
    fazhi::v1::PutReportResponse response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    ExpectInvalid(rpc::FromGrpc(cluster.aggregate().PutReport(context.get(), request, &response)),
                  "report");
    request.mutable_report()->set_year(2024);
    auto context2 = rpc::ContextWithTimeout(absl::Seconds(5));
    ExpectInvalid(rpc::FromGrpc(cluster.aggregate().PutReport(context2.get(), request, &response)),
                  "report_id");
  }
  {
    fazhi::v1::ListReportsRequest request;
    request.set_county_code("abc");
    fazhi::v1::ListReportsResponse response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    ExpectInvalid(rpc::FromGrpc(cluster.aggregate().ListReports(context.get(), request, &response)),
                  "county_code");
  }
  // Nothing above disturbed the store: a good document still goes through.
  auto good = cluster.Submit("ok.txt", "青石街道2024年报告。受理信访案件5件。", "330102");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(cluster.WaitForJobs({good->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);
}

// `inner` inside 10^5 levels of open/close.
std::string Nested(const std::string& open, const std::string& close, const std::string& inner) {
  std::string out;
  for (int i = 0; i < 100000; ++i) out += open;
  out += inner;
  for (int i = 0; i < 100000; ++i) out += close;
  return out;
}

TEST(PipelineTest, BadDocumentsGetClearErrorsAndEarlierDataStays) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  auto good = cluster.Submit("good.txt", OwnReport("青石街道", 21), "330102");
  ASSERT_TRUE(good.ok()) << good.status();
  ASSERT_EQ(cluster.WaitForJobs({good->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);

  // Refused at Submit.
  ExpectInvalid(cluster.Submit("empty.txt", "", "").status(), "empty");
  auto huge = cluster.Submit("huge.txt", std::string(50 << 20, 'a'), "");
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kResourceExhausted) << huge.status();
  EXPECT_NE(huge.status().message().find("limit"), std::string::npos) << huge.status();

  // Accepted, then failed by extraction with the reason on the job.
  std::string pdf = MakePdf({{"全年受理信访案件12件。"}});
  struct Bad {
    const char* source;
    std::string bytes;
    const char* words;
  } bad[] = {
      {"junk.bin", std::string("\x01\x02\x00\x00\xFE\xFF\x00junk", 12), "binary"},
      {"truncated.pdf", pdf.substr(0, pdf.size() / 3), "PDF"},
      {"bomb.docx", MakeDocx(WordDocument(Paragraph(std::string(80 << 20, 'a')))), "limit"},
      {"latin1.txt", "R\xE9sum\xE9 \xFF\xFE\x80", "UTF-8"},
      {"no-report.txt", "会议纪要:请各单位于下周前报送材料。\n联系人:张三\n", "no report found"},
      // 10^5 nested elements once crashed extract through recursive walks.
      {"nested.docx", MakeDocx(WordDocument(Nested("<w:r>", "</w:r>", "<w:t>x</w:t>"))),
       "nests elements"},
      {"nested.html",
       absl::StrCat("<html><body>", Nested("<div>", "</div>", "全年受理信访案件5件。"),
                    "</body></html>"),
       "nests elements"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.source);
    auto accepted = cluster.Submit(b.source, b.bytes, "");
    ASSERT_TRUE(accepted.ok()) << accepted.status();
    fazhi::v1::Job job = cluster.WaitForJobs({accepted->job_id()})[0];
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_FAILED);
    EXPECT_NE(job.error().find(b.words), std::string::npos) << job.error();
  }
  // The service is up and the earlier report intact.
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  auto after = cluster.Submit("after.txt", OwnReport("白沙镇", 8), "330102");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(cluster.WaitForJobs({after->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);
}

// A hint that names no place is refused at Submit naming it, and nothing is
// stored; a hint that contradicts the text files the report where the text
// places it, with the conflict in its warnings.
TEST(PipelineTest, HintsThatLieAreCaughtNotObeyed) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  std::string report =
      "杭州市上城区小营街道2024年法治政府建设情况报告\n2024年,全年受理信访案件12件。\n";
  for (const char* unknown : {"99", "999999", "330102999"}) {
    SCOPED_TRACE(unknown);
    auto accepted = cluster.Submit(absl::StrCat("unknown-", unknown, ".txt"),
                                   absl::StrCat(report, unknown), unknown);
    ASSERT_FALSE(accepted.ok());
    EXPECT_EQ(accepted.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(accepted.status().message().find("names no division"), absl::string_view::npos)
        << accepted.status();
    EXPECT_NE(accepted.status().message().find(unknown), absl::string_view::npos);
  }
  auto unresolved = cluster.ListReports("unresolved", 2024);
  ASSERT_TRUE(unresolved.ok()) << unresolved.status();
  EXPECT_TRUE(unresolved->empty()) << "a refused document is not stored";
  auto lying = cluster.Submit("lying.txt", report, "110101");
  ASSERT_TRUE(lying.ok()) << lying.status();
  ASSERT_EQ(cluster.WaitForJobs({lying->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);
  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  auto stats = cluster.CountyStats("110101", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 0);
}

TEST(PipelineTest, PdfDocxHtmlAndGbkThroughTheServices) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  struct Case {
    const char* source;
    std::string bytes;
    const char* format;
    const char* encoding;
    const char* indicator;
    double value;
  } cases[] = {
      {"report.pdf",
       MakePdf({{"青石街道2024年度法治政府建设情况报告", "一、主要举措和成效",
                 "街道人民调解委员会会同社区调解组织和网格员，全年共调解矛盾"},
                {"纠纷77起，调解成功75起。", "二、存在的不足", "仍有差距。"}}),
       "pdf", "utf-8", "disputes_mediated", 77},
      {"report.docx",
       MakeDocx(WordDocument(Paragraph("白沙镇2024年法治政府建设情况报告") +
                             Paragraph("全年办理法律援助案件14件。"))),
       "docx", "utf-8", "legal_aid_cases", 14},
      {"report.html",
       "<html><body><nav>首页</nav><div class=\"article\"><p>柳林乡2024年法治政府建设情况报告</p>"
       "<p>全年受理行政复议案件2件。</p></div></body></html>",
       "html", "utf-8", "admin_reconsideration_cases", 2},
      {"report.gbk.txt", ToGbk("松山镇2024年法治政府建设情况报告\n全年审查合同31份。\n"), "text",
       "gb18030", "contracts_reviewed", 31},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.source);
    auto response = cluster.Submit(c.source, c.bytes, "330102");
    ASSERT_TRUE(response.ok()) << response.status();
    fazhi::v1::Job job = cluster.WaitForJobs({response->job_id()})[0];
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
    EXPECT_EQ(job.detected_format(), c.format);
    EXPECT_EQ(job.detected_encoding(), c.encoding);
    auto report = GetReport(cluster, response->report_id());
    ASSERT_TRUE(report.ok()) << report.status();
    bool found = false;
    for (const auto& i : report->indicators()) {
      if (i.id() == c.indicator) {
        found = true;
        EXPECT_DOUBLE_EQ(i.value(), c.value);
      }
    }
    EXPECT_TRUE(found) << c.indicator;
  }
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 4);
}

TEST(PipelineTest, SubmitStreamAnswersEachDocument) {
  TempDir dir;
  Cluster cluster(dir.path());
  cluster.StartAll();
  grpc::ClientContext context;
  auto stream = cluster.ingest().SubmitStream(&context);
  std::vector<std::string> contents = {OwnReport("青石街道", 12), "", OwnReport("白沙镇", 30),
                                       OwnReport("青石街道", 12)};
  for (const std::string& content : contents) {
    fazhi::v1::SubmitRequest request;
    request.mutable_document()->set_source("stream");
    request.mutable_document()->set_content(content);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::vector<fazhi::v1::SubmitResponse> responses;
  fazhi::v1::SubmitResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), 4u);
  EXPECT_EQ(responses[0].error_code(), 0);
  EXPECT_EQ(responses[1].error_code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(responses[2].error_code(), 0);
  EXPECT_TRUE(responses[3].duplicate());
  EXPECT_EQ(responses[3].report_id(), responses[0].report_id());
}

}  // namespace
}  // namespace fazhi::testing
