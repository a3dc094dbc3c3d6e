#include "common/rpc/health.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace fazhi::rpc {

using grpc::health::v1::HealthCheckResponse;

HealthCheckResponse::ServingStatus HealthService::StatusOf(const std::string& service) const {
  if (!service.empty() && services_.count(service) == 0) {
    return HealthCheckResponse::SERVICE_UNKNOWN;
  }
  return stopping_ ? HealthCheckResponse::NOT_SERVING : HealthCheckResponse::SERVING;
}

grpc::Status HealthService::Check(grpc::ServerContext*,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  absl::MutexLock lock(&mutex_);
  HealthCheckResponse::ServingStatus status = StatusOf(request->service());
  if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("no service '", request->service(), "' here"));
  }
  response->set_status(status);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  absl::MutexLock lock(&mutex_);
  while (true) {
    HealthCheckResponse response;
    response.set_status(StatusOf(request->service()));
    bool stopping = stopping_;
    mutex_.Unlock();
    bool written = writer->Write(response);
    mutex_.Lock();
    if (!written || stopping) return grpc::Status::OK;
    // Wake on the stop; look at the client's cancellation now and then.
    while (!stopping_ && !context->IsCancelled()) {
      mutex_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(200));
    }
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
  }
}

bool HealthService::Serving() const {
  absl::MutexLock lock(&mutex_);
  return !stopping_;
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mutex_);
  stopping_ = true;
}

}  // namespace fazhi::rpc
