#include "services/extract/extract_service.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/metrics/metrics.h"
#include "common/rpc/request_limits.h"
#include "common/rpc/status.h"

namespace fazhi::extract {

absl::Status ExtractService::ExtractOne(const fazhi::v1::ExtractRequest& request,
                                        fazhi::v1::ExtractResponse* response) const {
  response->set_request_id(request.request_id());
  if (!request.has_document()) {
    return absl::InvalidArgumentError("ExtractRequest.document is missing");
  }
  if (request.document().content().empty()) {
    return absl::InvalidArgumentError("ExtractRequest.document.content is empty");
  }
  if (absl::Status fields =
          rpc::ValidateDocumentFields(request.document(), "ExtractRequest.document");
      !fields.ok()) {
    return fields;
  }
  if (!abort_on_.empty() && request.document().content().find(abort_on_) != std::string::npos) {
    std::abort();  // the poison-message tests' crashing document
  }
  engine::ExtractOptions options;
  options.include_normalized_text = request.include_normalized_text();
  options.max_document_bytes = max_document_bytes_;
  if (parsers_ != nullptr) {
    options.decode = [this](absl::string_view bytes) {
      return sandbox::NeedsSandbox(bytes) ? parsers_->Parse(bytes) : formats::ExtractText(bytes);
    };
  }
  absl::StatusOr<fazhi::v1::ParsedReport> report = extractor_->Extract(request.document(), options);
  if (!report.ok()) return report.status();
  // A text in which no report is found is refused here, where the client
  // can be told, not accepted and failed later by aggregate.
  if (report->year() == 0 && report->entity().name().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.document().source().empty() ? "document" : request.document().source(),
                     ": no report found (no reporting entity and no year reported on)"));
  }
  metrics::Metrics& m = metrics::Metrics::Global();
  m.Add("fazhi_extract_documents_total", "Documents extracted, by detected format",
        {{"format", report->source_format()}});
  for (const auto& indicator : report->indicators()) {
    m.Add("fazhi_extract_indicator_hits_total", "Indicators found, by catalog id",
          {{"id", indicator.id()}});
    if (indicator.evidence().verification() != fazhi::v1::VERIFICATION_VERIFIED) {
      m.Add("fazhi_extract_unverified_evidence_total",
            "Indicators whose evidence span does not show the value, by catalog id",
            {{"id", indicator.id()}});
    }
  }
  *response->mutable_report() = *std::move(report);
  ++served_;
  return absl::OkStatus();
}

grpc::Status ExtractService::Extract(grpc::ServerContext* context,
                                     const fazhi::v1::ExtractRequest* request,
                                     fazhi::v1::ExtractResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kExtract); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  return rpc::ToGrpc(ExtractOne(*request, response));
}

grpc::Status ExtractService::ListIndicators(grpc::ServerContext* context,
                                            const fazhi::v1::ListIndicatorsRequest*,
                                            fazhi::v1::ListIndicatorsResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kExtract); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  for (const engine::CompiledRule& compiled : extractor_->catalog().rules()) {
    fazhi::v1::IndicatorInfo* info = response->add_indicators();
    info->set_id(compiled.rule.id());
    info->set_label_zh(compiled.rule.label_zh());
    *info->mutable_units() = compiled.rule.units();
    for (const fazhi::v1::RuleExample& example : compiled.rule.examples()) {
      if (example.has_value()) {
        fazhi::v1::CountedExample* counted = info->add_counts();
        counted->set_text(example.text());
        counted->set_value(example.value());
      } else {
        info->add_does_not_count(example.text());
      }
    }
  }
  response->set_engine_version(extractor_->version());
  return grpc::Status::OK;
}

grpc::Status ExtractService::ExtractStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<fazhi::v1::ExtractResponse, fazhi::v1::ExtractRequest>* stream) {
  if (auto caller = auth_->Check(*context, rpc::Role::kExtract); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  fazhi::v1::ExtractRequest request;
  while (stream->Read(&request)) {
    fazhi::v1::ExtractResponse response;
    absl::Status status = ExtractOne(request, &response);
    if (!status.ok()) {
      response.clear_report();
      response.set_error_code(static_cast<int>(status.code()));
      response.set_error_message(std::string(status.message()));
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace fazhi::extract
