// The parser worker's side (the fazhi-parser binary): documents in over a
// socket, their text out, until the socket closes. Untrusted bytes are
// parsed only here, under limits this process sets on itself before it
// reads the first document.
#ifndef FAZHI_COMMON_SANDBOX_PARSER_WORKER_H_
#define FAZHI_COMMON_SANDBOX_PARSER_WORKER_H_

#include <cstdint>
#include <string>

namespace fazhi::sandbox {

struct WorkerOptions {
  // Address space (RLIMIT_AS); 0: unlimited (sanitizer builds reserve
  // terabytes of shadow memory).
  int64_t max_memory_bytes = int64_t{1} << 30;
  // CPU time one document may take (RLIMIT_CPU, reset per document): past
  // it the kernel ends the worker with SIGXCPU.
  int cpu_seconds = 30;
  // Tests only: a document holding these bytes crashes the worker, makes it
  // hang, or makes it allocate without end.
  std::string test_crash_on;
  std::string test_hang_on;
  std::string test_balloon_on;
  std::string test_spin_on;  // burns CPU without end
};

// Serves documents on `fd` until it closes; the process's exit code.
int RunParserWorker(int fd, const WorkerOptions& options);

}  // namespace fazhi::sandbox

#endif  // FAZHI_COMMON_SANDBOX_PARSER_WORKER_H_
