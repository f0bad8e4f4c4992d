// Call slots: two counters under one lock.
#include "services/common/rpc/call_slots.h"

#include "absl/strings/str_cat.h"

namespace frontdoor {

absl::StatusOr<CallSlots::Slot> CallSlots::Take(const std::string& caller,
                                                absl::string_view what) {
  absl::MutexLock lock(&mu_);
  if (open_ >= total_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": this service holds ", total_,
                     " in flight, its most; retry once one ends"));
  }
  int& own = by_caller_[caller];
  if (own >= per_caller_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": ", caller.empty() ? "this caller" : caller,
                     " holds ", per_caller_,
                     " in flight, the most one caller may; end one or retry "
                     "later"));
  }
  ++own;
  ++open_;
  return Slot(this, caller);
}

int CallSlots::open() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

void CallSlots::Release(const std::string& caller) {
  absl::MutexLock lock(&mu_);
  --open_;
  if (auto it = by_caller_.find(caller); it != by_caller_.end()) {
    if (--it->second <= 0) by_caller_.erase(it);
  }
}

}  // namespace frontdoor
