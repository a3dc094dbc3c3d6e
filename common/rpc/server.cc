#include "common/rpc/server.h"

#include <chrono>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "grpcpp/ext/health_check_service_server_builder_option.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/support/server_interceptor.h"

namespace fazhi::rpc {
namespace {

// One debug line per finished request: method, status code and duration.
class LoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit LoggingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method()), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
      metrics::Metrics& m = metrics::Metrics::Global();
      m.Add("fazhi_rpc_requests_total", "gRPC requests served, by method and status code",
            {{"method", method_}, {"code", absl::StrCat(status.error_code())}});
      m.Observe("fazhi_rpc_duration_seconds", "gRPC request latency, by method",
                {{"method", method_}}, seconds);
      FAZHI_LOG(kDebug) << "rpc " << method_ << " code=" << status.error_code()
                        << " ms=" << absl::ToDoubleMilliseconds(absl::Now() - start_)
                        << (status.ok() ? ""
                                        : absl::StrCat(" error=\"", status.error_message(), "\""));
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  absl::Time start_;
};

class LoggingInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new LoggingInterceptor(info);
  }
};

}  // namespace

void RunningServer::Shutdown(absl::Duration grace) {
  if (stopped_) return;
  stopped_ = true;
  health_->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(absl::ToInt64Milliseconds(grace)));
}

absl::StatusOr<std::unique_ptr<RunningServer>> StartServer(
    const ServerOptions& options, const std::vector<NamedService>& services) {
  if (options.listen.empty() || options.listen.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address '", options.listen, "' is not host:port"));
  }
  static bool plugins_once = [] {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    return true;
  }();
  (void)plugins_once;
  if (absl::Status s = CheckListen(options.listen, options.tls.enabled(), options.insecure_listen);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(options.tls);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, *credentials, &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age)));
  builder.SetMaxSendMessageSize(options.max_receive_message_bytes);
  // Our own health service, not gRPC's default: its watches end on stop.
  builder.SetOption(std::make_unique<grpc::HealthCheckServiceServerBuilderOption>(nullptr));
  std::set<std::string> names;
  for (const NamedService& s : services) {
    builder.RegisterService(s.service);
    names.insert(s.name);
  }
  auto health = std::make_unique<HealthService>(std::move(names));
  builder.RegisterService(health.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<LoggingInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, " (in use or invalid)"));
  }
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  if (!options.metrics_listen.empty()) {
    auto started = metrics::MetricsServer::Start(options.metrics_listen);
    if (!started.ok()) {
      server->Shutdown();
      return started.status();
    }
    metrics_server = *std::move(started);
  }
  return std::make_unique<RunningServer>(std::move(server), std::move(health), port,
                                         std::move(metrics_server));
}

}  // namespace fazhi::rpc
