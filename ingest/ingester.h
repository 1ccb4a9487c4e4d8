// ingester: reads input files into a store, record by record, through a
// GraphWriter (CONTRACT.md section 2, "Bad input" and "Durability").
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/writer.h"
#include "ingest/json_stream.h"

namespace kg {

// kAuto: each file's own format: native when it starts as JSON, else the
// dataset whose CSV header it has (ACLED: event_id_cnty; UCDP GED: side_a
// with dyad_name, type_of_violence or date_start). A file that is neither
// is InvalidArgument "file:line: ..." saying which --format reads what.
enum class InputFormat { kNative, kAcled, kUcdp, kAuto };
// "native", "acled", "ucdp", "auto".
bool ParseInputFormat(const std::string& name, InputFormat* format);

struct IngestProgress {
  std::string file;
  uint64_t records = 0;      // read so far, all files
  uint64_t bytes = 0;        // of the current file
  uint64_t total_bytes = 0;  // of the current file; 0 when unknown
  double seconds = 0;        // since the ingest started
};

struct IngestOptions {
  // Default: kAuto. kNative refuses a file that has a dataset's CSV header,
  // naming the --format to use.
  InputFormat format = InputFormat::kAuto;
  // Go on after an invalid record instead of stopping. Default: false.
  bool skip_invalid = false;
  // Where rejected inputs go, one per line, when not null. Default: null.
  std::ostream* rejects = nullptr;
  JsonStreamLimits limits;
  // Called with "file:line: message" for every rejected record when
  // skip_invalid is set. Default: none.
  std::function<void(const std::string&)> on_reject;
  // Called about every half second while records are read. Default: none.
  std::function<void(const IngestProgress&)> on_progress;
};

struct IngestReport {
  WriteStats writes;
  uint64_t rejected = 0;
  uint64_t records = 0;  // read, valid or not
  double seconds = 0;
};

// Ingests each file in order ("-" is standard input; gzip is detected).
// Every record applied is durable when this returns, whatever it returns.
// An invalid record gives InvalidArgument "file:line: field: message" (and
// stops, unless skip_invalid); an unreadable file gives NotFound or IOError.
Status IngestFiles(GraphWriter* writer, const std::vector<std::string>& files, const IngestOptions& options,
                   IngestReport* report);

}  // namespace kg
