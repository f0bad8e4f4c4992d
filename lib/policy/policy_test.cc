// The policy engine: the shipped default policy's behaviour, each kind of
// condition, and load errors that name file, line and field.
#include "lib/policy/policy.h"

#include "gtest/gtest.h"
#include "lib/policy/policy_cases.h"
#include "lib/policy/policy_file.h"

namespace frontdoor {
namespace {

Policy DefaultPolicy() {
  absl::StatusOr<Policy> policy = LoadPolicyFile(
      std::string(FRONTDOOR_SOURCE_DIR) + "/policies/default.textproto");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

ContactFacts Facts(const std::vector<std::string>& factors, int age = 8,
                   const std::string& source = "6") {
  google::protobuf::RepeatedPtrField<std::string> codes(factors.begin(),
                                                        factors.end());
  absl::StatusOr<ContactFacts> facts =
      MakeFacts(codes, source, age, 0, v1::SERVICE_LEVEL_NONE);
  EXPECT_TRUE(facts.ok()) << facts.status();
  return *facts;
}

// The policy is passed in because step ids name its rules.
std::vector<std::string> RuleIds(const Policy& policy, const Evaluation& e) {
  std::vector<std::string> ids;
  for (const FiredStep& step : e.steps) ids.push_back(policy.StepId(step));
  return ids;
}

// A minimal valid policy to which tests add the piece they exercise.
// clang-format off
constexpr char kMinimal[] = R"pb(
  id: "t" version: 3
  indicators { factor: "4B" level: 2 }
  indicators { factor: "16A" level: 3 }
  level_outcomes { level: 1 outcome: OUTCOME_INFORMATION_AND_ADVICE rag: RAG_GREEN }
  level_outcomes { level: 2 outcome: OUTCOME_EARLY_HELP rag: RAG_GREEN }
  level_outcomes { level: 3 outcome: OUTCOME_SOCIAL_CARE_ASSESSMENT rag: RAG_AMBER }
  level_outcomes { level: 4 outcome: OUTCOME_STRATEGY_DISCUSSION rag: RAG_RED }
)pb";
// clang-format on

Policy Minimal(const std::string& extra) {
  absl::StatusOr<Policy> policy =
      ParsePolicy(std::string(kMinimal) + extra, "t.textproto");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

TEST(DefaultPolicyTest, HighestIndicatorSetsTheLevelOfNeed) {
  const Policy policy = DefaultPolicy();
  const Evaluation e = policy.Evaluate(Facts({"4B", "16A"}));
  EXPECT_EQ(e.need_level, 3);
  EXPECT_EQ(e.outcome, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ(e.rag, v1::RAG_AMBER);
  EXPECT_EQ(RuleIds(policy, e),
            (std::vector<std::string>{"indicator:16A", "level:3"}));
}

TEST(DefaultPolicyTest, SexualAbuseGoesToStrategyDiscussion) {
  const Evaluation e = DefaultPolicy().Evaluate(Facts({"19C"}));
  EXPECT_EQ(e.outcome, v1::OUTCOME_STRATEGY_DISCUSSION);
  EXPECT_EQ(e.rag, v1::RAG_RED);
}

TEST(DefaultPolicyTest, NoFactorsIsNoFurtherAction) {
  const Policy policy = DefaultPolicy();
  const Evaluation e = policy.Evaluate(Facts({}));
  EXPECT_EQ(e.outcome, v1::OUTCOME_NO_FURTHER_ACTION);
  EXPECT_EQ(RuleIds(policy, e).back(), "rule:no-concerns");
}

TEST(DefaultPolicyTest, PhysicalHarmToABabyIsRedWhateverTheKind) {
  const Policy policy = DefaultPolicy();
  const Evaluation baby = policy.Evaluate(Facts({"18B"}, 0));
  EXPECT_EQ(baby.outcome, v1::OUTCOME_STRATEGY_DISCUSSION);
  EXPECT_EQ(RuleIds(policy, baby).back(), "rule:baby-physical-harm");
  const Evaluation older = policy.Evaluate(Facts({"18B"}, 6));
  EXPECT_EQ(older.outcome, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
}

TEST(DefaultPolicyTest, RepeatContactsEscalateButNotToChildProtection) {
  ContactFacts facts = Facts({"4B"});
  facts.prior_contacts_12m = 2;
  EXPECT_EQ(DefaultPolicy().Evaluate(facts).outcome, v1::OUTCOME_EARLY_HELP);
  facts.prior_contacts_12m = 3;
  const Evaluation third = DefaultPolicy().Evaluate(facts);
  EXPECT_EQ(third.need_level, 3);
  EXPECT_EQ(third.outcome, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  facts.factors = Facts({"16A"}).factors;
  EXPECT_EQ(DefaultPolicy().Evaluate(facts).need_level, 3);
}

TEST(DefaultPolicyTest, OpenCaseIsPassedToTheAllocatedWorker) {
  const Policy policy = DefaultPolicy();
  ContactFacts facts = Facts({"16A"});
  facts.current_level = v1::SERVICE_LEVEL_CHILD_IN_NEED;
  const Evaluation e = policy.Evaluate(facts);
  EXPECT_EQ(e.outcome, v1::OUTCOME_INFORMATION_AND_ADVICE);
  EXPECT_EQ(RuleIds(policy, e).back(), "rule:open-to-social-care");
  facts.factors = Facts({"19C"}).factors;
  EXPECT_EQ(DefaultPolicy().Evaluate(facts).outcome,
            v1::OUTCOME_STRATEGY_DISCUSSION);
}

TEST(DefaultPolicyTest, ScreenersJudgementMovesNeedBeforeTheRules) {
  const Policy policy = DefaultPolicy();
  ContactFacts facts = Facts({"4B"});
  facts.judgement = 1;
  const Evaluation up = policy.Evaluate(facts);
  EXPECT_EQ(up.need_level, 3);
  EXPECT_EQ(up.outcome, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ(
      RuleIds(policy, up),
      (std::vector<std::string>{"indicator:4B", "screener:+1", "level:3"}));
  EXPECT_EQ(policy.Explain(up, facts)[1].explanation(),
            "the screener's judgement: level 2 -> 3");
  // The rules see the judged level: an open case below child protection
  // still goes to its worker, and need stays within 1 to 4.
  facts.current_level = v1::SERVICE_LEVEL_CHILD_IN_NEED;
  EXPECT_EQ(policy.Evaluate(facts).outcome, v1::OUTCOME_INFORMATION_AND_ADVICE);
  ContactFacts lowest = Facts({"20"});
  lowest.judgement = -1;
  const Evaluation lowest_judged = policy.Evaluate(lowest);
  EXPECT_EQ(lowest_judged.need_level, 1);
  EXPECT_EQ(RuleIds(policy, lowest_judged).front(), "indicator:20");
  EXPECT_EQ(lowest_judged.steps.size(), 2u);
}

TEST(PolicyRulesTest, FirstMatchingRuleDecides) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "a"
      when { any_factor: "4B" }
      outcome: OUTCOME_NO_FURTHER_ACTION
      rag: RAG_GREEN
    }
    rules {
      id: "b"
      when { any_factor: [ "4B", "16A" ] }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_AMBER
    }
  )pb");
  EXPECT_EQ(RuleIds(policy, policy.Evaluate(Facts({"4B"}))).back(), "rule:a");
}

TEST(PolicyRulesTest, AllFactorsNeedsEveryOne) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "both"
      when { all_factors: [ "4B", "16A" ] }
      outcome: OUTCOME_STRATEGY_DISCUSSION
      rag: RAG_RED
    }
  )pb");
  EXPECT_EQ(policy.Evaluate(Facts({"4B"})).outcome, v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ(policy.Evaluate(Facts({"16A", "4B"})).outcome,
            v1::OUTCOME_STRATEGY_DISCUSSION);
}

TEST(PolicyRulesTest, AgeBoundsAreInclusive) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "teen"
      when { min_age_years: 13 max_age_years: 17 }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_RED
    }
  )pb");
  EXPECT_EQ(policy.Evaluate(Facts({}, 12)).rag, v1::RAG_GREEN);
  EXPECT_EQ(policy.Evaluate(Facts({}, 13)).rag, v1::RAG_RED);
  EXPECT_EQ(policy.Evaluate(Facts({}, 17)).rag, v1::RAG_RED);
}

TEST(PolicyRulesTest, SourceAndPriorContactsConditions) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "school-repeat"
      when {
        sources: [ "2A" ]
        min_prior_contacts_12m: 2
      }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_RED
    }
  )pb");
  ContactFacts facts = Facts({}, 8, "2A");
  facts.prior_contacts_12m = 1;
  EXPECT_EQ(policy.Evaluate(facts).rag, v1::RAG_GREEN);
  facts.prior_contacts_12m = 2;
  EXPECT_EQ(policy.Evaluate(facts).rag, v1::RAG_RED);
  facts.source = SourceBit("6");
  EXPECT_EQ(policy.Evaluate(facts).rag, v1::RAG_GREEN);
}

TEST(PolicyRulesTest, NeedLevelBoundsSeeEscalatedLevel) {
  const Policy policy = Minimal(R"pb(
    escalations { id: "rep" min_prior_contacts_12m: 1 raise_by: 2 }
    rules {
      id: "high"
      when { min_need_level: 4 }
      outcome: OUTCOME_IMMEDIATE_PROTECTION
      rag: RAG_RED
    }
  )pb");
  ContactFacts facts = Facts({"4B"});
  EXPECT_EQ(policy.Evaluate(facts).outcome, v1::OUTCOME_EARLY_HELP);
  facts.prior_contacts_12m = 1;
  const Evaluation e = policy.Evaluate(facts);
  EXPECT_EQ(e.need_level, 4);
  EXPECT_EQ(RuleIds(policy, e),
            (std::vector<std::string>{"indicator:4B", "escalation:rep",
                                      "rule:high"}));
}

TEST(PolicyRulesTest, RuleNotCoveredByAnEarlierOneIsAccepted) {
  // "narrow" is narrower than "wide" in age but wider in factors.
  const Policy policy = Minimal(R"pb(
    rules {
      id: "wide"
      when { any_factor: "4B" }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_RED
    }
    rules {
      id: "narrow"
      when {
        any_factor: [ "4B", "16A" ]
        max_age_years: 3
      }
      outcome: OUTCOME_IMMEDIATE_PROTECTION
      rag: RAG_RED
    }
  )pb");
  EXPECT_EQ(policy.Evaluate(Facts({"16A"}, 2)).outcome,
            v1::OUTCOME_IMMEDIATE_PROTECTION);
}

TEST(PolicyRulesTest, SignOffComesFromTheDecidingRuleOrLevel) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "r"
      when { any_factor: "16A" }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_RED
      needs_sign_off: true
    }
  )pb");
  EXPECT_TRUE(policy.Evaluate(Facts({"16A"})).needs_sign_off);
  EXPECT_FALSE(policy.Evaluate(Facts({"4B"})).needs_sign_off);
}

TEST(PolicyRulesTest, ExplanationNamesTheFactsTheRuleUsed) {
  const Policy policy = Minimal(R"pb(
    rules {
      id: "r"
      description: "Young child"
      when {
        max_age_years: 4
        sources: [ "2A" ]
      }
      outcome: OUTCOME_EARLY_HELP
      rag: RAG_AMBER
    }
  )pb");
  const ContactFacts facts = Facts({"4B"}, 3, "2A");
  const std::vector<v1::FiredRule> fired =
      policy.Explain(policy.Evaluate(facts), facts);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[1].rule_id(), "rule:r");
  EXPECT_EQ(fired[1].explanation(), "Young child [age 3; source 2A]");
}

TEST(PolicyTestsTest, ShippedPolicyCasesAllPass) {
  for (const char* file : {"default.textproto", "da-to-early-help.textproto"}) {
    absl::StatusOr<Policy> policy =
        LoadPolicyFile(std::string(FRONTDOOR_SOURCE_DIR) + "/policies/" + file);
    ASSERT_TRUE(policy.ok()) << policy.status();
    const std::vector<PolicyTestResult> results = RunPolicyTests(*policy);
    EXPECT_GE(results.size(), 15u) << file;
    for (const PolicyTestResult& r : results) {
      EXPECT_TRUE(r.passed())
          << file << ": " << r.name << ": " << r.mismatches[0];
    }
  }
}

TEST(PolicyTestsTest, FailingCaseReportsEachMismatch) {
  const Policy policy = Minimal(R"pb(
    tests {
      name: "wrong"
      contact { factors: "4B" }
      expect {
        outcome: OUTCOME_STRATEGY_DISCUSSION
        rag: RAG_GREEN
        fired_rules: "level:2"
        needs_sign_off: true
      }
    }
  )pb");
  const std::vector<PolicyTestResult> results = RunPolicyTests(policy);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].mismatches,
            (std::vector<std::string>{
                "outcome: want OUTCOME_STRATEGY_DISCUSSION, got "
                "OUTCOME_EARLY_HELP",
                "fired_rules: want [level:2], got [indicator:4B, level:2]",
                "needs_sign_off: want true, got false"}));
}

TEST(PolicyRulesTest, DecisionRecordsPolicyIdentity) {
  const Policy policy = Minimal("");
  EXPECT_EQ(policy.id(), "t");
  EXPECT_EQ(policy.version(), 3);
}

struct BadPolicyCase {
  std::string name;
  std::string extra;
  std::string expected_error;
};

void PrintTo(const BadPolicyCase& c, std::ostream* os) { *os << c.name; }

class BadPolicyTest : public ::testing::TestWithParam<BadPolicyCase> {};

TEST_P(BadPolicyTest, RefusedWithFileLineAndField) {
  absl::StatusOr<Policy> policy =
      ParsePolicy(std::string(kMinimal) + GetParam().extra, "p.textproto");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(std::string(policy.status().message()), GetParam().expected_error);
}

// kMinimal fills lines 1 to 9; each case starts with a newline, so its first
// line is line 10.
INSTANTIATE_TEST_SUITE_P(
    Errors, BadPolicyTest,
    ::testing::Values(
        BadPolicyCase{"UnknownFactor",
                      "\nrules { id: \"x\" when { any_factor: \"99Z\" } "
                      "outcome: OUTCOME_EARLY_HELP rag: RAG_GREEN }",
                      "p.textproto:10:24: rules[0] (id \"x\").when.any_factor: "
                      "unknown factor code \"99Z\" (CIN census assessment "
                      "factors, e.g. 3B, 16A)"},
        BadPolicyCase{"MissingOutcome", "\nrules { id: \"x\" rag: RAG_GREEN }",
                      "p.textproto:10:1: rules[0] (id \"x\").outcome: is "
                      "required"},
        BadPolicyCase{"DuplicateRuleId",
                      "\nrules { id: \"x\" outcome: OUTCOME_EARLY_HELP rag: "
                      "RAG_RED }\nrules { id: \"x\" outcome: "
                      "OUTCOME_EARLY_HELP rag: RAG_RED }",
                      "p.textproto:11:9: rules[1] (id \"x\").id: duplicate id"},
        BadPolicyCase{"LevelOutsideContinuum",
                      "\nindicators { factor: \"1B\" level: 7 }",
                      "p.textproto:10:27: indicators[2] (factor \"1B\").level: "
                      "level 7 is outside the continuum 1 to 4"},
        BadPolicyCase{"UnreachableRule",
                      "\nrules { id: \"wide\" when { any_factor: [\"4B\", "
                      "\"16A\"] } outcome: OUTCOME_EARLY_HELP rag: RAG_RED }"
                      "\nrules { id: \"narrow\" when { any_factor: \"4B\" "
                      "max_age_years: 3 } outcome: OUTCOME_EARLY_HELP rag: "
                      "RAG_RED }",
                      "p.textproto:11:1: rules[1] (id \"narrow\"): "
                      "unreachable: rules[0] (id \"wide\") matches every "
                      "contact this rule would"},
        BadPolicyCase{"RuleThatCanNeverMatch",
                      "\nrules { id: \"x\" when { min_age_years: 10 "
                      "max_age_years: 5 } outcome: OUTCOME_EARLY_HELP rag: "
                      "RAG_RED }",
                      "p.textproto:10:17: rules[0] (id \"x\").when: can never "
                      "match: min_age_years is above max_age_years"},
        BadPolicyCase{"TestWithUnknownFactor",
                      "\ntests { name: \"t\" contact { factors: \"77\" } }",
                      "p.textproto:10:29: tests[0] (name \"t\").contact."
                      "factors: unknown factor code \"77\" (CIN census "
                      "assessment factors, e.g. 3B, 16A)"},
        BadPolicyCase{"UnknownField", "\nruels { id: \"x\" }",
                      "p.textproto:10:7: Message type "
                      "\"frontdoor.v1.ThresholdPolicy\" has no field named "
                      "\"ruels\"."}),
    [](const ::testing::TestParamInfo<BadPolicyCase>& info) {
      return info.param.name;
    });

TEST(BadPolicyTest, MissingLevelOutcomeIsRefused) {
  absl::StatusOr<Policy> policy = ParsePolicy(
      "id: \"t\" version: 1\n"
      "level_outcomes { level: 1 outcome: OUTCOME_EARLY_HELP rag: RAG_GREEN }",
      "p.textproto");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(std::string(policy.status().message()),
            "p.textproto:2:1: level_outcomes: missing outcome for level 2");
}

TEST(BadPolicyTest, MissingFileIsNotFound) {
  absl::StatusOr<Policy> policy = LoadPolicyFile("/nonexistent/p.textproto");
  EXPECT_TRUE(absl::IsNotFound(policy.status())) << policy.status();
}

}  // namespace
}  // namespace frontdoor
