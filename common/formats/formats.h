// Text out of a submitted document, whatever it is: the format is detected
// from the bytes (magic numbers, BOMs, markup), never from a file name.
//
//   ASSIGN_OR_RETURN(ExtractedText doc, ExtractText(bytes));
//   // doc.text is UTF-8; doc.format is "text", "markdown", "html", "pdf"
//   // or "docx"; doc.encoding the text's encoding ("utf-8", "gb18030", ...)
//
// Refused with INVALID_ARGUMENT, naming the detected type and what fazhi
// accepts: legacy .doc, images, archives, PDFs without a text layer,
// binary data. RESOURCE_EXHAUSTED when a document would unpack beyond the
// limits (zip bombs, absurd page counts).
#ifndef FAZHI_COMMON_FORMATS_FORMATS_H_
#define FAZHI_COMMON_FORMATS_FORMATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::formats {

struct ExtractedText {
  std::string text;
  std::string format;
  std::string encoding;
  // Non-fatal notes (dropped running headers, pages without text, ...).
  std::vector<std::string> warnings;
  // Where each page (PDF) or paragraph (DOCX) begins in `text`, in order:
  // byte offsets, the k-th entry for part k+1; empty for other formats. A
  // page whose lines were all dropped starts where the next one does.
  std::vector<int64_t> part_starts;
  // "page" or "paragraph"; empty with no parts.
  std::string part_kind;
};

struct Limits {
  // Largest text a container (DOCX part, PDF) may unpack to.
  int64_t max_unpacked_bytes = 64 << 20;
  int max_pdf_pages = 2000;
  // Deepest nesting of elements a DOCX part or an HTML page may have: real
  // documents stay in the tens; a page nesting 60 000 <div> is an attack on
  // the parsers' recursion, refused before any walk.
  int max_nesting_depth = 1000;
};

// What the bytes are, from their first bytes alone: "pdf", "zip", "ole"
// (legacy Office), "png", "jpeg", "gif", "gzip", "rar", "7z", or "text"
// when no binary signature matches.
std::string DetectContainer(absl::string_view bytes);

absl::StatusOr<ExtractedText> ExtractText(absl::string_view bytes, const Limits& limits = {});

// The formats' own entry points (tests call them directly). ExtractPdf
// needs the PDF module (pdf_pages.h): FAILED_PRECONDITION without it.
absl::StatusOr<ExtractedText> ExtractPdf(absl::string_view bytes, const Limits& limits);
absl::StatusOr<ExtractedText> ExtractDocx(absl::string_view bytes, const Limits& limits);
// `html` is decoded UTF-8 markup. INVALID_ARGUMENT when its elements nest
// deeper than limits.max_nesting_depth.
absl::StatusOr<std::string> HtmlToText(absl::string_view html, const Limits& limits = {});
// Markup that a browser would render as a page.
bool LooksLikeHtml(absl::string_view utf8);

}  // namespace fazhi::formats

#endif  // FAZHI_COMMON_FORMATS_FORMATS_H_
