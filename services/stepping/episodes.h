// Episode bookkeeping shared by the stepping files: opening and closing
// episodes on a child's record.
#ifndef FRONTDOOR_SERVICES_STEPPING_EPISODES_H_
#define FRONTDOOR_SERVICES_STEPPING_EPISODES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor::stepping {

// The child's open episode (the last one, if it has not ended), or null.
v1::Episode* OpenEpisodeOf(internal::ChildState* child);
// Ends the open episode at `at`.
void CloseOpenEpisode(internal::ChildState* child, absl::string_view closed_by,
                      v1::EpisodeEndReason reason, absl::Time at);
// What a timer records as the opener of an episode it opens: shared by
// every child, unlike a contact's or a request's id.
inline constexpr absl::string_view kStepDown = "step-down";
inline constexpr absl::string_view kStepUp = "step-up";
inline constexpr absl::string_view kCare = "care";

// What an episode's random draws (its length, its timers' outcomes) are
// keyed by: the event that opened it, or for an episode a timer opened
// (a step down, a step up, care) the last event before it that opened one
// of `child`'s episodes, and its place among them; never the child's id, so
// that a pseudonym key changes ids and not outcomes.
std::string DrawKey(const internal::ChildState& child,
                    const v1::Episode& episode);
// Adds an open episode at `level` and sets the child's level; returns it.
v1::Episode* AddEpisode(internal::ChildState* child, absl::string_view child_id,
                        v1::ServiceLevel level, absl::string_view opened_by,
                        absl::Time at, int need_level);
// The level an assessment's finding calls for.
v1::ServiceLevel TargetOf(v1::AssessmentFinding finding);
// A step-up request waits for its manager (the episode has no end due
// until the answer).
bool StepUpPending(const internal::ChildState& child);
// Mean length in days of an episode at `level`.
double MeanDays(const v1::Services& services, v1::ServiceLevel level);

}  // namespace frontdoor::stepping

#endif  // FRONTDOOR_SERVICES_STEPPING_EPISODES_H_
