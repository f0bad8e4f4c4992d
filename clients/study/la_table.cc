// Reading the local-authority table and finding authorities in it.
#include "clients/study/la_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/replay/csv_reader.h"
#include "lib/domain/text_files.h"

namespace frontdoor::study {

std::optional<double> LaYear::Get(absl::string_view column) const {
  auto it = figures.find(column);
  if (it == figures.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<LaTable> LaTable::Load(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(*text);
  if (!records.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", records.status().message()));
  }
  if (records->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": empty"));
  }
  const std::vector<std::string>& header = (*records)[0].fields;
  if (header.size() < 5 || header[0] != "la_code" || header[1] != "la_name" ||
      header[4] != "year") {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ":1: expected la_code,la_name,old_la_code,region,year,..."));
  }
  LaTable table;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.fields.size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s:%d: %d fields where the header has %d", path,
                          record.line, record.fields.size(), header.size()));
    }
    LaYear row{record.fields[0], record.fields[1], record.fields[4],
               record.fields[2], record.fields[3], {}};
    for (size_t c = 5; c < header.size(); ++c) {
      const std::string& cell = record.fields[c];
      if (cell.empty()) continue;
      double value = 0;
      if (!absl::SimpleAtod(cell, &value)) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s:%d: %s: not a number: '%s'", path, record.line,
                            header[c], cell));
      }
      row.figures.emplace(header[c], value);
    }
    if (PreviousYear(row.year).ok() && row.year > table.last_year_) {
      table.last_year_ = row.year;
    }
    table.names_[row.code] = row.name;
    std::pair<std::string, std::string> key(row.code, row.year);
    table.rows_.emplace(std::move(key), std::move(row));
  }
  return table;
}

absl::StatusOr<std::string> LaTable::Resolve(
    absl::string_view code_or_name) const {
  const std::string wanted = absl::AsciiStrToLower(code_or_name);
  std::vector<std::string> prefixed;
  for (const auto& [code, name] : names_) {
    if (code == kEnglandCode) continue;
    const std::string lower = absl::AsciiStrToLower(name);
    if (absl::AsciiStrToLower(code) == wanted || lower == wanted) return code;
    if (!wanted.empty() && absl::StartsWith(lower, wanted)) {
      prefixed.push_back(code);
    }
  }
  if (prefixed.size() == 1) return prefixed[0];
  std::vector<std::string> shown;
  for (const std::string& code : prefixed) {
    shown.push_back(absl::StrCat(code, " ", names_.at(code)));
  }
  return absl::InvalidArgumentError(
      prefixed.empty()
          ? absl::StrCat("--la: no English local authority has the code or "
                         "name '",
                         code_or_name, "' (data/la_inputs.csv)")
          : absl::StrCat("--la: '", code_or_name, "' could be ",
                         absl::StrJoin(shown, ", ")));
}

const LaYear* LaTable::Find(absl::string_view code,
                            absl::string_view year) const {
  auto it = rows_.find({std::string(code), std::string(year)});
  return it == rows_.end() ? nullptr : &it->second;
}

std::vector<std::string> LaTable::Authorities() const {
  std::vector<std::string> codes;
  for (const auto& [code, name] : names_) {
    if (code != kEnglandCode) codes.push_back(code);
  }
  return codes;
}

absl::StatusOr<std::string> PreviousYear(absl::string_view year) {
  int first = 0, second = 0;
  if (year.size() != 7 || year[4] != '-' ||
      !absl::SimpleAtoi(year.substr(0, 4), &first) ||
      !absl::SimpleAtoi(year.substr(5), &second) ||
      (first + 1) % 100 != second) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--year: a reporting year such as 2023-24, not '", year, "'"));
  }
  return absl::StrFormat("%d-%02d", first - 1, (first) % 100);
}

std::string NextYear(absl::string_view year) {
  int first = 0;
  if (!absl::SimpleAtoi(year.substr(0, 4), &first)) return "";
  return absl::StrFormat("%d-%02d", first + 1, (first + 2) % 100);
}

}  // namespace frontdoor::study
