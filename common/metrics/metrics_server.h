// Serves Metrics::Global() at /metrics over HTTP with civetweb, on its own
// port (--metrics_listen), apart from the service's port; and /healthz
// (the process answers) and /readyz (200 while `ready` says so, else 503)
// there, for probes that cannot speak the service's TLS: a kubelet has no
// client certificate, and its grpc: probes no TLS at all. The port carries
// no report data.
//
//   ASSIGN_OR_RETURN(auto server, MetricsServer::Start("127.0.0.1:0", [&] { return up; }));
//   int port = server->port();
#ifndef FAZHI_COMMON_METRICS_METRICS_SERVER_H_
#define FAZHI_COMMON_METRICS_METRICS_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct mg_context;
struct mg_connection;

namespace fazhi::metrics {

class MetricsServer {
 public:
  // Whether the service takes requests; with `why` saying what is not
  // ready when it does not.
  using Readiness = std::function<bool(std::string* why)>;

  // `listen` is host:port (port 0 picks a free one). UNAVAILABLE when it
  // cannot listen there. Without `ready`, /readyz is /healthz.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen,
                                                              Readiness ready = nullptr);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  static int ServeReady(mg_connection* connection, void* self);
  Readiness ready_;
  mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_METRICS_SERVER_H_
