// fazhi-gateway against the real services on loopback (real RocksDB
// folders), called over real HTTP as a Java or PHP portal would: every route
// its OpenAPI document lists answers, replies are the JSON of the gRPC call
// (and of `fazhi extract`), each error class has its HTTP status, tokens
// pass through to the services, and /readyz tells when a service is down.

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/base/proto_json.h"
#include "common/engine/engine.h"
#include "common/rpc/channel.h"
#include "fazhi/v1/extract.grpc.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/gateway/gateway_server.h"
#include "tests/support/http_client.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

constexpr char kReport[] =
    "小营街道2024年法治政府建设情况报告\n\n一、主要举措\n全年组织集中学法6次，"
    "受理信访案件12件，调解矛盾纠纷30起。\n";

google::protobuf::Struct ParseJson(const std::string& json) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok()) << json;
  return s;
}

std::string Field(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? "" : it->second.string_value();
}

std::unique_ptr<gateway::GatewayServer> StartGateway(const Cluster& cluster,
                                                     int64_t max_document_bytes = 20 << 20) {
  auto server =
      gateway::GatewayServer::Start({.listen = "127.0.0.1:0",
                                     .backends = {.ingest_target = cluster.ingest_target(),
                                                  .extract_target = cluster.extract_target(),
                                                  .aggregate_target = cluster.aggregate_target(),
                                                  .timeout = absl::Seconds(30),
                                                  .max_document_bytes = max_document_bytes}});
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// Submits kReport through the gateway and waits until its job is DONE;
// the job's JSON.
google::protobuf::Struct SubmitAndWait(int port, const std::string& headers = "") {
  HttpReply submitted = HttpCall(
      port, "POST", "/v1/documents?region_hint=330102&source=xiaoying.txt", kReport, headers);
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  std::string job_id = Field(ParseJson(submitted.body), "job_id");
  EXPECT_FALSE(job_id.empty()) << submitted.body;
  google::protobuf::Struct job;
  for (int i = 0; i < 300; ++i) {
    HttpReply r = HttpCall(port, "GET", "/v1/jobs/" + job_id, "", headers);
    job = ParseJson(r.body);
    if (Field(job, "state") == "JOB_STATE_DONE" || Field(job, "state") == "JOB_STATE_FAILED") break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(Field(job, "state"), "JOB_STATE_DONE") << Field(job, "error");
  return job;
}

TEST(GatewayTest, EveryRouteTheOpenApiDocumentListsAnswers) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  google::protobuf::Struct job = SubmitAndWait(gateway->port());

  HttpReply openapi = HttpCall(gateway->port(), "GET", "/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  google::protobuf::Struct doc = ParseJson(openapi.body);
  EXPECT_EQ(Field(doc, "openapi"), "3.0.3");
  const auto& paths = doc.fields().at("paths").struct_value().fields();
  // The values a user would give each parameter.
  std::map<std::string, std::string> values = {{"county", "330102"},
                                               {"year", "2024"},
                                               {"year_a", "2023"},
                                               {"year_b", "2024"},
                                               {"code", "33"},
                                               {"job_id", Field(job, "job_id")},
                                               {"report_id", Field(job, "report_id")}};
  int called = 0;
  // In path order, so that a correction is made before it is reverted.
  const std::map<std::string, google::protobuf::Value> sorted(paths.begin(), paths.end());
  for (const auto& [path, operations] : sorted) {
    for (const auto& [method, operation] : operations.struct_value().fields()) {
      SCOPED_TRACE(absl::StrCat(method, " ", path));
      std::string target = path;
      std::string query;
      auto params = operation.struct_value().fields().find("parameters");
      if (params != operation.struct_value().fields().end()) {
        for (const auto& p : params->second.list_value().values()) {
          const auto& f = p.struct_value().fields();
          const std::string name = f.at("name").string_value();
          if (f.at("in").string_value() == "path") {
            ASSERT_EQ(values.count(name), 1u) << name;
            target = absl::StrReplaceAll(target, {{"{" + name + "}", values.at(name)}});
          } else if (f.at("required").bool_value()) {
            ASSERT_EQ(values.count(name), 1u) << name;
            absl::StrAppend(&query, query.empty() ? "?" : "&", name, "=", values.at(name));
          }
        }
      }
      // The audit takes a county and year or a report: none is required
      // alone.
      if (path == "/v1/audit") query = "?county=330102&year=2024";
      bool post = method == "post";
      // Review routes take JSON; the others a document.
      std::string body = post ? kReport : "";
      if (absl::EndsWith(path, "/corrections")) {
        body = R"({"kind":"CORRECTION_KIND_ENTITY","entity_name":"青石街道","reason":"核对",)"
               R"("reviewer":"测试"})";
      } else if (path == "/v1/reprocess") {
        body = R"({"all":true,"dry_run":true})";
      } else if (absl::EndsWith(path, "/revert")) {
        ASSERT_EQ(values.count("sequence"), 1u) << "the correction comes first (path order)";
        body = R"({"reason":"恢复","reviewer":"测试"})";
      }
      HttpReply r = HttpCall(gateway->port(), post ? "POST" : "GET", target + query, body);
      EXPECT_EQ(r.status, 200) << r.body;
      if (absl::EndsWith(path, "/corrections") && r.status == 200) {
        std::string id = Field(ParseJson(r.body), "correction_id");
        values["sequence"] = id.substr(id.find('/') + 1);
      }
      if (absl::EndsWith(path, ".csv")) {
        EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
        EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF") << "a byte-order mark for Excel and WPS";
      } else if (absl::EndsWith(path, ".xlsx")) {
        EXPECT_NE(r.headers["content-type"].find("spreadsheetml"), std::string::npos);
        EXPECT_EQ(r.body.substr(0, 2), "PK") << "an XLSX is a zip";
      } else {
        EXPECT_NE(r.headers["content-type"].find("application/json"), std::string::npos);
      }
      ++called;
    }
  }
  EXPECT_GE(called, 25) << "extract, documents, jobs, reports (2), stats, compare, rollup "
                           "(each also as csv and xlsx), indicators, regions, review (4), "
                           "reprocess, jobs";
}

// What the web page needs besides the statistics: its files (and nothing
// else from disk), the region tree, the catalog's Chinese names, each
// township's figure, and a report's text with offsets that hold its quotes.
TEST(GatewayTest, ThePageItsRegionsNamesFiguresAndReportText) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  const int port = gateway->port();

  HttpReply page = HttpCall(port, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("法治政府建设年度报告统计"), std::string::npos);
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(HttpCall(port, "GET", "/web/echarts.min.js").status, 200);
  EXPECT_EQ(HttpCall(port, "GET", "/web/app.js").headers["content-type"],
            "text/javascript; charset=utf-8");
  for (const char* outside : {"/web/../gazetteer.tsv", "/web/missing.js", "/web/", "/etc/passwd"}) {
    EXPECT_EQ(HttpCall(port, "GET", outside).status, 404) << outside;
  }

  struct RegionCase {
    std::string query;
    int status;
    std::string holds;
  };
  for (const RegionCase& c :
       {RegionCase{"", 200, "\"name\": \"浙江省\""},
        RegionCase{"?parent=33", 200, "\"code\": \"3301\", \"name\": \"杭州市\""},
        RegionCase{"?parent=3301", 200, "\"code\": \"330102\", \"name\": \"上城区\""},
        RegionCase{"?parent=11", 200, "北京市（市辖区）"}, RegionCase{"?parent=99", 400, "parent"},
        RegionCase{"?parent=330102", 400, "parent"}, RegionCase{"?parent=abc", 400, "parent"}}) {
    HttpReply r = HttpCall(port, "GET", "/v1/regions" + c.query);
    EXPECT_EQ(r.status, c.status) << c.query << ": " << r.body;
    EXPECT_NE(r.body.find(c.holds), std::string::npos) << c.query << ": " << r.body;
  }

  HttpReply indicators = HttpCall(port, "GET", "/v1/indicators");
  ASSERT_EQ(indicators.status, 200) << indicators.body;
  EXPECT_NE(indicators.body.find("\"id\":\"petitions\",\"label_zh\":\"信访件数\""),
            std::string::npos)
      << indicators.body.substr(0, 400);

  google::protobuf::Struct job = SubmitAndWait(port);
  const std::string report_id = Field(job, "report_id");
  HttpReply stats = HttpCall(port, "GET", "/v1/stats?county=330102&year=2024");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_NE(stats.body.find(absl::StrCat("\"values\":[{\"report_id\":\"", report_id)),
            std::string::npos)
      << stats.body;

  HttpReply plain = HttpCall(port, "GET", "/v1/reports/" + report_id);
  ASSERT_EQ(plain.status, 200) << plain.body;
  fazhi::v1::ParsedReport without;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(plain.body, &without).ok());
  EXPECT_TRUE(without.normalized_text().empty()) << "text only when asked";
  EXPECT_GT(without.indicators_size(), 0) << "the evidence comes all the same";
  HttpReply with_text = HttpCall(port, "GET", "/v1/reports/" + report_id + "?text=1");
  ASSERT_EQ(with_text.status, 200) << with_text.body;
  fazhi::v1::ParsedReport report;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(with_text.body, &report).ok());
  ASSERT_FALSE(report.normalized_text().empty());
  ASSERT_GT(report.indicators_size(), 0);
  for (const auto& indicator : report.indicators()) {
    const auto& e = indicator.evidence();
    EXPECT_EQ(report.normalized_text().substr(e.start(), e.end() - e.start()), e.quote());
  }
}

TEST(GatewayTest, RepliesAreTheJsonOfTheGrpcCallAndOfFazhiExtract) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  google::protobuf::Struct job = SubmitAndWait(gateway->port());

  auto stats = cluster.CountyStats("330102", 2024);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->reports_received(), 1);
  HttpReply http_stats = HttpCall(gateway->port(), "GET", "/v1/stats?county=330102&year=2024");
  EXPECT_EQ(http_stats.body, ProtoToJson(*stats) + "\n");
  {
    // And the very text `fazhi stats --json` prints.
    std::string command = absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi stats --json --target=",
                                       cluster.aggregate_target(), " --county=330102 --year=2024");
    ShellRun printed = Shell(command);
    ASSERT_EQ(printed.exit_code, 0) << printed.out;
    EXPECT_EQ(http_stats.body, printed.out);
  }
  // The CSV export names the indicator in Chinese beside the same sum.
  HttpReply csv = HttpCall(gateway->port(), "GET", "/v1/stats.csv?county=330102&year=2024");
  EXPECT_EQ(csv.status, 200);
  bool petitions_row = false;
  for (absl::string_view line : absl::StrSplit(csv.body, "\r\n")) {
    if (absl::StartsWith(line, "信访件数,petitions,")) {
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      ASSERT_GE(cells.size(), 5u);
      EXPECT_EQ(cells[4], "12") << line;
      petitions_row = true;
    }
  }
  EXPECT_TRUE(petitions_row) << csv.body;
  EXPECT_NE(csv.headers["content-disposition"].find("stats.csv"), std::string::npos);

  auto listed = cluster.ListReports("330102", 2024);
  ASSERT_TRUE(listed.ok()) << listed.status();
  HttpReply http_list = HttpCall(gateway->port(), "GET", "/v1/reports?county=330102&year=2024");
  google::protobuf::Struct list = ParseJson(http_list.body);
  ASSERT_EQ(list.fields().at("reports").list_value().values_size(), 1) << http_list.body;
  EXPECT_EQ(Field(list.fields().at("reports").list_value().values(0).struct_value(), "report_id"),
            (*listed)[0].report_id());

  // /v1/extract is one line of `fazhi extract` on the same file.
  std::string file = dir.Sub("xiaoying.txt");
  WriteFileOrDie(file, kReport);
  std::string command = absl::StrCat(FAZHI_BINARY_DIR, "/bin/fazhi extract ", file);
  ShellRun line = Shell(command);
  ASSERT_EQ(line.exit_code, 0) << line.out;
  HttpReply extracted = HttpCall(gateway->port(), "POST", "/v1/extract?source=" + file, kReport);
  EXPECT_EQ(extracted.status, 200) << extracted.body;
  EXPECT_EQ(extracted.body, line.out);

  HttpReply report = HttpCall(gateway->port(), "GET", "/v1/reports/" + Field(job, "report_id"));
  EXPECT_EQ(report.status, 200);
  EXPECT_EQ(Field(ParseJson(report.body), "report_id"), Field(job, "report_id"));
}

TEST(GatewayTest, EachErrorClassHasItsHttpStatus) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto gateway = StartGateway(cluster, /*max_document_bytes=*/1000);
  ASSERT_NE(gateway, nullptr);
  struct Case {
    const char* what;
    std::string method, target, body;
    long long content_length;
    int status;
    std::string code;
    std::string message_names;  // a word the message must hold
  };
  const std::vector<Case> cases = {
      {"a year that is no number", "GET", "/v1/stats?county=330102&year=20x4", "", -1, 400,
       "INVALID_ARGUMENT", "'year'"},
      {"a parameter the route does not take", "GET", "/v1/stats?conty=330102&year=2024", "", -1,
       400, "INVALID_ARGUMENT", "'conty'"},
      {"a required parameter missing", "GET", "/v1/stats?year=2024", "", -1, 400,
       "INVALID_ARGUMENT", "'county'"},
      {"a parameter twice", "GET", "/v1/stats?county=330102&county=330103&year=2024", "", -1, 400,
       "INVALID_ARGUMENT", "twice"},
      {"a broken escape", "GET", "/v1/stats?county=%G1&year=2024", "", -1, 400, "INVALID_ARGUMENT",
       "escape"},
      {"a county the services do not know", "GET", "/v1/stats?county=abc&year=2024", "", -1, 400,
       "INVALID_ARGUMENT", "county"},
      {"a hint that is no code", "POST", "/v1/documents?region_hint=33x", kReport, -1, 400,
       "INVALID_ARGUMENT", "region_hint"},
      {"a hint naming no division", "POST", "/v1/extract?region_hint=999999", kReport, -1, 400,
       "INVALID_ARGUMENT", "region_hint"},
      {"a hint naming no division, at Submit", "POST", "/v1/documents?region_hint=330199", kReport,
       -1, 400, "INVALID_ARGUMENT", "330199"},
      {"an empty document", "POST", "/v1/extract", "", -1, 400, "INVALID_ARGUMENT", "empty"},
      {"a text with no report in it", "POST", "/v1/extract", "hello", -1, 400,
       "FAILED_PRECONDITION", "no report found"},
      {"no such route", "GET", "/v2/stats", "", -1, 404, "NOT_FOUND", "/v2/stats"},
      {"no such job", "GET", "/v1/jobs/00ff", "", -1, 404, "NOT_FOUND", "00ff"},
      {"no such report", "GET", "/v1/reports/00ee", "", -1, 404, "NOT_FOUND", "no report"},
      {"a method the route does not take", "DELETE", "/v1/stats", "", -1, 405, "UNIMPLEMENTED",
       "GET"},
      {"a body above the limit, refused by its Content-Length before it is sent", "POST",
       "/v1/extract", "x", 5000000, 413, "RESOURCE_EXHAUSTED", "1000"},
      {"a body above the limit", "POST", "/v1/documents", std::string(1500, 'a'), -1, 413,
       "RESOURCE_EXHAUSTED", "1000"},
      {"a correction that is no JSON", "POST", "/v1/reports/00ee/corrections", "value=3", -1, 400,
       "INVALID_ARGUMENT", "Correction"},
      {"a correction with a misspelt field", "POST", "/v1/reports/00ee/corrections",
       R"({"kind":"CORRECTION_KIND_ENTITY","entity_nme":"x","reason":"r","reviewer":"v"})", -1, 400,
       "INVALID_ARGUMENT", "entity_nme"},
      {"a correction of no stored report", "POST", "/v1/reports/00ee/corrections",
       R"({"kind":"CORRECTION_KIND_ENTITY","entity_name":"x","reason":"r","reviewer":"v"})", -1,
       404, "NOT_FOUND", "00ee"},
      {"a correction without a reason", "POST", "/v1/reports/00ee/corrections",
       R"({"kind":"CORRECTION_KIND_ENTITY","entity_name":"x","reviewer":"v"})", -1, 400,
       "INVALID_ARGUMENT", "reason"},
      {"an audit of nothing", "GET", "/v1/audit", "", -1, 400, "INVALID_ARGUMENT", "county"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpReply r = HttpCall(gateway->port(), c.method, c.target, c.body, "", c.content_length);
    EXPECT_EQ(r.status, c.status) << r.body;
    google::protobuf::Struct error = ParseJson(r.body);
    EXPECT_EQ(Field(error, "code"), c.code) << r.body;
    EXPECT_NE(Field(error, "message").find(c.message_names), std::string::npos) << r.body;
  }
  HttpReply wrong_method = HttpCall(gateway->port(), "DELETE", "/v1/stats");
  EXPECT_EQ(wrong_method.headers["allow"], "GET");
  // Nothing of the refused requests was stored; the service still answers.
  HttpReply stats = HttpCall(gateway->port(), "GET", "/v1/stats?county=330102&year=2024");
  EXPECT_EQ(stats.status, 200);
  EXPECT_EQ(ParseJson(stats.body).fields().at("reports_received").number_value(), 0);
}

TEST(GatewayTest, TheCallersTokenReachesTheServices) {
  constexpr char kPortal[] = "portal-5e6f7a8b9c0d1e2f";    // submit, read
  constexpr char kAnalyst[] = "analyst-0a1b2c3d4e5f6a7b";  // read
  constexpr char kIngest[] = "ingest-9f8e7d6c5b4a3f2e";    // extract, peer
  TempDir dir;
  std::string tokens = dir.Sub("tokens");
  WriteFileOrDie(tokens, absl::StrCat(kPortal, " submit,read portal\n", kAnalyst, " read analyst\n",
                                      kIngest, " extract,peer ingest\n"));
  Cluster cluster(dir.Sub("data"));
  cluster.RequireTokens(tokens, kAnalyst);
  cluster.pipeline_options().peer_token = kIngest;
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  const std::string stats = "/v1/stats?county=330102&year=2024";
  HttpReply none = HttpCall(gateway->port(), "GET", stats);
  EXPECT_EQ(none.status, 401) << none.body;
  EXPECT_EQ(Field(ParseJson(none.body), "code"), "UNAUTHENTICATED");
  HttpReply analyst = HttpCall(gateway->port(), "GET", stats, "",
                               absl::StrCat("Authorization: Bearer ", kAnalyst, "\r\n"));
  EXPECT_EQ(analyst.status, 200) << analyst.body;
  HttpReply submit = HttpCall(gateway->port(), "POST", "/v1/documents?region_hint=330102", kReport,
                              absl::StrCat("Authorization: Bearer ", kAnalyst, "\r\n"));
  EXPECT_EQ(submit.status, 403) << submit.body;
  EXPECT_NE(Field(ParseJson(submit.body), "message").find("'submit'"), std::string::npos);
  SubmitAndWait(gateway->port(), absl::StrCat("Authorization: Bearer ", kPortal, "\r\n"));
}

TEST(GatewayTest, AServiceDownIsUnavailableAndReadyzSaysWhich) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(HttpCall(gateway->port(), "GET", "/readyz").status, 200);
  cluster.StopAggregate();
  HttpReply ready = HttpCall(gateway->port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_NE(Field(ParseJson(ready.body), "message").find("aggregate"), std::string::npos)
      << ready.body;
  EXPECT_EQ(Field(ParseJson(ready.body), "message").find("ingest"), std::string::npos)
      << ready.body;
  HttpReply stats = HttpCall(gateway->port(), "GET", "/v1/stats?county=330102&year=2024");
  EXPECT_EQ(stats.status, 503) << stats.body;
  EXPECT_EQ(Field(ParseJson(stats.body), "code"), "UNAVAILABLE");
  EXPECT_EQ(HttpCall(gateway->port(), "GET", "/healthz").status, 200);
}

// An admin on an HTTP portal has stored reports read again by a new
// catalog: the call answers once they are queued, and ingest goes on.
TEST(GatewayTest, AnAdminReprocessesStoredReportsThroughTheGateway) {
  TempDir dir;
  Cluster cluster(dir.Sub("data"));
  cluster.SetExtractCatalog(WriteOldCatalog(dir.Sub("old_catalog.textproto")));
  cluster.StartAll();
  auto gateway = StartGateway(cluster);
  ASSERT_NE(gateway, nullptr);
  const int port = gateway->port();
  const std::string report_id = Field(SubmitAndWait(port), "report_id");
  const std::string path = "/v1/reports/" + report_id;
  EXPECT_EQ(Field(ParseJson(HttpCall(port, "GET", path).body), "engine_version"),
            "engine/5 catalog/2000.1.1-test");

  cluster.StopExtract();
  cluster.SetExtractCatalog("");
  cluster.StartExtract();
  HttpReply none = HttpCall(port, "POST", "/v1/reprocess", "{}");
  EXPECT_EQ(none.status, 400) << none.body;
  HttpReply dry = HttpCall(port, "POST", "/v1/reprocess", R"({"all":true,"dry_run":true})");
  ASSERT_EQ(dry.status, 200) << dry.body;
  google::protobuf::Struct counted = ParseJson(dry.body);
  EXPECT_EQ(Field(counted, "matched"), "1") << dry.body;
  EXPECT_EQ(Field(counted, "selected"), "1") << dry.body;

  HttpReply queued = HttpCall(port, "POST", "/v1/reprocess", R"({"county_code":"330102"})");
  ASSERT_EQ(queued.status, 200) << queued.body;
  EXPECT_EQ(Field(ParseJson(queued.body), "selected"), "1") << queued.body;
  const std::string new_version = (*engine::Extractor::Create())->version();
  std::string version;
  for (int i = 0; i < 100 && version != new_version; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    version = Field(ParseJson(HttpCall(port, "GET", path).body), "engine_version");
  }
  EXPECT_EQ(version, new_version) << "the queued document was read again after the call ended";
  HttpReply after = HttpCall(port, "POST", "/v1/reprocess", R"({"all":true,"dry_run":true})");
  EXPECT_EQ(Field(ParseJson(after.body), "current"), "1") << after.body;
}

// A service's rate limit reaches the HTTP client as 429 with Retry-After.
TEST(GatewayTest, ARateLimitedCallerGets429WithRetryAfter) {
  constexpr char kPortal[] = "portal-1f2e3d4c5b6a7980";
  TempDir dir;
  std::string tokens = dir.Sub("tokens");
  WriteFileOrDie(tokens, absl::StrCat(kPortal, " extract portal\n"));
  auto extract = extract::ExtractServer::Start(
      {.listen = "127.0.0.1:0", .auth_tokens = tokens, .rate_limit_per_client = 1});
  ASSERT_TRUE(extract.ok()) << extract.status();
  auto gateway = gateway::GatewayServer::Start(
      {.listen = "127.0.0.1:0",
       .backends = {.extract_target = absl::StrCat("127.0.0.1:", (*extract)->port())}});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string auth = absl::StrCat("Authorization: Bearer ", kPortal, "\r\n");
  HttpReply last;
  int served = 0;
  for (int i = 0; i < 6 && last.status != 429; ++i) {
    last = HttpCall((*gateway)->port(), "POST", "/v1/extract", kReport, auth);
    if (last.status == 200) ++served;
  }
  (*gateway)->Shutdown();
  (*extract)->Shutdown();
  EXPECT_GE(served, 1);
  ASSERT_EQ(last.status, 429) << last.body;
  EXPECT_EQ(Field(ParseJson(last.body), "code"), "RESOURCE_EXHAUSTED");
  int retry_after = 0;
  EXPECT_TRUE(absl::SimpleAtoi(last.headers["retry-after"], &retry_after)) << last.body;
  EXPECT_GE(retry_after, 1);
}

// The gateway refuses what it cannot honour instead of ignoring it.
TEST(GatewayTest, FlagsTheGatewayCannotHonourAreRefusedAtStart) {
  auto tls = gateway::GatewayServer::Start(
      {.listen = "127.0.0.1:0", .tls = {.cert = "/nonexistent.pem", .key = "/nonexistent.key"}});
  ASSERT_FALSE(tls.ok());
  EXPECT_NE(tls.status().message().find("--tls_cert=/nonexistent.pem"), absl::string_view::npos)
      << tls.status();
  auto tokens = gateway::GatewayServer::Start({.listen = "127.0.0.1:0", .auth_tokens = "/x"});
  ASSERT_FALSE(tokens.ok());
  EXPECT_NE(tokens.status().message().find("Authorization"), absl::string_view::npos);
  auto open = gateway::GatewayServer::Start({.listen = "0.0.0.0:0"});
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("--insecure_listen"), absl::string_view::npos)
      << open.status();
}

}  // namespace
}  // namespace fazhi::testing
