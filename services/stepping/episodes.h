// Episode bookkeeping and key layout shared by the stepping files: opening
// and closing episodes on a child's record, and the keys of each family.
#ifndef FRONTDOOR_SERVICES_STEPPING_EPISODES_H_
#define FRONTDOOR_SERVICES_STEPPING_EPISODES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::stepping {

// children: run | child_id -> internal::ChildState
std::string ChildKey(absl::string_view run_id, absl::string_view child_id);
// applied: run | kind | id -> v1::LevelChange (kinds: contact, effect (a
// decision taking effect later), step-down, assessment), for calls outside
// intake's numbered batches, whose answers are kept whole instead
std::string OperationKey(absl::string_view run_id, absl::string_view kind,
                         absl::string_view id);
// runs: run -> internal::SteppingRun
std::string RunKey(absl::string_view run_id);
// runs: run | "clock" -> internal::SteppingClock
std::string ClockKey(absl::string_view run_id);
// timers: run | time | child | episode | kind -> internal::Timer
std::string TimerKey(absl::string_view run_id, absl::Time at,
                     absl::string_view child_id, absl::string_view episode_id,
                     int kind);
// The prefix of every key of a run, in any family.
std::string RunPrefix(absl::string_view run_id);

// The child's open episode (the last one, if it has not ended), or null.
v1::Episode* OpenEpisodeOf(internal::ChildState* child);
// Ends the open episode at `at`.
void CloseOpenEpisode(internal::ChildState* child, absl::string_view closed_by,
                      v1::EpisodeEndReason reason, absl::Time at);
// Adds an open episode at `level` and sets the child's level; returns it.
v1::Episode* AddEpisode(internal::ChildState* child, absl::string_view child_id,
                        v1::ServiceLevel level, absl::string_view opened_by,
                        absl::Time at, int need_level);
// Mean length in days of an episode at `level`.
double MeanDays(const v1::Services& services, v1::ServiceLevel level);

}  // namespace frontdoor::stepping

#endif  // FRONTDOOR_SERVICES_STEPPING_EPISODES_H_
