#include "common/engine/metadata.h"

#include "common/text/normalize.h"
#include "gtest/gtest.h"

namespace fazhi::engine {
namespace {

struct MetadataCase {
  const char* name;
  const char* text;
  const char* entity;
  fazhi::v1::EntityLevel level;
  int year;
  const char* published;
};

TEST(MetadataTest, Table) {
  const MetadataCase cases[] = {
      {"organs in the title, date at the end",
       "中共青石街道工作委员会  青石街道办事处\n关于2023年度法治政府建设情况的报告\n\n"
       "2023年，青石街道坚持依法行政。青石街道全面推进各项工作。\n\n"
       "青山市青石街道办事处\n2024年2月8日",
       "青石街道", fazhi::v1::ENTITY_LEVEL_STREET, 2023, "2024-02-08"},
      {"signature date in digits only",
       "2024年度柳河镇法治政府建设报告\n\n2024年，柳河镇坚持依法行政。\n\n柳河镇人民政府\n2025.1."
       "15",
       "柳河镇", fazhi::v1::ENTITY_LEVEL_TOWN, 2024, "2025-01-15"},
      {"separators that differ are no date",
       "2024年度柳河镇法治政府建设报告\n\n2024年，柳河镇坚持依法行政。\n\n柳河镇人民政府\n2025.1-"
       "15",
       "柳河镇", fazhi::v1::ENTITY_LEVEL_TOWN, 2024, ""},
      {"town name leads the title",
       "白沙河镇2022年法治政府建设情况报告\n\n2022年，我镇认真贯彻上级部署，白沙河镇各项工作稳步推"
       "进。",
       "白沙河镇", fazhi::v1::ENTITY_LEVEL_TOWN, 2022, ""},
      {"markdown title, name on its own line, dateline",
       "# 2024 年度法治政府建设工作情况报告\n\n柳林乡\n\n(2025 年 3 月)\n\n2024 年，柳林乡坚持"
       "学法用法。",
       "柳林乡", fazhi::v1::ENTITY_LEVEL_TOWNSHIP, 2024, "2025-03"},
      {"no title: the name the body uses most",
       "2024年,东湖街道深入学习贯彻法治思想。现将东湖街道办事处2024年法治政府建设年度报告如下:\n"
       "一、主要举措\n东湖街道加强领导。",
       "东湖街道", fazhi::v1::ENTITY_LEVEL_STREET, 2024, ""},
      {"full path in the title",
       "杭州市西溪区北山镇2024年度法治政府建设情况报告\n\n2024年，全镇坚持依法行政。", "北山镇",
       fazhi::v1::ENTITY_LEVEL_TOWN, 2024, ""},
      {"name after 关于, said once",
       "关于白石镇2024年法治政府建设工作情况的报告\n\n2024年，我镇坚持依法行政。", "白石镇",
       fazhi::v1::ENTITY_LEVEL_TOWN, 2024, ""},
      {"dates in Chinese numerals",
       "青山镇二〇二四年度法治政府建设情况报告\n\n二〇二四年，全镇坚持依法行政。\n\n青山镇人民政府"
       "\n二〇二五年一月十六日",
       "青山镇", fazhi::v1::ENTITY_LEVEL_TOWN, 2024, "2025-01-16"},
      {"county-level report",
       "临川区2023年度法治政府建设情况报告\n\n2023年，全区上下坚持依法行政。", "临川区",
       fazhi::v1::ENTITY_LEVEL_COUNTY, 2023, ""},
      {"department report", "红河县司法局2024年法治政府建设年度报告\n\n2024年，我局坚持依法行政。",
       "红河县司法局", fazhi::v1::ENTITY_LEVEL_DEPARTMENT, 2024, ""},
  };
  for (const MetadataCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = text::Normalize(c.text).text;
    Metadata meta = ReadMetadata(text);
    EXPECT_EQ(meta.entity.name(), c.entity);
    EXPECT_EQ(meta.entity.level(), c.level);
    EXPECT_EQ(meta.year, c.year);
    EXPECT_EQ(meta.published, c.published);
    if (!meta.entity.name().empty()) {
      const auto& e = meta.entity.evidence();
      EXPECT_EQ(text.substr(e.start(), e.end() - e.start()), meta.entity.name());
    }
  }
}

struct DatesCase {
  const char* name;
  const char* text;
  int year;
  const char* published;
};

// Pages as government sites serve them: navigation, index lines and the
// page's own date lines around the report.
TEST(MetadataTest, YearAndPublishedOfWebPages) {
  const DatesCase cases[] = {
      {"发布时间 line, a later year than the report",
       "网站首页 | 政务公开\n松岭镇2023年度法治政府建设情况报告\n发布时间:2024-02-19 09:12 "
       "来源:松岭镇\n2023年,松岭镇坚持依法行政。",
       2023, "2024-02-19"},
      {"成文日期 wins over 发布日期",
       "[ 索引号 ] 0012/2025-00031\n[ 成文日期 ] 2025-01-09 [ 发布日期 ] 2025-02-03\n"
       "河西乡2024年法治政府建设工作报告\n2024年,河西乡深化法治建设。",
       2024, "2025-01-09"},
      {"table row, date in Chinese units",
       "| 索 引 号 | 330/2025-77 | 公开方式 | 主动公开 |\n| 成文时间 | 2025年02月14日 | "
       "废止日期 | |\n北河街道2024年法治政府建设报告\n2024年,北河街道推进依法行政。",
       2024, "2025-02-14"},
      {"bracketed label, slashes and a time",
       "【发布时间:2025/03/07 16:40】【字号:大 中 小】\n石门县2024年法治政府建设年度报告\n"
       "2024年,我县坚持依法行政。",
       2024, "2025-03-07"},
      {"bare 日期 after the publisher, glued to it",
       "发布机构:云台街道办事处日期:2023-03-01 08:30\n云台街道2022年法治政府建设情况报告\n"
       "2022年,云台街道坚持依法行政。",
       2022, "2023-03-01"},
      {"date at the end of the title line",
       "2024年度青岗街道法治政府建设工作报告 2025-01-21\n2024年,青岗街道坚持依法行政。", 2024,
       "2025-01-21"},
      {"dates of other things are not the page's",
       "花园镇2024年法治政府建设报告\n废止日期:2030-01-01\n2024年,花园镇坚持依法行政。", 2024, ""},
      {"navigation names another year",
       "网站首页 > 政务公开 > 2022年专栏 > 法治建设工作报告\n柏树县人民政府关于2023年法治政府"
       "建设情况的报告\n2023年,我县坚持依法行政。",
       2023, ""},
      {"a span of years is not the report's year",
       "根据《法治政府建设实施纲要(2021-2025年)》的要求报告如下\n2024年,西坪镇坚持依法行政。", 2024,
       ""},
      {"opening year without 年",
       "2022以来,东坡街道坚持依法行政,全面推进各项工作。\n一、所做工作\n(一)加强领导", 2022, ""},
      {"date opening the line of page fields",
       "2025-02-26 15:08 来源:县司法局 浏览次数:\n桃源县2024年法治政府建设年度报告\n2024年,我县"
       "坚持依法行政。",
       2024, "2025-02-26"},
      {"the date and its weekday opening the line of page fields",
       "平山镇2024年法治政府建设工作报告\n2025年03月07日 星期五 点击:86 来源:平山镇\n2024年,平山镇"
       "坚持依法行政。",
       2024, "2025-03-07"},
      {"no year but the page's date: the year before an early date",
       "法治政府建设年度报告\n发布日期:2025-03-12\n今年以来,东岭镇坚持依法行政。", 2024,
       "2025-03-12"},
      {"no year but the page's date: a date late in the year is that year",
       "法治政府建设年度报告\n发布日期:2024-12-20\n今年以来,东岭镇坚持依法行政。", 2024,
       "2024-12-20"},
      {"a date alone among the page fields, below the opening lines",
       "首页\n政务公开\n通知公告\n部门文件\n字号:大 中 小\n打印本页\n2025年02月17日\n"
       "龙潭镇2024年法治政府建设情况报告\n2024年,龙潭镇坚持依法行政。",
       2024, "2025-02-17"},
      {"a bracketed date before the source",
       "芦溪县人民政府关于2023年法治政府建设情况的报告\n[ 2024-03-28 ]　来源:县司法局\n"
       "2023年,我县坚持依法行政。",
       2023, "2024-03-28"},
      {"a date before the publisher's name alone",
       "芦溪县水利局2023年度法治政府建设情况报告\n2024-01-19　　芦溪县水利局\n"
       "2023年,我局坚持依法行政。",
       2023, "2024-01-19"},
      {"bracketed fields after a bracketed date",
       "芦溪县银河镇2023年法治政府建设年度报告\n[ 2024年3月5日 ]　[ 信息来源：银河镇 ]　[ 浏览 12 "
       "次 ]\n"
       "2023年,银河镇坚持依法行政。",
       2023, "2024-03-05"},
      {"the publisher's name, then the page's other fields",
       "芦溪县水利局2023年度法治政府建设情况报告\n2024年1月19日　　芦溪县水利局　　【大 中 小】\n"
       "2023年,我局坚持依法行政。",
       2023, "2024-01-19"},
      {"a long line of page fields is not joined to the title below it",
       "索引号:LX-2022-0041　　发布机构:松岭镇人民政府　　成文日期:2022年2月8日\n"
       "松岭镇人民政府2021年法治政府建设情况\n2021年是松岭镇推进依法行政的一年。",
       2021, "2022-02-08"},
      {"a body line opening with a date is no page date",
       "芦溪县水利局2023年度法治政府建设情况报告\n2023年5月9日县水利局召开会议。\n", 2023, ""},
      {"a one-line report", "柳岸街道2024年报告。受理信访案件3件。", 2024, ""},
      {"a list of other years' reports above the title",
       "相关阅读\n· 青岗镇2022年法治政府建设年度报告\n· 青岗镇2021年法治政府建设年度报告\n"
       "青岗镇2023年法治政府建设年度报告\n发布时间:2024-03-02 来源:青岗镇\n2023年,青岗镇坚持依法"
       "行政。",
       2023, "2024-03-02"},
      {"dated links to other reports above the title",
       "往期回顾:\n石门县2022年法治政府建设年度报告 2023-03-20\n石门县2021年法治政府建设年度报告 "
       "2022-03-18\n石门县2023年法治政府建设年度报告\n发布日期:2024-03-11\n2023年,我县坚持依法"
       "行政。",
       2023, "2024-03-11"},
      {"a title without its year, links to the next and previous years",
       "法治政府建设年度报告\n来源:河西乡 发布时间:2023年03月02日\n上一篇:河西乡2023年度法治政府"
       "建设情况报告\n下一篇:河西乡2021年法治政府建设工作总结\n2022年,河西乡坚持依法行政。",
       2022, "2023-03-02"},
      {"a page giving its own title twice, in two wordings",
       "柏树镇2024年度法治政府建设情况报告\n柏树镇2024年法治政府建设工作报告\n2024年,柏树镇坚持依法"
       "行政。",
       2024, ""},
      {"the posting line of a WeChat copy",
       "石湾镇2024年法治政府建设工作报告\n原创 石湾镇宣传办 石湾发布 2025-02-21 09:40 发表于广东\n"
       "2024年,石湾镇坚持依法行政。",
       2024, "2025-02-21"},
      {"year only in the first heading",
       "今年以来,南岭乡坚持依法行政。\n一、2025年工作开展情况\n(一)加强领导", 2025, ""},
  };
  for (const DatesCase& c : cases) {
    SCOPED_TRACE(c.name);
    Metadata meta = ReadMetadata(text::Normalize(c.text).text);
    EXPECT_EQ(meta.year, c.year);
    EXPECT_EQ(meta.published, c.published);
  }
}

TEST(MetadataTest, OrgansFromTitleAndSignature) {
  std::string text = text::Normalize(
                         "中共石桥镇委员会 石桥镇人民政府\n关于2024年度法治政府建设情况的报告\n\n"
                         "正文内容。\n\n石桥镇人民政府\n2025年1月3日")
                         .text;
  Metadata meta = ReadMetadata(text);
  EXPECT_EQ(meta.entity.name(), "石桥镇");
  // The party committee by its full name, then the government.
  std::vector<std::string> organs(meta.entity.organs().begin(), meta.entity.organs().end());
  EXPECT_EQ(organs, (std::vector<std::string>{"党委", "人民政府"}));
  // A street's party working committee is not a 党委.
  Metadata street = ReadMetadata(
      text::Normalize("中共青石街道工作委员会 青石街道办事处\n关于2023年度法治政府建设情况的报告\n")
          .text);
  std::vector<std::string> street_organs(street.entity.organs().begin(),
                                         street.entity.organs().end());
  EXPECT_EQ(street_organs, (std::vector<std::string>{"工作委员会", "办事处"}));
}

TEST(MetadataTest, NothingToFind) {
  Metadata meta = ReadMetadata("这是一段没有主体和年份的文字。");
  EXPECT_EQ(meta.entity.name(), "");
  EXPECT_EQ(meta.year, 0);
  EXPECT_EQ(meta.published, "");
}

}  // namespace
}  // namespace fazhi::engine
