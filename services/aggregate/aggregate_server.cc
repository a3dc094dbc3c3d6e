#include "services/aggregate/aggregate_server.h"

#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "common/store/store_metrics.h"
#include "services/aggregate/aggregate_schema.h"

namespace fazhi::aggregate {

absl::StatusOr<std::unique_ptr<AggregateServer>> AggregateServer::Start(
    const AggregateServerOptions& options) {
  std::unique_ptr<AggregateServer> s(new AggregateServer());
  s->options_ = options;
  store::StoreOptions store_options;
  store_options.path = options.data_dir;
  store_options.column_families = {kReportsFamily, kIndexFamily, kReviewFamily};
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.memtable_bytes = options.memtable_bytes;
  auto store = store::Store::Open(store_options);
  if (!store.ok()) return store.status();
  s->store_ = *std::move(store);
  auto gazetteer = gazetteer::LoadConfigured(options.gazetteer_path, "no coverage figures");
  if (!gazetteer.ok()) return gazetteer.status();
  s->gazetteer_ = *std::move(gazetteer);
  auto auth = rpc::Authenticator::Load(options.auth_tokens, options.rate_limit_per_client);
  if (!auth.ok()) return auth.status();
  s->auth_ = *std::move(auth);
  s->service_ =
      std::make_unique<AggregateService>(s->store_.get(), s->gazetteer_.get(), s->auth_.get());
  if (absl::Status recovered = s->service_->RecoverClocks(); !recovered.ok()) return recovered;
  s->backup_ = std::make_unique<backup::BackupServiceImpl>(s->store_.get(), s->auth_.get(),
                                                           options.backup_dir);
  auto server =
      rpc::StartServer({.listen = options.listen,
                        .metrics_listen = options.metrics_listen,
                        .tls = options.tls,
                        .insecure_listen = options.insecure_listen},
                       {{fazhi::v1::AggregationService::service_full_name(), s->service_.get()},
                        {fazhi::v1::BackupService::service_full_name(), s->backup_.get()}});
  if (!server.ok()) return server.status();
  s->server_ = *std::move(server);
  store::Store* raw_store = s->store_.get();
  metrics::Metrics::Global().SetBuildInfo("aggregate", "", "");
  s->gauges_ = store::RegisterStoreGauges(raw_store, "aggregate");
  FAZHI_LOG(kInfo) << "fazhi-aggregate listening on port " << s->port() << ", data in "
                   << options.data_dir;
  return s;
}

void AggregateServer::Shutdown() {
  for (int gauge : gauges_) metrics::Metrics::Global().UnregisterGauge(gauge);
  gauges_.clear();
  if (server_ != nullptr) server_->Shutdown(options_.shutdown_grace);
  server_.reset();
  backup_.reset();
  service_.reset();
  store_.reset();
}

}  // namespace fazhi::aggregate
