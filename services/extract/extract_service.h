// gRPC handlers of fazhi.v1.ExtractionService: thin adapters over the
// in-process engine (common/engine).
#ifndef FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
#define FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_

#include <atomic>

#include "common/engine/engine.h"
#include "fazhi/v1/extract.grpc.pb.h"

namespace fazhi::extract {

class ExtractService final : public fazhi::v1::ExtractionService::Service {
 public:
  // REQUIRES: `extractor` outlives the service.
  // `abort_on` (tests only): a document holding these bytes aborts the
  // process, as a parser crash would; empty: never.
  explicit ExtractService(const engine::Extractor* extractor, std::string abort_on = "")
      : extractor_(extractor), abort_on_(std::move(abort_on)) {}

  grpc::Status Extract(grpc::ServerContext* context, const fazhi::v1::ExtractRequest* request,
                       fazhi::v1::ExtractResponse* response) override;
  grpc::Status ExtractStream(grpc::ServerContext* context,
                             grpc::ServerReaderWriter<fazhi::v1::ExtractResponse,
                                                      fazhi::v1::ExtractRequest>* stream) override;

  // Documents extracted successfully since start.
  int64_t documents_served() const { return served_.load(); }

 private:
  absl::Status ExtractOne(const fazhi::v1::ExtractRequest& request,
                          fazhi::v1::ExtractResponse* response) const;
  const engine::Extractor* extractor_;
  const std::string abort_on_;
  mutable std::atomic<int64_t> served_{0};
};

}  // namespace fazhi::extract

#endif  // FAZHI_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
