// Starts a gRPC server the way every fazhi service needs it: the health
// service and reflection on, one debug log line per request, a bounded
// message size, and a clean, draining shutdown.
//
//   ASSIGN_OR_RETURN(auto server, rpc::StartServer(
//       {.listen = "127.0.0.1:0"},
//       {{fazhi::v1::ExtractionService::service_full_name(), &service}}));
//   int port = server->port();
//   server->Shutdown(absl::Seconds(10));
#ifndef FAZHI_COMMON_RPC_SERVER_H_
#define FAZHI_COMMON_RPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics/metrics_server.h"
#include "common/rpc/health.h"
#include "common/rpc/tls.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::rpc {

struct ServerOptions {
  // host:port; port 0 picks a free one (tests).
  std::string listen;
  // Largest request accepted, in bytes.
  int max_receive_message_bytes = 64 << 20;
  // host:port for Prometheus metrics over HTTP (/metrics); empty: off.
  std::string metrics_listen = "";
  // Clients are asked to reconnect after this long (calls in flight finish
  // first), so that they resolve DNS again and spread over replicas that a
  // scale-up added.
  absl::Duration max_connection_age = absl::Seconds(60);
  // TLS (mTLS with a client CA); without it only loopback is served unless
  // `insecure_listen`.
  ServerTls tls = {};
  bool insecure_listen = false;
};

class RunningServer {
 public:
  RunningServer(std::unique_ptr<grpc::Server> server, std::unique_ptr<HealthService> health,
                int port, std::unique_ptr<metrics::MetricsServer> metrics)
      : health_(std::move(health)),
        server_(std::move(server)),
        port_(port),
        metrics_(std::move(metrics)) {}
  ~RunningServer() { Shutdown(absl::Seconds(5)); }

  int port() const { return port_; }
  // The metrics HTTP port, or 0 when metrics are off.
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  grpc::Server* server() const { return server_.get(); }
  // Reports NOT_SERVING on health and ends health watches, lets in-flight
  // calls finish within `grace`, cancels the rest. Safe to call twice.
  void Shutdown(absl::Duration grace);
  void Wait() { server_->Wait(); }

 private:
  std::unique_ptr<HealthService> health_;  // outlives server_
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::unique_ptr<metrics::MetricsServer> metrics_;
  bool stopped_ = false;
};

// A service and its full name (fazhi::v1::ExtractionService::
// service_full_name()), which health checks answer for.
struct NamedService {
  std::string name;
  grpc::Service* service;
};

// INVALID_ARGUMENT for a malformed address; UNAVAILABLE when it cannot bind.
absl::StatusOr<std::unique_ptr<RunningServer>> StartServer(
    const ServerOptions& options, const std::vector<NamedService>& services);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_SERVER_H_
