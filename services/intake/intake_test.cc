// Intake's flow on real stores: histories, idempotency, refusals and
// redelivery after an outage. Downstream here is the real Threshold and
// Stepping domain classes called in-process (the gRPC path is covered by
// tests/integration).
#include "services/intake/intake.h"

#include "gtest/gtest.h"
#include "services/common/event_time.h"
#include "services/stepping/stepping.h"
#include "services/threshold/policy_file.h"
#include "services/threshold/threshold.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

// Threshold and Stepping in this process, with a switch that makes them
// unreachable as a network outage would.
class InProcessDownstream : public Downstream {
 public:
  InProcessDownstream(Threshold* threshold, Stepping* stepping)
      : threshold_(threshold), stepping_(stepping) {}

  absl::StatusOr<v1::ServiceLevel> CurrentLevel(absl::string_view run_id,
                                                absl::string_view child_id,
                                                absl::Time as_of) override {
    if (down) return absl::UnavailableError("stepping: down");
    absl::StatusOr<internal::ChildState> child =
        stepping_->Child(run_id, child_id, as_of);
    if (!child.ok()) return child.status();
    return child->level();
  }
  absl::StatusOr<v1::Decision> Decide(
      const v1::DecideRequest& request) override {
    if (down) return absl::UnavailableError("threshold: down");
    ++decide_calls;
    return threshold_->Decide(request);
  }
  absl::StatusOr<v1::LevelChange> Apply(
      const v1::ApplyDecisionRequest& request) override {
    if (down) return absl::UnavailableError("stepping: down");
    return stepping_->Apply(request);
  }

  absl::Status ConfigureRun(const v1::RunConfig& config) override {
    if (down) return absl::UnavailableError("threshold: down");
    if (absl::Status s = threshold_->ConfigureRun(config); !s.ok()) return s;
    return stepping_->ConfigureRun(config);
  }
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) override {
    if (down) return absl::UnavailableError("threshold: down");
    absl::StatusOr<int64_t> t = threshold_->DeleteRun(run_id);
    if (!t.ok()) return t.status();
    absl::StatusOr<int64_t> s = stepping_->DeleteRun(run_id);
    if (!s.ok()) return s.status();
    return *t + *s;
  }

  bool down = false;
  int decide_calls = 0;

 private:
  Threshold* threshold_;
  Stepping* stepping_;
};

std::unique_ptr<Store> OpenStore(const std::string& path,
                                 std::vector<std::string> families) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open({.path = path, .families = std::move(families)});
  EXPECT_TRUE(store.ok()) << store.status();
  return *std::move(store);
}

class IntakeTest : public ::testing::Test {
 protected:
  IntakeTest()
      : threshold_store_(OpenStore(dir_.Sub("t"), ThresholdFamilies())),
        stepping_store_(OpenStore(dir_.Sub("s"), Stepping::Families())),
        intake_store_(OpenStore(dir_.Sub("i"), IntakeStore::Families())),
        policies_(LoadDefaultPolicy(threshold_store_.get())),
        threshold_(threshold_store_.get(), policies_.get()),
        stepping_(stepping_store_.get()),
        downstream_(&threshold_, &stepping_),
        typed_store_(intake_store_.get()),
        intake_(&typed_store_, &downstream_) {}

  static std::vector<std::string> ThresholdFamilies() {
    std::vector<std::string> families = Threshold::Families();
    families.push_back(PolicyRegistry::Families()[0]);
    return families;
  }

  static std::unique_ptr<PolicyRegistry> LoadDefaultPolicy(Store* store) {
    absl::StatusOr<std::unique_ptr<PolicyRegistry>> registry =
        PolicyRegistry::Open(store);
    EXPECT_TRUE(registry.ok()) << registry.status();
    absl::StatusOr<Policy> policy = LoadPolicyFile(
        std::string(FRONTDOOR_SOURCE_DIR) + "/policies/default.textproto");
    EXPECT_TRUE(policy.ok()) << policy.status();
    EXPECT_TRUE((*registry)->Load(policy->spec(), "default", true).ok());
    return *std::move(registry);
  }

  static v1::Contact MakeContact(const std::string& id,
                                 const std::string& child,
                                 const std::string& time,
                                 std::vector<std::string> factors) {
    v1::Contact c;
    c.set_source("2A");
    c.set_source_contact_id(id);
    c.set_local_authority("202");
    c.set_child_id(child);
    c.set_age_years(10);
    for (std::string& f : factors) c.add_factors(std::move(f));
    *c.mutable_event_time() = ToProto(*ParseEventTime(time));
    return c;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> threshold_store_, stepping_store_, intake_store_;
  std::unique_ptr<PolicyRegistry> policies_;
  Threshold threshold_;
  Stepping stepping_;
  InProcessDownstream downstream_;
  IntakeStore typed_store_;
  Intake intake_;
};

TEST_F(IntakeTest, ContactIsDecidedAndApplied) {
  absl::StatusOr<v1::SubmitContactResponse> r =
      intake_.Submit(MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate());
  EXPECT_EQ(r->record().status(), v1::CONTACT_STATUS_DECIDED);
  EXPECT_EQ(r->record().contact_id(), "2A:1");
  EXPECT_EQ(r->record().contact().run_id(), "default");
  EXPECT_EQ(r->record().decision().outcome(), v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ(r->record().level_change().to_level(),
            v1::SERVICE_LEVEL_EARLY_HELP);
}

TEST_F(IntakeTest, PriorContactsCountOnlyTheLastTwelveMonths) {
  ASSERT_TRUE(
      intake_.Submit(MakeContact("1", "c1", "2023-01-01T00:00:00Z", {})).ok());
  ASSERT_TRUE(
      intake_.Submit(MakeContact("2", "c1", "2023-06-01T00:00:00Z", {})).ok());
  ASSERT_TRUE(
      intake_.Submit(MakeContact("3", "other", "2023-07-01T00:00:00Z", {}))
          .ok());
  absl::StatusOr<v1::SubmitContactResponse> r =
      intake_.Submit(MakeContact("4", "c1", "2024-03-01T00:00:00Z", {}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->record().prior_contacts_12m(), 1);
}

TEST_F(IntakeTest, DuplicateReturnsFirstResultAndChangesNothing) {
  const v1::Contact first =
      MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B"});
  ASSERT_TRUE(intake_.Submit(first).ok());
  v1::Contact resent = first;
  resent.clear_factors();
  resent.add_factors("19C");
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(resent);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->duplicate());
  EXPECT_EQ(r->record().decision().outcome(), v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ(downstream_.decide_calls, 1);
  EXPECT_EQ(intake_.ChildContacts("", "c1")->size(), 1u);
}

TEST_F(IntakeTest, BadContactLeavesNoTrace) {
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(
      MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B", "nope"}));
  EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_TRUE(intake_.ChildContacts("", "c1")->empty());
  EXPECT_TRUE(typed_store_.Pending()->empty());
  EXPECT_EQ(downstream_.decide_calls, 0);
}

TEST_F(IntakeTest, OutageLeavesContactPendingUntilRedelivered) {
  downstream_.down = true;
  absl::StatusOr<v1::SubmitContactResponse> r =
      intake_.Submit(MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"16A"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record().status(), v1::CONTACT_STATUS_PENDING);
  EXPECT_EQ(typed_store_.Pending()->size(), 1u);
  EXPECT_FALSE(intake_.DeliverPending().ok());

  downstream_.down = false;
  absl::StatusOr<int> delivered = intake_.DeliverPending();
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(*delivered, 1);
  EXPECT_TRUE(typed_store_.Pending()->empty());
  absl::StatusOr<std::vector<v1::ContactRecord>> records =
      intake_.ChildContacts("", "c1");
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].decision().outcome(),
            v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
}

TEST_F(IntakeTest, RunsDoNotSeeEachOthersHistory) {
  v1::Contact a = MakeContact("1", "c1", "2024-01-10T10:00:00Z", {});
  a.set_run_id("run-a");
  v1::Contact b = MakeContact("1", "c1", "2024-02-10T10:00:00Z", {});
  b.set_run_id("run-b");
  ASSERT_TRUE(intake_.Submit(a).ok());
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(b);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->duplicate());
  EXPECT_EQ(r->record().prior_contacts_12m(), 0);
}

}  // namespace
}  // namespace frontdoor
