// Runs the test cases written in a policy file: contact facts in, expected
// outcome, RAG, need level, fired rules and sign-off out.
#ifndef FRONTDOOR_LIB_POLICY_POLICY_CASES_H_
#define FRONTDOOR_LIB_POLICY_POLICY_CASES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "lib/policy/policy.h"

namespace frontdoor {

// The result of one test case.
struct PolicyTestResult {
  std::string name;
  // One line per expectation that did not hold; empty when the case passed.
  std::vector<std::string> mismatches;
  // What the policy actually decided, for the report.
  std::vector<v1::FiredRule> fired;
  bool passed() const { return mismatches.empty(); }
};

// Runs every test case of `policy.spec()`, in file order.
std::vector<PolicyTestResult> RunPolicyTests(const Policy& policy);

// The policy's steps, as fired-rule ids in policy order: its escalations
// ("escalation:ID"), rules ("rule:ID") and level outcomes ("level:N").
std::vector<std::string> PolicySteps(const Policy& policy);

// The policy's steps that no case fired, as fired-rule ids in policy order:
// its escalations ("escalation:ID"), rules ("rule:ID") and level outcomes
// ("level:N"). A rule no case reaches is a rule nobody has checked.
std::vector<std::string> UncoveredRules(
    const Policy& policy, const std::vector<PolicyTestResult>& results);

// OK when every test case of `policy` (read from `file`) passes; otherwise
// FAILED_PRECONDITION naming the cases that fail: a policy is put to use
// only when its own cases hold.
absl::Status CheckPolicyCases(const Policy& policy, const std::string& file);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_POLICY_POLICY_CASES_H_
