// fazhi-extract: serves fazhi.v1.ExtractionService. Flags become options;
// everything else lives in ExtractServer.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/extract/extract_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7102", "host:port to serve on");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9101); empty: off");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");
ABSL_FLAG(int, parser_workers, 2,
          "worker processes parsing PDF, DOCX and HTML (fazhi-parser beside this binary); "
          "0: parse in this process, where a parser crash takes the service down");
ABSL_FLAG(int64_t, parser_memory_mb, 1024, "address space of each parser worker (RLIMIT_AS)");
ABSL_FLAG(int, parser_cpu_seconds, 30, "CPU seconds a parser worker may spend on one document");
ABSL_FLAG(absl::Duration, parser_timeout, absl::Seconds(60),
          "wall time a parser worker may spend on one document before it is killed");
ABSL_FLAG(std::vector<std::string>, parser_test_args, {},
          "tests only: extra flags for every parser worker (--test_crash_on=BYTES, ...)");
ABSL_FLAG(std::string, test_abort_on, "",
          "tests only: abort the process on a document holding these bytes (a crashing parser)");

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

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  return fazhi::rpc::Serve<fazhi::extract::ExtractServer>(
      absl::GetFlag(FLAGS_log_level),
      fazhi::extract::ExtractServerOptions{
          .listen = absl::GetFlag(FLAGS_listen),
          .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
          .metrics_listen = absl::GetFlag(FLAGS_metrics_listen),
          .shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace),
          .test_abort_on = absl::GetFlag(FLAGS_test_abort_on),
          .parser_workers = absl::GetFlag(FLAGS_parser_workers),
          .parser =
              {
                  .max_memory_bytes = absl::GetFlag(FLAGS_parser_memory_mb) << 20,
                  .cpu_seconds = absl::GetFlag(FLAGS_parser_cpu_seconds),
                  .deadline = absl::GetFlag(FLAGS_parser_timeout),
                  .extra_args = absl::GetFlag(FLAGS_parser_test_args),
              },
          .auth_tokens = absl::GetFlag(FLAGS_auth_tokens),
          .rate_limit_per_client = absl::GetFlag(FLAGS_rate_limit_per_client),
          .tls = {.cert = absl::GetFlag(FLAGS_tls_cert),
                  .key = absl::GetFlag(FLAGS_tls_key),
                  .client_ca = absl::GetFlag(FLAGS_tls_client_ca)},
          .insecure_listen = absl::GetFlag(FLAGS_insecure_listen)});
}
