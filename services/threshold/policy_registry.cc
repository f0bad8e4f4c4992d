// Policy registry, over the "policies" records of ThresholdStore.
#include "services/threshold/policy_registry.h"

#include <cstdint>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "frontdoor/internal/state.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/policy/policy_cases.h"

namespace frontdoor {
namespace {

std::string Name(const std::string& id, int64_t version) {
  return absl::StrCat(id, " v", version);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PolicyRegistry>> PolicyRegistry::Open(
    const ThresholdStore* store) {
  std::unique_ptr<PolicyRegistry> registry(new PolicyRegistry(store));
  absl::Status scanned = store->ScanPolicies(
      [&](internal::StoredPolicy stored) -> absl::StatusOr<bool> {
        absl::StatusOr<Policy> policy = Policy::Compile(stored.policy());
        if (!policy.ok()) {
          return absl::DataLossError(absl::StrCat(
              "stored policy ",
              Name(stored.policy().id(), stored.policy().version()),
              " no longer compiles: ", policy.status().message()));
        }
        const Key key = {policy->id(), policy->version()};
        absl::MutexLock lock(&registry->mu_);
        registry->entries_[key] = {
            std::make_shared<const Policy>(*std::move(policy)),
            stored.source_name()};
        return true;
      });
  if (!scanned.ok()) return scanned;

  absl::StatusOr<std::optional<internal::ActivePolicy>> active =
      store->Active();
  if (!active.ok()) return active.status();
  if (active->has_value()) {
    absl::MutexLock lock(&registry->mu_);
    registry->active_ = {(*active)->policy_id(), (*active)->policy_version()};
  }
  return registry;
}

absl::StatusOr<v1::LoadPolicyResponse> PolicyRegistry::Load(
    const v1::ThresholdPolicy& spec, const std::string& source_name,
    bool activate) {
  absl::StatusOr<Policy> compiled = Policy::Compile(spec);
  if (!compiled.ok()) return compiled.status();
  const Key key = {compiled->id(), compiled->version()};

  absl::MutexLock lock(&mu_);
  v1::LoadPolicyResponse response;
  const auto existing = entries_.find(key);
  if (existing != entries_.end() &&
      !google::protobuf::util::MessageDifferencer::Equals(
          existing->second.policy->spec(), spec)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "policy ", Name(key.first, key.second),
        " is already loaded with other content; give the new content a new "
        "version"));
  }
  response.set_newly_loaded(existing == entries_.end());
  // A policy is put to use only when its own cases hold, whoever loads it.
  if (response.newly_loaded()) {
    if (absl::Status s = CheckPolicyCases(
            *compiled, source_name.empty() ? "policy" : source_name);
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy.tests: ", s.message()));
    }
  }

  rocksdb::WriteBatch batch;
  if (response.newly_loaded()) {
    internal::StoredPolicy stored;
    *stored.mutable_policy() = spec;
    stored.set_source_name(source_name);
    store_->PutPolicy(stored, &batch);
  }
  if (activate) {
    internal::ActivePolicy active;
    active.set_policy_id(key.first);
    active.set_policy_version(key.second);
    store_->PutActive(active, &batch);
  }
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;

  if (response.newly_loaded()) {
    entries_[key] = {std::make_shared<const Policy>(*std::move(compiled)),
                     source_name};
  }
  if (activate) active_ = key;
  *response.mutable_policy() = Summary(key, entries_.at(key));
  return response;
}

absl::StatusOr<std::shared_ptr<const Policy>> PolicyRegistry::Active() const {
  return Find("", 0);
}

absl::StatusOr<std::shared_ptr<const Policy>> PolicyRegistry::Find(
    const std::string& id, int64_t version) const {
  absl::MutexLock lock(&mu_);
  if (id.empty()) {
    const auto it = entries_.find(active_);
    if (it == entries_.end()) {
      return absl::FailedPreconditionError("no policy is active");
    }
    return it->second.policy;
  }
  if (version > 0) {
    const auto it = entries_.find({id, version});
    if (it == entries_.end()) {
      return absl::NotFoundError(absl::StrCat(
          "policy_version: ", Name(id, version), " is not loaded"));
    }
    return it->second.policy;
  }
  // The latest version: the last key with this id.
  auto it = entries_.upper_bound({id, INT64_MAX});
  if (it == entries_.begin() || std::prev(it)->first.first != id) {
    return absl::NotFoundError(
        absl::StrCat("policy_id: no version of ", id, " is loaded"));
  }
  return std::prev(it)->second.policy;
}

std::vector<v1::PolicySummary> PolicyRegistry::List() const {
  absl::MutexLock lock(&mu_);
  std::vector<v1::PolicySummary> summaries;
  for (const auto& [key, entry] : entries_) {
    summaries.push_back(Summary(key, entry));
  }
  return summaries;
}

v1::PolicySummary PolicyRegistry::Summary(const Key& key,
                                          const Entry& entry) const {
  v1::PolicySummary summary;
  summary.set_policy_id(key.first);
  summary.set_policy_version(key.second);
  summary.set_description(entry.policy->description());
  summary.set_active(key == active_);
  summary.set_source_name(entry.source_name);
  return summary;
}

}  // namespace frontdoor
