// Limits on the string fields of requests, checked before anything is
// stored or parsed: a client that sends an 8 MB `source` must not make a
// county's statistics unreadable, and text fields must be UTF-8.
//
//   RETURN_IF_ERROR(ValidateDocumentFields(request.document(), "document"));
#ifndef FAZHI_COMMON_RPC_REQUEST_LIMITS_H_
#define FAZHI_COMMON_RPC_REQUEST_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fazhi/v1/report.pb.h"

namespace fazhi::rpc {

// A path or URL: long enough for any real one.
inline constexpr size_t kMaxSourceBytes = 2048;

// INVALID_ARGUMENT naming `field` (e.g. "document.source") when `value` is
// longer than `max_bytes` or not valid UTF-8.
absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_bytes);

// A GB/T 2260 code in any standard form: 2, 4, 6 or 9 digits.
absl::Status ValidateRegionHint(absl::string_view field, absl::string_view hint);

// `source` and `region_hint` of a Document (its content is checked by
// whoever reads it). `field` names the message in errors ("document").
absl::Status ValidateDocumentFields(const fazhi::v1::Document& document, absl::string_view field);

}  // namespace fazhi::rpc

#endif  // FAZHI_COMMON_RPC_REQUEST_LIMITS_H_
