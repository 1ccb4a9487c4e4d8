// timeline: a node's edges as a chronology (`kg timeline`, CONTRACT.md
// section 3). Dated edges are events in date order; undated edges state
// standing relations and are listed apart.
#pragma once

#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

// One edge of the timeline's node, seen from that node.
struct TimelineEntry {
  Edge edge;
  // Whether the node is the edge's source. A self-loop is listed once, as
  // outgoing.
  bool outgoing = true;
  Node other;                        // the other endpoint (the node itself for a self-loop)
  std::vector<std::string> sources;  // record ids of edge.sources, same order
};

struct TimelineResult {
  Node node;
  // Dated edges ordered by the start of their date range, then its end,
  // then type, then the other node's name; remaining ties by direction (out
  // first), the other node's id and the date as written.
  std::vector<TimelineEntry> events;
  // Undated edges ordered by type, then the other node's name, direction
  // and the other node's id.
  std::vector<TimelineEntry> standing;
};

// The edges of node that pass filter (types, direction and date window;
// undated edges pass every window), split into events and standing
// relations. `kg timeline` passes a filter with direction kBoth. Reads the
// node's edges and each distinct neighbor once. NotFound when node does not
// exist; a node without edges gives empty lists.
Status Timeline(const GraphReader& reader, NodeId node, const EdgeFilter& filter, TimelineResult* result);

}  // namespace kg
