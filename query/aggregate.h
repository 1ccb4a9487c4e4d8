// aggregate: the parallel edges of one (from, type, to) drawn as one edge
// (CONTRACT.md section 2, `--aggregate`). A dataset gives two places or two
// actors thousands of dated edges of one type; drawn one by one they bury a
// graph (and Graphviz's layout) under parallel lines.
//
// An aggregated edge keeps from, type and to; its date spans the earliest
// to the latest dated edge (undated when none is dated); its sources are
// the union of theirs; its attrs are:
//   count       how many edges it stands for (integer)
//   first, last the earliest start and the latest end, as the edges wrote
//               them (absent when none is dated)
//   fatalities  the sum of the edges' `fatalities` attrs (absent when none
//               has one)
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

// The edges aggregated, one per (from, type, to), ordered by (from, to,
// type).
std::vector<Edge> AggregateEdges(const std::vector<Edge>& edges);

// A source whose edges are inner's, aggregated. Nodes and node sources are
// inner's. inner must yield each node's out-edges together (as StoreSource
// and a neighborhood's MemorySource do); only those of one node are held at
// a time. inner must outlive it.
class AggregateSource : public GraphSource {
 public:
  explicit AggregateSource(const GraphSource& inner) : inner_(inner) {}

  Status ForEachNode(const NodeFn& fn) const override { return inner_.ForEachNode(fn); }
  Status ForEachEdge(const EdgeFn& fn) const override;
  Status ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                       const EdgeFn& fn) const override;
  Status NodeSources(const Node& node, std::vector<std::string>* record_ids) const override {
    return inner_.NodeSources(node, record_ids);
  }
  Status EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const override {
    return inner_.EdgeSources(edge, record_ids);
  }

 private:
  const GraphSource& inner_;
};

}  // namespace kg
