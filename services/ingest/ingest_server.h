// The ingest server: its RocksDB store, the job pipeline and IngestService.
//
//   ASSIGN_OR_RETURN(auto server, IngestServer::Start(
//       {.listen = "127.0.0.1:0", .data_dir = dir,
//        .pipeline = {.extract_target = ..., .aggregate_target = ...}}));
//   server->Shutdown();  // drains calls, stops workers, closes the store
#ifndef FAZHI_SERVICES_INGEST_INGEST_SERVER_H_
#define FAZHI_SERVICES_INGEST_INGEST_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/backup/backup_service.h"
#include "common/rpc/server.h"
#include "common/store/store.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/ingest/ingest_service.h"

namespace fazhi::ingest {

struct IngestServerOptions {
  std::string listen = "127.0.0.1:7101";
  std::string data_dir = "";
  // Where BackupService writes when a request names no directory, and the
  // only tree it may write to; empty: any absolute directory a request names.
  std::string backup_dir = "";
  // Gazetteer index for checking region hints at Submit; empty: the default
  // beside the binary, if present (else hints are checked for form only).
  std::string gazetteer_path = "";
  PipelineOptions pipeline;
  // host:port for Prometheus metrics (/metrics over HTTP); empty: off.
  std::string metrics_listen = "";
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Tokens file (rpc/auth.h): TOKEN ROLE[,ROLE...] [NAME] per line; empty:
  // every call is allowed.
  std::string auth_tokens = "";
  // Calls a second each client (token) may make; 0: no limit.
  double rate_limit_per_client = 0;
  // TLS / mTLS of this server (rpc/tls.h); without it only loopback is
  // served unless `insecure_listen`.
  rpc::ServerTls tls = {};
  bool insecure_listen = false;
};

class IngestServer {
 public:
  static absl::StatusOr<std::unique_ptr<IngestServer>> Start(const IngestServerOptions& options);
  ~IngestServer() { Shutdown(); }
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  IngestPipeline* pipeline() { return pipeline_.get(); }
  // Safe to call twice.
  void Shutdown();

 private:
  IngestServer() = default;
  IngestServerOptions options_;
  std::unique_ptr<gazetteer::Gazetteer> gazetteer_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<IngestPipeline> pipeline_;
  std::unique_ptr<rpc::Authenticator> auth_;
  std::unique_ptr<IngestService> service_;
  std::unique_ptr<backup::BackupServiceImpl> backup_;
  std::unique_ptr<rpc::RunningServer> server_;
  // Metrics gauges to unregister on Shutdown.
  std::vector<int> gauges_;
};

}  // namespace fazhi::ingest

#endif  // FAZHI_SERVICES_INGEST_INGEST_SERVER_H_
