// RETURN_IF_ERROR and ASSIGN_OR_RETURN in standard C++ (Debian's Abseil
// 20220623 has neither).
//
//   absl::StatusOr<int> Parse(absl::string_view s);
//   absl::Status Use(absl::string_view s) {
//     ASSIGN_OR_RETURN(int n, Parse(s));
//     RETURN_IF_ERROR(Check(n));
//     return absl::OkStatus();
//   }
#ifndef FAZHI_COMMON_BASE_STATUS_MACROS_H_
#define FAZHI_COMMON_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define FAZHI_CONCAT_INNER(a, b) a##b
#define FAZHI_CONCAT(a, b) FAZHI_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status fazhi_status_ = (expr);         \
    if (!fazhi_status_.ok()) return fazhi_status_; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  FAZHI_ASSIGN_OR_RETURN_IMPL(FAZHI_CONCAT(fazhi_statusor_, __LINE__), lhs, expr)

#define FAZHI_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return statusor.status();          \
  lhs = std::move(statusor).value()

#endif  // FAZHI_COMMON_BASE_STATUS_MACROS_H_
