// Policy test runner.
#include "lib/policy/policy_cases.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace frontdoor {
namespace {

std::vector<std::string> Ids(const std::vector<v1::FiredRule>& fired) {
  std::vector<std::string> ids;
  for (const v1::FiredRule& f : fired) ids.push_back(f.rule_id());
  return ids;
}

}  // namespace

std::vector<PolicyTestResult> RunPolicyTests(const Policy& policy) {
  std::vector<PolicyTestResult> results;
  for (const v1::PolicyTest& test : policy.spec().tests()) {
    PolicyTestResult result;
    result.name = test.name();
    const v1::TestContact& c = test.contact();
    // Compile() checked the codes, so MakeFacts cannot fail here.
    const ContactFacts facts =
        *MakeFacts(c.factors(), c.source().empty() ? "6" : c.source(),
                   c.age_years(), c.prior_contacts_12m(), c.current_level());
    const Evaluation got = policy.Evaluate(facts);
    result.fired = policy.Explain(got, facts);
    const v1::TestExpectation& want = test.expect();
    if (want.outcome() != v1::OUTCOME_UNSPECIFIED &&
        want.outcome() != got.outcome) {
      result.mismatches.push_back(
          absl::StrCat("outcome: want ", v1::Outcome_Name(want.outcome()),
                       ", got ", v1::Outcome_Name(got.outcome)));
    }
    if (want.rag() != v1::RAG_UNSPECIFIED && want.rag() != got.rag) {
      result.mismatches.push_back(
          absl::StrCat("rag: want ", v1::Rag_Name(want.rag()), ", got ",
                       v1::Rag_Name(got.rag)));
    }
    if (want.need_level() != 0 && want.need_level() != got.need_level) {
      result.mismatches.push_back(absl::StrCat(
          "need_level: want ", want.need_level(), ", got ", got.need_level));
    }
    const std::vector<std::string> fired_ids = Ids(result.fired);
    const std::vector<std::string> want_ids(want.fired_rules().begin(),
                                            want.fired_rules().end());
    if (!want_ids.empty() && want_ids != fired_ids) {
      result.mismatches.push_back(
          absl::StrCat("fired_rules: want [", absl::StrJoin(want_ids, ", "),
                       "], got [", absl::StrJoin(fired_ids, ", "), "]"));
    }
    if (want.has_needs_sign_off() &&
        want.needs_sign_off() != got.needs_sign_off) {
      result.mismatches.push_back(absl::StrCat(
          "needs_sign_off: want ", want.needs_sign_off() ? "true" : "false",
          ", got ", got.needs_sign_off ? "true" : "false"));
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<std::string> PolicySteps(const Policy& policy) {
  std::vector<std::string> steps;
  for (const v1::Escalation& e : policy.spec().escalations()) {
    steps.push_back(absl::StrCat("escalation:", e.id()));
  }
  for (const v1::Rule& rule : policy.spec().rules()) {
    steps.push_back(absl::StrCat("rule:", rule.id()));
  }
  for (const v1::LevelOutcome& level : policy.spec().level_outcomes()) {
    steps.push_back(absl::StrCat("level:", level.level()));
  }
  return steps;
}

std::vector<std::string> UncoveredRules(
    const Policy& policy, const std::vector<PolicyTestResult>& results) {
  absl::flat_hash_set<std::string> fired;
  for (const PolicyTestResult& r : results) {
    for (const v1::FiredRule& f : r.fired) fired.insert(f.rule_id());
  }
  std::vector<std::string> uncovered;
  for (std::string& step : PolicySteps(policy)) {
    if (!fired.contains(step)) uncovered.push_back(std::move(step));
  }
  return uncovered;
}

absl::Status CheckPolicyCases(const Policy& policy, const std::string& file) {
  std::vector<std::string> failing;
  for (const PolicyTestResult& r : RunPolicyTests(policy)) {
    if (!r.passed()) failing.push_back(r.name);
  }
  if (failing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(file, ": ", failing.size(), " of its test cases fail (",
                   absl::StrJoin(failing, ", "),
                   "); see `frontdoor policy test ", file, "`"));
}

}  // namespace frontdoor
