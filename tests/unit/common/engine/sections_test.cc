#include "common/engine/sections.h"

#include "absl/strings/str_cat.h"
#include "common/text/normalize.h"
#include "gtest/gtest.h"

namespace fazhi::engine {
namespace {

using fazhi::v1::SectionId;

struct ClassifyCase {
  const char* title;
  SectionId id;
};

TEST(SectionsTest, ClassifyHeadings) {
  const ClassifyCase cases[] = {
      {"2024年度推进法治政府建设的主要举措和成效", fazhi::v1::SECTION_ID_MEASURES},
      {"工作成效和进展", fazhi::v1::SECTION_ID_MEASURES},
      {"推进法治政府建设存在的不足和原因", fazhi::v1::SECTION_ID_SHORTCOMINGS},
      {"当前工作中的短板", fazhi::v1::SECTION_ID_SHORTCOMINGS},
      {"党政主要负责人履行推进法治建设第一责任人职责情况", fazhi::v1::SECTION_ID_LEADERSHIP},
      {"2025年度推进法治政府建设的主要安排", fazhi::v1::SECTION_ID_PLANS},
      {"下一步工作打算", fazhi::v1::SECTION_ID_PLANS},
      {"其他需要报告的情况", fazhi::v1::SECTION_ID_OTHER},
      {"坚持党建引领", fazhi::v1::SECTION_ID_UNSPECIFIED},
      {"2023年度法治政府建设情况", fazhi::v1::SECTION_ID_MEASURES},
      {"所做工作", fazhi::v1::SECTION_ID_MEASURES},
      {"2024年法治政府建设工作回顾", fazhi::v1::SECTION_ID_MEASURES},
      {"下一步工作措施", fazhi::v1::SECTION_ID_PLANS},
      {"镇党委书记认真落实法治建设第一责任人职责", fazhi::v1::SECTION_ID_LEADERSHIP},
      // A government's duties are not its leaders' duty.
      {"依法全面履行政府职责", fazhi::v1::SECTION_ID_UNSPECIFIED},
      {"工作中的困难和问题", fazhi::v1::SECTION_ID_SHORTCOMINGS},
      {"仍需要改进的方面", fazhi::v1::SECTION_ID_SHORTCOMINGS},
      {"街道党工委书记履行法治建设职责情况", fazhi::v1::SECTION_ID_LEADERSHIP},
      {"今后的努力方向", fazhi::v1::SECTION_ID_PLANS},
      {"2025年工作重点", fazhi::v1::SECTION_ID_PLANS},
      // A work item's plan is not the plans part.
      {"压实普法责任，落实年度普法计划", fazhi::v1::SECTION_ID_UNSPECIFIED},
  };
  for (const ClassifyCase& c : cases) {
    SCOPED_TRACE(c.title);
    EXPECT_EQ(ClassifyHeading(c.title), c.id);
  }
}

TEST(SectionsTest, TopLevelHeadingsInOrder) {
  std::string text =
      text::Normalize(
          "标题\n\n一、主要举措和成效\n\n(一)加强领导。内容。\n\n(二)存在问题的整改\n\n"
          "二、存在的不足\n\n三、下一步工作安排\n\n四、其他事项\n")
          .text;
  std::vector<fazhi::v1::Section> sections = FindSections(text);
  ASSERT_EQ(sections.size(), 4u);
  EXPECT_EQ(sections[0].id(), fazhi::v1::SECTION_ID_MEASURES);
  EXPECT_EQ(sections[0].heading(), "一、主要举措和成效");
  EXPECT_EQ(sections[1].id(), fazhi::v1::SECTION_ID_SHORTCOMINGS);
  EXPECT_EQ(sections[2].id(), fazhi::v1::SECTION_ID_PLANS);
  EXPECT_EQ(sections[3].id(), fazhi::v1::SECTION_ID_OTHER);
  for (const auto& s : sections) {
    EXPECT_EQ(text.substr(s.start(), s.end() - s.start()), s.heading());
  }
}

TEST(SectionsTest, MarkdownAndArabicStyles) {
  std::string text = text::Normalize(
                         "## 1. 工作开展情况\n\n内容。\n\n## 2. 存在问题和不足\n\n"
                         "## 3. 履行第一责任人职责情况\n\n## 4. 工作思路\n")
                         .text;
  std::vector<fazhi::v1::Section> sections = FindSections(text);
  ASSERT_EQ(sections.size(), 4u);
  EXPECT_EQ(sections[2].id(), fazhi::v1::SECTION_ID_LEADERSHIP);
  EXPECT_EQ(sections[3].id(), fazhi::v1::SECTION_ID_PLANS);
}

std::vector<SectionId> IdsOf(const std::vector<fazhi::v1::Section>& sections) {
  std::vector<SectionId> ids;
  for (const auto& s : sections) ids.push_back(s.id());
  return ids;
}

TEST(SectionsTest, UnnumberedAndBracketedHeadings) {
  const std::string paragraph = "本年度我镇围绕中心工作，扎实推进各项任务，取得了明显成效。\n\n";
  // Bold lines (their ** dropped by Normalize) and 【】 lines that name a
  // part, each above a paragraph.
  std::string text =
      text::Normalize(absl::StrCat("某某镇2024年法治政府建设情况报告\n\n**主要做法和成效**\n\n",
                                   paragraph, "【存在的短板】\n\n", paragraph, "下一步工作思路\n\n",
                                   paragraph))
          .text;
  EXPECT_EQ(IdsOf(FindSections(text)), (std::vector<SectionId>{fazhi::v1::SECTION_ID_MEASURES,
                                                               fazhi::v1::SECTION_ID_SHORTCOMINGS,
                                                               fazhi::v1::SECTION_ID_PLANS}));
  // Not a short line inside a paragraph's run, nor the title, nor a line
  // with punctuation.
  text = text::Normalize(absl::StrCat("某某镇2024年法治政府建设情况\n\n", paragraph,
                                      "存在不足，正在整改。\n\n", paragraph))
             .text;
  EXPECT_TRUE(FindSections(text).empty() ||
              FindSections(text)[0].id() != fazhi::v1::SECTION_ID_SHORTCOMINGS);
}

TEST(SectionsTest, LeadershipAsALowerHeadingInsideMeasures) {
  std::string text = text::Normalize(
                         "2023年,青枫乡坚持依法行政。\n一、2023年主要工作\n(一)加强组织保障\n"
                         "(二)乡党委书记认真履行法治建设第一责任人职责\n(三)完善学法计划\n"
                         "二、存在的不足\n(一)制度落实不够\n三、下一步打算\n")
                         .text;
  std::vector<fazhi::v1::Section> sections = FindSections(text);
  // "(三)完善学法计划" is a measure, not the plans part.
  EXPECT_EQ(IdsOf(sections), (std::vector<SectionId>{
                                 fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP,
                                 fazhi::v1::SECTION_ID_SHORTCOMINGS, fazhi::v1::SECTION_ID_PLANS}));
  EXPECT_EQ(sections[1].heading(), "(二)乡党委书记认真履行法治建设第一责任人职责");
  for (const auto& s : sections) {
    EXPECT_EQ(text.substr(s.start(), s.end() - s.start()), s.heading());
  }
}

struct ContentCase {
  const char* name;
  const char* text;
  std::vector<SectionId> ids;
  const char* leadership_evidence;  // nullptr: not checked
};

TEST(SectionsTest, PartsRecognisedFromTheirContent) {
  const ContentCase cases[] = {
      {"the leaders' duty said in a paragraph of the measures",
       "一、主要举措和成效\n(一)强化领导\n今年以来,街道党工委高度重视。街道党工委书记切实履行推进"
       "法治建设第一责任人职责,定期听取汇报。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       "街道党工委书记切实履行推进法治建设第一责任人职责,定期听取汇报。"},
      {"the leader named as the first person responsible",
       "一、主要举措和成效\n明确镇长为法治建设第一责任人,统筹推进。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       "明确镇长为法治建设第一责任人,统筹推进。"},
      {"the rules on the duty carried out",
       "一、主要举措和成效\n认真执行《党政主要负责人履行推进法治建设第一责任人职责规定》,压实责任。"
       "\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       nullptr},
      {"the leaders setting the example",
       "一、主要举措和成效\n局主要领导以身作则,带头学法用法。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       "局主要领导以身作则,带头学法用法。"},
      {"the duty named as carried out, without the first person responsible",
       "一、主要举措和成效\n三是认真履行推进法治政府建设职责。区长多次主持专题会议。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       "三是认真履行推进法治政府建设职责"},
      {"rules on the duty issued are a measure",
       "一、主要举措和成效\n制定《镇领导班子履行推进法治建设职责清单》。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"leaders presiding over meetings or deploying in person are a measure",
       "一、主要举措和成效\n县政府主要领导主持召开法治政府建设推进会,"
       "对法治工作亲自部署、亲自过问。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"a document on the duty issued for others is a measure",
       "一、主要举措和成效\n印发《街道班子成员法治建设第一责任人职责任务表》。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"first persons responsible as the ones examined",
       "一、主要举措和成效\n组织各村法治建设第一责任人参加年度述法考核。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"village secretaries reporting on their duty are examined, not the leaders",
       "一、主要举措和成效\n组织12名村党组织书记现场述法,压实法治建设第一责任人职责。村(社区)党组织"
       "书记带头学法用法。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"the township's own secretary after the villages' in one sentence",
       "一、主要举措和成效\n各村开展学法活动,镇党委书记带头学习民法典。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_LEADERSHIP},
       "各村开展学法活动,镇党委书记带头学习民法典。"},
      {"the duty in the plans part is a plan",
       "一、主要举措和成效\n(一)规范执法\n二、下一步工作打算\n进一步压实党政主要负责人第一责任人"
       "职责。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_PLANS},
       nullptr},
      {"first person responsible for something other than the rule of law",
       "一、主要举措和成效\n局长切实履行安全生产第一责任人职责,依法压实企业主体责任。\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"work items without a measures heading",
       "2024年,柳溪镇坚持依法行政。\n一、强化组织领导\n(一)健全机制\n二、规范行政执法\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
      {"no measures from the items after the later parts",
       "2024年,我县坚持依法行政。\n一、党政主要负责人履行推进法治建设第一责任人职责情况\n二、存"
       "在的不足\n三、下一步安排\n四、附件说明\n",
       {fazhi::v1::SECTION_ID_LEADERSHIP, fazhi::v1::SECTION_ID_SHORTCOMINGS,
        fazhi::v1::SECTION_ID_PLANS},
       nullptr},
      {"a report that opens with the leadership part",
       "2024年,我县坚持依法行政。\n一、党政主要负责人履行推进法治建设第一责任人职责情况\n(一)"
       "带头学习法治思想\n一是坚持集体学法。\n",
       {fazhi::v1::SECTION_ID_LEADERSHIP},
       nullptr},
      {"headings run into one line",
       "中共某县委:2024年,我乡坚持依法行政。现报告如下:一、主要举措和成效(一)强化党的领导。乡"
       "党委召开专题会议。二、存在的不足(一)学法不够。\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_SHORTCOMINGS},
       nullptr},
      {"headings run into one line after half-width full stops and into their first item",
       "2023年,我街道深入推进依法行政.现将情况报告如下:一、主要举措及成效(一)健全制度.制定"
       "议事规则.二、存在的问题一是执法力量薄弱.三、主要负责人履行第一责任人职责情况街道党工委"
       "书记带头学法.四、下一步工作打算1.加强学习.2.0版平台建成.\n",
       {fazhi::v1::SECTION_ID_MEASURES, fazhi::v1::SECTION_ID_SHORTCOMINGS,
        fazhi::v1::SECTION_ID_LEADERSHIP, fazhi::v1::SECTION_ID_PLANS},
       nullptr},
      {"a heading that lost its 、",
       "一主要举措和工作成效\n(一)推进简政放权\n",
       {fazhi::v1::SECTION_ID_MEASURES},
       nullptr},
  };
  for (const ContentCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = text::Normalize(c.text).text;
    std::vector<fazhi::v1::Section> sections = FindSections(text);
    EXPECT_EQ(IdsOf(sections), c.ids);
    for (const auto& s : sections) {
      EXPECT_EQ(text.substr(s.start(), s.end() - s.start()), s.heading());
      if (s.id() == fazhi::v1::SECTION_ID_LEADERSHIP && c.leadership_evidence != nullptr) {
        EXPECT_EQ(s.heading(), c.leadership_evidence);
      }
    }
  }
}

TEST(SectionsTest, InlineHeadingTitleEndsAtTheNextMark) {
  std::string text =
      text::Normalize("报告如下:一、2024年推进依法行政工作情况(一)健全决策机制。内容。\n").text;
  std::vector<fazhi::v1::Section> sections = FindSections(text);
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].heading(), "一、2024年推进依法行政工作情况");
}

TEST(SectionsTest, TitleOpeningWithANumeralIsNoHeading) {
  std::string text =
      text::Normalize("六安市某区2024年法治政府建设情况报告\n(一)强化组织领导\n").text;
  std::vector<fazhi::v1::Section> sections = FindSections(text);
  // The work item "(一)" shows the measures part; the title is no heading.
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].heading(), "(一)强化组织领导");
}

}  // namespace
}  // namespace fazhi::engine
