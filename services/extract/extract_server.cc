#include "services/extract/extract_server.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/base/files.h"
#include "common/base/log.h"
#include "common/metrics/metrics.h"

namespace fazhi::extract {

absl::StatusOr<std::unique_ptr<ExtractServer>> ExtractServer::Start(
    const ExtractServerOptions& options) {
  std::unique_ptr<ExtractServer> s(new ExtractServer());
  s->options_ = options;
  auto gazetteer =
      gazetteer::LoadConfigured(options.gazetteer_path, "regions come from region hints only");
  if (!gazetteer.ok()) return gazetteer.status();
  s->gazetteer_ = *std::move(gazetteer);
  absl::StatusOr<std::unique_ptr<engine::Extractor>> extractor;
  if (options.catalog_path.empty()) {
    extractor = engine::Extractor::Create(s->gazetteer_.get());
  } else {
    absl::StatusOr<std::string> catalog = ReadFileToString(options.catalog_path);
    if (!catalog.ok()) return catalog.status();
    extractor = engine::Extractor::CreateWithCatalog(*catalog, s->gazetteer_.get());
    if (!extractor.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--catalog ", options.catalog_path, ": ", extractor.status().message()));
    }
  }
  if (!extractor.ok()) return extractor.status();
  s->extractor_ = *std::move(extractor);
  if (options.parser_workers > 0) {
    sandbox::ParserPoolOptions parser = options.parser;
    parser.workers = options.parser_workers;
    auto parsers = sandbox::ParserPool::Create(parser);
    if (!parsers.ok()) return parsers.status();
    s->parsers_ = *std::move(parsers);
  }
  auto auth = rpc::Authenticator::Load(options.auth_tokens, options.rate_limit_per_client);
  if (!auth.ok()) return auth.status();
  s->auth_ = *std::move(auth);
  s->service_ =
      std::make_unique<ExtractService>(s->extractor_.get(), s->auth_.get(), s->parsers_.get(),
                                       options.test_abort_on, options.max_document_bytes);
  auto server = rpc::StartServer(
      {.listen = options.listen,
       // Room for the largest document and its request.
       .max_receive_message_bytes =
           static_cast<int>(std::max<int64_t>(64 << 20, options.max_document_bytes + (1 << 20))),
       .metrics_listen = options.metrics_listen,
       .tls = options.tls,
       .insecure_listen = options.insecure_listen},
      {{fazhi::v1::ExtractionService::service_full_name(), s->service_.get()}});
  if (!server.ok()) return server.status();
  s->server_ = *std::move(server);
  {
    // "engine/2 catalog/2026.12.4" -> engine "2", catalog "2026.12.4".
    const std::string& v = s->extractor_->version();
    size_t space = v.find(' ');
    std::string engine = v.substr(0, space),
                catalog = space == std::string::npos ? "" : v.substr(space + 1);
    if (engine.rfind("engine/", 0) == 0) engine = engine.substr(7);
    if (catalog.rfind("catalog/", 0) == 0) catalog = catalog.substr(8);
    metrics::Metrics::Global().SetBuildInfo("extract", engine, catalog);
  }
  FAZHI_LOG(kInfo) << "fazhi-extract listening on port " << s->port() << " ("
                   << s->extractor_->version() << ")";
  return s;
}

}  // namespace fazhi::extract
