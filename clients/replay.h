// Replays historic contacts through the services into a run: in event-time
// order, as fast as possible or paced against the wall clock, and compares
// what the policy decides with what was recorded.
#ifndef FRONTDOOR_CLIENTS_REPLAY_H_
#define FRONTDOOR_CLIENTS_REPLAY_H_

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/replay_file.h"
#include "clients/service_client.h"

namespace frontdoor {

// The wall-clock wait between two contacts `event_gap` apart in event time
// when replaying at `speed` times real time (0: as fast as possible).
absl::Duration PacingDelay(absl::Duration event_gap, double speed);

// Parses --speed: "max" (0), "realtime" (1) or "3600x" (3600).
absl::StatusOr<double> ParseSpeed(absl::string_view text);

// One replayed contact and its decision.
struct ReplayedContact {
  const ReplayRow* row;
  v1::ContactRecord record;
};

// The decisions of one replay, in event-time order.
struct ReplayResult {
  std::string run_id;
  std::vector<ReplayedContact> contacts;
};

// Sends `rows` to run `run_id` (created with the given policy; empty id: the
// active one) and returns the decisions. `sleep` waits on the wall clock
// (replaceable in tests); `progress` is told rows done and total.
absl::StatusOr<ReplayResult> Replay(
    const std::vector<ReplayRow>& rows, const std::string& run_id,
    const std::string& description, const std::string& policy_id,
    int64_t policy_version, double speed, cli::ServiceClient& client,
    const std::function<void(absl::Duration)>& sleep,
    const std::function<void(int, int)>& progress);

// Recorded against modelled outcomes: counts[recorded][modelled].
struct Agreement {
  std::array<std::array<int64_t, 7>, 7> counts{};
  int64_t compared = 0;
  int64_t agreed = 0;
  std::vector<const ReplayedContact*> differing;
};
Agreement CompareWithRecorded(const ReplayResult& result);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_H_
