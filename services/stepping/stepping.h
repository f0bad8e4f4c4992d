// The stepping service's domain: each child's level of service and
// episodes, changed by decisions (open, step up), assessment findings,
// step-down requests and timers in event time (episode ends, step-up
// decisions, decisions taking effect). Intake's numbered batches are
// idempotent as a whole (their answers are stored); other calls on the
// contact or request id.
//
// Intake's ordered flow reaches it in two passes per batch: Observe (each
// contact's level at its time, findings applied) and ApplyBatch (decisions
// scheduled at their decision times, the clock moved). Children never
// affect each other here, so a child's timers may fire ahead of the run's
// clock when that child is touched: the state after a batch of 1,000 equals
// the state after 1,000 batches of one.
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "lib/domain/stable_random.h"
#include "services/common/storage/batch_answers.h"
#include "services/common/storage/store.h"
#include "services/stepping/child_cache.h"
#include "services/stepping/stepping_store.h"

namespace frontdoor {

// Children's levels of service in a Store. Thread-safe.
class Stepping {
 public:
  // `store` must outlive this object.
  explicit Stepping(const SteppingStore* store) : store_(store) {}

  // First pass of a batch: each contact's child level at the contact's time
  // (recorded, so a repeat answers the same), each finding applied; one
  // write. Moves the run's clock to the latest time seen.
  absl::StatusOr<v1::ObserveResponse> Observe(
      const v1::ObserveRequest& request);

  // Second pass: schedules each decision at its decision time (or applies it
  // at once when that is its received time), then advances the clock if
  // asked; one write.
  absl::StatusOr<v1::ApplyBatchResponse> ApplyBatch(
      const v1::ApplyBatchRequest& request);

  // Steps the child down to early help or closes its episode. A repeat of
  // the same request returns the first result.
  absl::StatusOr<v1::LevelChange> StepDown(const v1::StepDownRequest& request);

  // A child's level and episodes as stored (level NONE, no episodes, if
  // never seen). Never writes.
  absl::StatusOr<internal::ChildState> Child(absl::string_view run_id,
                                             absl::string_view child_id) const;

  // Many children as Child reads them, in the order given; at most
  // kMaxChildrenRead ids, or INVALID_ARGUMENT naming the first bad one.
  absl::StatusOr<std::vector<internal::ChildState>> Children(
      absl::string_view run_id, absl::Span<const std::string> child_ids) const;
  static constexpr int kMaxChildrenRead = 10000;

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

  // A stable hash over every record of the run.
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;

 private:
  // A run's settings and clock, cached from the store. Timers stay in the
  // store (by time, and by child), so memory does not grow with caseloads.
  struct RunSettings {
    v1::Services services;  // defaults filled in
    uint64_t seed = 0;
    bool configured = false;
    // The latest event time seen (stored); moves only forward.
    absl::Time clock = absl::InfinitePast();
    // Every timer due before this has fired: where a scan for due timers
    // starts, skipping the deleted ones before it.
    absl::Time fired_through = absl::InfinitePast();
  };

  // Until a call commits, its run's cached settings are suspect: the call
  // may already have moved the clock or the timer scan start in memory.
  // Held by the call's Txn, this forgets them (so the next call reads them
  // from the store) unless Commit disarms it.
  class ForgetSettings {
   public:
    ForgetSettings() = default;
    ForgetSettings(ForgetSettings&& other) noexcept
        : settings_(std::exchange(other.settings_, nullptr)) {}
    ForgetSettings& operator=(ForgetSettings&&) = delete;
    ~ForgetSettings() {
      if (settings_ != nullptr) settings_->reset();
    }
    // Arms it for the run's cached `settings`.
    void Arm(std::unique_ptr<RunSettings>* settings) { settings_ = settings; }
    // The call committed: the settings are what the store holds.
    void Disarm() { settings_ = nullptr; }

   private:
    std::unique_ptr<RunSettings>* settings_ = nullptr;
  };

  // One run's calls, one at a time; calls on other runs go ahead beside
  // them, so many runs at once use every core.
  struct Lane {
    absl::Mutex mu;
    // The run's settings once loaded; null until then and after a call
    // that did not commit.
    std::unique_ptr<RunSettings> settings ABSL_GUARDED_BY(mu);
  };

  // One call's changes, written in one batch by Commit. Made by Begin in
  // the run's lane and destroyed in it (it is declared after the lane's
  // lock): every function below that takes a Txn runs in its lane.
  struct Txn {
    std::string run_id;
    RunSettings* run = nullptr;
    rocksdb::WriteBatch batch;
    // Children read in this call, by id; edited ones are written at commit.
    absl::flat_hash_map<std::string, internal::ChildState> children;
    absl::flat_hash_set<std::string> dirty;
    // Results of operations applied in this call, by operation key.
    absl::flat_hash_map<std::string, std::string> operations;
    // Children given a timer in this call (not yet in the time index).
    absl::flat_hash_set<std::string> timer_children;
    int64_t fired_count = 0;
    bool clock_moved = false;
    // Intake's number for the batch, 0 outside its flow. A numbered batch
    // is idempotent as a whole (its answer is stored), so its operations
    // are not recorded one by one.
    uint64_t numbered = 0;
    ForgetSettings forget;
  };

  // The lane of `run_id` (RunOrDefault applied), made on first use. A lane
  // lives as long as the service (a run deleted and made again keeps it),
  // so the reference stays good without holding lanes_mu_.
  Lane& LaneOf(absl::string_view run_id) ABSL_LOCKS_EXCLUDED(lanes_mu_);
  // Starts a call on a run (its settings loaded) in its lane.
  absl::StatusOr<Txn> Begin(Lane& lane, absl::string_view run_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lane.mu);
  // Writes the call's batch; on failure the run's cached state is forgotten
  // (Txn::forget) so that it is read again from the store.
  absl::Status Commit(Txn& txn);
  // Adds a numbered batch's answer to its write, so that the batch sent
  // again is answered the same; nothing for an unnumbered call.
  absl::Status RecordAnswer(Txn& txn, absl::string_view kind,
                            const google::protobuf::Message& answer);
  // The child as this call sees it, for reading.
  absl::StatusOr<internal::ChildState*> ReadChild(Txn& txn,
                                                  const std::string& child_id);
  // The child as this call sees it, for editing; marks it dirty.
  absl::StatusOr<internal::ChildState*> EditChild(Txn& txn,
                                                  const std::string& child_id);
  // The stored result of an operation (this call's first), if any.
  absl::StatusOr<std::optional<std::string>> PriorOperation(
      const Txn& txn, const std::string& key) const;
  // Records an operation's result.
  void RecordOperation(Txn& txn, const std::string& key, std::string result);
  // Reads a child's state from the store (level NONE when absent).
  absl::StatusOr<internal::ChildState> LoadChild(const std::string& key) const;
  // A run's settings and timers, loaded on first use.
  absl::StatusOr<RunSettings*> LoadRun(Lane& lane, const std::string& run_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lane.mu);

  // Fires every timer of the run due by `to`, child by child (children are
  // independent), each child's in time order.
  absl::StatusOr<int64_t> FireAll(Txn& txn, absl::Time to);
  // Fires the child's own timers due by `to`, in time order.
  absl::Status FireChild(Txn& txn, const std::string& child_id, absl::Time to);
  // Removes the child's earliest timer from the child and the time index,
  // and acts on it (stepping_timers.cc).
  absl::Status FireFirst(Txn& txn, const std::string& child_id);
  // FireFirst's decision timers: a decision that takes effect now.
  absl::Status FireDecision(Txn& txn, const internal::Timer& timer,
                            absl::Time at);
  // FireFirst's timers of the child's open episode: a finding overdue, a
  // handover, a manager's answer to a step-up request, or the end.
  void FireOnEpisode(Txn& txn, const std::string& child_id,
                     internal::Timer::Kind kind, internal::ChildState* child,
                     v1::Episode* open, absl::Time at);
  // The manager's answer to the child's latest step-up request (`u`
  // against the acceptance rate); a refusal keeps the child in early help
  // for another spell drawn from `random`.
  void DecideStepUp(Txn& txn, const std::string& child_id,
                    internal::ChildState* child, v1::Episode* open, double u,
                    StableRandom& random, absl::Time at);
  // The end of the open episode as its level has it: early help asks to
  // step up or closes, child in need steps down (after a handover), closes
  // or enters care, a plan steps down to child in need or enters care, care
  // closes.
  void EndEpisode(Txn& txn, const std::string& child_id,
                  internal::ChildState* child, v1::Episode* open, double u,
                  StableRandom& random, absl::Time at);
  // The child enters care: its open episode ends and one looked after
  // opens, with its length drawn.
  void EnterCare(Txn& txn, const std::string& child_id,
                 internal::ChildState* child, absl::Time at);
  // Schedules a timer of `child` (already being edited) in the child and
  // the time index.
  void AddTimer(Txn& txn, internal::ChildState* child, absl::Time at,
                internal::Timer timer);
  // Opens an episode; with a configured run, schedules its end, unless it
  // `awaits_finding` of its referral in a run whose findings follow.
  std::string OpenEpisode(Txn& txn, const std::string& child_id,
                          internal::ChildState* child, v1::ServiceLevel level,
                          absl::string_view opened_by, absl::Time at,
                          int need_level, bool awaits_finding = false);
  // Draws the length of `episode` (of `child`, being edited) from `from`
  // and schedules its end.
  void ScheduleEnd(Txn& txn, const std::string& child_id,
                   internal::ChildState* child, v1::Episode* episode,
                   absl::Time from);

  // A decision changing the child's level now (at `at`).
  absl::StatusOr<v1::LevelChange> ApplyNow(Txn& txn,
                                           const std::string& child_id,
                                           const std::string& contact_id,
                                           v1::Outcome outcome, int need_level,
                                           absl::Time at);
  // One decision of ApplyBatch.
  absl::StatusOr<v1::ApplyDecisionResponse> ApplyOne(
      Txn& txn, const v1::ApplyDecisionRequest& request);
  // One finding of Observe, with the child brought up to `through` first
  // (stepping_findings.cc).
  absl::StatusOr<v1::LevelChange> FindingOne(
      Txn& txn, const v1::RecordAssessmentRequest& request, absl::Time through);
  // What the finding does to `child` (being edited) at `at`: only the
  // episode its referral opened is the assessment's to change.
  v1::LevelChange ChangeByFinding(Txn& txn,
                                  const v1::RecordAssessmentRequest& request,
                                  internal::ChildState* child, absl::Time at);
  // The child, the operation's id and its event time, checked as intake
  // checks a contact's: stepping serves whoever reaches it.
  static absl::Status CheckTarget(absl::string_view child_id,
                                  absl::string_view operation_id,
                                  absl::string_view operation_field,
                                  const google::protobuf::Timestamp& event_time,
                                  bool has_event_time);
  // A finding's own fields, checked as intake checks them.
  static absl::Status CheckFinding(const v1::RecordAssessmentRequest& request);
  // One level query of Observe, with the child brought up to `through`.
  absl::StatusOr<v1::ServiceLevel> LevelOne(Txn& txn,
                                            const v1::LevelQuery& query,
                                            absl::Time through);

  const SteppingStore* const store_;
  // Guards the map only: a run's read-modify-write of children, timers and
  // clock is serialised by its own lane.
  absl::Mutex lanes_mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Lane>> lanes_
      ABSL_GUARDED_BY(lanes_mu_);
  // Children as last read or written, keyed as in the children family
  // (their run first), shared by the lanes: a child is taken by one call
  // and put back after its write, so lanes never see each other's.
  absl::Mutex cache_mu_;
  stepping::ChildCache child_cache_ ABSL_GUARDED_BY(cache_mu_);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
