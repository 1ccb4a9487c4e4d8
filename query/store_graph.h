// StoreGraph: the store's adjacency seen as a Boost.Graph IncidenceGraph, so
// that BGL's breadth-first search runs over the store directly, reading the
// neighbors of a node only when the search reaches it.
//
// A vertex is a NodeId. out_edges(v) yields one edge per distinct neighbor
// reachable over an edge that passes the filter (in the filter's
// direction(s)); parallel edges collapse into one. Reads are cached per
// vertex: by the store when it keeps adjacencies and the filter takes every
// edge both ways, else here for the life of the graph. A read error ends the
// vertex's list early and is kept in status().
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

class StoreGraph {
 public:
  using Edge = std::pair<NodeId, NodeId>;  // (source, target)

  class OutEdgeIterator
      : public boost::iterator_facade<OutEdgeIterator, Edge, boost::random_access_traversal_tag, Edge> {
   public:
    OutEdgeIterator() = default;
    OutEdgeIterator(NodeId source, const NodeId* p) : source_(source), p_(p) {}

   private:
    friend class boost::iterator_core_access;
    Edge dereference() const { return {source_, *p_}; }
    bool equal(const OutEdgeIterator& o) const { return p_ == o.p_; }
    void increment() { ++p_; }
    void decrement() { --p_; }
    void advance(std::ptrdiff_t n) { p_ += n; }
    std::ptrdiff_t distance_to(const OutEdgeIterator& o) const { return o.p_ - p_; }
    NodeId source_ = 0;
    const NodeId* p_ = nullptr;
  };

  StoreGraph(const GraphReader& reader, const EdgeFilter& filter)
      : reader_(reader), filter_(filter), every_edge_(filter.AllowsAll() && filter.direction == Direction::kBoth) {}

  // The distinct neighbors of v over edges that pass the filter, ascending.
  std::span<const NodeId> Adjacent(NodeId v) const;
  const EdgeFilter& filter() const { return filter_; }
  // The first read error met, or OK.
  const Status& status() const { return status_; }

 private:
  const GraphReader& reader_;
  EdgeFilter filter_;
  bool every_edge_;  // the filter takes every edge, both ways
  mutable std::unordered_map<NodeId, std::vector<NodeId>> cache_;
  mutable Adjacency scratch_;
  mutable Status status_;
};

}  // namespace kg

namespace boost {

template <>
struct graph_traits<kg::StoreGraph> {
  using vertex_descriptor = kg::NodeId;
  using edge_descriptor = kg::StoreGraph::Edge;
  using out_edge_iterator = kg::StoreGraph::OutEdgeIterator;
  using directed_category = directed_tag;
  using edge_parallel_category = disallow_parallel_edge_tag;
  using traversal_category = incidence_graph_tag;
  using degree_size_type = std::size_t;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using adjacency_iterator = void;
  using in_edge_iterator = void;
  using vertex_iterator = void;
  using edge_iterator = void;
  static vertex_descriptor null_vertex() { return 0; }
};

}  // namespace boost

namespace kg {

// The free functions of BGL's IncidenceGraph concept.
inline std::pair<StoreGraph::OutEdgeIterator, StoreGraph::OutEdgeIterator> out_edges(NodeId v, const StoreGraph& g) {
  std::span<const NodeId> adj = g.Adjacent(v);
  return {StoreGraph::OutEdgeIterator(v, adj.data()), StoreGraph::OutEdgeIterator(v, adj.data() + adj.size())};
}
inline std::size_t out_degree(NodeId v, const StoreGraph& g) { return g.Adjacent(v).size(); }
inline NodeId source(const StoreGraph::Edge& e, const StoreGraph&) { return e.first; }
inline NodeId target(const StoreGraph::Edge& e, const StoreGraph&) { return e.second; }

}  // namespace kg
