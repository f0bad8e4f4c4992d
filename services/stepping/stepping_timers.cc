// Stepping's transactions and timers in event time: episodes that reach
// their due end (closing, stepping down, or asking to step up), managers
// deciding step-up requests, and decisions taking effect. Every draw is
// seeded by the run's seed and the episode, never by the order of unrelated
// requests.
#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/scenario_defaults.h"
#include "lib/domain/stable_random.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/stepping.h"

namespace frontdoor {
namespace {

// The longest a referral's episode waits for its finding: an assessment
// well past 45 working days and a conference 30 working days after it.
constexpr absl::Duration kFindingOverdue = absl::Hours(24 * 180);

}  // namespace

using stepping::CloseOpenEpisode;
using stepping::OpenEpisodeOf;

Stepping::Lane& Stepping::LaneOf(absl::string_view run_id) {
  absl::MutexLock lock(&lanes_mu_);
  std::unique_ptr<Lane>& lane = lanes_[RunOrDefault(run_id)];
  if (lane == nullptr) lane = std::make_unique<Lane>();
  return *lane;
}

absl::StatusOr<Stepping::Txn> Stepping::Begin(Lane& lane,
                                              absl::string_view run_id) {
  Txn txn;
  txn.run_id = RunOrDefault(run_id);
  absl::StatusOr<RunSettings*> run = LoadRun(lane, txn.run_id);
  if (!run.ok()) return run.status();
  txn.run = *run;
  txn.forget.Arm(&lane.settings);
  return txn;
}

absl::Status Stepping::Commit(Txn& txn) {
  for (const std::string& child_id : txn.dirty) {
    store_->PutChild(SteppingStore::ChildKey(txn.run_id, child_id),
                     txn.children.at(child_id), &txn.batch);
  }
  for (const auto& [key, result] : txn.operations) {
    store_->PutOperation(key, result, &txn.batch);
  }
  if (txn.clock_moved) {
    store_->PutClock(txn.run_id, txn.run->clock, &txn.batch);
  }
  absl::Status written = store_->Write(&txn.batch);
  // The children this call took from the cache go back, as now stored;
  // after a failed write, only those it did not change.
  absl::MutexLock lock(&cache_mu_);
  for (auto& [child_id, state] : txn.children) {
    if (written.ok() || !txn.dirty.contains(child_id)) {
      child_cache_.Put(SteppingStore::ChildKey(txn.run_id, child_id),
                       std::move(state));
    }
  }
  txn.children.clear();
  if (written.ok()) txn.forget.Disarm();
  return written;
}

absl::Status Stepping::RecordAnswer(Txn& txn, absl::string_view kind,
                                    const google::protobuf::Message& answer) {
  if (txn.numbered == 0) return absl::OkStatus();
  return store_->answers().Record(txn.run_id, kind, txn.numbered, answer,
                                  &txn.batch);
}

absl::StatusOr<internal::ChildState*> Stepping::ReadChild(
    Txn& txn, const std::string& child_id) {
  auto it = txn.children.find(child_id);
  if (it == txn.children.end()) {
    const std::string key = SteppingStore::ChildKey(txn.run_id, child_id);
    std::optional<internal::ChildState> cached;
    {
      absl::MutexLock lock(&cache_mu_);
      cached = child_cache_.Take(key);
    }
    if (!cached.has_value()) {
      absl::StatusOr<internal::ChildState> child = LoadChild(key);
      if (!child.ok()) return child.status();
      cached = *std::move(child);
    }
    it = txn.children.emplace(child_id, *std::move(cached)).first;
  }
  return &it->second;
}

absl::StatusOr<internal::ChildState*> Stepping::EditChild(
    Txn& txn, const std::string& child_id) {
  absl::StatusOr<internal::ChildState*> child = ReadChild(txn, child_id);
  if (child.ok()) txn.dirty.insert(child_id);
  return child;
}

absl::StatusOr<std::optional<std::string>> Stepping::PriorOperation(
    const Txn& txn, const std::string& key) const {
  if (auto it = txn.operations.find(key); it != txn.operations.end()) {
    return std::optional<std::string>(it->second);
  }
  if (txn.numbered != 0) return std::optional<std::string>();
  return store_->Operation(key);
}

void Stepping::RecordOperation(Txn& txn, const std::string& key,
                               std::string result) {
  if (txn.numbered != 0) return;
  txn.operations[key] = std::move(result);
}

absl::StatusOr<internal::ChildState> Stepping::LoadChild(
    const std::string& key) const {
  absl::StatusOr<std::optional<internal::ChildState>> stored =
      store_->Child(key);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) return **stored;
  internal::ChildState fresh;
  fresh.set_level(v1::SERVICE_LEVEL_NONE);
  return fresh;
}

absl::StatusOr<Stepping::RunSettings*> Stepping::LoadRun(
    Lane& lane, const std::string& run_id) {
  if (lane.settings != nullptr) return lane.settings.get();
  auto settings = std::make_unique<RunSettings>();
  absl::StatusOr<std::optional<internal::SteppingRun>> run =
      store_->Run(run_id);
  if (!run.ok()) return run.status();
  if (run->has_value()) {
    const v1::Scenario& scenario = (*run)->config().scenario();
    settings->services = WithDefaults(scenario.services());
    settings->seed = scenario.seed();
    settings->configured = true;
  }
  absl::StatusOr<std::optional<absl::Time>> clock = store_->Clock(run_id);
  if (!clock.ok()) return clock.status();
  if (clock->has_value()) settings->clock = **clock;
  lane.settings = std::move(settings);
  return lane.settings.get();
}

void Stepping::AddTimer(Txn& txn, internal::ChildState* child, absl::Time at,
                        internal::Timer timer) {
  at = TruncateToMicros(at);
  const std::string& child_id = timer.child_id();
  store_->PutTimer(txn.run_id, at, timer, &txn.batch);
  // A timer due before the scan start moves it back, so FireAll finds it.
  txn.run->fired_through = std::min(txn.run->fired_through, at);
  txn.timer_children.insert(child_id);
  txn.dirty.insert(child_id);
  // In time order, then as the time index orders one child's timers.
  internal::ScheduledTimer scheduled;
  scheduled.set_at_micros(absl::ToUnixMicros(at));
  *scheduled.mutable_timer() = std::move(timer);
  const auto before = [](const internal::ScheduledTimer& a,
                         const internal::ScheduledTimer& b) {
    return std::make_tuple(a.at_micros(), a.timer().episode_id(),
                           a.timer().kind()) <
           std::make_tuple(b.at_micros(), b.timer().episode_id(),
                           b.timer().kind());
  };
  auto* timers = child->mutable_timers();
  timers->Add(std::move(scheduled));
  for (int i = timers->size() - 1;
       i > 0 && before(timers->Get(i), timers->Get(i - 1)); --i) {
    timers->SwapElements(i, i - 1);
  }
}

absl::StatusOr<int64_t> Stepping::FireAll(Txn& txn, absl::Time to) {
  const int64_t before = txn.fired_count;
  // The children with a timer due: from the time index (from the scan
  // start), and those given one in this call. Each is then brought up to
  // `to` on its own; its record is the truth, so an index entry this call
  // already fired (deleted in the uncommitted batch) finds nothing due.
  absl::btree_set<std::string> due(txn.timer_children.begin(),
                                   txn.timer_children.end());
  absl::Status scanned = store_->ScanTimers(
      txn.run_id, txn.run->fired_through, to,
      [&](const internal::Timer& timer) { due.insert(timer.child_id()); });
  if (!scanned.ok()) return scanned;
  for (const std::string& child_id : due) {
    if (absl::Status s = FireChild(txn, child_id, to); !s.ok()) return s;
  }
  txn.run->fired_through = std::max(txn.run->fired_through, to);
  return txn.fired_count - before;
}

absl::Status Stepping::FireChild(Txn& txn, const std::string& child_id,
                                 absl::Time to) {
  const int64_t to_micros = absl::ToUnixMicros(to);
  while (true) {
    absl::StatusOr<internal::ChildState*> child = ReadChild(txn, child_id);
    if (!child.ok()) return child.status();
    if ((*child)->timers().empty() ||
        (*child)->timers(0).at_micros() > to_micros) {
      return absl::OkStatus();
    }
    if (absl::Status s = FireFirst(txn, child_id); !s.ok()) return s;
  }
}

std::string Stepping::OpenEpisode(Txn& txn, const std::string& child_id,
                                  internal::ChildState* child,
                                  v1::ServiceLevel level,
                                  absl::string_view opened_by, absl::Time at,
                                  int need_level, bool awaits_finding) {
  v1::Episode* episode =
      stepping::AddEpisode(child, child_id, level, opened_by, at, need_level);
  // A referral's episode waiting for its assessment cannot end before the
  // assessment does; its length counts from the finding.
  const bool waits = awaits_finding && txn.run->services.await_findings();
  if (!txn.run->configured) return episode->episode_id();
  if (!waits) {
    ScheduleEnd(txn, child_id, child, episode, at);
  } else {
    // Not every contact that opens social care is assessed (immediate
    // protection for a child already in need, say): past the longest an
    // assessment and its conference take, the length counts anyway.
    internal::Timer overdue;
    overdue.set_kind(internal::Timer::KIND_FINDING_OVERDUE);
    overdue.set_child_id(child_id);
    overdue.set_episode_id(episode->episode_id());
    AddTimer(txn, child, at + kFindingOverdue, std::move(overdue));
  }
  return episode->episode_id();
}

void Stepping::ScheduleEnd(Txn& txn, const std::string& child_id,
                           internal::ChildState* child, v1::Episode* episode,
                           absl::Time from) {
  StableRandom random(txn.run->seed,
                      {stepping::DrawKey(*child, *episode), "length"});
  const double mean = stepping::MeanDays(txn.run->services, episode->level());
  // Care lengths are exponential (scenario.proto says why); the others
  // Gamma with shape 2.
  const double days = episode->level() == v1::SERVICE_LEVEL_LOOKED_AFTER
                          ? random.Exponential(mean)
                          : random.Gamma2(mean);
  const absl::Time due = TruncateToMicros(from + absl::Hours(24 * days));
  *episode->mutable_due_end() = ToProto(due);
  internal::Timer timer;
  timer.set_kind(internal::Timer::KIND_EPISODE_END);
  timer.set_child_id(child_id);
  timer.set_episode_id(episode->episode_id());
  AddTimer(txn, child, due, std::move(timer));
}

absl::Status Stepping::FireFirst(Txn& txn, const std::string& child_id) {
  absl::StatusOr<internal::ChildState*> owner = EditChild(txn, child_id);
  if (!owner.ok()) return owner.status();
  auto* timers = (*owner)->mutable_timers();
  const absl::Time at = absl::FromUnixMicros(timers->Get(0).at_micros());
  const internal::Timer timer = std::move(*timers->Mutable(0)->mutable_timer());
  timers->erase(timers->begin());
  ++txn.fired_count;
  store_->DeleteTimer(txn.run_id, at, timer, &txn.batch);
  if (timer.kind() == internal::Timer::KIND_APPLY_DECISION) {
    return FireDecision(txn, timer, at);
  }
  absl::StatusOr<internal::ChildState*> found_child =
      EditChild(txn, timer.child_id());
  if (!found_child.ok()) return found_child.status();
  internal::ChildState* child = *found_child;
  v1::Episode* open = OpenEpisodeOf(child);
  // A timer of an episode that has since ended (or been superseded) is
  // stale: it does nothing.
  if (open == nullptr || open->episode_id() != timer.episode_id()) {
    return absl::OkStatus();
  }
  FireOnEpisode(txn, child_id, timer.kind(), child, open, at);
  return absl::OkStatus();
}

absl::Status Stepping::FireDecision(Txn& txn, const internal::Timer& timer,
                                    absl::Time at) {
  absl::StatusOr<v1::LevelChange> change =
      ApplyNow(txn, timer.child_id(), timer.episode_id(), timer.outcome(),
               timer.need_level(), at);
  if (!change.ok()) return change.status();
  v1::ApplyDecisionResponse applied;
  *applied.mutable_change() = *std::move(change);
  // Under its own key: the decision's "contact" result stays what
  // ApplyBatch first answered, so a repeated batch answers the same.
  RecordOperation(
      txn,
      SteppingStore::OperationKey(txn.run_id, "effect", timer.episode_id()),
      applied.SerializeAsString());
  return absl::OkStatus();
}

void Stepping::FireOnEpisode(Txn& txn, const std::string& child_id,
                             internal::Timer::Kind kind,
                             internal::ChildState* child, v1::Episode* open,
                             absl::Time at) {
  StableRandom random(
      txn.run->seed,
      {stepping::DrawKey(*child, *open), internal::Timer::Kind_Name(kind),
       absl::StrCat(child->step_up_requests_size())});
  const double u = random.Uniform();
  switch (kind) {
    case internal::Timer::KIND_FINDING_OVERDUE:
      // The finding came (the episode has its end) or never will.
      if (!open->has_due_end()) ScheduleEnd(txn, child_id, child, open, at);
      return;
    case internal::Timer::KIND_STEP_DOWN_HANDOVER:
      CloseOpenEpisode(child, "step-down", v1::EPISODE_END_REASON_STEP_DOWN,
                       at);
      OpenEpisode(txn, child_id, child, v1::SERVICE_LEVEL_EARLY_HELP,
                  stepping::kStepDown, at, 2);
      return;
    case internal::Timer::KIND_STEP_UP_DECISION:
      DecideStepUp(txn, child_id, child, open, u, random, at);
      return;
    default:
      EndEpisode(txn, child_id, child, open, u, random, at);
  }
}

void Stepping::DecideStepUp(Txn& txn, const std::string& child_id,
                            internal::ChildState* child, v1::Episode* open,
                            double u, StableRandom& random, absl::Time at) {
  const v1::Services& s = txn.run->services;
  // Early help's need, as its assessment found it (else the decision's),
  // decides how a manager answers.
  const bool high_need = open->need_level() >= 3;
  v1::StepUpRequest* request =
      child->mutable_step_up_requests(child->step_up_requests_size() - 1);
  *request->mutable_decided_at() = ToProto(at);
  request->set_accepted(u < (high_need ? s.step_up_acceptance()
                                       : s.step_up_acceptance_low_need()));
  if (request->accepted()) {
    CloseOpenEpisode(child, "step-up", v1::EPISODE_END_REASON_STEP_UP, at);
    OpenEpisode(txn, child_id, child, v1::SERVICE_LEVEL_CHILD_IN_NEED,
                stepping::kStepUp, at, 3);
    return;
  }
  // Refused: the child stays in early help for another spell.
  const absl::Time due = TruncateToMicros(
      at + absl::Hours(24 * random.Gamma2(s.early_help_days())));
  *open->mutable_due_end() = ToProto(due);
  internal::Timer again;
  again.set_kind(internal::Timer::KIND_EPISODE_END);
  again.set_child_id(child_id);
  again.set_episode_id(open->episode_id());
  AddTimer(txn, child, due, std::move(again));
}

void Stepping::EndEpisode(Txn& txn, const std::string& child_id,
                          internal::ChildState* child, v1::Episode* open,
                          double u, StableRandom& random, absl::Time at) {
  const v1::Services& s = txn.run->services;
  // Early help's need, as its assessment found it (else the decision's),
  // decides how likely a step-up request is.
  const bool high_need = open->need_level() >= 3;
  // Copied: opening an episode may move the child's episodes.
  const std::string episode_id = open->episode_id();
  switch (open->level()) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      if (u < (high_need ? s.step_up_probability_high_need()
                         : s.step_up_probability())) {
        v1::StepUpRequest* request = child->add_step_up_requests();
        *request->mutable_requested_at() = ToProto(at);
        open->clear_due_end();
        internal::Timer decision;
        decision.set_kind(internal::Timer::KIND_STEP_UP_DECISION);
        decision.set_child_id(child_id);
        decision.set_episode_id(episode_id);
        AddTimer(
            txn, child,
            at + absl::Hours(24 * random.Exponential(s.step_up_delay_days())),
            std::move(decision));
      } else {
        CloseOpenEpisode(child, "end", v1::EPISODE_END_REASON_CLOSED, at);
      }
      return;
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      // Care takes the top of the draw, so that stepping down keeps the
      // draws it has without care.
      if (u >= 1 - s.looked_after_from_child_in_need()) {
        EnterCare(txn, child_id, child, at);
      } else if (u < s.step_down_probability() &&
                 s.step_down_handover_days() > 0) {
        // The social worker keeps the case until early help takes it.
        const absl::Time handed = TruncateToMicros(
            at + absl::Hours(24 * s.step_down_handover_days()));
        *open->mutable_due_end() = ToProto(handed);
        internal::Timer handover;
        handover.set_kind(internal::Timer::KIND_STEP_DOWN_HANDOVER);
        handover.set_child_id(child_id);
        handover.set_episode_id(episode_id);
        AddTimer(txn, child, handed, std::move(handover));
      } else if (u < s.step_down_probability()) {
        CloseOpenEpisode(child, "step-down", v1::EPISODE_END_REASON_STEP_DOWN,
                         at);
        OpenEpisode(txn, child_id, child, v1::SERVICE_LEVEL_EARLY_HELP,
                    stepping::kStepDown, at, 2);
      } else {
        CloseOpenEpisode(child, "end", v1::EPISODE_END_REASON_CLOSED, at);
      }
      return;
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      // A protection plan ends with the child in care, or by stepping down
      // to a child-in-need plan.
      if (u >= 1 - s.looked_after_from_plan()) {
        EnterCare(txn, child_id, child, at);
        return;
      }
      CloseOpenEpisode(child, "step-down", v1::EPISODE_END_REASON_STEP_DOWN,
                       at);
      OpenEpisode(txn, child_id, child, v1::SERVICE_LEVEL_CHILD_IN_NEED,
                  stepping::kStepDown, at, 3);
      return;
    case v1::SERVICE_LEVEL_LOOKED_AFTER:
      CloseOpenEpisode(child, "end", v1::EPISODE_END_REASON_CLOSED, at);
      return;
    default:
      return;
  }
}

void Stepping::EnterCare(Txn& txn, const std::string& child_id,
                         internal::ChildState* child, absl::Time at) {
  CloseOpenEpisode(child, "care", v1::EPISODE_END_REASON_STEP_UP, at);
  OpenEpisode(txn, child_id, child, v1::SERVICE_LEVEL_LOOKED_AFTER,
              stepping::kCare, at, 4);
}

}  // namespace frontdoor
