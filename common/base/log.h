// Minimal leveled logging to stderr (Debian's Abseil has no absl/log).
//
//   fazhi::SetLogLevel(fazhi::LogLevel::kDebug);
//   FAZHI_LOG(kInfo) << "listening on " << address;
//
// Lines are written whole under a lock so that threads do not interleave.
#ifndef FAZHI_COMMON_BASE_LOG_H_
#define FAZHI_COMMON_BASE_LOG_H_

#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
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
