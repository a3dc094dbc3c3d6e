// fazhi.v1.BackupService over one Store: what ingest and aggregate serve
// beside their own service, so that an operator (role admin) backs either
// up the same way.
#ifndef FAZHI_COMMON_BACKUP_BACKUP_SERVICE_H_
#define FAZHI_COMMON_BACKUP_BACKUP_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/auth.h"
#include "common/store/store.h"
#include "fazhi/v1/backup.grpc.pb.h"

namespace fazhi::backup {

class BackupServiceImpl final : public fazhi::v1::BackupService::Service {
 public:
  // `backup_dir`: the directory a request without one uses, and, when set,
  // the only tree requests may name (a mounted backup volume). REQUIRES:
  // `store` and `auth` outlive the service.
  BackupServiceImpl(const store::Store* store, rpc::Authenticator* auth, std::string backup_dir)
      : store_(store), auth_(auth), backup_dir_(std::move(backup_dir)) {}

  grpc::Status Backup(grpc::ServerContext* context, const fazhi::v1::BackupRequest* request,
                      fazhi::v1::BackupInfo* response) override;
  grpc::Status ListBackups(grpc::ServerContext* context,
                           const fazhi::v1::ListBackupsRequest* request,
                           fazhi::v1::ListBackupsResponse* response) override;

  // The directory a request names, checked against backup_dir.
  absl::StatusOr<std::string> DirectoryFor(const std::string& requested) const;

 private:
  const store::Store* store_;
  rpc::Authenticator* auth_;
  const std::string backup_dir_;
  // One backup at a time: BackupEngine allows one writer per directory.
  absl::Mutex backup_mutex_;
};

}  // namespace fazhi::backup

#endif  // FAZHI_COMMON_BACKUP_BACKUP_SERVICE_H_
