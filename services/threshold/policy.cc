// Policy validation, compilation and evaluation.
#include "services/threshold/policy.h"

#include <algorithm>
#include <bit>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/cin_codes.h"
#include "services/common/ids.h"

namespace frontdoor {
namespace {

constexpr int kMinLevel = 1;
constexpr int kMaxLevel = 4;

absl::Status FieldError(absl::string_view path, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

// "rules[2] (id \"x\")": the list item, with its key so a reader finds it.
std::string ItemPath(absl::string_view list, int index, absl::string_view key,
                     absl::string_view value) {
  return value.empty() ? absl::StrCat(list, "[", index, "]")
                       : absl::StrCat(list, "[", index, "] (", key, " \"",
                                      value, "\")");
}

absl::Status CheckLevel(absl::string_view path, int level) {
  if (level < kMinLevel || level > kMaxLevel) {
    return FieldError(path, absl::StrCat("level ", level,
                                         " is outside the continuum 1 to 4"));
  }
  return absl::OkStatus();
}

// Rule and escalation ids: letters, digits and ".-_", so that they read
// well in explanations and never break an error's field path.
absl::Status CheckId(const std::string& path, absl::string_view id) {
  if (id.empty()) return FieldError(path, "is required");
  return ValidateRunId(path, id);
}

absl::StatusOr<uint64_t> FactorMask(
    absl::string_view path,
    const google::protobuf::RepeatedPtrField<std::string>& codes) {
  uint64_t mask = 0;
  for (const std::string& code : codes) {
    const int bit = FactorBit(code);
    if (bit < 0) {
      return FieldError(path, absl::StrCat("unknown factor code \"", code,
                                           "\" (CIN census assessment "
                                           "factors, e.g. 3B, 16A)"));
    }
    mask |= uint64_t{1} << bit;
  }
  return mask;
}

std::string FactorList(uint64_t mask) {
  std::vector<absl::string_view> codes;
  const auto& factors = AssessmentFactors();
  for (size_t bit = 0; bit < factors.size(); ++bit) {
    if (mask & (uint64_t{1} << bit)) codes.push_back(factors[bit].code);
  }
  return absl::StrJoin(codes, ",");
}

std::string LevelName(v1::ServiceLevel level) {
  switch (level) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      return "early help";
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      return "child in need";
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      return "child protection";
    default:
      return "none";
  }
}

v1::FiredRule Fired(std::string id, std::string explanation) {
  v1::FiredRule fired;
  fired.set_rule_id(std::move(id));
  fired.set_explanation(std::move(explanation));
  return fired;
}

}  // namespace

int FactorBit(absl::string_view code) {
  const auto& factors = AssessmentFactors();
  for (size_t i = 0; i < factors.size(); ++i) {
    if (factors[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

int SourceBit(absl::string_view code) {
  const auto& sources = ReferralSources();
  for (size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<Policy> Policy::Compile(const v1::ThresholdPolicy& spec) {
  Policy policy;
  if (absl::Status s = ValidateRunId("id", spec.id()); !s.ok()) return s;
  if (spec.id().empty()) return FieldError("id", "is required");
  if (spec.version() < 1) return FieldError("version", "must be 1 or more");
  policy.id_ = spec.id();
  policy.version_ = spec.version();
  policy.description_ = spec.description();
  policy.default_level_ = spec.default_level() == 0 ? 1 : spec.default_level();
  if (absl::Status s = CheckLevel("default_level", policy.default_level_);
      !s.ok()) {
    return s;
  }

  policy.factor_level_.assign(AssessmentFactors().size(), 0);
  for (int i = 0; i < spec.indicators_size(); ++i) {
    const v1::Indicator& indicator = spec.indicators(i);
    const std::string path = ItemPath("indicators", i, "factor", indicator.factor());
    const int bit = FactorBit(indicator.factor());
    if (bit < 0) {
      return FieldError(path + ".factor",
                        absl::StrCat("unknown factor code \"",
                                     indicator.factor(), "\""));
    }
    if (policy.factor_level_[bit] != 0) {
      return FieldError(path + ".factor", "factor listed twice");
    }
    if (absl::Status s = CheckLevel(path + ".level", indicator.level());
        !s.ok()) {
      return s;
    }
    policy.factor_level_[bit] = indicator.level();
  }

  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < spec.escalations_size(); ++i) {
    const v1::Escalation& e = spec.escalations(i);
    const std::string path = ItemPath("escalations", i, "id", e.id());
    if (absl::Status s = CheckId(path + ".id", e.id()); !s.ok()) return s;
    if (!ids.insert(e.id()).second) {
      return FieldError(path + ".id", "duplicate id");
    }
    if (e.raise_by() < 1) return FieldError(path + ".raise_by", "must be >= 1");
    const int max_level = e.max_level() == 0 ? kMaxLevel : e.max_level();
    if (absl::Status s = CheckLevel(path + ".max_level", max_level); !s.ok()) {
      return s;
    }
    policy.escalations_.push_back(
        {e.id(), e.min_prior_contacts_12m(), e.raise_by(), max_level});
  }

  for (int i = 0; i < spec.rules_size(); ++i) {
    const v1::Rule& r = spec.rules(i);
    const std::string path = ItemPath("rules", i, "id", r.id());
    if (absl::Status s = CheckId(path + ".id", r.id()); !s.ok()) return s;
    if (!ids.insert(r.id()).second) {
      return FieldError(path + ".id", "duplicate id");
    }
    if (r.outcome() == v1::OUTCOME_UNSPECIFIED) {
      return FieldError(path + ".outcome", "is required");
    }
    if (r.rag() == v1::RAG_UNSPECIFIED) {
      return FieldError(path + ".rag", "is required");
    }
    CompiledRule rule{r.id(), r.description(), {}, r.outcome(), r.rag()};
    const v1::Condition& w = r.when();
    absl::StatusOr<uint64_t> any = FactorMask(path + ".when.any_factor",
                                              w.any_factor());
    if (!any.ok()) return any.status();
    absl::StatusOr<uint64_t> all = FactorMask(path + ".when.all_factors",
                                              w.all_factors());
    if (!all.ok()) return all.status();
    rule.when.any_factor = *any;
    rule.when.all_factors = *all;
    rule.when.no_factors = w.no_factors();
    if (w.has_max_age_years()) rule.when.max_age = w.max_age_years();
    if (w.has_min_age_years()) rule.when.min_age = w.min_age_years();
    if (w.has_min_prior_contacts_12m()) {
      rule.when.min_prior = w.min_prior_contacts_12m();
    }
    if (w.has_min_need_level()) rule.when.min_need = w.min_need_level();
    if (w.has_max_need_level()) rule.when.max_need = w.max_need_level();
    for (const std::string& source : w.sources()) {
      const int bit = SourceBit(source);
      if (bit < 0) {
        return FieldError(path + ".when.sources",
                          absl::StrCat("unknown ReferralSource code \"",
                                       source, "\""));
      }
      rule.when.sources |= uint32_t{1} << bit;
    }
    for (int level : w.current_level()) {
      if (level == v1::SERVICE_LEVEL_UNSPECIFIED) {
        return FieldError(path + ".when.current_level", "is unspecified");
      }
      rule.when.levels |= uint32_t{1} << level;
    }
    policy.rules_.push_back(std::move(rule));
  }

  for (int i = 0; i < spec.level_outcomes_size(); ++i) {
    const v1::LevelOutcome& lo = spec.level_outcomes(i);
    const std::string path = absl::StrCat("level_outcomes[", i, "]");
    if (absl::Status s = CheckLevel(path + ".level", lo.level()); !s.ok()) {
      return s;
    }
    LevelDecision& slot = policy.level_decisions_[lo.level()];
    if (slot.outcome != v1::OUTCOME_UNSPECIFIED) {
      return FieldError(path + ".level",
                        absl::StrCat("level ", lo.level(), " listed twice"));
    }
    if (lo.outcome() == v1::OUTCOME_UNSPECIFIED) {
      return FieldError(path + ".outcome", "is required");
    }
    if (lo.rag() == v1::RAG_UNSPECIFIED) {
      return FieldError(path + ".rag", "is required");
    }
    slot = {lo.outcome(), lo.rag()};
  }
  for (int level = kMinLevel; level <= kMaxLevel; ++level) {
    if (policy.level_decisions_[level].outcome == v1::OUTCOME_UNSPECIFIED) {
      return FieldError("level_outcomes",
                        absl::StrCat("missing outcome for level ", level));
    }
  }
  return policy;
}

bool Policy::Matches(const CompiledCondition& c, uint64_t factors,
                     uint32_t source, const ContactFacts& facts,
                     int need_level) {
  if (c.any_factor != 0 && (factors & c.any_factor) == 0) return false;
  if ((factors & c.all_factors) != c.all_factors) return false;
  if (c.no_factors && factors != 0) return false;
  if (c.max_age && facts.age_years > *c.max_age) return false;
  if (c.min_age && facts.age_years < *c.min_age) return false;
  if (c.sources != 0 && (c.sources & source) == 0) return false;
  if (c.min_prior && facts.prior_contacts_12m < *c.min_prior) return false;
  if (c.levels != 0 &&
      (c.levels & (uint32_t{1} << facts.current_level)) == 0) {
    return false;
  }
  if (c.min_need && need_level < *c.min_need) return false;
  if (c.max_need && need_level > *c.max_need) return false;
  return true;
}

Evaluation Policy::Evaluate(const ContactFacts& facts) const {
  Evaluation result;
  uint64_t factors = 0;
  int need = 0;
  int strongest_bit = -1;
  for (const std::string& code : facts.factors) {
    const int bit = FactorBit(code);
    if (bit < 0) continue;
    factors |= uint64_t{1} << bit;
    if (factor_level_[bit] > need) {
      need = factor_level_[bit];
      strongest_bit = bit;
    }
  }
  if (strongest_bit >= 0) {
    const CinCode& code = AssessmentFactors()[strongest_bit];
    result.fired.push_back(Fired(
        absl::StrCat("indicator:", code.code),
        absl::StrCat(code.code, " (", code.label, ") indicates level ", need,
                     "; factors present: ", FactorList(factors))));
  } else {
    need = default_level_;
    result.fired.push_back(Fired(
        "indicator:default",
        absl::StrCat("no listed indicator among factors [",
                     FactorList(factors), "]: default level ", need)));
  }

  for (const CompiledEscalation& e : escalations_) {
    if (facts.prior_contacts_12m < e.min_prior || need >= e.max_level) {
      continue;
    }
    const int raised = std::min(need + e.raise_by, e.max_level);
    result.fired.push_back(Fired(
        absl::StrCat("escalation:", e.id),
        absl::StrCat(facts.prior_contacts_12m,
                     " earlier contacts in 12 months (threshold ",
                     e.min_prior, "): level ", need, " -> ", raised)));
    need = raised;
  }
  result.need_level = need;

  const int source_bit = SourceBit(facts.source);
  const uint32_t source = source_bit < 0 ? 0 : uint32_t{1} << source_bit;
  for (const CompiledRule& rule : rules_) {
    if (!Matches(rule.when, factors, source, facts, need)) continue;
    result.outcome = rule.outcome;
    result.rag = rule.rag;
    result.fired.push_back(Fired(
        absl::StrCat("rule:", rule.id),
        absl::StrCat(rule.description, " [age ", facts.age_years, ", source ",
                     facts.source, ", prior contacts ",
                     facts.prior_contacts_12m, ", open to ",
                     LevelName(facts.current_level), ", need level ", need,
                     "]")));
    return result;
  }

  const LevelDecision& by_level = level_decisions_[need];
  result.outcome = by_level.outcome;
  result.rag = by_level.rag;
  result.fired.push_back(Fired(
      absl::StrCat("level:", need),
      absl::StrCat("level of need ", need, " leads to ",
                   v1::Outcome_Name(by_level.outcome))));
  return result;
}

}  // namespace frontdoor
