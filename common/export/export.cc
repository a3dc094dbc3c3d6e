#include "common/export/export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/engine/catalog.h"
#include "fazhi/v1/catalog.pb.h"
#include "google/protobuf/text_format.h"

namespace fazhi::exports {
namespace {

Cell Text(std::string s) { return {std::move(s), false, 0}; }

Cell Number(double v) {
  std::string text = v == std::floor(v) && std::fabs(v) < 1e15
                         ? absl::StrCat(static_cast<int64_t>(v))
                         : absl::StrFormat("%.2f", v);
  return {text, true, v};
}

std::string SectionName(fazhi::v1::SectionId id) {
  switch (id) {
    case fazhi::v1::SECTION_ID_MEASURES:
      return "主要举措和成效";
    case fazhi::v1::SECTION_ID_SHORTCOMINGS:
      return "存在的不足";
    case fazhi::v1::SECTION_ID_LEADERSHIP:
      return "第一责任人职责";
    case fazhi::v1::SECTION_ID_PLANS:
      return "下一年度安排";
    case fazhi::v1::SECTION_ID_OTHER:
      return "其他需要报告的情况";
    default:
      return fazhi::v1::SectionId_Name(id);
  }
}

Sheet IndicatorSheet(const google::protobuf::RepeatedPtrField<fazhi::v1::IndicatorStats>& rows) {
  Sheet sheet{"指标", {}};
  sheet.rows.push_back({Text("指标"), Text("指标代码"), Text("单位"), Text("填报单位数"),
                        Text("合计"), Text("合计说明"), Text("平均"), Text("中位数"),
                        Text("最小值"), Text("最小值单位"), Text("最大值"), Text("最大值单位"),
                        Text("异常值"), Text("审核更正单位数")});
  for (const auto& s : rows) {
    std::vector<std::string> outliers;
    for (const auto& o : s.outliers()) {
      outliers.push_back(absl::StrCat(o.township(), " ", Number(o.value()).text));
    }
    // The cell holds the number; the next says how sure it is. A rate has
    // no sum (the 比率 sheet recomputes it from counts).
    Cell sum = s.is_rate() ? Text("") : Number(s.sum());
    sheet.rows.push_back({Text(IndicatorLabel(s.id())), Text(s.id()), Text(s.unit()),
                          Number(s.townships_reporting()), sum,
                          Text(s.is_rate()              ? "比率不求和"
                               : s.sum_is_lower_bound() ? "至少(含余/多)"
                               : s.sum_is_approximate() ? "约数"
                                                        : ""),
                          Number(s.mean()), Number(s.median()), Number(s.min()),
                          Text(s.min_township()), Number(s.max()), Text(s.max_township()),
                          Text(absl::StrJoin(outliers, "; ")), Number(s.corrected_values())});
  }
  return sheet;
}

// Every figure in the statistics that is a reviewer's value, not the
// extraction's: what an analyst defending a sum checks first.
Sheet CorrectedSheet(const google::protobuf::RepeatedPtrField<fazhi::v1::IndicatorStats>& rows) {
  Sheet sheet{"审核更正", {}};
  sheet.rows.push_back({Text("指标"), Text("指标代码"), Text("报告单位"), Text("乡镇代码"),
                        Text("更正后的值"), Text("单位"), Text("报告编号")});
  for (const auto& s : rows) {
    for (const auto& v : s.values()) {
      if (!v.corrected()) continue;
      sheet.rows.push_back({Text(IndicatorLabel(s.id())), Text(s.id()), Text(v.township()),
                            Text(v.township_code()), Number(v.value()), Text(v.unit()),
                            Text(v.report_id())});
    }
  }
  return sheet;
}

Sheet RateSheet(const google::protobuf::RepeatedPtrField<fazhi::v1::RateStats>& rates) {
  Sheet sheet{"比率", {}};
  sheet.rows.push_back({Text("比率"), Text("指标代码"), Text("按数量重算(%)"),
                        Text("各单位所报平均(%)"), Text("分子"), Text("分母"),
                        Text("有数量的单位数"), Text("报比率的单位数")});
  for (const auto& r : rates) {
    sheet.rows.push_back({Text(IndicatorLabel(r.id())), Text(r.id()),
                          r.has_recomputed() ? Number(r.recomputed()) : Text(""),
                          r.has_stated_mean() ? Number(r.stated_mean()) : Text(""),
                          Text(IndicatorLabel(r.numerator_id())),
                          Text(IndicatorLabel(r.denominator_id())),
                          Number(r.townships_with_counts()), Number(r.townships_stating_rate())});
  }
  return sheet;
}

std::string CsvField(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  return "\"" + absl::StrReplaceAll(field, {{"\"", "\"\""}}) + "\"";
}

}  // namespace

std::string IndicatorLabel(const std::string& id) {
  static const std::map<std::string, std::string>* labels = [] {
    auto* m = new std::map<std::string, std::string>();
    fazhi::v1::IndicatorCatalog catalog;
    if (google::protobuf::TextFormat::ParseFromString(std::string(engine::EmbeddedCatalogText()),
                                                      &catalog)) {
      for (const auto& rule : catalog.indicators()) {
        if (!rule.label_zh().empty()) (*m)[rule.id()] = rule.label_zh();
      }
    }
    return m;
  }();
  auto it = labels->find(id);
  return it == labels->end() ? id : it->second;
}

Workbook StatsWorkbook(const fazhi::v1::CountyStats& stats) {
  Workbook book;
  book.title = absl::StrCat(stats.county_name(), "(", stats.county_code(), ") ", stats.year(),
                            "年 法治政府建设统计");
  Sheet overview{"概况", {{Text("项目"), Text("数值")}}};
  for (auto [name, cell] : std::vector<std::pair<std::string, Cell>>{
           {"县(区)", Text(absl::StrCat(stats.county_name(), " ", stats.county_code()))},
           {"年度", Number(stats.year())},
           {"乡镇(街道)总数", Number(stats.townships_total())},
           {"已收到报告", Number(stats.reports_received())},
           {"未报送的乡镇(街道)", Text(absl::StrJoin(stats.townships_missing(), "、"))},
           {"未报送数", Number(stats.townships_missing_size())},
           {"无法归属的报告", Number(stats.unresolved_reports())},
           {"按期发布的报告", Number(stats.reports_on_time())},
           {"逾期发布的报告", Number(stats.reports_late())},
           {"发布日期不明的报告", Number(stats.reports_date_unknown())}}) {
    overview.rows.push_back({Text(name), cell});
  }
  book.sheets.push_back(std::move(overview));
  book.sheets.push_back(IndicatorSheet(stats.indicators()));
  book.sheets.push_back(RateSheet(stats.rates()));
  book.sheets.push_back(CorrectedSheet(stats.indicators()));
  Sheet reports{"报告",
                {{Text("报告单位"), Text("乡镇代码"), Text("发布日期"), Text("按期发布"),
                  Text("缺少的法定部分"), Text("来源"), Text("报告编号")}}};
  for (const auto& r : stats.reports()) {
    std::vector<std::string> missing;
    for (int id : r.missing_sections()) {
      missing.push_back(SectionName(static_cast<fazhi::v1::SectionId>(id)));
    }
    reports.rows.push_back({Text(r.entity_name()), Text(r.township_code()), Text(r.published()),
                            Text(r.publication() == fazhi::v1::PUBLICATION_ON_TIME ? "按期"
                                 : r.publication() == fazhi::v1::PUBLICATION_LATE  ? "逾期"
                                                                                   : "不明"),
                            Text(absl::StrJoin(missing, "、")), Text(r.source()),
                            Text(r.report_id())});
  }
  book.sheets.push_back(std::move(reports));
  Sheet contradictions{
      "数字矛盾", {{Text("报告单位"), Text("类型"), Text("说明"), Text("原文"), Text("报告编号")}}};
  for (const auto& c : stats.contradictions()) {
    const auto& found = c.contradiction();
    const std::string kind = found.kind() == "part_exceeds_whole"        ? "部分大于总数"
                             : found.kind() == "rate_contradicts_counts" ? "比率与计数不符"
                             : found.kind() == "rate_above_100"          ? "比率超过100%"
                                                                         : found.kind();
    std::vector<std::string> quotes;
    for (const auto& f : found.figures()) quotes.push_back(f.evidence().quote());
    contradictions.rows.push_back({Text(c.township()), Text(kind), Text(found.message()),
                                   Text(absl::StrJoin(quotes, " / ")), Text(c.report_id())});
  }
  book.sheets.push_back(std::move(contradictions));
  return book;
}

Workbook CompareWorkbook(const fazhi::v1::YearComparison& c) {
  Workbook book;
  book.title = absl::StrCat(c.county_name(), "(", c.county_code(), ") ", c.year_a(), "年与",
                            c.year_b(), "年对比");
  book.sheets.push_back(
      {"概况",
       {{Text("项目"), Text("数值")},
        {Text("县(区)"), Text(absl::StrCat(c.county_name(), " ", c.county_code()))},
        {Text(absl::StrCat(c.year_a(), "年报告数")), Number(c.reports_a())},
        {Text(absl::StrCat(c.year_b(), "年报告数")), Number(c.reports_b())},
        {Text("新报送的乡镇(街道)"), Text(absl::StrJoin(c.townships_started(), "、"))},
        {Text("停止报送的乡镇(街道)"), Text(absl::StrJoin(c.townships_stopped(), "、"))}}});
  Sheet sheet{"指标对比", {}};
  sheet.rows.push_back({Text("指标"), Text("指标代码"), Text(absl::StrCat(c.year_a(), "年合计")),
                        Text(absl::StrCat(c.year_b(), "年合计")), Text("变化"), Text("变化率(%)"),
                        Text(absl::StrCat(c.year_a(), "年单位数")),
                        Text(absl::StrCat(c.year_b(), "年单位数")), Text("两年均报单位数"),
                        Text("同口径合计(前)"), Text("同口径合计(后)")});
  // Rates change in percentage points, on a sheet of their own: a rate's
  // sum is no figure.
  Sheet rates{"比率对比",
              {{Text("比率"), Text("指标代码"), Text(absl::StrCat(c.year_a(), "年(%)")),
                Text(absl::StrCat(c.year_b(), "年(%)")), Text("变化(百分点)"), Text("口径")}}};
  auto maybe = [](bool has, double v) { return has ? Number(v) : Text(""); };
  for (const auto& i : c.indicators()) {
    if (i.is_rate()) {
      rates.rows.push_back({Text(IndicatorLabel(i.id())), Text(i.id()),
                            maybe(i.has_rate_a(), i.rate_a()), maybe(i.has_rate_b(), i.rate_b()),
                            maybe(i.has_change_points(), i.change_points()),
                            Text(i.rate_basis() == "counts" ? "由计数重算" : "所报比率均值")});
      continue;
    }
    sheet.rows.push_back(
        {Text(IndicatorLabel(i.id())), Text(i.id()), Number(i.sum_a()), Number(i.sum_b()),
         Number(i.change()), i.has_change_percent() ? Number(i.change_percent()) : Text(""),
         Number(i.townships_a()), Number(i.townships_b()), Number(i.townships_both()),
         Number(i.matched_sum_a()), Number(i.matched_sum_b())});
  }
  book.sheets.push_back(std::move(sheet));
  book.sheets.push_back(std::move(rates));
  return book;
}

Workbook RollupWorkbook(const fazhi::v1::Rollup& r) {
  Workbook book;
  book.title = absl::StrCat(r.name(), "(", r.code_prefix(), ") ", r.year(), "年 汇总");
  book.sheets.push_back({"概况",
                         {{Text("项目"), Text("数值")},
                          {Text("地区"), Text(absl::StrCat(r.name(), " ", r.code_prefix()))},
                          {Text("年度"), Number(r.year())},
                          {Text("县(区)总数"), Number(r.counties_total())},
                          {Text("有报告的县(区)"), Number(r.counties_reporting())},
                          {Text("乡镇(街道)总数"), Number(r.townships_total())},
                          {Text("已收到报告"), Number(r.reports_received())}}});
  book.sheets.push_back(IndicatorSheet(r.indicators()));
  book.sheets.push_back(RateSheet(r.rates()));
  Sheet counties{"各县(区)",
                 {{Text("县(区)"), Text("代码"), Text("乡镇(街道)总数"), Text("已收到报告"),
                   Text("未报送数"), Text("无法归属的报告")}}};
  for (const auto& c : r.counties()) {
    counties.rows.push_back({Text(c.county_name()), Text(c.county_code()),
                             Number(c.townships_total()), Number(c.reports_received()),
                             Number(c.townships_missing_size()), Number(c.unresolved_reports())});
  }
  book.sheets.push_back(std::move(counties));
  return book;
}

std::string ToCsv(const Workbook& book) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  absl::StrAppend(&out, CsvField(book.title), "\r\n");
  for (const Sheet& sheet : book.sheets) {
    absl::StrAppend(&out, "\r\n", CsvField(sheet.name), "\r\n");
    for (const auto& row : sheet.rows) {
      std::vector<std::string> fields;
      for (const Cell& c : row) fields.push_back(CsvField(c.text));
      absl::StrAppend(&out, absl::StrJoin(fields, ","), "\r\n");
    }
  }
  return out;
}

absl::StatusOr<std::string> ToXlsx(const Workbook& book) {
  // libxlsxwriter 1.1.4 (Debian 12) writes only to a file.
  char path[] = "/tmp/fazhi-export-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return absl::InternalError("xlsx: cannot create a temporary file");
  close(fd);
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) {
    unlink(path);
    return absl::InternalError("xlsx: libxlsxwriter cannot open its output");
  }
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  lxw_format* title = workbook_add_format(workbook);
  format_set_bold(title);
  format_set_font_size(title, 14);
  for (const Sheet& sheet : book.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
    worksheet_write_string(ws, 0, 0, book.title.c_str(), title);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const Cell& cell = sheet.rows[r][c];
        lxw_row_t row = static_cast<lxw_row_t>(r + 2);
        lxw_col_t col = static_cast<lxw_col_t>(c);
        if (cell.number) {
          worksheet_write_number(ws, row, col, cell.value, nullptr);
        } else if (!cell.text.empty()) {
          worksheet_write_string(ws, row, col, cell.text.c_str(), r == 0 ? header : nullptr);
        }
      }
    }
    if (!sheet.rows.empty()) {
      worksheet_set_column(ws, 0, static_cast<lxw_col_t>(sheet.rows[0].size()), 14, nullptr);
    }
  }
  lxw_error error = workbook_close(workbook);
  std::string bytes;
  if (error == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    bytes = s.str();
  }
  unlink(path);
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("xlsx: ", lxw_strerror(error)));
  }
  return bytes;
}

}  // namespace fazhi::exports
