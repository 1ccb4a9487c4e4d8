#include "graph/store.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "graph/key_codec.h"
#include "graph/normalize.h"
#include "graph/value_codec.h"

namespace kg {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Status GraphReader::FindNode(std::string_view id, NodeId *nid) const {
  std::string v;
  Status s = kv_->Get(NodeIdKey(id), &v);
  if (!s.ok()) return s;
  if (v.size() != 8) return Status::Corruption("bad id index entry for " + QuoteForMessage(id));
  *nid = DecodeFixed64BE(v.data());
  return Status::OK();
}

Status GraphReader::GetNode(NodeId nid, Node *node) const {
  std::string v;
  Status s = kv_->Get(NodeKey(nid), &v);
  if (!s.ok()) return s;
  if (!DecodeNode(v, node)) return Status::Corruption("bad node value for node #" + std::to_string(nid));
  node->nid = nid;
  return Status::OK();
}

Status GraphReader::GetNodeRecords(NodeId nid, std::vector<RecordSeq> *seqs) const {
  seqs->clear();
  std::string prefix = DeclPrefix(nid);
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    NodeId n;
    RecordSeq seq;
    if (!ParseDeclKey(it->key(), &n, &seq)) return Status::Corruption("bad declaration key");
    seqs->push_back(seq);
  }
  return it->status();
}

Status GraphReader::LookupName(std::string_view normalized, std::vector<NodeId> *nids) const {
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

Status GraphReader::Resolve(std::string_view text, NodeId *nid) const {
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
  // Unknown: suggest the closest normalized names.
  std::string msg = "unknown node " + QuoteForMessage(text);
  if (!norm.empty()) {
    // A name is close when at most a third of the longer of the two names
    // (and at least 2 characters) differs: "Timbuctu" -> "Tombouctou".
    size_t best = std::numeric_limits<size_t>::max();
    NodeId best_nid = 0;
    auto it = kv_->NewIterator();
    std::string prefix = NameIndexPrefix();
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      std::string_view name;
      NodeId cand;
      if (!ParseNameKey(it->key(), &name, &cand)) return Status::Corruption("bad name index key");
      size_t cap = std::max<size_t>(2, std::max(norm.size(), name.size()) / 3);
      if (best <= cap) cap = best - 1;  // only a closer name matters now
      size_t d = EditDistance(norm, name, cap);
      if (d <= cap && d < best) {
        best = d;
        best_nid = cand;
      }
    }
    KG_RETURN_IF_ERROR(it->status());
    if (best_nid != 0) {
      Node n;
      KG_RETURN_IF_ERROR(GetNode(best_nid, &n));
      msg += " (did you mean " + QuoteForMessage(n.name) + "?)";
    }
  }
  return Status::InvalidArgument(msg);
}

Status GraphReader::Search(std::string_view text, NodeKind kind, std::vector<NodeId> *nids) const {
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

Status GraphReader::GetEdge(const EdgeKey &key, Edge *edge) const {
  std::string v;
  Status s = kv_->Get(EncodeOutEdgeKey(key), &v);
  if (!s.ok()) return s;
  if (!DecodeEdgeValue(v, edge)) return Status::Corruption("bad edge value");
  edge->from = key.from;
  edge->to = key.to;
  edge->type = key.type;
  if (key.date.empty()) {
    edge->date = DateRange();
  } else if (!ParseDateRange(key.date, &edge->date)) {
    return Status::Corruption("bad date in edge key: " + key.date);
  }
  return Status::OK();
}

Status GraphReader::ForEachEdge(NodeId node, const EdgeFilter &filter,
                                const std::function<bool(const Edge &)> &fn) const {
  for (bool out : {true, false}) {
    if (out && filter.direction == Direction::kIn) continue;
    if (!out && filter.direction == Direction::kOut) continue;
    std::string prefix = out ? OutEdgePrefix(node) : InEdgePrefix(node);
    auto it = kv_->NewIterator();
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      EdgeKey k;
      if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
      if (!filter.AllowsType(k.type)) continue;
      Edge e;
      e.from = k.from;
      e.to = k.to;
      e.type = k.type;
      if (!k.date.empty() && !ParseDateRange(k.date, &e.date)) {
        return Status::Corruption("bad date in edge key: " + k.date);
      }
      if (!filter.window.Overlaps(e.date)) continue;
      if (out) {
        if (!DecodeEdgeValue(it->value(), &e)) return Status::Corruption("bad edge value");
      } else {
        // A self-loop is listed once, as an out-edge.
        if (filter.direction == Direction::kBoth && k.from == k.to) continue;
        KG_RETURN_IF_ERROR(GetEdge(k, &e).WithPrefix("in-edge without its out-edge twin"));
      }
      if (!fn(e)) return Status::OK();
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  return Status::OK();
}

Status GraphReader::ScanNeighbors(KvIterator *it, NodeId node, bool out, const EdgeFilter &filter,
                                  std::vector<NodeId> *found) const {
  // Edges to one neighbour are adjacent keys: the first one that passes the
  // filter adds the neighbour; the rest are passed over with a few Next()s,
  // or one Seek() past them when there are many (a hub's dated edges).
  constexpr int kNextsBeforeSeek = 4;
  const std::string prefix = out ? OutEdgePrefix(node) : InEdgePrefix(node);
  constexpr size_t kPair = kEdgePairPrefixSize;
  char pair_bytes[kPair];
  it->Seek(prefix);
  while (it->Valid() && StartsWith(it->key(), prefix)) {
    if (it->key().size() < kPair) return Status::Corruption("bad edge key");
    std::memcpy(pair_bytes, it->key().data(), kPair);
    const std::string_view pair(pair_bytes, kPair);
    NodeId neighbor = DecodeFixed64BE(pair_bytes + kEdgeNeighborOffset);
    bool match = filter.AllowsAll();
    while (!match && it->Valid() && StartsWith(it->key(), pair)) {
      EdgeKey k;
      if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
      if (!filter.AllowsType(k.type)) {
        // Skip to the next allowed type of this pair, if any.
        auto next = std::upper_bound(filter.types.begin(), filter.types.end(), k.type);
        if (next == filter.types.end()) break;
        it->Seek(std::string(pair) + *next + std::string(1, '\0'));
        continue;
      }
      DateRange date;
      if (!k.date.empty() && !ParseDateRange(k.date, &date)) {
        return Status::Corruption("bad date in edge key: " + k.date);
      }
      match = filter.window.Overlaps(date);
      it->Next();
    }
    if (match) found->push_back(neighbor);
    int nexts = 0;
    while (it->Valid() && StartsWith(it->key(), pair) && nexts < kNextsBeforeSeek) {
      it->Next();
      ++nexts;
    }
    if (it->Valid() && StartsWith(it->key(), pair)) it->Seek(EdgeNeighborEnd(pair));
  }
  return it->status();
}

Status GraphReader::Neighbors(NodeId node, const EdgeFilter &filter, std::vector<NodeId> *out) const {
  out->clear();
  if (filter.AllowsAll() && (adjacency_ != nullptr || filter.direction == Direction::kBoth)) {
    Adjacency scratch;
    const Adjacency *adj = nullptr;
    KG_RETURN_IF_ERROR(Adjacent(node, &scratch, &adj));
    if (filter.direction == Direction::kBoth) {
      *out = adj->neighbors;
      return Status::OK();
    }
    const uint8_t want = filter.direction == Direction::kOut ? kAdjacentOut : kAdjacentIn;
    for (size_t i = 0; i < adj->neighbors.size(); ++i) {
      if (adj->directions[i] & want) out->push_back(adj->neighbors[i]);
    }
    return Status::OK();
  }
  auto it = kv_->NewIterator();
  if (filter.direction != Direction::kIn) KG_RETURN_IF_ERROR(ScanNeighbors(it.get(), node, true, filter, out));
  size_t n_out = out->size();
  if (filter.direction != Direction::kOut) KG_RETURN_IF_ERROR(ScanNeighbors(it.get(), node, false, filter, out));
  if (n_out != 0 && n_out != out->size()) {
    std::inplace_merge(out->begin(), out->begin() + static_cast<std::ptrdiff_t>(n_out), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
  }
  return Status::OK();
}

Status GraphReader::ReadAdjacency(NodeId node, Adjacency *adj) const {
  adj->clear();
  std::vector<NodeId> outs, ins;
  const EdgeFilter all;
  auto it = kv_->NewIterator();
  KG_RETURN_IF_ERROR(ScanNeighbors(it.get(), node, true, all, &outs));
  KG_RETURN_IF_ERROR(ScanNeighbors(it.get(), node, false, all, &ins));
  adj->neighbors.reserve(outs.size() + ins.size());
  adj->directions.reserve(outs.size() + ins.size());
  size_t i = 0, j = 0;
  while (i < outs.size() || j < ins.size()) {
    uint8_t dir = 0;
    NodeId n;
    if (j == ins.size() || (i < outs.size() && outs[i] < ins[j])) {
      n = outs[i++];
      dir = kAdjacentOut;
    } else if (i == outs.size() || ins[j] < outs[i]) {
      n = ins[j++];
      dir = kAdjacentIn;
    } else {
      n = outs[i++];
      ++j;
      dir = kAdjacentOut | kAdjacentIn;
    }
    adj->neighbors.push_back(n);
    adj->directions.push_back(dir);
  }
  return Status::OK();
}

Status GraphReader::Adjacent(NodeId node, Adjacency *scratch, const Adjacency **adj) const {
  if (adjacency_ != nullptr) {
    if ((*adj = adjacency_->Find(node)) != nullptr) return Status::OK();
  }
  KG_RETURN_IF_ERROR(ReadAdjacency(node, scratch));
  *adj = scratch;
  if (adjacency_ != nullptr) {
    if (const Adjacency *kept = adjacency_->Keep(node, scratch)) *adj = kept;
  }
  return Status::OK();
}

Status GraphReader::NodeIdLimit(NodeId *limit) const { return GetCounter(kMetaNextNode, limit); }

Status GraphReader::EdgesFromTo(NodeId from, NodeId to, const EdgeFilter &filter, std::vector<Edge> *edges) const {
  edges->clear();
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
    edges->push_back(std::move(e));
  }
  return it->status();
}

Status GraphReader::DegreeByType(NodeId node, std::map<std::string, Degree> *degree) const {
  degree->clear();
  for (bool out : {true, false}) {
    std::string prefix = out ? OutEdgePrefix(node) : InEdgePrefix(node);
    auto it = kv_->NewIterator();
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      EdgeKey k;
      if (!ParseEdgeKey(it->key(), &k)) return Status::Corruption("bad edge key");
      Degree &d = (*degree)[k.type];
      (out ? d.out : d.in)++;
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  return Status::OK();
}

Status GraphReader::HasEdges(NodeId node, bool *has) const {
  *has = false;
  for (const std::string &prefix : {OutEdgePrefix(node), InEdgePrefix(node)}) {
    auto it = kv_->NewIterator();
    it->Seek(prefix);
    if (it->Valid() && StartsWith(it->key(), prefix)) {
      *has = true;
      return Status::OK();
    }
    KG_RETURN_IF_ERROR(it->status());
  }
  return Status::OK();
}

Status GraphReader::GetRecord(std::string_view record_id, StoredRecord *record) const {
  std::string v;
  Status s = kv_->Get(RecordKey(record_id), &v);
  if (!s.ok()) return s;
  if (!DecodeRecord(v, record)) return Status::Corruption("bad record value for " + QuoteForMessage(record_id));
  return Status::OK();
}

Status GraphReader::RecordIdOf(RecordSeq seq, std::string *record_id) const {
  Status s = kv_->Get(RecordSeqKey(seq), record_id);
  if (s.IsNotFound()) return Status::Corruption("no record for sequence " + std::to_string(seq));
  return s;
}

Status GraphReader::GetCounter(std::string_view name, uint64_t *v) const {
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

Status GraphReader::Stats(StoreStats *stats) const {
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

Status GraphReader::ForEachNode(const std::function<bool(const Node &)> &fn) const {
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

Status GraphStore::Open(const StoreOptions &options, const std::string &path, std::unique_ptr<GraphStore> *store) {
  KvOptions ko;
  ko.read_only = options.read_only;
  ko.create_if_missing = options.create_if_missing && !options.read_only;
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
  } else if (version != kFormatVersion) {
    return Status::InvalidArgument(path + " has store format " + std::to_string(version) + "; this kg reads format " +
                                   std::to_string(kFormatVersion));
  }
  // A read-only store never changes, so what its traversals read is kept.
  std::unique_ptr<AdjacencyCache> adjacency;
  if (options.read_only) {
    NodeId limit = 0;
    KG_RETURN_IF_ERROR(GraphReader(kv.get()).NodeIdLimit(&limit));
    adjacency = std::make_unique<AdjacencyCache>(limit);
  }
  store->reset(new GraphStore(std::move(kv), std::move(adjacency), path, options.read_only));
  return Status::OK();
}

}  // namespace kg
