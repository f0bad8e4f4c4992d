// Runs a scenario through the three services: creates the run, sends the
// generated contacts to intake in event-time order, plays the social
// workers and the early-help workers (allocation, assessments, conferences:
// the only place latent need is used; see fieldwork.h), and moves the run's
// clock to the end.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_SIMULATOR_H_
#define FRONTDOOR_CLIENTS_SIMULATE_SIMULATOR_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/service_client.h"
#include "clients/simulate/social_work_team.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// What a simulation did.
struct SimulationResult {
  std::string run_id;
  int64_t contacts_sent = 0;
  int64_t contacts_refused = 0;
  int64_t assessments_recorded = 0;
  // The social workers, day by day from the warm-up's first day.
  std::vector<WorkforceDay> workforce;
};

// Called after each simulated day with days done and days in all.
using Progress = std::function<void(int done, int total)>;

// Told when the services become unreachable or answer again.
using Notice = std::function<void(const std::string&)>;

// Simulates `scenario` (defaults filled) as run `run_id` on the bulk path.
// Succeeds only once every event of the run is decided. With a `journal`
// path, the children's levels read are kept there (level_journal.h), so
// that the same call after an interruption continues the run and ends in
// the state it would have reached undisturbed.
absl::StatusOr<SimulationResult> Simulate(const v1::Scenario& scenario,
                                          const std::string& run_id,
                                          const std::string& description,
                                          cli::ServiceClient& client,
                                          const Progress& progress,
                                          const Notice& notice = nullptr,
                                          const std::string& journal = "");

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_SIMULATOR_H_
