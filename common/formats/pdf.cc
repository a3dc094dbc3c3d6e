// PDF text: pages in order (read by the PDF module, pdf_pages.h), running
// headers/footers and page numbers dropped, so that a sentence split by a
// page break is one sentence again once the normaliser joins the lines.
#include <dlfcn.h>

#include <map>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/base/install_paths.h"
#include "common/formats/formats.h"
#include "common/formats/pdf_pages.h"
#include "common/text/segment.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace fazhi::formats {
namespace {

// The module's entry point, or why it cannot be had; loaded once.
struct PdfModule {
  ReadPdfPagesFunction read = nullptr;
  std::string error;
};

const PdfModule& LoadedPdfModule() {
  static const PdfModule* module = [] {
    auto* m = new PdfModule();
    absl::StatusOr<ReadPdfPagesFunction> read = LoadPdfModule(DefaultPdfModulePath());
    if (read.ok()) {
      m->read = *read;
    } else {
      m->error = std::string(read.status().message());
    }
    return m;
  }();
  return *module;
}

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

std::string DefaultPdfModulePath() { return InstalledPath("lib/fazhi/fazhi_pdf.so"); }

absl::StatusOr<ReadPdfPagesFunction> LoadPdfModule(const std::string& path) {
  // Kept loaded for the life of the process: the function stays callable.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return absl::FailedPreconditionError(absl::StrCat("PDF support is not installed: cannot load ",
                                                      path, " (",
                                                      why != nullptr ? why : "unknown error", ")"));
  }
  void* entry = dlsym(handle, kReadPdfPagesSymbol);
  if (entry == nullptr) {
    dlclose(handle);
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not fazhi's PDF module (no ", kReadPdfPagesSymbol, ")"));
  }
  return reinterpret_cast<ReadPdfPagesFunction>(entry);
}

absl::StatusOr<ExtractedText> ExtractPdf(absl::string_view bytes, const Limits& limits) {
  const PdfModule& module = LoadedPdfModule();
  if (module.read == nullptr) return absl::FailedPreconditionError(module.error);
  PdfPages read;
  module.read(bytes.data(), bytes.size(), limits.max_pdf_pages, limits.max_unpacked_bytes, &read);
  switch (read.outcome) {
    case PdfPages::Outcome::kRead:
      break;
    case PdfPages::Outcome::kDamaged:
      return absl::InvalidArgumentError("PDF is damaged or truncated and cannot be read");
    case PdfPages::Outcome::kLocked:
      return absl::InvalidArgumentError("PDF is password-protected; fazhi needs an open PDF");
    case PdfPages::Outcome::kTooManyPages:
      return absl::ResourceExhaustedError(
          absl::StrCat("PDF has ", read.page_count, " pages; the limit is ", limits.max_pdf_pages));
    case PdfPages::Outcome::kTooMuchText:
      return absl::ResourceExhaustedError(
          absl::StrCat("PDF text exceeds the limit of ", limits.max_unpacked_bytes, " bytes"));
  }
  std::vector<std::vector<std::string>> page_lines;
  for (const std::string& text : read.pages) {
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
  std::vector<size_t> kept_page;  // the page of each kept line
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
      kept_page.push_back(p);
    }
  }
  // PDF lines are physical lines: a full line that does not end a sentence
  // goes on in the next one (across a page break too, once the header and
  // page number between them are gone). Headings and short lines (titles,
  // signatures) stand alone.
  out.part_kind = "page";
  for (size_t k = 0; k < kept.size(); ++k) {
    while (out.part_starts.size() <= kept_page[k]) {
      out.part_starts.push_back(static_cast<int64_t>(out.text.size()));
    }
    out.text += kept[k];
    if (k + 1 == kept.size()) break;
    bool joins = text::CodePointCount(kept[k]) >= kFullLineChars && !EndsSentence(kept[k]) &&
                 !text::ParseHeading(kept[k + 1]).has_value();
    if (!joins) out.text += '\n';
  }
  while (out.part_starts.size() < page_lines.size()) {
    out.part_starts.push_back(static_cast<int64_t>(out.text.size()));
  }
  if (absl::StripAsciiWhitespace(out.text).empty()) {
    // A scan is pictures only; a PDF that uses fonts, or that poppler had
    // to repair, had text that could not be read: call it damaged, so that
    // nobody rescans a report that only needs a fresh download.
    if (read.read_errors > 0 || read.fonts > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "PDF is damaged: its text could not be read (", read.read_errors, " read errors, ",
          read.fonts, " fonts); a fresh copy of the file, or the text itself, is needed"));
    }
    return absl::InvalidArgumentError(
        "PDF has no text layer (a scan?); fazhi needs a PDF with text, or the text itself");
  }
  if (running > 0)
    out.warnings.push_back(absl::StrCat("dropped ", running, " running header/footer lines"));
  if (numbers > 0) out.warnings.push_back(absl::StrCat("dropped ", numbers, " page-number lines"));
  return out;
}

}  // namespace fazhi::formats
