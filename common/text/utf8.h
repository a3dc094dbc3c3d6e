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

// The code point of a three-byte character (lead byte 0xE0-0xEF) from its
// bytes, for loops that have already looked at the lead byte.
// REQUIRES: p[0..2] are valid.
inline char32_t DecodeThreeBytes(const unsigned char* p) {
  return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
}

// Decodes the code point at `pos`, storing its byte length in *length.
// REQUIRES: `bytes` is valid UTF-8 and pos < bytes.size().
// Inline: every pass over the text calls it once per character.
inline char32_t DecodeAt(absl::string_view bytes, size_t pos, int* length) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  unsigned char c = s[pos];
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  if ((c & 0xF0) == 0xE0 && pos + 2 < bytes.size()) {
    *length = 3;
    return DecodeThreeBytes(s + pos);
  }
  int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len && pos + k < bytes.size(); ++k) {
    cp = (cp << 6) | (s[pos + k] & 0x3F);
  }
  *length = len;
  return cp;
}

// Byte length of the character that `lead` begins (1 for ASCII and for a
// stray continuation byte).
inline int Utf8Length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? (lead < 0xC0 ? 1 : 2) : lead < 0xF0 ? 3 : 4;
}

// The first `bytes` of `s`, or a little more so as to end on a character
// boundary (the whole of `s` when it is shorter).
inline absl::string_view OpeningOf(absl::string_view s, size_t bytes) {
  size_t end = bytes < s.size() ? bytes : s.size();
  while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
  return s.substr(0, end);
}

// Whether `what` occurs in `s` at byte `pos`. Inline: scanners ask it at
// almost every character.
inline bool HasAt(absl::string_view s, size_t pos, absl::string_view what) {
  if (pos > s.size() || s.size() - pos < what.size()) return false;
  for (size_t k = 0; k < what.size(); ++k) {
    if (s[pos + k] != what[k]) return false;
  }
  return true;
}

// Appends the UTF-8 encoding of `cp` to *out.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 2);
  } else if (cp < 0x10000) {
    char b[3] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 3);
  } else {
    char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 4);
  }
}

// Number of code points in valid UTF-8.
size_t CodePointCount(absl::string_view bytes);

// CJK unified ideographs (basic block and extension A).
inline bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}
inline bool IsAsciiDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_UTF8_H_
