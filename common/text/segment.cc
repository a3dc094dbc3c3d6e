#include "common/text/segment.h"

#include "common/text/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace fazhi::text {
namespace {

bool IsChineseDigit(char32_t cp) {
  static constexpr char32_t kDigits[] = U"一二三四五六七八九十";
  for (char32_t d : kDigits) {
    if (d != 0 && d == cp) return true;
  }
  return false;
}

// Length in bytes of a run of Chinese numerals at `pos` (at most 3 chars).
size_t ChineseNumeralRun(absl::string_view s, size_t pos) {
  size_t i = pos;
  for (int n = 0; n < 3 && i < s.size(); ++n) {
    int len;
    if (!IsChineseDigit(DecodeAt(s, i, &len))) break;
    i += len;
  }
  return i - pos;
}

size_t AsciiDigitRun(absl::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size() && i - pos < 2 && s[i] >= '0' && s[i] <= '9') ++i;
  // Three digits or more is a number, not a list mark.
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') return 0;
  return i - pos;
}

}  // namespace

std::vector<Span> SplitLines(absl::string_view text) {
  std::vector<Span> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == absl::string_view::npos) end = text.size();
    if (end > start) lines.push_back({start, end});
    start = end + 1;
  }
  return lines;
}

namespace {

// Pieces of a sentence longer than kMaxSentenceBytes, each ending at the
// last comma (or 、, or space) before the limit, else at a character
// boundary: the work of reading a sentence grows with the square of its
// length, and a line of 5 MB with no full stop is no sentence.
std::vector<Span> CutLongSentences(absl::string_view text, std::vector<Span> sentences) {
  bool any_long = false;
  for (const Span& s : sentences) any_long |= s.end - s.start > kMaxSentenceBytes;
  if (!any_long) return sentences;
  std::vector<Span> out;
  out.reserve(sentences.size() + text.size() / kMaxSentenceBytes);
  for (const Span& s : sentences) {
    size_t start = s.start;
    while (s.end - start > kMaxSentenceBytes) {
      absl::string_view window = text.substr(start, kMaxSentenceBytes);
      size_t cut = 0;
      for (absl::string_view mark : {",", "，", "、", " "}) {
        size_t p = window.rfind(mark);
        if (p != absl::string_view::npos && p + mark.size() > cut) cut = p + mark.size();
      }
      if (cut < kMaxSentenceBytes / 2) {
        cut = kMaxSentenceBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[start + cut]) & 0xC0) == 0x80) --cut;
      }
      out.push_back({start, start + cut});
      start += cut;
    }
    out.push_back({start, s.end});
  }
  return out;
}

}  // namespace

std::vector<Span> SplitSentences(absl::string_view text) {
  std::vector<Span> sentences;
  sentences.reserve(text.size() / 64);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t start = 0;
  // Every terminator is ASCII (\n ! ? ;) or ends in 80 82 (。 is E3 80 82)
  // or BC 81/9F/9B (！？； are EF BC 81/9F/9B): candidates are found by
  // their last two bytes and confirmed by the byte before them.
  auto at = [&](size_t j) {
    unsigned char c = s[j];
    if (c == '\n') {
      if (j > start) sentences.push_back({start, j});
      start = j + 1;
      return;
    }
    // A half-width '.' after a Chinese character ends a sentence on pages
    // typed with half-width punctuation ("查处6起.全县..."); between digits
    // (1.2万), in a heading number (3.) or a web address it does not.
    bool ends =
        c == '!' || c == '?' || c == ';' ||
        (c == '.' && j > 0 && s[j - 1] >= 0x80 &&
         (j + 1 >= n || s[j + 1] < '0' || s[j + 1] > '9')) ||
        (c == 0x82 && j >= 2 && s[j - 1] == 0x80 && s[j - 2] == 0xE3) ||
        ((c == 0x81 || c == 0x9F || c == 0x9B) && j >= 2 && s[j - 1] == 0xBC && s[j - 2] == 0xEF);
    if (!ends) return;
    if (j + 1 > start) sentences.push_back({start, j + 1});
    start = j + 1;
  };
  size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time: most blocks hold no candidate at all.
  auto eq = [](__m128i block, int byte) {
    return _mm_cmpeq_epi8(block, _mm_set1_epi8(static_cast<char>(byte)));
  };
  if (n >= 17) {
    // The blocks start at byte 1 so that each has the byte before it.
    if (s[0] == '\n' || s[0] == '!' || s[0] == '?' || s[0] == ';') at(0);
    i = 1;
  }
  for (; n >= 17 && i + 16 <= n; i += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i - 1));
    __m128i ascii = _mm_or_si128(_mm_or_si128(_mm_or_si128(eq(block, '\n'), eq(block, '!')),
                                              _mm_or_si128(eq(block, '?'), eq(block, ';'))),
                                 eq(block, '.'));
    __m128i full_stop = _mm_and_si128(eq(block, 0x82), eq(before, 0x80));
    __m128i full_width =
        _mm_and_si128(_mm_or_si128(_mm_or_si128(eq(block, 0x81), eq(block, 0x9F)), eq(block, 0x9B)),
                      eq(before, 0xBC));
    __m128i hit = _mm_or_si128(ascii, _mm_or_si128(full_stop, full_width));
    for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0;
         mask &= mask - 1) {
      at(i + static_cast<size_t>(__builtin_ctz(mask)));
    }
  }
#endif
  for (; i < n; ++i) {
    unsigned char c = s[i];
    if (c == '\n' || c == '!' || c == '?' || c == ';' || c == '.' || c == 0x82 || c == 0x81 ||
        c == 0x9F || c == 0x9B) {
      at(i);
    }
  }
  if (start < n) sentences.push_back({start, n});
  return CutLongSentences(text, std::move(sentences));
}

std::optional<Heading> ParseHeading(absl::string_view line) {
  Heading h;
  // "第一部分 主要举措": the part mark, then an optional separator.
  if (HasAt(line, 0, "第")) {
    if (size_t n = ChineseNumeralRun(line, 3); n > 0 && HasAt(line, 3 + n, "部分")) {
      size_t marker = 3 + n + 6;
      for (absl::string_view sep : {" ", "、", ":", "："}) {
        if (HasAt(line, marker, sep)) {
          marker += sep.size();
          break;
        }
      }
      h = {1, marker, {}};
    }
  } else if (size_t n = ChineseNumeralRun(line, 0); n > 0) {
    if (HasAt(line, n, "、")) {
      h = {1, n + 3, {}};
    } else if (HasAt(line, n, ".")) {  // "一." and the folded "一．"
      h = {1, n + 1, {}};
    } else if (HasAt(line, n, "是")) {
      h = {5, n + 3, {}};
    }
  } else if (HasAt(line, 0, "(")) {
    if (size_t n = ChineseNumeralRun(line, 1); n > 0 && HasAt(line, 1 + n, ")")) {
      h = {2, n + 2, {}};
    } else if (size_t d = AsciiDigitRun(line, 1); d > 0 && HasAt(line, 1 + d, ")")) {
      h = {4, d + 2, {}};
    }
  } else if (size_t d = AsciiDigitRun(line, 0); d > 0) {
    if (HasAt(line, d, "、")) {
      h = {3, d + 3, {}};
    } else if (HasAt(line, d, ".") &&
               !(d + 1 < line.size() && line[d + 1] >= '0' && line[d + 1] <= '9')) {
      h = {3, d + 1, {}};
    }
  }
  if (h.level == 0) return std::nullopt;
  absl::string_view rest = line.substr(h.marker_bytes);
  size_t stop = rest.find("。");
  h.title = stop == absl::string_view::npos ? rest : rest.substr(0, stop);
  return h;
}

}  // namespace fazhi::text
