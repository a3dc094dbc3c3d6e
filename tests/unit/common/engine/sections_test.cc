#include "common/engine/sections.h"

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

}  // namespace
}  // namespace fazhi::engine
