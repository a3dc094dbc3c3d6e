// text::Normalize and numbers::ScanNumbers, as the engine chains them: the
// normaliser's offset map (evidence points back into the input through it)
// and the scanner's spans. Normalize REQUIRES well-formed UTF-8 and every
// decoder guarantees it, so other bytes are skipped.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "common/numbers/numbers.h"
#include "common/text/normalize.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

bool OnBoundary(absl::string_view s, size_t pos) {
  return pos >= s.size() || (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input = fazhi::fuzz::Bytes(data, size);
  if (!fazhi::fuzz::IsUtf8(input)) return 0;
  fazhi::text::NormalizedText norm = fazhi::text::Normalize(input);
  const std::string& text = norm.text;
  FAZHI_FUZZ_CHECK(fazhi::fuzz::IsUtf8(text));
  FAZHI_FUZZ_CHECK(norm.original_size == static_cast<int64_t>(size));
  // Every normalised byte maps into the input, in order: an evidence span
  // [start, end) must map to an input span that is one too.
  int64_t previous = 0;
  for (size_t k = 0; k <= text.size(); ++k) {
    int64_t original = norm.OriginalOffset(k);
    FAZHI_FUZZ_CHECK(0 <= original && original <= norm.original_size);
    FAZHI_FUZZ_CHECK(previous <= original);
    previous = original;
  }
  FAZHI_FUZZ_CHECK(norm.OriginalOffset(text.size()) == norm.original_size);

  size_t last_start = 0;
  for (const fazhi::numbers::NumberMention& m : fazhi::numbers::ScanNumbers(text)) {
    FAZHI_FUZZ_CHECK(m.start <= m.numeral_start && m.numeral_start < m.numeral_end);
    FAZHI_FUZZ_CHECK(m.numeral_end <= m.end && m.end <= text.size());
    FAZHI_FUZZ_CHECK(OnBoundary(text, m.start) && OnBoundary(text, m.end));
    FAZHI_FUZZ_CHECK(last_start <= m.start);
    last_start = m.start;
    FAZHI_FUZZ_CHECK(!m.unit.empty());
    // A count or amount that a report states; statistics sum them.
    FAZHI_FUZZ_CHECK(std::isfinite(m.value) && std::isfinite(m.value_max));
    FAZHI_FUZZ_CHECK(m.value >= 0 && m.value <= m.value_max);
    // value_max "equals value otherwise" (numbers.h).
    FAZHI_FUZZ_CHECK(m.qualifier == fazhi::numbers::Qualifier::kRange || m.value_max == m.value);
  }
  // The parsers on their own, over the same bytes.
  (void)fazhi::numbers::ParseChineseNumeral(input);
  (void)fazhi::numbers::ParseArabic(input);
  return 0;
}
