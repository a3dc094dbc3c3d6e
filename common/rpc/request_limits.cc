#include "common/rpc/request_limits.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace fazhi::rpc {

absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", value.size(), " bytes long; the limit is ", max_bytes));
  }
  if (size_t bad = text::FirstInvalidUtf8(value); bad != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not valid UTF-8 (byte ", bad, ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRegionHint(absl::string_view field, absl::string_view hint) {
  if (hint.empty()) return absl::OkStatus();
  bool digits = std::all_of(hint.begin(), hint.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  if (!digits || (hint.size() != 2 && hint.size() != 4 && hint.size() != 6 && hint.size() != 9)) {
    // The value is echoed only when it is short and printable.
    bool echo = hint.size() <= 16 && std::all_of(hint.begin(), hint.end(), [](char c) {
                  return absl::ascii_isprint(static_cast<unsigned char>(c));
                });
    return absl::InvalidArgumentError(
        absl::StrCat(field, echo ? absl::StrCat(" '", hint, "'") : std::string(),
                     " is not a GB/T 2260 code (2, 4, 6 or 9 digits: 33, 3301 or 330100, 330102, "
                     "330102004)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDocumentFields(const fazhi::v1::Document& document, absl::string_view field) {
  absl::Status s = ValidateText(absl::StrCat(field, ".source"), document.source(), kMaxSourceBytes);
  if (!s.ok()) return s;
  return ValidateRegionHint(absl::StrCat(field, ".region_hint"), document.region_hint());
}

}  // namespace fazhi::rpc
