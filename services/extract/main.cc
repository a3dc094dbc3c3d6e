// fazhi-extract: serves fazhi.v1.ExtractionService. Flags become options;
// everything else lives in ExtractServer.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/rpc/service_main.h"
#include "common/rpc/signals.h"
#include "services/extract/extract_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7102", "host:port to serve on");
ABSL_FLAG(std::string, gazetteer, "",
          "gazetteer index (default: ../share/fazhi/gazetteer.tsv beside the binary)");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. 127.0.0.1:9101); empty: off");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time in-flight calls get to finish on SIGTERM");
ABSL_FLAG(std::string, test_abort_on, "",
          "tests only: abort the process on a document holding these bytes (a crashing parser)");

int main(int argc, char** argv) {
  fazhi::rpc::InstallTerminationHandlers();
  absl::ParseCommandLine(argc, argv);
  return fazhi::rpc::Serve<fazhi::extract::ExtractServer>(
      absl::GetFlag(FLAGS_log_level),
      fazhi::extract::ExtractServerOptions{.listen = absl::GetFlag(FLAGS_listen),
                                           .gazetteer_path = absl::GetFlag(FLAGS_gazetteer),
                                           .metrics_listen = absl::GetFlag(FLAGS_metrics_listen),
                                           .shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace),
                                           .test_abort_on = absl::GetFlag(FLAGS_test_abort_on)});
}
