#include "common/rpc/channel.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace fazhi::rpc {

std::shared_ptr<grpc::Channel> MakeChannel(absl::string_view target, absl::string_view service,
                                           Retries retries,
                                           std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  // gRPC's default reconnect backoff grows to two minutes; a peer that
  // comes back should be used within seconds.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 3000);
  if (retries == Retries::kNone) {
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  } else {
    args.SetServiceConfigJSON(
        absl::StrCat(R"({"loadBalancingConfig":[{"round_robin":{}}],)",
                     R"("methodConfig":[{"name":[{"service":")", service, R"("}],)",
                     R"("retryPolicy":{"maxAttempts":4,"initialBackoff":"0.1s",)",
                     R"("maxBackoff":"1s","backoffMultiplier":2,)",
                     R"("retryableStatusCodes":["UNAVAILABLE"]}}]})"));
  }
  return grpc::CreateCustomChannel(
      std::string(target), credentials ? credentials : grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> ContextWithTimeout(absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
  return context;
}

}  // namespace fazhi::rpc
