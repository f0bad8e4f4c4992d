// Tables in text, JSON and CSV.
#include "clients/lib/table_out.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/domain/escape.h"

namespace frontdoor::cli {

Cell Number(double value) {
  if (std::isfinite(value) && value == std::floor(value) &&
      std::fabs(value) < 1e15) {
    return {absl::StrFormat("%.0f", value), true};
  }
  if (!std::isfinite(value)) return {"null", true};
  // Six significant digits, never an exponent.
  std::string text = absl::StrFormat(
      "%.*f",
      std::max(0,
               5 - static_cast<int>(std::floor(std::log10(std::fabs(value))))),
      value);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return {text, true};
}

TableOut::TableOut(std::vector<std::string> columns)
    : columns_(std::move(columns)) {}

void TableOut::AddRow(std::vector<Cell> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string TableOut::Render(OutputFormat format) const {
  std::string out;
  if (format == OutputFormat::kJson) {
    std::vector<std::string> objects;
    for (const std::vector<Cell>& row : rows_) {
      std::vector<std::string> fields;
      for (size_t i = 0; i < columns_.size(); ++i) {
        fields.push_back(absl::StrCat(
            JsonQuoted(columns_[i]), ":",
            row[i].number ? row[i].text : JsonQuoted(row[i].text)));
      }
      objects.push_back(absl::StrCat("{", absl::StrJoin(fields, ","), "}"));
    }
    return absl::StrCat("[", absl::StrJoin(objects, ","), "]\n");
  }
  if (format == OutputFormat::kCsv) {
    std::vector<std::string> header;
    for (const std::string& c : columns_) header.push_back(CsvField(c));
    absl::StrAppend(&out, absl::StrJoin(header, ","), "\n");
    for (const std::vector<Cell>& row : rows_) {
      std::vector<std::string> cells;
      for (const Cell& c : row) cells.push_back(CsvField(c.text));
      absl::StrAppend(&out, absl::StrJoin(cells, ","), "\n");
    }
    return out;
  }
  std::vector<size_t> width(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    width[i] = columns_[i].size();
    for (const std::vector<Cell>& row : rows_) {
      width[i] = std::max(width[i], row[i].text.size());
    }
  }
  const auto line = [&](const std::vector<Cell>& cells) {
    std::string text;
    for (size_t i = 0; i < cells.size(); ++i) {
      const size_t pad = width[i] - cells[i].text.size();
      const bool last = i + 1 == cells.size();
      if (i > 0) text += "  ";
      if (cells[i].number) text.append(pad, ' ');
      text += cells[i].text;
      if (!cells[i].number && !last) text.append(pad, ' ');
    }
    text.erase(text.find_last_not_of(' ') + 1);
    return text + "\n";
  };
  std::vector<Cell> header;
  for (size_t i = 0; i < columns_.size(); ++i) {
    // A header sits over its column as the values do.
    const bool numeric = !rows_.empty() && rows_.front()[i].number;
    header.push_back({columns_[i], numeric});
  }
  out += line(header);
  for (const std::vector<Cell>& row : rows_) out += line(row);
  return out;
}

}  // namespace frontdoor::cli
