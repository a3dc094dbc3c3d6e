#include "common/text/fingerprint.h"

#include <limits>

#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

constexpr int kShingleChars = 4;  // ShingleHash takes exactly four
constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();

// Hash of one shingle: the four characters weighted by odd constants (the
// products are independent, so they overlap in the pipeline) and mixed
// with the MurmurHash3 finaliser so that the low bits (the slot) are well
// spread.
inline uint64_t ShingleHash(const char32_t* cps) {
  uint64_t h = cps[0] * 0x9E3779B97F4A7C15ULL + cps[1] * 0xC2B2AE3D27D4EB4FULL +
               cps[2] * 0x165667B19E3779F9ULL + cps[3] * 0xD6E8FEB86659FD93ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

std::vector<uint64_t> TextFingerprint(absl::string_view text) {
  // Characters only: layout (spaces, line breaks) differs between formats.
  // The last kShingleChars characters slide through `window`, so that the
  // text is decoded once and nothing the size of the text is allocated.
  char32_t window[kShingleChars] = {};
  size_t count = 0;
  std::vector<uint64_t> slots(kFingerprintSlots, kEmpty);
  for (size_t i = 0; i < text.size();) {
    int len;
    char32_t cp = DecodeAt(text, i, &len);
    i += len;
    if (cp == ' ' || cp == '\n' || cp == '\t') continue;
    for (int k = 0; k + 1 < kShingleChars; ++k) window[k] = window[k + 1];
    window[kShingleChars - 1] = cp;
    if (++count < kShingleChars) continue;
    uint64_t h = ShingleHash(window);
    uint64_t& slot = slots[h % kFingerprintSlots];
    uint64_t value = h / kFingerprintSlots;
    if (value < slot) slot = value;
  }
  if (count < 2 * kShingleChars) return {};
  return slots;
}

double FingerprintSimilarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i] && a[i] != kEmpty) ++same;
  }
  return static_cast<double>(same) / a.size();
}

}  // namespace fazhi::text
