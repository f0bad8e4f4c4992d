// The policy engine: a threshold policy validated and compiled into bitmasks
// at load, then evaluated against a contact's facts with no parsing, no
// string work and no allocation; explanations are rendered only on request.
// Plain C++ with no gRPC, so `frontdoor policy` links it as the threshold
// service does.
#ifndef FRONTDOOR_LIB_POLICY_POLICY_H_
#define FRONTDOOR_LIB_POLICY_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/policy.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace frontdoor {

// What a policy may look at about one contact, with codes already turned
// into bits (see MakeFacts).
struct ContactFacts {
  // One bit per AssessmentFactors() entry.
  uint64_t factors = 0;
  // Bit of the ReferralSource code in ReferralSources(), or -1.
  int source = -1;
  // Whole years at the contact (negative for an unborn child).
  int age_years = 0;
  // Earlier contacts about the child in the 365 days before.
  int prior_contacts_12m = 0;
  // The child's level of service when the contact arrived.
  v1::ServiceLevel current_level = v1::SERVICE_LEVEL_NONE;
  // Steps by which the screener's own judgement moves the level of need
  // after escalations (-1, 0 or 1): not the contact's, but what a policy
  // applied by people rather than code must allow for.
  int judgement = 0;
};

// Builds facts from codes; INVALID_ARGUMENT names an unknown code.
absl::StatusOr<ContactFacts> MakeFacts(
    const google::protobuf::RepeatedPtrField<std::string>& factor_codes,
    absl::string_view source, int age_years, int prior_contacts_12m,
    v1::ServiceLevel current_level);

// One step of an evaluation: which part of the policy fired.
struct FiredStep {
  enum class Kind {
    kIndicator,
    kDefaultLevel,
    kEscalation,
    kJudgement,
    kRule,
    kLevel
  };
  Kind kind;
  // The factor bit, escalation index, judgement (-1 or 1), rule index or
  // level.
  int index;
  // The level of need before and after the step.
  int level_from;
  int level_to;
};

// The result of evaluating a policy: what to do and which steps decided it.
struct Evaluation {
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  v1::Rag rag = v1::RAG_UNSPECIFIED;
  int need_level = 0;
  bool needs_sign_off = false;
  absl::InlinedVector<FiredStep, 6> steps;
};

// A compiled, immutable threshold policy. Safe to share between threads.
class Policy {
 public:
  // Validates and compiles a parsed policy. Errors start with the field
  // path, e.g. "rules[2] (id \"baby\").when.any_factor: unknown factor code".
  static absl::StatusOr<Policy> Compile(const v1::ThresholdPolicy& spec);

  // Decides one contact. The hot path: no allocation.
  Evaluation Evaluate(const ContactFacts& facts) const;

  // The id of each step ("indicator:3B", "rule:no-concerns", "level:2").
  std::string StepId(const FiredStep& step) const;
  // The steps with their ids and explanations naming the facts they used.
  std::vector<v1::FiredRule> Explain(const Evaluation& evaluation,
                                     const ContactFacts& facts) const;

  const std::string& id() const { return spec_.id(); }
  int64_t version() const { return spec_.version(); }
  const std::string& description() const { return spec_.description(); }
  // The policy as written, including its test cases.
  const v1::ThresholdPolicy& spec() const { return spec_; }

 private:
  // A condition with codes turned into bit masks.
  struct Condition {
    uint64_t any_factor = 0;
    uint64_t all_factors = 0;
    bool no_factors = false;
    std::optional<int> max_age, min_age, min_prior, min_need, max_need;
    uint32_t sources = 0;
    uint32_t levels = 0;
  };
  struct Rule {
    Condition when;
    v1::Outcome outcome;
    v1::Rag rag;
    bool needs_sign_off;
  };
  struct Escalation {
    int min_prior;
    int raise_by;
    int max_level;
  };
  struct LevelDecision {
    v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
    v1::Rag rag = v1::RAG_UNSPECIFIED;
    bool needs_sign_off = false;
  };

  static bool Matches(const Condition& c, const ContactFacts& facts,
                      int need_level);
  static absl::StatusOr<Condition> CompileCondition(const std::string& path,
                                                    const v1::Condition& w);
  // Compile's parts, each checking and compiling one list of the spec into
  // this policy; `ids` holds the escalations' and rules' ids seen so far.
  absl::Status CompileIndicators(const v1::ThresholdPolicy& spec);
  absl::Status CompileEscalations(const v1::ThresholdPolicy& spec,
                                  absl::flat_hash_set<std::string>& ids);
  absl::Status CompileRules(const v1::ThresholdPolicy& spec,
                            absl::flat_hash_set<std::string>& ids);
  absl::Status CompileLevelOutcomes(const v1::ThresholdPolicy& spec);
  // The file's own test cases are well formed (they are run by RunCases).
  static absl::Status CheckTests(const v1::ThresholdPolicy& spec);
  // Why a rule matched, naming only the facts its condition tested.
  static std::string MatchedFacts(const Condition& c, const ContactFacts& facts,
                                  int need_level);

  v1::ThresholdPolicy spec_;
  int default_level_ = 1;
  // Level of need per factor bit (0 when the policy does not list it).
  std::array<int8_t, 64> factor_level_{};
  std::vector<Escalation> escalations_;
  std::vector<Rule> rules_;
  // Indexed by level 1..4 (0 unused).
  std::array<LevelDecision, 5> level_decisions_{};
};

// The bit of an assessment-factor code, or -1 when the code is unknown.
int FactorBit(absl::string_view code);
// The bit of a ReferralSource code, or -1 when the code is unknown.
int SourceBit(absl::string_view code);
// The codes of the factor bits set in `mask`, comma-separated.
std::string FactorCodes(uint64_t mask);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_POLICY_POLICY_H_
