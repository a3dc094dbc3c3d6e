#include "common/text/find_words.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace fazhi::text {
namespace {

using Found = std::vector<std::pair<size_t, size_t>>;  // (position, word index)

Found FindAll(absl::string_view text) {
  Found found;
  ForEachWord(text, {"街道", "镇", "人民政府"}, [&](size_t pos, size_t word) {
    found.push_back({pos, word});
  });
  return found;
}

// The same search, one position at a time.
Found Naive(absl::string_view text) {
  Found found;
  const absl::string_view words[] = {"街道", "镇", "人民政府"};
  for (size_t pos = 0; pos < text.size(); ++pos) {
    for (size_t w = 0; w < 3; ++w) {
      if (text.substr(pos, words[w].size()) == words[w]) found.push_back({pos, w});
    }
  }
  return found;
}

TEST(ForEachWordTest, FindsEveryOccurrenceInOrder) {
  // 镇 is E9 95 87; 锁 (E9 94 81) and 陇 (E9 99 87) share bytes with it but
  // are other characters.
  std::string text = "白云镇人民政府和清河街道。锁陇";
  Found expected = {{6, 1}, {9, 2}, {30, 0}};
  EXPECT_EQ(FindAll(text), expected);
  EXPECT_EQ(FindAll("镇"), (Found{{0, 1}}));  // shorter than one block
  EXPECT_TRUE(FindAll("").empty());
  EXPECT_TRUE(FindAll("锁陇ab").empty());
}

TEST(ForEachWordTest, AgreesWithANaiveSearchAtEveryOffset) {
  // Words straddling the sixteen-byte blocks, at every alignment, with
  // ASCII and two-byte characters shifting them.
  for (size_t shift = 0; shift < 40; ++shift) {
    std::string text(shift % 17, 'a');
    if (shift % 3 == 0) text += "é";
    for (int k = 0; k < 6; ++k) text += k % 2 ? "东街道x" : "人民政府镇镇";
    ASSERT_EQ(FindAll(text), Naive(text)) << "shift " << shift;
  }
}

TEST(FindWordTest, FirstOccurrenceLikeFind) {
  // Every word at every alignment, and words that are not there.
  const absl::string_view words[] = {"上城区", "镇", "人民政府", "ab", "区委"};
  for (size_t shift = 0; shift < 40; ++shift) {
    std::string text(shift % 19, 'x');
    if (shift % 4 == 1) text += "é";
    text += "杭州市上城区湖滨街道区政府人民政府ab";
    for (absl::string_view w : words) {
      ASSERT_EQ(FindWord(text, w), absl::string_view(text).find(w)) << w << " shift " << shift;
    }
  }
  EXPECT_EQ(FindWord("", "镇"), absl::string_view::npos);
  EXPECT_EQ(FindWord("锁陇", "镇"), absl::string_view::npos);
}

TEST(FindWordTest, ContainsWordLikeStrContains) {
  const std::string text = "发布日期:2026-01-05 来源:某某镇人民政府 »";
  for (absl::string_view w : {"日期", "时间", "人民政府", "»", ":", "2026", "镇人", "府 »x"}) {
    EXPECT_EQ(ContainsWord(text, w), absl::StrContains(text, w)) << w;
  }
}

}  // namespace
}  // namespace fazhi::text
