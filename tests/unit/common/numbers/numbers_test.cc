#include "common/numbers/numbers.h"

#include "gtest/gtest.h"

namespace fazhi::numbers {
namespace {

struct ChineseCase {
  const char* numeral;
  double value;
};

TEST(ParseChineseNumeralTest, Table) {
  const ChineseCase cases[] = {
      {"两", 2},         {"十", 10},         {"十六", 16},        {"二十", 20},
      {"一百二十", 120}, {"三千五百", 3500}, {"一百零五", 105},   {"一万二千", 12000},
      {"三万", 30000},   {"二〇二四", 2024}, {"两亿", 200000000},
  };
  for (const ChineseCase& c : cases) {
    SCOPED_TRACE(c.numeral);
    auto v = ParseChineseNumeral(c.numeral);
    ASSERT_TRUE(v.has_value());
    EXPECT_DOUBLE_EQ(*v, c.value);
  }
  EXPECT_FALSE(ParseChineseNumeral("").has_value());
  EXPECT_FALSE(ParseChineseNumeral("法治").has_value());
}

struct ScanCase {
  const char* text;
  size_t count;  // mentions expected
  double value;  // of the first
  double value_max;
  Qualifier qualifier;
  const char* unit;
};

TEST(ScanNumbersTest, Table) {
  const ScanCase cases[] = {
      {"共调解矛盾纠纷27起", 1, 27, 27, Qualifier::kExact, "起"},
      {"法律咨询1600余人次", 1, 1600, 1600, Qualifier::kAtLeast, "人次"},
      {"接待群众1.2万余人次", 1, 12000, 12000, Qualifier::kAtLeast, "人次"},
      {"罚没3万元", 1, 30000, 30000, Qualifier::kExact, "元"},
      {"罚款4,528元", 1, 4528, 4528, Qualifier::kExact, "元"},
      {"成功率为95.6%", 1, 95.6, 95.6, Qualifier::kExact, "%"},
      {"约300人参加", 1, 300, 300, Qualifier::kApprox, "人"},
      {"近200件", 1, 200, 200, Qualifier::kApprox, "件"},
      {"50件以上", 1, 50, 50, Qualifier::kAtLeast, "件"},
      {"300人左右", 1, 300, 300, Qualifier::kApprox, "人"},
      {"开展讲座十六场", 1, 16, 16, Qualifier::kExact, "场"},
      {"发放一百二十份", 1, 120, 120, Qualifier::kExact, "份"},
      {"十余个社区", 1, 10, 10, Qualifier::kAtLeast, "个"},
      {"两三个问题", 1, 2, 3, Qualifier::kRange, "个"},
      {"数十场活动", 1, 20, 90, Qualifier::kRange, "场"},
      {"3-5次", 1, 3, 5, Qualifier::kRange, "次"},
      {"接待来访23批次", 1, 23, 23, Qualifier::kExact, "批次"},
      {"占比百分之九十", 1, 90, 90, Qualifier::kExact, "%"},
      {"参考率达百分之百", 1, 100, 100, Qualifier::kExact, "%"},
      // A bare 百/千/万 with 余/多, or after 上/近/逾/超.
      {"百余人参加", 1, 100, 100, Qualifier::kAtLeast, "人"},
      {"发放千余份", 1, 1000, 1000, Qualifier::kAtLeast, "份"},
      {"开展上百场", 1, 100, 100, Qualifier::kAtLeast, "场"},
      {"印发近万份", 1, 10000, 10000, Qualifier::kApprox, "份"},
      {"逾千人次", 1, 1000, 1000, Qualifier::kAtLeast, "人次"},
      {"超千人", 1, 1000, 1000, Qualifier::kAtLeast, "人"},
      // 余/多 before 万/亿, and neighbouring digits before 十/百.
      {"罚没三十余万元", 1, 300000, 300000, Qualifier::kAtLeast, "元"},
      {"接待30多万人次", 1, 300000, 300000, Qualifier::kAtLeast, "人次"},
      {"二三十人", 1, 20, 30, Qualifier::kRange, "人"},
      {"三四百份", 1, 300, 400, Qualifier::kRange, "份"},
      {"百分之百完成", 1, 100, 100, Qualifier::kExact, "%"},
      {"百分之一百", 1, 100, 100, Qualifier::kExact, "%"},
      {"成功率为百分之九十五点二", 1, 95.2, 95.2, Qualifier::kExact, "%"},
      {"占比百分之八点零五", 1, 8.05, 8.05, Qualifier::kExact, "%"},
      // 双百 attained: two rates both at 100%.
      {"测试参与率和优秀率实现“双百”。", 1, 100, 100, Qualifier::kExact, "%"},
      {"参考率合格率均达双百", 1, 100, 100, Qualifier::kExact, "%"},
      // Right after punctuation that the text normalised to , and .
      {"全年,12名干部参加", 1, 12, 12, Qualifier::kExact, "名"},
      {"工作有序推进.5件已办结", 1, 5, 5, Qualifier::kExact, "件"},
      // A field labelled with its unit in brackets, the figure after a colon
      // or a table cell's space.
      {"受理信访事项(件):18", 1, 18, 18, Qualifier::kExact, "件"},
      {"参考率(%) 97.5\n", 1, 97.5, 97.5, Qualifier::kExact, "%"},
      {"办理援助案件十例", 1, 10, 10, Qualifier::kExact, "例"},
      // ... not a bracket that names no unit, nor a figure running into words.
      {"受理信访事项(合计):18", 0, 0, 0, Qualifier::kExact, ""},
      {"附件(件):2024年度", 0, 0, 0, Qualifier::kExact, ""},
      {"受理信访事项(件)18", 0, 0, 0, Qualifier::kExact, ""},
      // ... but a failed numeral's digits after its , or . start nothing.
      {"编号1,234,567", 0, 0, 0, Qualifier::kExact, ""},
      {"条款3.1.2", 0, 0, 0, Qualifier::kExact, ""},
      // Not quantities: dates, list marks, idioms, document numbers, ranks.
      {"2024年12月4日", 0, 0, 0, Qualifier::kExact, ""},
      {"一是加强领导", 0, 0, 0, Qualifier::kExact, ""},
      {"推行一村一法律顾问", 0, 0, 0, Qualifier::kExact, ""},
      {"〔2024〕28号文件", 0, 0, 0, Qualifier::kExact, ""},
      {"法治宣传进千家万户", 0, 0, 0, Qualifier::kExact, ""},
      {"服务百姓千方百计", 0, 0, 0, Qualifier::kExact, ""},
      {"召开万人大会", 0, 0, 0, Qualifier::kExact, ""},
      {"近百年来", 0, 0, 0, Qualifier::kExact, ""},
      {"实施“双百工程”", 0, 0, 0, Qualifier::kExact, ""},
      {"开展双百行动", 0, 0, 0, Qualifier::kExact, ""},
  };
  for (const ScanCase& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<NumberMention> m = ScanNumbers(c.text);
    ASSERT_EQ(m.size(), c.count);
    if (c.count == 0) continue;
    EXPECT_DOUBLE_EQ(m[0].value, c.value);
    EXPECT_DOUBLE_EQ(m[0].value_max, c.value_max);
    EXPECT_EQ(m[0].qualifier, c.qualifier);
    EXPECT_EQ(m[0].unit, c.unit);
  }
}

TEST(ScanNumbersTest, OrdinalsAreMarked) {
  std::vector<NumberMention> m = ScanNumbers("考核位列全县第3名");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(m[0].ordinal);
}

TEST(ScanNumbersTest, BoundsThatNameAClassAreMarked) {
  struct Case {
    std::string text;
    bool threshold;
  };
  for (const Case& c : std::vector<Case>{{"对罚款2000元以上的案件集体讨论", true},
                                         {"处500元以下罚款", true},
                                         {"在15天以内办结", true},
                                         {"罚没款2000元以上", false},
                                         {"开展活动20场以上。", false},
                                         {"罚款2000元", false}}) {
    std::vector<NumberMention> m = ScanNumbers(c.text);
    ASSERT_EQ(m.size(), 1u) << c.text;
    EXPECT_EQ(m[0].threshold, c.threshold) << c.text;
    EXPECT_EQ(m[0].Countable(), !c.threshold) << c.text;
  }
}

TEST(ScanNumbersTest, SpansCoverNumeralAndUnit) {
  std::string text = "共审查合同247份。";
  std::vector<NumberMention> m = ScanNumbers(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(text.substr(m[0].start, m[0].end - m[0].start), "247份");
  EXPECT_EQ(text.substr(m[0].numeral_start, m[0].numeral_end - m[0].numeral_start), "247");
}

}  // namespace
}  // namespace fazhi::numbers
