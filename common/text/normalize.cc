#include "common/text/normalize.h"

#include <algorithm>

#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

// One character of text with the input offset it came from. Passes work on
// vectors of these so that the offset map survives every rewrite.
struct Unit {
  char32_t cp;
  // Documents are limited far below 4 GiB; 32 bits halve the memory.
  uint32_t original;
};
using Units = std::vector<Unit>;

bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0; }

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

// Pass 1: per-character folding, CR handling, Markdown emphasis.
Units Fold(absl::string_view utf8) {
  Units out;
  out.reserve(utf8.size() / 2);
  for (size_t i = 0; i < utf8.size();) {
    int len;
    char32_t cp = DecodeAt(utf8, i, &len);
    uint32_t at = static_cast<uint32_t>(i);
    i += len;
    if (cp == '\r') {
      if (i < utf8.size() && utf8[i] == '\n') continue;
      cp = '\n';
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\f') cp = ' ';
    if (cp == 0xFEFF || cp == 0x200B) continue;  // BOM, zero-width space
    // Markdown emphasis: ** and __ (single * or _ can be real text).
    if ((cp == '*' || cp == '_') && i < utf8.size() && utf8[i] == static_cast<char>(cp)) {
      ++i;
      continue;
    }
    out.push_back({cp, at});
  }
  return out;
}

// Pass 2 (per line): trim, drop Markdown heading marks, fix spaces.
// Cleans line[begin, end) into *out_line (cleared first).
void CleanLine(const Units& line, size_t begin, size_t end, Units* out_line) {
  Units& out = *out_line;
  out.clear();
  while (begin < end && IsSpace(line[begin].cp)) ++begin;
  while (end > begin && IsSpace(line[end - 1].cp)) --end;
  // Markdown heading marks: "### heading".
  size_t hashes = begin;
  while (hashes < end && line[hashes].cp == '#') ++hashes;
  if (hashes > begin && hashes - begin <= 6) {
    begin = hashes;
    while (begin < end && IsSpace(line[begin].cp)) ++begin;
  }
  for (size_t i = begin; i < end; ++i) {
    if (!IsSpace(line[i].cp)) {
      out.push_back(line[i]);
      continue;
    }
    size_t run_end = i;
    while (run_end < end && IsSpace(line[run_end].cp)) ++run_end;
    char32_t before = out.empty() ? 0 : out.back().cp;
    char32_t after = run_end < end ? line[run_end].cp : 0;
    bool around_chinese = IsCjkContext(before) || IsCjkContext(after);
    // Wide gaps separate fields in titles and signatures ("党工委  办事处"):
    // keep one space there so that the fields stay apart.
    bool wide_gap = run_end - i >= 2 && IsHan(before) && IsHan(after);
    if (!around_chinese || wide_gap) out.push_back({' ', line[i].original});
    i = run_end - 1;
  }
}

bool StartsLikeHeading(const Units& line) {
  if (line.empty()) return false;
  char32_t first = line[0].cp;
  if (first == '(') return true;
  if (first == U'第' && line.size() > 1 && IsChineseNumeral(line[1].cp)) return true;
  if (IsChineseNumeral(first) && line.size() > 1 && (line[1].cp == 0x3001 || line[1].cp == U'是')) {
    return true;
  }
  if (IsAsciiDigit(first)) {
    size_t k = 0;
    while (k < line.size() && IsAsciiDigit(line[k].cp)) ++k;
    return k < line.size() && k <= 2 && (line[k].cp == '.' || line[k].cp == 0x3001);
  }
  return false;
}

bool EndsSentence(char32_t cp) {
  return cp == 0x3002 /*。*/ || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == ')' ||
         cp == 0x201D /*”*/ || cp == '.';
}

// A line that stops mid-sentence and is followed (maybe after blank lines,
// as at a PDF page break) by its continuation.
bool ShouldJoin(const Units& line, const Units& next) {
  if (line.empty() || next.empty()) return false;
  if (StartsLikeHeading(next)) return false;
  char32_t last = line.back().cp;
  if (IsContinuationPunct(last)) return true;
  // A long line of prose that ends on a character, not punctuation:
  // typical of a hard-wrapped page. Short lines are titles and headings.
  return !StartsLikeHeading(line) && line.size() >= 30 && IsHan(last) && IsHan(next[0].cp) &&
         !EndsSentence(last);
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

NormalizedText Normalize(absl::string_view utf8) {
  Units units = Fold(utf8);
  NormalizedText out;
  out.text.reserve(utf8.size());
  out.original_size = static_cast<int64_t>(utf8.size());
  int64_t last_original = 0;
  // A new anchor only where the input offset stops advancing in step.
  auto emit = [&](char32_t cp, int64_t original) {
    int64_t at = static_cast<int64_t>(out.text.size());
    if (out.anchors.empty() ||
        out.anchors.back().original + (at - out.anchors.back().normalized) != original) {
      out.anchors.push_back({at, original});
    }
    last_original = original;
    AppendUtf8(cp, &out.text);
  };
  // Lines are cleaned one by one into `line`; `paragraph` collects lines
  // that continue each other until a line that does not.
  Units line;
  Units paragraph;
  int blanks = 0;            // blank lines since the last non-empty one
  int paragraph_blanks = 0;  // blank lines before `paragraph`
  auto flush = [&]() {
    if (paragraph.empty()) return;
    if (!out.text.empty()) {
      emit('\n', last_original);
      if (paragraph_blanks > 0) emit('\n', last_original);
    }
    for (const Unit& u : paragraph) emit(u.cp, u.original);
    paragraph.clear();
  };
  size_t begin = 0;
  for (size_t i = 0; i <= units.size(); ++i) {
    if (i < units.size() && units[i].cp != '\n') continue;
    CleanLine(units, begin, i, &line);
    begin = i + 1;
    if (line.empty()) {
      ++blanks;
      continue;
    }
    if (!paragraph.empty() && blanks <= 3 && ShouldJoin(paragraph, line)) {
      paragraph.insert(paragraph.end(), line.begin(), line.end());
    } else {
      flush();
      paragraph_blanks = blanks;
      paragraph.swap(line);
    }
    blanks = 0;
  }
  flush();
  return out;
}

}  // namespace fazhi::text
