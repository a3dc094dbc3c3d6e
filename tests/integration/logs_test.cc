// Logs an operator can search: the three real binaries with
// --log_format=json write one JSON object per line; a document submitted
// with an x-request-id is found by that id in ingest's, extract's and
// aggregate's logs, and one submitted without gets an id of ingest's making
// that extract and aggregate log too.
#include <signal.h>
#include <sys/wait.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

// Every line of the file, each parsed as a JSON object (the test fails on
// one that is not).
std::vector<google::protobuf::Struct> JsonLines(const std::string& path) {
  std::vector<google::protobuf::Struct> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    google::protobuf::Struct object;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok())
        << path << ": " << line;
    out.push_back(std::move(object));
  }
  return out;
}

std::string Field(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? "" : it->second.string_value();
}

// The lines of `lines` with request_id `id`.
std::vector<google::protobuf::Struct> WithId(const std::vector<google::protobuf::Struct>& lines,
                                             const std::string& id) {
  std::vector<google::protobuf::Struct> out;
  for (const auto& l : lines) {
    if (Field(l, "request_id") == id) out.push_back(l);
  }
  return out;
}

TEST(LogsTest, ARequestIdFollowsADocumentThroughTheThreeServicesJsonLogs) {
  TempDir dir;
  const int extract_port = FreePort(), aggregate_port = FreePort(), ingest_port = FreePort();
  const std::vector<std::string> json = {"--log_format=json", "--log_level=debug",
                                         "--shutdown_grace=1s"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), json.begin(), json.end());
    return args;
  };
  std::vector<pid_t> pids = {
      StartBinary("fazhi-extract", with({absl::StrCat("--listen=127.0.0.1:", extract_port)}),
                  dir.Sub("extract.log")),
      StartBinary("fazhi-aggregate",
                  with({absl::StrCat("--listen=127.0.0.1:", aggregate_port),
                        "--data_dir=" + dir.Sub("aggregate")}),
                  dir.Sub("aggregate.log")),
      StartBinary(
          "fazhi-ingest",
          with({absl::StrCat("--listen=127.0.0.1:", ingest_port), "--data_dir=" + dir.Sub("ingest"),
                absl::StrCat("--extract_target=127.0.0.1:", extract_port),
                absl::StrCat("--aggregate_target=127.0.0.1:", aggregate_port)}),
          dir.Sub("ingest.log"))};
  for (int port : {extract_port, aggregate_port, ingest_port}) ASSERT_TRUE(WaitForServing(port));

  auto stub = fazhi::v1::IngestService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", ingest_port), "fazhi.v1.IngestService"));
  std::vector<std::string> jobs;
  for (const std::string& id : {std::string("trace-7f3a"), std::string()}) {
    fazhi::v1::SubmitRequest request;
    request.mutable_document()->set_content(
        absl::StrCat(id.empty() ? "白沙镇" : "青石街道",
                     "2024年法治政府建设情况报告\n\n全年受理信访案件17件，调解矛盾纠纷30起。\n"));
    fazhi::v1::SubmitResponse response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    if (!id.empty()) context->AddMetadata("x-request-id", id);
    ASSERT_TRUE(stub->Submit(context.get(), request, &response).ok());
    jobs.push_back(response.job_id());
  }
  std::string made;  // the id ingest made for the second document
  for (const std::string& job_id : jobs) {
    fazhi::v1::Job job;
    for (int i = 0; i < 300 && job.state() != fazhi::v1::JOB_STATE_DONE; ++i) {
      fazhi::v1::GetJobRequest get;
      get.set_job_id(job_id);
      auto context = rpc::ContextWithTimeout(absl::Seconds(5));
      stub->GetJob(context.get(), get, &job);
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_EQ(job.state(), fazhi::v1::JOB_STATE_DONE) << job.error();
    if (job_id == jobs[1]) made = job.request_id();
  }
  EXPECT_EQ(made.size(), 16u) << made;
  for (pid_t pid : pids) kill(pid, SIGTERM);
  for (pid_t pid : pids) waitpid(pid, nullptr, 0);

  std::map<std::string, std::vector<google::protobuf::Struct>> logs;
  for (const char* service : {"ingest", "extract", "aggregate"}) {
    logs[service] = JsonLines(dir.Sub(absl::StrCat(service, ".log")));
    ASSERT_FALSE(logs[service].empty()) << service;
    for (const auto& line : logs[service]) {
      EXPECT_EQ(Field(line, "service"), service);
      for (const char* key : {"time", "level", "msg"}) {
        EXPECT_FALSE(Field(line, key).empty()) << service << " line without " << key;
      }
    }
  }
  for (const std::string& id : {std::string("trace-7f3a"), made}) {
    SCOPED_TRACE(id);
    // Ingest: the Submit call (the caller's id; the made one on the job's
    // line) and the job's end.
    auto ingest = WithId(logs["ingest"], id);
    EXPECT_FALSE(ingest.empty());
    bool done = false;
    for (const auto& l : ingest) done |= Field(l, "msg") == "job done";
    EXPECT_TRUE(done);
    // Extract and aggregate: the calls ingest made for the document.
    auto extract = WithId(logs["extract"], id);
    ASSERT_FALSE(extract.empty());
    EXPECT_EQ(Field(extract[0], "method"), "/fazhi.v1.ExtractionService/Extract");
    EXPECT_EQ(Field(extract[0], "code"), "OK");
    EXPECT_FALSE(Field(extract[0], "ms").empty());
    auto aggregate = WithId(logs["aggregate"], id);
    ASSERT_FALSE(aggregate.empty());
    EXPECT_EQ(Field(aggregate[0], "method"), "/fazhi.v1.AggregationService/PutReport");
  }
}

}  // namespace
}  // namespace fazhi::testing
