// fazhi: the command-line tool. `fazhi extract FILE...`, `fazhi ingest
// PATH...`, `fazhi stats --county=CODE --year=YYYY`. Flags become options;
// the work is in commands.cc.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_cat.h"
#include "common/engine/engine.h"
#include "tools/cli/commands.h"

ABSL_FLAG(std::string, target, "",
          "service address (default: ingest 127.0.0.1:7101, "
          "aggregate 127.0.0.1:7103)");
ABSL_FLAG(std::string, region_hint, "", "GB/T 2260 code prefix of the reports' region");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index for extract (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(int, jobs, 0, "files extracted at once (extract; default: one per core)");
ABSL_FLAG(std::string, county, "",
          "6-digit county code (stats, compare, audit; correct: the right one)");
ABSL_FLAG(int, year, 0, "year reported on (stats)");
ABSL_FLAG(bool, json, false, "print JSON instead of a table (stats; same as --format=json)");
ABSL_FLAG(std::string, format, "table",
          "table, json, csv or xlsx (stats, compare, rollup; xlsx needs --out)");
ABSL_FLAG(std::string, out, "", "file to write csv or xlsx to (default for csv: stdout)");
ABSL_FLAG(int, year_a, 0, "earlier year (compare)");
ABSL_FLAG(int, year_b, 0, "later year (compare)");
ABSL_FLAG(std::string, code, "", "2-digit province or 4-digit city code (rollup)");
ABSL_FLAG(std::string, token, "",
          "token for services that require one (authorization: Bearer TOKEN); default: the "
          "environment variable FAZHI_TOKEN");
ABSL_FLAG(std::string, tls_ca, "", "PEM CA of the services' certificates: connect with TLS");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate, for services that require mTLS");
ABSL_FLAG(std::string, tls_key, "", "PEM key of --tls_cert");
ABSL_FLAG(std::string, report, "", "report id (correct, audit)");
ABSL_FLAG(std::string, indicator, "", "indicator id to correct (correct)");
ABSL_FLAG(std::string, value, "", "the indicator's right value (correct)");
ABSL_FLAG(std::string, unit, "", "its unit, when the extracted one is wrong or absent (correct)");
ABSL_FLAG(bool, drop, false, "the figure is not the entity's: leave it out (correct)");
ABSL_FLAG(std::string, entity, "", "the right reporting entity (correct)");
ABSL_FLAG(std::string, township, "", "the right 9-digit township code (correct)");
ABSL_FLAG(std::string, reason, "", "why (correct, revert; recorded in the audit)");
ABSL_FLAG(std::string, reviewer, "",
          "the reviewer's name (correct, revert; default: the token's client name)");
ABSL_FLAG(std::string, correction, "", "correction id to take back (revert)");
ABSL_FLAG(bool, all, false, "every stored report (reprocess)");
ABSL_FLAG(bool, dry_run, false, "only count what would be read again (reprocess)");
ABSL_FLAG(absl::Duration, wait_timeout, absl::Minutes(10), "how long ingest waits for its jobs");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30),
          "deadline of each call to a service (a stream's: to reach it), e.g. 30s, 2m");
ABSL_FLAG(std::string, state, "", "queued, delivering, done or failed (jobs; default: all)");
ABSL_FLAG(int64_t, limit, 0, "at most this many (jobs; 0: all)");
ABSL_FLAG(std::string, to, "",
          "backup directory on the service's machine (backup; default: its --backup_dir)");
ABSL_FLAG(std::string, from, "", "backup directory to list (backups; default: its --backup_dir)");
ABSL_FLAG(int, keep, 0, "keep only the newest N backups there (backup; 0: all)");
ABSL_FLAG(bool, verify, false, "read every backed-up file against its checksum (backups)");

constexpr char kUsage[] =
    "usage:\n"
    "  fazhi extract [--region_hint=CODE] [--jobs=N] FILE...\n"
    "  fazhi ingest  [--target=127.0.0.1:7101] [--region_hint=CODE] PATH...\n"
    "  fazhi stats   [--target=127.0.0.1:7103] --county=CODE --year=YYYY "
    "[--json | --format=table|json|csv|xlsx --out=FILE]\n"
    "  fazhi compare [--target=127.0.0.1:7103] --county=CODE --year_a=YYYY --year_b=YYYY "
    "[--format=...]\n"
    "  fazhi rollup  [--target=127.0.0.1:7103] --code=PROVINCE_OR_CITY --year=YYYY "
    "[--format=...]\n"
    "  fazhi correct [--target=127.0.0.1:7103] --report=ID --reason=TEXT [--reviewer=NAME] "
    "(--indicator=ID --value=V [--unit=U] | --indicator=ID --drop | --entity=NAME | "
    "--county=CODE | --township=CODE) [--json]\n"
    "  fazhi revert  [--target=127.0.0.1:7103] --correction=ID --reason=TEXT [--reviewer=NAME]\n"
    "  fazhi audit   [--target=127.0.0.1:7103] (--county=CODE --year=YYYY | --report=ID) "
    "[--json]\n"
    "  fazhi reprocess [--target=127.0.0.1:7101] (--county=CODE [--year=YYYY] | --year=YYYY | "
    "--all) [--dry_run]\n"
    "  fazhi jobs    [--target=127.0.0.1:7101] [--state=queued|delivering|done|failed] "
    "[--limit=N] [--json]\n"
    "  fazhi backup  --target=HOST:PORT [--to=DIR] [--keep=N] [--json]   (ingest or aggregate)\n"
    "  fazhi backups --target=HOST:PORT [--from=DIR] [--verify] [--json]";

// `fazhi help`, `fazhi --help`, `fazhi SUBCOMMAND --help` (or -h): the
// usage on stdout, exit 0, before any flag is parsed or service called.
bool AsksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h" || a == "-help" || (i == 1 && a == "help")) return true;
  }
  return false;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What is wrong with the flags given for `command`, or empty.
std::string FlagProblem(const std::string& command) {
  if (absl::GetFlag(FLAGS_jobs) < 0) {
    return absl::StrCat("--jobs must be 0 (one per core) or more, not ", absl::GetFlag(FLAGS_jobs));
  }
  const std::string hint = absl::GetFlag(FLAGS_region_hint);
  if (!hint.empty() && !(AllDigits(hint) && (hint.size() == 2 || hint.size() == 4 ||
                                             hint.size() == 6 || hint.size() == 9))) {
    return absl::StrCat(
        "--region_hint must be a GB/T 2260 code of 2, 4, 6 or 9 digits (33, 3301, "
        "330102, 330102004), not '",
        hint, "'");
  }
  const std::string county = absl::GetFlag(FLAGS_county);
  if (!county.empty() && county != "unresolved" && !(AllDigits(county) && county.size() == 6)) {
    return absl::StrCat("--county must be a 6-digit county code, not '", county, "'");
  }
  for (auto [name, year] : {std::pair{"--year", absl::GetFlag(FLAGS_year)},
                            std::pair{"--year_a", absl::GetFlag(FLAGS_year_a)},
                            std::pair{"--year_b", absl::GetFlag(FLAGS_year_b)}}) {
    if (year != 0 && (year < 1990 || year > 2100)) {
      return absl::StrCat(name, " must be a year such as 2024, not ", year);
    }
  }
  if (command == "compare" && absl::GetFlag(FLAGS_year_a) != 0 &&
      absl::GetFlag(FLAGS_year_a) >= absl::GetFlag(FLAGS_year_b)) {
    return absl::StrCat("--year_a (", absl::GetFlag(FLAGS_year_a),
                        ") must be earlier than --year_b (", absl::GetFlag(FLAGS_year_b), ")");
  }
  if (absl::GetFlag(FLAGS_timeout) <= absl::ZeroDuration()) {
    return absl::StrCat("--timeout must be positive, not ",
                        absl::FormatDuration(absl::GetFlag(FLAGS_timeout)));
  }
  if (absl::GetFlag(FLAGS_wait_timeout) <= absl::ZeroDuration()) {
    return "--wait_timeout must be positive";
  }
  if (absl::GetFlag(FLAGS_limit) < 0) return "--limit must be 0 (all) or more";
  return "";
}

int main(int argc, char** argv) {
  // Output goes through std::cout alone; unsynced it is buffered in one place.
  std::ios::sync_with_stdio(false);
  if (AsksForHelp(argc, argv)) {
    std::cout << "fazhi: " << kUsage << "\n"
              << "common flags: --target=HOST:PORT --timeout=30s --token=TOKEN (or $FAZHI_TOKEN) "
                 "--tls_ca=PEM [--tls_cert=PEM --tls_key=PEM]; all flags: fazhi --helpfull\n";
    return 0;
  }
  absl::SetProgramUsageMessage(kUsage);
  absl::FlagsUsageConfig config;
  // "fazhi 0.9.0 (engine/2 catalog/2026.12.1)": what made a report, to
  // compare with ParsedReport.engine_version.
  config.version_string = [] {
    auto extractor = fazhi::engine::Extractor::Create();
    return absl::StrCat("fazhi ", FAZHI_RELEASE, " (",
                        extractor.ok() ? (*extractor)->version() : "engine unavailable", ")\n");
  };
  absl::SetFlagsUsageConfig(config);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::cerr << kUsage << "\n";
    return 2;
  }
  std::string command = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());
  // Flags are checked before any file is read or service called.
  if (std::string problem = FlagProblem(command); !problem.empty()) {
    std::cerr << "fazhi " << command << ": " << problem << "\n";
    return 2;
  }
  std::string target = absl::GetFlag(FLAGS_target);
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty() && std::getenv("FAZHI_TOKEN") != nullptr) token = std::getenv("FAZHI_TOKEN");
  fazhi::rpc::PeerTls tls{.ca = absl::GetFlag(FLAGS_tls_ca),
                          .cert = absl::GetFlag(FLAGS_tls_cert),
                          .key = absl::GetFlag(FLAGS_tls_key)};
  // Ingest's subcommands and aggregate's: the same flags, another default.
  const fazhi::cli::ServiceOptions ingest{.target = target.empty() ? "127.0.0.1:7101" : target,
                                          .token = token,
                                          .tls = tls,
                                          .timeout = absl::GetFlag(FLAGS_timeout)};
  const fazhi::cli::ServiceOptions service{.target = target.empty() ? "127.0.0.1:7103" : target,
                                           .token = token,
                                           .tls = tls,
                                           .timeout = absl::GetFlag(FLAGS_timeout)};
  if (command == "extract") {
    if (rest.empty()) {
      std::cerr << "fazhi extract: no FILE given\n" << kUsage << "\n";
      return 2;
    }
    return fazhi::cli::RunExtract({.files = rest,
                                   .region_hint = absl::GetFlag(FLAGS_region_hint),
                                   .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
                                   .jobs = absl::GetFlag(FLAGS_jobs)},
                                  std::cout, std::cerr);
  }
  if (command == "ingest") {
    if (rest.empty()) {
      std::cerr << "fazhi ingest: no PATH given\n" << kUsage << "\n";
      return 2;
    }
    return fazhi::cli::RunIngest(
        {.service = ingest,
         .region_hint = absl::GetFlag(FLAGS_region_hint),
         .paths = rest,
         .wait_timeout = absl::GetFlag(FLAGS_wait_timeout),
         .progress = isatty(STDERR_FILENO) != 0 ? fazhi::cli::IngestOptions::Progress::kBar
                                                : fazhi::cli::IngestOptions::Progress::kLog},
        std::cout, std::cerr);
  }
  if (command == "reprocess") {
    return fazhi::cli::RunReprocess({.service = ingest,
                                     .county = absl::GetFlag(FLAGS_county),
                                     .year = absl::GetFlag(FLAGS_year),
                                     .all = absl::GetFlag(FLAGS_all),
                                     .dry_run = absl::GetFlag(FLAGS_dry_run)},
                                    std::cout, std::cerr);
  }
  if (command == "backup" || command == "backups") {
    if (target.empty()) {
      std::cerr << "fazhi " << command
                << ": --target=HOST:PORT is required (the ingest or the aggregate service)\n";
      return 2;
    }
    fazhi::cli::BackupOptions backup{
        .service = service,
        .directory = absl::GetFlag(command == "backup" ? FLAGS_to : FLAGS_from),
        .keep = absl::GetFlag(FLAGS_keep),
        .verify = absl::GetFlag(FLAGS_verify),
        .json = absl::GetFlag(FLAGS_json)};
    return command == "backup" ? fazhi::cli::RunBackup(backup, std::cout, std::cerr)
                               : fazhi::cli::RunBackups(backup, std::cout, std::cerr);
  }
  if (command == "jobs") {
    return fazhi::cli::RunJobs({.service = ingest,
                                .state = absl::GetFlag(FLAGS_state),
                                .limit = absl::GetFlag(FLAGS_limit),
                                .json = absl::GetFlag(FLAGS_json)},
                               std::cout, std::cerr);
  }
  std::string format = absl::GetFlag(FLAGS_format);
  if (command == "stats") {
    return fazhi::cli::RunStats({.service = service,
                                 .county = absl::GetFlag(FLAGS_county),
                                 .year = absl::GetFlag(FLAGS_year),
                                 .json = absl::GetFlag(FLAGS_json),
                                 .format = format,
                                 .out_path = absl::GetFlag(FLAGS_out)},
                                std::cout, std::cerr);
  }
  if (command == "compare") {
    return fazhi::cli::RunCompare({.service = service,
                                   .county = absl::GetFlag(FLAGS_county),
                                   .year_a = absl::GetFlag(FLAGS_year_a),
                                   .year_b = absl::GetFlag(FLAGS_year_b),
                                   .format = format,
                                   .out_path = absl::GetFlag(FLAGS_out)},
                                  std::cout, std::cerr);
  }
  if (command == "rollup") {
    return fazhi::cli::RunRollup({.service = service,
                                  .code = absl::GetFlag(FLAGS_code),
                                  .year = absl::GetFlag(FLAGS_year),
                                  .format = format,
                                  .out_path = absl::GetFlag(FLAGS_out)},
                                 std::cout, std::cerr);
  }
  if (command == "correct") {
    return fazhi::cli::RunCorrect({.service = service,
                                   .report_id = absl::GetFlag(FLAGS_report),
                                   .indicator = absl::GetFlag(FLAGS_indicator),
                                   .value = absl::GetFlag(FLAGS_value),
                                   .unit = absl::GetFlag(FLAGS_unit),
                                   .drop = absl::GetFlag(FLAGS_drop),
                                   .entity = absl::GetFlag(FLAGS_entity),
                                   .county = absl::GetFlag(FLAGS_county),
                                   .township = absl::GetFlag(FLAGS_township),
                                   .reason = absl::GetFlag(FLAGS_reason),
                                   .reviewer = absl::GetFlag(FLAGS_reviewer),
                                   .json = absl::GetFlag(FLAGS_json)},
                                  std::cout, std::cerr);
  }
  if (command == "revert") {
    return fazhi::cli::RunRevert({.service = service,
                                  .correction_id = absl::GetFlag(FLAGS_correction),
                                  .reason = absl::GetFlag(FLAGS_reason),
                                  .reviewer = absl::GetFlag(FLAGS_reviewer),
                                  .json = absl::GetFlag(FLAGS_json)},
                                 std::cout, std::cerr);
  }
  if (command == "audit") {
    return fazhi::cli::RunAudit({.service = service,
                                 .county = absl::GetFlag(FLAGS_county),
                                 .year = absl::GetFlag(FLAGS_year),
                                 .report_id = absl::GetFlag(FLAGS_report),
                                 .json = absl::GetFlag(FLAGS_json)},
                                std::cout, std::cerr);
  }
  std::cerr << "fazhi: unknown command '" << command << "'\n" << kUsage << "\n";
  return 2;
}
