// fazhi-aggregate: serves fazhi.v1.AggregationService over a RocksDB folder.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/aggregate/aggregate_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7103", "host:port to serve on");
ABSL_FLAG(std::string, data_dir, "", "RocksDB folder (required)");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9101); empty: off");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");

ABSL_FLAG(int64_t, block_cache_mb, 64,
          "RocksDB block cache (data, index and filter blocks of every table)");
ABSL_FLAG(int64_t, memtable_mb, 64, "RocksDB memtables of all column families together");

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
  return fazhi::rpc::Serve<fazhi::aggregate::AggregateServer>(
      absl::GetFlag(FLAGS_log_level),
      fazhi::aggregate::AggregateServerOptions{
          .listen = absl::GetFlag(FLAGS_listen),
          .data_dir = absl::GetFlag(FLAGS_data_dir),
          .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
          .metrics_listen = absl::GetFlag(FLAGS_metrics_listen),
          .shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace),
          .block_cache_bytes = absl::GetFlag(FLAGS_block_cache_mb) << 20,
          .memtable_bytes = absl::GetFlag(FLAGS_memtable_mb) << 20,
          .auth_tokens = absl::GetFlag(FLAGS_auth_tokens),
          .rate_limit_per_client = absl::GetFlag(FLAGS_rate_limit_per_client),
          .tls = {.cert = absl::GetFlag(FLAGS_tls_cert),
                  .key = absl::GetFlag(FLAGS_tls_key),
                  .client_ca = absl::GetFlag(FLAGS_tls_client_ca)},
          .insecure_listen = absl::GetFlag(FLAGS_insecure_listen)});
}
