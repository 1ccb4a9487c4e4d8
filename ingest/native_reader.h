// native_reader: kg's native records (CONTRACT.md section 1) as a RecordReader.
#pragma once

#include <istream>
#include <memory>

#include "ingest/json_stream.h"
#include "ingest/reader.h"

namespace kg {

std::unique_ptr<RecordReader> NewNativeReader(std::istream* in, const JsonStreamLimits& limits);

}  // namespace kg
