#include "tools/cli/client.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"

namespace fazhi::cli {

std::string StatusText(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

std::unique_ptr<fazhi::v1::AggregationService::Stub> AggregateStub(const std::string& target,
                                                                   const rpc::PeerTls& tls,
                                                                   std::ostream& err) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      rpc::ChannelCredentialsFor(tls);
  if (!credentials.ok()) {
    err << "fazhi: " << credentials.status().message() << "\n";
    return nullptr;
  }
  return fazhi::v1::AggregationService::NewStub(rpc::MakeChannel(
      target, "fazhi.v1.AggregationService", rpc::Retries::kOnUnavailable, *credentials));
}

}  // namespace fazhi::cli
