// Statistics as the tables an analyst opens in Excel or WPS: county
// statistics, year-on-year comparisons and roll-ups as sheets with Chinese
// headers and indicator names (the catalog's label_zh), written as CSV
// (UTF-8 with a byte-order mark, so that Excel and WPS on a Chinese Windows
// do not read it as GBK mojibake) or XLSX (libxlsxwriter). One place, so
// that `fazhi stats --format=csv|xlsx` and the gateway's /v1/stats.csv and
// /v1/stats.xlsx give the same file.
//
//   Workbook book = StatsWorkbook(stats);
//   std::string csv = ToCsv(book);
//   ASSIGN_OR_RETURN(std::string xlsx, ToXlsx(book));
#ifndef FAZHI_COMMON_EXPORT_EXPORT_H_
#define FAZHI_COMMON_EXPORT_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fazhi/v1/aggregate.pb.h"

namespace fazhi::exports {

struct Cell {
  std::string text;     // what a text cell shows
  bool number = false;  // a numeric cell: `value`
  double value = 0;
};

struct Sheet {
  std::string name;                     // a worksheet name ("指标")
  std::vector<std::vector<Cell>> rows;  // the first row is the header
};

struct Workbook {
  std::string title;  // "上城区(330102) 2024年 法治政府建设统计"
  std::vector<Sheet> sheets;
};

// The indicator's Chinese name from the catalog; the id itself when the
// catalog has none.
std::string IndicatorLabel(const std::string& id);

// Sheets: 概况 (coverage: townships, reports, missing, unresolved), 指标
// (one row per indicator: sum with ≥ or ≈ where a part is 余/多 or 约, median,
// min and max with their townships, outliers), 比率 (rates recomputed from
// counts beside the stated mean), 报告 (each report's missing sections,
// publication).
Workbook StatsWorkbook(const fazhi::v1::CountyStats& stats);
Workbook CompareWorkbook(const fazhi::v1::YearComparison& comparison);
Workbook RollupWorkbook(const fazhi::v1::Rollup& rollup);

// Every sheet in turn, headed by its name, a blank line between them;
// a byte-order mark first, CRLF line ends.
std::string ToCsv(const Workbook& book);

// The workbook as .xlsx bytes. INTERNAL when libxlsxwriter fails.
absl::StatusOr<std::string> ToXlsx(const Workbook& book);

}  // namespace fazhi::exports

#endif  // FAZHI_COMMON_EXPORT_EXPORT_H_
