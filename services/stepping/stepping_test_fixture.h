// The stepping tests' fixture: a Stepping on a real RocksDB in a fresh
// folder, with helpers that send one decision, finding or step-down the
// way intake's flow does.
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_TEST_FIXTURE_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_TEST_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "services/stepping/stepping.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {

// A Stepping over its own store, reopened by Open() as after a restart.
class SteppingTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    stepping_.reset();
    records_.reset();
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(
        {.path = dir_.path(), .families = SteppingStore::Families()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    records_ = std::make_unique<SteppingStore>(store_.get());
    stepping_ = std::make_unique<Stepping>(records_.get());
  }

  absl::StatusOr<v1::LevelChange> Apply(const std::string& child,
                                        const std::string& contact,
                                        v1::Outcome outcome, int day,
                                        const std::string& run = "") {
    v1::ApplyDecisionRequest request;
    request.set_run_id(run);
    request.set_child_id(child);
    request.set_contact_id(contact);
    request.set_outcome(outcome);
    *request.mutable_event_time() = ToProto(
        absl::FromCivil(absl::CivilDay(2024, 1, day), absl::UTCTimeZone()));
    absl::StatusOr<v1::ApplyDecisionResponse> response = ApplyOne(request);
    if (!response.ok()) return response.status();
    return response->change();
  }

  // One finding in a batch of its own, as intake's flow sends it.
  absl::StatusOr<v1::LevelChange> RecordOne(
      const v1::RecordAssessmentRequest& request) {
    v1::ObserveRequest batch;
    batch.set_run_id(request.run_id());
    *batch.add_ops()->mutable_finding() = request;
    absl::StatusOr<v1::ObserveResponse> response = stepping_->Observe(batch);
    if (!response.ok()) return response.status();
    return response->results(0).change();
  }

  // One decision in a batch of its own, as intake's flow sends it.
  absl::StatusOr<v1::ApplyDecisionResponse> ApplyOne(
      const v1::ApplyDecisionRequest& request) {
    v1::ApplyBatchRequest batch;
    batch.set_run_id(request.run_id());
    *batch.add_decisions() = request;
    absl::StatusOr<v1::ApplyBatchResponse> response =
        stepping_->ApplyBatch(batch);
    if (!response.ok()) return response.status();
    return response->results(0);
  }

  absl::StatusOr<v1::LevelChange> StepDown(const std::string& child,
                                           const std::string& request_id,
                                           v1::ServiceLevel to, int day) {
    v1::StepDownRequest request;
    request.set_child_id(child);
    request.set_request_id(request_id);
    request.set_to_level(to);
    *request.mutable_event_time() = ToProto(
        absl::FromCivil(absl::CivilDay(2024, 2, day), absl::UTCTimeZone()));
    return stepping_->StepDown(request);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SteppingStore> records_;
  std::unique_ptr<Stepping> stepping_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_TEST_FIXTURE_H_
