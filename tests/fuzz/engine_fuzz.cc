// The whole engine, Extractor::Extract, on a document whose content is the
// input: formats, traditional script, normalisation, entity and region
// against the gazetteer, sections, the indicator catalog, fingerprints.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/strings/match.h"
#include "common/engine/engine.h"
#include "common/gazetteer/gazetteer.h"
#include "tests/fuzz/report_checks.h"

namespace {

// Built once: loading the gazetteer and the catalog costs milliseconds,
// and the service builds them once too. The gazetteer is the build's
// (share/fazhi/ beside the binary's folder), as the services load it.
const fazhi::engine::Extractor& TheExtractor() {
  static const fazhi::engine::Extractor* extractor = [] {
    auto gazetteer = fazhi::gazetteer::Gazetteer::Load(fazhi::gazetteer::DefaultIndexPath());
    FAZHI_FUZZ_CHECK(gazetteer.ok());
    auto created = fazhi::engine::Extractor::Create(gazetteer->release());
    FAZHI_FUZZ_CHECK(created.ok());
    return created->release();
  }();
  return *extractor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fazhi::v1::Document document;
  document.set_source("fuzz");
  document.set_content(data, size);
  // The decoder as the engine's default, watched: the original offsets of
  // evidence point into the decoded text, whose size only it knows.
  bool decoded = false;
  size_t decoded_size = 0;
  fazhi::engine::ExtractOptions options;
  options.include_normalized_text = true;
  options.decode = [&](absl::string_view bytes) {
    absl::StatusOr<fazhi::formats::ExtractedText> text = fazhi::formats::ExtractText(bytes);
    if (text.ok()) {
      decoded = true;
      decoded_size = text->text.size();
    }
    return text;
  };
  absl::StatusOr<fazhi::v1::ParsedReport> report = TheExtractor().Extract(document, options);
  if (!report.ok()) {
    FAZHI_FUZZ_CHECK(!report.status().message().empty());
    // A document refused names its source (engine.h).
    if (!decoded) FAZHI_FUZZ_CHECK(absl::StartsWith(report.status().message(), "fuzz: "));
    return 0;
  }
  FAZHI_FUZZ_CHECK(decoded);
  FAZHI_FUZZ_CHECK(report->source() == "fuzz");
  fazhi::fuzz::CheckReport(*report, decoded_size);
  return 0;
}
