// grpc.health.v1.Health for fazhi's servers: SERVING for the whole server
// ("") and each registered service, NOT_SERVING once a stop begins. Unlike
// gRPC's default health service, an open Watch ends at once when the stop
// begins, so that a client watching health (round_robin health checks,
// Kubernetes probes) never holds a stopping server for its whole grace.
#ifndef FAZHI_COMMON_RPC_HEALTH_H_
#define FAZHI_COMMON_RPC_HEALTH_H_

#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace fazhi::rpc {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  // `services`: the full names of the services the server runs.
  explicit HealthService(std::set<std::string> services) : services_(std::move(services)) {}

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  // Sends the status, then again on each change; ends (OK) right after
  // sending NOT_SERVING when the stop begins, or when the client cancels.
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

  // Every service NOT_SERVING from now on; open watches end.
  void Shutdown();
  // False once Shutdown began.
  bool Serving() const;

 private:
  grpc::health::v1::HealthCheckResponse::ServingStatus StatusOf(const std::string& service) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::set<std::string> services_;
  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_HEALTH_H_
