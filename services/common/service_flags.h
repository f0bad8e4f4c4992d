// Help for the services' own flags: Abseil's --help lists only flags defined
// in a file named after the program, so `frontdoor-intake --help` printed
// "No flags matched"; this makes it list the flags of services/.
#ifndef FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_
#define FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_

namespace frontdoor {

// Call before absl::ParseCommandLine.
void UseServiceFlagsHelp();

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SERVICE_FLAGS_H_
