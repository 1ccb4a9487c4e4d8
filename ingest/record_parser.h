// record_parser: the native record format (CONTRACT.md section 1), from JSON
// text to a validated kg::Record. The only code that knows RapidJSON's
// document model for native records.
#pragma once

#include <string_view>

#include "graph/model.h"
#include "graph/status.h"

namespace kg {

inline constexpr size_t kMaxNodeIdBytes = 256;
inline constexpr size_t kMaxEdgeKeyBytes = 256;

// Parses one record. Returns InvalidArgument naming the field on anything
// the contract does not allow: 'edge #2: 'type' must match
// ^[A-Z][A-Z0-9_]*$, got "struck"'. Checks everything that needs no store;
// resolution, kinds of known nodes and the like are checked on apply.
Status ParseRecord(std::string_view json, Record* record);

// Validates the fields of a record built by other means (dataset importers)
// with the same rules and messages as ParseRecord.
Status ValidateRecord(const Record& record);

}  // namespace kg
