// Policy diff engine.
#include "lib/policy/policy_diff.h"

#include <algorithm>
#include <deque>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/level_of_service.h"
#include "lib/policy/policy_decision.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kTwelveMonths = absl::Hours(24 * 365);

// A child's contact times, for counting the last 12 months.
struct ChildHistory {
  std::deque<absl::Time> times;
};

// Decides `contacts` (in event-time order) under each of `policies`, each
// policy with its own view of every child's level of service, and calls
// `each` with a contact and its decisions (one per policy, in order).
absl::Status DecideChildByChild(
    const std::vector<const Policy*>& policies,
    const std::vector<v1::Contact>& contacts,
    const std::function<void(const v1::Contact&,
                             const std::vector<v1::Decision>&)>& each) {
  absl::flat_hash_map<std::string, ChildHistory> history;
  // levels[p][child]: the child's level of service under policy p.
  std::vector<absl::flat_hash_map<std::string, v1::ServiceLevel>> levels(
      policies.size());
  std::vector<v1::Decision> decisions(policies.size());
  for (size_t i = 0; i < contacts.size(); ++i) {
    const v1::Contact& contact = contacts[i];
    const std::string contact_id =
        ContactId(contact.source(), contact.source_contact_id());
    const absl::Time at = FromProto(contact.event_time());

    ChildHistory& h = history[contact.child_id()];
    while (!h.times.empty() && h.times.front() < at - kTwelveMonths) {
      h.times.pop_front();
    }
    const int prior = static_cast<int>(std::count_if(
        h.times.begin(), h.times.end(), [at](absl::Time t) { return t < at; }));
    h.times.push_back(at);

    v1::DecideRequest request;
    request.set_contact_id(contact_id);
    *request.mutable_contact() = contact;
    request.set_prior_contacts_12m(prior);
    for (size_t p = 0; p < policies.size(); ++p) {
      auto level = levels[p]
                       .try_emplace(contact.child_id(), v1::SERVICE_LEVEL_NONE)
                       .first;
      request.set_current_level(level->second);
      absl::StatusOr<ContactFacts> facts = FactsOf(request);
      if (!facts.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("contact ", i + 1, " (", contact_id,
                         "): ", facts.status().message()));
      }
      decisions[p] = DecideContact(*policies[p], *facts, request);
      const v1::ServiceLevel wanted = LevelFor(decisions[p].outcome());
      if (TransitionFor(level->second, wanted) != v1::TRANSITION_NO_CHANGE) {
        level->second = wanted;
      }
    }
    each(contact, decisions);
  }
  return absl::OkStatus();
}

void SortByEventTime(std::vector<v1::Contact>* contacts) {
  std::stable_sort(contacts->begin(), contacts->end(),
                   [](const v1::Contact& x, const v1::Contact& y) {
                     return FromProto(x.event_time()) <
                            FromProto(y.event_time());
                   });
}

}  // namespace

absl::StatusOr<std::vector<v1::Decision>> DecideAll(
    const Policy& policy, const std::vector<v1::Contact>& contacts) {
  std::vector<v1::Decision> all;
  absl::Status decided = DecideChildByChild(
      {&policy}, contacts,
      [&all](const v1::Contact&, const std::vector<v1::Decision>& d) {
        all.push_back(d[0]);
      });
  if (!decided.ok()) return decided;
  return all;
}

absl::StatusOr<PolicyDiff> DiffPolicies(const Policy& a, const Policy& b,
                                        std::vector<v1::Contact> contacts) {
  SortByEventTime(&contacts);
  PolicyDiff diff;
  absl::Status decided = DecideChildByChild(
      {&a, &b}, contacts,
      [&diff](const v1::Contact& contact, const std::vector<v1::Decision>& d) {
        ++diff.contacts;
        ++diff.counts[d[0].outcome()][d[1].outcome()];
        if (d[0].outcome() != d[1].outcome()) {
          ++diff.changed;
          diff.changes.push_back(
              {d[0].contact_id(), contact.child_id(),
               FormatEventTime(FromProto(contact.event_time())), d[0], d[1]});
        }
      });
  if (!decided.ok()) return decided;
  return diff;
}

}  // namespace frontdoor
