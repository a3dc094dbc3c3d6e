// County statistics from parsed reports: coverage, missing sections,
// per-indicator figures with outliers, rates recomputed from counts,
// year-on-year comparison. Pure computation: the aggregator feeds it what
// it read from RocksDB.
//
//   fazhi::v1::CountyStats stats = ComputeCountyStats("330102", 2024, reports, &roster);
//   fazhi::v1::YearComparison change = CompareYears("330102", 2023, a, 2024, b);
#ifndef FAZHI_COMMON_STATS_COUNTY_STATS_H_
#define FAZHI_COMMON_STATS_COUNTY_STATS_H_

#include <string>
#include <utility>
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

// Robust z-score above which a value is listed as an outlier, and the
// fewest townships for which outliers are looked for at all.
inline constexpr double kOutlierThreshold = 3.5;
inline constexpr int kMinValuesForOutliers = 5;

// `reports` holds at most one report per township (the caller keeps the
// newest). A township that does not mention an indicator is not counted
// for it; a stated 0 is. Without a roster (no gazetteer) coverage figures
// stay 0 and empty.
fazhi::v1::CountyStats ComputeCountyStats(const std::string& county_code, int year,
                                          const std::vector<fazhi::v1::ParsedReport>& reports,
                                          const CountyRoster* roster = nullptr);

// Per-indicator figures over `reports` (one per township), in id order.
std::vector<fazhi::v1::IndicatorStats> SummariseIndicators(
    const std::vector<const fazhi::v1::ParsedReport*>& reports);
// Rates over `reports`; a rate nobody states or can compute is left out.
std::vector<fazhi::v1::RateStats> ComputeRates(
    const std::vector<const fazhi::v1::ParsedReport*>& reports);

// Change from year_a to year_b; townships are matched by township code, or
// by entity name while they have none.
fazhi::v1::YearComparison CompareYears(const std::string& county_code, int year_a,
                                       const std::vector<fazhi::v1::ParsedReport>& reports_a,
                                       int year_b,
                                       const std::vector<fazhi::v1::ParsedReport>& reports_b);

// Median of `values` (mean of the middle two for an even count).
// REQUIRES: !values.empty().
double Median(std::vector<double> values);

// Whether the report was published by 1 April of the year after the one it
// reports on (督察工作规定 art. 24 deadline): UNKNOWN without a date, or
// with only the month of the deadline.
fazhi::v1::Publication PublicationOf(const fazhi::v1::ParsedReport& report);
// PublicationOf(report) == PUBLICATION_LATE.
bool PublishedLate(const fazhi::v1::ParsedReport& report);

// How the statistics tell townships apart.
std::string TownshipKey(const fazhi::v1::ParsedReport& report);

}  // namespace fazhi::stats

#endif  // FAZHI_COMMON_STATS_COUNTY_STATS_H_
