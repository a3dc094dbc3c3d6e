// The subcommands of the `fazhi` tool (contract: shared/spec/DESIGN.md).
// Each takes its options and the streams to write to, and returns the exit
// code, so tests run them in-process.
#ifndef FAZHI_TOOLS_CLI_COMMANDS_H_
#define FAZHI_TOOLS_CLI_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/rpc/tls.h"

namespace fazhi::cli {

// Where a subcommand sends its calls, and how long it waits for them.
struct ServiceOptions {
  std::string target = "127.0.0.1:7103";
  // Sent as authorization: Bearer TOKEN (--token or FAZHI_TOKEN); empty: none.
  std::string token;
  // TLS to the service (--tls_ca, and --tls_cert/--tls_key for mTLS).
  rpc::PeerTls tls;
  // The deadline of each call (--timeout); a stream's: to reach the
  // service. A target that is down or does not answer is an error naming
  // it within this time, never a hang.
  absl::Duration timeout = absl::Seconds(30);
};

struct ExtractOptions {
  std::vector<std::string> files;
  std::string region_hint;
  // Gazetteer index; empty: the default beside the binary, if present.
  std::string gazetteer_path;
  // Files extracted at once; 0: one per core.
  int jobs = 0;
};
// JSON Lines of fazhi.v1.ParsedReport on `out`, in the order of `files`;
// errors on `err`.
// 0 when every file was read; 1 when any could not be.
int RunExtract(const ExtractOptions& options, std::ostream& out, std::ostream& err);

struct IngestOptions {
  ServiceOptions service{.target = "127.0.0.1:7101"};
  std::string region_hint;
  std::vector<std::string> paths;
  // How long to wait for all jobs to finish.
  absl::Duration wait_timeout = absl::Minutes(10);
  // kBar: a progress bar redrawn in place (a terminal); kLog: a plain
  // progress line every few seconds (logs, pipes); kNone: only failures and
  // the summary.
  enum class Progress { kNone, kBar, kLog };
  Progress progress = Progress::kNone;
};
// Ends with "submitted=N duplicates=D failed=F" on `out`; 0 unless F > 0
// or the service could not be reached.
int RunIngest(const IngestOptions& options, std::ostream& out, std::ostream& err);

struct StatsOptions {
  ServiceOptions service;
  std::string county;
  int year = 0;
  // Same as format = "json" (the contract's `--json`).
  bool json = false;
  // "table", "json" (fazhi.v1.CountyStats JSON), "csv" or "xlsx" (the
  // sheets of common/export, Chinese headers; csv with a BOM).
  std::string format = "table";
  // Where csv goes instead of stdout; xlsx needs it.
  std::string out_path = "";
};
// County statistics; 1 on a bad format or an RPC error.
int RunStats(const StatsOptions& options, std::ostream& out, std::ostream& err);

struct CompareOptions {
  ServiceOptions service;
  std::string county;
  int year_a = 0;
  int year_b = 0;
  std::string format = "table";
  // Where csv goes instead of stdout; xlsx needs it.
  std::string out_path = "";
};
// Year-on-year change of a county (fazhi.v1.YearComparison).
int RunCompare(const CompareOptions& options, std::ostream& out, std::ostream& err);

struct RollupOptions {
  ServiceOptions service;
  // 2-digit province or 4-digit city code.
  std::string code;
  int year = 0;
  std::string format = "table";
  // Where csv goes instead of stdout; xlsx needs it.
  std::string out_path = "";
};
// A province or city roll-up with a row per county (fazhi.v1.Rollup).
int RunRollup(const RollupOptions& options, std::ostream& out, std::ostream& err);

struct CorrectOptions {
  ServiceOptions service;
  std::string report_id;
  // One of: an indicator with a value (and unit) or --drop; an entity; a
  // county; a township.
  std::string indicator;
  std::string value;  // as typed, so that a bad number is named
  std::string unit;
  bool drop = false;
  std::string entity;
  std::string county;
  std::string township;
  std::string reason;
  // Empty: the service records the token's client name.
  std::string reviewer;
  bool json = false;
};
// Corrects one field of a stored report (fazhi.v1.Correction on `out`,
// one line, or its JSON); 2 for flags that do not make one correction
// (before any call), 1 when the service refuses it.
int RunCorrect(const CorrectOptions& options, std::ostream& out, std::ostream& err);

struct RevertOptions {
  ServiceOptions service;
  std::string correction_id;
  std::string reason;
  std::string reviewer;
  bool json = false;
};
int RunRevert(const RevertOptions& options, std::ostream& out, std::ostream& err);

struct AuditOptions {
  ServiceOptions service;
  // A county and year, or a report.
  std::string county;
  int year = 0;
  std::string report_id;
  // One JSON object per entry (report_id, field, old_value, new_value,
  // reviewer, reason, time, ...) instead of a table.
  bool json = false;
};
// Every audit entry of the county and year (or report), oldest first.
int RunAudit(const AuditOptions& options, std::ostream& out, std::ostream& err);

struct JobsOptions {
  // The ingest service.
  ServiceOptions service{.target = "127.0.0.1:7101"};
  // "queued", "delivering", "done" or "failed"; empty: every job.
  std::string state;
  // At most this many jobs; 0: all.
  int64_t limit = 0;
  bool json = false;
};
// Ingest's jobs, one line each (or fazhi.v1.Job JSON Lines): state,
// attempts, when it last changed, source and error. 2 on a bad --state.
int RunJobs(const JobsOptions& options, std::ostream& out, std::ostream& err);

struct BackupOptions {
  // The ingest or the aggregate service (--target is required).
  ServiceOptions service;
  // On the service's machine; empty: its --backup_dir.
  std::string directory;
  // backup: keep only the newest this many afterwards; 0: all.
  int keep = 0;
  // backups: read every file against its checksum too.
  bool verify = false;
  bool json = false;
};
// `fazhi backup`: an online backup, verified; 0 once it is made.
int RunBackup(const BackupOptions& options, std::ostream& out, std::ostream& err);
// `fazhi backups`: the backups in the directory; 1 when one does not verify.
int RunBackups(const BackupOptions& options, std::ostream& out, std::ostream& err);

struct ReprocessOptions {
  // The ingest service (admin role).
  ServiceOptions service{.target = "127.0.0.1:7101"};
  std::string county;
  int year = 0;
  bool all = false;
  bool dry_run = false;
};
// Reads stored reports again with extract's current engine, printing the
// progress the service streams; 0 when every selected report is current,
// 1 when some failed or the call broke off, 2 for bad flags.
int RunReprocess(const ReprocessOptions& options, std::ostream& out, std::ostream& err);

}  // namespace fazhi::cli

#endif  // FAZHI_TOOLS_CLI_COMMANDS_H_
