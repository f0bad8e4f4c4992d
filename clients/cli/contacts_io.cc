// Contact input for the CLI.
#include "clients/cli/contacts_io.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/event_time.h"
#include "lib/domain/text_files.h"

namespace frontdoor::cli {
namespace {

absl::StatusOr<v1::Contact> ParseJsonContact(const std::string& json) {
  v1::Contact contact;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &contact);
  if (!status.ok()) {
    return absl::InvalidArgumentError(std::string(status.message()));
  }
  return contact;
}

}  // namespace

absl::StatusOr<std::vector<v1::Contact>> ReadContactsFile(
    const std::string& path) {
  absl::StatusOr<std::string> read = ReadTextFile(path);
  if (!read.ok()) return read.status();
  const std::string& text = *read;

  // A single (possibly pretty-printed) JSON object.
  if (absl::StatusOr<v1::Contact> one = ParseJsonContact(text); one.ok()) {
    return std::vector<v1::Contact>{*std::move(one)};
  }
  std::vector<v1::Contact> contacts;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    absl::StatusOr<v1::Contact> contact = ParseJsonContact(std::string(line));
    if (!contact.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": ", contact.status().message()));
    }
    contacts.push_back(*std::move(contact));
  }
  return contacts;
}

std::vector<OptionSpec> ContactOptions() {
  return {
      {"file", "", "read the contact(s) from a JSON or JSON-lines file"},
      {"run", "", "run id (empty: the default run)"},
      {"source", "", "ReferralSource code: 6 police, 2A schools, 3A GP, ..."},
      {"id", "", "the agency's own contact id (idempotency key)"},
      {"la", "202", "local authority code"},
      {"child", "", "pseudonymous child id"},
      {"dob", "", "date of birth YYYY-MM-DD (or expected, if unborn)"},
      {"age", "", "age in whole years, when the date of birth is unknown"},
      {"factors", "", "comma-separated assessment-factor codes, e.g. 3B,4B"},
      {"time", "", "event time, RFC 3339 (e.g. 2024-09-03T10:15:00Z)"},
  };
}

absl::StatusOr<v1::Contact> ContactFromArgs(const Args& args) {
  v1::Contact contact;
  contact.set_run_id(args.Get("run"));
  contact.set_source(args.Get("source"));
  contact.set_source_contact_id(args.Get("id"));
  contact.set_local_authority(args.Get("la"));
  contact.set_child_id(args.Get("child"));
  if (!args.Get("dob").empty()) {
    absl::StatusOr<v1::CalendarDate> dob = ParseCalendarDate(args.Get("dob"));
    if (!dob.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--dob: ", dob.status().message()));
    }
    *contact.mutable_date_of_birth() = *dob;
  } else if (!args.Get("age").empty()) {
    int age = 0;
    if (!absl::SimpleAtoi(args.Get("age"), &age)) {
      return absl::InvalidArgumentError("--age: not a whole number");
    }
    contact.set_age_years(age);
  }
  for (absl::string_view code :
       absl::StrSplit(args.Get("factors"), ',', absl::SkipWhitespace())) {
    contact.add_factors(std::string(absl::StripAsciiWhitespace(code)));
  }
  if (args.Get("time").empty()) {
    return absl::InvalidArgumentError(
        "--time: is required (event time, e.g. 2024-09-03T10:15:00Z)");
  }
  absl::StatusOr<absl::Time> time = ParseEventTime(args.Get("time"));
  if (!time.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--time: ", time.status().message()));
  }
  *contact.mutable_event_time() = ToProto(*time);
  return contact;
}

}  // namespace frontdoor::cli
