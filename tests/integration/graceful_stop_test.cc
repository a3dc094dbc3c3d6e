// A stop lets calls in flight finish within the grace period: a bulk
// stream open when shutdown begins still gets every answer, and calls
// started after it are refused.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/rpc/channel.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

std::string Document(int i) {
  return absl::StrCat("南湾", i, "号街道2024年法治政府建设情况报告\n\n全年受理信访案件", i + 1,
                      "件。\n");
}

TEST(GracefulStopTest, InFlightStreamCompletesNewCallsAreRefused) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto stub = fazhi::v1::IngestService::NewStub(
      rpc::MakeChannel(cluster.ingest_target(), "fazhi.v1.IngestService"));
  grpc::ClientContext context;
  context.set_wait_for_ready(true);
  auto stream = stub->SubmitStream(&context);
  auto send = [&](int i) {
    fazhi::v1::SubmitRequest request;
    request.mutable_document()->set_content(Document(i));
    return stream->Write(request);
  };
  fazhi::v1::SubmitResponse response;
  ASSERT_TRUE(send(0));
  ASSERT_TRUE(stream->Read(&response));

  std::thread stopper([&] { cluster.StopIngest(); });  // grace: 2 s in the cluster
  absl::SleepFor(absl::Milliseconds(200));
  // A new call is refused while the old one goes on.
  fazhi::v1::GetJobRequest get;
  get.set_job_id(response.job_id());
  fazhi::v1::Job job;
  auto new_call = rpc::ContextWithTimeout(absl::Seconds(1));
  EXPECT_FALSE(stub->GetJob(new_call.get(), get, &job).ok());

  int answered = 1;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(send(i));
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_EQ(response.error_code(), 0) << response.error_message();
    ++answered;
  }
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  stopper.join();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answered, 4);
}

}  // namespace
}  // namespace fazhi::testing
