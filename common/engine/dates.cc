#include "common/engine/dates.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/engine/re2_util.h"
#include "common/numbers/numbers.h"
#include "common/text/find_words.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace fazhi::engine {
namespace {

using text::Span;

// Where a page's own title, date lines and opening sentence are: its first
// lines, before the navigation of a long page gives way to the report.
constexpr size_t kOpeningBytes = 4000;
constexpr size_t kOpeningLines = 40;
// A title or a date line is short; a paragraph is not.
constexpr size_t kShortLine = 240;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

size_t DigitsAt(absl::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i - pos;
}

// Whether the text just before `pos` closes a span of years or dates: the
// "-" of "2021-2025年", "—", "~", 至, 到.
bool EndsSpan(absl::string_view s, size_t pos) {
  absl::string_view before = s.substr(0, pos);
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  for (absl::string_view mark : {"-", "~", "—", "–", "至", "到"}) {
    if (absl::EndsWith(before, mark)) return true;
  }
  return false;
}

// Four-digit years 19xx/20xx in `s` (not part of a longer number, not the
// end of a span), with what follows each. `f(year, rest)` returns true to
// stop.
template <typename F>
bool ForEachYear(absl::string_view s, F f) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    size_t n = DigitsAt(s, i);
    if (n != 4 || !((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))) {
      i += n - 1;
      continue;
    }
    int year = 0;
    if (absl::SimpleAtoi(s.substr(i, 4), &year) && !EndsSpan(s, i) && f(year, s.substr(i + 4))) {
      return true;
    }
    i += 3;
  }
  return false;
}

// Whether `line` opens with a field of the page's information lines.
bool OpensPageField(absl::string_view line) {
  line = absl::StripLeadingAsciiWhitespace(line);
  for (absl::string_view field :
       {"发布时间", "发布日期", "发布机构", "发布者", "来源", "信息来源", "文章来源", "字号",
        "浏览", "点击", "作者", "日期", "时间", "索引号", "成文日期", "【"}) {
    if (absl::StartsWith(line, field)) return true;
  }
  return false;
}

// A report's title, as links to other reports show them too: no
// sentence (its commas) and no navigation line.
bool ReportTitleLike(absl::string_view line) {
  return line.size() <= kShortLine && !text::ContainsWord(line, "。") &&
         !absl::StrContains(line, ",") && !IsNavigation(line) &&
         (text::ContainsWord(line, "法治") || text::ContainsWord(line, "依法")) &&
         (text::ContainsWord(line, "报告") || text::ContainsWord(line, "总结"));
}

// Which report a title names: the words before its first year, and the
// year ("垡头街道" and 2023 in both "垡头街道2023年度…情况报告" and
// "垡头街道2023年…工作报告").
std::pair<absl::string_view, int> ReportOf(absl::string_view title) {
  for (size_t i = 0; i + 4 <= title.size(); ++i) {
    int year = 0;
    if ((title.substr(i, 2) == "19" || title.substr(i, 2) == "20") &&
        absl::SimpleAtoi(title.substr(i, 4), &year)) {
      return {title.substr(0, i), year};
    }
  }
  return {title, 0};
}

}  // namespace

bool IsNavigation(absl::string_view line) {
  int arrows = 0;
  for (char c : line) arrows += c == '>';
  return arrows >= 2 || text::ContainsWord(line, "当前位置") ||
         text::ContainsWord(line, "您的位置") || text::ContainsWord(line, "»");
}

bool LinksToOtherPage(absl::string_view text, const std::vector<Span>& lines, size_t i) {
  absl::string_view s = absl::StripLeadingAsciiWhitespace(lines[i].Of(text));
  for (absl::string_view link : {"上一篇", "下一篇", "上一条", "下一条", "上篇", "下篇", "相关"}) {
    if (absl::StartsWith(s, link)) return true;
  }
  if (!ReportTitleLike(s)) return false;
  // Its page fields follow the title itself, not a title further on.
  for (size_t k = i + 1; k < lines.size() && k <= i + 2; ++k) {
    if (OpensPageField(lines[k].Of(text))) return false;
    if (ReportTitleLike(lines[k].Of(text))) break;
  }
  // A neighbour that is another report's title: a list of links. (A page
  // may give its own title twice, in two wordings.)
  auto other_report = [&](size_t k) {
    absl::string_view neighbour = absl::StripLeadingAsciiWhitespace(lines[k].Of(text));
    return ReportTitleLike(neighbour) && ReportOf(neighbour) != ReportOf(s);
  };
  return (i > 0 && other_report(i - 1)) || (i + 1 < lines.size() && other_report(i + 1));
}

namespace {

// The first year written "YYYY年" (or in Chinese numerals) in `line`, or 0.
int FirstYearIn(absl::string_view line) {
  int year = 0;
  ForEachYear(DigitDates(line), [&](int y, absl::string_view rest) {
    if (!absl::StartsWith(rest, "年")) return false;
    year = y;
    return true;
  });
  return year;
}

bool LooksLikeTitle(absl::string_view line) {
  if (line.size() > kShortLine || text::ContainsWord(line, "。") || IsNavigation(line)) {
    return false;
  }
  bool about_law = text::ContainsWord(line, "法治") || text::ContainsWord(line, "法制") ||
                   text::ContainsWord(line, "依法行政");
  bool a_report = text::ContainsWord(line, "报告") || text::ContainsWord(line, "总结") ||
                  text::ContainsWord(line, "情况") || text::ContainsWord(line, "工作");
  return about_law && a_report;
}

// The opening lines of the text.
template <typename F>
void ForEachOpeningLine(const std::vector<Span>& lines, F f) {
  for (size_t i = 0; i < lines.size() && i < kOpeningLines; ++i) {
    if (lines[i].start > kOpeningBytes) break;
    if (f(lines[i])) break;
  }
}

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;  // 0: the month only
  std::string Format() const {
    return day == 0 ? absl::StrFormat("%04d-%02d", year, month)
                    : absl::StrFormat("%04d-%02d-%02d", year, month, day);
  }
};

// A date that starts at `pos`: 2025-01-15, 2025/1/15, 2025.1.15 (the same
// separator twice), 2025年1月15日, 2025年1月; what follows it (a time) is
// not read. Sets `*end` to the byte after it.
std::optional<Date> DateAt(absl::string_view s, size_t pos, size_t* end = nullptr) {
  if (DigitsAt(s, pos) != 4) return std::nullopt;
  Date d;
  if (!absl::SimpleAtoi(s.substr(pos, 4), &d.year) || d.year < 1990 || d.year > 2099) {
    return std::nullopt;
  }
  size_t i = pos + 4;
  bool chinese = text::HasAt(s, i, "年");
  char sep = 0;
  if (chinese) {
    i += 3;
  } else if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    sep = s[i++];
  } else {
    return std::nullopt;
  }
  size_t n = DigitsAt(s, i);
  if (n < 1 || n > 2 || !absl::SimpleAtoi(s.substr(i, n), &d.month) || d.month < 1 ||
      d.month > 12) {
    return std::nullopt;
  }
  i += n;
  bool has_day = false;
  if (chinese && text::HasAt(s, i, "月")) {
    i += 3;
    has_day = DigitsAt(s, i) > 0;
  } else if (chinese) {
    return std::nullopt;  // "2025年12" is a year and a number
  } else if (i < s.size() && s[i] == sep) {
    ++i;
    has_day = true;
  }
  if (has_day) {
    n = DigitsAt(s, i);
    if (n < 1 || n > 2 || !absl::SimpleAtoi(s.substr(i, n), &d.day) || d.day < 1 || d.day > 31) {
      return std::nullopt;
    }
    i += n;
    if (chinese && text::HasAt(s, i, "日")) i += 3;
  } else if (!chinese && i < s.size() && IsDigit(s[i])) {
    return std::nullopt;
  }
  if (end != nullptr) *end = i;
  return d;
}

// How much a labelled date says about the document: the day it was written
// (0), the day it was put online (1), a bare 日期/时间 (2).
struct DateLabel {
  absl::string_view word;
  int rank;
};
constexpr DateLabel kLabels[] = {
    {"公文生成日期", 0}, {"成文日期", 0}, {"成文时间", 0}, {"发文日期", 0}, {"发文时间", 0},
    {"印发日期", 0},     {"印发时间", 0}, {"发布日期", 1}, {"发布时间", 1}, {"公开日期", 1},
    {"公开时间", 1},     {"发表时间", 1}, {"日期", 2},     {"时间", 2},
};
// Dates of something else: when a rule stops or starts to apply.
constexpr absl::string_view kOtherDates[] = {"废止", "失效", "截止", "有效", "施行",
                                             "实施", "开始", "结束", "办理", "访问"};

// The labelled date the line states, and its rank; rank 3 when none.
std::pair<int, Date> LabelledDate(absl::string_view line) {
  std::pair<int, Date> best = {3, {}};
  for (absl::string_view key : {"日期", "时间"}) {
    for (size_t at = line.find(key); at != absl::string_view::npos;
         at = line.find(key, at + key.size())) {
      size_t key_end = at + key.size();
      const DateLabel* label = nullptr;
      for (const DateLabel& l : kLabels) {
        if (at + key.size() >= l.word.size() &&
            line.substr(key_end - l.word.size(), l.word.size()) == l.word) {
          label = &l;
          break;
        }
      }
      if (label == nullptr) continue;
      if (label->rank == 2) {
        bool other = false;
        for (absl::string_view w : kOtherDates) {
          other |= at >= w.size() && line.substr(at - w.size(), w.size()) == w;
        }
        if (other) continue;
      }
      // Separators: "发布时间:", "[ 成文日期 ] ", "| 成文日期 | ", "日期 : ".
      size_t i = key_end;
      bool marked = false;
      while (i < line.size()) {
        if (line[i] == ':' || line[i] == '|' || line[i] == ']' || line[i] == ')') {
          marked = true;
          ++i;
        } else if (line[i] == ' ' || line[i] == '\t') {
          ++i;
        } else if (text::HasAt(line, i, "】")) {
          marked = true;
          i += 3;
        } else {
          break;
        }
      }
      // A bare 日期 or 时间 is a label only with its colon.
      if (label->rank == 2 && !marked) continue;
      std::optional<Date> date = DateAt(line, i);
      if (date && label->rank < best.first) best = {label->rank, *date};
    }
  }
  return best;
}

// Whether `line` has an ASCII digit: most lines of a page have none, and
// a date in digits needs four.
bool HasDigit(absl::string_view line) { return std::any_of(line.begin(), line.end(), IsDigit); }

// "...年度报告 2024-12-12": a short line that ends with a date in digits
// (and perhaps its time), after a space.
std::optional<Date> TrailingDate(absl::string_view line) {
  if (line.size() > kShortLine || !HasDigit(line)) return std::nullopt;
  static const RE2 kTrailing(
      "(?:^|[^\\d./-])((?:19|20)\\d\\d[-/.]\\d{1,2}[-/"
      ".]\\d{1,2})(?:\\s+\\d{1,2}:\\d\\d(?::\\d\\d)?)?$");
  re2::StringPiece date;
  if (!RE2::PartialMatch(Piece(line), kTrailing, &date)) return std::nullopt;
  size_t pos = date.data() - line.data();
  size_t end = 0;
  std::optional<Date> d = DateAt(line, pos, &end);
  if (!d || end != pos + date.size() || d->day == 0) return std::nullopt;
  return d;
}

// "2025-01-15 10:32 来源:县司法局 浏览次数:": a short line that opens with
// the date (perhaps its weekday, 星期三) and goes on with the page's other
// fields.
std::optional<Date> LeadingDate(absl::string_view line) {
  if (line.size() > kShortLine || !HasDigit(line)) return std::nullopt;
  // The date, perhaps bracketed ("[ 2022-03-31 ]"), then a page field or
  // the publisher's name alone ("2022-01-20  X县人力资源和社会保障局"), which
  // normalisation may have joined to the opening of the text ("…局2021年，").
  static const RE2 kLeading(
      "^[\\[(【]?\\s*(?:19|20)\\d\\d[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?\\s*[\\])】]?"
      "(?:\\s*(?:星期|周)[一二三四五六日天])?(?:\\s*\\d{1,2}:\\d\\d(?::\\d\\d)?)?"
      "(?:\\s*(?:星期|周)[一二三四五六日天])?\\s*[\\[(【]?\\s*"
      "(?:信息来源|来源|作者|浏览|点击|阅读|字号|发布|"
      "\\S{2,30}?(?:局|政府|办公室|委员会|中心|办|委|镇|乡|街道|司法所)"
      "(?:\\s|$|[\\[(【]|(?:19|20)\\d\\d年))");
  if (!RE2::PartialMatch(Piece(line), kLeading)) return std::nullopt;
  size_t start = 0;
  while (start < line.size() && !(line[start] >= '0' && line[start] <= '9')) ++start;
  std::optional<Date> d = DateAt(line, start);
  if (!d || d->day == 0) return std::nullopt;
  return d;
}

// "原创 X镇宣传办 2025-03-20 15:30 发表于江西": the posting line of an
// article copied from a WeChat account, the date and time before 发表于.
std::optional<Date> PostedDate(absl::string_view line) {
  if (!text::ContainsWord(line, "发表于")) return std::nullopt;
  static const RE2 kPosted(
      "(?:^|[^\\d./-])((?:19|20)\\d\\d[-/.]\\d{1,2}[-/"
      ".]\\d{1,2})(?:\\s+\\d{1,2}:\\d\\d)?\\s*发表于");
  re2::StringPiece date;
  if (!RE2::PartialMatch(Piece(line), kPosted, &date)) return std::nullopt;
  std::optional<Date> d = DateAt(line, date.data() - line.data());
  if (!d || d->day == 0) return std::nullopt;
  return d;
}

// A line that is only a date: the signature date, or "(2025年2月)" under
// the title.
std::optional<Date> DateLine(absl::string_view line) {
  // A date alone is short, even in Chinese numerals with brackets; its
  // year is in digits or followed by 年 (二〇二五年).
  if (line.size() > 96 || (!HasDigit(line) && !text::ContainsWord(line, "年"))) {
    return std::nullopt;
  }
  std::string digits = DigitDates(line);
  absl::string_view s = digits;
  auto strip = [](absl::string_view* v, bool front) {
    for (bool more = true; more && !v->empty();) {
      more = false;
      for (absl::string_view m : {" ", "\t", "(", ")", "（", "）"}) {
        if (front ? absl::ConsumePrefix(v, m) : absl::ConsumeSuffix(v, m)) more = true;
      }
    }
  };
  strip(&s, true);
  strip(&s, false);
  size_t end = 0;
  std::optional<Date> d = DateAt(s, 0, &end);
  if (!d || end != s.size()) return std::nullopt;
  return d;
}

}  // namespace

std::string DigitDates(absl::string_view line) {
  // Most lines name no date at all.
  if (!text::ContainsWord(line, "年") && !text::ContainsWord(line, "月") &&
      !text::ContainsWord(line, "日")) {
    return std::string(line);
  }
  // A numeral is one of these three-byte characters. Going back from a
  // 年, 月 or 日 three bytes at a time finds the run of them before it: a
  // lead byte starts a character, so three bytes that spell a numeral there
  // are one. Only the bytes around each date word are looked at.
  auto numeral_before = [&](size_t at) {
    if (at < 3 || (static_cast<unsigned char>(line[at - 3]) & 0xF0) != 0xE0) return false;
    int len;
    char32_t cp = text::DecodeAt(line, at - 3, &len);
    return len == 3 &&
           std::u32string_view(U"〇零一二三四五六七八九十").find(cp) != std::u32string_view::npos;
  };
  std::string out;
  out.reserve(line.size());
  size_t written = 0;  // line[0, written) is in `out`
  for (size_t at = 0; at + 3 <= line.size(); ++at) {
    absl::string_view word = line.substr(at, 3);
    if (word != "年" && word != "月" && word != "日") continue;
    size_t run_start = at;
    while (run_start >= written + 3 && numeral_before(run_start)) run_start -= 3;
    if (run_start == at) continue;
    std::optional<double> value =
        numbers::ParseChineseNumeral(std::string(line.substr(run_start, at - run_start)));
    bool year_ok = word != "年" || at - run_start == 4 * 3;  // 二〇二五年
    if (!value.has_value() || !year_ok) continue;
    out.append(line.data() + written, run_start - written);
    absl::StrAppend(&out, static_cast<int64_t>(*value));
    written = at;
    at += 2;
  }
  out.append(line.data() + written, line.size() - written);
  return out;
}

int ReadReportYear(absl::string_view text, const std::vector<Span>& lines) {
  int year = 0;
  // The title: "关于2024年度法治政府建设情况的报告", "2023年度法治政府建设报告",
  // "标题: X镇2024年法治政府建设年度报告", before the body's first heading.
  // Not the titles of other reports that the page links to (相关文章,
  // 上一篇), when it has a title of its own.
  ForEachOpeningLine(lines, [&](const Span& line) {
    absl::string_view raw = line.Of(text);
    if (auto h = text::ParseHeading(raw); h && h->level == 1) return true;
    if (!LooksLikeTitle(raw) || LinksToOtherPage(text, lines, &line - lines.data())) return false;
    year = FirstYearIn(raw);
    return year > 0;
  });
  if (year > 0) return year;
  // Reports without a title open with the year: "2024年以来", "2024年,",
  // "2024以来"; or their first heading names it: "一、2024年工作情况".
  ForEachOpeningLine(lines, [&](const Span& line) {
    absl::string_view raw = line.Of(text);
    if (LinksToOtherPage(text, lines, &line - lines.data())) return false;
    bool heading = text::ParseHeading(raw).has_value();
    ForEachYear(raw, [&](int y, absl::string_view rest) {
      for (absl::string_view opening :
           {"年度", "年以来", "年,", "年是", "年来", "年全年", "年我", "以来", "来,"}) {
        if (absl::StartsWith(rest, opening)) {
          year = y;
          return true;
        }
      }
      if (heading && absl::StartsWith(rest, "年")) {
        year = y;
        return true;
      }
      return false;
    });
    return year > 0;
  });
  if (year > 0) return year;
  // Any opening line before the body that speaks of the report or the rule
  // of law, however long: "青石街道2024年报告。...".
  ForEachOpeningLine(lines, [&](const Span& line) {
    absl::string_view raw = line.Of(text);
    if (auto h = text::ParseHeading(raw); h && h->level == 1) return true;
    if (IsNavigation(raw) || LinksToOtherPage(text, lines, &line - lines.data()) ||
        (!text::ContainsWord(raw, "报告") && !text::ContainsWord(raw, "法治"))) {
      return false;
    }
    year = FirstYearIn(raw);
    return year > 0;
  });
  return year;
}

int YearBeforePublication(absl::string_view published) {
  int year = 0, month = 0;
  if (published.size() < 7 || !absl::SimpleAtoi(published.substr(0, 4), &year) ||
      !absl::SimpleAtoi(published.substr(5, 2), &month)) {
    return 0;
  }
  return month <= 6 ? year - 1 : year;
}

std::string ReadPublishedDate(absl::string_view text, const std::vector<Span>& lines,
                              const std::vector<Span>& head, const std::vector<Span>& tail) {
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
    if (std::optional<Date> d = DateLine(it->Of(text))) return d->Format();
  }
  for (const Span& line : head) {
    if (std::optional<Date> d = DateLine(line.Of(text))) return d->Format();
  }
  // Pages saved from a website: "发布时间:2025-01-15 来源:...", "| 成文日期 |
  // 2026-02-10 |", "日期:2025年01月15日 10:32"; the best label wins, then the
  // first line.
  std::pair<int, Date> best = {3, {}};
  ForEachOpeningLine(lines, [&](const Span& line) {
    absl::string_view raw = line.Of(text);
    if (!text::ContainsWord(raw, "日期") && !text::ContainsWord(raw, "时间")) {
      // Unlabelled: a date ending the title line, opening the line of page
      // fields, alone on a line among them, or before a WeChat 发表于.
      if (best.first > 2) {
        std::optional<Date> d = TrailingDate(raw);
        if (!d) d = LeadingDate(raw);
        if (!d) d = DateLine(raw);
        if (!d) d = PostedDate(raw);
        if (d) best = {2, *d};
      }
      return false;
    }
    std::pair<int, Date> found = LabelledDate(DigitDates(raw));
    if (found.first < best.first) best = found;
    return best.first == 0;
  });
  return best.first < 3 ? best.second.Format() : "";
}

}  // namespace fazhi::engine
