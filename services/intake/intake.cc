// Intake's accepting side: validation, idempotency and conflicts, the
// ordered log's appends, waiting for results, and runs. Delivery is in
// run_flow.cc.
#include "services/intake/intake.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/intake/contact_validator.h"
#include "services/intake/run_queue.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kMaxAdvance = absl::Hours(24 * 366);

// The first field in which two messages of one type differ, or "" when
// they are equal: what a conflicting resubmission is told.
std::string FirstDifference(const google::protobuf::Message& a,
                            const google::protobuf::Message& b) {
  std::unique_ptr<google::protobuf::Message> rest_a(a.New());
  std::unique_ptr<google::protobuf::Message> rest_b(b.New());
  rest_a->CopyFrom(a);
  rest_b->CopyFrom(b);
  const google::protobuf::Descriptor* descriptor = a.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    std::unique_ptr<google::protobuf::Message> only_a(a.New());
    std::unique_ptr<google::protobuf::Message> only_b(b.New());
    // Moves just this field out of each copy, to compare it alone.
    only_a->GetReflection()->SwapFields(only_a.get(), rest_a.get(), {field});
    only_b->GetReflection()->SwapFields(only_b.get(), rest_b.get(), {field});
    if (only_a->SerializeAsString() != only_b->SerializeAsString()) {
      return field->name();
    }
  }
  return "";
}

absl::Status Conflict(absl::string_view what, absl::string_view id,
                      absl::string_view field) {
  return absl::AlreadyExistsError(absl::StrCat(
      what, ".", field, ": ", id,
      " was received before with another value; nothing was stored"));
}

void SetError(const absl::Status& status, v1::EventResult* result) {
  result->mutable_error()->set_code(static_cast<int32_t>(status.code()));
  result->mutable_error()->set_message(std::string(status.message()));
}

absl::Status ValidateFinding(const v1::RecordAssessmentRequest& finding) {
  if (absl::Status s = ValidateId("finding.child_id", finding.child_id(), 128);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ValidateId("finding.contact_id", finding.contact_id(), 256);
      !s.ok()) {
    return s;
  }
  if (!v1::AssessmentFinding_IsValid(finding.finding()) ||
      finding.finding() == v1::ASSESSMENT_FINDING_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "finding.finding: must be a known AssessmentFinding");
  }
  if (!finding.has_event_time()) {
    return absl::InvalidArgumentError("finding.event_time: is required");
  }
  return absl::OkStatus();
}

}  // namespace

// What one batch's accepting builds before its single write.
struct Intake::Pending {
  std::vector<v1::EventResult>* results;
  std::vector<std::pair<int, uint64_t>>* waits;
  std::vector<Queued> queued;
  std::vector<LogEntry> log;
  // Contacts and findings new in this batch, by id, as indexes in queued.
  absl::flat_hash_map<std::string, size_t> contacts, findings;
  // Event times of this batch's new contacts by child, for their histories.
  absl::flat_hash_map<std::string, std::vector<absl::Time>> child_times;
  internal::IntakeRunState state;
  uint64_t next_seq = 0;
};

Intake::Intake(IntakeStore* store, Downstream* downstream,
               IntakeOptions options)
    : store_(store), downstream_(downstream), options_(std::move(options)) {}

Intake::~Intake() { Stop(); }

const std::vector<v1::EventResult>& Intake::Results(const Ticket& ticket) {
  return ticket.results;
}

absl::StatusOr<Intake::RunQueue*> Intake::Queue(
    const std::string& run_id) const {
  absl::MutexLock lock(&runs_mu_);
  if (auto it = runs_.find(run_id); it != runs_.end()) return it->second.get();
  absl::StatusOr<internal::IntakeRunState> state = store_->RunState(run_id);
  if (!state.ok()) return state.status();
  auto run = std::make_unique<RunQueue>(run_id);
  {
    absl::MutexLock run_lock(&run->mu);
    run->state = *std::move(state);
  }
  RunQueue* raw = run.get();
  runs_[run_id] = std::move(run);
  return raw;
}

absl::StatusOr<std::unique_ptr<Intake::Ticket>> Intake::Append(
    absl::string_view run_id,
    const google::protobuf::RepeatedPtrField<v1::RunEvent>& events) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  absl::StatusOr<RunQueue*> found = Queue(RunOrDefault(run_id));
  if (!found.ok()) return found.status();
  RunQueue& run = **found;
  auto ticket = std::make_unique<Ticket>();
  ticket->run = &run;
  ticket->results.resize(events.size());

  absl::MutexLock lock(&run.mu);
  if (static_cast<int64_t>(run.queue.size()) + events.size() >
      options_.max_queued_per_run) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "run ", run.run_id, " has ", run.queue.size(),
        " events waiting for delivery",
        run.stalled.empty() ? "" : absl::StrCat(" (", run.stalled, ")"),
        "; retry later"));
  }
  Pending pending{.results = &ticket->results, .waits = &ticket->waits};
  pending.state = run.state;
  pending.next_seq = run.next_seq;
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
    if (absl::Status s = store_->Accept(run.run_id, contacts, findings,
                                        pending.log, pending.state);
        !s.ok()) {
      return s;
    }
  }
  run.state = pending.state;
  run.next_seq = pending.next_seq;
  for (Queued& q : pending.queued) {
    if (q.kind == Queued::Kind::kContact) {
      run.pending_contacts[q.record.contact_id()] = q.seq;
    } else if (q.kind == Queued::Kind::kFinding) {
      run.pending_findings[q.finding.contact_id()] = q.seq;
    }
    run.queue.push_back(std::move(q));
  }
  for (const auto& [index, seq] : ticket->waits) {
    run.waiting[seq].push_back(&ticket->results[index]);
  }
  if (!pending.queued.empty()) Schedule(run);
  return ticket;
}

void Intake::AcceptOne(RunQueue& run, const v1::RunEvent& event, int index,
                       Pending& p) const {
  v1::EventResult* result = &(*p.results)[index];
  const auto wait_for = [&](uint64_t seq) { p.waits->emplace_back(index, seq); };
  const auto enqueue = [&](Queued q) {
    q.seq = p.next_seq++;
    LogEntry entry{.seq = q.seq};
    if (q.kind == Queued::Kind::kContact) {
      entry.event.set_contact_id(q.record.contact_id());
    } else if (q.kind == Queued::Kind::kFinding) {
      *entry.event.mutable_finding() = q.finding;
    } else {
      *entry.event.mutable_advance_to() = ToProto(q.advance_to);
    }
    p.log.push_back(std::move(entry));
    wait_for(q.seq);
    p.queued.push_back(std::move(q));
  };
  const auto see_time = [&](absl::Time t) {
    p.state.set_clock_micros(
        std::max(p.state.clock_micros(), absl::ToUnixMicros(t)));
  };

  if (event.has_contact()) {
    v1::Contact contact = event.contact();
    if (!contact.run_id().empty() &&
        RunOrDefault(contact.run_id()) != run.run_id) {
      SetError(absl::InvalidArgumentError(
                   "contact.run_id: differs from the batch's run_id"),
               result);
      return;
    }
    contact.set_run_id(run.run_id);
    if (absl::Status s = ValidateContact(contact); !s.ok()) {
      SetError(s, result);
      return;
    }
    *contact.mutable_event_time() = (ToProto(
        TruncateToMicros(FromProto(contact.event_time()))));
    const std::string id =
        ContactId(contact.source(), contact.source_contact_id());
    // A contact seen before: identical is a harmless duplicate, anything
    // else a conflict.
    const auto duplicate = [&](const v1::ContactRecord& before,
                               std::optional<uint64_t> seq) {
      if (std::string field = FirstDifference(before.contact(), contact);
          !field.empty()) {
        SetError(Conflict("contact", id, field), result);
        return;
      }
      v1::SubmitContactResponse* response = result->mutable_contact();
      response->set_duplicate(true);
      *response->mutable_record() = before;
      if (seq.has_value()) wait_for(*seq);
    };
    if (auto it = p.contacts.find(id); it != p.contacts.end()) {
      duplicate(p.queued[it->second].record, p.queued[it->second].seq);
      return;
    }
    absl::StatusOr<std::optional<v1::ContactRecord>> stored =
        store_->Find(run.run_id, id);
    if (!stored.ok()) {
      SetError(stored.status(), result);
      return;
    }
    if (stored->has_value()) {
      std::optional<uint64_t> seq;
      if (auto it = run.pending_contacts.find(id);
          it != run.pending_contacts.end()) {
        seq = it->second;
      }
      duplicate(**stored, seq);
      return;
    }
    const absl::Time at = FromProto(contact.event_time());
    absl::StatusOr<int> prior =
        store_->CountPriorContacts(run.run_id, contact.child_id(), at);
    if (!prior.ok()) {
      SetError(prior.status(), result);
      return;
    }
    std::vector<absl::Time>& times = p.child_times[contact.child_id()];
    for (absl::Time t : times) {
      if (t < at && t >= at - absl::Hours(24 * 365)) ++*prior;
    }
    times.push_back(at);
    Queued q{.kind = Queued::Kind::kContact};
    q.record.set_contact_id(id);
    q.record.set_status(v1::CONTACT_STATUS_PENDING);
    q.record.set_prior_contacts_12m(*prior);
    *q.record.mutable_contact() = std::move(contact);
    v1::SubmitContactResponse* response = result->mutable_contact();
    *response->mutable_record() = q.record;
    p.contacts[id] = p.queued.size();
    p.state.set_contacts(p.state.contacts() + 1);
    see_time(at);
    enqueue(std::move(q));
    return;
  }

  if (event.has_finding()) {
    v1::RecordAssessmentRequest finding = event.finding();
    if (!finding.run_id().empty() &&
        RunOrDefault(finding.run_id()) != run.run_id) {
      SetError(absl::InvalidArgumentError(
                   "finding.run_id: differs from the batch's run_id"),
               result);
      return;
    }
    finding.set_run_id(run.run_id);
    if (absl::Status s = ValidateFinding(finding); !s.ok()) {
      SetError(s, result);
      return;
    }
    *finding.mutable_event_time() = (
        ToProto(TruncateToMicros(FromProto(finding.event_time()))));
    const std::string& id = finding.contact_id();
    const auto duplicate = [&](const v1::RecordAssessmentRequest& before,
                               std::optional<uint64_t> seq) {
      if (std::string field = FirstDifference(before, finding);
          !field.empty()) {
        SetError(Conflict("finding", id, field), result);
        return;
      }
      result->mutable_finding();
      if (seq.has_value()) wait_for(*seq);
    };
    if (auto it = p.findings.find(id); it != p.findings.end()) {
      duplicate(p.queued[it->second].finding, p.queued[it->second].seq);
      return;
    }
    absl::StatusOr<std::optional<v1::RecordAssessmentRequest>> stored =
        store_->FindFinding(run.run_id, id);
    if (!stored.ok()) {
      SetError(stored.status(), result);
      return;
    }
    if (stored->has_value()) {
      std::optional<uint64_t> seq;
      if (auto it = run.pending_findings.find(id);
          it != run.pending_findings.end()) {
        seq = it->second;
      }
      duplicate(**stored, seq);
      return;
    }
    see_time(FromProto(finding.event_time()));
    p.findings[id] = p.queued.size();
    enqueue(Queued{.kind = Queued::Kind::kFinding, .finding = finding});
    return;
  }

  if (event.has_advance_to()) {
    const absl::Time to = TruncateToMicros(FromProto(event.advance_to()));
    if (p.state.contacts() == 0 &&
        p.state.clock_micros() == std::numeric_limits<int64_t>::min()) {
      SetError(absl::OutOfRangeError(absl::StrCat(
                   "advance_to: run ", run.run_id,
                   " has no events; its clock moves with its events")),
               result);
      return;
    }
    const absl::Time latest = absl::FromUnixMicros(p.state.clock_micros());
    if (to > latest + kMaxAdvance) {
      SetError(absl::OutOfRangeError(absl::StrCat(
                   "advance_to: ", absl::FormatTime(to),
                   " is more than 366 days after the run's latest event (",
                   absl::FormatTime(latest), ")")),
               result);
      return;
    }
    enqueue(Queued{.kind = Queued::Kind::kAdvance, .advance_to = to});
    return;
  }
  SetError(absl::InvalidArgumentError(
               "event: needs a contact, a finding or advance_to"),
           result);
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
    if ((until_stalled && !run.stalled.empty()) ||
        (cancelled && cancelled()) || absl::Now() >= deadline) {
      return false;
    }
    run.changed.WaitWithDeadline(
        &run.mu, std::min(deadline, absl::Now() + absl::Milliseconds(100)));
  }
  return true;
}

absl::StatusOr<v1::SubmitContactResponse> Intake::Submit(v1::Contact contact) {
  const std::string run_id = contact.run_id();
  google::protobuf::RepeatedPtrField<v1::RunEvent> events;
  *events.Add()->mutable_contact() = std::move(contact);
  absl::StatusOr<std::unique_ptr<Ticket>> ticket = Append(run_id, events);
  if (!ticket.ok()) return ticket.status();
  v1::SubmitContactResponse queued;
  if (!(*ticket)->results[0].has_error()) {
    queued = (*ticket)->results[0].contact();
  }
  Await(**ticket, absl::Now() + options_.unary_wait, true);
  const v1::EventResult& result = (*ticket)->results[0];
  if (result.has_error()) {
    return absl::Status(static_cast<absl::StatusCode>(result.error().code()),
                        result.error().message());
  }
  // Not decided in time: the record as queued.
  if (!result.has_contact()) return queued;
  return result.contact();
}

absl::StatusOr<v1::EventResult> Intake::RecordAssessment(
    v1::RecordAssessmentRequest finding) {
  const std::string run_id = finding.run_id();
  google::protobuf::RepeatedPtrField<v1::RunEvent> events;
  *events.Add()->mutable_finding() = std::move(finding);
  absl::StatusOr<std::unique_ptr<Ticket>> ticket = Append(run_id, events);
  if (!ticket.ok()) return ticket.status();
  Await(**ticket, absl::Now() + options_.unary_wait, true);
  const v1::EventResult& result = (*ticket)->results[0];
  if (result.has_error()) {
    return absl::Status(static_cast<absl::StatusCode>(result.error().code()),
                        result.error().message());
  }
  return result;
}

absl::StatusOr<v1::EventResult> Intake::AdvanceTo(absl::string_view run_id,
                                                  absl::Time to) {
  google::protobuf::RepeatedPtrField<v1::RunEvent> events;
  *events.Add()->mutable_advance_to() = ToProto(to);
  absl::StatusOr<std::unique_ptr<Ticket>> ticket = Append(run_id, events);
  if (!ticket.ok()) return ticket.status();
  Await(**ticket, absl::Now() + options_.unary_wait, true);
  const v1::EventResult& result = (*ticket)->results[0];
  if (result.has_error()) {
    return absl::Status(static_cast<absl::StatusCode>(result.error().code()),
                        result.error().message());
  }
  return result;
}

absl::StatusOr<v1::RunInfo> Intake::CreateRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("config.run_id", config.run_id());
      !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("config.run_id: is required");
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
  // The other services first: a run intake lists is configured everywhere.
  if (absl::Status s = downstream_->ConfigureRun(config); !s.ok()) return s;
  if (absl::Status s = store_->PutRun(config); !s.ok()) return s;
  v1::RunInfo info;
  *info.mutable_config() = config;
  return info;
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
  // Held throughout, so no batch is accepted into a run being deleted.
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
  return store_->ChildContacts(run_id, child_id);
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
