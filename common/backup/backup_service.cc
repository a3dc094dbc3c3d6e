#include "common/backup/backup_service.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/backup/backup.h"
#include "common/base/log.h"
#include "common/rpc/status.h"

namespace fazhi::backup {

absl::StatusOr<std::string> BackupServiceImpl::DirectoryFor(const std::string& requested) const {
  if (requested.empty()) {
    if (backup_dir_.empty()) {
      return absl::InvalidArgumentError(
          "no directory given, and the service has no --backup_dir to use instead");
    }
    return backup_dir_;
  }
  std::filesystem::path path(requested);
  if (!path.is_absolute()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the backup directory must be an absolute path on the service's machine, "
                     "not '",
                     requested, "'"));
  }
  const std::string normal = path.lexically_normal().string();
  if (!backup_dir_.empty()) {
    std::string root = std::filesystem::path(backup_dir_).lexically_normal().string();
    if (!absl::EndsWith(root, "/")) root += "/";
    if (normal != root.substr(0, root.size() - 1) && !absl::StartsWith(normal, root)) {
      return absl::PermissionDeniedError(
          absl::StrCat("backups go under ", backup_dir_, " (--backup_dir), not to ", requested));
    }
  }
  return normal;
}

grpc::Status BackupServiceImpl::Backup(grpc::ServerContext* context,
                                       const fazhi::v1::BackupRequest* request,
                                       fazhi::v1::BackupInfo* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kAdmin); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  if (request->keep() < 0) {
    return rpc::ToGrpc(absl::InvalidArgumentError("keep must be 0 (all) or more"));
  }
  absl::StatusOr<std::string> directory = DirectoryFor(request->directory());
  if (!directory.ok()) return rpc::ToGrpc(directory.status());
  absl::MutexLock lock(&backup_mutex_);
  absl::StatusOr<fazhi::v1::BackupInfo> made = CreateBackup(*store_, *directory, request->keep());
  if (!made.ok()) return rpc::ToGrpc(made.status());
  FAZHI_LOG(kInfo) << "backup " << made->backup_id() << " to " << *directory << ": "
                   << made->files() << " files, " << made->size_bytes() << " bytes, verified";
  *response = *std::move(made);
  return grpc::Status::OK;
}

grpc::Status BackupServiceImpl::ListBackups(grpc::ServerContext* context,
                                            const fazhi::v1::ListBackupsRequest* request,
                                            fazhi::v1::ListBackupsResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kAdmin); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  absl::StatusOr<std::string> directory = DirectoryFor(request->directory());
  if (!directory.ok()) return rpc::ToGrpc(directory.status());
  absl::StatusOr<std::vector<fazhi::v1::BackupInfo>> backups =
      backup::ListBackups(*directory, request->verify());
  if (!backups.ok()) return rpc::ToGrpc(backups.status());
  response->set_directory(*directory);
  for (auto& b : *backups) *response->add_backups() = std::move(b);
  return grpc::Status::OK;
}

}  // namespace fazhi::backup
