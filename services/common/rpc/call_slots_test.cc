// Call slots: the total and per-caller bounds, and places given back.
#include "services/common/rpc/call_slots.h"

#include <optional>
#include <vector>

#include "gtest/gtest.h"

namespace frontdoor {
namespace {

TEST(CallSlotsTest, OneCallerIsHeldToItsShareAndAllToTheTotal) {
  CallSlots slots(/*total=*/3, /*per_caller=*/2);
  std::vector<CallSlots::Slot> held;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<CallSlots::Slot> slot = slots.Take("police", "calls");
    ASSERT_TRUE(slot.ok()) << slot.status();
    held.push_back(*std::move(slot));
  }
  absl::StatusOr<CallSlots::Slot> third = slots.Take("police", "calls");
  EXPECT_TRUE(absl::IsResourceExhausted(third.status())) << third.status();
  EXPECT_NE(third.status().message().find("police"), std::string::npos);
  // Another caller still gets one, until the service's total.
  absl::StatusOr<CallSlots::Slot> other = slots.Take("school", "calls");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(
      absl::IsResourceExhausted(slots.Take("health", "calls").status()));
  EXPECT_EQ(slots.open(), 3);
}

TEST(CallSlotsTest, AnEndedCallGivesItsPlaceBack) {
  CallSlots slots(/*total=*/1, /*per_caller=*/1);
  {
    absl::StatusOr<CallSlots::Slot> slot = slots.Take("police", "calls");
    ASSERT_TRUE(slot.ok());
    // Moved, the place is given back once, by the last holder.
    std::optional<CallSlots::Slot> moved(*std::move(slot));
    EXPECT_EQ(slots.open(), 1);
  }
  EXPECT_EQ(slots.open(), 0);
  EXPECT_TRUE(slots.Take("school", "calls").ok());
}

}  // namespace
}  // namespace frontdoor
