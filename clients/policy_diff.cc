// Policy diff engine.
#include "clients/policy_diff.h"

#include <algorithm>
#include <deque>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/stepping/level_of_service.h"
#include "services/threshold/threshold.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kTwelveMonths = absl::Hours(24 * 365);

// What one policy has done to one child so far.
struct ChildView {
  v1::ServiceLevel level = v1::SERVICE_LEVEL_NONE;
};

// A child's contact times, for counting the last 12 months.
struct ChildHistory {
  std::deque<absl::Time> times;
};

}  // namespace

absl::StatusOr<std::vector<v1::Decision>> DecideAll(
    const Policy& policy, const std::vector<v1::Contact>& contacts) {
  absl::StatusOr<PolicyDiff> diff = DiffPolicies(policy, policy, contacts);
  if (!diff.ok()) return diff.status();
  return std::move(diff->decisions_a);
}

absl::StatusOr<PolicyDiff> DiffPolicies(const Policy& a, const Policy& b,
                                        std::vector<v1::Contact> contacts) {
  std::stable_sort(contacts.begin(), contacts.end(),
                   [](const v1::Contact& x, const v1::Contact& y) {
                     return FromProto(x.event_time()) <
                            FromProto(y.event_time());
                   });
  absl::flat_hash_map<std::string, ChildHistory> history;
  absl::flat_hash_map<std::string, ChildView> view_a, view_b;
  PolicyDiff diff;

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

    ChildView& child_a = view_a[contact.child_id()];
    ChildView& child_b = view_b[contact.child_id()];
    request.set_current_level(child_a.level);
    absl::StatusOr<ContactFacts> facts_a = FactsOf(request);
    request.set_current_level(child_b.level);
    absl::StatusOr<ContactFacts> facts_b = FactsOf(request);
    if (!facts_a.ok() || !facts_b.ok()) {
      const absl::Status& bad =
          facts_a.ok() ? facts_b.status() : facts_a.status();
      return absl::InvalidArgumentError(absl::StrCat(
          "contact ", i + 1, " (", contact_id, "): ", bad.message()));
    }
    const v1::Decision decision_a =
        MakeDecision(a, *facts_a, contact_id, contact.event_time());
    const v1::Decision decision_b =
        MakeDecision(b, *facts_b, contact_id, contact.event_time());
    for (auto [view, decision] :
         {std::pair{&child_a, &decision_a}, std::pair{&child_b, &decision_b}}) {
      const v1::ServiceLevel wanted = LevelFor(decision->outcome());
      if (TransitionFor(view->level, wanted) != v1::TRANSITION_NO_CHANGE) {
        view->level = wanted;
      }
    }

    ++diff.contacts;
    ++diff.counts[decision_a.outcome()][decision_b.outcome()];
    diff.decisions_a.push_back(decision_a);
    if (decision_a.outcome() != decision_b.outcome()) {
      ++diff.changed;
      diff.changes.push_back({contact_id, contact.child_id(),
                              FormatEventTime(at), decision_a, decision_b});
    }
  }
  return diff;
}

}  // namespace frontdoor
