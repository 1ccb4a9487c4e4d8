// UCDP Georeferenced Event Dataset (GED) events as kg Records.
//
// Reads the GED API's JSON ({"TotalCount", "TotalPages", "Result": [...]})
// and the GED CSV. Each event becomes one Record "ucdp:<id>" with its two
// sides, its place (country > adm_1 > adm_2 > where_coordinates) and dated,
// typed edges keyed by the event id; docs/DATASETS.md gives the mapping.
#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "ingest/reader.h"

namespace kg {

// Reads UCDP GED events from *in, which must outlive the reader. JSON when
// the first byte that is not white space is '{' or '[', CSV otherwise.
// file_name is the path the input was read from: the GED release it names
// ("GEDEvent_v23_1.csv", "ged231.csv", candidate "GEDEvent_v24_0_5.csv")
// becomes every record's version (see UcdpReleaseVersion); none when it
// names none.
std::unique_ptr<RecordReader> NewUcdpReader(std::istream* in, const std::string& file_name = "");

// The version of GED release major.minor[.patch] named in a file name, as
// major * 10000 + minor * 100 + patch (23.1 -> 230100, candidate 24.0.5 ->
// 240005), so that later releases are larger; nullopt when the name does
// not hold "v" or "ged" followed by a release: "v23_1", "v24_0_5",
// "ged231", "ged_25.1". Only the last path component is read.
std::optional<int64_t> UcdpReleaseVersion(const std::string& file_name);

}  // namespace kg
