// The RocksDB wrapper: batches land whole, scans stay in their prefix, data
// survives reopening.
#include "services/common/storage/store.h"

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
