// Near-duplicate detection for report texts: a one-permutation MinHash
// over 4-character shingles. Two copies of one report (a web page and its
// PDF attachment) agree on most of the 64 slots; different reports of one
// township agree on few.
//
//   std::vector<uint64_t> a = TextFingerprint(norm_a), b = TextFingerprint(norm_b);
//   if (FingerprintSimilarity(a, b) >= kCopySimilarity) ...
#ifndef FAZHI_COMMON_TEXT_FINGERPRINT_H_
#define FAZHI_COMMON_TEXT_FINGERPRINT_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::text {

inline constexpr int kFingerprintSlots = 64;
// Share of agreeing slots from which two texts count as copies.
inline constexpr double kCopySimilarity = 0.8;

// Empty for texts too short to judge (under 8 characters). Stable across
// runs and machines (fixed constants, no seeded hashing).
std::vector<uint64_t> TextFingerprint(absl::string_view normalized);

// Share (0..1) of the slots that either fingerprint fills on which both
// hold the same value. Slots empty in both (short texts leave some empty)
// are left out rather than counted as disagreement. 0 when either
// fingerprint is empty or their sizes differ.
double FingerprintSimilarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

}  // namespace fazhi::text

#endif  // FAZHI_COMMON_TEXT_FINGERPRINT_H_
