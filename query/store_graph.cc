#include "query/store_graph.h"

namespace kg {

std::span<const NodeId> StoreGraph::Adjacent(NodeId v) const {
  auto it = cache_.find(v);
  if (it != cache_.end()) return it->second;
  if (every_edge_) {
    const Adjacency* adj = nullptr;
    Status s = reader_.Adjacent(v, &scratch_, &adj);
    if (!s.ok()) {
      if (status_.ok()) status_ = s;
      return {};
    }
    if (adj != &scratch_) return adj->neighbors;  // kept by the store
    return cache_[v] = std::move(scratch_.neighbors);
  }
  std::vector<NodeId>& adj = cache_[v];
  Status s = reader_.Neighbors(v, filter_, &adj);
  if (!s.ok()) {
    adj.clear();
    if (status_.ok()) status_ = s;
  }
  return adj;
}

}  // namespace kg
