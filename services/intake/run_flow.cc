// Intake's delivering side: a few threads drain runs' ordered logs, one
// batch per turn, strictly in order. A batch holds each child at most once
// (so no contact is decided from a level its predecessor has yet to
// change) and ends after a clock move. Each batch is three hops (stepping
// Observe, threshold DecideBatch, stepping ApplyBatch), each one write, each
// idempotent as a whole under the batch's number, so after any failure the
// same batch is simply sent again; intake's own write of a batch overlaps
// the next batch's hops.

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "services/common/rpc/log.h"
#include "services/intake/intake.h"
#include "services/intake/run_queue.h"

namespace frontdoor {

absl::Status Intake::Start() {
  absl::Status failure;
  absl::Status scanned =
      store_->ScanLog([&](const std::string& run_id, LogEntry entry) {
        absl::StatusOr<RunQueue*> run = Queue(run_id);
        if (!run.ok()) {
          failure = run.status();
          return false;
        }
        Queued q{.seq = entry.seq};
        if (entry.event.has_finding()) {
          q.kind = Queued::Kind::kFinding;
          q.finding = entry.event.finding();
        } else if (entry.event.has_advance_to()) {
          q.kind = Queued::Kind::kAdvance;
          q.advance_to = FromProto(entry.event.advance_to());
        } else {
          absl::StatusOr<std::optional<v1::ContactRecord>> record =
              store_->Find(run_id, entry.event.contact_id());
          if (!record.ok() || !record->has_value()) {
            failure = record.ok()
                          ? absl::DataLossError(absl::StrCat(
                                "log names a missing contact in run ", run_id))
                          : record.status();
            return false;
          }
          q.record = **std::move(record);
        }
        RunQueue& queue = **run;
        absl::MutexLock lock(&queue.mu);
        if (queue.queue.empty()) queue.delivered_through = q.seq;
        queue.Push(std::move(q));
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!failure.ok()) return failure;
  scanned = store_->ScanPlannedBatches(
      [&](const std::string& run_id, internal::DeliveryState batch) {
        absl::StatusOr<RunQueue*> run = Queue(run_id);
        if (!run.ok()) {
          failure = run.status();
          return;
        }
        absl::MutexLock lock(&(*run)->mu);
        const uint64_t first = batch.first_seq();
        (*run)->planned[first] = std::move(batch);
      });
  if (!scanned.ok()) return scanned;
  if (!failure.ok()) return failure;
  for (int i = 0; i < std::max(1, options_.delivery_threads); ++i) {
    workers_.emplace_back([this] { DeliveryLoop(); });
  }
  absl::MutexLock lock(&runs_mu_);
  for (auto& [id, run] : runs_) {
    absl::MutexLock run_lock(&run->mu);
    if (!run->queue.empty()) Schedule(*run);
  }
  return absl::OkStatus();
}

void Intake::Stop() {
  {
    absl::MutexLock lock(&ready_mu_);
    stopping_ = true;
  }
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

void Intake::Schedule(RunQueue& run) const {
  if (run.scheduled) return;
  run.scheduled = true;
  absl::MutexLock lock(&ready_mu_);
  ready_.push_back(&run);
}

void Intake::DeliveryLoop() {
  intake::SideTask side;
  while (true) {
    RunQueue* run = nullptr;
    {
      absl::MutexLock lock(&ready_mu_);
      ready_mu_.Await(absl::Condition(
          +[](Intake* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->ready_mu_) {
            return self->stopping_ || !self->ready_.empty();
          },
          this));
      if (stopping_) return;
      run = ready_.front();
      ready_.pop_front();
    }
    const bool flowing = DeliverNext(*run, side);
    absl::Duration pause;
    {
      absl::MutexLock lock(&run->mu);
      if (flowing) {
        run->backoff = absl::Milliseconds(50);
      } else {
        pause = run->backoff;
        run->backoff = std::min(run->backoff * 2, absl::Seconds(2));
      }
    }
    if (pause > absl::ZeroDuration()) {
      // A stalled run waits before its batch is sent again; stopping cuts
      // the wait short.
      absl::MutexLock lock(&ready_mu_);
      ready_mu_.AwaitWithTimeout(
          absl::Condition(
              +[](Intake* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->ready_mu_) {
                return self->stopping_;
              },
              this),
          pause);
      if (stopping_) return;
    }
    absl::MutexLock lock(&run->mu);
    run->scheduled = false;
    if (!run->queue.empty()) Schedule(*run);
  }
}

std::vector<const Intake::Queued*> Intake::NextBatch(RunQueue& run,
                                                     bool* plan) const {
  std::vector<const Queued*> items;
  size_t start = 0;
  for (const Hopped& batch : run.hopped) start += batch.items.size();
  if (start >= run.queue.size()) return items;
  const auto from = run.queue.begin() + static_cast<std::ptrdiff_t>(start);
  if (auto planned = run.planned.find(from->seq);
      planned != run.planned.end()) {
    // A batch sent before a restart (or a failed hop): the same events.
    *plan = false;
    for (auto it = from; it != run.queue.end(); ++it) {
      if (it->seq >= planned->second.end_seq()) break;
      items.push_back(&*it);
    }
    return items;
  }
  // Cut at a child's second event or after a clock move, a batch is the
  // same whenever it is picked from the same log, so it needs no plan; cut
  // by the end of the queue (or the size bound), it is planned.
  *plan = true;
  absl::flat_hash_set<absl::string_view> children;
  for (auto it = from; it != run.queue.end(); ++it) {
    const Queued& q = *it;
    if (static_cast<int>(items.size()) >= options_.max_batch) break;
    if (q.kind != Queued::Kind::kAdvance) {
      const std::string& child = q.kind == Queued::Kind::kContact
                                     ? q.record.contact().child_id()
                                     : q.finding.child_id();
      if (!children.insert(child).second) {
        *plan = false;
        break;
      }
    }
    items.push_back(&q);
    if (q.kind == Queued::Kind::kAdvance) {
      *plan = false;
      break;
    }
  }
  return items;
}

bool Intake::DeliverNext(RunQueue& run, intake::SideTask& side) {
  std::vector<const Queued*> items;
  bool plan = false;
  {
    absl::MutexLock lock(&run.mu);
    items = NextBatch(run, &plan);
  }
  // Nothing more to send, or two batches already waiting: store what
  // landed before sending more.
  if (items.empty() || run.hopped.size() >= 2) return StoreHopped(run);

  // Intake's own write of the batch before goes while this batch's hops
  // go: it is the only step not on the run's critical path.
  const bool stored_one = !run.hopped.empty();
  if (stored_one) {
    side.Start(
        [this, &run] { return StoreOutcome(run.run_id, run.hopped.front()); });
  }
  Hopped sent{.items = std::move(items)};
  const absl::Status hops = SendBatch(run, sent.items, plan, &sent.results);
  const absl::Status stored = stored_one ? side.Wait() : absl::OkStatus();

  absl::MutexLock lock(&run.mu);
  if (stored_one && stored.ok()) FinishOldest(run);
  if (hops.ok()) run.hopped.push_back(std::move(sent));
  NoteStall(run, stored.ok() ? hops : stored);
  return stored.ok() && hops.ok();
}

bool Intake::StoreHopped(RunQueue& run) {
  while (!run.hopped.empty()) {
    const absl::Status stored = StoreOutcome(run.run_id, run.hopped.front());
    absl::MutexLock lock(&run.mu);
    if (stored.ok()) FinishOldest(run);
    NoteStall(run, stored);
    if (!stored.ok()) return false;
  }
  return true;
}

void Intake::NoteStall(RunQueue& run, const absl::Status& status) const {
  if (!status.ok()) {
    {
      // Every failed attempt is tried again after a pause.
      absl::MutexLock lock(&retries_mu_);
      ++retries_[PeerOf(status)];
    }
    const std::string why = std::string(status.message());
    // Logged when the stall starts or changes kind (another peer, another
    // code), not at every retry; the message itself, which may quote an
    // event, stays out of the log and is shown by `runs list`.
    const std::string peer = PeerOf(status);
    const std::string code = absl::StatusCodeToString(status.code());
    const std::string kind = absl::StrCat(peer, "/", code);
    if (run.stall_kind != kind) {
      Log(LogLevel::kWarning, "delivery stalled", run.run_id,
          {{"peer", peer},
           {"code", code},
           {"events_waiting", absl::StrCat(run.queue.size())}});
      run.stall_kind = kind;
    }
    run.stalled = why;
    run.changed.SignalAll();
    return;
  }
  if (!run.stalled.empty()) {
    Log(LogLevel::kInfo, "delivery flowing again", run.run_id);
  }
  run.stalled.clear();
  run.stall_kind.clear();
}

void Intake::FinishOldest(RunQueue& run) {
  Hopped& batch = run.hopped.front();
  run.planned.erase(batch.items.front()->seq);
  for (size_t i = 0; i < batch.items.size(); ++i) {
    if (auto it = run.waiting.find(run.queue.front().seq);
        it != run.waiting.end()) {
      // The outcome is stored: the last waiter takes the result itself.
      std::vector<v1::EventResult*>& waiters = it->second;
      for (size_t w = 0; w + 1 < waiters.size(); ++w) {
        *waiters[w] = batch.results[i];
      }
      *waiters.back() = std::move(batch.results[i]);
      run.waiting.erase(it);
    }
    run.PopDelivered();
  }
  run.hopped.pop_front();
  run.changed.SignalAll();
}

absl::Status Intake::StoreOutcome(const std::string& run_id,
                                  const Hopped& batch) const {
  std::vector<const v1::ContactRecord*> records;
  for (const v1::EventResult& result : batch.results) {
    if (result.has_contact()) records.push_back(&result.contact().record());
  }
  return store_->Complete(run_id, records, batch.items.front()->seq,
                          batch.items.back()->seq + 1);
}

absl::Status Intake::SendBatch(RunQueue& run,
                               const std::vector<const Queued*>& items,
                               bool plan,
                               std::vector<v1::EventResult>* results) {
  const std::string& run_id = run.run_id;
  if (plan) {
    // Planned before its first hop: the batch number the other services
    // store answers under then always means these events.
    internal::DeliveryState planned;
    planned.set_first_seq(items.front()->seq);
    planned.set_end_seq(items.back()->seq + 1);
    if (absl::Status s = store_->PlanBatch(run_id, planned); !s.ok()) {
      return s;
    }
    absl::MutexLock lock(&run.mu);
    run.planned[planned.first_seq()] = planned;
  }
  // Pass 1: levels at the contacts' times, findings applied (stepping).
  const uint64_t number = items.front()->seq + 1;
  v1::ObserveRequest observe = ObserveRequestFor(run_id, items);
  observe.set_batch(number);
  v1::ObserveResponse observed;
  if (observe.ops_size() > 0) {
    absl::StatusOr<v1::ObserveResponse> response =
        downstream_->Observe(observe);
    if (!response.ok()) return response.status();
    observed = *std::move(response);
  }
  if (observed.results_size() != observe.ops_size()) {
    return FromPeer("stepping",
                    absl::InternalError("answered the wrong number of ops"));
  }

  // Pass 2: decisions (threshold).
  v1::DecideBatchRequest decide = DecideRequestFor(run_id, items, observed);
  decide.set_batch(number);
  v1::DecideBatchResponse decided;
  if (decide.requests_size() > 0) {
    absl::StatusOr<v1::DecideBatchResponse> response =
        downstream_->DecideBatch(decide);
    if (!response.ok()) return response.status();
    decided = *std::move(response);
  }
  if (decided.decisions_size() != decide.requests_size()) {
    return FromPeer("threshold",
                    absl::InternalError("answered the wrong number"));
  }

  // Pass 3: decisions take effect at their decision times; the clock moves
  // (stepping). Sent for every batch, findings only included: it ends with
  // the run's due timers fired.
  v1::ApplyBatchRequest apply = ApplyRequestFor(run_id, items, decide, decided);
  apply.set_batch(number);
  absl::StatusOr<v1::ApplyBatchResponse> applied =
      downstream_->ApplyBatch(apply);
  if (!applied.ok()) return applied.status();
  if (applied->results_size() != apply.decisions_size()) {
    return FromPeer("stepping",
                    absl::InternalError("answered the wrong number"));
  }
  ResultsOf(items, observed, decided, *applied, results);
  return absl::OkStatus();
}

v1::ObserveRequest Intake::ObserveRequestFor(
    const std::string& run_id, const std::vector<const Queued*>& items) {
  v1::ObserveRequest observe;
  observe.set_run_id(run_id);
  for (const Queued* q : items) {
    if (q->kind == Queued::Kind::kContact) {
      v1::LevelQuery* query = observe.add_ops()->mutable_level();
      query->set_contact_id(q->record.contact_id());
      query->set_child_id(q->record.contact().child_id());
      *query->mutable_event_time() = q->record.contact().event_time();
    } else if (q->kind == Queued::Kind::kFinding) {
      *observe.add_ops()->mutable_finding() = q->finding;
    }
  }
  return observe;
}

v1::DecideBatchRequest Intake::DecideRequestFor(
    const std::string& run_id, const std::vector<const Queued*>& items,
    const v1::ObserveResponse& observed) {
  v1::DecideBatchRequest decide;
  decide.set_run_id(run_id);
  int op = 0;
  for (const Queued* q : items) {
    if (q->kind == Queued::Kind::kContact) {
      v1::DecideRequest* request = decide.add_requests();
      request->set_contact_id(q->record.contact_id());
      *request->mutable_contact() = q->record.contact();
      request->set_prior_contacts_12m(q->record.prior_contacts_12m());
      request->set_current_level(observed.results(op).level());
    }
    if (q->kind != Queued::Kind::kAdvance) ++op;
  }
  return decide;
}

v1::ApplyBatchRequest Intake::ApplyRequestFor(
    const std::string& run_id, const std::vector<const Queued*>& items,
    const v1::DecideBatchRequest& decide,
    const v1::DecideBatchResponse& decided) {
  v1::ApplyBatchRequest apply;
  apply.set_run_id(run_id);
  for (int i = 0; i < decided.decisions_size(); ++i) {
    const v1::Decision& decision = decided.decisions(i);
    const v1::Contact& contact = decide.requests(i).contact();
    v1::ApplyDecisionRequest* request = apply.add_decisions();
    request->set_child_id(contact.child_id());
    request->set_contact_id(decision.contact_id());
    request->set_outcome(decision.outcome());
    request->set_need_level(decision.need_level());
    *request->mutable_event_time() = decision.decided_at();
    *request->mutable_received_at() = contact.event_time();
  }
  if (items.back()->kind == Queued::Kind::kAdvance) {
    *apply.mutable_advance_to() = ToProto(items.back()->advance_to);
  }
  return apply;
}

void Intake::ResultsOf(const std::vector<const Queued*>& items,
                       const v1::ObserveResponse& observed,
                       const v1::DecideBatchResponse& decided,
                       const v1::ApplyBatchResponse& applied,
                       std::vector<v1::EventResult>* results) {
  results->resize(items.size());
  int op = 0;
  int contact = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Queued* q = items[i];
    v1::EventResult& result = (*results)[i];
    if (q->kind == Queued::Kind::kContact) {
      v1::ContactRecord* record = result.mutable_contact()->mutable_record();
      *record = q->record;
      record->set_status(v1::CONTACT_STATUS_DECIDED);
      record->set_level_before(observed.results(op).level());
      *record->mutable_decision() = decided.decisions(contact);
      const v1::ApplyDecisionResponse& change = applied.results(contact);
      if (change.has_change()) {
        *record->mutable_level_change() = change.change();
      }
      ++contact;
      ++op;
    } else if (q->kind == Queued::Kind::kFinding) {
      *result.mutable_finding() = observed.results(op).change();
      ++op;
    } else {
      result.mutable_advanced()->set_timers_fired(applied.timers_fired());
    }
  }
}

}  // namespace frontdoor
