#include "ingest/dataset_rows.h"

#include <cctype>

#include "ingest/csv_reader.h"
#include "ingest/dataset_json.h"

namespace kg {
namespace {

std::string LowerTrim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  return out;
}

class CsvRowSource : public RowSource {
 public:
  CsvRowSource(std::istream* in, const DatasetFormat& format, uint64_t first_line, uint64_t bytes_before)
      : format_(format), csv_(in, first_line), bytes_before_(bytes_before) {}

  Status Next(DatasetRow* row, bool* done) override {
    *done = false;
    if (ended_) {
      *done = true;
      return Status::OK();
    }
    CsvRow csv;
    if (!have_header_) {
      KG_RETURN_IF_ERROR(ReadHeader(row, done));
      if (*done) return Status::OK();
    }
    while (true) {
      Status s = csv_.Next(&csv, done);
      if (!s.ok()) {
        row->line = csv.line;
        row->raw.clear();
        ended_ = true;
        return s;
      }
      if (*done) {
        ended_ = true;
        return Status::OK();
      }
      bool first = first_row_;
      first_row_ = false;
      if (first && !csv.fields.empty() && !csv.fields[0].empty() && csv.fields[0][0] == '#') {
        continue;  // HXL hashtag row
      }
      break;
    }
    row->line = csv.line;
    row->raw = std::move(csv.raw);
    if (csv.fields.size() != header_size_) {
      bool extra_empty = csv.fields.size() > header_size_;
      for (size_t i = header_size_; extra_empty && i < csv.fields.size(); ++i) {
        extra_empty = csv.fields[i].empty();
      }
      if (!extra_empty) {
        return Status::InvalidArgument("row has " + std::to_string(csv.fields.size()) +
                                       " fields, the header has " + std::to_string(header_size_));
      }
    }
    row->values.assign(format_.columns.size(), std::string());
    for (size_t c = 0; c < index_.size(); ++c) {
      if (index_[c] != kAbsent) row->values[c] = std::move(csv.fields[index_[c]]);
    }
    return Status::OK();
  }

  uint64_t bytes_read() const override { return bytes_before_ + csv_.bytes_read(); }

 private:
  static constexpr size_t kAbsent = static_cast<size_t>(-1);

  Status ReadHeader(DatasetRow* row, bool* done) {
    CsvRow header;
    Status s = csv_.Next(&header, done);
    if (!s.ok() || *done) {
      ended_ = true;
      row->line = header.line;
      return s;
    }
    have_header_ = true;
    header_size_ = header.fields.size();
    index_.assign(format_.columns.size(), kAbsent);
    for (size_t i = 0; i < header.fields.size(); ++i) {
      std::string name = LowerTrim(header.fields[i]);
      for (size_t c = 0; c < format_.columns.size(); ++c) {
        if (index_[c] == kAbsent && name == format_.columns[c]) index_[c] = i;
      }
    }
    for (size_t c : format_.required) {
      if (index_[c] == kAbsent) {
        ended_ = true;
        row->line = header.line;
        row->raw = std::move(header.raw);
        return Status::InvalidArgument("header: no column \"" + format_.columns[c] + "\", which " + format_.name +
                                       " CSV files have");
      }
    }
    return Status::OK();
  }

  const DatasetFormat format_;
  CsvReader csv_;
  uint64_t bytes_before_;
  bool have_header_ = false;
  bool first_row_ = true;
  bool ended_ = false;
  size_t header_size_ = 0;
  std::vector<size_t> index_;  // per column: its field index, or kAbsent
};

}  // namespace

std::unique_ptr<RowSource> NewRowSource(std::istream* in, const DatasetFormat& format) {
  // Skip white space and a byte order mark to see the first real byte.
  uint64_t line = 1, consumed = 0;
  bool json = false;
  size_t bom = 0;
  while (true) {
    int c = in->peek();
    if (c == std::char_traits<char>::eof()) break;
    unsigned char uc = static_cast<unsigned char>(c);
    static const unsigned char kBom[] = {0xEF, 0xBB, 0xBF};
    if (consumed == bom && bom < 3 && uc == kBom[bom]) {
      ++bom;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') ++line;
    } else {
      json = c == '{' || c == '[';
      break;
    }
    in->get();
    ++consumed;
  }
  if (json) return NewJsonRowSource(in, format, line, consumed);
  return std::make_unique<CsvRowSource>(in, format, line, consumed);
}

}  // namespace kg
