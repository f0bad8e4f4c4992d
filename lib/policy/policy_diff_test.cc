// Policy diff on contacts whose outcomes are worked out by hand.
#include "lib/policy/policy_diff.h"

#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "lib/policy/policy_file.h"

namespace frontdoor {
namespace {

Policy Load(const std::string& file) {
  absl::StatusOr<Policy> policy =
      LoadPolicyFile(std::string(FRONTDOOR_SOURCE_DIR) + "/policies/" + file);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

v1::Contact Contact(const std::string& id, const std::string& child,
                    const std::string& time, std::vector<std::string> factors) {
  v1::Contact c;
  c.set_source("6");
  c.set_source_contact_id(id);
  c.set_local_authority("202");
  c.set_child_id(child);
  c.set_age_years(8);
  for (std::string& f : factors) c.add_factors(std::move(f));
  *c.mutable_event_time() = ToProto(*ParseEventTime(time));
  return c;
}

TEST(PolicyDiffTest, MatrixAndChangesMatchTheHandWorkedExample) {
  // A = default (3B -> level 3), B = 3B moved to level 2. By hand:
  //  c1 3B         A: s17 assessment (child -> CIN)  B: early help (-> EH)
  //  c1 4B  later  A: advice (open to social care)   B: advice (open to EH)
  //  c2 16A        A: s17                            B: s17
  //  c3 3B,16A     A: s17                            B: s17
  //  c4 (none)     A: NFA                            B: NFA
  //  c5 3B given out of order, earliest: A s17, B early help
  const std::vector<v1::Contact> contacts = {
      Contact("1", "c1", "2024-01-01T10:00:00Z", {"3B"}),
      Contact("2", "c1", "2024-02-01T10:00:00Z", {"4B"}),
      Contact("3", "c2", "2024-01-02T10:00:00Z", {"16A"}),
      Contact("4", "c3", "2024-01-03T10:00:00Z", {"3B", "16A"}),
      Contact("5", "c4", "2024-01-04T10:00:00Z", {}),
      Contact("0", "c5", "2023-12-01T10:00:00Z", {"3B"}),
  };
  absl::StatusOr<PolicyDiff> diff = DiffPolicies(
      Load("default.textproto"), Load("da-to-early-help.textproto"), contacts);
  ASSERT_TRUE(diff.ok()) << diff.status();

  PolicyDiff::Counts expected{};
  expected[v1::OUTCOME_SOCIAL_CARE_ASSESSMENT][v1::OUTCOME_EARLY_HELP] = 2;
  expected[v1::OUTCOME_INFORMATION_AND_ADVICE]
          [v1::OUTCOME_INFORMATION_AND_ADVICE] = 1;
  expected[v1::OUTCOME_SOCIAL_CARE_ASSESSMENT]
          [v1::OUTCOME_SOCIAL_CARE_ASSESSMENT] = 2;
  expected[v1::OUTCOME_NO_FURTHER_ACTION][v1::OUTCOME_NO_FURTHER_ACTION] = 1;
  EXPECT_EQ(diff->counts, expected);
  EXPECT_EQ(diff->contacts, 6);
  EXPECT_EQ(diff->changed, 2);
  EXPECT_DOUBLE_EQ(diff->changed_share(), 2.0 / 6.0);
  ASSERT_EQ(diff->changes.size(), 2u);
  EXPECT_EQ(diff->changes[0].contact_id, "6:0");  // event-time order
  EXPECT_EQ(diff->changes[1].contact_id, "6:1");
  EXPECT_EQ(diff->changes[1].b.fired_rules(0).rule_id(), "indicator:3B");
}

TEST(PolicyDiffTest, SamePolicyChangesNothing) {
  const Policy policy = Load("default.textproto");
  absl::StatusOr<PolicyDiff> diff =
      DiffPolicies(policy, policy,
                   {Contact("1", "c1", "2024-01-01T10:00:00Z", {"3B"}),
                    Contact("2", "c1", "2024-01-02T10:00:00Z", {"19C"})});
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->changed, 0);
  EXPECT_TRUE(diff->changes.empty());
}

TEST(PolicyDiffTest, BadContactIsReportedWithItsPosition) {
  const Policy policy = Load("default.textproto");
  absl::StatusOr<PolicyDiff> diff = DiffPolicies(
      policy, policy, {Contact("1", "c1", "2024-01-01T10:00:00Z", {"XX"})});
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(std::string(diff.status().message()),
            "contact 1 (6:1): contact.factors: unknown factor code \"XX\" "
            "(CIN census assessment factors, e.g. 3B, 16A)");
}

}  // namespace
}  // namespace frontdoor
