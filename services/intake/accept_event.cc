// Intake's accepting of one event: validation, duplicates and conflicts
// against this batch, the store and the undelivered log, prior-contact
// counts, and the bound on clock moves. Nothing is written here: the event
// joins the batch's single write (Intake::Append).
#include <functional>
#include <limits>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/domain/contact_validator.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "services/intake/intake.h"
#include "services/intake/run_queue.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kMaxAdvance = absl::Hours(24 * 366);
constexpr absl::Duration kTwelveMonths = absl::Hours(24 * 365);

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

// What a new event of a finished run is told.
absl::Status FinishedError(absl::string_view run_id) {
  return absl::FailedPreconditionError(
      absl::StrCat("run_id: run ", run_id,
                   " is finished and read-only; nothing was stored"));
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
  // Only an early-help assessment reports a level of need, and it must.
  const bool early_help =
      finding.finding() == v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED;
  if (early_help && (finding.need_level() < 1 || finding.need_level() > 4)) {
    return absl::InvalidArgumentError(
        "finding.need_level: must be 1 to 4 for an early-help assessment");
  }
  if (!early_help && finding.need_level() != 0) {
    return absl::InvalidArgumentError(
        "finding.need_level: only an early-help assessment reports one");
  }
  // The assessment and the enquiry come before the finding they led to.
  const absl::Time at = FromProto(finding.event_time());
  if (finding.has_assessed_at() && FromProto(finding.assessed_at()) > at) {
    return absl::InvalidArgumentError(
        "finding.assessed_at: must not be after finding.event_time");
  }
  if (finding.has_s47_started_at() &&
      FromProto(finding.s47_started_at()) > at) {
    return absl::InvalidArgumentError(
        "finding.s47_started_at: must not be after finding.event_time");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Intake::Prefetch(
    const std::string& run_id,
    const google::protobuf::RepeatedPtrField<v1::RunEvent>& events,
    Pending& pending) const {
  std::vector<std::string> ids, children;
  pending.child_ids.resize(events.size());
  for (int i = 0; i < events.size(); ++i) {
    const v1::RunEvent& event = events[i];
    if (!event.has_contact()) continue;
    ids.push_back(pending.ContactIdOf(event.contact()));
    pending.child_ids[i] = StoredChildId(event.contact().child_id());
    children.push_back(pending.child_ids[i]);
  }
  if (ids.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<bool>> received = store_->Received(run_id, ids);
  if (!received.ok()) return received.status();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!(*received)[i]) pending.unseen.insert(std::move(ids[i]));
  }
  absl::StatusOr<absl::flat_hash_map<std::string, internal::ChildHistory>>
      histories = store_->Histories(run_id, children);
  if (!histories.ok()) return histories.status();
  pending.fetched = *std::move(histories);
  return absl::OkStatus();
}

absl::StatusOr<int> Intake::CountPrior(const std::string& child_id,
                                       const std::string& contact_id,
                                       absl::Time at, Pending& p) const {
  auto it = p.histories.find(child_id);
  if (it == p.histories.end()) {
    // Prefetch read the history of every contact's child in the batch.
    auto fetched = p.fetched.find(child_id);
    if (fetched == p.fetched.end()) {
      return absl::InternalError("intake: a child's history was not read");
    }
    it = p.histories.emplace(child_id, std::move(fetched->second)).first;
  }
  auto* contacts = it->second.mutable_contacts();
  const int64_t micros = absl::ToUnixMicros(at);
  const int64_t from = absl::ToUnixMicros(at - kTwelveMonths);
  int prior = 0;
  for (const internal::ChildHistory::Entry& entry : *contacts) {
    if (entry.micros() >= from && entry.micros() < micros) ++prior;
  }
  // In (time, contact id) order, as a child's contacts are listed.
  internal::ChildHistory::Entry added;
  added.set_micros(micros);
  added.set_contact_id(contact_id);
  contacts->Add(std::move(added));
  for (int i = contacts->size() - 1; i > 0; --i) {
    const auto& a = contacts->Get(i);
    const auto& b = contacts->Get(i - 1);
    if (std::make_tuple(a.micros(), std::cref(a.contact_id())) >=
        std::make_tuple(b.micros(), std::cref(b.contact_id()))) {
      break;
    }
    contacts->SwapElements(i, i - 1);
  }
  return prior;
}

void Intake::Pending::Enqueue(int index, Queued q) {
  q.seq = next_seq++;
  LogEntry entry{.seq = q.seq};
  if (q.kind == Queued::Kind::kContact) {
    entry.event.set_contact_id(q.record.contact_id());
  } else if (q.kind == Queued::Kind::kFinding) {
    *entry.event.mutable_finding() = q.finding;
  } else {
    *entry.event.mutable_advance_to() = ToProto(q.advance_to);
  }
  log.push_back(std::move(entry));
  WaitFor(index, q.seq);
  queued.push_back(std::move(q));
}

std::string Intake::Pending::ContactIdOf(const v1::Contact& contact) const {
  const std::string id =
      ContactId(contact.source(), contact.source_contact_id());
  if (caller.role != Role::kAgency) return id;
  return absl::StrCat(caller.agency, "/", id);
}

void Intake::Pending::SeeTime(absl::Time t) {
  state.set_clock_micros(std::max(state.clock_micros(), absl::ToUnixMicros(t)));
}

template <typename T, typename Load>
absl::StatusOr<std::optional<std::pair<T, std::optional<uint64_t>>>>
Intake::Pending::Earlier(
    RunQueue& run, const std::string& id,
    const absl::flat_hash_map<std::string, size_t>& in_batch, T Queued::*field,
    const absl::flat_hash_map<std::string, uint64_t>& undelivered,
    const Load& load) {
  using Found = std::optional<std::pair<T, std::optional<uint64_t>>>;
  if (auto it = in_batch.find(id); it != in_batch.end()) {
    const Queued& q = queued[it->second];
    return Found(std::make_pair(q.*field, q.seq));
  }
  // Undelivered first: delivery may finish it meanwhile, and then the
  // store already holds its outcome.
  std::optional<uint64_t> seq;
  {
    absl::MutexLock lock(&run.mu);
    if (auto it = undelivered.find(id); it != undelivered.end()) {
      seq = it->second;
    }
  }
  absl::StatusOr<std::optional<T>> stored = load();
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Found();
  return Found(std::make_pair(**std::move(stored), seq));
}

void Intake::AcceptOne(RunQueue& run, const v1::RunEvent& event, int index,
                       Pending& p) const {
  if (event.has_contact()) {
    AcceptContact(run, event.contact(), index, p);
  } else if (event.has_finding()) {
    AcceptFinding(run, event.finding(), index, p);
  } else if (event.has_advance_to()) {
    AcceptAdvance(run, event.advance_to(), index, p);
  } else {
    SetError(absl::InvalidArgumentError(
                 "event: needs a contact, a finding or advance_to"),
             &(*p.results)[index]);
  }
}

void Intake::AcceptContact(RunQueue& run, v1::Contact contact, int index,
                           Pending& p) const {
  v1::EventResult* result = &(*p.results)[index];
  if (absl::Status s =
          CheckSameRun("contact.run_id", run.run_id, contact.run_id());
      !s.ok()) {
    SetError(s, result);
    return;
  }
  contact.set_run_id(run.run_id);
  if (absl::Status s = ValidateContact(contact); !s.ok()) {
    SetError(s, result);
    return;
  }
  if (!p.caller.MaySubmitAs(contact.source())) {
    SetError(absl::PermissionDeniedError(absl::StrCat(
                 "contact.source: ", p.caller.agency, "'s token submits as ",
                 absl::StrJoin(p.caller.sources, ", "), ", not ",
                 contact.source(), "; nothing was stored")),
             result);
    return;
  }
  // The raw id is checked, then never kept.
  contact.set_child_id(std::move(p.child_ids[index]));
  *contact.mutable_event_time() =
      (ToProto(TruncateToMicros(FromProto(contact.event_time()))));
  const std::string id = p.ContactIdOf(contact);
  // A contact seen before: identical is a harmless duplicate, anything
  // else a conflict.
  auto seen =
      p.Earlier(run, id, p.contacts, &Queued::record, run.pending_contacts,
                [&]() -> absl::StatusOr<std::optional<v1::ContactRecord>> {
                  if (p.unseen.contains(id)) return std::nullopt;
                  return store_->Find(run.run_id, id);
                });
  if (!seen.ok()) {
    SetError(seen.status(), result);
    return;
  }
  if (seen->has_value()) {
    const auto& [before, seq] = **seen;
    if (std::string field = FirstDifference(before.contact(), contact);
        !field.empty()) {
      SetError(Conflict("contact", id, field), result);
      return;
    }
    v1::SubmitContactResponse* response = result->mutable_contact();
    response->set_duplicate(true);
    *response->mutable_record() = before;
    if (seq.has_value()) p.WaitFor(index, *seq);
    return;
  }
  if (p.finished) {
    SetError(FinishedError(run.run_id), result);
    return;
  }
  const absl::Time at = FromProto(contact.event_time());
  absl::StatusOr<int> prior = CountPrior(contact.child_id(), id, at, p);
  if (!prior.ok()) {
    SetError(prior.status(), result);
    return;
  }
  Queued q{.kind = Queued::Kind::kContact};
  q.record.set_contact_id(id);
  q.record.set_status(v1::CONTACT_STATUS_PENDING);
  q.record.set_prior_contacts_12m(*prior);
  q.record.set_submitted_by(p.caller.agency);
  *q.record.mutable_contact() = std::move(contact);
  // Only the id and status: the record comes with the decision, and a
  // unary caller answered before it reads the stored one (SubmitOne).
  v1::ContactRecord* pending = result->mutable_contact()->mutable_record();
  pending->set_contact_id(id);
  pending->set_status(v1::CONTACT_STATUS_PENDING);
  p.contacts[id] = p.queued.size();
  p.state.set_contacts(p.state.contacts() + 1);
  p.SeeTime(at);
  p.Enqueue(index, std::move(q));
}

void Intake::AcceptFinding(RunQueue& run, v1::RecordAssessmentRequest finding,
                           int index, Pending& p) const {
  v1::EventResult* result = &(*p.results)[index];
  if (absl::Status s =
          CheckSameRun("finding.run_id", run.run_id, finding.run_id());
      !s.ok()) {
    SetError(s, result);
    return;
  }
  finding.set_run_id(run.run_id);
  if (absl::Status s = ValidateFinding(finding); !s.ok()) {
    SetError(s, result);
    return;
  }
  // An agency's own contacts are all in its namespace (ContactIdOf).
  if (p.caller.role == Role::kAgency &&
      !absl::StartsWith(finding.contact_id(),
                        absl::StrCat(p.caller.agency, "/"))) {
    SetError(absl::PermissionDeniedError(
                 "finding.contact_id: an agency records findings only on "
                 "contacts it submitted; nothing was stored"),
             result);
    return;
  }
  finding.set_child_id(StoredChildId(finding.child_id()));
  *finding.mutable_event_time() =
      (ToProto(TruncateToMicros(FromProto(finding.event_time()))));
  const std::string& id = finding.contact_id();
  auto seen =
      p.Earlier(run, id, p.findings, &Queued::finding, run.pending_findings,
                [&] { return store_->FindFinding(run.run_id, id); });
  if (!seen.ok()) {
    SetError(seen.status(), result);
    return;
  }
  if (seen->has_value()) {
    const auto& [before, seq] = **seen;
    if (std::string field = FirstDifference(before, finding); !field.empty()) {
      SetError(Conflict("finding", id, field), result);
      return;
    }
    result->mutable_finding();
    if (seq.has_value()) p.WaitFor(index, *seq);
    return;
  }
  if (p.finished) {
    SetError(FinishedError(run.run_id), result);
    return;
  }
  p.SeeTime(FromProto(finding.event_time()));
  p.findings[id] = p.queued.size();
  p.Enqueue(index, Queued{.kind = Queued::Kind::kFinding, .finding = finding});
}

void Intake::AcceptAdvance(const RunQueue& run,
                           const google::protobuf::Timestamp& advance_to,
                           int index, Pending& p) {
  v1::EventResult* result = &(*p.results)[index];
  const absl::Time to = TruncateToMicros(FromProto(advance_to));
  if (p.state.contacts() == 0 &&
      p.state.clock_micros() == std::numeric_limits<int64_t>::min()) {
    SetError(absl::OutOfRangeError(absl::StrCat(
                 "advance_to: run ", run.run_id,
                 " has no events; its clock moves with its events")),
             result);
    return;
  }
  const absl::Time latest = absl::FromUnixMicros(p.state.clock_micros());
  if (p.finished) {
    // A clock move the run has passed changes nothing, and is not logged.
    if (to > latest) SetError(FinishedError(run.run_id), result);
    return;
  }
  if (to > latest + kMaxAdvance) {
    SetError(absl::OutOfRangeError(absl::StrCat(
                 "advance_to: ", absl::FormatTime(to),
                 " is more than 366 days after the run's latest event (",
                 absl::FormatTime(latest), ")")),
             result);
    return;
  }
  // The clock a run lists is where its events and clock moves have taken
  // it: a simulation that finished has moved it to the end of its period.
  p.SeeTime(to);
  p.Enqueue(index, Queued{.kind = Queued::Kind::kAdvance, .advance_to = to});
}

}  // namespace frontdoor
