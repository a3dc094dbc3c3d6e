// Who may call what: bearer tokens with roles, from a file an operator
// edits (re-read when it changes, no restart).
//
//   --auth_tokens=FILE, one client per line:  TOKEN ROLE[,ROLE...] [NAME]
//     # comments and blank lines are ignored
//     3f9c...e1  submit,read  county-portal
//     77ab...02  peer         ingest
//
// A call carries its token as `authorization: Bearer TOKEN` metadata.
// With a tokens file every fazhi RPC needs one (health and reflection do
// not): none or an unknown one is UNAUTHENTICATED, one without the call's
// role PERMISSION_DENIED naming the role. Without a file every call is
// allowed (a service on loopback for one user). Tokens are looked up by
// their SHA-256, so no comparison depends on a token's bytes, and they are
// never logged.
//
//   ASSIGN_OR_RETURN(auto auth, Authenticator::Load(path));
//   ASSIGN_OR_RETURN(std::string caller, auth->Check(*context, Role::kRead));
#ifndef FAZHI_COMMON_RPC_AUTH_H_
#define FAZHI_COMMON_RPC_AUTH_H_

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace fazhi::rpc {

// The RPC groups of the fazhi services.
enum class Role {
  kExtract,  // ExtractionService
  kSubmit,   // Submit, SubmitStream, GetJob
  kRead,     // GetReport, ListReports, GetCountyStats, CompareYears, GetRollup
  kPeer,     // PutReport: only ingest delivers reports
  kAdmin,    // reprocessing, backups; includes kReview
  kReview,   // CorrectReport, RevertCorrection
};

absl::string_view RoleName(Role role);

class Authenticator {
 public:
  // Empty `path`: no authentication. INVALID_ARGUMENT naming the line for
  // a malformed file, NOT_FOUND when it is missing. `rate_per_client` > 0:
  // each client may make that many calls a second (bursts of twice as
  // many), so that one client cannot starve the others; beyond it a call is
  // RESOURCE_EXHAUSTED saying when to retry.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Load(const std::string& path,
                                                             double rate_per_client = 0);

  // The caller's name (the token's NAME, or "token#N" for the Nth line
  // without one; empty without authentication) when the call may go on;
  // otherwise the status to answer. Re-reads the file when it changed
  // (looked at most once a second); a file that no longer parses keeps the
  // last good table. Thread-safe.
  absl::StatusOr<std::string> Check(const grpc::ServerContext& context, Role role);
  // As Check, for the value of an authorization header.
  absl::StatusOr<std::string> CheckHeader(absl::string_view authorization, Role role);

  bool enabled() const { return !path_.empty(); }

 private:
  struct Client {
    std::string name;
    unsigned roles = 0;  // bit per Role
  };
  struct Bucket {
    double tokens = 0;
    absl::Time last = absl::InfinitePast();
  };
  Authenticator(std::string path, double rate) : path_(std::move(path)), rate_(rate) {}
  absl::Status Reload() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // OK, or RESOURCE_EXHAUSTED when `name` has used up its calls.
  absl::Status Spend(const std::string& name, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::string path_;
  const double rate_;
  std::map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mutex_);
  absl::Mutex mutex_;
  std::map<std::string, Client> by_hash_ ABSL_GUARDED_BY(mutex_);  // SHA-256 hex of the token
  int64_t loaded_mtime_ns_ ABSL_GUARDED_BY(mutex_) = -1;
  absl::Time next_look_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
};

// Parses a tokens file's text (tests, and Load).
absl::StatusOr<std::map<std::string, std::pair<std::string, unsigned>>> ParseTokens(
    absl::string_view text);

// Adds `authorization: Bearer token` to an outgoing call (no-op for an
// empty token).
void AttachToken(grpc::ClientContext* context, const std::string& token);

// The token in a file (the first line, trimmed): --peer_token_file.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// The token a service presents to its peers, read from --peer_token_file
// and read again when the file changes (looked at no more than once a
// second), so that a rotated Kubernetes Secret needs no restart; a file that
// becomes unreadable or empty keeps the last good token (and says so in the
// log).
class TokenFile {
 public:
  // The file must hold a token now.
  static absl::StatusOr<std::unique_ptr<TokenFile>> Open(const std::string& path);
  // Thread-safe.
  std::string Current();

 private:
  explicit TokenFile(std::string path) : path_(std::move(path)) {}
  const std::string path_;
  absl::Mutex mutex_;
  std::string token_ ABSL_GUARDED_BY(mutex_);
  int64_t loaded_mtime_ns_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::Time next_look_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_AUTH_H_
