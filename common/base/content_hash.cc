#include "common/base/content_hash.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"

namespace fazhi {

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string ReportIdFor(absl::string_view document_bytes) {
  return Sha256Hex(document_bytes).substr(0, 32);
}

}  // namespace fazhi
