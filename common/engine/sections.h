// Finds the five mandated sections (shared/spec/indicators.md) among the
// report's headings, whatever numbering style the report uses, or from
// their content when the heading is missing or is a lower one.
#ifndef FAZHI_COMMON_ENGINE_SECTIONS_H_
#define FAZHI_COMMON_ENGINE_SECTIONS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// The section a heading title names, or SECTION_ID_UNSPECIFIED.
fazhi::v1::SectionId ClassifyHeading(absl::string_view title);

// Mandated sections in document order, at most one per id. Each is the
// first of:
// - a top-level heading (the highest numbering level the report uses) that
//   names it; headings run into a paragraph ("...如下:一、主要举措和成效(一)")
//   and a level-one heading that lost its 、 count;
// - for leadership and measures only, a lower heading naming it outside the
//   shortcomings, plans and other parts ("(二)党委书记履行第一责任人职责");
// - its content: measures when the report goes straight to top-level work
//   items that name no part ("一、强化组织领导"); leadership from a sentence
//   on the principal leaders' duty as first person responsible, outside
//   the later parts. Then `heading` and the span are those of the work item
//   or the sentence.
std::vector<fazhi::v1::Section> FindSections(absl::string_view normalized);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_SECTIONS_H_
