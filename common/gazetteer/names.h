// Where a text names places of the gazetteer, and the one place that knows
// the spellings reports use for them that the gazetteer does not:
//   黄石街 for 黄石街道 (a street named without 道),
//   长哨营乡 for 长哨营满族乡 (an ethnic township without its people),
//   屏边县 / 屏边自治县 for 屏边苗族自治县 (autonomous counties and banners
//   by their short name), 红河州 for 红河哈尼族彝族自治州,
//   and, for a township name alone, the 乡 that became a 镇 (and back).
//
//   NameIndex names(*gazetteer);
//   for (const Mention& m : names.MentionsIn(text)) {
//     ... m.divisions (every division so spelled), text.substr(m.start, m.end - m.start)
//   }
#ifndef FAZHI_COMMON_GAZETTEER_NAMES_H_
#define FAZHI_COMMON_GAZETTEER_NAMES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "common/gazetteer/gazetteer.h"

namespace fazhi::gazetteer {

// One place name in a text: bytes [start, end), and the divisions of every
// level (province, city, county, township) that the spelling names,
// exact names before aliases.
struct Mention {
  size_t start = 0;
  size_t end = 0;
  bool alias = false;
  absl::InlinedVector<const Division*, 2> divisions;
};

// Whether a report's `written` township name stands for the gazetteer's
// `official` one of the same kind (街道, 镇, 乡): an abbreviation (建筑新村
// 街道 for 建新街道: the official name keeps some characters in order,
// the first one and the suffix among them), or the official name with a
// prefix the report leaves out (青山镇 for 城关青山镇). Only to be asked of
// the townships of one county: many names elsewhere would match.
bool SpellsTownship(absl::string_view written, absl::string_view official);

// "互助县" for 互助土族自治县, "屏边县" for 屏边苗族自治县: the short
// spelling of an autonomous county, banner or prefecture; empty for other
// names.
std::string AutonomousShortName(absl::string_view name);

class NameIndex {
 public:
  // `gazetteer` must outlive the index.
  explicit NameIndex(const Gazetteer& gazetteer);
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;

  // Divisions that `spelling` names exactly, else those it names by an
  // alias; empty when it names none. `alias` (optional) tells which.
  absl::InlinedVector<const Division*, 2> Lookup(absl::string_view spelling,
                                                 bool* alias = nullptr) const;

  // Townships a report may mean by `name` when no township has exactly that
  // name: 黄石街 -> 黄石街道, 黄石街道办事处 -> 黄石街道, 青山乡 -> 青山镇 ...
  std::vector<std::string> TownshipVariants(absl::string_view name) const;

  // Place names of two characters or more (townships: three or more) that
  // end in an administrative suffix (镇 乡 街道 苏木 县 区 市 旗 州 盟 省
  // ...), in order of their ends; at each end only the longest name.
  std::vector<Mention> MentionsIn(absl::string_view text) const;

 private:
  static constexpr int kFilterBits = 20;
  static bool Test(const std::vector<uint64_t>& filter, absl::string_view two_chars);
  static void Set(std::vector<uint64_t>* filter, absl::string_view two_chars);
  void AddToFilters(absl::string_view name);

  const Gazetteer& g_;
  // Spellings that are no division's name, to the divisions they stand for.
  absl::flat_hash_map<std::string, absl::InlinedVector<const Division*, 2>> aliases_;
  // Bits of the first and of the last two characters of every name and
  // alias: most positions in a text end or start no name and are passed
  // without a lookup.
  std::vector<uint64_t> start_filter_;
  std::vector<uint64_t> end_filter_;
};

}  // namespace fazhi::gazetteer

#endif  // FAZHI_COMMON_GAZETTEER_NAMES_H_
