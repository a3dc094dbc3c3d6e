#include "common/engine/sections.h"

#include <string.h>

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/engine/re2_util.h"
#include "common/text/find_words.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace fazhi::engine {

using fazhi::v1::SectionId;

namespace {

// Headings are short; a long "一是..." line is a paragraph.
constexpr size_t kMaxTitle = 150;

// Words that name the principal leaders (党政主要负责人) whose duty as the
// first person responsible (第一责任人) the leadership part reports on.
const RE2& LeaderWords() {
  static const RE2* re = new RE2(
      "第一责任人|主要负责人|主要负责同志|主要领导|一把手|书记履行|"
      "履行(?:推进)?法治(?:政府)?建设(?:第一责任人)?职责");
  return *re;
}

}  // namespace

SectionId ClassifyHeading(absl::string_view title) {
  // Checked in this order: a leadership heading often also says 推进法治建设,
  // and a shortcomings heading may mention 下一步.
  struct Part {
    SectionId id;
    std::string words;
  };
  static const auto* kParts = new std::vector<Part>{
      {fazhi::v1::SECTION_ID_LEADERSHIP, LeaderWords().pattern()},
      {fazhi::v1::SECTION_ID_SHORTCOMINGS,
       "不足|存在.{0,6}问题|问题和|短板|差距|薄弱|困难和|需要改进|有待改进"},
      {fazhi::v1::SECTION_ID_PLANS,
       "安排|计划|打算|思路|下一步|下一年|工作谋划|工作设想|展望|今后|努力方向|工作方向|"
       "^\\d{4}年(?:度)?(?:工作)?(?:重点|目标|任务)"},
      {fazhi::v1::SECTION_ID_OTHER, "^其他|其它"},
      {fazhi::v1::SECTION_ID_MEASURES,
       "举措|成效|主要工作|做法|工作情况|进展|成绩|开展情况|推进情况|建设情况|基本情况|"
       "主要情况|所做工作|工作开展|落实情况|完成情况|主要措施|工作回顾"},
  };
  // Every part's words in one pass over the title (a heading is classified
  // for each numbered line of a report: five searches each cost more).
  static const RE2::Set* const kAnyPart = [] {
    auto* set = new RE2::Set(RE2::DefaultOptions, RE2::UNANCHORED);
    for (const Part& part : *kParts) set->Add(part.words, nullptr);
    set->Compile();
    return set;
  }();
  static const RE2* const kPlans = new RE2((*kParts)[2].words);
  std::vector<int> matched;
  if (!kAnyPart->Match(Piece(title), &matched)) return fazhi::v1::SECTION_ID_UNSPECIFIED;
  std::sort(matched.begin(), matched.end());
  for (int k : matched) {
    const SectionId id = (*kParts)[k].id;
    if (id == fazhi::v1::SECTION_ID_PLANS && absl::StrContains(title, "计划")) {
      // A work item's plan is no plans part: "落实年度普法计划".
      std::string without_items = absl::StrReplaceAll(title, {{"普法计划", ""},
                                                              {"学法计划", ""},
                                                              {"学习计划", ""},
                                                              {"培训计划", ""},
                                                              {"宣传计划", ""}});
      if (!RE2::PartialMatch(Piece(without_items), *kPlans)) continue;
    }
    return id;
  }
  return fazhi::v1::SECTION_ID_UNSPECIFIED;
}

namespace {

struct Candidate {
  int level = 0;
  size_t start = 0;        // the numbering mark
  size_t title_start = 0;  // after the mark
  size_t end = 0;          // the title's end
  // Classified only when needed: most lower headings never are.
  bool classified = false;
  SectionId id = fazhi::v1::SECTION_ID_UNSPECIFIED;

  SectionId Classify(absl::string_view text) {
    if (!classified) id = ClassifyHeading(text.substr(title_start, end - title_start));
    classified = true;
    return id;
  }
};

// Where `needle` next occurs in `s` from `from` on, or npos: memmem, which
// is much faster than a scan for the first byte when that byte opens most
// Han characters.
size_t FindFrom(absl::string_view s, absl::string_view needle, size_t from) {
  if (from >= s.size()) return absl::string_view::npos;
  const void* hit = memmem(s.data() + from, s.size() - from, needle.data(), needle.size());
  return hit == nullptr ? absl::string_view::npos
                        : static_cast<size_t>(static_cast<const char*>(hit) - s.data());
}

bool IsNumeral(char32_t cp) {
  return std::u32string_view(U"一二三四五六七八九十").find(cp) != std::u32string_view::npos;
}

// Bytes of a run of one or two Chinese numerals ending just before `pos`.
size_t NumeralsBefore(absl::string_view s, size_t pos) {
  size_t n = 0;
  for (int k = 0; k < 2 && pos >= n + 3; ++k) {
    int len;
    if (!IsNumeral(text::DecodeAt(s, pos - n - 3, &len)) || len != 3) break;
    n += 3;
  }
  return n;
}

// "一主要举措和工作成效": a short line that opens with a numeral
// but lost its 、, whose words name a section, and whose next line is its
// first sub-heading "(一)...". Only such lines: many words and names begin
// with a numeral (一体化, 三年行动, 六盘水市...).
std::optional<Candidate> UnmarkedHeading(absl::string_view text, const text::Span& line,
                                         const text::Span* next) {
  if (next == nullptr || !text::HasAt(text, next->start, "(一)")) return std::nullopt;
  absl::string_view s = line.Of(text);
  // Not a title that opens with a place name: "六安市...情况报告".
  if (s.size() > 90 || s.size() < 12 || absl::StrContains(s, "。") || absl::StrContains(s, ",") ||
      absl::StrContains(s, "报告") || absl::StrContains(s, "总结")) {
    return std::nullopt;
  }
  int len;
  if (!IsNumeral(text::DecodeAt(s, 0, &len)) || len != 3 ||
      !text::IsHan(text::DecodeAt(s, 3, &len)) || IsNumeral(text::DecodeAt(s, 3, &len)) ||
      text::HasAt(s, 3, "是")) {
    return std::nullopt;
  }
  SectionId id = ClassifyHeading(s.substr(3));
  if (id == fazhi::v1::SECTION_ID_UNSPECIFIED) return std::nullopt;
  return Candidate{1, line.start, line.start + 3, line.end, true, id};
}

// "存在的短板", "下一步工作思路" (a bold line once its ** is dropped), and
// "【主要举措和成效】": a short line without numbering or punctuation, above
// a paragraph, whose words name a part. Not the title: it names the report
// (报告, 总结) or the year's rule of law.
std::optional<Candidate> StandaloneHeading(absl::string_view text, const text::Span& line,
                                           const text::Span* next) {
  constexpr size_t kMinParagraphBytes = 30;
  constexpr size_t kMaxTitleBytes = 90;
  absl::string_view s = line.Of(text);
  size_t title_start = line.start;
  if (absl::StartsWith(s, "【") && absl::EndsWith(s, "】") && s.size() > 6) {
    s = s.substr(3, s.size() - 6);
    title_start += 3;
  }
  if (next == nullptr || next->end - next->start < kMinParagraphBytes || s.size() < 6 ||
      s.size() > kMaxTitleBytes) {
    return std::nullopt;
  }
  for (absl::string_view no : {"。", ",", ";", ":", ">", "|", "(", "“", "报告", "总结"}) {
    if (text::ContainsWord(s, no)) return std::nullopt;
  }
  size_t digits = 0;
  bool has_year = false;
  for (char c : s) {
    digits = absl::ascii_isdigit(static_cast<unsigned char>(c)) ? digits + 1 : 0;
    has_year |= digits == 4;
  }
  if (has_year && text::ContainsWord(s, "法治")) return std::nullopt;
  SectionId id = ClassifyHeading(s);
  if (id == fazhi::v1::SECTION_ID_UNSPECIFIED || id == fazhi::v1::SECTION_ID_OTHER) {
    return std::nullopt;
  }
  return Candidate{1, line.start, title_start, title_start + s.size(), true, id};
}

// Whether a sub-item mark opens at `pos`: "一是", "1." (the words after a
// heading run into its first item on pages without line breaks).
bool SubItemAt(absl::string_view s, size_t pos) {
  size_t n = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  while (pos + n + 3 <= s.size() && (bytes[pos + n] & 0xF0) == 0xE0 &&
         IsNumeral(text::DecodeThreeBytes(bytes + pos + n))) {
    n += 3;
  }
  if (n > 0) return text::HasAt(s, pos + n, "是");
  size_t d = 0;
  while (pos + d < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[pos + d]))) ++d;
  return d > 0 && d <= 2 && pos + d + 1 < s.size() && s[pos + d] == '.' &&
         !absl::ascii_isdigit(static_cast<unsigned char>(s[pos + d + 1]));
}

// Headings run into the paragraph before them, as pages that lost their
// line breaks give them: "...报告如下:一、主要举措和成效(一)强化...". A
// mark 一、 right after a full stop (。 or the half-width . of such pages)
// or colon opens a heading whose title ends at the next mark, full stop or
// comma, or where its first item starts ("二、存在的不足一是...").
void InlineHeadings(absl::string_view text, const text::Span& line, std::vector<Candidate>* out) {
  absl::string_view s = line.Of(text);
  for (size_t at = FindFrom(s, "、", 0); at != absl::string_view::npos;
       at = FindFrom(s, "、", at + 3)) {
    size_t n = NumeralsBefore(s, at);
    if (n == 0) continue;
    size_t mark = at - n;
    if (mark == 0) continue;  // a heading at the line's start is read as one
    bool after_stop =
        (mark >= 3 && text::HasAt(s, mark - 3, "。")) || s[mark - 1] == ':' || s[mark - 1] == ';' ||
        s[mark - 1] == ' ' ||
        (s[mark - 1] == '.' &&
         !(mark >= 2 && absl::ascii_isdigit(static_cast<unsigned char>(s[mark - 2]))));
    if (!after_stop) continue;
    size_t title_start = at + 3;
    size_t title_end = title_start;
    while (title_end < s.size() && title_end - title_start < kMaxTitle) {
      if (s[title_end] == '(' || s[title_end] == ',' || s[title_end] == ':' ||
          s[title_end] == '.' || text::HasAt(s, title_end, "。") ||
          (title_end > title_start && SubItemAt(s, title_end))) {
        break;
      }
      title_end += text::Utf8Length(static_cast<unsigned char>(s[title_end]));
    }
    if (title_end == title_start || title_end - title_start >= kMaxTitle) continue;
    Candidate c;
    c.level = 1;
    c.start = line.start + mark;
    c.title_start = line.start + title_start;
    c.end = line.start + title_end;
    out->push_back(c);
  }
}

fazhi::v1::Section MakeSection(SectionId id, absl::string_view text, size_t start, size_t end) {
  fazhi::v1::Section section;
  section.set_id(id);
  section.set_heading(std::string(text.substr(start, end - start)));
  section.set_start(static_cast<int64_t>(start));
  section.set_end(static_cast<int64_t>(end));
  return section;
}

bool IsLaterPart(SectionId id) {
  return id == fazhi::v1::SECTION_ID_SHORTCOMINGS || id == fazhi::v1::SECTION_ID_PLANS ||
         id == fazhi::v1::SECTION_ID_OTHER;
}

// The sentence around byte `pos`: from after the previous 。 ! ? ; or line
// break to the next one, inclusive.
text::Span SentenceAround(absl::string_view text, size_t pos) {
  auto ascii_stop = [](char c) { return c == '\n' || c == '!' || c == '?' || c == ';'; };
  size_t start = pos;
  while (start > 0 && !ascii_stop(text[start - 1]) &&
         !(start >= 3 && text::HasAt(text, start - 3, "。"))) {
    --start;
  }
  size_t end = pos;
  while (end < text.size()) {
    if (ascii_stop(text[end])) {
      end += text[end] != '\n';
      break;
    }
    if (text::HasAt(text, end, "。")) {
      end += 3;
      break;
    }
    ++end;
  }
  return {start, end};
}

// Whether `pos` is inside a book title 《...》 of `sentence`, and if so
// where that title opens (the outermost 《).
std::optional<size_t> TitleOpening(absl::string_view text, const text::Span& sentence, size_t pos) {
  int depth = 0;
  std::optional<size_t> open;
  for (size_t i = sentence.start; i < pos;) {
    if (text::HasAt(text, i, "《")) {
      if (depth++ == 0) open = i;
      i += 3;
    } else if (text::HasAt(text, i, "》")) {
      if (depth > 0 && --depth == 0) open.reset();
      i += 3;
    } else {
      ++i;
    }
  }
  return depth > 0 ? open : std::nullopt;
}

// Whether a sentence is about the rule of law: a first person responsible
// for work safety (安全生产第一责任人) or leaders touring firms are not
// the leadership part.
bool AboutLaw(absl::string_view sentence) {
  for (absl::string_view w :
       {"法治", "法制", "依法", "述法", "学法", "尊法", "用法", "守法", "法律"}) {
    if (text::ContainsWord(sentence, w)) return true;
  }
  return false;
}

// Whether the words right before a leader's title make him a village's
// or a community's ("村党组织书记", "各村(社区)第一责任人"): the township
// examines them (述法), it does not report on its own leaders' duty there.
bool OfVillages(absl::string_view before) {
  for (absl::string_view w : {"村党组织", "村党支部", "村党总支", "社区党组织", "社区党支部",
                              "村(社区)", "村(居)", "各村", "村居", "村级", "村委", "村党委"}) {
    if (absl::StrContains(before, w)) return true;
  }
  return false;
}

// Whether the leader a sentence names last before `before` ends is a
// village's: "组织村党组织书记述法,压实第一责任人职责" (they are the ones
// examined), unlike "各村开展学法,镇党委书记带头". With no leader named,
// the words right before decide.
bool VillageLeaderBefore(absl::string_view before) {
  size_t last = absl::string_view::npos;
  for (absl::string_view title : {"书记", "负责人", "主任"}) {
    size_t at = before.rfind(title);
    if (at != absl::string_view::npos && (last == absl::string_view::npos || at > last)) {
      last = at + title.size();
    }
  }
  if (last == absl::string_view::npos) last = before.size();
  size_t from = last >= 30 ? last - 30 : 0;
  return OfVillages(before.substr(from, last - from));
}

// Evidence of the leadership part without its heading: a sentence on the
// principal leaders' duty as the first person responsible, as the body of
// the measures part often gives it ("镇党委书记切实履行推进法治建设第一
// 责任人职责", "明确党委书记为第一责任人", "严格落实《党政主要负责人履行
// 推进法治建设第一责任人职责规定》"), or the leaders setting the example
// ("主要领导带头学法"). Not: the duty as the name of a document issued for
// others ("印发《...第一责任人职责任务表》"), or the first persons responsible
// as the ones examined ("各村第一责任人参加述法考核").
std::optional<text::Span> LeadershipEvidence(absl::string_view text,
                                             const std::vector<Candidate>& top) {
  auto part_at = [&](size_t pos) {
    SectionId id = fazhi::v1::SECTION_ID_UNSPECIFIED;
    for (const Candidate& c : top) {
      if (c.start > pos) break;
      id = c.id;
    }
    return id;
  };
  constexpr absl::string_view kFirst = "第一责任人";
  for (size_t at = FindFrom(text, kFirst, 0); at != absl::string_view::npos;
       at = FindFrom(text, kFirst, at + kFirst.size())) {
    if (IsLaterPart(part_at(at))) continue;
    text::Span sentence = SentenceAround(text, at);
    if (!AboutLaw(sentence.Of(text))) continue;
    // First persons responsible for other work: 安全生产第一责任人 ...
    {
      size_t from = at >= sentence.start + 24 ? at - 24 : sentence.start;
      absl::string_view just_before = text.substr(from, at - from);
      bool other_work = false;
      for (absl::string_view w : {"安全生产", "意识形态", "党风廉政", "信访", "生态环境", "防汛"}) {
        other_work |= text::ContainsWord(just_before, w);
      }
      if (other_work || VillageLeaderBefore(text.substr(sentence.start, at - sentence.start))) {
        continue;
      }
    }
    if (std::optional<size_t> open = TitleOpening(text, sentence, at)) {
      // Inside 《》: the leaders carry out the rules on their duty.
      absl::string_view before = text.substr(sentence.start, *open - sentence.start);
      bool carried_out = false;
      for (absl::string_view verb : {"落实", "贯彻", "执行", "遵守", "对照"}) {
        carried_out |= absl::EndsWith(before, verb);
      }
      if (carried_out) return sentence;
      continue;
    }
    absl::string_view after = text.substr(at + kFirst.size(), 6);
    size_t back = at >= sentence.start + 36 ? at - 36 : sentence.start;
    absl::string_view before = text.substr(back, at - back);
    if (after == "职责" || after == "责任" || absl::StrContains(before, "为")) return sentence;
  }
  // The leaders setting the example. Not "领导亲自抓、具体抓"
  // or "亲自过问": slogans on sharing out the work, said of any task.
  constexpr absl::string_view kLead = "带头";
  for (size_t at = FindFrom(text, kLead, 0); at != absl::string_view::npos;
       at = FindFrom(text, kLead, at + kLead.size())) {
    if (IsLaterPart(part_at(at))) continue;
    text::Span sentence = SentenceAround(text, at);
    if (!AboutLaw(sentence.Of(text))) continue;
    // The leader is named shortly before, in the same sentence.
    size_t back = at >= sentence.start + 72 ? at - 72 : sentence.start;
    absl::string_view before = text.substr(back, at - back);
    for (absl::string_view leader :
         {"主要负责人", "主要负责同志", "主要领导", "一把手", "党委书记", "党工委书记"}) {
      if (absl::StrContains(before, leader) && !VillageLeaderBefore(before)) return sentence;
    }
  }
  // The duty itself, named as what is carried out ("积极履行推进法治政府建设
  // 职责。主要负责同志多次主持…"), not as the name of rules issued
  // ("印发《…履行推进法治建设第一责任人职责实施办法》"). Leaders presiding
  // over meetings or the "亲自部署、亲自过问" slogans alone are not: reports
  // say them of the measures part too.
  constexpr absl::string_view kDuty = "履行推进法治";
  static const RE2* const kDutyNamed = new RE2("^(?:政府)?建设(?:第一责任人)?职责");
  for (size_t at = FindFrom(text, kDuty, 0); at != absl::string_view::npos;
       at = FindFrom(text, kDuty, at + kDuty.size())) {
    if (IsLaterPart(part_at(at)) ||
        !RE2::PartialMatch(Piece(text.substr(at + kDuty.size(), 48)), *kDutyNamed)) {
      continue;
    }
    text::Span sentence = SentenceAround(text, at);
    if (!TitleOpening(text, sentence, at).has_value()) return sentence;
  }
  return std::nullopt;
}

}  // namespace

std::vector<fazhi::v1::Section> FindSections(absl::string_view normalized) {
  std::vector<Candidate> candidates;
  std::vector<text::Span> lines = text::SplitLines(normalized);
  for (size_t i = 0; i < lines.size(); ++i) {
    const text::Span& line = lines[i];
    absl::string_view s = line.Of(normalized);
    if (auto heading = text::ParseHeading(s); heading && heading->title.size() <= kMaxTitle) {
      Candidate c;
      c.level = heading->level;
      c.start = line.start;
      c.title_start = line.start + heading->marker_bytes;
      c.end = c.title_start + heading->title.size();
      candidates.push_back(c);
    } else if (!heading) {
      const text::Span* next = i + 1 < lines.size() ? &lines[i + 1] : nullptr;
      if (std::optional<Candidate> c = UnmarkedHeading(normalized, line, next)) {
        candidates.push_back(*c);
      } else if (std::optional<Candidate> c = StandaloneHeading(normalized, line, next)) {
        candidates.push_back(*c);
      }
    }
  }
  // Headings run into paragraphs only on pages that lost their line breaks,
  // where no level-one heading opens a line.
  if (std::none_of(candidates.begin(), candidates.end(),
                   [](const Candidate& c) { return c.level == 1; })) {
    for (const text::Span& line : lines) InlineHeadings(normalized, line, &candidates);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.start < b.start; });
  }
  // The top level: the highest numbering level the report uses ("一是"
  // only when it uses no other).
  int top_level = 0;
  for (const Candidate& c : candidates) {
    if (c.level < 5 && (top_level == 0 || c.level < top_level)) top_level = c.level;
  }
  if (top_level == 0 && !candidates.empty()) top_level = 5;
  std::vector<Candidate> top;
  for (Candidate& c : candidates) {
    if (c.level != top_level) continue;
    c.Classify(normalized);
    top.push_back(c);
  }

  std::vector<fazhi::v1::Section> sections;
  std::set<int> seen;
  auto add = [&](SectionId id, size_t start, size_t end) {
    if (seen.insert(id).second) sections.push_back(MakeSection(id, normalized, start, end));
  };
  // The mandated parts are the top-level headings that name them.
  for (const Candidate& c : top) {
    if (c.id != fazhi::v1::SECTION_ID_UNSPECIFIED) add(c.id, c.start, c.end);
  }
  // The leadership and measures parts are often a lower heading inside
  // another part ("(一)党政主要负责人履行...职责"): any level, outside the
  // parts on shortcomings, plans and other matters. Lower headings are not
  // read for those: "(三)制定学法计划" is a measure, not the plans part.
  if (!seen.count(fazhi::v1::SECTION_ID_LEADERSHIP) ||
      !seen.count(fazhi::v1::SECTION_ID_MEASURES)) {
    SectionId part = fazhi::v1::SECTION_ID_UNSPECIFIED;
    for (Candidate& c : candidates) {
      if (c.level == top_level) {
        part = c.id;
        continue;
      }
      if (c.level < top_level || IsLaterPart(part)) continue;
      SectionId id = c.Classify(normalized);
      if (id == fazhi::v1::SECTION_ID_LEADERSHIP || id == fazhi::v1::SECTION_ID_MEASURES) {
        add(id, c.start, c.end);
      }
    }
  }
  // The measures part without a heading of its own: the report goes
  // straight to its work items ("一、强化组织领导,..."), top-level headings
  // that name no part. The preamble alone is not the part: a report may open
  // with the leadership part.
  if (!seen.count(fazhi::v1::SECTION_ID_MEASURES)) {
    for (const Candidate& c : top) {
      if (IsLaterPart(c.id)) break;  // work items come before the later parts
      if (c.id == fazhi::v1::SECTION_ID_UNSPECIFIED) {
        add(fazhi::v1::SECTION_ID_MEASURES, c.start, c.end);
        break;
      }
    }
  }
  if (!seen.count(fazhi::v1::SECTION_ID_LEADERSHIP)) {
    if (std::optional<text::Span> s = LeadershipEvidence(normalized, top)) {
      add(fazhi::v1::SECTION_ID_LEADERSHIP, s->start, s->end);
    }
  }
  std::sort(sections.begin(), sections.end(),
            [](const fazhi::v1::Section& a, const fazhi::v1::Section& b) {
              return a.start() < b.start();
            });
  return sections;
}

}  // namespace fazhi::engine
