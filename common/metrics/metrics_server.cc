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

void Reply(mg_connection* connection, int status, const std::string& body) {
  mg_printf(connection,
            "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, status == 200 ? "OK" : "Service Unavailable", body.size());
  mg_write(connection, body.data(), body.size());
}

int ServeHealth(mg_connection* connection, void*) {
  Reply(connection, 200, "{\"status\":\"SERVING\"}\n");
  return 200;
}

// A reason as a JSON string's content.
std::string JsonEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

}  // namespace

int MetricsServer::ServeReady(mg_connection* connection, void* self) {
  const Readiness& ready = static_cast<MetricsServer*>(self)->ready_;
  std::string why;
  if (ready == nullptr || ready(&why)) return ServeHealth(connection, nullptr);
  Reply(connection, 503,
        absl::StrCat("{\"status\":\"NOT_SERVING\",\"message\":\"", JsonEscaped(why), "\"}\n"));
  return 503;
}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen,
                                                                    Readiness ready) {
  static bool initialised = [] {
    mg_init_library(0);
    return true;
  }();
  (void)initialised;
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->ready_ = std::move(ready);
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  mg_callbacks callbacks{};
  server->context_ = mg_start(&callbacks, nullptr, options);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("metrics: cannot listen on ", listen));
  }
  mg_set_request_handler(server->context_, "/metrics", ServeMetrics, nullptr);
  mg_set_request_handler(server->context_, "/healthz", ServeHealth, nullptr);
  mg_set_request_handler(server->context_, "/readyz", &MetricsServer::ServeReady, server.get());
  mg_server_port ports[4];
  int n = mg_get_server_ports(server->context_, 4, ports);
  server->port_ = n > 0 ? ports[0].port : 0;
  return server;
}

MetricsServer::~MetricsServer() {
  if (context_ != nullptr) mg_stop(context_);
}

}  // namespace fazhi::metrics
