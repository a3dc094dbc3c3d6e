// TLS and mTLS on real servers (loopback) with certificates made by the
// openssl command for each test: who can connect and who cannot, plaintext
// refused off loopback, a rotated certificate taken up without a restart,
// and the pipeline end to end with mTLS and tokens between all services.
#include "common/rpc/tls.h"


#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/rpc/channel.h"
#include "common/rpc/server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/pki.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

// A health check over `credentials`; OK when the handshake and call worked.
grpc::Status Check(int port, const rpc::PeerTls& tls) {
  auto credentials = rpc::ChannelCredentialsFor(tls);
  EXPECT_TRUE(credentials.ok()) << credentials.status();
  auto channel =
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", port), "", rpc::Retries::kNone, *credentials);
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response);
}

std::unique_ptr<rpc::RunningServer> Serve(const rpc::ServerTls& tls) {
  auto server = rpc::StartServer({.listen = "127.0.0.1:0", .tls = tls}, {});
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

TEST(TlsTest, WhoMayConnect) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Ca("other");
  pki.Cert("server", "ca");
  pki.Cert("client", "ca");
  pki.Cert("stranger", "other");
  pki.Cert("expired", "ca", -1);
  rpc::PeerTls trusting{.ca = pki.Path("ca.pem")};

  auto tls = Serve({.cert = pki.Path("server.pem"), .key = pki.Path("server.key")});
  ASSERT_NE(tls, nullptr);
  EXPECT_TRUE(Check(tls->port(), trusting).ok());
  EXPECT_FALSE(Check(tls->port(), {}).ok()) << "plaintext against a TLS port";
  EXPECT_FALSE(Check(tls->port(), {.ca = pki.Path("other.pem")}).ok()) << "an untrusted CA";

  auto mtls = Serve({.cert = pki.Path("server.pem"),
                     .key = pki.Path("server.key"),
                     .client_ca = pki.Path("ca.pem")});
  ASSERT_NE(mtls, nullptr);
  EXPECT_FALSE(Check(mtls->port(), trusting).ok()) << "no client certificate";
  EXPECT_TRUE(Check(mtls->port(), {.ca = pki.Path("ca.pem"),
                                   .cert = pki.Path("client.pem"),
                                   .key = pki.Path("client.key")})
                  .ok());
  EXPECT_FALSE(Check(mtls->port(), {.ca = pki.Path("ca.pem"),
                                    .cert = pki.Path("stranger.pem"),
                                    .key = pki.Path("stranger.key")})
                   .ok())
      << "a client certificate of another CA";

  auto expired = Serve({.cert = pki.Path("expired.pem"), .key = pki.Path("expired.key")});
  ASSERT_NE(expired, nullptr);
  EXPECT_FALSE(Check(expired->port(), trusting).ok()) << "an expired server certificate";

  // Files that are not there are named at start.
  auto missing = rpc::StartServer(
      {.listen = "127.0.0.1:0", .tls = {.cert = pki.Path("nope.pem"), .key = pki.Path("x")}}, {});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("--tls_cert"), absl::string_view::npos);
}

TEST(TlsTest, PlaintextOnlyOnLoopbackUnlessToldOtherwise) {
  auto open = rpc::StartServer({.listen = "0.0.0.0:0"}, {});
  EXPECT_EQ(open.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(open.status().message().find("--tls_cert"), absl::string_view::npos);
  EXPECT_NE(open.status().message().find("--insecure_listen"), absl::string_view::npos);
  auto allowed = rpc::StartServer({.listen = "0.0.0.0:0", .insecure_listen = true}, {});
  EXPECT_TRUE(allowed.ok()) << allowed.status();
  for (const char* loopback :
       {"127.0.0.1:7102", "127.8.9.1:1", "localhost:7102", "[::1]:7102", "unix:/tmp/fazhi.sock"}) {
    EXPECT_TRUE(rpc::IsLoopback(loopback)) << loopback;
  }
  for (const char* other : {"0.0.0.0:7102", "10.0.0.5:7102", "[::]:7102", "fazhi:7102"}) {
    EXPECT_FALSE(rpc::IsLoopback(other)) << other;
  }
}

TEST(TlsTest, ARotatedCertificateIsTakenUpWithoutARestart) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Ca("next");
  pki.Cert("server", "ca");
  pki.Cert("renewed", "next");
  auto server =
      Serve({.cert = pki.Path("server.pem"), .key = pki.Path("server.key"), .refresh_seconds = 1});
  ASSERT_NE(server, nullptr);
  rpc::PeerTls trusting_next{.ca = pki.Path("next.pem")};
  EXPECT_FALSE(Check(server->port(), trusting_next).ok());
  // The Secret is updated: the same files now hold the renewed pair.
  WriteFileOrDie(pki.Path("server.key"), ReadFileOrDie(pki.Path("renewed.key")));
  WriteFileOrDie(pki.Path("server.pem"), ReadFileOrDie(pki.Path("renewed.pem")));
  absl::Time deadline = absl::Now() + absl::Seconds(15);
  bool taken_up = false;
  while (!taken_up && absl::Now() < deadline) {
    taken_up = Check(server->port(), trusting_next).ok();
    if (!taken_up) absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_TRUE(taken_up);
}

TEST(TlsTest, ThePipelineRunsWithMutualTlsAndTokens) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Cert("server", "ca");
  pki.Cert("client", "ca");
  std::string tokens = dir.path() + "/tokens";
  WriteFileOrDie(tokens,
                 "portal-0123456789abcdef submit,read portal\n"
                 "ingest-0123456789abcdef extract,peer ingest\n");
  Cluster cluster(dir.Sub("data"));
  cluster.RequireTokens(tokens, "portal-0123456789abcdef");
  cluster.UseTls(
      {.cert = pki.Path("server.pem"),
       .key = pki.Path("server.key"),
       .client_ca = pki.Path("ca.pem")},
      {.ca = pki.Path("ca.pem"), .cert = pki.Path("client.pem"), .key = pki.Path("client.key")});
  cluster.pipeline_options().peer_token = "ingest-0123456789abcdef";
  cluster.StartAll();
  auto submitted = cluster.Submit(
      "qingshi.txt", "青石街道2024年法治政府建设情况报告\n\n全年共调解矛盾纠纷21起。\n", "330102");
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  fazhi::v1::Job job = cluster.WaitForJobs({submitted->job_id()})[0];
  EXPECT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
}

}  // namespace
}  // namespace fazhi::testing
