// gRPC handlers of fazhi.v1.IngestService: thin adapters over IngestPipeline.
#ifndef FAZHI_SERVICES_INGEST_INGEST_SERVICE_H_
#define FAZHI_SERVICES_INGEST_INGEST_SERVICE_H_

#include "common/rpc/auth.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "services/ingest/ingest_pipeline.h"

namespace fazhi::ingest {

class IngestService final : public fazhi::v1::IngestService::Service {
 public:
  // REQUIRES: `pipeline` and `auth` outlive the service.
  IngestService(IngestPipeline* pipeline, rpc::Authenticator* auth)
      : pipeline_(pipeline), auth_(auth) {}

  grpc::Status Submit(grpc::ServerContext* context, const fazhi::v1::SubmitRequest* request,
                      fazhi::v1::SubmitResponse* response) override;
  grpc::Status SubmitStream(grpc::ServerContext* context,
                            grpc::ServerReaderWriter<fazhi::v1::SubmitResponse,
                                                     fazhi::v1::SubmitRequest>* stream) override;
  grpc::Status ListJobs(grpc::ServerContext* context, const fazhi::v1::ListJobsRequest* request,
                        fazhi::v1::ListJobsResponse* response) override;
  grpc::Status GetJob(grpc::ServerContext* context, const fazhi::v1::GetJobRequest* request,
                      fazhi::v1::Job* response) override;
  grpc::Status GetReport(grpc::ServerContext* context, const fazhi::v1::GetReportRequest* request,
                         fazhi::v1::ParsedReport* response) override;
  grpc::Status Reprocess(grpc::ServerContext* context, const fazhi::v1::ReprocessRequest* request,
                         grpc::ServerWriter<fazhi::v1::ReprocessProgress>* writer) override;

 private:
  absl::Status SubmitOne(const fazhi::v1::SubmitRequest& request, const std::string& caller,
                         const std::string& request_id, fazhi::v1::SubmitResponse* response);
  IngestPipeline* pipeline_;
  rpc::Authenticator* auth_;
};

}  // namespace fazhi::ingest

#endif  // FAZHI_SERVICES_INGEST_INGEST_SERVICE_H_
