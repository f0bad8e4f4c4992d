// The bulk path (SubmitEvents in batches of 500) and the unary path
// (SubmitContact, RecordAssessment, AdvanceTo one at a time) give identical
// state for the same input: two separate stacks, one run id, equal digests
// in every service.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_client.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/scenario_file.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "services/common/security/pseudonymiser.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

using ::frontdoor::testing::TempDir;

constexpr char kRun[] = "paths";

// Two months of generated contacts, an assessment finding for every fifth
// one a week later, in event-time order, and with `advance`, a clock move
// past the end.
std::vector<v1::RunEvent> Events(const v1::Scenario& scenario, bool advance) {
  ContactGenerator generator(scenario, kRun);
  std::vector<std::pair<absl::Time, v1::RunEvent>> timed;
  const v1::AssessmentFinding findings[] = {
      v1::ASSESSMENT_FINDING_NOT_IN_NEED, v1::ASSESSMENT_FINDING_EARLY_HELP,
      v1::ASSESSMENT_FINDING_CHILD_IN_NEED,
      v1::ASSESSMENT_FINDING_CHILD_PROTECTION};
  int n = 0;
  for (int day = 0; day < 60; ++day) {
    for (GeneratedContact& g : generator.Day(StartDay(scenario) + day)) {
      const absl::Time at = FromProto(g.contact.event_time());
      if (++n % 5 == 0) {
        v1::RunEvent finding;
        v1::RecordAssessmentRequest* f = finding.mutable_finding();
        f->set_child_id(g.contact.child_id());
        f->set_contact_id(
            ContactId(g.contact.source(), g.contact.source_contact_id()));
        f->set_finding(findings[(n / 5) % 4]);
        *f->mutable_event_time() = ToProto(at + absl::Hours(24 * 7));
        timed.emplace_back(at + absl::Hours(24 * 7), std::move(finding));
      }
      v1::RunEvent contact;
      *contact.mutable_contact() = std::move(g.contact);
      timed.emplace_back(at, std::move(contact));
    }
  }
  std::stable_sort(
      timed.begin(), timed.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<v1::RunEvent> events;
  for (auto& [at, event] : timed) events.push_back(std::move(event));
  if (advance) {
    v1::RunEvent clock;
    *clock.mutable_advance_to() =
        ToProto(timed.back().first + absl::Hours(24 * 200));
    events.push_back(std::move(clock));
  }
  return events;
}

struct Stack {
  TempDir dir;
  std::unique_ptr<LocalCluster> cluster;
  std::unique_ptr<cli::ServiceClient> client;

  // `key_file`, if given, is the pseudonym key to use: two intakes give
  // children the same pseudonyms only under one key.
  absl::Status Start(const v1::Scenario& scenario,
                     const std::string& key_file = "") {
    if (!key_file.empty()) {
      std::filesystem::copy_file(key_file, PseudonymKeyFileOf(dir.path()));
    }
    absl::StatusOr<std::unique_ptr<LocalCluster>> started =
        LocalCluster::Start({.data_dir = dir.path(),
                             .intake_port = 0,
                             .threshold_port = 0,
                             .stepping_port = 0});
    if (!started.ok()) return started.status();
    cluster = *std::move(started);
    client = std::make_unique<cli::ServiceClient>(
        cluster->address(ServiceName::kIntake),
        cluster->address(ServiceName::kStepping),
        cluster->address(ServiceName::kThreshold));
    v1::RunConfig config;
    config.set_run_id(kRun);
    *config.mutable_scenario() = scenario;
    return client->CreateRun(config).status();
  }
};

// With and without a final clock move: the state after every event is the
// same however the events were batched.
class PathsTest : public ::testing::TestWithParam<bool> {};

TEST_P(PathsTest, BulkAndUnaryGiveTheSameDigests) {
  const v1::Scenario scenario = WithDefaults(v1::Scenario());
  const std::vector<v1::RunEvent> events = Events(scenario, GetParam());
  ASSERT_GT(events.size(), 1000u);

  Stack bulk, unary;
  ASSERT_TRUE(bulk.Start(scenario).ok());
  ASSERT_TRUE(unary.Start(scenario, PseudonymKeyFileOf(bulk.dir.path())).ok());

  cli::EventStream stream(bulk.cluster->address(ServiceName::kIntake), kRun,
                          {.batch_size = 500});
  for (const v1::RunEvent& event : events) ASSERT_TRUE(stream.Add(event).ok());
  absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
  ASSERT_TRUE(results.ok()) << results.status();
  for (const v1::EventResult& r : *results) {
    ASSERT_FALSE(r.has_error()) << r.error().message();
  }

  for (const v1::RunEvent& event : events) {
    if (event.has_contact()) {
      v1::Contact contact = event.contact();
      contact.set_run_id(kRun);
      absl::StatusOr<v1::SubmitContactResponse> r =
          unary.client->Submit(contact);
      ASSERT_TRUE(r.ok()) << r.status();
    } else if (event.has_finding()) {
      v1::RecordAssessmentRequest finding = event.finding();
      finding.set_run_id(kRun);
      ASSERT_TRUE(unary.client->RecordAssessment(finding).ok());
    } else {
      ASSERT_TRUE(
          unary.client->AdvanceTo(kRun, FromProto(event.advance_to())).ok());
    }
  }

  absl::StatusOr<v1::RunDigest> a = bulk.client->Digest(kRun);
  absl::StatusOr<v1::RunDigest> b = unary.client->Digest(kRun);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->queued_events(), 0);
  EXPECT_EQ(b->queued_events(), 0);
  ASSERT_EQ(a->parts_size(), 3);
  for (int i = 0; i < a->parts_size(); ++i) {
    SCOPED_TRACE(a->parts(i).service());
    EXPECT_GT(a->parts(i).records(), 0);
    EXPECT_EQ(a->parts(i).records(), b->parts(i).records());
    EXPECT_EQ(a->parts(i).sha256(), b->parts(i).sha256());
  }
  EXPECT_EQ(a->sha256(), b->sha256());
}

INSTANTIATE_TEST_SUITE_P(FinalClockMove, PathsTest, ::testing::Bool());

// What a contact came to, without the ids a pseudonym key changes.
std::string Outcome(const v1::ContactRecord& r) {
  return absl::StrCat(
      r.status(), " ", r.decision().outcome(), " ", r.decision().rag(), " ",
      r.level_before(), " ", r.level_change().from_level(), ">",
      r.level_change().to_level(), " ", r.level_change().transition(), " ",
      r.prior_contacts_12m());
}

// Two data folders, two pseudonym keys, the same events: every child gets
// other ids, and every contact the same outcome (simulated draws are keyed
// by what opened an episode, not by the child's id).
TEST(PseudonymKeyTest, ChangesIdsNotOutcomes) {
  const v1::Scenario scenario = WithDefaults(v1::Scenario());
  const std::vector<v1::RunEvent> events = Events(scenario, true);
  Stack a, b;
  ASSERT_TRUE(a.Start(scenario).ok());
  ASSERT_TRUE(b.Start(scenario).ok());
  for (Stack* stack : {&a, &b}) {
    cli::EventStream stream(stack->cluster->address(ServiceName::kIntake), kRun,
                            {.batch_size = 500});
    for (const v1::RunEvent& event : events) {
      ASSERT_TRUE(stream.Add(event).ok());
    }
    ASSERT_TRUE(stream.Flush().ok());
  }
  absl::StatusOr<std::vector<v1::ContactRecord>> in_a =
      a.client->RunContacts(kRun);
  absl::StatusOr<std::vector<v1::ContactRecord>> in_b =
      b.client->RunContacts(kRun);
  ASSERT_TRUE(in_a.ok() && in_b.ok());
  ASSERT_EQ(in_a->size(), in_b->size());
  absl::flat_hash_map<std::string, std::string> outcome_in_b;
  for (const v1::ContactRecord& r : *in_b) {
    outcome_in_b[r.contact_id()] = Outcome(r);
  }
  int other_ids = 0, changed = 0;
  for (const v1::ContactRecord& r : *in_a) {
    changed += outcome_in_b[r.contact_id()] != Outcome(r);
  }
  for (size_t i = 0; i < in_a->size(); ++i) {
    other_ids +=
        (*in_a)[i].contact().child_id() != (*in_b)[i].contact().child_id();
  }
  EXPECT_EQ(other_ids, static_cast<int>(in_a->size()));
  EXPECT_EQ(changed, 0) << "of " << in_a->size() << " contacts";
  absl::StatusOr<v1::RunDigest> digest_a = a.client->Digest(kRun);
  absl::StatusOr<v1::RunDigest> digest_b = b.client->Digest(kRun);
  ASSERT_TRUE(digest_a.ok() && digest_b.ok());
  for (int i = 0; i < digest_a->parts_size(); ++i) {
    EXPECT_EQ(digest_a->parts(i).records(), digest_b->parts(i).records())
        << digest_a->parts(i).service();
  }
}

}  // namespace
}  // namespace frontdoor
