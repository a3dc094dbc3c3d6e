// Waiting for SIGTERM or SIGINT in a service main. A handler writes the
// signal number to a pipe (async-signal-safe) and the main thread reads it,
// so it works whichever thread the kernel delivers the signal to (gRPC
// starts threads of its own, some before main).
//
//   rpc::InstallTerminationHandlers();   // first thing in main
//   ... start the server ...
//   int sig = rpc::WaitForTerminationSignal();
#ifndef FAZHI_COMMON_RPC_SIGNALS_H_
#define FAZHI_COMMON_RPC_SIGNALS_H_

namespace fazhi::rpc {

// Safe to call again (after a library changed the dispositions).
void InstallTerminationHandlers();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
// REQUIRES: InstallTerminationHandlers() was called.
int WaitForTerminationSignal();

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_SIGNALS_H_
