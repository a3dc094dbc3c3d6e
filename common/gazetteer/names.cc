#include "common/gazetteer/names.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace fazhi::gazetteer {
namespace {

constexpr size_t kHan = 3;  // bytes of a Han character in UTF-8
constexpr size_t kMaxNameChars = 12;

// Ethnic groups that autonomous counties, banners and prefectures carry in
// their names (屏边苗族自治县): longest first, so that 布依族 is not read
// as 依族 after a stem ending in 布.
constexpr absl::string_view kEthnicGroups[] = {
    "柯尔克孜族", "哈萨克族", "达斡尔族", "鄂温克族", "鄂伦春族", "维吾尔族", "塔吉克族", "布依族",
    "土家族",     "蒙古族",   "哈尼族",   "纳西族",   "傈僳族",   "拉祜族",   "景颇族",   "独龙族",
    "普米族",     "仡佬族",   "撒拉族",   "东乡族",   "保安族",   "裕固族",   "锡伯族",   "朝鲜族",
    "毛南族",     "仫佬族",   "各族",     "苗族",     "瑶族",     "傣族",     "侗族",     "彝族",
    "回族",       "满族",     "藏族",     "壮族",     "黎族",     "羌族",     "白族",     "佤族",
    "怒族",       "水族",     "畲族",     "土族",     "京族"};

// "金平苗族瑶族傣族自治县" -> "金平" (with kind "县"); empty when the name
// is no autonomous division's or leaves less than two characters.
std::string AutonomousStem(absl::string_view name, absl::string_view* kind) {
  // Every process that loads the gazetteer asks this of 45 000 names.
  if (name.find("自治") == absl::string_view::npos) return "";
  for (auto [suffix, k] : {std::pair<absl::string_view, absl::string_view>{"自治县", "县"},
                           {"自治旗", "旗"},
                           {"自治州", "州"}}) {
    if (!absl::EndsWith(name, suffix)) continue;
    absl::string_view stem = name.substr(0, name.size() - suffix.size());
    bool stripped = true;
    while (stripped) {
      stripped = false;
      for (absl::string_view group : kEthnicGroups) {
        if (stem.size() > group.size() && absl::EndsWith(stem, group)) {
          stem.remove_suffix(group.size());
          stripped = true;
          break;
        }
      }
    }
    *kind = k;
    return stem.size() >= 2 * kHan ? std::string(stem) : "";
  }
  return "";
}

// "长哨营满族乡" -> "长哨营乡", "莪山畲族乡" -> "莪山乡": an ethnic
// township as reports often write it, without its people; empty when the
// name names none or leaves less than two characters before 乡 or 镇.
std::string EthnicTownshipShortName(absl::string_view name) {
  if (name.find("族") == absl::string_view::npos) return "";
  for (absl::string_view suffix : {"乡", "镇"}) {
    if (!absl::EndsWith(name, suffix)) continue;
    absl::string_view stem = name.substr(0, name.size() - suffix.size());
    bool stripped = false;
    for (bool again = true; again;) {
      again = false;
      for (absl::string_view group : kEthnicGroups) {
        if (stem.size() > group.size() && absl::EndsWith(stem, group)) {
          stem.remove_suffix(group.size());
          stripped = again = true;
          break;
        }
      }
    }
    return stripped && stem.size() >= 2 * kHan ? absl::StrCat(stem, suffix) : "";
  }
  return "";
}

uint32_t PairBit(absl::string_view two_chars, int bits) {
  uint64_t h = 0;
  for (unsigned char c : two_chars) h = (h << 8 | c) * 0x9E3779B97F4A7C15ULL;
  return static_cast<uint32_t>(h >> (64 - bits));
}

// The characters names of interest end with; farms (农场), parks and other
// special units are left out.
constexpr char32_t kSuffixChars[] = {U'镇', U'乡', U'道', U'街', U'木', U'县',
                                     U'区', U'市', U'旗', U'州', U'盟', U'省'};

// One bit per code point of the Basic Multilingual Plane (8 KB): whether it
// is a suffix character. MentionsIn asks it of every character of a page;
// a table lookup costs no mispredicted branch where a switch did.
struct SuffixTable {
  uint64_t bits[1024] = {};
  constexpr SuffixTable() {
    for (char32_t cp : kSuffixChars) bits[cp / 64] |= uint64_t{1} << (cp % 64);
  }
  bool Has(uint32_t cp) const { return (bits[(cp >> 6) & 1023] >> (cp & 63)) & 1; }
};
constexpr SuffixTable kSuffixTable;

}  // namespace

namespace {

// Whether the characters of `part` stand in `whole` in order, starting
// with its first one.
bool KeepsInOrder(absl::string_view part, absl::string_view whole) {
  if (part.substr(0, kHan) != whole.substr(0, kHan)) return false;
  size_t at = 0;
  for (size_t k = 0; k < part.size(); k += kHan) {
    absl::string_view ch = part.substr(k, kHan);
    while (at < whole.size() && whole.substr(at, kHan) != ch) at += kHan;
    if (at >= whole.size()) return false;
    at += kHan;
  }
  return true;
}

}  // namespace

bool SpellsTownship(absl::string_view written, absl::string_view official) {
  for (absl::string_view suffix : {"街道", "镇", "乡"}) {
    if (!absl::EndsWith(written, suffix) || !absl::EndsWith(official, suffix)) continue;
    size_t shorter = std::min(written.size(), official.size());
    if (shorter < suffix.size() + 2 * kHan || written == official) return false;
    if (official.size() > written.size()) {
      // A prefix the report leaves out, or one character it cannot write
      // (a rare character dropped from 下石太镇).
      return absl::EndsWith(official, written) ||
             (official.size() == written.size() + kHan && KeepsInOrder(written, official));
    }
    return KeepsInOrder(official, written);
  }
  return false;
}

std::string AutonomousShortName(absl::string_view name) {
  absl::string_view kind;
  std::string stem = AutonomousStem(name, &kind);
  return stem.empty() ? "" : absl::StrCat(stem, kind);
}

NameIndex::NameIndex(const Gazetteer& g)
    : g_(g), start_filter_((1u << kFilterBits) / 64, 0), end_filter_((1u << kFilterBits) / 64, 0) {
  for (Level level : {Level::kProvince, Level::kCity, Level::kCounty, Level::kTownship}) {
    for (const Division& d : g.Divisions(level)) {
      if (IsPlaceholder(d) || d.name.size() < 2 * kHan) continue;
      AddToFilters(d.name);
      // A street is often written without 道: 黄石街.
      if (level == Level::kTownship && absl::EndsWith(d.name, "街道") &&
          d.name.size() >= 4 * kHan) {
        std::string street(d.name.substr(0, d.name.size() - kHan));
        if (g.Named(Level::kTownship, street).empty()) aliases_[street].push_back(&d);
      }
      if (level == Level::kTownship) {
        std::string short_name = EthnicTownshipShortName(d.name);
        if (!short_name.empty() && g.Named(Level::kTownship, short_name).empty()) {
          aliases_[short_name].push_back(&d);
        }
      }
      absl::string_view kind;
      std::string stem = AutonomousStem(d.name, &kind);
      if (stem.empty()) continue;
      for (const std::string& alias :
           {absl::StrCat(stem, kind), absl::StrCat(stem, "自治", kind)}) {
        if (alias == d.name || !g.Named(level, alias).empty()) continue;
        aliases_[alias].push_back(&d);
      }
    }
  }
  for (const auto& [alias, divisions] : aliases_) AddToFilters(alias);
}

void NameIndex::Set(std::vector<uint64_t>* filter, absl::string_view two_chars) {
  uint32_t bit = PairBit(two_chars, kFilterBits);
  (*filter)[bit / 64] |= uint64_t{1} << (bit % 64);
}

bool NameIndex::Test(const std::vector<uint64_t>& filter, absl::string_view two_chars) {
  uint32_t bit = PairBit(two_chars, kFilterBits);
  return (filter[bit / 64] >> (bit % 64)) & 1;
}

void NameIndex::AddToFilters(absl::string_view name) {
  Set(&start_filter_, name.substr(0, 2 * kHan));
  Set(&end_filter_, name.substr(name.size() - 2 * kHan));
}

absl::InlinedVector<const Division*, 2> NameIndex::Lookup(absl::string_view spelling,
                                                          bool* alias) const {
  absl::InlinedVector<const Division*, 2> out;
  if (alias != nullptr) *alias = false;
  for (Level level : {Level::kProvince, Level::kCity, Level::kCounty, Level::kTownship}) {
    for (const Division* d : g_.Named(level, spelling)) {
      if (!IsPlaceholder(*d)) out.push_back(d);
    }
  }
  if (!out.empty()) return out;
  auto it = aliases_.find(spelling);
  if (it == aliases_.end()) return out;
  if (alias != nullptr) *alias = true;
  return it->second;
}

std::vector<std::string> NameIndex::TownshipVariants(absl::string_view name) const {
  std::vector<std::string> variants;
  if (auto it = aliases_.find(name); it != aliases_.end()) {
    for (const Division* d : it->second) {
      if (d->level == Level::kTownship) variants.emplace_back(d->name);
    }
  }
  if (absl::EndsWith(name, "街")) variants.push_back(absl::StrCat(name, "道"));
  if (absl::EndsWith(name, "街道办事处")) {
    variants.emplace_back(name.substr(0, name.size() - 3 * kHan));
  }
  // A 乡 that became a 镇, or a 镇 that became a 街道, since the report.
  for (auto [from, to] : {std::pair<absl::string_view, absl::string_view>{"镇", "乡"},
                          {"乡", "镇"},
                          {"镇", "街道"},
                          {"乡", "街道"}}) {
    if (absl::EndsWith(name, from)) {
      variants.push_back(absl::StrCat(name.substr(0, name.size() - from.size()), to));
    }
  }
  return variants;
}

std::vector<Mention> NameIndex::MentionsIn(absl::string_view text) const {
  std::vector<Mention> out;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  // A CJK ideograph (U+4E00-U+9FFF) is three bytes with lead E4-E9; a lead
  // byte is never a continuation byte, so stepping back three bytes from a
  // character lands on the previous one exactly when that one is Han.
  auto han_at = [&](size_t p) { return b[p] >= 0xE4 && b[p] <= 0xE9; };
  for (size_t i = 0; i + kHan <= n;) {
    unsigned char lead = b[i];
    if (lead < 0xE0 || lead >= 0xF0) {
      i += text::Utf8Length(lead);
      continue;
    }
    size_t end = i + kHan;
    size_t at = i;
    i = end;
    if (!han_at(at) || !kSuffixTable.Has(text::DecodeThreeBytes(b + at)) || at < kHan ||
        !han_at(at - kHan) || !Test(end_filter_, text.substr(at - kHan, 2 * kHan))) {
      continue;
    }
    size_t chars = 2;
    while (chars < kMaxNameChars && end >= (chars + 1) * kHan && han_at(end - (chars + 1) * kHan)) {
      ++chars;
    }
    for (size_t k = chars; k >= 2; --k) {
      size_t start = end - k * kHan;
      if (!Test(start_filter_, text.substr(start, 2 * kHan))) continue;
      Mention m;
      m.divisions = Lookup(text.substr(start, end - start), &m.alias);
      if (m.divisions.empty()) continue;
      // Two-character townships (城镇, 新乡 ...) are ordinary words far
      // more often than names.
      if (k == 2) {
        m.divisions.erase(
            std::remove_if(m.divisions.begin(), m.divisions.end(),
                           [](const Division* d) { return d->level == Level::kTownship; }),
            m.divisions.end());
        if (m.divisions.empty()) continue;
      }
      m.start = start;
      m.end = end;
      // 良渚街 (an alias) is part of 良渚街道 that follows.
      while (!out.empty() && out.back().start >= start) out.pop_back();
      out.push_back(std::move(m));
      break;
    }
  }
  return out;
}

}  // namespace fazhi::gazetteer
