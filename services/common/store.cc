// RocksDB wrapper implementation.
#include "services/common/store.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

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
  return absl::InternalError(message);
}

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

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           rocksdb::ColumnFamilyOptions());
  for (const std::string& name : options.families) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
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
  return std::unique_ptr<Store>(new Store(std::unique_ptr<rocksdb::DB>(raw),
                                          std::move(handles),
                                          options.sync_writes));
}

Store::Store(std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles,
             bool sync_writes)
    : db_(std::move(db)), handles_(std::move(handles)) {
  write_options_.sync = sync_writes;
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

absl::Status Store::Write(rocksdb::WriteBatch* batch) {
  return FromRocks(db_->Write(write_options_, batch));
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
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), family));
  const rocksdb::Slice start(prefix.data(), prefix.size());
  for (it->Seek(start); it->Valid() && it->key().starts_with(start);
       it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    const absl::string_view value(it->value().data(), it->value().size());
    if (!visit(key, value)) break;
  }
  return FromRocks(it->status());
}

}  // namespace frontdoor
