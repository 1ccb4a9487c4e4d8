// graph_json_writer: the JSON of `kg export --format json`, every attribute
// of every node and edge (shape in docs/EXPORT.md):
//
//   {"center": "fama", "depth": 1,          (only for a neighborhood)
//    "nodes": [{"id", "kind", "name", "aliases", "attrs", "coords"?, "sources"}, ...],
//    "edges": [{"from", "type", "to", "date"?, "attrs", "support", "sources"}, ...]}
//
// One node or edge per line, so that line tools work on large exports.
// Streams: nothing is held beyond the node or edge at hand.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

struct GraphJsonOptions {
  // The canonical id of the neighborhood's center, written with depth.
  // Default: empty, the whole graph (neither is written).
  std::string center;
  uint32_t depth = 0;
};

// Writes source as one JSON document to out. IOError when out fails.
Status WriteGraphJson(const GraphSource& source, const GraphJsonOptions& options, std::ostream* out);

}  // namespace kg
