// fazhi-parser: the parser worker that fazhi-extract starts (ParserPool).
// Reads documents on stdin (a socket), answers their text on the same
// socket; not meant to be run by hand.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/sandbox/parser_worker.h"

ABSL_FLAG(int64_t, max_memory_mb, 1024, "address space limit (RLIMIT_AS); 0: none");
ABSL_FLAG(int, cpu_seconds, 30, "CPU seconds per document (RLIMIT_CPU); 0: none");
ABSL_FLAG(std::string, test_crash_on, "", "tests only: abort on a document holding these bytes");
ABSL_FLAG(std::string, test_hang_on, "", "tests only: hang on a document holding these bytes");
ABSL_FLAG(std::string, test_balloon_on, "",
          "tests only: allocate without end on a document holding these bytes");
ABSL_FLAG(std::string, test_spin_on, "",
          "tests only: burn CPU without end on a document holding these bytes");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  fazhi::sandbox::WorkerOptions options;
  options.max_memory_bytes = absl::GetFlag(FLAGS_max_memory_mb) << 20;
  options.cpu_seconds = absl::GetFlag(FLAGS_cpu_seconds);
  options.test_crash_on = absl::GetFlag(FLAGS_test_crash_on);
  options.test_hang_on = absl::GetFlag(FLAGS_test_hang_on);
  options.test_balloon_on = absl::GetFlag(FLAGS_test_balloon_on);
  options.test_spin_on = absl::GetFlag(FLAGS_test_spin_on);
  return fazhi::sandbox::RunParserWorker(0, options);
}
