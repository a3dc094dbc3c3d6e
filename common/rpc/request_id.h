// Request ids: one id follows a document through ingest, extract and
// aggregate. It comes from the caller's x-request-id metadata, or ingest
// makes one when a document arrives without; the services put it in the
// log line of every call (with the caller's name, which the authenticator
// notes for the line).
#ifndef FAZHI_COMMON_RPC_REQUEST_ID_H_
#define FAZHI_COMMON_RPC_REQUEST_ID_H_

#include <string>

#include "grpcpp/grpcpp.h"

namespace fazhi::rpc {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// The caller's x-request-id when it is a usable id (1 to 64 of A-Z a-z 0-9
// . _ -: it goes into logs), else empty.
std::string RequestIdOf(const grpc::ServerContextBase& context);
// A new random id (16 hex digits).
std::string NewRequestId();

// The authenticated caller of a call in progress, for its log line.
void NoteCaller(const grpc::ServerContextBase* context, const std::string& caller);
// The caller noted for `context` (empty when none), forgotten afterwards.
std::string TakeCaller(const grpc::ServerContextBase* context);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_REQUEST_ID_H_
