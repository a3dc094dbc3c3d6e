// Splits normalised text into lines and sentences, and recognises heading
// lines in the numbering styles reports use (一、 第一部分 (一) 1. 1、 (1) 一是).
//
//   for (const Span& s : SplitSentences(norm.text)) ...
//   std::optional<Heading> h = ParseHeading(line_text);
#ifndef FAZHI_COMMON_TEXT_SEGMENT_H_
#define FAZHI_COMMON_TEXT_SEGMENT_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::text {

// Byte range [start, end) of a piece of the text.
struct Span {
  size_t start = 0;
  size_t end = 0;
  absl::string_view Of(absl::string_view text) const { return text.substr(start, end - start); }
};

// Non-empty lines, without their '\n'.
std::vector<Span> SplitLines(absl::string_view text);

inline constexpr size_t kMaxSentenceBytes = 3000;

// Sentences: pieces ending at 。！？; (half- or full-width), a half-width
// '.' after a Chinese character (not before a digit), or a line end.
// The terminator belongs to its sentence. A longer run than
// kMaxSentenceBytes is cut at its last comma (or 、) before the limit.
std::vector<Span> SplitSentences(absl::string_view text);

struct Heading {
  // 1 for 一、 一. 第一部分, 2 for (一), 3 for 1. / 1、, 4 for (1), 5 for 一是.
  int level = 0;
  // Length in bytes of the numbering mark ("一、" is 6 bytes).
  size_t marker_bytes = 0;
  // The title: from after the mark to the first 。 (or the line's end).
  absl::string_view title;
};

// The heading that starts `line`, if any. A line is a heading when it opens
// with a numbering mark; its title ends at the first full stop.
std::optional<Heading> ParseHeading(absl::string_view line);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_SEGMENT_H_
