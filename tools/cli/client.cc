#include "tools/cli/client.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"

namespace fazhi::cli {

std::string StatusText(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

namespace {

std::shared_ptr<grpc::Channel> Channel(const std::string& target, const char* service,
                                       const rpc::PeerTls& tls, std::ostream& err) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      rpc::ChannelCredentialsFor(tls);
  if (!credentials.ok()) {
    err << "fazhi: " << credentials.status().message() << "\n";
    return nullptr;
  }
  return rpc::MakeChannel(target, service, rpc::Retries::kOnUnavailable, *credentials);
}

}  // namespace

std::unique_ptr<fazhi::v1::AggregationService::Stub> AggregateStub(const std::string& target,
                                                                   const rpc::PeerTls& tls,
                                                                   std::ostream& err) {
  auto channel = Channel(target, "fazhi.v1.AggregationService", tls, err);
  return channel == nullptr ? nullptr : fazhi::v1::AggregationService::NewStub(channel);
}

std::unique_ptr<fazhi::v1::IngestService::Stub> IngestStub(const std::string& target,
                                                           const rpc::PeerTls& tls,
                                                           std::ostream& err) {
  auto channel = Channel(target, "fazhi.v1.IngestService", tls, err);
  return channel == nullptr ? nullptr : fazhi::v1::IngestService::NewStub(channel);
}

}  // namespace fazhi::cli
