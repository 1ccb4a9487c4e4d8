#include "graph/store.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>

#include "graph/key_codec.h"
#include "graph/node_fold.h"
#include "graph/normalize.h"
#include "graph/value_codec.h"

namespace kg {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Status GraphReader::FindNode(std::string_view id, NodeId* nid) const {
  std::string v;
  Status s = kv_->Get(NodeIdKey(id), &v);
  if (!s.ok()) return s;
  if (v.size() != 8) return Status::Corruption("bad id index entry for " + QuoteForMessage(id));
  *nid = DecodeFixed64BE(v.data());
  return Status::OK();
}

Status GraphReader::GetNode(NodeId nid, Node* node) const {
  std::string v;
  Status s = kv_->Get(NodeKey(nid), &v);
  if (!s.ok()) return s;
  if (!DecodeNode(v, node)) return Status::Corruption("bad node value for node #" + std::to_string(nid));
  node->nid = nid;
  return Status::OK();
}

Status GraphReader::GetNodeRecords(NodeId nid, std::vector<RecordSeq>* seqs) const {
  seqs->clear();
  auto it = kv_->NewIterator();
  // Format 4's declarations, grouped by body; a format-3 store read as it
  // is (read-only, before its upgrade) has 'P' keys instead.
  for (const std::string& prefix : {DeclUsePrefix(nid), Format3DeclPrefix(nid)}) {
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      NodeId n;
      uint64_t body;
      RecordSeq seq;
      if (!ParseDeclUseKey(it->key(), &n, &body, &seq) && !ParseFormat3DeclKey(it->key(), &n, &seq)) {
        return Status::Corruption("bad declaration key");
      }
      seqs->push_back(seq);
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  std::sort(seqs->begin(), seqs->end());
  seqs->erase(std::unique(seqs->begin(), seqs->end()), seqs->end());
  return Status::OK();
}

Status GraphReader::HasNodeRecords(NodeId nid, bool* any) const {
  const std::string prefix = DeclUsePrefix(nid);
  auto it = kv_->NewIterator();
  it->Seek(prefix);
  KG_RETURN_IF_ERROR(it->status());
  *any = it->Valid() && StartsWith(it->key(), prefix);
  return Status::OK();
}

Status GraphReader::GetDeclBodies(NodeId nid, std::vector<DeclBody>* bodies) const {
  bodies->clear();
  const std::string prefix = DeclBodyPrefix(nid);
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    DeclBody b;
    NodeId n;
    if (!ParseDeclBodyKey(it->key(), &n, &b.hash) || !DecodeDeclBody(it->value(), &b.decl)) {
      return Status::Corruption("bad declaration of node #" + std::to_string(nid));
    }
    bodies->push_back(std::move(b));
  }
  KG_RETURN_IF_ERROR(it->status());
  for (DeclBody& b : *bodies) {
    // The oldest and the newest record declaring it: one seek each.
    for (bool newest : {false, true}) {
      const std::string uses = newest ? DeclNewestPrefix(nid, b.hash) : DeclUsePrefix(nid, b.hash);
      it->Seek(uses);
      KG_RETURN_IF_ERROR(it->status());
      NodeId n;
      uint64_t body;
      RecordSeq seq;
      if (!it->Valid() || !StartsWith(it->key(), uses) || !ParseDeclUseKey(it->key(), &n, &body, &seq)) {
        return Status::Corruption("declaration of node #" + std::to_string(nid) + " that no record makes");
      }
      (newest ? b.newest : b.oldest) = seq;
    }
  }
  return Status::OK();
}

Status GraphReader::LookupName(std::string_view normalized, std::vector<NodeId>* nids) const {
  nids->clear();
  std::string prefix = NamePrefix(normalized);
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    std::string_view name;
    NodeId nid;
    if (!ParseNameKey(it->key(), &name, &nid)) return Status::Corruption("bad name index key");
    nids->push_back(nid);
  }
  return it->status();
}

Status GraphReader::Resolve(std::string_view text, NodeId* nid) const {
  Status s = FindNode(text, nid);
  if (!s.IsNotFound()) return s;
  std::string norm = NormalizeName(text);
  std::vector<NodeId> nids;
  if (!norm.empty()) KG_RETURN_IF_ERROR(LookupName(norm, &nids));
  if (nids.size() == 1) {
    *nid = nids[0];
    return Status::OK();
  }
  if (nids.size() > 1) {
    std::string msg = "ambiguous node " + QuoteForMessage(text) + ": matches";
    for (size_t i = 0; i < nids.size() && i < 5; ++i) {
      Node n;
      KG_RETURN_IF_ERROR(GetNode(nids[i], &n));
      msg += (i ? ", " : " ") + QuoteForMessage(n.id);
      if (n.name != n.id) msg += " (" + CutForMessage(n.name) + ")";
    }
    if (nids.size() > 5) msg += ", and " + std::to_string(nids.size() - 5) + " more";
    return Status::InvalidArgument(msg + "; use the node's id");
  }
  std::string closest;
  KG_RETURN_IF_ERROR(ClosestName(text, NodeKind::kUnknown, &closest));
  std::string msg = "unknown node " + QuoteForMessage(text);
  if (!closest.empty()) msg += " (did you mean " + QuoteForMessage(closest) + "?)";
  return Status::InvalidArgument(msg);
}

Status GraphReader::ClosestName(std::string_view text, NodeKind kind, std::string* name) const {
  name->clear();
  const std::string norm = NormalizeName(text);
  if (norm.empty()) return Status::OK();
  size_t best = std::numeric_limits<size_t>::max();
  Node best_node;
  auto it = kv_->NewIterator();
  const std::string prefix = NameIndexPrefix();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    std::string_view cand_name;
    NodeId cand;
    if (!ParseNameKey(it->key(), &cand_name, &cand)) return Status::Corruption("bad name index key");
    size_t cap = std::max<size_t>(2, std::max(norm.size(), cand_name.size()) / 3);
    if (best <= cap) cap = best - 1;  // only a closer name matters now
    size_t d = EditDistance(norm, cand_name, cap);
    if (d > cap || d >= best) continue;
    Node n;
    KG_RETURN_IF_ERROR(GetNode(cand, &n));
    if (kind != NodeKind::kUnknown && n.kind != kind) continue;
    best = d;
    best_node = std::move(n);
    if (best == 0) break;  // none is closer
  }
  KG_RETURN_IF_ERROR(it->status());
  if (best != std::numeric_limits<size_t>::max()) *name = best_node.name;
  return Status::OK();
}

Status GraphReader::Search(std::string_view text, NodeKind kind, std::vector<NodeId>* nids) const {
  nids->clear();
  std::string norm = NormalizeName(text);
  std::string prefix = NameIndexPrefix();
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    std::string_view name;
    NodeId nid;
    if (!ParseNameKey(it->key(), &name, &nid)) return Status::Corruption("bad name index key");
    if (name.find(norm) != std::string_view::npos) nids->push_back(nid);
  }
  KG_RETURN_IF_ERROR(it->status());
  std::sort(nids->begin(), nids->end());
  nids->erase(std::unique(nids->begin(), nids->end()), nids->end());
  if (kind != NodeKind::kUnknown) {
    std::vector<NodeId> kept;
    for (NodeId nid : *nids) {
      Node n;
      KG_RETURN_IF_ERROR(GetNode(nid, &n));
      if (n.kind == kind) kept.push_back(nid);
    }
    nids->swap(kept);
  }
  return Status::OK();
}

Status GraphReader::GetEdge(const EdgeKey& key, Edge* edge) const {
  std::string v;
  Status s = kv_->Get(EncodeOutEdgeKey(key), &v);
  if (!s.ok()) return s;
  if (!DecodeEdgeValue(v, edge)) return Status::Corruption("bad edge value");
  edge->from = key.from;
  edge->to = key.to;
  edge->type = key.type;
  edge->key = key.key;
  if (key.date.empty()) {
    edge->date = DateRange();
  } else if (!ParseDateRange(key.date, &edge->date)) {
    return Status::Corruption("bad date in edge key: " + key.date);
  }
  return Status::OK();
}

Status GraphReader::ForEachEdge(NodeId node, const EdgeFilter& filter,
                                const std::function<bool(const Edge&)>& fn) const {
  // Out-edges are read from node's own edge keys; in-edges from the edge
  // keys of each neighbour that has an edge to node.
  std::vector<NodeId> sources = {node};
  // A self-loop is listed once, as an out-edge, when both directions are.
  if (filter.direction != Direction::kOut) {
    KG_RETURN_IF_ERROR(AddInNeighbors(node, filter.direction == Direction::kIn, &sources));
  }
  auto it = kv_->NewIterator();
  for (size_t i = filter.direction == Direction::kIn ? 1 : 0; i < sources.size(); ++i) {
    const std::string prefix = i == 0 ? OutEdgePrefix(node) : OutEdgePrefix(sources[i], node);
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      EdgeKey k;
      if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
      if (!filter.AllowsType(k.type)) continue;
      Edge e;
      if (!k.date.empty() && !ParseDateRange(k.date, &e.date)) {
        return Status::Corruption("bad date in edge key: " + k.date);
      }
      if (!filter.window.Overlaps(e.date)) continue;
      if (!DecodeEdgeValue(it->value(), &e)) return Status::Corruption("bad edge value");
      e.from = k.from;
      e.to = k.to;
      e.type = std::move(k.type);
      e.key = std::move(k.key);
      if (!fn(e)) return Status::OK();
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  return Status::OK();
}

Status GraphReader::AddInNeighbors(NodeId node, bool with_self, std::vector<NodeId>* out) const {
  Adjacency scratch;
  const Adjacency* adj = nullptr;
  KG_RETURN_IF_ERROR(Adjacent(node, &scratch, &adj));
  for (size_t i = 0; i < adj->neighbors.size(); ++i) {
    if (adj->neighbors[i] == node && !with_self) continue;
    if (adj->directions[i] & kAdjacentIn) out->push_back(adj->neighbors[i]);
  }
  return Status::OK();
}

Status GraphReader::AnyEdgePasses(KvIterator* it, NodeId from, NodeId to, const EdgeFilter& filter,
                                  bool* passes) const {
  *passes = false;
  const std::string pair = OutEdgePrefix(from, to);
  it->Seek(filter.types.empty() ? pair : OutEdgePrefix(from, to, filter.types.front()));
  while (it->Valid() && StartsWith(it->key(), pair)) {
    EdgeKey k;
    if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
    if (!filter.AllowsType(k.type)) {
      // Skip to the next allowed type, if any.
      auto next = std::upper_bound(filter.types.begin(), filter.types.end(), k.type);
      if (next == filter.types.end()) break;
      it->Seek(OutEdgePrefix(from, to, *next));
      continue;
    }
    DateRange date;
    if (!k.date.empty() && !ParseDateRange(k.date, &date)) {
      return Status::Corruption("bad date in edge key: " + k.date);
    }
    if (filter.window.Overlaps(date)) {
      *passes = true;
      return Status::OK();
    }
    it->Next();
  }
  return it->status();
}

Status GraphReader::Neighbors(NodeId node, const EdgeFilter& filter, std::vector<NodeId>* out) const {
  out->clear();
  Adjacency scratch;
  const Adjacency* adj = nullptr;
  KG_RETURN_IF_ERROR(Adjacent(node, &scratch, &adj));
  if (filter.AllowsAll() && filter.direction == Direction::kBoth) {
    *out = adj->neighbors;
    return Status::OK();
  }
  const uint8_t want = filter.direction == Direction::kOut  ? kAdjacentOut
                       : filter.direction == Direction::kIn ? kAdjacentIn
                                                            : kAdjacentOut | kAdjacentIn;
  std::unique_ptr<KvIterator> it;
  for (size_t i = 0; i < adj->neighbors.size(); ++i) {
    const uint8_t dirs = adj->directions[i] & want;
    if (dirs == 0) continue;
    const NodeId n = adj->neighbors[i];
    bool passes = filter.AllowsAll();
    if (!passes) {
      // The neighbour counts when one of the edges joining them passes.
      if (!it) it = kv_->NewIterator();
      if (dirs & kAdjacentOut) KG_RETURN_IF_ERROR(AnyEdgePasses(it.get(), node, n, filter, &passes));
      if (!passes && (dirs & kAdjacentIn)) KG_RETURN_IF_ERROR(AnyEdgePasses(it.get(), n, node, filter, &passes));
    }
    if (passes) out->push_back(n);
  }
  return Status::OK();
}

Status GraphReader::ReadAdjacency(NodeId node, Adjacency* adj) const {
  adj->clear();
  const std::string prefix = AdjacencyPrefix(node);
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    NodeId self, neighbor;
    bool out;
    if (!ParseAdjacencyKey(it->key(), &self, &neighbor, &out)) return Status::Corruption("bad adjacency key");
    const uint8_t dir = out ? kAdjacentOut : kAdjacentIn;
    if (!adj->neighbors.empty() && adj->neighbors.back() == neighbor) {
      adj->directions.back() |= dir;
    } else {
      adj->neighbors.push_back(neighbor);
      adj->directions.push_back(dir);
    }
  }
  return it->status();
}

Status GraphReader::Adjacent(NodeId node, Adjacency* scratch, const Adjacency** adj) const {
  if (adjacency_ != nullptr) {
    if ((*adj = adjacency_->Find(node)) != nullptr) return Status::OK();
  }
  KG_RETURN_IF_ERROR(ReadAdjacency(node, scratch));
  *adj = scratch;
  if (adjacency_ != nullptr) {
    if (const Adjacency* kept = adjacency_->Keep(node, scratch)) *adj = kept;
  }
  return Status::OK();
}

Status GraphReader::NodeIdLimit(NodeId* limit) const { return GetCounter(kMetaNextNode, limit); }

Status GraphReader::EdgesFromTo(NodeId from, NodeId to, const EdgeFilter& filter, std::vector<Edge>* edges) const {
  edges->clear();
  return ForEachEdgeFromTo(from, to, filter, [&](Edge& e) {
    edges->push_back(std::move(e));
    return true;
  });
}

Status GraphReader::ForEachEdgeFromTo(NodeId from, NodeId to, const EdgeFilter& filter,
                                      const std::function<bool(Edge&)>& fn) const {
  std::string prefix = OutEdgePrefix(from, to);
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    EdgeKey k;
    if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
    if (!filter.AllowsType(k.type)) continue;
    Edge e;
    if (!k.date.empty() && !ParseDateRange(k.date, &e.date)) {
      return Status::Corruption("bad date in edge key: " + k.date);
    }
    if (!filter.window.Overlaps(e.date)) continue;
    if (!DecodeEdgeValue(it->value(), &e)) return Status::Corruption("bad edge value");
    e.from = from;
    e.to = to;
    e.type = std::move(k.type);
    e.key = std::move(k.key);
    if (!fn(e)) return Status::OK();
  }
  return it->status();
}

Status GraphReader::DegreeByType(NodeId node, std::map<std::string, Degree>* degree) const {
  degree->clear();
  // Out-edges from node's edge keys (a self-loop is also an in-edge), then
  // in-edges from the edge keys of each other neighbour with an edge to node.
  std::vector<NodeId> sources = {node};
  KG_RETURN_IF_ERROR(AddInNeighbors(node, false, &sources));
  auto it = kv_->NewIterator();
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::string prefix = i == 0 ? OutEdgePrefix(node) : OutEdgePrefix(sources[i], node);
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      EdgeKey k;
      if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
      Degree& d = (*degree)[k.type];
      if (k.from == node) d.out++;
      if (k.to == node) d.in++;
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  return Status::OK();
}

Status GraphReader::HasEdges(NodeId node, bool* has) const {
  const std::string prefix = AdjacencyPrefix(node);
  auto it = kv_->NewIterator();
  it->Seek(prefix);
  *has = it->Valid() && StartsWith(it->key(), prefix);
  return it->status();
}

Status GraphReader::GetRecord(std::string_view record_id, StoredRecord* record) const {
  std::string v;
  Status s = kv_->Get(RecordKey(record_id), &v);
  if (!s.ok()) return s;
  if (!DecodeRecord(v, record)) return Status::Corruption("bad record value for " + QuoteForMessage(record_id));
  return Status::OK();
}

Status GraphReader::RecordIdOf(RecordSeq seq, std::string* record_id) const {
  Status s = kv_->Get(RecordSeqKey(seq), record_id);
  if (s.IsNotFound()) return Status::Corruption("no record for sequence " + std::to_string(seq));
  return s;
}

Status GraphReader::GetCounter(std::string_view name, uint64_t* v) const {
  std::string raw;
  Status s = kv_->Get(MetaKey(name), &raw);
  if (s.IsNotFound()) {
    *v = 0;
    return Status::OK();
  }
  if (!s.ok()) return s;
  if (!DecodeCounter(raw, v)) return Status::Corruption("bad meta value " + std::string(name));
  return Status::OK();
}

Status GraphReader::Stats(StoreStats* stats) const {
  *stats = StoreStats();
  KG_RETURN_IF_ERROR(GetCounter(kMetaNodes, &stats->nodes));
  KG_RETURN_IF_ERROR(GetCounter(kMetaEdges, &stats->edges));
  KG_RETURN_IF_ERROR(GetCounter(kMetaRecords, &stats->records));
  std::string prefix = MetaKey("");
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    std::string_view name = it->key().substr(prefix.size());
    uint64_t v;
    if (StartsWith(name, kMetaKindPrefix) || StartsWith(name, kMetaTypePrefix)) {
      if (!DecodeCounter(it->value(), &v)) return Status::Corruption("bad meta value");
      if (v == 0) continue;
      if (StartsWith(name, kMetaKindPrefix)) {
        stats->by_kind[std::string(name.substr(kMetaKindPrefix.size()))] = v;
      } else {
        stats->by_type[std::string(name.substr(kMetaTypePrefix.size()))] = v;
      }
    }
  }
  return it->status();
}

Status GraphReader::ForEachNode(const std::function<bool(const Node&)>& fn) const {
  std::string prefix = NodePrefix();
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    Node n;
    if (!ParseNodeKey(it->key(), &n.nid) || !DecodeNode(it->value(), &n)) {
      return Status::Corruption("bad node entry");
    }
    if (!fn(n)) return Status::OK();
  }
  return it->status();
}

namespace {

constexpr size_t kUpgradeBatchBytes = 4u << 20;

// Deletes format 1's in-edge twins, if any are left (an upgrade that was
// interrupted after it wrote format 2).
Status DropFormat1InEdges(Kv* kv) {
  const std::string prefix = Format1InEdgePrefix();
  auto it = kv->NewIterator();
  it->Seek(prefix);
  if (!it->Valid() || !StartsWith(it->key(), prefix)) return it->status();
  auto batch = kv->NewBatch();
  for (; it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    batch->Delete(it->key());
    if (batch->ByteSize() >= kUpgradeBatchBytes) {
      KG_RETURN_IF_ERROR(kv->Write(batch.get()));
      batch->Clear();
    }
  }
  KG_RETURN_IF_ERROR(it->status());
  KG_RETURN_IF_ERROR(kv->Write(batch.get()));
  return kv->Sync();
}

// Calls fn with each stored record, writing what it puts in batch whenever
// the batch grows past kUpgradeBatchBytes; what is left is the caller's to
// write.
Status ForEachStoredRecord(Kv* kv, KvBatch* batch,
                           const std::function<Status(std::string_view key, const StoredRecord&)>& fn) {
  auto it = kv->NewIterator();
  const std::string prefix = RecordPrefix();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    StoredRecord rec;
    if (!DecodeRecord(it->value(), &rec)) return Status::Corruption("bad record value for " + QuoteForMessage(it->key().substr(1)));
    KG_RETURN_IF_ERROR(fn(it->key(), rec));
    if (batch->ByteSize() >= kUpgradeBatchBytes) {
      KG_RETURN_IF_ERROR(kv->Write(batch));
      batch->Clear();
    }
  }
  return it->status();
}

// Writes the batch with the store's new format version, and syncs.
Status WriteFormat(Kv* kv, KvBatch* batch, uint64_t version) {
  std::string v;
  EncodeCounter(version, &v);
  batch->Put(MetaKey(kMetaFormat), v);
  KG_RETURN_IF_ERROR(kv->Write(batch));
  return kv->Sync();
}

}  // namespace

// Format 1 kept an in-edge twin per edge; format 2 keeps adjacency keys.
// The adjacency keys are written first, in batches, with format 2 in the
// last batch; then the twins are dropped. Writing adjacency keys twice is
// harmless, so an upgrade interrupted before format 2 is written simply runs
// again, and one interrupted after leaves twins that the next writer drops.
Status GraphStore::UpgradeFormat1(Kv* kv) {
  const std::string prefix = AllOutEdgesPrefix();
  auto it = kv->NewIterator();
  auto batch = kv->NewBatch();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    EdgeKey k;
    if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
    batch->Put(AdjacencyKey(k.from, k.to, true), "");
    batch->Put(AdjacencyKey(k.to, k.from, false), "");
    if (batch->ByteSize() >= kUpgradeBatchBytes) {
      KG_RETURN_IF_ERROR(kv->Write(batch.get()));
      batch->Clear();
    }
  }
  KG_RETURN_IF_ERROR(it->status());
  std::string v;
  EncodeCounter(2, &v);
  batch->Put(MetaKey(kMetaFormat), v);
  KG_RETURN_IF_ERROR(kv->Write(batch.get()));
  KG_RETURN_IF_ERROR(kv->Sync());
  return DropFormat1InEdges(kv);
}

// Format 3 added event keys to edges and versions, same_as and match to
// records. A format-2 edge key is a format-3 edge without a key, so edges
// stay as they are; the records are rewritten in the current record format
// (value_codec reads both, which is why a read-only open of a format-2
// store answers as this kg would after the upgrade). The rewrite goes in
// batches, with format 3 in the last; rewriting a record twice is harmless,
// so an interrupted upgrade simply runs again.
Status GraphStore::UpgradeFormat2(Kv* kv) {
  auto batch = kv->NewBatch();
  KG_RETURN_IF_ERROR(ForEachStoredRecord(kv, batch.get(), [&](std::string_view key, const StoredRecord& rec) {
    std::string value;
    EncodeRecord(rec, &value);  // the current record format
    batch->Put(key, value);
    return Status::OK();
  }));
  return WriteFormat(kv, batch.get(), 3);
}

// Format 4 keeps each node's distinct declarations ('F', 'G', 'H') where
// format 3 kept a 'P' key per declaration. The records are read and each of
// their declarations written anew; then the 'P' keys go, and format 4 is
// written in the last batch. Writing a declaration twice is harmless, so an
// interrupted upgrade simply runs again. Nodes keep their values: a node
// whose newest declaration is not known is folded again when next declared.
Status GraphStore::UpgradeFormat3(Kv* kv) {
  GraphReader reader(kv);
  auto batch = kv->NewBatch();
  auto flush = [&]() -> Status {
    if (batch->ByteSize() < kUpgradeBatchBytes) return Status::OK();
    KG_RETURN_IF_ERROR(kv->Write(batch.get()));
    batch->Clear();
    return Status::OK();
  };
  KG_RETURN_IF_ERROR(ForEachStoredRecord(kv, batch.get(), [&](std::string_view, const StoredRecord& rec) -> Status {
    for (const auto& d : rec.nodes) {
      NodeId nid;
      Status s = reader.FindNode(d.id, &nid);
      if (s.IsNotFound()) continue;
      KG_RETURN_IF_ERROR(s);
      std::string value;
      EncodeDeclBody(d, &value);
      const uint64_t body = DeclBodyHash(d);
      batch->Put(DeclUseKey(nid, body, rec.seq), "");
      batch->Put(DeclNewestKey(nid, body, rec.seq), "");
      batch->Put(DeclBodyKey(nid, body), value);
    }
    return Status::OK();
  }));
  KG_RETURN_IF_ERROR(kv->Write(batch.get()));
  batch->Clear();
  auto it = kv->NewIterator();
  // Every node folded from its declarations, as the writer will fold it
  // (node_fold.h), its name index following its names.
  auto names_of = [](const Node& n) {
    std::set<std::string> names;
    for (const std::string* t : {&n.name}) names.insert(NormalizeName(*t));
    for (const auto& a : n.aliases) names.insert(NormalizeName(a));
    names.erase("");
    return names;
  };
  const std::string nodes = NodePrefix();
  for (it->Seek(nodes); it->Valid() && StartsWith(it->key(), nodes); it->Next()) {
    Node before;
    NodeId nid;
    if (!ParseNodeKey(it->key(), &nid) || !DecodeNode(it->value(), &before)) return Status::Corruption("bad node entry");
    std::vector<GraphReader::DeclBody> bodies;
    KG_RETURN_IF_ERROR(reader.GetDeclBodies(nid, &bodies));
    if (bodies.empty()) continue;
    Node after = before;
    FoldNode(bodies, &after);
    const std::set<std::string> was = names_of(before), is = names_of(after);
    for (const auto& n : was) {
      if (!is.count(n)) batch->Delete(NameKey(n, nid));
    }
    for (const auto& n : is) {
      if (!was.count(n)) batch->Put(NameKey(n, nid), "");
    }
    std::string value;
    EncodeNode(after, &value);
    batch->Put(it->key(), value);
    KG_RETURN_IF_ERROR(flush());
  }
  KG_RETURN_IF_ERROR(it->status());
  const std::string old = AllFormat3DeclsPrefix();
  for (it->Seek(old); it->Valid() && StartsWith(it->key(), old); it->Next()) {
    batch->Delete(it->key());
    KG_RETURN_IF_ERROR(flush());
  }
  KG_RETURN_IF_ERROR(it->status());
  return WriteFormat(kv, batch.get(), 4);
}

// Format 5 indexes each same_as judgement by the text it names ('S' keys);
// its records may keep their endpoints as written, and format 4's, which
// do not, are read as they are (key_codec.h). The judgements of the stored
// records are indexed, then the version written; run again, it writes the
// same keys.
Status GraphStore::UpgradeFormat4(Kv* kv) {
  auto batch = kv->NewBatch();
  KG_RETURN_IF_ERROR(ForEachStoredRecord(kv, batch.get(), [&](std::string_view, const StoredRecord& rec) {
    for (const auto& d : rec.nodes) {
      for (const auto& text : d.same_as) {
        const std::string norm = NormalizeName(text);
        if (norm.empty()) continue;
        std::string value;
        EncodeJudgement(d.id, text, &value);
        batch->Put(JudgementKey(norm, rec.seq), value);
      }
    }
    return Status::OK();
  }));
  return WriteFormat(kv, batch.get(), 5);
}

// Format 6 keeps history: a change log and the record versions changes
// replaced or retracted (key_codec.h 'L', 'V'). A store from before holds
// no past, so its records are logged as one change, "upgrade", the change
// --as-of reaches back to. Run again, it logs the same change.
Status GraphStore::UpgradeFormat5(Kv* kv) {
  auto batch = kv->NewBatch();
  GraphReader reader(kv);
  StoreStats stats;
  KG_RETURN_IF_ERROR(reader.Stats(&stats));
  uint64_t next_seq = 0;
  KG_RETURN_IF_ERROR(reader.GetCounter(kMetaNextSeq, &next_seq));
  std::string raw;
  if (stats.records > 0) {
    ChangeInfo c;
    c.number = 1;
    c.time = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    c.command = "upgrade";
    c.added = stats.records;
    c.first_seq = 1;
    c.end_seq = next_seq;
    c.complete = true;
    EncodeChange(c, &raw);
    batch->Put(ChangeKey(1), raw);
    std::string next;
    EncodeCounter(2, &next);
    batch->Put(MetaKey(kMetaNextChange), next);
  }
  return WriteFormat(kv, batch.get(), 6);
}

GraphStore::~GraphStore() {
  if (!remove_when_closed_) return;
  kv_.reset();
  std::error_code ignored;  // a temporary directory: nothing to report to
  std::filesystem::remove_all(path_, ignored);
}

Status GraphStore::Open(const StoreOptions& options, const std::string& path, std::unique_ptr<GraphStore>* store) {
  KvOptions ko;
  ko.read_only = options.read_only;
  ko.create_if_missing = options.create_if_missing && !options.read_only;
  ko.env = options.env;
  std::unique_ptr<Kv> kv;
  KG_RETURN_IF_ERROR(Kv::Open(ko, path, &kv));

  std::string raw;
  Status s = kv->Get(MetaKey(kMetaFormat), &raw);
  uint64_t version = 0;
  if (s.IsNotFound()) {
    auto it = kv->NewIterator();
    it->Seek("");
    KG_RETURN_IF_ERROR(it->status());
    if (it->Valid()) return Status::InvalidArgument(path + " is not a kg store (no format version)");
    if (!options.read_only) {  // a new, empty store
      auto batch = kv->NewBatch();
      std::string v;
      EncodeCounter(kFormatVersion, &v);
      batch->Put(MetaKey(kMetaFormat), v);
      KG_RETURN_IF_ERROR(kv->Write(batch.get()));
      KG_RETURN_IF_ERROR(kv->Sync());
    }
  } else if (!s.ok()) {
    return s;
  } else if (!DecodeCounter(raw, &version)) {
    return Status::InvalidArgument(path + " is not a kg store (bad format version)");
  } else if (version < kFormatVersion && version >= 1 && !options.read_only) {
    if (version == 1) {
      KG_RETURN_IF_ERROR(UpgradeFormat1(kv.get()).WithPrefix("upgrading " + path + " from store format 1"));
    }
    if (version <= 2) {
      KG_RETURN_IF_ERROR(UpgradeFormat2(kv.get()).WithPrefix("upgrading " + path + " from store format 2"));
    }
    if (version <= 3) {
      KG_RETURN_IF_ERROR(UpgradeFormat3(kv.get()).WithPrefix("upgrading " + path + " from store format 3"));
    }
    if (version <= 4) {
      KG_RETURN_IF_ERROR(UpgradeFormat4(kv.get()).WithPrefix("upgrading " + path + " from store format 4"));
    }
    KG_RETURN_IF_ERROR(UpgradeFormat5(kv.get()).WithPrefix("upgrading " + path + " from store format 5"));
  } else if (version >= 2 && version < kFormatVersion) {
    // Read as is: format 2 is format 3 without keys, versions and judgements,
    // GraphReader reads format 3's declarations too, and format 4 is format
    // 5 without endpoints as written and without the index of judgements,
    // which only the writer reads. Format 5 has no history (its log is
    // empty: graph/history.h answers for the present only).
  } else if (version == 1) {
    return Status::InvalidArgument(path + " has store format 1, from an older kg; the next kg ingest or kg retract " +
                                   "upgrades it to format " + std::to_string(kFormatVersion));
  } else if (version != kFormatVersion) {
    return Status::InvalidArgument(path + " has store format " + std::to_string(version) + "; this kg reads format " +
                                   std::to_string(kFormatVersion));
  }
  if (!options.read_only) KG_RETURN_IF_ERROR(DropFormat1InEdges(kv.get()));
  // A read-only store never changes, so what its traversals read is kept.
  std::unique_ptr<AdjacencyCache> adjacency;
  if (options.read_only) {
    NodeId limit = 0;
    KG_RETURN_IF_ERROR(GraphReader(kv.get()).NodeIdLimit(&limit));
    adjacency = std::make_unique<AdjacencyCache>(limit);
  }
  store->reset(new GraphStore(std::move(kv), std::move(adjacency), path, options.read_only));
  (*store)->remove_when_closed_ = options.remove_when_closed;
  return Status::OK();
}

}  // namespace kg
