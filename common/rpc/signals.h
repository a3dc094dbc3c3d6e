// Waiting for SIGTERM or SIGINT in a service main, without async-signal
// hazards: the signals are blocked in every thread and taken with sigwait.
//
//   rpc::BlockTerminationSignals();   // first thing in main, before threads
//   ... start the server ...
//   int sig = rpc::WaitForTerminationSignal();
#ifndef FAZHI_COMMON_RPC_SIGNALS_H_
#define FAZHI_COMMON_RPC_SIGNALS_H_

namespace fazhi::rpc {

void BlockTerminationSignals();
// Returns the signal number received.
int WaitForTerminationSignal();

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_SIGNALS_H_
