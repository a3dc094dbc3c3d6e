// What the fuzz targets share. A broken invariant aborts: libFuzzer keeps
// the input as a crash, and the replay under ctest fails on it, naming the
// check. Plain abort(), not gtest or a log macro, so that the targets link
// into both builds with nothing else.
//
//   FAZHI_FUZZ_CHECK(IsUtf8(doc->text));
#ifndef FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_
#define FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "common/text/utf8.h"

#define FAZHI_FUZZ_CHECK(condition)                                                           \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace fazhi::fuzz {

inline absl::string_view Bytes(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

inline bool IsUtf8(absl::string_view s) {
  return text::FirstInvalidUtf8(s) == absl::string_view::npos;
}

// Blank as the formats define an empty page: spaces, tabs and newlines.
inline bool IsBlank(absl::string_view s) {
  return s.find_first_not_of(" \n\t") == absl::string_view::npos;
}

}  // namespace fazhi::fuzz

#endif  // FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_
