// A CSV reader for analysts' spreadsheets (RFC 4180): quoted fields with
// commas, quotes and line breaks, CRLF or LF line ends, and a UTF-8 byte
// order mark, with the line each record starts on.
#ifndef FRONTDOOR_CLIENTS_REPLAY_CSV_READER_H_
#define FRONTDOOR_CLIENTS_REPLAY_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// One record of a CSV file.
struct CsvRecord {
  // The line the record starts on, from 1.
  int line = 0;
  std::vector<std::string> fields;
};

// Splits CSV text into records. An unterminated quote is an error naming
// the line it opened on. Blank lines are skipped.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_CSV_READER_H_
