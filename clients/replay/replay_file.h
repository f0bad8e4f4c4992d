// Historic contacts for replay: a CSV modelled on Ofsted's Annex A lists 1
// and 3 (or the project's own JSON-lines export), read whole, checked row
// by row, pseudonymised on ingest and filtered, before anything is sent.
#ifndef FRONTDOOR_CLIENTS_REPLAY_REPLAY_FILE_H_
#define FRONTDOOR_CLIENTS_REPLAY_REPLAY_FILE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "services/common/security/pseudonymiser.h"

namespace frontdoor {

// One accepted row: the contact as it will be sent (pseudonymised) and the
// outcome recorded at the time, if the file has one.
struct ReplayRow {
  int line = 0;
  v1::Contact contact;
  v1::Outcome recorded = v1::OUTCOME_UNSPECIFIED;
};

// A refused row. Messages never repeat a child's identifier or date of
// birth.
struct RowError {
  int line = 0;
  std::string column;
  std::string why;
};

// What to keep.
struct ReplayFilter {
  std::optional<absl::CivilDay> from, to;  // contact dates, inclusive
  std::string local_authority;             // empty: all
  std::set<std::string> sources;           // empty: all
};

// The rows of a file.
struct ReplayInput {
  std::vector<ReplayRow> rows;  // accepted and kept, in event-time order
  std::vector<RowError> errors;
  int64_t rows_read = 0;
  int64_t filtered_out = 0;
};

// Reads a replay file: CSV with a header, or JSON lines (".jsonl") of
// frontdoor.v1.ContactRecord as `frontdoor runs export` writes them. A CSV's
// child ids and contact ids are replaced by pseudonyms and its other columns
// are ignored and never kept; an export's ids are pseudonyms already and are
// kept as they are. A file that cannot be read at all is an error; bad rows
// are listed in `errors`.
absl::StatusOr<ReplayInput> ReadReplayFile(const std::string& path,
                                           const Pseudonymiser& pseudonyms,
                                           const std::string& default_la,
                                           const ReplayFilter& filter);

// What `frontdoor runs export` writes beside a run's contacts so that the
// run replays exactly: its config and the assessment findings it received.
struct ExportedRun {
  v1::RunConfig config;
  std::vector<v1::RecordAssessmentRequest> findings;
};

// The files beside an export FILE.jsonl: FILE.run.json and
// FILE.assessments.jsonl.
std::string ExportRunPath(const std::string& contacts_path);
std::string ExportAssessmentsPath(const std::string& contacts_path);

// Reads the files beside an export, if the export has them.
absl::StatusOr<std::optional<ExportedRun>> ReadExportSiblings(
    const std::string& contacts_path);

// Parses a recorded outcome ("early help", "s17", "NFA", "strategy
// discussion", ...).
std::optional<v1::Outcome> ParseOutcome(absl::string_view text);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_REPLAY_FILE_H_
