// Reading protobuf records back from a store, one or a prefix at a time,
// with corruption reported as DATA_LOSS rather than silently ignored.
#ifndef FRONTDOOR_SERVICES_COMMON_STORAGE_STORED_PROTO_H_
#define FRONTDOOR_SERVICES_COMMON_STORAGE_STORED_PROTO_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/storage/store.h"

namespace frontdoor {

// Parses a record of type T that a store returned; `what` names it in errors.
template <typename T>
absl::StatusOr<T> ParseStored(absl::string_view bytes, absl::string_view what) {
  T message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " is corrupt"));
  }
  return message;
}

// The record of type T stored under `key`, or nullopt when there is none.
template <typename T>
absl::StatusOr<std::optional<T>> GetStored(const Store& store,
                                           rocksdb::ColumnFamilyHandle* family,
                                           absl::string_view key,
                                           absl::string_view what) {
  absl::StatusOr<std::optional<std::string>> stored = store.Get(family, key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<T>();
  absl::StatusOr<T> record = ParseStored<T>(**stored, what);
  if (!record.ok()) return record.status();
  return std::optional<T>(*std::move(record));
}

// Calls `visit` with each record of type T whose key starts with `prefix`,
// in key order, until it returns false. A record that does not parse, or a
// visit that returns an error, ends the scan with that error.
template <typename T>
absl::Status ScanStored(
    const Store& store, rocksdb::ColumnFamilyHandle* family,
    absl::string_view prefix, absl::string_view what,
    const std::function<absl::StatusOr<bool>(absl::string_view key, T record)>&
        visit) {
  absl::Status failure;
  absl::Status scanned = store.ScanPrefix(
      family, prefix, [&](absl::string_view key, absl::string_view value) {
        absl::StatusOr<T> record = ParseStored<T>(value, what);
        absl::StatusOr<bool> more = record.ok()
                                        ? visit(key, *std::move(record))
                                        : absl::StatusOr<bool>(record.status());
        if (!more.ok()) failure = more.status();
        return more.ok() && *more;
      });
  if (!scanned.ok()) return scanned;
  return failure;
}

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_STORAGE_STORED_PROTO_H_
