// Finds the five mandated sections (shared/spec/indicators.md) among the
// report's headings, whatever numbering style the report uses.
#ifndef FAZHI_COMMON_ENGINE_SECTIONS_H_
#define FAZHI_COMMON_ENGINE_SECTIONS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// The section a heading title names, or SECTION_ID_UNSPECIFIED.
fazhi::v1::SectionId ClassifyHeading(absl::string_view title);

// Mandated sections in document order, at most one per id, taken from the
// highest heading level that names any of them.
std::vector<fazhi::v1::Section> FindSections(absl::string_view normalized);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_SECTIONS_H_
