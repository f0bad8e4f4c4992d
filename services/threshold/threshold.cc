// Threshold domain implementation.
#include "services/threshold/threshold.h"

#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/contact_validator.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/request_checks.h"
#include "lib/domain/scenario_checks.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
Threshold::Threshold(const ThresholdStore* store, PolicyRegistry* policies)
    : store_(store), policies_(policies) {}

namespace {

// What intake would have checked, checked again: threshold serves whoever
// reaches it, and a stored decision must never rest on a value nobody
// validated (current_level 77, prior contacts -5, door 99).
absl::Status CheckDecideRequest(const v1::DecideRequest& request) {
  if (absl::Status s = ValidateId("contact_id", request.contact_id(), 256);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateContact(request.contact()); !s.ok()) return s;
  if (absl::Status s = CheckEnum("current_level", request.current_level(),
                                 v1::ServiceLevel_IsValid, Presence::kOptional);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckRange("prior_contacts_12m",
                                  request.prior_contacts_12m(), 0, 100000);
      !s.ok()) {
    return s;
  }
  if (!request.policy_id().empty()) {
    if (absl::Status s = ValidateId("policy_id", request.policy_id(), 128);
        !s.ok()) {
      return s;
    }
  }
  return CheckRange("policy_version", request.policy_version(), 0,
                    int64_t{1} << 40);
}

}  // namespace

absl::StatusOr<v1::Decision> Threshold::EvaluateFor(
    const v1::DecideRequest& request, const RunState* run,
    int judgement) const {
  if (absl::Status s = CheckDecideRequest(request); !s.ok()) return s;
  absl::StatusOr<ContactFacts> facts = FactsOf(request);
  if (!facts.ok()) return facts.status();
  facts->judgement = judgement;
  std::string policy_id = request.policy_id();
  int64_t policy_version = request.policy_version();
  if (policy_id.empty() && run != nullptr) {
    policy_id = run->config.scenario().policy_id();
    policy_version = run->config.scenario().policy_version();
  }
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      policies_->Find(policy_id, policy_version);
  if (!policy.ok()) return policy.status();
  return DecideContact(**policy, *facts, request);
}

absl::StatusOr<v1::Decision> Threshold::Evaluate(
    const v1::DecideRequest& request) const {
  // A dry run is decided at once: it never joins a run's queue.
  return EvaluateFor(request, nullptr);
}

Threshold::Lane& Threshold::LaneOf(const std::string& run_id) {
  absl::MutexLock lock(&lanes_mu_);
  std::unique_ptr<Lane>& lane = lanes_[run_id];
  if (lane == nullptr) lane = std::make_unique<Lane>();
  return *lane;
}

absl::StatusOr<Threshold::RunState*> Threshold::LoadRun(
    Lane& lane, const std::string& run_id) {
  if (lane.state != nullptr) return lane.state.get();
  absl::StatusOr<std::optional<v1::RunConfig>> config = store_->Config(run_id);
  if (!config.ok()) return config.status();
  if (!config->has_value()) return nullptr;
  absl::StatusOr<internal::MashQueue> queue = store_->Queue(run_id);
  if (!queue.ok()) return queue.status();
  auto state = std::make_unique<RunState>();
  state->config = **std::move(config);
  state->mash = WithDefaults(state->config.scenario().mash());
  state->queue = std::make_unique<MashQueue>(state->mash, *queue);
  lane.state = std::move(state);
  return lane.state.get();
}

absl::Status Threshold::ConfigureRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("run_id", config.run_id()); !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("run_id: is required");
  }
  // A scenario out of range would have the simulation exhaust memory or
  // staff a team with negative people; refused before anything is stored.
  if (absl::Status s = CheckScenario(config.scenario()); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("scenario.", s.message()));
  }
  Lane& lane = LaneOf(config.run_id());
  absl::MutexLock lock(&lane.mu);
  rocksdb::WriteBatch batch;
  store_->PutConfig(config, &batch);
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  lane.state.reset();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Threshold::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (run_id.empty()) return absl::InvalidArgumentError("run_id: is required");
  Lane& lane = LaneOf(RunOrDefault(run_id));
  absl::MutexLock lock(&lane.mu);
  absl::StatusOr<int64_t> deleted = store_->DeleteRun(run_id);
  if (!deleted.ok()) return deleted.status();
  lane.state.reset();
  lane.waiting = 0;
  return *deleted;
}

absl::StatusOr<v1::DecideBatchResponse> Threshold::DecideBatch(
    const v1::DecideBatchRequest& request) {
  if (absl::Status s = ValidateRunId("run_id", request.run_id()); !s.ok()) {
    return s;
  }
  const std::string run_id = RunOrDefault(request.run_id());
  Lane& lane = LaneOf(run_id);
  absl::MutexLock lock(&lane.mu);
  v1::DecideBatchResponse response;
  absl::StatusOr<bool> answered =
      store_->answers().Find(run_id, "decide", request.batch(), &response);
  if (!answered.ok()) return answered.status();
  if (*answered) return response;
  absl::StatusOr<RunState*> run = LoadRun(lane, run_id);
  if (!run.ok()) return run.status();
  // Until the write lands, the queue's in-memory state may be ahead of the
  // store: a call that ends any other way makes the next read it again.
  absl::Cleanup forget = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(lane.mu) {
    lane.state.reset();
  };
  rocksdb::WriteBatch batch;
  absl::flat_hash_map<std::string, v1::Decision> decided;
  for (const v1::DecideRequest& one : request.requests()) {
    absl::StatusOr<v1::Decision> decision =
        DecideInto(one, run_id, request.batch() != 0, *run, &decided, &batch);
    if (!decision.ok()) return decision.status();
    *response.add_decisions() = *std::move(decision);
  }
  if (*run != nullptr && batch.Count() > 0) {
    store_->PutQueue(run_id, (*run)->queue->State(), &batch);
  }
  if (request.batch() != 0) {
    if (absl::Status s = store_->answers().Record(
            run_id, "decide", request.batch(), response, &batch);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  std::move(forget).Cancel();
  if (*run != nullptr) {
    lane.waiting = static_cast<int64_t>((*run)->undecided.size());
  }
  for (const auto& [key, d] : decided) {
    const size_t outcome = d.outcome(), rag = d.rag();
    if (outcome < decisions_.size() && rag < decisions_[outcome].size()) {
      ++decisions_[outcome][rag];
    }
  }
  return response;
}

absl::StatusOr<v1::Decision> Threshold::DecideInto(
    const v1::DecideRequest& request, const std::string& run_id, bool numbered,
    RunState* run, absl::flat_hash_map<std::string, v1::Decision>* decided,
    rocksdb::WriteBatch* batch) {
  if (request.contact_id().empty()) {
    return absl::InvalidArgumentError("contact_id: is required");
  }
  if (absl::Status s =
          CheckSameRun("contact.run_id", run_id, request.contact().run_id());
      !s.ok()) {
    return s;
  }
  const std::string& key = request.contact_id();
  if (auto it = decided->find(key); it != decided->end()) return it->second;
  // A numbered batch was looked up whole; a single decision by its key.
  if (!numbered) {
    absl::StatusOr<std::optional<v1::Decision>> stored =
        store_->FindDecision(run_id, key);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) return **std::move(stored);
  }
  // A run's MASH screeners apply the policy with their own judgement; the
  // early-help door and a dry run apply it as written.
  const int judgement =
      run == nullptr || request.contact().door() == v1::DOOR_EARLY_HELP
          ? 0
          : ScreenerJudgement(run->mash, run->config.scenario().seed(), key);
  absl::StatusOr<v1::Decision> decision = EvaluateFor(request, run, judgement);
  if (!decision.ok()) return decision.status();
  if (judgement != 0) {
    absl::StatusOr<v1::Decision> policy_only = EvaluateFor(request, run);
    if (!policy_only.ok()) return policy_only.status();
    if (policy_only->outcome() != decision->outcome()) {
      decision->set_policy_outcome(policy_only->outcome());
    }
  }
  if (run != nullptr) Schedule(request, *run, *decision);
  store_->PutDecision(run_id, *decision, batch);
  (*decided)[key] = *decision;
  return decision;
}

void Threshold::Schedule(const v1::DecideRequest& request, RunState& run,
                         v1::Decision& decision) {
  const absl::Time received = FromProto(request.contact().event_time());
  MashQueue& queue = *run.queue;
  if (decision.door() == v1::DOOR_EARLY_HELP) {
    // The early-help door decides on its next working moment.
    const absl::Time at = NextWorkingMoment(received, queue.hours());
    *decision.mutable_decided_at() = ToProto(TruncateToMicros(at));
    return;
  }
  const bool low_level =
      decision.rag() == v1::RAG_GREEN &&
      (decision.outcome() == v1::OUTCOME_NO_FURTHER_ACTION ||
       decision.outcome() == v1::OUTCOME_INFORMATION_AND_ADVICE);
  const MashTimes times = queue.Schedule(MashWork{
      .arrival = received,
      .rag = decision.rag(),
      .partner_wait_hours =
          PartnerWaitHours(run.mash, run.config.scenario().seed(),
                           decision.contact_id(), decision.rag()),
      .needs_sign_off = decision.needs_sign_off(),
      .signpostable = low_level,
  });
  if (times.signposted) {
    decision.set_signposted_after_wait(true);
    decision.set_outcome(v1::OUTCOME_INFORMATION_AND_ADVICE);
    decision.set_needs_sign_off(false);
  }
  *decision.mutable_screened_at() = ToProto(TruncateToMicros(times.screened));
  *decision.mutable_decided_at() = ToProto(TruncateToMicros(times.decided));
  run.latest_arrival = std::max(run.latest_arrival, received);
  run.undecided.insert(times.decided);
  run.undecided.erase(run.undecided.begin(),
                      run.undecided.upper_bound(run.latest_arrival));
}

ThresholdStats Threshold::Stats() const {
  ThresholdStats stats;
  for (size_t o = 0; o < decisions_.size(); ++o) {
    for (size_t r = 0; r < decisions_[o].size(); ++r) {
      stats.decisions[o][r] = decisions_[o][r].load();
    }
  }
  absl::MutexLock lock(&lanes_mu_);
  for (const auto& [id, lane] : lanes_) stats.mash_waiting += lane->waiting;
  return stats;
}

absl::StatusOr<v1::RunDigest> Threshold::Digest(
    absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->Digest(run_id);
}

absl::StatusOr<v1::Decision> Threshold::Find(
    absl::string_view run_id, absl::string_view contact_id) const {
  absl::StatusOr<std::optional<v1::Decision>> stored =
      store_->FindDecision(run_id, contact_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(absl::StrCat("contact_id: no decision on ",
                                            contact_id, " in run ",
                                            RunOrDefault(run_id)));
  }
  return **std::move(stored);
}

}  // namespace frontdoor
