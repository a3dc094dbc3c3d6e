// fazhi-gateway's HTTP server: civetweb in front of Gateway (gateway.h),
// plus /healthz, /readyz, request logging and metrics.
//
//   ASSIGN_OR_RETURN(auto server, GatewayServer::Start({.listen = "127.0.0.1:0",
//                                                      .backends = {...}}));
//   ... http://127.0.0.1:<server->port()>/v1/stats?county=330102&year=2024 ...
//   server->Shutdown();
#ifndef FAZHI_SERVICES_GATEWAY_GATEWAY_SERVER_H_
#define FAZHI_SERVICES_GATEWAY_GATEWAY_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/https/server_context.h"
#include "common/metrics/metrics_server.h"
#include "common/rpc/tls.h"
#include "services/gateway/gateway.h"

struct mg_context;
struct mg_connection;

namespace fazhi::gateway {

struct GatewayServerOptions {
  std::string listen = "127.0.0.1:7100";
  Backends backends = {};
  // host:port for Prometheus metrics (/metrics); empty: off.
  std::string metrics_listen = "";
  absl::Duration shutdown_grace = absl::Seconds(10);
  // The flags every service shares (rpc/server_flags.h). The gateway
  // passes each caller's token through to the services, which check it,
  // so it takes no tokens file of its own (refused at start with the
  // reason). With `tls` it serves HTTPS only (mTLS with a client CA),
  // certificates re-read when they change (https/server_context.h).
  std::string auth_tokens = "";
  double rate_limit_per_client = 0;
  rpc::ServerTls tls = {};
  bool insecure_listen = false;
  // Requests served at once.
  int threads = 16;
  // The gazetteer index for GET /v1/regions; empty: the one beside the
  // binary (../share/fazhi/gazetteer.tsv), none there: no regions.
  std::string gazetteer_path = "";
  // The web page's folder; empty: ../share/fazhi/web beside the binary,
  // none there: no page. "-": no page.
  std::string web_root = "";
};

class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(const GatewayServerOptions& options);
  ~GatewayServer();
  int port() const { return port_; }
  int metrics_port() const { return metrics_ == nullptr ? 0 : metrics_->port(); }
  // Stops accepting and waits for the requests being served.
  void Shutdown();

 private:
  GatewayServer() = default;
  static int Serve(mg_connection* connection, void* self);
  // civetweb's external_ssl_ctx callback: hands it https_'s context.
  static int TlsContext(void** ssl_ctx, void* self);
  int ServeOne(mg_connection* connection);

  GatewayServerOptions options_;
  std::unique_ptr<gazetteer::Gazetteer> gazetteer_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<https::ServerContext> https_;  // null: plain HTTP
  std::unique_ptr<metrics::MetricsServer> metrics_;
  mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace fazhi::gateway

#endif  // FAZHI_SERVICES_GATEWAY_GATEWAY_SERVER_H_
