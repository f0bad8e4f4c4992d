// Timers in event time: episodes that reach their due end (closing,
// stepping down, or asking to step up) and managers deciding step-up
// requests. Every draw is seeded by the run's seed and the episode, never by
// the order of unrelated requests.
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/stable_random.h"
#include "services/common/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/stepping.h"

namespace frontdoor {

using stepping::CloseOpenEpisode;
using stepping::OpenEpisodeOf;

absl::StatusOr<int64_t> Stepping::AdvanceLocked(const std::string& run_id,
                                                absl::Time to) {
  absl::StatusOr<RunSettings*> settings = LoadRun(run_id);
  if (!settings.ok()) return settings.status();
  RunSettings& run = **settings;
  if (to <= run.clock) return 0;

  int64_t fired = 0;
  while (!run.timers.empty() && run.timers.begin()->first.first <= to) {
    auto next = run.timers.begin();
    const absl::Time due = next->first.first;
    const std::string key = next->first.second;
    const internal::Timer timer = next->second;
    rocksdb::WriteBatch batch;
    if (absl::Status s = Fire(run_id, run, due, timer, &batch); !s.ok()) {
      pending_timers_.clear();
      return s;
    }
    batch.Delete(timers_, key);
    if (absl::Status s = WriteWithTimers(run_id, &batch); !s.ok()) return s;
    run.timers.erase({due, key});
    ++fired;
  }
  run.clock = to;
  return fired;
}

absl::Status Stepping::Fire(const std::string& run_id,
                            const RunSettings& settings, absl::Time at,
                            const internal::Timer& timer,
                            rocksdb::WriteBatch* batch) {
  const std::string child_key = stepping::ChildKey(run_id, timer.child_id());
  absl::StatusOr<internal::ChildState> child = LoadChild(child_key);
  if (!child.ok()) return child.status();
  v1::Episode* open = OpenEpisodeOf(&*child);
  // A timer of an episode that has since ended (or been superseded) is
  // stale: it does nothing.
  if (open == nullptr || open->episode_id() != timer.episode_id()) {
    return absl::OkStatus();
  }
  const v1::Services& s = settings.services;
  StableRandom random(
      settings.seed,
      {timer.episode_id(), internal::Timer::Kind_Name(timer.kind()),
       absl::StrCat(child->step_up_requests_size())});
  const double u = random.Uniform();
  const std::string episode_id = open->episode_id();

  if (timer.kind() == internal::Timer::KIND_STEP_UP_DECISION) {
    v1::StepUpRequest* request =
        child->mutable_step_up_requests(child->step_up_requests_size() - 1);
    *request->mutable_decided_at() = ToProto(at);
    request->set_accepted(u < s.step_up_acceptance());
    if (request->accepted()) {
      CloseOpenEpisode(&*child, "step-up", v1::EPISODE_END_REASON_STEP_UP, at);
      OpenEpisode(run_id, &settings, timer.child_id(), &*child,
                  v1::SERVICE_LEVEL_CHILD_IN_NEED, "step-up", at, 3, batch);
    } else {
      // Refused: the child stays in early help for another spell.
      const absl::Time due = TruncateToMicros(
          at + absl::Hours(24 * random.Gamma2(s.early_help_days())));
      *open->mutable_due_end() = ToProto(due);
      AddTimer(run_id, due, internal::Timer::KIND_EPISODE_END, timer.child_id(),
               episode_id, batch);
    }
  } else {
    switch (open->level()) {
      case v1::SERVICE_LEVEL_EARLY_HELP:
        if (u < s.step_up_probability()) {
          v1::StepUpRequest* request = child->add_step_up_requests();
          *request->mutable_requested_at() = ToProto(at);
          open->clear_due_end();
          AddTimer(
              run_id,
              at + absl::Hours(24 * random.Exponential(s.step_up_delay_days())),
              internal::Timer::KIND_STEP_UP_DECISION, timer.child_id(),
              episode_id, batch);
        } else {
          CloseOpenEpisode(&*child, "end", v1::EPISODE_END_REASON_CLOSED, at);
        }
        break;
      case v1::SERVICE_LEVEL_CHILD_IN_NEED:
        if (u < s.step_down_probability()) {
          CloseOpenEpisode(&*child, "step-down",
                           v1::EPISODE_END_REASON_STEP_DOWN, at);
          OpenEpisode(run_id, &settings, timer.child_id(), &*child,
                      v1::SERVICE_LEVEL_EARLY_HELP, "step-down", at, 2, batch);
        } else {
          CloseOpenEpisode(&*child, "end", v1::EPISODE_END_REASON_CLOSED, at);
        }
        break;
      case v1::SERVICE_LEVEL_CHILD_PROTECTION:
        // A protection plan ends by stepping down to a child-in-need plan.
        CloseOpenEpisode(&*child, "step-down", v1::EPISODE_END_REASON_STEP_DOWN,
                         at);
        OpenEpisode(run_id, &settings, timer.child_id(), &*child,
                    v1::SERVICE_LEVEL_CHILD_IN_NEED, "step-down", at, 3, batch);
        break;
      default:
        break;
    }
  }
  batch->Put(children_, child_key, child->SerializeAsString());
  return absl::OkStatus();
}

}  // namespace frontdoor
