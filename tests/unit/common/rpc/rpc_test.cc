#include <thread>

#include "absl/time/clock.h"
#include "common/rpc/channel.h"
#include "common/rpc/server.h"
#include "common/rpc/status.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"

namespace fazhi::rpc {
namespace {

TEST(StatusTest, SameCodeBothWays) {
  absl::Status s = absl::InvalidArgumentError("county_code is missing");
  grpc::Status g = ToGrpc(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "county_code is missing");
  EXPECT_EQ(FromGrpc(g), s);
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
  EXPECT_EQ(FromGrpc(ToGrpc(absl::NotFoundError("x"))).code(), absl::StatusCode::kNotFound);
}

TEST(StatusTest, MessagesAreBounded) {
  std::string huge(100000, 'x');
  grpc::Status g = ToGrpc(absl::InternalError(huge));
  EXPECT_LT(g.error_message().size(), 4096u);
}

TEST(ServerTest, RejectsBadAddressAndServesHealth) {
  auto bad = StartServer({.listen = "no-port"}, {});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);

  auto server = StartServer({.listen = "127.0.0.1:0"}, {});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  // The standard health service answers SERVING (HealthCheckResponse
  // {status: SERVING} is the two bytes 08 01 on the wire).
  auto channel =
      MakeChannel("127.0.0.1:" + std::to_string((*server)->port()), "grpc.health.v1.Health");
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::CompletionQueue cq;
  grpc::Slice empty_request("");
  grpc::ByteBuffer request(&empty_request, 1);
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(cq.Next(&tag, &ok));
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& slice : slices)
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  (*server)->Shutdown(absl::Seconds(1));
}

// gRPC's default health service keeps a Watch open until the stop's grace
// runs out; ours ends it at once, so a watched server stops in time.
TEST(ServerTest, HealthAnswersPerServiceAndWatchesEndWhenTheStopBegins) {
  fazhi::v1::AggregationService::Service unimplemented;
  auto server = StartServer({.listen = "127.0.0.1:0"},
                            {{fazhi::v1::AggregationService::service_full_name(), &unimplemented}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = MakeChannel("127.0.0.1:" + std::to_string((*server)->port()), "");
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&](const std::string& service, grpc::health::v1::HealthCheckResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    return health->Check(&context, request, response);
  };
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(check("", &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_TRUE(check("fazhi.v1.AggregationService", &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(check("fazhi.v1.NoSuchService", &response).error_code(), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext watch_context;
  grpc::health::v1::HealthCheckRequest everything;
  auto watch = health->Watch(&watch_context, everything);
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  absl::Time start = absl::Now();
  std::thread stopper([&] { (*server)->Shutdown(absl::Seconds(20)); });
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(watch->Read(&response));
  EXPECT_TRUE(watch->Finish().ok());
  stopper.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5)) << "the stop did not wait out its grace";
}

// A client sending 1 MB of metadata is refused; the others are served.
TEST(ServerTest, OversizedMetadataIsRefusedAndOthersAreServed) {
  auto server = StartServer({.listen = "127.0.0.1:0"}, {});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = MakeChannel("127.0.0.1:" + std::to_string((*server)->port()), "");
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&](size_t metadata_bytes) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    if (metadata_bytes > 0) context.AddMetadata("x-padding", std::string(metadata_bytes, 'a'));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, request, &response);
  };
  EXPECT_FALSE(check(1 << 20).ok());
  EXPECT_TRUE(check(0).ok());
  EXPECT_TRUE(check(1000).ok());
}

// A string field holding invalid UTF-8 (HealthCheckRequest.service =
// bytes FF FE, sent raw) is INVALID_ARGUMENT naming the field, not INTERNAL.
TEST(ServerTest, InvalidUtf8InAStringFieldIsNamed) {
  auto server = StartServer({.listen = "127.0.0.1:0"}, {});
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::GenericStub stub(MakeChannel("127.0.0.1:" + std::to_string((*server)->port()), ""));
  for (const std::string& body : {std::string("\x0a\x02\xff\xfe", 4), std::string()}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::CompletionQueue cq;
    grpc::Slice slice(body);
    grpc::ByteBuffer request(&slice, 1);
    auto call = stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &cq);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    call->Finish(&response, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    ASSERT_TRUE(cq.Next(&tag, &ok));
    if (body.empty()) {
      EXPECT_TRUE(status.ok()) << "the next request on the same server is served";
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
      EXPECT_NE(status.error_message().find("grpc.health.v1.HealthCheckRequest.service"),
                std::string::npos)
          << status.error_message();
    }
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
  }
}

}  // namespace
}  // namespace fazhi::rpc
