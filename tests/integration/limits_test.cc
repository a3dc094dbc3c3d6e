// The documented limits (README "Limits") on a real fazhi-extract process,
// set by its flags: a document above --max_document_bytes is
// RESOURCE_EXHAUSTED naming the limit, the next one is served, and the
// process keeps SERVING.
#include <signal.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"
#include "fazhi/v1/extract.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

TEST(LimitsTest, ADocumentAboveExtractsLimitIsResourceExhaustedAndTheNextIsServed) {
  int port = FreePort();
  pid_t extract = StartBinary(
      "fazhi-extract", {absl::StrCat("--listen=127.0.0.1:", port), "--max_document_bytes=2000",
                        "--log_level=error", "--shutdown_grace=1s"});
  ASSERT_TRUE(WaitForServing(port));
  auto stub = fazhi::v1::ExtractionService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", port), "fazhi.v1.ExtractionService"));
  auto extract_call = [&](const std::string& content) {
    fazhi::v1::ExtractRequest request;
    request.mutable_document()->set_source("limit.txt");
    request.mutable_document()->set_content(content);
    fazhi::v1::ExtractResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub->Extract(&context, request, &response);
  };
  std::string report = "青禾镇2024年法治政府建设情况报告\n全年组织集中学法6次。\n";
  std::string big = report;
  while (big.size() <= 2000) big += "全年组织集中学法6次。\n";
  grpc::Status refused = extract_call(big);
  grpc::Status served = extract_call(report);
  bool still_running = waitpid(extract, nullptr, WNOHANG) == 0;
  kill(extract, SIGTERM);
  waitpid(extract, nullptr, 0);

  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_NE(refused.error_message().find("limit of 2000 bytes"), std::string::npos)
      << refused.error_message();
  EXPECT_TRUE(served.ok()) << served.error_message();
  EXPECT_TRUE(still_running);
}

}  // namespace
}  // namespace fazhi::testing
