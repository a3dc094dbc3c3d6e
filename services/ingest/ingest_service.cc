#include "services/ingest/ingest_service.h"

#include "common/rpc/request_id.h"
#include "common/rpc/status.h"

namespace fazhi::ingest {

absl::Status IngestService::SubmitOne(const fazhi::v1::SubmitRequest& request,
                                      const std::string& caller, const std::string& request_id,
                                      fazhi::v1::SubmitResponse* response) {
  response->set_source(request.document().source());
  if (!request.has_document()) {
    return absl::InvalidArgumentError("SubmitRequest.document is missing");
  }
  absl::StatusOr<Accepted> accepted = pipeline_->Accept(request.document(), caller, request_id);
  if (!accepted.ok()) return accepted.status();
  response->set_report_id(accepted->job.report_id());
  response->set_job_id(accepted->job.job_id());
  response->set_duplicate(accepted->duplicate);
  response->set_state(accepted->job.state());
  return absl::OkStatus();
}

grpc::Status IngestService::Submit(grpc::ServerContext* context,
                                   const fazhi::v1::SubmitRequest* request,
                                   fazhi::v1::SubmitResponse* response) {
  absl::StatusOr<std::string> caller = auth_->Check(*context, rpc::Role::kSubmit);
  if (!caller.ok()) return rpc::ToGrpc(caller.status());
  return rpc::ToGrpc(SubmitOne(*request, *caller, rpc::RequestIdOf(*context), response));
}

grpc::Status IngestService::SubmitStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<fazhi::v1::SubmitResponse, fazhi::v1::SubmitRequest>* stream) {
  absl::StatusOr<std::string> caller = auth_->Check(*context, rpc::Role::kSubmit);
  if (!caller.ok()) return rpc::ToGrpc(caller.status());
  // One id for the stream's documents, the caller's or a new one.
  std::string request_id = rpc::RequestIdOf(*context);
  if (request_id.empty()) request_id = rpc::NewRequestId();
  fazhi::v1::SubmitRequest request;
  while (stream->Read(&request)) {
    fazhi::v1::SubmitResponse response;
    absl::Status status = SubmitOne(request, *caller, request_id, &response);
    if (!status.ok()) {
      response.set_error_code(static_cast<int>(status.code()));
      response.set_error_message(std::string(status.message()));
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

grpc::Status IngestService::GetJob(grpc::ServerContext* context,
                                   const fazhi::v1::GetJobRequest* request,
                                   fazhi::v1::Job* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kSubmit); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  absl::StatusOr<fazhi::v1::Job> job = pipeline_->GetJob(request->job_id());
  if (!job.ok()) return rpc::ToGrpc(job.status());
  *response = *std::move(job);
  return grpc::Status::OK;
}

grpc::Status IngestService::ListJobs(grpc::ServerContext* context,
                                     const fazhi::v1::ListJobsRequest* request,
                                     fazhi::v1::ListJobsResponse* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kSubmit); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  absl::StatusOr<fazhi::v1::ListJobsResponse> jobs = pipeline_->ListJobs(*request);
  if (!jobs.ok()) return rpc::ToGrpc(jobs.status());
  *response = *std::move(jobs);
  return grpc::Status::OK;
}

grpc::Status IngestService::GetReport(grpc::ServerContext* context,
                                      const fazhi::v1::GetReportRequest* request,
                                      fazhi::v1::ParsedReport* response) {
  if (auto caller = auth_->Check(*context, rpc::Role::kRead); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  auto report = pipeline_->GetReport(request->report_id(), request->include_text());
  if (!report.ok()) return rpc::ToGrpc(report.status());
  *response = *std::move(report);
  return grpc::Status::OK;
}

grpc::Status IngestService::Reprocess(grpc::ServerContext* context,
                                      const fazhi::v1::ReprocessRequest* request,
                                      grpc::ServerWriter<fazhi::v1::ReprocessProgress>* writer) {
  if (auto caller = auth_->Check(*context, rpc::Role::kAdmin); !caller.ok()) {
    return rpc::ToGrpc(caller.status());
  }
  return rpc::ToGrpc(pipeline_->Reprocess(
      *request, [&](const fazhi::v1::ReprocessProgress& p) { return writer->Write(p); },
      [&] { return context->IsCancelled(); }));
}

}  // namespace fazhi::ingest
