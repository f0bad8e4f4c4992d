// The threshold service's domain: decides contacts with a loaded policy and
// keeps every decision, idempotent per numbered batch of intake's flow and
// otherwise on the contact id.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_
#define FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_

#include <array>
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/threshold.pb.h"
#include "lib/policy/policy.h"
#include "lib/policy/policy_decision.h"
#include "services/threshold/mash_queue.h"
#include "services/threshold/policy_registry.h"
#include "services/threshold/threshold_store.h"

namespace frontdoor {

// What threshold's metrics report, read when they are scraped.
struct ThresholdStats {
  // New decisions stored since the service started, by Outcome and Rag
  // number (a repeated delivery answered from the store is not counted).
  std::array<std::array<int64_t, 4>, 7> decisions{};
  // Contacts waiting for a screener's decision at each run's latest
  // contact, summed over the runs decided since the service started.
  int64_t mash_waiting = 0;
};

// Decides contacts and stores the decisions. Thread-safe.
class Threshold {
 public:
  // `store` and `policies` must outlive this object.
  Threshold(const ThresholdStore* store, PolicyRegistry* policies);

  // Decides one run's contacts in order (the MASH queue takes them in that
  // order), each with the requested (or the run's, or the active) policy,
  // and stores them in one write. Outside a numbered batch a contact
  // decided before gets its stored decision, so a retry changes nothing.
  absl::StatusOr<v1::DecideBatchResponse> DecideBatch(
      const v1::DecideBatchRequest& request);

  // A stable hash over every record of the run.
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;

  // Decides without storing anything (a dry run).
  absl::StatusOr<v1::Decision> Evaluate(const v1::DecideRequest& request) const;

  // The stored decision on a contact; NOT_FOUND when there is none.
  absl::StatusOr<v1::Decision> Find(absl::string_view run_id,
                                    absl::string_view contact_id) const;

  // Sets a run's policy and MASH capacity. Decisions already made stay.
  absl::Status ConfigureRun(const v1::RunConfig& config);

  // Deletes a run's decisions, queue and config; returns records removed.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id);

  // Counts for the metrics endpoint.
  ThresholdStats Stats() const;

 private:
  // A configured run: its settings and its screeners' state.
  struct RunState {
    v1::RunConfig config;
    // The scenario's MASH, defaults applied.
    v1::Mash mash;
    std::unique_ptr<MashQueue> queue;
    // When the MASH decides the contacts not yet decided at the latest
    // arrival: the queue's length, for the metrics.
    std::multiset<absl::Time> undecided;
    absl::Time latest_arrival = absl::InfinitePast();
  };
  // One run's calls, one at a time; calls on other runs go ahead beside
  // them, so many runs at once use every core.
  struct Lane {
    absl::Mutex mu;
    // The run's state once loaded; null until then, for a run never
    // configured, and after a call that did not commit (so that the next
    // reads it again from the store).
    std::unique_ptr<RunState> state ABSL_GUARDED_BY(mu);
    // The queue's length at the run's latest contact, for the metrics
    // without waiting for the run's call in progress.
    std::atomic<int64_t> waiting{0};
  };
  // The lane of `run_id`, made on first use. A lane lives as long as the
  // service (a run deleted and made again keeps it), so the reference stays
  // good without holding lanes_mu_.
  Lane& LaneOf(const std::string& run_id) ABSL_LOCKS_EXCLUDED(lanes_mu_);
  // The run's state, loaded from the store on first use; nullptr for a run
  // never configured.
  absl::StatusOr<RunState*> LoadRun(Lane& lane, const std::string& run_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lane.mu);
  // Decides one contact of a batch into `batch`, in the run's lane; `decided`
  // holds this batch's decisions by key, so a repeat inside it answers the
  // same. A numbered batch was looked up whole, so no stored decision is looked
  // up for its contacts.
  absl::StatusOr<v1::Decision> DecideInto(
      const v1::DecideRequest& request, const std::string& run_id,
      bool numbered, RunState* run,
      absl::flat_hash_map<std::string, v1::Decision>* decided,
      rocksdb::WriteBatch* batch);
  // Decides without storing; `run` (may be null) supplies the policy, and
  // `judgement` the screener's own (see ContactFacts).
  absl::StatusOr<v1::Decision> EvaluateFor(const v1::DecideRequest& request,
                                           const RunState* run,
                                           int judgement = 0) const;
  // Sets when a run's decision is made, as its MASH queue schedules it.
  // Called in the run's lane, as DecideInto is.
  void Schedule(const v1::DecideRequest& request, RunState& run,
                v1::Decision& decision);

  const ThresholdStore* const store_;
  PolicyRegistry* const policies_;
  // Guards the map only; a run's check-then-store of a decision and its
  // queue's state are serialised by its own lane.
  mutable absl::Mutex lanes_mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Lane>> lanes_
      ABSL_GUARDED_BY(lanes_mu_);
  std::array<std::array<std::atomic<int64_t>, 4>, 7> decisions_{};
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_
