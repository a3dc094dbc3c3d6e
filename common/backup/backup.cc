#include "common/backup/backup.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"

namespace fazhi::backup {
namespace {

fazhi::v1::BackupInfo ToProto(const rocksdb::BackupInfo& info) {
  fazhi::v1::BackupInfo out;
  out.set_backup_id(info.backup_id);
  out.set_created_unix_ms(info.timestamp * 1000);
  out.set_size_bytes(info.size);
  out.set_files(info.number_files);
  return out;
}

// The check of one backup: every file present, and with `checksums` read
// back against the checksum taken when it was copied.
void Check(rocksdb::BackupEngineReadOnlyBase& engine, bool checksums, fazhi::v1::BackupInfo* info) {
  rocksdb::IOStatus s = engine.VerifyBackup(info->backup_id(), checksums);
  info->set_verified(s.ok());
  if (!s.ok()) info->set_error(s.ToString());
}

}  // namespace

absl::StatusOr<fazhi::v1::BackupInfo> CreateBackup(const store::Store& store,
                                                   const std::string& directory, int keep) {
  if (directory.empty()) return absl::InvalidArgumentError("no backup directory given");
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the backup directory ", directory, ": ", error.message()));
  }
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::BackupEngineOptions options(directory);
  // Each backup's files are fsynced before it is recorded as made.
  options.sync = true;
  rocksdb::IOStatus s = rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw);
  if (!s.ok()) {
    return store::FromRocks(s, absl::StrCat("cannot open the backup directory ", directory));
  }
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  rocksdb::CreateBackupOptions create;
  // The memtables go into table files first, so that a restore needs no
  // WAL replay; the WAL is copied too, so nothing acknowledged is left out.
  create.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  s = engine->CreateNewBackup(create, store.db(), &id);
  if (!s.ok()) return store::FromRocks(s, absl::StrCat("backup to ", directory));
  if (keep > 0) {
    s = engine->PurgeOldBackups(static_cast<uint32_t>(keep));
    if (!s.ok()) return store::FromRocks(s, absl::StrCat("purging old backups in ", directory));
  }
  rocksdb::BackupInfo info;
  rocksdb::Status got = engine->GetBackupInfo(id, &info);
  if (!got.ok()) return store::FromRocks(got, "reading the new backup");
  fazhi::v1::BackupInfo out = ToProto(info);
  Check(*engine, /*checksums=*/true, &out);
  if (!out.verified()) {
    return absl::DataLossError(
        absl::StrCat("backup ", id, " in ", directory, " does not verify: ", out.error()));
  }
  return out;
}

absl::StatusOr<std::vector<fazhi::v1::BackupInfo>> ListBackups(const std::string& directory,
                                                               bool verify) {
  if (directory.empty()) return absl::InvalidArgumentError("no backup directory given");
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return absl::NotFoundError(absl::StrCat("no backup directory ", directory));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(rocksdb::BackupEngineOptions(directory),
                                                            rocksdb::Env::Default(), &raw);
  if (!s.ok()) return store::FromRocks(s, absl::StrCat("cannot read backups in ", directory));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  std::vector<rocksdb::BackupID> corrupt;
  engine->GetCorruptedBackups(&corrupt);
  std::vector<fazhi::v1::BackupInfo> out;
  for (const rocksdb::BackupInfo& info : infos) {
    out.push_back(ToProto(info));
    Check(*engine, verify, &out.back());
  }
  for (rocksdb::BackupID id : corrupt) {
    fazhi::v1::BackupInfo bad;
    bad.set_backup_id(id);
    bad.set_error("its metadata is corrupt");
    out.push_back(bad);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.backup_id() < b.backup_id(); });
  if (out.empty()) return absl::NotFoundError(absl::StrCat("no backups in ", directory));
  return out;
}

absl::Status RestoreLatest(const std::string& directory, const std::string& data_dir) {
  if (data_dir.empty()) return absl::InvalidArgumentError("no data directory given");
  std::error_code error;
  if (std::filesystem::exists(std::filesystem::path(data_dir) / "CURRENT", error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_dir,
                     " already holds a database; restore into an empty directory (and point "
                     "--data_dir at it), so that nothing written after the backup is lost"));
  }
  // Read against their checksums: a restore is worth the reading, and the
  // newest backup that passes is the one to take.
  absl::StatusOr<std::vector<fazhi::v1::BackupInfo>> backups = ListBackups(directory, true);
  if (!backups.ok()) return backups.status();
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(rocksdb::BackupEngineOptions(directory),
                                                            rocksdb::Env::Default(), &raw);
  if (!s.ok()) return store::FromRocks(s, absl::StrCat("cannot read backups in ", directory));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  // The newest backup whose files are all there.
  for (auto it = backups->rbegin(); it != backups->rend(); ++it) {
    if (!it->verified()) continue;
    std::filesystem::create_directories(data_dir, error);
    s = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), it->backup_id(), data_dir, data_dir);
    if (!s.ok()) {
      std::filesystem::remove_all(data_dir, error);  // no half-restored database left behind
      return store::FromRocks(s, absl::StrCat("restoring backup ", it->backup_id(), " of ",
                                              directory, " into ", data_dir));
    }
    return absl::OkStatus();
  }
  return absl::DataLossError(absl::StrCat("no backup in ", directory, " verifies"));
}

int RunRestore(const char* program, const std::string& directory, const std::string& data_dir) {
  if (data_dir.empty()) {
    std::cerr << program << ": --restore_from needs --data_dir=NEW_FOLDER to restore into\n";
    return 2;
  }
  absl::Status restored = RestoreLatest(directory, data_dir);
  if (!restored.ok()) {
    std::cerr << program << ": restore failed: " << restored << "\n";
    return 1;
  }
  std::cerr << program << ": restored the newest good backup of " << directory << " into "
            << data_dir << "; start the service with --data_dir=" << data_dir << "\n";
  return 0;
}

}  // namespace fazhi::backup
