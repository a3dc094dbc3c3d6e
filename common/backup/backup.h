// Backups of a Store with RocksDB's BackupEngine: online and consistent
// (the engine copies the live table files and the WAL as of one moment),
// incremental (files a directory already holds are shared), verified.
//
//   ASSIGN_OR_RETURN(fazhi::v1::BackupInfo b, backup::CreateBackup(*store, "/backups/aggregate"));
//   ...
//   RETURN_IF_ERROR(backup::RestoreLatest("/backups/aggregate", "/var/lib/fazhi/aggregate"));
#ifndef FAZHI_COMMON_BACKUP_BACKUP_H_
#define FAZHI_COMMON_BACKUP_BACKUP_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/store/store.h"
#include "fazhi/v1/backup.pb.h"

namespace fazhi::backup {

// A new backup of `store` in `directory` (created when missing), checked
// against its checksums; then only the newest `keep` backups stay there
// (0: all).
absl::StatusOr<fazhi::v1::BackupInfo> CreateBackup(const store::Store& store,
                                                   const std::string& directory, int keep = 0);

// The backups of `directory`, oldest first; each with its check (its files
// there; with `verify` read back against their checksums). NOT_FOUND when
// it holds none.
absl::StatusOr<std::vector<fazhi::v1::BackupInfo>> ListBackups(const std::string& directory,
                                                               bool verify);

// Restores the newest good backup of `directory` into `data_dir`, which must
// not hold a database already (FAILED_PRECONDITION: restoring over live
// data would lose what came after the backup). Offline: no service may
// have `data_dir` open.
absl::Status RestoreLatest(const std::string& directory, const std::string& data_dir);

// `fazhi-ingest|fazhi-aggregate --restore_from=DIR --data_dir=NEW`: restores,
// says so on stderr (naming the backup), returns the exit code.
int RunRestore(const char* program, const std::string& directory, const std::string& data_dir);

}  // namespace fazhi::backup

#endif  // FAZHI_COMMON_BACKUP_BACKUP_H_
