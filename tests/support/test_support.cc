#include "tests/support/test_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/engine/catalog.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "common/rpc/status.h"
#include "fazhi/v1/catalog.pb.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace fazhi::testing {
namespace {

namespace fs = std::filesystem;

}  // namespace

// The kernel hands out a new port each time, so reuse by another process
// in between is unlikely.
bool WaitForServing(int port, absl::Duration timeout) {
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (health->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

ShellRun Shell(const std::string& command) {
  ShellRun run{-1, ""};
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.out.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

pid_t StartBinary(const std::string& binary, const std::vector<std::string>& args,
                  const std::string& stderr_path) {
  std::string path = absl::StrCat(FAZHI_BINARY_DIR, "/bin/", binary);
  std::vector<std::string> argv_storage = {path};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    if (!stderr_path.empty()) {
      int fd = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

namespace {

std::string Loopback(int port) { return absl::StrCat("127.0.0.1:", port); }

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern = absl::StrCat(base ? base : "/tmp", "/fazhi-test.XXXXXX");
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  char* made = mkdtemp(buffer.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  } else {
    path_ = made;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFileOrDie(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string WriteOldCatalog(const std::string& path) {
  fazhi::v1::IndicatorCatalog catalog;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(engine::EmbeddedCatalogText()),
                                                     &catalog)) {
    std::abort();
  }
  catalog.set_version("2000.1.1-test");
  auto* rules = catalog.mutable_indicators();
  for (int i = 0; i < rules->size(); ++i) {
    if (rules->Get(i).id() == "petitions") {
      rules->DeleteSubrange(i, 1);
      break;
    }
  }
  std::string text;
  google::protobuf::TextFormat::PrintToString(catalog, &text);
  WriteFileOrDie(path, text);
  return path;
}

std::string CorpusDir() {
  const char* dir = std::getenv("FAZHI_CORPUS_DIR");
  return dir != nullptr ? dir : absl::StrCat(FAZHI_SOURCE_DIR, "/../shared/corpus");
}

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CorpusDir() + "/seeds", ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<GoldReport> LoadGold() {
  std::string json =
      absl::StrCat("{\"reports\":", ReadFileOrDie(CorpusDir() + "/seeds.gold.json"), "}");
  GoldSet gold;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(json, &gold, options);
  if (!status.ok()) ADD_FAILURE() << "seeds.gold.json: " << status.ToString();
  return {gold.reports().begin(), gold.reports().end()};
}

Cluster::Cluster(const std::string& data_root)
    : data_root_(data_root),
      extract_port_(FreePort()),
      aggregate_port_(FreePort()),
      ingest_port_(FreePort()) {
  pipeline_options_.initial_backoff = absl::Milliseconds(20);
  pipeline_options_.max_backoff = absl::Milliseconds(300);
  pipeline_options_.extract_timeout = absl::Seconds(20);
  pipeline_options_.deliver_timeout = absl::Seconds(5);
  ingest_stub_ = fazhi::v1::IngestService::NewStub(
      rpc::MakeChannel(Loopback(ingest_port_), "fazhi.v1.IngestService"));
  aggregate_stub_ = fazhi::v1::AggregationService::NewStub(
      rpc::MakeChannel(Loopback(aggregate_port_), "fazhi.v1.AggregationService"));
}

Cluster::~Cluster() {
  StopIngest();
  StopAggregate();
  StopExtract();
}

void Cluster::UseTls(const rpc::ServerTls& server, const rpc::PeerTls& client) {
  server_tls_ = server;
  auto credentials = rpc::ChannelCredentialsFor(client);
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  client_credentials_ = *credentials;
  pipeline_options_.peer_credentials = client_credentials_;
  ingest_stub_ = fazhi::v1::IngestService::NewStub(
      rpc::MakeChannel(Loopback(ingest_port_), "fazhi.v1.IngestService",
                       rpc::Retries::kOnUnavailable, client_credentials_));
  aggregate_stub_ = fazhi::v1::AggregationService::NewStub(
      rpc::MakeChannel(Loopback(aggregate_port_), "fazhi.v1.AggregationService",
                       rpc::Retries::kOnUnavailable, client_credentials_));
}

void Cluster::StartExtract() {
  auto server = extract::ExtractServer::Start({.listen = Loopback(extract_port_),
                                               .catalog_path = extract_catalog_,
                                               .shutdown_grace = absl::Seconds(2),
                                               .auth_tokens = auth_tokens_,
                                               .tls = server_tls_});
  ASSERT_TRUE(server.ok()) << server.status();
  extract_ = *std::move(server);
}

void Cluster::StartAggregate() {
  auto server = aggregate::AggregateServer::Start({.listen = Loopback(aggregate_port_),
                                                   .data_dir = data_root_ + "/aggregate",
                                                   .shutdown_grace = absl::Seconds(2),
                                                   .auth_tokens = auth_tokens_,
                                                   .tls = server_tls_});
  ASSERT_TRUE(server.ok()) << server.status();
  aggregate_ = *std::move(server);
}

void Cluster::StartIngest() {
  ingest::PipelineOptions pipeline = pipeline_options_;
  // A test may point ingest at other extract servers (load balancing).
  if (pipeline.extract_target == ingest::PipelineOptions().extract_target) {
    pipeline.extract_target = Loopback(extract_port_);
  }
  pipeline.aggregate_target = Loopback(aggregate_port_);
  auto server = ingest::IngestServer::Start({.listen = Loopback(ingest_port_),
                                             .data_dir = data_root_ + "/ingest",
                                             .pipeline = pipeline,
                                             .shutdown_grace = absl::Seconds(2),
                                             .auth_tokens = auth_tokens_,
                                             .tls = server_tls_});
  ASSERT_TRUE(server.ok()) << server.status();
  ingest_ = *std::move(server);
}

void Cluster::StartAll() {
  StartExtract();
  StartAggregate();
  StartIngest();
}

void Cluster::StopExtract() {
  if (extract_) extract_->Shutdown();
  extract_.reset();
}
void Cluster::StopAggregate() { aggregate_.reset(); }
void Cluster::StopIngest() { ingest_.reset(); }

fazhi::v1::IngestService::Stub& Cluster::ingest() { return *ingest_stub_; }
fazhi::v1::AggregationService::Stub& Cluster::aggregate() { return *aggregate_stub_; }

absl::StatusOr<fazhi::v1::SubmitResponse> Cluster::Submit(const std::string& source,
                                                          const std::string& content,
                                                          const std::string& region_hint) {
  fazhi::v1::SubmitRequest request;
  request.mutable_document()->set_source(source);
  request.mutable_document()->set_content(content);
  request.mutable_document()->set_region_hint(region_hint);
  fazhi::v1::SubmitResponse response;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  context->set_wait_for_ready(true);
  rpc::AttachToken(context.get(), client_token_);
  grpc::Status status = ingest_stub_->Submit(context.get(), request, &response);
  if (!status.ok()) return rpc::FromGrpc(status);
  return response;
}

std::vector<fazhi::v1::Job> Cluster::WaitForJobs(const std::vector<std::string>& job_ids,
                                                 absl::Duration timeout) {
  std::vector<fazhi::v1::Job> jobs(job_ids.size());
  absl::Time deadline = absl::Now() + timeout;
  for (size_t i = 0; i < job_ids.size(); ++i) {
    while (true) {
      fazhi::v1::GetJobRequest request;
      request.set_job_id(job_ids[i]);
      auto context = rpc::ContextWithTimeout(absl::Seconds(5));
      context->set_wait_for_ready(true);
      rpc::AttachToken(context.get(), client_token_);
      grpc::Status status = ingest_stub_->GetJob(context.get(), request, &jobs[i]);
      bool finished = status.ok() && (jobs[i].state() == fazhi::v1::JOB_STATE_DONE ||
                                      jobs[i].state() == fazhi::v1::JOB_STATE_FAILED);
      if (finished || absl::Now() > deadline) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  return jobs;
}

absl::StatusOr<fazhi::v1::CountyStats> Cluster::CountyStats(const std::string& county, int year) {
  fazhi::v1::GetCountyStatsRequest request;
  request.set_county_code(county);
  request.set_year(year);
  fazhi::v1::CountyStats stats;
  auto context = rpc::ContextWithTimeout(absl::Seconds(10));
  context->set_wait_for_ready(true);
  rpc::AttachToken(context.get(), client_token_);
  grpc::Status status = aggregate_stub_->GetCountyStats(context.get(), request, &stats);
  if (!status.ok()) return rpc::FromGrpc(status);
  return stats;
}

absl::StatusOr<std::vector<fazhi::v1::ReportSummary>> Cluster::ListReports(
    const std::string& county, int year, const std::string& township) {
  fazhi::v1::ListReportsRequest request;
  request.set_county_code(county);
  request.set_year(year);
  request.set_township(township);
  request.set_page_size(1000);
  std::vector<fazhi::v1::ReportSummary> reports;
  while (true) {
    fazhi::v1::ListReportsResponse page;
    auto context = rpc::ContextWithTimeout(absl::Seconds(10));
    context->set_wait_for_ready(true);
    rpc::AttachToken(context.get(), client_token_);
    grpc::Status status = aggregate_stub_->ListReports(context.get(), request, &page);
    if (!status.ok()) return rpc::FromGrpc(status);
    reports.insert(reports.end(), page.reports().begin(), page.reports().end());
    if (page.next_page_token().empty()) return reports;
    request.set_page_token(page.next_page_token());
  }
}

}  // namespace fazhi::testing
