#include "ingest/native_reader.h"

#include "ingest/record_parser.h"

namespace kg {
namespace {

class NativeReader : public RecordReader {
 public:
  NativeReader(std::istream* in, const JsonStreamLimits& limits) : values_(in, limits) {}

  Status Next(Record* record, bool* done) override {
    Status s = values_.Next(&raw_, &line_, done);
    if (!s.ok() || *done) return s;
    return ParseRecord(raw_, record);
  }
  uint64_t line() const override { return line_; }
  const std::string& raw() const override { return raw_; }
  uint64_t bytes_read() const override { return 0; }

 private:
  JsonValueStream values_;
  std::string raw_;
  uint64_t line_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> NewNativeReader(std::istream* in, const JsonStreamLimits& limits) {
  return std::make_unique<NativeReader>(in, limits);
}

}  // namespace kg
