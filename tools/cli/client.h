// What the gRPC subcommands of `fazhi` share: a stub for a target and the
// text of a failed call.
#ifndef FAZHI_TOOLS_CLI_CLIENT_H_
#define FAZHI_TOOLS_CLI_CLIENT_H_

#include <memory>
#include <ostream>
#include <string>

#include "common/rpc/tls.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::cli {

// "UNAVAILABLE: ..." rather than "status 14: ...".
std::string StatusText(const grpc::Status& status);

// Null (after saying why on `err`) when the TLS files are unusable.
std::unique_ptr<fazhi::v1::AggregationService::Stub> AggregateStub(const std::string& target,
                                                                   const rpc::PeerTls& tls,
                                                                   std::ostream& err);
std::unique_ptr<fazhi::v1::IngestService::Stub> IngestStub(const std::string& target,
                                                           const rpc::PeerTls& tls,
                                                           std::ostream& err);

}  // namespace fazhi::cli

#endif  // FAZHI_TOOLS_CLI_CLIENT_H_
