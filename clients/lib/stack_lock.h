// Which stack runs on a data folder: the process running one holds
// <data_dir>/stack.lock, and its services write their ports under
// <data_dir>/logs. Commands find a stack by its folder, never start a
// second one on the same stores, and need no timed probe of a port.
#ifndef FRONTDOOR_CLIENTS_LIB_STACK_LOCK_H_
#define FRONTDOOR_CLIENTS_LIB_STACK_LOCK_H_

#include <array>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/lib/local_cluster.h"

namespace frontdoor {

// Takes <data_dir>/stack.lock for this process's life (the descriptor is
// not inherited by the services it starts) and returns it; the file names
// the process and whether other commands may use its stack (`shared`).
// FAILED_PRECONDITION, naming the holder, when a stack already runs there.
absl::StatusOr<int> LockDataDir(const std::string& data_dir, bool shared);

// The addresses ("127.0.0.1:PORT", by ServiceName) of the stack running on
// `data_dir`. NOT_FOUND when no stack holds the folder; FAILED_PRECONDITION
// when the one that does is another command's own; waits up to `wait` for
// the ports of a stack that is still starting.
absl::StatusOr<std::array<std::string, 3>> RunningStackAddresses(
    const std::string& data_dir, absl::Duration wait);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_LIB_STACK_LOCK_H_
