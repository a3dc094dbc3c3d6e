// Minimal leveled logging to stderr (Debian's Abseil has no absl/log), as
// text or as one JSON object per line (--log_format=json: time, level,
// service, source, msg, and a request's fields).
//
//   fazhi::SetLogLevel(fazhi::LogLevel::kDebug);
//   FAZHI_LOG(kInfo) << "listening on " << address;
//   fazhi::LogFields(fazhi::LogLevel::kInfo, "rpc", {{"method", m}, {"code", "OK"}});
//
// Lines are written whole under a lock so that threads do not interleave.
#ifndef FAZHI_COMMON_BASE_LOG_H_
#define FAZHI_COMMON_BASE_LOG_H_

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
enum class LogFormat { kText, kJson };
void SetLogFormat(LogFormat format);
// Parses "text" or "json".
absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name);
// The "service" of JSON lines; default: the program's name without "fazhi-".
void SetLogService(absl::string_view service);

using LogFieldList = std::vector<std::pair<std::string, std::string>>;
// One line with named fields besides the message (a request: method, code,
// ms, caller, request_id): JSON fields, or key=value in text.
void LogFields(LogLevel level, absl::string_view message, const LogFieldList& fields);
bool LogEnabled(LogLevel level);
// Parses "debug", "info", "warning" or "error".
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name);

// Collects one line and writes it on destruction.
class LogLine {
 public:
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  std::string source_;
  std::ostringstream stream_;
};

// Lets FAZHI_LOG be one expression, safe inside an unbraced if/else.
struct LogVoidify {
  void operator&(std::ostream&) {}
};

}  // namespace fazhi

#define FAZHI_LOG(level)                         \
  !::fazhi::LogEnabled(::fazhi::LogLevel::level) \
      ? (void)0                                  \
      : ::fazhi::LogVoidify() &                  \
            ::fazhi::LogLine(::fazhi::LogLevel::level, __FILE__, __LINE__).stream()

#endif  // FAZHI_COMMON_BASE_LOG_H_
