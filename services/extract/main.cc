// fazhi-extract: serves fazhi.v1.ExtractionService. Flags become options;
// everything else lives in ExtractServer.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/base/log.h"
#include "common/rpc/signals.h"
#include "services/extract/extract_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7102", "host:port to serve on");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");

int main(int argc, char** argv) {
  fazhi::rpc::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  auto level = fazhi::ParseLogLevel(absl::GetFlag(FLAGS_log_level));
  if (!level.ok()) {
    FAZHI_LOG(kError) << level.status().message();
    return 2;
  }
  fazhi::SetLogLevel(*level);
  auto server =
      fazhi::extract::ExtractServer::Start({.listen = absl::GetFlag(FLAGS_listen),
                                            .shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace)});
  if (!server.ok()) {
    FAZHI_LOG(kError) << server.status().message();
    return 1;
  }
  int sig = fazhi::rpc::WaitForTerminationSignal();
  FAZHI_LOG(kInfo) << "signal " << sig << ": draining and stopping";
  (*server)->Shutdown();
  return 0;
}
