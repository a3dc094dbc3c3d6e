// Traditional Chinese (繁体) to simplified, so that one set of rules reads
// both: government sites serve a traditional version of every page, and
// mirrors copy it. The conversion is OpenCC's t2s (phrases, then
// characters; Debian's libopencc1.1 and libopencc-data), loaded with dlopen
// at the first traditional text, so that no process pays for it otherwise.
//
//   std::string simplified;
//   if (LooksTraditional(text)) {
//     absl::StatusOr<std::string> s = ToSimplified(text);
//     if (s.ok()) simplified = *std::move(s);
//   }
//
// The result keeps the input's byte layout (the same length, every
// character where it was and as long), so offsets into it are offsets into
// the original text: where a phrase conversion would change a length, that
// line is converted character by character, and a character whose
// simplified form differs in length stays as it is.
#ifndef FAZHI_COMMON_TEXT_SIMPLIFY_H_
#define FAZHI_COMMON_TEXT_SIMPLIFY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::text {

// Whether the opening of `utf8` is written in traditional characters: it
// holds several of the common characters that only traditional text uses
// (這, 們, 會, 國, 縣, 鎮 ...). Cheap: reads at most the first 2 000 bytes.
bool LooksTraditional(absl::string_view utf8);

// `utf8` in simplified characters, with the same byte layout.
// FAILED_PRECONDITION when libopencc or its t2s data is not installed.
// REQUIRES: `utf8` is valid UTF-8.
absl::StatusOr<std::string> ToSimplified(absl::string_view utf8);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_SIMPLIFY_H_
