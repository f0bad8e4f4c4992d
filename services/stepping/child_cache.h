// A bounded cache of children's parsed state, so that the three calls of a
// batch (Observe, then ApplyBatch after threshold decides) read each child
// from RocksDB once, not twice: at 10M contacts stored most children are
// no longer in the block cache, and those reads were 40% of stepping's time.
#ifndef FRONTDOOR_SERVICES_STEPPING_CHILD_CACHE_H_
#define FRONTDOOR_SERVICES_STEPPING_CHILD_CACHE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "frontdoor/internal/state.pb.h"

namespace frontdoor::stepping {

// Children by key, at most about 2 x `generation` of them: entries live in
// the current generation; when it is full it becomes the previous one and
// the older is dropped; a child taken and put back lands in the current
// one. Not thread-safe: Stepping holds its mutex around every use.
class ChildCache {
 public:
  explicit ChildCache(size_t generation = 10000) : generation_(generation) {}

  // Moves the cached state of `key`, if any, out of the cache: a call
  // works on it and puts it back once its write landed, so the state is
  // never copied.
  std::optional<internal::ChildState> Take(const std::string& key) {
    for (auto* generation : {&current_, &previous_}) {
      auto it = generation->find(key);
      if (it == generation->end()) continue;
      internal::ChildState state = std::move(it->second);
      generation->erase(it);
      return state;
    }
    return std::nullopt;
  }

  // Records `state` as what the store holds for `key`.
  void Put(const std::string& key, internal::ChildState state) {
    if (current_.size() >= generation_ && !current_.contains(key)) {
      previous_ = std::move(current_);
      current_.clear();
    }
    current_.insert_or_assign(key, std::move(state));
  }

  // Forgets everything (after a failed write, or a run deleted).
  void Clear() {
    current_.clear();
    previous_.clear();
  }

 private:
  const size_t generation_;
  absl::flat_hash_map<std::string, internal::ChildState> current_, previous_;
};

}  // namespace frontdoor::stepping

#endif  // FRONTDOOR_SERVICES_STEPPING_CHILD_CACHE_H_
