// Table: the one place that writes the human-readable tables of query
// output (CONTRACT.md section 2): columns aligned by display width, every
// cell made terminal-safe (query/text.h), at most `limit` rows, cells cut
// with "…" so that a line fits `width` columns, and a last line saying how
// many rows were left out.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "query/text.h"

namespace kg {

struct TableOptions {
  // Rows shown; the rest are counted, not kept. 0: all. Default: all.
  size_t limit = 0;
  // Widest line, in columns; cells of the widest columns are cut to fit
  // (no column narrower than kMinColumn, or its header). 0: no limit.
  // Default: no limit.
  size_t width = 0;
};

class Table {
 public:
  static constexpr size_t kMinColumn = 6;

  explicit Table(std::vector<std::string> headers, TableOptions options = TableOptions())
      : headers_(std::move(headers)), options_(options) {}
  void AddRow(std::vector<std::string> cells);
  // Rows added, shown or not.
  size_t rows() const { return rows_.size() + omitted_; }
  size_t omitted() const { return omitted_; }
  // The table, then "… N more rows (--limit 0 shows all)" when rows were
  // left out.
  void Write(std::ostream* out) const;

 private:
  std::vector<std::string> headers_;
  TableOptions options_;
  std::vector<std::vector<std::string>> rows_;
  size_t omitted_ = 0;
};

// The line a table ends with when `omitted` rows were left out ("" for 0).
std::string OmittedRowsLine(size_t omitted);

}  // namespace kg
