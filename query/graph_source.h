// GraphSource: the nodes and edges an output writer (DOT, GraphML, JSON,
// GeoJSON) draws, without saying where they come from. Two kinds:
//
//   StoreSource   the whole store, or the part passing a filter, read by
//                 streaming scans: nothing is collected, so a graph of
//                 millions of edges is written in constant memory.
//   MemorySource  a set of nodes and edges held in memory: a neighborhood or
//                 any query's result.
//
// A source is a graph: every edge it yields joins two of its nodes. Nodes are
// named by their canonical id (Node::id) in every output, never by NodeId.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"
#include "query/traverse.h"

namespace kg {

class GraphSource {
 public:
  // Each callback returns OK to go on; its first error ends the scan and is
  // returned by the scan.
  using NodeFn = std::function<Status(const Node& node)>;
  using EdgeFn = std::function<Status(const Edge& edge, const Node& from, const Node& to)>;

  virtual ~GraphSource() = default;

  // Calls fn once for every node.
  virtual Status ForEachNode(const NodeFn& fn) const = 0;
  // Calls fn once for every edge, in its stored direction, with both
  // endpoints.
  virtual Status ForEachEdge(const EdgeFn& fn) const = 0;
  // Calls fn once for every edge touching node (one of this source's nodes)
  // in the given direction(s), a self-loop once; only edges of `type` unless
  // it is empty.
  virtual Status ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                               const EdgeFn& fn) const = 0;
  // The ids of the records declaring node, in ingestion order.
  virtual Status NodeSources(const Node& node, std::vector<std::string>* record_ids) const = 0;
  // The ids of the records supporting edge, in ingestion order.
  virtual Status EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const = 0;
};

// Which part of the store a StoreSource yields.
struct SourceFilter {
  // Edges of these types whose date overlaps the window. Its direction is
  // ignored: every edge is yielded once. Default: every edge.
  EdgeFilter edges;
  // Only nodes of this kind, and the edges among them. Default: kUnknown,
  // every node.
  NodeKind kind = NodeKind::kUnknown;
};

// The store's graph, read by scans: nodes in internal id order, then edges
// grouped by their source node. Holds only a small cache of recently seen
// endpoints. Not safe for concurrent use (the cache).
class StoreSource : public GraphSource {
 public:
  explicit StoreSource(const GraphReader& reader, SourceFilter filter = {});

  Status ForEachNode(const NodeFn& fn) const override;
  Status ForEachEdge(const EdgeFn& fn) const override;
  Status ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                       const EdgeFn& fn) const override;
  Status NodeSources(const Node& node, std::vector<std::string>* record_ids) const override;
  Status EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const override;

 private:
  bool KeepsKind(NodeKind kind) const { return filter_.kind == NodeKind::kUnknown || kind == filter_.kind; }
  // The node nid, from the cache or the store.
  Status Endpoint(NodeId nid, const Node** node) const;
  Status ScanEdges(NodeId nid, const EdgeFilter& filter, const std::function<Status(const Edge&)>& fn) const;

  static constexpr size_t kCacheSlots = 4096;
  const GraphReader& reader_;
  SourceFilter filter_;
  mutable std::vector<Node> cache_;  // direct-mapped by nid; nid 0 marks an empty slot
};

// Nodes and edges held in memory, yielded in the order given. Edge and node
// sources are looked up in reader, when one is given; without it
// NodeSources and EdgeSources give NotSupported. An edge whose endpoint is
// not among the nodes makes the edge scans give InvalidArgument.
class MemorySource : public GraphSource {
 public:
  MemorySource(std::vector<Node> nodes, std::vector<Edge> edges, const GraphReader* reader = nullptr);

  Status ForEachNode(const NodeFn& fn) const override;
  Status ForEachEdge(const EdgeFn& fn) const override;
  Status ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                       const EdgeFn& fn) const override;
  Status NodeSources(const Node& node, std::vector<std::string>* record_ids) const override;
  Status EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const override;

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }

 private:
  Status Endpoints(const Edge& edge, const Node** from, const Node** to) const;

  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  const GraphReader* reader_;
  std::unordered_map<NodeId, size_t> index_;              // nid -> nodes_ position
  std::unordered_map<NodeId, std::vector<size_t>> touching_;  // nid -> edges_ positions
};

// The neighborhood of center as a MemorySource: center first, then the
// nodes FindNeighborhood lists, with the edges among them that pass the
// options' filter (EdgesAmong). Node and edge sources come from reader.
Status LoadNeighborhood(const GraphReader& reader, NodeId center, const NeighborhoodOptions& options,
                        std::unique_ptr<MemorySource>* source);

}  // namespace kg
