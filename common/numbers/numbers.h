// Finds the counted quantities in a piece of normalised text: "27起",
// "1600余人次", "3万元", "95.6%", "两三个", "一百二十件", "约300人".
//
//   for (const NumberMention& m : ScanNumbers(sentence)) {
//     if (m.unit == "件") ...  // m.value, m.qualifier, m.start/end
//   }
//
// A numeral becomes a mention only when a unit follows it (or 余/多 and a
// unit, or it fills a field labelled with its unit: "案件数(件):27"), so dates (2024年), list marks
// (一是), "一村一法律顾问" and document numbers (〔2024〕28号) are not quantities.
#ifndef FAZHI_COMMON_NUMBERS_NUMBERS_H_
#define FAZHI_COMMON_NUMBERS_NUMBERS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::numbers {

enum class Qualifier { kExact, kAtLeast, kApprox, kRange };

struct NumberMention {
  // Bytes [start, end) of the whole mention: qualifiers, numeral, unit.
  size_t start = 0;
  size_t end = 0;
  // Bytes [numeral_start, numeral_end) of the numeral alone (with 万/亿).
  size_t numeral_start = 0;
  size_t numeral_end = 0;
  double value = 0;
  // Upper end of a range (两三个, 数十场); equals value otherwise.
  double value_max = 0;
  Qualifier qualifier = Qualifier::kExact;
  // The unit as written ("件", "人次", "%", "元"); a 万元 amount has unit
  // "元" and its value multiplied out. Static storage: it outlives the text.
  absl::string_view unit;
  // The unit's place among the units ScanNumbers knows (UnitIndex).
  int unit_index = -1;
  // Preceded by 第 (a rank, not a count).
  bool ordinal = false;
  // A bound that names a class of things or a legal range, not an amount:
  // "2000元以上的案件", "500元以下", "15天以内".
  bool threshold = false;
  // Whether the mention can state a count or amount at all.
  bool Countable() const { return !ordinal && !threshold; }
};

// Every quantity with a known unit in `text`, in order.
std::vector<NumberMention> ScanNumbers(absl::string_view text);
// The same into `out` (cleared first), whose storage a caller scanning
// many sentences reuses.
void ScanNumbers(absl::string_view text, std::vector<NumberMention>* out);

// How many units ScanNumbers knows, and the place of `unit` among them
// (0 <= index < kKnownUnits), or -1 for a unit it never reads: lets a
// caller test a mention's unit against a set of units as a bit mask.
inline constexpr int kKnownUnits = 39;
int UnitIndex(absl::string_view unit);

// Parses a whole string of Chinese numerals ("一百二十", "两", "三千五百",
// "1.2万" is not accepted here). Returns nullopt when it is not one number.
std::optional<double> ParseChineseNumeral(absl::string_view numeral);

// Parses Arabic digits with optional thousands separators and decimals
// ("4,528", "95.6"). Returns nullopt when it is not one number.
std::optional<double> ParseArabic(absl::string_view digits);

}  // namespace fazhi::numbers

#endif  // FAZHI_COMMON_NUMBERS_NUMBERS_H_
