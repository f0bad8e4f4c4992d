// The policy engine: a threshold policy compiled into bitmasks at load, then
// evaluated against a contact's facts with no parsing and no allocation
// beyond the explanation. Plain C++: no gRPC, so `frontdoor policy test` can
// link it as well as the threshold service.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_POLICY_H_
#define FRONTDOOR_SERVICES_THRESHOLD_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/policy.pb.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor {

// What the policy may look at about one contact.
struct ContactFacts {
  // Assessment-factor codes of the contact.
  std::vector<std::string> factors;
  // Whole years at the contact (negative for an unborn child).
  int age_years = 0;
  // ReferralSource code.
  std::string source;
  // Earlier contacts about the child in the 365 days before.
  int prior_contacts_12m = 0;
  // The child's level of service when the contact arrived.
  v1::ServiceLevel current_level = v1::SERVICE_LEVEL_NONE;
};

// The result of evaluating a policy (a Decision without contact ids or time).
struct Evaluation {
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  v1::Rag rag = v1::RAG_UNSPECIFIED;
  int need_level = 0;
  std::vector<v1::FiredRule> fired;
};

// A compiled, immutable threshold policy. Safe to share between threads.
class Policy {
 public:
  // Validates and compiles a parsed policy. Errors name the field, e.g.
  // "rules[2] (id \"under-one\").when.any_factor: unknown factor code \"99\"".
  static absl::StatusOr<Policy> Compile(const v1::ThresholdPolicy& spec);

  // Decides one contact.
  Evaluation Evaluate(const ContactFacts& facts) const;

  const std::string& id() const { return id_; }
  int64_t version() const { return version_; }
  const std::string& description() const { return description_; }

 private:
  // A condition with codes turned into bit positions.
  struct CompiledCondition {
    uint64_t any_factor = 0;
    uint64_t all_factors = 0;
    bool no_factors = false;
    std::optional<int> max_age, min_age, min_prior, min_need, max_need;
    uint32_t sources = 0;
    uint32_t levels = 0;
  };
  struct CompiledRule {
    std::string id;
    std::string description;
    CompiledCondition when;
    v1::Outcome outcome;
    v1::Rag rag;
  };
  struct CompiledEscalation {
    std::string id;
    int min_prior;
    int raise_by;
    int max_level;
  };
  struct LevelDecision {
    v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
    v1::Rag rag = v1::RAG_UNSPECIFIED;
  };

  static bool Matches(const CompiledCondition& c, uint64_t factors,
                      uint32_t source, const ContactFacts& facts,
                      int need_level);

  std::string id_;
  int64_t version_ = 0;
  std::string description_;
  int default_level_ = 1;
  // Level of need per factor bit (0 when the policy does not list it).
  std::vector<int> factor_level_;
  std::vector<CompiledEscalation> escalations_;
  std::vector<CompiledRule> rules_;
  // Indexed by level 1..4 (0 unused).
  std::array<LevelDecision, 5> level_decisions_{};
};

// The bit of an assessment-factor code, or -1 when the code is unknown.
int FactorBit(absl::string_view code);
// The bit of a ReferralSource code, or -1 when the code is unknown.
int SourceBit(absl::string_view code);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_POLICY_H_
