// What-if comparison of two threshold policies on the same contacts, child
// by child, without touching any service: each policy's decisions feed its
// own view of every child's level of service, so a different early decision
// changes what later contacts about that child see.
#ifndef FRONTDOOR_LIB_POLICY_POLICY_DIFF_H_
#define FRONTDOOR_LIB_POLICY_POLICY_DIFF_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "frontdoor/v1/types.pb.h"
#include "lib/policy/policy.h"

namespace frontdoor {

// One contact decided differently by the two policies.
struct ChangedContact {
  std::string contact_id;
  std::string child_id;
  std::string event_time;
  v1::Decision a;
  v1::Decision b;
};

// The comparison of policy A with policy B.
struct PolicyDiff {
  using Counts = std::array<std::array<int64_t, 7>, 7>;
  // counts[x][y]: contacts A decided x and B decided y (Outcome numbers).
  Counts counts{};
  int64_t contacts = 0;
  int64_t changed = 0;
  std::vector<ChangedContact> changes;
  // Share of contacts whose outcome changed, 0 to 1.
  double changed_share() const {
    return contacts == 0 ? 0.0 : static_cast<double>(changed) / contacts;
  }
};

// One policy's decisions on `contacts`, which must be in event-time order,
// child by child as DiffPolicies does it; one per contact, in order.
absl::StatusOr<std::vector<v1::Decision>> DecideAll(
    const Policy& policy, const std::vector<v1::Contact>& contacts);

// Decides `contacts` (any order; they are taken in event-time order) under
// both policies. Earlier contacts in 12 months are counted from the contacts
// given; levels of service start at none and follow each policy's own
// decisions (opening and stepping up; step-downs are not modelled here).
absl::StatusOr<PolicyDiff> DiffPolicies(const Policy& a, const Policy& b,
                                        std::vector<v1::Contact> contacts);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_POLICY_POLICY_DIFF_H_
