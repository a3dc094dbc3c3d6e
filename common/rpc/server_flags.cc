#include "common/rpc/server_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "common/base/log.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9101); empty: off");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, log_format, "text",
          "text, or json: one object per line (time, level, service, source, msg; a request's "
          "method, code, ms, caller and request_id)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain: serve TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA: require client certificates it signed (mTLS); needs --tls_cert");
ABSL_FLAG(bool, insecure_listen, false,
          "allow plaintext on a non-loopback --listen address (behind a NetworkPolicy)");
ABSL_FLAG(double, rate_limit_per_client, 0,
          "calls a second each client of --auth_tokens may make (bursts of twice as many); "
          "0: no limit");
ABSL_FLAG(std::string, auth_tokens, "",
          "tokens file: TOKEN ROLE[,ROLE...] [NAME] per line, re-read when it changes; every "
          "RPC but health and reflection then needs authorization: Bearer TOKEN");

namespace fazhi::rpc {

ServerFlags ReadServerFlags() {
  ServerFlags f;
  f.log_level = absl::GetFlag(FLAGS_log_level);
  f.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  f.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  f.auth_tokens = absl::GetFlag(FLAGS_auth_tokens);
  f.rate_limit_per_client = absl::GetFlag(FLAGS_rate_limit_per_client);
  f.tls = {.cert = absl::GetFlag(FLAGS_tls_cert),
           .key = absl::GetFlag(FLAGS_tls_key),
           .client_ca = absl::GetFlag(FLAGS_tls_client_ca)};
  f.insecure_listen = absl::GetFlag(FLAGS_insecure_listen);
  absl::StatusOr<LogFormat> format = ParseLogFormat(absl::GetFlag(FLAGS_log_format));
  if (!format.ok()) {
    std::fprintf(stderr, "%s\n", std::string(format.status().message()).c_str());
    std::exit(2);
  }
  SetLogFormat(*format);
  return f;
}

}  // namespace fazhi::rpc
