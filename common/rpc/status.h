// The one place where absl::Status and grpc::Status are converted: same
// code, message bounded so that a huge error never becomes a huge trailer.
#ifndef FAZHI_COMMON_RPC_STATUS_H_
#define FAZHI_COMMON_RPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace fazhi::rpc {

grpc::Status ToGrpc(const absl::Status& status);
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_STATUS_H_
