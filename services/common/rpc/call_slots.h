// Bounds on calls in flight: a service holds at most so many at once, and
// one caller at most so many of them, so that calls held open (idle
// streams, slow reads) can neither exhaust its threads nor crowd out other
// callers.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_CALL_SLOTS_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_CALL_SLOTS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace frontdoor {

// Counts calls in flight, in all and per caller. Thread-safe.
class CallSlots {
 public:
  // A call's place; given back when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept
        : slots_(other.slots_), caller_(std::move(other.caller_)) {
      other.slots_ = nullptr;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (slots_ != nullptr) slots_->Release(caller_);
    }

   private:
    friend class CallSlots;
    Slot(CallSlots* slots, std::string caller)
        : slots_(slots), caller_(std::move(caller)) {}
    CallSlots* slots_;
    std::string caller_;
  };

  // `total` calls at once at most, `per_caller` of them from one caller.
  CallSlots(int total, int per_caller)
      : total_(total), per_caller_(per_caller) {}

  // A place for a call of `caller`, or RESOURCE_EXHAUSTED saying which
  // limit was reached (`what` names the calls, e.g. "SubmitEvents
  // streams").
  absl::StatusOr<Slot> Take(const std::string& caller, absl::string_view what);

  // Calls in flight now.
  int open() const;

 private:
  void Release(const std::string& caller);

  const int total_;
  const int per_caller_;
  mutable absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> by_caller_ ABSL_GUARDED_BY(mu_);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_CALL_SLOTS_H_
