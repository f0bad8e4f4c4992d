// Stepping: what an assessment's finding does to the child its referral
// opened an episode for (Observe's findings).
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/level_of_service.h"
#include "lib/domain/request_checks.h"
#include "services/common/storage/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/stepping.h"

namespace frontdoor {
namespace {

using stepping::CloseOpenEpisode;
using stepping::OpenEpisodeOf;
using stepping::StepUpPending;
using stepping::TargetOf;

}  // namespace

absl::Status Stepping::CheckFinding(
    const v1::RecordAssessmentRequest& request) {
  if (absl::Status s = CheckTarget(request.child_id(), request.contact_id(),
                                   "finding.contact_id", request.event_time(),
                                   request.has_event_time());
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckEnum("finding.finding", request.finding(),
                    v1::AssessmentFinding_IsValid, Presence::kRequired);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckRange("finding.need_level", request.need_level(), 0, 4);
      !s.ok()) {
    return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::LevelChange> Stepping::FindingOne(
    Txn& txn, const v1::RecordAssessmentRequest& request, absl::Time through) {
  if (absl::Status s = CheckFinding(request); !s.ok()) return s;
  const std::string key = SteppingStore::OperationKey(txn.run_id, "assessment",
                                                      request.contact_id());
  absl::StatusOr<std::optional<std::string>> prior = PriorOperation(txn, key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) {
    return ParseStored<v1::LevelChange>(**prior, "applied change");
  }
  if (absl::Status s = FireChild(txn, request.child_id(), through); !s.ok()) {
    return s;
  }
  absl::StatusOr<internal::ChildState*> found =
      EditChild(txn, request.child_id());
  if (!found.ok()) return found.status();
  internal::ChildState* child = *found;
  const absl::Time at = FromProto(request.event_time());
  // Kept as received (run id normalised), so that the run can be exported
  // and replayed.
  v1::RecordAssessmentRequest kept = request;
  kept.set_run_id(txn.run_id);
  store_->PutAssessment(txn.run_id, kept, &txn.batch);
  const v1::LevelChange change = ChangeByFinding(txn, request, child, at);
  RecordOperation(txn, key, change.SerializeAsString());
  return change;
}

v1::LevelChange Stepping::ChangeByFinding(
    Txn& txn, const v1::RecordAssessmentRequest& request,
    internal::ChildState* child, absl::Time at) {
  v1::LevelChange change;
  change.set_from_level(child->level());
  change.set_to_level(child->level());
  change.set_transition(v1::TRANSITION_NO_CHANGE);
  const v1::Episode* open = OpenEpisodeOf(child);
  if (request.finding() == v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED) {
    // No level changes: the early-help episode its contact opened carries
    // the need found, and a length that waited for it counts from now.
    if (open != nullptr && open->opened_by() == request.contact_id() &&
        open->level() == v1::SERVICE_LEVEL_EARLY_HELP) {
      v1::Episode* episode = OpenEpisodeOf(child);
      episode->set_need_level(request.need_level());
      if (!episode->has_due_end() && !StepUpPending(*child) &&
          txn.run->configured) {
        ScheduleEnd(txn, request.child_id(), child, episode, at);
      }
    }
    return change;
  }
  const v1::ServiceLevel target = TargetOf(request.finding());
  // Only the episode this referral opened is the assessment's to change; if
  // the child has moved on since, the finding is recorded and no more.
  if (open != nullptr && open->opened_by() == request.contact_id() &&
      target != child->level()) {
    const std::string by = absl::StrCat("assessment:", request.contact_id());
    const v1::EpisodeEndReason reason =
        request.finding() == v1::ASSESSMENT_FINDING_REFERRAL_NFA
            ? v1::EPISODE_END_REASON_REFERRAL_NFA
        : Rank(target) < Rank(v1::SERVICE_LEVEL_CHILD_IN_NEED)
            ? v1::EPISODE_END_REASON_NOT_IN_NEED
        : Rank(target) > Rank(child->level())
            ? v1::EPISODE_END_REASON_STEP_UP
            : v1::EPISODE_END_REASON_STEP_DOWN;
    CloseOpenEpisode(child, by, reason, at);
    change.set_transition(target == v1::SERVICE_LEVEL_NONE
                              ? v1::TRANSITION_CLOSED
                          : Rank(target) > Rank(change.from_level())
                              ? v1::TRANSITION_STEPPED_UP
                              : v1::TRANSITION_STEPPED_DOWN);
    if (target != v1::SERVICE_LEVEL_NONE) {
      // The assessment's finding, not the referral's, is the child's need
      // now (early help 2, child in need 3, child protection and care 4).
      change.set_opened_episode_id(OpenEpisode(txn, request.child_id(), child,
                                               target, by, at,
                                               std::min(Rank(target) + 1, 4)));
    }
    change.set_to_level(child->level());
  } else if (open != nullptr && open->opened_by() == request.contact_id() &&
             !open->has_due_end() && txn.run->configured) {
    // The finding confirms the level its referral opened: the episode's
    // length counts from now.
    v1::Episode* episode = OpenEpisodeOf(child);
    ScheduleEnd(txn, request.child_id(), child, episode, at);
  }
  return change;
}

}  // namespace frontdoor
