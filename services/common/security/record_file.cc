// Record files: lines split on spaces.
#include "services/common/security/record_file.h"

#include <sys/stat.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "lib/domain/text_files.h"

namespace frontdoor {

absl::StatusOr<std::vector<RecordLine>> ReadRecordLines(
    const std::string& path) {
  std::vector<RecordLine> records;
  if (ChangedAtNs(path) == 0) return records;
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  int number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    records.push_back({.number = number,
                       .fields = absl::StrSplit(line, ' ', absl::SkipEmpty())});
  }
  return records;
}

int64_t ChangedAtNs(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return 0;
  return static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 +
         info.st_mtim.tv_nsec;
}

}  // namespace frontdoor
