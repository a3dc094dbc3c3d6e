// fazhi-ingest: serves fazhi.v1.IngestService over a RocksDB folder and
// drives documents through extract and aggregate.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/auth.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "common/rpc/tls.h"
#include "services/ingest/ingest_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7101", "host:port to serve on");
ABSL_FLAG(std::string, data_dir, "", "RocksDB folder (required)");
ABSL_FLAG(std::string, extract_target, "127.0.0.1:7102",
          "gRPC target of ExtractionService (dns:///host:port, ipv4:a:p,b:p, ...)");
ABSL_FLAG(std::string, aggregate_target, "127.0.0.1:7103", "gRPC target of AggregationService");
ABSL_FLAG(int, extract_workers, 4, "documents extracted in parallel");
ABSL_FLAG(absl::Duration, extract_timeout, absl::Seconds(30), "deadline of one Extract call");
ABSL_FLAG(int64_t, max_document_bytes, 20 << 20, "largest document accepted");
ABSL_FLAG(int, max_broken_extracts, 3,
          "Extract calls of one document that may break off (extract crashed or timed out) "
          "before its job is FAILED and set aside");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9101); empty: off");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");

ABSL_FLAG(std::string, peer_tls_ca, "",
          "PEM CA of extract's and aggregate's certificates: call them with TLS");
ABSL_FLAG(std::string, peer_tls_cert, "", "PEM client certificate for peers that require mTLS");
ABSL_FLAG(std::string, peer_tls_key, "", "PEM key of --peer_tls_cert");
ABSL_FLAG(std::string, peer_token_file, "",
          "file holding the token ingest presents to extract and aggregate (roles extract, "
          "peer); empty: none");
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
  fazhi::ingest::PipelineOptions pipeline;
  pipeline.extract_target = absl::GetFlag(FLAGS_extract_target);
  pipeline.aggregate_target = absl::GetFlag(FLAGS_aggregate_target);
  pipeline.extract_workers = absl::GetFlag(FLAGS_extract_workers);
  pipeline.extract_timeout = absl::GetFlag(FLAGS_extract_timeout);
  pipeline.max_document_bytes = absl::GetFlag(FLAGS_max_document_bytes);
  pipeline.max_broken_extracts = absl::GetFlag(FLAGS_max_broken_extracts);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> peer_credentials =
      fazhi::rpc::ChannelCredentialsFor({.ca = absl::GetFlag(FLAGS_peer_tls_ca),
                                         .cert = absl::GetFlag(FLAGS_peer_tls_cert),
                                         .key = absl::GetFlag(FLAGS_peer_tls_key)});
  if (!peer_credentials.ok()) {
    std::fprintf(stderr, "fazhi-ingest: --peer_tls_*: %s\n",
                 std::string(peer_credentials.status().message()).c_str());
    return 1;
  }
  pipeline.peer_credentials = *peer_credentials;
  if (!absl::GetFlag(FLAGS_peer_token_file).empty()) {
    absl::StatusOr<std::string> token =
        fazhi::rpc::ReadTokenFile(absl::GetFlag(FLAGS_peer_token_file));
    if (!token.ok()) {
      std::fprintf(stderr, "fazhi-ingest: --peer_token_file: %s\n",
                   std::string(token.status().message()).c_str());
      return 1;
    }
    pipeline.peer_token = *token;
  }
  return fazhi::rpc::Serve<fazhi::ingest::IngestServer>(
      absl::GetFlag(FLAGS_log_level),
      fazhi::ingest::IngestServerOptions{
          .listen = absl::GetFlag(FLAGS_listen),
          .data_dir = absl::GetFlag(FLAGS_data_dir),
          .pipeline = pipeline,
          .metrics_listen = absl::GetFlag(FLAGS_metrics_listen),
          .shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace),
          .auth_tokens = absl::GetFlag(FLAGS_auth_tokens),
          .rate_limit_per_client = absl::GetFlag(FLAGS_rate_limit_per_client),
          .tls = {.cert = absl::GetFlag(FLAGS_tls_cert),
                  .key = absl::GetFlag(FLAGS_tls_key),
                  .client_ca = absl::GetFlag(FLAGS_tls_client_ca)},
          .insecure_listen = absl::GetFlag(FLAGS_insecure_listen)});
}
