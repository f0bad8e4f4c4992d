// Intake's in-memory view of one run's ordered log: the undelivered events
// in order, who waits for them, and whether delivery is stalled. Shared by
// the accepting side (intake.cc) and the delivering side (run_flow.cc).
#ifndef FRONTDOOR_SERVICES_INTAKE_RUN_QUEUE_H_
#define FRONTDOOR_SERVICES_INTAKE_RUN_QUEUE_H_

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/intake.pb.h"
#include "services/intake/intake.h"

namespace frontdoor {

// One undelivered event.
struct Intake::Queued {
  enum class Kind { kContact, kFinding, kAdvance };
  uint64_t seq = 0;
  Kind kind = Kind::kContact;
  v1::ContactRecord record;             // kContact
  v1::RecordAssessmentRequest finding;  // kFinding
  absl::Time advance_to;                // kAdvance
};

// A batch whose three hops landed: its events and their results.
struct Intake::Hopped {
  std::vector<const Queued*> items;
  std::vector<v1::EventResult> results;
};

// One run's log as delivery sees it.
struct Intake::RunQueue {
  explicit RunQueue(std::string id) : run_id(std::move(id)) {}

  const std::string run_id;
  // Held by one accepting batch at a time, for its checks and its write, so
  // that seqs are given out in log order. Taken before mu, never after it;
  // delivery never takes it, so accepting and delivering overlap.
  absl::Mutex append_mu ABSL_ACQUIRED_BEFORE(mu);
  absl::Mutex mu;
  // Signalled whenever events are delivered or the stall changes.
  absl::CondVar changed;
  // Undelivered events in log order. Only the delivering thread pops, and
  // deque references stay valid across push_back, so it reads the front
  // without the lock.
  std::deque<Queued> queue ABSL_GUARDED_BY(mu);
  uint64_t next_seq ABSL_GUARDED_BY(mu) = 0;
  // Every seq below this is delivered.
  uint64_t delivered_through ABSL_GUARDED_BY(mu) = 0;
  // Why delivery is stalled; empty while it flows.
  std::string stalled ABSL_GUARDED_BY(mu);
  // The stall's peer and code, as last logged; empty while it flows.
  std::string stall_kind ABSL_GUARDED_BY(mu);
  absl::Duration backoff ABSL_GUARDED_BY(mu) = absl::Milliseconds(50);
  // Counters stored with every accepted batch; written under both locks.
  internal::IntakeRunState state ABSL_GUARDED_BY(mu);
  // Undelivered contacts and findings by id, so a resubmission waits for
  // the same event instead of queueing it twice.
  absl::flat_hash_map<std::string, uint64_t> pending_contacts
      ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, uint64_t> pending_findings
      ABSL_GUARDED_BY(mu);
  // Results that tickets wait for, by seq.
  absl::flat_hash_map<uint64_t, std::vector<v1::EventResult*>> waiting
      ABSL_GUARDED_BY(mu);
  // Batches planned before their first hop (and found in the store after a
  // restart), by first seq, until intake has stored their outcome.
  std::map<uint64_t, internal::DeliveryState> planned ABSL_GUARDED_BY(mu);
  // Batches whose three hops landed, oldest first, waiting for intake's own
  // write of their outcome: at most two, so the other services never need
  // more than two answers of a kind. Their events are still at the front
  // of the queue. Touched only by the run's delivery thread.
  std::deque<Hopped> hopped;
  // In the ready list or being delivered.
  bool scheduled ABSL_GUARDED_BY(mu) = false;

  // Appends an undelivered event, its id indexed for resubmissions.
  void Push(Queued q) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (q.kind == Queued::Kind::kContact) {
      pending_contacts[q.record.contact_id()] = q.seq;
    } else if (q.kind == Queued::Kind::kFinding) {
      pending_findings[q.finding.contact_id()] = q.seq;
    }
    next_seq = std::max(next_seq, q.seq + 1);
    queue.push_back(std::move(q));
  }

  // Removes the first event, delivered, and unindexes its id.
  void PopDelivered() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const Queued& q = queue.front();
    if (q.kind == Queued::Kind::kContact) {
      pending_contacts.erase(q.record.contact_id());
    } else if (q.kind == Queued::Kind::kFinding) {
      pending_findings.erase(q.finding.contact_id());
    }
    delivered_through = q.seq + 1;
    queue.pop_front();
  }
};

// Events accepted together. Its result slots stay registered with the run
// until it is destroyed, so it can be awaited again after a timeout.
struct Intake::Ticket {
  ~Ticket() {
    if (run == nullptr) return;
    absl::MutexLock lock(&run->mu);
    for (const auto& [index, seq] : waits) {
      auto it = run->waiting.find(seq);
      if (it == run->waiting.end()) continue;
      std::erase(it->second, &results[index]);
      if (it->second.empty()) run->waiting.erase(it);
    }
  }

  RunQueue* run = nullptr;
  // One per event, in order.
  std::vector<v1::EventResult> results;
  // (index into results, seq) of events waiting for delivery.
  std::vector<std::pair<int, uint64_t>> waits;
};

// What one batch's accepting builds before its single write.
struct Intake::Pending {
  std::vector<v1::EventResult>* results;
  std::vector<std::pair<int, uint64_t>>* waits;
  std::vector<Queued> queued;
  std::vector<LogEntry> log;
  // Contacts and findings new in this batch, by id, as indexes in queued.
  absl::flat_hash_map<std::string, size_t> contacts, findings;
  // The histories of this batch's children, with its new contacts added.
  absl::flat_hash_map<std::string, internal::ChildHistory> histories;
  // Read ahead for the whole batch in one pass: the stored histories of
  // its contacts' children (moved into `histories` when first used), and
  // the contact ids the store has no record of. Nothing else writes either
  // while the batch holds the run's append lock.
  absl::flat_hash_map<std::string, internal::ChildHistory> fetched;
  absl::flat_hash_set<std::string> unseen;
  // Each contact's child id as stored, by event index ("" for others).
  std::vector<std::string> child_ids;
  // The run is finished: what it holds is answered again (duplicates, a
  // clock move it has passed), anything new is refused.
  bool finished = false;
  // Who submits the batch: its agency is kept with each new contact, and
  // an agency's contacts are checked against its sources and keyed in its
  // own namespace.
  Caller caller;
  internal::IntakeRunState state;
  uint64_t next_seq = 0;

  // Event `index` is answered once `seq` is delivered.
  void WaitFor(int index, uint64_t seq) { waits->emplace_back(index, seq); }
  // Queues `q` as event `index`'s, with the next seq and its log entry.
  void Enqueue(int index, Queued q);
  // Moves the run's clock to `t` if it is later.
  void SeeTime(absl::Time t);
  // The id a contact is stored under: an agency's are prefixed with the
  // agency ("police/6:P-1"), so that one agency's ids never find another's
  // records.
  std::string ContactIdOf(const v1::Contact& contact) const;
  // The earlier copy of an id (this batch first, then `load` from the
  // store) and, while it is undelivered, its seq: how contacts and
  // findings both find duplicates and conflicts. Defined where accepting
  // is (accept_event.cc), its one user.
  template <typename T, typename Load>
  absl::StatusOr<std::optional<std::pair<T, std::optional<uint64_t>>>> Earlier(
      RunQueue& run, const std::string& id,
      const absl::flat_hash_map<std::string, size_t>& in_batch,
      T Queued::*field,
      const absl::flat_hash_map<std::string, uint64_t>& undelivered,
      const Load& load);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_RUN_QUEUE_H_
