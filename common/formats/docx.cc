// DOCX text through libzip and pugixml: the paragraphs of
// word/document.xml in order, each table row as one line of cells. The
// part's size is checked before and while it is read: a zip bomb stops at
// the limit.
#include <zip.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/formats/formats.h"
#include "common/text/utf8.h"
#include "pugixml.hpp"

namespace fazhi::formats {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

void AppendRun(const pugi::xml_node& node, std::string* out);

// Text of a paragraph: w:t runs, tabs and breaks.
void AppendRun(const pugi::xml_node& node, std::string* out) {
  for (pugi::xml_node child : node.children()) {
    std::string name = child.name();
    if (name == "w:t") {
      out->append(child.text().get());
    } else if (name == "w:tab") {
      out->push_back('\t');
    } else if (name == "w:br" || name == "w:cr") {
      out->push_back('\n');
    } else if (name == "w:instrText" || name == "w:delText") {
      continue;  // field codes and deleted text are not content
    } else {
      AppendRun(child, out);
    }
  }
}

// Appends the paragraphs and tables under `node`; with `starts`, where each
// of its paragraphs begins in `out` (a table row counts as one).
void AppendBlock(const pugi::xml_node& node, std::string* out,
                 std::vector<int64_t>* starts = nullptr) {
  for (pugi::xml_node child : node.children()) {
    std::string name = child.name();
    if (name == "w:p") {
      if (starts != nullptr) starts->push_back(static_cast<int64_t>(out->size()));
      AppendRun(child, out);
      out->push_back('\n');
    } else if (name == "w:tbl") {
      for (pugi::xml_node row : child.children("w:tr")) {
        if (starts != nullptr) starts->push_back(static_cast<int64_t>(out->size()));
        bool first = true;
        for (pugi::xml_node cell : row.children("w:tc")) {
          std::string text;
          AppendBlock(cell, &text);
          while (!text.empty() && text.back() == '\n') text.pop_back();
          for (char& c : text) {
            if (c == '\n') c = ' ';
          }
          if (!first) out->push_back('\t');
          out->append(text);
          first = false;
        }
        out->push_back('\n');
      }
    } else if (name == "w:sdt" || name == "w:sdtContent" || name == "w:customXml") {
      AppendBlock(child, out, starts);
    }
  }
}

// How deep the part's elements nest, walked without recursion: the walks
// below descend recursively, and a 7 KB part can nest 60 000 elements.
size_t NestingDepth(const pugi::xml_node& root) {
  size_t depth = 0, deepest = 0;
  pugi::xml_node node = root.first_child();
  if (!node) return 0;
  depth = 1;
  while (node) {
    deepest = std::max(deepest, depth);
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      --depth;
      if (node == root) return deepest;
    }
    if (node) node = node.next_sibling();
  }
  return deepest;
}

}  // namespace

absl::StatusOr<ExtractedText> ExtractDocx(absl::string_view bytes, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return absl::InvalidArgumentError("ZIP data cannot be read");
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (archive == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return absl::InvalidArgumentError("document is a damaged or truncated ZIP/DOCX archive");
  }
  zip_error_fini(&error);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive.get(), "word/document.xml", 0, &stat) != 0) {
    if (zip_name_locate(archive.get(), "OFD.xml", ZIP_FL_NOCASE) >= 0) {
      return absl::InvalidArgumentError(
          "document is an OFD file (GB/T 33190 fixed layout), which fazhi does not read; export "
          "it to PDF");
    }
    if (zip_name_locate(archive.get(), "content.xml", 0) >= 0 &&
        zip_name_locate(archive.get(), "mimetype", 0) >= 0) {
      return absl::InvalidArgumentError(
          "document is an OpenDocument file (.odt); save it as DOCX or PDF");
    }
    return absl::InvalidArgumentError(
        "document is a ZIP archive but not a DOCX (no word/document.xml); fazhi accepts plain "
        "text or Markdown, HTML, PDF with a text layer, and DOCX");
  }
  if ((stat.valid & ZIP_STAT_SIZE) && static_cast<int64_t>(stat.size) > limits.max_unpacked_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("DOCX text part unpacks to ", stat.size,
                                                     " bytes; the limit is ",
                                                     limits.max_unpacked_bytes));
  }
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen(archive.get(), "word/document.xml", 0));
  if (file == nullptr) return absl::InvalidArgumentError("DOCX text part cannot be opened");
  std::string xml;
  char buffer[1 << 16];
  while (true) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof(buffer));
    if (n < 0) return absl::InvalidArgumentError("DOCX text part is damaged");
    if (n == 0) break;
    xml.append(buffer, static_cast<size_t>(n));
    // The declared size can lie; stop at the limit whatever it said.
    if (static_cast<int64_t>(xml.size()) > limits.max_unpacked_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "DOCX text part unpacks beyond the limit of ", limits.max_unpacked_bytes, " bytes"));
    }
  }
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return absl::InvalidArgumentError(
        absl::StrCat("DOCX text part is not well-formed XML: ", parsed.description()));
  }
  if (size_t depth = NestingDepth(doc); depth > static_cast<size_t>(limits.max_nesting_depth)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "DOCX text part nests elements ", depth, " deep; the limit is ", limits.max_nesting_depth));
  }
  pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) return absl::InvalidArgumentError("DOCX has no w:body");
  ExtractedText out;
  out.format = "docx";
  out.encoding = "utf-8";
  AppendBlock(body, &out.text, &out.part_starts);
  out.part_kind = "paragraph";
  // pugixml passes bytes through as they are: a part that says it is UTF-8
  // and is not (a stray byte, GBK under a UTF-8 declaration, &#xD800;)
  // would reach the normaliser, which requires UTF-8, and the reply, whose
  // proto3 strings must be UTF-8. Such a part is not well-formed XML.
  if (size_t bad = text::FirstInvalidUtf8(out.text); bad != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "DOCX text part is not well-formed XML: its text is not valid UTF-8 (byte ", bad, ")"));
  }
  if (out.text.find_first_not_of(" \n\t") == std::string::npos) {
    return absl::InvalidArgumentError("DOCX holds no text");
  }
  return out;
}

}  // namespace fazhi::formats
