// Applies the compiled indicator catalog to normalised text: every trigger
// is paired with the nearest quantity of an allowed unit in the same clause,
// checked against the rule's exclusions, and given its evidence.
#ifndef FAZHI_COMMON_ENGINE_INDICATORS_H_
#define FAZHI_COMMON_ENGINE_INDICATORS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/engine/catalog.h"
#include "common/numbers/numbers.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// Words that, opening a statement's clause, make it a figure of an area
// wider than the reporting entity's: 全县, 全市 ... in a township's report
// ("全县共受理信访案件150件" is not the township's count); 全省, 全国 and the
// city's 全市 in a county's; and of another body (法院, 检察院). Empty when
// the entity's level is unknown.
std::vector<std::string> WiderScopesOf(const fazhi::v1::Entity& entity);

// Characters naming the levels above the entity's (县, 区, 市 ... for a
// township; 市, 州, 省 ... for a county and its departments): a clause that
// opens with a body of one of them (县司法局, 市中级人民法院, 县法律援助
// 中心) states that body's figure. Empty when the level is unknown.
std::vector<std::string> UpperLevelsOf(const fazhi::v1::Entity& entity);

// What a report says of itself that decides whose figures a statement
// gives: areas wider than the entity's (WiderScopesOf, plus the places
// above it by name), the entity's own names and path, the levels above it
// (UpperLevelsOf), and the year reported on (0: unknown).
struct ReportScope {
  std::vector<std::string> wider_scopes;
  std::vector<std::string> own_names;
  std::vector<std::string> upper_levels;
  int year = 0;
};

// One indicator per id in document order of first statement; later
// statements of the same id become its alternatives, unless one ranks
// higher: the entity's own figure of the year over another's (a statement
// opening with one of `wider_scopes` or with a body of one of
// `upper_levels`, a count of several years, one dated another year or 上年度),
// then a stated total (共计, 合计 ...) over a plain figure. An indicator
// stated only as another's is left out. A scope followed at once by one of
// `own_names` is the entity's own path (杭州市上城区…), not a wider area.
// Evidence start/end and text refer to `normalized`; original offsets are
// filled by the caller. Fails only when the trigger scan cannot get memory.
absl::StatusOr<std::vector<fazhi::v1::Indicator>> FindIndicators(const CompiledCatalog& catalog,
                                                                 absl::string_view normalized,
                                                                 const ReportScope& scope = {});

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_INDICATORS_H_
