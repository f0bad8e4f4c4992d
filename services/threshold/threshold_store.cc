// Threshold's store.
#include "services/threshold/threshold_store.h"

#include "lib/domain/ids.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"

namespace frontdoor {
namespace {

constexpr char kDecisions[] = "decisions";
constexpr char kRuns[] = "runs";
constexpr char kPolicies[] = "policies";

std::string RunPrefix(absl::string_view run_id) {
  return KeyBuilder(RunOrDefault(run_id)).key();
}

std::string RunKey(absl::string_view run_id, absl::string_view what) {
  return KeyBuilder(RunOrDefault(run_id)).Str(what).key();
}

std::string DecisionKey(absl::string_view run_id,
                        absl::string_view contact_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(contact_id).key();
}

std::string PolicyKey(const std::string& id, int64_t version) {
  return KeyBuilder("policy").Str(id).U64(static_cast<uint64_t>(version)).key();
}

std::string ActiveKey() { return KeyBuilder("active").key(); }

}  // namespace

std::vector<std::string> ThresholdStore::Families() {
  return {kDecisions, kRuns, kPolicies, BatchAnswers::kFamily};
}

ThresholdStore::ThresholdStore(Store* store)
    : store_(store),
      decisions_(store->Family(kDecisions)),
      runs_(store->Family(kRuns)),
      policies_(store->Family(kPolicies)),
      answers_(store) {}

absl::StatusOr<std::optional<v1::RunConfig>> ThresholdStore::Config(
    absl::string_view run_id) const {
  return GetStored<v1::RunConfig>(*store_, runs_, RunKey(run_id, "config"),
                                  "run config");
}

absl::StatusOr<internal::MashQueue> ThresholdStore::Queue(
    absl::string_view run_id) const {
  absl::StatusOr<std::optional<internal::MashQueue>> queue =
      GetStored<internal::MashQueue>(*store_, runs_, RunKey(run_id, "queue"),
                                     "MASH queue");
  if (!queue.ok()) return queue.status();
  return queue->value_or(internal::MashQueue());
}

absl::StatusOr<std::optional<v1::Decision>> ThresholdStore::FindDecision(
    absl::string_view run_id, absl::string_view contact_id) const {
  return GetStored<v1::Decision>(*store_, decisions_,
                                 DecisionKey(run_id, contact_id), "decision");
}

void ThresholdStore::PutConfig(const v1::RunConfig& config,
                               rocksdb::WriteBatch* batch) const {
  batch->Put(runs_, RunKey(config.run_id(), "config"),
             config.SerializeAsString());
}

void ThresholdStore::PutQueue(absl::string_view run_id,
                              const internal::MashQueue& queue,
                              rocksdb::WriteBatch* batch) const {
  batch->Put(runs_, RunKey(run_id, "queue"), queue.SerializeAsString());
}

void ThresholdStore::PutDecision(absl::string_view run_id,
                                 const v1::Decision& decision,
                                 rocksdb::WriteBatch* batch) const {
  batch->Put(decisions_, DecisionKey(run_id, decision.contact_id()),
             decision.SerializeAsString());
}

absl::Status ThresholdStore::ScanPolicies(
    const std::function<absl::StatusOr<bool>(internal::StoredPolicy)>& each)
    const {
  return ScanStored<internal::StoredPolicy>(
      *store_, policies_, KeyBuilder("policy").key(), "policy",
      [&](absl::string_view, internal::StoredPolicy stored) {
        return each(std::move(stored));
      });
}

absl::StatusOr<std::optional<internal::ActivePolicy>> ThresholdStore::Active()
    const {
  return GetStored<internal::ActivePolicy>(*store_, policies_, ActiveKey(),
                                           "active policy");
}

void ThresholdStore::PutPolicy(const internal::StoredPolicy& policy,
                               rocksdb::WriteBatch* batch) const {
  batch->Put(policies_,
             PolicyKey(policy.policy().id(), policy.policy().version()),
             policy.SerializeAsString());
}

void ThresholdStore::PutActive(const internal::ActivePolicy& active,
                               rocksdb::WriteBatch* batch) const {
  batch->Put(policies_, ActiveKey(), active.SerializeAsString());
}

absl::StatusOr<int64_t> ThresholdStore::DeleteRun(
    absl::string_view run_id) const {
  return store_->DeletePrefix(
      {decisions_, runs_, store_->Family(BatchAnswers::kFamily)},
      RunPrefix(run_id));
}

absl::StatusOr<v1::RunDigest> ThresholdStore::Digest(
    absl::string_view run_id) const {
  return store_->Digest("threshold", {kDecisions, kRuns}, RunPrefix(run_id),
                        RunOrDefault(run_id));
}

absl::Status ThresholdStore::Write(rocksdb::WriteBatch* batch) const {
  return store_->Write(batch);
}

}  // namespace frontdoor
