// CsvReader: the rows of an RFC 4180 CSV stream, one at a time.
//
// Parsing is libcsv's (quoted fields, doubled quotes, line breaks inside
// quotes, CRLF or LF line ends; spaces around unquoted fields are trimmed).
// On top of it the reader drops a UTF-8 byte order mark at the start and
// tracks the 1-based line on which each row starts, counting the line breaks
// inside quoted fields, so errors can name the line a user sees in an editor.
// Empty lines are skipped. The stream is read in blocks: memory holds one row
// at a time, whatever the size of the file.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"

namespace kg {

struct CsvRow {
  std::vector<std::string> fields;
  uint64_t line = 0;  // 1-based line where the row starts
  // The row's text as read, without its final line break; truncated to
  // CsvReader::kMaxRawBytes.
  std::string raw;
};

class CsvReader {
 public:
  static constexpr size_t kMaxRawBytes = 64 * 1024;
  // A row longer than this is taken for an unterminated quoted field.
  static constexpr size_t kMaxRowBytes = 64 * 1024 * 1024;

  // Reads from *in, which must outlive the reader. first_line is the number
  // of the stream's first line (callers that consumed leading lines pass it).
  explicit CsvReader(std::istream* in, uint64_t first_line = 1);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next row into *row. At the end of input returns OK with *done
  // set. Returns Corruption when the input cannot be read on (a quoted field
  // still open at the end of the input, a row over kMaxRowBytes, a read
  // error); row->line then names the line where the bad row starts, and
  // later calls return *done.
  Status Next(CsvRow* row, bool* done);

  // Bytes consumed from the stream so far.
  uint64_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
