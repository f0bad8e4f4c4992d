// Intake's accepting side: a batch's single write to the ordered log,
// waiting for results, the unary calls, and runs. Each event's checks are
// in accept_event.cc, delivery in run_flow.cc.
#include "services/intake/intake.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/scenario_checks.h"
#include "services/common/rpc/log.h"
#include "services/intake/run_queue.h"

namespace frontdoor {

Intake::Intake(IntakeStore* store, Downstream* downstream,
               IntakeOptions options)
    : store_(store), downstream_(downstream), options_(std::move(options)) {}

Intake::~Intake() { Stop(); }

std::vector<v1::EventResult> Intake::TakeResults(Ticket& ticket) {
  return std::move(ticket.results);
}

absl::StatusOr<Intake::RunQueue*> Intake::Queue(
    const std::string& run_id) const {
  absl::MutexLock lock(&runs_mu_);
  if (auto it = runs_.find(run_id); it != runs_.end()) return it->second.get();
  absl::StatusOr<internal::IntakeRunState> state = store_->RunState(run_id);
  if (!state.ok()) return state.status();
  absl::StatusOr<uint64_t> next_seq = store_->NextSeq(run_id);
  if (!next_seq.ok()) return next_seq.status();
  auto run = std::make_unique<RunQueue>(run_id);
  {
    absl::MutexLock run_lock(&run->mu);
    run->state = *std::move(state);
    run->next_seq = *next_seq;
  }
  RunQueue* raw = run.get();
  runs_[run_id] = std::move(run);
  return raw;
}

absl::StatusOr<std::unique_ptr<Intake::Ticket>> Intake::Append(
    absl::string_view run_id,
    const google::protobuf::RepeatedPtrField<v1::RunEvent>& events,
    const Caller& caller) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  absl::StatusOr<RunQueue*> found = Queue(RunOrDefault(run_id));
  if (!found.ok()) return found.status();
  RunQueue& run = **found;
  auto ticket = std::make_unique<Ticket>();
  ticket->run = &run;
  ticket->results.resize(events.size());

  // The checks and the write hold only the append lock: delivery of the
  // run's earlier events carries on meanwhile.
  absl::MutexLock append_lock(&run.append_mu);
  if (absl::Status s = CheckWriter(run.run_id, caller); !s.ok()) return s;
  absl::StatusOr<bool> finished = store_->Finished(run.run_id);
  if (!finished.ok()) return finished.status();
  Pending pending{.results = &ticket->results, .waits = &ticket->waits};
  pending.caller = caller;
  pending.finished = *finished;
  {
    absl::MutexLock lock(&run.mu);
    if (static_cast<int64_t>(run.queue.size()) + events.size() >
        options_.max_queued_per_run) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "run ", run.run_id, " has ", run.queue.size(),
          " events waiting for delivery",
          run.stalled.empty() ? "" : absl::StrCat(" (", run.stalled, ")"),
          "; retry later"));
    }
    pending.state = run.state;
    pending.next_seq = run.next_seq;
  }
  if (absl::Status s = Prefetch(run.run_id, events, pending); !s.ok()) {
    return s;
  }
  for (int i = 0; i < events.size(); ++i) {
    AcceptOne(run, events[i], i, pending);
  }
  if (!pending.log.empty()) {
    std::vector<const v1::ContactRecord*> contacts;
    std::vector<const v1::RecordAssessmentRequest*> findings;
    for (const Queued& q : pending.queued) {
      if (q.kind == Queued::Kind::kContact) contacts.push_back(&q.record);
      if (q.kind == Queued::Kind::kFinding) findings.push_back(&q.finding);
    }
    if (absl::Status s =
            store_->Accept(run.run_id, contacts, pending.histories, findings,
                           pending.log, pending.state, pending.next_seq);
        !s.ok()) {
      return s;
    }
  }
  absl::MutexLock lock(&run.mu);
  contacts_received_ += pending.state.contacts() - run.state.contacts();
  run.state = pending.state;
  for (Queued& q : pending.queued) run.Push(std::move(q));
  for (const auto& [index, seq] : ticket->waits) {
    if (seq < run.delivered_through) {
      // A resubmission of an event delivered while this batch was checked:
      // its decided record is stored by now.
      if (absl::Status s = RefreshDelivered(run.run_id, ticket->results[index]);
          !s.ok()) {
        return s;
      }
      continue;
    }
    run.waiting[seq].push_back(&ticket->results[index]);
  }
  if (!pending.queued.empty()) Schedule(run);
  return ticket;
}

absl::Status Intake::RefreshDelivered(const std::string& run_id,
                                      v1::EventResult& result) const {
  if (!result.has_contact()) return absl::OkStatus();
  v1::ContactRecord* record = result.mutable_contact()->mutable_record();
  absl::StatusOr<std::optional<v1::ContactRecord>> stored =
      store_->Find(run_id, record->contact_id());
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) *record = **std::move(stored);
  return absl::OkStatus();
}

bool Intake::Await(Ticket& ticket, absl::Time deadline, bool until_stalled,
                   const std::function<bool()>& cancelled) {
  RunQueue& run = *ticket.run;
  absl::MutexLock lock(&run.mu);
  const auto done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(run.mu) {
    for (const auto& [index, seq] : ticket.waits) {
      if (seq >= run.delivered_through) return false;
    }
    return true;
  };
  while (!done()) {
    if ((until_stalled && !run.stalled.empty()) || (cancelled && cancelled()) ||
        absl::Now() >= deadline) {
      return false;
    }
    run.changed.WaitWithDeadline(
        &run.mu, std::min(deadline, absl::Now() + absl::Milliseconds(100)));
  }
  return true;
}

absl::StatusOr<v1::EventResult> Intake::SubmitOne(absl::string_view run_id,
                                                  v1::RunEvent event,
                                                  const Caller& caller) {
  google::protobuf::RepeatedPtrField<v1::RunEvent> events;
  *events.Add() = std::move(event);
  absl::StatusOr<std::unique_ptr<Ticket>> ticket =
      Append(run_id, events, caller);
  if (!ticket.ok()) return ticket.status();
  // Not decided in time, the result stays as accepted (a contact's record
  // PENDING).
  const bool delivered =
      Await(**ticket, absl::Now() + options_.unary_wait, true);
  v1::EventResult result = std::move((*ticket)->results[0]);
  if (result.has_error()) {
    return absl::Status(static_cast<absl::StatusCode>(result.error().code()),
                        result.error().message());
  }
  // Accepting leaves a new contact's result with its id only.
  if (!delivered) {
    if (absl::Status s = RefreshDelivered(RunOrDefault(run_id), result);
        !s.ok()) {
      return s;
    }
  }
  return result;
}

absl::StatusOr<v1::SubmitContactResponse> Intake::Submit(v1::Contact contact,
                                                         const Caller& caller) {
  const std::string run_id = contact.run_id();
  v1::RunEvent event;
  *event.mutable_contact() = std::move(contact);
  absl::StatusOr<v1::EventResult> result =
      SubmitOne(run_id, std::move(event), caller);
  if (!result.ok()) return result.status();
  return result->contact();
}

absl::StatusOr<v1::EventResult> Intake::RecordAssessment(
    v1::RecordAssessmentRequest finding, const Caller& caller) {
  const std::string run_id = finding.run_id();
  v1::RunEvent event;
  *event.mutable_finding() = std::move(finding);
  return SubmitOne(run_id, std::move(event), caller);
}

absl::StatusOr<v1::EventResult> Intake::AdvanceTo(absl::string_view run_id,
                                                  absl::Time to) {
  v1::RunEvent event;
  *event.mutable_advance_to() = ToProto(to);
  return SubmitOne(run_id, std::move(event), Caller::Trusted());
}

absl::Status Intake::CheckWriter(const std::string& run_id,
                                 const Caller& caller) const {
  if (caller.role != Role::kAgency) return absl::OkStatus();
  absl::StatusOr<std::optional<v1::RunConfig>> config = store_->FindRun(run_id);
  if (!config.ok()) return config.status();
  // The default run, never created, is the live one.
  if (!config->has_value() || (*config)->kind() == v1::RUN_KIND_LIVE) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "run_id: run ", run_id,
      " is not a live run; an agency token writes only to live runs"));
}

absl::StatusOr<v1::RunInfo> Intake::CreateRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("config.run_id", config.run_id());
      !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("config.run_id: is required");
  }
  // A scenario out of range would have the simulation exhaust memory or
  // staff a team with negative people; refused before anything is stored.
  if (absl::Status s = CheckScenario(config.scenario()); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("config.scenario.", s.message()));
  }
  absl::StatusOr<std::optional<v1::RunConfig>> existing =
      store_->FindRun(config.run_id());
  if (!existing.ok()) return existing.status();
  if (existing->has_value() &&
      (*existing)->SerializeAsString() != config.SerializeAsString()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "config.run_id: run ", config.run_id(),
        " exists with another config; delete it or choose another id"));
  }
  v1::RunInfo info;
  *info.mutable_config() = config;
  if (existing->has_value()) {
    absl::StatusOr<bool> finished = store_->Finished(config.run_id());
    if (!finished.ok()) return finished.status();
    // Configured everywhere already, and nothing may change it now.
    if (*finished) {
      info.set_finished(true);
      return info;
    }
  }
  // The other services first: a run intake lists is configured everywhere.
  if (absl::Status s = downstream_->ConfigureRun(config); !s.ok()) return s;
  if (absl::Status s = store_->PutRun(config); !s.ok()) return s;
  Log(LogLevel::kInfo, "run created", config.run_id(),
      {{"kind", v1::RunKind_Name(config.kind())},
       {"policy", config.scenario().policy_id()}});
  return info;
}

absl::StatusOr<v1::RunInfo> Intake::FinishRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  absl::StatusOr<RunQueue*> found = Queue(RunOrDefault(run_id));
  if (!found.ok()) return found.status();
  RunQueue& run = **found;
  // No batch is half accepted while the run closes.
  absl::MutexLock append_lock(&run.append_mu);
  absl::StatusOr<std::optional<v1::RunConfig>> config =
      store_->FindRun(run.run_id);
  if (!config.ok()) return config.status();
  v1::RunInfo info;
  {
    absl::MutexLock lock(&run.mu);
    info.set_contacts(run.state.contacts());
    info.set_queued_events(static_cast<int64_t>(run.queue.size()));
  }
  if (!config->has_value() && info.contacts() == 0) {
    return absl::NotFoundError(absl::StrCat("run_id: no run ", run.run_id));
  }
  absl::StatusOr<bool> was_finished = store_->Finished(run.run_id);
  if (!was_finished.ok()) return was_finished.status();
  if (absl::Status s =
          store_->Finish(run.run_id, absl::ToUnixSeconds(absl::Now()));
      !s.ok()) {
    return s;
  }
  // Once, when the run closes; finishing it again changes nothing.
  if (!*was_finished) {
    Log(LogLevel::kInfo, "run completed", run.run_id,
        {{"contacts", absl::StrCat(info.contacts())},
         {"events_waiting", absl::StrCat(info.queued_events())}});
  }
  if (config->has_value()) *info.mutable_config() = **config;
  info.mutable_config()->set_run_id(run.run_id);
  info.set_finished(true);
  return info;
}

IntakeStats Intake::Stats() const {
  IntakeStats stats{.contacts_received = contacts_received_.load()};
  absl::MutexLock lock(&runs_mu_);
  for (const auto& [id, run] : runs_) {
    absl::MutexLock run_lock(&run->mu);
    stats.outbox_depth += static_cast<int64_t>(run->queue.size());
    if (!run->stalled.empty()) ++stats.runs_stalled;
    stats.runs.push_back({id, run->state.contacts(),
                          static_cast<int64_t>(run->queue.size()),
                          !run->stalled.empty()});
  }
  absl::MutexLock retries_lock(&retries_mu_);
  stats.retries_by_peer = retries_;
  return stats;
}

absl::StatusOr<std::vector<v1::RunInfo>> Intake::ListRuns() const {
  absl::StatusOr<std::vector<v1::RunInfo>> runs = store_->ListRuns();
  if (!runs.ok()) return runs.status();
  absl::MutexLock lock(&runs_mu_);
  for (v1::RunInfo& info : *runs) {
    auto it = runs_.find(info.config().run_id());
    if (it == runs_.end()) continue;
    absl::MutexLock run_lock(&it->second->mu);
    info.set_queued_events(static_cast<int64_t>(it->second->queue.size()));
    info.set_stalled(it->second->stalled);
  }
  return runs;
}

absl::StatusOr<int64_t> Intake::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (run_id.empty()) return absl::InvalidArgumentError("run_id: is required");
  absl::StatusOr<RunQueue*> found = Queue(std::string(run_id));
  if (!found.ok()) return found.status();
  RunQueue& run = **found;
  // Both held throughout, so no batch is accepted into a run being deleted.
  absl::MutexLock append_lock(&run.append_mu);
  absl::MutexLock lock(&run.mu);
  if (!run.queue.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "run_id: run ", run_id, " has ", run.queue.size(),
        " events still to deliver",
        run.stalled.empty() ? "" : absl::StrCat(" (", run.stalled, ")"),
        "; delete it once they are"));
  }
  absl::StatusOr<int64_t> downstream = downstream_->DeleteRun(run_id);
  if (!downstream.ok()) return downstream.status();
  absl::StatusOr<int64_t> local = store_->DeleteRun(run_id);
  if (!local.ok()) return local.status();
  run.state = internal::IntakeRunState();
  run.state.set_clock_micros(std::numeric_limits<int64_t>::min());
  return *downstream + *local;
}

absl::Status Intake::RunContacts(
    absl::string_view run_id,
    const std::function<bool(const v1::ContactRecord&)>& visit) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->ScanRun(run_id, visit);
}

absl::StatusOr<std::vector<v1::ContactRecord>> Intake::ChildContacts(
    absl::string_view run_id, absl::string_view child_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  return store_->ChildContacts(run_id, StoredChildId(child_id));
}

std::string Intake::StoredChildId(absl::string_view child_id) const {
  if (!options_.pseudonyms.has_value()) return std::string(child_id);
  return options_.pseudonyms->ChildId(child_id);
}

absl::StatusOr<v1::GetCaseloadsResponse> Intake::Caseloads(
    absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  // A run intake does not hold is NOT_FOUND, not a row of zeros.
  if (absl::StatusOr<RunQueue*> run = Queue(RunOrDefault(run_id)); !run.ok()) {
    return run.status();
  }
  return downstream_->Caseloads(RunOrDefault(run_id));
}

absl::StatusOr<v1::RunDigest> Intake::Digest(absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  absl::StatusOr<v1::RunDigest> own = store_->Digest(run_id);
  if (!own.ok()) return own.status();
  absl::StatusOr<std::vector<v1::RunDigest>> others =
      downstream_->Digests(run_id);
  if (!others.ok()) return others.status();
  std::vector<v1::RunDigest> parts = {*own};
  parts.insert(parts.end(), others->begin(), others->end());
  v1::RunDigest combined = CombineDigests("run", parts);
  absl::StatusOr<RunQueue*> run = Queue(RunOrDefault(run_id));
  if (!run.ok()) return run.status();
  absl::MutexLock lock(&(*run)->mu);
  combined.set_queued_events(static_cast<int64_t>((*run)->queue.size()));
  return combined;
}

}  // namespace frontdoor
