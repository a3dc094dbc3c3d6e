// The boundary of the PDF module, fazhi_pdf.so: poppler and the libraries
// it pulls in (fonts, images, NSS: some 25 shared objects that cost every
// process ~8 ms to load) are loaded the first time a PDF arrives, not at
// start-up. Only C++ standard types cross the boundary, so the module needs
// nothing of fazhi's own (it links poppler-cpp alone). pdf.cc loads it;
// pdf_module.cc is the module.
#ifndef FAZHI_COMMON_FORMATS_PDF_PAGES_H_
#define FAZHI_COMMON_FORMATS_PDF_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace fazhi::formats {

// The text of a PDF's pages as poppler lays it out in reading order.
struct PdfPages {
  enum class Outcome { kRead, kDamaged, kLocked, kTooManyPages, kTooMuchText };
  Outcome outcome = Outcome::kDamaged;
  int page_count = 0;
  // UTF-8, one entry per page that has one; filled only when kRead.
  std::vector<std::string> pages;
  // What tells a damaged PDF from a scan when no text comes out: the
  // errors poppler met while reading (a broken cross-reference table,
  // undecodable streams), and the fonts the document uses (a scan has
  // none). Fonts are counted only when the pages gave no text.
  int read_errors = 0;
  int fonts = 0;
};

// The module's one entry point, looked up by name.
using ReadPdfPagesFunction = void (*)(const char* data, size_t size, int max_pages,
                                      int64_t max_text_bytes, PdfPages* out);
inline constexpr char kReadPdfPagesSymbol[] = "FazhiReadPdfPages";

// Where the module is looked for: lib/fazhi/fazhi_pdf.so beside this
// executable's bin/ (so in the build tree and where packages install it).
std::string DefaultPdfModulePath();

// FAILED_PRECONDITION naming `path` when it cannot be loaded or is not the
// PDF module. ExtractPdf loads DefaultPdfModulePath() once, when the first
// PDF arrives.
absl::StatusOr<ReadPdfPagesFunction> LoadPdfModule(const std::string& path);

}  // namespace fazhi::formats

#endif  // FAZHI_COMMON_FORMATS_PDF_PAGES_H_
