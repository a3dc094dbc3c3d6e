// kill -9 of a real fazhi-ingest process in the middle of a bulk stream:
// after a restart on the same folder, every document the client saw
// acknowledged reaches aggregate exactly once, and nothing unacknowledged
// is left half-stored.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/content_hash.h"
#include "common/rpc/channel.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr int kDocuments = 320;
constexpr int kKillAfterAcks = 120;

// Distinct made-up township names: three Han characters and 街道.
std::string TownName(int i) {
  static const char* a[] = {"东", "西", "南", "北", "中", "上", "下", "前", "后", "新"};
  static const char* b[] = {"山", "水", "河", "湖", "林", "石", "田", "桥", "溪", "岭"};
  static const char* c[] = {"青", "白", "红", "黄", "金", "银", "松", "柳", "竹", "梅"};
  return absl::StrCat(a[i % 10], b[(i / 10) % 10], c[(i / 100) % 10], "街道");
}

std::string Document(int i) {
  return absl::StrCat(TownName(i), "2024年法治政府建设情况报告\n\n全年受理信访案件", i + 1,
                      "件，调解矛盾纠纷", 2 * i + 3, "起。\n");
}

pid_t StartIngest(const std::string& listen, const std::string& data_dir, const Cluster& cluster) {
  return StartBinary("fazhi-ingest",
                     {"--listen=" + listen, "--data_dir=" + data_dir,
                      "--extract_target=" + cluster.extract_target(),
                      "--aggregate_target=" + cluster.aggregate_target(), "--log_level=warning"});
}

TEST(CrashTest, KillNineMidStreamLosesAndDuplicatesNothing) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartExtract();
  cluster.StartAggregate();
  std::string listen = absl::StrCat("127.0.0.1:", FreePort());
  std::string data_dir = dir.Sub("ingest");
  pid_t child = StartIngest(listen, data_dir, cluster);
  ASSERT_GT(child, 0);

  auto stub = fazhi::v1::IngestService::NewStub(rpc::MakeChannel(listen, "fazhi.v1.IngestService"));
  std::vector<std::string> acknowledged;
  std::atomic<int> sent{0};
  {
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto stream = stub->SubmitStream(&context);
    std::thread writer([&] {
      for (int i = 0; i < kDocuments; ++i) {
        fazhi::v1::SubmitRequest request;
        request.mutable_document()->set_source(absl::StrCat("doc-", i));
        request.mutable_document()->set_content(Document(i));
        request.mutable_document()->set_region_hint("330102");
        if (!stream->Write(request)) break;
        ++sent;
      }
      stream->WritesDone();
    });
    fazhi::v1::SubmitResponse response;
    while (stream->Read(&response)) {
      if (response.error_code() != 0) continue;
      acknowledged.push_back(response.report_id());
      if (static_cast<int>(acknowledged.size()) == kKillAfterAcks) kill(child, SIGKILL);
    }
    writer.join();
    stream->Finish().IgnoreError();
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "ingest was not killed mid-stream";
  ASSERT_GE(acknowledged.size(), static_cast<size_t>(kKillAfterAcks));
  ASSERT_LT(acknowledged.size(), static_cast<size_t>(kDocuments));

  // Restart on the same folder; every acknowledged job finishes.
  child = StartIngest(listen, data_dir, cluster);
  std::set<std::string> acked(acknowledged.begin(), acknowledged.end());
  absl::Time deadline = absl::Now() + absl::Seconds(90);
  size_t done = 0;
  for (const std::string& id : acked) {
    while (absl::Now() < deadline) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      fazhi::v1::Job job;
      auto context = rpc::ContextWithTimeout(absl::Seconds(5));
      context->set_wait_for_ready(true);
      if (stub->GetJob(context.get(), request, &job).ok() &&
          job.state() == fazhi::v1::JOB_STATE_DONE) {
        ++done;
        break;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  EXPECT_EQ(done, acked.size());

  // Against the client's own log: each acknowledged report in aggregate once.
  std::map<std::string, int> in_aggregate;
  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  for (const auto& r : *listed) ++in_aggregate[r.report_id()];
  int lost = 0, duplicated = 0;
  for (const std::string& id : acked) {
    auto it = in_aggregate.find(id);
    if (it == in_aggregate.end())
      ++lost;
    else if (it->second > 1)
      ++duplicated;
  }
  // Sent but unacknowledged documents: either never stored, or complete.
  int half_stored = 0;
  for (int i = 0; i < sent; ++i) {
    fazhi::v1::GetJobRequest request;
    request.set_job_id(ReportIdFor(Document(i)));
    if (acked.count(request.job_id())) continue;
    fazhi::v1::Job job;
    auto context = rpc::ContextWithTimeout(absl::Seconds(5));
    grpc::Status s = stub->GetJob(context.get(), request, &job);
    if (s.ok() && job.state() == fazhi::v1::JOB_STATE_FAILED) ++half_stored;
  }
  std::printf(
      "crash test: sent %d, acknowledged %zu before kill -9, lost %d, duplicated %d, "
      "failed after restart %d\n",
      sent.load(), acked.size(), lost, duplicated, half_stored);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicated, 0);
  EXPECT_EQ(half_stored, 0);
  kill(child, SIGTERM);
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "clean stop on SIGTERM";
}

}  // namespace
}  // namespace fazhi::testing
