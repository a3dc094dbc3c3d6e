// Test helpers: scratch folders, the shared seed corpus, and the three real
// services started in-process on ephemeral loopback ports.
#ifndef FAZHI_TESTS_SUPPORT_TEST_SUPPORT_H_
#define FAZHI_TESTS_SUPPORT_TEST_SUPPORT_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/rpc/tls.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "services/aggregate/aggregate_server.h"
#include "services/extract/extract_server.h"
#include "services/ingest/ingest_server.h"
#include "tests/support/gold.pb.h"

namespace fazhi::testing {

// A fresh folder under $TEST_TMPDIR or /tmp, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& bytes);

// Writes to `path` the built-in catalog under version "2000.1.1-test" and
// without the petitions rule (what an older engine read), for
// Cluster::SetExtractCatalog; returns `path`.
std::string WriteOldCatalog(const std::string& path);

// ../shared/corpus beside the repository.
std::string CorpusDir();
// The seed reports, sorted by name.
std::vector<std::string> SeedFiles();
// A loopback port that was free a moment ago.
int FreePort();
// A shell command's exit code (-1 when it did not exit) and stdout.
struct ShellRun {
  int exit_code;
  std::string out;
};
ShellRun Shell(const std::string& command);

// Starts build/bin/`binary` with `args` in a child process; its pid.
// With `stderr_path`, the child's stderr (its log) goes to that file.
pid_t StartBinary(const std::string& binary, const std::vector<std::string>& args,
                  const std::string& stderr_path = "");
// True once the server on 127.0.0.1:`port` answers health checks SERVING.
bool WaitForServing(int port, absl::Duration timeout = absl::Seconds(30));

// The gold labels (seeds.gold.json); fails the test when unreadable.
std::vector<GoldReport> LoadGold();

// extract + aggregate + ingest on 127.0.0.1:0 with RocksDB folders in a
// TempDir. Each can be stopped and started again on the same folder.
class Cluster {
 public:
  explicit Cluster(const std::string& data_root);
  ~Cluster();

  void StartExtract();
  void StartAggregate();
  void StartIngest();
  void StartAll();
  void StopExtract();
  void StopAggregate();
  void StopIngest();

  std::string extract_target() const { return "127.0.0.1:" + std::to_string(extract_port_); }
  std::string ingest_target() const { return "127.0.0.1:" + std::to_string(ingest_port_); }
  std::string aggregate_target() const { return "127.0.0.1:" + std::to_string(aggregate_port_); }
  fazhi::v1::IngestService::Stub& ingest();
  fazhi::v1::AggregationService::Stub& aggregate();

  // Submits a document; returns the response or the RPC error.
  absl::StatusOr<fazhi::v1::SubmitResponse> Submit(const std::string& source,
                                                   const std::string& content,
                                                   const std::string& region_hint);
  // Polls GetJob until every job is DONE or FAILED; returns the final jobs.
  std::vector<fazhi::v1::Job> WaitForJobs(const std::vector<std::string>& job_ids,
                                          absl::Duration timeout = absl::Seconds(60));
  absl::StatusOr<fazhi::v1::CountyStats> CountyStats(const std::string& county, int year);
  // Every report aggregate lists for a county (or "unresolved") and year,
  // all pages, optionally of one township.
  absl::StatusOr<std::vector<fazhi::v1::ReportSummary>> ListReports(
      const std::string& county, int year, const std::string& township = "");

  // The catalog file the next StartExtract reads; empty: the built-in one.
  void SetExtractCatalog(const std::string& path) { extract_catalog_ = path; }
  // Options the next StartIngest uses (tests shorten the backoff).
  ingest::PipelineOptions& pipeline_options() { return pipeline_options_; }
  // Services started after this require tokens from `tokens_file`; the
  // cluster's own calls (Submit, WaitForJobs, CountyStats, ListReports)
  // present `client_token`.
  void RequireTokens(const std::string& tokens_file, const std::string& client_token) {
    auth_tokens_ = tokens_file;
    client_token_ = client_token;
  }
  // Services started after this serve `server` TLS; ingest and the
  // cluster's own stubs connect with `client`.
  void UseTls(const rpc::ServerTls& server, const rpc::PeerTls& client);

 private:
  std::string data_root_;
  // Ports stay fixed across restarts so that ingest finds its peers again.
  int extract_port_ = 0;
  int aggregate_port_ = 0;
  int ingest_port_ = 0;
  ingest::PipelineOptions pipeline_options_;
  std::string extract_catalog_;
  std::string auth_tokens_;
  std::string client_token_;
  rpc::ServerTls server_tls_;
  std::shared_ptr<grpc::ChannelCredentials> client_credentials_;
  std::unique_ptr<extract::ExtractServer> extract_;
  std::unique_ptr<aggregate::AggregateServer> aggregate_;
  std::unique_ptr<ingest::IngestServer> ingest_;
  std::unique_ptr<fazhi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<fazhi::v1::AggregationService::Stub> aggregate_stub_;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_TEST_SUPPORT_H_
