#include "tools/cli/client.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"

namespace fazhi::cli {

std::string StatusText(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

std::string CallError(absl::string_view command, const ServiceOptions& service,
                      const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::StrCat("fazhi ", command, ": ", service.target,
                        ": DEADLINE_EXCEEDED: no answer within ",
                        absl::FormatDuration(service.timeout),
                        " (is the service up and is this its address? --timeout waits longer)\n");
  }
  return absl::StrCat("fazhi ", command, ": ", service.target, ": ", StatusText(status), "\n");
}

std::unique_ptr<grpc::ClientContext> CallContext(const ServiceOptions& service) {
  auto context = rpc::ContextWithTimeout(service.timeout);
  rpc::AttachToken(context.get(), service.token);
  return context;
}

std::shared_ptr<grpc::Channel> ServiceChannel(const ServiceOptions& service,
                                              const char* service_name, std::ostream& err) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      rpc::ChannelCredentialsFor(service.tls);
  if (!credentials.ok()) {
    err << "fazhi: " << credentials.status().message() << "\n";
    return nullptr;
  }
  return rpc::MakeChannel(service.target, service_name, rpc::Retries::kOnUnavailable, *credentials);
}

std::unique_ptr<fazhi::v1::AggregationService::Stub> AggregateStub(const ServiceOptions& service,
                                                                   std::ostream& err) {
  auto channel = ServiceChannel(service, "fazhi.v1.AggregationService", err);
  return channel == nullptr ? nullptr : fazhi::v1::AggregationService::NewStub(channel);
}

std::unique_ptr<fazhi::v1::IngestService::Stub> IngestStub(const ServiceOptions& service,
                                                           std::ostream& err) {
  auto channel = ServiceChannel(service, "fazhi.v1.IngestService", err);
  return channel == nullptr ? nullptr : fazhi::v1::IngestService::NewStub(channel);
}

bool Reachable(grpc::Channel& channel, absl::string_view command, const ServiceOptions& service,
               std::ostream& err) {
  if (channel.WaitForConnected(absl::ToChronoTime(absl::Now() + service.timeout))) return true;
  err << "fazhi " << command << ": " << service.target << ": UNAVAILABLE: not reachable within "
      << absl::FormatDuration(service.timeout)
      << " (is the service up and is this its address? --timeout waits longer)\n";
  return false;
}

}  // namespace fazhi::cli
