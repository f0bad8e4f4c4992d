// The intake service's domain: the front door's sequencer. Every event that
// changes a run (contacts, assessment findings, clock moves) is accepted
// once, appended to the run's ordered log in the same write as its records,
// and delivered through stepping and threshold strictly in log order, in
// batches (run_flow.cc). A run whose peer is down stalls, and says so; it
// never reorders.
#ifndef FRONTDOOR_SERVICES_INTAKE_INTAKE_H_
#define FRONTDOOR_SERVICES_INTAKE_INTAKE_H_

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "frontdoor/v1/intake.pb.h"
#include "services/common/security/pseudonymiser.h"
#include "services/common/security/tokens.h"
#include "services/intake/downstream.h"
#include "services/intake/intake_store.h"
#include "services/intake/side_task.h"

namespace frontdoor {

// How intake delivers.
struct IntakeOptions {
  // Threads delivering runs' logs; each run is delivered by one at a time.
  int delivery_threads = 4;
  // Events delivered per batch at most (each child at most once in one).
  int max_batch = 1000;
  // Events a run may hold undelivered before new ones are refused with
  // RESOURCE_EXHAUSTED: a stalled run cannot grow without bound.
  int max_queued_per_run = 200000;
  // How long a unary submission waits for its decision before answering
  // PENDING.
  absl::Duration unary_wait = absl::Seconds(2);
  // Replaces every child id that enters (contacts, findings, queries) with
  // its keyed pseudonym, so raw ids never reach a disk; unset, ids are kept
  // as sent.
  std::optional<Pseudonymiser> pseudonyms;
};

// What intake's metrics report, read when they are scraped.
struct IntakeStats {
  // New contacts stored since the service started (duplicates not counted).
  int64_t contacts_received = 0;
  // Events accepted and not yet delivered to threshold and stepping.
  int64_t outbox_depth = 0;
  // Runs whose delivery is paused (a peer unreachable or refusing).
  int64_t runs_stalled = 0;
  // Each run delivered since the service started: its contacts, events
  // waiting and whether its delivery is paused. Runs, not children, so
  // the metrics labelled by run stay few.
  struct Run {
    std::string run_id;
    int64_t contacts = 0;
    int64_t queued = 0;
    bool stalled = false;
  };
  std::vector<Run> runs;
  // Batches sent again after a peer failed them, by the peer that failed.
  std::map<std::string, int64_t> retries_by_peer;
};

// Accepts events and delivers them in order. Thread-safe.
class Intake {
 public:
  // Events accepted together, whose results come in when delivered.
  struct Ticket;

  // `store` and `downstream` must outlive this object. Call Start() before
  // anything else.
  Intake(IntakeStore* store, Downstream* downstream,
         IntakeOptions options = {});
  // Stops delivery (see Stop).
  ~Intake();

  // Reads the undelivered events back from the log and starts delivering.
  absl::Status Start();
  // Stops the delivery threads; events left undelivered stay in the log.
  void Stop();

  // Validates and accepts one contact, then waits up to unary_wait for its
  // decision (less if the run is stalled). A bad contact is refused with
  // nothing stored. A contact received before returns its record with
  // `duplicate` set, or ALREADY_EXISTS when its content differs.
  // `caller` is who submits (see Append).
  absl::StatusOr<v1::SubmitContactResponse> Submit(
      v1::Contact contact, const Caller& caller = Caller::Trusted());
  // One finding, as Submit does for a contact; an agency records findings
  // only on its own contacts.
  absl::StatusOr<v1::EventResult> RecordAssessment(
      v1::RecordAssessmentRequest finding,
      const Caller& caller = Caller::Trusted());
  // One clock move, as Submit does for a contact; OUT_OF_RANGE for a run
  // with no events or a time over 366 days after its latest event.
  absl::StatusOr<v1::EventResult> AdvanceTo(absl::string_view run_id,
                                            absl::Time to);

  // The bulk path, first half: accepts a batch of one run's events in one
  // write. Refused events get an error result at once and are not stored.
  // `caller`'s agency is kept with each new contact. A finished run
  // answers what it holds again (duplicates, clock moves it has passed),
  // so a command run again over it ends as it did, and refuses anything
  // new (FAILED_PRECONDITION). An agency writing to a run that is not live
  // is PERMISSION_DENIED; an agency's contacts must be of its sources, and
  // are keyed apart from every other caller's.
  absl::StatusOr<std::unique_ptr<Ticket>> Append(
      absl::string_view run_id,
      const google::protobuf::RepeatedPtrField<v1::RunEvent>& events,
      const Caller& caller = Caller::Trusted());
  // Second half: waits until every event of `ticket` is delivered (true),
  // or until `deadline`, `cancelled()` or, with `until_stalled`, the run
  // stalls (false); it may be awaited again.
  bool Await(Ticket& ticket, absl::Time deadline, bool until_stalled,
             const std::function<bool()>& cancelled = nullptr);
  // Moves out the results of a ticket, one per event; complete once Await
  // is true.
  static std::vector<v1::EventResult> TakeResults(Ticket& ticket);

  // Creates a run and configures it in threshold and stepping. The same
  // config again is a no-op; another config under the id: ALREADY_EXISTS.
  absl::StatusOr<v1::RunInfo> CreateRun(const v1::RunConfig& config);
  // Every run intake holds, with its undelivered events and stall.
  absl::StatusOr<std::vector<v1::RunInfo>> ListRuns() const;
  // Deletes a run from all three services; returns records removed.
  // FAILED_PRECONDITION while the run has undelivered events.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id);
  // Marks a run finished: read-only from then on. NOT_FOUND for a run with
  // neither a config nor events.
  absl::StatusOr<v1::RunInfo> FinishRun(absl::string_view run_id);

  // Calls `visit` with each contact of a run in event-time order until it
  // returns false.
  absl::Status RunContacts(
      absl::string_view run_id,
      const std::function<bool(const v1::ContactRecord&)>& visit) const;

  // A child's contacts with their decisions, oldest first; `child_id` as
  // sent or as stored.
  absl::StatusOr<std::vector<v1::ContactRecord>> ChildContacts(
      absl::string_view run_id, absl::string_view child_id) const;
  // The id a child is stored under: its pseudonym when intake has a key.
  std::string StoredChildId(absl::string_view child_id) const;

  // How many children of a run intake holds are open at each level.
  absl::StatusOr<v1::GetCaseloadsResponse> Caseloads(
      absl::string_view run_id) const;

  // The run's digests here, in threshold and in stepping, combined.
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;

  // Counts for the metrics endpoint.
  IntakeStats Stats() const;

 private:
  struct Queued;
  struct Hopped;
  struct RunQueue;

  // Appends one event and waits for it as the unary calls do.
  absl::StatusOr<v1::EventResult> SubmitOne(absl::string_view run_id,
                                            v1::RunEvent event,
                                            const Caller& caller);
  // OK when `caller` may write to the run: an agency writes only to live
  // runs.
  absl::Status CheckWriter(const std::string& run_id,
                           const Caller& caller) const;
  // The run's queue, created (with its counters read) on first use.
  absl::StatusOr<RunQueue*> Queue(const std::string& run_id) const;
  // Fills a duplicate's result from the store, for an event delivered
  // between its check and its batch's commit.
  absl::Status RefreshDelivered(const std::string& run_id,
                                v1::EventResult& result) const;
  // What one batch's accepting builds before its single write.
  struct Pending;
  // Reads ahead, in one pass each, what accepting a batch's contacts looks
  // up: whether each was received before, and their children's histories
  // (under the ids they are stored by).
  absl::Status Prefetch(
      const std::string& run_id,
      const google::protobuf::RepeatedPtrField<v1::RunEvent>& events,
      Pending& pending) const;
  // The child's contacts in [at - 365 days, at) before this one, which it
  // then adds to the child's history in the pending write (as Prefetch
  // read it, on first use in a batch).
  absl::StatusOr<int> CountPrior(const std::string& child_id,
                                 const std::string& contact_id, absl::Time at,
                                 Pending& pending) const;
  // Accepts one event of a batch into the pending write.
  void AcceptOne(RunQueue& run, const v1::RunEvent& event, int index,
                 Pending& pending) const;
  // AcceptOne's contacts: checked, pseudonymised, counted against the
  // child's history, or answered as a duplicate or a conflict.
  void AcceptContact(RunQueue& run, v1::Contact contact, int index,
                     Pending& pending) const;
  // AcceptOne's assessment findings: checked, or answered as a duplicate
  // or a conflict.
  void AcceptFinding(RunQueue& run, v1::RecordAssessmentRequest finding,
                     int index, Pending& pending) const;
  // AcceptOne's clock moves: at most a year and a day past the run's
  // latest event.
  static void AcceptAdvance(const RunQueue& run,
                            const google::protobuf::Timestamp& advance_to,
                            int index, Pending& pending);
  // The run's next batch to send, in log order after the hopped ones: a
  // planned one if it starts there, otherwise each child at most once,
  // ending after a clock move, at most max_batch events. `*plan` says
  // whether it must be planned before it is sent.
  std::vector<const Queued*> NextBatch(RunQueue& run, bool* plan) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(run.mu);
  // Hands a run to the delivery threads unless one already has it.
  void Schedule(RunQueue& run) const;
  // A delivery thread: takes runs with undelivered events, one batch each
  // turn.
  void DeliveryLoop();
  // Sends the run's next batch while storing the outcome of the one
  // before on the delivery thread's `side` task; false when the run
  // stalled.
  bool DeliverNext(RunQueue& run, intake::SideTask& side);
  // Stores every hopped batch's outcome, in order; false when one failed.
  bool StoreHopped(RunQueue& run);
  // Plans (if asked) and sends one batch's three hops; fills `results`.
  absl::Status SendBatch(RunQueue& run, const std::vector<const Queued*>& items,
                         bool plan, std::vector<v1::EventResult>* results);
  // Stores a hopped batch's decided records and removes it from the log,
  // in one write.
  absl::Status StoreOutcome(const std::string& run_id,
                            const Hopped& batch) const;
  // After the oldest hopped batch's outcome is stored: it leaves the hopped
  // list, its events the queue, and their waiters get their results.
  static void FinishOldest(RunQueue& run) ABSL_EXCLUSIVE_LOCKS_REQUIRED(run.mu);
  // Records why delivery stalled (said once) or that it flows again.
  void NoteStall(RunQueue& run, const absl::Status& status) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(run.mu);
  // The batch's level queries and findings, for stepping's Observe.
  static v1::ObserveRequest ObserveRequestFor(
      const std::string& run_id, const std::vector<const Queued*>& items);
  // The batch's contacts with the levels observed, for threshold.
  static v1::DecideBatchRequest DecideRequestFor(
      const std::string& run_id, const std::vector<const Queued*>& items,
      const v1::ObserveResponse& observed);
  // The decisions (and a clock move ending the batch), for stepping.
  static v1::ApplyBatchRequest ApplyRequestFor(
      const std::string& run_id, const std::vector<const Queued*>& items,
      const v1::DecideBatchRequest& decide,
      const v1::DecideBatchResponse& decided);
  // Each event's result from the three answers.
  static void ResultsOf(const std::vector<const Queued*>& items,
                        const v1::ObserveResponse& observed,
                        const v1::DecideBatchResponse& decided,
                        const v1::ApplyBatchResponse& applied,
                        std::vector<v1::EventResult>* results);

  IntakeStore* const store_;
  Downstream* const downstream_;
  const IntakeOptions options_;

  mutable absl::Mutex runs_mu_;
  mutable absl::flat_hash_map<std::string, std::unique_ptr<RunQueue>> runs_
      ABSL_GUARDED_BY(runs_mu_);

  mutable absl::Mutex ready_mu_;
  mutable std::deque<RunQueue*> ready_ ABSL_GUARDED_BY(ready_mu_);
  bool stopping_ ABSL_GUARDED_BY(ready_mu_) = false;
  std::vector<std::thread> workers_;
  std::atomic<int64_t> contacts_received_{0};
  // Failed deliveries, each tried again, by the peer that failed them.
  mutable absl::Mutex retries_mu_;
  mutable std::map<std::string, int64_t> retries_ ABSL_GUARDED_BY(retries_mu_);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_INTAKE_H_
