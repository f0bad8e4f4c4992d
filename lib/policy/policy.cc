// Policy validation, compilation and evaluation. Explanations live in
// policy_explain.cc.
#include "lib/policy/policy.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/ids.h"
#include "lib/domain/request_checks.h"

namespace frontdoor {
namespace {

constexpr int kMinLevel = 1;
constexpr int kMaxLevel = 4;

// "rules[2] (id \"x\")": the list item, with its key so a reader finds it.
std::string ItemPath(absl::string_view list, int index, absl::string_view key,
                     absl::string_view value) {
  return value.empty()
             ? absl::StrCat(list, "[", index, "]")
             : absl::StrCat(list, "[", index, "] (", key, " \"", value, "\")");
}

// An outcome and RAG that are set and known: proto3 keeps an unknown
// number ("outcome: 99") rather than refusing it, so it is checked here.
absl::Status CheckDecision(absl::string_view path, v1::Outcome outcome,
                           v1::Rag rag) {
  if (outcome == v1::OUTCOME_UNSPECIFIED) {
    return FieldError(absl::StrCat(path, ".outcome"), "is required");
  }
  if (!v1::Outcome_IsValid(outcome)) {
    return FieldError(absl::StrCat(path, ".outcome"),
                      absl::StrCat("unknown outcome ", outcome));
  }
  if (rag == v1::RAG_UNSPECIFIED) {
    return FieldError(absl::StrCat(path, ".rag"), "is required");
  }
  if (!v1::Rag_IsValid(rag)) {
    return FieldError(absl::StrCat(path, ".rag"),
                      absl::StrCat("unknown RAG ", rag));
  }
  return absl::OkStatus();
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

absl::flat_hash_map<absl::string_view, int>* BuildIndex(
    const std::vector<CinCode>& codes) {
  auto* index = new absl::flat_hash_map<absl::string_view, int>();
  for (size_t i = 0; i < codes.size(); ++i) {
    index->emplace(codes[i].code, static_cast<int>(i));
  }
  return index;
}

int Lookup(const absl::flat_hash_map<absl::string_view, int>& index,
           absl::string_view code) {
  const auto it = index.find(code);
  return it == index.end() ? -1 : it->second;
}

// True when `a` holds for every contact for which `b` holds, so that a rule
// with condition `b` after one with `a` can never fire.
template <typename C>
bool Covers(const C& a, const C& b) {
  const auto at_most = [](const std::optional<int>& wide,
                          const std::optional<int>& narrow) {
    return !wide || (narrow && *narrow <= *wide);
  };
  const auto at_least = [](const std::optional<int>& wide,
                           const std::optional<int>& narrow) {
    return !wide || (narrow && *narrow >= *wide);
  };
  const auto subset = [](uint64_t wide, uint64_t narrow) {
    return wide == 0 || (narrow != 0 && (narrow & ~wide) == 0);
  };
  const bool any_ok =
      a.any_factor == 0 ||
      (b.any_factor != 0 && (b.any_factor & ~a.any_factor) == 0) ||
      (b.all_factors & a.any_factor) != 0;
  return any_ok && (a.all_factors & ~b.all_factors) == 0 &&
         (!a.no_factors || b.no_factors) && at_most(a.max_age, b.max_age) &&
         at_least(a.min_age, b.min_age) && subset(a.sources, b.sources) &&
         at_least(a.min_prior, b.min_prior) && subset(a.levels, b.levels) &&
         at_least(a.min_need, b.min_need) && at_most(a.max_need, b.max_need);
}

// Why a condition can never hold, or "" when it can.
template <typename C>
std::string Contradiction(const C& c) {
  if (c.no_factors && (c.any_factor != 0 || c.all_factors != 0)) {
    return "no_factors contradicts any_factor/all_factors";
  }
  if (c.min_age && c.max_age && *c.min_age > *c.max_age) {
    return "min_age_years is above max_age_years";
  }
  const int min_need = c.min_need.value_or(kMinLevel);
  const int max_need = c.max_need.value_or(kMaxLevel);
  if (min_need > max_need || min_need > kMaxLevel || max_need < kMinLevel) {
    return "no level of need 1 to 4 satisfies min/max_need_level";
  }
  return "";
}

}  // namespace

int FactorBit(absl::string_view code) {
  static const auto* const kIndex = BuildIndex(AssessmentFactors());
  return Lookup(*kIndex, code);
}

int SourceBit(absl::string_view code) {
  static const auto* const kIndex = BuildIndex(ReferralSources());
  return Lookup(*kIndex, code);
}

absl::StatusOr<ContactFacts> MakeFacts(
    const google::protobuf::RepeatedPtrField<std::string>& factor_codes,
    absl::string_view source, int age_years, int prior_contacts_12m,
    v1::ServiceLevel current_level) {
  ContactFacts facts;
  absl::StatusOr<uint64_t> mask = FactorMask("factors", factor_codes);
  if (!mask.ok()) return mask.status();
  facts.factors = *mask;
  facts.source = SourceBit(source);
  if (facts.source < 0) {
    return FieldError(
        "source", absl::StrCat("unknown ReferralSource code \"", source, "\""));
  }
  facts.age_years = age_years;
  facts.prior_contacts_12m = prior_contacts_12m;
  facts.current_level = current_level == v1::SERVICE_LEVEL_UNSPECIFIED
                            ? v1::SERVICE_LEVEL_NONE
                            : current_level;
  return facts;
}

absl::StatusOr<Policy::Condition> Policy::CompileCondition(
    const std::string& path, const v1::Condition& w) {
  Condition c;
  absl::StatusOr<uint64_t> any =
      FactorMask(path + ".any_factor", w.any_factor());
  if (!any.ok()) return any.status();
  absl::StatusOr<uint64_t> all =
      FactorMask(path + ".all_factors", w.all_factors());
  if (!all.ok()) return all.status();
  c.any_factor = *any;
  c.all_factors = *all;
  c.no_factors = w.no_factors();
  if (w.has_max_age_years()) c.max_age = w.max_age_years();
  if (w.has_min_age_years()) c.min_age = w.min_age_years();
  if (w.has_min_prior_contacts_12m()) c.min_prior = w.min_prior_contacts_12m();
  if (w.has_min_need_level()) c.min_need = w.min_need_level();
  if (w.has_max_need_level()) c.max_need = w.max_need_level();
  for (const std::string& source : w.sources()) {
    const int bit = SourceBit(source);
    if (bit < 0) {
      return FieldError(
          path + ".sources",
          absl::StrCat("unknown ReferralSource code \"", source, "\""));
    }
    c.sources |= uint32_t{1} << bit;
  }
  for (int level : w.current_level()) {
    if (level == v1::SERVICE_LEVEL_UNSPECIFIED) {
      return FieldError(path + ".current_level", "is unspecified");
    }
    c.levels |= uint32_t{1} << level;
  }
  if (const std::string why = Contradiction(c); !why.empty()) {
    return FieldError(path, absl::StrCat("can never match: ", why));
  }
  return c;
}

absl::StatusOr<Policy> Policy::Compile(const v1::ThresholdPolicy& spec) {
  Policy policy;
  policy.spec_ = spec;
  if (absl::Status s = CheckId("id", spec.id()); !s.ok()) return s;
  if (spec.version() < 1) return FieldError("version", "must be 1 or more");
  policy.default_level_ = spec.default_level() == 0 ? 1 : spec.default_level();
  if (absl::Status s = CheckLevel("default_level", policy.default_level_);
      !s.ok()) {
    return s;
  }
  absl::flat_hash_set<std::string> ids;
  if (absl::Status s = policy.CompileIndicators(spec); !s.ok()) return s;
  if (absl::Status s = policy.CompileEscalations(spec, ids); !s.ok()) return s;
  if (absl::Status s = policy.CompileRules(spec, ids); !s.ok()) return s;
  if (absl::Status s = policy.CompileLevelOutcomes(spec); !s.ok()) return s;
  if (absl::Status s = CheckTests(spec); !s.ok()) return s;
  return policy;
}

absl::Status Policy::CompileIndicators(const v1::ThresholdPolicy& spec) {
  for (int i = 0; i < spec.indicators_size(); ++i) {
    const v1::Indicator& indicator = spec.indicators(i);
    const std::string path =
        ItemPath("indicators", i, "factor", indicator.factor());
    const int bit = FactorBit(indicator.factor());
    if (bit < 0) {
      return FieldError(
          path + ".factor",
          absl::StrCat("unknown factor code \"", indicator.factor(), "\""));
    }
    if (factor_level_[bit] != 0) {
      return FieldError(path + ".factor", "factor listed twice");
    }
    if (absl::Status s = CheckLevel(path + ".level", indicator.level());
        !s.ok()) {
      return s;
    }
    factor_level_[bit] = static_cast<int8_t>(indicator.level());
  }
  return absl::OkStatus();
}

absl::Status Policy::CompileEscalations(const v1::ThresholdPolicy& spec,
                                        absl::flat_hash_set<std::string>& ids) {
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
    escalations_.push_back(
        {e.min_prior_contacts_12m(), e.raise_by(), max_level});
  }
  return absl::OkStatus();
}

absl::Status Policy::CompileRules(const v1::ThresholdPolicy& spec,
                                  absl::flat_hash_set<std::string>& ids) {
  for (int i = 0; i < spec.rules_size(); ++i) {
    const v1::Rule& r = spec.rules(i);
    const std::string path = ItemPath("rules", i, "id", r.id());
    if (absl::Status s = CheckId(path + ".id", r.id()); !s.ok()) return s;
    if (!ids.insert(r.id()).second) {
      return FieldError(path + ".id", "duplicate id");
    }
    if (absl::Status s = CheckDecision(path, r.outcome(), r.rag()); !s.ok()) {
      return s;
    }
    absl::StatusOr<Condition> when = CompileCondition(path + ".when", r.when());
    if (!when.ok()) return when.status();
    for (size_t earlier = 0; earlier < rules_.size(); ++earlier) {
      if (Covers(rules_[earlier].when, *when)) {
        return FieldError(
            path, absl::StrCat("unreachable: rules[", earlier, "] (id \"",
                               spec.rules(earlier).id(),
                               "\") matches every contact this rule would"));
      }
    }
    rules_.push_back({*when, r.outcome(), r.rag(), r.needs_sign_off()});
  }
  return absl::OkStatus();
}

absl::Status Policy::CompileLevelOutcomes(const v1::ThresholdPolicy& spec) {
  for (int i = 0; i < spec.level_outcomes_size(); ++i) {
    const v1::LevelOutcome& lo = spec.level_outcomes(i);
    const std::string path = absl::StrCat("level_outcomes[", i, "]");
    if (absl::Status s = CheckLevel(path + ".level", lo.level()); !s.ok()) {
      return s;
    }
    LevelDecision& slot = level_decisions_[lo.level()];
    if (slot.outcome != v1::OUTCOME_UNSPECIFIED) {
      return FieldError(path + ".level",
                        absl::StrCat("level ", lo.level(), " listed twice"));
    }
    if (absl::Status s = CheckDecision(path, lo.outcome(), lo.rag()); !s.ok()) {
      return s;
    }
    slot = {lo.outcome(), lo.rag(), lo.needs_sign_off()};
  }
  for (int level = kMinLevel; level <= kMaxLevel; ++level) {
    if (level_decisions_[level].outcome == v1::OUTCOME_UNSPECIFIED) {
      return FieldError("level_outcomes",
                        absl::StrCat("missing outcome for level ", level));
    }
  }
  return absl::OkStatus();
}

absl::Status Policy::CheckTests(const v1::ThresholdPolicy& spec) {
  absl::flat_hash_set<std::string> test_names;
  for (int i = 0; i < spec.tests_size(); ++i) {
    const v1::PolicyTest& t = spec.tests(i);
    const std::string path = ItemPath("tests", i, "name", t.name());
    if (t.name().empty()) return FieldError(path + ".name", "is required");
    if (!test_names.insert(t.name()).second) {
      return FieldError(path + ".name", "duplicate name");
    }
    const std::string source =
        t.contact().source().empty() ? "6" : t.contact().source();
    absl::StatusOr<ContactFacts> facts =
        MakeFacts(t.contact().factors(), source, 0, 0, v1::SERVICE_LEVEL_NONE);
    if (!facts.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".contact.", facts.status().message()));
    }
    if (!v1::Outcome_IsValid(t.expect().outcome())) {
      return FieldError(path + ".expect.outcome",
                        absl::StrCat("unknown outcome ", t.expect().outcome()));
    }
    if (!v1::Rag_IsValid(t.expect().rag())) {
      return FieldError(path + ".expect.rag",
                        absl::StrCat("unknown RAG ", t.expect().rag()));
    }
  }
  return absl::OkStatus();
}

bool Policy::Matches(const Condition& c, const ContactFacts& facts,
                     int need_level) {
  if (c.any_factor != 0 && (facts.factors & c.any_factor) == 0) return false;
  if ((facts.factors & c.all_factors) != c.all_factors) return false;
  if (c.no_factors && facts.factors != 0) return false;
  if (c.max_age && facts.age_years > *c.max_age) return false;
  if (c.min_age && facts.age_years < *c.min_age) return false;
  if (c.sources != 0 &&
      (facts.source < 0 || (c.sources & (uint32_t{1} << facts.source)) == 0)) {
    return false;
  }
  if (c.min_prior && facts.prior_contacts_12m < *c.min_prior) return false;
  if (c.levels != 0 && (c.levels & (uint32_t{1} << facts.current_level)) == 0) {
    return false;
  }
  if (c.min_need && need_level < *c.min_need) return false;
  if (c.max_need && need_level > *c.max_need) return false;
  return true;
}

Evaluation Policy::Evaluate(const ContactFacts& facts) const {
  Evaluation result;
  int need = 0;
  int strongest_bit = -1;
  for (uint64_t rest = facts.factors; rest != 0; rest &= rest - 1) {
    const int bit = __builtin_ctzll(rest);
    if (factor_level_[bit] > need) {
      need = factor_level_[bit];
      strongest_bit = bit;
    }
  }
  if (strongest_bit >= 0) {
    result.steps.push_back(
        {FiredStep::Kind::kIndicator, strongest_bit, 0, need});
  } else {
    need = default_level_;
    result.steps.push_back({FiredStep::Kind::kDefaultLevel, 0, 0, need});
  }

  for (size_t i = 0; i < escalations_.size(); ++i) {
    const Escalation& e = escalations_[i];
    if (facts.prior_contacts_12m < e.min_prior || need >= e.max_level) {
      continue;
    }
    const int raised = std::min(need + e.raise_by, e.max_level);
    result.steps.push_back(
        {FiredStep::Kind::kEscalation, static_cast<int>(i), need, raised});
    need = raised;
  }
  if (const int judged = std::clamp(need + facts.judgement, 1, 4);
      judged != need) {
    result.steps.push_back(
        {FiredStep::Kind::kJudgement, facts.judgement, need, judged});
    need = judged;
  }
  result.need_level = need;

  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& rule = rules_[i];
    if (!Matches(rule.when, facts, need)) continue;
    result.outcome = rule.outcome;
    result.rag = rule.rag;
    result.needs_sign_off = rule.needs_sign_off;
    result.steps.push_back(
        {FiredStep::Kind::kRule, static_cast<int>(i), need, need});
    return result;
  }

  const LevelDecision& by_level = level_decisions_[need];
  result.outcome = by_level.outcome;
  result.rag = by_level.rag;
  result.needs_sign_off = by_level.needs_sign_off;
  result.steps.push_back({FiredStep::Kind::kLevel, need, need, need});
  return result;
}

}  // namespace frontdoor
