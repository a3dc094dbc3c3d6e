#include "common/base/log.h"

#include <errno.h>

#include <atomic>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/json_string.h"

namespace fazhi {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
absl::Mutex g_write_mutex;

const char* LevelLetter(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "D";
    case LogLevel::kInfo:
      return "I";
    case LogLevel::kWarning:
      return "W";
    case LogLevel::kError:
      return "E";
  }
  return "?";
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= g_level; }

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warning") return LogLevel::kWarning;
  if (lower == "error") return LogLevel::kError;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log level '", name, "' (want debug, info, warning or error)"));
}

namespace {

std::atomic<int> g_format{static_cast<int>(LogFormat::kText)};
absl::Mutex g_service_mutex;
std::string* g_service = nullptr;

std::string Service() {
  absl::MutexLock lock(&g_service_mutex);
  if (g_service == nullptr) {
    std::string name = program_invocation_short_name;
    if (absl::StartsWith(name, "fazhi-")) name = name.substr(6);
    g_service = new std::string(name);
  }
  return *g_service;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}

void Write(const std::string& text) {
  absl::MutexLock lock(&g_write_mutex);
  fwrite(text.data(), 1, text.size(), stderr);
  fflush(stderr);
}

// The whole line in the chosen format.
std::string Render(LogLevel level, absl::string_view source, absl::string_view message,
                   const LogFieldList& fields) {
  const std::string time =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  if (g_format.load() == static_cast<int>(LogFormat::kJson)) {
    std::string out =
        absl::StrCat("{\"time\":", JsonString(time), ",\"level\":\"", LevelName(level),
                     "\",\"service\":", JsonString(Service()), ",\"source\":", JsonString(source),
                     ",\"msg\":", JsonString(message));
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&out, ",", JsonString(key), ":", JsonString(value));
    }
    return out + "}\n";
  }
  std::string out = absl::StrCat(LevelLetter(level), " ", time, " ", source, "] ", message);
  for (const auto& [key, value] : fields) {
    if (!value.empty()) absl::StrAppend(&out, " ", key, "=", value);
  }
  return out + "\n";
}

}  // namespace

void SetLogFormat(LogFormat format) { g_format = static_cast<int>(format); }

absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log format '", name, "' (want text or json)"));
}

void SetLogService(absl::string_view service) {
  absl::MutexLock lock(&g_service_mutex);
  delete g_service;
  g_service = new std::string(service);
}

void LogFields(LogLevel level, absl::string_view message, const LogFieldList& fields) {
  if (!LogEnabled(level)) return;
  Write(Render(level, "rpc", message, fields));
}

LogLine::LogLine(LogLevel level, const char* file, int line) : level_(level) {
  absl::string_view path(file);
  size_t slash = path.rfind('/');
  if (slash != absl::string_view::npos) path.remove_prefix(slash + 1);
  source_ = absl::StrCat(path, ":", line);
}

LogLine::~LogLine() { Write(Render(level_, source_, stream_.str(), {})); }

}  // namespace fazhi
