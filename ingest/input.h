// input: byte streams from files, standard input and gzip files.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>

#include "graph/status.h"

namespace kg {

// An open input: a file or "-" (standard input), decompressed on the fly when
// it is gzip data (whatever its name). Exposes a std::istream.
class InputFile {
 public:
  // Opens path. NotFound / IOError with a message naming the path.
  static Status Open(const std::string& path, std::unique_ptr<InputFile>* file);
  ~InputFile();

  std::istream& stream();
  // The error that ended the stream early (bad or truncated gzip data, a read
  // error), or OK at a clean end.
  Status status() const;
  // Bytes read from the underlying file so far (compressed bytes for gzip).
  uint64_t bytes_read() const;
  // Size of the underlying file, or 0 when unknown (a pipe).
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  class Buf;
  InputFile() = default;
  std::unique_ptr<Buf> buf_;
  std::unique_ptr<std::istream> stream_;
  std::string path_;
  uint64_t size_ = 0;
};

}  // namespace kg
