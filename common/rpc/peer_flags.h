// The flags of a service that calls other fazhi services (ingest, the
// gateway): how it reaches them (TLS, mTLS) and the token it presents.
//
//   ASSIGN_OR_RETURN(fazhi::rpc::PeerFlags peers, fazhi::rpc::ReadPeerFlags());
//   options.peer_credentials = peers.credentials;  // null: plaintext
//   options.peer_token_file = peers.token_file;    // null: none
#ifndef FAZHI_COMMON_RPC_PEER_FLAGS_H_
#define FAZHI_COMMON_RPC_PEER_FLAGS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/rpc/auth.h"
#include "grpcpp/security/credentials.h"

namespace fazhi::rpc {

struct PeerFlags {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // The token presented to the services, re-read when its file changes;
  // null without --peer_token_file.
  std::shared_ptr<TokenFile> token_file;
};

// INVALID_ARGUMENT (or NOT_FOUND) naming the flag when a certificate or the
// token file cannot be read. REQUIRES: absl::ParseCommandLine has run.
absl::StatusOr<PeerFlags> ReadPeerFlags();

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_PEER_FLAGS_H_
