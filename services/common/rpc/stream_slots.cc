// Stream slots: two counters under one lock.
#include "services/common/rpc/stream_slots.h"

#include "absl/strings/str_cat.h"

namespace frontdoor {

absl::StatusOr<StreamSlots::Slot> StreamSlots::Take(const std::string& caller,
                                                    absl::string_view what) {
  absl::MutexLock lock(&mu_);
  if (open_ >= total_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": this service holds ", total_,
                     " streams open, its most; retry once one closes"));
  }
  int& own = by_caller_[caller];
  if (own >= per_caller_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": ", caller.empty() ? "this caller" : caller,
                     " holds ", per_caller_,
                     " streams open, the most one caller may; close one or "
                     "retry later"));
  }
  ++own;
  ++open_;
  return Slot(this, caller);
}

int StreamSlots::open() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

void StreamSlots::Release(const std::string& caller) {
  absl::MutexLock lock(&mu_);
  --open_;
  if (auto it = by_caller_.find(caller); it != by_caller_.end()) {
    if (--it->second <= 0) by_caller_.erase(it);
  }
}

}  // namespace frontdoor
