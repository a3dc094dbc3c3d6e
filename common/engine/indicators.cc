#include "common/engine/indicators.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/engine/re2_util.h"
#include "common/numbers/numbers.h"
#include "common/text/find_words.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"

namespace fazhi::engine {
namespace {

using numbers::NumberMention;

fazhi::v1::Qualifier ToProto(numbers::Qualifier q) {
  switch (q) {
    case numbers::Qualifier::kExact:
      return fazhi::v1::QUALIFIER_EXACT;
    case numbers::Qualifier::kAtLeast:
      return fazhi::v1::QUALIFIER_AT_LEAST;
    case numbers::Qualifier::kApprox:
      return fazhi::v1::QUALIFIER_APPROX;
    case numbers::Qualifier::kRange:
      return fazhi::v1::QUALIFIER_RANGE;
  }
  return fazhi::v1::QUALIFIER_UNSPECIFIED;
}

// Clause breaks: a number after one of these answers another phrase.
// , ; : and their full-width forms, 。 and 、, found in one pass over the
// bytes (the full-width ones are EF BC 8C/9B/9A, 。 and 、 are E3 80 82/81).
bool HasClauseBreak(absl::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = b[i];
    if (c == ',' || c == ';' || c == ':') return true;
    if (i + 2 >= s.size()) continue;
    if (c == 0xEF && b[i + 1] == 0xBC &&
        (b[i + 2] == 0x8C || b[i + 2] == 0x9B || b[i + 2] == 0x9A)) {
      return true;
    }
    if (c == 0xE3 && b[i + 1] == 0x80 && (b[i + 2] == 0x82 || b[i + 2] == 0x81)) return true;
  }
  return false;
}

// Where the last clause break of `s` (as HasClauseBreak) stands and how
// many bytes it takes; false when there is none.
bool LastClauseBreak(absl::string_view s, size_t* at, size_t* len) {
  for (size_t i = s.size(); i-- > 0;) {
    if (HasClauseBreak(s.substr(i, 1))) {
      *at = i, *len = 1;
      return true;
    }
    if (i + 3 <= s.size() && (static_cast<unsigned char>(s[i]) & 0xF0) == 0xE0 &&
        HasClauseBreak(s.substr(i, 3))) {
      *at = i, *len = 3;
      return true;
    }
  }
  return false;
}

// Whether a clause says no more than that it totals the figure after it:
// 共计, 累计, 全年共 ... and at most a two-character verb (共计审查).
bool TotalsOnly(absl::string_view clause) {
  for (absl::string_view total :
       {"全年共计", "全年累计", "全年共", "共计", "合计", "累计", "总计", "共", "全年"}) {
    if (absl::ConsumePrefix(&clause, total)) return text::CodePointCount(clause) <= 2;
  }
  return false;
}

// Whether the words before a statement make its figure a difference from
// the year before: "较上年多发放资料2000份", "比去年同期多调解12起".
bool ComparedWithLastYear(absl::string_view before) {
  for (absl::string_view than : {"较上年", "比上年", "较去年", "比去年", "较上一年", "比上一年"}) {
    if (text::ContainsWord(before, than)) return true;
  }
  return false;
}

// "提升至", "下降到": a change to a level; the number after it is the
// level of the year, the one before it the level it changed from.
constexpr absl::string_view kChanges[] = {"提升", "提高", "上升", "增加",
                                          "增长", "下降", "减少", "降低"};
bool EndsWithChangeTo(absl::string_view s) {
  if (!absl::ConsumeSuffix(&s, "至") && !absl::ConsumeSuffix(&s, "到")) return false;
  for (absl::string_view change : kChanges) {
    if (absl::EndsWith(s, change)) return true;
  }
  return false;
}
bool StartsWithChangeTo(absl::string_view s) {
  for (absl::string_view change : kChanges) {
    if (absl::ConsumePrefix(&s, change)) {
      return absl::StartsWith(s, "至") || absl::StartsWith(s, "到");
    }
  }
  return false;
}

// Whether `gap` joins two terms: 和, 及, 与 or 、 in it.
bool JoinsTerms(absl::string_view gap) {
  for (absl::string_view joint : {"和", "及", "与", "、"}) {
    if (text::ContainsWord(gap, joint)) return true;
  }
  return false;
}

// Whether the words right before a number say that every coordinated term
// has it: 均, 都 or 各 among the last three characters ("均为", "各").
bool SharedFigure(absl::string_view gap) {
  for (absl::string_view shared : {"均", "都", "各"}) {
    size_t at = gap.rfind(shared);
    if (at != absl::string_view::npos && text::CodePointCount(gap.substr(at)) <= 3) return true;
  }
  return false;
}

// How much further than its gap a trigger may stand from its number when
// coordinated terms come between.
constexpr size_t kMaxCoordinatedChars = 12;
// Words between a label's colon and its figure ("学法:全年累计14次").
constexpr size_t kMaxLabelledChars = 6;

// Whether the words between a trigger and a number keep them together: no
// clause break, at most `max_chars` characters. A quoted name (“法律六进”
// with its own commas), a title (《…》) or an aside in brackets ("(含…)")
// counts as one character and breaks nothing, and an enumeration "合同、协议
// 等" is one phrase, not two clauses.
// Terms coordinated with 、 share the figure when the last of them ends in
// the trigger's head word `head` ("推进会、会办会6次", "参考率、合格率均达
// 100%") or 均/都 says they all have it ("复议、诉讼案件均为0件"); the gap
// may then be kMaxCoordinatedChars longer. Change words (同比下降, 增加)
// make the number a difference: not a match.
bool GapOk(absl::string_view gap, int max_chars, absl::string_view head = {}) {
  if (gap.empty()) return true;  // "信访案件26件": the common case
  std::string unquoted;
  absl::string_view outside = gap;
  size_t chars = 0;
  if (gap.find("“") == absl::string_view::npos && gap.find("《") == absl::string_view::npos &&
      gap.find("(") == absl::string_view::npos) {
    chars = text::CodePointCount(gap);
  } else {
    for (size_t i = 0; i < gap.size();) {
      absl::string_view closing;
      if (gap.substr(i, 3) == "“") closing = "”";
      if (gap.substr(i, 3) == "《") closing = "》";
      if (gap[i] == '(') closing = ")";  // an aside: "纠纷(含地界纠纷)共58起"
      if (!closing.empty()) {
        const size_t open = gap[i] == '(' ? 1 : 3;
        size_t close = gap.find(closing, i + open);
        if (close == absl::string_view::npos && gap[i] == '(') {
          // The figure in brackets after its words: "集体学法(全年共8次)";
          // not a part of it ("(其中进校园3场)", "(含…)").
          absl::string_view inside = gap.substr(i + open);
          for (absl::string_view part : {"其中", "含", "包括"}) {
            if (text::ContainsWord(inside, part)) return false;
          }
          ++chars;
          ++i;
          continue;
        }
        if (close == absl::string_view::npos) return false;
        ++chars;
        i = close + closing.size();
        continue;
      }
      int len;
      text::DecodeAt(gap, i, &len);
      unquoted.append(gap.data() + i, len);
      ++chars;
      i += len;
    }
    outside = unquoted;
  }
  // Coordinated terms may stand further from the figure: listed with 、, or
  // joined by 和/及/与 where 各, 均 or 都 right before the number says each
  // has it ("复议和诉讼案件各1件").
  // A total word right before the figure lengthens no gap: "持有执法证的
  // 工作人员共计19名" is as near as "…的工作人员19名".
  // Nor does 达到 ("持证的工作人员达到25人").
  for (absl::string_view total : {"共计", "合计", "累计", "总计", "共", "达到"}) {
    if (absl::EndsWith(outside, total)) {
      chars -= std::min(chars, text::CodePointCount(total));
      break;
    }
  }
  const bool listed = outside.find("、") != absl::string_view::npos;
  const bool joined = !listed && JoinsTerms(outside) && SharedFigure(outside);
  if (chars > static_cast<size_t>(max_chars) + (listed || joined ? kMaxCoordinatedChars : 0)) {
    return false;
  }
  // "信访案件同比下降12件": a number after a change word is a difference,
  // not the figure itself; after a change to a level ("同比提升至95%") it
  // is the year's level.
  if (!EndsWithChangeTo(outside)) {
    for (absl::string_view change :
         {"同比", "下降", "上升", "增长", "增加", "减少", "较上年", "较去年", "比上年", "比去年"}) {
      if (text::ContainsWord(outside, change)) return false;
    }
  }
  // A label and its figure ("会前学法:全年累计14次", the text's : for ：)
  // and a clause that only totals the figure ("召开工作会议,共计5场次"):
  // the colon or the comma parts nothing.
  std::string one_clause;
  size_t break_at, break_len;
  if (LastClauseBreak(outside, &break_at, &break_len) &&
      !HasClauseBreak(outside.substr(0, break_at))) {
    absl::string_view tail = outside.substr(break_at + break_len);
    bool colon = outside[break_at] == ':' || outside.substr(break_at, break_len) == "：";
    if (colon ? text::CodePointCount(tail) <= kMaxLabelledChars : TotalsOnly(tail)) {
      one_clause = absl::StrCat(outside.substr(0, break_at), tail);
      outside = one_clause;
    }
  }
  size_t last_list_comma = outside.rfind("、");
  // An enumeration that ends at 等 ("调处邻里纠纷、土地纠纷等矛盾纠纷53起")
  // is one noun phrase: it may take the coordinated terms' length when
  // each of its terms is of the trigger's kind (ends in its head word),
  // not a sum of several kinds ("行政应诉、复议答复等案件").
  bool enumerated = false;
  if (size_t etc = last_list_comma == absl::string_view::npos ? absl::string_view::npos
                                                              : outside.find("等", last_list_comma);
      etc != absl::string_view::npos) {
    enumerated = !head.empty();
    for (absl::string_view term : absl::StrSplit(outside.substr(0, etc), "、")) {
      if (!term.empty() && (HasClauseBreak(term) || !absl::EndsWith(term, head))) {
        enumerated = false;
      }
    }
    outside.remove_prefix(last_list_comma + 3);  // the enumeration ends at 等
    last_list_comma = absl::string_view::npos;
  }
  if (!HasClauseBreak(outside)) {
    return joined || enumerated || chars <= static_cast<size_t>(max_chars);
  }
  if (last_list_comma == absl::string_view::npos) return false;
  // Coordinated terms: only 、 between them, the last one of the trigger's
  // kind once the words that share the figure (均达, 都为) are set aside.
  absl::string_view last = outside.substr(last_list_comma + 3);
  std::string others(outside.substr(0, last_list_comma));
  absl::StrReplaceAll({{"、", ""}}, &others);
  if (HasClauseBreak(others) || HasClauseBreak(last)) return false;
  // 均, 都 or 各 says every term has the figure ("复议、诉讼案件均为0件").
  if (SharedFigure(last)) return true;
  if (head.empty()) return false;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (absl::string_view filler :
         {"均", "都", "分别", "各", "达到", "达", "为", "在", "是", "共", "实现", "已", "以上"}) {
      if (absl::ConsumeSuffix(&last, filler)) stripped = true;
    }
  }
  return !last.empty() && absl::EndsWith(last, head);
}

// Steps back from `pos` by up to `chars` characters, stopping after a
// clause break.
size_t ClauseStartBefore(absl::string_view s, size_t pos, int chars) {
  size_t start = pos;
  for (int k = 0; k < chars && start > 0; ++k) {
    size_t prev = start - 1;
    while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80) --prev;
    if (HasClauseBreak(s.substr(prev, start - prev))) break;
    start = prev;
  }
  return start;
}

// Where `chars` characters after `pos` end, or the clause before them.
size_t ClauseEndAfter(absl::string_view s, size_t pos, int chars) {
  size_t end = pos;
  for (int k = 0; k < chars && end < s.size(); ++k) {
    size_t next = end + text::Utf8Length(static_cast<unsigned char>(s[end]));
    next = std::min(next, s.size());
    if (HasClauseBreak(s.substr(end, next - end))) break;
    end = next;
  }
  return end;
}

bool UnitAllowed(const CompiledRule& rule, const NumberMention& m) {
  return m.unit_index >= 0 && ((rule.unit_mask >> m.unit_index) & 1) != 0;
}

// The numeral inside the span must read back as the value: guards against
// evidence that does not prove what it claims.
fazhi::v1::Verification Verify(absl::string_view text, const NumberMention& m) {
  std::vector<NumberMention> again = numbers::ScanNumbers(text.substr(m.start, m.end - m.start));
  if (again.size() == 1 && again[0].value == m.value) {
    return fazhi::v1::VERIFICATION_VERIFIED;
  }
  return fazhi::v1::VERIFICATION_UNVERIFIED;
}

// An evidence's text is its sentence, or, for a sentence longer than
// this, the part of it around the quote: one sentence holding many
// statements must not make every statement carry all of it (a 200 KB line
// once gave 466 MB of output).
constexpr size_t kMaxEvidenceTextBytes = 600;
// Statements of one indicator kept beside its value: a report restates a
// figure a few times; thousands are a text built to exhaust the service.
constexpr int kMaxAlternatives = 16;
// Occurrences of one rule's words read in one sentence (triggers, and zero
// statements apart): a real sentence names an indicator a few times; a
// sentence of hundreds is a text built to make the matching work grow with
// the square of its length.
constexpr size_t kMaxStatementsPerSentence = 32;
constexpr size_t kEvidenceContextBytes = 240;

void SetEvidence(absl::string_view text, size_t start, size_t end, size_t sentence_start,
                 size_t sentence_end, fazhi::v1::Evidence* evidence) {
  evidence->set_start(static_cast<int64_t>(start));
  evidence->set_end(static_cast<int64_t>(end));
  evidence->set_quote(std::string(text.substr(start, end - start)));
  if (sentence_end - sentence_start > kMaxEvidenceTextBytes) {
    auto on_boundary = [&](size_t p) {
      while (p > 0 && p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
      return p;
    };
    sentence_start = on_boundary(std::max(
        sentence_start, start > kEvidenceContextBytes ? start - kEvidenceContextBytes : size_t{0}));
    sentence_end = on_boundary(std::min(sentence_end, end + kEvidenceContextBytes));
    if (sentence_end < end) sentence_end = end;
  }
  evidence->set_text(std::string(text.substr(sentence_start, sentence_end - sentence_start)));
}

// Whether some quantity in the sentence could answer the rule at all: most
// sentences that name a rule's words state no count in its units.
bool AnyCandidate(const CompiledRule& rule, const std::vector<NumberMention>& mentions) {
  for (const NumberMention& m : mentions) {
    if (m.Countable() && UnitAllowed(rule, m)) return true;
  }
  return false;
}

// Where the trigger scan saw a rule's words in one sentence: the first and
// last end offsets (in the sentence) of its triggers and of its zero
// statements; 0 for none. Every match holds words the scan saw: none
// starts earlier than the first minus the rule's lead (its longest stretch
// up to those words) or ends later than the last plus its longest match,
// and the one that holds the last ends at or after it, so the exact
// matching looks only between and stops there.
struct RuleWordsSeen {
  size_t trigger_first = 0;
  size_t trigger_end = 0;
  size_t zero_first = 0;
  size_t zero_end = 0;
};

// Where exact matching may start: no match begins more than `lead_bytes`
// (0: any distance) before the end of the first words the scan saw.
size_t SearchStart(size_t first_end, size_t lead_bytes) {
  return lead_bytes == 0 || first_end < lead_bytes ? 0 : first_end - lead_bytes;
}

// Where exact matching may stop: no match ends after this. A match holds
// the scan's words, which end at `last_end` at the latest, and is no longer
// than `max_bytes`.
size_t SearchEnd(size_t last_end, size_t max_bytes, absl::string_view sentence) {
  return max_bytes == 0 ? sentence.size() : std::min(sentence.size(), last_end + max_bytes);
}

// Whether a statement says it is the total (共计, 合计, 全年共 ...) within
// its own clause, up to a few characters before the trigger.
bool StatesTotal(absl::string_view text, const fazhi::v1::Indicator& indicator) {
  size_t end = static_cast<size_t>(indicator.evidence().end());
  size_t start = ClauseStartBefore(text, static_cast<size_t>(indicator.evidence().start()), 8);
  absl::string_view clause = text.substr(start, end - start);
  if (size_t newline = clause.rfind('\n'); newline != absl::string_view::npos) {
    clause.remove_prefix(newline + 1);
  }
  for (absl::string_view marker : {"共计", "合计", "总计", "总共", "共有", "总数", "全年共"}) {
    if (text::ContainsWord(clause, marker)) return true;
  }
  return false;
}

// Whether `opening` starts with a body of one of `levels`: the level's
// character, then within a few characters the word that ends a body's name
// (县司法局, 县人民调解委员会, 市中级人民法院), not a word that merely
// starts with it (市场监管所, 区域, 县域).
bool OpensWithUpperBody(absl::string_view opening, const std::vector<std::string>& levels) {
  constexpr size_t kMaxBodyChars = 12;
  for (const std::string& level : levels) {
    if (!absl::StartsWith(opening, level)) continue;
    absl::string_view rest = opening.substr(level.size());
    // 县委 and its offices (县委依法治县办), 县政府 and its meetings.
    if (absl::StartsWith(rest, "委") || absl::StartsWith(rest, "政府")) return true;
    if (!absl::StartsWith(rest, "民政")) {  // 县民政局 is a body, 市民 are people
      for (absl::string_view word : {"场", "民", "域", "内", "级", "乡", "直", "情"}) {
        if (absl::StartsWith(rest, word)) return false;
      }
    }
    // The name ends within a few characters, and before any clause break.
    size_t end = 0;
    for (size_t k = 0; k < kMaxBodyChars && end < rest.size(); ++k) {
      size_t next =
          std::min(rest.size(), end + text::Utf8Length(static_cast<unsigned char>(rest[end])));
      if (HasClauseBreak(rest.substr(end, next - end))) break;
      end = next;
    }
    absl::string_view name = rest.substr(0, end);
    for (absl::string_view body :
         {"局", "中心", "委员会", "法院", "检察院", "办公室", "人民政府"}) {
      if (text::ContainsWord(name, body)) return true;
    }
  }
  return false;
}

// Where the sentence that holds `at` starts (after the last 。 \n ; ! ?
// before it), when that is within a few clauses of it: what the
// sentence's first clause says (全县…, 2023年,) carries that far; nullopt
// further. Read byte by byte: 。 is E3 80 82, and its last byte is no
// lead byte.
std::optional<size_t> SentenceStartNear(absl::string_view text, size_t at) {
  constexpr size_t kMaxCarriedBytes = 240;
  size_t start = at;
  while (start > 0) {
    const unsigned char b = static_cast<unsigned char>(text[start - 1]);
    if (b == '\n' || b == ';' || b == '!' || b == '?') break;
    if (b == 0x82 && start >= 3 && text.substr(start - 3, 3) == "。") break;
    if (at - (start - 1) > kMaxCarriedBytes) return std::nullopt;
    --start;
  }
  return start;
}

// What a sentence says before the clause at `clause_start`: its opening
// clauses, from `sentence_start` (SentenceStartNear); empty when there is
// none or the sentence starts too far back.
absl::string_view OpeningBefore(absl::string_view text, std::optional<size_t> sentence_start,
                                size_t clause_start) {
  if (!sentence_start.has_value() || *sentence_start >= clause_start) return {};
  return text.substr(*sentence_start, clause_start - *sentence_start);
}

// Whether a statement's clause opens (perhaps after one character, 在全县)
// with one of `wider_scopes`, or with a body of one of `upper_levels`.
// `sentence_start`: SentenceStartNear of the statement, as for the year
// checks below.
bool OfWiderScope(absl::string_view text, const fazhi::v1::Indicator& indicator,
                  const ReportScope& scope, std::optional<size_t> sentence_start) {
  const std::vector<std::string>& wider_scopes = scope.wider_scopes;
  const std::vector<std::string>& own_names = scope.own_names;
  const std::vector<std::string>& upper_levels = scope.upper_levels;
  if (wider_scopes.empty()) return false;
  size_t at = static_cast<size_t>(indicator.evidence().start());
  absl::string_view clause = text.substr(0, at);
  clause.remove_prefix(ClauseStartBefore(text, at, 40));
  if (size_t newline = clause.rfind('\n'); newline != absl::string_view::npos) {
    clause.remove_prefix(newline + 1);
  }
  auto own_path = [&](absl::string_view rest) {
    for (const std::string& own : own_names) {
      if (!own.empty() && absl::StartsWith(rest, own)) return true;
    }
    return false;
  };
  auto opens_wider = [&](absl::string_view clause) {
    absl::string_view after_one = clause.substr(std::min<size_t>(
        clause.size(),
        clause.empty() ? 0 : text::Utf8Length(static_cast<unsigned char>(clause[0]))));
    for (const std::string& scope : wider_scopes) {
      for (absl::string_view opening : {clause, after_one}) {
        if (absl::StartsWith(opening, scope) && !own_path(opening.substr(scope.size()))) {
          return true;
        }
      }
    }
    return OpensWithUpperBody(clause, upper_levels) || OpensWithUpperBody(after_one, upper_levels);
  };
  if (opens_wider(clause)) return true;
  // A later clause with no subject of its own goes on with the wider
  // area's figures of the sentence's first clause: "全县共排查纠纷3260件,
  // 化解3198件" (not "…,其中我镇…", nor after an opening that gives no
  // figure: "按全县统一部署,开展…").
  // (Within a few clauses: a figure further on is read on its own.)
  if (!sentence_start.has_value()) return false;
  absl::string_view before = text.substr(*sentence_start, at - *sentence_start);
  size_t first_end = 0;
  while (first_end < before.size() && before[first_end] != ',') ++first_end;
  if (first_end >= before.size()) return false;  // the figure is in the first clause
  absl::string_view first = before.substr(0, first_end);
  if (!opens_wider(first) || std::none_of(first.begin(), first.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      })) {
    return false;
  }
  absl::string_view later = before.substr(first_end);
  for (absl::string_view own : {"其中", "我", "本镇", "本乡", "本街道", "本区", "本县", "本局"}) {
    if (absl::StrContains(later, own)) return false;
  }
  for (const std::string& own : own_names) {
    if (!own.empty() && absl::StrContains(later, own)) return false;
  }
  return true;
}

// `s` without what 《》 enclose: the years in a title ("《法治中国建设规划
// (2020-2025年)》") date no figure.
std::string OutsideTitles(absl::string_view s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = text::Utf8Length(static_cast<unsigned char>(s[i]));
    absl::string_view c = s.substr(i, n);
    if (c == "《") ++depth;
    if (depth == 0) out.append(c.data(), c.size());
    if (c == "》" && depth > 0) --depth;
    i += n;
  }
  return out;
}

// Whether a statement's clause gives a count of several years: "近三年
// 累计调解纠纷300件", "五年来" (not "2023年以来"). Like a wider area's, it
// is not the year's figure. A rate held over the years ("多年来参考率均为
// 100%") is still the year's.
bool OfSeveralYears(absl::string_view text, const fazhi::v1::Indicator& indicator,
                    std::optional<size_t> sentence_start) {
  if (indicator.unit() == "%") return false;
  static const RE2* const kSeveralYears = new RE2(
      "近(?:[两二三四五六七八九十]|[0-9]{1,2})年|(?:^|[^0-9])(?:[两二三四五六七八九十]+|[0-9]{1,2})"
      "年(?:以)?来|多年来|20[0-9]{2}年?(?:至|到|-|—|~)20[0-9]{2}年|"
      "十[一二三四五六]五”?(?:期间|以来|来)");
  size_t at = static_cast<size_t>(indicator.evidence().start());
  size_t start = ClauseStartBefore(text, at, 20);
  // Never inside a number: "23年以来" of 2023年以来 is no span of years.
  while (start > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[start - 1]))) --start;
  // A span of years that opens the sentence as a clause of its own counts
  // all of it: "“十四五”以来,共审查合同318份", "2021年至2023年,…".
  absl::string_view opening = OpeningBefore(text, sentence_start, start);
  size_t comma = opening.find(',');
  if (comma != absl::string_view::npos && text::CodePointCount(opening.substr(0, comma)) <= 12 &&
      RE2::PartialMatch(Piece(opening.substr(0, comma)), *kSeveralYears)) {
    return true;
  }
  absl::string_view clause =
      text.substr(start, static_cast<size_t>(indicator.evidence().end()) - start);
  // Every span of years names 年 or a plan's 十…五; most clauses name neither.
  if (clause.find("年") == absl::string_view::npos &&
      clause.find("五") == absl::string_view::npos) {
    return false;
  }
  return RE2::PartialMatch(Piece(OutsideTitles(clause)), *kSeveralYears);
}

// Whether a statement's clause dates it to a year other than the one
// reported on: "2023年本镇受理…" or "上年度调解成功率…" in a report on 2024.
// Not a year that starts a period ("2023年以来", "2023年11月起"), and not
// 上年 as what the figure is compared with ("较上年", "高于上年").
bool OfOtherYear(absl::string_view text, const fazhi::v1::Indicator& indicator, int year,
                 std::optional<size_t> sentence_start) {
  if (year == 0) return false;
  size_t at = static_cast<size_t>(indicator.evidence().start());
  size_t start = ClauseStartBefore(text, at, 20);
  // A year that opens the sentence as a clause of its own dates all of it:
  // "2022年,全镇调解纠纷85起", "截至2023年底,…"; so does a year from which
  // it counts up to now ("自2019年以来,").
  static const RE2* const kOpeningYear =
      new RE2("^(?:在|截至|截止|截止到|到)?(20[0-9]{2})年(?:度)?(?:底|末|里|中|内|全年)?,");
  static const RE2* const kOpeningSince =
      new RE2("^(?:自|从)?(20[0-9]{2})年(?:度)?(?:以来|来)[^,]{0,4},");
  absl::string_view opening = OpeningBefore(text, sentence_start, start);
  int opening_year = 0;
  if (opening.find("20") != absl::string_view::npos && opening.find("20") <= 9 &&
      ((RE2::PartialMatch(Piece(opening), *kOpeningYear, &opening_year) && opening_year != year) ||
       (RE2::PartialMatch(Piece(opening), *kOpeningSince, &opening_year) && opening_year < year))) {
    return true;
  }
  // Every date of a year (2023年, 上年度, 去年) names 年; most clauses name none.
  if (text.substr(start, at - start).find("年") == absl::string_view::npos) return false;
  const std::string outside = OutsideTitles(text.substr(start, at - start));
  const absl::string_view clause = outside;
  for (absl::string_view last : {"上年度", "上一年度", "去年"}) {
    for (size_t p = clause.find(last); p != absl::string_view::npos;
         p = clause.find(last, p + last.size())) {
      absl::string_view before = clause.substr(0, p);
      bool compared = false;
      for (absl::string_view w : {"较", "比", "于", "与", "同", "超"}) {
        compared |= absl::EndsWith(before, w);
      }
      // "去年12月以来", "上年度以来": a period up to the year's end.
      static const RE2* const kPeriod = new RE2("^(?:[0-9一二三四五六七八九十]+月|以来|来|起)");
      if (!compared && !RE2::PartialMatch(Piece(clause.substr(p + last.size())), *kPeriod)) {
        return true;
      }
    }
  }
  static const RE2* const kYear =
      new RE2("(?:^|[^0-9])(20[0-9]{2})年(?:度)?(以来|来|至|到|起|[0-9一二三四五六七八九十]+月)?");
  re2::StringPiece rest = Piece(clause);
  int named = 0;
  std::string period;
  while (RE2::FindAndConsume(&rest, *kYear, &named, &period)) {
    if (period.empty() && named != year) return true;
  }
  return false;
}

// The last character of a trigger span: the head word a coordinated term
// must end in to share its figure.
absl::string_view HeadOf(absl::string_view span) {
  if (span.empty()) return {};
  size_t last = span.size() - 1;
  while (last > 0 && (static_cast<unsigned char>(span[last]) & 0xC0) == 0x80) --last;
  return span.substr(last);
}

// Where the clause that ends right before `clause_start` begins; `clause_start`
// itself when there is none (the sentence starts there).
size_t PreviousClauseStart(absl::string_view s, size_t clause_start) {
  if (clause_start == 0) return 0;
  size_t prev = clause_start - 1;
  while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80) --prev;
  return ClauseStartBefore(s, prev, 60);
}

// The paragraph before a sentence (from its line start) and the heading line
// above the paragraph, when the line before is short enough to be one.
struct ParagraphBefore {
  absl::string_view paragraph;
  absl::string_view heading;
};

ParagraphBefore ParagraphOf(absl::string_view text, size_t sentence_start) {
  ParagraphBefore p;
  absl::string_view before = text.substr(0, sentence_start);
  size_t line_start = before.rfind('\n');
  line_start = line_start == absl::string_view::npos ? 0 : line_start + 1;
  p.paragraph = before.substr(line_start);
  // The nearest non-empty line above.
  size_t end = line_start;
  while (end > 0 && (before[end - 1] == '\n' || before[end - 1] == ' ')) --end;
  size_t start = before.rfind('\n', end == 0 ? 0 : end - 1);
  start = start == absl::string_view::npos || end == 0 ? 0 : start + 1;
  absl::string_view heading = before.substr(start, end - start);
  if (!heading.empty() && text::CodePointCount(heading) <= 40) p.heading = heading;
  return p;
}

// Whether a contextual trigger's conditions hold for the span [ts, te) of
// `sentence`.
bool ContextHolds(const CompiledContextualTrigger& ct, absl::string_view text,
                  size_t sentence_start, absl::string_view sentence, size_t ts) {
  if (ct.sentence_excludes != nullptr &&
      RE2::PartialMatch(Piece(sentence), *ct.sentence_excludes)) {
    return false;
  }
  if (ct.sentence_requires != nullptr &&
      !RE2::PartialMatch(Piece(sentence), *ct.sentence_requires)) {
    return false;
  }
  size_t clause_start = ClauseStartBefore(sentence, ts, 60);
  absl::string_view before = sentence.substr(clause_start, ts - clause_start);
  if (ct.clause_requires != nullptr) {
    size_t clause_end = ClauseEndAfter(sentence, ts, 60);
    if (ct.clause_requires_after && clause_end < sentence.size()) {
      // And the next clause, unless it is a part (其中 ...) of the figure.
      size_t next = clause_end + text::Utf8Length(static_cast<unsigned char>(sentence[clause_end]));
      next = std::min(next, sentence.size());
      if (!absl::StartsWith(sentence.substr(next), "其中")) {
        clause_end = ClauseEndAfter(sentence, next, 60);
      }
    }
    if (!RE2::PartialMatch(Piece(sentence.substr(clause_start, clause_end - clause_start)),
                           *ct.clause_requires)) {
      return false;
    }
  }
  if (ct.clause_excludes != nullptr && RE2::PartialMatch(Piece(before), *ct.clause_excludes)) {
    return false;
  }
  absl::string_view context_scope = sentence;
  if (ct.context_before) {
    size_t part = sentence.find("其中", ClauseEndAfter(sentence, ts, 60));
    if (part != absl::string_view::npos) context_scope = sentence.substr(0, part);
  }
  if (ct.context == nullptr || RE2::PartialMatch(Piece(context_scope), *ct.context)) return true;
  if (!ct.paragraph_context) return false;
  ParagraphBefore p = ParagraphOf(text, sentence_start);
  if (ct.weak_context_excludes != nullptr &&
      (RE2::PartialMatch(Piece(sentence), *ct.weak_context_excludes) ||
       RE2::PartialMatch(Piece(p.heading), *ct.weak_context_excludes))) {
    return false;
  }
  return RE2::PartialMatch(Piece(p.paragraph), *ct.context) ||
         RE2::PartialMatch(Piece(p.heading), *ct.context);
}

// Whether `marker` occurs in `clause` (at `offset` in the sentence) with no
// other quantity between it and the figure at `number_start`: "不少于1次"
// is the requirement's own number, but in "以每两月1次的频次开展学习5次" the
// frequency has its own number and 5次 is the year's figure.
bool MarksFigure(const RE2& marker, absl::string_view clause, size_t offset, size_t number_start,
                 const std::vector<NumberMention>& mentions) {
  re2::StringPiece match;
  size_t pos = 0;
  while (pos <= clause.size() &&
         marker.Match(Piece(clause), pos, clause.size(), RE2::UNANCHORED, &match, 1)) {
    size_t marker_end = offset + (match.data() - clause.data()) + match.size();
    bool between = false;
    for (const NumberMention& m : mentions) {
      between |= m.start >= marker_end && m.end <= number_start;
    }
    if (!between) return true;
    size_t next = match.data() - clause.data() + match.size();
    pos = next > pos ? next : pos + 1;
  }
  return false;
}

// Whether the figure `chosen`, whose statement starts at `span_start` of
// `sentence`, is a requirement or target: a requirement or frequency marker
// of its own in its clause, or, for a count (not a rate), a frequency in the
// clause before when its own clause names no period or total.
bool IsRequirement(const CompiledCatalog& catalog, absl::string_view sentence, size_t span_start,
                   const NumberMention& chosen, const std::vector<NumberMention>& mentions) {
  size_t clause_start = ClauseStartBefore(sentence, std::min(span_start, chosen.start), 60);
  absl::string_view clause = sentence.substr(clause_start, chosen.start - clause_start);
  for (const RE2* marker : {catalog.requirement(), catalog.frequency()}) {
    if (marker != nullptr && MarksFigure(*marker, clause, clause_start, chosen.start, mentions)) {
      return true;
    }
  }
  if (chosen.unit == "%" || catalog.frequency() == nullptr) return false;
  size_t prev_start = PreviousClauseStart(sentence, clause_start);
  if (prev_start == clause_start) return false;
  absl::string_view prev = sentence.substr(prev_start, clause_start - prev_start);
  if (!RE2::PartialMatch(Piece(prev), *catalog.frequency())) return false;
  return catalog.period() == nullptr || !RE2::PartialMatch(Piece(clause), *catalog.period());
}

// Whether a requirement or frequency marker stands in the clause that ends
// in `before` (the text before a zero statement), read across the 、 of a
// list ("力争实现零复议、零诉讼").
bool IsTargetedZero(const CompiledCatalog& catalog, absl::string_view before) {
  size_t clause_start = 0;
  for (absl::string_view mark : {"，", ",", "；", ";", "：", ":"}) {
    size_t at = before.rfind(mark);
    if (at != absl::string_view::npos) clause_start = std::max(clause_start, at + mark.size());
  }
  absl::string_view clause = before.substr(clause_start);
  for (const RE2* marker : {catalog.requirement(), catalog.frequency()}) {
    if (marker != nullptr && RE2::PartialMatch(Piece(clause), *marker)) return true;
  }
  return false;
}

// Whether the words between two figures join them into one list ("2次和
// 3次", "1件、2件").
bool JoinsFigures(absl::string_view between) {
  return between == "和" || between == "、" || between == "及" || between == "与" || between == ",";
}

// Whether mention `index` is one of figures that several subjects have
// respectively ("常委会、常务会议分别听取汇报2次和3次"): 分别 in the clause
// before the trigger at `trigger_start`, and another figure joined right
// after or before this one. Which figure is whose the words do not say. (Where the
// trigger is itself one of the terms before 分别, "参考率、合格率分别为100%、
// 98%", the figures follow the terms' order.)
bool IsRespective(absl::string_view sentence, size_t trigger_start, size_t index,
                  const std::vector<NumberMention>& mentions) {
  const NumberMention& m = mentions[index];
  size_t before = std::min(trigger_start, m.start);
  size_t clause_start = ClauseStartBefore(sentence, before, 60);
  if (sentence.substr(clause_start, before - clause_start).find("分别") ==
      absl::string_view::npos) {
    return false;
  }
  // A figure joined to the next, or the last of such a list.
  if (index + 1 < mentions.size() &&
      JoinsFigures(sentence.substr(m.end, mentions[index + 1].start - m.end))) {
    return true;
  }
  return index > 0 && mentions[index - 1].end <= m.start &&
         JoinsFigures(sentence.substr(mentions[index - 1].end, m.start - mentions[index - 1].end));
}

// Where the phrase around `pos` starts: after the last , ; : 。 ! ? before
// it (not 、, which joins the terms of one phrase), at most `chars` back.
size_t PhraseStartBefore(absl::string_view s, size_t pos, int chars) {
  size_t start = pos;
  for (int k = 0; k < chars && start > 0; ++k) {
    size_t prev = start - 1;
    while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80) --prev;
    absl::string_view c = s.substr(prev, start - prev);
    if (c == "," || c == ";" || c == ":" || c == "。" || c == "!" || c == "?") break;
    start = prev;
  }
  return start;
}

// Bytes of the join of coordinated terms at `i` of `phrase` ("行政复议、
// 行政诉讼案件", "法律咨询与法律援助"); 0 for none, and for the same
// characters inside words (参与, 涉及, 普及).
size_t JoinAt(absl::string_view phrase, size_t i) {
  absl::string_view rest = phrase.substr(i);
  if (absl::StartsWith(rest, "以及")) return 6;
  if (!absl::StartsWith(rest, "、") && !absl::StartsWith(rest, "和") &&
      !absl::StartsWith(rest, "与") && !absl::StartsWith(rest, "及")) {
    return 0;
  }
  absl::string_view before = phrase.substr(0, i);
  for (absl::string_view word : {"参", "涉", "普", "给"}) {
    if (absl::EndsWith(before, word)) return 0;
  }
  return 3;
}

// How many joins of terms `phrase` holds.
size_t TermJoins(absl::string_view phrase) {
  size_t joins = 0;
  for (size_t i = 0; i < phrase.size();) {
    size_t join = JoinAt(phrase, i);
    joins += join > 0;
    i += join > 0 ? join : text::Utf8Length(static_cast<unsigned char>(phrase[i]));
  }
  return joins;
}

// Figures given respectively to terms listed before them ("行政复议、行政
// 诉讼案件分别为1件、2件"): when the trigger [ts, te) is one of the terms
// before a 分别 and a list of figures follows it, the figure in the
// trigger's place; kNoFigure when the terms and figures do not pair one to
// one (which is whose the words do not say); nullopt when the sentence
// says no such thing there.
constexpr int kNoFigure = -1;
struct Respective {
  int figure = kNoFigure;  // index in the mentions
  size_t term_end = 0;     // where the trigger's own term ends
};
std::optional<Respective> RespectiveFigure(absl::string_view sentence, size_t ts, size_t te,
                                           const std::vector<NumberMention>& mentions) {
  static constexpr absl::string_view kRespectively = "分别";
  size_t at = sentence.find(kRespectively, te);
  if (at == absl::string_view::npos) return std::nullopt;
  size_t phrase_start = PhraseStartBefore(sentence, ts, 60);
  if (PhraseStartBefore(sentence, at, 60) != phrase_start) return std::nullopt;
  size_t terms = TermJoins(sentence.substr(phrase_start, at - phrase_start)) + 1;
  if (terms < 2) return std::nullopt;
  size_t place = TermJoins(sentence.substr(phrase_start, ts - phrase_start));
  // The list of figures: the first within a few characters after 分别
  // ("分别为", "分别达到"), the others each joined to the one before.
  size_t after = at + kRespectively.size();
  std::vector<int> figures;
  for (size_t k = 0; k < mentions.size(); ++k) {
    const NumberMention& m = mentions[k];
    if (m.start < after) continue;
    if (figures.empty()) {
      absl::string_view gap = sentence.substr(after, m.start - after);
      if (HasClauseBreak(gap) || text::CodePointCount(gap) > 6) break;
      figures.push_back(static_cast<int>(k));
      continue;
    }
    const size_t previous_end = mentions[figures.back()].end;
    if (!JoinsFigures(sentence.substr(previous_end, m.start - previous_end))) break;
    figures.push_back(static_cast<int>(k));
  }
  if (figures.size() < 2) return std::nullopt;
  Respective r;
  if (figures.size() != terms || place >= terms) return r;
  r.figure = figures[place];
  absl::string_view phrase = sentence.substr(phrase_start, at - phrase_start);
  r.term_end = at;
  for (size_t i = te - phrase_start; i < phrase.size();
       i += text::Utf8Length(static_cast<unsigned char>(phrase[i]))) {
    if (JoinAt(phrase, i) > 0) {
      r.term_end = phrase_start + i;
      break;
    }
  }
  return r;
}

// Whether a figure is negated: "无一起败诉", "没有一件" say there were
// none, not one.
bool Negated(absl::string_view sentence, const NumberMention& m) {
  absl::string_view before = sentence.substr(0, m.start);
  for (absl::string_view word : {"无", "没有", "未有", "未发生", "未出现", "没发生"}) {
    if (absl::EndsWith(before, word)) return true;
  }
  return false;
}

// Every statement of the rule's indicator in one sentence, given the
// quantities numbers::ScanNumbers found in it; `marked`: the sentence has a
// requirement or frequency marker.
void MatchSentence(const CompiledCatalog& catalog, const CompiledRule& compiled,
                   absl::string_view text, size_t sentence_start, size_t sentence_end,
                   const std::vector<NumberMention>& mentions, const RuleWordsSeen& seen,
                   bool marked, std::vector<fazhi::v1::Indicator>* out) {
  const fazhi::v1::IndicatorRule& rule = compiled.rule;
  // This rule's statements go after what `out` holds; sorted there.
  const size_t first_found = out->size();
  absl::string_view sentence = text.substr(sentence_start, sentence_end - sentence_start);

  re2::StringPiece match;
  absl::InlinedVector<std::pair<size_t, size_t>, 4> triggers;  // offsets in sentence
  size_t pos = SearchStart(seen.trigger_first, compiled.trigger_lead_bytes);
  if (seen.trigger_end == 0 || !AnyCandidate(compiled, mentions)) pos = sentence.size() + 1;
  const size_t trigger_endpos = SearchEnd(seen.trigger_end, compiled.trigger_max_bytes, sentence);
  while (pos <= trigger_endpos && compiled.trigger->Match(Piece(sentence), pos, trigger_endpos,
                                                          RE2::UNANCHORED, &match, 1)) {
    size_t ts = match.data() - sentence.data();
    size_t te = ts + match.size();
    triggers.push_back({ts, te});
    if (te >= seen.trigger_end || triggers.size() == kMaxStatementsPerSentence) break;
    pos = te > ts ? te : te + 1;
  }
  absl::InlinedVector<size_t, 4> used;  // mention indices already taken
  for (auto [ts, te] : triggers) {
    if (compiled.context != nullptr &&
        !RE2::PartialMatch(Piece(sentence.substr(0, te)), *compiled.context)) {
      continue;
    }
    absl::string_view span = sentence.substr(ts, te - ts);
    int max_gap = compiled.max_gap_chars;
    if (compiled.plain_trigger != nullptr &&
        !RE2::FullMatch(Piece(span), *compiled.plain_trigger)) {
      // Generic words: they state the indicator only in their context.
      bool holds = false;
      for (const CompiledContextualTrigger& ct : compiled.contextual) {
        if (RE2::FullMatch(Piece(span), *ct.pattern) &&
            ContextHolds(ct, text, sentence_start, sentence, ts)) {
          holds = true;
          if (ct.max_gap_chars > 0) max_gap = std::min(max_gap, ct.max_gap_chars);
          break;
        }
      }
      if (!holds) continue;
    }
    const absl::string_view head = HeadOf(span);
    const NumberMention* chosen = nullptr;
    std::optional<Respective> respective = RespectiveFigure(sentence, ts, te, mentions);
    if (respective.has_value()) {
      if (respective->figure == kNoFigure) continue;
      const NumberMention& m = mentions[respective->figure];
      if (!m.Countable() || !UnitAllowed(compiled, m)) continue;
      chosen = &m;
    }
    // After the trigger, in the same clause, within the gap.
    for (const NumberMention& m : mentions) {
      if (chosen != nullptr) break;
      if (m.start < te) continue;
      if (!GapOk(sentence.substr(te, m.start - te), max_gap, head)) break;
      if (!m.Countable() || !UnitAllowed(compiled, m) || Negated(sentence, m)) continue;
      // "由上年的90%提升至100%": the level it changed from.
      if (StartsWithChangeTo(sentence.substr(m.end))) continue;
      chosen = &m;
      break;
    }
    // Before it: "22件行政应诉案件", "15名工作人员持有行政执法证"; further
    // before it after a count verb: "开展12次中心组集体学法".
    const int after_verb_gap =
        catalog.count_verb_before() != nullptr ? compiled.max_gap_after_verb_chars : 0;
    if (chosen == nullptr && (rule.max_gap_before_chars() > 0 || after_verb_gap > 0)) {
      for (auto it = mentions.rbegin(); it != mentions.rend(); ++it) {
        if (it->end > ts) continue;
        absl::string_view gap = sentence.substr(it->end, ts - it->end);
        bool near = rule.max_gap_before_chars() > 0 && GapOk(gap, rule.max_gap_before_chars());
        // The longer gap holds one noun phrase: no second term joined by
        // 和/及/与 ("开展3次宣传和学法活动" counts the two together).
        if (!near && !(after_verb_gap > 0 && GapOk(gap, after_verb_gap) && !JoinsTerms(gap))) {
          break;
        }
        if (!it->Countable() || !UnitAllowed(compiled, *it) || Negated(sentence, *it)) continue;
        if (!near) {
          size_t verb_start = ClauseStartBefore(sentence, it->start, 5);
          if (!RE2::PartialMatch(Piece(sentence.substr(verb_start, it->start - verb_start)),
                                 *catalog.count_verb_before())) {
            break;
          }
        }
        chosen = &*it;
        break;
      }
    }
    if (chosen == nullptr) continue;
    size_t index = chosen - mentions.data();
    if (std::find(used.begin(), used.end(), index) != used.end()) continue;
    size_t span_start = std::min(ts, chosen->start);
    size_t span_end = std::max(te, chosen->end);
    // Exclusions also look a few characters before the span, within the
    // clause: 办结 in "办结信访件30件" is not a petition count.
    size_t window_start = ClauseStartBefore(sentence, span_start, 4);
    // A figure given respectively is vetoed by its own term's words, not by
    // the other terms between them ("行政复议、行政诉讼案件分别为…").
    const size_t window_end = respective.has_value() ? respective->term_end : span_end;
    if (compiled.exclusion != nullptr &&
        RE2::PartialMatch(Piece(sentence.substr(window_start, window_end - window_start)),
                          *compiled.exclusion)) {
      continue;
    }
    if (compiled.sentence_exclusion != nullptr &&
        RE2::PartialMatch(Piece(sentence), *compiled.sentence_exclusion)) {
      continue;
    }
    const size_t compared_from = ClauseStartBefore(sentence, span_start, 12);
    if (ComparedWithLastYear(sentence.substr(compared_from, span_start - compared_from))) continue;
    if (marked && IsRequirement(catalog, sentence, span_start, *chosen, mentions)) continue;
    if (IsRespective(sentence, ts, index, mentions)) continue;
    used.push_back(index);
    fazhi::v1::Indicator indicator;
    indicator.set_id(rule.id());
    indicator.set_value(chosen->value);
    if (chosen->qualifier == numbers::Qualifier::kRange) {
      indicator.set_value_max(chosen->value_max);
    }
    indicator.set_unit(std::string(chosen->unit));
    indicator.set_qualifier(ToProto(chosen->qualifier));
    SetEvidence(text, sentence_start + span_start, sentence_start + span_end, sentence_start,
                sentence_end, indicator.mutable_evidence());
    indicator.mutable_evidence()->set_verification(Verify(sentence, *chosen));
    out->push_back(std::move(indicator));
  }
  // Zero statements: "无败诉案件", "未发生行政复议案件"; "均胜诉" says it too.
  if (compiled.zero != nullptr && seen.zero_end > 0) {
    pos = SearchStart(seen.zero_first, compiled.zero_lead_bytes);
    const size_t zero_endpos = SearchEnd(seen.zero_end, compiled.zero_max_bytes, sentence);
    size_t zeros = 0;
    while (pos < zero_endpos && zeros++ < kMaxStatementsPerSentence &&
           compiled.zero->Match(Piece(sentence), pos, zero_endpos, RE2::UNANCHORED, &match, 1)) {
      size_t zs = match.data() - sentence.data();
      size_t ze = zs + match.size();
      pos = ze > zs ? ze : ze + 1;
      // The rule's exclusions veto a zero statement too, looking a few
      // characters either side within its clause: "无行政诉讼" in
      // "无行政诉讼败诉案件" says nothing of how many cases there were.
      if (compiled.exclusion != nullptr) {
        size_t window_start = ClauseStartBefore(sentence, zs, 4);
        size_t window_end = ClauseEndAfter(sentence, ze, 4);
        if (RE2::PartialMatch(Piece(sentence.substr(window_start, window_end - window_start)),
                              *compiled.exclusion)) {
          if (ze >= seen.zero_end) break;
          continue;
        }
      }
      // "力争实现零复议、零诉讼": a target, not a statement of the year.
      if (marked && IsTargetedZero(catalog, sentence.substr(0, zs))) {
        if (ze >= seen.zero_end) break;
        continue;
      }
      fazhi::v1::Indicator indicator;
      indicator.set_id(rule.id());
      indicator.set_value(0);
      indicator.set_unit(rule.units(0));
      indicator.set_qualifier(fazhi::v1::QUALIFIER_EXACT);
      SetEvidence(text, sentence_start + zs, sentence_start + ze, sentence_start, sentence_end,
                  indicator.mutable_evidence());
      bool says_none = false;
      for (absl::string_view w : {"无", "未", "没有", "零", "0", "胜诉"}) {
        says_none |= View(match).find(w) != absl::string_view::npos;
      }
      indicator.mutable_evidence()->set_verification(
          says_none ? fazhi::v1::VERIFICATION_VERIFIED : fazhi::v1::VERIFICATION_UNVERIFIED);
      out->push_back(std::move(indicator));
      if (ze >= seen.zero_end) break;
    }
  }
  std::sort(out->begin() + first_found, out->end(),
            [](const fazhi::v1::Indicator& a, const fazhi::v1::Indicator& b) {
              return a.evidence().start() < b.evidence().start();
            });
}

// The areas above the entity's: 全县, 全市 ... for a township; 全省, 全国
// and the city's 全市 for a county. Empty when the level is unknown.
std::vector<std::string> AreasWiderThan(const fazhi::v1::Entity& entity) {
  switch (entity.level()) {
    case fazhi::v1::ENTITY_LEVEL_STREET:
    case fazhi::v1::ENTITY_LEVEL_TOWN:
    case fazhi::v1::ENTITY_LEVEL_TOWNSHIP:
      return {"全县", "全区", "全市", "全旗", "全州", "全盟", "全省", "全国"};
    case fazhi::v1::ENTITY_LEVEL_COUNTY:
    case fazhi::v1::ENTITY_LEVEL_DEPARTMENT: {
      // The county's own word (全县, 全区, 全市 of a county-level city, 全旗)
      // is its own scope; the others above it are wider.
      std::vector<std::string> wider;
      for (const char* scope : {"全市", "全区", "全州", "全盟", "全省", "全国"}) {
        bool own = absl::StrContains(entity.name(), absl::string_view(scope).substr(3));
        if (!own) wider.emplace_back(scope);
      }
      return wider;
    }
    case fazhi::v1::ENTITY_LEVEL_CITY:
      return {"全省", "全区", "全国"};
    default:
      return {};
  }
}

}  // namespace

std::vector<std::string> UpperLevelsOf(const fazhi::v1::Entity& entity) {
  switch (entity.level()) {
    case fazhi::v1::ENTITY_LEVEL_STREET:
    case fazhi::v1::ENTITY_LEVEL_TOWN:
    case fazhi::v1::ENTITY_LEVEL_TOWNSHIP:
      return {"县", "区", "市", "旗", "州", "盟", "省"};
    case fazhi::v1::ENTITY_LEVEL_COUNTY:
    case fazhi::v1::ENTITY_LEVEL_DEPARTMENT: {
      // Not the county's own kind: 市司法局 is a county-level city's own.
      std::vector<std::string> upper;
      for (const char* level : {"市", "州", "盟", "省"}) {
        if (!absl::StrContains(entity.name(), level)) upper.emplace_back(level);
      }
      return upper;
    }
    default:
      return {};
  }
}

std::vector<std::string> WiderScopesOf(const fazhi::v1::Entity& entity) {
  std::vector<std::string> scopes = AreasWiderThan(entity);
  if (scopes.empty()) return scopes;
  // Courts and procuratorates are other bodies: "县法院受理行政诉讼案件30件"
  // is not the government's count.
  for (const char* body : {"人民法院", "法院", "人民检察院", "检察院", "派出所"}) {
    if (!absl::StrContains(entity.name(), body)) scopes.emplace_back(body);
  }
  return scopes;
}
absl::StatusOr<std::vector<fazhi::v1::Indicator>> FindIndicators(const CompiledCatalog& catalog,
                                                                 absl::string_view text,
                                                                 const ReportScope& scope) {
  absl::StatusOr<std::vector<TriggerScanner::Hit>> hits = catalog.FindRuleWords(text);
  if (!hits.ok()) return hits.status();
  std::vector<fazhi::v1::Indicator> result;
  if (hits->empty()) return result;
  std::map<std::string, size_t> by_id;
  // How each entry of `result` ranks against a later statement of its
  // indicator. Whether it says it is the total is worked out only when a
  // second statement turns up (most indicators have one).
  struct Standing {
    bool wider_scope = false;
    std::optional<bool> states_total;
  };
  std::vector<Standing> standings;
  std::vector<RuleWordsSeen> seen(catalog.rules().size());
  std::vector<int> rules;
  std::vector<fazhi::v1::Indicator> found;
  std::vector<NumberMention> mentions;  // of one sentence; its storage reused
  size_t next_hit = 0;
  for (const text::Span& sentence : text::SplitSentences(text)) {
    if (next_hit == hits->size()) break;
    // A hit belongs to the sentence its words end in.
    while (next_hit < hits->size() && (*hits)[next_hit].end <= sentence.start) ++next_hit;
    rules.clear();
    bool any_trigger = false;
    bool marked = false;  // a requirement or frequency marker in the sentence
    for (; next_hit < hits->size() && (*hits)[next_hit].end <= sentence.end; ++next_hit) {
      const TriggerScanner::Hit& hit = (*hits)[next_hit];
      if (catalog.IsMarker(hit)) {
        marked = true;
        continue;
      }
      int rule = CompiledCatalog::RuleOf(hit);
      bool zero = CompiledCatalog::IsZeroStatement(hit);
      RuleWordsSeen& words = seen[rule];
      if (words.trigger_end == 0 && words.zero_end == 0) rules.push_back(rule);
      size_t end = hit.end - sentence.start;
      size_t& first = zero ? words.zero_first : words.trigger_first;
      if (first == 0) first = end;
      (zero ? words.zero_end : words.trigger_end) = end;
      any_trigger |= !zero;
    }
    if (rules.empty()) continue;
    std::sort(rules.begin(), rules.end());
    // Zero statements need no quantities.
    mentions.clear();
    if (any_trigger) numbers::ScanNumbers(sentence.Of(text), &mentions);
    found.clear();
    for (int rule_index : rules) {
      MatchSentence(catalog, catalog.rules()[rule_index], text, sentence.start, sentence.end,
                    mentions, seen[rule_index], marked, &found);
      seen[rule_index] = RuleWordsSeen();
    }
    for (fazhi::v1::Indicator& indicator : found) {
      // Where its sentence starts, found once for the three checks.
      const std::optional<size_t> sentence_start =
          SentenceStartNear(text, static_cast<size_t>(indicator.evidence().start()));
      Standing incoming{OfWiderScope(text, indicator, scope, sentence_start) ||
                            OfSeveralYears(text, indicator, sentence_start) ||
                            OfOtherYear(text, indicator, scope.year, sentence_start),
                        std::nullopt};
      auto it = by_id.find(indicator.id());
      if (it == by_id.end()) {
        by_id[indicator.id()] = result.size();
        standings.push_back(incoming);
        result.push_back(std::move(indicator));
        continue;
      }
      // The first statement stays first unless a later one ranks higher:
      // the entity's own figure over a wider area's, then a stated total
      // ("新取得执法证15名 … 持证执法人员共计86人"). The one that takes the
      // place keeps the others as its alternatives.
      size_t index = it->second;
      Standing& held = standings[index];
      bool replace;
      if (incoming.wider_scope != held.wider_scope) {
        replace = held.wider_scope;
      } else {
        if (!held.states_total.has_value()) held.states_total = StatesTotal(text, result[index]);
        replace = !*held.states_total && StatesTotal(text, indicator);
        if (replace) incoming.states_total = true;
      }
      if (!replace) {
        if (result[index].alternatives_size() < kMaxAlternatives) {
          *result[index].add_alternatives() = std::move(indicator);
        }
        continue;
      }
      fazhi::v1::Indicator& primary = result[index];
      google::protobuf::RepeatedPtrField<fazhi::v1::Indicator> earlier;
      earlier.Swap(primary.mutable_alternatives());
      fazhi::v1::Indicator demoted = std::move(primary);
      primary = std::move(indicator);
      *primary.add_alternatives() = std::move(demoted);
      for (fazhi::v1::Indicator& alternative : earlier) {
        if (primary.alternatives_size() >= kMaxAlternatives) break;
        *primary.add_alternatives() = std::move(alternative);
      }
      held = incoming;
    }
  }
  // A figure stated only for a wider area is not the entity's.
  std::vector<fazhi::v1::Indicator> own;
  for (size_t k = 0; k < result.size(); ++k) {
    if (!standings[k].wider_scope) own.push_back(std::move(result[k]));
  }
  result.swap(own);
  return result;
}

}  // namespace fazhi::engine
