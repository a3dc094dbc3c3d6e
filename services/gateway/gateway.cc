#include "services/gateway/gateway.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/json_string.h"
#include "common/base/proto_json.h"
#include "common/export/export.h"
#include "common/rpc/channel.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace fazhi::gateway {

struct Gateway::Call {
  const HttpRequest* request = nullptr;
  std::map<std::string, std::string> strings;  // path and query parameters
  std::map<std::string, int64_t> integers;     // those declared integer

  std::string Get(const std::string& name) const {
    auto it = strings.find(name);
    return it == strings.end() ? "" : it->second;
  }
  int64_t Int(const std::string& name) const {
    auto it = integers.find(name);
    return it == integers.end() ? 0 : it->second;
  }
};

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// %XX and (in a query) '+' decoded; nullopt for a broken escape.
std::optional<std::string> PercentDecode(absl::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

// Whether `path` (already percent-decoded, as HTTP servers hand it over)
// has the shape of `pattern` ("/v1/jobs/{job_id}"); fills the {names} it
// captures. A captured segment must not be empty.
bool MatchPath(absl::string_view pattern, absl::string_view path,
               std::map<std::string, std::string>* captured) {
  std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  std::vector<absl::string_view> got = absl::StrSplit(path, '/');
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    absl::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found[std::string(w.substr(1, w.size() - 2))] = std::string(got[i]);
    } else if (w != got[i]) {
      return false;
    }
  }
  if (captured != nullptr) *captured = std::move(found);
  return true;
}

HttpResponse JsonResponse(const google::protobuf::Message& message) {
  HttpResponse r;
  r.body = ProtoToJson(message);
  r.body += "\n";
  return r;
}

// The reply of a finished call: its message as JSON, or the error.
HttpResponse Reply(const grpc::Status& status, const google::protobuf::Message& message) {
  if (!status.ok()) return ErrorResponse(status.error_code(), status.error_message());
  return JsonResponse(message);
}

// A workbook as the file a browser saves ("stats.csv", "stats.xlsx").
HttpResponse Export(const exports::Workbook& book, bool csv, const std::string& name) {
  HttpResponse r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.body = exports::ToCsv(book);
  } else {
    absl::StatusOr<std::string> xlsx = exports::ToXlsx(book);
    if (!xlsx.ok()) {
      return ErrorResponse(grpc::StatusCode::INTERNAL, std::string(xlsx.status().message()));
    }
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = *std::move(xlsx);
  }
  r.headers.emplace_back("Content-Disposition", absl::StrCat("attachment; filename=\"", name,
                                                             csv ? ".csv" : ".xlsx", "\""));
  return r;
}

}  // namespace

int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS
      return 500;
  }
}

HttpResponse ErrorResponse(grpc::StatusCode code, const std::string& message) {
  HttpResponse r;
  r.status = HttpStatusFor(code);
  r.body = absl::StrCat(
      "{\"code\":", JsonString(absl::StatusCodeToString(static_cast<absl::StatusCode>(code))),
      ",\"message\":", JsonString(message), "}\n");
  // The rate limit says when to come back ("retry in 250 ms").
  if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    size_t at = message.find("retry in ");
    int64_t ms = 0;
    if (at != std::string::npos) {
      absl::string_view rest = absl::string_view(message).substr(at + 9);
      rest = rest.substr(0, rest.find(' '));
      if (absl::SimpleAtoi(rest, &ms)) {
        r.headers.emplace_back("Retry-After", absl::StrCat((ms + 999) / 1000));
      }
    }
  }
  return r;
}

Gateway::Gateway(const Backends& backends, const Site& site) : backends_(backends), site_(site) {}

namespace {

// The page's files, by URL path: index.html at "/", every other file of
// the folder at "/web/NAME". Only these are served, so no request path can
// reach another file.
absl::StatusOr<std::map<std::string, HttpResponse>> ReadWebRoot(const std::string& root) {
  std::map<std::string, HttpResponse> files;
  std::error_code ec;
  std::filesystem::directory_iterator it(root, ec);
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat("--web_root=", root, " cannot be read: ", ec.message()));
  }
  for (const auto& entry : it) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    const char* type = ext == ".html"  ? "text/html; charset=utf-8"
                       : ext == ".js"  ? "text/javascript; charset=utf-8"
                       : ext == ".css" ? "text/css; charset=utf-8"
                       : ext == ".svg" ? "image/svg+xml"
                       : ext == ".png" ? "image/png"
                                       : nullptr;
    if (type == nullptr) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      return absl::InvalidArgumentError(absl::StrCat("cannot read ", entry.path().string()));
    }
    HttpResponse r;
    r.content_type = type;
    r.body = std::move(body);
    // The page runs no script from elsewhere and is framed by no one.
    r.headers = {{"Content-Security-Policy",
                  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                  "frame-ancestors 'none'"},
                 {"X-Content-Type-Options", "nosniff"}};
    files[name == "index.html" ? "/" : "/web/" + name] = std::move(r);
  }
  if (files.count("/") == 0) {
    return absl::NotFoundError(absl::StrCat("--web_root=", root, " holds no index.html"));
  }
  return files;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Create(const Backends& backends,
                                                         const Site& site) {
  for (const auto& [flag, target] : {std::pair{"ingest_target", &backends.ingest_target},
                                     std::pair{"extract_target", &backends.extract_target},
                                     std::pair{"aggregate_target", &backends.aggregate_target}}) {
    if (target->empty()) return absl::InvalidArgumentError(absl::StrCat("--", flag, " is empty"));
  }
  std::unique_ptr<Gateway> g(new Gateway(backends, site));
  if (!site.web_root.empty()) {
    auto files = ReadWebRoot(site.web_root);
    if (!files.ok()) return files.status();
    g->files_ = *std::move(files);
  }
  g->ingest_channel_ = rpc::MakeChannel(backends.ingest_target, "fazhi.v1.IngestService",
                                        rpc::Retries::kOnUnavailable, backends.credentials);
  // A document may be what took extract down: gRPC must not re-send it to
  // every replica in turn.
  g->extract_channel_ = rpc::MakeChannel(backends.extract_target, "fazhi.v1.ExtractionService",
                                         rpc::Retries::kNone, backends.credentials);
  g->aggregate_channel_ = rpc::MakeChannel(backends.aggregate_target, "fazhi.v1.AggregationService",
                                           rpc::Retries::kOnUnavailable, backends.credentials);
  g->ingest_ = fazhi::v1::IngestService::NewStub(g->ingest_channel_);
  g->extract_ = fazhi::v1::ExtractionService::NewStub(g->extract_channel_);
  g->aggregate_ = fazhi::v1::AggregationService::NewStub(g->aggregate_channel_);
  g->routes_ = Routes();
  g->openapi_ = g->BuildOpenApi();
  return g;
}

std::vector<Gateway::Route> Gateway::Routes() {
  const Param region_hint{"region_hint", false, false, false,
                          "GB/T 2260 code narrowing where the report belongs (33, 3301, 330102, "
                          "330102004)"};
  const Param source{"source", false, false, false, "where the document came from (a URL, a file)"};
  const Param county{"county", false, false, true, "6-digit county code, or 'unresolved'"};
  const Param year{"year", false, true, true, "the year reported on"};
  const std::vector<Param> compare = {{"county", false, false, true, "6-digit county code"},
                                      {"year_a", false, true, true, "the earlier year"},
                                      {"year_b", false, true, true, "the later year"}};
  const std::vector<Param> rollup = {
      {"code", false, false, true, "2-digit province or 4-digit city code"}, year};
  std::vector<Route> routes = {
      {"POST",
       "/v1/extract",
       "Extract one document (raw bytes, any supported format)",
       {region_hint, source},
       true,
       "ParsedReport",
       &Gateway::Extract},
      {"POST",
       "/v1/documents",
       "Submit a document for ingestion; returns its job",
       {region_hint, source},
       true,
       "SubmitResponse",
       &Gateway::Submit},
      {"GET",
       "/v1/jobs/{job_id}",
       "A submitted document's job",
       {{"job_id", true, false, true, "the job id Submit returned"}},
       false,
       "Job",
       &Gateway::GetJob},
      {"GET",
       "/v1/jobs",
       "Submitted documents' jobs a page at a time, optionally of one state: which failed and why",
       {{"state", false, false, false, "queued, delivering, done or failed; empty: every job"},
        {"page_token", false, false, false, "next_page_token of the last page"},
        {"page_size", false, true, false, "jobs per page (at most 1000)"}},
       false,
       "ListJobsResponse",
       &Gateway::ListJobs},
      {"GET",
       "/v1/reports/{report_id}",
       "A parsed report with its evidence",
       {{"report_id", true, false, true, "the report id (SHA-256 of the document)"},
        {"text", false, true, false,
         "1: include normalized_text, the text the evidence offsets point into"}},
       false,
       "ParsedReport",
       &Gateway::GetReport},
      {"GET",
       "/v1/reports/{report_id}/review",
       "A stored report as extracted and as corrected, with its corrections",
       {{"report_id", true, false, true, "the report id"}},
       false,
       "ReviewedReport",
       &Gateway::GetReviewedReport},
      {"POST",
       "/v1/reports/{report_id}/corrections",
       "Correct a figure, the entity or the placement of a stored report (role review); the "
       "body is a fazhi.v1.Correction: kind and its fields, reason, reviewer",
       {{"report_id", true, false, true, "the report id"}},
       false,
       "Correction",
       &Gateway::CorrectReport,
       "Correction"},
      {"POST",
       "/v1/reports/{report_id}/corrections/{sequence}/revert",
       "Take a correction back (role review); the body is {reason, reviewer}",
       {{"report_id", true, false, true, "the report id"},
        {"sequence", true, false, true, "the part of the correction_id after the report id"}},
       false,
       "Correction",
       &Gateway::RevertCorrection,
       "RevertCorrectionRequest"},
      {"POST",
       "/v1/reprocess",
       "Read again (role admin) the stored documents whose report another engine or catalog "
       "version read: a county (and year), a year, or all. Answers once they are queued, with "
       "the counts; ingest goes on durably (call again with dry_run to follow it). The body is "
       "a fazhi.v1.ReprocessRequest: county_code, year, all, dry_run",
       {},
       false,
       "ReprocessProgress",
       &Gateway::Reprocess,
       "ReprocessRequest"},
      {"GET",
       "/v1/audit",
       "Who corrected what, when and why: a county and year, or one report",
       {{"county", false, false, false, "6-digit county code (with year)"},
        {"year", false, true, false, "the year reported on (with county)"},
        {"report_id", false, false, false, "one report's audit instead"},
        {"page_token", false, false, false, "next_page_token of the last page"},
        {"page_size", false, true, false, "entries per page"}},
       false,
       "ListAuditResponse",
       &Gateway::ListAudit},
      {"GET",
       "/v1/reports",
       "The reports of a county and year, a page at a time",
       {county,
        year,
        {"page_token", false, false, false, "next_page_token of the last page"},
        {"page_size", false, true, false, "reports per page"},
        {"township", false, false, false, "only this township (9-digit code)"}},
       false,
       "ListReportsResponse",
       &Gateway::ListReports},
      {"GET",
       "/v1/stats",
       "A county's statistics for a year",
       {county, year},
       false,
       "CountyStats",
       [](const Gateway& g, const Call& c) { return g.Stats(c, Format::kJson); }},
      {"GET", "/v1/compare", "A county's year-on-year change", compare, false, "YearComparison",
       [](const Gateway& g, const Call& c) { return g.Compare(c, Format::kJson); }},
      {"GET", "/v1/rollup", "A province's (2 digits) or city's (4 digits) roll-up of its counties",
       rollup, false, "Rollup",
       [](const Gateway& g, const Call& c) { return g.Rollup(c, Format::kJson); }},
      {"GET",
       "/v1/indicators",
       "The indicators the catalog reads: ids, Chinese names, units",
       {},
       false,
       "ListIndicatorsResponse",
       &Gateway::ListIndicators},
      {"GET",
       "/v1/regions",
       "Divisions under a parent, from the gazetteer: provinces, a province's cities, a city's "
       "counties",
       {{"parent", false, false, false,
         "empty: provinces; 2 digits: the province's cities; 4 digits: the city's counties"}},
       false,
       "Regions",
       &Gateway::Regions},
  };
  // Each of the three as CSV (UTF-8 with BOM, Chinese headers) and as an
  // XLSX workbook: the files `fazhi stats --format=csv|xlsx` writes.
  for (int kind = 0; kind < 3; ++kind) {
    const char* name = kind == 0 ? "stats" : kind == 1 ? "compare" : "rollup";
    const std::vector<Param> params = kind == 0   ? std::vector<Param>{county, year}
                                      : kind == 1 ? compare
                                                  : rollup;
    for (Format format : {Format::kCsv, Format::kXlsx}) {
      bool csv = format == Format::kCsv;
      routes.push_back(
          {"GET", absl::StrCat("/v1/", name, csv ? ".csv" : ".xlsx"),
           absl::StrCat("/v1/", name, csv ? " as CSV (UTF-8 with BOM)" : " as an XLSX workbook"),
           params, false, csv ? "csv" : "xlsx", [kind, format](const Gateway& g, const Call& c) {
             return kind == 0   ? g.Stats(c, format)
                    : kind == 1 ? g.Compare(c, format)
                                : g.Rollup(c, format);
           }});
    }
  }
  return routes;
}

std::unique_ptr<grpc::ClientContext> Gateway::ContextFor(const Call& call) const {
  std::unique_ptr<grpc::ClientContext> context = rpc::ContextWithTimeout(backends_.timeout);
  if (!call.request->authorization.empty()) {
    context->AddMetadata("authorization", call.request->authorization);
  }
  return context;
}

std::string Gateway::RouteOf(const HttpRequest& request) const {
  if (request.path == "/v1/openapi.json" || request.path == "/healthz" ||
      request.path == "/readyz") {
    return request.path;
  }
  if (StaticFile(request.path) != nullptr) return "/web";
  for (const Route& route : routes_) {
    if (MatchPath(route.pattern, request.path, nullptr)) return route.pattern;
  }
  return "unknown";
}

HttpResponse Gateway::Handle(const HttpRequest& request) const {
  if (request.path == "/v1/openapi.json" && request.method == "GET") {
    HttpResponse r;
    r.body = openapi_;
    return r;
  }
  if (request.method == "GET" || request.method == "HEAD") {
    if (const HttpResponse* file = StaticFile(request.path)) return *file;
  }
  std::vector<const Route*> on_path;
  std::map<std::string, std::string> captured;
  const Route* route = nullptr;
  for (const Route& candidate : routes_) {
    std::map<std::string, std::string> c;
    if (!MatchPath(candidate.pattern, request.path, &c)) continue;
    on_path.push_back(&candidate);
    if (candidate.method == request.method) {
      route = &candidate;
      captured = std::move(c);
    }
  }
  if (on_path.empty()) {
    return ErrorResponse(grpc::StatusCode::NOT_FOUND,
                         absl::StrCat("no route ", request.method, " ", request.path,
                                      " (GET /v1/openapi.json lists them)"));
  }
  if (route == nullptr) {
    std::vector<std::string> allowed;
    for (const Route* r : on_path) allowed.push_back(r->method);
    HttpResponse r =
        ErrorResponse(grpc::StatusCode::UNIMPLEMENTED,
                      absl::StrCat(request.path, " takes ", absl::StrJoin(allowed, ", "), ", not ",
                                   request.method));
    r.status = 405;
    r.headers.emplace_back("Allow", absl::StrJoin(allowed, ", "));
    return r;
  }

  Call call;
  call.request = &request;
  call.strings = std::move(captured);
  std::vector<std::string> accepted;
  for (const Param& p : route->params) {
    if (!p.in_path) accepted.push_back(p.name);
  }
  if (!request.query.empty()) {
    for (absl::string_view pair : absl::StrSplit(request.query, '&', absl::SkipEmpty())) {
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(pair, absl::MaxSplits('=', 1));
      std::optional<std::string> name = PercentDecode(kv.first, true);
      std::optional<std::string> value = PercentDecode(kv.second, true);
      if (!name.has_value() || !value.has_value()) {
        return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                             absl::StrCat("query: broken percent-escape in '", pair, "'"));
      }
      const Param* param = nullptr;
      for (const Param& p : route->params) {
        if (!p.in_path && p.name == *name) param = &p;
      }
      if (param == nullptr) {
        return ErrorResponse(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("query parameter '", *name, "' is not known to ", route->method, " ",
                         route->pattern,
                         accepted.empty()
                             ? " (it takes none)"
                             : absl::StrCat(" (it takes ", absl::StrJoin(accepted, ", "), ")")));
      }
      if (call.strings.count(*name) > 0) {
        return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                             absl::StrCat("query parameter '", *name, "' is given twice"));
      }
      if (param->integer) {
        int64_t n = 0;
        if (!absl::SimpleAtoi(*value, &n) || n < 0 || n > 1000000) {
          return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                               absl::StrCat("query parameter '", *name,
                                            "' must be a whole number, not '", *value, "'"));
        }
        call.integers[*name] = n;
      }
      call.strings[*name] = *value;
    }
  }
  for (const Param& p : route->params) {
    if (p.required && call.Get(p.name).empty()) {
      return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                           absl::StrCat(p.in_path ? "path" : "query", " parameter '", p.name,
                                        "' is required (", p.description, ")"));
    }
  }
  if (route->raw_body) {
    if (request.body.empty()) {
      return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                           "the request body must be the document's bytes; it is empty");
    }
    if (static_cast<int64_t>(request.body.size()) > backends_.max_document_bytes) {
      HttpResponse r = ErrorResponse(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("document of ", request.body.size(), " bytes exceeds the limit of ",
                       backends_.max_document_bytes, " bytes"));
      r.status = 413;
      return r;
    }
  }
  return route->handler(*this, call);
}

HttpResponse Gateway::Extract(const Call& call) const {
  fazhi::v1::ExtractRequest request;
  request.mutable_document()->set_content(call.request->body);
  request.mutable_document()->set_source(call.Get("source"));
  request.mutable_document()->set_region_hint(call.Get("region_hint"));
  fazhi::v1::ExtractResponse response;
  auto context = ContextFor(call);
  grpc::Status status = extract_->Extract(context.get(), request, &response);
  return Reply(status, response.report());
}

HttpResponse Gateway::Submit(const Call& call) const {
  fazhi::v1::SubmitRequest request;
  request.mutable_document()->set_content(call.request->body);
  request.mutable_document()->set_source(call.Get("source"));
  request.mutable_document()->set_region_hint(call.Get("region_hint"));
  fazhi::v1::SubmitResponse response;
  auto context = ContextFor(call);
  return Reply(ingest_->Submit(context.get(), request, &response), response);
}

HttpResponse Gateway::GetJob(const Call& call) const {
  fazhi::v1::GetJobRequest request;
  request.set_job_id(call.Get("job_id"));
  fazhi::v1::Job response;
  auto context = ContextFor(call);
  return Reply(ingest_->GetJob(context.get(), request, &response), response);
}

HttpResponse Gateway::GetReport(const Call& call) const {
  fazhi::v1::GetReportRequest request;
  request.set_report_id(call.Get("report_id"));
  request.set_include_text(call.Int("text") != 0);
  fazhi::v1::ParsedReport response;
  auto context = ContextFor(call);
  return Reply(ingest_->GetReport(context.get(), request, &response), response);
}

namespace {

// A JSON request body as `message` (proto field names or JSON names; an
// unknown field is an error, so that a misspelt one is not silently lost).
absl::Status ParseJsonBody(const std::string& body, google::protobuf::Message* message) {
  if (body.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the request body must be a JSON fazhi.v1.",
                                                   message->GetDescriptor()->name()));
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(body, message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("request body: not a fazhi.v1.",
                                                   message->GetDescriptor()->name(), ": ",
                                                   std::string(status.message())));
  }
  return absl::OkStatus();
}

HttpResponse FromStatus(const absl::Status& status) {
  return ErrorResponse(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace

HttpResponse Gateway::ListJobs(const Call& call) const {
  fazhi::v1::ListJobsRequest request;
  const std::string& state = call.Get("state");
  if (!state.empty()) {
    fazhi::v1::JobState parsed;
    if (!fazhi::v1::JobState_Parse("JOB_STATE_" + absl::AsciiStrToUpper(state), &parsed) ||
        parsed == fazhi::v1::JOB_STATE_UNSPECIFIED) {
      return FromStatus(absl::InvalidArgumentError(
          absl::StrCat("state must be queued, delivering, done or failed, not '", state, "'")));
    }
    request.set_state(parsed);
  }
  request.set_page_token(call.Get("page_token"));
  request.set_page_size(static_cast<int32_t>(call.Int("page_size")));
  fazhi::v1::ListJobsResponse response;
  auto context = ContextFor(call);
  return Reply(ingest_->ListJobs(context.get(), request, &response), response);
}

HttpResponse Gateway::CorrectReport(const Call& call) const {
  fazhi::v1::CorrectReportRequest request;
  if (absl::Status s = ParseJsonBody(call.request->body, request.mutable_correction()); !s.ok()) {
    return FromStatus(s);
  }
  const std::string& report_id = call.Get("report_id");
  if (!request.correction().report_id().empty() && request.correction().report_id() != report_id) {
    return FromStatus(absl::InvalidArgumentError(absl::StrCat("the body's report_id ",
                                                              request.correction().report_id(),
                                                              " is not the path's ", report_id)));
  }
  request.mutable_correction()->set_report_id(report_id);
  fazhi::v1::Correction response;
  auto context = ContextFor(call);
  return Reply(aggregate_->CorrectReport(context.get(), request, &response), response);
}

HttpResponse Gateway::Reprocess(const Call& call) const {
  fazhi::v1::ReprocessRequest request;
  if (absl::Status s = ParseJsonBody(call.request->body, &request); !s.ok()) return FromStatus(s);
  auto context = ContextFor(call);
  std::unique_ptr<grpc::ClientReader<fazhi::v1::ReprocessProgress>> reader =
      ingest_->Reprocess(context.get(), request);
  // The first message comes once the documents are queued (durably): an
  // HTTP caller gets the counts then, not a connection held for the whole
  // run; the queued jobs go on in ingest after the call is cancelled.
  fazhi::v1::ReprocessProgress progress;
  if (!reader->Read(&progress)) return Reply(reader->Finish(), progress);
  if (!progress.finished()) context->TryCancel();
  grpc::Status finish = reader->Finish();
  (void)finish;  // CANCELLED when we stopped following it
  return Reply(grpc::Status::OK, progress);
}

HttpResponse Gateway::RevertCorrection(const Call& call) const {
  fazhi::v1::RevertCorrectionRequest request;
  if (absl::Status s = ParseJsonBody(call.request->body, &request); !s.ok()) return FromStatus(s);
  request.set_correction_id(absl::StrCat(call.Get("report_id"), "/", call.Get("sequence")));
  fazhi::v1::Correction response;
  auto context = ContextFor(call);
  return Reply(aggregate_->RevertCorrection(context.get(), request, &response), response);
}

HttpResponse Gateway::ListAudit(const Call& call) const {
  fazhi::v1::ListAuditRequest request;
  request.set_county_code(call.Get("county"));
  request.set_year(static_cast<int32_t>(call.Int("year")));
  request.set_report_id(call.Get("report_id"));
  request.set_page_token(call.Get("page_token"));
  request.set_page_size(static_cast<int32_t>(call.Int("page_size")));
  fazhi::v1::ListAuditResponse response;
  auto context = ContextFor(call);
  return Reply(aggregate_->ListAudit(context.get(), request, &response), response);
}

HttpResponse Gateway::GetReviewedReport(const Call& call) const {
  fazhi::v1::GetReviewedReportRequest request;
  request.set_report_id(call.Get("report_id"));
  fazhi::v1::ReviewedReport response;
  auto context = ContextFor(call);
  return Reply(aggregate_->GetReviewedReport(context.get(), request, &response), response);
}

HttpResponse Gateway::ListIndicators(const Call& call) const {
  fazhi::v1::ListIndicatorsRequest request;
  fazhi::v1::ListIndicatorsResponse response;
  auto context = ContextFor(call);
  return Reply(extract_->ListIndicators(context.get(), request, &response), response);
}

HttpResponse Gateway::Regions(const Call& call) const {
  if (site_.gazetteer == nullptr) {
    return ErrorResponse(grpc::StatusCode::FAILED_PRECONDITION,
                         "fazhi-gateway has no gazetteer (--gazetteer)");
  }
  const gazetteer::Gazetteer& g = *site_.gazetteer;
  const std::string parent = call.Get("parent");
  std::vector<const gazetteer::Division*> children;
  if (parent.empty()) {
    for (const auto& d : g.Divisions(gazetteer::Level::kProvince)) children.push_back(&d);
  } else if (parent.size() == 2 && g.Find(parent) != nullptr) {
    for (const auto& d : g.Divisions(gazetteer::Level::kCity)) {
      if (absl::StartsWith(d.code, parent)) children.push_back(&d);
    }
  } else if (parent.size() == 4 && g.Find(parent) != nullptr) {
    children = g.CountiesUnder(parent);
  } else {
    return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                         absl::StrCat("parent: '", parent,
                                      "' is no province (2 digits) or city (4 digits) of the "
                                      "gazetteer"));
  }
  std::string body = "{\"parent\": " + JsonString(parent) + ", \"regions\": [";
  for (size_t i = 0; i < children.size(); ++i) {
    const gazetteer::Division& d = *children[i];
    // 市辖区 and 县 stand for the municipality itself: name it so.
    std::string name(d.name);
    if (gazetteer::IsPlaceholder(d)) {
      const gazetteer::Division* province = g.Parent(d);
      name = absl::StrCat(province != nullptr ? province->name : "", "（", d.name, "）");
    }
    absl::StrAppend(&body, i == 0 ? "" : ", ", "{\"code\": ", JsonString(d.code),
                    ", \"name\": ", JsonString(name), "}");
  }
  body += "]}\n";
  HttpResponse r;
  r.body = std::move(body);
  return r;
}

const HttpResponse* Gateway::StaticFile(const std::string& path) const {
  auto it = files_.find(path == "/index.html" ? "/" : path);
  return it == files_.end() ? nullptr : &it->second;
}

HttpResponse Gateway::ListReports(const Call& call) const {
  fazhi::v1::ListReportsRequest request;
  request.set_county_code(call.Get("county"));
  request.set_year(static_cast<int32_t>(call.Int("year")));
  request.set_page_token(call.Get("page_token"));
  request.set_page_size(static_cast<int32_t>(call.Int("page_size")));
  request.set_township(call.Get("township"));
  fazhi::v1::ListReportsResponse response;
  auto context = ContextFor(call);
  return Reply(aggregate_->ListReports(context.get(), request, &response), response);
}

HttpResponse Gateway::Stats(const Call& call, Format format) const {
  fazhi::v1::GetCountyStatsRequest request;
  request.set_county_code(call.Get("county"));
  request.set_year(static_cast<int32_t>(call.Int("year")));
  fazhi::v1::CountyStats response;
  auto context = ContextFor(call);
  grpc::Status status = aggregate_->GetCountyStats(context.get(), request, &response);
  if (!status.ok() || format == Format::kJson) return Reply(status, response);
  return Export(exports::StatsWorkbook(response), format == Format::kCsv, "stats");
}

HttpResponse Gateway::Compare(const Call& call, Format format) const {
  fazhi::v1::CompareYearsRequest request;
  request.set_county_code(call.Get("county"));
  request.set_year_a(static_cast<int32_t>(call.Int("year_a")));
  request.set_year_b(static_cast<int32_t>(call.Int("year_b")));
  fazhi::v1::YearComparison response;
  auto context = ContextFor(call);
  grpc::Status status = aggregate_->CompareYears(context.get(), request, &response);
  if (!status.ok() || format == Format::kJson) return Reply(status, response);
  return Export(exports::CompareWorkbook(response), format == Format::kCsv, "compare");
}

HttpResponse Gateway::Rollup(const Call& call, Format format) const {
  fazhi::v1::GetRollupRequest request;
  request.set_code_prefix(call.Get("code"));
  request.set_year(static_cast<int32_t>(call.Int("year")));
  fazhi::v1::Rollup response;
  auto context = ContextFor(call);
  grpc::Status status = aggregate_->GetRollup(context.get(), request, &response);
  if (!status.ok() || format == Format::kJson) return Reply(status, response);
  return Export(exports::RollupWorkbook(response), format == Format::kCsv, "rollup");
}

bool Gateway::Ready(std::string* detail) const {
  std::vector<std::string> down;
  for (const auto& [name, channel] :
       {std::pair{"ingest", ingest_channel_}, std::pair{"extract", extract_channel_},
        std::pair{"aggregate", aggregate_channel_}}) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    auto context = rpc::ContextWithTimeout(absl::Seconds(2));
    grpc::Status status = stub->Check(context.get(), request, &response);
    if (!status.ok() || response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      down.push_back(
          absl::StrCat(name, status.ok() ? " not serving" : ": " + status.error_message()));
    }
  }
  if (detail != nullptr) *detail = absl::StrJoin(down, "; ");
  return down.empty();
}

std::string Gateway::BuildOpenApi() const {
  std::map<std::string, std::vector<const Route*>> by_path;
  for (const Route& r : routes_) {
    std::string path = r.pattern;
    by_path[path].push_back(&r);
  }
  std::string paths;
  auto error_responses = [] {
    std::string out;
    for (int code : {400, 401, 403, 404, 409, 413, 429, 499, 500, 501, 503, 504}) {
      absl::StrAppend(&out, ",\"", code,
                      "\":{\"description\":\"error\",\"content\":{\"application/json\":"
                      "{\"schema\":{\"$ref\":\"#/components/schemas/Error\"}}}}");
    }
    return out;
  }();
  for (const auto& [path, routes] : by_path) {
    if (!paths.empty()) paths += ",";
    absl::StrAppend(&paths, JsonString(path), ":{");
    bool first = true;
    for (const Route* r : routes) {
      if (!first) paths += ",";
      first = false;
      std::string params;
      for (const Param& p : r->params) {
        if (!params.empty()) params += ",";
        absl::StrAppend(&params, "{\"name\":", JsonString(p.name), ",\"in\":\"",
                        p.in_path ? "path" : "query",
                        "\",\"required\":", p.required || p.in_path ? "true" : "false",
                        ",\"description\":", JsonString(p.description), ",\"schema\":{\"type\":\"",
                        p.integer ? "integer" : "string", "\"}}");
      }
      absl::StrAppend(&paths, JsonString(absl::AsciiStrToLower(r->method)),
                      ":{\"summary\":", JsonString(r->summary), ",\"operationId\":",
                      JsonString(absl::StrCat(r->response, "_", r->method, "_", r->pattern)),
                      ",\"parameters\":[", params, "]");
      if (!r->json_body.empty()) {
        absl::StrAppend(&paths, ",\"requestBody\":{\"required\":true,\"description\":",
                        JsonString(absl::StrCat("fazhi.v1.", r->json_body,
                                                " as protobuf JSON (proto field names)")),
                        ",\"content\":{\"application/json\":{\"schema\":{\"type\":"
                        "\"object\"}}}}");
      }
      if (r->raw_body) {
        absl::StrAppend(&paths,
                        ",\"requestBody\":{\"required\":true,\"description\":\"the document's "
                        "bytes: UTF-8 or GBK text, Markdown, HTML, PDF or DOCX\",\"content\":"
                        "{\"application/octet-stream\":{\"schema\":{\"type\":\"string\","
                        "\"format\":\"binary\"}}}}");
      }
      const bool file = r->response == "csv" || r->response == "xlsx";
      const std::string media =
          r->response == "csv" ? "text/csv"
          : r->response == "xlsx"
              ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              : "application/json";
      absl::StrAppend(&paths, ",\"responses\":{\"200\":{\"description\":",
                      JsonString(file ? absl::StrCat("a ", r->response, " file, Chinese headers")
                                 : r->response == "Regions"
                                     ? std::string("{parent, regions: [{code, name}]}")
                                     : absl::StrCat("fazhi.v1.", r->response,
                                                    " as protobuf JSON (proto field names)")),
                      ",\"content\":{", JsonString(media), ":{\"schema\":{\"type\":\"",
                      file ? "string\",\"format\":\"binary" : "object", "\"}}}}", error_responses,
                      "}}");
    }
    paths += "}";
  }
  for (const auto& [path, summary] :
       {std::pair{"/healthz", "The gateway is up"},
        std::pair{"/readyz", "Every service answers SERVING (503 naming those that do not)"},
        std::pair{"/v1/openapi.json", "This document"}}) {
    absl::StrAppend(&paths, ",", JsonString(path), ":{\"get\":{\"summary\":", JsonString(summary),
                    ",\"responses\":{\"200\":{\"description\":\"ok\"}}}}");
  }
  return absl::StrCat(
      "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"fazhi gateway\",\"version\":\"1\","
      "\"description\":\"HTTP/JSON over the fazhi gRPC services. Replies are protobuf JSON with "
      "proto field names; send the services' token as Authorization: Bearer TOKEN.\"},"
      "\"paths\":{",
      paths,
      "},\"components\":{\"schemas\":{\"Error\":{\"type\":\"object\",\"properties\":{\"code\":"
      "{\"type\":\"string\",\"example\":\"INVALID_ARGUMENT\"},\"message\":{\"type\":\"string\"}}"
      "}}}}\n");
}

}  // namespace fazhi::gateway
