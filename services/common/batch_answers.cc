// Batch answers: one record per run and kind, the latest kKept answers.
#include "services/common/batch_answers.h"

#include "absl/strings/str_cat.h"
#include "frontdoor/internal/state.pb.h"
#include "services/common/ids.h"
#include "services/common/key_codec.h"
#include "services/common/stored_proto.h"

namespace frontdoor {
namespace {

std::string AnswersKey(absl::string_view run_id, absl::string_view kind) {
  return KeyBuilder(RunOrDefault(run_id)).Str(kind).key();
}

}  // namespace

BatchAnswers::BatchAnswers(Store* store)
    : store_(store), family_(store->Family(kFamily)) {}

absl::StatusOr<bool> BatchAnswers::Find(
    absl::string_view run_id, absl::string_view kind, uint64_t batch,
    google::protobuf::Message* answer) const {
  if (batch == 0) return false;
  absl::StatusOr<std::optional<internal::BatchAnswers>> stored =
      GetStored<internal::BatchAnswers>(*store_, family_,
                                        AnswersKey(run_id, kind), "answers");
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return false;
  for (const internal::BatchAnswers::Answer& kept : (*stored)->answers()) {
    if (kept.batch() != batch) continue;
    if (!answer->ParseFromString(kept.response())) {
      return absl::DataLossError(
          absl::StrCat("stored answer to ", kind, " batch is corrupt"));
    }
    return true;
  }
  const int size = (*stored)->answers_size();
  if (size > 0 && batch <= (*stored)->answers(size - 1).batch()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "batch: ", kind, " batch ", batch, " of run ", RunOrDefault(run_id),
        " is older than the latest answered (",
        (*stored)->answers(size - 1).batch(), ") and its answer is gone"));
  }
  return false;
}

absl::Status BatchAnswers::Record(absl::string_view run_id,
                                  absl::string_view kind, uint64_t batch,
                                  const google::protobuf::Message& answer,
                                  rocksdb::WriteBatch* write) const {
  const std::string key = AnswersKey(run_id, kind);
  absl::StatusOr<std::optional<internal::BatchAnswers>> stored =
      GetStored<internal::BatchAnswers>(*store_, family_, key, "answers");
  if (!stored.ok()) return stored.status();
  internal::BatchAnswers answers = stored->value_or(internal::BatchAnswers());
  internal::BatchAnswers::Answer* added = answers.add_answers();
  added->set_batch(batch);
  added->set_response(answer.SerializeAsString());
  while (answers.answers_size() > kKept) {
    answers.mutable_answers()->erase(answers.mutable_answers()->begin());
  }
  return FromRocks(write->Put(family_, key, answers.SerializeAsString()));
}

}  // namespace frontdoor
