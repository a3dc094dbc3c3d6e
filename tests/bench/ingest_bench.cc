// Ingest throughput over loopback with the three real services in this
// process: 2 000 distinct reports (our own wording) streamed through
// SubmitStream; reports/s, and p50/p99 latency from Submit to the report
// being held by aggregate (job DONE). Runs once with one extract replica
// and once with two behind round_robin (`ipv4:a,b`), in the same run.
//
//   build/bench/ingest_bench [--reports=2000]
#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/rpc/channel.h"
#include "services/aggregate/aggregate_server.h"
#include "services/extract/extract_server.h"
#include "services/ingest/ingest_server.h"

ABSL_FLAG(int, reports, 2000, "reports per run");

namespace {

std::string Report(int run, int i) {
  static const char* a[] = {"东", "西", "南", "北", "中", "上", "下", "前", "后", "新"};
  static const char* b[] = {"山", "水", "河", "湖", "林", "石", "田", "桥", "溪", "岭"};
  std::string name = absl::StrCat(a[i % 10], b[(i / 10) % 10], a[(i / 100) % 10], "街道");
  std::string body;
  for (int k = 0; k < 12; ++k) {
    absl::StrAppend(&body, "街道坚持把法治建设贯穿基层治理全过程，健全重大事项合法性审查机制，",
                    "深化矛盾纠纷源头化解，推进公共法律服务体系建设。");
  }
  return absl::StrCat(name, "2024年度法治政府建设情况报告\n\n一、主要举措和成效\n\n", body,
                      "全年共调解矛盾纠纷", 10 + i % 300, "起，调解成功", 9 + i % 300,
                      "起。全年受理信访案件", 5 + i % 90, "件，办结", 4 + i % 90, "件。(第", run,
                      "轮第", i, "份)\n\n二、存在的不足\n\n形式还不够丰富。\n");
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

struct Result {
  double seconds;
  double p50_ms, p99_ms;
  int done, failed;
};

Result Run(int run, int replicas, int count, const std::string& dir) {
  std::vector<std::unique_ptr<fazhi::extract::ExtractServer>> extracts;
  std::string target = "ipv4:";
  for (int r = 0; r < replicas; ++r) {
    extracts.push_back(*fazhi::extract::ExtractServer::Start({.listen = "127.0.0.1:0"}));
    absl::StrAppend(&target, r > 0 ? "," : "", "127.0.0.1:", extracts.back()->port());
  }
  auto aggregate = *fazhi::aggregate::AggregateServer::Start(
      {.listen = "127.0.0.1:0", .data_dir = absl::StrCat(dir, "/aggregate", run)});
  fazhi::ingest::PipelineOptions pipeline;
  pipeline.extract_target = target;
  pipeline.aggregate_target = absl::StrCat("127.0.0.1:", aggregate->port());
  auto ingest = *fazhi::ingest::IngestServer::Start({.listen = "127.0.0.1:0",
                                                     .data_dir = absl::StrCat(dir, "/ingest", run),
                                                     .pipeline = pipeline});
  std::string ingest_target = absl::StrCat("127.0.0.1:", ingest->port());
  auto stub = fazhi::v1::IngestService::NewStub(
      fazhi::rpc::MakeChannel(ingest_target, "fazhi.v1.IngestService"));

  absl::Mutex mu;
  std::map<std::string, absl::Time> submitted;  // job id -> acknowledged at
  std::vector<std::string> order;
  absl::Time start = absl::Now();
  bool streaming = true;
  std::thread sender([&] {
    grpc::ClientContext context;
    auto stream = stub->SubmitStream(&context);
    std::thread writer([&] {
      for (int i = 0; i < count; ++i) {
        fazhi::v1::SubmitRequest request;
        request.mutable_document()->set_source(absl::StrCat("bench-", i));
        request.mutable_document()->set_content(Report(run, i));
        request.mutable_document()->set_region_hint("330102");
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    fazhi::v1::SubmitResponse response;
    while (stream->Read(&response)) {
      absl::MutexLock lock(&mu);
      submitted[response.job_id()] = absl::Now();
      order.push_back(response.job_id());
    }
    writer.join();
    stream->Finish().IgnoreError();
    absl::MutexLock lock(&mu);
    streaming = false;
  });
  // Poll the oldest unfinished jobs: completion is close to submission order.
  std::vector<double> latencies;
  int failed = 0;
  size_t next = 0;
  std::map<std::string, bool> finished;
  absl::Time deadline = absl::Now() + absl::Minutes(10);
  while (absl::Now() < deadline) {
    std::vector<std::string> window;
    bool more;
    {
      absl::MutexLock lock(&mu);
      while (next < order.size() && finished.count(order[next])) ++next;
      for (size_t k = next; k < order.size() && window.size() < 64; ++k) {
        if (!finished.count(order[k])) window.push_back(order[k]);
      }
      more = streaming || next < order.size();
    }
    if (!more) break;
    for (const std::string& id : window) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(id);
      fazhi::v1::Job job;
      auto context = fazhi::rpc::ContextWithTimeout(absl::Seconds(10));
      if (!stub->GetJob(context.get(), request, &job).ok()) continue;
      if (job.state() != fazhi::v1::JOB_STATE_DONE && job.state() != fazhi::v1::JOB_STATE_FAILED) {
        continue;
      }
      absl::MutexLock lock(&mu);
      finished[id] = true;
      if (job.state() == fazhi::v1::JOB_STATE_FAILED) {
        ++failed;
      } else {
        latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - submitted[id]));
      }
    }
    if (window.empty()) absl::SleepFor(absl::Milliseconds(5));
  }
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  sender.join();
  ingest->Shutdown();
  aggregate->Shutdown();
  for (auto& e : extracts) e->Shutdown();
  return {seconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99),
          static_cast<int>(latencies.size()), failed};
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // A line per job would be most of the output and part of what is timed.
  fazhi::SetLogLevel(fazhi::LogLevel::kWarning);
  int count = absl::GetFlag(FLAGS_reports);
  char dir_template[] = "/tmp/fazhi-ingest-bench.XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::printf(
      "ingest bench: %d reports per run, three services in-process on loopback, %d Extract "
      "calls in flight (--extract_workers)\n",
      count, fazhi::ingest::PipelineOptions().extract_workers);
  int run = 0;
  for (int replicas : {1, 2}) {
    Result r = Run(++run, replicas, count, dir);
    std::printf(
        "  %d extract replica%s: %.1f s, %.0f reports/s; Submit -> in aggregate p50 %.0f ms, "
        "p99 %.0f ms; done %d, failed %d\n",
        replicas, replicas == 1 ? "" : "s", r.seconds, r.done / r.seconds, r.p50_ms, r.p99_ms,
        r.done, r.failed);
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str());
}
