#include "common/gazetteer/gazetteer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace fazhi::gazetteer {
namespace {

// A made-up index in the real format.
constexpr char kIndex[] =
    "P\t91\t甲省\n"
    "C\t9101\t乙市\t91\n"
    "A\t910101\t丙区\t9101\n"
    "A\t910102\t丁县\t9101\n"
    "S\t910101001\t东风街道\t910101\n"
    "S\t910101002\t西湖街道\t910101\n"
    "S\t910102001\t东风街道\t910102\n"
    "S\t910102002\t北山镇\t910102\n";

TEST(GazetteerTest, ParsesAndLooksUp) {
  auto g = Gazetteer::Parse(kIndex);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->size(Level::kTownship), 4u);
  const Division* town = (*g)->Find("910102002");
  ASSERT_NE(town, nullptr);
  EXPECT_EQ(town->name, "北山镇");
  EXPECT_EQ((*g)->CountyOf(*town)->name, "丁县");
  EXPECT_EQ((*g)->CityOf(*town)->name, "乙市");
  EXPECT_EQ((*g)->ProvinceOf(*town)->name, "甲省");
  EXPECT_EQ((*g)->TownshipsNamed("东风街道").size(), 2u);
  EXPECT_EQ((*g)->CountiesNamed("丙区").size(), 1u);
  EXPECT_EQ((*g)->TownshipsOf("910101").size(), 2u);
  EXPECT_TRUE((*g)->TownshipsOf("999999").empty());
  EXPECT_EQ((*g)->Find("123"), nullptr);
}

TEST(GazetteerTest, LinesInAnyOrderGiveTheSameGazetteer) {
  // Children before parents, townships shuffled: sorted on loading.
  constexpr char kShuffled[] =
      "S\t910102002\t北山镇\t910102\n"
      "S\t910101001\t东风街道\t910101\n"
      "A\t910102\t丁县\t9101\n"
      "S\t910102001\t东风街道\t910102\n"
      "C\t9101\t乙市\t91\n"
      "S\t910101002\t西湖街道\t910101\n"
      "A\t910101\t丙区\t9101\n"
      "P\t91\t甲省\n";
  auto g = Gazetteer::Parse(kShuffled);
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<std::string> codes;
  for (const Division* t : (*g)->TownshipsNamed("东风街道")) codes.emplace_back(t->code);
  EXPECT_EQ(codes, (std::vector<std::string>{"910101001", "910102001"}));  // code order
  std::vector<std::string> of_county;
  for (const Division* t : (*g)->TownshipsOf("910102")) of_county.emplace_back(t->name);
  EXPECT_EQ(of_county, (std::vector<std::string>{"东风街道", "北山镇"}));
  EXPECT_EQ((*g)->CountyOf(*(*g)->Find("910102002"))->name, "丁县");
  EXPECT_TRUE((*g)->TownshipsNamed("南山镇").empty());
  EXPECT_TRUE((*g)->CountiesNamed("东风街道").empty());
}

TEST(GazetteerTest, ManySharedNamesEachFindTheirDivisions) {
  // 300 counties with a township of the same name each, and one of its own:
  // every name lookup walks past others in the name table.
  std::string index = "P\t91\t甲省\nC\t9101\t乙市\t91\n";
  for (int c = 100; c < 400; ++c) {
    absl::StrAppend(&index, "A\t910", c, "\t县", c, "\t9101\n");
    absl::StrAppend(&index, "S\t910", c, "001\t和平镇\t910", c, "\n");
    absl::StrAppend(&index, "S\t910", c, "002\t镇", c, "\t910", c, "\n");
  }
  auto g = Gazetteer::Parse(index);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->TownshipsNamed("和平镇").size(), 300u);
  for (int c = 100; c < 400; ++c) {
    auto own = (*g)->TownshipsNamed(absl::StrCat("镇", c));
    ASSERT_EQ(own.size(), 1u) << c;
    EXPECT_EQ(own[0]->code, absl::StrCat("910", c, "002"));
    EXPECT_EQ((*g)->CountiesNamed(absl::StrCat("县", c)).size(), 1u);
  }
}

TEST(GazetteerTest, MalformedIndexIsRejectedWithLineNumber) {
  auto bad_parent = Gazetteer::Parse("P\t91\t甲省\nC\t9101\t乙市\t92\n");
  EXPECT_EQ(bad_parent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_parent.status().message().find("line 2"), std::string::npos);
  auto bad_tag = Gazetteer::Parse("X\t1\t2\n");
  EXPECT_EQ(bad_tag.status().code(), absl::StatusCode::kInvalidArgument);
  auto duplicate = Gazetteer::Parse(absl::StrCat(kIndex, "S\t910102002\t北山镇\t910102\n"));
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gazetteer::Load("/nonexistent/gazetteer.tsv").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Gazetteer::Load("/tmp").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gazetteer::Parse("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GazetteerTest, BuiltIndexHoldsTheNation) {
  auto g = Gazetteer::Load(absl::StrCat(FAZHI_BINARY_DIR, "/share/fazhi/gazetteer.tsv"));
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_GE((*g)->size(Level::kProvince), 31u);
  EXPECT_GT((*g)->size(Level::kCounty), 2800u);
  EXPECT_GT((*g)->size(Level::kTownship), 40000u);
  const Division* shangcheng = (*g)->Find("330102");
  ASSERT_NE(shangcheng, nullptr);
  EXPECT_EQ(shangcheng->name, "上城区");
  EXPECT_EQ((*g)->TownshipsNamed("罗星街道").size(), 2u);
  EXPECT_FALSE(DefaultIndexPath().empty());
}

}  // namespace
}  // namespace fazhi::gazetteer
