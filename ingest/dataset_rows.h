// RowSource: the rows of a dataset export (ACLED, UCDP GED) as column values,
// whether the file is CSV or JSON.
//
// An importer names the columns it uses; each row comes back as one value per
// column, in that order, so the importer never sees the file's format:
//   - CSV: the first row is the header (names matched case-insensitively).
//     A row right after it whose first field starts with '#' is an HXL
//     hashtag row (HDX copies of the data) and is skipped.
//   - JSON: an array of flat objects, or an envelope object whose
//     `rows_key` member ("data" for ACLED, "Result" for UCDP) holds that
//     array. Several such values may follow each other (API pages saved one
//     after another). Strings, numbers (as written) and booleans are values;
//     null is "".
// The format is JSON when the first byte that is not white space or a UTF-8
// byte order mark is '{' or '['. Input is streamed: one row in memory.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"

namespace kg {

struct DatasetFormat {
  std::string name;                  // for messages: "ACLED", "UCDP GED"
  std::vector<std::string> columns;  // the columns the importer reads
  // Indexes into columns of those a CSV header must have.
  std::vector<size_t> required;
  std::string rows_key;              // JSON envelope member holding the rows
};

struct DatasetRow {
  uint64_t line = 0;                 // 1-based line where the row starts
  std::string raw;                   // the row as read (may be truncated)
  std::vector<std::string> values;   // one per DatasetFormat::columns; "" if absent
};

class RowSource {
 public:
  virtual ~RowSource() = default;

  // Reads the next row. At the end returns OK with *done set. A row that
  // cannot be read (a CSV row with more fields than the header, a JSON
  // element that is not an object) returns InvalidArgument with row->line and
  // row->raw set, and the source goes on with the next row. A missing CSV
  // column returns InvalidArgument for the header line and ends the input.
  // Input that cannot be read on (an unterminated quote or JSON value)
  // returns Corruption, and later calls return *done.
  virtual Status Next(DatasetRow* row, bool* done) = 0;

  // Bytes consumed from the stream so far.
  virtual uint64_t bytes_read() const = 0;
};

// Reads rows of the given format from *in, which must outlive the source.
std::unique_ptr<RowSource> NewRowSource(std::istream* in, const DatasetFormat& format);

}  // namespace kg
