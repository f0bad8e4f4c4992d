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

Threshold::Threshold(Store* store, PolicyRegistry* policies)
    : store_(store), decisions_(store->Family(kDecisions)),
      policies_(policies) {}

absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request) {
  const v1::Contact& contact = request.contact();
  if (!contact.has_event_time()) {
    return absl::InvalidArgumentError("contact.event_time: is required");
  }
  int age_years = contact.age_years();
  if (contact.has_date_of_birth()) {
    absl::StatusOr<absl::CivilDay> birth =
        ToCivilDay(contact.date_of_birth(), "contact.date_of_birth");
    if (!birth.ok()) return birth.status();
    age_years = AgeInYears(*birth, DayOf(FromProto(contact.event_time())));
  }
  absl::StatusOr<ContactFacts> facts =
      MakeFacts(contact.factors(), contact.source(), age_years,
                request.prior_contacts_12m(), request.current_level());
  if (!facts.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("contact.", facts.status().message()));
  }
  return facts;
}

v1::Decision MakeDecision(const Policy& policy, const ContactFacts& facts,
                          const std::string& contact_id,
                          const google::protobuf::Timestamp& decided_at) {
  const Evaluation evaluation = policy.Evaluate(facts);
  v1::Decision decision;
  decision.set_contact_id(contact_id);
  decision.set_outcome(evaluation.outcome);
  decision.set_rag(evaluation.rag);
  decision.set_need_level(evaluation.need_level);
  decision.set_needs_sign_off(evaluation.needs_sign_off);
  for (v1::FiredRule& fired : policy.Explain(evaluation, facts)) {
    *decision.add_fired_rules() = std::move(fired);
  }
  decision.set_policy_id(policy.id());
  decision.set_policy_version(policy.version());
  *decision.mutable_decided_at() = decided_at;
  return decision;
}

absl::StatusOr<v1::Decision> Threshold::Evaluate(
    const v1::DecideRequest& request) const {
  absl::StatusOr<ContactFacts> facts = FactsOf(request);
  if (!facts.ok()) return facts.status();
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      policies_->Find(request.policy_id(), request.policy_version());
  if (!policy.ok()) return policy.status();
  // Screening is instantaneous until the MASH queue models screeners.
  return MakeDecision(**policy, *facts, request.contact_id(),
                      request.contact().event_time());
}

absl::StatusOr<v1::Decision> Threshold::Decide(
    const v1::DecideRequest& request) {
  if (request.contact_id().empty()) {
    return absl::InvalidArgumentError("contact_id: is required");
  }
  const std::string key =
      DecisionKey(request.contact().run_id(), request.contact_id());
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(decisions_, key);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    return ParseStored<v1::Decision>(**stored, "decision");
  }
  absl::StatusOr<v1::Decision> decision = Evaluate(request);
  if (!decision.ok()) return decision.status();
  rocksdb::WriteBatch batch;
  batch.Put(decisions_, key, decision->SerializeAsString());
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
