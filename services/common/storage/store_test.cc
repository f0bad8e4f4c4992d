// The RocksDB wrapper: batches land whole, scans stay in their prefix, data
// survives reopening, corruption is found at open, and a disk that fills
// stops writes until space returns.
#include "services/common/storage/store.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

TEST(StoreTest, BatchLandsAndSurvivesReopen) {
  testing::TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<Store>> store =
        Store::Open({.path = dir.path(), .families = {"things"}});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    batch.Put((*store)->Family("things"), "k1", "v1");
    batch.Put((*store)->Family("things"), "k2", "v2");
    ASSERT_TRUE((*store)->Write(&batch).ok());
  }
  absl::StatusOr<std::unique_ptr<Store>> reopened =
      Store::Open({.path = dir.path(), .families = {"things"}});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  absl::StatusOr<std::optional<std::string>> value =
      (*reopened)->Get((*reopened)->Family("things"), "k2");
  ASSERT_TRUE(value.ok());
  ASSERT_TRUE(value->has_value());
  EXPECT_EQ(**value, "v2");
}

// Fills a store past its 1 MiB memtable budget, so tables reach disk.
void FillToTables(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(
      {.path = path, .families = {"things"}, .write_buffer_mib = 1});
  ASSERT_TRUE(store.ok()) << store.status();
  for (int b = 0; b < 40; ++b) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 100; ++i) {
      batch.Put((*store)->Family("things"), absl::StrCat("k", b, "-", i),
                std::string(1000, static_cast<char>('a' + i % 26)));
    }
    ASSERT_TRUE((*store)->Write(&batch).ok());
  }
}

std::vector<std::filesystem::path> FilesEndingIn(const std::string& dir,
                                                 const std::string& end) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= end.size() &&
        name.compare(name.size() - end.size(), end.size(), end) == 0) {
      found.push_back(entry.path());
    }
  }
  return found;
}

TEST(StoreTest, AFlippedByteIsFoundAtOpenNamingItsFile) {
  testing::TempDir dir;
  FillToTables(dir.path());
  const std::vector<std::filesystem::path> tables =
      FilesEndingIn(dir.path(), ".sst");
  ASSERT_FALSE(tables.empty());
  {
    std::fstream file(tables[0],
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(
        static_cast<std::streamoff>(std::filesystem::file_size(tables[0]) / 3));
    file.put('\x5a').put('\xa5').put('\x5a');
  }
  const absl::Status opened =
      Store::Open({.path = dir.path(), .families = {"things"}}).status();
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find(tables[0].filename().string()),
            std::string::npos)
      << opened;
}

TEST(StoreTest, ALostCurrentFileIsRefusedNotReplacedByAnEmptyStore) {
  testing::TempDir dir;
  FillToTables(dir.path());
  std::filesystem::remove(std::filesystem::path(dir.path()) / "CURRENT");
  const absl::Status opened =
      Store::Open({.path = dir.path(), .families = {"things"}}).status();
  EXPECT_EQ(opened.code(), absl::StatusCode::kDataLoss) << opened;
  EXPECT_NE(opened.message().find("lost its CURRENT file"), std::string::npos)
      << opened;
  EXPECT_FALSE(
      std::filesystem::exists(std::filesystem::path(dir.path()) / "CURRENT"));
}

uint64_t FreeMib(const std::string& path) {
  struct statvfs disk;
  if (statvfs(path.c_str(), &disk) != 0) return 0;
  return (static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize) >> 20;
}

// A real file of `mib` MiB, allocated at once: the disk really fills.
bool WriteBallast(const std::filesystem::path& path, int mib) {
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0600);
  if (fd < 0) return false;
  const bool allocated =
      posix_fallocate(fd, 0, static_cast<off_t>(mib) << 20) == 0;
  ::close(fd);
  return allocated;
}

TEST(StoreTest, WritesStopWhenTheDiskFillsAndResumeWhenSpaceReturns) {
  testing::TempDir dir;
  const uint64_t free_mib = FreeMib(dir.path());
  if (free_mib < 2048) GTEST_SKIP() << "needs 2 GiB free, has " << free_mib;
  // The reserve sits 256 MiB below what is free now, so 512 MiB of ballast
  // takes the disk under it, with room for other tests' writes either way.
  std::vector<absl::Status> told;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(
      {.path = dir.path(),
       .families = {"things"},
       .reserve_mib = static_cast<int>(free_mib - 256),
       .on_disk_space = [&](const absl::Status& s) { told.push_back(s); }});
  ASSERT_TRUE(store.ok()) << store.status();
  rocksdb::ColumnFamilyHandle* things = (*store)->Family("things");
  const auto put = [&](const char* key) {
    rocksdb::WriteBatch batch;
    batch.Put(things, key, key);
    return (*store)->Write(&batch);
  };
  ASSERT_TRUE(put("before").ok());

  const std::filesystem::path ballast =
      std::filesystem::path(dir.path()).parent_path() /
      ("ballast-" + std::to_string(::getpid()));
  ASSERT_TRUE(WriteBallast(ballast, 512));
  const absl::Status refused = put("while-full");
  const absl::Status refused_again = put("while-full");
  std::filesystem::remove(ballast);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  EXPECT_NE(refused.message().find(dir.path()), std::string::npos) << refused;
  EXPECT_EQ(refused_again.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(put("after").ok());
  ASSERT_EQ(told.size(), 2u);  // once when writes stopped, once resumed
  EXPECT_EQ(told[0].code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(told[1].ok());
  for (const auto& [key, kept] :
       {std::pair{"before", true}, {"while-full", false}, {"after", true}}) {
    absl::StatusOr<std::optional<std::string>> value =
        (*store)->Get(things, key);
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->has_value(), kept) << key;
  }
  // A store is not opened on a disk already under its reserve.
  const absl::Status opened =
      Store::Open({.path = dir.path() + "/other",
                   .reserve_mib = static_cast<int>(free_mib + 1024)})
          .status();
  EXPECT_EQ(opened.code(), absl::StatusCode::kResourceExhausted) << opened;
}

TEST(StoreTest, ContentDigestLeavesTheRunIdOut) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open({.path = dir.path(), .families = {"f"}});
  ASSERT_TRUE(store.ok());
  rocksdb::ColumnFamilyHandle* f = (*store)->Family("f");
  rocksdb::WriteBatch batch;
  for (const std::string run : {"b", "b3"}) {
    v1::RunDigest value;  // any message with the run id in a nested field
    value.set_service("stepping");
    value.add_parts()->set_service(run);
    batch.Put(f, run + "/k1", value.SerializeAsString());
  }
  ASSERT_TRUE((*store)->Write(&batch).ok());
  absl::StatusOr<v1::RunDigest> b = (*store)->Digest("s", {"f"}, "b/", "b");
  absl::StatusOr<v1::RunDigest> b3 = (*store)->Digest("s", {"f"}, "b3/", "b3");
  ASSERT_TRUE(b.ok() && b3.ok());
  EXPECT_EQ(b->records(), 1);
  EXPECT_NE(b->sha256(), b3->sha256());
  EXPECT_EQ(b->content_sha256(), b3->content_sha256());
  // Anything else that differs still counts.
  rocksdb::WriteBatch other;
  other.Put(f, "b3/k1", "another value");
  ASSERT_TRUE((*store)->Write(&other).ok());
  b3 = (*store)->Digest("s", {"f"}, "b3/", "b3");
  ASSERT_TRUE(b3.ok());
  EXPECT_NE(b->content_sha256(), b3->content_sha256());
}

TEST(StoreTest, ScanPrefixVisitsOnlyThePrefixInOrder) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open({.path = dir.path(), .families = {"f"}});
  ASSERT_TRUE(store.ok());
  rocksdb::ColumnFamilyHandle* f = (*store)->Family("f");
  rocksdb::WriteBatch batch;
  for (const char* key : {"a1", "b2", "b1", "c1"}) batch.Put(f, key, key);
  ASSERT_TRUE((*store)->Write(&batch).ok());

  std::vector<std::string> seen;
  ASSERT_TRUE((*store)
                  ->ScanPrefix(f, "b",
                               [&](absl::string_view key, absl::string_view) {
                                 seen.emplace_back(key);
                                 return true;
                               })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"b1", "b2"}));
}

TEST(StoreTest, MissingKeyIsEmptyNotAnError) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open({.path = dir.path(), .families = {}});
  ASSERT_TRUE(store.ok());
  absl::StatusOr<std::optional<std::string>> value =
      (*store)->Get((*store)->Family("default"), "absent");
  ASSERT_TRUE(value.ok());
  EXPECT_FALSE(value->has_value());
}

TEST(StoreTest, UnwritableDirectoryIsAClearError) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open({.path = "/proc/frontdoor-cannot-be-here", .families = {}});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("data_dir"), std::string::npos)
      << store.status();
}

}  // namespace
}  // namespace frontdoor
