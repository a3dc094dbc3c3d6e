#include "services/ingest/ingest_server.h"

#include <algorithm>

#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "common/store/store_metrics.h"
#include "services/ingest/ingest_schema.h"

namespace fazhi::ingest {

namespace {

// Room above the document limit, so that an oversize document reaches
// Accept and is refused with the limit named, not by gRPC's framing.
int MaxMessageBytes(const PipelineOptions& pipeline) {
  return static_cast<int>(std::max<int64_t>(64 << 20, pipeline.max_document_bytes + (1 << 20)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<IngestServer>> IngestServer::Start(
    const IngestServerOptions& options) {
  std::unique_ptr<IngestServer> s(new IngestServer());
  s->options_ = options;
  auto store = store::Store::Open({.path = options.data_dir, .column_families = IngestFamilies()});
  if (!store.ok()) return store.status();
  s->store_ = *std::move(store);
  auto gazetteer =
      gazetteer::LoadConfigured(options.gazetteer_path, "region hints checked for form only");
  if (!gazetteer.ok()) return gazetteer.status();
  s->gazetteer_ = *std::move(gazetteer);
  PipelineOptions pipeline_options = options.pipeline;
  if (pipeline_options.gazetteer == nullptr) pipeline_options.gazetteer = s->gazetteer_.get();
  s->pipeline_ = std::make_unique<IngestPipeline>(s->store_.get(), pipeline_options);
  auto auth = rpc::Authenticator::Load(options.auth_tokens, options.rate_limit_per_client);
  if (!auth.ok()) return auth.status();
  s->auth_ = *std::move(auth);
  s->service_ = std::make_unique<IngestService>(s->pipeline_.get(), s->auth_.get());
  s->backup_ = std::make_unique<backup::BackupServiceImpl>(s->store_.get(), s->auth_.get(),
                                                           options.backup_dir);
  // Accept the max document size plus protobuf framing.
  auto server =
      rpc::StartServer({.listen = options.listen,
                        .max_receive_message_bytes = MaxMessageBytes(options.pipeline),
                        .metrics_listen = options.metrics_listen,
                        .tls = options.tls,
                        .insecure_listen = options.insecure_listen},
                       {{fazhi::v1::IngestService::service_full_name(), s->service_.get()},
                        {fazhi::v1::BackupService::service_full_name(), s->backup_.get()}});
  if (!server.ok()) return server.status();
  s->server_ = *std::move(server);
  if (absl::Status started = s->pipeline_->Start(); !started.ok()) return started;
  metrics::Metrics& m = metrics::Metrics::Global();
  m.SetBuildInfo("ingest", "", "");
  IngestPipeline* pipeline = s->pipeline_.get();
  store::Store* raw_store = s->store_.get();
  s->gauges_ = {
      m.RegisterGauge("fazhi_ingest_queue_jobs", "Jobs stored and waiting for extraction", {},
                      [pipeline] { return static_cast<double>(pipeline->QueueDepth()); }),
      m.RegisterGauge("fazhi_ingest_outbox_jobs",
                      "Extracted reports in the outbox waiting for aggregate to accept them", {},
                      [pipeline] { return static_cast<double>(pipeline->OutboxDepth()); }),
      m.RegisterGauge("fazhi_ingest_outbox_oldest_seconds",
                      "How long the oldest report in the outbox has waited for aggregate", {},
                      [pipeline] { return pipeline->OutboxOldestSeconds(); })};
  for (int gauge : store::RegisterStoreGauges(raw_store, "ingest")) s->gauges_.push_back(gauge);
  FAZHI_LOG(kInfo) << "fazhi-ingest listening on port " << s->port() << ", data in "
                   << options.data_dir << ", extract " << options.pipeline.extract_target
                   << ", aggregate " << options.pipeline.aggregate_target;
  return s;
}

void IngestServer::Shutdown() {
  for (int gauge : gauges_) metrics::Metrics::Global().UnregisterGauge(gauge);
  gauges_.clear();
  if (server_ != nullptr) server_->Shutdown(options_.shutdown_grace);
  if (pipeline_ != nullptr) pipeline_->Stop();
  server_.reset();
  backup_.reset();
  service_.reset();
  pipeline_.reset();
  store_.reset();
}

}  // namespace fazhi::ingest
