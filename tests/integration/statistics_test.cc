// County statistics through the real services: a generated county
// (fazhi-sample, our own wording) for two years plus the seed reports,
// ingested without region hints. Checks coverage, missing sections,
// replaced versions, year-on-year change and a province roll-up.
#include <cstdlib>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"
#include "common/rpc/status.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

namespace fs = std::filesystem;

// Writes the sample county for `year`; returns the files.
std::vector<std::string> SampleCounty(const std::string& dir, int year, int skip_every) {
  std::string command = absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi-sample --out=", dir,
                                     " --year=", year, " --skip_every=", skip_every, " >/dev/null");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> SubmitAll(Cluster& cluster, const std::vector<std::string>& files) {
  std::vector<std::string> ids;
  for (const std::string& f : files) {
    auto response = cluster.Submit(f, ReadFileOrDie(f), "");
    EXPECT_TRUE(response.ok()) << f << ": " << response.status();
    if (response.ok()) ids.push_back(response->job_id());
  }
  for (const auto& job : cluster.WaitForJobs(ids)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.source() << ": " << job.error();
  }
  return ids;
}

const fazhi::v1::IndicatorStats* Find(const fazhi::v1::CountyStats& s, const std::string& id) {
  for (const auto& i : s.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

TEST(StatisticsTest, TwoYearsOfACountyThroughTheServices) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  std::vector<std::string> y2023 = SampleCounty(dir.Sub("2023"), 2023, 5);
  std::vector<std::string> y2024 = SampleCounty(dir.Sub("2024"), 2024, 7);
  SubmitAll(cluster, y2023);
  SubmitAll(cluster, y2024);
  SubmitAll(cluster, SeedFiles());

  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->county_name(), "上城区");
  // The sample county's 2024 reports plus the seed from 小营街道 (same
  // township as a sample report: one of them is the newer version).
  EXPECT_EQ(stats->townships_total(), 14);
  int expected_towns = static_cast<int>(y2024.size());
  bool xiaoying_sampled = false;
  for (const auto& f : y2024) xiaoying_sampled |= f.find("小营街道") != std::string::npos;
  if (!xiaoying_sampled) ++expected_towns;
  EXPECT_EQ(stats->reports_received(), expected_towns);
  EXPECT_EQ(stats->townships_missing_size(), 14 - expected_towns);
  EXPECT_EQ(stats->unresolved_reports(), 0);
  // Some sample reports leave out the leadership section.
  int missing_leadership = 0;
  for (const auto& r : stats->reports()) {
    for (int id : r.missing_sections()) {
      missing_leadership += id == fazhi::v1::SECTION_ID_LEADERSHIP;
    }
  }
  EXPECT_GT(missing_leadership, 0);
  const auto* mediated = Find(*stats, "disputes_mediated");
  ASSERT_NE(mediated, nullptr);
  // The seed from 小营街道 replaced the sample's (it is newer) and states no
  // mediation figure; every other township does.
  EXPECT_EQ(mediated->townships_reporting(),
            static_cast<int>(y2024.size()) - (xiaoying_sampled ? 1 : 0));
  EXPECT_LE(mediated->min(), mediated->median());
  EXPECT_LE(mediated->median(), mediated->max());
  bool has_rate = false;
  for (const auto& r : stats->rates()) {
    if (r.id() != "mediation_success_rate") continue;
    has_rate = true;
    ASSERT_TRUE(r.has_recomputed());
    EXPECT_GT(r.recomputed(), 50);
    EXPECT_LE(r.recomputed(), 100);
  }
  EXPECT_TRUE(has_rate);

  // Year on year: skip_every=5 left out other townships in 2023 than
  // skip_every=7 in 2024.
  fazhi::v1::CompareYearsRequest compare;
  compare.set_county_code("330102");
  compare.set_year_a(2023);
  compare.set_year_b(2024);
  fazhi::v1::YearComparison cmp;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  ASSERT_TRUE(cluster.aggregate().CompareYears(context.get(), compare, &cmp).ok());
  EXPECT_EQ(cmp.reports_a(), static_cast<int>(y2023.size()));
  EXPECT_EQ(cmp.reports_b(), stats->reports_received());
  EXPECT_GT(cmp.townships_started_size(), 0);
  EXPECT_GT(cmp.townships_stopped_size(), 0);
  bool compared = false;
  for (const auto& c : cmp.indicators()) {
    if (c.id() != "disputes_mediated") continue;
    compared = true;
    EXPECT_DOUBLE_EQ(c.sum_b(), mediated->sum());
    EXPECT_DOUBLE_EQ(c.change(), c.sum_b() - c.sum_a());
    EXPECT_GT(c.townships_both(), 0);
  }
  EXPECT_TRUE(compared);

  // Province roll-up: 上城区 is one row; 罗星街道's seed is in 福建, not here.
  fazhi::v1::GetRollupRequest rollup_request;
  rollup_request.set_code_prefix("33");
  rollup_request.set_year(2024);
  fazhi::v1::Rollup rollup;
  auto context2 = rpc::ContextWithTimeout(absl::Seconds(30));
  ASSERT_TRUE(cluster.aggregate().GetRollup(context2.get(), rollup_request, &rollup).ok());
  EXPECT_EQ(rollup.name(), "浙江省");
  EXPECT_GT(rollup.counties_total(), 80);
  EXPECT_EQ(rollup.counties_reporting(), 1);
  EXPECT_EQ(rollup.reports_received(), stats->reports_received());
  bool row = false;
  for (const auto& c : rollup.counties()) {
    if (c.county_code() == "330102") {
      row = true;
      EXPECT_EQ(c.reports_received(), stats->reports_received());
    }
  }
  EXPECT_TRUE(row);
}

TEST(StatisticsTest, NewerVersionReplacesOlderInStatisticsAndHistoryIsKept) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  // Long enough that the two read almost the same; the figure differs, so
  // the second is a corrected version, not a copy.
  const std::string body =
      "街道坚持把法治建设贯穿基层治理全过程，健全重大事项合法性审查机制，深化矛盾纠纷源头"
      "化解，推进公共法律服务体系建设，组织干部学法用法，营造办事依法、遇事找法的氛围。";
  const std::string first = absl::StrCat("杭州市上城区清波街道2024年度法治政府建设情况报告\n\n",
                                         body, body, "全年受理信访案件40件。\n");
  const std::string corrected = absl::StrCat("杭州市上城区清波街道2024年度法治政府建设情况报告\n\n",
                                             body, body, "全年受理信访案件42件。\n");
  auto a = cluster.Submit("v1.txt", first, "");
  ASSERT_TRUE(a.ok());
  cluster.WaitForJobs({a->job_id()});
  auto b = cluster.Submit("v2.txt", corrected, "");
  ASSERT_TRUE(b.ok());
  cluster.WaitForJobs({b->job_id()});

  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  const auto* petitions = Find(*stats, "petitions");
  ASSERT_NE(petitions, nullptr);
  EXPECT_DOUBLE_EQ(petitions->sum(), 42);

  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  for (const auto& r : *listed) {
    EXPECT_EQ(r.superseded(), r.report_id() == a->report_id()) << r.source();
  }
  // The township's history alone.
  auto history = cluster.ListReports("330102", 2024, (*listed)[0].township_code());
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->size(), 2u);
  auto none = cluster.ListReports("330102", 2024, "330102999");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

TEST(StatisticsTest, CopiesInOtherFormatsAreRecognisedAndCountedOnce) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  const std::string paragraphs[] = {
      "杭州市上城区湖滨街道2024年度法治政府建设情况报告", "一、主要举措和成效",
      "街道坚持把法治建设贯穿基层治理全过程，全年受理信访案件33件，办结31件，"
      "共调解矛盾纠纷88起，调解成功85起。",
      "二、存在的不足", "基层法治宣传的形式还不够丰富，针对性有待加强。"};
  std::string text, html = "<html><body><div class=\"nav\">首页</div><div id=\"zoom\">";
  for (const std::string& p : paragraphs) {
    absl::StrAppend(&text, p, "\n\n");
    absl::StrAppend(&html, "<p>", p, "</p>");
  }
  absl::StrAppend(&html, "</div></body></html>");
  auto first = cluster.Submit("report.txt", text, "");
  ASSERT_TRUE(first.ok()) << first.status();
  cluster.WaitForJobs({first->job_id()});
  auto copy = cluster.Submit("report.html", html, "");
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_FALSE(copy->duplicate());  // other bytes: only the aggregator can tell
  fazhi::v1::Job job = cluster.WaitForJobs({copy->job_id()})[0];
  EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE);
  EXPECT_EQ(job.detected_format(), "html");
  EXPECT_EQ(job.duplicate_of(), first->report_id());

  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  ASSERT_EQ((*listed)[0].copies_size(), 1);
  EXPECT_EQ((*listed)[0].copies(0), "report.html");
}

TEST(StatisticsTest, AmbiguousReportIsFiledUnresolvedWithItsCandidates) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  // 罗星街道 is in 嘉善县 and in 马尾区; nothing here tells which.
  auto response = cluster.Submit(
      "luoxing.txt", "罗星街道2024年法治政府建设情况报告\n\n全年受理信访案件12件。\n", "");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(cluster.WaitForJobs({response->job_id()})[0].state(), fazhi::v1::JOB_STATE_DONE);
  auto listed = cluster.ListReports("unresolved", 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].entity_name(), "罗星街道");
  fazhi::v1::GetReportRequest get;
  get.set_report_id(response->report_id());
  fazhi::v1::ParsedReport report;
  auto context2 = rpc::ContextWithTimeout(absl::Seconds(10));
  ASSERT_TRUE(cluster.ingest().GetReport(context2.get(), get, &report).ok());
  EXPECT_EQ(report.region().county_code(), "");
  EXPECT_EQ(report.region().candidates_size(), 2);
  // Neither county counts it.
  for (const char* county : {"330421", "350105"}) {
    auto stats = cluster.CountyStats(county, 2024);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->reports_received(), 0);
  }
}

TEST(StatisticsTest, BadComparisonsAndRollups) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAggregate();
  auto compare = [&](const std::string& county, int a, int b) {
    fazhi::v1::CompareYearsRequest request;
    request.set_county_code(county);
    request.set_year_a(a);
    request.set_year_b(b);
    fazhi::v1::YearComparison response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    context->set_wait_for_ready(true);
    return rpc::FromGrpc(cluster.aggregate().CompareYears(context.get(), request, &response));
  };
  EXPECT_EQ(compare("330102", 2024, 2024).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compare("999999", 2023, 2024).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compare("330102", 0, 2024).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(compare("330102", 2023, 2024).ok());
  auto rollup = [&](const std::string& prefix) {
    fazhi::v1::GetRollupRequest request;
    request.set_code_prefix(prefix);
    request.set_year(2024);
    fazhi::v1::Rollup response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    return rpc::FromGrpc(cluster.aggregate().GetRollup(context.get(), request, &response));
  };
  EXPECT_EQ(rollup("3").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rollup("99").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(rollup("3301").ok());
}

}  // namespace
}  // namespace fazhi::testing
