// json_stream: splits a stream of JSON values into one text per value,
// without parsing them, tracking line numbers.
//
// Accepts JSON Lines, values simply concatenated (over any number of lines),
// and one top-level array whose elements are the values; a UTF-8 byte order
// mark at the very start is skipped. Memory is bounded by
// the largest value, itself bounded by max_value_bytes; nesting is bounded by
// max_depth, counted without recursion.
#pragma once

#include <cstdint>
#include <cstddef>
#include <istream>
#include <string>

#include "graph/status.h"

namespace kg {

struct JsonStreamLimits {
  // Largest value accepted, in bytes. Default: 16 MiB.
  uint64_t max_value_bytes = 16u << 20;
  // Deepest nesting of arrays and objects accepted. Default: 64.
  uint32_t max_depth = 64;
};

class JsonValueStream {
 public:
  JsonValueStream(std::istream* in, const JsonStreamLimits& limits) : in_(in), limits_(limits) {}

  // Reads the next value's text into *text and its first line into *line.
  // At the end of input returns OK with *done set. A value that cannot be
  // delimited (an unterminated string, mismatched brackets, too deep, too
  // large, cut off by the end of input) gives InvalidArgument; *line and
  // *text (truncated) tell which. The stream then resumes at the next line;
  // inside a top-level array it cannot, and later calls report *done.
  Status Next(std::string* text, uint64_t* line, bool* done);

 private:
  int Get();
  int Peek();
  // Refills buf_ from the input; false at its end.
  bool Fill();
  // Inside a string, appends the bytes up to the next '"', '\\' or line
  // break (not included) to *text at once.
  void TakeStringRun(std::string* text);
  Status Fail(std::string msg, std::string* text);
  // Skips to the next line, appending what it skips to *text (bounded).
  void SkipRestOfLine(std::string* text);

  std::istream* in_;
  JsonStreamLimits limits_;
  std::string buf_;  // read ahead from in_: bytes [pos_, end_) are unread
  size_t pos_ = 0, end_ = 0;
  uint64_t line_ = 1;
  bool started_ = false;
  bool bom_skipped_ = false;  // only before the first value
  bool in_array_ = false;     // inside a top-level array
  bool array_closed_ = false;
  bool dead_ = false;         // cannot resynchronize
};

}  // namespace kg
