// Stepping's runs: configuration, the clock, scans and deletion.
#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stored_proto.h"
#include "services/stepping/episodes.h"
#include "services/stepping/stepping.h"

namespace frontdoor {

absl::Status Stepping::ScanRun(
    absl::string_view run_id,
    const std::function<bool(const std::string&, const internal::ChildState&)>&
        visit) const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  const std::string prefix = stepping::RunPrefix(run_id);
  return ScanStored<internal::ChildState>(
      *store_, children_, prefix, "child state",
      [&](absl::string_view key,
          internal::ChildState child) -> absl::StatusOr<bool> {
        KeyReader reader(key.substr(prefix.size()));
        std::string child_id;
        if (!reader.Str(&child_id)) {
          return absl::DataLossError("children: malformed key");
        }
        return visit(child_id, child);
      });
}

absl::Status Stepping::ConfigureRun(const v1::RunConfig& config) {
  if (absl::Status s = ValidateRunId("run_id", config.run_id()); !s.ok()) {
    return s;
  }
  if (config.run_id().empty()) {
    return absl::InvalidArgumentError("run_id: is required");
  }
  absl::MutexLock lock(&mu_);
  internal::SteppingRun run;
  *run.mutable_config() = config;
  rocksdb::WriteBatch batch;
  batch.Put(runs_, stepping::RunKey(config.run_id()), run.SerializeAsString());
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  run_settings_.erase(config.run_id());
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Stepping::AdvanceTo(absl::string_view run_id,
                                            absl::Time to) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  return AdvanceLocked(RunOrDefault(run_id), to);
}

absl::StatusOr<int64_t> Stepping::DeleteRun(absl::string_view run_id) {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  const std::string prefix = stepping::RunPrefix(run_id);
  absl::MutexLock lock(&mu_);
  absl::StatusOr<int64_t> deleted = store_->DeletePrefix(
      {children_, applied_, runs_, timers_, assessments_}, prefix);
  if (!deleted.ok()) return deleted.status();
  run_settings_.erase(RunOrDefault(run_id));
  return *deleted;
}

absl::Status Stepping::ScanAssessments(
    absl::string_view run_id,
    const std::function<bool(const v1::RecordAssessmentRequest&)>& visit)
    const {
  if (absl::Status s = ValidateRunId("run_id", run_id); !s.ok()) return s;
  return ScanStored<v1::RecordAssessmentRequest>(
      *store_, assessments_, stepping::RunPrefix(run_id), "assessment",
      [&](absl::string_view, v1::RecordAssessmentRequest request)
          -> absl::StatusOr<bool> { return visit(request); });
}

}  // namespace frontdoor
