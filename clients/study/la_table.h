// The local-authority table (data/la_inputs.csv): every English authority's
// published figures by reporting year, read into plain rows.
#ifndef FRONTDOOR_CLIENTS_STUDY_LA_TABLE_H_
#define FRONTDOOR_CLIENTS_STUDY_LA_TABLE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor::study {

// England's row in the table.
inline constexpr absl::string_view kEnglandCode = "E92000001";

// One authority's figures for one reporting year; a figure DfE or ONS
// suppressed or never published is absent.
struct LaYear {
  std::string code;      // ONS code, "E08000028"
  std::string name;      // "Sandwell"
  std::string year;      // reporting year, "2023-24"
  std::string old_code;  // DfE's three-digit code, "333"
  std::string region;    // "West Midlands"
  std::map<std::string, double, std::less<>> figures;  // by column name

  // The figure in `column`, if published.
  std::optional<double> Get(absl::string_view column) const;
};

// The table, indexed by authority and year.
class LaTable {
 public:
  // Reads data/la_inputs.csv (or a file of the same columns); errors name
  // the file and line.
  static absl::StatusOr<LaTable> Load(const std::string& path);

  // The ONS code of an authority given by code or by name (any case; the
  // name may be a unique prefix): INVALID_ARGUMENT naming `--la` otherwise,
  // with the near misses.
  absl::StatusOr<std::string> Resolve(absl::string_view code_or_name) const;

  // The row of `code` for reporting year `year` ("2023-24"), if any.
  const LaYear* Find(absl::string_view code, absl::string_view year) const;

  // Every authority's code (England excluded), in code order.
  std::vector<std::string> Authorities() const;

  // The last reporting year in the table.
  const std::string& LastYear() const { return last_year_; }

 private:
  std::map<std::pair<std::string, std::string>, LaYear> rows_;
  std::map<std::string, std::string> names_;  // code -> name
  std::string last_year_;
};

// "2022-23" for "2023-24"; an error unless `year` reads YYYY-YY with
// consecutive years.
absl::StatusOr<std::string> PreviousYear(absl::string_view year);

// The year after "2023-24": "2024-25".
std::string NextYear(absl::string_view year);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_LA_TABLE_H_
