// formats::HtmlToText (gumbo, the article finder, the nesting-depth guard)
// over UTF-8 markup: HtmlToText takes decoded text, so other bytes are
// skipped here (detect_decode_fuzz reaches it through the decoders).
#include <cstddef>
#include <cstdint>

#include "common/formats/formats.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view html = fazhi::fuzz::Bytes(data, size);
  if (!fazhi::fuzz::IsUtf8(html)) return 0;
  (void)fazhi::formats::LooksLikeHtml(html);
  absl::StatusOr<std::string> text = fazhi::formats::HtmlToText(html);
  if (!text.ok()) {
    // The one refusal: nesting past Limits::max_nesting_depth.
    FAZHI_FUZZ_CHECK(text.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(*text));
  return 0;
}
