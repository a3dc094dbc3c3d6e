#include "common/metrics/metrics_server.h"

#include <civetweb.h>

#include "absl/strings/str_cat.h"
#include "common/metrics/metrics.h"

namespace fazhi::metrics {
namespace {

int ServeMetrics(mg_connection* connection, void*) {
  std::string body = Metrics::Global().Render();
  mg_printf(connection,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            body.size());
  mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen) {
  static bool initialised = [] {
    mg_init_library(0);
    return true;
  }();
  (void)initialised;
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  mg_callbacks callbacks{};
  server->context_ = mg_start(&callbacks, nullptr, options);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("metrics: cannot listen on ", listen));
  }
  mg_set_request_handler(server->context_, "/metrics", ServeMetrics, nullptr);
  mg_server_port ports[4];
  int n = mg_get_server_ports(server->context_, 4, ports);
  server->port_ = n > 0 ? ports[0].port : 0;
  return server;
}

MetricsServer::~MetricsServer() {
  if (context_ != nullptr) mg_stop(context_);
}

}  // namespace fazhi::metrics
