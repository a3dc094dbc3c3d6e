// Stable content identifiers: the same bytes always give the same id, on any
// machine and in any run, so resubmissions are recognised.
#ifndef FAZHI_COMMON_BASE_CONTENT_HASH_H_
#define FAZHI_COMMON_BASE_CONTENT_HASH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fazhi {

// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string Sha256Hex(absl::string_view bytes);

// The report id of a document: the first 32 hex digits of its SHA-256.
std::string ReportIdFor(absl::string_view document_bytes);

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_CONTENT_HASH_H_
