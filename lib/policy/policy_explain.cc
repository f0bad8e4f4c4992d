// Explanations of evaluations: ids and words for each fired step, naming the
// facts each step used. Off the hot path: only decisions that are kept or
// shown are explained.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/level_of_service.h"
#include "lib/policy/policy.h"

namespace frontdoor {
namespace {

std::string OutcomeName(v1::Outcome outcome) {
  std::string name = v1::Outcome_Name(outcome);
  return name.substr(name.find('_') + 1);
}

}  // namespace

std::string FactorCodes(uint64_t mask) {
  std::vector<absl::string_view> codes;
  const auto& factors = AssessmentFactors();
  for (size_t bit = 0; bit < factors.size(); ++bit) {
    if (mask & (uint64_t{1} << bit)) codes.push_back(factors[bit].code);
  }
  return absl::StrJoin(codes, ",");
}

std::string Policy::StepId(const FiredStep& step) const {
  switch (step.kind) {
    case FiredStep::Kind::kIndicator:
      return absl::StrCat("indicator:", AssessmentFactors()[step.index].code);
    case FiredStep::Kind::kDefaultLevel:
      return "indicator:default";
    case FiredStep::Kind::kEscalation:
      return absl::StrCat("escalation:", spec_.escalations(step.index).id());
    case FiredStep::Kind::kJudgement:
      return step.index > 0 ? "screener:+1" : "screener:-1";
    case FiredStep::Kind::kRule:
      return absl::StrCat("rule:", spec_.rules(step.index).id());
    case FiredStep::Kind::kLevel:
      return absl::StrCat("level:", step.index);
  }
  return "";
}

std::string Policy::MatchedFacts(const Condition& c, const ContactFacts& facts,
                                 int need_level) {
  std::vector<std::string> used;
  if (c.any_factor != 0) {
    used.push_back(absl::StrCat("factors ",
                                FactorCodes(facts.factors & c.any_factor),
                                " among [", FactorCodes(c.any_factor), "]"));
  }
  if (c.all_factors != 0) {
    used.push_back(absl::StrCat("all of [", FactorCodes(c.all_factors), "]"));
  }
  if (c.no_factors) used.push_back("no factors");
  if (c.max_age || c.min_age) {
    used.push_back(absl::StrCat("age ", facts.age_years));
  }
  if (c.sources != 0) {
    used.push_back(
        absl::StrCat("source ", ReferralSources()[facts.source].code));
  }
  if (c.min_prior) {
    used.push_back(absl::StrCat(facts.prior_contacts_12m,
                                " earlier contacts in 12 months"));
  }
  if (c.levels != 0) {
    used.push_back(absl::StrCat("open to ", LevelLabel(facts.current_level)));
  }
  if (c.min_need || c.max_need) {
    used.push_back(absl::StrCat("need level ", need_level));
  }
  if (used.empty()) return "always applies";
  return absl::StrJoin(used, "; ");
}

std::vector<v1::FiredRule> Policy::Explain(const Evaluation& evaluation,
                                           const ContactFacts& facts) const {
  std::vector<v1::FiredRule> fired;
  for (const FiredStep& step : evaluation.steps) {
    v1::FiredRule rule;
    rule.set_rule_id(StepId(step));
    switch (step.kind) {
      case FiredStep::Kind::kIndicator: {
        const CinCode& code = AssessmentFactors()[step.index];
        rule.set_explanation(absl::StrCat(
            code.code, " (", code.label, ") indicates level ", step.level_to,
            "; factors present: ", FactorCodes(facts.factors)));
        break;
      }
      case FiredStep::Kind::kDefaultLevel:
        rule.set_explanation(absl::StrCat("no listed indicator among factors [",
                                          FactorCodes(facts.factors),
                                          "]: default level ", step.level_to));
        break;
      case FiredStep::Kind::kEscalation:
        rule.set_explanation(
            absl::StrCat(facts.prior_contacts_12m,
                         " earlier contacts in 12 months (at least ",
                         escalations_[step.index].min_prior, "): level ",
                         step.level_from, " -> ", step.level_to));
        break;
      case FiredStep::Kind::kJudgement:
        rule.set_explanation(absl::StrCat("the screener's judgement: level ",
                                          step.level_from, " -> ",
                                          step.level_to));
        break;
      case FiredStep::Kind::kRule:
        rule.set_explanation(absl::StrCat(
            spec_.rules(step.index).description(), " [",
            MatchedFacts(rules_[step.index].when, facts, step.level_to), "]",
            rules_[step.index].needs_sign_off ? " (needs sign-off)" : ""));
        break;
      case FiredStep::Kind::kLevel:
        rule.set_explanation(absl::StrCat(
            "level of need ", step.index, " leads to ",
            OutcomeName(level_decisions_[step.index].outcome),
            level_decisions_[step.index].needs_sign_off ? " (needs sign-off)"
                                                        : ""));
        break;
    }
    fired.push_back(std::move(rule));
  }
  return fired;
}

}  // namespace frontdoor
