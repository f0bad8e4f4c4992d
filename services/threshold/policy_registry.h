// The policy versions a threshold service holds, kept in its store so that a
// restart brings back every loaded version and the active one.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_POLICY_REGISTRY_H_
#define FRONTDOOR_SERVICES_THRESHOLD_POLICY_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "frontdoor/v1/threshold.pb.h"
#include "lib/policy/policy.h"
#include "services/threshold/threshold_store.h"

namespace frontdoor {

// Loaded, compiled policies by (id, version). Thread-safe; a load is
// validated whole before anything changes, and becomes visible atomically.
class PolicyRegistry {
 public:
  // Restores the policies stored in `store`, which must outlive the result.
  static absl::StatusOr<std::unique_ptr<PolicyRegistry>> Open(
      const ThresholdStore* store);

  // Validates, stores and adds a policy version; with `activate`, new
  // decisions use it. Same id and version with the same content: nothing
  // changes (newly_loaded is false). With other content: ALREADY_EXISTS.
  absl::StatusOr<v1::LoadPolicyResponse> Load(const v1::ThresholdPolicy& spec,
                                              const std::string& source_name,
                                              bool activate);

  // The active policy; FAILED_PRECONDITION when none was ever loaded.
  absl::StatusOr<std::shared_ptr<const Policy>> Active() const;

  // A policy by id and version (version 0: its latest; id empty: active).
  absl::StatusOr<std::shared_ptr<const Policy>> Find(const std::string& id,
                                                     int64_t version) const;

  // Every version held, by id then version.
  std::vector<v1::PolicySummary> List() const;

 private:
  struct Entry {
    std::shared_ptr<const Policy> policy;
    std::string source_name;
  };
  using Key = std::pair<std::string, int64_t>;

  explicit PolicyRegistry(const ThresholdStore* store) : store_(store) {}
  v1::PolicySummary Summary(const Key& key, const Entry& entry) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const ThresholdStore* const store_;
  mutable absl::Mutex mu_;
  std::map<Key, Entry> entries_ ABSL_GUARDED_BY(mu_);
  Key active_ ABSL_GUARDED_BY(mu_);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_POLICY_REGISTRY_H_
