// fazhi-gateway over HTTPS with certificates made by the openssl command:
// who is served and who is not (mTLS, untrusted and expired certificates,
// plaintext on the TLS port), a call that crosses TLS twice (client to
// gateway, gateway to extract), a rotated certificate taken up without a
// restart (and a half-written rotation not), and start-up errors naming
// the flag at fault.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/extract/extract_server.h"
#include "services/gateway/gateway_server.h"
#include "tests/support/http_client.h"
#include "tests/support/pki.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr char kReport[] =
    "青石镇2024年法治政府建设年度报告\n\n一、主要工作\n全年开展法治宣传活动12场。\n";

rpc::ServerTls ServerFiles(const Pki& pki, const std::string& name, const std::string& client_ca) {
  return {.cert = pki.Path(name + ".pem"),
          .key = pki.Path(name + ".key"),
          .client_ca = client_ca.empty() ? "" : pki.Path(client_ca + ".pem"),
          .refresh_seconds = 1};
}

HttpsClient Trusting(const Pki& pki, const std::string& ca, const std::string& identity = "") {
  if (identity.empty()) return {.ca = pki.Path(ca + ".pem")};
  return {.ca = pki.Path(ca + ".pem"),
          .cert = pki.Path(identity + ".pem"),
          .key = pki.Path(identity + ".key")};
}

TEST(GatewayTlsTest, MutualTlsDecidesWhoIsServed) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Ca("other");
  pki.Cert("server", "ca");
  pki.Cert("client", "ca");
  pki.Cert("stranger", "other");
  // The gateway reaches extract over mTLS too.
  auto extract = extract::ExtractServer::Start(
      {.listen = "127.0.0.1:0", .tls = ServerFiles(pki, "server", "ca")});
  ASSERT_TRUE(extract.ok()) << extract.status();
  auto to_extract = rpc::ChannelCredentialsFor(
      {.ca = pki.Path("ca.pem"), .cert = pki.Path("client.pem"), .key = pki.Path("client.key")});
  ASSERT_TRUE(to_extract.ok()) << to_extract.status();
  auto gateway = gateway::GatewayServer::Start(
      {.listen = "127.0.0.1:0",
       .backends = {.extract_target = absl::StrCat("127.0.0.1:", (*extract)->port()),
                    .credentials = *to_extract},
       .tls = ServerFiles(pki, "server", "ca")});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const int port = (*gateway)->port();

  HttpReply served = HttpsCall(port, Trusting(pki, "ca", "client"), "POST", "/v1/extract", kReport);
  EXPECT_EQ(served.status, 200) << served.error << served.body;
  EXPECT_NE(served.body.find("青石镇"), std::string::npos) << served.body;
  EXPECT_NE(served.body.find("publicity_events"), std::string::npos) << served.body;

  struct Case {
    const char* what;
    HttpsClient client;
  };
  for (const Case& c :
       {Case{"no client certificate", Trusting(pki, "ca")},
        Case{"a client certificate of another CA", Trusting(pki, "ca", "stranger")},
        Case{"a client that does not trust the server's CA", Trusting(pki, "other", "client")}}) {
    HttpReply refused = HttpsCall(port, c.client, "GET", "/healthz");
    EXPECT_EQ(refused.status, 0) << c.what << ": " << refused.body;
    EXPECT_FALSE(refused.error.empty()) << c.what;
  }
  HttpReply plaintext = HttpCall(port, "GET", "/healthz");
  EXPECT_EQ(plaintext.status, 0) << "plain HTTP on the TLS port: " << plaintext.body;
  (*gateway)->Shutdown();
  (*extract)->Shutdown();
}

TEST(GatewayTlsTest, AnExpiredCertificateIsNotTrusted) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Cert("expired", "ca", -1);
  auto gateway = gateway::GatewayServer::Start(
      {.listen = "127.0.0.1:0", .tls = ServerFiles(pki, "expired", "")});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  HttpReply r = HttpsCall((*gateway)->port(), Trusting(pki, "ca"), "GET", "/healthz");
  EXPECT_EQ(r.status, 0) << r.body;
  EXPECT_NE(r.error.find("certificate"), std::string::npos) << r.error;
}

TEST(GatewayTlsTest, ARotatedCertificateIsTakenUpWithoutARestart) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Ca("next");
  pki.Cert("server", "ca");
  pki.Cert("renewed", "next");
  auto gateway = gateway::GatewayServer::Start(
      {.listen = "127.0.0.1:0", .tls = ServerFiles(pki, "server", "")});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const int port = (*gateway)->port();
  ASSERT_EQ(HttpsCall(port, Trusting(pki, "ca"), "GET", "/healthz").status, 200);

  // Half a rotation: the new certificate beside the old key is not used.
  std::filesystem::copy_file(pki.Path("renewed.pem"), pki.Path("server.pem"),
                             std::filesystem::copy_options::overwrite_existing);
  absl::SleepFor(absl::Milliseconds(2200));
  EXPECT_EQ(HttpsCall(port, Trusting(pki, "ca"), "GET", "/healthz").status, 200);
  // The whole rotation.
  std::filesystem::copy_file(pki.Path("renewed.key"), pki.Path("server.key"),
                             std::filesystem::copy_options::overwrite_existing);
  HttpReply renewed;
  for (int i = 0; i < 50 && renewed.status != 200; ++i) {
    absl::SleepFor(absl::Milliseconds(200));
    renewed = HttpsCall(port, Trusting(pki, "next"), "GET", "/healthz");
  }
  EXPECT_EQ(renewed.status, 200) << renewed.error;
  EXPECT_EQ(HttpsCall(port, Trusting(pki, "ca"), "GET", "/healthz").status, 0);
}

TEST(GatewayTlsTest, StartErrorsNameTheFlagAtFault) {
  TempDir dir;
  Pki pki(dir.path());
  pki.Ca("ca");
  pki.Cert("server", "ca");
  pki.Cert("other", "ca");
  struct Case {
    rpc::ServerTls tls;
    const char* names;
  };
  for (const Case& c : {
           Case{{.cert = pki.Path("server.pem"), .key = pki.Path("other.key")}, "--tls_key="},
           Case{{.cert = pki.Path("missing.pem"), .key = pki.Path("server.key")}, "--tls_cert="},
           Case{{.cert = pki.Path("server.key"), .key = pki.Path("server.key")}, "--tls_cert="},
           Case{{.cert = pki.Path("server.pem"),
           .key = pki.Path("server.key"),
           .client_ca = pki.Path("missing.pem")},
                "--tls_client_ca="},
           Case{{.client_ca = pki.Path("ca.pem")}, "--tls_cert"},
       }) {
    auto gateway = gateway::GatewayServer::Start({.listen = "127.0.0.1:0", .tls = c.tls});
    ASSERT_FALSE(gateway.ok()) << c.names;
    EXPECT_EQ(gateway.status().code(), absl::StatusCode::kInvalidArgument) << gateway.status();
    EXPECT_NE(gateway.status().message().find(c.names), absl::string_view::npos)
        << gateway.status();
  }
  // With TLS a gateway may listen beyond loopback.
  auto open = gateway::GatewayServer::Start(
      {.listen = "0.0.0.0:0",
       .tls = {.cert = pki.Path("server.pem"), .key = pki.Path("server.key")}});
  EXPECT_TRUE(open.ok()) << open.status();
}

}  // namespace
}  // namespace fazhi::testing
