#include "common/stats/county_stats.h"

#include "gtest/gtest.h"

namespace fazhi::stats {
namespace {

fazhi::v1::ParsedReport Report(
    const std::string& name,
    std::vector<std::tuple<std::string, double, fazhi::v1::Qualifier>> indicators) {
  fazhi::v1::ParsedReport r;
  r.set_report_id(name);
  r.mutable_entity()->set_name(name);
  r.set_year(2024);
  r.mutable_region()->set_county_code("330102");
  r.mutable_region()->set_method("region_hint");
  for (const auto& [id, value, qualifier] : indicators) {
    auto* i = r.add_indicators();
    i->set_id(id);
    i->set_value(value);
    i->set_qualifier(qualifier);
    i->set_unit("件");
  }
  return r;
}

const fazhi::v1::IndicatorStats* Find(const fazhi::v1::CountyStats& s, const std::string& id) {
  for (const auto& i : s.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

constexpr auto kExact = fazhi::v1::QUALIFIER_EXACT;

TEST(MedianTest, OddAndEven) {
  EXPECT_DOUBLE_EQ(Median({5}), 5);
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
}

TEST(CountyStatsTest, FiguresPerIndicator) {
  std::vector<fazhi::v1::ParsedReport> reports = {
      Report("甲街道", {{"petitions", 10, kExact}, {"disputes_mediated", 40, kExact}}),
      Report("乙街道", {{"petitions", 30, fazhi::v1::QUALIFIER_AT_LEAST}}),
      Report("丙街道", {{"petitions", 0, kExact}}),
      Report("丁街道", {}),
  };
  auto stats = ComputeCountyStats("330102", 2024, reports);
  EXPECT_EQ(stats.reports_received(), 4);
  const auto* p = Find(stats, "petitions");
  ASSERT_NE(p, nullptr);
  // 丁街道 does not mention petitions: not counted; 丙街道's stated 0 is.
  EXPECT_EQ(p->townships_reporting(), 3);
  EXPECT_DOUBLE_EQ(p->sum(), 40);
  EXPECT_DOUBLE_EQ(p->mean(), 40.0 / 3);
  EXPECT_DOUBLE_EQ(p->median(), 10);
  EXPECT_DOUBLE_EQ(p->min(), 0);
  EXPECT_EQ(p->min_township(), "丙街道");
  EXPECT_DOUBLE_EQ(p->max(), 30);
  EXPECT_EQ(p->max_township(), "乙街道");
  EXPECT_TRUE(p->sum_is_lower_bound());
  EXPECT_FALSE(p->sum_is_approximate());
  const auto* d = Find(stats, "disputes_mediated");
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->sum_is_lower_bound());
  EXPECT_EQ(Find(stats, "legal_aid_cases"), nullptr);
}

TEST(CountyStatsTest, ApproximateParts) {
  auto stats = ComputeCountyStats("330102", 2024,
                                  {Report("甲", {{"petitions", 10, fazhi::v1::QUALIFIER_APPROX}}),
                                   Report("乙", {{"petitions", 5, kExact}})});
  EXPECT_TRUE(Find(stats, "petitions")->sum_is_approximate());
}

TEST(CountyStatsTest, RatesRecomputedFromCountsNotAveraged) {
  auto stats = ComputeCountyStats("330102", 2024,
                                  {Report("甲", {{"disputes_mediated", 100, kExact},
                                                 {"disputes_resolved", 90, kExact},
                                                 {"mediation_success_rate", 90, kExact}}),
                                   Report("乙", {{"disputes_mediated", 10, kExact},
                                                 {"disputes_resolved", 10, kExact},
                                                 {"mediation_success_rate", 100, kExact}}),
                                   Report("丙", {{"mediation_success_rate", 80, kExact}})});
  const fazhi::v1::RateStats* rate = nullptr;
  for (const auto& r : stats.rates()) {
    if (r.id() == "mediation_success_rate") rate = &r;
  }
  ASSERT_NE(rate, nullptr);
  ASSERT_TRUE(rate->has_recomputed());
  EXPECT_NEAR(rate->recomputed(), 100.0 * 100 / 110, 1e-9);
  EXPECT_NEAR(rate->stated_mean(), 90, 1e-9);
  EXPECT_EQ(rate->townships_with_counts(), 2);
  EXPECT_EQ(rate->townships_stating_rate(), 3);
}

// A county's statistics list each report's contradicting figures, checked
// again from the stored figures.
TEST(CountyStatsTest, ContradictionsAreListedPerReport) {
  auto stats = ComputeCountyStats(
      "330102", 2024,
      {Report("甲", {{"petitions", 10, kExact}, {"petitions_closed", 12, kExact}}),
       Report("乙", {{"petitions", 10, kExact}, {"petitions_closed", 9, kExact}})});
  ASSERT_EQ(stats.contradictions_size(), 1);
  EXPECT_EQ(stats.contradictions(0).report_id(), "甲");
  EXPECT_EQ(stats.contradictions(0).township(), "甲");
  EXPECT_EQ(stats.contradictions(0).contradiction().kind(), "part_exceeds_whole");
  EXPECT_EQ(stats.contradictions(0).contradiction().figures_size(), 2);
}

// Stated rates as an indicator: median, extremes, never a sum.
TEST(CountyStatsTest, ARateIsNeverSummed) {
  std::vector<fazhi::v1::ParsedReport> reports;
  for (auto [name, rate] : {std::pair{"甲", 90.0}, std::pair{"乙", 100.0}, std::pair{"丙", 80.0}}) {
    auto r = Report(name, {{"mediation_success_rate", rate, fazhi::v1::QUALIFIER_AT_LEAST}});
    r.mutable_indicators(0)->set_unit("%");
    reports.push_back(r);
  }
  auto stats = ComputeCountyStats("330102", 2024, reports);
  const auto* rate = Find(stats, "mediation_success_rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_TRUE(rate->is_rate());
  EXPECT_EQ(rate->sum(), 0) << "no sum of 270 %";
  EXPECT_FALSE(rate->sum_is_lower_bound());
  EXPECT_DOUBLE_EQ(rate->median(), 90);
  EXPECT_DOUBLE_EQ(rate->max(), 100);
  EXPECT_EQ(rate->values_size(), 3);
}

// A rate's year-on-year change: recomputed from each year's counts, in
// percentage points; from the stated rates when counts are missing.
TEST(CompareYearsTest, ARateChangesInPercentagePoints) {
  auto counted = [](int year, double mediated, double resolved, double stated) {
    auto r = Report("甲", {{"disputes_mediated", mediated, kExact},
                           {"disputes_resolved", resolved, kExact},
                           {"mediation_success_rate", stated, kExact}});
    r.set_year(year);
    r.mutable_indicators(2)->set_unit("%");
    return r;
  };
  auto cmp = CompareYears("330102", 2023, {counted(2023, 100, 80, 80)}, 2024,
                          {counted(2024, 100, 95, 95)});
  const fazhi::v1::IndicatorChange* rate = nullptr;
  const fazhi::v1::IndicatorChange* mediated = nullptr;
  for (const auto& c : cmp.indicators()) {
    if (c.id() == "mediation_success_rate") rate = &c;
    if (c.id() == "disputes_mediated") mediated = &c;
  }
  ASSERT_NE(rate, nullptr);
  ASSERT_NE(mediated, nullptr);
  EXPECT_FALSE(mediated->is_rate());
  EXPECT_TRUE(rate->is_rate());
  EXPECT_EQ(rate->rate_basis(), "counts");
  EXPECT_DOUBLE_EQ(rate->rate_a(), 80);
  EXPECT_DOUBLE_EQ(rate->rate_b(), 95);
  EXPECT_DOUBLE_EQ(rate->change_points(), 15);
  EXPECT_EQ(rate->sum_a(), 0);
  EXPECT_FALSE(rate->has_change_percent()) << "not +18.75 % of a sum of rates";

  auto stated_only = [](int year, double stated) {
    auto r = Report("乙", {{"mediation_success_rate", stated, kExact}});
    r.set_year(year);
    r.mutable_indicators(0)->set_unit("%");
    return r;
  };
  auto from_stated =
      CompareYears("330102", 2023, {stated_only(2023, 97.5)}, 2024, {stated_only(2024, 96)});
  ASSERT_EQ(from_stated.indicators_size(), 1);
  EXPECT_EQ(from_stated.indicators(0).rate_basis(), "stated_mean");
  EXPECT_DOUBLE_EQ(from_stated.indicators(0).change_points(), -1.5);
}

TEST(CountyStatsTest, MissingSectionsAndLateness) {
  auto r = Report("甲", {});
  r.add_missing_sections(fazhi::v1::SECTION_ID_LEADERSHIP);
  // Stored before the engine stopped listing it: still not a gap.
  r.add_missing_sections(fazhi::v1::SECTION_ID_OTHER);
  r.set_published("2025-04-15");
  auto on_time = Report("乙", {});
  on_time.set_published("2025-03-01");
  auto undated = Report("丙", {});
  auto stats = ComputeCountyStats("330102", 2024, {r, on_time, undated});
  ASSERT_EQ(stats.reports_size(), 3);
  ASSERT_EQ(stats.reports(0).missing_sections_size(), 1);
  EXPECT_EQ(stats.reports(0).missing_sections(0), fazhi::v1::SECTION_ID_LEADERSHIP);
  EXPECT_TRUE(stats.reports(0).published_late());
  EXPECT_EQ(stats.reports(0).publication(), fazhi::v1::PUBLICATION_LATE);
  EXPECT_EQ(stats.reports(1).publication(), fazhi::v1::PUBLICATION_ON_TIME);
  // No date is not "on time".
  EXPECT_EQ(stats.reports(2).publication(), fazhi::v1::PUBLICATION_UNKNOWN);
  EXPECT_FALSE(stats.reports(2).published_late());
  EXPECT_EQ(stats.reports_on_time(), 1);
  EXPECT_EQ(stats.reports_late(), 1);
  EXPECT_EQ(stats.reports_date_unknown(), 1);
}

TEST(PublishedLateTest, DeadlineIsFirstOfApril) {
  constexpr auto kOnTime = fazhi::v1::PUBLICATION_ON_TIME;
  constexpr auto kLate = fazhi::v1::PUBLICATION_LATE;
  constexpr auto kUnknown = fazhi::v1::PUBLICATION_UNKNOWN;
  struct Case {
    const char* published;
    fazhi::v1::Publication publication;
  } cases[] = {{"2025-01-06", kOnTime}, {"2025-04-01", kOnTime}, {"2025-04-02", kLate},
               {"2025-04", kUnknown},   {"2025-03", kOnTime},    {"2025-05", kLate},
               {"2026-01-01", kLate},   {"2024-12-30", kOnTime}, {"", kUnknown},
               {"garbage", kUnknown}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.published);
    fazhi::v1::ParsedReport r;
    r.set_year(2024);
    r.set_published(c.published);
    EXPECT_EQ(PublicationOf(r), c.publication);
    EXPECT_EQ(PublishedLate(r), c.publication == kLate);
  }
}

}  // namespace
}  // namespace fazhi::stats

namespace fazhi::stats {
namespace {

fazhi::v1::ParsedReport Town(const std::string& name, const std::string& code,
                             std::vector<std::pair<std::string, double>> values) {
  fazhi::v1::ParsedReport r;
  r.set_report_id("id-" + name);
  r.mutable_entity()->set_name(name);
  r.mutable_region()->set_township_code(code);
  for (const auto& [id, value] : values) {
    auto* i = r.add_indicators();
    i->set_id(id);
    i->set_value(value);
    i->set_unit("件");
    i->mutable_evidence()->set_quote(id + std::to_string(static_cast<int>(value)));
  }
  return r;
}

TEST(OutlierTest, FarValueIsListedWithEvidence) {
  std::vector<fazhi::v1::ParsedReport> reports;
  const double values[] = {40, 42, 45, 47, 50, 52, 900};
  for (size_t i = 0; i < 7; ++i) {
    reports.push_back(
        Town("镇" + std::to_string(i), std::to_string(i), {{"petitions", values[i]}}));
  }
  auto stats = ComputeCountyStats("330102", 2024, reports);
  ASSERT_EQ(stats.indicators_size(), 1);
  ASSERT_EQ(stats.indicators(0).outliers_size(), 1);
  const auto& o = stats.indicators(0).outliers(0);
  EXPECT_EQ(o.township(), "镇6");
  EXPECT_DOUBLE_EQ(o.value(), 900);
  EXPECT_GT(o.robust_z(), kOutlierThreshold);
  EXPECT_EQ(o.quote(), "petitions900");
}

TEST(OutlierTest, NoneAmongSimilarValuesOrTooFewTownships) {
  std::vector<fazhi::v1::ParsedReport> similar, few;
  for (int i = 0; i < 8; ++i) {
    similar.push_back(Town("镇" + std::to_string(i), std::to_string(i), {{"petitions", 40.0 + i}}));
  }
  for (int i = 0; i < 4; ++i) {
    few.push_back(
        Town("镇" + std::to_string(i), std::to_string(i), {{"petitions", i == 3 ? 1000.0 : 10.0}}));
  }
  EXPECT_EQ(ComputeCountyStats("330102", 2024, similar).indicators(0).outliers_size(), 0);
  EXPECT_EQ(ComputeCountyStats("330102", 2024, few).indicators(0).outliers_size(), 0);
}

TEST(OutlierTest, ZeroMadFallsBackToMeanDeviation) {
  std::vector<fazhi::v1::ParsedReport> reports;
  for (int i = 0; i < 6; ++i) {
    reports.push_back(
        Town("镇" + std::to_string(i), std::to_string(i), {{"petitions", i == 5 ? 60.0 : 10.0}}));
  }
  auto stats = ComputeCountyStats("330102", 2024, reports);
  ASSERT_EQ(stats.indicators(0).outliers_size(), 1);
  EXPECT_EQ(stats.indicators(0).outliers(0).township(), "镇5");
}

TEST(CompareYearsTest, ChangeStartedStoppedAndMatchedSums) {
  std::vector<fazhi::v1::ParsedReport> a = {Town("甲", "1", {{"petitions", 10}}),
                                            Town("乙", "2", {{"petitions", 20}}),
                                            Town("丙", "3", {})};
  std::vector<fazhi::v1::ParsedReport> b = {Town("甲", "1", {{"petitions", 15}}),
                                            Town("丙", "3", {{"petitions", 5}}),
                                            Town("丁", "4", {{"petitions", 100}})};
  auto cmp = CompareYears("330102", 2023, a, 2024, b);
  EXPECT_EQ(cmp.reports_a(), 3);
  EXPECT_EQ(cmp.reports_b(), 3);
  EXPECT_EQ(
      std::vector<std::string>(cmp.townships_started().begin(), cmp.townships_started().end()),
      std::vector<std::string>{"丁"});
  EXPECT_EQ(
      std::vector<std::string>(cmp.townships_stopped().begin(), cmp.townships_stopped().end()),
      std::vector<std::string>{"乙"});
  ASSERT_EQ(cmp.indicators_size(), 1);
  const auto& c = cmp.indicators(0);
  EXPECT_DOUBLE_EQ(c.sum_a(), 30);
  EXPECT_DOUBLE_EQ(c.sum_b(), 120);
  EXPECT_DOUBLE_EQ(c.change(), 90);
  EXPECT_DOUBLE_EQ(c.change_percent(), 300);
  // Only 甲 states it in both years.
  EXPECT_EQ(c.townships_both(), 1);
  EXPECT_DOUBLE_EQ(c.matched_sum_a(), 10);
  EXPECT_DOUBLE_EQ(c.matched_sum_b(), 15);
}

TEST(CountyStatsTest, CoverageFromRoster) {
  CountyRoster roster{"上城区", {{"1", "甲"}, {"2", "乙"}, {"3", "丙"}}};
  auto stats =
      ComputeCountyStats("330102", 2024, {Town("甲", "1", {}), Town("外来", "", {})}, &roster);
  EXPECT_EQ(stats.county_name(), "上城区");
  EXPECT_EQ(stats.townships_total(), 3);
  EXPECT_EQ(stats.reports_received(), 2);
  EXPECT_EQ(stats.unresolved_reports(), 1);
  EXPECT_EQ(
      std::vector<std::string>(stats.townships_missing().begin(), stats.townships_missing().end()),
      (std::vector<std::string>{"乙", "丙"}));
}

}  // namespace
}  // namespace fazhi::stats
