// Stepping's store.
#include "services/stepping/stepping_store.h"

#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"

namespace frontdoor {
namespace {

constexpr char kChildren[] = "children";
constexpr char kApplied[] = "applied";
constexpr char kRuns[] = "runs";
constexpr char kTimers[] = "timers";
constexpr char kAssessments[] = "assessments";

std::string RunPrefix(absl::string_view run_id) {
  return KeyBuilder(RunOrDefault(run_id)).key();
}

std::string ClockKey(absl::string_view run_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str("clock").key();
}

std::string TimerKey(absl::string_view run_id, absl::Time at,
                     const internal::Timer& timer) {
  return KeyBuilder(RunOrDefault(run_id))
      .Time(at)
      .Str(timer.child_id())
      .Str(timer.episode_id())
      .U64(static_cast<uint64_t>(timer.kind()))
      .key();
}

}  // namespace

std::vector<std::string> SteppingStore::Families() {
  return {kChildren, kApplied,     kRuns,
          kTimers,   kAssessments, BatchAnswers::kFamily};
}

std::vector<std::string> SteppingStore::ScanOnlyFamilies() {
  return {kTimers, kAssessments};
}

std::string SteppingStore::ChildKey(absl::string_view run_id,
                                    absl::string_view child_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(child_id).key();
}

std::string SteppingStore::OperationKey(absl::string_view run_id,
                                        absl::string_view kind,
                                        absl::string_view id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(kind).Str(id).key();
}

SteppingStore::SteppingStore(Store* store)
    : store_(store),
      children_(store->Family(kChildren)),
      applied_(store->Family(kApplied)),
      runs_(store->Family(kRuns)),
      timers_(store->Family(kTimers)),
      assessments_(store->Family(kAssessments)),
      answers_(store) {}

absl::StatusOr<std::optional<internal::ChildState>> SteppingStore::Child(
    const std::string& key) const {
  return GetStored<internal::ChildState>(*store_, children_, key,
                                         "child state");
}

absl::Status SteppingStore::ScanChildren(
    absl::string_view run_id,
    const std::function<bool(const std::string&, const internal::ChildState&)>&
        visit) const {
  const std::string prefix = RunPrefix(run_id);
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

absl::StatusOr<std::optional<std::string>> SteppingStore::Operation(
    const std::string& key) const {
  return store_->Get(applied_, key);
}

absl::StatusOr<std::optional<internal::SteppingRun>> SteppingStore::Run(
    absl::string_view run_id) const {
  return GetStored<internal::SteppingRun>(*store_, runs_, RunPrefix(run_id),
                                          "run");
}

absl::StatusOr<std::optional<absl::Time>> SteppingStore::Clock(
    absl::string_view run_id) const {
  absl::StatusOr<std::optional<internal::SteppingClock>> clock =
      GetStored<internal::SteppingClock>(*store_, runs_, ClockKey(run_id),
                                         "clock");
  if (!clock.ok()) return clock.status();
  if (!clock->has_value()) return std::optional<absl::Time>();
  return absl::FromUnixMicros((*clock)->micros());
}

absl::Status SteppingStore::ScanTimers(
    absl::string_view run_id, absl::Time from, absl::Time through,
    const std::function<void(const internal::Timer&)>& visit) const {
  const std::string start =
      from == absl::InfinitePast()
          ? RunPrefix(run_id)
          : KeyBuilder(RunOrDefault(run_id)).Time(from).key();
  const std::string until = KeyBuilder(RunOrDefault(run_id))
                                .Time(through + absl::Microseconds(1))
                                .key();
  absl::Status failure;
  absl::Status scanned = store_->ScanRange(
      timers_, start, until, [&](absl::string_view, absl::string_view value) {
        absl::StatusOr<internal::Timer> timer =
            ParseStored<internal::Timer>(value, "timer");
        if (!timer.ok()) {
          failure = timer.status();
          return false;
        }
        visit(*timer);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return failure;
}

absl::Status SteppingStore::ScanAssessments(
    absl::string_view run_id,
    const std::function<bool(const v1::RecordAssessmentRequest&)>& visit)
    const {
  return ScanStored<v1::RecordAssessmentRequest>(
      *store_, assessments_, RunPrefix(run_id), "assessment",
      [&](absl::string_view, v1::RecordAssessmentRequest request)
          -> absl::StatusOr<bool> { return visit(request); });
}

void SteppingStore::PutChild(const std::string& key,
                             const internal::ChildState& child,
                             rocksdb::WriteBatch* batch) const {
  batch->Put(children_, key, child.SerializeAsString());
}

void SteppingStore::PutOperation(const std::string& key,
                                 const std::string& answer,
                                 rocksdb::WriteBatch* batch) const {
  batch->Put(applied_, key, answer);
}

void SteppingStore::PutRun(const internal::SteppingRun& run,
                           rocksdb::WriteBatch* batch) const {
  batch->Put(runs_, RunPrefix(run.config().run_id()), run.SerializeAsString());
}

void SteppingStore::PutClock(absl::string_view run_id, absl::Time clock,
                             rocksdb::WriteBatch* batch) const {
  internal::SteppingClock stored;
  stored.set_micros(absl::ToUnixMicros(clock));
  batch->Put(runs_, ClockKey(run_id), stored.SerializeAsString());
}

void SteppingStore::PutTimer(absl::string_view run_id, absl::Time at,
                             const internal::Timer& timer,
                             rocksdb::WriteBatch* batch) const {
  batch->Put(timers_, TimerKey(run_id, at, timer), timer.SerializeAsString());
}

void SteppingStore::DeleteTimer(absl::string_view run_id, absl::Time at,
                                const internal::Timer& timer,
                                rocksdb::WriteBatch* batch) const {
  batch->Delete(timers_, TimerKey(run_id, at, timer));
}

void SteppingStore::PutAssessment(absl::string_view run_id,
                                  const v1::RecordAssessmentRequest& finding,
                                  rocksdb::WriteBatch* batch) const {
  batch->Put(assessments_,
             KeyBuilder(RunOrDefault(run_id))
                 .Time(FromProto(finding.event_time()))
                 .Str(finding.contact_id())
                 .key(),
             finding.SerializeAsString());
}

absl::StatusOr<int64_t> SteppingStore::DeleteRun(
    absl::string_view run_id) const {
  return store_->DeletePrefix(
      {children_, applied_, runs_, timers_, assessments_,
       store_->Family(BatchAnswers::kFamily)},
      RunPrefix(run_id));
}

absl::StatusOr<v1::RunDigest> SteppingStore::Digest(
    absl::string_view run_id) const {
  return store_->Digest("stepping",
                        {kChildren, kApplied, kRuns, kTimers, kAssessments},
                        RunPrefix(run_id), RunOrDefault(run_id));
}

absl::Status SteppingStore::Write(rocksdb::WriteBatch* batch) const {
  return store_->Write(batch);
}

}  // namespace frontdoor
