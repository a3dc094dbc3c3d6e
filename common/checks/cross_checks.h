// Figures of one report that cannot both be right, found from the figures
// alone (so stored reports are checked as well as new ones):
//  - a part above its whole: 调解成功 > 调解矛盾纠纷, 信访办结 > 信访,
//    行政诉讼败诉 > 行政诉讼 (unless the whole is only a lower bound or an
//    approximation, which may be the larger);
//  - a stated rate its own counts contradict by more than a point
//    (调解成功率 95 % with 80 of 100 disputes resolved);
//  - a rate above 100 %.
//
//   for (const auto& c : checks::Contradictions(report)) ...
#ifndef FAZHI_COMMON_CHECKS_CROSS_CHECKS_H_
#define FAZHI_COMMON_CHECKS_CROSS_CHECKS_H_

#include <vector>

#include "fazhi/v1/report.pb.h"

namespace fazhi::checks {

// How far (percentage points) a stated rate may stand from the one its
// counts give: reports round, and 95.6 % of 1 000 is 956.
inline constexpr double kRateTolerancePoints = 1.0;

std::vector<fazhi::v1::Contradiction> Contradictions(const fazhi::v1::ParsedReport& report);

}  // namespace fazhi::checks

#endif  // FAZHI_COMMON_CHECKS_CROSS_CHECKS_H_
