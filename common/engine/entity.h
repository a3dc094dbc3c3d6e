// Who wrote a report, as the gazetteer names it: a township (街道, 镇, 乡),
// a county-level government (县, 区, 旗, county-level 市), a city, or a
// department of one (X县司法局, 区市场监管局).
//
// Read where reports state it, strongest first:
//   1. the title ("宁乡市青山镇2024年度法治政府建设情况报告", "2024年X区法治
//      政府建设报告") or an organ line above a "关于…报告" title
//      ("中共X区委 X区人民政府");
//   2. the subject of the opening sentence ("2024年,在县委的领导下,青山镇
//      坚持…", "市司法局坚持…", "我局…");
//   3. the page's 发布机构 / 来源 / 责任部门 line;
//   4. the body's own references (我镇, 我街, 我县, 我局, 县政府 …) and the
//      places of that kind it names most.
// Spellings the gazetteer does not use resolve through its aliases
// (common/gazetteer/names.h): 黄石街 is 黄石街道, 镇宁自治县 is
// 镇宁布依族苗族自治县.
//
//   std::optional<fazhi::v1::Entity> e = FindEntity(norm.text, *gazetteer);
#ifndef FAZHI_COMMON_ENGINE_ENTITY_H_
#define FAZHI_COMMON_ENGINE_ENTITY_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "common/gazetteer/gazetteer.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// `text` is the output of text::Normalize. The entity's name is the
// gazetteer's (a department's as the text writes it), its evidence the span
// it was read from and that line. nullopt when the text names no entity.
std::optional<fazhi::v1::Entity> FindEntity(absl::string_view text,
                                            const gazetteer::Gazetteer& gazetteer);

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_ENTITY_H_
