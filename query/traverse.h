// traverse: neighborhoods and shortest paths over the store's adjacency,
// with Boost.Graph's breadth-first search (see store_graph.h). Each query
// reads only the part of the graph it reaches, never the whole store.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

struct NeighborhoodOptions {
  // Hops from the center. Default: 1.
  uint32_t depth = 1;
  // Which edges to follow. Default: all, both directions.
  EdgeFilter filter;
  // Only list nodes of this kind (traversal still passes through every
  // kind). Default: kUnknown, any kind.
  NodeKind kind = NodeKind::kUnknown;
};

struct NeighborNode {
  NodeId nid;
  uint32_t distance;  // hops from the center, >= 1
};

struct Neighborhood {
  NodeId center = 0;
  // Excludes the center; sorted by distance, then internal id.
  std::vector<NeighborNode> nodes;
};

// The nodes within options.depth hops of center. NotFound never: an isolated
// center gives an empty list.
Status FindNeighborhood(const GraphReader& reader, NodeId center, const NeighborhoodOptions& options,
                        Neighborhood* result);

// The stored edges joining two nodes of `nodes` that pass the filter (its
// direction is ignored: an edge is listed once, in its stored direction),
// ordered by (from, to, type, date).
Status EdgesAmong(const GraphReader& reader, const std::vector<NodeId>& nodes, const EdgeFilter& filter,
                  std::vector<Edge>* edges);

// The same edges, one call of fn each (which may move from the edge).
Status ForEachEdgeAmong(const GraphReader& reader, const std::vector<NodeId>& nodes, const EdgeFilter& filter,
                        const std::function<void(Edge&)>& fn);

struct PathOptions {
  // Longest path searched, in edges. Default: no limit.
  uint32_t max_depth = UINT32_MAX;
  EdgeFilter filter;
  // Every shortest path instead of one. Default: false.
  bool all = false;
  // With all: stop after this many paths (0: no limit). Default: 1000.
  size_t max_paths = 1000;
};

struct Path {
  std::vector<NodeId> nodes;  // from ... to
  // edges[i] joins nodes[i] and nodes[i+1], in its stored direction. Where
  // several edges join them, the one with the most support, then the latest
  // date, then the smallest type.
  std::vector<Edge> edges;
};

// Shortest paths (fewest edges) from `from` to `to` passing the filter.
// NotFound when there is none within max_depth. from == to gives one path
// of length 0. *truncated (when given) says whether max_paths stopped
// the listing of every shortest path early.
Status ShortestPaths(const GraphReader& reader, NodeId from, NodeId to, const PathOptions& options,
                     std::vector<Path>* paths, bool* truncated = nullptr);

}  // namespace kg
