// The exports an analyst opens: Chinese headers and names, a BOM for Excel
// and WPS, and an XLSX whose cells hold the same figures (read back from
// the zip with libzip).
#include "common/export/export.h"

#include <zip.h>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace fazhi::exports {
namespace {

fazhi::v1::CountyStats Sample() {
  fazhi::v1::CountyStats s;
  s.set_county_code("330102");
  s.set_county_name("上城区");
  s.set_year(2024);
  s.set_townships_total(14);
  s.set_reports_received(2);
  s.add_townships_missing("采荷街道");
  auto* i = s.add_indicators();
  i->set_id("petitions");
  i->set_townships_reporting(2);
  i->set_sum(37);
  i->set_sum_is_lower_bound(true);
  i->set_median(18.5);
  i->set_unit("件");
  i->set_min(12);
  i->set_min_township("小营街道");
  i->set_max(25);
  i->set_max_township("湖滨街道");
  i->set_corrected_values(1);
  auto* v = i->add_values();
  v->set_report_id("a1b2");
  v->set_township("湖滨街道");
  v->set_township_code("330102001");
  v->set_value(25);
  v->set_unit("件");
  v->set_corrected(true);
  auto* extracted = i->add_values();
  extracted->set_report_id("c3d4");
  extracted->set_township("小营街道");
  extracted->set_value(12);
  auto* r = s.add_rates();
  r->set_id("mediation_success_rate");
  r->set_recomputed(96.5);
  return s;
}

// The text of one part of an .xlsx.
std::string Part(const std::string& xlsx, const std::string& name) {
  zip_error_t error;
  zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) return "";
  std::string out;
  if (zip_file_t* f = zip_fopen(archive, name.c_str(), 0)) {
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buffer, sizeof buffer)) > 0) out.append(buffer, n);
    zip_fclose(f);
  }
  zip_close(archive);
  return out;
}

TEST(ExportTest, CatalogGivesEveryIndicatorAChineseName) {
  EXPECT_EQ(IndicatorLabel("petitions"), "信访件数");
  EXPECT_EQ(IndicatorLabel("no_such_indicator"), "no_such_indicator");
}

TEST(ExportTest, CsvHasABomChineseHeadersAndTheFigures) {
  std::string csv = ToCsv(StatsWorkbook(Sample()));
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(absl::StrContains(csv, "上城区(330102) 2024年")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "\r\n指标,指标代码,单位,填报单位数,合计,")) << csv;
  EXPECT_TRUE(absl::StrContains(csv,
                                "信访件数,petitions,件,2,37,至少(含余/多),0,18.50,12,小营街道,"
                                "25,湖滨街道,"))
      << csv;
  EXPECT_TRUE(absl::StrContains(csv, "未报送的乡镇(街道),采荷街道")) << csv;
  // The count of reviewed figures ends the indicator's row; the 审核更正
  // sheet lists each one, and only those.
  EXPECT_TRUE(absl::StrContains(csv, "25,湖滨街道,,1\r\n")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "信访件数,petitions,湖滨街道,330102001,25,件,a1b2")) << csv;
  EXPECT_FALSE(absl::StrContains(csv, "c3d4")) << csv;
  EXPECT_TRUE(absl::StrContains(csv, "调解成功率(%),mediation_success_rate,96.50")) << csv;
}

TEST(ExportTest, XlsxHoldsTheSameFiguresAsNumbers) {
  absl::StatusOr<std::string> xlsx = ToXlsx(StatsWorkbook(Sample()));
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  ASSERT_EQ(xlsx->substr(0, 2), "PK");
  std::string workbook = Part(*xlsx, "xl/workbook.xml");
  for (const char* sheet : {"概况", "指标", "比率", "审核更正", "报告"}) {
    EXPECT_TRUE(absl::StrContains(workbook, sheet)) << sheet;
  }
  std::string strings = Part(*xlsx, "xl/sharedStrings.xml");
  EXPECT_TRUE(absl::StrContains(strings, "信访件数"));
  EXPECT_TRUE(absl::StrContains(strings, "湖滨街道"));
  // The indicator sheet (the second) holds 37 and 18.5 as numbers.
  std::string sheet = Part(*xlsx, "xl/worksheets/sheet2.xml");
  EXPECT_TRUE(absl::StrContains(sheet, "<v>37</v>")) << sheet.substr(0, 2000);
  EXPECT_TRUE(absl::StrContains(sheet, "<v>18.5</v>"));
}

TEST(ExportTest, CompareAndRollupHaveTheirSheets) {
  fazhi::v1::YearComparison c;
  c.set_county_code("330102");
  c.set_year_a(2023);
  c.set_year_b(2024);
  auto* i = c.add_indicators();
  i->set_id("law_trainings");
  i->set_sum_a(10);
  i->set_sum_b(15);
  i->set_change(5);
  i->set_change_percent(50);
  std::string csv = ToCsv(CompareWorkbook(c));
  EXPECT_TRUE(absl::StrContains(csv, "法治培训次数,law_trainings,10,15,5,50,")) << csv;
  fazhi::v1::Rollup r;
  r.set_code_prefix("33");
  r.set_name("浙江省");
  *r.add_counties() = Sample();
  std::string rollup = ToCsv(RollupWorkbook(r));
  EXPECT_TRUE(absl::StrContains(rollup, "上城区,330102,14,2,1,0")) << rollup;
}

}  // namespace
}  // namespace fazhi::exports
