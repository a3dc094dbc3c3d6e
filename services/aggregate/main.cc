// fazhi-aggregate: serves fazhi.v1.AggregationService over a RocksDB folder.
// The flags every service shares are in common/rpc/server_flags.h.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/backup/backup.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/aggregate/aggregate_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7103", "host:port to serve on");
ABSL_FLAG(std::string, data_dir, "", "RocksDB folder (required)");
ABSL_FLAG(std::string, backup_dir, "",
          "where Backup writes when the request names no directory, and the only tree it may "
          "write to (a mounted backup volume); empty: any absolute directory");
ABSL_FLAG(std::string, restore_from, "",
          "restore the newest good backup of this directory into --data_dir (a folder without a "
          "database), then exit");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(int64_t, block_cache_mb, 64,
          "RocksDB block cache (data, index and filter blocks of every table)");
ABSL_FLAG(int64_t, memtable_mb, 64, "RocksDB memtables of all column families together");

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  if (!absl::GetFlag(FLAGS_restore_from).empty()) {
    return fazhi::backup::RunRestore("fazhi-aggregate", absl::GetFlag(FLAGS_restore_from),
                                     absl::GetFlag(FLAGS_data_dir));
  }
  fazhi::rpc::ServerFlags common = fazhi::rpc::ReadServerFlags();
  fazhi::aggregate::AggregateServerOptions options{
      .listen = absl::GetFlag(FLAGS_listen),
      .data_dir = absl::GetFlag(FLAGS_data_dir),
      .backup_dir = absl::GetFlag(FLAGS_backup_dir),
      .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
      .block_cache_bytes = absl::GetFlag(FLAGS_block_cache_mb) << 20,
      .memtable_bytes = absl::GetFlag(FLAGS_memtable_mb) << 20};
  fazhi::rpc::ApplyServerFlags(common, &options);
  return fazhi::rpc::Serve<fazhi::aggregate::AggregateServer>(common.log_level, options);
}
