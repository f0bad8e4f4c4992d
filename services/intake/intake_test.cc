// Intake's flow on real stores: histories, idempotency, refusals and
// redelivery after an outage. Downstream here is the real Threshold and
// Stepping domain classes called in-process (the gRPC path is covered by
// tests/integration).
#include "services/intake/intake.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "lib/policy/policy_file.h"
#include "services/stepping/stepping.h"
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

  absl::StatusOr<v1::ObserveResponse> Observe(
      const v1::ObserveRequest& request) override {
    if (down) return FromPeer("stepping", absl::UnavailableError("down"));
    return stepping_->Observe(request);
  }
  absl::StatusOr<v1::DecideBatchResponse> DecideBatch(
      const v1::DecideBatchRequest& request) override {
    if (down) return FromPeer("threshold", absl::UnavailableError("down"));
    decide_calls += request.requests_size();
    return threshold_->DecideBatch(request);
  }
  absl::StatusOr<v1::ApplyBatchResponse> ApplyBatch(
      const v1::ApplyBatchRequest& request) override {
    if (down || apply_down)
      return FromPeer("stepping", absl::UnavailableError("down"));
    return stepping_->ApplyBatch(request);
  }
  absl::Status ConfigureRun(const v1::RunConfig& config) override {
    if (down) return FromPeer("threshold", absl::UnavailableError("down"));
    if (absl::Status s = threshold_->ConfigureRun(config); !s.ok()) return s;
    return stepping_->ConfigureRun(config);
  }
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) override {
    if (down) return FromPeer("threshold", absl::UnavailableError("down"));
    absl::StatusOr<int64_t> t = threshold_->DeleteRun(run_id);
    if (!t.ok()) return t.status();
    absl::StatusOr<int64_t> s = stepping_->DeleteRun(run_id);
    if (!s.ok()) return s.status();
    return *t + *s;
  }
  absl::StatusOr<v1::GetCaseloadsResponse> Caseloads(
      absl::string_view run_id) override {
    absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> counts =
        stepping_->Caseloads(run_id);
    if (!counts.ok()) return counts.status();
    v1::GetCaseloadsResponse response;
    for (const auto& [level, children] : *counts) {
      v1::Caseload* caseload = response.add_caseloads();
      caseload->set_level(level);
      caseload->set_children(children);
    }
    return response;
  }
  absl::StatusOr<std::vector<v1::RunDigest>> Digests(
      absl::string_view run_id) override {
    absl::StatusOr<v1::RunDigest> t = threshold_->Digest(run_id);
    if (!t.ok()) return t.status();
    absl::StatusOr<v1::RunDigest> s = stepping_->Digest(run_id);
    if (!s.ok()) return s.status();
    return std::vector<v1::RunDigest>{*t, *s};
  }

  // Delivery runs on intake's own threads.
  std::atomic<bool> down = false;
  // Only ApplyBatch fails: a batch's first two hops land, its third not.
  std::atomic<bool> apply_down = false;
  std::atomic<int> decide_calls = 0;

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
      : threshold_store_(OpenStore(dir_.Sub("t"), ThresholdStore::Families())),
        stepping_store_(OpenStore(dir_.Sub("s"), SteppingStore::Families())),
        intake_store_(OpenStore(dir_.Sub("i"), IntakeStore::Families())),
        threshold_records_(threshold_store_.get()),
        stepping_records_(stepping_store_.get()),
        policies_(LoadDefaultPolicy(&threshold_records_)),
        threshold_(&threshold_records_, policies_.get()),
        stepping_(&stepping_records_),
        downstream_(&threshold_, &stepping_),
        typed_store_(intake_store_.get()),
        intake_(&typed_store_, &downstream_, {.unary_wait = absl::Seconds(5)}) {
    EXPECT_TRUE(intake_.Start().ok());
  }

  // Waits until the run has nothing left to deliver.
  void Drain(const std::string& run_id) {
    for (int i = 0; i < 500; ++i) {
      const std::vector<v1::RunInfo> runs = *intake_.ListRuns();
      for (const v1::RunInfo& info : runs) {
        if (info.config().run_id() == run_id && info.queued_events() == 0) {
          return;
        }
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    std::string stalled;
    const std::vector<v1::RunInfo> runs = *intake_.ListRuns();
    for (const v1::RunInfo& info : runs) {
      if (info.config().run_id() == run_id) stalled = info.stalled();
    }
    ADD_FAILURE() << "run " << run_id << " never drained: " << stalled;
  }

  static std::unique_ptr<PolicyRegistry> LoadDefaultPolicy(
      const ThresholdStore* store) {
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
  ThresholdStore threshold_records_;
  SteppingStore stepping_records_;
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

TEST_F(IntakeTest, IdenticalResubmissionIsAHarmlessDuplicate) {
  const v1::Contact first =
      MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B"});
  ASSERT_TRUE(intake_.Submit(first).ok());
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(first);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->duplicate());
  EXPECT_EQ(r->record().decision().outcome(), v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ(downstream_.decide_calls, 1);
  EXPECT_EQ(intake_.ChildContacts("", "c1")->size(), 1u);
}

TEST_F(IntakeTest, SameKeyWithOtherContentIsRefusedNamingTheField) {
  const v1::Contact first =
      MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B"});
  ASSERT_TRUE(intake_.Submit(first).ok());
  v1::Contact resent = first;
  resent.clear_factors();
  resent.add_factors("24A");
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(resent);
  EXPECT_TRUE(absl::IsAlreadyExists(r.status())) << r.status();
  EXPECT_NE(r.status().message().find("factors"), std::string::npos)
      << r.status();
  v1::Contact other_child = first;
  other_child.set_child_id("c2");
  r = intake_.Submit(other_child);
  EXPECT_TRUE(absl::IsAlreadyExists(r.status())) << r.status();
  EXPECT_NE(r.status().message().find("child_id"), std::string::npos);
  EXPECT_EQ(downstream_.decide_calls, 1);
  EXPECT_TRUE(intake_.ChildContacts("", "c2")->empty());
}

TEST_F(IntakeTest, BadContactLeavesNoTrace) {
  absl::StatusOr<v1::SubmitContactResponse> r = intake_.Submit(
      MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"4B", "nope"}));
  EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_TRUE(intake_.ChildContacts("", "c1")->empty());
  int logged = 0;
  ASSERT_TRUE(typed_store_
                  .ScanLog([&](const std::string&, LogEntry) {
                    ++logged;
                    return true;
                  })
                  .ok());
  EXPECT_EQ(logged, 0);
  EXPECT_EQ(downstream_.decide_calls, 0);
}

TEST_F(IntakeTest, OutageQueuesContactsInOrderUntilThePeerIsBack) {
  downstream_.down = true;
  absl::StatusOr<v1::SubmitContactResponse> r =
      intake_.Submit(MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"16A"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record().status(), v1::CONTACT_STATUS_PENDING);
  // A later contact waits behind the pending one instead of overtaking it.
  r = intake_.Submit(MakeContact("2", "c1", "2024-01-20T10:00:00Z", {"16A"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record().status(), v1::CONTACT_STATUS_PENDING);
  std::vector<v1::RunInfo> runs = *intake_.ListRuns();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].queued_events(), 2);
  EXPECT_NE(runs[0].stalled().find("down"), std::string::npos);

  downstream_.down = false;
  Drain("default");
  absl::StatusOr<std::vector<v1::ContactRecord>> records =
      intake_.ChildContacts("", "c1");
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].status(), v1::CONTACT_STATUS_DECIDED);
  EXPECT_EQ((*records)[0].decision().outcome(),
            v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ((*records)[0].level_before(), v1::SERVICE_LEVEL_NONE);
  // The second was decided after the first took effect: the child was open.
  EXPECT_EQ((*records)[1].level_before(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
}

// A batch cut by the end of the queue is planned before its first hop, so
// after a restart the same events go again as the same batch, although
// more have been queued behind it since: stepping and threshold answer that
// batch from what they stored and the run carries on.
TEST_F(IntakeTest, AHalfDeliveredBatchIsSentAgainWholeAfterARestart) {
  downstream_.apply_down = true;
  // Alone in the queue, c1's batch is cut by its end. Observe and
  // DecideBatch land; ApplyBatch does not, and the run stalls.
  absl::StatusOr<v1::SubmitContactResponse> r =
      intake_.Submit(MakeContact("1", "c1", "2024-01-10T10:00:00Z", {"16A"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record().status(), v1::CONTACT_STATUS_PENDING);
  ASSERT_EQ(downstream_.decide_calls, 1);
  // Queued behind it: with them, a batch picked afresh would be longer.
  for (const char* id : {"2", "3"}) {
    r = intake_.Submit(
        MakeContact(id, absl::StrCat("c", id), "2024-01-10T11:00:00Z", {}));
    ASSERT_TRUE(r.ok()) << r.status();
  }
  intake_.Stop();

  downstream_.apply_down = false;
  Intake restarted(&typed_store_, &downstream_,
                   {.unary_wait = absl::Seconds(5)});
  ASSERT_TRUE(restarted.Start().ok());
  for (int i = 0; i < 500; ++i) {
    if (restarted.ListRuns()->at(0).queued_events() == 0) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  const v1::RunInfo run = restarted.ListRuns()->at(0);
  ASSERT_EQ(run.queued_events(), 0) << run.stalled();
  for (const char* child : {"c1", "c2", "c3"}) {
    absl::StatusOr<std::vector<v1::ContactRecord>> records =
        restarted.ChildContacts("", child);
    ASSERT_TRUE(records.ok()) << records.status();
    ASSERT_EQ(records->size(), 1u) << child;
    EXPECT_EQ((*records)[0].status(), v1::CONTACT_STATUS_DECIDED) << child;
  }
  // c1 was sent twice (the repeat answered from what threshold stored),
  // c2 and c3 once.
  EXPECT_EQ(downstream_.decide_calls, 4);
}

TEST_F(IntakeTest, AdvanceFarBeyondTheRunIsRefused) {
  ASSERT_TRUE(
      intake_.Submit(MakeContact("1", "c1", "2024-01-10T10:00:00Z", {})).ok());
  absl::StatusOr<v1::EventResult> far =
      intake_.AdvanceTo("", *ParseEventTime("2099-01-01T00:00:00Z"));
  EXPECT_TRUE(absl::IsOutOfRange(far.status())) << far.status();
  absl::StatusOr<v1::EventResult> near =
      intake_.AdvanceTo("", *ParseEventTime("2024-06-01T00:00:00Z"));
  EXPECT_TRUE(near.ok()) << near.status();
  absl::StatusOr<v1::EventResult> empty_run = intake_.AdvanceTo(
      "nothing-here", *ParseEventTime("2024-06-01T00:00:00Z"));
  EXPECT_TRUE(absl::IsOutOfRange(empty_run.status()));
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

// A delivery failure names its peer on the status itself, so a stall is
// reported against the right service whatever the message says.
TEST(DownstreamTest, PeerRidesOnTheStatusNotItsText) {
  const absl::Status named =
      FromPeer("stepping", absl::UnavailableError("threshold: looks like"));
  EXPECT_EQ(PeerOf(named), "stepping");
  EXPECT_EQ(named.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(named.message(), "stepping: threshold: looks like");
  EXPECT_EQ(PeerOf(absl::UnavailableError("threshold: down")), "intake");
}

}  // namespace
}  // namespace frontdoor
