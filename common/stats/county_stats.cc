#include "common/stats/county_stats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/checks/cross_checks.h"

namespace fazhi::stats {
namespace {

// One township's statement of an indicator.
struct Value {
  double value;
  const fazhi::v1::ParsedReport* report;
  const fazhi::v1::Indicator* indicator;
};

const fazhi::v1::Indicator* FindIndicator(const fazhi::v1::ParsedReport& report,
                                          const std::string& id) {
  for (const auto& indicator : report.indicators()) {
    if (indicator.id() == id) return &indicator;
  }
  return nullptr;
}

// Values far from the median by the median absolute deviation (Iglewicz &
// Hoaglin's modified z-score). When more than half the values are equal
// the MAD is 0 and the mean absolute deviation stands in for it.
void AddOutliers(const std::vector<Value>& values, double median, fazhi::v1::IndicatorStats* s) {
  if (static_cast<int>(values.size()) < kMinValuesForOutliers) return;
  std::vector<double> deviations;
  double mean_deviation = 0;
  for (const Value& v : values) {
    deviations.push_back(std::fabs(v.value - median));
    mean_deviation += std::fabs(v.value - median);
  }
  mean_deviation /= values.size();
  double mad = Median(deviations);
  double scale = mad > 0 ? mad / 0.6745 : 1.253314 * mean_deviation;
  if (scale <= 0) return;
  for (const Value& v : values) {
    double z = (v.value - median) / scale;
    if (std::fabs(z) <= kOutlierThreshold) continue;
    auto* o = s->add_outliers();
    o->set_report_id(v.report->report_id());
    o->set_township(v.report->entity().name());
    o->set_value(v.value);
    o->set_robust_z(z);
    o->set_quote(v.indicator->evidence().quote());
    o->set_sentence(v.indicator->evidence().text());
  }
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
    ++unit_votes[v.indicator->unit()];
    fazhi::v1::Qualifier q = v.indicator->qualifier();
    if (q == fazhi::v1::QUALIFIER_AT_LEAST) s.set_sum_is_lower_bound(true);
    if (q == fazhi::v1::QUALIFIER_APPROX || q == fazhi::v1::QUALIFIER_RANGE) {
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
  s.set_min_township(min->report->entity().name());
  s.set_max_township(max->report->entity().name());
  auto unit = std::max_element(unit_votes.begin(), unit_votes.end(),
                               [](auto& a, auto& b) { return a.second < b.second; });
  s.set_unit(unit->first);
  if (s.unit() == "%") {
    // Rates are never added up.
    s.set_is_rate(true);
    s.set_sum(0);
    s.set_sum_is_lower_bound(false);
    s.set_sum_is_approximate(false);
  }
  AddOutliers(values, s.median(), &s);
  for (const Value& v : values) {
    fazhi::v1::TownshipValue* t = s.add_values();
    t->set_report_id(v.report->report_id());
    t->set_township(v.report->entity().name());
    t->set_township_code(v.report->region().township_code());
    t->set_value(v.value);
    t->set_qualifier(v.indicator->qualifier());
    t->set_unit(v.indicator->unit());
    t->set_corrected(v.indicator->corrected());
    if (v.indicator->corrected()) s.set_corrected_values(s.corrected_values() + 1);
  }
  return s;
}

std::vector<const fazhi::v1::ParsedReport*> Pointers(
    const std::vector<fazhi::v1::ParsedReport>& reports) {
  std::vector<const fazhi::v1::ParsedReport*> out;
  for (const auto& r : reports) out.push_back(&r);
  return out;
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

fazhi::v1::Publication PublicationOf(const fazhi::v1::ParsedReport& report) {
  std::vector<std::string> parts = absl::StrSplit(report.published(), '-');
  int year = 0, month = 0, day = 1;
  if (parts.size() < 2 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || report.year() == 0 ||
      (parts.size() >= 3 && !absl::SimpleAtoi(parts[2], &day))) {
    return fazhi::v1::PUBLICATION_UNKNOWN;
  }
  const int deadline_year = report.year() + 1;
  bool late;
  if (year != deadline_year) {
    late = year > deadline_year;
  } else if (month == 4 && parts.size() < 3) {
    return fazhi::v1::PUBLICATION_UNKNOWN;  // April, day not given: either side of 1 April
  } else {
    late = month > 4 || (month == 4 && day > 1);
  }
  return late ? fazhi::v1::PUBLICATION_LATE : fazhi::v1::PUBLICATION_ON_TIME;
}

bool PublishedLate(const fazhi::v1::ParsedReport& report) {
  return PublicationOf(report) == fazhi::v1::PUBLICATION_LATE;
}

std::string TownshipKey(const fazhi::v1::ParsedReport& report) {
  if (!report.region().township_code().empty()) return report.region().township_code();
  return report.entity().name();
}

std::vector<fazhi::v1::IndicatorStats> SummariseIndicators(
    const std::vector<const fazhi::v1::ParsedReport*>& reports) {
  std::map<std::string, std::vector<Value>> by_indicator;
  for (const fazhi::v1::ParsedReport* report : reports) {
    for (const auto& indicator : report->indicators()) {
      by_indicator[indicator.id()].push_back({indicator.value(), report, &indicator});
    }
  }
  std::vector<fazhi::v1::IndicatorStats> out;
  for (const auto& [id, values] : by_indicator) out.push_back(Summarise(id, values));
  return out;
}

std::vector<fazhi::v1::RateStats> ComputeRates(
    const std::vector<const fazhi::v1::ParsedReport*>& reports) {
  std::vector<fazhi::v1::RateStats> out;
  for (const RateDefinition& rate : Rates()) {
    fazhi::v1::RateStats r;
    r.set_id(rate.id);
    r.set_numerator_id(rate.numerator_id);
    r.set_denominator_id(rate.denominator_id);
    double numerator = 0, denominator = 0, stated_sum = 0;
    int with_counts = 0, stating = 0;
    for (const fazhi::v1::ParsedReport* report : reports) {
      const auto* num = FindIndicator(*report, rate.numerator_id);
      const auto* den = FindIndicator(*report, rate.denominator_id);
      if (num != nullptr && den != nullptr) {
        numerator += num->value();
        denominator += den->value();
        ++with_counts;
      }
      if (const auto* stated = FindIndicator(*report, rate.id)) {
        stated_sum += stated->value();
        ++stating;
      }
    }
    if (with_counts > 0 && denominator > 0) r.set_recomputed(100.0 * numerator / denominator);
    if (stating > 0) r.set_stated_mean(stated_sum / stating);
    r.set_townships_with_counts(with_counts);
    r.set_townships_stating_rate(stating);
    if (with_counts > 0 || stating > 0) out.push_back(r);
  }
  return out;
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
    compliance->set_corrections(report.corrections_size());
    const fazhi::v1::Publication publication = PublicationOf(report);
    compliance->set_publication(publication);
    compliance->set_published_late(publication == fazhi::v1::PUBLICATION_LATE);
    switch (publication) {
      case fazhi::v1::PUBLICATION_ON_TIME:
        stats.set_reports_on_time(stats.reports_on_time() + 1);
        break;
      case fazhi::v1::PUBLICATION_LATE:
        stats.set_reports_late(stats.reports_late() + 1);
        break;
      default:
        stats.set_reports_date_unknown(stats.reports_date_unknown() + 1);
    }
    for (int missing : report.missing_sections()) {
      // 其他需要报告的情况 is left out when there is nothing to report:
      // reports stored before the engine stopped listing it are read so.
      if (missing == fazhi::v1::SECTION_ID_OTHER) continue;
      compliance->add_missing_sections(static_cast<fazhi::v1::SectionId>(missing));
    }
    for (auto& c : checks::Contradictions(report)) {
      fazhi::v1::ReportContradiction* found = stats.add_contradictions();
      found->set_report_id(report.report_id());
      found->set_township(report.entity().name());
      *found->mutable_contradiction() = std::move(c);
    }
  }
  std::vector<const fazhi::v1::ParsedReport*> pointers = Pointers(reports);
  for (auto& s : SummariseIndicators(pointers)) *stats.add_indicators() = std::move(s);
  for (auto& r : ComputeRates(pointers)) *stats.add_rates() = std::move(r);
  return stats;
}

namespace {

using Side = std::map<std::string, const fazhi::v1::ParsedReport*>;

// 100 * Σ numerator / Σ denominator over the townships of `side` stating
// both counts of `rate`; none without a definition or counts.
std::optional<double> RateFromCounts(const std::string& rate, const Side& side) {
  for (const RateDefinition& d : Rates()) {
    if (d.id != rate) continue;
    double numerator = 0, denominator = 0;
    for (const auto& [key, report] : side) {
      const auto* num = FindIndicator(*report, d.numerator_id);
      const auto* den = FindIndicator(*report, d.denominator_id);
      if (num == nullptr || den == nullptr) continue;
      numerator += num->value();
      denominator += den->value();
    }
    if (denominator > 0) return 100.0 * numerator / denominator;
  }
  return std::nullopt;
}

std::optional<double> MeanStated(const std::string& rate, const Side& side) {
  double sum = 0;
  int n = 0;
  for (const auto& [key, report] : side) {
    if (const auto* stated = FindIndicator(*report, rate)) {
      sum += stated->value();
      ++n;
    }
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

// A rate's change: both years on the same basis, counts where both allow.
void SetRateChange(const std::string& id, const Side& a, const Side& b,
                   fazhi::v1::IndicatorChange* c) {
  c->set_is_rate(true);
  c->set_sum_a(0);
  c->set_sum_b(0);
  c->set_change(0);
  c->clear_change_percent();
  c->set_matched_sum_a(0);
  c->set_matched_sum_b(0);
  std::optional<double> rate_a = RateFromCounts(id, a), rate_b = RateFromCounts(id, b);
  c->set_rate_basis("counts");
  if (!rate_a.has_value() || !rate_b.has_value()) {
    rate_a = MeanStated(id, a);
    rate_b = MeanStated(id, b);
    c->set_rate_basis("stated_mean");
  }
  if (rate_a.has_value()) c->set_rate_a(*rate_a);
  if (rate_b.has_value()) c->set_rate_b(*rate_b);
  if (rate_a.has_value() && rate_b.has_value()) c->set_change_points(*rate_b - *rate_a);
}

}  // namespace

fazhi::v1::YearComparison CompareYears(const std::string& county_code, int year_a,
                                       const std::vector<fazhi::v1::ParsedReport>& reports_a,
                                       int year_b,
                                       const std::vector<fazhi::v1::ParsedReport>& reports_b) {
  fazhi::v1::YearComparison out;
  out.set_county_code(county_code);
  out.set_year_a(year_a);
  out.set_year_b(year_b);
  out.set_reports_a(static_cast<int>(reports_a.size()));
  out.set_reports_b(static_cast<int>(reports_b.size()));
  Side a, b;
  for (const auto& r : reports_a) a[TownshipKey(r)] = &r;
  for (const auto& r : reports_b) b[TownshipKey(r)] = &r;
  for (const auto* r : {reports_a.empty() ? nullptr : &reports_a.front(),
                        reports_b.empty() ? nullptr : &reports_b.front()}) {
    if (r != nullptr && out.county_name().empty()) out.set_county_name(r->region().county_name());
  }
  for (const auto& [key, report] : b) {
    if (!a.count(key)) out.add_townships_started(report->entity().name());
  }
  for (const auto& [key, report] : a) {
    if (!b.count(key)) out.add_townships_stopped(report->entity().name());
  }
  std::set<std::string> ids, rates;
  for (const auto* side : {&reports_a, &reports_b}) {
    for (const auto& r : *side) {
      for (const auto& i : r.indicators()) {
        ids.insert(i.id());
        if (i.unit() == "%") rates.insert(i.id());
      }
    }
  }
  // Rates recomputed from counts, stated or not.
  for (const RateDefinition& d : Rates()) {
    if (RateFromCounts(d.id, a).has_value() && RateFromCounts(d.id, b).has_value()) {
      ids.insert(d.id);
      rates.insert(d.id);
    }
  }
  for (const std::string& id : ids) {
    fazhi::v1::IndicatorChange c;
    c.set_id(id);
    double sum_a = 0, sum_b = 0, matched_a = 0, matched_b = 0;
    int n_a = 0, n_b = 0, both = 0;
    for (const auto& [key, report] : a) {
      const auto* ia = FindIndicator(*report, id);
      if (ia == nullptr) continue;
      sum_a += ia->value();
      ++n_a;
      auto other = b.find(key);
      const auto* ib = other == b.end() ? nullptr : FindIndicator(*other->second, id);
      if (ib != nullptr) {
        matched_a += ia->value();
        matched_b += ib->value();
        ++both;
      }
    }
    for (const auto& [key, report] : b) {
      if (const auto* ib = FindIndicator(*report, id)) {
        sum_b += ib->value();
        ++n_b;
      }
    }
    c.set_sum_a(sum_a);
    c.set_sum_b(sum_b);
    c.set_change(sum_b - sum_a);
    if (sum_a != 0) c.set_change_percent(100.0 * (sum_b - sum_a) / sum_a);
    c.set_townships_a(n_a);
    c.set_townships_b(n_b);
    c.set_matched_sum_a(matched_a);
    c.set_matched_sum_b(matched_b);
    c.set_townships_both(both);
    if (rates.count(id)) SetRateChange(id, a, b, &c);
    *out.add_indicators() = std::move(c);
  }
  return out;
}

}  // namespace fazhi::stats
