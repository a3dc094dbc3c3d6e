#include "common/rpc/service_main.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "common/base/log.h"
#include "common/rpc/signals.h"

namespace fazhi::rpc {

void BoundMallocArenas() {
  if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return;  // the operator's choice
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2L, cpus)));
}

int RunService(const std::string& log_level, const std::function<absl::Status()>& start,
               const std::function<void()>& stop) {
  BoundMallocArenas();
  absl::StatusOr<LogLevel> level = ParseLogLevel(log_level);
  if (!level.ok()) {
    FAZHI_LOG(kError) << level.status().message();
    return 2;
  }
  SetLogLevel(*level);
  if (absl::Status started = start(); !started.ok()) {
    FAZHI_LOG(kError) << started.message();
    return 1;
  }
  // Again: libraries started by `start` (civetweb) may have put their own
  // dispositions in place.
  InstallTerminationHandlers();
  int sig = WaitForTerminationSignal();
  FAZHI_LOG(kInfo) << "signal " << sig << ": draining and stopping";
  stop();
  FAZHI_LOG(kInfo) << "stopped";
  return 0;
}

}  // namespace fazhi::rpc
