#include "tests/support/documents.h"

#include <cairo-pdf.h>
#include <zip.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/text/decode.h"

namespace fazhi::testing {

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF of `pages`, each a list of lines, with a running header and a page
// number on every page, written by cairo in a font with Chinese glyphs.
std::string MakePdf(const std::vector<std::vector<std::string>>& pages) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, 595, 842);  // A4
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "WenQuanYi Zen Hei", CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  for (size_t p = 0; p < pages.size(); ++p) {
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 60, 40);
    cairo_show_text(cr, "青石街道2024年度法治政府建设情况报告");
    cairo_set_font_size(cr, 12);
    double y = 90;
    for (const std::string& line : pages[p]) {
      cairo_move_to(cr, 60, y);
      cairo_show_text(cr, line.c_str());
      y += 22;
    }
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 290, 810);
    cairo_show_text(cr, absl::StrCat("- ", p + 1, " -").c_str());
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

// A DOCX assembled as a real zip archive.
std::string MakeDocx(const std::string& document_xml) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* sink = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(sink);
  zip_t* archive = zip_open_from_source(sink, ZIP_TRUNCATE, &error);
  auto add = [&](const char* name, const std::string& content) {
    zip_source_t* s = zip_source_buffer(archive, strdup(content.c_str()), content.size(), 1);
    zip_file_add(archive, name, s, ZIP_FL_ENC_UTF_8);
  };
  add("[Content_Types].xml",
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)");
  add("word/document.xml", document_xml);
  zip_close(archive);
  std::string bytes;
  zip_source_open(sink);
  zip_source_seek(sink, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(sink);
  zip_source_seek(sink, 0, SEEK_SET);
  bytes.resize(static_cast<size_t>(size));
  zip_source_read(sink, bytes.data(), size);
  zip_source_close(sink);
  zip_source_free(sink);
  return bytes;
}

std::string Paragraph(const std::string& text) {
  return absl::StrCat("<w:p><w:r><w:t>", text, "</w:t></w:r></w:p>");
}

std::string WordDocument(const std::string& body) {
  return absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)",
      body, "</w:body></w:document>");
}

std::string ToGbk(const std::string& utf8) {
  absl::StatusOr<std::string> gbk = text::EncodeUtf8As(utf8, "GBK");
  return gbk.ok() ? *gbk : std::string();
}

}  // namespace fazhi::testing
