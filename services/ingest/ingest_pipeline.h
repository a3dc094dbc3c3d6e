// The durable job machinery of ingest: accepts documents (synced to disk
// before it answers), extracts them through ExtractionService and delivers
// the reports to AggregationService through an outbox, retrying transient
// failures with exponential backoff. State lives in RocksDB only, so a
// restarted pipeline resumes every unfinished job.
//
//   IngestPipeline pipeline(store, options);
//   pipeline.Start();
//   ASSIGN_OR_RETURN(auto accepted, pipeline.Accept(document));
//   ...
//   pipeline.Stop();  // in-flight calls are cancelled; jobs stay queued
#ifndef FAZHI_SERVICES_INGEST_INGEST_PIPELINE_H_
#define FAZHI_SERVICES_INGEST_INGEST_PIPELINE_H_

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/base/version_clock.h"
#include "common/gazetteer/gazetteer.h"
#include "common/rpc/auth.h"
#include "common/store/store.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/extract.grpc.pb.h"
#include "fazhi/v1/ingest.pb.h"
#include "grpcpp/security/credentials.h"

namespace fazhi::ingest {

struct PipelineOptions {
  // Any gRPC target; several extract replicas are used round_robin.
  std::string extract_target = "127.0.0.1:7102";
  std::string aggregate_target = "127.0.0.1:7103";
  // Presented to extract and aggregate (authorization: Bearer ...) when
  // they require tokens: one with the roles extract and peer.
  std::string peer_token = "";
  // When set, the token is read from this file instead, and again whenever
  // it changes (--peer_token_file).
  std::shared_ptr<rpc::TokenFile> peer_token_file = nullptr;
  // TLS to extract and aggregate (rpc::ChannelCredentialsFor); null:
  // plaintext.
  std::shared_ptr<grpc::ChannelCredentials> peer_credentials = nullptr;
  int extract_workers = 4;
  absl::Duration extract_timeout = absl::Seconds(30);
  absl::Duration deliver_timeout = absl::Seconds(10);
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  // Larger documents are refused with RESOURCE_EXHAUSTED.
  int64_t max_document_bytes = 20 << 20;
  // Extract calls of one document that may break off (extract crashed or
  // timed out) before the job is FAILED and set aside: a poison document
  // must not crash extract forever while other jobs wait.
  int max_broken_extracts = 3;
  // With it, a region hint that names no division is INVALID_ARGUMENT at
  // Submit (the client hears of it at once, not from a job that fails
  // later); without, hints are checked for their form only. Must outlive
  // the pipeline.
  const gazetteer::Gazetteer* gazetteer = nullptr;
};

struct Accepted {
  fazhi::v1::Job job;
  bool duplicate = false;
  // A duplicate with another region hint, queued to be placed again.
  bool re_resolving = false;
};

class IngestPipeline {
 public:
  // REQUIRES: `store` has IngestFamilies() and outlives the pipeline.
  IngestPipeline(store::Store* store, const PipelineOptions& options);
  ~IngestPipeline();

  // Starts the workers and queues every unfinished job found in the store.
  absl::Status Start();
  // Stops the workers; unfinished jobs stay in the store. Safe to call twice.
  void Stop();

  // Validates and stores `document` and its job with a synced write, then
  // queues it. The same bytes again answer with the existing job; with
  // another region hint (and the first pass ended) the job is queued again
  // under the new hint, so that the report is placed anew.
  // INVALID_ARGUMENT (empty, bad hint), RESOURCE_EXHAUSTED (too large).
  absl::StatusOr<Accepted> Accept(const fazhi::v1::Document& document,
                                  absl::string_view caller = "", absl::string_view request_id = "");
  // NOT_FOUND for an unknown job.
  absl::StatusOr<fazhi::v1::Job> GetJob(absl::string_view job_id) const;
  // Seconds the oldest report has waited in the outbox; 0 when it is empty.
  double OutboxOldestSeconds() const;
  // Whether the job is DONE or FAILED (not queued, not delivering).
  bool Settled(const std::string& job_id) const;
  absl::StatusOr<fazhi::v1::ListJobsResponse> ListJobs(
      const fazhi::v1::ListJobsRequest& request) const;
  // NOT_FOUND until the report exists.
  // With `include_text`, the normalised text its evidence points into.
  absl::StatusOr<fazhi::v1::ParsedReport> GetReport(absl::string_view report_id,
                                                    bool include_text = false) const;

  // Reads again every stored report that `request` selects and extract's
  // engine version (asked at the call) did not read: queues their jobs
  // again with one synced write per batch, then reports progress through
  // `progress` until none remains. Returns early, OK, when `progress`
  // returns false or `cancelled` true (the client left): the queued jobs
  // finish regardless, and a repeated call takes up what is left.
  // INVALID_ARGUMENT for a bad filter, UNAVAILABLE when extract cannot say
  // its version or the pipeline stops.
  absl::Status Reprocess(const fazhi::v1::ReprocessRequest& request,
                         const std::function<bool(const fazhi::v1::ReprocessProgress&)>& progress,
                         const std::function<bool()>& cancelled);

  // Jobs waiting for extraction, and extracted reports waiting in the
  // outbox for aggregate (for metrics and tests).
  int64_t QueueDepth() const;
  int64_t OutboxDepth() const;

 private:
  // The token presented to extract and aggregate (peer_token_file wins).
  std::string PeerToken() const;
  void ExtractLoop();
  void DeliverLoop();
  // One attempt; returns the delay before the job may be tried again, or
  // zero when the job left the queue.
  absl::Duration ExtractOne(const std::string& job_id);
  // One attempt; false on a transient failure (retry later).
  bool DeliverOne(const std::string& report_id);
  // The job and its stored document under `region_hint`, queued again.
  absl::StatusOr<fazhi::v1::Job> Requeue(fazhi::v1::Job job, const std::string& region_hint);
  absl::Status SaveJob(fazhi::v1::Job job, rocksdb::WriteBatch* batch);
  // "engine/<n> catalog/<version>" of the extract replica that answers.
  absl::StatusOr<std::string> ExtractVersion();
  // Queues the settled jobs among `ids` again (synced); those still under
  // way are left as they are. Returns how many were queued.
  absl::StatusOr<int64_t> QueueAgain(const std::vector<std::string>& ids);
  absl::Duration Backoff(int attempts) const;
  // Tracks an in-flight client call so that Stop() can cancel it.
  void Track(grpc::ClientContext* context, bool add);

  store::Store* store_;
  PipelineOptions options_;
  std::unique_ptr<fazhi::v1::ExtractionService::Stub> extract_;
  std::unique_ptr<fazhi::v1::AggregationService::Stub> aggregate_;

  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  bool started_ ABSL_GUARDED_BY(mutex_) = false;
  // Job ids ready for extraction, and those waiting for their retry time.
  std::deque<std::string> ready_ ABSL_GUARDED_BY(mutex_);
  std::multiset<std::pair<absl::Time, std::string>> delayed_ ABSL_GUARDED_BY(mutex_);
  bool outbox_dirty_ ABSL_GUARDED_BY(mutex_) = true;
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mutex_);
  // Extract calls under way, and whether one of them runs alone: a document
  // whose call once broke off is retried with no other call in flight, so
  // that a crash it causes is its own and breaks no other document's call.
  int extracts_in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  bool extract_alone_ ABSL_GUARDED_BY(mutex_) = false;
  // Signalled when work arrives or the pipeline stops.
  absl::CondVar work_cv_;
  // Serialises Accept's check-then-write.
  absl::Mutex accept_mutex_;
  // Hands out Job.version_order; its last value is stored with each job.
  VersionClock version_clock_;
  std::vector<std::thread> threads_;
};

}  // namespace fazhi::ingest

#endif  // FAZHI_SERVICES_INGEST_INGEST_PIPELINE_H_
