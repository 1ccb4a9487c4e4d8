// check: verifies every invariant of a store, for `kg check`.
#pragma once

#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace kg {

// Appends one line per violated invariant to *violations: every edge has its
// two adjacency entries and existing endpoints, its sources exist and assert
// it, and every adjacency entry has an edge; every node's
// id and name index entries match it; every record's facts are stored;
// the counters match what is stored, and the next node id and record
// sequence are above every one in use; every stored text is UTF-8; no node is left without a declaring
// record and without edges. Returns an error only when the store cannot be
// read at all.
Status CheckStore(const GraphReader& reader, std::vector<std::string>* violations);

}  // namespace kg
