// What the gRPC subcommands of `fazhi` share: a stub for a target and the
// text of a failed call.
#ifndef FAZHI_TOOLS_CLI_CLIENT_H_
#define FAZHI_TOOLS_CLI_CLIENT_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "common/rpc/tls.h"
#include "fazhi/v1/aggregate.grpc.pb.h"
#include "fazhi/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tools/cli/commands.h"

namespace fazhi::cli {

// "UNAVAILABLE: ..." rather than "status 14: ...".
std::string StatusText(const grpc::Status& status);

// "fazhi stats: 127.0.0.1:7103: UNAVAILABLE: ...\n"; a deadline that passed
// says how long was waited and how to wait longer.
std::string CallError(absl::string_view command, const ServiceOptions& service,
                      const grpc::Status& status);

// A context with the service's deadline (--timeout) and token.
std::unique_ptr<grpc::ClientContext> CallContext(const ServiceOptions& service);

// Makes one unary call, `call(context)`, with CallContext's deadline and
// token; false (after CallError on `err`) when it fails:
//   if (!Call("stats", options.service, err, [&](grpc::ClientContext* c) {
//         return stub->GetCountyStats(c, request, &stats);
//       })) return 1;
template <typename MakeCall>
bool Call(absl::string_view command, const ServiceOptions& service, std::ostream& err,
          MakeCall call) {
  std::unique_ptr<grpc::ClientContext> context = CallContext(service);
  grpc::Status status = call(context.get());
  if (status.ok()) return true;
  err << CallError(command, service, status);
  return false;
}

// Null (after saying why on `err`) when the TLS files are unusable.
std::shared_ptr<grpc::Channel> ServiceChannel(const ServiceOptions& service,
                                              const char* service_name, std::ostream& err);
std::unique_ptr<fazhi::v1::AggregationService::Stub> AggregateStub(const ServiceOptions& service,
                                                                   std::ostream& err);
std::unique_ptr<fazhi::v1::IngestService::Stub> IngestStub(const ServiceOptions& service,
                                                           std::ostream& err);

// For a stream, which has no deadline of its own: false (after saying why
// on `err`) when the channel does not connect within the service's timeout.
bool Reachable(grpc::Channel& channel, absl::string_view command, const ServiceOptions& service,
               std::ostream& err);

}  // namespace fazhi::cli

#endif  // FAZHI_TOOLS_CLI_CLIENT_H_
