// The shared body of every service main: apply the log level, start the
// server, wait for SIGTERM or SIGINT, stop it cleanly.
//
//   int main(int argc, char** argv) {
//     fazhi::rpc::InstallTerminationHandlers();
//     absl::ParseCommandLine(argc, argv);
//     std::unique_ptr<MyServer> server;
//     return fazhi::rpc::RunService(
//         absl::GetFlag(FLAGS_log_level),
//         [&]() -> absl::Status { ... server = *MyServer::Start(options); ... },
//         [&] { server->Shutdown(); });
//   }
#ifndef FAZHI_COMMON_RPC_SERVICE_MAIN_H_
#define FAZHI_COMMON_RPC_SERVICE_MAIN_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"

namespace fazhi::rpc {

// glibc gives each thread that allocates under contention an arena of its
// own, up to 8 per core, and keeps what each arena once held: a server's
// RSS then climbs with every large reply its gRPC threads build (aggregate
// went from 415 to 570 MB over 10 000 queries). One arena per core (at
// least two) levels it off. MALLOC_ARENA_MAX in the environment wins.
// RunService calls it; in-process servers (benchmarks) may too.
void BoundMallocArenas();

// Returns the process exit code: 0 after a clean stop, 1 when `start`
// failed, 2 for a bad log level. REQUIRES: InstallTerminationHandlers() was
// called before any thread started.
int RunService(const std::string& log_level, const std::function<absl::Status()>& start,
               const std::function<void()>& stop);

// RunService for a server class with `static StatusOr<unique_ptr<Server>>
// Start(const Options&)` and `void Shutdown()`:
//
//   return fazhi::rpc::Serve<ExtractServer>(absl::GetFlag(FLAGS_log_level), options);
template <typename Server, typename Options>
int Serve(const std::string& log_level, const Options& options) {
  std::unique_ptr<Server> server;
  return RunService(
      log_level,
      [&]() -> absl::Status {
        auto started = Server::Start(options);
        if (!started.ok()) return started.status();
        server = *std::move(started);
        return absl::OkStatus();
      },
      [&] { server->Shutdown(); });
}

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_SERVICE_MAIN_H_
