// The MASH queue: screeners in working hours, and a team that copes when it
// falls behind (overtime, then agency cover that leaves once the queue is
// clear).
#include "services/threshold/mash_queue.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"

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
  mash.set_absence_rate(0);
  return mash;
}

TEST(MashQueueTest, RedAtOnceAmberAndGreenInWorkingHours) {
  v1::Mash mash;
  mash.set_absence_rate(0);
  MashQueue queue(mash, internal::MashQueue{});
  EXPECT_EQ(queue.Schedule(At("2024-01-06T22:00:00Z"), v1::RAG_RED),
            At("2024-01-06T22:30:00Z"));
  // Saturday night: the first working moment is Monday 09:00.
  EXPECT_EQ(queue.Schedule(At("2024-01-06T22:00:00Z"), v1::RAG_AMBER),
            At("2024-01-08T09:45:00Z"));
}

TEST(MashQueueTest, AbsenceThinsTheTeam) {
  v1::Mash mash = OneScreener(0, 0);
  mash.set_absence_rate(0.5);
  MashQueue queue(mash, internal::MashQueue());
  // Half the time lost: an hour's screening takes two.
  EXPECT_EQ(queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_AMBER),
            At("2024-01-08T11:00:00Z"));
  // Red contacts go to the duty team as before.
  EXPECT_EQ(queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_RED),
            At("2024-01-08T09:30:00Z"));
}

// The threshold service stores the queue after every batch and reloads it
// after a restart: a reloaded queue must schedule to the microsecond as one
// kept in memory, whatever fractions absence and partners' waits bring.
TEST(MashQueueTest, ARestoredQueueSchedulesAsOneKeptInMemory) {
  v1::Mash mash;
  mash.set_absence_rate(0.034);
  mash.set_screeners(1);
  MashQueue kept(mash, internal::MashQueue());
  internal::MashQueue stored;
  absl::Time arrival = At("2024-01-08T09:00:00.000001Z");
  for (int i = 0; i < 200; ++i) {
    const MashWork work{.arrival = arrival,
                        .rag = i % 3 == 0 ? v1::RAG_AMBER : v1::RAG_GREEN,
                        .partner_wait_hours = i % 4 == 0 ? 1.0 / 7 : 0,
                        .needs_sign_off = i % 5 == 0};
    MashQueue restored(mash, stored);
    const MashTimes a = kept.Schedule(work);
    const MashTimes b = restored.Schedule(work);
    ASSERT_EQ(a.screened, b.screened) << i;
    ASSERT_EQ(a.decided, b.decided) << i;
    stored = restored.State();
    arrival += absl::Minutes(13);
  }
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

TEST(MashQueueTest, PartnerWaitHoldsUpOnlyItsOwnDecision) {
  v1::Mash mash = OneScreener(0, 0);
  mash.set_partner_check_share(0);
  MashQueue queue(mash, internal::MashQueue());
  // Screened 09:00-10:00 on Monday, then four working hours for the police
  // to answer.
  const MashTimes waiting =
      queue.Schedule(MashWork{.arrival = At("2024-01-08T09:00:00Z"),
                              .rag = v1::RAG_AMBER,
                              .partner_wait_hours = 4});
  EXPECT_EQ(waiting.screened, At("2024-01-08T14:00:00Z"));
  EXPECT_EQ(waiting.decided, waiting.screened);
  // The screener moved on at 10:00.
  EXPECT_EQ(queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN),
            At("2024-01-08T11:00:00Z"));
  // A long wait runs on into the next working day, in working hours.
  const MashTimes overnight =
      queue.Schedule(MashWork{.arrival = At("2024-01-08T09:00:00Z"),
                              .rag = v1::RAG_GREEN,
                              .partner_wait_hours = 7});
  EXPECT_EQ(overnight.decided, At("2024-01-09T11:00:00Z"));
}

TEST(MashQueueTest, SignOffsQueueForTheManagers) {
  v1::Mash mash = OneScreener(0, 0);
  mash.set_managers(1);
  mash.set_sign_off_minutes(120);
  MashQueue queue(mash, internal::MashQueue());
  const MashWork needs_sign_off{.arrival = At("2024-01-08T09:00:00Z"),
                                .rag = v1::RAG_AMBER,
                                .needs_sign_off = true};
  // Screened at 10:00 and 11:00; one manager signs off 10:00-12:00, then
  // 12:00-14:00.
  const MashTimes first = queue.Schedule(needs_sign_off);
  EXPECT_EQ(first.screened, At("2024-01-08T10:00:00Z"));
  EXPECT_EQ(first.decided, At("2024-01-08T12:00:00Z"));
  const MashTimes second = queue.Schedule(needs_sign_off);
  EXPECT_EQ(second.screened, At("2024-01-08T11:00:00Z"));
  EXPECT_EQ(second.decided, At("2024-01-08T14:00:00Z"));
  // The managers' state is stored: a restored queue's manager is busy
  // until 14:00.
  MashQueue restored(mash, queue.State());
  EXPECT_EQ(restored.Schedule(needs_sign_off).decided,
            At("2024-01-08T16:00:00Z"));
  // A red decision's sign-off is the duty manager's, at once, any hour.
  const MashTimes red =
      queue.Schedule(MashWork{.arrival = At("2024-01-06T22:00:00Z"),
                              .rag = v1::RAG_RED,
                              .needs_sign_off = true});
  EXPECT_EQ(red.decided, At("2024-01-07T00:30:00Z"));
}

TEST(MashQueueTest, LowLevelContactsSignpostedAfterTheLimit) {
  v1::Mash mash = OneScreener(0, 0);
  mash.set_signpost_after_days(1);
  MashQueue queue(mash, internal::MashQueue());
  // Ten hours of work on Monday at 09:00: the team is a day and two hours
  // behind.
  for (int i = 0; i < 10; ++i) {
    queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN);
  }
  const MashWork low{.arrival = At("2024-01-08T09:00:00Z"),
                     .rag = v1::RAG_GREEN,
                     .signpostable = true};
  // Signposted a working day's hours after it arrived, with no screener's
  // time spent.
  const MashTimes signposted = queue.Schedule(low);
  EXPECT_TRUE(signposted.signposted);
  EXPECT_EQ(signposted.decided, At("2024-01-08T17:00:00Z"));
  EXPECT_EQ(queue.Schedule(At("2024-01-08T09:00:00Z"), v1::RAG_GREEN),
            At("2024-01-09T12:00:00Z"));
  // A contact that cannot be signposted waits its turn however long.
  EXPECT_FALSE(queue
                   .Schedule(MashWork{.arrival = At("2024-01-08T09:00:00Z"),
                                      .rag = v1::RAG_GREEN})
                   .signposted);
}

TEST(MashQueueTest, JudgementAndPartnerWaitsAreDrawnPerContact) {
  v1::Mash mash;
  mash.set_screener_disagreement(0.2);
  mash.set_partner_check_share(0.3);
  mash.set_partner_check_hours(8);
  int moved = 0, up = 0, waited = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = absl::StrCat("6:c", i);
    const int judgement = ScreenerJudgement(mash, 7, id);
    EXPECT_EQ(judgement, ScreenerJudgement(mash, 7, id));
    moved += judgement != 0;
    up += judgement > 0;
    waited += PartnerWaitHours(mash, 7, id, v1::RAG_AMBER) > 0;
    EXPECT_EQ(PartnerWaitHours(mash, 7, id, v1::RAG_RED), 0);
  }
  EXPECT_NEAR(moved, 400, 60);
  EXPECT_NEAR(up, 200, 45);
  EXPECT_NEAR(waited, 600, 70);
  // Leaning 1: every move is up.
  mash.set_screener_leaning(1);
  for (int i = 0; i < 200; ++i) {
    EXPECT_GE(ScreenerJudgement(mash, 7, absl::StrCat("6:c", i)), 0);
  }
}

}  // namespace
}  // namespace frontdoor
