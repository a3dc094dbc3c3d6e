// fazhi-gateway: HTTP/JSON in front of ingest, extract and aggregate
// (routes in gateway.cc, GET /v1/openapi.json lists them). The flags every
// service shares are in common/rpc/server_flags.h, those of calling the
// services in common/rpc/peer_flags.h.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/peer_flags.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/gateway/gateway_server.h"

ABSL_FLAG(
    std::string, listen, "127.0.0.1:7100",
    "host:port to serve HTTP on (HTTPS with --tls_cert/--tls_key, mTLS with --tls_client_ca)");
ABSL_FLAG(std::string, ingest_target, "127.0.0.1:7101", "gRPC target of IngestService");
ABSL_FLAG(std::string, extract_target, "127.0.0.1:7102",
          "gRPC target of ExtractionService (dns:///host:port, ipv4:a:p,b:p, ...)");
ABSL_FLAG(std::string, aggregate_target, "127.0.0.1:7103", "gRPC target of AggregationService");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(60), "deadline of each call to a service");
ABSL_FLAG(int64_t, max_document_bytes, 20 << 20,
          "largest document body; larger ones are 413 before they are read (keep it at "
          "ingest's and extract's --max_document_bytes)");
ABSL_FLAG(int, threads, 16, "HTTP requests served at once");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index for GET /v1/regions (default: ../share/fazhi/gazetteer.tsv beside "
          "the binary)");
ABSL_FLAG(std::string, web_root, "",
          "folder of the web page served at / (default: ../share/fazhi/web beside the binary; "
          "'-': none)");

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  fazhi::rpc::ServerFlags common = fazhi::rpc::ReadServerFlags();
  absl::StatusOr<fazhi::rpc::PeerFlags> peers = fazhi::rpc::ReadPeerFlags();
  if (!peers.ok()) {
    std::fprintf(stderr, "fazhi-gateway: %s\n", std::string(peers.status().message()).c_str());
    return 1;
  }
  if (peers->token_file != nullptr) {
    std::fprintf(stderr,
                 "fazhi-gateway: --peer_token_file: the gateway presents each caller's own "
                 "Authorization header, never a token of its own\n");
    return 1;
  }
  fazhi::gateway::GatewayServerOptions options{
      .listen = absl::GetFlag(FLAGS_listen),
      .backends = {.ingest_target = absl::GetFlag(FLAGS_ingest_target),
                   .extract_target = absl::GetFlag(FLAGS_extract_target),
                   .aggregate_target = absl::GetFlag(FLAGS_aggregate_target),
                   .credentials = peers->credentials,
                   .timeout = absl::GetFlag(FLAGS_timeout),
                   .max_document_bytes = absl::GetFlag(FLAGS_max_document_bytes)},
  };
  options.threads = absl::GetFlag(FLAGS_threads);
  options.gazetteer_path = absl::GetFlag(FLAGS_gazetteer);
  options.web_root = absl::GetFlag(FLAGS_web_root);
  fazhi::rpc::ApplyServerFlags(common, &options);
  return fazhi::rpc::Serve<fazhi::gateway::GatewayServer>(common.log_level, options);
}
