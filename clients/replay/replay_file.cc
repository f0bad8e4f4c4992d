// Replay file reading. Column names are matched loosely (case, spaces,
// underscores and punctuation ignored) so that Annex A headers such as
// "Child Unique ID", "Date of Contact" and "Contact Source" work as they are.
#include "clients/replay/replay_file.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/replay/csv_reader.h"
#include "clients/replay/date_time.h"
#include "frontdoor/v1/intake.pb.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/contact_validator.h"
#include "lib/domain/event_time.h"
#include "lib/domain/text_files.h"

namespace frontdoor {
namespace {

enum Column {
  kChild,
  kBirth,
  kAge,
  kDate,
  kTime,
  kSource,
  kFactors,
  kLa,
  kContactId,
  kOutcome,
  kColumns
};

const char* const kColumnNames[kColumns] = {
    "child_id",     "date_of_birth",   "age",     "contact_date",
    "contact_time", "source",          "factors", "local_authority",
    "contact_id",   "recorded_outcome"};

// Accepted header spellings, normalised.
const std::map<std::string, Column>& Aliases() {
  static const auto* const kAliases =
      new std::map<std::string, Column>{{"childid", kChild},
                                        {"childuniqueid", kChild},
                                        {"lachildid", kChild},
                                        {"dateofbirth", kBirth},
                                        {"dob", kBirth},
                                        {"personbirthdate", kBirth},
                                        {"age", kAge},
                                        {"ageofchildyears", kAge},
                                        {"ageyears", kAge},
                                        {"contactdate", kDate},
                                        {"dateofcontact", kDate},
                                        {"dateofreferral", kDate},
                                        {"cinreferraldate", kDate},
                                        {"contacttime", kTime},
                                        {"timeofcontact", kTime},
                                        {"source", kSource},
                                        {"contactsource", kSource},
                                        {"referralsource", kSource},
                                        {"factors", kFactors},
                                        {"assessmentfactors", kFactors},
                                        {"localauthority", kLa},
                                        {"la", kLa},
                                        {"contactid", kContactId},
                                        {"sourcecontactid", kContactId},
                                        {"recordedoutcome", kOutcome},
                                        {"outcome", kOutcome}};
  return *kAliases;
}

std::string Normalise(absl::string_view name) {
  std::string out;
  for (char c : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// A reason with any quoted value replaced: replay's errors name line,
// column and reason only, so a shifted column never puts a child's name or
// a note on stderr or in replay-errors.csv.
std::string WithoutQuotedValues(absl::string_view reason) {
  std::string out;
  bool quoted = false;
  for (char c : reason) {
    if (c == '"') {
      if (!quoted) out += "a value";
      quoted = !quoted;
    } else if (!quoted) {
      out.push_back(c);
    }
  }
  return out;
}

// "6", "2A", or Annex A's "q) 6: Police".
std::string SourceCode(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  if (const size_t paren = value.find(") ");
      paren != absl::string_view::npos && paren <= 2) {
    value.remove_prefix(paren + 2);
  }
  value = value.substr(0, value.find_first_of(": "));
  return absl::AsciiStrToUpper(value);
}

bool Kept(const v1::Contact& c, const ReplayFilter& f) {
  const absl::CivilDay day = DayOf(FromProto(c.event_time()));
  if (f.from && day < *f.from) return false;
  if (f.to && day > *f.to) return false;
  if (!f.local_authority.empty() && c.local_authority() != f.local_authority) {
    return false;
  }
  return f.sources.empty() || f.sources.contains(c.source());
}

void SortByTime(std::vector<ReplayRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(),
                   [](const ReplayRow& a, const ReplayRow& b) {
                     return FromProto(a.contact.event_time()) <
                            FromProto(b.contact.event_time());
                   });
}

absl::StatusOr<ReplayInput> ReadJsonLines(const std::string& text,
                                          const ReplayFilter& filter) {
  ReplayInput input;
  int line = 0;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    ++line;
    if (absl::StripAsciiWhitespace(l).empty()) continue;
    ++input.rows_read;
    v1::ContactRecord record;
    if (!google::protobuf::util::JsonStringToMessage(std::string(l), &record)
             .ok()) {
      input.errors.push_back({line, "", "not a contact record (JSON)"});
      continue;
    }
    // An export holds pseudonyms already (frontdoor never stores a raw
    // identifier), so its ids are kept: the replay then draws exactly what
    // the exported run drew, which is seeded by those ids.
    ReplayRow row{line, record.contact(), record.decision().outcome()};
    if (!Kept(row.contact, filter)) {
      ++input.filtered_out;
      continue;
    }
    input.rows.push_back(std::move(row));
  }
  SortByTime(&input.rows);
  return input;
}

}  // namespace

std::optional<v1::Outcome> ParseOutcome(absl::string_view text) {
  const std::string n = Normalise(text);
  if (n == "nfa" || n == "nofurtheraction")
    return v1::OUTCOME_NO_FURTHER_ACTION;
  if (n == "advice" || n == "informationandadvice" || n == "iag") {
    return v1::OUTCOME_INFORMATION_AND_ADVICE;
  }
  if (n == "earlyhelp" || n == "eh") return v1::OUTCOME_EARLY_HELP;
  if (n == "s17" || n == "assessment" || n == "socialcareassessment" ||
      n == "singleassessment") {
    return v1::OUTCOME_SOCIAL_CARE_ASSESSMENT;
  }
  if (n == "s47" || n == "strategy" || n == "strategydiscussion") {
    return v1::OUTCOME_STRATEGY_DISCUSSION;
  }
  if (n == "protection" || n == "immediateprotection") {
    return v1::OUTCOME_IMMEDIATE_PROTECTION;
  }
  return std::nullopt;
}

namespace {

using Columns = std::array<int, kColumns>;

// Where each known column sits in a file's header (-1: absent); an error
// names a column a replay cannot do without.
absl::StatusOr<Columns> FindColumns(const std::vector<std::string>& header,
                                    const std::string& path) {
  Columns column;
  column.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    const auto alias = Aliases().find(Normalise(header[i]));
    if (alias != Aliases().end() && column[alias->second] < 0) {
      column[alias->second] = static_cast<int>(i);
    }
  }
  for (Column required : {kChild, kDate, kSource}) {
    if (column[required] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": missing column ", kColumnNames[required]));
    }
  }
  if (column[kBirth] < 0 && column[kAge] < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": missing column date_of_birth (or age)"));
  }
  return column;
}

// One data row of a CSV file read into a contact: each field checked in
// turn, the first that fails refusing the row with the field and reason.
class CsvRowReader {
 public:
  CsvRowReader(const CsvRecord& record, const Columns& column,
               std::vector<RowError>& errors)
      : record_(record), column_(column), errors_(errors) {
    // A record running over several lines is most often a stray quote
    // that swallowed the rows after it: say so beside any refusal.
    spans_lines_ = absl::c_any_of(record.fields, [](const std::string& f) {
      return absl::StrContains(f, '\n');
    });
  }

  // The field in column `c`, trimmed ("" when the file has no such column).
  std::string Get(Column c) const {
    const int i = column_[c];
    if (i < 0 || i >= static_cast<int>(record_.fields.size())) return "";
    return std::string(absl::StripAsciiWhitespace(record_.fields[i]));
  }

  // Refuses the row for column `c`; always false, for `return Refuse(...)`.
  bool Refuse(Column c, std::string why) {
    if (spans_lines_) {
      absl::StrAppend(&why,
                      " (the record runs over several lines: a stray "
                      "quote?)");
    }
    errors_.push_back({record_.line, kColumnNames[c], std::move(why)});
    return false;
  }

  // The time, and the date of birth or age, into `c`.
  bool ReadTimes(v1::Contact& c) {
    const std::optional<absl::Time> when =
        ParseDateTime(Get(kDate), Get(kTime), EnglandTime());
    if (!when) {
      return Refuse(
          kDate,
          "is not a date (YYYY-MM-DD or DD/MM/YYYY) with an optional time "
          "(HH:MM[:SS], after a space, a T or in contact_time) and offset");
    }
    *c.mutable_event_time() = ToProto(TruncateToMicros(*when));
    if (Get(kBirth).empty()) {
      int age = -1;
      if (!absl::SimpleAtoi(Get(kAge), &age) || age < 0 || age > 17) {
        return Refuse(kAge, "is not a whole number of years from 0 to 17");
      }
      c.set_age_years(age);
      return true;
    }
    // A date of birth exported as a date-time keeps only its date.
    const std::string birth_text = Get(kBirth);
    const std::optional<absl::CivilDay> birth =
        ParseDay(birth_text.substr(0, birth_text.find_first_of(" T")));
    if (!birth) return Refuse(kBirth, "is not a date");  // value not repeated
    c.mutable_date_of_birth()->set_year(static_cast<int>(birth->year()));
    c.mutable_date_of_birth()->set_month(birth->month());
    c.mutable_date_of_birth()->set_day(birth->day());
    return true;
  }

  // The referral source and the assessment factors (each once) into `c`.
  bool ReadCodes(v1::Contact& c) {
    c.set_source(SourceCode(Get(kSource)));
    if (!FindReferralSource(c.source())) {
      return Refuse(kSource,
                    "is not a ReferralSource code (1A-1D, 2A, 2B, "
                    "3A-3F, 4, 5A-5D, 6, 7, 8, 9, 10)");
    }
    for (absl::string_view code : absl::StrSplit(
             Get(kFactors), absl::ByAnyChar(",; |"), absl::SkipWhitespace())) {
      const std::string upper = absl::AsciiStrToUpper(code);
      if (!FindAssessmentFactor(upper)) {
        return Refuse(kFactors,
                      "holds a value that is not an assessment-factor "
                      "code (e.g. 3B, 16A, 24A)");
      }
      if (std::find(c.factors().begin(), c.factors().end(), upper) ==
          c.factors().end()) {
        c.add_factors(upper);
      }
    }
    return true;
  }

  // Whatever intake would refuse is refused here, before anything is
  // sent, so --on_error=stop sends nothing and skip really skips.
  bool Validate(const v1::Contact& c) {
    const absl::Status valid = ValidateContact(c);
    if (valid.ok()) return true;
    const absl::string_view message = valid.message();
    const size_t colon = message.find(": ");
    // The field and the reason only: no value, even a short prefix.
    errors_.push_back({record_.line,
                       std::string(colon == absl::string_view::npos
                                       ? absl::string_view("contact")
                                       : message.substr(0, colon)),
                       WithoutQuotedValues(colon == absl::string_view::npos
                                               ? message
                                               : message.substr(colon + 2))});
    return false;
  }

 private:
  const CsvRecord& record_;
  const Columns& column_;
  std::vector<RowError>& errors_;
  bool spans_lines_ = false;
};

// The id a contact is replayed under: "R" and the order in which the file
// first names it. Not a keyed pseudonym, because the services draw each
// contact's chances (screener, partner checks, episode lengths) from its
// id: the same file must replay alike whatever the key. The line column
// of the outputs already leads back to the row.
std::string NumberedContactId(const std::string& raw,
                              absl::flat_hash_map<std::string, int>& numbers) {
  const auto [it, added] =
      numbers.try_emplace(raw, static_cast<int>(numbers.size()) + 1);
  return absl::StrFormat("R%07d", it->second);
}

// The row as a contact (child id pseudonymised, contact id numbered), or
// nothing with the reason in `errors`.
std::optional<ReplayRow> ReadCsvRow(
    const CsvRecord& rec, const Columns& column, size_t header_size,
    const Pseudonymiser& pseudonyms, const std::string& path,
    const std::string& default_la,
    absl::flat_hash_map<std::string, int>& contact_numbers,
    std::vector<RowError>& errors) {
  if (rec.fields.size() > header_size) {
    errors.push_back(
        {rec.line, "",
         absl::StrCat("has ", rec.fields.size(), " fields, the header ",
                      header_size, " (a stray quote or delimiter?)")});
    return std::nullopt;
  }
  CsvRowReader reader(rec, column, errors);
  ReplayRow row;
  row.line = rec.line;
  v1::Contact& c = row.contact;
  if (reader.Get(kChild).empty()) {
    reader.Refuse(kChild, "is empty");
    return std::nullopt;
  }
  c.set_child_id(pseudonyms.Pseudonym("P", reader.Get(kChild)));
  if (!reader.ReadTimes(c) || !reader.ReadCodes(c)) return std::nullopt;
  c.set_local_authority(reader.Get(kLa).empty() ? default_la : reader.Get(kLa));
  c.set_source_contact_id(NumberedContactId(
      reader.Get(kContactId).empty() ? absl::StrCat(path, ":", rec.line)
                                     : reader.Get(kContactId),
      contact_numbers));
  if (!reader.Get(kOutcome).empty()) {
    const std::optional<v1::Outcome> outcome =
        ParseOutcome(reader.Get(kOutcome));
    if (!outcome) {
      reader.Refuse(kOutcome,
                    "is not an outcome (nfa, advice, early help, s17, s47, "
                    "protection)");
      return std::nullopt;
    }
    row.recorded = *outcome;
  }
  if (!reader.Validate(c)) return std::nullopt;
  return row;
}

}  // namespace

absl::StatusOr<ReplayInput> ReadReplayFile(const std::string& path,
                                           const Pseudonymiser& pseudonyms,
                                           const std::string& default_la,
                                           const ReplayFilter& filter) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  if (absl::EndsWith(path, ".jsonl")) return ReadJsonLines(*text, filter);
  absl::StatusOr<std::vector<CsvRecord>> records =
      ParseCsv(*text, DetectDelimiter(*text));
  if (!records.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", records.status().message()));
  }
  if (records->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no header row"));
  }
  const std::vector<std::string>& header = (*records)[0].fields;
  absl::StatusOr<Columns> column = FindColumns(header, path);
  if (!column.ok()) return column.status();
  ReplayInput input;
  absl::flat_hash_map<std::string, int> contact_numbers;
  for (size_t r = 1; r < records->size(); ++r) {
    ++input.rows_read;
    std::optional<ReplayRow> row =
        ReadCsvRow((*records)[r], *column, header.size(), pseudonyms, path,
                   default_la, contact_numbers, input.errors);
    if (!row.has_value()) continue;
    if (!Kept(row->contact, filter)) {
      ++input.filtered_out;
      continue;
    }
    input.rows.push_back(*std::move(row));
  }
  SortByTime(&input.rows);
  return input;
}

}  // namespace frontdoor
