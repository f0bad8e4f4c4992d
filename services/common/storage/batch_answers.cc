// Batch answers: an index per run and kind naming the kept batches, and
// one record per kept answer.
#include "services/common/storage/batch_answers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "frontdoor/internal/state.pb.h"
#include "lib/domain/ids.h"
#include "services/common/storage/key_codec.h"
#include "services/common/storage/stored_proto.h"

namespace frontdoor {
namespace {

KeyBuilder IndexKey(absl::string_view run_id, absl::string_view kind) {
  KeyBuilder key(RunOrDefault(run_id));
  key.Str(kind);
  return key;
}

std::string AnswerKey(absl::string_view run_id, absl::string_view kind,
                      uint64_t batch) {
  return IndexKey(run_id, kind).U64(batch).key();
}

}  // namespace

BatchAnswers::BatchAnswers(Store* store)
    : store_(store), family_(store->Family(kFamily)) {}

absl::StatusOr<bool> BatchAnswers::Find(
    absl::string_view run_id, absl::string_view kind, uint64_t batch,
    google::protobuf::Message* answer) const {
  if (batch == 0) return false;
  absl::StatusOr<std::optional<internal::AnswerIndex>> index =
      GetStored<internal::AnswerIndex>(
          *store_, family_, IndexKey(run_id, kind).key(), "answer index");
  if (!index.ok()) return index.status();
  if (!index->has_value() || (*index)->kept().empty()) return false;
  const auto& kept = (*index)->kept();
  if (std::find(kept.begin(), kept.end(), batch) != kept.end()) {
    absl::StatusOr<std::optional<std::string>> stored =
        store_->Get(family_, AnswerKey(run_id, kind, batch));
    if (!stored.ok()) return stored.status();
    if (!stored->has_value() || !answer->ParseFromString(**stored)) {
      return absl::DataLossError(absl::StrCat("stored answer to ", kind,
                                              " batch ", batch,
                                              " is missing or corrupt"));
    }
    return true;
  }
  const uint64_t latest = kept[kept.size() - 1];
  if (batch <= latest) {
    return absl::FailedPreconditionError(absl::StrCat(
        "batch: ", kind, " batch ", batch, " of run ", RunOrDefault(run_id),
        " is older than the latest answered (", latest,
        ") and its answer is gone"));
  }
  return false;
}

absl::Status BatchAnswers::Record(absl::string_view run_id,
                                  absl::string_view kind, uint64_t batch,
                                  const google::protobuf::Message& answer,
                                  rocksdb::WriteBatch* write) const {
  const std::string index_key = IndexKey(run_id, kind).key();
  absl::StatusOr<std::optional<internal::AnswerIndex>> stored =
      GetStored<internal::AnswerIndex>(*store_, family_, index_key,
                                       "answer index");
  if (!stored.ok()) return stored.status();
  internal::AnswerIndex index = stored->value_or(internal::AnswerIndex());
  index.add_kept(batch);
  if (rocksdb::Status s = write->Put(family_, AnswerKey(run_id, kind, batch),
                                     answer.SerializeAsString());
      !s.ok()) {
    return FromRocks(s);
  }
  while (index.kept_size() > kKept) {
    if (rocksdb::Status s =
            write->Delete(family_, AnswerKey(run_id, kind, index.kept(0)));
        !s.ok()) {
      return FromRocks(s);
    }
    index.mutable_kept()->erase(index.mutable_kept()->begin());
  }
  return FromRocks(write->Put(family_, index_key, index.SerializeAsString()));
}

}  // namespace frontdoor
