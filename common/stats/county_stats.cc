#include "common/stats/county_stats.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace fazhi::stats {
namespace {

struct Value {
  double value;
  fazhi::v1::Qualifier qualifier;
  std::string township;
  std::string unit;
};

const fazhi::v1::Indicator* FindIndicator(const fazhi::v1::ParsedReport& report,
                                          const std::string& id) {
  for (const auto& indicator : report.indicators()) {
    if (indicator.id() == id) return &indicator;
  }
  return nullptr;
}

fazhi::v1::IndicatorStats Summarise(const std::string& id, const std::vector<Value>& values) {
  fazhi::v1::IndicatorStats s;
  s.set_id(id);
  s.set_townships_reporting(static_cast<int>(values.size()));
  std::vector<double> numbers;
  std::map<std::string, int> unit_votes;
  const Value* min = &values.front();
  const Value* max = &values.front();
  double sum = 0;
  for (const Value& v : values) {
    sum += v.value;
    numbers.push_back(v.value);
    ++unit_votes[v.unit];
    if (v.qualifier == fazhi::v1::QUALIFIER_AT_LEAST) s.set_sum_is_lower_bound(true);
    if (v.qualifier == fazhi::v1::QUALIFIER_APPROX || v.qualifier == fazhi::v1::QUALIFIER_RANGE) {
      s.set_sum_is_approximate(true);
    }
    if (v.value < min->value) min = &v;
    if (v.value > max->value) max = &v;
  }
  s.set_sum(sum);
  s.set_mean(sum / values.size());
  s.set_median(Median(numbers));
  s.set_min(min->value);
  s.set_max(max->value);
  s.set_min_township(min->township);
  s.set_max_township(max->township);
  auto unit = std::max_element(unit_votes.begin(), unit_votes.end(),
                               [](auto& a, auto& b) { return a.second < b.second; });
  s.set_unit(unit->first);
  return s;
}

}  // namespace

const std::vector<RateDefinition>& Rates() {
  static const auto* kRates = new std::vector<RateDefinition>{
      {"mediation_success_rate", "disputes_resolved", "disputes_mediated"},
      {"petition_closure_rate", "petitions_closed", "petitions"},
  };
  return *kRates;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

bool PublishedLate(const fazhi::v1::ParsedReport& report) {
  std::vector<std::string> parts = absl::StrSplit(report.published(), '-');
  int year = 0, month = 0, day = 1;
  if (parts.size() < 2 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || report.year() == 0) {
    return false;
  }
  if (parts.size() >= 3 && !absl::SimpleAtoi(parts[2], &day)) return false;
  int deadline_year = report.year() + 1;
  if (year != deadline_year) return year > deadline_year;
  // The deadline is 1 April: a bare "YYYY-04" is not known to be late.
  return month > 4 || (month == 4 && parts.size() >= 3 && day > 1);
}

fazhi::v1::CountyStats ComputeCountyStats(const std::string& county_code, int year,
                                          const std::vector<fazhi::v1::ParsedReport>& reports,
                                          const CountyRoster* roster) {
  fazhi::v1::CountyStats stats;
  stats.set_county_code(county_code);
  stats.set_year(year);
  stats.set_reports_received(static_cast<int>(reports.size()));
  if (roster != nullptr) {
    stats.set_county_name(roster->county_name);
    stats.set_townships_total(static_cast<int>(roster->townships.size()));
    std::set<std::string> reported;
    for (const auto& report : reports) reported.insert(report.region().township_code());
    for (const auto& [code, name] : roster->townships) {
      if (!reported.count(code)) stats.add_townships_missing(name);
    }
  }
  std::map<std::string, std::vector<Value>> by_indicator;
  for (const fazhi::v1::ParsedReport& report : reports) {
    if (stats.county_name().empty()) stats.set_county_name(report.region().county_name());
    // Filed under the county (by a county hint) without a township of it.
    if (report.region().township_code().empty() &&
        report.entity().level() != fazhi::v1::ENTITY_LEVEL_COUNTY &&
        report.entity().level() != fazhi::v1::ENTITY_LEVEL_DEPARTMENT) {
      stats.set_unresolved_reports(stats.unresolved_reports() + 1);
    }
    auto* compliance = stats.add_reports();
    compliance->set_report_id(report.report_id());
    compliance->set_entity_name(report.entity().name());
    compliance->set_township_code(report.region().township_code());
    compliance->set_source(report.source());
    compliance->set_published(report.published());
    compliance->set_published_late(PublishedLate(report));
    for (int missing : report.missing_sections()) {
      compliance->add_missing_sections(static_cast<fazhi::v1::SectionId>(missing));
    }
    for (const auto& indicator : report.indicators()) {
      by_indicator[indicator.id()].push_back(
          {indicator.value(), indicator.qualifier(), report.entity().name(), indicator.unit()});
    }
  }
  for (const auto& [id, values] : by_indicator) {
    *stats.add_indicators() = Summarise(id, values);
  }
  for (const RateDefinition& rate : Rates()) {
    fazhi::v1::RateStats r;
    r.set_id(rate.id);
    r.set_numerator_id(rate.numerator_id);
    r.set_denominator_id(rate.denominator_id);
    double numerator = 0, denominator = 0, stated_sum = 0;
    int with_counts = 0, stating = 0;
    for (const fazhi::v1::ParsedReport& report : reports) {
      const auto* num = FindIndicator(report, rate.numerator_id);
      const auto* den = FindIndicator(report, rate.denominator_id);
      if (num != nullptr && den != nullptr) {
        numerator += num->value();
        denominator += den->value();
        ++with_counts;
      }
      if (const auto* stated = FindIndicator(report, rate.id)) {
        stated_sum += stated->value();
        ++stating;
      }
    }
    if (with_counts > 0 && denominator > 0) r.set_recomputed(100.0 * numerator / denominator);
    if (stating > 0) r.set_stated_mean(stated_sum / stating);
    r.set_townships_with_counts(with_counts);
    r.set_townships_stating_rate(stating);
    if (with_counts > 0 || stating > 0) *stats.add_rates() = r;
  }
  return stats;
}

}  // namespace fazhi::stats
