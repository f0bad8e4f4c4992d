#include "clients/lib/level_changes.h"

#include "gtest/gtest.h"
#include "lib/domain/event_time.h"

namespace frontdoor::cli {
namespace {

absl::Time Day(int day) {
  return absl::FromCivil(absl::CivilDay(2024, 1, day), absl::UTCTimeZone());
}

v1::ContactRecord Decided(const std::string& contact_id, int decided_day) {
  v1::ContactRecord r;
  r.set_contact_id(contact_id);
  r.mutable_contact()->set_child_id("c1");
  r.set_status(v1::CONTACT_STATUS_DECIDED);
  r.set_level_before(v1::SERVICE_LEVEL_NONE);
  *r.mutable_decision()->mutable_decided_at() = ToProto(Day(decided_day));
  return r;
}

v1::Episode* AddEpisode(v1::ChildRecord* child, v1::ServiceLevel level,
                        const std::string& opened_by, int start,
                        const std::string& closed_by, int end) {
  v1::Episode* e = child->add_episodes();
  e->set_episode_id(absl::StrCat("c1/", child->episodes_size()));
  e->set_level(level);
  e->set_opened_by(opened_by);
  *e->mutable_start_time() = ToProto(Day(start));
  if (end > 0) {
    *e->mutable_end_time() = ToProto(Day(end));
    e->set_closed_by(closed_by);
  }
  return e;
}

// One child: contact 6:1 opens early help on day 2; 6:2 (day 5) finds it
// there and changes nothing; 6:3 steps it up to child in need on day 8;
// 6:4 takes effect on day 20, after the run's clock.
TEST(FillLevelChangesTest, OpenedSteppedUpUnchangedAndNotYetInEffect) {
  std::vector<v1::ChildRecord> children(1);
  children[0].set_child_id("c1");
  AddEpisode(&children[0], v1::SERVICE_LEVEL_EARLY_HELP, "6:1", 2, "6:3", 8);
  AddEpisode(&children[0], v1::SERVICE_LEVEL_CHILD_IN_NEED, "6:3", 8, "", 0);
  std::vector<v1::ContactRecord> records = {
      Decided("6:1", 2), Decided("6:2", 5), Decided("6:3", 8),
      Decided("6:4", 20)};
  records.push_back(records[0]);
  records.back().set_contact_id("6:5");
  records.back().set_status(v1::CONTACT_STATUS_PENDING);

  FillLevelChanges(children, Day(10), &records);

  EXPECT_EQ(records[0].level_change().from_level(), v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ(records[0].level_change().to_level(), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(records[0].level_change().transition(), v1::TRANSITION_OPENED);
  EXPECT_EQ(records[0].level_change().opened_episode_id(), "c1/1");
  EXPECT_EQ(records[1].level_change().transition(), v1::TRANSITION_NO_CHANGE);
  EXPECT_EQ(records[1].level_change().to_level(), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(records[2].level_change().from_level(),
            v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(records[2].level_change().to_level(),
            v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ(records[2].level_change().transition(), v1::TRANSITION_STEPPED_UP);
  EXPECT_FALSE(records[3].has_level_change());
  EXPECT_FALSE(records[4].has_level_change());
}

// A change the record already carries (a decision that took effect at once)
// is the one kept.
TEST(FillLevelChangesTest, KeepsAChangeTheRecordCarries) {
  std::vector<v1::ContactRecord> records = {Decided("6:1", 2)};
  records[0].mutable_level_change()->set_transition(v1::TRANSITION_CLOSED);
  FillLevelChanges({}, std::nullopt, &records);
  EXPECT_EQ(records[0].level_change().transition(), v1::TRANSITION_CLOSED);
}

}  // namespace
}  // namespace frontdoor::cli
