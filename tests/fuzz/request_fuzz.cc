// The extract service's request handler, ExtractService::Extract, called as
// gRPC calls it (with an empty ServerContext: no tokens file, so no token is read), with
// every field of the request taken from the input:
//
//   source NUL region_hint NUL request_id NUL flags content...
//
// A missing NUL leaves the later fields empty. Bit 0 of `flags` asks for
// the normalised text; bit 1 sends no document at all. Parsers run in this
// process (no ParserPool), as they do with --parser_workers=0.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "common/engine/engine.h"
#include "common/gazetteer/gazetteer.h"
#include "common/rpc/request_limits.h"
#include "services/extract/extract_service.h"
#include "tests/fuzz/report_checks.h"

namespace {

fazhi::extract::ExtractService& TheService() {
  static fazhi::extract::ExtractService* service = [] {
    auto gazetteer = fazhi::gazetteer::Gazetteer::Load(fazhi::gazetteer::DefaultIndexPath());
    FAZHI_FUZZ_CHECK(gazetteer.ok());
    auto extractor = fazhi::engine::Extractor::Create(gazetteer->release());
    FAZHI_FUZZ_CHECK(extractor.ok());
    // No tokens file: authentication is off, as on a loopback service.
    auto auth = fazhi::rpc::Authenticator::Load("");
    FAZHI_FUZZ_CHECK(auth.ok());
    return new fazhi::extract::ExtractService(extractor->release(), auth->release());
  }();
  return *service;
}

// The next field up to a NUL (consumed), or the rest when there is none.
absl::string_view NextField(absl::string_view* input) {
  size_t nul = input->find('\0');
  absl::string_view field = input->substr(0, nul);
  input->remove_prefix(nul == absl::string_view::npos ? input->size() : nul + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input = fazhi::fuzz::Bytes(data, size);
  fazhi::v1::ExtractRequest request;
  fazhi::v1::Document* document = request.mutable_document();
  document->set_source(std::string(NextField(&input)));
  document->set_region_hint(std::string(NextField(&input)));
  request.set_request_id(std::string(NextField(&input)));
  unsigned flags = input.empty() ? 0 : static_cast<unsigned char>(input[0]);
  if (!input.empty()) input.remove_prefix(1);
  document->set_content(std::string(input));
  request.set_include_normalized_text(flags & 1);
  if (flags & 2) request.clear_document();

  fazhi::v1::ExtractResponse response;
  grpc::ServerContext context;
  grpc::Status status = TheService().Extract(&context, &request, &response);
  FAZHI_FUZZ_CHECK(response.request_id() == request.request_id());
  if (!status.ok()) {
    FAZHI_FUZZ_CHECK(!response.has_report());
    FAZHI_FUZZ_CHECK(!status.error_message().empty());
    FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(status.error_message()));
    grpc::StatusCode code = status.error_code();
    FAZHI_FUZZ_CHECK(code == grpc::StatusCode::INVALID_ARGUMENT ||
                     code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                     code == grpc::StatusCode::FAILED_PRECONDITION);
  }
  // What a client sent wrong is refused before any parsing, naming the
  // field (request_limits.h).
  if (request.has_document() && !request.document().content().empty()) {
    absl::Status fields = fazhi::rpc::ValidateDocumentFields(request.document(), "document");
    if (!fields.ok()) {
      FAZHI_FUZZ_CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
      FAZHI_FUZZ_CHECK(absl::StrContains(status.error_message(), "ExtractRequest.document."));
      return 0;
    }
  }
  if (!status.ok()) return 0;
  // Served: a report with an entity or a year, else FAILED_PRECONDITION.
  const fazhi::v1::ParsedReport& report = response.report();
  FAZHI_FUZZ_CHECK(report.year() != 0 || !report.entity().name().empty());
  FAZHI_FUZZ_CHECK(report.source() == request.document().source());
  FAZHI_FUZZ_CHECK(report.normalized_text().empty() || request.include_normalized_text());
  // The spans, when the text they point into came back; the decoded
  // text's size, which bounds the original offsets, is not known here
  // (engine_fuzz checks those).
  if (request.include_normalized_text()) fazhi::fuzz::CheckReport(report, SIZE_MAX);
  return 0;
}
