// Reviewers' corrections against the real services (loopback, real RocksDB,
// the `fazhi` binary): a corrected figure changes the statistics and is
// marked, the audit lists who changed what and why, a dropped figure and a
// moved report leave the county's figures, everything survives a restart,
// and a revert restores the extraction.
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/rpc/channel.h"
#include "common/store/store.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "services/aggregate/aggregate_schema.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

std::string Fazhi() { return absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi"); }

const fazhi::v1::IndicatorStats* Find(const fazhi::v1::CountyStats& s, const std::string& id) {
  for (const auto& i : s.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

// Three townships of 上城区 in our own words: disputes mediated and
// petitions received.
std::map<std::string, std::string> SubmitCounty(Cluster& cluster) {
  const std::vector<std::tuple<std::string, int, int>> towns = {
      {"湖滨街道", 30, 3}, {"清波街道", 50, 5}, {"望江街道", 70, 7}};
  std::vector<std::string> jobs;
  for (const auto& [name, mediated, petitions] : towns) {
    auto submitted = cluster.Submit(
        name + ".txt",
        absl::StrCat(
            name, "2024年度法治政府建设情况报告\n\n一、主要举措和成效\n\n全年共调解矛盾纠纷",
            mediated, "起，受理信访案件", petitions, "件。\n\n二、存在的不足\n\n仍有差距。\n"),
        "330102");
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    if (submitted.ok()) jobs.push_back(submitted->job_id());
  }
  std::map<std::string, std::string> ids;  // township -> report id
  for (const auto& job : cluster.WaitForJobs(jobs)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
    ids[job.source().substr(0, job.source().size() - 4)] = job.report_id();
  }
  return ids;
}

std::string FieldOf(const std::string& json, const std::string& field) {
  std::string value;
  RE2::PartialMatch(json, absl::StrCat("\"", field, "\":\"([^\"]*)\""), &value);
  return value;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(ReviewTest, CorrectionsChangeStatisticsAreAuditedSurviveARestartAndRevert) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  std::map<std::string, std::string> ids = SubmitCounty(cluster);
  ASSERT_EQ(ids.size(), 3u);
  const std::string agg = " --target=" + cluster.aggregate_target();

  auto before = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_NE(Find(*before, "disputes_mediated"), nullptr);
  EXPECT_EQ(Find(*before, "disputes_mediated")->sum(), 150);
  EXPECT_EQ(Find(*before, "disputes_mediated")->corrected_values(), 0);

  // A figure corrected through the CLI.
  ShellRun corrected = Shell(absl::StrCat(
      Fazhi(), agg, " correct --report=", ids["湖滨街道"],
      " --indicator=disputes_mediated --value=36 --reviewer=张审核 --reason=原文为36起 --json"));
  ASSERT_EQ(corrected.exit_code, 0) << corrected.out;
  const std::string correction_id = FieldOf(corrected.out, "correction_id");
  EXPECT_EQ(correction_id.rfind(ids["湖滨街道"] + "/", 0), 0u) << corrected.out;
  EXPECT_EQ(FieldOf(corrected.out, "old_value"), "30 起");
  EXPECT_EQ(FieldOf(corrected.out, "new_value"), "36 起");

  auto after = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(after.ok()) << after.status();
  const auto* mediated = Find(*after, "disputes_mediated");
  ASSERT_NE(mediated, nullptr);
  EXPECT_EQ(mediated->sum(), 156);
  EXPECT_EQ(mediated->corrected_values(), 1);
  for (const auto& v : mediated->values()) {
    EXPECT_EQ(v.corrected(), v.report_id() == ids["湖滨街道"]) << v.township();
  }
  for (const auto& r : after->reports()) {
    EXPECT_EQ(r.corrections(), r.report_id() == ids["湖滨街道"] ? 1 : 0) << r.entity_name();
  }

  // Extracted and corrected side by side.
  {
    fazhi::v1::GetReviewedReportRequest request;
    request.set_report_id(ids["湖滨街道"]);
    fazhi::v1::ReviewedReport reviewed;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    ASSERT_TRUE(cluster.aggregate().GetReviewedReport(context.get(), request, &reviewed).ok());
    ASSERT_EQ(reviewed.corrections_size(), 1);
    double extracted = -1, seen = -1;
    for (const auto& i : reviewed.extracted().indicators()) {
      if (i.id() == "disputes_mediated") extracted = i.value();
    }
    for (const auto& i : reviewed.corrected().indicators()) {
      if (i.id() == "disputes_mediated") {
        seen = i.value();
        EXPECT_TRUE(i.corrected());
        EXPECT_EQ(i.extracted_value(), 30);
      }
    }
    EXPECT_EQ(extracted, 30);
    EXPECT_EQ(seen, 36);
  }

  // A figure dropped, and a report moved to another county.
  ShellRun dropped = Shell(absl::StrCat(Fazhi(), agg, " correct --report=", ids["清波街道"],
                                        " --indicator=petitions --drop --reviewer=张审核",
                                        " --reason=系全区数字 2>&1"));
  ASSERT_EQ(dropped.exit_code, 0) << dropped.out;
  ShellRun moved = Shell(absl::StrCat(Fazhi(), agg, " correct --report=", ids["望江街道"],
                                      " --county=330106 --reviewer=李复核 --reason=属西湖区 2>&1"));
  ASSERT_EQ(moved.exit_code, 0) << moved.out;

  auto check_reviewed_state = [&](const std::string& when) {
    SCOPED_TRACE(when);
    auto here = cluster.CountyStats("330102", 2024);
    ASSERT_TRUE(here.ok()) << here.status();
    EXPECT_EQ(here->reports_received(), 2);
    ASSERT_NE(Find(*here, "disputes_mediated"), nullptr);
    EXPECT_EQ(Find(*here, "disputes_mediated")->sum(), 36 + 50);
    ASSERT_NE(Find(*here, "petitions"), nullptr);
    EXPECT_EQ(Find(*here, "petitions")->townships_reporting(), 1);
    EXPECT_EQ(Find(*here, "petitions")->sum(), 3);
    auto there = cluster.CountyStats("330106", 2024);
    ASSERT_TRUE(there.ok()) << there.status();
    EXPECT_EQ(there->reports_received(), 1);
    ASSERT_NE(Find(*there, "disputes_mediated"), nullptr);
    EXPECT_EQ(Find(*there, "disputes_mediated")->sum(), 70);
    auto listed = cluster.ListReports("330106", 2024);
    ASSERT_TRUE(listed.ok()) << listed.status();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].report_id(), ids["望江街道"]);
    EXPECT_EQ((*listed)[0].corrections(), 1);
    EXPECT_FALSE((*listed)[0].engine_version().empty());

    // The audit, as the contract prints it: one JSON object per change.
    ShellRun audit = Shell(absl::StrCat(Fazhi(), agg, " audit --county=330102 --year=2024 --json"));
    ASSERT_EQ(audit.exit_code, 0) << audit.out;
    std::vector<std::string> entries = Lines(audit.out);
    ASSERT_EQ(entries.size(), 3u) << audit.out;
    EXPECT_EQ(FieldOf(entries[0], "report_id"), ids["湖滨街道"]);
    EXPECT_EQ(FieldOf(entries[0], "field"), "indicator:disputes_mediated");
    EXPECT_EQ(FieldOf(entries[0], "old_value"), "30 起");
    EXPECT_EQ(FieldOf(entries[0], "new_value"), "36 起");
    EXPECT_EQ(FieldOf(entries[0], "reviewer"), "张审核");
    EXPECT_EQ(FieldOf(entries[0], "reason"), "原文为36起");
    EXPECT_TRUE(
        RE2::FullMatch(FieldOf(entries[0], "time"), R"(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))
        << entries[0];
    EXPECT_EQ(FieldOf(entries[1], "new_value"), "(dropped)");
    EXPECT_EQ(FieldOf(entries[2], "field"), "county");
    EXPECT_EQ(FieldOf(entries[2], "old_value"), "330102");
    EXPECT_EQ(FieldOf(entries[2], "new_value"), "330106");
    // The moved report is in the other county's audit too.
    ShellRun west = Shell(absl::StrCat(Fazhi(), agg, " audit --county=330106 --year=2024 --json"));
    EXPECT_EQ(Lines(west.out).size(), 1u) << west.out;
  };
  check_reviewed_state("after the corrections");
  cluster.StopAggregate();
  cluster.StartAggregate();
  check_reviewed_state("after a restart");

  // Reverts restore the extraction and are audited.
  ShellRun reverted = Shell(absl::StrCat(Fazhi(), agg, " revert --correction=", correction_id,
                                         " --reviewer=王主任 --reason=复核后恢复 2>&1"));
  ASSERT_EQ(reverted.exit_code, 0) << reverted.out;
  auto restored = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(Find(*restored, "disputes_mediated")->sum(), 30 + 50);
  EXPECT_EQ(Find(*restored, "disputes_mediated")->corrected_values(), 0);
  ShellRun again = Shell(absl::StrCat(Fazhi(), agg, " revert --correction=", correction_id,
                                      " --reviewer=王主任 --reason=再次 2>&1"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("FAILED_PRECONDITION"), std::string::npos) << again.out;
  ShellRun history =
      Shell(absl::StrCat(Fazhi(), agg, " audit --report=", ids["湖滨街道"], " --json"));
  std::vector<std::string> report_entries = Lines(history.out);
  ASSERT_EQ(report_entries.size(), 2u) << history.out;
  EXPECT_EQ(FieldOf(report_entries[1], "action"), "revert");
  EXPECT_EQ(FieldOf(report_entries[1], "old_value"), "36 起");
  EXPECT_EQ(FieldOf(report_entries[1], "new_value"), "30 起");
  EXPECT_EQ(FieldOf(report_entries[1], "reviewer"), "王主任");

  // Moving the report back returns it to the county's figures.
  ShellRun west = Shell(absl::StrCat(Fazhi(), agg, " audit --county=330106 --year=2024 --json"));
  std::string move_id = FieldOf(west.out, "correction_id");
  ASSERT_FALSE(move_id.empty()) << west.out;
  ASSERT_EQ(Shell(absl::StrCat(Fazhi(), agg, " revert --correction=", move_id,
                               " --reviewer=王主任 --reason=确属上城区 2>&1"))
                .exit_code,
            0);
  auto home = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->reports_received(), 3);
  EXPECT_EQ(Find(*home, "disputes_mediated")->sum(), 150);
  auto gone = cluster.CountyStats("330106", 2024);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->reports_received(), 0);
}

// The last review sequence is kept in the store: after a restart on a
// machine whose clock is behind the one that made the stored corrections,
// a new correction still sorts after them and overwrites none.
TEST(ReviewTest, AClockSetBackAfterARestartReusesNoCorrectionOrAuditKey) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  std::map<std::string, std::string> ids = SubmitCounty(cluster);
  ASSERT_EQ(ids.size(), 3u);
  const std::string agg = " --target=" + cluster.aggregate_target();
  const std::string correct = absl::StrCat(Fazhi(), agg, " correct --report=", ids["湖滨街道"],
                                           " --indicator=disputes_mediated --reviewer=张审核 "
                                           "--reason=核对 --json --value=");
  ShellRun first = Shell(correct + "31");
  ASSERT_EQ(first.exit_code, 0) << first.out;

  // As if the stored corrections had been made by a clock ten years ahead
  // of this one: the store's last sequence is far after now.
  cluster.StopAggregate();
  const int64_t ahead = absl::ToUnixMicros(absl::Now() + absl::Hours(24 * 3650));
  {
    store::StoreOptions options;
    options.path = dir.Sub("data") + "/aggregate";
    options.column_families = {aggregate::kReportsFamily, aggregate::kIndexFamily,
                               aggregate::kReviewFamily};
    auto store = store::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)
                    ->Put(aggregate::kReviewFamily, aggregate::kReviewClockKey,
                          aggregate::EncodeSequence(static_cast<uint64_t>(ahead)), true)
                    .ok());
  }
  cluster.StartAggregate();
  ShellRun second = Shell(correct + "32");
  ASSERT_EQ(second.exit_code, 0) << second.out;
  const std::string id = FieldOf(second.out, "correction_id");
  int64_t seq = 0;
  ASSERT_TRUE(absl::SimpleAtoi(id.substr(id.find('/') + 1), &seq)) << id;
  EXPECT_GT(seq, ahead) << "the new correction's key is after every stored one";

  // The report's audit lists both, the new one last.
  ShellRun audit =
      Shell(absl::StrCat(Fazhi(), agg, " audit --report=", ids["湖滨街道"], " --json"));
  ASSERT_EQ(audit.exit_code, 0) << audit.out;
  std::vector<std::string> lines = Lines(audit.out);
  ASSERT_EQ(lines.size(), 2u) << audit.out;
  EXPECT_EQ(FieldOf(lines[0], "new_value"), "31 起") << audit.out;
  EXPECT_EQ(FieldOf(lines[1], "new_value"), "32 起") << audit.out;
}

TEST(ReviewTest, BadCorrectionsAreClearErrorsAndChangeNothing) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  std::map<std::string, std::string> ids = SubmitCounty(cluster);
  ASSERT_EQ(ids.size(), 3u);
  // Flags that do not make one correction fail before any call.
  for (const char* flags : {"--report=x --reason=r --indicator=petitions",
                            "--report=x --reason=r --indicator=petitions --value=abc",
                            "--report=x --reason=r --entity=a --county=330102",
                            "--report=x --indicator=petitions --value=3"}) {
    ShellRun run = Shell(absl::StrCat(Fazhi(), " --target=127.0.0.1:1 correct ", flags, " 2>&1"));
    EXPECT_EQ(run.exit_code, 2) << flags << ": " << run.out;
    EXPECT_NE(run.out.find("fazhi correct: "), std::string::npos) << run.out;
  }
  struct Case {
    const char* name;
    grpc::StatusCode code;
    const char* names;
    std::function<void(fazhi::v1::Correction*)> mutate;
  };
  const std::string report = ids["清波街道"];
  const std::vector<Case> cases = {
      {"unknown report", grpc::StatusCode::NOT_FOUND, "no-such",
       [](fazhi::v1::Correction* c) { c->set_report_id("no-such"); }},
      {"no reason", grpc::StatusCode::INVALID_ARGUMENT, "reason",
       [](fazhi::v1::Correction* c) { c->clear_reason(); }},
      {"no reviewer", grpc::StatusCode::INVALID_ARGUMENT, "reviewer",
       [](fazhi::v1::Correction* c) { c->clear_reviewer(); }},
      {"negative value", grpc::StatusCode::INVALID_ARGUMENT, "value",
       [](fazhi::v1::Correction* c) { c->set_value(-4); }},
      {"unknown county", grpc::StatusCode::INVALID_ARGUMENT, "999999",
       [](fazhi::v1::Correction* c) {
         c->set_kind(fazhi::v1::CORRECTION_KIND_COUNTY);
         c->set_county_code("999999");
       }},
      {"township not in the gazetteer", grpc::StatusCode::INVALID_ARGUMENT, "330102999",
       [](fazhi::v1::Correction* c) {
         c->set_kind(fazhi::v1::CORRECTION_KIND_TOWNSHIP);
         c->set_township_code("330102999");
       }},
      {"drop of a figure the report lacks", grpc::StatusCode::FAILED_PRECONDITION, "legal_aid",
       [](fazhi::v1::Correction* c) {
         c->set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_DROP);
         c->set_indicator_id("legal_aid_cases");
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    fazhi::v1::CorrectReportRequest request;
    auto* correction = request.mutable_correction();
    correction->set_report_id(report);
    correction->set_kind(fazhi::v1::CORRECTION_KIND_INDICATOR_VALUE);
    correction->set_indicator_id("petitions");
    correction->set_value(6);
    correction->set_reviewer("张审核");
    correction->set_reason("核对原文");
    c.mutate(correction);
    fazhi::v1::Correction response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    grpc::Status status = cluster.aggregate().CorrectReport(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_NE(status.error_message().find(c.names), std::string::npos) << status.error_message();
  }
  // Nothing was stored or audited, and the figures are the extraction's.
  fazhi::v1::ListAuditRequest audit_request;
  audit_request.set_county_code("330102");
  audit_request.set_year(2024);
  fazhi::v1::ListAuditResponse audit;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  ASSERT_TRUE(cluster.aggregate().ListAudit(context.get(), audit_request, &audit).ok());
  EXPECT_EQ(audit.entries_size(), 0);
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(Find(*stats, "petitions")->sum(), 15);
}

}  // namespace
}  // namespace fazhi::testing
