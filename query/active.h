// active: who was active in a region in a period (`kg active`, CONTRACT.md
// section 3): the actors with a dated edge to the region or to a location
// inside it through LOCATED_IN, at any depth.
//
// The region's subtree is found by walking LOCATED_IN edges backwards from
// the region (X LOCATED_IN R puts X inside R), each location once, so that a
// LOCATED_IN cycle ends and a place inside two regions of the subtree counts
// once. The cost is the subtree and the edges of its places, not the graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

struct ActiveActor {
  Node actor;
  // The counted edges: dated, passing the filter, between the actor and a
  // place of the subtree (either direction). Ordered by date (start, end),
  // then type, then place.
  std::vector<Edge> edges;
  // The distinct types of the counted edges, ascending.
  std::vector<std::string> types;
  // The places of the counted edges, by name then id, without duplicates.
  std::vector<Node> places;
  // The earliest start and the latest end of the counted edges' dates, as
  // yyyymmdd numbers (DateRange::first / last) and as written: the START
  // (first) or END (last) part of a range "START/END", the whole text of a
  // single date ("2025-06"). On equal numbers the more precise text wins,
  // then the smaller.
  int32_t first = 0, last = 0;
  std::string first_text, last_text;
  // The distinct events among the counted edges: edges with a key count
  // once per key, edges without one once each.
  uint64_t events = 0;
  // The sum of the `fatalities` attrs (numbers) of the counted edges, once
  // per event (of a key's edges, the first in edge order that has one);
  // has_fatalities is false when none has one. fatalities_integral: every
  // summed value was an integer.
  bool has_fatalities = false;
  bool fatalities_integral = true;
  double fatalities = 0;
};

struct ActiveResult {
  Node region;
  // The region and every location inside it, in the order the walk met them
  // (region first).
  std::vector<Node> places;
  // Most counted edges first; ties by name, then id.
  std::vector<ActiveActor> actors;
};

// The actors active in region: those joined to a place of its subtree by a
// dated edge that passes filter (its types and date window; its direction
// is ignored, both directions count). An edge between two actors, or between
// two locations, does not count. The walk of the subtree follows LOCATED_IN
// edges whose date overlaps the filter's window (undated ones always),
// whatever filter.types says, and passes only through locations.
//
// NotFound when region does not exist; InvalidArgument when it is not a
// location. No actor in the window gives an empty list.
Status ActiveIn(const GraphReader& reader, NodeId region, const EdgeFilter& filter, ActiveResult* result);

}  // namespace kg
