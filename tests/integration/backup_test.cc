// Backup and restore against the real services (loopback, real RocksDB,
// the `fazhi` binary and the services' --restore_from): backups taken while
// documents are being submitted, the data folders wiped, both services
// restored from them; every document acknowledged before the backups is
// there again and finishes, and aggregate holds each of its reports.
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/channel.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

std::string Bin(const std::string& name) { return absl::StrCat(FAZHI_BINARY_DIR, "/bin/", name); }

std::string Document(int i) {
  return absl::StrCat("备份测试第", i, "街道", 2000 + i % 50,
                      "年法治政府建设情况报告\n\n一、主要举措和成效\n\n全年受理信访案件", i + 1,
                      "件，调解矛盾纠纷", 2 * i + 3, "起。\n");
}

// Every job ingest lists, by id.
std::map<std::string, fazhi::v1::Job> AllJobs(Cluster& cluster) {
  std::map<std::string, fazhi::v1::Job> jobs;
  fazhi::v1::ListJobsRequest request;
  do {
    fazhi::v1::ListJobsResponse page;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    grpc::Status status = cluster.ingest().ListJobs(context.get(), request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& job : page.jobs()) jobs[job.job_id()] = job;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return jobs;
}

TEST(BackupTest, BackupsTakenUnderLoadRestoreEveryAcknowledgedDocument) {
  constexpr int kDocuments = 120;
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  const std::string backups = dir.Sub("backups");

  // A submitter keeps sending while the backups are taken.
  absl::Mutex mu;
  std::vector<std::string> acked;
  std::atomic<bool> stop{false};
  std::thread submitter([&] {
    for (int i = 0; i < kDocuments && !stop; ++i) {
      auto submitted = cluster.Submit(absl::StrCat("doc", i, ".txt"), Document(i), "");
      if (!submitted.ok()) continue;
      absl::MutexLock lock(&mu);
      acked.push_back(submitted->job_id());
    }
  });
  for (;;) {
    absl::SleepFor(absl::Milliseconds(20));
    absl::MutexLock lock(&mu);
    if (acked.size() >= kDocuments / 3) break;
  }
  std::set<std::string> before;
  {
    absl::MutexLock lock(&mu);
    before.insert(acked.begin(), acked.end());
  }
  // Ingest first, then aggregate: a job that ingest's backup holds as done
  // has its report in aggregate's later backup; one it holds as pending is
  // extracted and delivered again after a restore.
  ShellRun ingest_backup =
      Shell(absl::StrCat(Bin("fazhi"), " backup --target=", cluster.ingest_target(),
                         " --to=", backups, "/ingest --json"));
  ShellRun aggregate_backup =
      Shell(absl::StrCat(Bin("fazhi"), " backup --target=", cluster.aggregate_target(),
                         " --to=", backups, "/aggregate --json"));
  stop = true;
  submitter.join();
  ASSERT_EQ(ingest_backup.exit_code, 0) << ingest_backup.out;
  ASSERT_EQ(aggregate_backup.exit_code, 0) << aggregate_backup.out;
  EXPECT_NE(ingest_backup.out.find("\"verified\":true"), std::string::npos) << ingest_backup.out;

  // A second, incremental backup of aggregate, and both listed and verified.
  ShellRun again = Shell(absl::StrCat(Bin("fazhi"), " backup --target=", cluster.aggregate_target(),
                                      " --to=", backups, "/aggregate"));
  ASSERT_EQ(again.exit_code, 0) << again.out;
  ShellRun listed =
      Shell(absl::StrCat(Bin("fazhi"), " backups --verify --target=", cluster.aggregate_target(),
                         " --from=", backups, "/aggregate"));
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("     1  "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("     2  "), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("BAD"), std::string::npos) << listed.out;

  // The volume is lost: both data folders go.
  cluster.StopIngest();
  cluster.StopAggregate();
  std::filesystem::remove_all(dir.Sub("data") + "/ingest");
  std::filesystem::remove_all(dir.Sub("data") + "/aggregate");
  // Each from its newest backup: aggregate's is later than ingest's.
  ShellRun restore_ingest = Shell(absl::StrCat(Bin("fazhi-ingest"), " --restore_from=", backups,
                                               "/ingest --data_dir=", dir.Sub("data"), "/ingest"));
  ASSERT_EQ(restore_ingest.exit_code, 0) << restore_ingest.out;
  ShellRun restore_aggregate =
      Shell(absl::StrCat(Bin("fazhi-aggregate"), " --restore_from=", backups,
                         "/aggregate --data_dir=", dir.Sub("data"), "/aggregate"));
  ASSERT_EQ(restore_aggregate.exit_code, 0) << restore_aggregate.out;
  // Restoring over a database is refused: it would lose what came after.
  ShellRun over = Shell(absl::StrCat(Bin("fazhi-aggregate"), " --restore_from=", backups,
                                     "/aggregate --data_dir=", dir.Sub("data"), "/aggregate 2>&1"));
  EXPECT_NE(over.exit_code, 0);
  EXPECT_NE(over.out.find("already holds a database"), std::string::npos) << over.out;

  cluster.StartAggregate();
  cluster.StartIngest();
  std::map<std::string, fazhi::v1::Job> jobs = AllJobs(cluster);
  for (const std::string& id : before) {
    EXPECT_EQ(jobs.count(id), 1u) << "acknowledged before the backup, gone after the restore";
  }
  std::vector<std::string> ids(before.begin(), before.end());
  for (const fazhi::v1::Job& job : cluster.WaitForJobs(ids)) {
    EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.job_id() << ": " << job.error();
  }
  // Aggregate holds the report of every one of them.
  for (const std::string& id : ids) {
    fazhi::v1::GetReviewedReportRequest request;
    request.set_report_id(id);
    fazhi::v1::ReviewedReport reviewed;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    grpc::Status status = cluster.aggregate().GetReviewedReport(context.get(), request, &reviewed);
    EXPECT_TRUE(status.ok()) << id << ": " << status.error_message();
    EXPECT_EQ(reviewed.extracted().report_id(), id);
  }
}

// Where a backup may go is the service's to say.
TEST(BackupTest, ABackupDirectoryOutsideTheServicesIsRefused) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAggregate();
  ShellRun relative = Shell(absl::StrCat(
      Bin("fazhi"), " backup --target=", cluster.aggregate_target(), " --to=backups 2>&1"));
  EXPECT_NE(relative.exit_code, 0);
  EXPECT_NE(relative.out.find("INVALID_ARGUMENT"), std::string::npos) << relative.out;
  EXPECT_NE(relative.out.find("absolute path"), std::string::npos) << relative.out;
  ShellRun none =
      Shell(absl::StrCat(Bin("fazhi"), " backup --target=", cluster.aggregate_target(), " 2>&1"));
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.out.find("--backup_dir"), std::string::npos) << none.out;
  ShellRun missing =
      Shell(absl::StrCat(Bin("fazhi"), " backups --target=", cluster.aggregate_target(),
                         " --from=", dir.Sub("none"), " 2>&1"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.out.find("NOT_FOUND"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace fazhi::testing
