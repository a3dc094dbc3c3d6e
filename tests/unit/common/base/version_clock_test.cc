#include "common/base/version_clock.h"

#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace fazhi {
namespace {

TEST(VersionClockTest, FollowsTheWallClockInMicroseconds) {
  VersionClock clock;
  int64_t before = absl::ToUnixMicros(absl::Now());
  int64_t order = clock.Next();
  int64_t after = absl::ToUnixMicros(absl::Now());
  EXPECT_GE(order, before);
  EXPECT_LE(order, after);
}

TEST(VersionClockTest, StaysAboveAnObservedOrderWhenTheClockIsBehind) {
  // As after a restart with the clock set back an hour.
  int64_t stored = absl::ToUnixMicros(absl::Now() + absl::Hours(1));
  VersionClock clock;
  clock.Observe(stored);
  clock.Observe(stored - 5);  // a lower order changes nothing
  EXPECT_EQ(clock.Next(), stored + 1);
  EXPECT_EQ(clock.Next(), stored + 2);
  EXPECT_EQ(clock.last(), stored + 2);
}

TEST(VersionClockTest, ConcurrentCallersNeverShareAnOrder) {
  VersionClock clock;
  absl::Mutex mutex;
  std::set<int64_t> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<int64_t> mine;
      int64_t last = 0;
      for (int i = 0; i < 5000; ++i) {
        int64_t order = clock.Next();
        EXPECT_GT(order, last);  // increasing within a thread
        last = order;
        mine.push_back(order);
      }
      absl::MutexLock lock(&mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(seen.size(), 4u * 5000u);
}

}  // namespace
}  // namespace fazhi
