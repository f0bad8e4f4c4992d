// The policy registry: versions held side by side, atomic activation,
// immutability of a version, and restoration after restart.
#include "services/threshold/policy_registry.h"

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

v1::ThresholdPolicy Spec(int version, v1::Outcome level2) {
  v1::ThresholdPolicy spec;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        id: "p"
        indicators { factor: "4B" level: 2 }
        level_outcomes {
          level: 1
          outcome: OUTCOME_NO_FURTHER_ACTION
          rag: RAG_GREEN
        }
        level_outcomes {
          level: 3
          outcome: OUTCOME_SOCIAL_CARE_ASSESSMENT
          rag: RAG_AMBER
        }
        level_outcomes {
          level: 4
          outcome: OUTCOME_STRATEGY_DISCUSSION
          rag: RAG_RED
        }
      )pb",
      &spec));
  spec.set_version(version);
  v1::LevelOutcome* lo = spec.add_level_outcomes();
  lo->set_level(2);
  lo->set_outcome(level2);
  lo->set_rag(v1::RAG_GREEN);
  return spec;
}

class PolicyRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    registry_.reset();
    records_.reset();
    store_.reset();
    store_ = *Store::Open(
        {.path = dir_.path(), .families = ThresholdStore::Families()});
    records_ = std::make_unique<ThresholdStore>(store_.get());
    absl::StatusOr<std::unique_ptr<PolicyRegistry>> registry =
        PolicyRegistry::Open(records_.get());
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = *std::move(registry);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ThresholdStore> records_;
  std::unique_ptr<PolicyRegistry> registry_;
};

TEST_F(PolicyRegistryTest, NothingActiveBeforeTheFirstLoad) {
  EXPECT_TRUE(absl::IsFailedPrecondition(registry_->Active().status()));
}

TEST_F(PolicyRegistryTest, VersionsAreHeldSideBySide) {
  ASSERT_TRUE(registry_->Load(Spec(1, v1::OUTCOME_EARLY_HELP), "a", true).ok());
  ASSERT_TRUE(
      registry_->Load(Spec(2, v1::OUTCOME_INFORMATION_AND_ADVICE), "b", false)
          .ok());
  EXPECT_EQ((*registry_->Active())->version(), 1);
  EXPECT_EQ((*registry_->Find("p", 2))->version(), 2);
  EXPECT_EQ((*registry_->Find("p", 0))->version(), 2);
  EXPECT_TRUE(absl::IsNotFound(registry_->Find("p", 3).status()));
  EXPECT_TRUE(absl::IsNotFound(registry_->Find("q", 0).status()));
  EXPECT_EQ(registry_->List().size(), 2u);
}

TEST_F(PolicyRegistryTest, SameVersionWithOtherContentIsRefused) {
  ASSERT_TRUE(registry_->Load(Spec(1, v1::OUTCOME_EARLY_HELP), "a", true).ok());
  absl::StatusOr<v1::LoadPolicyResponse> again =
      registry_->Load(Spec(1, v1::OUTCOME_EARLY_HELP), "a", true);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->newly_loaded());
  absl::StatusOr<v1::LoadPolicyResponse> changed =
      registry_->Load(Spec(1, v1::OUTCOME_NO_FURTHER_ACTION), "a", true);
  EXPECT_TRUE(absl::IsAlreadyExists(changed.status())) << changed.status();
}

TEST_F(PolicyRegistryTest, BadPolicyChangesNothing) {
  ASSERT_TRUE(registry_->Load(Spec(1, v1::OUTCOME_EARLY_HELP), "a", true).ok());
  v1::ThresholdPolicy bad = Spec(2, v1::OUTCOME_EARLY_HELP);
  bad.mutable_level_outcomes()->RemoveLast();
  EXPECT_TRUE(
      absl::IsInvalidArgument(registry_->Load(bad, "bad", true).status()));
  EXPECT_EQ((*registry_->Active())->version(), 1);
  EXPECT_EQ(registry_->List().size(), 1u);
  Reopen();
  EXPECT_EQ(registry_->List().size(), 1u);
}

TEST_F(PolicyRegistryTest, LoadedVersionsAndActiveSurviveRestart) {
  ASSERT_TRUE(registry_->Load(Spec(1, v1::OUTCOME_EARLY_HELP), "a", true).ok());
  ASSERT_TRUE(
      registry_->Load(Spec(2, v1::OUTCOME_INFORMATION_AND_ADVICE), "b", true)
          .ok());
  Reopen();
  EXPECT_EQ(registry_->List().size(), 2u);
  EXPECT_EQ((*registry_->Active())->version(), 2);
  EXPECT_EQ(registry_->List()[0].source_name(), "a");
}

}  // namespace
}  // namespace frontdoor
