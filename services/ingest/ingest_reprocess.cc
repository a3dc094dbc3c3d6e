// IngestPipeline::Reprocess: stored documents read again when extract's
// engine or catalog changed. The work itself is the ordinary job machinery
// (queue, extract, outbox, deliver); this part selects the jobs, queues
// them durably and watches them finish.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/rpc/channel.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/ingest/ingest_schema.h"

namespace fazhi::ingest {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;
// Jobs queued per synced write.
constexpr size_t kQueueBatch = 256;
// How often the jobs under way are looked at, and the longest silence on
// the stream (a client sees the run is alive).
constexpr absl::Duration kPollInterval = absl::Milliseconds(200);
constexpr absl::Duration kKeepAlive = absl::Seconds(2);

absl::Status CheckRequest(const fazhi::v1::ReprocessRequest& r) {
  const bool filtered = !r.county_code().empty() || r.year() != 0;
  if (r.all() && filtered) {
    return absl::InvalidArgumentError("all = true takes no county_code or year");
  }
  if (!r.all() && !filtered) {
    return absl::InvalidArgumentError(
        "name a county_code, a year, or all = true (every stored report)");
  }
  if (!r.county_code().empty()) {
    bool digits = r.county_code().size() == 6;
    for (char c : r.county_code()) digits = digits && absl::ascii_isdigit(c);
    if (!digits) {
      return absl::InvalidArgumentError(
          absl::StrCat("county_code '", r.county_code(), "' is not a 6-digit county code"));
    }
  }
  if (r.year() != 0 && (r.year() < kMinYear || r.year() > kMaxYear)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "year ", r.year(), " is not a plausible report year (", kMinYear, "-", kMaxYear, ")"));
  }
  return absl::OkStatus();
}

bool Selects(const fazhi::v1::ReprocessRequest& r, const fazhi::v1::ParsedReport& report) {
  if (!r.county_code().empty() && report.region().county_code() != r.county_code()) return false;
  return r.year() == 0 || report.year() == r.year();
}

}  // namespace

absl::StatusOr<std::string> IngestPipeline::ExtractVersion() {
  fazhi::v1::ListIndicatorsRequest request;
  fazhi::v1::ListIndicatorsResponse response;
  auto context = rpc::ContextWithTimeout(options_.extract_timeout);
  rpc::AttachToken(context.get(), PeerToken());
  Track(context.get(), true);
  grpc::Status status = extract_->ListIndicators(context.get(), request, &response);
  Track(context.get(), false);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("extract at ", options_.extract_target,
                                               " cannot say its engine version: status ",
                                               status.error_code(), ": ", status.error_message()));
  }
  if (response.engine_version().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("extract at ", options_.extract_target, " names no engine version"));
  }
  return response.engine_version();
}

absl::StatusOr<int64_t> IngestPipeline::QueueAgain(const std::vector<std::string>& ids) {
  int64_t queued = 0;
  std::vector<std::string> ready;
  {
    // Accept may queue the same job again (another region hint) meanwhile.
    absl::MutexLock lock(&accept_mutex_);
    rocksdb::WriteBatch batch;
    size_t in_batch = 0;
    auto flush = [&]() -> absl::Status {
      if (in_batch == 0) return absl::OkStatus();
      RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
      batch.Clear();
      in_batch = 0;
      return absl::OkStatus();
    };
    for (const std::string& id : ids) {
      ASSIGN_OR_RETURN(fazhi::v1::Job job, GetJob(id));
      // A job under way would race its own worker; it ends on its own and
      // a later call picks it up if it still needs reading again.
      if (job.state() != fazhi::v1::JOB_STATE_DONE && job.state() != fazhi::v1::JOB_STATE_FAILED) {
        continue;
      }
      job.set_state(fazhi::v1::JOB_STATE_QUEUED);
      job.clear_error();
      job.set_broken_attempts(0);
      job.set_updated_unix_ms(absl::ToUnixMillis(absl::Now()));
      rocksdb::Status s =
          batch.Put(store_->Family(kJobsFamily), JobKey(id), job.SerializeAsString());
      if (s.ok()) s = batch.Put(store_->Family(kQueueFamily), QueueKey(id), "");
      if (!s.ok()) return store::FromRocks(s, "batch");
      ready.push_back(id);
      ++queued;
      if (++in_batch == kQueueBatch) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(flush());
  }
  absl::MutexLock lock(&mutex_);
  ready_.insert(ready_.end(), ready.begin(), ready.end());
  work_cv_.SignalAll();
  return queued;
}

bool IngestPipeline::Settled(const std::string& job_id) const {
  absl::StatusOr<fazhi::v1::Job> job = GetJob(job_id);
  return job.ok() &&
         (job->state() == fazhi::v1::JOB_STATE_DONE || job->state() == fazhi::v1::JOB_STATE_FAILED);
}

absl::Status IngestPipeline::Reprocess(
    const fazhi::v1::ReprocessRequest& request,
    const std::function<bool(const fazhi::v1::ReprocessProgress&)>& progress,
    const std::function<bool()>& cancelled) {
  RETURN_IF_ERROR(CheckRequest(request));
  ASSIGN_OR_RETURN(std::string version, ExtractVersion());
  fazhi::v1::ReprocessProgress p;
  p.set_engine_version(version);
  std::vector<std::string> selected;
  int64_t unreadable = 0;
  RETURN_IF_ERROR(
      store_->Scan(kReportsFamily, "p/", "", [&](absl::string_view key, absl::string_view value) {
        fazhi::v1::ParsedReport report;
        if (!report.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          ++unreadable;
          return true;
        }
        if (!Selects(request, report)) return true;
        p.set_matched(p.matched() + 1);
        // Current only once aggregate holds it too: a report read by this
        // version whose job is still queued or delivering (a run that was
        // cut off) is followed to the end like the others.
        std::string id(IdOfKey(key));
        if (report.engine_version() == version && Settled(id)) {
          p.set_current(p.current() + 1);
        } else {
          selected.push_back(std::move(id));
        }
        return true;
      }));
  if (unreadable > 0) {
    FAZHI_LOG(kError) << "reprocess: " << unreadable << " stored reports are corrupt; skipped";
  }
  p.set_selected(static_cast<int64_t>(selected.size()));
  p.set_remaining(p.selected());
  if (request.dry_run()) {
    p.set_finished(true);
    progress(p);
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(int64_t queued, QueueAgain(selected));
  FAZHI_LOG(kInfo) << "reprocess with " << version << ": " << p.matched() << " matched, "
                   << p.current() << " current, " << queued << " queued again, "
                   << p.selected() - queued << " already under way";
  p.set_finished(selected.empty());
  if (!progress(p)) return absl::OkStatus();

  std::set<std::string> pending(selected.begin(), selected.end());
  absl::Time last_sent = absl::Now();
  while (!pending.empty()) {
    {
      absl::MutexLock lock(&mutex_);
      if (!stopping_) work_cv_.WaitWithTimeout(&mutex_, kPollInterval);
      if (stopping_) {
        return absl::UnavailableError(
            "ingest is stopping; the queued documents go on when it starts again (call "
            "Reprocess again to follow them)");
      }
    }
    if (cancelled()) return absl::OkStatus();
    bool changed = false;
    for (auto it = pending.begin(); it != pending.end();) {
      absl::StatusOr<fazhi::v1::Job> job = GetJob(*it);
      if (job.ok() && job->state() == fazhi::v1::JOB_STATE_DONE) {
        p.set_done(p.done() + 1);
      } else if (!job.ok() || job->state() == fazhi::v1::JOB_STATE_FAILED) {
        p.set_failed(p.failed() + 1);
      } else {
        ++it;
        continue;
      }
      it = pending.erase(it);
      changed = true;
    }
    p.set_remaining(static_cast<int64_t>(pending.size()));
    p.set_finished(pending.empty());
    if (changed || absl::Now() - last_sent >= kKeepAlive) {
      if (!progress(p)) return absl::OkStatus();
      last_sent = absl::Now();
    }
  }
  return absl::OkStatus();
}

}  // namespace fazhi::ingest
