// Reviewers' corrections over extracted reports. The extraction is never
// changed: a report as statistics see it is the extraction with its
// corrections laid over it in the order they were made, the later over the
// earlier on the same field, reverted ones skipped.
//
//   RETURN_IF_ERROR(review::Validate(request));
//   fazhi::v1::ParsedReport before = review::Apply(extracted, held);
//   fazhi::v1::ParsedReport after = review::Apply(extracted, held_and_new);
//   audit: FieldOf(c), ValueText(before, c) -> ValueText(after, c)
#ifndef FAZHI_COMMON_REVIEW_CORRECTIONS_H_
#define FAZHI_COMMON_REVIEW_CORRECTIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::review {

// Checks the fields a correction's kind needs (INVALID_ARGUMENT naming the
// field) and clears those it does not use. The reviewer may be empty here
// (the service fills in the caller's name).
absl::Status Validate(fazhi::v1::Correction* correction);

// The reason (required) and reviewer name (may be empty) of a correction
// or a revert: INVALID_ARGUMENT naming the field.
absl::Status CheckReasonAndReviewer(absl::string_view reason, absl::string_view reviewer);

// `extracted` with every correction of `corrections` that is not reverted
// applied in order; corrected figures are marked (Indicator.corrected,
// extracted_value, added), the corrections in force are listed in
// ParsedReport.corrections, a corrected placement has region.method
// "correction", and contradictions are checked again.
fazhi::v1::ParsedReport Apply(const fazhi::v1::ParsedReport& extracted,
                              const std::vector<fazhi::v1::Correction>& corrections);

// The field a correction changes as the audit names it: "indicator:ID",
// "entity", "county", "township".
std::string FieldOf(const fazhi::v1::Correction& correction);
// What that field reads in `report`: "12 件", "≥30 人", "(none)",
// "白沙镇", "330102" ("(none)" when not set).
std::string ValueText(const fazhi::v1::ParsedReport& report,
                      const fazhi::v1::Correction& correction);
// The extracted words the field was read from in `report` (empty when it
// has none): what a later extraction is compared with.
std::string EvidenceQuote(const fazhi::v1::ParsedReport& report,
                          const fazhi::v1::Correction& correction);

}  // namespace fazhi::review

#endif  // FAZHI_COMMON_REVIEW_CORRECTIONS_H_
