// Whole reports of our own wording in styles the seed corpus lacks:
// half-width punctuation throughout, Markdown, navigation text pasted
// before the title, GBK bytes, Chinese numerals, tables flattened to
// lines. Each is checked for its metadata, sections and figures.
#include <map>

#include "absl/strings/str_cat.h"
#include "common/engine/engine.h"
#include "common/text/decode.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

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
      {"an HTML page of a county government, numbers with thousands separators",
       "<html><head><title>云岭县人民政府关于2023年度法治政府建设情况的报告</title></head><body>"
       "<div class=\"nav\">网站首页 | 政府信息公开</div>"
       "<h1>云岭县人民政府关于2023年度法治政府建设情况的报告</h1>"
       "<p>发布日期:2024-03-28</p>"
       "<h2>一、主要做法和成效</h2><p>全年办理行政处罚案件2,318件,罚没款1,856.3万元。"
       "全年共收到行政复议申请86件;办理行政诉讼案件54件,败诉案件3件。</p>"
       "<p>全年主动公开政府信息12,630条。</p>"
       "<h2>二、存在问题</h2><p>基层执法力量薄弱。</p>"
       "<h2>三、主要负责人履职情况</h2><p>县长专题研究法治政府建设工作5次。</p>"
       "<h2>四、下一步工作</h2><p>持续推进依法行政。</p></body></html>",
       "云岭县",
       2023,
       "2024-03-28",
       4,
       {{"enforcement_cases", 2318},
        {"enforcement_fines_yuan", 18563000},
        {"admin_reconsideration_cases", 86},
        {"admin_litigation_cases", 54},
        {"admin_litigation_lost", 3},
        {"info_disclosed", 12630},
        {"rule_of_law_meetings", 5}}},
      {"第一部分 headings, a later stated total, 百分之百",
       "石门街道办事处2024年度法治政府建设工作报告\n"
       "第一部分 2024年度推进法治政府建设的主要举措和成效\n"
       "今年新取得执法证人员4名,目前持证执法人员共计37人。学法考试参考率达百分之百。\n"
       "第二部分 存在的不足及原因\n执法力量不足。\n"
       "第三部分 党政主要负责人履行推进法治建设第一责任人职责情况\n"
       "党工委书记专题研究法治工作3次。\n"
       "第四部分 2025年度推进法治政府建设的主要安排\n持续推进。\n"
       "第五部分 其他需要报告的情况\n无。\n"
       "石门街道办事处\n2025年1月20日\n",
       "石门街道",
       2024,
       "2025-01-20",
       5,
       {{"enforcement_certified_staff", 37},
        {"law_exam_participation_rate", 100},
        {"rule_of_law_meetings", 3}}},
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

namespace fazhi::engine {
namespace {

// Figures under the plans part are next year's targets: they neither give
// an indicator nor stand as its alternatives, whatever their wording.
TEST(StylesTest, FiguresOfNextYearsPlansAreNoIndicators) {
  auto extractor = Extractor::Create();
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  fazhi::v1::Document document;
  document.set_content(
      "青禾镇2024年法治政府建设情况报告\n"
      "一、主要举措和成效\n全年组织法治专题培训3次，受理信访案件41件。\n"
      "二、存在的不足\n基层法治力量仍较薄弱。\n"
      "三、2025年主要安排\n（一）组织法治专题培训6次。\n（二）开展普法宣传活动20场。\n");
  auto report = (*extractor)->Extract(document, {});
  ASSERT_TRUE(report.ok()) << report.status();
  bool trainings = false;
  for (const auto& indicator : report->indicators()) {
    EXPECT_NE(indicator.id(), "publicity_events") << indicator.evidence().text();
    if (indicator.id() == "law_trainings") {
      trainings = true;
      EXPECT_EQ(indicator.value(), 3);
      EXPECT_EQ(indicator.alternatives_size(), 0);
    }
  }
  EXPECT_TRUE(trainings);
}

}  // namespace
}  // namespace fazhi::engine

namespace fazhi::engine {
namespace {

// A clause opening with a place above the entity by name (its county, city
// or province) states that place's figure; the entity's own path
// (杭州市余杭区良渚街道…) stays its own.
TEST(StylesTest, NamedPlacesAboveTheEntityAreWiderAreas) {
  auto extractor = Extractor::Create(&testing::TestGazetteer());
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  struct Case {
    const char* sentence;
    bool kept;
  } cases[] = {
      {"余杭区公共法律服务中心全年接待法律咨询4000余人次。", false},
      {"杭州市全年开展普法宣传活动3000余场。", false},
      {"浙江省全年开展普法宣传活动9000余场。", false},
      {"杭州市余杭区良渚街道全年开展普法宣传活动30场。", true},
      {"余杭区良渚街道全年开展普法宣传活动30场。", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sentence);
    fazhi::v1::Document document;
    document.set_content(absl::StrCat("良渚街道2024年法治政府建设情况报告\n", c.sentence, "\n"));
    auto report = (*extractor)->Extract(document, {});
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->region().county_code(), "330110");
    EXPECT_EQ(report->indicators_size(), c.kept ? 1 : 0);
  }
}

}  // namespace
}  // namespace fazhi::engine
