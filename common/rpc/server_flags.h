// The flags every fazhi service takes alike (logging, metrics, shutdown,
// TLS, tokens, rate limit), defined once here so that their names, defaults
// and help stay the same in every binary; each main keeps only its own
// (--listen, --data_dir, ...).
//
//   fazhi::rpc::ServerFlags common = fazhi::rpc::ReadServerFlags();
//   MyServerOptions options{.listen = absl::GetFlag(FLAGS_listen)};
//   fazhi::rpc::ApplyServerFlags(common, &options);
//   return fazhi::rpc::Serve<MyServer>(common.log_level, options);
#ifndef FAZHI_COMMON_RPC_SERVER_FLAGS_H_
#define FAZHI_COMMON_RPC_SERVER_FLAGS_H_

#include <string>

#include "absl/time/time.h"
#include "common/rpc/tls.h"

namespace fazhi::rpc {

struct ServerFlags {
  std::string log_level;
  std::string metrics_listen;
  absl::Duration shutdown_grace;
  std::string auth_tokens;
  double rate_limit_per_client = 0;
  ServerTls tls;
  bool insecure_listen = false;
};

// REQUIRES: absl::ParseCommandLine has run.
ServerFlags ReadServerFlags();

// Copies the flags into a server's options struct, whose fields of these
// names every service's options have.
template <typename Options>
void ApplyServerFlags(const ServerFlags& flags, Options* options) {
  options->metrics_listen = flags.metrics_listen;
  options->shutdown_grace = flags.shutdown_grace;
  options->auth_tokens = flags.auth_tokens;
  options->rate_limit_per_client = flags.rate_limit_per_client;
  options->tls = flags.tls;
  options->insecure_listen = flags.insecure_listen;
}

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_SERVER_FLAGS_H_
