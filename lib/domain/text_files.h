// Reading whole text files and protobuf text-format documents, with errors
// that name the file (and, for text format, the line and column).
#ifndef FRONTDOOR_LIB_DOMAIN_TEXT_FILES_H_
#define FRONTDOOR_LIB_DOMAIN_TEXT_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace frontdoor {

// The whole file, bytes as they are; NOT_FOUND "PATH: cannot open".
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// Replaces `path` with `contents`, readable by its owner only (0600): the
// bytes go to a temporary file renamed over the path, so a reader sees the
// old file or the new one, never half of one.
absl::Status WritePrivateFile(const std::string& path,
                              absl::string_view contents);

// Makes the folder `path` (and any missing parents) and sets it to its
// owner alone (0700), whether it was made now or existed.
absl::Status MakePrivateDir(const std::string& path);

// Parses `text` in protobuf text format into `message`; INVALID_ARGUMENT
// "FILE:LINE:COLUMN: why" on the first error. With `locations`, records
// where each field was written.
absl::Status ParseTextProto(
    absl::string_view text, absl::string_view file_name,
    google::protobuf::Message* message,
    google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_TEXT_FILES_H_
