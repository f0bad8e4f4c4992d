// Process setup every service main does: help for the services' own flags
// (Abseil's --help lists only flags defined in a file named after the
// program, so `frontdoor-intake --help` printed "No flags matched"), and
// private file modes.
#ifndef FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_
#define FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_

namespace frontdoor {

// Call before absl::ParseCommandLine.
void UseServiceFlagsHelp();

// Makes every file and folder the process creates its user's alone (0600,
// 0700): the stores hold children's records. Call before opening the store.
void PrivateFilesOnly();

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_
