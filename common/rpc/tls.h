// Transport security for fazhi's servers and their clients: TLS, and mTLS
// when a client CA is given. Certificates and keys are PEM files, re-read
// when they change (a rotated Kubernetes Secret needs no restart).
//
//   ASSIGN_OR_RETURN(auto creds, ServerCredentialsFor({.cert = c, .key = k}));
//   ASSIGN_OR_RETURN(auto channel_creds, ChannelCredentialsFor({.ca = ca}));
//
// A server without TLS listens only on loopback (127.0.0.0/8, ::1,
// localhost) or a Unix socket unless told otherwise: CheckListen refuses
// anything else, naming the flags.
#ifndef FAZHI_COMMON_RPC_TLS_H_
#define FAZHI_COMMON_RPC_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::rpc {

struct ServerTls {
  // The server's certificate chain and key; both empty: plaintext.
  std::string cert = "";
  std::string key = "";
  // With it, clients must present a certificate this CA signed (mTLS).
  std::string client_ca = "";
  // How often the files are looked at for changes.
  unsigned refresh_seconds = 5;

  bool enabled() const { return !cert.empty() || !key.empty(); }
};

struct PeerTls {
  // The CA that signed the servers' certificates; empty: plaintext.
  std::string ca = "";
  // This client's certificate and key, for servers that require mTLS.
  std::string cert = "";
  std::string key = "";
  unsigned refresh_seconds = 5;

  bool enabled() const { return !ca.empty(); }
};

// INVALID_ARGUMENT naming the flag of a missing or unreadable file, or of
// a certificate given without its key.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const ServerTls& tls);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(const PeerTls& tls);

// True for host:port on loopback and for unix: addresses.
bool IsLoopback(absl::string_view listen);
// FAILED_PRECONDITION for a plaintext server on a non-loopback address
// unless `insecure_listen`.
absl::Status CheckListen(absl::string_view listen, bool tls, bool insecure_listen);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_TLS_H_
