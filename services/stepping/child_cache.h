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
// the older is dropped, and a hit in the previous one moves up. Not
// thread-safe: Stepping holds its mutex around every use.
class ChildCache {
 public:
  explicit ChildCache(size_t generation = 10000) : generation_(generation) {}

  // The cached state of `key`, if any.
  std::optional<internal::ChildState> Find(const std::string& key) {
    if (auto it = current_.find(key); it != current_.end()) return it->second;
    auto it = previous_.find(key);
    if (it == previous_.end()) return std::nullopt;
    internal::ChildState state = std::move(it->second);
    previous_.erase(it);
    Put(key, state);
    return state;
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
