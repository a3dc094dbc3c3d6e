// Region resolution over ambiguous township names taken from the real
// gazetteer: each case is a short report opening of our own wording that
// carries one kind of evidence (full path, city name, 区委/县委 wording,
// region hint), or none, in which case every candidate must come back and
// the region must stay unresolved.
#include "common/gazetteer/resolve.h"

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace fazhi::gazetteer {
namespace {

class ResolveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { gazetteer_ = &testing::TestGazetteer(); }

  static fazhi::v1::Entity Street(const std::string& name) {
    fazhi::v1::Entity e;
    e.set_name(name);
    e.set_level(absl::EndsWith(name, "镇")   ? fazhi::v1::ENTITY_LEVEL_TOWN
                : absl::EndsWith(name, "乡") ? fazhi::v1::ENTITY_LEVEL_TOWNSHIP
                                             : fazhi::v1::ENTITY_LEVEL_STREET);
    return e;
  }

  // Township names shared by exactly two counties, whose two counties,
  // cities and provinces all differ, spread over the whole alphabet.
  static std::vector<std::pair<const Division*, const Division*>> AmbiguousPairs(size_t want) {
    std::vector<std::pair<const Division*, const Division*>> pairs;
    std::set<std::string> seen;
    for (const auto& name : CandidateNames()) {
      if (pairs.size() >= want) break;
      auto towns = gazetteer_->TownshipsNamed(name);
      if (towns.size() != 2 || !seen.insert(name).second) continue;
      const Division* ca = gazetteer_->CountyOf(*towns[0]);
      const Division* cb = gazetteer_->CountyOf(*towns[1]);
      if (ca == cb || gazetteer_->CityOf(*ca) == gazetteer_->CityOf(*cb)) continue;
      if (gazetteer_->ProvinceOf(*ca) == gazetteer_->ProvinceOf(*cb)) continue;
      pairs.push_back({towns[0], towns[1]});
    }
    return pairs;
  }

  // Names of townships whose codes end in 001..009 in every county: a
  // deterministic sample across the country.
  static std::vector<std::string> CandidateNames() {
    std::vector<std::string> names;
    for (int p = 11; p <= 65; ++p) {
      for (int c = 1; c <= 30; ++c) {
        for (int a = 1; a <= 30; ++a) {
          std::string county = absl::StrCat(p, c < 10 ? "0" : "", c, a < 10 ? "0" : "", a);
          for (const Division* t : gazetteer_->TownshipsOf(county)) {
            if (gazetteer_->TownshipsNamed(t->name).size() == 2) names.emplace_back(t->name);
          }
        }
      }
    }
    return names;
  }

  // True when none of the other candidate's place names occur in `text`.
  static bool Clean(const std::string& text, const Division* other) {
    const Division* county = gazetteer_->CountyOf(*other);
    for (const Division* d :
         {county, gazetteer_->CityOf(*county), gazetteer_->ProvinceOf(*county)}) {
      if (d == nullptr || d->name == "市辖区") continue;
      absl::string_view stem = d->name.substr(0, d->name.size() - 3);
      if (absl::StrContains(text, d->name) || (stem.size() >= 6 && absl::StrContains(text, stem))) {
        return false;
      }
    }
    return true;
  }

  static const Gazetteer* gazetteer_;
};

const Gazetteer* ResolveTest::gazetteer_ = nullptr;

TEST_F(ResolveTest, FortyAmbiguousNamesWithEachKindOfEvidence) {
  auto pairs = AmbiguousPairs(48);
  ASSERT_GE(pairs.size(), 40u);
  int cases = 0, resolved_right = 0;
  for (const auto& [a, b] : pairs) {
    const Division* county = gazetteer_->CountyOf(*a);
    const Division* city = gazetteer_->CityOf(*county);
    const std::string name(a->name);
    SCOPED_TRACE(absl::StrCat(name, ": ", county->name, " vs ", gazetteer_->CountyOf(*b)->name));
    struct Case {
      std::string kind, text, hint;
    };
    std::vector<Case> cases_for_name = {
        {"full path",
         absl::StrCat(county->name, name,
                      "关于2024年度法治政府建设情况的报告\n2024年，我们坚持依法行政。"),
         ""},
        {"hint", absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，我们坚持依法行政。"),
         std::string(county->code)},
        // Every standard form of a wider hint: the pair's provinces differ.
        {"province hint as 6 digits",
         absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，我们坚持依法行政。"),
         absl::StrCat(county->code.substr(0, 2), "0000")},
        {"province hint as 2 digits",
         absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，我们坚持依法行政。"),
         std::string(county->code.substr(0, 2))},
        {"the county's code in the page's index number",
         absl::StrCat("索引号:", county->code, "/2025-00012\n", name,
                      "2024年法治政府建设情况报告\n2024年，我们坚持依法行政。"),
         ""},
        {"the province named in full",
         absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，我们按照《",
                      gazetteer_->ProvinceOf(*county)->name,
                      "法治政府建设实施方案》坚持依法行政。"),
         ""},
    };
    if (city != nullptr && city->name != "市辖区" && city->name != "县" &&
        !absl::StrContains(city->name, "直辖")) {
      cases_for_name.push_back(
          {"city hint as 6 digits",
           absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，我们坚持依法行政。"),
           absl::StrCat(city->code, "00")});
    }
    if (city != nullptr && city->name != "市辖区" && city->name != "县" &&
        city->name != "省直辖县级行政区划" && city->name != "自治区直辖县级行政区划") {
      cases_for_name.push_back({"city name",
                                absl::StrCat(name, "2024年法治政府建设情况报告\n2024年，在",
                                             city->name, "的统一部署下，我们坚持依法行政。"),
                                ""});
    }
    for (const Case& c : cases_for_name) {
      SCOPED_TRACE(c.kind);
      if (c.hint.empty() && !Clean(c.text, b)) continue;  // the other place is named too
      ++cases;
      fazhi::v1::Region r = ResolveRegion(*gazetteer_, Street(name), c.text, c.hint);
      EXPECT_EQ(r.county_code(), county->code) << c.text;
      EXPECT_EQ(r.township_code(), a->code);
      EXPECT_GT(r.confidence(), 0.5);
      resolved_right += r.county_code() == county->code;
    }
    // No evidence at all: both candidates, unresolved.
    std::string bare = "我街道2024年法治政府建设情况报告\n2024年，我们坚持依法行政。";
    fazhi::v1::Region none = ResolveRegion(*gazetteer_, Street(name), bare, "");
    EXPECT_EQ(none.county_code(), "");
    EXPECT_EQ(none.confidence(), 0);
    ASSERT_EQ(none.candidates_size(), 2);
    std::set<std::string> codes = {none.candidates(0).township_code(),
                                   none.candidates(1).township_code()};
    EXPECT_EQ(codes, (std::set<std::string>{std::string(a->code), std::string(b->code)}));
    ++cases;
  }
  std::printf("resolve: %d cases over %zu ambiguous names, %d resolved as expected\n", cases,
              pairs.size(), resolved_right);
  EXPECT_GE(cases, 300);
}

TEST_F(ResolveTest, DistrictOrCountyWordingDecides) {
  // Names shared by a 区 and a 县 of different provinces.
  int checked = 0;
  for (const std::string& name : CandidateNames()) {
    auto towns = gazetteer_->TownshipsNamed(name);
    if (towns.size() != 2) continue;
    const Division* ca = gazetteer_->CountyOf(*towns[0]);
    const Division* cb = gazetteer_->CountyOf(*towns[1]);
    const Division* district = absl::EndsWith(ca->name, "区") ? ca : cb;
    const Division* county = district == ca ? cb : ca;
    if (!absl::EndsWith(district->name, "区") || !absl::EndsWith(county->name, "县")) continue;
    SCOPED_TRACE(absl::StrCat(name, ": ", district->name, " vs ", county->name));
    std::string district_text =
        absl::StrCat(name, "2024年法治工作报告\n在区委、区政府的领导下，我们推进依法行政。");
    std::string county_text =
        absl::StrCat(name, "2024年法治工作报告\n在县委、县政府的领导下，我们推进依法行政。");
    EXPECT_EQ(ResolveRegion(*gazetteer_, Street(name), district_text, "").county_code(),
              district->code);
    EXPECT_EQ(ResolveRegion(*gazetteer_, Street(name), county_text, "").county_code(),
              county->code);
    if (++checked == 20) break;
  }
  EXPECT_EQ(checked, 20);
}

TEST_F(ResolveTest, CountyAndDepartmentReports) {
  fazhi::v1::Entity county;
  county.set_name("上城区");
  county.set_level(fazhi::v1::ENTITY_LEVEL_COUNTY);
  fazhi::v1::Region r =
      ResolveRegion(*gazetteer_, county, "上城区2024年度法治政府建设情况报告", "");
  EXPECT_EQ(r.county_code(), "330102");
  EXPECT_EQ(r.township_code(), "");

  fazhi::v1::Entity department;
  department.set_name("嘉善县司法局");
  department.set_level(fazhi::v1::ENTITY_LEVEL_DEPARTMENT);
  r = ResolveRegion(*gazetteer_, department, "嘉善县司法局2024年法治政府建设年度报告", "");
  EXPECT_EQ(r.county_code(), "330421");
  // Two characters: 随县.
  department.set_name("随县交通运输局");
  r = ResolveRegion(*gazetteer_, department, "随县交通运输局2022年法治政府建设年度报告", "");
  EXPECT_EQ(r.county_code(), "421321");
  // No place in the name: the county the text names.
  department.set_name("城市管理局");
  r = ResolveRegion(*gazetteer_, department, "我局在嘉善县委、县政府的领导下", "");
  EXPECT_EQ(r.county_code(), "330421");
  // A city's department belongs to no county.
  department.set_name("杭州市司法局");
  r = ResolveRegion(*gazetteer_, department, "杭州市司法局2024年法治政府建设年度报告", "");
  EXPECT_EQ(r.county_code(), "");
  EXPECT_EQ(r.candidates_size(), 0);
}

// A department whose text never names its county: every county of its
// kind where the text places it is listed, none chosen.
TEST_F(ResolveTest, DepartmentWithoutItsCountyListsWhereItMayBe) {
  fazhi::v1::Entity department;
  department.set_name("区市场监管局");
  department.set_level(fazhi::v1::ENTITY_LEVEL_DEPARTMENT);
  auto districts_under = [](absl::string_view prefix) {
    std::set<std::string> codes;
    for (const Division* c : gazetteer_->CountiesUnder(prefix)) {
      if (absl::EndsWith(c->name, "区")) codes.emplace(c->code);
    }
    return codes;
  };
  auto codes_of = [](const fazhi::v1::Region& r) {
    std::set<std::string> codes;
    for (const auto& c : r.candidates()) codes.insert(c.county_code());
    return codes;
  };
  // 川渝 work with Sichuan named only as the partner: Chongqing's districts.
  const std::string chongqing =
      "区市场监管局2023年法治政府建设情况报告\n全区深化川渝执法协作，"
      "向四川省达州市移送案件线索3件，与四川省联合开展检查。";
  fazhi::v1::Region r = ResolveRegion(*gazetteer_, department, chongqing, "");
  EXPECT_EQ(r.county_code(), "");
  EXPECT_EQ(codes_of(r), districts_under("50"));
  EXPECT_GT(r.candidates_size(), 20);
  EXPECT_EQ(r.candidates(0).city_name(), "");  // 市辖区 is no city's name
  EXPECT_EQ(r.candidates(0).province_name(), "重庆市");
  // A district the text names in passing is no reason to choose it.
  r = ResolveRegion(*gazetteer_, department, chongqing + "协助渝中区查办案件1件。", "");
  EXPECT_EQ(r.county_code(), "");
  EXPECT_EQ(r.candidates_size(), static_cast<int>(districts_under("50").size()));
  // A hint picks one of them.
  r = ResolveRegion(*gazetteer_, department, chongqing, "500107");
  EXPECT_EQ(r.county_code(), "500107");
  EXPECT_EQ(r.method(), "gazetteer+hint");

  // The city that leads it: that city's districts.
  r = ResolveRegion(*gazetteer_, department,
                    "区市场监管局在绍兴市委、区委的坚强领导下，全区依法行政。", "");
  EXPECT_EQ(r.county_code(), "");
  EXPECT_EQ(codes_of(r), districts_under("3306"));
  // The province named as its own.
  department.set_name("县交通运输局");
  r = ResolveRegion(*gazetteer_, department, "县交通运输局认真贯彻湖北省委部署，全县依法行政。",
                    "");
  std::set<std::string> counties;
  for (const Division* c : gazetteer_->CountiesUnder("42")) {
    if (absl::EndsWith(c->name, "县")) counties.emplace(c->code);
  }
  EXPECT_EQ(codes_of(r), counties);

  // Nothing places it, or only partners do: no candidates at all.
  department.set_name("区市场监管局");
  for (const char* text :
       {"区市场监管局2023年法治政府建设情况报告\n全区依法行政。",
        "区市场监管局与四川省成都市联合执法，向四川省移送线索2件。", "全区推进长三角执法协作。"}) {
    r = ResolveRegion(*gazetteer_, department, text, "");
    EXPECT_EQ(r.county_code(), "") << text;
    EXPECT_EQ(r.candidates_size(), 0) << text;
  }
}

TEST_F(ResolveTest, UnknownNameFallsBackToCountyHint) {
  fazhi::v1::Region r =
      ResolveRegion(*gazetteer_, Street("不存在的街道"), "不存在的街道报告", "330102");
  EXPECT_EQ(r.county_code(), "330102");
  EXPECT_EQ(r.township_code(), "");
  EXPECT_EQ(r.method(), "region_hint");
  EXPECT_EQ(ResolveRegion(*gazetteer_, Street("不存在的街道"), "报告", "").county_code(), "");
}

TEST_F(ResolveTest, HintsAreCheckedAndAConflictIsKeptNotObeyed) {
  for (const char* unknown : {"99", "999999", "330102999", "3399", "339900"}) {
    SCOPED_TRACE(unknown);
    EXPECT_EQ(CheckHint(*gazetteer_, unknown).code(), absl::StatusCode::kInvalidArgument);
  }
  for (const char* known : {"", "33", "330000", "3301", "330100", "330102", "330102004"}) {
    SCOPED_TRACE(known);
    EXPECT_TRUE(CheckHint(*gazetteer_, known).ok());
  }
  std::string text = "杭州市上城区小营街道2024年法治政府建设情况报告";
  // The text decides 上城区; a hint elsewhere does not move it.
  fazhi::v1::Region r = ResolveRegion(*gazetteer_, Street("小营街道"), text, "110101");
  EXPECT_EQ(r.county_code(), "330102");
  EXPECT_NE(r.hint_conflict().find("110101"), std::string::npos) << r.hint_conflict();
  EXPECT_NE(r.hint_conflict().find("上城区"), std::string::npos) << r.hint_conflict();
  // A hint that agrees, in any form, is no conflict.
  for (const char* agrees : {"33", "330000", "3301", "330100", "330102", "330102004"}) {
    SCOPED_TRACE(agrees);
    r = ResolveRegion(*gazetteer_, Street("小营街道"), text, agrees);
    EXPECT_EQ(r.county_code(), "330102");
    EXPECT_EQ(r.hint_conflict(), "");
  }
  // The text decides nothing and the hint rules out every 小营街道: the
  // hint's county, and the conflict said.
  r = ResolveRegion(*gazetteer_, Street("小营街道"), "小营街道2024年工作报告", "110101");
  EXPECT_EQ(r.county_code(), "110101");
  EXPECT_NE(r.hint_conflict().find("matches none"), std::string::npos) << r.hint_conflict();
}

TEST_F(ResolveTest, VariantSpellings) {
  // 小营街 is how reports shorten 小营街道; the text names 杭州.
  fazhi::v1::Region r =
      ResolveRegion(*gazetteer_, Street("小营街"), "小营街2024年工作报告。在杭州市的部署下。", "");
  EXPECT_EQ(r.township_code(), "330102004");

  // An ethnic township without its people: 长哨营乡 for 长哨营满族乡.
  r = ResolveRegion(*gazetteer_, Street("长哨营乡"), "长哨营乡2024年法治政府建设工作报告。", "");
  EXPECT_EQ(r.county_code(), "110116");
  ASSERT_NE(gazetteer_->Find(r.township_code()), nullptr);
  EXPECT_EQ(gazetteer_->Find(r.township_code())->name, "长哨营满族乡");

  // A shared township name placed by a full path that spells the
  // autonomous county short: 互助县威远镇.
  const std::string title = "互助县威远镇2024年法治政府建设工作报告";
  r = ResolveRegion(*gazetteer_, Street("威远镇"), title, "");
  EXPECT_EQ(r.county_name(), "互助土族自治县");
  EXPECT_EQ(ResolveRegion(*gazetteer_, Street("威远镇"), "威远镇2024年法治政府建设工作报告", "")
                .county_code(),
            "");
}

}  // namespace
}  // namespace fazhi::gazetteer
