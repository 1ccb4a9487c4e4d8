// NodeCache: nodes by internal id, read from the store once each, for
// commands that print many edges between few nodes.
#pragma once

#include <unordered_map>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

class NodeCache {
 public:
  explicit NodeCache(const GraphReader& reader) : reader_(reader) {}
  // The node with this id; Corruption when the store lacks it (an edge's
  // endpoint must exist).
  Status Get(NodeId nid, const Node** node);

 private:
  const GraphReader& reader_;
  std::unordered_map<NodeId, Node> nodes_;
};

}  // namespace kg
