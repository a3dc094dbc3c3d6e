#include "common/text/utf8.h"

#include <cstdint>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace fazhi::text {

namespace {

#if defined(__x86_64__) || defined(__i386__)
// Whole-buffer UTF-8 validation sixteen bytes at a time, after Keiser and
// Lemire, "Validating UTF-8 in less than one instruction per byte" (2021):
// three table lookups classify each byte pair, and a lead byte's required
// continuations are checked against the bytes two and three back. Says
// only whether the buffer is valid; the scalar scan below finds where not.
constexpr uint8_t kTooShort = 1 << 0;
constexpr uint8_t kTooLong = 1 << 1;
constexpr uint8_t kOverlong3 = 1 << 2;
constexpr uint8_t kTooLarge = 1 << 3;
constexpr uint8_t kSurrogate = 1 << 4;
constexpr uint8_t kOverlong2 = 1 << 5;
constexpr uint8_t kTooLarge1000 = 1 << 6;
constexpr uint8_t kOverlong4 = 1 << 6;
constexpr uint8_t kTwoConts = 1 << 7;
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

__attribute__((target("ssse3"))) inline __m128i Lookup(__m128i index, const uint8_t* table) {
  return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(table)), index);
}

__attribute__((target("ssse3"))) __m128i BlockErrors(__m128i input, __m128i previous) {
  static constexpr uint8_t kByte1High[16] = {kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTwoConts,
                                             kTwoConts,
                                             kTwoConts,
                                             kTwoConts,
                                             kTooShort | kOverlong2,
                                             kTooShort,
                                             kTooShort | kOverlong3 | kSurrogate,
                                             kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};
  static constexpr uint8_t kByte1Low[16] = {kCarry | kOverlong3 | kOverlong2 | kOverlong4,
                                            kCarry | kOverlong2,
                                            kCarry,
                                            kCarry,
                                            kCarry | kTooLarge,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000 | kSurrogate,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000};
  static constexpr uint8_t kByte2High[16] = {
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort};
  const __m128i low_nibble = _mm_set1_epi8(0x0F);
  __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
  __m128i byte_1_high = Lookup(_mm_and_si128(_mm_srli_epi16(prev1, 4), low_nibble), kByte1High);
  __m128i byte_1_low = Lookup(_mm_and_si128(prev1, low_nibble), kByte1Low);
  __m128i byte_2_high = Lookup(_mm_and_si128(_mm_srli_epi16(input, 4), low_nibble), kByte2High);
  __m128i special = _mm_and_si128(_mm_and_si128(byte_1_high, byte_1_low), byte_2_high);
  // Third and fourth bytes of three- and four-byte characters.
  __m128i prev2 = _mm_alignr_epi8(input, previous, 14);
  __m128i prev3 = _mm_alignr_epi8(input, previous, 13);
  __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  __m128i must_continue =
      _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(static_cast<char>(0x80)));
  return _mm_xor_si128(must_continue, special);
}

__attribute__((target("ssse3"))) bool ValidUtf8Blocks(absl::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  __m128i previous = _mm_setzero_si128();
  __m128i errors = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i input = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    // All ASCII and nothing pending from the block before: nothing to check.
    if (_mm_movemask_epi8(input) == 0) {
      __m128i pending = _mm_subs_epu8(
          previous, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                  static_cast<char>(0xF0 - 1), static_cast<char>(0xE0 - 1),
                                  static_cast<char>(0xC0 - 1)));
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(pending, _mm_setzero_si128())) == 0xFFFF) {
        previous = input;
        continue;
      }
    }
    errors = _mm_or_si128(errors, BlockErrors(input, previous));
    previous = input;
  }
  // The last bytes padded with ASCII, then one ASCII block: a character cut
  // off at the end shows as too short.
  unsigned char tail[16] = {};
  std::memcpy(tail, s + i, n - i);
  __m128i input = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tail));
  errors = _mm_or_si128(errors, BlockErrors(input, previous));
  errors = _mm_or_si128(errors, BlockErrors(_mm_setzero_si128(), input));
  return _mm_movemask_epi8(_mm_cmpeq_epi8(errors, _mm_setzero_si128())) == 0xFFFF;
}
#endif

}  // namespace

size_t FirstInvalidUtf8(absl::string_view bytes) {
#if defined(__x86_64__) || defined(__i386__)
  // Valid text (the usual case) is confirmed in blocks; only invalid text
  // is walked character by character to find where.
  static const bool kHaveSsse3 = __builtin_cpu_supports("ssse3");
  if (kHaveSsse3 && ValidUtf8Blocks(bytes)) return absl::string_view::npos;
#endif
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Fast path for the common 3-byte CJK sequence (no surrogates, no
    // overlongs: E1-EC and EE-EF leads accept any continuation bytes).
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    int len;
    char32_t min;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return absl::string_view::npos;
}

size_t CodePointCount(absl::string_view bytes) {
  // Eight bytes at a time: a continuation byte is 10xxxxxx, so its bit 7
  // is set and bit 6 clear; the code points are the bytes less those.
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const char* p = bytes.data();
  size_t n = bytes.size();
  size_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Each byte's bit 7 moved to bit 0, then all eight summed into the top
    // byte by one product: without -mpopcnt, __builtin_popcountll is a
    // library call.
    const uint64_t marks = (w & ~(w << 1) & kHigh) >> 7;
    continuation += static_cast<size_t>((marks * 0x0101010101010101ULL) >> 56);
  }
  for (; i < n; ++i) continuation += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
  return n - continuation;
}

}  // namespace fazhi::text
