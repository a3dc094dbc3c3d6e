// fazhi_pdf.so: the PDF module (see pdf_pages.h). Reads pages with
// poppler-cpp and nothing else; what the text means is pdf.cc's business.
#include <memory>

#include "common/formats/pdf_pages.h"
#include "poppler/cpp/poppler-document.h"
#include "poppler/cpp/poppler-global.h"
#include "poppler/cpp/poppler-page.h"

namespace {

// Poppler reports damage on stderr; the caller gets a count instead. The
// error function is process-wide, so the count is per thread.
thread_local int read_errors = 0;
void CountError(const std::string&, void*) { ++read_errors; }

}  // namespace

extern "C" __attribute__((visibility("default"))) void FazhiReadPdfPages(
    const char* data, size_t size, int max_pages, int64_t max_text_bytes,
    fazhi::formats::PdfPages* out) {
  using Outcome = fazhi::formats::PdfPages::Outcome;
  *out = fazhi::formats::PdfPages();
  poppler::set_debug_error_function(CountError, nullptr);
  read_errors = 0;
  if (size > static_cast<size_t>(INT32_MAX)) return;  // poppler takes an int
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data, static_cast<int>(size)));
  if (doc == nullptr) return;  // kDamaged
  if (doc->is_locked()) {
    out->outcome = Outcome::kLocked;
    return;
  }
  out->page_count = doc->pages();
  if (out->page_count > max_pages) {
    out->outcome = Outcome::kTooManyPages;
    return;
  }
  int64_t total = 0;
  for (int i = 0; i < out->page_count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page == nullptr) continue;
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
    total += static_cast<int64_t>(utf8.size());
    if (total > max_text_bytes) {
      out->pages.clear();
      out->outcome = Outcome::kTooMuchText;
      return;
    }
    out->pages.emplace_back(utf8.begin(), utf8.end());
  }
  if (total == 0) out->fonts = static_cast<int>(doc->fonts().size());
  out->read_errors = read_errors;
  out->outcome = Outcome::kRead;
}
