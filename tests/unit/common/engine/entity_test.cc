// Who reported, from the gazetteer: one case per place where reports state
// it and per kind of entity, each a page opening of our own wording.
#include "common/engine/entity.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/text/normalize.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace fazhi::engine {
namespace {

using fazhi::v1::EntityLevel;

class EntityTest : public ::testing::Test {
 protected:
  const gazetteer::Gazetteer* gazetteer_ = &testing::TestGazetteer();
};

// A whole report whose only name is its signature.
std::string SignedReport(const std::string& signature) {
  std::string text = "关于2024年度法治政府建设情况的报告\n";
  for (int i = 0; i < 45; ++i) {
    text +=
        "持续深化依法行政,严格落实重大行政决策程序,规范行政执法行为,推动各项工作在法治轨道上运行,"
        "不断提升干部群众的法治意识和依法办事能力。\n";
  }
  return text + signature + "\n2025年1月10日\n";
}

TEST_F(EntityTest, ReadsTheEntityWhereReportsStateIt) {
  struct Case {
    const char* name;
    std::string text;
    std::string entity;  // empty: none
    EntityLevel level;
  } cases[] = {
      {"title with the county before the town",
       "桐庐县分水镇2024年度法治政府建设情况报告\n2024年,我镇扎实推进依法行政。\n", "分水镇",
       fazhi::v1::ENTITY_LEVEL_TOWN},
      {"site title with navigation suffix and breadcrumbs",
       "首页>政务公开>法治政府建设年度报告\n"
       "余杭区良渚街道2023年法治政府建设工作报告 - 通知公告 - 余杭区政府门户网站\n"
       "发布时间:2024-02-01\n",
       "良渚街道", fazhi::v1::ENTITY_LEVEL_STREET},
      {"year before the county in the title",
       "2025年桐庐县法治政府建设情况报告\n2025年,全县上下坚持依法行政。\n", "桐庐县",
       fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"organ line above a 关于 title",
       "中共余杭区委 "
       "余杭区人民政府\n关于2024年度法治政府建设情况的报告\n中共杭州市委、杭州市人民政府:\n",
       "余杭区", fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"city government title", "绍兴市人民政府关于2024年度法治政府建设情况的报告\n", "绍兴市",
       fazhi::v1::ENTITY_LEVEL_CITY},
      {"city prefix before a district government",
       "杭州市余杭区人民政府关于2022年法治政府建设情况的报告\n", "余杭区",
       fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"department of a two-character county",
       "赵县司法局2023年法治政府建设年度报告\n一、主要举措\n", "赵县司法局",
       fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"the county government's office", "桐庐县人民政府办公室关于2023年度法治政府建设情况的报告\n",
       "桐庐县人民政府办公室", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"a county's commission",
       "桐庐县卫生健康委员会2024年法治政府建设年度报告\n2024年,我委坚持依法行政。\n",
       "桐庐县卫生健康委员会", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"the party's committee for the rule of law is no department",
       "中共桐庐县委全面依法治县委员会\n关于2024年度法治政府建设情况的报告\n", "桐庐县",
       fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"department of a city", "绍兴市市场监督管理局2024年法治政府建设年度报告\n",
       "绍兴市市场监督管理局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"opening subject after the year and the leadership clause",
       "2023年,在区委、区政府的坚强领导下,五常街道持续深化基层依法治理,各项工作取得新成效。"
       "现将有关情况报告如下:\n一、主要举措\n",
       "五常街道", fazhi::v1::ENTITY_LEVEL_STREET},
      {"opening subject: a county's department by its short form, completed from a plan",
       "2024年,市司法局坚持以法治思维统筹推进各项工作,全面提升依法行政水平,现将情况报告如下:\n"
       "一、主要举措\n印发《绍兴市司法局2024年普法工作要点》。\n",
       "绍兴市司法局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"我局 and the department's full name in a document title",
       "按照有关要求,现将我局法治政府建设工作开展情况总结如下:\n一、主要举措\n"
       "制定《2024年度桐庐县应急管理局学法计划》,我局全年组织学法四次。\n",
       "桐庐县应急管理局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"我局 named only by the source line, whose next field follows without a space",
       "关于2023年度法治政府建设工作情况的报告\n来源:县住房和城乡建设局 发布时间:2024-03-01\n"
       "2023年以来,在县委、县政府的领导下,我局坚持依法行政,现将有关情况报告如下:\n"
       "一、主要举措\n我局全年组织集中学法4次。\n",
       "县住房和城乡建设局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"a township's page posted by a county office: the source line is not the entity",
       "白沙镇关于2023年度法治政府建设情况的报告\n来源:县司法局 发布时间:2024-03-01\n"
       "2023年,我镇坚持依法行政,现将有关情况报告如下:\n一、主要举措\n全镇开展学法4次。\n",
       "白沙镇", fazhi::v1::ENTITY_LEVEL_TOWN},
      {"县委、县政府 as the subject, the county by its short autonomous name",
       "2025年,县委、县政府坚持把法治建设摆在突出位置,统筹推进法治政府建设,成效明显。\n"
       "一、主要做法\n印发《屏边县领导干部学法清单》,屏边县全年开展专题学法6次。\n",
       "屏边苗族自治县", fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"links to the reports of other towns, the page's own title last above its source line",
       "相关链接\n径山镇2024年法治政府建设年度报告\n瓶窑镇2024年法治政府建设年度报告\n"
       "黄湖镇2024年法治政府建设年度报告\n来源:黄湖镇人民政府 发布时间:2025-03-10\n"
       "2024年,黄湖镇坚持依法行政。\n",
       "黄湖镇", fazhi::v1::ENTITY_LEVEL_TOWN},
      {"links to the reports of other towns above a title that names no body",
       "相关文章\n径山镇2023年法治政府建设年度报告\n瓶窑镇2023年法治政府建设年度报告\n"
       "2024年度法治政府建设年度报告\n发布时间:2025-02-27\n2024年,黄湖镇坚持依法行政,"
       "全面推进各项工作。\n",
       "黄湖镇", fazhi::v1::ENTITY_LEVEL_TOWN},
      {"the site's banner above its navigation is not the issuer of a title naming no body",
       "杭州市余杭区人民政府\n首页 > 镇街信息公开 > 黄湖镇\n2024年法治政府建设年度报告\n"
       "发布时间:2025-03-10\n2024年,黄湖镇坚持依法行政,全面推进各项工作。\n",
       "黄湖镇", fazhi::v1::ENTITY_LEVEL_TOWN},
      {"区司法局 under the banner of the one district the page names",
       "杭州市余杭区人民政府\n首页 > 部门信息公开 > 区司法局\n2024年度法治政府建设工作报告\n"
       "发布时间:2025-03-11 来源:区司法局\n2024年,区司法局坚持依法行政,我局法治政府建设取得"
       "新成效。\n",
       "余杭区司法局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT},
      {"我区 without its name: the county of the townships it names",
       "2024年,我区坚持以法治引领发展,全区依法行政水平稳步提升,现将有关情况报告如下:\n"
       "一、主要工作\n组织径山镇、瓶窑镇和仁和街道负责人开展述法。\n",
       "余杭区", fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"我街 and a street written without 道",
       "为全面落实上级部署,我街持续加强法治建设,推动各项工作依法开展,成效明显。\n"
       "一、主要工作\n制定《良渚街2024年依法治街工作要点》。\n",
       "良渚街道", fazhi::v1::ENTITY_LEVEL_STREET},
      {"publisher line of the page",
       "索引号:001/2024\n发布机构: 瓶窑镇人民政府\n发文日期: 2024-03-01\n"
       "一、2023年主要工作\n",
       "瓶窑镇", fazhi::v1::ENTITY_LEVEL_TOWN},
      {"abbreviated street under its county", "杭州市上城区彭埠新村街道2024年度法治政府建设报告\n",
       "彭埠街道", fazhi::v1::ENTITY_LEVEL_STREET},
      {"a township the gazetteer does not list, named by the title",
       "青禾湾街道2024年法治政府建设年度报告\n2024年,我街道坚持依法行政。\n", "青禾湾街道",
       fazhi::v1::ENTITY_LEVEL_STREET},
      {"signature of a whole report", SignedReport("瓶窑镇人民政府"), "瓶窑镇",
       fazhi::v1::ENTITY_LEVEL_TOWN},
      {"signature of a county's two organs", SignedReport("中共桐庐县委 桐庐县人民政府"), "桐庐县",
       fazhi::v1::ENTITY_LEVEL_COUNTY},
      {"words that end in township suffixes are no names",
       "2024年,全镇上下着力加强乡村治理,不断规范街道管理,立足全镇实际推进依法行政工作。\n", "",
       fazhi::v1::ENTITY_LEVEL_UNSPECIFIED},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    text::NormalizedText norm = text::Normalize(c.text);
    std::optional<fazhi::v1::Entity> e = FindEntity(norm.text, *gazetteer_);
    if (c.entity.empty()) {
      EXPECT_FALSE(e.has_value()) << e->name();
      continue;
    }
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->name(), c.entity);
    EXPECT_EQ(e->level(), c.level);
    // The evidence is the text the name was read from.
    if (e->has_evidence()) {
      EXPECT_EQ(
          norm.text.substr(e->evidence().start(), e->evidence().end() - e->evidence().start()),
          e->evidence().quote());
      EXPECT_NE(e->evidence().text().find(e->evidence().quote()), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace fazhi::engine
