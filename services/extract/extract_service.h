// gRPC handlers of fazhi.v1.ExtractionService: thin adapters over the
// in-process engine (common/engine).
#ifndef FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
#define FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_

#include <atomic>

#include "common/engine/engine.h"
#include "common/rpc/auth.h"
#include "common/sandbox/parser_pool.h"
#include "fazhi/v1/extract.grpc.pb.h"

namespace fazhi::extract {

class ExtractService final : public fazhi::v1::ExtractionService::Service {
 public:
  // REQUIRES: `extractor`, `auth` and `parsers` outlive the service. With
  // `parsers` PDF, DOCX and HTML documents are parsed in its worker
  // processes; without (null), in this process.
  // `abort_on` (tests only): a document holding these bytes aborts the
  // process, as a crash outside the sandbox would; empty: never.
  // Documents above `max_document_bytes` are RESOURCE_EXHAUSTED.
  ExtractService(const engine::Extractor* extractor, rpc::Authenticator* auth,
                 sandbox::ParserPool* parsers = nullptr, std::string abort_on = "",
                 int64_t max_document_bytes = engine::kDefaultMaxDocumentBytes)
      : extractor_(extractor),
        auth_(auth),
        parsers_(parsers),
        abort_on_(std::move(abort_on)),
        max_document_bytes_(max_document_bytes) {}

  grpc::Status Extract(grpc::ServerContext* context, const fazhi::v1::ExtractRequest* request,
                       fazhi::v1::ExtractResponse* response) override;
  grpc::Status ExtractStream(grpc::ServerContext* context,
                             grpc::ServerReaderWriter<fazhi::v1::ExtractResponse,
                                                      fazhi::v1::ExtractRequest>* stream) override;
  grpc::Status ListIndicators(grpc::ServerContext* context,
                              const fazhi::v1::ListIndicatorsRequest* request,
                              fazhi::v1::ListIndicatorsResponse* response) override;

  // Documents extracted successfully since start.
  int64_t documents_served() const { return served_.load(); }

 private:
  absl::Status ExtractOne(const fazhi::v1::ExtractRequest& request,
                          fazhi::v1::ExtractResponse* response) const;
  const engine::Extractor* extractor_;
  rpc::Authenticator* auth_;
  sandbox::ParserPool* parsers_;
  const std::string abort_on_;
  const int64_t max_document_bytes_;
  mutable std::atomic<int64_t> served_{0};
};

}  // namespace fazhi::extract

#endif  // FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
