// Stepping's runs: configuration, the clock, reads, scans, digests and
// deletion.
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/level_of_service.h"
#include "lib/domain/scenario_checks.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/stepping.h"

namespace frontdoor {
absl::StatusOr<internal::ChildState> Stepping::Child(
    absl::string_view run_id, absl::string_view child_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (absl::Status s = ValidateId("child_id", child_id, 128); !s.ok()) {
    return s;
  }
  return LoadChild(SteppingStore::ChildKey(run_id, child_id));
}

absl::StatusOr<std::vector<internal::ChildState>> Stepping::Children(
    absl::string_view run_id, absl::Span<const std::string> child_ids) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (child_ids.size() > kMaxChildrenRead) {
    return absl::InvalidArgumentError(
        absl::StrCat("child_ids: ", child_ids.size(), " ids; at most ",
                     kMaxChildrenRead, " in one read"));
  }
  std::vector<internal::ChildState> children;
  children.reserve(child_ids.size());
  for (size_t i = 0; i < child_ids.size(); ++i) {
    if (absl::Status s =
            ValidateId(absl::StrCat("child_ids[", i, "]"), child_ids[i], 128);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<internal::ChildState> child =
        LoadChild(SteppingStore::ChildKey(run_id, child_ids[i]));
    if (!child.ok()) return child.status();
    children.push_back(*std::move(child));
  }
  return children;
}

absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> Stepping::Caseloads(
    absl::string_view run_id) const {
  std::map<v1::ServiceLevel, int64_t> counts = {
      {v1::SERVICE_LEVEL_EARLY_HELP, 0},
      {v1::SERVICE_LEVEL_CHILD_IN_NEED, 0},
      {v1::SERVICE_LEVEL_CHILD_PROTECTION, 0},
      {v1::SERVICE_LEVEL_LOOKED_AFTER, 0}};
  absl::Status scanned =
      ScanRun(run_id, [&](const std::string&, const internal::ChildState& c) {
        if (Rank(c.level()) > 0) ++counts[c.level()];
        return true;
      });
  if (!scanned.ok()) return scanned;
  return counts;
}

absl::Status Stepping::ScanRun(
    absl::string_view run_id,
    const std::function<bool(const std::string&, const internal::ChildState&)>&
        visit) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->ScanChildren(run_id, visit);
}

absl::Status Stepping::ConfigureRun(const v1::RunConfig& config) {
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
  internal::SteppingRun run;
  *run.mutable_config() = config;
  rocksdb::WriteBatch batch;
  store_->PutRun(run, &batch);
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  lane.settings.reset();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Stepping::AdvanceTo(absl::string_view run_id,
                                            absl::Time to) {
  v1::ApplyBatchRequest request;
  request.set_run_id(std::string(run_id));
  *request.mutable_advance_to() = ToProto(to);
  absl::StatusOr<v1::ApplyBatchResponse> response = ApplyBatch(request);
  if (!response.ok()) return response.status();
  return response->timers_fired();
}

absl::StatusOr<int64_t> Stepping::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  if (run_id.empty()) return absl::InvalidArgumentError("run_id: is required");
  Lane& lane = LaneOf(run_id);
  absl::MutexLock lock(&lane.mu);
  absl::StatusOr<int64_t> deleted = store_->DeleteRun(run_id);
  if (!deleted.ok()) return deleted.status();
  lane.settings.reset();
  absl::MutexLock cache_lock(&cache_mu_);
  child_cache_.Clear();
  return *deleted;
}

absl::Status Stepping::ScanAssessments(
    absl::string_view run_id,
    const std::function<bool(const v1::RecordAssessmentRequest&)>& visit)
    const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->ScanAssessments(run_id, visit);
}

absl::StatusOr<v1::RunDigest> Stepping::Digest(absl::string_view run_id) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return store_->Digest(run_id);
}

}  // namespace frontdoor
