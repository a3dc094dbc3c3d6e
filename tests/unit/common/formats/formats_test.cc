// Real documents made by real writers during the test (cairo for PDF,
// libzip for DOCX, iconv for GBK), in our own wording, run through the
// format layer and the whole engine.
#include "common/formats/formats.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <iconv.h>
#include <zip.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/engine/engine.h"
#include "common/formats/pdf_pages.h"
#include "gtest/gtest.h"
#include "tests/support/documents.h"

namespace fazhi::formats {
namespace {

using testing::AppendToString;
using testing::MakeDocx;
using testing::MakePdf;
using testing::Paragraph;
using testing::ToGbk;
using testing::WordDocument;

const fazhi::v1::Indicator* Find(const fazhi::v1::ParsedReport& r, const std::string& id) {
  for (const auto& i : r.indicators()) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

fazhi::v1::ParsedReport ExtractOrDie(const std::string& bytes) {
  auto extractor = engine::Extractor::Create();
  EXPECT_TRUE(extractor.ok());
  fazhi::v1::Document d;
  d.set_source("test");
  d.set_content(bytes);
  auto report = (*extractor)->Extract(d, {});
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : fazhi::v1::ParsedReport();
}

TEST(PdfTest, SentenceAcrossAPageBreakIsOneSentenceAgain) {
  std::string pdf = MakePdf({
      {"青石街道2024年度法治政府建设情况报告", "一、主要举措和成效",
       "街道人民调解委员会坚持抓早抓小，会同社区调解组织和网格员全年共调解矛盾"},
      {"纠纷126起，调解成功121起。全年受理信访案件38件，办结37件。", "二、存在的不足",
       "基层法治宣传的形式还不够丰富。"},
      {"三、下一步工作安排", "持续深化矛盾纠纷源头化解。"},
  });
  auto text = ExtractPdf(pdf, {});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->format, "pdf");
  // Page numbers and the running header on every page are gone.
  EXPECT_EQ(text->text.find("- 2 -"), std::string::npos) << text->text;
  fazhi::v1::ParsedReport report = ExtractOrDie(pdf);
  EXPECT_EQ(report.source_format(), "pdf");
  EXPECT_EQ(report.entity().name(), "青石街道");
  const auto* mediated = Find(report, "disputes_mediated");
  ASSERT_NE(mediated, nullptr) << text->text;
  EXPECT_EQ(mediated->value(), 126);
  EXPECT_EQ(mediated->evidence().verification(), fazhi::v1::VERIFICATION_VERIFIED);
  ASSERT_NE(Find(report, "petitions"), nullptr);
  EXPECT_EQ(Find(report, "petitions")->value(), 38);
  // Each figure says the page its span starts on: 调解矛盾 ends page 1 and
  // 纠纷126起 opens page 2; the petitions are on page 2.
  EXPECT_EQ(text->part_kind, "page");
  EXPECT_EQ(text->part_starts.size(), 3u);
  EXPECT_EQ(Find(report, "petitions")->evidence().page(), 2);
  EXPECT_EQ(mediated->evidence().page(), 1) << mediated->evidence().quote();
  EXPECT_EQ(report.entity().evidence().page(), 1);
  EXPECT_EQ(Find(report, "petitions")->evidence().paragraph(), 0);
}

TEST(PdfTest, DamagedAndEmptyPdfsAreRefusedClearly) {
  std::string pdf = MakePdf({{"全年受理信访案件38件。"}});
  auto truncated = ExtractText(pdf.substr(0, pdf.size() / 3));
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(truncated.status().message().find("PDF"), std::string::npos) << truncated.status();
  auto blank = ExtractText(MakePdf({{}}).substr(0));
  // A page with only the header and number has text, but a PDF without any
  // drawn text has no text layer.
  std::string empty_pdf;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(AppendToString, &empty_pdf, 595, 842);
  cairo_t* cr = cairo_create(s);
  cairo_rectangle(cr, 10, 10, 100, 100);
  cairo_fill(cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  auto scan = ExtractText(empty_pdf);
  EXPECT_EQ(scan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(scan.status().message().find("no text layer"), std::string::npos) << scan.status();
  // A PDF whose text is there but cannot be read (its compressed content
  // streams garbled, as a broken download or a bad incremental update
  // leaves them) is damaged, not a scan.
  std::string garbled = pdf;
  for (size_t at = garbled.find("stream\n"); at != std::string::npos;
       at = garbled.find("stream\n", at)) {
    size_t end = garbled.find("endstream", at);
    if (end == std::string::npos) break;
    for (size_t k = at + 9; k + 2 < end; k += 3) garbled[k] = static_cast<char>(garbled[k] ^ 0x5A);
    at = end + 9;
  }
  auto damaged = ExtractText(garbled);
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(damaged.status().message().find("PDF is damaged"), std::string::npos)
      << damaged.status();
  EXPECT_EQ(damaged.status().message().find("scan"), std::string::npos) << damaged.status();
}

TEST(PdfTest, TheModuleIsFoundBesideTheBinaryAndAMissingOneIsNamed) {
  EXPECT_TRUE(absl::EndsWith(DefaultPdfModulePath(), "/lib/fazhi/fazhi_pdf.so"));
  auto module = LoadPdfModule(DefaultPdfModulePath());
  ASSERT_TRUE(module.ok()) << module.status();
  // A module that is not there, or a library that is not the module.
  auto missing = LoadPdfModule("/nonexistent/fazhi_pdf.so");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("/nonexistent/fazhi_pdf.so"), std::string::npos);
  auto other = LoadPdfModule("libz.so.1");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find(kReadPdfPagesSymbol), std::string::npos);
  // The module itself reports damage as an outcome, not a crash.
  PdfPages pages;
  pages.pages.push_back("left over");
  (*module)("%PDF-1.4 garbage", 16, 10, 1 << 20, &pages);
  EXPECT_EQ(pages.outcome, PdfPages::Outcome::kDamaged);
  EXPECT_TRUE(pages.pages.empty());
}

TEST(DocxTest, ParagraphsInOrderAndTablesAsLines) {
  std::string docx = MakeDocx(WordDocument(absl::StrCat(
      Paragraph("白沙镇2024年法治政府建设情况报告"), Paragraph("一、主要举措和成效"),
      Paragraph("全年办理法律援助案件16件，提供法律咨询420余人次。"),
      R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>)",
      R"(<w:tr><w:tc><w:p><w:r><w:t>受理信访案件</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>27件</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)",
      Paragraph("二、存在的不足"))));
  auto text = ExtractDocx(docx, {});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(text->text.find("受理信访案件\t27件"), std::string::npos) << text->text;
  fazhi::v1::ParsedReport report = ExtractOrDie(docx);
  EXPECT_EQ(report.source_format(), "docx");
  EXPECT_EQ(report.entity().name(), "白沙镇");
  ASSERT_NE(Find(report, "legal_aid_cases"), nullptr);
  EXPECT_EQ(Find(report, "legal_aid_cases")->value(), 16);
  ASSERT_NE(Find(report, "legal_consultations"), nullptr);
  EXPECT_EQ(Find(report, "legal_consultations")->qualifier(), fazhi::v1::QUALIFIER_AT_LEAST);
  // Paragraphs counted as Word shows them, a table row as one.
  EXPECT_EQ(text->part_kind, "paragraph");
  EXPECT_EQ(text->part_starts.size(), 6u);  // four paragraphs, two table rows
  EXPECT_EQ(Find(report, "legal_aid_cases")->evidence().paragraph(), 3);
  ASSERT_NE(Find(report, "petitions"), nullptr);
  EXPECT_EQ(Find(report, "petitions")->evidence().paragraph(), 5);
  EXPECT_EQ(Find(report, "legal_aid_cases")->evidence().page(), 0);
}

TEST(DocxTest, BombsAndWrongArchivesAreRefused) {
  // 8 MB of one character compresses to a few kB.
  std::string bomb = MakeDocx(WordDocument(Paragraph(std::string(8 << 20, 'a'))));
  EXPECT_LT(bomb.size(), 200000u);
  auto refused = ExtractDocx(bomb, {.max_unpacked_bytes = 1 << 20});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("limit"), std::string::npos);

  zip_error_t error;
  zip_error_init(&error);
  std::string plain_zip = MakeDocx(WordDocument(Paragraph("x")));
  // Rename the part: a ZIP that is not a DOCX.
  size_t at = plain_zip.find("word/document.xml");
  while (at != std::string::npos) {
    plain_zip.replace(at, 4, "WORD");
    at = plain_zip.find("word/document.xml");
  }
  auto not_docx = ExtractText(plain_zip);
  EXPECT_EQ(not_docx.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(not_docx.status().message().find("not a DOCX"), std::string::npos);

  std::string docx = MakeDocx(WordDocument(Paragraph("正文")));
  auto truncated = ExtractText(docx.substr(0, docx.size() / 2));
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kInvalidArgument);
}

// Found by tests/fuzz/docx_fuzz.cc: pugixml copies the bytes of a part as
// they are, and text that is not UTF-8 broke what the engine requires of
// every format's text.
TEST(DocxTest, TextThatIsNotUtf8IsRefused) {
  for (const std::string& run :
       {std::string("受理案件\x86件"), std::string("\xB0\xB8\xBC\xFE"), std::string("&#xD800;")}) {
    SCOPED_TRACE(run);
    auto refused = ExtractDocx(MakeDocx(WordDocument(Paragraph(run))), {});
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find("not valid UTF-8"), std::string::npos);
  }
  // Character references that are characters stay.
  auto text = ExtractDocx(MakeDocx(WordDocument(Paragraph("&#x5E74;&#24180;&lt;"))), {});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->text, "年年<\n");
}

TEST(HtmlTest, ArticleWithoutNavigationScriptsAndStyles) {
  std::string page = absl::StrCat(
      "<!DOCTYPE html><html><head><title>柳林乡</title><script>var n='受理信访案件999件';</script>"
      "<style>p{color:red}</style></head><body>",
      "<div class=\"top-nav\">首页 政务公开 受理信访案件888件</div>",
      "<div id=\"zoom\"><h2>柳林乡2024年法治政府建设情况报告</h2>",
      "<p>一、主要举措和成效</p><p>全年受理信访案件19件，办结18件。</p>",
      "<p>开展法治宣传活动12场。</p><p>二、存在的不足</p><p>仍有差距。</p></div>",
      "<div class=\"footer\">版权所有</div></body></html>");
  fazhi::v1::ParsedReport report = ExtractOrDie(page);
  EXPECT_EQ(report.source_format(), "html");
  EXPECT_EQ(report.entity().name(), "柳林乡");
  ASSERT_NE(Find(report, "petitions"), nullptr);
  EXPECT_EQ(Find(report, "petitions")->value(), 19);
  EXPECT_TRUE(Find(report, "petitions")->alternatives().empty());
  ASSERT_NE(Find(report, "publicity_events"), nullptr);
}

// Nesting 10^5 deep attacks every recursive walk of a tree (gumbo's own
// teardown among them): refused by depth, before any walk, in little time.
TEST(NestingTest, DeeplyNestedDocxAndHtmlAreRefusedNamingTheLimit) {
  constexpr int kDepth = 100000;
  std::string runs;
  for (int i = 0; i < kDepth; ++i) runs += "<w:r>";
  runs += "<w:t>受理信访案件5件</w:t>";
  for (int i = 0; i < kDepth; ++i) runs += "</w:r>";
  auto docx = ExtractText(MakeDocx(WordDocument(absl::StrCat("<w:p>", runs, "</w:p>"))));
  EXPECT_EQ(docx.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(docx.status().message().find("nests elements"), std::string::npos) << docx.status();
  EXPECT_NE(docx.status().message().find("limit is 1000"), std::string::npos);

  std::string divs = "<html><body>";
  for (int i = 0; i < kDepth; ++i) divs += "<div>";
  divs += "全年受理信访案件5件。";
  for (int i = 0; i < kDepth; ++i) divs += "</div>";
  auto html = ExtractText(divs + "</body></html>");
  EXPECT_EQ(html.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(html.status().message().find("nests elements"), std::string::npos) << html.status();

  // Ordinary depth, thousands of unclosed <p> and <br>, and tags inside
  // scripts and comments are read.
  std::string flat = "<html><body><div class=\"content\">";
  for (int i = 0; i < 5000; ++i) flat += "<p>开展法治宣传活动<br>";
  flat += "<script>var s='" + std::string(3000, '<') + "div>';</script><!-- <div><div> -->";
  for (int i = 0; i < 200; ++i) flat += "<div>";
  flat += "全年受理信访案件5件。";
  for (int i = 0; i < 200; ++i) flat += "</div>";
  auto read = ExtractText(flat + "</div></body></html>");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_NE(read->text.find("受理信访案件5件"), std::string::npos);
}

// Gumbo turns a numeric character reference that overflows its integer
// into a byte that is not UTF-8 (found by tests/fuzz/html_fuzz.cc); HTML
// reads a reference out of range as U+FFFD.
TEST(HtmlTest, CharacterReferencesOutOfRangeAreReplacementCharacters) {
  auto text = HtmlToText("<p>文号&#21111111111号，&#x110000;。</p>");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "\n文号\uFFFD号，\uFFFD。\n");
}

// Spellings that nest as deep as 2 000 <div> while the tags seem flat to a
// reader that does not read them as HTML does (the first found by
// tests/fuzz/html_fuzz.cc): each is refused by depth like the plain one.
TEST(NestingTest, HtmlNestingIsReadAsHtmlReadsIt) {
  auto repeat = [](absl::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) absl::StrAppend(&out, s);
    return out;
  };
  const std::string body = "<p>全年受理信访案件5件。</p>";
  struct Case {
    const char* name;
    std::string page;
  };
  for (const Case& c : std::vector<Case>{
           {"empty comment", "<!-->" + repeat("<div>", 2000)},
           {"comment closed by --!>", "<!-- x --!>" + repeat("<div>", 2000) + "-->"},
           {"self-closing div", repeat("<div/>", 2000)},
           {"stray end tags", repeat("<div></span>", 2000)},
           {"quoted >", "<div title=\"a>b<!--\">" + repeat("<div>", 2000) + "-->"},
           {"quote in a name", "<div =\"/>" + repeat("<div>", 2000) + "\""},
           {"slash in an unquoted value", "<svg>" + repeat("<g d=M0/>", 2000)},
           {"upper-case script end", "<script>x</SCRIPT>" + repeat("<div>", 2000)},
           {"end tags inside textarea", repeat("<div><textarea></div></textarea>", 2000)},
           {"script inside svg", "<svg><script>" + repeat("<div>", 2000)},
           // A breakout tag ends SVG: the script is HTML's again, raw text
           // to its end tag, its "<!--" no comment after it.
           {"script after leaving svg", "<svg><p><script><!--</script>" + repeat("<div>", 2000)},
           {"self-closing div after leaving svg", "<svg><b>" + repeat("<div/>", 2000)},
           {"font with a size leaves svg", "<svg><font size=3>" + repeat("<div/>", 2000)},
           // A doubly escaped script ends at its second end tag.
           {"doubly escaped script",
            "<script><!--<script></script>x</script>" + repeat("<div>", 2000)},
       }) {
    SCOPED_TRACE(c.name);
    auto html = HtmlToText(c.page + body);
    EXPECT_EQ(html.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(html.status().message().find("nests elements"), std::string::npos) << html.status();
  }
  // What only looks deep is read: SVG's self-closed shapes, end tags that
  // close what is open, tags inside a textarea.
  for (const Case& c : std::vector<Case>{
           {"svg shapes", "<svg>" + repeat("<path d=\"M0 0\"/>", 2000) + "</svg>"},
           {"closed divs", repeat("<DIV class=\"a>b\"></div>", 2000)},
           {"textarea", "<textarea>" + repeat("<div>", 2000) + "</textarea>"},
           // A <p> inside foreignObject is HTML already: SVG goes on after it.
           {"svg after a foreignObject",
            "<svg><foreignObject><p>x</p></foreignObject>" + repeat("<g/>", 2000) + "</svg>"},
       }) {
    SCOPED_TRACE(c.name);
    auto html = HtmlToText(c.page + body);
    ASSERT_TRUE(html.ok()) << html.status();
    EXPECT_NE(html->find("受理信访案件5件"), std::string::npos);
  }
}

// A zip archive of named parts, written by libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, content] : parts) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_file_add(archive, name.c_str(), part, ZIP_FL_OVERWRITE);
  }
  zip_close(archive);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(buffer, bytes.data(), size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  return bytes;
}

TEST(FormatsTest, OtherOfficeFormatsAreNamed) {
  auto ofd = ExtractText(MakeZip({{"OFD.xml", "<ofd:OFD/>"}, {"Doc_0/Document.xml", "<x/>"}}));
  EXPECT_EQ(ofd.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ofd.status().message().find("OFD"), std::string::npos) << ofd.status();
  auto odt = ExtractText(
      MakeZip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<x/>"}}));
  EXPECT_NE(odt.status().message().find("OpenDocument"), std::string::npos) << odt.status();
  auto ole = ExtractText(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "WPS");
  EXPECT_NE(ole.status().message().find("WPS"), std::string::npos) << ole.status();
}

TEST(TextTest, GbkBytesAreDecoded) {
  std::string gbk = ToGbk("松山镇2024年法治政府建设情况报告\n全年调解矛盾纠纷55起。\n");
  fazhi::v1::ParsedReport report = ExtractOrDie(gbk);
  EXPECT_EQ(report.encoding(), "gb18030");
  EXPECT_EQ(report.entity().name(), "松山镇");
  ASSERT_NE(Find(report, "disputes_mediated"), nullptr);
  EXPECT_EQ(Find(report, "disputes_mediated")->value(), 55);
}

struct RefusedCase {
  const char* name;
  std::string bytes;
  const char* words;
};

TEST(FormatsTest, UnsupportedInputIsRefusedNamingWhatItIs) {
  const RefusedCase cases[] = {
      {"empty", "", "empty"},
      {"legacy doc", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0'),
       "legacy"},
      {"png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0'), "png"},
      {"gzip", std::string("\x1F\x8B\x08\x00", 4) + std::string(100, 'x'), "gzip"},
      {"binary junk", std::string("\x01\x02\x03\x00\x00\xFE", 6), "binary"},
      {"invalid UTF-8 that is not GBK", "\x80\x80\x80\xFF\xFF abc", "UTF-8"},
  };
  for (const RefusedCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = ExtractText(c.bytes);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find(c.words), std::string::npos) << result.status();
  }
}

TEST(FormatsTest, DetectsContainersFromBytes) {
  EXPECT_EQ(DetectContainer("%PDF-1.7 ..."), "pdf");
  EXPECT_EQ(DetectContainer("PK\x03\x04...."), "zip");
  EXPECT_EQ(DetectContainer("法治报告"), "text");
  EXPECT_TRUE(LooksLikeHtml("<html><body><p>x</p></body></html>"));
  EXPECT_FALSE(LooksLikeHtml("一、主要举措 a<b 且 c>d"));
}

}  // namespace
}  // namespace fazhi::formats
