// Stepping domain: the two passes of intake's ordered flow (Observe and
// ApplyBatch), step-downs, and what decisions do to a child. Findings are
// in stepping_findings.cc, timers and transactions in stepping_timers.cc,
// runs in stepping_runs.cc.
#include "services/stepping/stepping.h"

#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/level_of_service.h"
#include "lib/domain/request_checks.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"
#include "services/stepping/episodes.h"

namespace frontdoor {
namespace {

using stepping::CloseOpenEpisode;
using stepping::OpenEpisodeOf;

}  // namespace

absl::Status Stepping::CheckTarget(
    absl::string_view child_id, absl::string_view operation_id,
    absl::string_view operation_field,
    const google::protobuf::Timestamp& event_time, bool has_event_time) {
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateId(operation_field, operation_id, 256);
      !s.ok()) {
    return s;
  }
  return CheckEventTime("event_time", event_time, has_event_time);
}

absl::StatusOr<v1::ObserveResponse> Stepping::Observe(
    const v1::ObserveRequest& request) {
  if (absl::Status s = ValidateRunId("run_id", request.run_id()); !s.ok()) {
    return s;
  }
  Lane& lane = LaneOf(request.run_id());
  absl::MutexLock lock(&lane.mu);
  v1::ObserveResponse response;
  absl::StatusOr<bool> answered = store_->answers().Find(
      request.run_id(), "observe", request.batch(), &response);
  if (!answered.ok()) return answered.status();
  if (*answered) return response;
  absl::StatusOr<Txn> txn = Begin(lane, request.run_id());
  if (!txn.ok()) return txn.status();
  txn->numbered = request.batch();
  // Everyone's timers up to the first event: every decision before this
  // batch has been scheduled, so none can be overtaken.
  absl::Time through = txn->run->clock;
  if (request.ops_size() > 0) {
    const v1::ObserveOp& first = request.ops(0);
    const google::protobuf::Timestamp& at = first.has_level()
                                                ? first.level().event_time()
                                                : first.finding().event_time();
    if (absl::StatusOr<int64_t> fired = FireAll(*txn, FromProto(at));
        !fired.ok()) {
      return fired.status();
    }
  }
  for (int i = 0; i < request.ops_size(); ++i) {
    const v1::ObserveOp& op = request.ops(i);
    v1::ObserveResult* result = response.add_results();
    if (op.has_level()) {
      const v1::LevelQuery& query = op.level();
      if (absl::Status s = CheckTarget(query.child_id(), query.contact_id(),
                                       "level.contact_id", query.event_time(),
                                       query.has_event_time());
          !s.ok()) {
        return s;
      }
      through = std::max(through, FromProto(query.event_time()));
      absl::StatusOr<v1::ServiceLevel> level = LevelOne(*txn, query, through);
      if (!level.ok()) return level.status();
      result->set_level(*level);
    } else if (op.has_finding()) {
      if (absl::Status s = CheckSameRun("finding.run_id", request.run_id(),
                                        op.finding().run_id());
          !s.ok()) {
        return s;
      }
      through = std::max(through, FromProto(op.finding().event_time()));
      absl::StatusOr<v1::LevelChange> change =
          FindingOne(*txn, op.finding(), through);
      if (!change.ok()) return change.status();
      *result->mutable_change() = *std::move(change);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("ops[", i, "]: needs a level query or a finding"));
    }
  }
  if (through > txn->run->clock) {
    txn->run->clock = through;
    txn->clock_moved = true;
  }
  if (absl::Status s = RecordAnswer(*txn, "observe", response); !s.ok()) {
    return s;
  }
  if (absl::Status s = Commit(*txn); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::ServiceLevel> Stepping::LevelOne(Txn& txn,
                                                    const v1::LevelQuery& query,
                                                    absl::Time through) {
  const std::string key =
      SteppingStore::OperationKey(txn.run_id, "level", query.contact_id());
  absl::StatusOr<std::optional<std::string>> prior = PriorOperation(txn, key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) {
    absl::StatusOr<v1::LevelChange> seen =
        ParseStored<v1::LevelChange>(**prior, "level seen");
    if (!seen.ok()) return seen.status();
    return seen->from_level();
  }
  if (absl::Status s = FireChild(txn, query.child_id(), through); !s.ok()) {
    return s;
  }
  // Reading the level changes nothing of the child: it is not rewritten.
  absl::StatusOr<internal::ChildState*> child =
      ReadChild(txn, query.child_id());
  if (!child.ok()) return child.status();
  v1::LevelChange seen;
  seen.set_from_level((*child)->level());
  RecordOperation(txn, key, seen.SerializeAsString());
  return seen.from_level();
}

absl::StatusOr<v1::ApplyBatchResponse> Stepping::ApplyBatch(
    const v1::ApplyBatchRequest& request) {
  if (absl::Status s = ValidateRunId("run_id", request.run_id()); !s.ok()) {
    return s;
  }
  Lane& lane = LaneOf(request.run_id());
  absl::MutexLock lock(&lane.mu);
  v1::ApplyBatchResponse response;
  absl::StatusOr<bool> answered = store_->answers().Find(
      request.run_id(), "apply", request.batch(), &response);
  if (!answered.ok()) return answered.status();
  if (*answered) return response;
  absl::StatusOr<Txn> txn = Begin(lane, request.run_id());
  if (!txn.ok()) return txn.status();
  txn->numbered = request.batch();
  for (const v1::ApplyDecisionRequest& decision : request.decisions()) {
    if (absl::Status s = CheckSameRun("decisions.run_id", request.run_id(),
                                      decision.run_id());
        !s.ok()) {
      return s;
    }
    absl::StatusOr<v1::ApplyDecisionResponse> applied =
        ApplyOne(*txn, decision);
    if (!applied.ok()) return applied.status();
    *response.add_results() = *std::move(applied);
  }
  if (request.has_advance_to()) {
    const absl::Time to = FromProto(request.advance_to());
    if (to > txn->run->clock) {
      txn->run->clock = to;
      txn->clock_moved = true;
    }
  }
  // Every batch ends with every timer up to the run's clock fired, so the
  // state after an event does not depend on how events were batched.
  if (txn->run->clock != absl::InfinitePast()) {
    absl::StatusOr<int64_t> fired = FireAll(*txn, txn->run->clock);
    if (!fired.ok()) return fired.status();
    response.set_timers_fired(*fired);
  }
  if (absl::Status s = RecordAnswer(*txn, "apply", response); !s.ok()) {
    return s;
  }
  if (absl::Status s = Commit(*txn); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::ApplyDecisionResponse> Stepping::ApplyOne(
    Txn& txn, const v1::ApplyDecisionRequest& request) {
  if (absl::Status s =
          CheckTarget(request.child_id(), request.contact_id(), "contact_id",
                      request.event_time(), request.has_event_time());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckEnum("outcome", request.outcome(),
                                 v1::Outcome_IsValid, Presence::kRequired);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckRange("need_level", request.need_level(), 0, 4);
      !s.ok()) {
    return s;
  }
  if (request.has_received_at()) {
    if (absl::Status s =
            CheckEventTime("received_at", request.received_at(), true);
        !s.ok()) {
      return s;
    }
  }
  const std::string key =
      SteppingStore::OperationKey(txn.run_id, "contact", request.contact_id());
  absl::StatusOr<std::optional<std::string>> prior = PriorOperation(txn, key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) {
    return ParseStored<v1::ApplyDecisionResponse>(**prior, "applied decision");
  }
  const absl::Time at = TruncateToMicros(FromProto(request.event_time()));
  const absl::Time received =
      request.has_received_at() ? FromProto(request.received_at()) : at;
  v1::ApplyDecisionResponse response;
  if (at <= received) {
    absl::StatusOr<v1::LevelChange> change =
        ApplyNow(txn, request.child_id(), request.contact_id(),
                 request.outcome(), request.need_level(), at);
    if (!change.ok()) return change.status();
    *response.mutable_change() = *std::move(change);
  } else {
    // Event time is kept: the child's level changes when the decision is
    // made, so contacts before then still see the level they would have.
    internal::Timer timer;
    timer.set_kind(internal::Timer::KIND_APPLY_DECISION);
    timer.set_child_id(request.child_id());
    timer.set_episode_id(request.contact_id());
    timer.set_outcome(request.outcome());
    timer.set_need_level(request.need_level());
    absl::StatusOr<internal::ChildState*> child =
        EditChild(txn, request.child_id());
    if (!child.ok()) return child.status();
    AddTimer(txn, *child, at, std::move(timer));
    *response.mutable_takes_effect_at() = ToProto(at);
  }
  RecordOperation(txn, key, response.SerializeAsString());
  return response;
}

absl::StatusOr<v1::LevelChange> Stepping::ApplyNow(
    Txn& txn, const std::string& child_id, const std::string& contact_id,
    v1::Outcome outcome, int need_level, absl::Time at) {
  absl::StatusOr<internal::ChildState*> found = EditChild(txn, child_id);
  if (!found.ok()) return found.status();
  internal::ChildState* child = *found;
  v1::LevelChange change;
  change.set_from_level(child->level());
  const v1::ServiceLevel wanted = LevelFor(outcome);
  change.set_transition(TransitionFor(child->level(), wanted));
  if (change.transition() == v1::TRANSITION_STEPPED_UP) {
    CloseOpenEpisode(child, contact_id, v1::EPISODE_END_REASON_STEP_UP, at);
  }
  if (change.transition() != v1::TRANSITION_NO_CHANGE) {
    // Every episode a decision opens is assessed: social care's by a
    // social worker, early help's by an early-help worker.
    change.set_opened_episode_id(OpenEpisode(txn, child_id, child, wanted,
                                             contact_id, at, need_level,
                                             /*awaits_finding=*/true));
  }
  change.set_to_level(child->level());
  return change;
}

absl::StatusOr<v1::LevelChange> Stepping::StepDown(
    const v1::StepDownRequest& request) {
  if (absl::Status s = ValidateRunId("run_id", request.run_id()); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckTarget(request.child_id(), request.request_id(), "request_id",
                      request.event_time(), request.has_event_time());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckEnum("to_level", request.to_level(),
                                 v1::ServiceLevel_IsValid, Presence::kOptional);
      !s.ok()) {
    return s;
  }
  const v1::ServiceLevel target = request.to_level();
  if (target != v1::SERVICE_LEVEL_NONE &&
      target != v1::SERVICE_LEVEL_EARLY_HELP) {
    return absl::InvalidArgumentError(
        "to_level: must be SERVICE_LEVEL_EARLY_HELP or SERVICE_LEVEL_NONE");
  }
  Lane& lane = LaneOf(request.run_id());
  absl::MutexLock lock(&lane.mu);
  absl::StatusOr<Txn> txn = Begin(lane, request.run_id());
  if (!txn.ok()) return txn.status();
  const std::string key = SteppingStore::OperationKey(txn->run_id, "step-down",
                                                      request.request_id());
  absl::StatusOr<std::optional<std::string>> prior = PriorOperation(*txn, key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) {
    return ParseStored<v1::LevelChange>(**prior, "applied change");
  }
  absl::StatusOr<internal::ChildState*> found =
      EditChild(*txn, request.child_id());
  if (!found.ok()) return found.status();
  internal::ChildState* child = *found;
  if (Rank(target) >= Rank(child->level())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "to_level: the child is open to ", LevelLabel(child->level()),
        ", which is not above ", LevelLabel(target)));
  }
  const absl::Time at = FromProto(request.event_time());
  v1::LevelChange change;
  change.set_from_level(child->level());
  const bool closing = target == v1::SERVICE_LEVEL_NONE;
  CloseOpenEpisode(child, request.request_id(),
                   closing ? v1::EPISODE_END_REASON_CLOSED
                           : v1::EPISODE_END_REASON_STEP_DOWN,
                   at);
  if (closing) {
    change.set_transition(v1::TRANSITION_CLOSED);
  } else {
    change.set_transition(v1::TRANSITION_STEPPED_DOWN);
    change.set_opened_episode_id(OpenEpisode(
        *txn, request.child_id(), child, target, request.request_id(), at, 0));
  }
  change.set_to_level(child->level());
  RecordOperation(*txn, key, change.SerializeAsString());
  if (absl::Status s = Commit(*txn); !s.ok()) return s;
  return change;
}

}  // namespace frontdoor
