// Replays historic contacts through the services into a run: in event-time
// order, as fast as possible or paced against the wall clock, and compares
// what the policy decides with what was recorded.
#ifndef FRONTDOOR_CLIENTS_REPLAY_REPLAY_H_
#define FRONTDOOR_CLIENTS_REPLAY_REPLAY_H_

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/lib/service_client.h"
#include "clients/replay/replay_file.h"

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

// How to replay.
struct ReplaySettings {
  // The run to create and fill.
  std::string run_id;
  // The run's scenario: its policy (empty id: the active one), seed and
  // capacities. An exported run brings its own, so it replays exactly.
  v1::Scenario scenario;
  // Assessment findings to send in event-time order between the contacts
  // (an exported simulated run's), re-addressed to run_id.
  std::vector<v1::RecordAssessmentRequest> findings;
  // Times real time; 0 for as fast as possible.
  double speed = 0;
  // Told contacts sent and contacts in all, after each contact.
  std::function<void(int, int)> progress;
  // Told when the services become unreachable or answer again.
  std::function<void(const std::string&)> notice;
};

// Sends `rows` (and the findings) to a new run and returns the decisions.
// `sleep` waits on the wall clock (replaceable in tests).
absl::StatusOr<ReplayResult> Replay(
    const std::vector<ReplayRow>& rows, const ReplaySettings& settings,
    cli::ServiceClient& client,
    const std::function<void(absl::Duration)>& sleep);

// Recorded against modelled outcomes: counts[recorded][modelled].
struct Agreement {
  std::array<std::array<int64_t, 7>, 7> counts{};
  int64_t compared = 0;
  int64_t agreed = 0;
  std::vector<const ReplayedContact*> differing;
};
Agreement CompareWithRecorded(const ReplayResult& result);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_REPLAY_H_
