// A thin RocksDB wrapper: one database per service, with named column
// families, every result an absl::Status.
#ifndef FRONTDOOR_SERVICES_COMMON_STORAGE_STORE_H_
#define FRONTDOOR_SERVICES_COMMON_STORAGE_STORE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/runs.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace frontdoor {

// How a store is opened.
struct StoreOptions {
  // Directory of the database; created when missing.
  std::string path;
  // Column families besides "default", each named for the kind of record it
  // holds. Opening creates the missing ones.
  std::vector<std::string> families;
  // fsync the write-ahead log on every write. Off by default: the WAL still
  // survives a killed process, only a machine crash can lose the last writes.
  bool sync_writes = false;
  // Block cache shared by every family, in MiB: bounds the memory that
  // reads use however large the store grows.
  int block_cache_mib = 64;
  // Memtables of every family together, in MiB.
  int write_buffer_mib = 64;
  // Families that are only ever scanned, never looked up by key: they get
  // no bloom filter, so the block cache keeps the filters that are used.
  std::vector<std::string> scan_only;
  // Reads every table's checksums at open and refuses a corrupt store,
  // naming the file (a few seconds a gigabyte).
  bool verify_at_open = true;
  // Free space, in MiB, kept on the store's disk: a write that finds less
  // is refused with RESOURCE_EXHAUSTED, and writes resume by themselves
  // once space returns. RocksDB that runs out of space mid-write aborts
  // (Debian's build keeps its assertions), so it is never let near it.
  // 0: no reserve.
  int reserve_mib = 256;
  // Told when writes stop for lack of space (the refusal) and when they
  // resume (OK), for the service's log.
  std::function<void(const absl::Status&)> on_disk_space;
};

// One open RocksDB database. Thread-safe, as RocksDB is.
class Store {
 public:
  // Opens (or creates) the database described by `options`.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const StoreOptions& options);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The handle of a family named in StoreOptions::families (or "default").
  rocksdb::ColumnFamilyHandle* Family(absl::string_view name) const;

  // Reads one value; nullopt when the key is absent.
  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* family, absl::string_view key) const;

  // Reads many values of one family at once (one lookup pass for the lot,
  // cheaper than a Get each); nullopt for each absent key.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      rocksdb::ColumnFamilyHandle* family,
      const std::vector<std::string>& keys) const;

  // Applies a batch atomically: all of it lands or none.
  absl::Status Write(rocksdb::WriteBatch* batch);

  // Deletes every key starting with `prefix` in each of `families`, in one
  // batch; returns how many were deleted.
  absl::StatusOr<int64_t> DeletePrefix(
      const std::vector<rocksdb::ColumnFamilyHandle*>& families,
      absl::string_view prefix);

  // A SHA-256 over every (family name, key, value) whose key starts with
  // `prefix`, families in the order given, keys in order: equal for equal
  // contents whatever the history of writes. `service` names the result.
  // Beside it, the content digest: the same records with `prefix` cut from
  // the keys and every field equal to `run_id` cut from the values, equal
  // for two runs with equal records under different run ids.
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view service,
                                       const std::vector<std::string>& families,
                                       absl::string_view prefix,
                                       absl::string_view run_id) const;

  // Calls `visit` for each key starting with `prefix`, in key order, until it
  // returns false.
  absl::Status ScanPrefix(
      rocksdb::ColumnFamilyHandle* family, absl::string_view prefix,
      const std::function<bool(absl::string_view key, absl::string_view value)>&
          visit) const;
  // Calls `visit` for each key in [from, until), in key order, until it
  // returns false.
  absl::Status ScanRange(
      rocksdb::ColumnFamilyHandle* family, absl::string_view from,
      absl::string_view until,
      const std::function<bool(absl::string_view key, absl::string_view value)>&
          visit) const;

  // Bytes each column family holds on disk (SST files) and in memory
  // (memtables), by family name, for the metrics endpoint.
  struct FamilySize {
    std::string family;
    uint64_t sst_bytes = 0;
    uint64_t memtable_bytes = 0;
  };
  std::vector<FamilySize> Sizes() const;

  // Keys (puts, deletes and range deletes) and bytes of write batches
  // applied since the store opened: what each contact costs the log, for
  // the metrics endpoint and the benchmarks.
  struct Written {
    int64_t keys = 0;
    int64_t bytes = 0;
  };
  Written WrittenSoFar() const;

  // OK while the store's disk has its reserve free; RESOURCE_EXHAUSTED
  // saying how much is free otherwise. Write checks it first.
  absl::Status CheckDiskSpace();

 private:
  Store(std::unique_ptr<rocksdb::DB> db,
        std::vector<rocksdb::ColumnFamilyHandle*> handles,
        const StoreOptions& options);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::WriteOptions write_options_;
  std::atomic<int64_t> keys_written_{0};
  std::atomic<int64_t> bytes_written_{0};
  std::string path_;
  uint64_t reserve_bytes_ = 0;
  std::function<void(const absl::Status&)> on_disk_space_;
  // Serialises the full/room transitions so each is reported once; a
  // write that finds room while the disk was not full takes no lock.
  std::mutex disk_mu_;
  std::atomic<bool> disk_full_{false};
};

// OK when the disk holding `path` has `reserve_bytes` free, else
// RESOURCE_EXHAUSTED saying what is free and what to do.
absl::Status HasFreeSpace(const std::string& path, uint64_t reserve_bytes);

// One digest over several (each service's, in the order given), with the
// parts kept beside it: equal parts give an equal combination.
v1::RunDigest CombineDigests(absl::string_view service,
                             const std::vector<v1::RunDigest>& parts);

// Converts a RocksDB status into an absl::Status with the same meaning.
absl::Status FromRocks(const rocksdb::Status& status);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_STORAGE_STORE_H_
