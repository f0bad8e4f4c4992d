// The level journal's file: answers kept are replayed in order, a record
// (or a header) a kill cut short is dropped, and another run's journal is
// refused.
#include "clients/simulate/level_journal.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

// A record as the journal writes one: 4-byte little-endian length, bytes.
std::string Record(const std::string& bytes) {
  std::string out;
  const uint32_t size = static_cast<uint32_t>(bytes.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(size >> (8 * i)));
  return out + bytes;
}

class LevelJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("level-journal-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    path_ = (dir_ / "run.levels").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
  v1::Scenario scenario_ = WithDefaults(v1::Scenario());
  // Never called: every read below is answered from the journal.
  cli::ServiceClient client_{"127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1"};
};

TEST_F(LevelJournalTest, ReplaysWholeRecordsAndDropsACutOne) {
  ASSERT_TRUE(LevelJournal::Open(path_, "r", scenario_).ok());  // header
  v1::GetChildrenRequest asked;
  asked.set_run_id("r");
  asked.add_child_ids("C1");
  v1::GetChildrenResponse answered;
  answered.add_children()->set_level(v1::SERVICE_LEVEL_CHILD_IN_NEED);
  const auto whole_size = std::filesystem::file_size(path_);
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << Record(asked.SerializeAsString())
        << Record(answered.SerializeAsString())
        << Record(asked.SerializeAsString()).substr(0, 5);  // cut short
  }
  absl::StatusOr<std::unique_ptr<LevelJournal>> journal =
      LevelJournal::Open(path_, "r", scenario_);
  ASSERT_TRUE(journal.ok()) << journal.status();
  EXPECT_EQ((*journal)->journaled(), 1);
  EXPECT_EQ(std::filesystem::file_size(path_),
            whole_size + 8 + asked.ByteSizeLong() + answered.ByteSizeLong());
  absl::StatusOr<std::vector<v1::GetChildResponse>> levels =
      (*journal)->Read(client_, {"C1"});
  ASSERT_TRUE(levels.ok()) << levels.status();
  ASSERT_EQ(levels->size(), 1u);
  EXPECT_EQ((*levels)[0].level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ((*journal)->replayed(), 1);
}

TEST_F(LevelJournalTest, AHeaderCutShortIsAnEmptyJournal) {
  ASSERT_TRUE(LevelJournal::Open(path_, "r", scenario_).ok());
  const auto whole_size = std::filesystem::file_size(path_);
  std::filesystem::resize_file(path_, whole_size - 3);
  absl::StatusOr<std::unique_ptr<LevelJournal>> journal =
      LevelJournal::Open(path_, "r", scenario_);
  ASSERT_TRUE(journal.ok()) << journal.status();
  EXPECT_EQ((*journal)->journaled(), 0);
  EXPECT_EQ(std::filesystem::file_size(path_), whole_size);
}

TEST_F(LevelJournalTest, RefusesAnotherRunsJournalAndAnotherRead) {
  ASSERT_TRUE(LevelJournal::Open(path_, "r", scenario_).ok());
  v1::Scenario other = scenario_;
  other.set_seed(2);
  for (const absl::Status& refused :
       {LevelJournal::Open(path_, "r", other).status(),
        LevelJournal::Open(path_, "s", scenario_).status()}) {
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(refused.message().find(path_), std::string::npos) << refused;
  }
  // A journal whose next read asked for other children.
  v1::GetChildrenRequest asked;
  asked.set_run_id("r");
  asked.add_child_ids("C1");
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << Record(asked.SerializeAsString())
        << Record(v1::GetChildrenResponse().SerializeAsString());
  }
  absl::StatusOr<std::unique_ptr<LevelJournal>> journal =
      LevelJournal::Open(path_, "r", scenario_);
  ASSERT_TRUE(journal.ok());
  const absl::Status mismatch = (*journal)->Read(client_, {"C2"}).status();
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(mismatch.message().find("does not match"), std::string::npos);
}

}  // namespace
}  // namespace frontdoor
