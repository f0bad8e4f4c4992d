// Batch answers: a numbered batch sent again gets its first answer; one
// older than those kept is refused rather than applied twice.
#include "services/common/storage/batch_answers.h"

#include "frontdoor/internal/state.pb.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

class BatchAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Store>> store =
        Store::Open({.path = dir_.path(), .families = {BatchAnswers::kFamily}});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    answers_ = std::make_unique<BatchAnswers>(store_.get());
  }

  // Stores `value` as the answer to `batch` of run "r".
  void Answer(uint64_t batch, int64_t value) {
    internal::SteppingClock answer;
    answer.set_micros(value);
    rocksdb::WriteBatch write;
    ASSERT_TRUE(answers_->Record("r", "apply", batch, answer, &write).ok());
    ASSERT_TRUE(store_->Write(&write).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BatchAnswers> answers_;
};

TEST_F(BatchAnswersTest, ABatchSentAgainGetsItsFirstAnswer) {
  internal::SteppingClock found;
  absl::StatusOr<bool> answered = answers_->Find("r", "apply", 1, &found);
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_FALSE(*answered);

  Answer(1, 10);
  Answer(7, 70);
  answered = answers_->Find("r", "apply", 1, &found);
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_TRUE(*answered);
  EXPECT_EQ(found.micros(), 10);
  answered = answers_->Find("r", "apply", 7, &found);
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(found.micros(), 70);
  // Another kind or run has answers of its own.
  EXPECT_FALSE(*answers_->Find("r", "observe", 7, &found));
  EXPECT_FALSE(*answers_->Find("other", "apply", 7, &found));
  // A newer batch is new, and an unnumbered call is never answered.
  EXPECT_FALSE(*answers_->Find("r", "apply", 8, &found));
  EXPECT_FALSE(*answers_->Find("r", "apply", 0, &found));
}

TEST_F(BatchAnswersTest, ABatchOlderThanTheKeptOnesIsRefused) {
  Answer(1, 10);
  Answer(2, 20);
  Answer(3, 30);
  internal::SteppingClock found;
  absl::StatusOr<bool> answered = answers_->Find("r", "apply", 1, &found);
  EXPECT_EQ(answered.status().code(), absl::StatusCode::kFailedPrecondition);
  // Between kept ones but never answered: refused too.
  Answer(9, 90);
  answered = answers_->Find("r", "apply", 5, &found);
  EXPECT_EQ(answered.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(*answers_->Find("r", "apply", 3, &found));
  EXPECT_EQ(found.micros(), 30);
}

}  // namespace
}  // namespace frontdoor
