// Serves Metrics::Global() at /metrics over HTTP with civetweb, on its own
// port (--metrics_listen), apart from the gRPC port.
//
//   ASSIGN_OR_RETURN(auto server, MetricsServer::Start("127.0.0.1:0"));
//   int port = server->port();
#ifndef FAZHI_COMMON_METRICS_METRICS_SERVER_H_
#define FAZHI_COMMON_METRICS_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct mg_context;

namespace fazhi::metrics {

class MetricsServer {
 public:
  // `listen` is host:port (port 0 picks a free one). UNAVAILABLE when it
  // cannot listen there.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_METRICS_SERVER_H_
