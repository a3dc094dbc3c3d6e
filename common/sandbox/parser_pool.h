// Untrusted documents parsed in worker processes, so that a parser that
// crashes, hangs or balloons on a hostile PDF, DOCX or HTML page fails that
// one document with a clear status while the service keeps serving.
//
//   ASSIGN_OR_RETURN(auto pool, ParserPool::Create({.workers = 2}));
//   ASSIGN_OR_RETURN(formats::ExtractedText text, pool->Parse(bytes));
//
// Each worker is the fazhi-parser binary, started with posix_spawn (never a
// fork of a threaded server) on one end of a socket pair. It sets its own
// memory (RLIMIT_AS) and per-document CPU (RLIMIT_CPU) limits before it
// reads a byte; the pool kills a worker that passes the wall deadline. A
// worker that died is replaced at the next document.
#ifndef FAZHI_COMMON_SANDBOX_PARSER_POOL_H_
#define FAZHI_COMMON_SANDBOX_PARSER_POOL_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/formats/formats.h"

namespace fazhi::sandbox {

struct ParserPoolOptions {
  // The worker binary; empty: DefaultParserBinary().
  std::string binary = "";
  // Documents parsed at once; more wait for a free worker.
  int workers = 2;
  // Per worker: address space, CPU seconds per document, wall time per
  // document (measured here, so it also catches a worker that sleeps).
  int64_t max_memory_bytes = int64_t{1} << 30;
  int cpu_seconds = 30;
  absl::Duration deadline = absl::Seconds(60);
  formats::Limits limits = {};
  // Passed to every worker (tests: --test_crash_on=...).
  std::vector<std::string> extra_args = {};
};

// fazhi-parser in the bin directory of this installation: beside the
// running binary, or in ../bin from it (tests run from build/tests).
std::string DefaultParserBinary();

// Documents a sandbox must parse: every container (PDF, DOCX, anything
// zipped) and anything with markup. Plain text and Markdown are decoded
// by fazhi's own bounded code and need no worker.
bool NeedsSandbox(absl::string_view bytes);

class ParserPool {
 public:
  // FAILED_PRECONDITION when the worker binary is missing or does not start.
  static absl::StatusOr<std::unique_ptr<ParserPool>> Create(const ParserPoolOptions& options);
  ~ParserPool();

  // formats::ExtractText's answer, from a worker. A worker that crashes on
  // the document gives INVALID_ARGUMENT naming the signal; one past its
  // CPU, memory or wall budget RESOURCE_EXHAUSTED naming the limit.
  // Thread-safe.
  absl::StatusOr<formats::ExtractedText> Parse(absl::string_view bytes);

  // Workers started so far (the first ones and every replacement).
  int64_t workers_started() const;

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
  };
  explicit ParserPool(const ParserPoolOptions& options) : options_(options) {}
  absl::StatusOr<Worker> Spawn();
  // How a worker that stopped answering ended (waits for it briefly, then
  // kills it).
  std::string Reap(Worker& worker, int* signal);
  void Kill(Worker& worker);
  absl::StatusOr<Worker> Borrow();
  void Return(Worker worker, bool alive);
  absl::StatusOr<formats::ExtractedText> ParseWith(Worker& worker, absl::string_view bytes,
                                                   bool* alive, bool* never_read);

  ParserPoolOptions options_;
  mutable absl::Mutex mutex_;
  absl::CondVar freed_;
  std::vector<Worker> idle_ ABSL_GUARDED_BY(mutex_);
  int running_ ABSL_GUARDED_BY(mutex_) = 0;  // idle and busy
  int64_t started_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace fazhi::sandbox

#endif  // FAZHI_COMMON_SANDBOX_PARSER_POOL_H_
