#include "common/text/normalize.h"

#include <algorithm>
#include <cstring>

#include "common/text/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace fazhi::text {
namespace {

using Anchor = NormalizedText::Anchor;

// Characters after which a line cannot end a paragraph.
bool IsContinuationPunct(char32_t cp) {
  return cp == 0x3001 /*、*/ || cp == ',' || cp == 0xFF0C || cp == '(' || cp == 0x201C /*“*/ ||
         cp == 0x300A /*《*/ || cp == '-' || cp == 0x2014 /*—*/;
}

bool IsCjkContext(char32_t cp) {
  return IsHan(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == ',' || cp == '(' ||
         cp == ')' || cp == ':' || cp == ';' || cp == '%';
}

bool IsChineseNumeral(char32_t cp) {
  return cp == U'一' || cp == U'二' || cp == U'三' || cp == U'四' || cp == U'五' || cp == U'六' ||
         cp == U'七' || cp == U'八' || cp == U'九' || cp == U'十';
}

bool EndsSentence(char32_t cp) {
  return cp == 0x3002 /*。*/ || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == ')' ||
         cp == 0x201D /*”*/ || cp == '.';
}

// The first characters of a line or paragraph: enough to tell a heading.
struct Head {
  char32_t cp[4] = {};
  size_t n = 0;
  void Add(char32_t c) {
    if (n < 4) cp[n++] = c;
  }
};

bool StartsLikeHeading(const Head& head) {
  if (head.n == 0) return false;
  char32_t first = head.cp[0];
  if (first == '(') return true;
  if (first == U'第' && head.n > 1 && IsChineseNumeral(head.cp[1])) return true;
  if (IsChineseNumeral(first) && head.n > 1 && (head.cp[1] == 0x3001 || head.cp[1] == U'是')) {
    return true;
  }
  if (IsAsciiDigit(first)) {
    size_t k = 0;
    while (k < head.n && IsAsciiDigit(head.cp[k])) ++k;
    return k < head.n && k <= 2 && (head.cp[k] == '.' || head.cp[k] == 0x3001);
  }
  return false;
}

// What folding makes of one input character.
enum class Fold { kCopy, kChanged, kSpace, kDrop };
struct Folded {
  Fold kind;
  char32_t cp;  // the character after folding
  int length;   // input bytes consumed
};

// Full-width forms fold to ASCII, the space-like characters to a space;
// BOMs, zero-width spaces and Markdown emphasis marks (** __; a single * or
// _ can be real text) vanish.
inline Folded FoldAt(const unsigned char* s, size_t i, size_t end) {
  unsigned char c = s[i];
  if (c < 0x80) {
    if (c == ' ' || c == '\t' || c == '\f') return {Fold::kSpace, ' ', 1};
    if ((c == '*' || c == '_') && i + 1 < end && s[i + 1] == c) return {Fold::kDrop, 0, 2};
    return {Fold::kCopy, c, 1};
  }
  int length;
  char32_t cp = DecodeAt(absl::string_view(reinterpret_cast<const char*>(s), end), i, &length);
  if (cp >= 0xFF01 && cp <= 0xFF5E) {
    cp -= 0xFEE0;
    if ((cp == '*' || cp == '_') && i + length < end && s[i + length] == cp) {
      return {Fold::kDrop, 0, length + 1};
    }
    return {Fold::kChanged, cp, length};
  }
  if (cp == 0x3000 || cp == 0xA0) return {Fold::kSpace, ' ', length};
  if (cp == 0xFEFF || cp == 0x200B) return {Fold::kDrop, 0, length};
  return {Fold::kCopy, cp, length};
}

// Byte length of a character that folding never changes, by its first
// byte; 0 where the character may fold, vanish or be a space (ASCII space,
// tab, form feed, * and _, C2 for NBSP, EF for the full-width forms and the
// BOM). E2 and E3 lead both plain characters (“” 。、) and special ones
// (zero-width space, ideographic space); the caller looks further.
struct PlainTable {
  unsigned char length[256];
  constexpr PlainTable() : length() {
    for (int b = 0; b < 256; ++b) {
      length[b] = b < 0x80 ? 1 : b < 0xC2 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
    }
    // space, tab, form feed, *, _, CR, LF, NBSP lead, full-width lead
    for (int b : {0x20, 0x09, 0x0C, 0x2A, 0x5F, 0x0D, 0x0A, 0xC2, 0xEF}) length[b] = 0;
  }
};
constexpr PlainTable kPlain;

// Bits set in a 16-bit mask. A table, because __builtin_popcount is a
// library call on baseline x86-64 (no POPCNT instruction assumed).
inline size_t PopCount16(unsigned mask) {
  static constexpr struct Table {
    unsigned char bits[256];
    constexpr Table() : bits() {
      for (int i = 0; i < 256; ++i) bits[i] = static_cast<unsigned char>((i & 1) + bits[i / 2]);
    }
  } kTable;
  return kTable.bits[mask & 0xFF] + kTable.bits[(mask >> 8) & 0xFF];
}

// Whether the character at `i` (led by E2 or E3) is the zero-width or the
// ideographic space; other E2/E3 characters (“” 。、) fold to themselves.
inline bool SpecialE2E3(const unsigned char* s, size_t i) {
  return (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) ||
         (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x8B);
}

// Input bytes from `i` on that folding leaves alone, up to `end`: the end
// of the run, the number of characters in it, and where its last one starts.
inline size_t PlainRun(const unsigned char* s, size_t i, size_t end, size_t* chars, size_t* last) {
  const size_t begin = i;
  size_t count = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time while no byte may need folding; E2 and E3 stop
  // the block and are looked at one by one. Characters are counted by the
  // bytes that start them (all but continuation bytes 80-BF).
  auto eq = [](__m128i v, int byte) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(byte)));
  };
  const __m128i kLastContinuation = _mm_set1_epi8(static_cast<char>(0xBF));
  while (i + 16 <= end) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(eq(v, ' '), eq(v, '\t')), _mm_or_si128(eq(v, '\f'), eq(v, '*'))),
        _mm_or_si128(_mm_or_si128(eq(v, '_'), eq(v, 0xC2)),
                     _mm_or_si128(eq(v, 0xEF), _mm_or_si128(eq(v, 0xE2), eq(v, 0xE3)))));
    unsigned stop_mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    unsigned starts =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, kLastContinuation)));
    if (stop_mask == 0) {
      count += PopCount16(starts);
      i += 16;
      continue;
    }
    unsigned at = static_cast<unsigned>(__builtin_ctz(stop_mask));
    count += PopCount16(starts & ((1u << at) - 1));
    i += at;
    if ((s[i] == 0xE2 || s[i] == 0xE3) && i + 3 <= end && !SpecialE2E3(s, i)) {
      i += 3;  // 。、“”: plain after all
      ++count;
      continue;
    }
    break;
  }
  // A block may end inside a character that its start byte counted already.
  while (i < end && (s[i] & 0xC0) == 0x80) ++i;
#endif
  // The rest (and the byte the blocks stopped at) one character at a time.
  while (i < end) {
    unsigned char c = s[i];
    size_t length = kPlain.length[c];
    if (length == 0 || i + length > end) break;
    if ((c == 0xE2 || c == 0xE3) && SpecialE2E3(s, i)) break;
    i += length;
    ++count;
  }
  if (i > begin) {
    size_t j = i - 1;
    while (j > begin && (s[j] & 0xC0) == 0x80) --j;
    *last = j;
  }
  *chars = count;
  return i;
}

// One cleaned line: its bytes and where they came from.
struct Line {
  std::string bytes;
  // Offset map of `bytes`, same convention as NormalizedText::anchors.
  std::vector<Anchor> anchors;
  size_t chars = 0;
  Head head;
  char32_t last = 0;
  int64_t last_end = 0;  // input offset just past the last character

  void Clear() {
    bytes.clear();
    anchors.clear();
    chars = 0;
    head = Head();
    last = 0;
  }
  void MarkOrigin(int64_t original) {
    int64_t at = static_cast<int64_t>(bytes.size());
    if (anchors.empty() || anchors.back().original + (at - anchors.back().normalized) != original) {
      anchors.push_back({at, original});
    }
  }
  // `cp` written for input bytes [original, original + length).
  void AddChar(char32_t cp, int64_t original, size_t length) {
    MarkOrigin(original);
    AppendUtf8(cp, &bytes);
    head.Add(cp);
    ++chars;
    last = cp;
    last_end = original + static_cast<int64_t>(length);
  }
  // Input bytes [from, from + length) copied unchanged; the caller counts
  // their characters.
  void AddRun(const char* input, int64_t from, size_t length) {
    MarkOrigin(from);
    bytes.append(input + from, length);
  }
};

// Cleans input line [begin, end) (no line breaks inside) into *line:
// folding, trimming, Markdown heading marks, spaces next to Chinese text.
void CleanLine(const char* input, size_t begin, size_t end, Line* line) {
  const auto* s = reinterpret_cast<const unsigned char*>(input);
  line->Clear();
  bool heading_marks_done = false;
  size_t run_start = 0;  // pending run of unchanged input bytes
  size_t run_end = 0;
  auto flush_run = [&]() {
    if (run_end > run_start)
      line->AddRun(input, static_cast<int64_t>(run_start), run_end - run_start);
    run_start = run_end = 0;
  };
  size_t spaces = 0;  // pending run of spaces inside the line
  size_t first_space = 0;
  for (size_t i = begin; i < end;) {
    // Fast path: past the first characters (a heading's marks) and outside
    // a run of spaces, whole runs of unchanged characters are taken at once.
    if (spaces == 0 && line->chars >= 4) {
      size_t chars = 0;
      size_t last = i;
      size_t run = PlainRun(s, i, end, &chars, &last);
      if (chars > 0) {
        if (run_end != i) {
          flush_run();
          run_start = i;
        }
        run_end = run;
        line->chars += chars;
        int length;
        line->last = DecodeAt(absl::string_view(input, end), last, &length);
        line->last_end = static_cast<int64_t>(last + length);
        i = run;
        if (i >= end) break;
      }
    }
    Folded f = FoldAt(s, i, end);
    if (f.kind == Fold::kDrop) {
      flush_run();
      i += f.length;
      continue;
    }
    if (f.kind == Fold::kSpace) {
      flush_run();
      if (line->chars > 0) {  // leading spaces are trimmed
        if (spaces++ == 0) first_space = i;
      }
      i += f.length;
      continue;
    }
    // "### heading": up to six marks (and the spaces after them) open a
    // Markdown heading.
    if (line->chars == 0 && !heading_marks_done && f.cp == '#') {
      heading_marks_done = true;
      size_t j = i;
      int marks = 0;
      while (j < end) {
        Folded g = FoldAt(s, j, end);
        if (g.kind != Fold::kDrop && g.cp != '#') break;
        if (g.kind != Fold::kDrop) ++marks;
        j += g.length;
      }
      if (marks <= 6) {
        i = j;
        continue;
      }
    }
    if (spaces > 0) {
      // Spaces vanish next to Chinese text ("2024 年"); wide gaps between
      // Chinese fields ("党工委  办事处") keep one space so that the fields
      // stay apart; other runs collapse to one space.
      flush_run();
      char32_t before = line->last;
      bool around_chinese = IsCjkContext(before) || IsCjkContext(f.cp);
      bool wide_gap = spaces >= 2 && IsHan(before) && IsHan(f.cp);
      if (!around_chinese || wide_gap) {
        line->AddChar(' ', static_cast<int64_t>(first_space), i - first_space);
      }
      spaces = 0;
    }
    if (f.kind == Fold::kChanged) {
      flush_run();
      line->AddChar(f.cp, static_cast<int64_t>(i), f.length);
    } else {
      if (run_end != i) {
        flush_run();
        run_start = i;
      }
      run_end = i + f.length;
      line->head.Add(f.cp);
      ++line->chars;
      line->last = f.cp;
      line->last_end = static_cast<int64_t>(i + f.length);
    }
    i += f.length;
  }
  flush_run();  // trailing spaces (still pending) are trimmed
}

// Whether a paragraph that stops mid-sentence continues on the next line
// (maybe after blank lines, as at a PDF page break).
bool ShouldJoin(const Head& paragraph_head, size_t paragraph_chars, char32_t paragraph_last,
                const Line& next) {
  if (StartsLikeHeading(next.head)) return false;
  if (IsContinuationPunct(paragraph_last)) return true;
  // A long line of prose that ends on a character, not punctuation:
  // typical of a hard-wrapped page. Short lines are titles and headings.
  return !StartsLikeHeading(paragraph_head) && paragraph_chars >= 30 && IsHan(paragraph_last) &&
         IsHan(next.head.cp[0]) && !EndsSentence(paragraph_last);
}

// Appends the cleaned line to the output, carrying its offset map over.
void Append(const Line& line, NormalizedText* out) {
  int64_t base = static_cast<int64_t>(out->text.size());
  for (const Anchor& a : line.anchors) {
    int64_t at = base + a.normalized;
    if (out->anchors.empty() ||
        out->anchors.back().original + (at - out->anchors.back().normalized) != a.original) {
      out->anchors.push_back({at, a.original});
    }
  }
  out->text.append(line.bytes);
}

void AppendBreak(int64_t original, NormalizedText* out) {
  int64_t at = static_cast<int64_t>(out->text.size());
  if (out->anchors.empty() ||
      out->anchors.back().original + (at - out->anchors.back().normalized) != original) {
    out->anchors.push_back({at, original});
  }
  out->text.push_back('\n');
}

}  // namespace

int64_t NormalizedText::OriginalOffset(size_t offset) const {
  if (offset >= text.size() || anchors.empty()) return original_size;
  auto it = std::upper_bound(
      anchors.begin(), anchors.end(), static_cast<int64_t>(offset),
      [](int64_t value, const Anchor& anchor) { return value < anchor.normalized; });
  if (it == anchors.begin()) return 0;
  --it;
  return it->original + (static_cast<int64_t>(offset) - it->normalized);
}

namespace {

// The field separators (":") on a line, counted up to two: only whether a
// line has two or more matters, and memchr finds them fastest.
size_t FieldSeparators(const std::string& bytes) {
  size_t count = 0;
  for (size_t at = bytes.find(':'); at != std::string::npos && count < 2;
       at = bytes.find(':', at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

NormalizedText Normalize(absl::string_view utf8) {
  NormalizedText out;
  out.text.reserve(utf8.size());
  out.original_size = static_cast<int64_t>(utf8.size());
  const char* input = utf8.data();
  const size_t n = utf8.size();
  // Lines are cleaned one by one and written out at once, either joined to
  // the open paragraph or as a new one after a paragraph break.
  Line line;
  Head paragraph_head;
  size_t paragraph_chars = 0;
  char32_t paragraph_last = 0;
  bool paragraph_open = false;
  // Input offset just past the last character written. A line break maps
  // there: a span that ends at the end of a line (a table row's "2件")
  // then maps to the end of its last character, not into it.
  int64_t last_end = 0;
  int blanks = 0;          // blank lines since the last non-empty one
  size_t last_colons = 0;  // field separators on the last line written
  const char* next_cr = static_cast<const char*>(std::memchr(input, '\r', n));
  for (size_t begin = 0; begin <= n;) {
    // A line ends at LF, CR LF or a lone CR.
    const char* lf = static_cast<const char*>(std::memchr(input + begin, '\n', n - begin));
    size_t end = lf != nullptr ? lf - input : n;
    if (next_cr != nullptr && next_cr < input + begin) {
      next_cr = static_cast<const char*>(std::memchr(input + begin, '\r', n - begin));
    }
    size_t next = end + 1;
    if (next_cr != nullptr && next_cr < input + end) {
      end = next_cr - input;
      next = end + 1 < n && input[end + 1] == '\n' ? end + 2 : end + 1;
    }
    CleanLine(input, begin, end, &line);
    begin = next;
    if (line.chars == 0) {
      ++blanks;
      if (end >= n) break;
      continue;
    }
    // A line of page fields ("索引号:… 发布机构:… 成文日期:…") is never
    // the start of a wrapped sentence, however long: the title below it
    // stays a line of its own.
    if (paragraph_open && blanks <= 3 && last_colons < 2 &&
        ShouldJoin(paragraph_head, paragraph_chars, paragraph_last, line)) {
      for (size_t k = 0; k < line.head.n; ++k) paragraph_head.Add(line.head.cp[k]);
      paragraph_chars += line.chars;
    } else {
      if (!out.text.empty()) {
        AppendBreak(last_end, &out);
        if (blanks > 0) AppendBreak(last_end, &out);
      }
      paragraph_open = true;
      paragraph_head = line.head;
      paragraph_chars = line.chars;
    }
    Append(line, &out);
    last_colons = FieldSeparators(line.bytes);
    paragraph_last = line.last;
    last_end = line.last_end;
    blanks = 0;
    if (end >= n) break;
  }
  return out;
}

}  // namespace fazhi::text
