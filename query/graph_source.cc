#include "query/graph_source.h"

#include "query/output.h"

namespace kg {

StoreSource::StoreSource(const GraphReader& reader, SourceFilter filter)
    : reader_(reader), filter_(std::move(filter)), cache_(kCacheSlots) {
  filter_.edges.direction = Direction::kBoth;
}

Status StoreSource::Endpoint(NodeId nid, const Node** node) const {
  Node& slot = cache_[nid % kCacheSlots];
  if (slot.nid != nid || nid == 0) {
    Status s = reader_.GetNode(nid, &slot);
    if (!s.ok()) {
      slot.nid = 0;
      if (s.IsNotFound()) return Status::Corruption("edge to missing node #" + std::to_string(nid));
      return s;
    }
  }
  *node = &slot;
  return Status::OK();
}

Status StoreSource::ScanEdges(NodeId nid, const EdgeFilter& filter,
                              const std::function<Status(const Edge&)>& fn) const {
  Status inner;
  Status s = reader_.ForEachEdge(nid, filter, [&](const Edge& e) {
    inner = fn(e);
    return inner.ok();
  });
  KG_RETURN_IF_ERROR(s);
  return inner;
}

Status StoreSource::ForEachNode(const NodeFn& fn) const {
  Status inner;
  Status s = reader_.ForEachNode([&](const Node& n) {
    if (KeepsKind(n.kind)) inner = fn(n);
    return inner.ok();
  });
  KG_RETURN_IF_ERROR(s);
  return inner;
}

Status StoreSource::ForEachEdge(const EdgeFn& fn) const {
  EdgeFilter out = filter_.edges;
  out.direction = Direction::kOut;
  Status inner;
  Status s = reader_.ForEachNode([&](const Node& from) {
    if (!KeepsKind(from.kind)) return true;
    inner = ScanEdges(from.nid, out, [&](const Edge& e) {
      const Node* to = &from;
      if (e.to != from.nid) KG_RETURN_IF_ERROR(Endpoint(e.to, &to));
      if (!KeepsKind(to->kind)) return Status::OK();
      return fn(e, from, *to);
    });
    return inner.ok();
  });
  KG_RETURN_IF_ERROR(s);
  return inner;
}

Status StoreSource::ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                                  const EdgeFn& fn) const {
  EdgeFilter f = filter_.edges;
  f.direction = direction;
  if (!type.empty()) {
    if (!f.AllowsType(std::string(type))) return Status::OK();
    f.types = {std::string(type)};
  }
  return ScanEdges(node.nid, f, [&](const Edge& e) {
    NodeId other_nid = e.from == node.nid ? e.to : e.from;
    const Node* other = &node;
    if (other_nid != node.nid) KG_RETURN_IF_ERROR(Endpoint(other_nid, &other));
    if (!KeepsKind(other->kind)) return Status::OK();
    return e.from == node.nid ? fn(e, node, *other) : fn(e, *other, node);
  });
}

Status StoreSource::NodeSources(const Node& node, std::vector<std::string>* record_ids) const {
  std::vector<RecordSeq> seqs;
  KG_RETURN_IF_ERROR(reader_.GetNodeRecords(node.nid, &seqs));
  return RecordIds(reader_, seqs, record_ids);
}

Status StoreSource::EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const {
  return RecordIds(reader_, edge.sources, record_ids);
}

MemorySource::MemorySource(std::vector<Node> nodes, std::vector<Edge> edges, const GraphReader* reader)
    : nodes_(std::move(nodes)), edges_(std::move(edges)), reader_(reader) {
  for (size_t i = 0; i < nodes_.size(); ++i) index_.emplace(nodes_[i].nid, i);
  for (size_t i = 0; i < edges_.size(); ++i) {
    touching_[edges_[i].from].push_back(i);
    if (edges_[i].to != edges_[i].from) touching_[edges_[i].to].push_back(i);
  }
}

Status MemorySource::Endpoints(const Edge& edge, const Node** from, const Node** to) const {
  auto f = index_.find(edge.from);
  auto t = index_.find(edge.to);
  if (f == index_.end() || t == index_.end()) {
    return Status::InvalidArgument("a " + edge.type + " edge joins a node that is not in the graph");
  }
  *from = &nodes_[f->second];
  *to = &nodes_[t->second];
  return Status::OK();
}

Status MemorySource::ForEachNode(const NodeFn& fn) const {
  for (const Node& n : nodes_) KG_RETURN_IF_ERROR(fn(n));
  return Status::OK();
}

Status MemorySource::ForEachEdge(const EdgeFn& fn) const {
  for (const Edge& e : edges_) {
    const Node* from;
    const Node* to;
    KG_RETURN_IF_ERROR(Endpoints(e, &from, &to));
    KG_RETURN_IF_ERROR(fn(e, *from, *to));
  }
  return Status::OK();
}

Status MemorySource::ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                                   const EdgeFn& fn) const {
  auto it = touching_.find(node.nid);
  if (it == touching_.end()) return Status::OK();
  for (size_t i : it->second) {
    const Edge& e = edges_[i];
    if (direction == Direction::kOut && e.from != node.nid) continue;
    if (direction == Direction::kIn && e.to != node.nid) continue;
    if (!type.empty() && e.type != type) continue;
    const Node* from;
    const Node* to;
    KG_RETURN_IF_ERROR(Endpoints(e, &from, &to));
    KG_RETURN_IF_ERROR(fn(e, *from, *to));
  }
  return Status::OK();
}

Status MemorySource::NodeSources(const Node& node, std::vector<std::string>* record_ids) const {
  if (reader_ == nullptr) return Status::NotSupported("node sources need the store");
  std::vector<RecordSeq> seqs;
  KG_RETURN_IF_ERROR(reader_->GetNodeRecords(node.nid, &seqs));
  return RecordIds(*reader_, seqs, record_ids);
}

Status MemorySource::EdgeSources(const Edge& edge, std::vector<std::string>* record_ids) const {
  if (reader_ == nullptr) return Status::NotSupported("edge sources need the store");
  return RecordIds(*reader_, edge.sources, record_ids);
}

Status LoadNeighborhood(const GraphReader& reader, NodeId center, const NeighborhoodOptions& options,
                        std::unique_ptr<MemorySource>* source) {
  Neighborhood hood;
  KG_RETURN_IF_ERROR(FindNeighborhood(reader, center, options, &hood));
  std::vector<NodeId> members{center};
  for (const NeighborNode& n : hood.nodes) members.push_back(n.nid);
  std::vector<Node> nodes(members.size());
  for (size_t i = 0; i < members.size(); ++i) KG_RETURN_IF_ERROR(reader.GetNode(members[i], &nodes[i]));
  std::vector<Edge> edges;
  KG_RETURN_IF_ERROR(EdgesAmong(reader, members, options.filter, &edges));
  *source = std::make_unique<MemorySource>(std::move(nodes), std::move(edges), &reader);
  return Status::OK();
}

}  // namespace kg
