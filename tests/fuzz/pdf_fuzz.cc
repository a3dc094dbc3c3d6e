// formats::ExtractPdf: the PDF module (poppler, loaded from lib/fazhi/
// beside the binary's bin/ or tests/ folder, as in the service) and the
// page post-processing (running headers, page numbers, joined lines).
// Debian's poppler is not instrumented, so coverage guides the fuzzer only
// through pdf.cc and pdf_module.cc; ASan still sees poppler's heap through
// its interceptors.
#include <cstddef>
#include <cstdint>

#include "common/formats/formats.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<fazhi::formats::ExtractedText> doc =
      fazhi::formats::ExtractPdf(fazhi::fuzz::Bytes(data, size), fazhi::formats::Limits());
  if (!doc.ok()) {
    absl::StatusCode code = doc.status().code();
    // FAILED_PRECONDITION is a module that did not load: a broken build,
    // not an input to skip.
    FAZHI_FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument ||
                     code == absl::StatusCode::kResourceExhausted);
    return 0;
  }
  FAZHI_FUZZ_CHECK(doc->format == "pdf");
  FAZHI_FUZZ_CHECK(!fazhi::fuzz::IsBlank(doc->text));
  FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(doc->text));
  return 0;
}
