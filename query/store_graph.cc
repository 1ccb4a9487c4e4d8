#include "query/store_graph.h"

namespace kg {

const std::vector<NodeId>& StoreGraph::Adjacent(NodeId v) const {
  auto it = cache_.find(v);
  if (it != cache_.end()) return it->second;
  std::vector<NodeId>& adj = cache_[v];
  Status s = reader_.Neighbors(v, filter_, &adj);
  if (!s.ok()) {
    adj.clear();
    if (status_.ok()) status_ = s;
  }
  return adj;
}

}  // namespace kg
