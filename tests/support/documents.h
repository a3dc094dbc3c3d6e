// Real documents written during tests by real writers: PDF with cairo (in a
// font with Chinese glyphs), DOCX as a real zip with libzip, GBK with iconv.
#ifndef FAZHI_TESTS_SUPPORT_DOCUMENTS_H_
#define FAZHI_TESTS_SUPPORT_DOCUMENTS_H_

#include <cairo.h>

#include <string>
#include <vector>

namespace fazhi::testing {

// A cairo write callback that appends to a std::string.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

// A PDF of `pages`, each a list of lines, with a running header and a page
// number on every page.
std::string MakePdf(const std::vector<std::vector<std::string>>& pages);

// A DOCX assembled as a real zip archive around `document_xml`.
std::string MakeDocx(const std::string& document_xml);
std::string Paragraph(const std::string& text);
std::string WordDocument(const std::string& body);

std::string ToGbk(const std::string& utf8);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_DOCUMENTS_H_
