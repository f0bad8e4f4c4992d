// Rows of named columns, printed the one way every frontdoor list prints:
// an aligned table for people, an array of objects in JSON, or CSV.
#ifndef FRONTDOOR_CLIENTS_LIB_TABLE_OUT_H_
#define FRONTDOOR_CLIENTS_LIB_TABLE_OUT_H_

#include <string>
#include <vector>

#include "clients/lib/cli_args.h"

namespace frontdoor::cli {

// One value of a row: text, or a number (unquoted in JSON, right-aligned
// in text).
struct Cell {
  std::string text;
  bool number = false;
};

// A number cell, written without exponent (whole numbers as such).
Cell Number(double value);
// A text cell.
inline Cell Text(std::string text) { return {std::move(text), false}; }

// A table built row by row, then rendered in the format asked for.
class TableOut {
 public:
  // `columns` name the fields: headers in text and CSV, keys in JSON.
  explicit TableOut(std::vector<std::string> columns);

  // Adds a row of one cell per column.
  void AddRow(std::vector<Cell> cells);

  // Text: columns as wide as their widest value, two spaces apart. JSON:
  // one array of objects on one line. CSV: a header and one line per row.
  std::string Render(OutputFormat format) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_TABLE_OUT_H_
