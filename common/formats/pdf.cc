// PDF text through poppler-cpp: pages in order, running headers/footers
// and page numbers dropped, so that a sentence split by a page break is
// one sentence again once the normaliser joins the lines.
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/formats/formats.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "poppler/cpp/poppler-document.h"
#include "poppler/cpp/poppler-global.h"
#include "poppler/cpp/poppler-page.h"
#include "re2/re2.h"

namespace fazhi::formats {
namespace {

// Poppler reports damaged files on stderr; the caller gets a Status
// instead.
void Quiet(const std::string&, void*) {}

// "- 3 -", "第3页", "3/12", "Page 3": a line that only numbers the page.
bool IsPageNumber(absl::string_view line) {
  static const RE2 kPage(
      R"(^[\s\-—–·]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[\s\-—–·]*$)"
      R"(|^(?i:page)\s*\d{1,4}(?:\s*of\s*\d+)?$)");
  return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), kPage);
}

// Chinese PDF body lines on A4 hold 30-40 characters; a line this long is
// full, not the last line of its paragraph.
constexpr size_t kFullLineChars = 25;

bool EndsSentence(absl::string_view line) {
  for (absl::string_view end : {"。", "！", "？", "；", "：", "!", "?", ";", ":", "”"}) {
    if (absl::EndsWith(line, end)) return true;
  }
  return false;
}

// Lines with their digits masked, so "第3页 XX报告" and "第4页 XX报告" match.
std::string Shape(absl::string_view line) {
  std::string shape(absl::StripAsciiWhitespace(line));
  for (char& c : shape) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) c = '#';
  }
  return shape;
}

}  // namespace

absl::StatusOr<ExtractedText> ExtractPdf(absl::string_view bytes, const Limits& limits) {
  poppler::set_debug_error_function(Quiet, nullptr);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (doc == nullptr) {
    return absl::InvalidArgumentError("PDF is damaged or truncated and cannot be read");
  }
  if (doc->is_locked()) {
    return absl::InvalidArgumentError("PDF is password-protected; fazhi needs an open PDF");
  }
  int pages = doc->pages();
  if (pages > limits.max_pdf_pages) {
    return absl::ResourceExhaustedError(
        absl::StrCat("PDF has ", pages, " pages; the limit is ", limits.max_pdf_pages));
  }
  std::vector<std::vector<std::string>> page_lines;
  int64_t total = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page == nullptr) continue;
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
    std::string text(utf8.begin(), utf8.end());
    total += static_cast<int64_t>(text.size());
    if (total > limits.max_unpacked_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("PDF text exceeds the limit of ", limits.max_unpacked_bytes, " bytes"));
    }
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(text, absl::ByAnyChar("\n\f"))) {
      absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(line);
      if (!absl::StripAsciiWhitespace(trimmed).empty()) lines.emplace_back(trimmed);
    }
    page_lines.push_back(std::move(lines));
  }
  ExtractedText out;
  out.format = "pdf";
  out.encoding = "utf-8";
  // Running headers and footers: the first and last two lines of a page
  // that recur (digits aside) on at least half of the pages.
  std::map<std::string, int> edge_counts;
  for (const auto& lines : page_lines) {
    for (size_t k = 0; k < lines.size(); ++k) {
      if (k < 2 || k + 2 >= lines.size()) ++edge_counts[Shape(lines[k])];
    }
  }
  int running = 0, numbers = 0;
  std::vector<std::string> kept;
  for (size_t p = 0; p < page_lines.size(); ++p) {
    const auto& lines = page_lines[p];
    for (size_t k = 0; k < lines.size(); ++k) {
      bool edge = k < 2 || k + 2 >= lines.size();
      if (edge && IsPageNumber(lines[k])) {
        ++numbers;
        continue;
      }
      // The first page keeps its header: there it is usually the title.
      if (edge && p > 0 && page_lines.size() >= 2 && edge_counts[Shape(lines[k])] >= 2 &&
          edge_counts[Shape(lines[k])] * 2 >= static_cast<int>(page_lines.size())) {
        ++running;
        continue;
      }
      kept.push_back(lines[k]);
    }
  }
  // PDF lines are physical lines: a full line that does not end a sentence
  // goes on in the next one (across a page break too, once the header and
  // page number between them are gone). Headings and short lines (titles,
  // signatures) stand alone.
  for (size_t k = 0; k < kept.size(); ++k) {
    out.text += kept[k];
    if (k + 1 == kept.size()) break;
    bool joins = text::CodePointCount(kept[k]) >= kFullLineChars && !EndsSentence(kept[k]) &&
                 !text::ParseHeading(kept[k + 1]).has_value();
    if (!joins) out.text += '\n';
  }
  if (absl::StripAsciiWhitespace(out.text).empty()) {
    return absl::InvalidArgumentError(
        "PDF has no text layer (a scan?); fazhi needs a PDF with text, or the text itself");
  }
  if (running > 0)
    out.warnings.push_back(absl::StrCat("dropped ", running, " running header/footer lines"));
  if (numbers > 0) out.warnings.push_back(absl::StrCat("dropped ", numbers, " page-number lines"));
  return out;
}

}  // namespace fazhi::formats
