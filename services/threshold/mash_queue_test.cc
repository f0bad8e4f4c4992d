// The MASH queue: screeners in working hours, and a team that copes when it
// falls behind (overtime, then agency cover that leaves once the queue is
// clear).
#include "services/threshold/mash_queue.h"

#include "gtest/gtest.h"
#include "services/common/event_time.h"

namespace frontdoor {
namespace {

absl::Time At(const char* text) { return *ParseEventTime(text); }

// One screener, 60 minutes a contact, in January (GMT), coping as given.
v1::Mash OneScreener(double overtime_hours, double agency_screeners) {
  v1::Mash mash;
  mash.set_screeners(1);
  mash.set_amber_minutes(60);
  mash.set_green_minutes(60);
  mash.set_overtime_hours(overtime_hours);
  mash.set_agency_screeners(agency_screeners);
  mash.set_agency_after_days(2);
  mash.set_agency_lead_days(3);
  return mash;
}

TEST(MashQueueTest, RedAtOnceAmberAndGreenInWorkingHours) {
  MashQueue queue(v1::Mash{}, internal::MashQueue{});
  EXPECT_EQ(queue.Schedule(At("2024-01-06T22:00:00Z"), v1::RAG_RED),
            At("2024-01-06T22:30:00Z"));
  // Saturday night: the first working moment is Monday 09:00.
  EXPECT_EQ(queue.Schedule(At("2024-01-06T22:00:00Z"), v1::RAG_AMBER),
            At("2024-01-08T09:45:00Z"));
}

TEST(MashQueueTest, WithoutCoverABacklogOnlyGrows) {
  MashQueue queue(OneScreener(0, 0), internal::MashQueue());
  // Twenty contacts at 09:00 on Monday 8 January: eight a day, 17:00 sharp.
  absl::Time last;
  for (int i = 0; i < 20; ++i) {
    last = queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN);
  }
  EXPECT_EQ(last, At("2024-01-10T13:00:00Z"));
}

TEST(MashQueueTest, OvertimeWhileADayBehind) {
  MashQueue queue(OneScreener(2, 0), internal::MashQueue());
  for (int i = 0; i < 8; ++i) {
    queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN);
  }
  // The ninth finds the team a full day behind: worked from 17:00 to 18:00
  // on Monday rather than waiting for Tuesday.
  EXPECT_EQ(queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN),
            At("2024-01-08T18:00:00Z"));
}

TEST(MashQueueTest, AgencyCoverBookedWhenFarBehindAndLetGoWhenClear) {
  MashQueue queue(OneScreener(0, 2), internal::MashQueue());
  // 24 hours of work at 09:00 on Monday 8 January: three days.
  for (int i = 0; i < 24; ++i) {
    queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN);
  }
  // Two days behind: cover is booked, starting three working days after
  // Monday (Thursday 11th), and stored.
  EXPECT_EQ(queue.Schedule(At("2024-01-08T10:00:00Z"), v1::RAG_GREEN),
            At("2024-01-11T10:00:00Z"));
  internal::MashQueue state = queue.State();
  ASSERT_EQ(state.agency_free_at_micros_size(), 2);
  EXPECT_EQ(absl::FromUnixMicros(state.agency_free_at_micros(0)),
            At("2024-01-11T09:00:00Z"));
  // A queue restored from its state still has the cover: a contact on
  // Wednesday is screened by an agency screener on Thursday at 09:00.
  MashQueue restored(OneScreener(0, 2), state);
  EXPECT_EQ(restored.Schedule(At("2024-01-10T09:00:00Z"), v1::RAG_GREEN),
            At("2024-01-11T10:00:00Z"));
  // Once the permanent screener is free when a contact arrives, the cover
  // goes.
  restored.Schedule(At("2024-01-15T09:00:00Z"), v1::RAG_GREEN);
  EXPECT_EQ(restored.State().agency_free_at_micros_size(), 0);
}

}  // namespace
}  // namespace frontdoor
