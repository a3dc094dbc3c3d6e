#include "services/ingest/ingest_pipeline.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/content_hash.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/gazetteer/resolve.h"
#include "common/metrics/metrics.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "common/rpc/request_id.h"
#include "common/rpc/request_limits.h"
#include "services/ingest/ingest_schema.h"

namespace fazhi::ingest {
namespace {

// Codes after which trying the same request again cannot succeed.
bool IsPermanent(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::FAILED_PRECONDITION || code == grpc::StatusCode::OUT_OF_RANGE ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

// A call the peer took and never answered: the connection dropped under it
// ("Connection reset by peer": the peer crashed) or its deadline passed (it
// hung). Not a peer that was down before the call: gRPC says "failed to
// connect ... Connection refused" then.
bool BrokeOff(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) return true;
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return false;
  std::string message = absl::AsciiStrToLower(status.error_message());
  for (const char* down : {"failed to connect", "connection refused", "all backends failing"}) {
    if (message.find(down) != std::string::npos) return false;
  }
  return true;
}

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// Jobs stored before version orders existed rank by their creation time.
int64_t VersionOrderOf(const fazhi::v1::Job& job) {
  return job.version_order() != 0 ? job.version_order() : job.created_unix_ms() * 1000;
}

}  // namespace

IngestPipeline::IngestPipeline(store::Store* store, const PipelineOptions& options)
    : store_(store),
      options_(options),
      extract_(fazhi::v1::ExtractionService::NewStub(
          rpc::MakeChannel(options.extract_target, "fazhi.v1.ExtractionService",
                           rpc::Retries::kNone, options.peer_credentials))),
      aggregate_(fazhi::v1::AggregationService::NewStub(
          rpc::MakeChannel(options.aggregate_target, "fazhi.v1.AggregationService",
                           rpc::Retries::kOnUnavailable, options.peer_credentials))) {}

IngestPipeline::~IngestPipeline() { Stop(); }

absl::Status IngestPipeline::Start() {
  ASSIGN_OR_RETURN(auto last_order, store_->Get(kJobsFamily, kVersionOrderKey));
  if (last_order.has_value()) version_clock_.Observe(DecodeOrder(*last_order));
  std::vector<std::string> queued;
  RETURN_IF_ERROR(
      store_->Scan(kQueueFamily, kQueuePrefix, "", [&](absl::string_view key, absl::string_view) {
        queued.emplace_back(IdOfKey(key));
        return true;
      }));
  {
    absl::MutexLock lock(&mutex_);
    if (started_) return absl::FailedPreconditionError("pipeline already started");
    started_ = true;
    ready_.insert(ready_.end(), queued.begin(), queued.end());
    outbox_dirty_ = true;
  }
  if (!queued.empty()) {
    FAZHI_LOG(kInfo) << "resuming " << queued.size() << " queued jobs";
  }
  for (int i = 0; i < std::max(1, options_.extract_workers); ++i) {
    threads_.emplace_back([this] { ExtractLoop(); });
  }
  threads_.emplace_back([this] { DeliverLoop(); });
  return absl::OkStatus();
}

void IngestPipeline::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (grpc::ClientContext* context : in_flight_) context->TryCancel();
    work_cv_.SignalAll();
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void IngestPipeline::Track(grpc::ClientContext* context, bool add) {
  absl::MutexLock lock(&mutex_);
  if (add) {
    in_flight_.insert(context);
    if (stopping_) context->TryCancel();
  } else {
    in_flight_.erase(context);
  }
}

absl::Duration IngestPipeline::Backoff(int attempts) const {
  absl::Duration delay = options_.initial_backoff;
  for (int i = 1; i < attempts && delay < options_.max_backoff; ++i) delay *= 2;
  return std::min(delay, options_.max_backoff);
}

absl::StatusOr<Accepted> IngestPipeline::Accept(const fazhi::v1::Document& document,
                                                absl::string_view caller,
                                                absl::string_view request_id) {
  if (document.content().empty()) {
    return absl::InvalidArgumentError("document.content is empty");
  }
  if (static_cast<int64_t>(document.content().size()) > options_.max_document_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("document of ", document.content().size(),
                                                     " bytes exceeds the limit of ",
                                                     options_.max_document_bytes, " bytes"));
  }
  RETURN_IF_ERROR(rpc::ValidateDocumentFields(document, "document"));
  if (options_.gazetteer != nullptr) {
    RETURN_IF_ERROR(gazetteer::CheckHint(*options_.gazetteer, document.region_hint()));
  }
  std::string id = ReportIdFor(document.content());
  Accepted accepted;
  {
    absl::MutexLock lock(&accept_mutex_);
    absl::StatusOr<fazhi::v1::Job> existing = GetJob(id);
    if (existing.ok()) {
      accepted.duplicate = true;
      // The same bytes under another hint: once its first pass has ended,
      // the report is extracted anew with the new hint, and aggregate files
      // it where that places it.
      bool settled = existing->state() == fazhi::v1::JOB_STATE_DONE ||
                     existing->state() == fazhi::v1::JOB_STATE_FAILED;
      if (!settled || existing->region_hint() == document.region_hint()) {
        accepted.job = *std::move(existing);
        return accepted;
      }
      ASSIGN_OR_RETURN(accepted.job, Requeue(*std::move(existing), document.region_hint()));
      accepted.re_resolving = true;
    } else if (existing.status().code() != absl::StatusCode::kNotFound) {
      return existing.status();
    } else {
      fazhi::v1::Job& job = accepted.job;
      job.set_job_id(id);
      job.set_report_id(id);
      job.set_source(document.source());
      job.set_state(fazhi::v1::JOB_STATE_QUEUED);
      job.set_created_unix_ms(NowMs());
      job.set_updated_unix_ms(job.created_unix_ms());
      job.set_region_hint(document.region_hint());
      job.set_size_bytes(static_cast<int64_t>(document.content().size()));
      job.set_version_order(version_clock_.Next());
      job.set_submitted_by(std::string(caller));
      job.set_request_id(request_id.empty() ? rpc::NewRequestId() : std::string(request_id));
      rocksdb::WriteBatch batch;
      rocksdb::Status s = batch.Put(store_->Family(kDocumentsFamily), DocumentKey(id),
                                    document.SerializeAsString());
      if (s.ok()) s = batch.Put(store_->Family(kJobsFamily), JobKey(id), job.SerializeAsString());
      if (s.ok()) {
        s = batch.Put(store_->Family(kJobsFamily), kVersionOrderKey,
                      EncodeOrder(job.version_order()));
      }
      if (s.ok()) s = batch.Put(store_->Family(kQueueFamily), QueueKey(id), "");
      if (!s.ok()) return store::FromRocks(s, "batch");
      // Synced: the answer promises the document survives a power cut.
      RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
    }
  }
  absl::MutexLock lock(&mutex_);
  ready_.push_back(id);
  work_cv_.Signal();
  return accepted;
}

absl::StatusOr<fazhi::v1::Job> IngestPipeline::Requeue(fazhi::v1::Job job,
                                                       const std::string& region_hint) {
  ASSIGN_OR_RETURN(auto bytes, store_->Get(kDocumentsFamily, DocumentKey(job.job_id())));
  fazhi::v1::Document stored;
  if (!bytes.has_value() || !stored.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored document ", job.job_id(), " is corrupt"));
  }
  stored.set_region_hint(region_hint);
  job.set_region_hint(region_hint);
  job.set_state(fazhi::v1::JOB_STATE_QUEUED);
  job.clear_error();
  job.set_broken_attempts(0);
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Put(store_->Family(kDocumentsFamily), DocumentKey(job.job_id()),
                                stored.SerializeAsString());
  if (s.ok()) s = batch.Put(store_->Family(kQueueFamily), QueueKey(job.job_id()), "");
  if (!s.ok()) return store::FromRocks(s, "batch");
  RETURN_IF_ERROR(SaveJob(job, &batch));
  return job;
}

absl::StatusOr<fazhi::v1::Job> IngestPipeline::GetJob(absl::string_view job_id) const {
  if (job_id.empty()) return absl::InvalidArgumentError("job_id is missing");
  ASSIGN_OR_RETURN(auto bytes, store_->Get(kJobsFamily, JobKey(job_id)));
  if (!bytes.has_value()) {
    return absl::NotFoundError(absl::StrCat("no job with id '", job_id, "'"));
  }
  fazhi::v1::Job job;
  if (!job.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("job ", job_id, " is corrupt"));
  }
  return job;
}

absl::StatusOr<fazhi::v1::ListJobsResponse> IngestPipeline::ListJobs(
    const fazhi::v1::ListJobsRequest& request) const {
  // Bounds one call's work whatever the filter matches.
  constexpr int kDefaultPage = 100, kMaxPage = 1000, kMaxScanned = 20000;
  if (request.page_size() < 0 || request.page_size() > kMaxPage) {
    return absl::InvalidArgumentError(absl::StrCat("page_size must be 0 (", kDefaultPage, ") to ",
                                                   kMaxPage, ", not ", request.page_size()));
  }
  if (!fazhi::v1::JobState_IsValid(request.state())) {
    return absl::InvalidArgumentError(absl::StrCat("no job state ", request.state()));
  }
  const int page = request.page_size() == 0 ? kDefaultPage : request.page_size();
  const std::string start_after = request.page_token().empty() ? "" : JobKey(request.page_token());
  fazhi::v1::ListJobsResponse response;
  int scanned = 0;
  std::string last_key;
  bool more = false;
  int64_t corrupt = 0;
  RETURN_IF_ERROR(store_->Scan(
      kJobsFamily, "j/", start_after, [&](absl::string_view key, absl::string_view value) {
        if (response.jobs_size() == page || scanned == kMaxScanned) {
          more = true;
          return false;
        }
        ++scanned;
        last_key = std::string(key);
        fazhi::v1::Job job;
        if (!job.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          ++corrupt;
          return true;
        }
        if (request.state() == fazhi::v1::JOB_STATE_UNSPECIFIED || job.state() == request.state()) {
          *response.add_jobs() = std::move(job);
        }
        return true;
      }));
  if (corrupt > 0) FAZHI_LOG(kError) << "ListJobs: " << corrupt << " stored jobs are corrupt";
  if (more) response.set_next_page_token(last_key.substr(2));  // past "j/"
  return response;
}

std::string IngestPipeline::PeerToken() const {
  return options_.peer_token_file != nullptr ? options_.peer_token_file->Current()
                                             : options_.peer_token;
}

absl::StatusOr<fazhi::v1::ParsedReport> IngestPipeline::GetReport(absl::string_view report_id,
                                                                  bool include_text) const {
  if (report_id.empty()) return absl::InvalidArgumentError("report_id is missing");
  ASSIGN_OR_RETURN(auto bytes, store_->Get(kReportsFamily, ReportKey(report_id)));
  if (!bytes.has_value()) {
    absl::StatusOr<fazhi::v1::Job> job = GetJob(report_id);
    if (absl::IsNotFound(job.status())) {
      return absl::NotFoundError(absl::StrCat("no report with id '", report_id, "'"));
    }
    if (!job.ok()) return job.status();
    return absl::NotFoundError(absl::StrCat("report ", report_id, " is not ready (job ",
                                            fazhi::v1::JobState_Name(job->state()), ")"));
  }
  fazhi::v1::ParsedReport report;
  if (!report.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("report ", report_id, " is corrupt"));
  }
  if (!include_text) report.clear_normalized_text();
  return report;
}

namespace {

// A job that failed for good, counted by a reason from this fixed set.
void CountFailure(absl::string_view reason) {
  metrics::Metrics::Global().Add("fazhi_ingest_job_failures_total",
                                 "Jobs that failed for good, by reason",
                                 {{"reason", std::string(reason)}});
}

int64_t CountKeys(const store::Store& store, const char* family) {
  int64_t count = 0;
  store
      .Scan(family, "", "",
            [&](absl::string_view, absl::string_view) {
              ++count;
              return true;
            })
      .IgnoreError();
  return count;
}

}  // namespace

int64_t IngestPipeline::QueueDepth() const { return CountKeys(*store_, kQueueFamily); }

int64_t IngestPipeline::OutboxDepth() const { return CountKeys(*store_, kOutboxFamily); }

double IngestPipeline::OutboxOldestSeconds() const {
  // A report enters the outbox when its job turns DELIVERING (updated then);
  // the first thousand entries are enough to see a delivery that is stuck.
  int64_t oldest = 0;
  int looked = 0;
  store_
      ->Scan(kOutboxFamily, kOutboxPrefix, "",
             [&](absl::string_view key, absl::string_view) {
               absl::StatusOr<fazhi::v1::Job> job = GetJob(key.substr(2));
               if (job.ok() && (oldest == 0 || job->updated_unix_ms() < oldest)) {
                 oldest = job->updated_unix_ms();
               }
               return ++looked < 1000;
             })
      .IgnoreError();
  return oldest == 0 ? 0 : static_cast<double>(NowMs() - oldest) / 1000;
}

absl::Status IngestPipeline::SaveJob(fazhi::v1::Job job, rocksdb::WriteBatch* batch) {
  job.set_updated_unix_ms(NowMs());
  rocksdb::Status s =
      batch->Put(store_->Family(kJobsFamily), JobKey(job.job_id()), job.SerializeAsString());
  if (!s.ok()) return store::FromRocks(s, "batch");
  return store_->Write(batch, /*sync=*/true);
}

void IngestPipeline::ExtractLoop() {
  while (true) {
    std::string id;
    {
      absl::MutexLock lock(&mutex_);
      while (true) {
        if (stopping_) return;
        absl::Time now = absl::Now();
        while (!delayed_.empty() && delayed_.begin()->first <= now) {
          ready_.push_back(delayed_.begin()->second);
          delayed_.erase(delayed_.begin());
        }
        if (!ready_.empty()) {
          id = std::move(ready_.front());
          ready_.pop_front();
          break;
        }
        absl::Duration wait = delayed_.empty() ? absl::Seconds(1) : delayed_.begin()->first - now;
        work_cv_.WaitWithTimeout(&mutex_, wait);
      }
    }
    absl::Duration retry = ExtractOne(id);
    if (retry > absl::ZeroDuration()) {
      absl::MutexLock lock(&mutex_);
      delayed_.insert({absl::Now() + retry, id});
    }
  }
}

absl::Duration IngestPipeline::ExtractOne(const std::string& id) {
  absl::StatusOr<fazhi::v1::Job> job = GetJob(id);
  if (!job.ok() || job->state() != fazhi::v1::JOB_STATE_QUEUED) return absl::ZeroDuration();
  auto document_bytes = store_->Get(kDocumentsFamily, DocumentKey(id));
  fazhi::v1::ExtractRequest request;
  rocksdb::WriteBatch batch;
  if (!document_bytes.ok() || !document_bytes->has_value() ||
      !request.mutable_document()->ParseFromString(**document_bytes)) {
    job->set_state(fazhi::v1::JOB_STATE_FAILED);
    job->set_error("stored document is missing or corrupt");
    CountFailure("document_unreadable");
    batch.Delete(store_->Family(kQueueFamily), QueueKey(id)).PermitUncheckedError();
    if (absl::Status s = SaveJob(*job, &batch); !s.ok()) {
      FAZHI_LOG(kError) << "job " << id << ": " << s.message();
    }
    return absl::ZeroDuration();
  }
  request.set_request_id(id);
  // Kept with the report for GetReport(include_text): the text its
  // evidence offsets point into. Aggregate gets the report without it.
  request.set_include_normalized_text(true);
  fazhi::v1::ExtractResponse response;
  bool alone = job->broken_attempts() > 0;
  {
    absl::MutexLock lock(&mutex_);
    while (!stopping_ && (extract_alone_ || (alone && extracts_in_flight_ > 0))) {
      work_cv_.Wait(&mutex_);
    }
    if (stopping_) return absl::ZeroDuration();  // stays queued on disk
    ++extracts_in_flight_;
    extract_alone_ = alone;
  }
  auto context = rpc::ContextWithTimeout(options_.extract_timeout);
  rpc::AttachToken(context.get(), PeerToken());
  if (!job->request_id().empty()) context->AddMetadata(rpc::kRequestIdHeader, job->request_id());
  Track(context.get(), true);
  grpc::Status status = extract_->Extract(context.get(), request, &response);
  Track(context.get(), false);
  {
    absl::MutexLock lock(&mutex_);
    --extracts_in_flight_;
    if (alone) extract_alone_ = false;
    work_cv_.SignalAll();
  }
  job->set_attempts(job->attempts() + 1);
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return absl::ZeroDuration();  // stays queued on disk
  }
  if (status.ok()) {
    job->set_state(fazhi::v1::JOB_STATE_DELIVERING);
    job->clear_error();
    job->set_detected_format(response.report().source_format());
    metrics::Metrics::Global().Add("fazhi_ingest_documents_total",
                                   "Documents extracted for ingest, by detected format",
                                   {{"format", response.report().source_format()}});
    job->set_detected_encoding(response.report().encoding());
    response.mutable_report()->set_version_order(VersionOrderOf(*job));
    rocksdb::Status s = batch.Put(store_->Family(kReportsFamily), ReportKey(id),
                                  response.report().SerializeAsString());
    if (s.ok()) s = batch.Put(store_->Family(kOutboxFamily), OutboxKey(id), "");
    if (s.ok()) s = batch.Delete(store_->Family(kQueueFamily), QueueKey(id));
    absl::Status saved = s.ok() ? SaveJob(*job, &batch) : store::FromRocks(s, "batch");
    if (!saved.ok()) {
      FAZHI_LOG(kError) << "job " << id << ": cannot record extraction: " << saved.message();
      return Backoff(job->attempts());
    }
    absl::MutexLock lock(&mutex_);
    outbox_dirty_ = true;
    work_cv_.SignalAll();
    return absl::ZeroDuration();
  }
  std::string error =
      absl::StrCat("extract: status ", status.error_code(), ": ", status.error_message());
  if (BrokeOff(status)) {
    // Only a call that ran alone is surely this document's doing; one that
    // broke with others makes the document a suspect, tried alone next.
    job->set_broken_attempts(alone ? job->broken_attempts() + 1 : 1);
    if (job->broken_attempts() >= options_.max_broken_extracts) {
      error = absl::StrCat(
          "extraction broke off ", job->broken_attempts(),
          " times (extract crashed or timed out on this document); set aside: ", error);
    }
  }
  if (IsPermanent(status.error_code()) || job->broken_attempts() >= options_.max_broken_extracts) {
    job->set_state(fazhi::v1::JOB_STATE_FAILED);
    job->set_error(error);
    CountFailure(job->broken_attempts() >= options_.max_broken_extracts ? "extract_broke_off"
                                                                        : "extract_refused");
    batch.Delete(store_->Family(kQueueFamily), QueueKey(id)).PermitUncheckedError();
    if (absl::Status s = SaveJob(*job, &batch); !s.ok()) {
      FAZHI_LOG(kError) << "job " << id << ": " << s.message();
    }
    FAZHI_LOG(kInfo) << "job " << id << " (" << job->source() << ") failed: " << error;
    return absl::ZeroDuration();
  }
  job->set_error(absl::StrCat(error, " (will retry)"));
  if (absl::Status s = SaveJob(*job, &batch); !s.ok()) {
    FAZHI_LOG(kError) << "job " << id << ": " << s.message();
  }
  FAZHI_LOG(kWarning) << "job " << id << ": " << error << "; retrying";
  return Backoff(job->attempts());
}

void IngestPipeline::DeliverLoop() {
  int failures = 0;
  constexpr int kBatch = 256;
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      while (!stopping_ && !outbox_dirty_) {
        work_cv_.WaitWithTimeout(&mutex_, absl::Seconds(1));
      }
      if (stopping_) return;
      outbox_dirty_ = false;
    }
    std::vector<std::string> ids;
    absl::Status scanned = store_->Scan(kOutboxFamily, kOutboxPrefix, "",
                                        [&](absl::string_view key, absl::string_view) {
                                          ids.emplace_back(IdOfKey(key));
                                          return ids.size() < kBatch;
                                        });
    if (!scanned.ok()) FAZHI_LOG(kError) << "outbox scan: " << scanned.message();
    bool again = ids.size() == kBatch || !scanned.ok();
    for (const std::string& id : ids) {
      if (DeliverOne(id)) {
        failures = 0;
        continue;
      }
      ++failures;
      again = true;
      absl::MutexLock lock(&mutex_);
      // Wait out the backoff unless stopping.
      absl::Time until = absl::Now() + Backoff(failures);
      while (!stopping_ && absl::Now() < until) {
        work_cv_.WaitWithTimeout(&mutex_, until - absl::Now());
      }
      break;
    }
    if (again) {
      absl::MutexLock lock(&mutex_);
      outbox_dirty_ = true;
    }
  }
}

bool IngestPipeline::DeliverOne(const std::string& id) {
  absl::StatusOr<fazhi::v1::Job> job = GetJob(id);
  auto report_bytes = store_->Get(kReportsFamily, ReportKey(id));
  rocksdb::WriteBatch batch;
  batch.Delete(store_->Family(kOutboxFamily), OutboxKey(id)).PermitUncheckedError();
  fazhi::v1::PutReportRequest request;
  if (!job.ok() || !report_bytes.ok() || !report_bytes->has_value() ||
      !request.mutable_report()->ParseFromString(**report_bytes)) {
    FAZHI_LOG(kError) << "outbox entry " << id << " has no job or report; dropped";
    store_->Write(&batch, true).IgnoreError();
    return true;
  }
  if (request.report().version_order() == 0) {
    request.mutable_report()->set_version_order(VersionOrderOf(*job));
  }
  // Aggregate keeps no text (ingest does, for GetReport).
  request.mutable_report()->clear_normalized_text();
  fazhi::v1::PutReportResponse response;
  auto context = rpc::ContextWithTimeout(options_.deliver_timeout);
  rpc::AttachToken(context.get(), PeerToken());
  if (!job->request_id().empty()) context->AddMetadata(rpc::kRequestIdHeader, job->request_id());
  Track(context.get(), true);
  grpc::Status status = aggregate_->PutReport(context.get(), request, &response);
  Track(context.get(), false);
  if (status.ok()) {
    job->set_state(fazhi::v1::JOB_STATE_DONE);
    job->clear_error();
    job->set_duplicate_of(response.copy_of());
    if (absl::Status s = SaveJob(*job, &batch); !s.ok()) {
      FAZHI_LOG(kError) << "job " << id << ": cannot record delivery: " << s.message();
      return false;  // delivered again later; PutReport is idempotent
    }
    LogFields(LogLevel::kInfo, "job done",
              {{"job_id", job->job_id()}, {"request_id", job->request_id()}});
    metrics::Metrics::Global().Observe(
        "fazhi_ingest_delivery_seconds",
        "From a document's acceptance to aggregate holding its report", {},
        static_cast<double>(NowMs() - job->created_unix_ms()) / 1000);
    return true;
  }
  std::string error =
      absl::StrCat("aggregate: status ", status.error_code(), ": ", status.error_message());
  job->set_attempts(job->attempts() + 1);
  if (IsPermanent(status.error_code())) {
    job->set_state(fazhi::v1::JOB_STATE_FAILED);
    job->set_error(error);
    CountFailure("aggregate_refused");
    if (absl::Status s = SaveJob(*job, &batch); !s.ok()) {
      FAZHI_LOG(kError) << "job " << id << ": " << s.message();
    }
    FAZHI_LOG(kInfo) << "job " << id << " (" << job->source() << ") failed: " << error;
    return true;
  }
  rocksdb::WriteBatch note;
  job->set_error(absl::StrCat(error, " (will retry)"));
  SaveJob(*job, &note).IgnoreError();
  FAZHI_LOG(kWarning) << "delivery of " << id << ": " << error << "; retrying";
  return false;
}

}  // namespace fazhi::ingest
