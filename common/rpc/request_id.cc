#include "common/rpc/request_id.h"

#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace fazhi::rpc {
namespace {

absl::Mutex g_callers_mutex;
absl::flat_hash_map<const grpc::ServerContextBase*, std::string>& Callers() {
  static auto* callers = new absl::flat_hash_map<const grpc::ServerContextBase*, std::string>();
  return *callers;
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  auto it = context.client_metadata().find(kRequestIdHeader);
  if (it == context.client_metadata().end()) return "";
  std::string id(it->second.data(), it->second.size());
  if (id.empty() || id.size() > 64) return "";
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return "";
  }
  return id;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("%016x", random());
}

void NoteCaller(const grpc::ServerContextBase* context, const std::string& caller) {
  if (caller.empty()) return;
  absl::MutexLock lock(&g_callers_mutex);
  Callers()[context] = caller;
}

std::string TakeCaller(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&g_callers_mutex);
  auto it = Callers().find(context);
  if (it == Callers().end()) return "";
  std::string caller = std::move(it->second);
  Callers().erase(it);
  return caller;
}

}  // namespace fazhi::rpc
