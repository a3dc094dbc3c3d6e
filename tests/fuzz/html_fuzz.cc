// formats::HtmlToText (gumbo, the article finder, the nesting-depth guard)
// over UTF-8 markup: HtmlToText takes decoded text, so other bytes are
// skipped here (detect_decode_fuzz reaches it through the decoders).
//
// The guard reads nesting from the tags alone, before gumbo builds a tree
// that every walk descends recursively; what it lets through must be a
// tree of bounded depth. A small limit makes a way around the guard show
// in small inputs.
#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/formats/formats.h"
#include "common/formats/html_tree.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr int kLimit = 16;
// Elements that the tags do not show (html, body, tbody, tr; a <p> or <li>
// whose end tag HTML lets a page leave out, formatting elements that the
// parser opens again) make the tree deeper than the tags say: a table cell
// in a paragraph is six elements (p table tbody tr td) for one counted
// tag. Bounded by a factor, not by the input's length.
constexpr size_t kMaxTreeDepth = 8 * kLimit + 64;


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view html = fazhi::fuzz::Bytes(data, size);
  if (!fazhi::fuzz::IsUtf8(html)) return 0;
  (void)fazhi::formats::LooksLikeHtml(html);
  fazhi::formats::Limits limits;
  limits.max_nesting_depth = kLimit;
  absl::StatusOr<std::string> text = fazhi::formats::HtmlToText(html, limits);
  if (!text.ok()) {
    // The one refusal: nesting past Limits::max_nesting_depth.
    FAZHI_FUZZ_CHECK(text.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(*text));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  size_t depth = fazhi::formats::GumboTreeDepth(output->document);
  gumbo_destroy_output(&options, output);
  FAZHI_FUZZ_CHECK(depth <= kMaxTreeDepth);
  return 0;
}
