#include "common/rpc/server.h"

#include <chrono>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "common/rpc/request_id.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/ext/health_check_service_server_builder_option.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/support/server_interceptor.h"

namespace fazhi::rpc {
namespace {

constexpr int kMaxMetadataBytes = 16 << 10;
constexpr int kMaxConcurrentStreams = 100;
constexpr int kMaxServerThreads = 64;

// The proto3 string field whose invalid UTF-8 failed the parse of this
// thread's request, as protobuf logs it ("String field 'fazhi.v1.Document.
// source' contains invalid UTF-8 data when parsing ..."). gRPC answers such
// a request INTERNAL with no message; the interceptor below turns that
// into INVALID_ARGUMENT naming the field. The sync server parses a request
// and sends its status on one thread.
thread_local std::string invalid_utf8_field;
google::protobuf::LogHandler* previous_log_handler = nullptr;

void NoteInvalidUtf8(google::protobuf::LogLevel level, const char* filename, int line,
                     const std::string& message) {
  const std::string kField = "String field '";
  size_t at = message.find(kField);
  if (at != std::string::npos && absl::StrContains(message, "invalid UTF-8") &&
      absl::StrContains(message, "when parsing")) {
    size_t start = at + kField.size();
    invalid_utf8_field = message.substr(start, message.find('\'', start) - start);
    return;  // the client is told; no stderr line per hostile request
  }
  if (previous_log_handler != nullptr) previous_log_handler(level, filename, line, message);
}

// The full paths of the methods a server runs ("/fazhi.v1.IngestService/
// Submit"), from the generated descriptors: metric labels take only these.
std::set<std::string> MethodPaths(const std::set<std::string>& services) {
  std::set<std::string> paths;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      paths.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return paths;
}

// One debug line per finished request: method, status code and duration;
// and the request metrics. A method this server does not run is labelled
// "unknown", so that a client cannot grow the metrics by inventing names.
class LoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  LoggingInterceptor(grpc::experimental::ServerRpcInfo* info,
                     const std::set<std::string>& known_methods)
      : info_(info),
        method_(info->method()),
        label_(known_methods.count(method_) > 0 ? method_ : "unknown"),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL && !invalid_utf8_field.empty()) {
        status =
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         absl::StrCat("request field ", invalid_utf8_field,
                                      " holds invalid UTF-8 (string fields must be UTF-8 text)"));
        methods->ModifySendStatus(status);
      }
      invalid_utf8_field.clear();
      double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
      std::string code =
          absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
      metrics::Metrics& m = metrics::Metrics::Global();
      m.Add("fazhi_rpc_requests_total", "gRPC requests served, by method and status code",
            {{"method", label_}, {"code", code}});
      m.Observe("fazhi_rpc_duration_seconds", "gRPC request latency, by method",
                {{"method", label_}}, seconds);
      // One line per call: a debug line when it went well, an info line
      // when it failed; with the caller and the request id, which follow a
      // document from service to service.
      const grpc::ServerContextBase* context = info_->server_context();
      LogFields(status.ok() ? LogLevel::kDebug : LogLevel::kInfo, "rpc",
                {{"method", label_},
                 {"code", code},
                 {"ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(absl::Now() - start_))},
                 {"caller", context != nullptr ? TakeCaller(context) : ""},
                 {"request_id", context != nullptr ? RequestIdOf(*context) : ""},
                 {"error", status.ok() ? "" : status.error_message()}});
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  std::string method_;
  std::string label_;
  absl::Time start_;
};

class LoggingInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit LoggingInterceptorFactory(std::set<std::string> known_methods)
      : known_methods_(std::move(known_methods)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new LoggingInterceptor(info, known_methods_);
  }

 private:
  const std::set<std::string> known_methods_;
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
    previous_log_handler = google::protobuf::SetLogHandler(NoteInvalidUtf8);
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
  // Limits a client cannot move, so that one of them cannot disturb the
  // others: metadata per call, streams per connection, pings (a client
  // pinging more often than allowed gets GOAWAY), and the memory and
  // threads the server's calls may take in all.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  grpc::ResourceQuota quota("fazhi-server");
  quota.Resize(static_cast<size_t>(options.max_receive_message_bytes) * 8);
  quota.SetMaxThreads(kMaxServerThreads);
  builder.SetResourceQuota(quota);
  // Our own health service, not gRPC's default: its watches end on stop.
  builder.SetOption(std::make_unique<grpc::HealthCheckServiceServerBuilderOption>(nullptr));
  std::set<std::string> names;
  for (const NamedService& s : services) {
    builder.RegisterService(s.service);
    names.insert(s.name);
  }
  auto health = std::make_unique<HealthService>(names);
  builder.RegisterService(health.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  std::set<std::string> served = names;
  served.insert(grpc::health::v1::Health::service_full_name());
  served.insert("grpc.reflection.v1alpha.ServerReflection");
  interceptors.push_back(std::make_unique<LoggingInterceptorFactory>(MethodPaths(served)));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, " (in use or invalid)"));
  }
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  if (!options.metrics_listen.empty()) {
    auto started = metrics::MetricsServer::Start(options.metrics_listen,
                                                 [serving = health.get()](std::string* why) {
                                                   if (serving->Serving()) return true;
                                                   *why = "stopping";
                                                   return false;
                                                 });
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
