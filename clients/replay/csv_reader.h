// A CSV reader for analysts' spreadsheets (RFC 4180): quoted fields with
// delimiters, quotes and line breaks, CRLF or LF line ends, a UTF-8 byte
// order mark, and the `;` or tab delimiters that European Excel and other
// exports write, with the line each record starts on.
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

// The delimiter of the text's header line: whichever of `,`, `;` and tab
// occurs most often outside quotes (`,` when none does).
char DetectDelimiter(absl::string_view text);

// Splits CSV text into records. A quote that is never closed, or a closing
// quote followed by anything but a delimiter or a line end (how a stray
// quote swallows the rows after it), is an error naming the line the quote
// opened on. Blank lines are skipped.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text,
                                                char delimiter = ',');

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_CSV_READER_H_
