// Stepping domain: decisions, step-downs, assessment findings, queries and
// run settings. Timers are in stepping_timers.cc.
#include "services/stepping/stepping.h"

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stable_random.h"
#include "services/common/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/level_of_service.h"

namespace frontdoor {
namespace {

using stepping::AddEpisode;
using stepping::ChildKey;
using stepping::CloseOpenEpisode;
using stepping::OpenEpisodeOf;
using stepping::OperationKey;

constexpr char kChildren[] = "children";
constexpr char kApplied[] = "applied";
constexpr char kRuns[] = "runs";
constexpr char kTimers[] = "timers";
// run | time | contact_id -> v1::RecordAssessmentRequest, as received.
constexpr char kAssessments[] = "assessments";

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

v1::ServiceLevel TargetOf(v1::AssessmentFinding finding) {
  switch (finding) {
    case v1::ASSESSMENT_FINDING_EARLY_HELP:
      return v1::SERVICE_LEVEL_EARLY_HELP;
    case v1::ASSESSMENT_FINDING_CHILD_IN_NEED:
      return v1::SERVICE_LEVEL_CHILD_IN_NEED;
    case v1::ASSESSMENT_FINDING_CHILD_PROTECTION:
      return v1::SERVICE_LEVEL_CHILD_PROTECTION;
    default:
      return v1::SERVICE_LEVEL_NONE;
  }
}

}  // namespace

v1::Services WithDefaults(v1::Services s) {
  if (s.early_help_days() <= 0) s.set_early_help_days(120);
  if (s.child_in_need_days() <= 0) s.set_child_in_need_days(180);
  if (s.child_protection_days() <= 0) s.set_child_protection_days(270);
  if (s.step_up_probability() <= 0) s.set_step_up_probability(0.10);
  if (s.step_up_acceptance() <= 0) s.set_step_up_acceptance(0.85);
  if (s.step_up_delay_days() <= 0) s.set_step_up_delay_days(5);
  if (s.step_down_probability() <= 0) s.set_step_down_probability(0.30);
  if (s.assessment_working_days() <= 0) s.set_assessment_working_days(30);
  return s;
}

std::vector<std::string> Stepping::Families() {
  return {kChildren, kApplied, kRuns, kTimers, kAssessments};
}

Stepping::Stepping(Store* store)
    : store_(store),
      children_(store->Family(kChildren)),
      applied_(store->Family(kApplied)),
      runs_(store->Family(kRuns)),
      timers_(store->Family(kTimers)),
      assessments_(store->Family(kAssessments)) {}

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

absl::StatusOr<Stepping::RunSettings*> Stepping::LoadRun(
    const std::string& run_id) {
  if (auto it = run_settings_.find(run_id); it != run_settings_.end()) {
    return it->second.get();
  }
  auto settings = std::make_unique<RunSettings>();
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(runs_, stepping::RunKey(run_id));
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    absl::StatusOr<internal::SteppingRun> run =
        ParseStored<internal::SteppingRun>(**stored, "run");
    if (!run.ok()) return run.status();
    settings->services = WithDefaults(run->config().scenario().services());
    settings->seed = run->config().scenario().seed();
    settings->configured = true;
  }
  const std::string prefix = stepping::RunPrefix(run_id);
  absl::Status scanned = ScanStored<internal::Timer>(
      *store_, timers_, prefix, "timer",
      [&](absl::string_view key,
          internal::Timer timer) -> absl::StatusOr<bool> {
        KeyReader reader(key.substr(prefix.size()));
        absl::Time due;
        if (!reader.Time(&due)) {
          return absl::DataLossError("timers: malformed key");
        }
        settings->timers.emplace(std::make_pair(due, std::string(key)),
                                 std::move(timer));
        return true;
      });
  if (!scanned.ok()) return scanned;
  RunSettings* raw = settings.get();
  run_settings_[run_id] = std::move(settings);
  return raw;
}

void Stepping::AddTimer(const std::string& run_id, absl::Time at,
                        internal::Timer::Kind kind, const std::string& child_id,
                        const std::string& episode_id,
                        rocksdb::WriteBatch* batch) {
  internal::Timer timer;
  timer.set_kind(kind);
  timer.set_child_id(child_id);
  timer.set_episode_id(episode_id);
  at = TruncateToMicros(at);
  const std::string key =
      stepping::TimerKey(run_id, at, child_id, episode_id, kind);
  batch->Put(timers_, key, timer.SerializeAsString());
  pending_timers_.emplace_back(std::make_pair(at, key), std::move(timer));
}

absl::Status Stepping::WriteWithTimers(const std::string& run_id,
                                       rocksdb::WriteBatch* batch) {
  const absl::Status written = store_->Write(batch);
  if (written.ok() && !pending_timers_.empty()) {
    absl::StatusOr<RunSettings*> settings = LoadRun(run_id);
    if (!settings.ok()) return settings.status();
    for (auto& [key, timer] : pending_timers_) {
      (*settings)->timers.emplace(std::move(key), std::move(timer));
    }
  }
  pending_timers_.clear();
  return written;
}

std::string Stepping::OpenEpisode(const std::string& run_id,
                                  const RunSettings* settings,
                                  const std::string& child_id,
                                  internal::ChildState* child,
                                  v1::ServiceLevel level,
                                  absl::string_view opened_by, absl::Time at,
                                  int need_level, rocksdb::WriteBatch* batch) {
  v1::Episode* episode =
      AddEpisode(child, child_id, level, opened_by, at, need_level);
  if (settings != nullptr && settings->configured) {
    StableRandom random(settings->seed, {episode->episode_id(), "length"});
    const absl::Time due = TruncateToMicros(
        at + absl::Hours(24 * random.Gamma2(stepping::MeanDays(
                                  settings->services, level))));
    *episode->mutable_due_end() = ToProto(due);
    AddTimer(run_id, due, internal::Timer::KIND_EPISODE_END, child_id,
             episode->episode_id(), batch);
  }
  return episode->episode_id();
}

absl::StatusOr<v1::LevelChange> Stepping::Operate(
    const std::string& run_id, absl::string_view kind, absl::string_view id,
    absl::string_view child_id, std::optional<absl::Time> advance_to,
    const ChildEdit& edit) {
  const std::string op_key = OperationKey(run_id, kind, id);
  const std::string child_key = ChildKey(run_id, child_id);
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::optional<v1::LevelChange>> prior = PriorResult(op_key);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) return **prior;
  if (advance_to.has_value()) {
    if (absl::StatusOr<int64_t> fired = AdvanceLocked(run_id, *advance_to);
        !fired.ok()) {
      return fired.status();
    }
  }
  absl::StatusOr<RunSettings*> settings = LoadRun(run_id);
  if (!settings.ok()) return settings.status();
  absl::StatusOr<internal::ChildState> child = LoadChild(child_key);
  if (!child.ok()) return child.status();

  rocksdb::WriteBatch batch;
  absl::StatusOr<v1::LevelChange> change = edit(*settings, &*child, &batch);
  if (!change.ok()) {
    pending_timers_.clear();
    return change.status();
  }
  batch.Put(children_, child_key, child->SerializeAsString());
  batch.Put(applied_, op_key, change->SerializeAsString());
  if (absl::Status s = WriteWithTimers(run_id, &batch); !s.ok()) return s;
  return change;
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
  const std::string run_id = RunOrDefault(request.run_id());
  const absl::Time at = FromProto(request.event_time());
  return Operate(
      run_id, "contact", request.contact_id(), request.child_id(), std::nullopt,
      [&](RunSettings* settings, internal::ChildState* child,
          rocksdb::WriteBatch* batch) -> absl::StatusOr<v1::LevelChange> {
        v1::LevelChange change;
        change.set_from_level(child->level());
        const v1::ServiceLevel wanted = LevelFor(request.outcome());
        change.set_transition(TransitionFor(child->level(), wanted));
        if (change.transition() == v1::TRANSITION_STEPPED_UP) {
          CloseOpenEpisode(child, request.contact_id(),
                           v1::EPISODE_END_REASON_STEP_UP, at);
        }
        if (change.transition() != v1::TRANSITION_NO_CHANGE) {
          change.set_opened_episode_id(OpenEpisode(
              run_id, settings, request.child_id(), child, wanted,
              request.contact_id(), at, request.need_level(), batch));
        }
        change.set_to_level(child->level());
        return change;
      });
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
  const std::string run_id = RunOrDefault(request.run_id());
  const absl::Time at = FromProto(request.event_time());
  return Operate(
      run_id, "step-down", request.request_id(), request.child_id(),
      std::nullopt,
      [&](RunSettings* settings, internal::ChildState* child,
          rocksdb::WriteBatch* batch) -> absl::StatusOr<v1::LevelChange> {
        if (Rank(target) >= Rank(child->level())) {
          return absl::FailedPreconditionError(absl::StrCat(
              "to_level: the child is open to ", LevelLabel(child->level()),
              ", which is not above ", LevelLabel(target)));
        }
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
          change.set_opened_episode_id(
              OpenEpisode(run_id, settings, request.child_id(), child, target,
                          request.request_id(), at, 0, batch));
        }
        change.set_to_level(child->level());
        return change;
      });
}

absl::StatusOr<v1::LevelChange> Stepping::RecordAssessment(
    const v1::RecordAssessmentRequest& request) {
  if (absl::Status s = CheckTarget(request.run_id(), request.child_id(),
                                   request.contact_id(), "contact_id",
                                   request.has_event_time());
      !s.ok()) {
    return s;
  }
  if (request.finding() == v1::ASSESSMENT_FINDING_UNSPECIFIED) {
    return absl::InvalidArgumentError("finding: is required");
  }
  const std::string run_id = RunOrDefault(request.run_id());
  const absl::Time at = FromProto(request.event_time());
  return Operate(
      run_id, "assessment", request.contact_id(), request.child_id(), at,
      [&](RunSettings* settings, internal::ChildState* child,
          rocksdb::WriteBatch* batch) -> absl::StatusOr<v1::LevelChange> {
        // Kept as received, so that the run can be exported and replayed.
        batch->Put(assessments_,
                   KeyBuilder(run_id).Time(at).Str(request.contact_id()).key(),
                   request.SerializeAsString());
        v1::LevelChange change;
        change.set_from_level(child->level());
        change.set_to_level(child->level());
        change.set_transition(v1::TRANSITION_NO_CHANGE);
        const v1::Episode* open = OpenEpisodeOf(child);
        const v1::ServiceLevel target = TargetOf(request.finding());
        // Only the episode this referral opened is the assessment's to
        // change; if the child has moved on since, the finding is recorded
        // and no more.
        if (open == nullptr || open->opened_by() != request.contact_id() ||
            target == child->level()) {
          return change;
        }
        const std::string by =
            absl::StrCat("assessment:", request.contact_id());
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
          // The assessment's finding, not the referral's, is the child's
          // need now (early help 2, child in need 3, child protection 4).
          change.set_opened_episode_id(
              OpenEpisode(run_id, settings, request.child_id(), child, target,
                          by, at, Rank(target) + 1, batch));
        }
        change.set_to_level(child->level());
        return change;
      });
}

absl::StatusOr<internal::ChildState> Stepping::Child(
    absl::string_view run_id, absl::string_view child_id,
    std::optional<absl::Time> as_of) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  absl::MutexLock lock(&mu_);
  if (as_of.has_value()) {
    absl::StatusOr<int64_t> fired = AdvanceLocked(RunOrDefault(run_id), *as_of);
    if (!fired.ok()) return fired.status();
  }
  return LoadChild(ChildKey(run_id, child_id));
}

absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> Stepping::Caseloads(
    absl::string_view run_id) const {
  std::map<v1::ServiceLevel, int64_t> counts = {
      {v1::SERVICE_LEVEL_EARLY_HELP, 0},
      {v1::SERVICE_LEVEL_CHILD_IN_NEED, 0},
      {v1::SERVICE_LEVEL_CHILD_PROTECTION, 0}};
  absl::Status scanned =
      ScanRun(run_id, [&](const std::string&, const internal::ChildState& c) {
        if (Rank(c.level()) > 0) ++counts[c.level()];
        return true;
      });
  if (!scanned.ok()) return scanned;
  return counts;
}

}  // namespace frontdoor
