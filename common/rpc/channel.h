// Client channels to fazhi services: any gRPC target ("127.0.0.1:7102",
// "dns:///fazhi-extract:7102", "ipv4:127.0.0.1:7102,127.0.0.1:7112"), with
// round_robin over every address and, unless asked not to, retries of
// UNAVAILABLE calls.
#ifndef FAZHI_COMMON_RPC_CHANNEL_H_
#define FAZHI_COMMON_RPC_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::rpc {

enum class Retries {
  // gRPC re-sends a call that failed UNAVAILABLE (a peer restarting).
  kOnUnavailable,
  // Never: the caller counts its own attempts. For calls whose request may
  // itself be what took the peer down (a document that crashes extract):
  // re-sending it would crash every replica in turn.
  kNone,
};

// `service` is the full service name the retry policy applies to
// ("fazhi.v1.ExtractionService").
// `credentials`: TLS from ChannelCredentialsFor (tls.h); null: plaintext.
std::shared_ptr<grpc::Channel> MakeChannel(
    absl::string_view target, absl::string_view service, Retries retries = Retries::kOnUnavailable,
    std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// A client context whose deadline is now + `timeout`.
std::unique_ptr<grpc::ClientContext> ContextWithTimeout(absl::Duration timeout);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_CHANNEL_H_
