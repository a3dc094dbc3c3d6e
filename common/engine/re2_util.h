// Bridges absl::string_view and re2::StringPiece: Debian's Abseil has its
// own string_view class, so the two do not convert implicitly.
#ifndef FAZHI_COMMON_ENGINE_RE2_UTIL_H_
#define FAZHI_COMMON_ENGINE_RE2_UTIL_H_

#include "absl/strings/string_view.h"
#include "re2/stringpiece.h"

namespace fazhi::engine {

inline re2::StringPiece Piece(absl::string_view s) { return re2::StringPiece(s.data(), s.size()); }
inline absl::string_view View(re2::StringPiece s) { return absl::string_view(s.data(), s.size()); }

}  // namespace fazhi::engine

#endif  // FAZHI_COMMON_ENGINE_RE2_UTIL_H_
