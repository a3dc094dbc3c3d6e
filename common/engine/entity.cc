#include "common/engine/entity.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/engine/dates.h"
#include "common/engine/re2_util.h"
#include "common/gazetteer/names.h"
#include "common/text/find_words.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace fazhi::engine {
namespace {

using gazetteer::Division;
using gazetteer::Level;
using gazetteer::Mention;
using text::Span;

constexpr size_t kHan = 3;
// Reports name themselves in their first pages; places further on are
// other bodies' (and reading them would cost every long report).
constexpr size_t kWindowBytes = 2500;
// A text this long is a whole report, whose last lines are its signature;
// an excerpt's last lines are its body.
constexpr size_t kWholeReportBytes = 8000;
constexpr size_t kHeadLines = 30;
constexpr size_t kTailLines = 8;
// A title is a short line: longer ones are sentences that quote it.
constexpr size_t kMaxTitleBytes = 240;

// What kind of body the text's own wording points to.
enum class Kind {
  kNone,
  kStreet,
  kTown,
  kTownship,
  kCounty,
  kCityOrCounty,
  kDepartment,  // 我局
  kCommission,  // 我委
  kCount
};

struct Found {
  size_t start = 0;
  size_t end = 0;
  std::string name;
  fazhi::v1::EntityLevel level = fazhi::v1::ENTITY_LEVEL_UNSPECIFIED;
  bool ok() const { return !name.empty(); }
};

fazhi::v1::EntityLevel LevelOf(const Division& d) {
  switch (d.level) {
    case Level::kTownship:
      if (absl::EndsWith(d.name, "街道")) return fazhi::v1::ENTITY_LEVEL_STREET;
      if (absl::EndsWith(d.name, "镇")) return fazhi::v1::ENTITY_LEVEL_TOWN;
      return fazhi::v1::ENTITY_LEVEL_TOWNSHIP;
    case Level::kCounty:
      return fazhi::v1::ENTITY_LEVEL_COUNTY;
    case Level::kCity:
      return fazhi::v1::ENTITY_LEVEL_CITY;
    default:
      return fazhi::v1::ENTITY_LEVEL_UNSPECIFIED;
  }
}

bool IsTownshipKind(Kind k) {
  return k == Kind::kStreet || k == Kind::kTown || k == Kind::kTownship;
}

// Whether a division can be the entity that `kind` describes.
bool Fits(const Division& d, Kind kind) {
  switch (kind) {
    case Kind::kStreet:
    case Kind::kTown:
    case Kind::kTownship:
      return d.level == Level::kTownship;
    case Kind::kCounty:
      return d.level == Level::kCounty;
    case Kind::kCityOrCounty:
      return (d.level == Level::kCounty || d.level == Level::kCity) && absl::EndsWith(d.name, "市");
    default:
      return false;
  }
}

// The text's places, by where they start.
class Places {
 public:
  Places(const gazetteer::Gazetteer& g, std::vector<Mention> mentions)
      : g(g), mentions_(std::move(mentions)) {
    for (size_t i = 0; i < mentions_.size(); ++i) by_start_[mentions_[i].start] = i;
  }
  const Mention* StartingAt(size_t pos) const {
    auto it = by_start_.find(pos);
    return it == by_start_.end() ? nullptr : &mentions_[it->second];
  }
  const std::vector<Mention>& all() const { return mentions_; }

  const gazetteer::Gazetteer& g;

 private:
  std::vector<Mention> mentions_;
  absl::flat_hash_map<size_t, size_t> by_start_;
};

// The division of a mention that can be a reporting entity, lowest level
// first (a county and a township of one spelling: the township).
const Division* EntityDivision(const Mention& m) {
  const Division* best = nullptr;
  for (const Division* d : m.divisions) {
    if (d->level == Level::kProvince) continue;
    if (best == nullptr || d->level > best->level) best = d;
  }
  return best;
}

Found FromPlace(absl::string_view text, const Mention& m) {
  Found f;
  const Division* d = EntityDivision(m);
  if (d == nullptr) return f;
  f.start = m.start;
  f.end = m.end;
  f.name = std::string(d->name);
  f.level = LevelOf(*d);
  return f;
}

// Organ words that stand between or after place names in a title or
// signature: 中共X区委 X区人民政府, X街道办事处, X镇党委.
size_t OrganWordAt(absl::string_view text, size_t pos) {
  for (absl::string_view w : {"人民政府", "办事处", "党工委", "工作委员会", "委员会", "党委",
                              "政府", "中共", "委", " ", "、", "和", "\t"}) {
    if (text::HasAt(text, pos, w)) return w.size();
  }
  return 0;
}

// "城市管理局…", "司法局…", "卫生健康委员会…": a department's own name at
// `pos`, up to its first 局 (or 委员会) within a few characters; 0 when none.
// The party's committees (县委, 工作委员会, 全面依法治县委员会) are no
// departments.
size_t DepartmentAt(absl::string_view text, size_t pos, size_t limit) {
  // Words of sentences, not of departments' names (which do hold 和:
  // 住房和城乡建设局).
  static constexpr std::u32string_view kNotInName =
      U"的了在坚深推全以认积紧始不围落着切把将按根严对为于年党委是等各我本";
  size_t at = pos;
  for (int chars = 0; chars < 16 && at + kHan <= limit; ++chars) {
    int len;
    char32_t cp = text::DecodeAt(text, at, &len);
    if (len != static_cast<int>(kHan) || !text::IsHan(cp)) return 0;
    if (chars >= 2 && text::HasAt(text, at, "委员会") && at + 3 * kHan <= limit) {
      absl::string_view name = text.substr(pos, at - pos);
      if (absl::StrContains(name, "依法") || absl::StrContains(name, "工作")) return 0;
      return at + 3 * kHan - pos;
    }
    at += kHan;
    if (cp == U'局') return chars >= 1 ? at - pos : 0;
    if (kNotInName.find(cp) != std::u32string_view::npos) return 0;
  }
  return 0;
}

bool CanHaveDepartments(const Mention* m) {
  if (m == nullptr) return true;
  const Division* d = EntityDivision(*m);
  return d != nullptr && (d->level == Level::kCounty || d->level == Level::kCity);
}

bool CanHaveTownships(const Mention* m) {
  const Division* d = EntityDivision(*m);
  return d != nullptr && d->level != Level::kTownship;
}

// Characters that begin words, not place names, or join them: 全镇, 我镇,
// 各乡, 城乡, 现就我镇 ...
constexpr std::u32string_view kNotInPlaceName =
    U"全我本各该在将对和与及城乡村集市县区省到至从向为是的了、镇街道现就根据明确个年度";

// A township name that fills [pos, limit) but for organ words after it:
// two to five characters and a township suffix.
Found UnlistedName(absl::string_view text, size_t pos, size_t limit) {
  size_t end = limit;
  for (absl::string_view organ : {"人民政府", "办事处", "党委", "政府"}) {
    if (end - pos > organ.size() && text.substr(end - organ.size(), organ.size()) == organ) {
      end -= organ.size();
      break;
    }
  }
  absl::string_view name = text.substr(pos, end - pos);
  for (auto [suffix, level] : {std::pair<absl::string_view, fazhi::v1::EntityLevel>{
                                   "街道", fazhi::v1::ENTITY_LEVEL_STREET},
                               {"苏木", fazhi::v1::ENTITY_LEVEL_TOWNSHIP},
                               {"镇", fazhi::v1::ENTITY_LEVEL_TOWN},
                               {"乡", fazhi::v1::ENTITY_LEVEL_TOWNSHIP}}) {
    if (!absl::EndsWith(name, suffix)) continue;
    size_t stem = name.size() - suffix.size();
    if (stem < 2 * kHan || stem > 5 * kHan) return Found();
    for (size_t at = 0; at < stem;) {
      int len;
      char32_t cp = text::DecodeAt(name, at, &len);
      if (len != static_cast<int>(kHan) || !text::IsHan(cp) ||
          kNotInPlaceName.find(cp) != std::u32string_view::npos) {
        return Found();
      }
      at += len;
    }
    Found f;
    f.start = pos;
    f.end = end;
    f.name = std::string(name);
    f.level = level;
    return f;
  }
  return Found();
}

// The township of `county` that the name at [pos, limit) spells another
// way, when exactly one does.
Found TownshipOfCounty(absl::string_view text, size_t pos, size_t limit, const Places& places,
                       const Division& county) {
  size_t end = pos;
  size_t name_end = 0;
  for (int chars = 0; chars < 10 && end + kHan <= limit; ++chars) {
    int len;
    if (!text::IsHan(text::DecodeAt(text, end, &len)) || len != static_cast<int>(kHan)) break;
    end += kHan;
    absl::string_view so_far = text.substr(pos, end - pos);
    if (absl::EndsWith(so_far, "街道") || absl::EndsWith(so_far, "镇") ||
        absl::EndsWith(so_far, "乡")) {
      name_end = end;
      break;
    }
  }
  Found f;
  if (name_end == 0) return f;
  absl::string_view written = text.substr(pos, name_end - pos);
  const Division* match = nullptr;
  for (const Division* t : places.g.TownshipsOf(county.code)) {
    if (!gazetteer::SpellsTownship(written, t->name)) continue;
    if (match != nullptr) return f;
    match = t;
  }
  if (match == nullptr) return f;
  f.start = pos;
  f.end = name_end;
  f.name = std::string(match->name);
  f.level = LevelOf(*match);
  return f;
}

// Reads a name such as "宁乡市夏铎铺镇", "西安市临潼区人民政府",
// "中共X区委 X区人民政府", "柳州市城市管理局" or "区市场监管局" from
// [pos, limit): the lowest place of the chain, or a department of the
// last place. Without `whole`, text may follow the name.
Found ReadName(absl::string_view text, size_t pos, size_t limit, const Places& places, bool whole) {
  const Mention* last = nullptr;
  size_t place_start = pos;
  size_t at = pos;
  while (at < limit) {
    if (const Mention* m = places.StartingAt(at); m != nullptr && m->end <= limit) {
      last = m;
      at = m->end;
      continue;
    }
    // A department right after its place: 随县交通运输局.
    if (size_t dept = CanHaveDepartments(last) ? DepartmentAt(text, at, limit) : 0; dept > 0) {
      Found f;
      // Without a place: 区市场监管局 or 城市管理局, as written.
      f.start = last != nullptr ? last->start : at;
      f.end = at + dept;
      f.name = std::string(text.substr(f.start, f.end - f.start));
      f.level = fazhi::v1::ENTITY_LEVEL_DEPARTMENT;
      if (whole && f.end < limit) {
        size_t after = f.end;
        while (after < limit && OrganWordAt(text, after) > 0) after += OrganWordAt(text, after);
        if (after < limit) return Found();
      }
      return f;
    }
    // The government's own office is a department: X县人民政府办公室.
    for (absl::string_view office : {"人民政府办公室", "政府办公室"}) {
      if (last != nullptr && CanHaveDepartments(last) && text::HasAt(text, at, office) &&
          at + office.size() <= limit) {
        Found f;
        f.start = last->start;
        f.end = at + office.size();
        f.name = std::string(text.substr(f.start, f.end - f.start));
        f.level = fazhi::v1::ENTITY_LEVEL_DEPARTMENT;
        if (whole && f.end < limit) return Found();
        return f;
      }
    }
    if (size_t organ = OrganWordAt(text, at); organ > 0) {
      at += organ;
      continue;
    }
    // 区/县/市 + 司法局 …: a department named by its level only.
    if (last == nullptr && at == place_start) {
      int len;
      char32_t cp = text::DecodeAt(text, at, &len);
      if ((cp == U'区' || cp == U'县' || cp == U'市' || cp == U'旗')) {
        if (size_t dept = DepartmentAt(text, at + kHan, limit); dept > 0) {
          Found f;
          f.start = at;
          f.end = at + kHan + dept;
          f.name = std::string(text.substr(f.start, f.end - f.start));
          f.level = fazhi::v1::ENTITY_LEVEL_DEPARTMENT;
          if (whole && f.end < limit) return Found();
          return f;
        }
      }
    }
    break;
  }
  if (whole && at < limit && (last == nullptr || CanHaveTownships(last))) {
    // A township the gazetteer does not list yet (new, renamed), named by a
    // title: "新区街道2024年…报告".
    if (Found f = UnlistedName(text, at, limit); f.ok()) return f;
  }
  if (last == nullptr) return Found();
  if (at < limit) {
    const Division* county = EntityDivision(*last);
    if (county != nullptr && county->level == Level::kCounty) {
      Found f = TownshipOfCounty(text, at, limit, places, *county);
      if (f.ok() && (!whole || f.end == limit || OrganWordAt(text, f.end) > 0)) return f;
    }
  }
  if (whole && at < limit) return Found();
  return FromPlace(text, *last);
}

// Lines of the page before its body: navigation, title, 发布机构 lines,
// salutation and the opening paragraph.
std::vector<Span> HeadLines(absl::string_view text, const std::vector<Span>& lines) {
  std::vector<Span> head;
  for (const Span& line : lines) {
    if (head.size() >= kHeadLines || line.start > kWindowBytes) break;
    std::optional<text::Heading> h = text::ParseHeading(line.Of(text));
    if (h.has_value() && h->level == 1) break;
    head.push_back(line);
  }
  return head;
}

bool LooksLikeTitle(absl::string_view line) {
  if (line.size() > kMaxTitleBytes) return false;
  // Breadcrumbs: 首页>专题专栏>法治政府建设年度报告.
  if (absl::StrContains(line, ">") || text::ContainsWord(line, "当前位置")) return false;
  if (!text::ContainsWord(line, "法治") && !text::ContainsWord(line, "依法")) return false;
  if (!text::ContainsWord(line, "报告") && !text::ContainsWord(line, "总结") &&
      !text::ContainsWord(line, "情况")) {
    return false;
  }
  // Sentences quote titles; titles hold no commas.
  return !absl::StrContains(line, ",") && !text::ContainsWord(line, "。") &&
         !text::ContainsWord(line, "《");
}

// Where the name part of a title ends: at 关于, the year, or the words of
// the report's subject.
size_t NamePartEnd(absl::string_view line, size_t from) {
  size_t end = line.size();
  for (absl::string_view w : {"关于", "法治", "依法", "年度", "(", " -", "党政", "推进"}) {
    size_t p = line.find(w, from);
    if (p != absl::string_view::npos) end = std::min(end, p);
  }
  // A year: four digits, 19xx or 20xx.
  for (size_t p = from; p + 4 <= end; ++p) {
    if ((line.substr(p, 2) == "19" || line.substr(p, 2) == "20") &&
        absl::ascii_isdigit(static_cast<unsigned char>(line[p + 2])) &&
        absl::ascii_isdigit(static_cast<unsigned char>(line[p + 3]))) {
      end = p;
      break;
    }
  }
  return end;
}

// With `skip_links`, not the titles of other reports that the page links
// to (相关文章, 上一篇: LinksToOtherPage).
Found FromTitle(absl::string_view text, const std::vector<Span>& head, const Places& places,
                bool skip_links) {
  static const RE2 kLead("^(?:\\s|标题:|标题|•|-|\\*|#)*(?:(?:19|20)\\d\\d年度?)?(?:关于)?");
  for (size_t i = 0; i < head.size(); ++i) {
    absl::string_view line = head[i].Of(text);
    if (!LooksLikeTitle(line) || (skip_links && LinksToOtherPage(text, head, i))) continue;
    re2::StringPiece rest = Piece(line);
    RE2::Consume(&rest, kLead);
    size_t from = rest.data() - line.data();
    size_t end = NamePartEnd(line, from);
    if (end > from) {
      Found f = ReadName(text, head[i].start + from, head[i].start + end, places, true);
      if (f.ok()) return f;
    }
    // "关于2024年度…的报告" under an organ line: "X县人民政府", "中共X区委
    // X区人民政府", "X街道办事处".
    if (end == from || absl::StartsWith(line, "关于")) {
      for (size_t back = 1; back <= 2 && back <= i; ++back) {
        const Span& organ = head[i - back];
        // Not above the site's navigation: that is the site's banner
        // ("X县人民政府" over "首页 > 镇办信息公开 > Y镇"), not the issuer.
        if (organ.end - organ.start > 120 || IsNavigation(organ.Of(text))) break;
        Found f = ReadName(text, organ.start, organ.end, places, true);
        if (f.ok()) return f;
      }
    }
  }
  return Found();
}

// The words that open the next field of a page's information line.
bool StartsPageField(absl::string_view text, size_t at) {
  for (absl::string_view field : {"发布", "日期", "时间", "作者", "浏览", "点击", "阅读", "访问",
                                  "字号", "编辑", "责任编辑", "文章来源", "信息来源"}) {
    if (text::HasAt(text, at, field)) return true;
  }
  return false;
}

// "发布机构: X镇人民政府", "来源: X县人民政府", "责任部门 X镇": the publisher
// named by a place. A department without one (来源: 县司法局) is most often
// the office that posted another body's page: taken only with `bare_ok`,
// when the body calls itself 我局.
Found FromPublisherLine(absl::string_view text, const std::vector<Span>& head, const Places& places,
                        bool bare_ok = false) {
  for (const Span& line : head) {
    absl::string_view s = line.Of(text);
    for (absl::string_view key :
         {"发布机构", "信息来源", "来源", "责任部门", "发文机关", "所属单位"}) {
      size_t p = s.find(key);
      if (p == absl::string_view::npos) continue;
      size_t at = line.start + p + key.size();
      while (at < line.end &&
             (text[at] == ':' || text[at] == ' ' || text[at] == '|' || text[at] == '\t')) {
        ++at;
      }
      // The name runs to the next field of the line ("来源: X局 发布日期:
      // ...", whose space normalisation drops between Han characters).
      size_t stop = at;
      while (stop < line.end && !StartsPageField(text, stop)) {
        int len;
        char32_t cp = text::DecodeAt(text, stop, &len);
        if (!text::IsHan(cp)) break;
        stop += len;
      }
      if (stop == at) continue;
      Found f = ReadName(text, at, stop, places, true);
      if (f.ok() && f.level != fazhi::v1::ENTITY_LEVEL_DEPARTMENT) return f;
      if (f.ok() && (bare_ok || places.StartingAt(f.start) != nullptr)) return f;
    }
  }
  return Found();
}

// The signature at the end of a whole report: a short line that is only a
// name ("青山镇人民政府", "中共X区委 X区人民政府"), above or beside its date.
// The last `n` non-empty lines of `text`, last first, found from its end.
std::vector<Span> LastLines(absl::string_view text, size_t n) {
  std::vector<Span> out;
  size_t end = text.size();
  while (end > 0 && out.size() < n) {
    size_t start = text.rfind('\n', end - 1);
    start = start == absl::string_view::npos ? 0 : start + 1;
    if (end > start) out.push_back({start, end});
    end = start > 0 ? start - 1 : 0;
  }
  return out;
}

Found FromSignature(absl::string_view text, const gazetteer::Gazetteer& g) {
  if (text.size() < kWholeReportBytes) return Found();
  for (const Span& line : LastLines(text, kTailLines)) {
    if (line.end - line.start > 90) continue;
    // Mentions of the line alone, at the text's offsets.
    std::vector<Mention> mentions = g.names().MentionsIn(line.Of(text));
    for (Mention& m : mentions) {
      m.start += line.start;
      m.end += line.start;
    }
    Places here(g, std::move(mentions));
    Found f = ReadName(text, line.start, line.end, here, true);
    if (f.ok()) return f;
  }
  return Found();
}

Kind KindOfSelfReference(absl::string_view after) {
  if (absl::StartsWith(after, "街")) return Kind::kStreet;
  if (absl::StartsWith(after, "镇")) return Kind::kTown;
  if (absl::StartsWith(after, "乡")) return Kind::kTownship;
  if (absl::StartsWith(after, "县") || absl::StartsWith(after, "区") ||
      absl::StartsWith(after, "旗")) {
    return Kind::kCounty;
  }
  if (absl::StartsWith(after, "市")) return Kind::kCityOrCounty;
  if (absl::StartsWith(after, "局")) return Kind::kDepartment;
  if (absl::StartsWith(after, "委")) return Kind::kCommission;
  return Kind::kNone;
}

// The subject of the opening sentence, after its year and "在…领导下"
// clauses: a named place or department, or only a kind (我镇, 县政府).
Found FromOpening(absl::string_view text, const std::vector<Span>& head, const Places& places,
                  Kind* kind) {
  // Unbounded repeats: counted ones ({0,80}) cost RE2 milliseconds to
  // compile, paid by every process at its first report.
  static const RE2 kPreamble(
      "^(?:\\s+|(?:(?:19|20)\\d\\d|今)年度?(?:以来|来)?(?:是[^,。]*?)?,?|(?:一年|近年)来,?|过去的?"
      "一年(?:里|中)?,?|"
      "在[^,。]+?(?:领导|指导|支持|监督|关心|关怀)下,?|按照[^,。]*,|根据[^,。]*,|"
      "现将|现就)");
  int tried = 0;
  for (const Span& line : head) {
    absl::string_view s = line.Of(text);
    if (s.size() < 60 || !absl::StrContains(s, ",")) continue;
    if (++tried > 2) break;
    re2::StringPiece rest = Piece(s);
    while (!rest.empty() && RE2::Consume(&rest, kPreamble)) {
    }
    size_t at = line.start + (rest.data() - s.data());
    Found f = ReadName(text, at, std::min(line.end, at + 60), places, false);
    if (f.ok()) return f;
    absl::string_view r = View(rest);
    if (absl::StartsWith(r, "我") || absl::StartsWith(r, "本")) {
      *kind = KindOfSelfReference(r.substr(kHan));
      if (*kind != Kind::kNone) return Found();
    }
    // "县委、县政府坚持", "市政府坚持", "镇党委…".
    for (auto [word, k] : {std::pair<absl::string_view, Kind>{"县委", Kind::kCounty},
                           {"县政府", Kind::kCounty},
                           {"县人民政府", Kind::kCounty},
                           {"区委", Kind::kCounty},
                           {"区政府", Kind::kCounty},
                           {"区人民政府", Kind::kCounty},
                           {"旗委", Kind::kCounty},
                           {"旗政府", Kind::kCounty},
                           {"市委", Kind::kCityOrCounty},
                           {"市政府", Kind::kCityOrCounty},
                           {"市人民政府", Kind::kCityOrCounty},
                           {"镇党委", Kind::kTown},
                           {"镇政府", Kind::kTown},
                           {"乡党委", Kind::kTownship},
                           {"乡政府", Kind::kTownship},
                           {"街道", Kind::kStreet}}) {
      if (absl::StartsWith(r, word)) {
        *kind = k;
        return Found();
      }
    }
  }
  return Found();
}

// The kind the body's self-references (我镇, 本街道, 我局 …) name most.
Kind KindOfBody(absl::string_view window) {
  int counts[static_cast<int>(Kind::kCount)] = {};
  text::ForEachWord(window, {"我", "本"}, [&](size_t pos, size_t) {
    Kind k = KindOfSelfReference(window.substr(pos + kHan, kHan));
    ++counts[static_cast<int>(k)];
  });
  int best = 0;
  for (int k = 1; k < static_cast<int>(Kind::kCount); ++k) {
    if (counts[k] > counts[best] || (best == 0 && counts[k] > 0)) best = k;
  }
  return best == 0 || counts[best] == 0 ? Kind::kNone : static_cast<Kind>(best);
}

// The place of `kind` the window names most (the earliest of equals).
Found MostNamed(absl::string_view text, const Places& places, Kind kind, absl::string_view suffix) {
  absl::flat_hash_map<const Division*, int> counts;
  const Mention* best = nullptr;
  int best_count = 0;
  for (const Mention& m : places.all()) {
    for (const Division* d : m.divisions) {
      if (!Fits(*d, kind)) continue;
      if (!suffix.empty() && !absl::EndsWith(text.substr(m.start, m.end - m.start), suffix) &&
          !absl::EndsWith(d->name, suffix)) {
        continue;
      }
      int n = ++counts[d];
      if (n > best_count) {
        best_count = n;
        best = &m;
      }
    }
  }
  if (best == nullptr) return Found();
  Found f;
  for (const Division* d : best->divisions) {
    if (Fits(*d, kind) && counts[d] == best_count) {
      f.start = best->start;
      f.end = best->end;
      f.name = std::string(d->name);
      f.level = LevelOf(*d);
      break;
    }
  }
  return f;
}

// A county named only as 我区 / 我县: the one county that holds two or more
// of the townships the text names, when no other holds as many.
Found CountyOfTownships(const gazetteer::Gazetteer& g, const Places& places) {
  absl::flat_hash_map<const Division*, absl::flat_hash_map<const Division*, bool>> by_county;
  for (const Mention& m : places.all()) {
    for (const Division* d : m.divisions) {
      if (d->level != Level::kTownship) continue;
      if (const Division* county = g.CountyOf(*d)) by_county[county][d] = true;
    }
  }
  const Division* best = nullptr;
  size_t best_n = 0, second_n = 0;
  for (const auto& [county, towns] : by_county) {
    if (towns.size() > best_n) {
      second_n = best_n;
      best_n = towns.size();
      best = county;
    } else if (towns.size() > second_n) {
      second_n = towns.size();
    }
  }
  Found f;
  if (best == nullptr || best_n < 2 || second_n == best_n) return f;
  f.name = std::string(best->name);
  f.level = fazhi::v1::ENTITY_LEVEL_COUNTY;
  return f;
}

// A department named in full somewhere in the window ("X县应急管理局" in
// the title of a plan it issued): the one named most, its place included.
Found MostNamedDepartment(absl::string_view text, const Places& places, size_t limit,
                          absl::string_view short_name, absl::string_view ending = "") {
  absl::flat_hash_map<std::string, int> counts;
  Found best;
  int best_count = 0;
  for (const Mention& m : places.all()) {
    const Division* d = EntityDivision(m);
    if (d == nullptr || d->level == Level::kTownship) continue;
    size_t dept = DepartmentAt(text, m.end, limit);
    if (dept == 0) continue;
    std::string name(text.substr(m.start, m.end + dept - m.start));
    if (!absl::EndsWith(name, ending)) continue;
    // "市司法局" is the short form of "南阳市司法局" only; "城市管理局" of
    // any "X城市管理局".
    if (!short_name.empty()) {
      absl::string_view first = short_name.substr(0, kHan);
      bool level_only = first == "区" || first == "县" || first == "市" || first == "旗";
      if (level_only ? !absl::EndsWith(name, short_name.substr(kHan)) ||
                           !absl::EndsWith(text.substr(m.start, m.end - m.start), first)
                     : !absl::EndsWith(name, short_name)) {
        continue;
      }
    }
    int n = ++counts[name];
    if (n > best_count) {
      best_count = n;
      best.start = m.start;
      best.end = m.end + dept;
      best.name = name;
      best.level = fazhi::v1::ENTITY_LEVEL_DEPARTMENT;
    }
  }
  return best;
}

// Stems of two or three characters before 镇/乡/街道 that the window uses
// twice or more, for townships the gazetteer spells otherwise (a rare
// character, a renamed town).
Found UnlistedTownship(absl::string_view window, Kind kind) {
  absl::string_view suffix = kind == Kind::kStreet ? "街道" : kind == Kind::kTown ? "镇" : "乡";
  absl::flat_hash_map<absl::string_view, int> counts;
  absl::string_view best;
  size_t best_start = 0;
  int best_count = 1;
  text::ForEachWord(window, {suffix}, [&](size_t pos, size_t) {
    for (size_t chars = 3; chars >= 2; --chars) {
      if (pos < chars * kHan) continue;
      size_t start = pos - chars * kHan;
      bool ok = true;
      for (size_t at = start; at < pos; at += kHan) {
        int len;
        char32_t cp = text::DecodeAt(window, at, &len);
        if (len != static_cast<int>(kHan) || !text::IsHan(cp) ||
            kNotInPlaceName.find(cp) != std::u32string_view::npos) {
          ok = false;
        }
      }
      if (!ok) continue;
      absl::string_view name = window.substr(start, pos + suffix.size() - start);
      int n = ++counts[name];
      if (n > best_count) {
        best_count = n;
        best = name;
        best_start = start;
      }
    }
  });
  Found f;
  if (best.empty()) return f;
  f.start = best_start;
  f.end = best_start + best.size();
  f.name = std::string(best);
  f.level = kind == Kind::kStreet ? fazhi::v1::ENTITY_LEVEL_STREET
            : kind == Kind::kTown ? fazhi::v1::ENTITY_LEVEL_TOWN
                                  : fazhi::v1::ENTITY_LEVEL_TOWNSHIP;
  return f;
}

// A department known only by its short form (市司法局) takes its place
// from the window when the window names it in full.
Found Completed(absl::string_view text, const Places& places, size_t limit, Found f) {
  if (f.level != fazhi::v1::ENTITY_LEVEL_DEPARTMENT || places.StartingAt(f.start) != nullptr) {
    return f;
  }
  Found full = MostNamedDepartment(text, places, limit, f.name);
  if (full.ok()) return full;
  // "区司法局" on a page whose banner or crumbs name one district alone
  // ("成都市金牛区人民政府"): that district's.
  absl::string_view first = absl::string_view(f.name).substr(0, kHan);
  if (first != "区" && first != "县" && first != "市" && first != "旗") return f;
  const Division* only = nullptr;
  for (const Mention& m : places.all()) {
    const Division* d = EntityDivision(m);
    if (d == nullptr || d->level != Level::kCounty || !absl::EndsWith(d->name, first)) continue;
    if (only != nullptr && only != d) return f;  // two districts: whose the words do not say
    only = d;
  }
  if (only != nullptr) f.name = absl::StrCat(only->name, absl::string_view(f.name).substr(kHan));
  return f;
}

absl::string_view SuffixOf(Kind kind) {
  switch (kind) {
    case Kind::kStreet:
      return "街道";
    case Kind::kTown:
      return "镇";
    case Kind::kTownship:
      return "乡";
    case Kind::kCityOrCounty:
      return "市";
    default:
      return "";
  }
}

Found Find(absl::string_view text, const gazetteer::Gazetteer& g) {
  // Lines up to the first line end past the window: whole lines only.
  size_t head_end = text.size() > kWindowBytes ? text.find('\n', kWindowBytes) : text.size();
  if (head_end == absl::string_view::npos) head_end = text.size();
  std::vector<Span> head = HeadLines(text, text::SplitLines(text.substr(0, head_end)));
  absl::string_view window = text::OpeningOf(text, kWindowBytes);
  size_t limit = window.size();
  Places places(g, g.names().MentionsIn(window));

  // The page's own title before the titles it links to; those only when
  // nothing else names a body.
  if (Found f = FromTitle(text, head, places, /*skip_links=*/true); f.ok()) {
    return Completed(text, places, limit, f);
  }
  Kind kind = Kind::kNone;
  if (Found f = FromOpening(text, head, places, &kind); f.ok()) {
    return Completed(text, places, limit, f);
  }
  if (Found f = FromSignature(text, g); f.ok()) return f;
  if (Found f = FromPublisherLine(text, head, places); f.ok()) return f;
  if (Found f = FromTitle(text, head, places, /*skip_links=*/false); f.ok()) {
    return Completed(text, places, limit, f);
  }
  if (kind == Kind::kNone) kind = KindOfBody(window);
  if (kind == Kind::kNone) {
    // No wording to go by: the township named most, else the county.
    if (Found f = MostNamed(text, places, Kind::kTown, ""); f.ok()) return f;
    return MostNamed(text, places, Kind::kCounty, "");
  }
  if (kind == Kind::kDepartment || kind == Kind::kCommission) {
    // 我局 names a 局, 我委 a 委员会: not the other bodies its text names;
    // with no place-named one, the department the page's source line gives.
    absl::string_view ending = kind == Kind::kDepartment ? "局" : "委员会";
    Found f = MostNamedDepartment(text, places, limit, "", ending);
    if (!f.ok()) {
      Found publisher = FromPublisherLine(text, head, places, /*bare_ok=*/true);
      if (publisher.level == fazhi::v1::ENTITY_LEVEL_DEPARTMENT &&
          absl::EndsWith(publisher.name, ending)) {
        f = publisher;
      }
    }
    return f;
  }
  Found f = MostNamed(text, places, kind, SuffixOf(kind));
  if (!f.ok() && IsTownshipKind(kind)) {
    // 我街 may stand for a 街道 the text writes without 道, and a town may
    // say 我乡 of itself: any township the window names, then the unlisted.
    f = MostNamed(text, places, Kind::kTown, "");
    if (!f.ok()) f = UnlistedTownship(window, kind);
  }
  if (!f.ok() && kind == Kind::kCounty) f = CountyOfTownships(g, places);
  return f;
}

}  // namespace

std::optional<fazhi::v1::Entity> FindEntity(absl::string_view text,
                                            const gazetteer::Gazetteer& gazetteer) {
  Found f = Find(text, gazetteer);
  if (!f.ok()) return std::nullopt;
  fazhi::v1::Entity e;
  e.set_name(f.name);
  e.set_level(f.level);
  if (f.end > f.start) {
    auto* ev = e.mutable_evidence();
    ev->set_start(static_cast<int64_t>(f.start));
    ev->set_end(static_cast<int64_t>(f.end));
    ev->set_quote(std::string(text.substr(f.start, f.end - f.start)));
    size_t line_start = text.rfind('\n', f.start);
    line_start = line_start == absl::string_view::npos ? 0 : line_start + 1;
    size_t line_end = std::min(text.find('\n', f.end), text.size());
    ev->set_text(std::string(text.substr(line_start, line_end - line_start)));
  }
  return e;
}

}  // namespace fazhi::engine
