#include "common/formats/formats.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/decode.h"

namespace fazhi::formats {
namespace {

constexpr char kAccepted[] =
    "fazhi accepts plain text or Markdown (UTF-8, UTF-16, GB18030/GBK), HTML, PDF "
    "with a text layer, and DOCX";

absl::Status Refuse(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("document is ", what, "; ", kAccepted));
}

bool LooksLikeMarkdown(absl::string_view text) {
  return absl::StartsWith(text, "#") || text.find("\n#") != absl::string_view::npos ||
         text.find("**") != absl::string_view::npos;
}

}  // namespace

std::string DetectContainer(absl::string_view b) {
  if (absl::StartsWith(b, "%PDF-")) return "pdf";
  if (absl::StartsWith(b, "PK\x03\x04")) return "zip";
  if (absl::StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return "ole";
  if (absl::StartsWith(b, "\x89PNG")) return "png";
  if (absl::StartsWith(b, "\xFF\xD8\xFF")) return "jpeg";
  if (absl::StartsWith(b, "GIF8")) return "gif";
  if (absl::StartsWith(b, "\x1F\x8B")) return "gzip";
  if (absl::StartsWith(b, "Rar!")) return "rar";
  if (absl::StartsWith(b, "7z\xBC\xAF")) return "7z";
  if (absl::StartsWith(b, "{\\rtf")) return "rtf";
  return "text";
}

bool LooksLikeHtml(absl::string_view utf8) {
  absl::string_view head = utf8.substr(0, 4096);
  if (head.find('<') == absl::string_view::npos) return false;  // no tag, no lowering
  std::string lower = absl::AsciiStrToLower(head);
  return lower.find("<!doctype html") != std::string::npos ||
         lower.find("<html") != std::string::npos || lower.find("<body") != std::string::npos ||
         (lower.find("<div") != std::string::npos && lower.find("</div>") != std::string::npos) ||
         (lower.find("<p>") != std::string::npos && lower.find("</p>") != std::string::npos);
}

absl::StatusOr<ExtractedText> ExtractText(absl::string_view bytes, const Limits& limits) {
  if (bytes.empty()) return absl::InvalidArgumentError("document is empty");
  std::string container = DetectContainer(bytes);
  if (container == "pdf") return ExtractPdf(bytes, limits);
  if (container == "zip") return ExtractDocx(bytes, limits);
  if (container == "ole") {
    return Refuse(
        "a legacy Word/Excel or WPS Office file (.doc/.xls/.wps/.et, OLE2); save it as DOCX or "
        "PDF");
  }
  if (container == "rtf") return Refuse("RTF");
  if (container != "text") {
    return Refuse(absl::StrCat("an image or archive (", container, ")"));
  }
  absl::StatusOr<text::DecodedText> decoded = text::DecodeToUtf8(bytes);
  if (!decoded.ok()) return decoded.status();
  ExtractedText out;
  out.encoding = decoded->encoding;
  if (LooksLikeHtml(decoded->text)) {
    out.format = "html";
    absl::StatusOr<std::string> text = HtmlToText(decoded->text, limits);
    if (!text.ok()) return text.status();
    out.text = *std::move(text);
    if (out.text.find_first_not_of(" \n\t") == std::string::npos) {
      return absl::InvalidArgumentError("HTML page holds no text");
    }
    return out;
  }
  out.format = LooksLikeMarkdown(decoded->text) ? "markdown" : "text";
  out.text = std::move(decoded->text);
  return out;
}

}  // namespace fazhi::formats
