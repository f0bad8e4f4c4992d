// The authorities of a study of many (a forecast, a back-test, a national
// run): each one's scenario for a year, built from the table's figures of
// the year before on top of a scenario file.
#ifndef FRONTDOOR_CLIENTS_STUDY_AUTHORITIES_H_
#define FRONTDOOR_CLIENTS_STUDY_AUTHORITIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/study/la_table.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// One authority in the study, with its scenario (defaults filled).
struct Authority {
  std::string code;
  std::string name;
  std::string region;
  v1::Scenario scenario;
};

// Which authorities, for which year, on what.
struct AuthorityRequest {
  std::string year;              // the year simulated, "2023-24"
  std::vector<std::string> las;  // codes or names; empty: every authority
  // The year's own figures must be published (a back-test scores them).
  bool require_published = false;
  v1::Scenario base;              // the scenario file's contents
  std::vector<std::string> sets;  // --set, over each authority's scenario
};

// The study's authorities, in code order, and how many of every authority
// were left out (no figures the scenario needs, under 1,000 children).
struct AuthoritySet {
  std::vector<Authority> authorities;
  int skipped = 0;
};

// Builds each authority's scenario. An authority named in `las` that
// cannot be built is an error; with every authority, it is left out and
// counted. FAILED_PRECONDITION when none is left.
absl::StatusOr<AuthoritySet> LoadAuthorities(const LaTable& table,
                                             const AuthorityRequest& request);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_AUTHORITIES_H_
