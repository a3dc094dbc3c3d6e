// The extraction engine: one document's bytes in, a ParsedReport out.
// Thread-safe after construction; build one per process and share it.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Extractor> extractor, Extractor::Create());
//   ASSIGN_OR_RETURN(fazhi::v1::ParsedReport report,
//                    extractor->Extract(document, {}));
#ifndef FAZHI_COMMON_ENGINE_ENGINE_H_
#define FAZHI_COMMON_ENGINE_ENGINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/engine/catalog.h"
#include "common/formats/formats.h"
#include "common/gazetteer/gazetteer.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::engine {

// Ingest's default document limit too (--max_document_bytes).
inline constexpr int64_t kDefaultMaxDocumentBytes = 20 << 20;

struct ExtractOptions {
  // Fill ParsedReport.normalized_text.
  bool include_normalized_text = false;
  // How the document's bytes become text; empty: formats::ExtractText in
  // this process. Services pass a sandboxed parser (common/sandbox).
  std::function<absl::StatusOr<formats::ExtractedText>(absl::string_view)> decode;
  // The largest document read; a larger one is RESOURCE_EXHAUSTED naming
  // the limit, before any parsing: what the engine holds grows with the
  // text (tests/bench/extract_memory.sh prints how much).
  int64_t max_document_bytes = kDefaultMaxDocumentBytes;
};

class Extractor {
 public:
  // Uses the catalog built into the binary. With a gazetteer (which must
  // outlive the extractor) regions are resolved from the text; without one
  // only a county-level region hint places a report.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(
      const gazetteer::Gazetteer* gazetteer = nullptr);
  // Uses the given catalog text (tests, experiments).
  static absl::StatusOr<std::unique_ptr<Extractor>> CreateWithCatalog(
      absl::string_view catalog_textproto, const gazetteer::Gazetteer* gazetteer = nullptr);
  // Uses a catalog compiled beforehand (so that a caller can compile it
  // while it loads the gazetteer).
  static std::unique_ptr<Extractor> FromCatalog(std::unique_ptr<CompiledCatalog> catalog,
                                                const gazetteer::Gazetteer* gazetteer);

  // INVALID_ARGUMENT when the document is empty, binary or undecodable,
  // naming the problem and the document's source.
  absl::StatusOr<fazhi::v1::ParsedReport> Extract(const fazhi::v1::Document& document,
                                                  const ExtractOptions& options) const;

  // "engine/<n> catalog/<version>".
  const std::string& version() const { return version_; }
  const CompiledCatalog& catalog() const { return *catalog_; }

 private:
  Extractor(std::unique_ptr<CompiledCatalog> catalog, const gazetteer::Gazetteer* gazetteer);
  std::unique_ptr<CompiledCatalog> catalog_;
  const gazetteer::Gazetteer* gazetteer_;
  std::string version_;
};

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_ENGINE_H_
