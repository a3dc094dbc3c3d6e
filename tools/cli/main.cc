// fazhi: the command-line tool. `fazhi extract FILE...`, `fazhi ingest
// PATH...`, `fazhi stats --county=CODE --year=YYYY`. Flags become options;
// the work is in commands.cc.
#include <unistd.h>

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
    "--all) [--dry_run]";

// `fazhi help`, `fazhi --help`, `fazhi SUBCOMMAND --help` (or -h): the
// usage on stdout, exit 0, before any flag is parsed or service called.
bool AsksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h" || a == "-help" || (i == 1 && a == "help")) return true;
  }
  return false;
}

int main(int argc, char** argv) {
  // Output goes through std::cout alone; unsynced it is buffered in one place.
  std::ios::sync_with_stdio(false);
  if (AsksForHelp(argc, argv)) {
    std::cout << "fazhi: " << kUsage << "\n"
              << "common flags: --target=HOST:PORT --token=TOKEN (or $FAZHI_TOKEN) --tls_ca=PEM "
                 "[--tls_cert=PEM --tls_key=PEM]; all flags: fazhi --helpfull\n";
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
  std::string target = absl::GetFlag(FLAGS_target);
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty() && std::getenv("FAZHI_TOKEN") != nullptr) token = std::getenv("FAZHI_TOKEN");
  fazhi::rpc::PeerTls tls{.ca = absl::GetFlag(FLAGS_tls_ca),
                          .cert = absl::GetFlag(FLAGS_tls_cert),
                          .key = absl::GetFlag(FLAGS_tls_key)};
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
        {.target = target.empty() ? "127.0.0.1:7101" : target,
         .token = token,
         .tls = tls,
         .region_hint = absl::GetFlag(FLAGS_region_hint),
         .paths = rest,
         .wait_timeout = absl::GetFlag(FLAGS_wait_timeout),
         .progress = isatty(STDERR_FILENO) != 0 ? fazhi::cli::IngestOptions::Progress::kBar
                                                : fazhi::cli::IngestOptions::Progress::kLog},
        std::cout, std::cerr);
  }
  if (command == "reprocess") {
    return fazhi::cli::RunReprocess(
        {.service = {.target = target.empty() ? "127.0.0.1:7101" : target,
                     .token = token,
                     .tls = tls},
         .county = absl::GetFlag(FLAGS_county),
         .year = absl::GetFlag(FLAGS_year),
         .all = absl::GetFlag(FLAGS_all),
         .dry_run = absl::GetFlag(FLAGS_dry_run)},
        std::cout, std::cerr);
  }
  std::string aggregate = target.empty() ? "127.0.0.1:7103" : target;
  std::string format = absl::GetFlag(FLAGS_format);
  if (command == "stats") {
    return fazhi::cli::RunStats({.target = aggregate,
                                 .token = token,
                                 .tls = tls,
                                 .county = absl::GetFlag(FLAGS_county),
                                 .year = absl::GetFlag(FLAGS_year),
                                 .json = absl::GetFlag(FLAGS_json),
                                 .format = format,
                                 .out_path = absl::GetFlag(FLAGS_out)},
                                std::cout, std::cerr);
  }
  if (command == "compare") {
    return fazhi::cli::RunCompare({.target = aggregate,
                                   .token = token,
                                   .tls = tls,
                                   .county = absl::GetFlag(FLAGS_county),
                                   .year_a = absl::GetFlag(FLAGS_year_a),
                                   .year_b = absl::GetFlag(FLAGS_year_b),
                                   .format = format,
                                   .out_path = absl::GetFlag(FLAGS_out)},
                                  std::cout, std::cerr);
  }
  if (command == "rollup") {
    return fazhi::cli::RunRollup({.target = aggregate,
                                  .token = token,
                                  .tls = tls,
                                  .code = absl::GetFlag(FLAGS_code),
                                  .year = absl::GetFlag(FLAGS_year),
                                  .format = format,
                                  .out_path = absl::GetFlag(FLAGS_out)},
                                 std::cout, std::cerr);
  }
  const fazhi::cli::ServiceOptions service{.target = aggregate, .token = token, .tls = tls};
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
