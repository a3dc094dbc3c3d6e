#include "services/gateway/gateway_server.h"

#include <civetweb.h>

#include <chrono>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/base/install_paths.h"
#include "common/base/log.h"
#include "common/https/server_context.h"
#include "common/metrics/metrics.h"

namespace fazhi::gateway {
namespace {

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 499:
      return "Client Closed Request";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status < 500 ? "Client Error" : "Internal Server Error";
  }
}

void Write(mg_connection* connection, const HttpResponse& response) {
  std::string head = absl::StrCat("HTTP/1.1 ", response.status, " ", ReasonPhrase(response.status),
                                  "\r\nContent-Type: ", response.content_type,
                                  "\r\nContent-Length: ", response.body.size(),
                                  "\r\nCache-Control: no-store\r\nConnection: close\r\n");
  for (const auto& [name, value] : response.headers)
    absl::StrAppend(&head, name, ": ", value, "\r\n");
  head += "\r\n";
  mg_write(connection, head.data(), head.size());
  mg_write(connection, response.body.data(), response.body.size());
}

// Reads the body, at most `limit` bytes: false (and nothing more read)
// when it is longer. A stated Content-Length above the limit is refused
// before a byte is read.
bool ReadBody(mg_connection* connection, long long content_length, int64_t limit,
              std::string* body) {
  if (content_length > limit) return false;
  char buffer[64 << 10];
  while (true) {
    int n = mg_read(connection, buffer, sizeof buffer);
    if (n <= 0) return true;
    if (static_cast<int64_t>(body->size()) + n > limit) return false;
    body->append(buffer, static_cast<size_t>(n));
  }
}

// Method label values a client cannot multiply.
std::string MethodLabel(const std::string& method) {
  for (const char* known : {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    if (method == known) return method;
  }
  return "other";
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayServerOptions& options) {
  if (!options.auth_tokens.empty() || options.rate_limit_per_client > 0) {
    return absl::InvalidArgumentError(
        "--auth_tokens/--rate_limit_per_client: fazhi-gateway passes each caller's "
        "Authorization header through to the services, which check the token and its rate; "
        "give these flags to ingest, extract and aggregate");
  }
  const bool tls = options.tls.enabled() || !options.tls.client_ca.empty();
  if (absl::Status listen = rpc::CheckListen(options.listen, tls, options.insecure_listen);
      !listen.ok()) {
    return listen;
  }
  std::unique_ptr<GatewayServer> s(new GatewayServer());
  s->options_ = options;
  if (tls) {
    auto https = https::ServerContext::Create(options.tls);
    if (!https.ok()) return https.status();
    s->https_ = *std::move(https);
  }
  auto gazetteer =
      gazetteer::LoadConfigured(options.gazetteer_path, "the page's region pickers stay empty");
  if (!gazetteer.ok()) return gazetteer.status();
  s->gazetteer_ = *std::move(gazetteer);
  std::string web_root = options.web_root;
  if (web_root.empty()) {
    std::error_code ec;
    std::string beside = InstalledPath("share/fazhi/web");
    if (std::filesystem::exists(beside + "/index.html", ec)) web_root = beside;
  } else if (web_root == "-") {
    web_root.clear();
  }
  auto gateway = Gateway::Create(options.backends, {s->gazetteer_.get(), web_root});
  if (!gateway.ok()) return gateway.status();
  s->gateway_ = *std::move(gateway);
  metrics::Metrics::Global().SetBuildInfo("gateway", "", "");
  if (!options.metrics_listen.empty()) {
    auto metrics = metrics::MetricsServer::Start(options.metrics_listen,
                                                 [gateway = s->gateway_.get()](std::string* why) {
                                                   std::string down;
                                                   if (gateway->Ready(&down)) return true;
                                                   *why = absl::StrCat("not ready: ", down);
                                                   return false;
                                                 });
    if (!metrics.ok()) return metrics.status();
    s->metrics_ = *std::move(metrics);
  }
  static bool initialised = [] {
    mg_init_library(0);
    return true;
  }();
  (void)initialised;
  const std::string threads = absl::StrCat(options.threads > 0 ? options.threads : 16);
  // A client that sends its request slowly is cut off after 30 s; the
  // reply to a slow backend call is not (the call has its own deadline).
  // civetweb marks a TLS port with a trailing "s".
  const std::string listening = tls ? options.listen + "s" : options.listen;
  const char* mg_options[] = {
      "listening_ports",    listening.c_str(), "num_threads", threads.c_str(),
      "request_timeout_ms", "30000",           nullptr};
  mg_callbacks callbacks{};
  if (tls) callbacks.external_ssl_ctx = &GatewayServer::TlsContext;
  // What civetweb would print to stderr (a port it cannot open, a failed
  // handshake) goes to the service's log.
  callbacks.log_message = [](const mg_connection*, const char* message) {
    FAZHI_LOG(kWarning) << "civetweb: " << message;
    return 1;
  };
  s->context_ = mg_start(&callbacks, s.get(), mg_options);
  if (s->context_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("fazhi-gateway: cannot listen on ", options.listen));
  }
  mg_set_request_handler(s->context_, "/", &GatewayServer::Serve, s.get());
  mg_server_port ports[4];
  int n = mg_get_server_ports(s->context_, 4, ports);
  s->port_ = n > 0 ? ports[0].port : 0;
  FAZHI_LOG(kInfo) << "fazhi-gateway listening on port " << s->port_
                   << (tls ? (s->https_->mutual() ? " (HTTPS, client certificates required)"
                                                  : " (HTTPS)")
                           : " (plain HTTP)")
                   << " (ingest " << options.backends.ingest_target << ", extract "
                   << options.backends.extract_target << ", aggregate "
                   << options.backends.aggregate_target << ")";
  return s;
}

GatewayServer::~GatewayServer() { Shutdown(); }

void GatewayServer::Shutdown() {
  if (context_ != nullptr) {
    mg_stop(context_);  // waits for the requests being served
    context_ = nullptr;
  }
}

int GatewayServer::TlsContext(void** ssl_ctx, void* self) {
  // Called with the context to free at shutdown: it stays ours.
  if (*ssl_ctx != nullptr) return 1;
  *ssl_ctx = static_cast<GatewayServer*>(self)->https_->ssl_ctx();
  return 1;  // civetweb uses it as it is
}

int GatewayServer::Serve(mg_connection* connection, void* self) {
  return static_cast<GatewayServer*>(self)->ServeOne(connection);
}

int GatewayServer::ServeOne(mg_connection* connection) {
  const auto started = std::chrono::steady_clock::now();
  const mg_request_info* info = mg_get_request_info(connection);
  HttpRequest request;
  request.method = info->request_method != nullptr ? info->request_method : "";
  request.path = info->local_uri != nullptr ? info->local_uri : "";
  request.query = info->query_string != nullptr ? info->query_string : "";
  if (const char* authorization = mg_get_header(connection, "Authorization")) {
    request.authorization = authorization;
  }
  std::string route = gateway_->RouteOf(request);
  HttpResponse response;
  if (request.path == "/healthz") {
    response.body = "{\"status\":\"SERVING\"}\n";
  } else if (request.path == "/readyz") {
    std::string down;
    if (gateway_->Ready(&down)) {
      response.body = "{\"status\":\"SERVING\"}\n";
    } else {
      response = ErrorResponse(grpc::StatusCode::UNAVAILABLE, absl::StrCat("not ready: ", down));
    }
  } else if (!ReadBody(connection, info->content_length, gateway_->max_document_bytes(),
                       &request.body)) {
    response = ErrorResponse(grpc::StatusCode::RESOURCE_EXHAUSTED,
                             absl::StrCat("request body exceeds the document limit of ",
                                          gateway_->max_document_bytes(), " bytes"));
    response.status = 413;
  } else {
    response = gateway_->Handle(request);
  }
  Write(connection, response);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics::Metrics& m = metrics::Metrics::Global();
  const metrics::Labels labels = {{"route", route},
                                  {"method", MethodLabel(request.method)},
                                  {"status", absl::StrCat(response.status)}};
  m.Add("fazhi_gateway_requests_total", "HTTP requests, by route template, method and status",
        labels);
  m.Observe("fazhi_gateway_request_seconds", "HTTP request latency, by route template",
            {{"route", route}}, seconds);
  FAZHI_LOG(kDebug) << "http " << MethodLabel(request.method) << " " << route
                    << " status=" << response.status << " bytes_in=" << request.body.size()
                    << " bytes_out=" << response.body.size() << " ms=" << seconds * 1000;
  return response.status;
}

}  // namespace fazhi::gateway
