// Each service serves Prometheus text on --metrics_listen: scrape it over
// real HTTP after some work and parse every sample line. The same port
// answers the probes (/healthz, /readyz) that cannot speak the service's TLS.
#include <unistd.h>

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/rpc/channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "common/metrics/metrics_server.h"
#include "tests/support/http_client.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

// Sample lines "name{labels} value" -> value; fails on a line that does
// not parse.
std::map<std::string, double> ParseSamples(const std::string& body) {
  std::map<std::string, double> samples;
  for (absl::string_view line : absl::StrSplit(body, '\n', absl::SkipEmpty())) {
    if (line[0] == '#') continue;
    size_t space = line.rfind(' ');
    double value = 0;
    EXPECT_NE(space, absl::string_view::npos) << line;
    if (space == absl::string_view::npos) continue;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

double Sum(const std::map<std::string, double>& samples, const std::string& prefix) {
  double total = 0;
  for (const auto& [key, value] : samples) {
    if (key.rfind(prefix, 0) == 0) total += value;
  }
  return total;
}

TEST(MetricsTest, ServicesExposePrometheusText) {
  TempDir dir;
  auto extract =
      extract::ExtractServer::Start({.listen = "127.0.0.1:0", .metrics_listen = "127.0.0.1:0"});
  ASSERT_TRUE(extract.ok()) << extract.status();
  auto aggregate = aggregate::AggregateServer::Start(
      {.listen = "127.0.0.1:0", .data_dir = dir.Sub("aggregate"), .metrics_listen = "127.0.0.1:0"});
  ASSERT_TRUE(aggregate.ok()) << aggregate.status();
  ingest::PipelineOptions pipeline;
  pipeline.extract_target = absl::StrCat("127.0.0.1:", (*extract)->port());
  pipeline.aggregate_target = absl::StrCat("127.0.0.1:", (*aggregate)->port());
  auto ingest = ingest::IngestServer::Start({.listen = "127.0.0.1:0",
                                             .data_dir = dir.Sub("ingest"),
                                             .pipeline = pipeline,
                                             .metrics_listen = "127.0.0.1:0"});
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  EXPECT_GT((*ingest)->metrics_port(), 0);

  auto stub = fazhi::v1::IngestService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", (*ingest)->port()), "fazhi.v1.IngestService"));
  fazhi::v1::SubmitRequest request;
  request.mutable_document()->set_content(
      "青石街道2024年法治政府建设情况报告\n\n全年受理信访案件17件，调解矛盾纠纷30起。\n");
  request.mutable_document()->set_region_hint("330102");
  fazhi::v1::SubmitResponse response;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  ASSERT_TRUE(stub->Submit(context.get(), request, &response).ok());
  for (int i = 0; i < 200; ++i) {
    fazhi::v1::GetJobRequest get;
    get.set_job_id(response.job_id());
    fazhi::v1::Job job;
    auto c = rpc::ContextWithTimeout(absl::Seconds(5));
    if (stub->GetJob(c.get(), get, &job).ok() && job.state() == fazhi::v1::JOB_STATE_DONE) break;
    usleep(20000);
  }

  // A client calling methods that do not exist, each under a new name:
  // 1 000 of them on ingest, a few on the others.
  for (int port : {(*ingest)->port(), (*extract)->port(), (*aggregate)->port()}) {
    grpc::GenericStub generic(rpc::MakeChannel(absl::StrCat("127.0.0.1:", port), ""));
    for (int i = 0; i < (port == (*ingest)->port() ? 1000 : 5); ++i) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      grpc::CompletionQueue cq;
      grpc::Slice empty("");
      grpc::ByteBuffer request(&empty, 1);
      auto call = generic.PrepareUnaryCall(
          &context, absl::StrCat("/fazhi.v1.AggregationService/Invented", i), request, &cq);
      call->StartCall();
      grpc::ByteBuffer response;
      grpc::Status status;
      call->Finish(&response, &status, reinterpret_cast<void*>(1));
      void* tag = nullptr;
      bool ok = false;
      ASSERT_TRUE(cq.Next(&tag, &ok));
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
      cq.Shutdown();
      while (cq.Next(&tag, &ok)) {
      }
    }
  }
  for (int port :
       {(*ingest)->metrics_port(), (*extract)->metrics_port(), (*aggregate)->metrics_port()}) {
    SCOPED_TRACE(port);
    HttpReply http = HttpCall(port, "GET", "/metrics");
    ASSERT_EQ(http.status, 200) << http.body.substr(0, 200);
    EXPECT_NE(http.headers["content-type"].find("text/plain; version=0.0.4"), std::string::npos);
    const std::string& body = http.body;
    std::map<std::string, double> samples = ParseSamples(body);
    EXPECT_GE(samples["fazhi_rpc_requests_total{code=\"OK\","
                      "method=\"/fazhi.v1.IngestService/Submit\"}"],
              1);
    // Invented method names never become label values.
    EXPECT_EQ(body.find("Invented"), std::string::npos);
    EXPECT_GE(Sum(samples,
                  "fazhi_rpc_duration_seconds_count{method=\"/fazhi.v1.ExtractionService/"
                  "Extract\"}"),
              1);
    EXPECT_GE(samples["fazhi_extract_indicator_hits_total{id=\"petitions\"}"], 1);
    EXPECT_GE(samples["fazhi_ingest_documents_total{format=\"text\"}"], 1);
    EXPECT_NE(body.find("\nfazhi_ingest_queue_jobs "), std::string::npos);
    // No label carries a path (or anything else a deployment chooses).
    EXPECT_EQ(body.find("data_dir"), std::string::npos);
    EXPECT_EQ(body.find(dir.path()), std::string::npos);
    EXPECT_EQ(Sum(samples, "fazhi_ingest_outbox_jobs"), 0);  // delivered
    EXPECT_NE(body.find("fazhi_store_size_bytes{store=\"aggregate\""), std::string::npos);
    EXPECT_NE(body.find("# TYPE fazhi_rpc_duration_seconds histogram"), std::string::npos);
    // Prometheus's own parser reads it all; labels stay bounded. The three
    // services run in this process, so their methods share one registry:
    // at most every method of the four services, plus "unknown".
    const std::string file = dir.Sub("metrics.txt");
    WriteFileOrDie(file, body);
    ShellRun check = Shell(absl::StrCat("/usr/bin/python3 ", FAZHI_SOURCE_DIR,
                                        "/tests/integration/check_metrics.py ", file, " 40 2>&1"));
    EXPECT_EQ(check.exit_code, 0) << check.out;
  }
  (*ingest)->Shutdown();
  (*aggregate)->Shutdown();
  (*extract)->Shutdown();
}

TEST(MetricsTest, TheMetricsPortAnswersProbes) {
  bool ready = false;
  auto server = metrics::MetricsServer::Start("127.0.0.1:0", [&](std::string* why) {
    *why = "aggregate \"down\"";
    return ready;
  });
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(HttpCall((*server)->port(), "GET", "/healthz").status, 200);
  HttpReply not_ready = HttpCall((*server)->port(), "GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_NE(not_ready.body.find("aggregate \\\"down\\\""), std::string::npos) << not_ready.body;
  ready = true;
  EXPECT_EQ(HttpCall((*server)->port(), "GET", "/readyz").status, 200);
}

// A service under TLS is probed on its metrics port: ready while it serves.
TEST(MetricsTest, AServicesReadinessIsOnItsMetricsPort) {
  auto extract =
      extract::ExtractServer::Start({.listen = "127.0.0.1:0", .metrics_listen = "127.0.0.1:0"});
  ASSERT_TRUE(extract.ok()) << extract.status();
  HttpReply ready = HttpCall((*extract)->metrics_port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("SERVING"), std::string::npos);
  (*extract)->Shutdown();
  HttpReply stopping = HttpCall((*extract)->metrics_port(), "GET", "/readyz");
  EXPECT_EQ(stopping.status, 503) << stopping.body;
  EXPECT_NE(stopping.body.find("stopping"), std::string::npos) << stopping.body;
}

}  // namespace
}  // namespace fazhi::testing
