// A JSON string literal, for text written by hand (log lines, the
// gateway's replies that are not protobuf JSON).
#ifndef FAZHI_COMMON_BASE_JSON_STRING_H_
#define FAZHI_COMMON_BASE_JSON_STRING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fazhi {

// "…" with quotes, backslashes and control characters escaped; UTF-8 passes
// through.
std::string JsonString(absl::string_view s);

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_JSON_STRING_H_
