// The JSON side of RowSource (see dataset_rows.h): a streaming scan of API
// responses that hands each row object, one at a time, to RapidJSON.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>

#include "ingest/dataset_rows.h"

namespace kg {

// Reads JSON rows from *in, positioned on the first byte of the first value
// ('{' or '['), which is on line first_line after bytes_before bytes.
std::unique_ptr<RowSource> NewJsonRowSource(std::istream* in, const DatasetFormat& format,
                                            uint64_t first_line, uint64_t bytes_before);

}  // namespace kg
