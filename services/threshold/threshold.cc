// Threshold domain implementation.
#include "services/threshold/threshold.h"

#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stored_proto.h"

namespace frontdoor {
namespace {

constexpr char kDecisions[] = "decisions";
// Per run: "config" -> RunConfig, "queue" -> internal::MashQueue.
constexpr char kRuns[] = "runs";

std::string DecisionKey(absl::string_view run_id,
                        absl::string_view contact_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(contact_id).key();
}

std::string RunKey(absl::string_view run_id, absl::string_view what) {
  return KeyBuilder(RunOrDefault(run_id)).Str(what).key();
}

}  // namespace

std::vector<std::string> Threshold::Families() {
  return {kDecisions, kRuns, BatchAnswers::kFamily};
}

Threshold::Threshold(Store* store, PolicyRegistry* policies)
    : store_(store),
      decisions_(store->Family(kDecisions)),
      runs_(store->Family(kRuns)),
      answers_(store),
      policies_(policies) {}

absl::StatusOr<ContactFacts> FactsOf(const v1::DecideRequest& request) {
  const v1::Contact& contact = request.contact();
  if (!contact.has_event_time()) {
    return absl::InvalidArgumentError("contact.event_time: is required");
  }
  int age_years = contact.age_years();
  if (contact.has_date_of_birth()) {
    absl::StatusOr<absl::CivilDay> birth =
        ToCivilDay(contact.date_of_birth(), "contact.date_of_birth");
    if (!birth.ok()) return birth.status();
    age_years = AgeInYears(*birth, DayOf(FromProto(contact.event_time())));
  }
  absl::StatusOr<ContactFacts> facts =
      MakeFacts(contact.factors(), contact.source(), age_years,
                request.prior_contacts_12m(), request.current_level());
  if (!facts.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("contact.", facts.status().message()));
  }
  return facts;
}

v1::Decision MakeDecision(const Policy& policy, const ContactFacts& facts,
                          const std::string& contact_id,
                          const google::protobuf::Timestamp& decided_at) {
  const Evaluation evaluation = policy.Evaluate(facts);
  v1::Decision decision;
  decision.set_contact_id(contact_id);
  decision.set_outcome(evaluation.outcome);
  decision.set_rag(evaluation.rag);
  decision.set_need_level(evaluation.need_level);
  decision.set_needs_sign_off(evaluation.needs_sign_off);
  for (v1::FiredRule& fired : policy.Explain(evaluation, facts)) {
    *decision.add_fired_rules() = std::move(fired);
  }
  decision.set_policy_id(policy.id());
  decision.set_policy_version(policy.version());
  *decision.mutable_decided_at() = decided_at;
  decision.set_door(v1::DOOR_MASH);
  return decision;
}

namespace {

// The early-help door accepts the contact into early help without MASH
// screening; the policy's view is kept in the explanation.
void ThroughEarlyHelpDoor(v1::Decision* decision) {
  decision->set_door(v1::DOOR_EARLY_HELP);
  decision->set_outcome(v1::OUTCOME_EARLY_HELP);
  decision->set_rag(v1::RAG_GREEN);
  decision->set_needs_sign_off(false);
  v1::FiredRule* fired = decision->add_fired_rules();
  fired->set_rule_id("door:early-help");
  fired->set_explanation(
      "came to the separate early-help door: accepted into early help "
      "without MASH screening");
}

}  // namespace

absl::StatusOr<v1::Decision> Threshold::EvaluateFor(
    const v1::DecideRequest& request, const RunState* run) const {
  absl::StatusOr<ContactFacts> facts = FactsOf(request);
  if (!facts.ok()) return facts.status();
  std::string policy_id = request.policy_id();
  int64_t policy_version = request.policy_version();
  if (policy_id.empty() && run != nullptr) {
    policy_id = run->config.scenario().policy_id();
    policy_version = run->config.scenario().policy_version();
  }
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      policies_->Find(policy_id, policy_version);
  if (!policy.ok()) return policy.status();
  v1::Decision decision = MakeDecision(**policy, *facts, request.contact_id(),
                                       request.contact().event_time());
  if (request.contact().door() == v1::DOOR_EARLY_HELP) {
    ThroughEarlyHelpDoor(&decision);
  }
  return decision;
}

absl::StatusOr<v1::Decision> Threshold::Evaluate(
    const v1::DecideRequest& request) const {
  // A dry run is decided at once: it never joins a run's queue.
  return EvaluateFor(request, nullptr);
}

absl::StatusOr<Threshold::RunState*> Threshold::LoadRun(
    const std::string& run_id) {
  if (auto it = run_states_.find(run_id); it != run_states_.end()) {
    return it->second.get();
  }
  absl::StatusOr<std::optional<std::string>> config =
      store_->Get(runs_, RunKey(run_id, "config"));
  if (!config.ok()) return config.status();
  if (!config->has_value()) return nullptr;
  auto state = std::make_unique<RunState>();
  absl::StatusOr<v1::RunConfig> parsed =
      ParseStored<v1::RunConfig>(**config, "run config");
  if (!parsed.ok()) return parsed.status();
  state->config = *std::move(parsed);
  absl::StatusOr<std::optional<std::string>> queue =
      store_->Get(runs_, RunKey(run_id, "queue"));
  if (!queue.ok()) return queue.status();
  internal::MashQueue queue_state;
  if (queue->has_value()) {
    absl::StatusOr<internal::MashQueue> q =
        ParseStored<internal::MashQueue>(**queue, "MASH queue");
    if (!q.ok()) return q.status();
    queue_state = *std::move(q);
  }
  state->queue =
      std::make_unique<MashQueue>(state->config.scenario().mash(), queue_state);
  RunState* raw = state.get();
  run_states_[run_id] = std::move(state);
  return raw;
}

absl::Status Threshold::ConfigureRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("run_id", config.run_id()); !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("run_id: is required");
  }
  absl::MutexLock lock(&mu_);
  rocksdb::WriteBatch batch;
  batch.Put(runs_, RunKey(config.run_id(), "config"),
            config.SerializeAsString());
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  run_states_.erase(config.run_id());
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Threshold::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (run_id.empty()) return absl::InvalidArgumentError("run_id: is required");
  const std::string prefix = KeyBuilder(RunOrDefault(run_id)).key();
  absl::MutexLock lock(&mu_);
  absl::StatusOr<int64_t> deleted = store_->DeletePrefix(
      {decisions_, runs_, store_->Family(BatchAnswers::kFamily)}, prefix);
  if (!deleted.ok()) return deleted.status();
  run_states_.erase(RunOrDefault(run_id));
  return *deleted;
}

absl::StatusOr<v1::Decision> Threshold::Decide(
    const v1::DecideRequest& request) {
  v1::DecideBatchRequest batch;
  batch.set_run_id(request.contact().run_id());
  *batch.add_requests() = request;
  absl::StatusOr<v1::DecideBatchResponse> response = DecideBatch(batch);
  if (!response.ok()) return response.status();
  return response->decisions(0);
}

absl::StatusOr<v1::DecideBatchResponse> Threshold::DecideBatch(
    const v1::DecideBatchRequest& request) {
  if (absl::Status s = ValidateRunId("run_id", request.run_id()); !s.ok()) {
    return s;
  }
  const std::string run_id = RunOrDefault(request.run_id());
  absl::MutexLock lock(&mu_);
  v1::DecideBatchResponse response;
  absl::StatusOr<bool> answered =
      answers_.Find(run_id, "decide", request.batch(), &response);
  if (!answered.ok()) return answered.status();
  if (*answered) return response;
  absl::StatusOr<RunState*> run = LoadRun(run_id);
  if (!run.ok()) return run.status();
  // Until the write lands, the queue's in-memory state may be ahead of the
  // store: a call that ends any other way makes the next read it again.
  absl::Cleanup forget = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    run_states_.erase(run_id);
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
    batch.Put(runs_, RunKey(run_id, "queue"),
              (*run)->queue->State().SerializeAsString());
  }
  if (request.batch() != 0) {
    if (absl::Status s = answers_.Record(run_id, "decide", request.batch(),
                                         response, &batch);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  std::move(forget).Cancel();
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
  const std::string key = DecisionKey(run_id, request.contact_id());
  if (auto it = decided->find(key); it != decided->end()) return it->second;
  // A numbered batch was looked up whole; a single decision by its key.
  if (!numbered) {
    absl::StatusOr<std::optional<v1::Decision>> stored =
        GetStored<v1::Decision>(*store_, decisions_, key, "decision");
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) return **std::move(stored);
  }
  absl::StatusOr<v1::Decision> decision = EvaluateFor(request, run);
  if (!decision.ok()) return decision.status();
  if (run != nullptr) {
    // Screening takes screeners' time: the MASH queue sets when the
    // decision is made; the early-help door decides on its next working
    // moment.
    const absl::Time received = FromProto(request.contact().event_time());
    MashQueue& queue = *run->queue;
    const absl::Time at = decision->door() == v1::DOOR_EARLY_HELP
                              ? NextWorkingMoment(received, queue.hours())
                              : queue.Schedule(received, decision->rag());
    *decision->mutable_decided_at() = ToProto(TruncateToMicros(at));
  }
  batch->Put(decisions_, key, decision->SerializeAsString());
  (*decided)[key] = *decision;
  return decision;
}

absl::StatusOr<v1::RunDigest> Threshold::Digest(
    absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->Digest("threshold", {kDecisions, kRuns},
                        KeyBuilder(RunOrDefault(run_id)).key());
}

absl::StatusOr<v1::Decision> Threshold::Find(
    absl::string_view run_id, absl::string_view contact_id) const {
  absl::StatusOr<std::optional<std::string>> stored =
      store_->Get(decisions_, DecisionKey(run_id, contact_id));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(absl::StrCat("contact_id: no decision on ",
                                            contact_id, " in run ",
                                            RunOrDefault(run_id)));
  }
  return ParseStored<v1::Decision>(**stored, "decision");
}

}  // namespace frontdoor
