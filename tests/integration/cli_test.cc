// The fazhi command-line contract (shared/spec/DESIGN.md): `extract` runs
// as the real binary; `ingest` and `stats` run in-process against the real
// services on loopback.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "common/metrics/metrics.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"
#include "tools/cli/commands.h"

namespace fazhi::testing {
namespace {

std::string Fazhi() { return absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi"); }

// Help in every spelling is usage on stdout and exit 0, before any flag is
// read or service called.
TEST(CliTest, HelpIsUsageAndSuccess) {
  for (const char* asked : {"--help", "help", "-h", "stats --help", "ingest -h"}) {
    ShellRun run = Shell(absl::StrCat(Fazhi(), " ", asked, " 2>/dev/null"));
    EXPECT_EQ(run.exit_code, 0) << asked;
    EXPECT_NE(run.out.find("fazhi stats"), std::string::npos) << asked << ": " << run.out;
    EXPECT_NE(run.out.find("--token"), std::string::npos) << asked;
  }
  // --version: the release and the engine and catalog that read reports.
  ShellRun version = Shell(absl::StrCat(Fazhi(), " --version 2>/dev/null"));
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("fazhi ", 0), 0u) << version.out;
  EXPECT_NE(version.out.find("engine/"), std::string::npos) << version.out;
  EXPECT_NE(version.out.find("catalog/"), std::string::npos) << version.out;
  EXPECT_EQ(version.out.find("Debug build"), std::string::npos) << version.out;
}

// Bad flags are a clear error (exit 2) before any file is read or service
// called: these name a service that is not there, and would hang or fail
// otherwise.
TEST(CliTest, FlagsAreCheckedBeforeAnyCall) {
  const std::string down = " --target=127.0.0.1:1";
  for (auto [args, says] : std::vector<std::pair<std::string, std::string>>{
           {"extract --jobs=-3 a.txt", "--jobs must be 0"},
           {"ingest --region_hint=abc a.txt" + down, "--region_hint must be a GB/T 2260 code"},
           {"ingest --region_hint=3301021 a.txt" + down, "not '3301021'"},
           {"compare --county=330102 --year_a=2024 --year_b=2023" + down,
            "--year_a (2024) must be earlier than --year_b (2023)"},
           {"stats --county=33010 --year=2024" + down, "6-digit county code"},
           {"stats --county=330102 --year=24" + down, "--year must be a year"},
           {"stats --county=330102 --year=2024 --timeout=0s" + down, "--timeout must be positive"},
           {"jobs --state=stuck" + down, "--state must be queued, delivering, done or failed"}}) {
    ShellRun run = Shell(absl::StrCat(Fazhi(), " ", args, " 2>&1"));
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.out;
    EXPECT_NE(run.out.find(says), std::string::npos) << args << ": " << run.out;
  }
}

// A target that accepts connections and never answers (a hung service, a
// wrong port behind a firewall): every kind of call ends within --timeout
// with one line naming the target.
TEST(CliTest, ATargetThatNeverAnswersIsAnErrorWithinTheTimeout) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);  // never accepted, never answered
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string target = absl::StrCat("127.0.0.1:", ntohs(address.sin_port));
  TempDir dir;
  WriteFileOrDie(dir.Sub("a.txt"), "青石街道2024年法治政府建设情况报告\n受理信访案件3件。\n");
  for (const std::string& call :
       {std::string("stats --county=330102 --year=2024"), std::string("jobs"),
        std::string("audit --county=330102 --year=2024"), "ingest " + dir.Sub("a.txt"),
        std::string("reprocess --all --dry_run")}) {
    const absl::Time start = absl::Now();
    ShellRun run =
        Shell(absl::StrCat(Fazhi(), " ", call, " --target=", target, " --timeout=2s 2>&1"));
    const absl::Duration took = absl::Now() - start;
    EXPECT_NE(run.exit_code, 0) << call << ": " << run.out;
    EXPECT_NE(run.out.find(target), std::string::npos) << call << ": " << run.out;
    EXPECT_LT(took, absl::Seconds(15)) << call << " took " << took;
  }
  close(listener);
}

TEST(CliTest, ExtractPrintsOneParsedReportPerFile) {
  std::vector<std::string> seeds = SeedFiles();
  ASSERT_FALSE(seeds.empty());
  std::string command = Fazhi() + " extract";
  for (const std::string& s : seeds) command += " '" + s + "'";
  ShellRun run = Shell(command);
  ASSERT_EQ(run.exit_code, 0);
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), seeds.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(seeds[i]);
    fazhi::v1::ParsedReport report;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &report).ok());
    EXPECT_EQ(report.source(), seeds[i]);
    // snake_case field names and enum names, as the contract says.
    EXPECT_NE(lines[i].find("\"report_id\""), std::string::npos);
    EXPECT_NE(lines[i].find("\"ENTITY_LEVEL_"), std::string::npos);
    EXPECT_NE(lines[i].find("\"county_code\""), std::string::npos);
    EXPECT_NE(lines[i].find("\"candidates\""), std::string::npos);
    EXPECT_NE(lines[i].find("\"published\""), std::string::npos);
    for (const auto& indicator : report.indicators()) {
      EXPECT_LT(indicator.evidence().start(), indicator.evidence().end());
      EXPECT_NE(indicator.qualifier(), fazhi::v1::QUALIFIER_UNSPECIFIED);
    }
  }
  if (!lines.empty()) {
    EXPECT_NE(lines[0].find("\"QUALIFIER_"), std::string::npos);
  }
}

TEST(CliTest, ExtractReportsUnreadableFilesAndGoesOn) {
  TempDir dir;
  WriteFileOrDie(dir.Sub("junk.bin"), std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  std::vector<std::string> seeds = SeedFiles();
  ASSERT_FALSE(seeds.empty());
  ShellRun run = Shell(absl::StrCat(Fazhi(), " extract ", dir.Sub("missing.txt"), " ",
                                    dir.Sub("junk.bin"), " '", seeds[0], "' 2>", dir.Sub("err")));
  EXPECT_NE(run.exit_code, 0);
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 1u);  // the good file still printed
  std::string err = ReadFileOrDie(dir.Sub("err"));
  EXPECT_NE(err.find("missing.txt"), std::string::npos) << err;
  EXPECT_NE(err.find("junk.bin"), std::string::npos) << err;
}

TEST(CliTest, ExtractWithWorkersKeepsTheOrderOfTheFiles) {
  std::vector<std::string> seeds = SeedFiles();
  ASSERT_FALSE(seeds.empty());
  // Forty files of different sizes (short ones finish first) on four
  // workers; the lines must still follow the command line.
  TempDir dir;
  std::vector<std::string> files;
  std::string command = Fazhi() + " extract --jobs=4";
  for (int i = 0; i < 40; ++i) {
    std::string text = ReadFileOrDie(seeds[i % seeds.size()]);
    if (i % 3 == 0) text = text.substr(0, text.find('\n', text.size() / 4));
    files.push_back(dir.Sub(absl::StrCat("r", i, ".txt")));
    WriteFileOrDie(files.back(), text);
    command += " " + files.back();
  }
  ShellRun run = Shell(command);
  ASSERT_EQ(run.exit_code, 0);
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), files.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    fazhi::v1::ParsedReport report;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &report).ok());
    EXPECT_EQ(report.source(), files[i]);
  }
}

TEST(CliTest, IngestThenStatsAgainstRealServices) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  // A county folder of our own reports plus one junk file.
  std::string folder = dir.Sub("county");
  ASSERT_EQ(Shell("mkdir -p " + folder).exit_code, 0);
  const std::vector<std::pair<std::string, int>> towns = {
      {"青石街道", 30}, {"白沙镇", 50}, {"柳林乡", 70}};
  for (const auto& [name, count] : towns) {
    WriteFileOrDie(folder + "/" + name + ".txt",
                   absl::StrCat(name, "2024年度法治政府建设情况报告\n\n一、主要举措和成效\n\n",
                                "全年共调解矛盾纠纷", count, "起，受理信访案件", count / 10,
                                "件。\n\n二、存在的不足\n\n仍有差距。\n"));
  }
  std::ostringstream out, err;
  cli::IngestOptions options;
  options.service.target = cluster.ingest_target();
  options.region_hint = "330102";
  options.paths = {folder};
  EXPECT_EQ(cli::RunIngest(options, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), "submitted=3 duplicates=0 failed=0\n");

  WriteFileOrDie(folder + "/broken.txt", std::string("\0\0\0\0binary", 10));
  std::ostringstream out2, err2;
  EXPECT_EQ(cli::RunIngest(options, out2, err2), 1);
  EXPECT_EQ(out2.str(), "submitted=0 duplicates=3 failed=1\n");
  EXPECT_NE(err2.str().find("broken.txt"), std::string::npos) << err2.str();

  // The failure is counted by its reason (the services run in this process).
  EXPECT_NE(metrics::Metrics::Global().Render().find(
                "fazhi_ingest_job_failures_total{reason=\"extract_refused\"} 1"),
            std::string::npos);

  // Later, the batch's failures from the jobs ingest keeps.
  ShellRun failed = Shell(
      absl::StrCat(Fazhi(), " jobs --target=", cluster.ingest_target(), " --state=failed --json"));
  EXPECT_EQ(failed.exit_code, 0) << failed.out;
  std::vector<std::string> failures = absl::StrSplit(failed.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(failures.size(), 1u) << failed.out;
  fazhi::v1::Job job;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(failures[0], &job).ok()) << failed.out;
  EXPECT_NE(job.source().find("broken.txt"), std::string::npos) << failed.out;
  EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_FAILED);
  EXPECT_FALSE(job.error().empty());
  ShellRun all = Shell(absl::StrCat(Fazhi(), " jobs --target=", cluster.ingest_target()));
  EXPECT_EQ(all.exit_code, 0) << all.out;
  EXPECT_NE(all.out.find("4 jobs"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("failed"), std::string::npos) << all.out;
  ShellRun one = Shell(absl::StrCat(Fazhi(), " jobs --limit=1 --target=", cluster.ingest_target()));
  EXPECT_NE(one.out.find("1 jobs"), std::string::npos) << one.out;

  std::ostringstream json, json_err;
  EXPECT_EQ(cli::RunStats({.service = {.target = cluster.aggregate_target()},
                           .county = "330102",
                           .year = 2024,
                           .json = true},
                          json, json_err),
            0)
      << json_err.str();
  fazhi::v1::CountyStats stats;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.str(), &stats).ok()) << json.str();
  EXPECT_EQ(stats.reports_received(), 3);
  // Coverage from the gazetteer: our made-up townships are none of 上城区's,
  // so every real one is missing and the three are unresolved.
  EXPECT_EQ(stats.county_name(), "上城区");
  EXPECT_GT(stats.townships_total(), 0);
  EXPECT_EQ(stats.townships_missing_size(), stats.townships_total());
  EXPECT_EQ(stats.unresolved_reports(), 3);
  for (const char* field :
       {"\"county_code\"", "\"townships_total\"", "\"reports_received\"", "\"townships_missing\"",
        "\"unresolved_reports\"", "\"sum_is_lower_bound\"", "\"townships_reporting\""}) {
    EXPECT_NE(json.str().find(field), std::string::npos) << field;
  }
  bool found = false;
  for (const auto& s : stats.indicators()) {
    if (s.id() != "disputes_mediated") continue;
    found = true;
    EXPECT_DOUBLE_EQ(s.sum(), 150);
    EXPECT_DOUBLE_EQ(s.median(), 50);
    EXPECT_EQ(s.max_township(), "柳林乡");
  }
  EXPECT_TRUE(found);

  std::ostringstream table, table_err;
  EXPECT_EQ(
      cli::RunStats(
          {.service = {.target = cluster.aggregate_target()}, .county = "330102", .year = 2024},
          table, table_err),
      0);
  EXPECT_NE(table.str().find("disputes_mediated"), std::string::npos);
  EXPECT_NE(table.str().find("missing sections"), std::string::npos);

  std::ostringstream bad, bad_err;
  EXPECT_EQ(cli::RunStats(
                {.service = {.target = cluster.aggregate_target()}, .county = "12", .year = 2024},
                bad, bad_err),
            1);
  EXPECT_NE(bad_err.str().find("county_code"), std::string::npos);
  // The status by name, and the target named.
  EXPECT_NE(bad_err.str().find(": INVALID_ARGUMENT: "), std::string::npos) << bad_err.str();
  EXPECT_NE(bad_err.str().find(cluster.aggregate_target()), std::string::npos) << bad_err.str();
  EXPECT_NE(table.str().find("调解矛盾纠纷件数 (disputes_mediated)"), std::string::npos)
      << "tables name indicators in Chinese";
  EXPECT_NE(table.str().find("Published: "), std::string::npos);

  // The exports: csv with a BOM and Chinese names to stdout, xlsx only to a
  // file (refused before any call without --out).
  std::ostringstream csv, csv_err;
  EXPECT_EQ(cli::RunStats({.service = {.target = cluster.aggregate_target()},
                           .county = "330102",
                           .year = 2024,
                           .format = "csv"},
                          csv, csv_err),
            0)
      << csv_err.str();
  EXPECT_EQ(csv.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.str().find("调解矛盾纠纷件数,disputes_mediated,"), std::string::npos) << csv.str();
  std::ostringstream none, none_err;
  EXPECT_EQ(cli::RunStats({.service = {.target = "127.0.0.1:1"},
                           .county = "330102",
                           .year = 2024,
                           .format = "xlsx"},
                          none, none_err),
            1);
  EXPECT_NE(none_err.str().find("--out=FILE"), std::string::npos) << none_err.str();
  std::string xlsx_path = dir.Sub("stats.xlsx");
  std::ostringstream xlsx, xlsx_err;
  EXPECT_EQ(cli::RunStats({.service = {.target = cluster.aggregate_target()},
                           .county = "330102",
                           .year = 2024,
                           .format = "xlsx",
                           .out_path = xlsx_path},
                          xlsx, xlsx_err),
            0)
      << xlsx_err.str();
  EXPECT_EQ(ReadFileOrDie(xlsx_path).substr(0, 2), "PK");
}

}  // namespace
}  // namespace fazhi::testing
