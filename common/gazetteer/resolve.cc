#include "common/gazetteer/resolve.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/gazetteer/names.h"
#include "common/text/find_words.h"
#include "common/text/utf8.h"

namespace fazhi::gazetteer {
namespace {

// Scores of the kinds of evidence; a candidate wins with a lead of
// kDecisiveLead over the next one.
constexpr int kFullPath = 6;
constexpr int kCountyName = 3;
constexpr int kCityName = 2;
constexpr int kCountyKindWording = 2;
constexpr int kCountyShortName = 1;
// A province named in full (湖北省, 上海市) rules out most of a shared
// name's candidates; its short name (湖北, 沪) less surely.
constexpr int kProvinceName = 2;
constexpr int kProvinceShortName = 1;
constexpr int kNeighbour = 1;
constexpr int kMaxNeighbours = 3;
constexpr int kDecisiveLead = 2;

// A report's text with a filter of the pairs of adjacent three-byte
// characters it holds, so that most names it never mentions (the
// neighbouring townships of every candidate county) are ruled out without a
// search through the text.
class MentionIndex {
 public:
  explicit MentionIndex(absl::string_view text) : text_(text), pairs_(kBits / 64, 0) {
    ForEachPair(text, [&](uint32_t bit) { pairs_[bit / 64] |= uint64_t{1} << (bit % 64); });
  }

  // Whether the report names `what` anywhere.
  bool Mentions(absl::string_view what) const {
    if (what.empty()) return false;
    bool maybe = true;
    ForEachPair(what, [&](uint32_t bit) { maybe &= ((pairs_[bit / 64] >> (bit % 64)) & 1) != 0; });
    return maybe && text::FindWord(text_, what) != absl::string_view::npos;
  }
  absl::string_view text() const { return text_; }

 private:
  static constexpr uint32_t kBits = 1 << 16;

  // Calls f(bit) for every two adjacent three-byte characters in `s`.
  template <typename F>
  static void ForEachPair(absl::string_view s, F f) {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    uint32_t previous = 0;  // the character before, 0 when none or not three bytes
    for (size_t i = 0; i < s.size();) {
      unsigned char lead = b[i];
      if ((lead & 0xF0) != 0xE0 || i + 3 > s.size()) {
        previous = 0;
        i += text::Utf8Length(lead);
        continue;
      }
      uint32_t c = lead << 16 | b[i + 1] << 8 | b[i + 2];
      if (previous != 0) {
        uint64_t h = (uint64_t{previous} << 24 | c) * 0x9E3779B97F4A7C15ULL;
        f(static_cast<uint32_t>(h >> 48));
      }
      previous = c;
      i += 3;
    }
  }

  absl::string_view text_;
  std::vector<uint64_t> pairs_;
};

// Whether `code` stands in the text as a number of its own.
bool MentionsCode(absl::string_view text, absl::string_view code) {
  if (code.empty()) return false;
  for (size_t p = text.find(code); p != absl::string_view::npos; p = text.find(code, p + 1)) {
    bool digit_before = p > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[p - 1]));
    size_t after = p + code.size();
    bool digit_after =
        after < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[after]));
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

// "上城区" -> "上城", "公主岭市" -> "公主岭"; empty when too short to be a
// name on its own.
std::string ShortName(absl::string_view name) {
  for (absl::string_view suffix :
       {"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
        "地区", "省", "市", "县", "区", "旗", "盟", "州"}) {
    if (absl::EndsWith(name, suffix)) {
      absl::string_view stem = name.substr(0, name.size() - suffix.size());
      return stem.size() >= 6 ? std::string(stem) : "";  // two Han characters
    }
  }
  return "";
}

struct Candidate {
  const Division* township = nullptr;  // null for a county-level entity
  const Division* county = nullptr;
  int score = 0;
};

// Which kind of county the text's own wording points to (区委, 全县 ...).
struct Wording {
  size_t district = 0;
  size_t county = 0;
  size_t banner = 0;
  size_t city = 0;
};

Wording ReadWording(absl::string_view text) {
  struct Word {
    absl::string_view rest;  // after the first character
    size_t Wording::*count;
  };
  // Grouped by first character, in the order ForEachWord is given them.
  static const std::vector<Word> kGroups[] = {
      // 区
      {{"委", &Wording::district},
       {"政府", &Wording::district},
       {"人大", &Wording::district},
       {"司法局", &Wording::district}},
      // 县
      {{"委", &Wording::county},
       {"政府", &Wording::county},
       {"人大", &Wording::county},
       {"司法局", &Wording::county}},
      // 旗
      {{"委", &Wording::banner}},
      // 市
      {{"委", &Wording::city}},
      // 全
      {{"区", &Wording::district},
       {"县", &Wording::county},
       {"旗", &Wording::banner},
       {"市", &Wording::city}},
      // 依
      {{"法治区", &Wording::district},
       {"法治县", &Wording::county},
       {"法治旗", &Wording::banner},
       {"法治市", &Wording::city}},
  };
  Wording w;
  // One pass for the six characters the words begin with, instead of one
  // search per word over the whole report.
  text::ForEachWord(text, {"区", "县", "旗", "市", "全", "依"}, [&](size_t pos, size_t group) {
    absl::string_view after = text.substr(pos + 3);
    for (const Word& word : kGroups[group]) {
      if (absl::StartsWith(after, word.rest)) ++(w.*word.count);
    }
  });
  return w;
}

void Score(const Gazetteer& g, const fazhi::v1::Entity& entity, const MentionIndex& text,
           const Wording& wording, Candidate* c) {
  const Division* city = g.CityOf(*c->county);
  const Division* province = g.ProvinceOf(*c->county);
  absl::string_view county_name = c->county->name;
  // Full paths: 上城区小营街道, 杭州市上城区; an autonomous county by its
  // short name too: 互助县威远镇.
  const std::string county_short_spelling = AutonomousShortName(county_name);
  bool full_path =
      (c->township != nullptr && text.Mentions(absl::StrCat(county_name, entity.name()))) ||
      (c->township != nullptr && !county_short_spelling.empty() &&
       text.Mentions(absl::StrCat(county_short_spelling, entity.name()))) ||
      (city != nullptr && text.Mentions(absl::StrCat(city->name, county_name)));
  if (full_path) c->score += kFullPath;
  if (text.Mentions(county_name)) c->score += kCountyName;
  // A short county name counts only outside the entity's own name
  // (嘉祥 inside 嘉祥街道 says nothing).
  std::string county_short = ShortName(county_name);
  if (!county_short.empty() && !absl::StrContains(entity.name(), county_short) &&
      text.Mentions(county_short)) {
    c->score += kCountyShortName;
  }
  if (city != nullptr && !IsPlaceholder(*city)) {
    std::string city_short = ShortName(city->name);
    if (text.Mentions(city->name) || (!city_short.empty() && text.Mentions(city_short))) {
      c->score += kCityName;
    }
  }
  if (province != nullptr) {
    std::string province_short = ShortName(province->name);
    if (text.Mentions(province->name)) {
      c->score += kProvinceName;
    } else if (!province_short.empty() && text.Mentions(province_short)) {
      c->score += kProvinceShortName;
    }
  }
  // Pages carry the county's code in their 索引号 (370481/2026-00313).
  if (MentionsCode(text.text(), c->county->code)) c->score += kFullPath;
  bool is_district = absl::EndsWith(county_name, "区");
  bool is_county = absl::EndsWith(county_name, "县");
  bool is_banner = absl::EndsWith(county_name, "旗");
  bool is_city = absl::EndsWith(county_name, "市");
  if ((is_district && wording.district > 0) || (is_county && wording.county > 0) ||
      (is_banner && wording.banner > 0)) {
    c->score += kCountyKindWording;
  }
  if (is_city && wording.city > 0 && wording.district == 0 && wording.county == 0) {
    c->score += kCountyKindWording / 2;
  }
  if (c->township != nullptr) {
    int neighbours = 0;
    for (const Division* t : g.TownshipsOf(c->county->code)) {
      if (t == c->township || t->name.size() < 9) continue;  // 3 Han characters or more
      if (text.Mentions(t->name) && ++neighbours == kMaxNeighbours) break;
    }
    c->score += neighbours * kNeighbour;
  }
}

// Hints in every standard form, as code prefixes: a province as 2 digits
// or 110000, a city as 4 digits or 640500, a county as 6, a township as 9.
std::string HintPrefix(const Gazetteer& g, absl::string_view hint) {
  if (hint.size() == 6 && absl::EndsWith(hint, "00")) {
    if (absl::EndsWith(hint, "0000")) {
      const Division* p = g.Find(hint.substr(0, 2));
      if (p != nullptr && p->level == Level::kProvince) return std::string(hint.substr(0, 2));
    }
    const Division* c = g.Find(hint.substr(0, 4));
    if (c != nullptr && c->level == Level::kCity) return std::string(hint.substr(0, 4));
  }
  return std::string(hint);
}

// How much of a report's opening is read for the places it is in.
constexpr size_t kOpeningBytes = 4000;

// Whether the place mentioned at `m` is named as the one who leads (X市委,
// X县人民政府), not as a partner of the work.
bool NamedAsGoverning(absl::string_view text, const Mention& m) {
  absl::string_view after = text.substr(m.end, 12);
  return absl::StartsWith(after, "委") || absl::StartsWith(after, "人民政府") ||
         absl::StartsWith(after, "政府");
}

// County-level divisions the opening of the text names, each once, in the
// order of their first mention; with `governing`, only those named as the
// ones who lead (X市委, X县人民政府): a department's own county, not the
// partners its work names.
std::vector<const Division*> CountiesMentioned(const Gazetteer& g, absl::string_view text,
                                               bool governing) {
  std::vector<const Division*> out;
  for (const Mention& m : g.names().MentionsIn(text::OpeningOf(text, kOpeningBytes))) {
    if (governing && !NamedAsGoverning(text, m)) continue;
    for (const Division* d : m.divisions) {
      if (d->level == Level::kCounty && std::find(out.begin(), out.end(), d) == out.end()) {
        out.push_back(d);
      }
    }
  }
  return out;
}

// Words of regional cooperation and the provinces they join, by code: a
// department that speaks of 川渝 work is in Sichuan or Chongqing.
struct RegionWord {
  absl::string_view word;
  std::vector<absl::string_view> provinces;
};

const std::vector<RegionWord>& RegionWords() {
  static const auto* words = new std::vector<RegionWord>{
      {"川渝", {"51", "50"}},
      {"成渝", {"51", "50"}},
      {"渝川", {"50", "51"}},
      {"京津冀", {"11", "12", "13"}},
      {"长三角", {"31", "32", "33", "34"}},
      {"沪苏浙皖", {"31", "32", "33", "34"}},
      {"粤港澳", {"44"}},
      {"湘鄂赣", {"43", "42", "36"}},
      {"黔川渝", {"52", "51", "50"}},
      {"陕甘宁", {"61", "62", "64"}},
  };
  return *words;
}

// Whether the province named at [m.start, m.end) is another body's: a
// partner of the report's work (与四川省, 向四川省) or the qualifier of a
// place in it (四川省广安市), the way a report names what lies outside its
// own province.
bool NamedAsPartner(absl::string_view text, const Mention& m, const std::vector<Mention>& all,
                    size_t index) {
  if (index + 1 < all.size() && all[index + 1].start == m.end) {
    for (const Division* d : all[index + 1].divisions) {
      for (const Division* p : m.divisions) {
        if (d->level != Level::kProvince && absl::StartsWith(d->code, p->code)) return true;
      }
    }
  }
  absl::string_view before = text.substr(0, m.start);
  for (absl::string_view cue : {"与", "向", "同", "和", "及", "协助", "联合", "赴", "到"}) {
    if (absl::EndsWith(before, cue)) return true;
  }
  return false;
}

// The one province the opening of the text places the report in, or empty:
// a province named in full as the report's own, else the only member of a
// cooperation word (川渝) the text does not name as a partner.
std::string OwnProvince(const Gazetteer& g, absl::string_view text) {
  absl::string_view opening = text::OpeningOf(text, kOpeningBytes);
  std::vector<Mention> mentions = g.names().MentionsIn(opening);
  std::vector<absl::string_view> own;
  std::vector<absl::string_view> partners;
  for (size_t i = 0; i < mentions.size(); ++i) {
    for (const Division* d : mentions[i].divisions) {
      if (d->level != Level::kProvince) continue;
      auto& to = NamedAsPartner(opening, mentions[i], mentions, i) ? partners : own;
      if (std::find(to.begin(), to.end(), d->code) == to.end()) to.push_back(d->code);
    }
  }
  if (own.empty()) {
    for (const RegionWord& w : RegionWords()) {
      if (!text::ContainsWord(opening, w.word)) continue;
      for (absl::string_view p : w.provinces) {
        bool partner = std::find(partners.begin(), partners.end(), p) != partners.end();
        if (!partner && std::find(own.begin(), own.end(), p) == own.end()) own.push_back(p);
      }
    }
  }
  return own.size() == 1 ? std::string(own.front()) : "";
}

// Counties of `kind` (区, 县 ... or any, when empty) in the city a
// department's text names as governing it (在X市委的领导下), else in the one
// province the text places it in: where a department that never names its
// county may be.
std::vector<const Division*> CountiesAround(const Gazetteer& g, absl::string_view text,
                                            absl::string_view kind) {
  std::string prefix;
  for (const Mention& m : g.names().MentionsIn(text::OpeningOf(text, kOpeningBytes))) {
    if (!NamedAsGoverning(text, m)) continue;
    for (const Division* d : m.divisions) {
      if (d->level == Level::kCity || d->level == Level::kProvince) {
        prefix = std::string(d->code);
        break;
      }
    }
    if (!prefix.empty()) break;
  }
  if (prefix.empty()) prefix = OwnProvince(g, text);
  std::vector<const Division*> out;
  if (prefix.empty()) return out;
  for (const Division* c : g.CountiesUnder(prefix)) {
    if (kind.empty() || absl::EndsWith(c->name, kind)) out.push_back(c);
  }
  return out;
}

bool MatchesHint(const Candidate& c, absl::string_view hint) {
  if (hint.empty()) return true;
  if (hint.size() == 9) return c.township != nullptr && c.township->code == hint;
  return absl::StartsWith(c.county->code, hint);
}

void AddCandidate(const Candidate& c, int total, fazhi::v1::Region* region, const Gazetteer& g) {
  auto* out = region->add_candidates();
  if (c.township != nullptr) {
    out->set_township_code(std::string(c.township->code));
    out->set_township_name(std::string(c.township->name));
  }
  out->set_county_code(std::string(c.county->code));
  out->set_county_name(std::string(c.county->name));
  const Division* city = g.CityOf(*c.county);
  if (city != nullptr && !IsPlaceholder(*city)) out->set_city_name(std::string(city->name));
  if (const Division* province = g.ProvinceOf(*c.county)) {
    out->set_province_name(std::string(province->name));
  }
  out->set_score(total > 0 ? static_cast<double>(std::max(0, c.score)) / total : 0);
}

}  // namespace

std::string StandardHint(const Gazetteer& g, absl::string_view hint) { return HintPrefix(g, hint); }

absl::Status CheckHint(const Gazetteer& g, absl::string_view hint) {
  if (hint.empty()) return absl::OkStatus();
  std::string prefix = HintPrefix(g, hint);
  if (g.Find(prefix) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("region_hint ", hint, " names no division of the gazetteer"));
  }
  return absl::OkStatus();
}

fazhi::v1::Region ResolveRegion(const Gazetteer& g, const fazhi::v1::Entity& entity,
                                absl::string_view text, absl::string_view raw_hint) {
  if (!raw_hint.empty()) {
    // What the text says by itself comes first: a hint may be wrong.
    fazhi::v1::Region from_text = ResolveRegion(g, entity, text, "");
    std::string prefix = HintPrefix(g, raw_hint);
    absl::string_view placed =
        prefix.size() == 9 ? from_text.township_code() : absl::string_view(from_text.county_code());
    if (!from_text.county_code().empty() && from_text.method() == "gazetteer" &&
        !absl::StartsWith(placed, prefix)) {
      from_text.set_hint_conflict(absl::StrCat(
          "region_hint ", raw_hint, " contradicts the text, which places ", entity.name(), " in ",
          from_text.county_name(), " (", from_text.county_code(), ")"));
      return from_text;
    }
  }
  fazhi::v1::Region region;
  std::vector<Candidate> candidates;
  // Set when the candidates are only where the entity may be: they are
  // listed, never chosen from by the text.
  bool only_candidates = false;
  const std::string& name = entity.name();
  std::string hint_storage = HintPrefix(g, raw_hint);
  absl::string_view hint = hint_storage;
  switch (entity.level()) {
    case fazhi::v1::ENTITY_LEVEL_COUNTY:
      for (const Division* c : g.CountiesNamed(name)) candidates.push_back({nullptr, c, 0});
      break;
    case fazhi::v1::ENTITY_LEVEL_DEPARTMENT: {
      bool named_place = false;
      for (const Mention& m : g.names().MentionsIn(name)) {
        for (const Division* d : m.divisions) {
          named_place = true;
          if (d->level == Level::kCounty) candidates.push_back({nullptr, d, 0});
        }
      }
      // 区市场监管局, 城市管理局: a department of a county the text names
      // (我局在X市委的领导下), of the kind its first character says.
      if (!named_place) {
        absl::string_view kind = absl::string_view(name).substr(0, 3);
        bool by_kind = kind == "区" || kind == "县" || kind == "旗" || kind == "市";
        for (const Division* c : CountiesMentioned(g, text, /*governing=*/true)) {
          if (!by_kind || absl::EndsWith(c->name, kind)) candidates.push_back({nullptr, c, 0});
        }
        // Nor does the text name the county: every county of the kind in
        // the city or province it names, none of them chosen, since a
        // county the text happens to name is likelier a partner than home.
        if (candidates.empty()) {
          for (const Division* c : CountiesAround(g, text, by_kind ? kind : "")) {
            candidates.push_back({nullptr, c, 0});
          }
          only_candidates = !candidates.empty();
        }
      }
      break;
    }
    case fazhi::v1::ENTITY_LEVEL_CITY:
      break;
    default: {
      std::vector<const Division*> towns = g.TownshipsNamed(name);
      for (const std::string& variant : g.names().TownshipVariants(name)) {
        if (!towns.empty()) break;
        towns = g.TownshipsNamed(variant);
      }
      // A township the report spells otherwise (a rare character left out,
      // a prefix): among those of the counties the text names.
      if (towns.empty() && !name.empty()) {
        for (const Division* c : CountiesMentioned(g, text, /*governing=*/false)) {
          for (const Division* t : g.TownshipsOf(c->code)) {
            if (SpellsTownship(name, t->name)) towns.push_back(t);
          }
        }
      }
      for (const Division* t : towns) {
        if (const Division* county = g.CountyOf(*t)) candidates.push_back({t, county, 0});
      }
    }
  }
  std::vector<Candidate> hinted;
  for (const Candidate& c : candidates) {
    if (MatchesHint(c, hint)) hinted.push_back(c);
  }
  bool hint_used = !hint.empty() && !hinted.empty() && hinted.size() < candidates.size();
  if (hinted.empty()) {
    // The name is unknown, or contradicts the hint: a county hint is all
    // we can go by, without a township.
    const Division* county = hint.size() == 6 ? g.Find(hint) : nullptr;
    if (county != nullptr && county->level == Level::kCounty) {
      region.set_county_code(std::string(county->code));
      region.set_county_name(std::string(county->name));
      region.set_confidence(0.5);
      region.set_method("region_hint");
    }
    if (!candidates.empty()) {
      region.set_hint_conflict(absl::StrCat("region_hint ", raw_hint, " matches none of the ",
                                            candidates.size(), " places named ", name));
    }
    for (const Candidate& c : candidates) AddCandidate(c, 0, &region, g);
    return region;
  }
  // Read from the text only when there are candidates to score.
  std::unique_ptr<MentionIndex> index;
  Wording wording;
  int total = 0;
  for (Candidate& c : hinted) {
    if (hinted.size() > 1 || candidates.size() > 1) {
      if (index == nullptr) {
        index = std::make_unique<MentionIndex>(text);
        wording = ReadWording(text);
      }
      Score(g, entity, *index, wording, &c);
    }
    total += std::max(0, c.score);
  }
  std::stable_sort(hinted.begin(), hinted.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  const Candidate& best = hinted.front();
  bool decided = only_candidates
                     ? hint_used && hinted.size() == 1
                     : hinted.size() == 1 || best.score - hinted[1].score >= kDecisiveLead;
  if (candidates.size() > 1 || only_candidates) {
    for (const Candidate& c : hinted) AddCandidate(c, total, &region, g);
  }
  if (!decided) return region;
  region.set_county_code(std::string(best.county->code));
  region.set_county_name(std::string(best.county->name));
  if (best.township != nullptr) region.set_township_code(std::string(best.township->code));
  double confidence;
  if (hinted.size() == 1) {
    confidence = candidates.size() == 1 ? 0.95 : 0.9;
  } else {
    confidence = std::min(0.9, 0.5 + 0.1 * (best.score - hinted[1].score));
  }
  region.set_confidence(confidence);
  region.set_method(hint_used ? "gazetteer+hint" : "gazetteer");
  return region;
}

}  // namespace fazhi::gazetteer
