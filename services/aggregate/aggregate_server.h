// The aggregate server: its RocksDB store plus AggregationService on a port.
//
//   ASSIGN_OR_RETURN(auto server, AggregateServer::Start(
//       {.listen = "127.0.0.1:0", .data_dir = dir}));
//   server->Shutdown();  // drains calls, then flushes and closes the store
#ifndef FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVER_H_
#define FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/backup/backup_service.h"
#include "common/rpc/server.h"
#include "common/store/store.h"
#include "services/aggregate/aggregate_service.h"

namespace fazhi::aggregate {

struct AggregateServerOptions {
  std::string listen = "127.0.0.1:7103";
  std::string data_dir = "";
  // Where BackupService writes when a request names no directory, and the
  // only tree it may write to; empty: any absolute directory a request names.
  std::string backup_dir = "";
  // Gazetteer index; empty: the default beside the binary, if present.
  std::string gazetteer_path = "";
  // host:port for Prometheus metrics (/metrics over HTTP); empty: off.
  std::string metrics_listen = "";
  absl::Duration shutdown_grace = absl::Seconds(10);
  // RocksDB's block cache and memtable budget (store::StoreOptions).
  int64_t block_cache_bytes = int64_t{64} << 20;
  int64_t memtable_bytes = int64_t{64} << 20;
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

class AggregateServer {
 public:
  static absl::StatusOr<std::unique_ptr<AggregateServer>> Start(
      const AggregateServerOptions& options);
  ~AggregateServer() { Shutdown(); }
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  AggregateService* service() { return service_.get(); }
  // Stops serving (in-flight calls finish within the grace), then closes
  // the store. Safe to call twice.
  void Shutdown();

 private:
  AggregateServer() = default;
  AggregateServerOptions options_;
  std::unique_ptr<gazetteer::Gazetteer> gazetteer_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<rpc::Authenticator> auth_;
  std::unique_ptr<AggregateService> service_;
  std::unique_ptr<backup::BackupServiceImpl> backup_;
  std::unique_ptr<rpc::RunningServer> server_;
  // Metrics gauges to unregister on Shutdown.
  std::vector<int> gauges_;
};

}  // namespace fazhi::aggregate

#endif  // FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVER_H_
