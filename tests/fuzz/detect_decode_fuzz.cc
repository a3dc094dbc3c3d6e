// formats::ExtractText over arbitrary bytes, as fazhi-extract and the CLI
// call it for whatever a client sends: container detection, the decoders
// (UTF-8, UTF-16, GB18030), and the HTML, DOCX and PDF readers behind them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/formats/formats.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fazhi::fuzz::IsUtf8;
  absl::string_view bytes = fazhi::fuzz::Bytes(data, size);
  std::string container = fazhi::formats::DetectContainer(bytes);
  absl::StatusOr<fazhi::formats::ExtractedText> doc = fazhi::formats::ExtractText(bytes);
  if (!doc.ok()) {
    // Refusals are the client's problem, told in words; FAILED_PRECONDITION
    // is a PDF module that is not installed.
    absl::StatusCode code = doc.status().code();
    FAZHI_FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument ||
                     code == absl::StatusCode::kResourceExhausted ||
                     code == absl::StatusCode::kFailedPrecondition);
    FAZHI_FUZZ_CHECK(!doc.status().message().empty());
    return 0;
  }
  // The engine normalises this text next, and Normalize REQUIRES UTF-8.
  FAZHI_FUZZ_CHECK(IsUtf8(doc->text));
  FAZHI_FUZZ_CHECK(!doc->text.empty());
  FAZHI_FUZZ_CHECK(!doc->encoding.empty());
  if (container == "pdf") {
    FAZHI_FUZZ_CHECK(doc->format == "pdf");
  } else if (container == "zip") {
    FAZHI_FUZZ_CHECK(doc->format == "docx");
  } else {
    FAZHI_FUZZ_CHECK(container == "text");
    FAZHI_FUZZ_CHECK(doc->format == "text" || doc->format == "markdown" || doc->format == "html");
  }
  if (doc->format == "html") FAZHI_FUZZ_CHECK(!fazhi::fuzz::IsBlank(doc->text));
  return 0;
}
