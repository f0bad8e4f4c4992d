// Threshold domain implementation.
#include "services/threshold/threshold.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stored_proto.h"

namespace frontdoor {
namespace {

constexpr char kDecisions[] = "decisions";

std::string DecisionKey(absl::string_view run_id,
                        absl::string_view contact_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(contact_id).key();
}

}  // namespace

std::vector<std::string> Threshold::Families() { return {kDecisions}; }

Threshold::Threshold(Store* store, std::shared_ptr<const Policy> policy)
    : store_(store),
      decisions_(store->Family(kDecisions)),
      policy_(std::move(policy)) {}

std::shared_ptr<const Policy> Threshold::policy() const {
  absl::MutexLock lock(&mu_);
  return policy_;
}

absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request) {
  const v1::Contact& contact = request.contact();
  if (!contact.has_event_time()) {
    return absl::InvalidArgumentError("contact.event_time: is required");
  }
  ContactFacts facts;
  facts.factors.assign(contact.factors().begin(), contact.factors().end());
  facts.source = contact.source();
  facts.prior_contacts_12m = request.prior_contacts_12m();
  facts.current_level = request.current_level() ==
                                v1::SERVICE_LEVEL_UNSPECIFIED
                            ? v1::SERVICE_LEVEL_NONE
                            : request.current_level();
  if (contact.has_date_of_birth()) {
    absl::StatusOr<absl::CivilDay> birth =
        ToCivilDay(contact.date_of_birth(), "contact.date_of_birth");
    if (!birth.ok()) return birth.status();
    facts.age_years =
        AgeInYears(*birth, DayOf(FromProto(contact.event_time())));
  } else {
    facts.age_years = contact.age_years();
  }
  return facts;
}

absl::StatusOr<v1::Decision> Threshold::Decide(
    const v1::DecideRequest& request) {
  if (request.contact_id().empty()) {
    return absl::InvalidArgumentError("contact_id: is required");
  }
  absl::StatusOr<ContactFacts> facts = FactsOf(request);
  if (!facts.ok()) return facts.status();

  const std::string key =
      DecisionKey(request.contact().run_id(), request.contact_id());
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(decisions_, key);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    return ParseStored<v1::Decision>(**stored, "decision");
  }

  const Evaluation evaluation = policy_->Evaluate(*facts);
  v1::Decision decision;
  decision.set_contact_id(request.contact_id());
  decision.set_outcome(evaluation.outcome);
  decision.set_rag(evaluation.rag);
  decision.set_need_level(evaluation.need_level);
  for (const v1::FiredRule& fired : evaluation.fired) {
    *decision.add_fired_rules() = fired;
  }
  decision.set_policy_id(policy_->id());
  decision.set_policy_version(policy_->version());
  // Screening is instantaneous until the MASH queue models screeners.
  *decision.mutable_decided_at() = request.contact().event_time();

  rocksdb::WriteBatch batch;
  batch.Put(decisions_, key, decision.SerializeAsString());
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  return decision;
}

absl::StatusOr<v1::Decision> Threshold::Find(
    absl::string_view run_id, absl::string_view contact_id) const {
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(decisions_, DecisionKey(run_id, contact_id));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("contact_id: no decision on ", contact_id, " in run ",
                     RunOrDefault(run_id)));
  }
  return ParseStored<v1::Decision>(**stored, "decision");
}

}  // namespace frontdoor
