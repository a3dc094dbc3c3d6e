// Turns document bytes into UTF-8 text. The encoding is detected from the
// bytes (BOMs, UTF-8 validity, GB18030 plausibility), never assumed.
//
//   absl::StatusOr<DecodedText> decoded = DecodeToUtf8(bytes);
//   if (!decoded.ok()) ...  // INVALID_ARGUMENT naming the problem
//   Use(decoded->text, decoded->encoding);  // "utf-8", "gb18030", ...
#ifndef FAZHI_COMMON_TEXT_DECODE_H_
#define FAZHI_COMMON_TEXT_DECODE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::text {

struct DecodedText {
  // Well-formed UTF-8 without a BOM.
  std::string text;
  // "utf-8", "utf-16le", "utf-16be" or "gb18030".
  std::string encoding;
};

// Returns INVALID_ARGUMENT for empty input, binary data, or bytes that are
// neither UTF-8, BOM-marked UTF-16, nor plausible GB18030 text.
absl::StatusOr<DecodedText> DecodeToUtf8(absl::string_view bytes);

// The reverse, for writers of test documents and samples: `utf8` in
// `encoding` ("GB18030", "GBK", "UTF-16LE", ...). INVALID_ARGUMENT when a
// character has no encoding there.
absl::StatusOr<std::string> EncodeUtf8As(absl::string_view utf8, const char* encoding);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_DECODE_H_
