// `fazhi reprocess`: the ingest service's Reprocess stream, printed as it
// comes.
#include "absl/strings/str_cat.h"
#include "common/rpc/auth.h"
#include "common/rpc/channel.h"
#include "tools/cli/client.h"
#include "tools/cli/commands.h"

namespace fazhi::cli {

int RunReprocess(const ReprocessOptions& options, std::ostream& out, std::ostream& err) {
  if (options.all == (!options.county.empty() || options.year != 0)) {
    err << "fazhi reprocess: give --county=CODE and/or --year=YYYY, or --all\n";
    return 2;
  }
  std::shared_ptr<grpc::Channel> channel =
      ServiceChannel(options.service, "fazhi.v1.IngestService", err);
  if (channel == nullptr) return 2;
  if (!Reachable(*channel, "reprocess", options.service, err)) return 1;
  auto stub = fazhi::v1::IngestService::NewStub(channel);
  fazhi::v1::ReprocessRequest request;
  request.set_county_code(options.county);
  request.set_year(options.year);
  request.set_all(options.all);
  request.set_dry_run(options.dry_run);
  // No deadline on the whole stream (a province takes a while); the
  // service says it is alive every few seconds.
  grpc::ClientContext context;
  rpc::AttachToken(&context, options.service.token);
  auto reader = stub->Reprocess(&context, request);
  fazhi::v1::ReprocessProgress p;
  bool first = true;
  bool finished = false;
  int64_t failed = 0;
  while (reader->Read(&p)) {
    if (first) {
      out << "reprocess with " << p.engine_version() << ": " << p.matched() << " matched, "
          << p.current() << " already current, " << p.selected()
          << (options.dry_run ? " would be read again" : " to read again") << "\n";
      first = false;
    } else {
      out << "  " << p.done() << " done, " << p.failed() << " failed, " << p.remaining()
          << " remaining\n";
    }
    out.flush();
    finished = p.finished();
    failed = p.failed();
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    err << CallError("reprocess", options.service, status);
    return 1;
  }
  if (!finished) {
    err << "fazhi reprocess: the stream ended before every report was read again\n";
    return 1;
  }
  if (failed > 0) {
    err << "fazhi reprocess: " << failed << " reports failed (fazhi job errors say why)\n";
    return 1;
  }
  return 0;
}

}  // namespace fazhi::cli
