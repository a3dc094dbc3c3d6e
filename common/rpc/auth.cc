#include "common/rpc/auth.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/base/content_hash.h"
#include "common/base/files.h"
#include "common/base/log.h"
#include "common/rpc/request_id.h"

namespace fazhi::rpc {
namespace {

constexpr struct {
  Role role;
  const char* name;
} kRoles[] = {{Role::kExtract, "extract"}, {Role::kSubmit, "submit"}, {Role::kRead, "read"},
              {Role::kPeer, "peer"},       {Role::kAdmin, "admin"},   {Role::kReview, "review"}};

unsigned Bit(Role role) { return 1u << static_cast<unsigned>(role); }

// The file's modification time in nanoseconds; -1 when it cannot be read.
int64_t ModifiedNs(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "?";
}

absl::StatusOr<std::map<std::string, std::pair<std::string, unsigned>>> ParseTokens(
    absl::string_view text) {
  std::map<std::string, std::pair<std::string, unsigned>> out;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() < 2 || fields.size() > 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("tokens file line ", line_number, ": expected TOKEN ROLE[,ROLE...] [NAME]"));
    }
    if (fields[0].size() < 16) {
      return absl::InvalidArgumentError(
          absl::StrCat("tokens file line ", line_number, ": a token needs at least 16 characters"));
    }
    unsigned roles = 0;
    for (absl::string_view name : absl::StrSplit(fields[1], ',')) {
      bool known = false;
      for (const auto& r : kRoles) {
        if (name == r.name) {
          roles |= Bit(r.role);
          // An administrator may review too.
          if (r.role == Role::kAdmin) roles |= Bit(Role::kReview);
          known = true;
        }
      }
      if (!known) {
        return absl::InvalidArgumentError(
            absl::StrCat("tokens file line ", line_number, ": unknown role '", name,
                         "' (roles: extract, submit, read, peer, review, admin)"));
      }
    }
    std::string client =
        fields.size() == 3 ? std::string(fields[2]) : absl::StrCat("token#", line_number);
    if (!out.emplace(Sha256Hex(fields[0]), std::make_pair(client, roles)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("tokens file line ", line_number, ": the token is listed twice"));
    }
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Load(const std::string& path,
                                                                   double rate_per_client) {
  std::unique_ptr<Authenticator> auth(new Authenticator(path, rate_per_client));
  if (path.empty()) return auth;
  absl::MutexLock lock(&auth->mutex_);
  if (absl::Status loaded = auth->Reload(); !loaded.ok()) return loaded;
  return auth;
}

absl::Status Authenticator::Reload() {
  int64_t mtime = ModifiedNs(path_);
  absl::StatusOr<std::string> text = ReadFileToString(path_);
  if (!text.ok()) return text.status();
  auto parsed = ParseTokens(*text);
  if (!parsed.ok()) {
    return absl::Status(parsed.status().code(),
                        absl::StrCat(path_, ": ", parsed.status().message()));
  }
  by_hash_.clear();
  for (auto& [hash, client] : *parsed) by_hash_[hash] = {client.first, client.second};
  loaded_mtime_ns_ = mtime;
  return absl::OkStatus();
}

absl::StatusOr<std::string> Authenticator::Check(const grpc::ServerContext& context, Role role) {
  if (!enabled()) return std::string();
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view header;
  if (it != metadata.end()) header = absl::string_view(it->second.data(), it->second.size());
  absl::StatusOr<std::string> caller = CheckHeader(header, role);
  if (caller.ok()) NoteCaller(&context, *caller);  // for the call's log line
  return caller;
}

absl::StatusOr<std::string> Authenticator::CheckHeader(absl::string_view authorization, Role role) {
  if (!enabled()) return std::string();
  absl::string_view token = absl::StripAsciiWhitespace(authorization);
  if (!absl::ConsumePrefix(&token, "Bearer ") && !absl::ConsumePrefix(&token, "bearer ")) {
    return absl::UnauthenticatedError(
        "this call needs a token: authorization: Bearer TOKEN (fazhi --token, FAZHI_TOKEN)");
  }
  token = absl::StripAsciiWhitespace(token);
  std::string hash = Sha256Hex(token);
  absl::MutexLock lock(&mutex_);
  absl::Time now = absl::Now();
  if (now >= next_look_) {
    next_look_ = now + absl::Seconds(1);
    if (ModifiedNs(path_) != loaded_mtime_ns_) {
      if (absl::Status reloaded = Reload(); !reloaded.ok()) {
        FAZHI_LOG(kError) << "tokens file not reloaded, the previous one stays: "
                          << reloaded.message();
      } else {
        FAZHI_LOG(kInfo) << "tokens file " << path_ << " reloaded (" << by_hash_.size()
                         << " clients)";
      }
    }
  }
  auto found = by_hash_.find(hash);
  if (found == by_hash_.end()) return absl::UnauthenticatedError("unknown token");
  if ((found->second.roles & Bit(role)) == 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "client '", found->second.name, "' lacks the role '", RoleName(role), "' this call needs"));
  }
  if (absl::Status spent = Spend(found->second.name, now); !spent.ok()) return spent;
  return found->second.name;
}

absl::Status Authenticator::Spend(const std::string& name, absl::Time now) {
  if (rate_ <= 0) return absl::OkStatus();
  const double burst = 2 * rate_;
  Bucket& bucket = buckets_[name];
  if (bucket.last == absl::InfinitePast()) bucket.tokens = burst;
  bucket.tokens = std::min(burst, bucket.tokens + rate_ * absl::ToDoubleSeconds(now - bucket.last));
  bucket.last = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::OkStatus();
  }
  int64_t wait_ms = static_cast<int64_t>(std::ceil((1 - bucket.tokens) / rate_ * 1000));
  return absl::ResourceExhaustedError(absl::StrCat("client '", name, "' exceeds ", rate_,
                                                   " calls per second; retry in ", wait_ms, " ms"));
}

void AttachToken(grpc::ClientContext* context, const std::string& token) {
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  absl::string_view first = *text;
  first = first.substr(0, first.find('\n'));
  first = absl::StripAsciiWhitespace(first);
  if (first.empty()) return absl::InvalidArgumentError(absl::StrCat(path, " holds no token"));
  return std::string(first);
}

absl::StatusOr<std::unique_ptr<TokenFile>> TokenFile::Open(const std::string& path) {
  std::unique_ptr<TokenFile> file(new TokenFile(path));
  int64_t mtime = ModifiedNs(path);
  absl::StatusOr<std::string> token = ReadTokenFile(path);
  if (!token.ok()) return token.status();
  absl::MutexLock lock(&file->mutex_);
  file->token_ = *std::move(token);
  file->loaded_mtime_ns_ = mtime;
  file->next_look_ = absl::Now() + absl::Seconds(1);
  return file;
}

std::string TokenFile::Current() {
  absl::MutexLock lock(&mutex_);
  absl::Time now = absl::Now();
  if (now < next_look_) return token_;
  next_look_ = now + absl::Seconds(1);
  int64_t mtime = ModifiedNs(path_);
  if (mtime == loaded_mtime_ns_) return token_;
  absl::StatusOr<std::string> token = ReadTokenFile(path_);
  if (!token.ok()) {
    FAZHI_LOG(kError) << "peer token file not reloaded, the previous token stays: "
                      << token.status().message();
    return token_;
  }
  token_ = *std::move(token);
  loaded_mtime_ns_ = mtime;
  FAZHI_LOG(kInfo) << "peer token file " << path_ << " reloaded";
  return token_;
}

}  // namespace fazhi::rpc
