// RecordReader: a stream of Records from one input (a native JSON file, an
// ACLED or UCDP export), with the position of each for error lines.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "graph/model.h"
#include "graph/status.h"

namespace kg {

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // Reads the next record into *record. At the end of input returns OK with
  // *done set. An invalid record returns InvalidArgument whose message names
  // the field ("edge #2: 'type' must match ^[A-Z][A-Z0-9_]*$"), without file
  // or line: line() gives those. After an invalid record the reader goes on
  // with the next one when it can; when the input cannot be resynchronized
  // (a truncated file, a broken gzip stream) it returns Corruption and
  // further calls return *done.
  virtual Status Next(Record* record, bool* done) = 0;

  // First line (1-based) of the record last returned or rejected.
  virtual uint64_t line() const = 0;
  // The input text of the record last returned or rejected, as read (for the
  // --rejects file); may be truncated for huge inputs.
  virtual const std::string& raw() const = 0;
  // Bytes of input consumed so far (compressed bytes for .gz), for progress.
  virtual uint64_t bytes_read() const = 0;
};

}  // namespace kg
