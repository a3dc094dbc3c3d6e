// The extract server: the engine plus ExtractService on a listening port.
//
//   ASSIGN_OR_RETURN(auto server, ExtractServer::Start({.listen = "127.0.0.1:0"}));
//   ... server->port() ...
//   server->Shutdown();
#ifndef FAZHI_SERVICES_EXTRACT_EXTRACT_SERVER_H_
#define FAZHI_SERVICES_EXTRACT_EXTRACT_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/engine/engine.h"
#include "common/rpc/server.h"
#include "common/sandbox/parser_pool.h"
#include "services/extract/extract_service.h"

namespace fazhi::extract {

struct ExtractServerOptions {
  std::string listen = "127.0.0.1:7102";
  // Gazetteer index; empty: the default beside the binary, if present.
  std::string gazetteer_path = "";
  // Indicator catalog (text proto, protos/fazhi/v1/catalog.proto); empty:
  // the one built into the binary. A new catalog is a new engine version:
  // ingest's Reprocess reads stored reports again with it.
  std::string catalog_path = "";
  // host:port for Prometheus metrics (/metrics over HTTP); empty: off.
  std::string metrics_listen = "";
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Tests only: a document holding these bytes aborts the process.
  std::string test_abort_on = "";
  // Larger documents are RESOURCE_EXHAUSTED (ingest's limit by default).
  int64_t max_document_bytes = engine::kDefaultMaxDocumentBytes;
  // PDF, DOCX and HTML are parsed in this many worker processes
  // (common/sandbox), each under these limits; 0 workers: in this process,
  // where a parser crash takes the service down (the CLI's way).
  int parser_workers = 2;
  sandbox::ParserPoolOptions parser = {};
  // Tokens file (rpc/auth.h): TOKEN ROLE[,ROLE...] [NAME] per line; empty:
  // every call is allowed.
  std::string auth_tokens = "";
  // Calls a second each client (token) may make; 0: no limit.
  double rate_limit_per_client = 0;
  // TLS / mTLS of this server (rpc/tls.h); without it only loopback is
  // served unless `insecure_listen`.
  rpc::ServerTls tls = {};
  bool insecure_listen = false;
};

class ExtractServer {
 public:
  static absl::StatusOr<std::unique_ptr<ExtractServer>> Start(const ExtractServerOptions& options);
  int port() const { return server_->port(); }
  int metrics_port() const { return server_->metrics_port(); }
  int64_t documents_served() const { return service_->documents_served(); }
  void Shutdown() { server_->Shutdown(options_.shutdown_grace); }

 private:
  ExtractServer() = default;
  ExtractServerOptions options_;
  std::unique_ptr<gazetteer::Gazetteer> gazetteer_;
  std::unique_ptr<engine::Extractor> extractor_;
  std::unique_ptr<sandbox::ParserPool> parsers_;
  std::unique_ptr<rpc::Authenticator> auth_;
  std::unique_ptr<ExtractService> service_;
  std::unique_ptr<rpc::RunningServer> server_;
};

}  // namespace fazhi::extract

#endif  // FAZHI_SERVICES_EXTRACT_EXTRACT_SERVER_H_
