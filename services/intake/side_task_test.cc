// SideTask: each task's own status comes back, in turn, on one thread.
#include "services/intake/side_task.h"

#include <thread>

#include "gtest/gtest.h"

namespace frontdoor::intake {
namespace {

TEST(SideTask, RunsEachTaskOnItsThreadAndReturnsItsStatus) {
  SideTask side;
  std::thread::id first_thread;
  for (int i = 0; i < 100; ++i) {
    std::thread::id ran_on;
    side.Start([i, &ran_on] {
      ran_on = std::this_thread::get_id();
      return i % 3 == 0 ? absl::UnavailableError("peer down")
                        : absl::OkStatus();
    });
    const absl::Status status = side.Wait();
    EXPECT_EQ(status.ok(), i % 3 != 0) << i;
    EXPECT_NE(ran_on, std::this_thread::get_id());
    if (i == 0) first_thread = ran_on;
    // One thread kept for every task, not one started per task.
    EXPECT_EQ(ran_on, first_thread) << i;
  }
}

TEST(SideTask, EndsCleanlyWithNothingStartedOrAfterAWait) {
  { SideTask unused; }
  SideTask side;
  side.Start([] { return absl::OkStatus(); });
  EXPECT_TRUE(side.Wait().ok());
}

}  // namespace
}  // namespace frontdoor::intake
