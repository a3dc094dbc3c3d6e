// Normalises decoded report text so that rules see one spelling of each
// thing, while every byte of the result still maps back to the input.
//
// What it does, and why:
// - full-width digits, Latin letters and ASCII punctuation fold to
//   half-width (reports mix "２０２４", "（一）" and "(一)");
// - ideographic spaces become spaces; spaces next to Chinese text vanish
//   ("2024 年" -> "2024年"), other runs collapse to one; lines are trimmed;
// - Markdown heading marks (###) and emphasis (** __) are dropped;
// - CR LF and CR become LF; runs of blank lines become one blank line;
// - a line broken inside a sentence (PDF page breaks: "有计划、\n\n有重点")
//   is joined to the next one.
//
//   NormalizedText norm = Normalize(decoded_utf8);
//   size_t original = norm.OriginalOffset(byte_in_norm_text);
#ifndef FAZHI_COMMON_TEXT_NORMALIZE_H_
#define FAZHI_COMMON_TEXT_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::text {

struct NormalizedText {
  std::string text;
  // Where the text maps back to the input. Each anchor says: from
  // normalised byte `normalized` on, byte k maps to input byte
  // `original + (k - normalized)`, until the next anchor. Most of a report
  // is copied unchanged, so anchors are few (one per fold or dropped run),
  // not one per byte.
  struct Anchor {
    int64_t normalized;
    int64_t original;
  };
  std::vector<Anchor> anchors;
  // Size of the input in bytes.
  int64_t original_size = 0;

  // Input offset of normalised byte `offset` (0 <= offset <= text.size());
  // text.size() maps to the input size.
  int64_t OriginalOffset(size_t offset) const;
};

// REQUIRES: `utf8` is well-formed UTF-8.
NormalizedText Normalize(absl::string_view utf8);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_NORMALIZE_H_
