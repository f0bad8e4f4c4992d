// Intake store implementation. Keys:
//   contacts:  run | contact_id                         -> ContactRecord
//   history:   run | child_id                           -> ChildHistory
//   log:       run | seq                                -> LoggedEvent
//   timeline:  run | event_time | contact_id            -> ""
//   runs:      run                                      -> RunConfig
//   findings:  run | contact_id                 -> RecordAssessmentRequest
//   run_state: run                                      -> IntakeRunState
//   delivery:  run | first seq                          -> DeliveryState
//   position:  run                                      -> LogPosition
//   finished:  run                                      -> RunFinished
#include "services/intake/intake_store.h"

#include <limits>
#include <map>

#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"

namespace frontdoor {
namespace {

constexpr char kContacts[] = "contacts";
constexpr char kHistory[] = "history";
constexpr char kLog[] = "log";
constexpr char kTimeline[] = "timeline";
constexpr char kRuns[] = "runs";
constexpr char kFindings[] = "findings";
constexpr char kRunState[] = "run_state";
constexpr char kDelivery[] = "delivery";
constexpr char kPosition[] = "position";
constexpr char kFinished[] = "finished";

std::string ContactKey(absl::string_view run_id, absl::string_view contact_id) {
  return KeyBuilder(RunOrDefault(run_id)).Str(contact_id).key();
}

KeyBuilder ChildPrefix(absl::string_view run_id, absl::string_view child_id) {
  KeyBuilder key(RunOrDefault(run_id));
  key.Str(child_id);
  return key;
}

std::string TimeKey(const v1::ContactRecord& record) {
  return KeyBuilder(RunOrDefault(record.contact().run_id()))
      .Time(FromProto(record.contact().event_time()))
      .Str(record.contact_id())
      .key();
}

}  // namespace

std::vector<std::string> IntakeStore::Families() {
  return {kContacts, kHistory,  kLog,      kTimeline, kRuns,
          kFindings, kRunState, kDelivery, kPosition, kFinished};
}

std::vector<std::string> IntakeStore::ScanOnlyFamilies() {
  return {kLog, kTimeline, kDelivery};
}

IntakeStore::IntakeStore(Store* store)
    : store_(store),
      contacts_(store->Family(kContacts)),
      history_(store->Family(kHistory)),
      log_(store->Family(kLog)),
      timeline_(store->Family(kTimeline)),
      runs_(store->Family(kRuns)),
      findings_(store->Family(kFindings)),
      run_state_(store->Family(kRunState)),
      delivery_(store->Family(kDelivery)),
      position_(store->Family(kPosition)),
      finished_(store->Family(kFinished)) {}

absl::StatusOr<std::optional<v1::ContactRecord>> IntakeStore::Find(
    absl::string_view run_id, absl::string_view contact_id) const {
  return GetStored<v1::ContactRecord>(
      *store_, contacts_, ContactKey(run_id, contact_id), "contact record");
}

absl::StatusOr<internal::ChildHistory> IntakeStore::History(
    absl::string_view run_id, absl::string_view child_id) const {
  absl::StatusOr<std::optional<internal::ChildHistory>> stored =
      GetStored<internal::ChildHistory>(
          *store_, history_, ChildPrefix(run_id, child_id).key(), "history");
  if (!stored.ok()) return stored.status();
  return stored->value_or(internal::ChildHistory());
}

absl::StatusOr<std::vector<bool>> IntakeStore::Received(
    absl::string_view run_id,
    const std::vector<std::string>& contact_ids) const {
  std::vector<std::string> keys;
  keys.reserve(contact_ids.size());
  for (const std::string& id : contact_ids) {
    keys.push_back(ContactKey(run_id, id));
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> found =
      store_->MultiGet(contacts_, keys);
  if (!found.ok()) return found.status();
  std::vector<bool> received;
  received.reserve(found->size());
  for (const std::optional<std::string>& value : *found) {
    received.push_back(value.has_value());
  }
  return received;
}

absl::StatusOr<absl::flat_hash_map<std::string, internal::ChildHistory>>
IntakeStore::Histories(absl::string_view run_id,
                       const std::vector<std::string>& child_ids) const {
  std::vector<std::string> keys;
  keys.reserve(child_ids.size());
  for (const std::string& child : child_ids) {
    keys.push_back(ChildPrefix(run_id, child).key());
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> found =
      store_->MultiGet(history_, keys);
  if (!found.ok()) return found.status();
  absl::flat_hash_map<std::string, internal::ChildHistory> histories;
  histories.reserve(child_ids.size());
  for (size_t i = 0; i < child_ids.size(); ++i) {
    internal::ChildHistory& history = histories[child_ids[i]];
    if (!(*found)[i].has_value()) continue;
    absl::StatusOr<internal::ChildHistory> parsed =
        ParseStored<internal::ChildHistory>(*(*found)[i], "history");
    if (!parsed.ok()) return parsed.status();
    history = *std::move(parsed);
  }
  return histories;
}

absl::Status IntakeStore::Accept(
    absl::string_view run_id,
    const std::vector<const v1::ContactRecord*>& contacts,
    const absl::flat_hash_map<std::string, internal::ChildHistory>& histories,
    const std::vector<const v1::RecordAssessmentRequest*>& findings,
    const std::vector<LogEntry>& log, const internal::IntakeRunState& state,
    uint64_t next_seq) {
  const std::string run = RunOrDefault(run_id);
  rocksdb::WriteBatch batch;
  for (const v1::ContactRecord* record : contacts) {
    batch.Put(contacts_, ContactKey(run, record->contact_id()),
              record->SerializeAsString());
    batch.Put(timeline_, TimeKey(*record), "");
  }
  for (const auto& [child_id, history] : histories) {
    batch.Put(history_, ChildPrefix(run, child_id).key(),
              history.SerializeAsString());
  }
  for (const v1::RecordAssessmentRequest* finding : findings) {
    batch.Put(findings_, ContactKey(run, finding->contact_id()),
              finding->SerializeAsString());
  }
  for (const LogEntry& entry : log) {
    batch.Put(log_, KeyBuilder(run).U64(entry.seq).key(),
              entry.event.SerializeAsString());
  }
  batch.Put(run_state_, KeyBuilder(run).key(), state.SerializeAsString());
  internal::LogPosition position;
  position.set_next_seq(next_seq);
  batch.Put(position_, KeyBuilder(run).key(), position.SerializeAsString());
  return store_->Write(&batch);
}

absl::Status IntakeStore::Complete(
    absl::string_view run_id,
    const std::vector<const v1::ContactRecord*>& decided, uint64_t first_seq,
    uint64_t end_seq) {
  const std::string run = RunOrDefault(run_id);
  rocksdb::WriteBatch batch;
  for (const v1::ContactRecord* record : decided) {
    batch.Put(contacts_, ContactKey(run, record->contact_id()),
              record->SerializeAsString());
  }
  // One range tombstone for the batch rather than one per event.
  batch.DeleteRange(log_, KeyBuilder(run).U64(first_seq).key(),
                    KeyBuilder(run).U64(end_seq).key());
  batch.Delete(delivery_, KeyBuilder(run).U64(first_seq).key());
  return store_->Write(&batch);
}

absl::Status IntakeStore::PlanBatch(absl::string_view run_id,
                                    const internal::DeliveryState& batch) {
  rocksdb::WriteBatch write;
  write.Put(delivery_,
            KeyBuilder(RunOrDefault(run_id)).U64(batch.first_seq()).key(),
            batch.SerializeAsString());
  return store_->Write(&write);
}

absl::Status IntakeStore::ScanPlannedBatches(
    const std::function<void(const std::string&, internal::DeliveryState)>&
        visit) const {
  return ScanStored<internal::DeliveryState>(
      *store_, delivery_, "", "delivery state",
      [&](absl::string_view key,
          internal::DeliveryState batch) -> absl::StatusOr<bool> {
        KeyReader reader(key);
        std::string run_id;
        uint64_t first = 0;
        if (!reader.Str(&run_id) || !reader.U64(&first)) {
          return absl::DataLossError("delivery: malformed key");
        }
        visit(run_id, std::move(batch));
        return true;
      });
}

absl::Status IntakeStore::ScanLog(
    const std::function<bool(const std::string&, LogEntry)>& visit) const {
  return ScanStored<internal::LoggedEvent>(
      *store_, log_, "", "logged event",
      [&](absl::string_view key,
          internal::LoggedEvent event) -> absl::StatusOr<bool> {
        KeyReader reader(key);
        std::string run_id;
        LogEntry entry;
        if (!reader.Str(&run_id) || !reader.U64(&entry.seq)) {
          return absl::DataLossError("log: malformed key");
        }
        entry.event = std::move(event);
        return visit(run_id, std::move(entry));
      });
}

absl::StatusOr<std::optional<v1::RecordAssessmentRequest>>
IntakeStore::FindFinding(absl::string_view run_id,
                         absl::string_view contact_id) const {
  return GetStored<v1::RecordAssessmentRequest>(
      *store_, findings_, ContactKey(run_id, contact_id), "finding");
}

absl::StatusOr<uint64_t> IntakeStore::NextSeq(absl::string_view run_id) const {
  absl::StatusOr<std::optional<internal::LogPosition>> stored =
      GetStored<internal::LogPosition>(*store_, position_,
                                       KeyBuilder(RunOrDefault(run_id)).key(),
                                       "log position");
  if (!stored.ok()) return stored.status();
  return stored->has_value() ? (*stored)->next_seq() : 0;
}

absl::StatusOr<internal::IntakeRunState> IntakeStore::RunState(
    absl::string_view run_id) const {
  absl::StatusOr<std::optional<internal::IntakeRunState>> stored =
      GetStored<internal::IntakeRunState>(
          *store_, run_state_, KeyBuilder(RunOrDefault(run_id)).key(),
          "run state");
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) return **stored;
  internal::IntakeRunState empty;
  empty.set_clock_micros(std::numeric_limits<int64_t>::min());
  return empty;
}

absl::StatusOr<v1::RunDigest> IntakeStore::Digest(
    absl::string_view run_id) const {
  return store_->Digest(
      "intake", {kContacts, kHistory, kTimeline, kRuns, kFindings, kRunState},
      KeyBuilder(RunOrDefault(run_id)).key(), RunOrDefault(run_id));
}

absl::Status IntakeStore::ScanRun(
    absl::string_view run_id,
    const std::function<bool(const v1::ContactRecord&)>& visit) const {
  const std::string prefix = KeyBuilder(RunOrDefault(run_id)).key();
  absl::Status failure;
  absl::Status scanned = store_->ScanPrefix(
      timeline_, prefix, [&](absl::string_view key, absl::string_view) {
        KeyReader reader(key.substr(prefix.size()));
        absl::Time ignored;
        std::string contact_id;
        if (!reader.Time(&ignored) || !reader.Str(&contact_id)) {
          failure = absl::DataLossError("timeline: malformed key");
          return false;
        }
        absl::StatusOr<std::optional<v1::ContactRecord>> record =
            Find(run_id, contact_id);
        if (!record.ok() || !record->has_value()) {
          failure =
              record.ok()
                  ? absl::DataLossError("timeline names a missing contact")
                  : record.status();
          return false;
        }
        return visit(**record);
      });
  if (!scanned.ok()) return scanned;
  return failure;
}

absl::StatusOr<std::optional<v1::RunConfig>> IntakeStore::FindRun(
    absl::string_view run_id) const {
  return GetStored<v1::RunConfig>(*store_, runs_, KeyBuilder(run_id).key(),
                                  "run config");
}

absl::StatusOr<bool> IntakeStore::Finished(absl::string_view run_id) const {
  absl::StatusOr<std::optional<internal::RunFinished>> stored =
      GetStored<internal::RunFinished>(*store_, finished_,
                                       KeyBuilder(RunOrDefault(run_id)).key(),
                                       "run finished");
  if (!stored.ok()) return stored.status();
  return stored->has_value();
}

absl::Status IntakeStore::Finish(absl::string_view run_id,
                                 int64_t finished_unix) {
  internal::RunFinished finished;
  finished.set_finished_unix(finished_unix);
  rocksdb::WriteBatch batch;
  batch.Put(finished_, KeyBuilder(RunOrDefault(run_id)).key(),
            finished.SerializeAsString());
  return store_->Write(&batch);
}

absl::Status IntakeStore::PutRun(const v1::RunConfig& config) {
  rocksdb::WriteBatch batch;
  batch.Put(runs_, KeyBuilder(config.run_id()).key(),
            config.SerializeAsString());
  return store_->Write(&batch);
}

absl::StatusOr<std::vector<v1::RunInfo>> IntakeStore::ListRuns() const {
  std::map<std::string, v1::RunInfo> runs;
  absl::Status scanned = ScanStored<v1::RunConfig>(
      *store_, runs_, "", "run config",
      [&](absl::string_view, v1::RunConfig config) -> absl::StatusOr<bool> {
        *runs[config.run_id()].mutable_config() = std::move(config);
        return true;
      });
  if (!scanned.ok()) return scanned;
  scanned = ScanStored<internal::IntakeRunState>(
      *store_, run_state_, "", "run state",
      [&](absl::string_view key,
          internal::IntakeRunState state) -> absl::StatusOr<bool> {
        KeyReader reader(key);
        std::string run_id;
        if (!reader.Str(&run_id)) {
          return absl::DataLossError("run_state: malformed key");
        }
        v1::RunInfo& info = runs[run_id];
        info.mutable_config()->set_run_id(run_id);
        info.set_contacts(state.contacts());
        if (state.contacts() > 0) {
          *info.mutable_clock() =
              ToProto(absl::FromUnixMicros(state.clock_micros()));
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  scanned = ScanStored<internal::RunFinished>(
      *store_, finished_, "", "run finished",
      [&](absl::string_view key,
          internal::RunFinished) -> absl::StatusOr<bool> {
        KeyReader reader(key);
        std::string run_id;
        if (!reader.Str(&run_id)) {
          return absl::DataLossError("finished: malformed key");
        }
        runs[run_id].set_finished(true);
        return true;
      });
  if (!scanned.ok()) return scanned;
  std::vector<v1::RunInfo> list;
  for (auto& [id, info] : runs) list.push_back(std::move(info));
  return list;
}

absl::StatusOr<int64_t> IntakeStore::DeleteRun(absl::string_view run_id) {
  const std::string prefix = KeyBuilder(RunOrDefault(run_id)).key();
  return store_->DeletePrefix(
      {contacts_, history_, log_, timeline_, runs_, findings_, run_state_,
       delivery_, position_, finished_},
      prefix);
}

absl::StatusOr<std::vector<v1::ContactRecord>> IntakeStore::ChildContacts(
    absl::string_view run_id, absl::string_view child_id) const {
  absl::StatusOr<internal::ChildHistory> history = History(run_id, child_id);
  if (!history.ok()) return history.status();
  std::vector<v1::ContactRecord> records;
  for (const internal::ChildHistory::Entry& entry : history->contacts()) {
    absl::StatusOr<std::optional<v1::ContactRecord>> record =
        Find(run_id, entry.contact_id());
    if (!record.ok()) return record.status();
    if (!record->has_value()) {
      return absl::DataLossError("history names a contact that is missing");
    }
    records.push_back(**std::move(record));
  }
  return records;
}

}  // namespace frontdoor
