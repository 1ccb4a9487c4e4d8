// record_list: the records a list names, for `kg retract --from FILE`.
//
// Two forms: record ids, one a line (blank lines skipped, CRLF line ends
// and blanks around an id ignored); or ACLED's deleted-events export, a CSV
// whose header has `event_id_cnty` (and `deleted_timestamp`), which names
// the records the ACLED importer made of those events (ingest/acled.h).
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "graph/status.h"

namespace kg {

struct RecordList {
  std::vector<std::string> ids;  // in the order listed, duplicates kept
  bool acled_deletions = false;  // read as ACLED's deleted-events export
};

// Reads *in to its end. InvalidArgument naming the line on a malformed
// ACLED CSV (a row without the event id column); IOError when the stream
// fails.
Status ReadRecordList(std::istream* in, RecordList* list);

}  // namespace kg
