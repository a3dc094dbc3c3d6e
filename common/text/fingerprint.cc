#include "common/text/fingerprint.h"

#include <limits>

#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

constexpr int kShingleChars = 4;
constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();

uint64_t Fnv1a(const char32_t* cps, int n) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; ++i) {
    h ^= static_cast<uint64_t>(cps[i]);
    h *= 1099511628211ULL;
  }
  // Final mix so that the low bits (the slot) are well spread.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
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
    uint64_t h = Fnv1a(window, kShingleChars);
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
