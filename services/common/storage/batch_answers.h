// A service's answers to the numbered batches of intake's flow, kept so
// that a batch sent again (after a lost reply, a crash or a restart) is
// answered exactly as the first time, in one lookup per batch rather than
// one per contact.
#ifndef FRONTDOOR_SERVICES_COMMON_STORAGE_BATCH_ANSWERS_H_
#define FRONTDOOR_SERVICES_COMMON_STORAGE_BATCH_ANSWERS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "rocksdb/write_batch.h"
#include "services/common/storage/store.h"

namespace frontdoor {

// Stored answers of a run's latest two numbered batches of one kind, in
// family `answers`:
//   run | kind          -> internal::AnswerIndex (the kept batch numbers)
//   run | kind | batch  -> the serialized response
// One record per answer: threshold's answer holds a thousand decisions, and
// rewriting the kept pair on every batch was most of what it wrote. The
// family is bookkeeping of the flow, not state: digests leave it out, since
// it depends on how events were batched.
class BatchAnswers {
 public:
  // The column family, for Store::Open's list.
  static constexpr char kFamily[] = "answers";
  // How many of a kind are kept: intake has at most two batches of a run
  // not yet complete.
  static constexpr int kKept = 2;

  explicit BatchAnswers(Store* store);

  // Fills `answer` with the stored answer to `batch` and returns true, or
  // returns false for a batch not yet answered (and for batch 0, a call
  // outside intake's flow). A batch older than the latest answered, and
  // not kept, is FAILED_PRECONDITION: answering it afresh would apply it
  // twice.
  absl::StatusOr<bool> Find(absl::string_view run_id, absl::string_view kind,
                            uint64_t batch,
                            google::protobuf::Message* answer) const;

  // Adds `answer` to `write` as the answer to `batch`, dropping the oldest
  // beyond kKept.
  absl::Status Record(absl::string_view run_id, absl::string_view kind,
                      uint64_t batch, const google::protobuf::Message& answer,
                      rocksdb::WriteBatch* write) const;

 private:
  Store* store_;
  rocksdb::ColumnFamilyHandle* family_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_STORAGE_BATCH_ANSWERS_H_
