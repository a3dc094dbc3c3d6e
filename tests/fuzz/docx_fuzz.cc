// formats::ExtractDocx (libzip, pugixml, the body walk, the depth guard).
// An input that is a ZIP is read as it is: the archive side. Anything else
// is taken as word/document.xml and packed into a DOCX first: the XML side,
// which mutated archives seldom reach, since a changed byte inside a member
// fails its CRC.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "common/formats/formats.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// A DOCX with `xml` as its document part (as tests/support/documents.cc
// writes them, without pulling test support into the fuzz build).
std::string PackDocx(absl::string_view xml) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* sink = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(sink);
  zip_t* archive = zip_open_from_source(sink, ZIP_TRUNCATE, &error);
  FAZHI_FUZZ_CHECK(archive != nullptr);
  // Not copied: zip_close below writes the archive while `xml` is alive.
  zip_source_t* part = zip_source_buffer(archive, xml.data(), xml.size(), 0);
  FAZHI_FUZZ_CHECK(zip_file_add(archive, "word/document.xml", part, ZIP_FL_ENC_UTF_8) >= 0);
  FAZHI_FUZZ_CHECK(zip_close(archive) == 0);
  std::string bytes;
  FAZHI_FUZZ_CHECK(zip_source_open(sink) == 0);
  zip_source_seek(sink, 0, SEEK_END);
  bytes.resize(static_cast<size_t>(zip_source_tell(sink)));
  zip_source_seek(sink, 0, SEEK_SET);
  FAZHI_FUZZ_CHECK(zip_source_read(sink, bytes.data(), bytes.size()) ==
                   static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(sink);
  zip_source_free(sink);
  zip_error_fini(&error);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input = fazhi::fuzz::Bytes(data, size);
  std::string packed;
  if (!absl::StartsWith(input, "PK")) {
    packed = PackDocx(input);
    input = packed;
  }
  absl::StatusOr<fazhi::formats::ExtractedText> doc =
      fazhi::formats::ExtractDocx(input, fazhi::formats::Limits());
  if (!doc.ok()) {
    absl::StatusCode code = doc.status().code();
    FAZHI_FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument ||
                     code == absl::StatusCode::kResourceExhausted);
    return 0;
  }
  FAZHI_FUZZ_CHECK(doc->format == "docx");
  FAZHI_FUZZ_CHECK(!fazhi::fuzz::IsBlank(doc->text));
  // The engine normalises this text next, and Normalize REQUIRES UTF-8.
  FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(doc->text));
  return 0;
}
