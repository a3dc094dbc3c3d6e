#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "common/text/decode.h"
#include "common/text/fingerprint.h"
#include "common/text/normalize.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"

namespace fazhi::text {
namespace {

TEST(DecodeTest, AcceptsUtf8AndStripsBom) {
  auto plain = DecodeToUtf8("法治报告");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->text, "法治报告");
  EXPECT_EQ(plain->encoding, "utf-8");
  auto bom = DecodeToUtf8("\xEF\xBB\xBF法治报告");
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->text, "法治报告");
}

TEST(DecodeTest, DetectsGb18030) {
  // "你好法治" in GBK.
  auto decoded = DecodeToUtf8("\xC4\xE3\xBA\xC3\xB7\xA8\xD6\xCE");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, "你好法治");
  EXPECT_EQ(decoded->encoding, "gb18030");
}

TEST(DecodeTest, DecodesUtf16WithBom) {
  // "法治" in UTF-16LE: U+6CD5 U+6CBB.
  auto decoded = DecodeToUtf8(std::string("\xFF\xFE\xD5\x6C\xBB\x6C", 6));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, "法治");
  EXPECT_EQ(decoded->encoding, "utf-16le");
}

TEST(DecodeTest, DecodesUtf16WithoutBom) {
  // Our own line with ASCII digits, in both byte orders, as iconv writes it.
  std::string utf8 = "全年受理信访案件12件。\n开展法治宣传活动8场。\n";
  for (const char* order : {"UTF-16LE", "UTF-16BE"}) {
    SCOPED_TRACE(order);
    auto bytes = EncodeUtf8As(utf8, order);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    auto decoded = DecodeToUtf8(*bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->text, utf8);
    EXPECT_EQ(decoded->encoding, absl::AsciiStrToLower(order));
  }
  // NULs on both sides are binary data, not UTF-16.
  std::string binary(64, '\0');
  for (size_t i = 0; i < binary.size(); i += 3) binary[i] = 'x';
  EXPECT_NE(DecodeToUtf8(binary).status().message().find("binary"), std::string::npos);
}

TEST(DecodeTest, RejectsBadInputWithClearMessages) {
  auto empty = DecodeToUtf8("");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);

  auto binary = DecodeToUtf8(std::string("PK\x03\x04\0\0\0\0abc", 11));
  EXPECT_EQ(binary.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(binary.status().message().find("binary"), std::string::npos);

  auto junk = DecodeToUtf8("\x80\x80\x80\xFF\xFF abc");
  EXPECT_EQ(junk.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(junk.status().message().find("UTF-8"), std::string::npos);

  auto blank = DecodeToUtf8("  \n\n ");
  EXPECT_EQ(blank.status().code(), absl::StatusCode::kInvalidArgument);
}

struct NormalizeCase {
  const char* name;
  const char* input;
  const char* expected;
};

TEST(NormalizeTest, Table) {
  const NormalizeCase cases[] = {
      {"full-width digits", "２０２４年", "2024年"},
      {"full-width brackets", "（一）加强领导", "(一)加强领导"},
      {"space inside Chinese", "2024 年度 共 调解 27 起", "2024年度共调解27起"},
      {"markdown heading", "## 一、主要成效", "一、主要成效"},
      {"markdown emphasis", "**一是加强学习。**内容", "一是加强学习。内容"},
      {"page break after comma", "有计划、\n\n有重点地推进", "有计划、有重点地推进"},
      {"heading not joined", "一、主要举措\n\n(一)加强领导", "一、主要举措\n\n(一)加强领导"},
      {"crlf", "第一行。\r\n第二行。", "第一行。\n第二行。"},
      {"blank runs collapse", "甲。\n\n\n\n乙。", "甲。\n\n乙。"},
      {"wide gap in title kept", "中共某街道党工委    某街道办事处",
       "中共某街道党工委 某街道办事处"},
      {"latin spaces kept", "PDF and DOCX", "PDF and DOCX"},
  };
  for (const NormalizeCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Normalize(c.input).text, c.expected);
  }
}

TEST(NormalizeTest, OffsetsPointIntoTheInput) {
  std::string input = "## 共调解 ２７ 起";
  NormalizedText norm = Normalize(input);
  ASSERT_EQ(norm.text, "共调解27起");
  EXPECT_LT(norm.anchors.size(), norm.text.size());
  size_t digit = norm.text.find("27");
  // The full-width ２ is at input byte offset of "２".
  EXPECT_EQ(norm.OriginalOffset(digit), static_cast<int64_t>(input.find("２")));
  EXPECT_EQ(norm.OriginalOffset(0), static_cast<int64_t>(input.find("共")));
  EXPECT_EQ(norm.OriginalOffset(norm.text.size()), static_cast<int64_t>(input.size()));
  // Unchanged text maps byte for byte: the middle of 调 is the middle of 调.
  size_t tiao = norm.text.find("调");
  EXPECT_EQ(norm.OriginalOffset(tiao + 1), static_cast<int64_t>(input.find("调")) + 1);
}

// A span that ends at the end of a line (a table row's "5件") maps to the
// end of its last character: line breaks map past the line's last
// character, never into it, and the map never runs backwards (found by
// tests/fuzz/normalize_numbers_fuzz.cc).
TEST(NormalizeTest, ALineBreakMapsPastTheLinesLastCharacter) {
  struct Case {
    std::string input;
    std::string first_line_in_input;  // what the first line break maps after
  };
  for (const Case& c :
       std::vector<Case>{{"受理案件5件\n办结3件。", "受理案件5件"},
                         {"调解２７\n下一行", "调解２７"},
                         {"调解27件  \n\n\n下一行", "调解27件"},
                         {"### 标题\n**加粗** __强调__\r\n\r\n有计划、\n\n有重点", "### 标题"}}) {
    SCOPED_TRACE(c.input);
    NormalizedText norm = Normalize(c.input);
    size_t cut = norm.text.find('\n');
    ASSERT_NE(cut, std::string::npos);
    EXPECT_EQ(norm.OriginalOffset(cut), static_cast<int64_t>(c.first_line_in_input.size()));
    int64_t previous = 0;
    for (size_t k = 0; k <= norm.text.size(); ++k) {
      EXPECT_LE(previous, norm.OriginalOffset(k)) << k;
      previous = norm.OriginalOffset(k);
    }
  }
}

struct HeadingCase {
  const char* line;
  int level;  // 0: not a heading
  const char* title;
};

TEST(SegmentTest, HeadingStyles) {
  const HeadingCase cases[] = {
      {"一、主要举措和成效", 1, "主要举措和成效"},
      {"十二、其他情况", 1, "其他情况"},
      {"三.存在的问题", 1, "存在的问题"},
      {"第二部分 存在的不足", 1, "存在的不足"},
      {"第三部分：工作安排", 1, "工作安排"},
      {"(一)强化组织领导", 2, "强化组织领导"},
      {"(二)规范执法。全年开展检查", 2, "规范执法"},
      {"1.健全机制", 3, "健全机制"},
      {"2、加强培训", 3, "加强培训"},
      {"(3)完善制度", 4, "完善制度"},
      {"一是压实责任。", 5, "压实责任"},
      {"2024年以来，我街坚持", 0, ""},
      {"12.5万元用于普法", 0, ""},
      {"统一部署", 0, ""},
  };
  for (const HeadingCase& c : cases) {
    SCOPED_TRACE(c.line);
    auto h = ParseHeading(c.line);
    if (c.level == 0) {
      EXPECT_FALSE(h.has_value());
      continue;
    }
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->level, c.level);
    EXPECT_EQ(h->title, c.title);
  }
}

TEST(SegmentTest, SentencesEndAtStopsAndLines) {
  std::string text = "第一句。第二句;第三句\n第四句！";
  std::vector<Span> sentences = SplitSentences(text);
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0].Of(text), "第一句。");
  EXPECT_EQ(sentences[1].Of(text), "第二句;");
  EXPECT_EQ(sentences[2].Of(text), "第三句");
  EXPECT_EQ(sentences[3].Of(text), "第四句！");
}

TEST(SegmentTest, AHalfWidthStopAfterChineseEndsASentence) {
  std::string text = "悬挂横幅12条.(全县开展活动300场.)3.审查合同1.5万份,见www.gov.cn.";
  std::vector<std::string> got;
  for (const Span& s : SplitSentences(text)) got.emplace_back(s.Of(text));
  EXPECT_EQ(got, (std::vector<std::string>{"悬挂横幅12条.", "(全县开展活动300场.",
                                           ")3.审查合同1.5万份,见www.gov.cn."}));
}

// The sentence split works on blocks of bytes; this reference decodes
// every character.
std::vector<std::pair<size_t, size_t>> ReferenceSentences(absl::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  char32_t prev = 0;
  for (size_t i = 0; i < text.size();) {
    int len;
    char32_t cp = DecodeAt(text, i, &len);
    i += len;
    bool digit_next = i < text.size() && text[i] >= '0' && text[i] <= '9';
    bool stop = cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == '!' ||
                cp == '?' || cp == ';' || (cp == '.' && prev >= 0x80 && !digit_next);
    prev = cp;
    if (cp != '\n' && !stop) continue;
    size_t end = cp == '\n' ? i - 1 : i;
    if (end > start) out.push_back({start, end});
    start = i;
  }
  if (start < text.size()) out.push_back({start, text.size()});
  return out;
}

TEST(SegmentTest, LongRunsAreCutAtCommasIntoBoundedSentences) {
  std::string line;
  while (line.size() < 100000) line += "受理信访案件5件,调解纠纷7起、";
  line += "完。\n短句。";
  std::vector<Span> sentences = SplitSentences(line);
  ASSERT_GT(sentences.size(), 30u);
  size_t covered = 0;
  for (const Span& s : sentences) {
    EXPECT_LE(s.end - s.start, kMaxSentenceBytes);
    EXPECT_EQ(s.start, covered);  // pieces follow each other without a gap
    covered = s.end;
    absl::string_view piece = s.Of(line);
    if (s.end < 100000) {
      EXPECT_TRUE(absl::EndsWith(piece, ",") || absl::EndsWith(piece, "、")) << piece.substr(0, 30);
    }
    if (covered < line.size() && line[covered] == '\n') ++covered;
  }
  EXPECT_EQ(sentences.back().Of(line), "短句。");
}

TEST(SegmentTest, SentenceSplitAgreesWithAReferenceOnRandomText) {
  // Stops, characters that share their last bytes (亂 ends in 82, 锁 in
  // 81), ASCII and a four-byte character, at every alignment.
  const char* pieces[] = {"。", "！",           "？",           "；", "!", "?",  ";",
                          "\n", "亂",           "锁",           "镇", "a", "12", "，",
                          "、", "\xEF\xBC\x80", "\xE3\x80\x81", "𠀀", ".", "."};
  uint32_t state = 7;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    int length = static_cast<int>(round % 60);
    for (int k = 0; k < length; ++k) {
      state = state * 1103515245u + 12345u;
      text += pieces[(state >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
    }
    std::vector<std::pair<size_t, size_t>> got;
    for (const Span& s : SplitSentences(text)) got.push_back({s.start, s.end});
    ASSERT_EQ(got, ReferenceSentences(text)) << text;
  }
}

// Strict UTF-8, one character at a time: the reference for the block
// validator behind FirstInvalidUtf8.
bool ReferenceValidUtf8(absl::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t i = 0; i < bytes.size();) {
    unsigned char c = s[i];
    int len = c < 0x80                 ? 1
              : c >= 0xC2 && c <= 0xDF ? 2
              : c >= 0xE0 && c <= 0xEF ? 3
              : c >= 0xF0 && c <= 0xF4 ? 4
                                       : 0;
    if (len == 0 || i + len > bytes.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(Utf8Test, ValidationAgreesWithAReferenceOnValidAndBrokenText) {
  const char* pieces[] = {"法", "治", "。", "a", "12\n", "é", "𠀀", "，", "\xEF\xBB\xBF"};
  uint32_t state = 11;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    size_t length = next() % 90;
    for (size_t k = 0; k < length; ++k) text += pieces[next() % 9];
    // Break it: a random byte, a cut-off character, an overlong or a
    // surrogate, at a random place (or leave it valid).
    switch (next() % 6) {
      case 0:
        if (!text.empty()) text[next() % text.size()] = static_cast<char>(next() & 0xFF);
        break;
      case 1:
        if (!text.empty()) text.resize(text.size() - 1);
        break;
      case 2:
        text.insert(next() % (text.size() + 1), "\xC0\xAF");
        break;
      case 3:
        text.insert(next() % (text.size() + 1), "\xED\xA0\x80");
        break;
      default:
        break;
    }
    bool valid = FirstInvalidUtf8(text) == absl::string_view::npos;
    ASSERT_EQ(valid, ReferenceValidUtf8(text)) << absl::CHexEscape(text);
  }
}

TEST(Utf8Test, CodePointCountAgreesWithAByteByByteCountAtEveryLengthAndOffset) {
  // Word-at-a-time counting: every tail length and alignment, broken bytes
  // included (a stray continuation byte is not a code point).
  const std::string text = "城关镇a2024年，é𠀀\x80\xBF法治\xC3z。" + std::string(40, 'x') + "宣传";
  for (size_t start = 0; start < text.size(); ++start) {
    for (size_t length = 0; start + length <= text.size(); ++length) {
      absl::string_view piece = absl::string_view(text).substr(start, length);
      size_t expected = 0;
      for (unsigned char c : piece) expected += (c & 0xC0) != 0x80;
      ASSERT_EQ(CodePointCount(piece), expected) << start << "+" << length;
    }
  }
}

TEST(FingerprintTest, CopiesAgreeAndOtherReportsDoNot) {
  const std::string report =
      "城关镇2024年度法治政府建设情况报告\n一、主要举措\n全镇开展法治宣传活动12场，"
      "发放宣传资料3000余份，受理信访事项41件，全部按期办结。\n二、存在的问题\n"
      "部分村干部依法办事意识不强，执法人员力量不足。";
  const std::string other =
      "河西街道关于2023年法治建设工作的报告\n街道党工委坚持每季度专题研究法治工作，"
      "审查合同25份，聘请法律顾问2名，化解矛盾纠纷130起。";
  std::vector<uint64_t> a = TextFingerprint(report);
  ASSERT_EQ(a.size(), static_cast<size_t>(kFingerprintSlots));
  EXPECT_DOUBLE_EQ(FingerprintSimilarity(a, a), 1.0);
  // The same report saved from a web page: navigation words before it and
  // other line breaks and spaces.
  std::string page = "首页 > 政务公开\n" + report;
  for (char& c : page) {
    if (c == '\n') c = ' ';
  }
  EXPECT_GE(FingerprintSimilarity(a, TextFingerprint(page)), kCopySimilarity);
  EXPECT_LT(FingerprintSimilarity(a, TextFingerprint(other)), 0.3);
  EXPECT_TRUE(TextFingerprint("太短").empty());
  EXPECT_EQ(FingerprintSimilarity(a, {}), 0);
}

}  // namespace
}  // namespace fazhi::text
