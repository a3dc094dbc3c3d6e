#include "common/rpc/peer_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/auth.h"
#include "common/rpc/tls.h"

ABSL_FLAG(std::string, peer_tls_ca, "",
          "PEM CA of the called services' certificates: call them with TLS");
ABSL_FLAG(std::string, peer_tls_cert, "", "PEM client certificate for peers that require mTLS");
ABSL_FLAG(std::string, peer_tls_key, "", "PEM key of --peer_tls_cert");
ABSL_FLAG(std::string, peer_token_file, "",
          "file holding the token presented to the called services, re-read when it changes; "
          "empty: none");

namespace fazhi::rpc {

absl::StatusOr<PeerFlags> ReadPeerFlags() {
  PeerFlags peers;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ChannelCredentialsFor({.ca = absl::GetFlag(FLAGS_peer_tls_ca),
                             .cert = absl::GetFlag(FLAGS_peer_tls_cert),
                             .key = absl::GetFlag(FLAGS_peer_tls_key)});
  if (!credentials.ok()) {
    return absl::Status(credentials.status().code(),
                        absl::StrCat("--peer_tls_*: ", credentials.status().message()));
  }
  peers.credentials = *credentials;
  if (!absl::GetFlag(FLAGS_peer_token_file).empty()) {
    absl::StatusOr<std::unique_ptr<TokenFile>> file =
        TokenFile::Open(absl::GetFlag(FLAGS_peer_token_file));
    if (!file.ok()) {
      return absl::Status(file.status().code(),
                          absl::StrCat("--peer_token_file: ", file.status().message()));
    }
    peers.token_file = *std::move(file);
  }
  return peers;
}

}  // namespace fazhi::rpc
