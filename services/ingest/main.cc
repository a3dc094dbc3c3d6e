// fazhi-ingest: serves fazhi.v1.IngestService over a RocksDB folder and
// drives documents through extract and aggregate. The flags every service
// shares are in common/rpc/server_flags.h, those of calling the others in
// common/rpc/peer_flags.h.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/backup/backup.h"
#include "common/rpc/peer_flags.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/ingest/ingest_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7101", "host:port to serve on");
ABSL_FLAG(std::string, data_dir, "", "RocksDB folder (required)");
ABSL_FLAG(std::string, backup_dir, "",
          "where Backup writes when the request names no directory, and the only tree it may "
          "write to (a mounted backup volume); empty: any absolute directory");
ABSL_FLAG(std::string, restore_from, "",
          "restore the newest good backup of this directory into --data_dir (a folder without a "
          "database), then exit");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index for checking region hints at Submit (default: "
          "../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(std::string, extract_target, "127.0.0.1:7102",
          "gRPC target of ExtractionService (dns:///host:port, ipv4:a:p,b:p, ...)");
ABSL_FLAG(std::string, aggregate_target, "127.0.0.1:7103", "gRPC target of AggregationService");
ABSL_FLAG(int, extract_workers, 4, "documents extracted in parallel");
ABSL_FLAG(absl::Duration, extract_timeout, absl::Seconds(30), "deadline of one Extract call");
ABSL_FLAG(int64_t, max_document_bytes, 20 << 20,
          "largest document accepted; larger ones are RESOURCE_EXHAUSTED (keep extract's "
          "--max_document_bytes at least this)");
ABSL_FLAG(int, max_broken_extracts, 3,
          "Extract calls of one document that may break off (extract crashed or timed out) "
          "before its job is FAILED and set aside");

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  if (!absl::GetFlag(FLAGS_restore_from).empty()) {
    return fazhi::backup::RunRestore("fazhi-ingest", absl::GetFlag(FLAGS_restore_from),
                                     absl::GetFlag(FLAGS_data_dir));
  }
  fazhi::rpc::ServerFlags common = fazhi::rpc::ReadServerFlags();
  absl::StatusOr<fazhi::rpc::PeerFlags> peers = fazhi::rpc::ReadPeerFlags();
  if (!peers.ok()) {
    std::fprintf(stderr, "fazhi-ingest: %s\n", std::string(peers.status().message()).c_str());
    return 1;
  }
  fazhi::ingest::PipelineOptions pipeline;
  pipeline.extract_target = absl::GetFlag(FLAGS_extract_target);
  pipeline.aggregate_target = absl::GetFlag(FLAGS_aggregate_target);
  pipeline.extract_workers = absl::GetFlag(FLAGS_extract_workers);
  pipeline.extract_timeout = absl::GetFlag(FLAGS_extract_timeout);
  pipeline.max_document_bytes = absl::GetFlag(FLAGS_max_document_bytes);
  pipeline.max_broken_extracts = absl::GetFlag(FLAGS_max_broken_extracts);
  pipeline.peer_credentials = peers->credentials;
  pipeline.peer_token_file = peers->token_file;
  fazhi::ingest::IngestServerOptions options{
      .listen = absl::GetFlag(FLAGS_listen),
      .data_dir = absl::GetFlag(FLAGS_data_dir),
      .backup_dir = absl::GetFlag(FLAGS_backup_dir),
      .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
      .pipeline = pipeline,
  };
  fazhi::rpc::ApplyServerFlags(common, &options);
  return fazhi::rpc::Serve<fazhi::ingest::IngestServer>(common.log_level, options);
}
