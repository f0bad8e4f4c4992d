// The stepping service's domain: each child's level of service and
// episodes, changed by decisions (open, step up), assessment findings,
// step-down requests and timers in event time (episode ends, step-up
// decisions), idempotent on the contact or request id.
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "services/common/store.h"

namespace frontdoor {

// Children's levels of service in a Store. Thread-safe.
class Stepping {
 public:
  // The column families Stepping needs in its store.
  static std::vector<std::string> Families();

  // `store` must outlive this object and have been opened with Families().
  explicit Stepping(Store* store);

  // Applies a decision: opens an episode or steps the child up when the
  // outcome calls for a higher level; otherwise changes nothing. A repeat of
  // the same contact returns the first result.
  absl::StatusOr<v1::LevelChange> Apply(
      const v1::ApplyDecisionRequest& request);

  // Steps the child down to early help or closes its episode. A repeat of
  // the same request returns the first result.
  absl::StatusOr<v1::LevelChange> StepDown(const v1::StepDownRequest& request);

  // Applies an assessment's finding to the episode the contact opened, if it
  // is still the child's open episode. Idempotent on the contact.
  absl::StatusOr<v1::LevelChange> RecordAssessment(
      const v1::RecordAssessmentRequest& request);

  // A child's level and episodes (level NONE, no episodes, if never seen),
  // after advancing the run's clock to `as_of` when it is given.
  absl::StatusOr<internal::ChildState> Child(
      absl::string_view run_id, absl::string_view child_id,
      std::optional<absl::Time> as_of = std::nullopt);

  // Children open at each level above NONE in a run.
  absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> Caseloads(
      absl::string_view run_id) const;

  // Sets a run's seed, episode lengths and step-up/step-down behaviour.
  // Episodes opened from then on end on timers.
  absl::Status ConfigureRun(const v1::RunConfig& config);

  // Advances the run's clock to `to`, firing due timers in time order;
  // returns how many fired.
  absl::StatusOr<int64_t> AdvanceTo(absl::string_view run_id, absl::Time to);

  // Calls `visit` for each child of a run, by child id, until it returns
  // false.
  absl::Status ScanRun(
      absl::string_view run_id,
      const std::function<bool(const std::string& child_id,
                               const internal::ChildState&)>& visit) const;

  // Calls `visit` with each assessment finding of a run, in event-time
  // order, until it returns false.
  absl::Status ScanAssessments(
      absl::string_view run_id,
      const std::function<bool(const v1::RecordAssessmentRequest&)>& visit)
      const;

  // Deletes every record of a run; returns how many.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id);

 private:
  // A run's settings and clock, cached from the store.
  struct RunSettings {
    v1::Services services;  // defaults filled in
    uint64_t seed = 0;
    bool configured = false;
    // The latest time advanced to. Not stored: fired timers are deleted, so
    // after a restart advancing again finds nothing old to fire.
    absl::Time clock = absl::InfinitePast();
    // The run's timers by (due time, key): an in-memory index of the timers
    // family, so advancing the clock costs no read when nothing is due.
    std::map<std::pair<absl::Time, std::string>, internal::Timer> timers;
  };

  // The edit an operation makes to one child: it may add to the batch
  // (timers, records) and returns what changed.
  using ChildEdit = std::function<absl::StatusOr<v1::LevelChange>(
      RunSettings* settings, internal::ChildState* child,
      rocksdb::WriteBatch* batch)>;
  // Runs an operation once: a repeat of (kind, id) returns the first result;
  // otherwise, after advancing the clock to `advance_to` if given, the
  // child's edit and its result land in one batch.
  absl::StatusOr<v1::LevelChange> Operate(const std::string& run_id,
                                          absl::string_view kind,
                                          absl::string_view id,
                                          absl::string_view child_id,
                                          std::optional<absl::Time> advance_to,
                                          const ChildEdit& edit);
  // Reads a child's state (level NONE when the key is absent).
  absl::StatusOr<internal::ChildState> LoadChild(const std::string& key) const;
  // The stored result of an operation already applied, if any.
  absl::StatusOr<std::optional<v1::LevelChange>> PriorResult(
      const std::string& key) const;
  // A run's settings and timers, loaded on first use.
  absl::StatusOr<RunSettings*> LoadRun(const std::string& run_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // AdvanceTo with the lock held.
  absl::StatusOr<int64_t> AdvanceLocked(const std::string& run_id,
                                        absl::Time to)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Acts on one due timer (stepping_timers.cc).
  absl::Status Fire(const std::string& run_id, const RunSettings& settings,
                    absl::Time at, const internal::Timer& timer,
                    rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Opens an episode; with a configured run, schedules its end.
  std::string OpenEpisode(const std::string& run_id,
                          const RunSettings* settings,
                          const std::string& child_id,
                          internal::ChildState* child, v1::ServiceLevel level,
                          absl::string_view opened_by, absl::Time at,
                          int need_level, rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Schedules a timer: into the batch now, into the run's index when the
  // batch has been written (CommitTimers).
  void AddTimer(const std::string& run_id, absl::Time at,
                internal::Timer::Kind kind, const std::string& child_id,
                const std::string& episode_id, rocksdb::WriteBatch* batch);
  // Writes a batch and then indexes the timers it added (or forgets them if
  // the write failed).
  absl::Status WriteWithTimers(const std::string& run_id,
                               rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Store* const store_;
  rocksdb::ColumnFamilyHandle* const children_;
  rocksdb::ColumnFamilyHandle* const applied_;
  rocksdb::ColumnFamilyHandle* const runs_;
  rocksdb::ColumnFamilyHandle* const timers_;
  rocksdb::ColumnFamilyHandle* const assessments_;
  // Serialises read-modify-write of children, timers and clocks.
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<RunSettings>> run_settings_
      ABSL_GUARDED_BY(mu_);
  // Timers added to the batch being built, waiting for its write.
  std::vector<std::pair<std::pair<absl::Time, std::string>, internal::Timer>>
      pending_timers_ ABSL_GUARDED_BY(mu_);
};

// Services settings with defaults filled in for unset (zero) fields.
v1::Services WithDefaults(v1::Services services);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
