// Intake domain implementation.
#include "services/intake/intake.h"

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/intake/contact_validator.h"

namespace frontdoor {
namespace {

// An outage worth waiting out rather than reporting as a failure.
bool IsTransient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ||
         absl::IsResourceExhausted(status) || absl::IsAborted(status);
}

}  // namespace

Intake::Intake(IntakeStore* store, Downstream* downstream)
    : store_(store), downstream_(downstream) {}

absl::Mutex& Intake::ChildLock(absl::string_view run_id,
                               absl::string_view child_id) {
  const size_t hash = absl::HashOf(run_id, child_id);
  return child_mu_[hash % child_mu_.size()];
}

absl::StatusOr<v1::SubmitContactResponse> Intake::Submit(v1::Contact contact) {
  if (absl::Status s = ValidateContact(contact); !s.ok()) return s;
  contact.set_run_id(RunOrDefault(contact.run_id()));
  const std::string contact_id =
      ContactId(contact.source(), contact.source_contact_id());

  v1::SubmitContactResponse response;
  v1::ContactRecord record;
  {
    absl::MutexLock lock(&accept_mu_);
    absl::StatusOr<std::optional<v1::ContactRecord>> existing =
        store_->Find(contact.run_id(), contact_id);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      response.set_duplicate(true);
      record = **std::move(existing);
    } else {
      absl::StatusOr<int> prior =
          store_->CountPriorContacts(contact.run_id(), contact.child_id(),
                                     FromProto(contact.event_time()));
      if (!prior.ok()) return prior.status();
      record.set_contact_id(contact_id);
      record.set_status(v1::CONTACT_STATUS_PENDING);
      record.set_prior_contacts_12m(*prior);
      *record.mutable_contact() = std::move(contact);
      if (absl::Status s = store_->Accept(record); !s.ok()) return s;
    }
  }
  absl::StatusOr<v1::ContactRecord> delivered =
      DeliverIfPending(std::move(record));
  if (!delivered.ok()) return delivered.status();
  *response.mutable_record() = *std::move(delivered);
  return response;
}

absl::StatusOr<v1::ContactRecord> Intake::DeliverIfPending(
    v1::ContactRecord record) {
  if (record.status() == v1::CONTACT_STATUS_DECIDED) return record;
  v1::ContactRecord pending = record;
  absl::StatusOr<v1::ContactRecord> delivered = Deliver(std::move(record));
  if (delivered.ok()) return delivered;
  if (IsTransient(delivered.status())) return pending;
  return delivered.status();
}

absl::StatusOr<v1::ContactRecord> Intake::Deliver(v1::ContactRecord record) {
  const v1::Contact& contact = record.contact();
  absl::MutexLock child_lock(&ChildLock(contact.run_id(), contact.child_id()));

  absl::StatusOr<v1::ServiceLevel> level = downstream_->CurrentLevel(
      contact.run_id(), contact.child_id(), FromProto(contact.event_time()));
  if (!level.ok()) return level.status();

  v1::DecideRequest decide;
  decide.set_contact_id(record.contact_id());
  *decide.mutable_contact() = contact;
  decide.set_prior_contacts_12m(record.prior_contacts_12m());
  decide.set_current_level(*level);
  absl::StatusOr<v1::Decision> decision = downstream_->Decide(decide);
  if (!decision.ok()) return decision.status();

  v1::ApplyDecisionRequest apply;
  apply.set_run_id(contact.run_id());
  apply.set_child_id(contact.child_id());
  apply.set_contact_id(record.contact_id());
  apply.set_outcome(decision->outcome());
  apply.set_need_level(decision->need_level());
  *apply.mutable_event_time() = decision->decided_at();
  absl::StatusOr<v1::LevelChange> change = downstream_->Apply(apply);
  if (!change.ok()) return change.status();

  // After a crash between Apply and Complete the level read above already
  // includes this contact; stepping's stored from_level does not.
  record.set_level_before(change->from_level());
  *record.mutable_decision() = *std::move(decision);
  *record.mutable_level_change() = *std::move(change);
  record.set_status(v1::CONTACT_STATUS_DECIDED);
  if (absl::Status s = store_->Complete(record); !s.ok()) return s;
  return record;
}

absl::StatusOr<int> Intake::DeliverPending() {
  absl::StatusOr<std::vector<PendingContact>> pending = store_->Pending();
  if (!pending.ok()) return pending.status();
  int delivered = 0;
  for (const PendingContact& entry : *pending) {
    absl::StatusOr<std::optional<v1::ContactRecord>> record =
        store_->Find(entry.run_id, entry.contact_id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) continue;
    if ((*record)->status() == v1::CONTACT_STATUS_DECIDED) continue;
    absl::StatusOr<v1::ContactRecord> done = Deliver(**std::move(record));
    if (!done.ok()) return done.status();
    ++delivered;
  }
  return delivered;
}

absl::StatusOr<v1::RunInfo> Intake::CreateRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("config.run_id", config.run_id());
      !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("config.run_id: is required");
  }
  absl::MutexLock lock(&accept_mu_);
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
  return store_->ListRuns();
}

absl::StatusOr<int64_t> Intake::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (run_id.empty()) return absl::InvalidArgumentError("run_id: is required");
  absl::MutexLock lock(&accept_mu_);
  absl::StatusOr<int64_t> downstream = downstream_->DeleteRun(run_id);
  if (!downstream.ok()) return downstream.status();
  absl::StatusOr<int64_t> local = store_->DeleteRun(run_id);
  if (!local.ok()) return local.status();
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

}  // namespace frontdoor
