// Stepping domain implementation.
#include "services/stepping/stepping.h"

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stored_proto.h"
#include "services/stepping/level_of_service.h"

namespace frontdoor {
namespace {

constexpr char kChildren[] = "children";
constexpr char kApplied[] = "applied";

std::string ChildKey(absl::string_view run_id, absl::string_view child_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(child_id).key();
}

// Decisions and step-downs share the idempotency table, each kind in its own
// key space so a request id can never collide with a contact id.
std::string OperationKey(absl::string_view run_id, absl::string_view kind,
                         absl::string_view id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(kind).Str(id).key();
}

absl::Status CheckTarget(absl::string_view run_id, absl::string_view child_id,
                         absl::string_view operation_id,
                         absl::string_view operation_field,
                         bool has_event_time) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateId(operation_field, operation_id, 256);
      !s.ok()) {
    return s;
  }
  if (!has_event_time) {
    return absl::InvalidArgumentError("event_time: is required");
  }
  return absl::OkStatus();
}

// Ends the open episode (the last one) at `at`.
void CloseOpenEpisode(internal::ChildState* child, absl::string_view closed_by,
                      v1::EpisodeEndReason reason,
                      const google::protobuf::Timestamp& at) {
  if (child->episodes_size() == 0) return;
  v1::Episode* open = child->mutable_episodes(child->episodes_size() - 1);
  if (open->has_end_time()) return;
  *open->mutable_end_time() = at;
  open->set_closed_by(std::string(closed_by));
  open->set_end_reason(reason);
}

// Opens an episode at `level` and returns its id.
std::string OpenEpisode(internal::ChildState* child, absl::string_view child_id,
                        v1::ServiceLevel level, absl::string_view opened_by,
                        const google::protobuf::Timestamp& at) {
  v1::Episode* episode = child->add_episodes();
  episode->set_episode_id(
      absl::StrCat(child_id, "/", child->episodes_size()));
  episode->set_level(level);
  *episode->mutable_start_time() = at;
  episode->set_opened_by(std::string(opened_by));
  child->set_level(level);
  return episode->episode_id();
}

}  // namespace

std::vector<std::string> Stepping::Families() { return {kChildren, kApplied}; }

Stepping::Stepping(Store* store)
    : store_(store),
      children_(store->Family(kChildren)),
      applied_(store->Family(kApplied)) {}

absl::StatusOr<internal::ChildState> Stepping::LoadChild(
    const std::string& key) const {
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(children_, key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    internal::ChildState fresh;
    fresh.set_level(v1::SERVICE_LEVEL_NONE);
    return fresh;
  }
  return ParseStored<internal::ChildState>(**stored, "child state");
}

absl::StatusOr<std::optional<v1::LevelChange>> Stepping::PriorResult(
    const std::string& key) const {
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(applied_, key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<v1::LevelChange>();
  absl::StatusOr<v1::LevelChange> change =
      ParseStored<v1::LevelChange>(**stored, "applied change");
  if (!change.ok()) return change.status();
  return std::optional<v1::LevelChange>(*std::move(change));
}

absl::Status Stepping::Save(const std::string& child_key,
                            const internal::ChildState& child,
                            const std::string& operation_key,
                            const v1::LevelChange& change) {
  rocksdb::WriteBatch batch;
  batch.Put(children_, child_key, child.SerializeAsString());
  batch.Put(applied_, operation_key, change.SerializeAsString());
  return store_->Write(&batch);
}

absl::StatusOr<v1::LevelChange> Stepping::Apply(
    const v1::ApplyDecisionRequest& request) {
  if (absl::Status s = CheckTarget(request.run_id(), request.child_id(),
                                   request.contact_id(), "contact_id",
                                   request.has_event_time());
      !s.ok()) {
    return s;
  }
  if (request.outcome() == v1::OUTCOME_UNSPECIFIED) {
    return absl::InvalidArgumentError("outcome: is required");
  }
  const std::string op_key =
      OperationKey(request.run_id(), "contact", request.contact_id());
  const std::string child_key = ChildKey(request.run_id(), request.child_id());

  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<v1::LevelChange>> prior = PriorResult(op_key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) return **prior;

  absl::StatusOr<internal::ChildState> child = LoadChild(child_key);
  if (!child.ok()) return child.status();

  v1::LevelChange change;
  change.set_from_level(child->level());
  const v1::ServiceLevel wanted = LevelFor(request.outcome());
  change.set_transition(TransitionFor(child->level(), wanted));
  if (change.transition() == v1::TRANSITION_STEPPED_UP) {
    CloseOpenEpisode(&*child, request.contact_id(),
                     v1::EPISODE_END_REASON_STEP_UP, request.event_time());
  }
  if (change.transition() != v1::TRANSITION_NO_CHANGE) {
    change.set_opened_episode_id(OpenEpisode(&*child, request.child_id(),
                                             wanted, request.contact_id(),
                                             request.event_time()));
  }
  change.set_to_level(child->level());
  if (absl::Status s = Save(child_key, *child, op_key, change); !s.ok()) {
    return s;
  }
  return change;
}

absl::StatusOr<v1::LevelChange> Stepping::StepDown(
    const v1::StepDownRequest& request) {
  if (absl::Status s = CheckTarget(request.run_id(), request.child_id(),
                                   request.request_id(), "request_id",
                                   request.has_event_time());
      !s.ok()) {
    return s;
  }
  const v1::ServiceLevel target = request.to_level();
  if (target != v1::SERVICE_LEVEL_NONE &&
      target != v1::SERVICE_LEVEL_EARLY_HELP) {
    return absl::InvalidArgumentError(
        "to_level: must be SERVICE_LEVEL_EARLY_HELP or SERVICE_LEVEL_NONE");
  }
  const std::string op_key =
      OperationKey(request.run_id(), "step-down", request.request_id());
  const std::string child_key = ChildKey(request.run_id(), request.child_id());

  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<v1::LevelChange>> prior = PriorResult(op_key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) return **prior;

  absl::StatusOr<internal::ChildState> child = LoadChild(child_key);
  if (!child.ok()) return child.status();
  if (Rank(target) >= Rank(child->level())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "to_level: the child is open to ", LevelLabel(child->level()),
        ", which is not above ", LevelLabel(target)));
  }

  v1::LevelChange change;
  change.set_from_level(child->level());
  const bool closing = target == v1::SERVICE_LEVEL_NONE;
  CloseOpenEpisode(&*child, request.request_id(),
                   closing ? v1::EPISODE_END_REASON_CLOSED
                           : v1::EPISODE_END_REASON_STEP_DOWN,
                   request.event_time());
  if (closing) {
    child->set_level(v1::SERVICE_LEVEL_NONE);
    change.set_transition(v1::TRANSITION_CLOSED);
  } else {
    change.set_transition(v1::TRANSITION_STEPPED_DOWN);
    change.set_opened_episode_id(OpenEpisode(&*child, request.child_id(),
                                             target, request.request_id(),
                                             request.event_time()));
  }
  change.set_to_level(child->level());
  if (absl::Status s = Save(child_key, *child, op_key, change); !s.ok()) {
    return s;
  }
  return change;
}

absl::StatusOr<internal::ChildState> Stepping::Child(
    absl::string_view run_id, absl::string_view child_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  return LoadChild(ChildKey(run_id, child_id));
}

absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> Stepping::Caseloads(
    absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  std::map<v1::ServiceLevel, int64_t> counts = {
      {v1::SERVICE_LEVEL_EARLY_HELP, 0},
      {v1::SERVICE_LEVEL_CHILD_IN_NEED, 0},
      {v1::SERVICE_LEVEL_CHILD_PROTECTION, 0}};
  absl::Status parse_error;
  absl::Status scanned = store_->ScanPrefix(
      children_, KeyBuilder(RunOrDefault(run_id)).key(),
      [&](absl::string_view, absl::string_view value) {
        absl::StatusOr<internal::ChildState> child =
            ParseStored<internal::ChildState>(value, "child state");
        if (!child.ok()) {
          parse_error = child.status();
          return false;
        }
        if (Rank(child->level()) > 0) ++counts[child->level()];
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!parse_error.ok()) return parse_error;
  return counts;
}

}  // namespace frontdoor
