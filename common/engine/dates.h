// Reads when a report was written: the year it reports on and the date it
// carries (signature, dateline, or the 成文日期 / 发布时间 lines of the web
// page it was saved from).
//
//   int year = ReadReportYear(norm.text, text::SplitLines(norm.text));
//   std::string date = ReadPublishedDate(norm.text, lines, head, tail);
#ifndef FAZHI_COMMON_ENGINE_DATES_H_
#define FAZHI_COMMON_ENGINE_DATES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/segment.h"

namespace fazhi::engine {

// Chinese-numeral dates as digits: "二〇二五年一月六日" -> "2025年1月6日", so
// that one set of patterns reads both spellings.
std::string DigitDates(absl::string_view line);

// The year reported on, or 0: the year of the title ("关于2024年度法治政府
// 建设情况的报告"), else the year the body opens with ("2024年,我镇...",
// "2024年以来"). Years that end a span ("(2021-2025年)") are not a report's
// year, nor are navigation lines ("首页 > 2023年专题 > ...").
// `lines` are the text's lines (text::SplitLines).
int ReadReportYear(absl::string_view text, const std::vector<text::Span>& lines);

// Whether `line` is the site's navigation: "首页 > 专题 > 2023年专题内容 >
// ...", "当前位置: ...".
bool IsNavigation(absl::string_view line);

// Whether line `i` of `lines` links to another page rather than being the
// page's own title: a 上一篇/下一篇/相关 line, or a report title next to
// the title of another report (a 相关文章 list: "X镇2023年…报告",
// "Y镇2023年…报告"), unless a page field (发布时间, 来源, 字号 ...)
// follows it within two lines, as the page's own title is followed.
bool LinksToOtherPage(absl::string_view text, const std::vector<text::Span>& lines, size_t i);

// The year a report published on `published` ("YYYY-MM-DD" or "YYYY-MM")
// most likely reports on, when nothing in it names the year: reports come
// out by 1 April of the next year (a few at the end of the same year);
// 0 for no date.
int YearBeforePublication(absl::string_view published);

// The document's date as "YYYY-MM-DD" or "YYYY-MM", or "" when it states
// none. In order: a line that is only a date among `tail` (the signature)
// or `head` (a dateline under the title); then the page's own date lines
// in the opening of the text, the date the document was written (成文日期,
// 发文日期, 公文生成日期) before the date it was put online (发布时间),
// before a bare "日期:" / "时间:", in any spelling (2025-01-15,
// 2025年1月15日, 2025/01/15 10:32, 【发布时间:...】, "| 成文日期 | ...").
std::string ReadPublishedDate(absl::string_view text, const std::vector<text::Span>& lines,
                              const std::vector<text::Span>& head,
                              const std::vector<text::Span>& tail);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_DATES_H_
