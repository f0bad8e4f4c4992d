// Deciding one contact with a policy.
#include "lib/policy/policy_decision.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"

namespace frontdoor {

absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request) {
  const v1::Contact& contact = request.contact();
  if (!contact.has_event_time()) {
    return absl::InvalidArgumentError("contact.event_time: is required");
  }
  int age_years = contact.age_years();
  if (contact.has_date_of_birth()) {
    absl::StatusOr<absl::CivilDay> birth =
        ToCivilDay(contact.date_of_birth(), "contact.date_of_birth");
    if (!birth.ok()) return birth.status();
    age_years = AgeInYears(*birth, DayOf(FromProto(contact.event_time())));
  }
  absl::StatusOr<ContactFacts> facts =
      MakeFacts(contact.factors(), contact.source(), age_years,
                request.prior_contacts_12m(), request.current_level());
  if (!facts.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("contact.", facts.status().message()));
  }
  return facts;
}

v1::Decision MakeDecision(const Policy& policy, const ContactFacts& facts,
                          const std::string& contact_id,
                          const google::protobuf::Timestamp& decided_at) {
  const Evaluation evaluation = policy.Evaluate(facts);
  v1::Decision decision;
  decision.set_contact_id(contact_id);
  decision.set_outcome(evaluation.outcome);
  decision.set_rag(evaluation.rag);
  decision.set_need_level(evaluation.need_level);
  decision.set_needs_sign_off(evaluation.needs_sign_off);
  for (v1::FiredRule& fired : policy.Explain(evaluation, facts)) {
    *decision.add_fired_rules() = std::move(fired);
  }
  decision.set_policy_id(policy.id());
  decision.set_policy_version(policy.version());
  *decision.mutable_decided_at() = decided_at;
  decision.set_door(v1::DOOR_MASH);
  return decision;
}

namespace {

// The early-help door accepts the contact into early help without MASH
// screening; the policy's view is kept in the explanation.
void ThroughEarlyHelpDoor(v1::Decision* decision) {
  decision->set_door(v1::DOOR_EARLY_HELP);
  decision->set_outcome(v1::OUTCOME_EARLY_HELP);
  decision->set_rag(v1::RAG_GREEN);
  decision->set_needs_sign_off(false);
  v1::FiredRule* fired = decision->add_fired_rules();
  fired->set_rule_id("door:early-help");
  fired->set_explanation(
      "came to the separate early-help door: accepted into early help "
      "without MASH screening");
}

}  // namespace

v1::Decision DecideContact(const Policy& policy, const ContactFacts& facts,
                           const v1::DecideRequest& request) {
  v1::Decision decision = MakeDecision(policy, facts, request.contact_id(),
                                       request.contact().event_time());
  if (request.contact().door() == v1::DOOR_EARLY_HELP) {
    ThroughEarlyHelpDoor(&decision);
  }
  return decision;
}

}  // namespace frontdoor
