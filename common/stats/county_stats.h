// County statistics from a county's parsed reports for one year: coverage,
// missing sections, per-indicator figures and rates recomputed from counts.
// Pure computation: the aggregator feeds it what it read from RocksDB.
//
//   fazhi::v1::CountyStats stats = ComputeCountyStats("330102", 2024, reports);
#ifndef FAZHI_COMMON_STATS_COUNTY_STATS_H_
#define FAZHI_COMMON_STATS_COUNTY_STATS_H_

#include <string>
#include <vector>

#include "fazhi/v1/aggregate.pb.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::stats {

// A rate the aggregator recomputes: 100 * Σ numerator / Σ denominator over
// townships stating both counts, shown beside the mean of stated rates.
struct RateDefinition {
  std::string id;
  std::string numerator_id;
  std::string denominator_id;
};
const std::vector<RateDefinition>& Rates();

// The county as the gazetteer knows it, for coverage.
struct CountyRoster {
  std::string county_name;
  // Township code and name of every township of the county.
  std::vector<std::pair<std::string, std::string>> townships;
};

// `reports` holds at most one report per township (the caller keeps the
// newest). A township that does not mention an indicator is not counted
// for it; a stated 0 is. Without a roster (no gazetteer) coverage figures
// stay 0 and empty.
fazhi::v1::CountyStats ComputeCountyStats(const std::string& county_code, int year,
                                          const std::vector<fazhi::v1::ParsedReport>& reports,
                                          const CountyRoster* roster = nullptr);

// Median of `values` (mean of the middle two for an even count).
// REQUIRES: !values.empty().
double Median(std::vector<double> values);

// True when the report was published after 1 April of the year after the
// one it reports on (督察工作规定 art. 24 deadline). False when unknown.
bool PublishedLate(const fazhi::v1::ParsedReport& report);

}  // namespace fazhi::stats

#endif  // FAZHI_COMMON_STATS_COUNTY_STATS_H_
