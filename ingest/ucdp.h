// UCDP Georeferenced Event Dataset (GED) events as kg Records.
//
// Reads the GED API's JSON ({"TotalCount", "TotalPages", "Result": [...]})
// and the GED CSV. Each event becomes one Record "ucdp:<id>" with its two
// sides, its place (country > adm_1 > adm_2 > where_coordinates) and dated,
// typed edges; docs/DATASETS.md gives the mapping.
#pragma once

#include <istream>
#include <memory>

#include "ingest/reader.h"

namespace kg {

// Reads UCDP GED events from *in, which must outlive the reader. JSON when
// the first byte that is not white space is '{' or '[', CSV otherwise.
std::unique_ptr<RecordReader> NewUcdpReader(std::istream* in);

}  // namespace kg
