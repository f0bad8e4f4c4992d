// Fuzzes the replay CSV reader and date parsing: any bytes must split into
// records or be refused with a line; any date text must parse or not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "clients/replay/csv_reader.h"
#include "clients/replay/date_time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<frontdoor::CsvRecord>> records =
      frontdoor::ParseCsv(text, frontdoor::DetectDelimiter(text));
  if (records.ok()) {
    for (const frontdoor::CsvRecord& record : *records) {
      for (const std::string& field : record.fields) {
        frontdoor::ParseDateTime(field, "", absl::UTCTimeZone());
      }
    }
  }
  const size_t half = text.size() / 2;
  frontdoor::ParseDateTime(text.substr(0, half), text.substr(half),
                           absl::UTCTimeZone());
  return 0;
}
