// gRPC handlers of fazhi.v1.AggregationService over the aggregate store
// (schema in aggregate_schema.h); statistics come from common/stats.
#ifndef FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVICE_H_
#define FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVICE_H_

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/base/version_clock.h"
#include "common/gazetteer/gazetteer.h"
#include "common/rpc/auth.h"
#include "common/store/store.h"
#include "fazhi/v1/aggregate.grpc.pb.h"

namespace fazhi::aggregate {

// Checks a county code: six digits under a real GB/T 2260 province, and,
// with a gazetteer, a county it knows.
absl::Status ValidateCountyCode(absl::string_view code,
                                const gazetteer::Gazetteer* gazetteer = nullptr);

class AggregateService final : public fazhi::v1::AggregationService::Service {
 public:
  // REQUIRES: `store` has the families of aggregate_schema.h; it and the
  // gazetteer (may be null: no coverage figures) outlive the service.
  AggregateService(store::Store* store, const gazetteer::Gazetteer* gazetteer,
                   rpc::Authenticator* auth)
      : store_(store), gazetteer_(gazetteer), auth_(auth) {}

  // Reads the last review sequence the store holds, so that corrections and
  // audit entries made after a restart sort after the stored ones and never
  // overwrite them, whatever the wall clock says. Call before serving.
  absl::Status RecoverClocks();

  grpc::Status PutReport(grpc::ServerContext* context, const fazhi::v1::PutReportRequest* request,
                         fazhi::v1::PutReportResponse* response) override;
  grpc::Status GetCountyStats(grpc::ServerContext* context,
                              const fazhi::v1::GetCountyStatsRequest* request,
                              fazhi::v1::CountyStats* response) override;
  grpc::Status ListReports(grpc::ServerContext* context,
                           const fazhi::v1::ListReportsRequest* request,
                           fazhi::v1::ListReportsResponse* response) override;

  grpc::Status CompareYears(grpc::ServerContext* context,
                            const fazhi::v1::CompareYearsRequest* request,
                            fazhi::v1::YearComparison* response) override;
  grpc::Status GetRollup(grpc::ServerContext* context, const fazhi::v1::GetRollupRequest* request,
                         fazhi::v1::Rollup* response) override;
  grpc::Status CorrectReport(grpc::ServerContext* context,
                             const fazhi::v1::CorrectReportRequest* request,
                             fazhi::v1::Correction* response) override;
  grpc::Status RevertCorrection(grpc::ServerContext* context,
                                const fazhi::v1::RevertCorrectionRequest* request,
                                fazhi::v1::Correction* response) override;
  grpc::Status ListAudit(grpc::ServerContext* context, const fazhi::v1::ListAuditRequest* request,
                         fazhi::v1::ListAuditResponse* response) override;
  grpc::Status GetReviewedReport(grpc::ServerContext* context,
                                 const fazhi::v1::GetReviewedReportRequest* request,
                                 fazhi::v1::ReviewedReport* response) override;

  // The same operations with absl::Status, for in-process callers.
  absl::StatusOr<fazhi::v1::PutReportResponse> Put(const fazhi::v1::ParsedReport& report);
  absl::StatusOr<fazhi::v1::CountyStats> CountyStats(absl::string_view county, int year);
  absl::StatusOr<fazhi::v1::ListReportsResponse> List(const fazhi::v1::ListReportsRequest& request);

  absl::StatusOr<fazhi::v1::YearComparison> Compare(absl::string_view county, int year_a,
                                                    int year_b);
  absl::StatusOr<fazhi::v1::Rollup> Rollup(absl::string_view code_prefix, int year);
  // Review (aggregate_review.cc). `caller` is the authenticated client's
  // name, recorded beside the reviewer's.
  absl::StatusOr<fazhi::v1::Correction> Correct(fazhi::v1::Correction correction,
                                                const std::string& caller);
  absl::StatusOr<fazhi::v1::Correction> Revert(const fazhi::v1::RevertCorrectionRequest& request,
                                               const std::string& caller);
  absl::StatusOr<fazhi::v1::ListAuditResponse> Audit(const fazhi::v1::ListAuditRequest& request);
  absl::StatusOr<fazhi::v1::ReviewedReport> Reviewed(const std::string& report_id);

 private:
  static constexpr int kTownshipLocks = 64;
  // Replaces a stored report by `input` (the same report id: placed anew
  // under another region hint, or read again by another engine version) in
  // one batch: the report, its index entries where it now belongs, and the
  // corrections that the new reading puts in doubt, flagged and audited.
  absl::StatusOr<fazhi::v1::PutReportResponse> Refile(const fazhi::v1::ParsedReport& stored,
                                                      const fazhi::v1::ParsedReport& input);
  // A report already held for the same county, year and township whose text
  // is near-identical (kCopySimilarity), if any.
  absl::StatusOr<std::optional<fazhi::v1::ParsedReport>> FindCopy(
      const std::string& county, const fazhi::v1::ParsedReport& report,
      const std::string& township_key) const;
  // The newest report of each township under an index prefix, by county.
  absl::StatusOr<std::map<std::string, std::vector<fazhi::v1::ParsedReport>>> LatestByCounty(
      absl::string_view index_prefix) const;
  // The stored extraction of a report (NOT_FOUND; FAILED_PRECONDITION for
  // a copy, which is corrected through its canonical report).
  absl::StatusOr<fazhi::v1::ParsedReport> LoadExtracted(const std::string& report_id) const;
  // A report's corrections, oldest first, reverted ones included.
  absl::StatusOr<std::vector<fazhi::v1::Correction>> CorrectionsOf(
      const std::string& report_id) const;
  // The report as statistics see it: its corrections applied, names of a
  // corrected placement from the gazetteer.
  absl::StatusOr<fazhi::v1::ParsedReport> AsSeen(const fazhi::v1::ParsedReport& extracted) const;
  fazhi::v1::ParsedReport Seen(const fazhi::v1::ParsedReport& extracted,
                               const std::vector<fazhi::v1::Correction>& corrections) const;
  // Writes a correction's new state with its audit entry, moving the
  // report's index entries when its placement changed, in one batch.
  absl::Status WriteReview(const fazhi::v1::Correction& correction,
                           const fazhi::v1::AuditEntry& entry,
                           const fazhi::v1::ParsedReport& before,
                           const fazhi::v1::ParsedReport& after);
  // Adds to `batch` a correction flagged by a new extraction (Refile) and
  // its audit entry: the field as the old and the new extraction read it.
  rocksdb::Status AddFlag(const fazhi::v1::Correction& flagged,
                          const fazhi::v1::ParsedReport& old_extraction,
                          const fazhi::v1::ParsedReport& new_extraction,
                          const fazhi::v1::ParsedReport& seen, rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(review_mutex_);
  // County statistics with the gazetteer's roster when there is one.
  fazhi::v1::CountyStats StatsOf(absl::string_view county, int year,
                                 const std::vector<fazhi::v1::ParsedReport>& reports) const;

  store::Store* store_;
  const gazetteer::Gazetteer* gazetteer_;
  rpc::Authenticator* auth_;
  // Version order of a report put without one (ParsedReport.version_order
  // 0: a caller other than ingest): its arrival time, on the same scale
  // as ingest's orders.
  VersionClock arrival_clock_;
  absl::Mutex township_locks_[kTownshipLocks];
  // Corrections and refiles take turns: each reads a report's corrections
  // and moves its index entries.
  absl::Mutex review_mutex_;
  VersionClock review_clock_;
};

}  // namespace fazhi::aggregate

#endif  // FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVICE_H_
