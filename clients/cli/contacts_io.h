// Reading contacts for the CLI: from flags, from a JSON file, or from JSON
// lines (one contact per line, in the protobuf JSON mapping of Contact).
#ifndef FRONTDOOR_CLIENTS_CLI_CONTACTS_IO_H_
#define FRONTDOOR_CLIENTS_CLI_CONTACTS_IO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/cli_args.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor::cli {

// Reads a file holding one JSON contact, or JSON lines (blank lines and lines
// starting with '#' skipped). Errors name the file and line.
absl::StatusOr<std::vector<v1::Contact>> ReadContactsFile(
    const std::string& path);

// The options `submit` takes to describe a contact.
std::vector<OptionSpec> ContactOptions();

// Builds a contact from those options; errors name the option.
absl::StatusOr<v1::Contact> ContactFromArgs(const Args& args);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_CONTACTS_IO_H_
