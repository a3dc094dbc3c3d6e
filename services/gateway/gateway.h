// The HTTP/JSON face of the fazhi services: each route of the table in
// gateway.cc becomes one gRPC call (the pattern of grpc-gateway and Envoy's
// JSON transcoder), its reply protobuf's canonical JSON with proto field
// names (the same text `fazhi extract` and `fazhi stats --json` print),
// its errors {"code":"INVALID_ARGUMENT","message":"..."} with the HTTP
// status of the standard gRPC mapping. Independent of the HTTP server
// (gateway_server.h), so that every route can be called directly.
//
//   ASSIGN_OR_RETURN(auto gateway, Gateway::Create(backends));
//   HttpResponse r = gateway->Handle({.method = "GET", .path = "/v1/stats",
//                                     .query = "county=330102&year=2024"});
#ifndef FAZHI_SERVICES_GATEWAY_GATEWAY_H_
#define FAZHI_SERVICES_GATEWAY_GATEWAY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/gazetteer/gazetteer.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/extract.grpc.pb.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::gateway {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/v1/jobs/0f3a...": percent-decoded, without the query
  std::string query;   // "county=330102&year=2024", percent-encoded
  // The caller's Authorization header, passed to the services as the
  // authorization metadata: they, not the gateway, check it.
  std::string authorization;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Allow, Retry-After, ...
};

// Where the services are and how to reach them.
struct Backends {
  std::string ingest_target = "127.0.0.1:7101";
  std::string extract_target = "127.0.0.1:7102";
  std::string aggregate_target = "127.0.0.1:7103";
  // TLS to the services (rpc::ChannelCredentialsFor); null: plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // Deadline of each call to a service.
  absl::Duration timeout = absl::Seconds(60);
  // Largest document body accepted by POST routes (ingest's and extract's
  // --max_document_bytes); larger is 413 before the body is read.
  int64_t max_document_bytes = 20 << 20;
};

// What the gateway serves itself: the region tree for pickers (from the
// gazetteer) and the analyst's web page.
struct Site {
  // Null: GET /v1/regions is FAILED_PRECONDITION.
  const gazetteer::Gazetteer* gazetteer = nullptr;
  // A folder holding index.html and what it loads (echarts.min.js ...),
  // read once at start and served at / and /web/NAME; empty: no page.
  std::string web_root = "";
};

// The HTTP status for a gRPC code (google.rpc.Code's mapping: 400, 401,
// 403, 404, 409, 429, 499, 500, 501, 503, 504).
int HttpStatusFor(grpc::StatusCode code);

// {"code":"NAME","message":"..."} with the status for `code`.
HttpResponse ErrorResponse(grpc::StatusCode code, const std::string& message);

class Gateway {
 public:
  // NOT_FOUND / INVALID_ARGUMENT when `site.web_root` is given but holds
  // no index.html or cannot be read.
  static absl::StatusOr<std::unique_ptr<Gateway>> Create(const Backends& backends,
                                                         const Site& site = {});

  // Thread-safe. Never throws or crashes on any request; every failure is
  // an error response.
  HttpResponse Handle(const HttpRequest& request) const;

  // The route template a request matches ("/v1/jobs/{job_id}"), or
  // "unknown": a label for metrics that no client can multiply.
  std::string RouteOf(const HttpRequest& request) const;

  // OpenAPI 3 document of every route (served at /v1/openapi.json).
  const std::string& openapi() const { return openapi_; }

  // Whether every service answers its health check SERVING; `detail` names
  // those that do not.
  bool Ready(std::string* detail) const;

  int64_t max_document_bytes() const { return backends_.max_document_bytes; }

  // A path parameter or query parameter a route takes.
  struct Param {
    std::string name;
    bool in_path = false;
    bool integer = false;
    bool required = false;
    std::string description;
  };
  struct Call;  // a matched request (gateway.cc)
  struct Route {
    std::string method;
    std::string pattern;  // "/v1/jobs/{job_id}"
    std::string summary;
    std::vector<Param> params;
    bool raw_body = false;  // the document's bytes
    std::string response;   // the reply message's name, for the OpenAPI document
    std::function<HttpResponse(const Gateway&, const Call&)> handler;
    // Set for a JSON request body: the fazhi.v1 message it holds.
    std::string json_body = "";
  };

 private:
  Gateway(const Backends& backends, const Site& site);
  std::unique_ptr<grpc::ClientContext> ContextFor(const Call& call) const;
  HttpResponse Extract(const Call& call) const;
  HttpResponse Submit(const Call& call) const;
  HttpResponse GetJob(const Call& call) const;
  HttpResponse ListJobs(const Call& call) const;
  HttpResponse GetReport(const Call& call) const;
  HttpResponse ListReports(const Call& call) const;
  HttpResponse CorrectReport(const Call& call) const;
  HttpResponse RevertCorrection(const Call& call) const;
  HttpResponse Reprocess(const Call& call) const;
  HttpResponse ListAudit(const Call& call) const;
  HttpResponse GetReviewedReport(const Call& call) const;
  HttpResponse ListIndicators(const Call& call) const;
  HttpResponse Regions(const Call& call) const;
  // A file of the web page, or null when the path names none.
  const HttpResponse* StaticFile(const std::string& path) const;
  // JSON, or the export of common/export.
  enum class Format { kJson, kCsv, kXlsx };
  HttpResponse Stats(const Call& call, Format format) const;
  HttpResponse Compare(const Call& call, Format format) const;
  HttpResponse Rollup(const Call& call, Format format) const;
  static std::vector<Route> Routes();
  std::string BuildOpenApi() const;

  Backends backends_;
  Site site_;
  std::map<std::string, HttpResponse> files_;  // by URL path
  std::shared_ptr<grpc::Channel> ingest_channel_;
  std::shared_ptr<grpc::Channel> extract_channel_;
  std::shared_ptr<grpc::Channel> aggregate_channel_;
  std::unique_ptr<fazhi::v1::IngestService::Stub> ingest_;
  std::unique_ptr<fazhi::v1::ExtractionService::Stub> extract_;
  std::unique_ptr<fazhi::v1::AggregationService::Stub> aggregate_;
  std::vector<Route> routes_;
  std::string openapi_;
};

}  // namespace fazhi::gateway

#endif  // FAZHI_SERVICES_GATEWAY_GATEWAY_H_
