// Accuracy of the engine against the gold labels of the seed reports
// (../shared/corpus/seeds.gold.json). Prints the figures; fails when they
// fall below the floors below, which only ever go up.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "common/engine/engine.h"
#include "common/gazetteer/gazetteer.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace fazhi::testing {
namespace {

// Floors for the seed corpus (raise them as the engine improves).
constexpr double kMinIndicatorRecall = 1.0;
constexpr double kMinIndicatorPrecision = 1.0;

std::string LevelName(fazhi::v1::EntityLevel level) {
  std::string name = fazhi::v1::EntityLevel_Name(level);
  return absl::AsciiStrToLower(name.substr(std::string("ENTITY_LEVEL_").size()));
}

std::string SectionName(int id) {
  std::string name = fazhi::v1::SectionId_Name(id);
  return absl::AsciiStrToLower(name.substr(std::string("SECTION_ID_").size()));
}

TEST(SeedsAccuracyTest, MetadataSectionsAndIndicators) {
  std::vector<GoldReport> gold = LoadGold();
  ASSERT_EQ(gold.size(), 5u);
  auto gazetteer = gazetteer::LoadConfigured("");
  ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
  ASSERT_NE(*gazetteer, nullptr) << "no gazetteer index beside the test binary";
  auto extractor = engine::Extractor::Create(gazetteer->get());
  ASSERT_TRUE(extractor.ok()) << extractor.status();

  int entity_ok = 0, level_ok = 0, year_ok = 0, published_ok = 0, sections_ok = 0;
  int region_ok = 0;
  int gold_indicators = 0, found_indicators = 0, matched = 0;
  for (const GoldReport& g : gold) {
    SCOPED_TRACE(g.file());
    fazhi::v1::Document document;
    document.set_source(g.file());
    document.set_content(ReadFileOrDie(CorpusDir() + "/seeds/" + g.file()));
    auto report = (*extractor)->Extract(document, {});
    ASSERT_TRUE(report.ok()) << report.status();
    entity_ok += report->entity().name() == g.entity().name();
    level_ok += LevelName(report->entity().level()) == g.entity().level();
    year_ok += report->year() == g.year();
    published_ok += report->published() == g.published();
    std::set<std::string> want_sections, got_sections;
    for (const auto& s : g.sections()) want_sections.insert(s.id());
    for (const auto& s : report->sections()) got_sections.insert(SectionName(s.id()));
    sections_ok += want_sections == got_sections;
    // Regions without any hint: the gazetteer and the text decide.
    bool region_right = report->region().county_code() == g.region().county_code() &&
                        report->region().township_code() == g.region().township_code();
    region_ok += region_right;
    if (!region_right) {
      std::printf("  region %s: gold %s/%s, got %s/%s (%d candidates)\n", g.file().c_str(),
                  g.region().county_code().c_str(), g.region().township_code().c_str(),
                  report->region().county_code().c_str(),
                  report->region().township_code().c_str(), report->region().candidates_size());
    }

    std::map<std::string, const fazhi::v1::Indicator*> got;
    for (const auto& i : report->indicators()) got[i.id()] = &i;
    std::set<std::string> gold_ids;
    for (const auto& gi : g.indicators()) {
      gold_ids.insert(gi.id());
      ++gold_indicators;
      auto it = got.find(gi.id());
      std::vector<double> accepted(gi.alt_values().begin(), gi.alt_values().end());
      accepted.push_back(gi.value());
      if (it != got.end() &&
          std::find(accepted.begin(), accepted.end(), it->second->value()) != accepted.end()) {
        ++matched;
      } else {
        std::printf("  miss %s %s: gold %g (%s), got %s\n", g.file().c_str(), gi.id().c_str(),
                    gi.value(), gi.quote().c_str(),
                    it == got.end() ? "nothing"
                                    : (std::to_string(it->second->value()) + " from '" +
                                       it->second->evidence().quote() + "'")
                                          .c_str());
      }
    }
    for (const auto& [id, indicator] : got) {
      ++found_indicators;
      if (!gold_ids.count(id)) {
        std::printf("  extra %s %s = %g from '%s'\n", g.file().c_str(), id.c_str(),
                    indicator->value(), indicator->evidence().quote().c_str());
      }
    }
  }
  // Found indicators whose id gold also lists count towards precision
  // only when their value matched.
  double recall = gold_indicators ? static_cast<double>(matched) / gold_indicators : 0;
  double precision = found_indicators ? static_cast<double>(matched) / found_indicators : 0;
  std::printf(
      "seed accuracy: entity %d/5, level %d/5, year %d/5, published %d/5, sections %d/5, "
      "region %d/5, indicators recall %d/%d = %.2f, precision %d/%d = %.2f\n",
      entity_ok, level_ok, year_ok, published_ok, sections_ok, region_ok, matched, gold_indicators, recall,
      matched, found_indicators, precision);
  EXPECT_EQ(entity_ok, 5);
  EXPECT_EQ(level_ok, 5);
  EXPECT_EQ(year_ok, 5);
  EXPECT_EQ(published_ok, 5);
  EXPECT_EQ(sections_ok, 5);
  EXPECT_EQ(region_ok, 5);
  EXPECT_GE(recall, kMinIndicatorRecall);
  EXPECT_GE(precision, kMinIndicatorPrecision);
}

}  // namespace
}  // namespace fazhi::testing
