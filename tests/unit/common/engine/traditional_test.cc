// Traditional script: our own fixture reports (tests/data/reports) written
// in traditional characters by OpenCC's s2t give the same entity, year,
// sections and figures as the simplified originals, with evidence offsets
// into the traditional bytes.
#include <opencc/opencc.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/engine/engine.h"
#include "common/gazetteer/gazetteer.h"
#include "common/text/simplify.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace fazhi::engine {
namespace {

std::string ToTraditional(const std::string& simplified) {
  static opencc_t s2t = opencc_open("s2t.json");
  EXPECT_NE(s2t, reinterpret_cast<opencc_t>(-1));
  char* out = opencc_convert_utf8(s2t, simplified.data(), simplified.size());
  std::string traditional(out);
  opencc_convert_utf8_free(out);
  return traditional;
}

TEST(SimplifyTest, RecognisesTraditionalTextOnly) {
  EXPECT_TRUE(text::LooksTraditional("本鎮全年調解矛盾糾紛三十件,開展普法宣傳活動十二場。"));
  EXPECT_FALSE(text::LooksTraditional("本镇全年调解矛盾纠纷三十件,开展普法宣传活动十二场。"));
  EXPECT_FALSE(text::LooksTraditional(""));
  // One traditional name in a simplified report is no traditional report.
  EXPECT_FALSE(text::LooksTraditional("学习《臺灣地區與大陸地區》有关内容,开展普法活动。"));
}

TEST(SimplifyTest, KeepsTheByteLayout) {
  std::string traditional = "鄉鎮法律顧問覆蓋率達100%\n受理行政復議案件5件。\n\n";
  absl::StatusOr<std::string> simplified = text::ToSimplified(traditional);
  ASSERT_TRUE(simplified.ok()) << simplified.status();
  EXPECT_EQ(*simplified, "乡镇法律顾问覆盖率达100%\n受理行政复议案件5件。\n\n");
  EXPECT_EQ(simplified->size(), traditional.size());
}

TEST(TraditionalTest, SameReadingAsTheSimplifiedReport) {
  auto extractor = Extractor::Create(&testing::TestGazetteer());
  ASSERT_TRUE(extractor.ok()) << extractor.status();
  int compared_indicators = 0;
  for (const auto& [name, simplified] : testing::FixtureReports()) {
    SCOPED_TRACE(name);
    std::string traditional = ToTraditional(simplified);
    ASSERT_NE(traditional, simplified);
    fazhi::v1::Document a, b;
    a.set_content(simplified);
    b.set_content(traditional);
    auto plain = (*extractor)->Extract(a, {});
    auto read = (*extractor)->Extract(b, {});
    ASSERT_TRUE(plain.ok() && read.ok());
    EXPECT_EQ(read->entity().name(), plain->entity().name());
    EXPECT_EQ(read->entity().level(), plain->entity().level());
    EXPECT_EQ(read->year(), plain->year());
    EXPECT_EQ(read->published(), plain->published());
    EXPECT_EQ(read->region().county_code(), plain->region().county_code());
    EXPECT_EQ(read->sections_size(), plain->sections_size());
    ASSERT_EQ(read->indicators_size(), plain->indicators_size());
    bool warned = false;
    for (const std::string& w : read->warnings()) warned |= w.find("traditional") == 0;
    EXPECT_TRUE(warned);
    for (int i = 0; i < read->indicators_size(); ++i) {
      const auto& r = read->indicators(i);
      const auto& p = plain->indicators(i);
      EXPECT_EQ(r.id(), p.id());
      EXPECT_EQ(r.value(), p.value());
      // The evidence's original span points into the traditional bytes;
      // where s2t kept every length, it is the simplified span's place and
      // simplifies back to its text.
      size_t start = r.evidence().original_start(), end = r.evidence().original_end();
      ASSERT_LE(start, end);
      ASSERT_LE(end, traditional.size());
      // (Offsets of HTML and Markdown pages are offsets into the text
      // read from them.)
      if (traditional.size() == simplified.size() && read->source_format() == "text") {
        EXPECT_EQ(start, p.evidence().original_start());
        EXPECT_EQ(end, p.evidence().original_end());
        absl::StatusOr<std::string> back =
            text::ToSimplified(absl::string_view(traditional).substr(start, end - start));
        ASSERT_TRUE(back.ok());
        EXPECT_EQ(*back, absl::string_view(simplified).substr(start, end - start));
      }
      ++compared_indicators;
    }
  }
  EXPECT_GT(compared_indicators, 20);
}

}  // namespace
}  // namespace fazhi::engine
