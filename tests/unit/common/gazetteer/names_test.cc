// The aliases of common/gazetteer/names and the place names it finds in a
// text, against the real gazetteer the build makes.
#include "common/gazetteer/names.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace fazhi::gazetteer {
namespace {

class NamesTest : public ::testing::Test {
 protected:
  static std::vector<std::string> Codes(const absl::InlinedVector<const Division*, 2>& ds) {
    std::vector<std::string> codes;
    for (const Division* d : ds) codes.emplace_back(d->code);
    return codes;
  }
  const Gazetteer* gazetteer_ = &testing::TestGazetteer();
};

TEST_F(NamesTest, AliasesResolveToTheOfficialDivision) {
  struct Case {
    const char* spelling;
    std::vector<std::string> codes;  // empty: names nothing
    bool alias;
  } cases[] = {
      // Official names are no aliases.
      {"屏边苗族自治县", {"532523"}, false},
      {"余杭区", {"330110"}, false},
      {"绍兴市", {"3306"}, false},
      // Autonomous counties, banners and prefectures by their short names.
      {"屏边县", {"532523"}, true},
      {"屏边自治县", {"532523"}, true},
      {"金平县", {"532530"}, true},
      {"镇宁自治县", {"520423"}, true},
      {"红河州", {"5325"}, true},
      // A street without 道, when no township has that name.
      {"小营街", {"330102004", "371602007"}, true},
      {"良渚街", {"330110010"}, true},
      // Words and placeholders are no places.
      {"市辖区", {}, false},
      {"全县", {}, false},
      {"自治县", {}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.spelling);
    bool alias = false;
    EXPECT_EQ(Codes(gazetteer_->names().Lookup(c.spelling, &alias)), c.codes);
    if (!c.codes.empty()) {
      EXPECT_EQ(alias, c.alias);
    }
  }
}

TEST_F(NamesTest, MentionsAreTheLongestNameEndingAtEachSuffix) {
  std::string text = "杭州市余杭区良渚街道,在全县和城乡各镇,屏边县新现镇与红河州。";
  std::vector<std::string> found;
  for (const Mention& m : gazetteer_->names().MentionsIn(text)) {
    found.push_back(text.substr(m.start, m.end - m.start));
  }
  EXPECT_EQ(found, (std::vector<std::string>{"杭州市", "余杭区", "良渚街道", "屏边县", "新现镇",
                                             "红河州"}));
}

TEST_F(NamesTest, MentionsSurviveAnyBytesAroundThem) {
  // Half a character, ASCII and punctuation next to names.
  std::string text = "\xE9\x95 a余杭区,良渚街道\xE9";
  std::vector<std::string> found;
  for (const Mention& m : gazetteer_->names().MentionsIn(text)) {
    found.push_back(text.substr(m.start, m.end - m.start));
  }
  EXPECT_EQ(found, (std::vector<std::string>{"余杭区", "良渚街道"}));
}

TEST(SpellsTownshipTest, AbbreviationsPrefixesAndDroppedCharacters) {
  struct Case {
    const char* written;
    const char* official;
    bool spells;
  } cases[] = {
      {"文化新村街道", "文新街道", true},   // official keeps 文, 新 and the suffix
      {"青山镇", "城关青山镇", true},       // a prefix the report leaves out
      {"下口镇", "下石口镇", true},         // one character the page could not show
      {"文化新村街道", "化新街道", false},  // first characters differ
      {"青山镇", "青山乡", false},          // another kind of township
      {"青山镇", "青山镇", false},          // the same name is no other spelling
      {"山镇", "青山镇", false},            // too short to tell
      {"下口镇", "下石门口镇", false},      // two characters apart
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.written, " / ", c.official));
    EXPECT_EQ(SpellsTownship(c.written, c.official), c.spells);
  }
}

TEST_F(NamesTest, TownshipVariantsIncludeTheAliasAndKindChanges) {
  std::vector<std::string> v = gazetteer_->names().TownshipVariants("良渚街");
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v.front(), "良渚街道");
  v = gazetteer_->names().TownshipVariants("径山乡");
  EXPECT_NE(std::find(v.begin(), v.end(), "径山镇"), v.end());
}

}  // namespace
}  // namespace fazhi::gazetteer
