#include "common/engine/sections.h"

#include <set>

#include "common/engine/re2_util.h"
#include "common/text/segment.h"
#include "re2/re2.h"

namespace fazhi::engine {

using fazhi::v1::SectionId;

SectionId ClassifyHeading(absl::string_view title) {
  // Checked in this order: a leadership heading often also says 推进法治建设,
  // and a shortcomings heading may mention 下一步.
  static const auto* kRules = new std::vector<std::pair<SectionId, RE2*>>{
      {fazhi::v1::SECTION_ID_LEADERSHIP, new RE2("第一责任人|主要负责人|履行.{0,12}职责")},
      {fazhi::v1::SECTION_ID_SHORTCOMINGS, new RE2("不足|存在.{0,6}问题|问题和|短板|差距|薄弱")},
      {fazhi::v1::SECTION_ID_PLANS,
       new RE2("安排|计划|打算|思路|下一步|下一年|工作谋划|工作设想|展望")},
      {fazhi::v1::SECTION_ID_OTHER, new RE2("^其他|其它")},
      {fazhi::v1::SECTION_ID_MEASURES,
       new RE2("举措|成效|主要工作|做法|工作情况|进展|成绩|开展情况|推进情况")},
  };
  for (const auto& [id, re] : *kRules) {
    if (RE2::PartialMatch(Piece(title), *re)) return id;
  }
  return fazhi::v1::SECTION_ID_UNSPECIFIED;
}

std::vector<fazhi::v1::Section> FindSections(absl::string_view normalized) {
  struct Candidate {
    int level;
    text::Span line;
    text::Heading heading;
  };
  std::vector<Candidate> candidates;
  for (const text::Span& line : text::SplitLines(normalized)) {
    auto heading = text::ParseHeading(line.Of(normalized));
    // Headings are short; a long "一是..." line is a paragraph.
    if (!heading || heading->level == 5 || heading->title.size() > 150) continue;
    candidates.push_back({heading->level, line, *heading});
  }
  // The sections are the classified headings of the highest level that has
  // any: levels are tried from the top, so lower headings are classified
  // only when no higher one names a section.
  std::vector<fazhi::v1::Section> sections;
  std::set<int> levels;
  for (const Candidate& c : candidates) levels.insert(c.level);
  for (int level : levels) {
    std::set<int> seen;
    for (const Candidate& c : candidates) {
      if (c.level != level) continue;
      SectionId id = ClassifyHeading(c.heading.title);
      if (id == fazhi::v1::SECTION_ID_UNSPECIFIED || !seen.insert(id).second) continue;
      fazhi::v1::Section section;
      section.set_id(id);
      size_t heading_end = c.line.start + c.heading.marker_bytes + c.heading.title.size();
      section.set_heading(std::string(normalized.substr(c.line.start, heading_end - c.line.start)));
      section.set_start(static_cast<int64_t>(c.line.start));
      section.set_end(static_cast<int64_t>(heading_end));
      sections.push_back(std::move(section));
    }
    if (!sections.empty()) break;
  }
  return sections;
}

}  // namespace fazhi::engine
