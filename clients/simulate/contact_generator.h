// Synthetic demand: the contacts of a simulated local authority, day by
// day, from a population of children with a latent level of need. Children
// come back (repeat contacts), their need drifts, and need presents in a
// contact's factors imperfectly; the front door sees only the contact.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_CONTACT_GENERATOR_H_
#define FRONTDOOR_CLIENTS_SIMULATE_CONTACT_GENERATOR_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor {

class StableRandom;

// A generated contact and the truth behind it, which only the simulated
// social workers (assessments) get to see.
// The latent need of a warm start's child already looked after: need 4,
// whose assessment finds the child in care.
inline constexpr int kLatentNeedLookedAfter = 5;

struct GeneratedContact {
  v1::Contact contact;
  // The child's latent level of need, 1-4, or kLatentNeedLookedAfter.
  int latent_need = 1;
  // The level at which the contact presents (its factors' level), 1-4.
  int presented_level = 1;
};

// Generates a scenario's contacts. Deterministic: the same scenario (seed
// included) gives the same contacts.
class ContactGenerator {
 public:
  // `scenario` must have its defaults filled in.
  ContactGenerator(const v1::Scenario& scenario, std::string run_id);

  // The contacts received on `day`, in time order.
  std::vector<GeneratedContact> Day(absl::CivilDay day);

  // Expected contacts on `day` (before the Poisson draw).
  double ExpectedVolume(absl::CivilDay day) const;

 private:
  struct Child {
    std::string id;
    absl::CivilDay birth;
    int need;
  };
  int NewChild(absl::CivilDay day, uint64_t salt);
  // With the scenario's sibling groups, the contact just generated (the
  // `i`th of `day`, about a child not seen before) may concern brothers and
  // sisters too: each gets a contact of its own, appended.
  void AddSiblings(absl::CivilDay day, int64_t i,
                   std::vector<GeneratedContact>& contacts);
  // With the scenario's warm start, the referrals of the children open to
  // social care when the warm-up starts, spread over its first days:
  // appended on each of those days, presenting at their need; then those
  // looked after.
  void AddWarmStart(absl::CivilDay day, bool weekend,
                    std::vector<GeneratedContact>& contacts);
  // The contact `contact_id` about `child`, presenting at `presented`, on
  // `day`: factors, source, time of day and door, drawn from `random`.
  GeneratedContact Describe(StableRandom& random, const Child& child,
                            int presented, const std::string& contact_id,
                            absl::CivilDay day, bool weekend);
  double SeasonalFactor(absl::CivilDay day) const;
  // The level a referrer from `source` states for a contact presenting at
  // `level`: the scenario's partners over- or under-state need. Drawn from
  // its own stream, so a scenario without partners gives the same contacts
  // as before they existed.
  int StatedLevel(int level, const std::string& source,
                  const std::string& contact_id) const;

  v1::Scenario scenario_;
  std::string run_id_;
  double base_per_day_ = 0;
  std::vector<Child> children_;
  // (day, child index) of each contact in the last 365 days: a repeat
  // contact picks one of these, so children contacted often come back often.
  std::deque<std::pair<absl::CivilDay, int>> recent_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_CONTACT_GENERATOR_H_
