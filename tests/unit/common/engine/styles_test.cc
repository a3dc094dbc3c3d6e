// Whole reports of our own wording in styles the seed corpus lacks:
// half-width punctuation throughout, Markdown, navigation text pasted
// before the title, GBK bytes, Chinese numerals, tables flattened to
// lines. Each is checked for its metadata, sections and figures.
#include <map>

#include "common/engine/engine.h"
#include "common/text/decode.h"
#include "gtest/gtest.h"

namespace fazhi::engine {
namespace {

struct StyleCase {
  const char* name;
  std::string text;
  const char* entity;
  int year;
  const char* published;
  int sections;
  std::map<std::string, double> figures;
};

std::vector<StyleCase> Cases() {
  return {
      {"half-width punctuation throughout",
       "柳溪镇人民政府关于2023年度法治政府建设情况的报告\n"
       "一、2023年推进法治政府建设的主要举措和成效\n"
       "(一)依法决策.全年审查合同58份,作出重大行政决策事项2件,制发行政规范性文件1件.\n"
       "(二)化解矛盾.镇调委会共调解矛盾纠纷64起,调解成功61起,调解成功率95.3%.\n"
       "二、存在的不足和原因\n部分干部法治意识不强.\n"
       "三、主要负责人履行推进法治建设第一责任人职责情况\n镇长带头学法.\n"
       "四、2024年工作安排\n继续加强法治宣传.\n"
       "柳溪镇人民政府\n2024年1月20日\n",
       "柳溪镇",
       2023,
       "2024-01-20",
       4,
       {{"contracts_reviewed", 58},
        {"major_decisions", 2},
        {"normative_documents", 1},
        {"disputes_mediated", 64},
        {"disputes_resolved", 61},
        {"mediation_success_rate", 95.3}}},
      {"markdown with bold lead-ins",
       "# 2024年度法治政府建设工作报告\n\n**石门乡人民政府**\n\n"
       "## 一、工作成效\n\n**一是强化学法。** "
       "乡党委中心组开展集体学法**8次**，组织法治培训3期。\n\n"
       "**二是规范执法。** 全年办理行政处罚案件12件，罚没款共计2.6万元。\n\n"
       "## 二、存在问题\n\n执法力量不足。\n\n## 三、下一步打算\n\n补齐短板。\n",
       "石门乡",
       2024,
       "",
       3,
       {{"law_study_sessions", 8},
        {"law_trainings", 3},
        {"enforcement_cases", 12},
        {"enforcement_fines_yuan", 26000}}},
      {"navigation text pasted before the title",
       "首页 > 政务公开 > 法治政府建设 > 正文\n字号：大 中 小 打印本页 关闭窗口\n"
       "东坪街道2024年法治政府建设年度报告\n发布时间：2025-01-15 来源：东坪街道办事处\n"
       "2024年，东坪街道坚持依法行政。\n一、主要举措和成效\n"
       "全年受理信访事项47件，办结45件；提供法律咨询600余人次。\n"
       "二、存在的不足\n宣传形式单一。\n三、下一年度主要安排\n深化普法。\n",
       "东坪街道",
       2024,
       "2025-01-15",
       3,
       {{"petitions", 47}, {"petitions_closed", 45}, {"legal_consultations", 600}}},
      {"Chinese numerals",
       "青龙镇2023年法治政府建设情况报告\n一、主要工作\n"
       "全年召开法治工作会议四次，开展法治宣传活动二十六场，聘请法律顾问两名，"
       "接收社区矫正对象十一人。\n二、存在问题\n无。\n",
       "青龙镇",
       2023,
       "",
       2,
       {{"rule_of_law_meetings", 4},
        {"publicity_events", 26},
        {"legal_advisors", 2},
        {"community_correction_received", 11}}},
      {"table flattened to lines",
       "白马街道2024年法治政府建设情况报告\n一、主要举措和成效\n主要数据如下：\n"
       "项目\t数量\n受理行政复议案件\t3件\n行政应诉案件\t5件\n行政机关负责人出庭应诉率\t100%\n"
       "二、存在的不足\n仍需改进。\n",
       "白马街道",
       2024,
       "",
       2,
       {{"admin_reconsideration_cases", 3},
        {"admin_litigation_cases", 5},
        {"head_court_appearance_rate", 100}}},
  };
}

TEST(StylesTest, ReportsInStylesTheSeedsLack) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok());
  std::vector<StyleCase> cases = Cases();
  // The same half-width report again, as GBK bytes.
  StyleCase gbk = cases[0];
  gbk.name = "GBK bytes";
  gbk.text = *text::EncodeUtf8As(gbk.text, "GBK");
  cases.push_back(gbk);
  for (const StyleCase& c : cases) {
    SCOPED_TRACE(c.name);
    fazhi::v1::Document document;
    document.set_content(c.text);
    auto report = (*extractor)->Extract(document, {});
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->entity().name(), c.entity);
    EXPECT_EQ(report->year(), c.year);
    EXPECT_EQ(report->published(), c.published);
    EXPECT_EQ(report->sections_size(), c.sections);
    std::map<std::string, double> got;
    for (const auto& i : report->indicators()) {
      got[i.id()] = i.value();
      EXPECT_EQ(i.evidence().verification(), fazhi::v1::VERIFICATION_VERIFIED) << i.id();
    }
    for (const auto& [id, value] : c.figures) {
      auto it = got.find(id);
      ASSERT_NE(it, got.end()) << id << " not found";
      EXPECT_DOUBLE_EQ(it->second, value) << id;
    }
  }
}

}  // namespace
}  // namespace fazhi::engine
