// Strictly increasing version orders for the reports of one township: the
// newest version supersedes the others by this order, whatever order the
// deliveries arrive in (an outbox drained after an outage goes in id order).
//   VersionClock clock(stored_last);   // survives restarts when persisted
//   int64_t order = clock.Next();      // microseconds since the epoch
#ifndef FAZHI_COMMON_BASE_VERSION_CLOCK_H_
#define FAZHI_COMMON_BASE_VERSION_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace fazhi {

class VersionClock {
 public:
  explicit VersionClock(int64_t last = 0) : last_(last) {}

  // The wall clock in microseconds, or one past the last order handed out
  // when the clock stands still or has been set back. Thread-safe.
  int64_t Next();
  // Orders after Next() are above `order` too (a persisted last order).
  void Observe(int64_t order);
  int64_t last() const { return last_.load(); }

 private:
  std::atomic<int64_t> last_;
};

}  // namespace fazhi

#endif  // FAZHI_COMMON_BASE_VERSION_CLOCK_H_
