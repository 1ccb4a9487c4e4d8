#include "query/node_cache.h"

namespace kg {

Status NodeCache::Get(NodeId nid, const Node** node) {
  auto it = nodes_.find(nid);
  if (it == nodes_.end()) {
    Node n;
    Status s = reader_.GetNode(nid, &n);
    if (s.IsNotFound()) return Status::Corruption("edge endpoint #" + std::to_string(nid) + " is missing");
    KG_RETURN_IF_ERROR(s);
    it = nodes_.emplace(nid, std::move(n)).first;
  }
  *node = &it->second;
  return Status::OK();
}

}  // namespace kg
