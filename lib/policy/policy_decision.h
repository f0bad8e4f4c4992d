// Deciding one contact with a policy: the facts a policy sees, and the
// explained decision it makes. Used by threshold, policy diff and the bench,
// so that all three decide alike.
#ifndef FRONTDOOR_LIB_POLICY_POLICY_DECISION_H_
#define FRONTDOOR_LIB_POLICY_POLICY_DECISION_H_

#include <string>

#include "absl/status/statusor.h"
#include "frontdoor/v1/threshold.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "lib/policy/policy.h"

namespace frontdoor {

// The facts a policy sees for a contact, computed from the request.
absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request);

// A decision on `contact_id` by `policy`, explained, at `decided_at`, as the
// MASH would make it (the door is not looked at: see DecideContact).
v1::Decision MakeDecision(const Policy& policy, const ContactFacts& facts,
                          const std::string& contact_id,
                          const google::protobuf::Timestamp& decided_at);

// The decision on the request's contact: MakeDecision, except that a contact
// to the early-help door is accepted into early help whatever the policy
// says (the policy's level of need is still recorded).
v1::Decision DecideContact(const Policy& policy, const ContactFacts& facts,
                           const v1::DecideRequest& request);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_POLICY_POLICY_DECISION_H_
