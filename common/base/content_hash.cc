#include "common/base/content_hash.h"

// The one-shot SHA256() of OpenSSL 3 goes through EVP, whose first use
// registers every cipher and digest (~1 ms at each process start) and which
// fetches the algorithm on every call; the direct SHA-256 functions do
// neither and use the same accelerated code. OpenSSL 3 marks them
// deprecated without a date for removal.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "absl/strings/escaping.h"

namespace fazhi {

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, bytes.data(), bytes.size());
  SHA256_Final(digest, &context);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string ReportIdFor(absl::string_view document_bytes) {
  return Sha256Hex(document_bytes).substr(0, 32);
}

}  // namespace fazhi
