// Episode bookkeeping.
#include "services/stepping/episodes.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "services/common/storage/key_codec.h"

namespace frontdoor::stepping {

v1::Episode* OpenEpisodeOf(internal::ChildState* child) {
  if (child->episodes_size() == 0) return nullptr;
  v1::Episode* last = child->mutable_episodes(child->episodes_size() - 1);
  return last->has_end_time() ? nullptr : last;
}

void CloseOpenEpisode(internal::ChildState* child, absl::string_view closed_by,
                      v1::EpisodeEndReason reason, absl::Time at) {
  v1::Episode* open = OpenEpisodeOf(child);
  if (open == nullptr) return;
  *open->mutable_end_time() = ToProto(at);
  open->clear_due_end();
  open->set_closed_by(std::string(closed_by));
  open->set_end_reason(reason);
  child->set_level(v1::SERVICE_LEVEL_NONE);
}

v1::Episode* AddEpisode(internal::ChildState* child, absl::string_view child_id,
                        v1::ServiceLevel level, absl::string_view opened_by,
                        absl::Time at, int need_level) {
  v1::Episode* episode = child->add_episodes();
  episode->set_episode_id(absl::StrCat(child_id, "/", child->episodes_size()));
  episode->set_level(level);
  *episode->mutable_start_time() = ToProto(at);
  episode->set_opened_by(std::string(opened_by));
  episode->set_need_level(need_level);
  child->set_level(level);
  return episode;
}

std::string DrawKey(const internal::ChildState& child,
                    const v1::Episode& episode) {
  const absl::string_view id = episode.episode_id();
  const size_t slash = id.rfind('/');
  const absl::string_view place =
      slash == absl::string_view::npos ? id : id.substr(slash + 1);
  // A timer's episode is named by what opened it ("step-down"), which
  // every child shares: keyed by that alone, all children's third episodes
  // from a step-down drew one length and one outcome in a run.
  int index = 0;
  absl::string_view anchor = episode.opened_by();
  if (absl::SimpleAtoi(place, &index)) {
    for (int i = std::min(index, child.episodes_size()) - 1; i >= 0; --i) {
      const std::string& by = child.episodes(i).opened_by();
      if (by != kStepDown && by != kStepUp && by != kCare) {
        anchor = by;
        break;
      }
    }
  }
  return absl::StrCat(anchor, "@", episode.opened_by(), "#", place);
}

double MeanDays(const v1::Services& services, v1::ServiceLevel level) {
  switch (level) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      return services.early_help_days();
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      return services.child_in_need_days();
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      return services.child_protection_days();
    case v1::SERVICE_LEVEL_LOOKED_AFTER:
      return services.looked_after_days();
    default:
      return 0;
  }
}

v1::ServiceLevel TargetOf(v1::AssessmentFinding finding) {
  switch (finding) {
    case v1::ASSESSMENT_FINDING_EARLY_HELP:
      return v1::SERVICE_LEVEL_EARLY_HELP;
    case v1::ASSESSMENT_FINDING_CHILD_IN_NEED:
    case v1::ASSESSMENT_FINDING_CONFERENCE_NO_PLAN:
      return v1::SERVICE_LEVEL_CHILD_IN_NEED;
    case v1::ASSESSMENT_FINDING_CHILD_PROTECTION:
      return v1::SERVICE_LEVEL_CHILD_PROTECTION;
    case v1::ASSESSMENT_FINDING_LOOKED_AFTER:
      return v1::SERVICE_LEVEL_LOOKED_AFTER;
    default:
      return v1::SERVICE_LEVEL_NONE;
  }
}

bool StepUpPending(const internal::ChildState& child) {
  return child.step_up_requests_size() > 0 &&
         !child.step_up_requests(child.step_up_requests_size() - 1)
              .has_decided_at();
}

}  // namespace frontdoor::stepping
