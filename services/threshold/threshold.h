// The threshold service's domain: decides contacts with the policy in force
// and keeps every decision, idempotent on the contact id.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_
#define FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "frontdoor/v1/threshold.pb.h"
#include "services/common/store.h"
#include "services/threshold/policy.h"

namespace frontdoor {

// Decides contacts and stores the decisions. Thread-safe.
class Threshold {
 public:
  // The column families Threshold needs in its store.
  static std::vector<std::string> Families();

  // `store` must outlive this object and have been opened with Families().
  Threshold(Store* store, std::shared_ptr<const Policy> policy);

  // Decides the contact, or returns the stored decision when this contact
  // was decided before (so a retried delivery changes nothing).
  absl::StatusOr<v1::Decision> Decide(const v1::DecideRequest& request);

  // The stored decision on a contact; NOT_FOUND when there is none.
  absl::StatusOr<v1::Decision> Find(absl::string_view run_id,
                                    absl::string_view contact_id) const;

  // The policy deciding new contacts.
  std::shared_ptr<const Policy> policy() const;

 private:
  Store* const store_;
  rocksdb::ColumnFamilyHandle* const decisions_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Policy> policy_ ABSL_GUARDED_BY(mu_);
};

// The facts a policy sees for a contact, computed from the request.
absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_H_
