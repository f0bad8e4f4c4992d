// RocksDB wrapper implementation.
#include "services/common/storage/store.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/write_buffer_manager.h"

namespace frontdoor {

absl::Status FromRocks(const rocksdb::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat("rocksdb: ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsBusy() || status.IsTryAgain()) {
    return absl::UnavailableError(message);
  }
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

namespace {

// The tables of a family looked up by key: filters, a bounded cache for
// blocks, indexes and filters, and cheap checksums.
rocksdb::BlockBasedTableOptions LookupTable(const StoreOptions& options) {
  // Bloom filters (10 bits a key, ~1% false positives) make the lookups that
  // usually miss (a new contact's id, an operation not yet applied) cost no
  // disk read; one bounded block cache keeps resident memory flat as the
  // store grows; index and filter blocks live in that cache too.
  //
  // Filters and indexes are partitioned (4 KiB pieces, top level pinned): a
  // whole-file filter of a large SST outgrows a cache shard and was read
  // from disk on every lookup, a third of intake's time at 1M contacts.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = rocksdb::NewLRUCache(
      static_cast<size_t>(options.block_cache_mib) << 20, /*num_shard_bits=*/4,
      /*strict_capacity_limit=*/false, /*high_pri_pool_ratio=*/0.5);
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.pin_top_level_index_and_filter = true;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  // XXH3 block checksums: Debian's RocksDB is built portable, so CRC32C
  // runs in software, and every flush and compaction checksums each block.
  table.checksum = rocksdb::kXXH3;
  // No prefix extractor: every lookup is by whole key, and prefix entries
  // would double the filters. At 10M contacts stored, filters and indexes
  // outgrew the block cache and every lookup read them again.
  return table;
}

// A family looked up by key, its memtables flushed uncompressed.
rocksdb::ColumnFamilyOptions LookupFamily(
    const rocksdb::BlockBasedTableOptions& table) {
  rocksdb::ColumnFamilyOptions family_options;
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family_options.write_buffer_size = 16 << 20;
  // Young data is rewritten soon by compaction: compressing it on every
  // flush and every L0->L1 compaction cost each service a tenth of its time.
  // Snappy from L2 down, where most of the bytes settle.
  family_options.compression_per_level = {
      rocksdb::kNoCompression,     rocksdb::kNoCompression,
      rocksdb::kSnappyCompression, rocksdb::kSnappyCompression,
      rocksdb::kSnappyCompression, rocksdb::kSnappyCompression,
      rocksdb::kSnappyCompression};
  // Most point lookups miss (a new contact's id, an operation not yet
  // applied): a bloom filter over the memtable answers those without a
  // search of its skip list, which was a fifth of stepping's time.
  family_options.memtable_prefix_bloom_size_ratio = 0.1;
  family_options.memtable_whole_key_filtering = true;
  return family_options;
}

// A family only ever scanned (logs, histories): no filters to build or keep.
rocksdb::ColumnFamilyOptions ScanOnlyFamily(
    const rocksdb::ColumnFamilyOptions& family_options,
    const rocksdb::BlockBasedTableOptions& table) {
  rocksdb::ColumnFamilyOptions scan_only_options = family_options;
  rocksdb::BlockBasedTableOptions scan_only_table = table;
  scan_only_table.filter_policy.reset();
  scan_only_table.partition_filters = false;
  scan_only_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(scan_only_table));
  scan_only_options.memtable_prefix_bloom_size_ratio = 0;
  scan_only_options.memtable_whole_key_filtering = false;
  return scan_only_options;
}

}  // namespace

namespace {

// A database folder whose CURRENT file (naming the live MANIFEST) is gone
// would otherwise open as a new, empty database beside the old tables, or
// fail with RocksDB's own words: refused, saying what is missing.
absl::Status CheckNotOrphaned(const std::string& path) {
  if (std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) {
    return absl::OkStatus();
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("MANIFEST-", 0) == 0 || entry.path().extension() == ".sst") {
      return absl::DataLossError(absl::StrCat(
          "the store in ", path,
          " has lost its CURRENT file (it names the "
          "live MANIFEST; ",
          name,
          " is there); nothing was opened or "
          "created. Restore the folder from a backup, or write the newest "
          "MANIFEST's name into CURRENT"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const StoreOptions& options) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("data_dir: must not be empty");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data_dir: cannot create ", options.path, ": ", ec.message()));
  }

  if (absl::Status s = CheckNotOrphaned(options.path); !s.ok()) return s;
  // Opening replays the log into tables, which needs room.
  if (absl::Status s = HasFreeSpace(
          options.path, static_cast<uint64_t>(options.reserve_mib) << 20);
      !s.ok()) {
    return s;
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Two cores: one background thread flushes while another compacts.
  db_options.max_background_jobs = 2;
  db_options.enable_write_thread_adaptive_yield = false;
  // Every family's memtables share one budget, so memory stays bounded
  // however many families a service has.
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(
          static_cast<size_t>(options.write_buffer_mib) << 20);

  const rocksdb::BlockBasedTableOptions table = LookupTable(options);
  const rocksdb::ColumnFamilyOptions family_options = LookupFamily(table);
  const rocksdb::ColumnFamilyOptions scan_only_options =
      ScanOnlyFamily(family_options, table);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family_options);
  for (const std::string& name : options.families) {
    const bool scanned =
        std::find(options.scan_only.begin(), options.scan_only.end(), name) !=
        options.scan_only.end();
    descriptors.emplace_back(name,
                             scanned ? scan_only_options : family_options);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status status =
      rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (!status.ok()) {
    return absl::Status(
        FromRocks(status).code(),
        absl::StrCat("opening ", options.path, ": ", status.ToString()));
  }
  auto store = std::unique_ptr<Store>(new Store(
      std::unique_ptr<rocksdb::DB>(raw), std::move(handles), options));
  // Every table's checksums, read once at start: a flipped byte found now
  // names its file, instead of a healthy start and DATA_LOSS on some read.
  if (options.verify_at_open) {
    if (const rocksdb::Status verified = store->db_->VerifyChecksum();
        !verified.ok()) {
      return absl::DataLossError(absl::StrCat(
          "the store in ", options.path, " is corrupt: ", verified.ToString(),
          "; nothing was served. Restore the folder from a backup, or drop "
          "the damaged file with `ldb --db=",
          options.path, " repair` (rocksdb-tools), which loses its records"));
    }
  }
  return store;
}

std::vector<Store::FamilySize> Store::Sizes() const {
  std::vector<FamilySize> sizes;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    FamilySize size{handle->GetName()};
    db_->GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize,
                        &size.sst_bytes);
    db_->GetIntProperty(handle, rocksdb::DB::Properties::kCurSizeAllMemTables,
                        &size.memtable_bytes);
    sizes.push_back(std::move(size));
  }
  return sizes;
}

Store::Store(std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles,
             const StoreOptions& options)
    : db_(std::move(db)),
      handles_(std::move(handles)),
      path_(options.path),
      reserve_bytes_(static_cast<uint64_t>(options.reserve_mib) << 20),
      on_disk_space_(options.on_disk_space) {
  write_options_.sync = options.sync_writes;
}

absl::Status HasFreeSpace(const std::string& path, uint64_t reserve_bytes) {
  if (reserve_bytes == 0) return absl::OkStatus();
  struct statvfs disk;
  if (statvfs(path.c_str(), &disk) != 0) return absl::OkStatus();  // unknown
  const uint64_t free_bytes =
      static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize;
  if (free_bytes >= reserve_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "the disk of ", path, " has ", free_bytes >> 20, " MiB free, less than ",
      "the ", reserve_bytes >> 20, " MiB the store keeps in reserve; nothing ",
      "was written. Free space there: writes resume by themselves"));
}

absl::Status Store::CheckDiskSpace() {
  absl::Status room = HasFreeSpace(path_, reserve_bytes_);
  if (room.ok() && !disk_full_.load(std::memory_order_acquire)) return room;
  std::lock_guard<std::mutex> lock(disk_mu_);
  if (room.ok() == !disk_full_.load()) return room;
  disk_full_.store(!room.ok(), std::memory_order_release);
  if (on_disk_space_) on_disk_space_(room);
  return room;
}

Store::~Store() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

rocksdb::ColumnFamilyHandle* Store::Family(absl::string_view name) const {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle->GetName() == name) return handle;
  }
  return nullptr;
}

absl::StatusOr<std::optional<std::string>> Store::Get(
    rocksdb::ColumnFamilyHandle* family, absl::string_view key) const {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family,
               rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocks(status);
  return std::optional<std::string>(std::move(value));
}

absl::StatusOr<std::vector<std::optional<std::string>>> Store::MultiGet(
    rocksdb::ColumnFamilyHandle* family,
    const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), family, keys.size(), slices.data(),
                values.data(), statuses.data());
  std::vector<std::optional<std::string>> found(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i]);
    found[i] = values[i].ToString();
  }
  return found;
}

absl::Status Store::Write(rocksdb::WriteBatch* batch) {
  if (absl::Status room = CheckDiskSpace(); !room.ok()) return room;
  absl::Status written = FromRocks(db_->Write(write_options_, batch));
  if (written.ok()) {
    keys_written_.fetch_add(batch->Count(), std::memory_order_relaxed);
    bytes_written_.fetch_add(static_cast<int64_t>(batch->GetDataSize()),
                             std::memory_order_relaxed);
  }
  return written;
}

Store::Written Store::WrittenSoFar() const {
  return {keys_written_.load(std::memory_order_relaxed),
          bytes_written_.load(std::memory_order_relaxed)};
}

absl::StatusOr<int64_t> Store::DeletePrefix(
    const std::vector<rocksdb::ColumnFamilyHandle*>& families,
    absl::string_view prefix) {
  rocksdb::WriteBatch batch;
  int64_t deleted = 0;
  for (rocksdb::ColumnFamilyHandle* family : families) {
    absl::Status scanned = ScanPrefix(
        family, prefix, [&](absl::string_view key, absl::string_view) {
          batch.Delete(family, rocksdb::Slice(key.data(), key.size()));
          ++deleted;
          return true;
        });
    if (!scanned.ok()) return scanned;
  }
  if (absl::Status s = Write(&batch); !s.ok()) return s;
  return deleted;
}

absl::Status Store::ScanPrefix(
    rocksdb::ColumnFamilyHandle* family, absl::string_view prefix,
    const std::function<bool(absl::string_view, absl::string_view)>& visit)
    const {
  // The bound stops the scan at the prefix's end, so RocksDB skips files
  // past it.
  std::string bound(prefix);
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xFF) {
    bound.pop_back();
  }
  if (!bound.empty()) bound.back() = static_cast<char>(bound.back() + 1);
  return ScanRange(family, prefix, bound, visit);
}

absl::Status Store::ScanRange(
    rocksdb::ColumnFamilyHandle* family, absl::string_view from,
    absl::string_view until,
    const std::function<bool(absl::string_view, absl::string_view)>& visit)
    const {
  const rocksdb::Slice upper(until.data(), until.size());
  rocksdb::ReadOptions read;
  // An empty bound means no bound (a prefix of only 0xFF bytes).
  if (!until.empty()) read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, family));
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid();
       it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    const absl::string_view value(it->value().data(), it->value().size());
    if (!visit(key, value)) break;
  }
  return FromRocks(it->status());
}

}  // namespace frontdoor
