// UTF-8 helpers over absl::string_view: validation, decoding one code point,
// encoding, and the character classes the engine needs (Han, digits).
#ifndef FAZHI_COMMON_TEXT_UTF8_H_
#define FAZHI_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace fazhi::text {

// Returns the byte offset of the first invalid sequence, or npos when all of
// `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
size_t FirstInvalidUtf8(absl::string_view bytes);

// Decodes the code point at `pos`, storing its byte length in *length.
// REQUIRES: `bytes` is valid UTF-8 and pos < bytes.size().
char32_t DecodeAt(absl::string_view bytes, size_t pos, int* length);

// Appends the UTF-8 encoding of `cp` to *out.
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points in valid UTF-8.
size_t CodePointCount(absl::string_view bytes);

// CJK unified ideographs (basic block and extension A).
bool IsHan(char32_t cp);
bool IsAsciiDigit(char32_t cp);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_UTF8_H_
