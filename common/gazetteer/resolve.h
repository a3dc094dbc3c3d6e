// Places a report's entity in the gazetteer. About 30 % of township names
// are shared by several counties, so a name alone often does not decide:
// the text is searched for evidence (full paths such as 杭州市上城区小营街道,
// names of the county, city or province, 区委/县委 wording, neighbouring
// townships), and an optional region hint narrows the candidates. When the
// evidence does not decide, every candidate is returned and the region
// stays unresolved: never a silent guess.
//
//   fazhi::v1::Region region = ResolveRegion(*gazetteer, entity, text, hint);
#ifndef FAZHI_COMMON_GAZETTEER_RESOLVE_H_
#define FAZHI_COMMON_GAZETTEER_RESOLVE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/gazetteer/gazetteer.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::gazetteer {

// `text` is the report's normalised text; `hint` a region code in any
// standard form (a province as 2 digits or 110000, a city as 4 digits or
// 640500, a county as 6, a township as 9) or empty. The result has county_code set only when
// resolved.
// A hint in its code-prefix form: 110000 -> "11", 640500 -> "6405"; other
// values as they are.
std::string StandardHint(const Gazetteer& gazetteer, absl::string_view hint);

// INVALID_ARGUMENT when a non-empty hint names no division of the gazetteer.
absl::Status CheckHint(const Gazetteer& gazetteer, absl::string_view hint);

// When the text alone decides the county and the hint names another place,
// the text's county stands and `hint_conflict` says both; when the hint
// rules out every place of the entity's name and the text decides nothing,
// the hint's county is used and the conflict said the same way.
fazhi::v1::Region ResolveRegion(const Gazetteer& gazetteer, const fazhi::v1::Entity& entity,
                                absl::string_view text, absl::string_view hint);

}  // namespace fazhi::gazetteer

#endif  // FAZHI_COMMON_GAZETTEER_RESOLVE_H_
