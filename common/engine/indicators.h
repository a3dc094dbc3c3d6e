// Applies the compiled indicator catalog to normalised text: every trigger
// is paired with the nearest quantity of an allowed unit in the same clause,
// checked against the rule's exclusions, and given its evidence.
#ifndef FAZHI_COMMON_ENGINE_INDICATORS_H_
#define FAZHI_COMMON_ENGINE_INDICATORS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/engine/catalog.h"
#include "common/numbers/numbers.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// One indicator per id in document order of first statement; later
// statements of the same id become its alternatives. Evidence start/end and
// text refer to `normalized`; original offsets are filled by the caller.
// Fails only when the trigger scan cannot get memory.
absl::StatusOr<std::vector<fazhi::v1::Indicator>> FindIndicators(const CompiledCatalog& catalog,
                                                                 absl::string_view normalized);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_INDICATORS_H_
