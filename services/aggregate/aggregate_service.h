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

  // The same operations with absl::Status, for in-process callers.
  absl::StatusOr<fazhi::v1::PutReportResponse> Put(const fazhi::v1::ParsedReport& report);
  absl::StatusOr<fazhi::v1::CountyStats> CountyStats(absl::string_view county, int year);
  absl::StatusOr<fazhi::v1::ListReportsResponse> List(const fazhi::v1::ListReportsRequest& request);

  absl::StatusOr<fazhi::v1::YearComparison> Compare(absl::string_view county, int year_a,
                                                    int year_b);
  absl::StatusOr<fazhi::v1::Rollup> Rollup(absl::string_view code_prefix, int year);

 private:
  static constexpr int kTownshipLocks = 64;
  // A report already held for the same county, year and township whose text
  // is near-identical (kCopySimilarity), if any.
  // Moves a stored report to where `input` (the same report id) places it,
  // in one batch: the old index entries go, the new ones come.
  absl::StatusOr<fazhi::v1::PutReportResponse> Refile(const fazhi::v1::ParsedReport& stored,
                                                      const fazhi::v1::ParsedReport& input);
  absl::StatusOr<std::optional<fazhi::v1::ParsedReport>> FindCopy(
      const std::string& county, const fazhi::v1::ParsedReport& report,
      const std::string& township_key) const;
  // The newest report of each township under an index prefix, by county.
  absl::StatusOr<std::map<std::string, std::vector<fazhi::v1::ParsedReport>>> LatestByCounty(
      absl::string_view index_prefix) const;
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
};

}  // namespace fazhi::aggregate

#endif  // FAZHI_SERVICES_AGGREGATE_AGGREGATE_SERVICE_H_
