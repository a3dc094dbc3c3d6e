#include "common/text/fingerprint.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/text/utf8.h"

namespace fazhi::text {
namespace {

// The first byte in the low bits whatever the machine.
inline uint32_t LittleEndian(uint32_t word) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap32(word);
#else
  return word;
#endif
}

constexpr int kShingleChars = 4;  // ShingleHash takes exactly four
constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();

// Hash of one shingle: the four characters folded into 64 bits with shifts
// and one product, then mixed with the MurmurHash3 finaliser so that the
// low bits (the slot) are well spread. Three multiplications per shingle.
inline uint64_t ShingleHash(const uint32_t* chars) {
  uint64_t h = chars[0] ^ (uint64_t{chars[1]} << 21) ^ (uint64_t{chars[2]} << 42) ^
               (chars[3] * 0x9E3779B97F4A7C15ULL);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Length of a UTF-8 character by its first byte (1 for stray continuation
// bytes, which valid text does not have).
struct LengthTable {
  unsigned char length[256];
  constexpr LengthTable() : length() {
    for (int b = 0; b < 256; ++b) length[b] = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }
};
constexpr LengthTable kLength;
constexpr uint32_t kMask[5] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF};

}  // namespace

std::vector<uint64_t> TextFingerprint(absl::string_view text) {
  // Characters only: layout (spaces, line breaks) differs between formats.
  // A character is taken as its UTF-8 bytes packed into 32 bits (no
  // decoding, no branch on its length); the last kShingleChars of them
  // slide through `window`.
  uint32_t window[kShingleChars] = {};
  size_t count = 0;
  std::vector<uint64_t> slots(kFingerprintSlots, kEmpty);
  auto add = [&](uint32_t c) {
    if (c == ' ' || c == '\n' || c == '\t') return;
    for (int k = 0; k + 1 < kShingleChars; ++k) window[k] = window[k + 1];
    window[kShingleChars - 1] = c;
    if (++count < kShingleChars) return;
    uint64_t h = ShingleHash(window);
    uint64_t& slot = slots[h % kFingerprintSlots];
    uint64_t value = h / kFingerprintSlots;
    slot = std::min(slot, value);
  };
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  while (i + 4 <= n) {
    uint32_t word;
    std::memcpy(&word, p + i, 4);
    unsigned length = kLength.length[static_cast<unsigned char>(p[i])];
    add(LittleEndian(word) & kMask[length]);
    i += length;
  }
  while (i < n) {  // the last bytes, padded
    unsigned char tail[4] = {};
    std::memcpy(tail, p + i, n - i);
    uint32_t word = tail[0] | tail[1] << 8 | tail[2] << 16 | static_cast<uint32_t>(tail[3]) << 24;
    unsigned length = kLength.length[tail[0]];
    add(word & kMask[length]);
    i += length;
  }
  if (count < 2 * kShingleChars) return {};
  return slots;
}

double FingerprintSimilarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int same = 0;
  int filled = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == kEmpty && b[i] == kEmpty) continue;
    ++filled;
    if (a[i] == b[i]) ++same;
  }
  return filled == 0 ? 0 : static_cast<double>(same) / filled;
}

}  // namespace fazhi::text
