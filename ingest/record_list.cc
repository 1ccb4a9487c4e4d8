#include "ingest/record_list.h"

#include <cctype>
#include <sstream>

#include "ingest/acled.h"
#include "ingest/csv_reader.h"
#include "ingest/dataset_text.h"

namespace kg {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The column of event_id_cnty when line is the header of ACLED's
// deleted-events export.
// Column names are matched without regard to case, as dataset headers are.
bool AcledHeader(const std::string& line, size_t* column) {
  std::string lower = line;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("event_id_cnty") == std::string::npos) return false;
  std::istringstream in(lower);
  CsvReader csv(&in);
  CsvRow row;
  bool done = false;
  if (!csv.Next(&row, &done).ok() || done) return false;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    if (Trim(row.fields[i]) == "event_id_cnty") {
      *column = i;
      return true;
    }
  }
  return false;
}

Status ReadAcledDeletions(std::istream* in, size_t column, RecordList* list) {
  CsvReader csv(in, 2);
  for (;;) {
    CsvRow row;
    bool done = false;
    Status s = csv.Next(&row, &done);
    if (!s.ok()) return s.WithPrefix("line " + std::to_string(row.line));
    if (done) return Status::OK();
    if (row.fields.size() <= column) {
      return Status::InvalidArgument("line " + std::to_string(row.line) + ": no event_id_cnty");
    }
    const std::string id = Trim(row.fields[column]);
    if (id.empty() || id[0] == '#') continue;  // an empty cell, or HXL hashtags
    list->ids.push_back(AcledRecordId(id));
  }
}

}  // namespace

Status ReadRecordList(std::istream* in, RecordList* list) {
  *list = RecordList();
  std::string line;
  bool first = true;
  while (std::getline(*in, line)) {
    if (first && line.compare(0, kBom.size(), kBom) == 0) line.erase(0, kBom.size());
    size_t column = 0;
    if (first && AcledHeader(line, &column)) {
      list->acled_deletions = true;
      return ReadAcledDeletions(in, column, list);
    }
    first = false;
    std::string id = Trim(line);  // also drops the CR of a CRLF line end
    if (!id.empty()) list->ids.push_back(std::move(id));
  }
  if (in->bad()) return Status::IOError("read error");
  return Status::OK();
}

}  // namespace kg
