// `fazhi backup` and `fazhi backups`: the BackupService that ingest and
// aggregate both serve (role admin).
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/base/proto_json.h"
#include "fazhi/v1/backup.grpc.pb.h"
#include "tools/cli/client.h"
#include "tools/cli/commands.h"

namespace fazhi::cli {
namespace {

std::string Line(const fazhi::v1::BackupInfo& b) {
  const std::string when = absl::FormatTime(
      "%Y-%m-%d %H:%M:%S", absl::FromUnixMillis(b.created_unix_ms()), absl::LocalTimeZone());
  return absl::StrFormat("%6u  %s  %6u files  %12u bytes  %s", b.backup_id(), when, b.files(),
                         b.size_bytes(), b.verified() ? "verified" : "BAD: " + b.error());
}

std::unique_ptr<fazhi::v1::BackupService::Stub> BackupStub(const ServiceOptions& service,
                                                           std::ostream& err) {
  auto channel = ServiceChannel(service, "fazhi.v1.BackupService", err);
  return channel == nullptr ? nullptr : fazhi::v1::BackupService::NewStub(channel);
}

}  // namespace

int RunBackup(const BackupOptions& options, std::ostream& out, std::ostream& err) {
  if (options.keep < 0) {
    err << "fazhi backup: --keep must be 0 (all) or more\n";
    return 2;
  }
  auto stub = BackupStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::BackupRequest request;
  request.set_directory(options.directory);
  request.set_keep(options.keep);
  fazhi::v1::BackupInfo made;
  if (!Call("backup", options.service, err,
            [&](grpc::ClientContext* c) { return stub->Backup(c, request, &made); })) {
    return 1;
  }
  if (options.json) {
    out << ProtoToJson(made) << "\n";
  } else {
    out << "backup of " << options.service.target << " in "
        << (options.directory.empty() ? "the service's --backup_dir" : options.directory) << ":\n"
        << Line(made) << "\n";
  }
  return 0;
}

int RunBackups(const BackupOptions& options, std::ostream& out, std::ostream& err) {
  auto stub = BackupStub(options.service, err);
  if (stub == nullptr) return 2;
  fazhi::v1::ListBackupsRequest request;
  request.set_directory(options.directory);
  request.set_verify(options.verify);
  fazhi::v1::ListBackupsResponse listed;
  if (!Call("backups", options.service, err,
            [&](grpc::ClientContext* c) { return stub->ListBackups(c, request, &listed); })) {
    return 1;
  }
  bool all_good = true;
  if (!options.json)
    out << "backups of " << options.service.target << " in " << listed.directory() << ":\n";
  for (const auto& b : listed.backups()) {
    all_good &= b.verified();
    out << (options.json ? ProtoToJson(b) : Line(b)) << "\n";
  }
  return all_good ? 0 : 1;
}

}  // namespace fazhi::cli
