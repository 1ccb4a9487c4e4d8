// diff: what changed between two moments of a store's history, for
// `kg diff A [B]` (CONTRACT.md section 6): the records added, replaced and
// retracted after change A up to change B, and the nodes and edges that
// appeared, vanished or changed between the graph at A and the graph at B.
//
// Nodes are named by their canonical id, edges by (from, type, to, date,
// key) with canonical ids, so the two graphs compare whatever internal ids
// they were built with. A node or edge "changed" when anything its JSON
// says (name, aliases, attrs, coords, support, sources) differs, its
// aliases and sources taken as sets (a revised record moves to the end of the
// ingestion order, which changes no fact).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"
#include "query/table.h"

namespace kg {

struct RecordChanges {
  std::vector<std::string> added, replaced, retracted;  // record ids, sorted
};

// The records that changes a+1..b added, replaced (a version standing at a
// and another at b) and retracted; history is the store holding the log.
Status DiffRecords(const GraphReader& history, uint64_t a, uint64_t b, RecordChanges* records);

struct DiffInput {
  uint64_t a = 0, b = 0;
  RecordChanges records;
  const GraphReader* before = nullptr;  // the graph at a
  const GraphReader* after = nullptr;   // the graph at b
};

// Writes the diff as JSON:
//   {"from": A, "to": B,
//    "records": {"added": [...], "replaced": [...], "retracted": [...]},
//    "nodes": {"added": [node...], "removed": [node...],
//              "changed": [{"id", "before": node, "after": node}...]},
//    "edges": {"added": [edge...], "removed": [edge...],
//              "changed": [{"before": edge, "after": edge}...]}}
// with nodes and edges as `kg export --format json` writes them, each list
// in id order. *changes gets how many items it lists in all.
Status WriteDiffJson(const DiffInput& in, std::ostream* out, uint64_t* changes);
// The same as a table: what (record, node, edge), how (added, replaced,
// retracted, removed, changed) and which.
Status WriteDiffTable(const DiffInput& in, const TableOptions& table, std::ostream* out, uint64_t* changes);

}  // namespace kg
