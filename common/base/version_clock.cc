#include "common/base/version_clock.h"

#include "absl/time/clock.h"

namespace fazhi {

int64_t VersionClock::Next() {
  int64_t last = last_.load();
  while (true) {
    int64_t now = absl::ToUnixMicros(absl::Now());
    int64_t next = now > last ? now : last + 1;
    if (last_.compare_exchange_weak(last, next)) return next;
  }
}

void VersionClock::Observe(int64_t order) {
  int64_t last = last_.load();
  while (order > last && !last_.compare_exchange_weak(last, order)) {
  }
}

}  // namespace fazhi
