#include "graph/writer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <set>

#include "graph/key_codec.h"
#include "graph/node_fold.h"
#include "graph/normalize.h"
#include "graph/value_codec.h"

namespace kg {
namespace {

// The normalized names a node is found by: its name and its aliases.
std::set<std::string> IndexedNames(const Node& node) {
  std::set<std::string> names;
  auto add = [&](const std::string& s) {
    std::string n = NormalizeName(s);
    if (!n.empty()) names.insert(std::move(n));
  };
  add(node.name);
  for (const auto& a : node.aliases) add(a);
  return names;
}

// Whether two versions of a node say the same (its declarations' fold).
bool SameNode(const Node& a, const Node& b) {
  return a.kind == b.kind && a.name == b.name && a.aliases == b.aliases && a.attrs == b.attrs &&
         a.coords == b.coords && a.newest_body == b.newest_body;
}

// The ids a node's declarations declare: more than one when it is merged.
std::set<std::string> MemberIds(const std::vector<GraphReader::DeclBody>& bodies) {
  std::set<std::string> ids;
  for (const auto& b : bodies) ids.insert(b.decl.id);
  return ids;
}

// What a node's merges rest on, of one of the ids merged into it (its names,
// level, role, region and place), as its declarations of that id say it;
// empty when none is left.
std::string MemberFacts(const std::vector<GraphReader::DeclBody>& bodies, const std::string& id) {
  std::vector<GraphReader::DeclBody> own;
  for (const auto& b : bodies) {
    if (b.decl.id == id) own.push_back(b);
  }
  if (own.empty()) return std::string();
  Node member;
  member.id = id;
  member.name = id;
  FoldNode(own, &member);
  std::string facts = LevelClass(member.attrs) + '\n';
  for (const auto& n : IndexedNames(member)) facts += n + '\n';
  auto category = member.attrs.find("category");
  if (category != member.attrs.end()) {
    if (const auto* c = std::get_if<std::string>(&category->second)) facts += *c;
  }
  if (member.coords) facts += '\n' + std::to_string(member.coords->first) + ',' + std::to_string(member.coords->second);
  for (const auto& b : own) {
    if (b.decl.match) facts += '\n' + b.decl.match->dataset + '/' + b.decl.match->region + '/' + b.decl.match->role;
  }
  return facts;
}

// A stored record version as the record it was read from.
Record AsRecord(const StoredRecord& r) {
  Record record;
  record.id = r.id;
  record.source = r.source;
  record.version = r.version;
  record.nodes = r.nodes;
  for (const auto& e : r.edges) record.edges.push_back(EdgeDecl{e.from_text, e.type, e.to_text, e.date, e.key, e.attrs});
  return record;
}

EdgeKey KeyOf(const StoredRecord::ResolvedEdge& e) { return EdgeKey{e.from, e.to, e.type, e.date.text, e.key}; }

// Whether two edges have one identity: (from, type, to, date, key).
bool SameEdge(const StoredRecord::ResolvedEdge& a, const Edge& b) {
  return a.from == b.from && a.to == b.to && a.type == b.type && a.date.text == b.date.text && a.key == b.key;
}
bool SameEdge(const StoredRecord::ResolvedEdge& a, const StoredRecord::ResolvedEdge& b) {
  return a.from == b.from && a.to == b.to && a.type == b.type && a.date.text == b.date.text && a.key == b.key;
}

}  // namespace

GraphWriter::GraphWriter(GraphStore* store, const WriterOptions& options)
    : store_(store),
      options_(options),
      batch_(store->kv()->NewBatch()),
      reader_(batch_.get()),
      init_status_(LoadCounters()) {}

GraphWriter::~GraphWriter() = default;

void GraphWriter::WrittenKeys::Free::operator()(uint64_t* p) const { std::free(p); }

// A key's four bits, from one 64-bit hash (double hashing).
std::array<uint64_t, 4> GraphWriter::WrittenKeys::Bits(std::string_view key) {
  std::array<uint64_t, 4> bits;
  uint64_t h = std::hash<std::string_view>()(key);
  const uint64_t step = (h >> 33) | (h << 31) | 1;
  for (uint64_t& bit : bits) {
    bit = h % (kWords * 64);
    h += step;
  }
  return bits;
}

void GraphWriter::WrittenKeys::Add(std::string_view key) {
  if (!bits_) {
    // calloc: pages the filter never touches cost nothing.
    bits_.reset(static_cast<uint64_t*>(std::calloc(kWords, sizeof(uint64_t))));
    if (!bits_) throw std::bad_alloc();
  }
  for (uint64_t bit : Bits(key)) bits_[bit / 64] |= uint64_t{1} << (bit % 64);
}

bool GraphWriter::WrittenKeys::MayContain(std::string_view key) const {
  if (!bits_) return false;
  for (uint64_t bit : Bits(key)) {
    if (!(bits_[bit / 64] & (uint64_t{1} << (bit % 64)))) return false;
  }
  return true;
}

Status GraphWriter::LoadCounters() {
  const GraphReader& r = store_->reader();
  auto get = [&](std::string_view name, uint64_t* v, uint64_t dflt) -> Status {
    std::string raw;
    Status s = store_->kv()->Get(MetaKey(name), &raw);
    if (s.IsNotFound()) {
      *v = dflt;
      return Status::OK();
    }
    if (!s.ok()) return s;
    if (!DecodeCounter(raw, v)) return Status::Corruption("bad meta value " + std::string(name));
    return Status::OK();
  };
  KG_RETURN_IF_ERROR(get(kMetaNextNode, &counters_.next_node, 1));
  KG_RETURN_IF_ERROR(get(kMetaNextSeq, &counters_.next_seq, 1));
  KG_RETURN_IF_ERROR(get(kMetaNodes, &counters_.nodes, 0));
  KG_RETURN_IF_ERROR(get(kMetaEdges, &counters_.edges, 0));
  KG_RETURN_IF_ERROR(get(kMetaRecords, &counters_.records, 0));
  KG_RETURN_IF_ERROR(get(kMetaNextChange, &counters_.next_change, 1));
  change_.number = counters_.next_change;
  change_.first_seq = change_.end_seq = counters_.next_seq;
  first_new_node_ = counters_.next_node;
  had_nodes_ = counters_.next_node > 1;
  had_records_ = counters_.next_seq > 1;
  {
    auto it = store_->kv()->NewIterator();
    it->Seek(AllJudgementsPrefix());
    KG_RETURN_IF_ERROR(it->status());
    has_judgements_ = it->Valid() && it->key().starts_with(AllJudgementsPrefix());
  }
  StoreStats stats;
  KG_RETURN_IF_ERROR(r.Stats(&stats));
  for (const auto& [k, v] : stats.by_kind) counters_.kinds[k] = static_cast<int64_t>(v);
  for (const auto& [k, v] : stats.by_type) counters_.types[k] = static_cast<int64_t>(v);
  return Status::OK();
}

void GraphWriter::PutCounters() {
  auto put = [&](std::string_view name, uint64_t v) {
    std::string raw;
    EncodeCounter(v, &raw);
    batch_->Put(MetaKey(name), raw);
  };
  put(kMetaNextNode, counters_.next_node);
  put(kMetaNextSeq, counters_.next_seq);
  put(kMetaNodes, counters_.nodes);
  put(kMetaEdges, counters_.edges);
  put(kMetaRecords, counters_.records);
  if (stats_.ingested + stats_.replaced + stats_.retracted > 0) {  // the store changed: log it
    change_.added = stats_.ingested;
    change_.replaced = stats_.replaced;
    change_.retracted = stats_.retracted;
    change_.stale = stats_.stale;
    change_.end_seq = counters_.next_seq;
    change_.time = options_.clock ? options_.clock()
                                  : std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
    counters_.next_change = change_.number + 1;
    std::string raw;
    EncodeChange(change_, &raw);
    batch_->Put(ChangeKey(change_.number), raw);
  }
  put(kMetaNextChange, counters_.next_change);
  for (const auto& [k, v] : counters_.kinds) put(std::string(kMetaKindPrefix) + k, static_cast<uint64_t>(v));
  for (const auto& [k, v] : counters_.types) put(std::string(kMetaTypePrefix) + k, static_cast<uint64_t>(v));
}

Status GraphWriter::Commit() { return CommitBatch(false); }

// A full batch is written in the background (Kv::WriteInBackground): the
// writer reads it through batch_ meanwhile, and Commit or Sync waits for it.
Status GraphWriter::CommitBatch(bool background) {
  KG_RETURN_IF_ERROR(init_status_);
  if (store_->read_only()) return Status::NotSupported("store is open read-only");
  PutCounters();
  KG_RETURN_IF_ERROR(background ? store_->kv()->WriteInBackground(batch_.get()) : store_->kv()->Write(batch_.get()));
  batch_->Clear();
  return Status::OK();
}

void GraphWriter::DescribeChange(std::string command, std::vector<std::string> files) {
  change_.command = std::move(command);
  change_.files = std::move(files);
}

Status GraphWriter::KeepPastVersion(const StoredRecord& old) {
  if (old.seq >= change_.first_seq) return Status::OK();  // no change but this one ever saw it
  StoredRecord kept = old;
  for (auto& e : kept.edges) {  // stored before format 5: the nodes it named, by id
    for (auto [nid, text] : {std::pair{e.from, &e.from_text}, std::pair{e.to, &e.to_text}}) {
      if (!text->empty()) continue;
      Node n;
      KG_RETURN_IF_ERROR(reader_.GetNode(nid, &n));
      *text = n.id;
    }
  }
  std::string record, value;
  EncodeRecord(kept, &record);
  EncodePastVersion(change_.number, record, &value);
  batch_->Put(PastVersionKey(old.seq), value);
  return Status::OK();
}

Status GraphWriter::Sync() {
  change_.complete = true;
  KG_RETURN_IF_ERROR(Commit());
  return store_->kv()->Sync();
}

Status GraphWriter::Apply(const Record& record, ApplyOutcome* outcome) {
  KG_RETURN_IF_ERROR(init_status_);
  const uint64_t hash = HashRecord(record);
  ApplyOutcome result = ApplyOutcome::kIngested;
  KG_RETURN_IF_ERROR(Atomically([&] { return ApplyLocked(record, hash, &result); }));
  if (outcome) *outcome = result;
  if (batch_->ByteSize() >= options_.batch_bytes) return CommitBatch(true);
  return Status::OK();
}

Status GraphWriter::ApplyAt(const Record& record, RecordSeq seq) {
  KG_RETURN_IF_ERROR(init_status_);
  StoredRecord old;
  Status s = reader_.GetRecord(record.id, &old);
  if (s.ok()) return Status::InvalidArgument("record " + QuoteForMessage(record.id) + " is stored already");
  if (!s.IsNotFound()) return s;
  std::string id;
  s = reader_.kv()->Get(RecordSeqKey(seq), &id);
  if (s.ok()) return Status::InvalidArgument("record version " + std::to_string(seq) + " is taken");
  if (!s.IsNotFound()) return s;
  KG_RETURN_IF_ERROR(Atomically([&] {
    if (counters_.next_seq <= seq) counters_.next_seq = seq + 1;
    KG_RETURN_IF_ERROR(ApplyVersion(record, HashRecord(record), seq));
    counters_.records++;
    stats_.ingested++;
    return Status::OK();
  }));
  if (batch_->ByteSize() >= options_.batch_bytes) return CommitBatch(true);
  return Status::OK();
}

Status GraphWriter::PutBareNode(const std::string& id, NodeKind kind) {
  KG_RETURN_IF_ERROR(init_status_);
  NodeId nid;
  Status s = reader_.FindNode(id, &nid);
  if (s.ok() || !s.IsNotFound()) return s;
  if (kind == NodeKind::kUnknown) return Status::InvalidArgument("a node needs a kind");
  return Atomically([&] {
    Node node;
    node.nid = counters_.next_node++;
    node.id = id;
    node.kind = kind;
    node.name = id;
    return PutNode(nullptr, node);
  });
}

Status GraphWriter::Atomically(const std::function<Status()>& fn) {
  saved_ = counters_;
  saved_stats_ = stats_;
  name_changes_.clear();
  batch_->SetSavePoint();
  Status s = fn();
  current_ = nullptr;
  if (!s.ok()) {
    counters_ = saved_;
    stats_ = saved_stats_;
    ForgetResolutions();
    UndoNames();
    KG_RETURN_IF_ERROR(batch_->RollbackToSavePoint());
    return s;
  }
  batch_->PopSavePoint();
  return Status::OK();
}

Status GraphWriter::ApplyLocked(const Record& record, uint64_t hash, ApplyOutcome* outcome) {
  StoredRecord old;
  const std::string record_key = RecordKey(record.id);
  Status s =
      !had_records_ && !written_.MayContain(record_key) ? Status::NotFound("") : reader_.GetRecord(record.id, &old);
  bool replacing = s.ok();
  if (!replacing && !s.IsNotFound()) return s;
  if (replacing && old.version && record.version && *record.version < *old.version) {
    *outcome = ApplyOutcome::kStale;
    stats_.stale++;
    return Status::OK();
  }
  if (replacing && old.hash == hash) {
    *outcome = ApplyOutcome::kUnchanged;
    stats_.unchanged++;
    return Status::OK();
  }
  std::vector<NodeId> touched;
  std::set<NodeId> unmerge;
  std::vector<std::string> unmerge_ids;  // the new version may merge them further
  if (replacing) {
    KG_RETURN_IF_ERROR(KeepPastVersion(old));
    KG_RETURN_IF_ERROR(RemoveFacts(old, &touched, &unmerge));
    batch_->Delete(RecordSeqKey(old.seq));
    for (NodeId nid : unmerge) {
      Node node;
      KG_RETURN_IF_ERROR(reader_.GetNode(nid, &node));
      unmerge_ids.push_back(node.id);
    }
  }
  KG_RETURN_IF_ERROR(ApplyVersion(record, hash, counters_.next_seq++));
  if (!unmerge_ids.empty()) {
    // Taken apart with the new version among the records they replay: what
    // it declares is there for the records before it that need it.
    unmerge.clear();
    for (const auto& id : unmerge_ids) {
      NodeId nid;
      Status s = reader_.FindNode(id, &nid);
      if (s.IsNotFound()) continue;
      KG_RETURN_IF_ERROR(s);
      unmerge.insert(nid);
    }
    KG_RETURN_IF_ERROR(Unmerge(unmerge, std::set<std::string>(unmerge_ids.begin(), unmerge_ids.end())));
  }

  for (NodeId nid : touched) KG_RETURN_IF_ERROR(RemoveIfOrphan(nid));
  if (replacing) {
    *outcome = ApplyOutcome::kReplaced;
    stats_.replaced++;
  } else {
    counters_.records++;
    *outcome = ApplyOutcome::kIngested;
    stats_.ingested++;
  }
  return Status::OK();
}

Status GraphWriter::ApplyVersion(const Record& record, uint64_t hash, RecordSeq seq) {
  StoredRecord rec;
  rec.id = record.id;
  rec.seq = seq;
  rec.hash = hash;
  rec.version = record.version;
  rec.source = record.source;
  current_ = &rec;
  struct Done {  // rec goes out of scope with this call
    const StoredRecord** current;
    ~Done() { *current = nullptr; }
  } done{&current_};
  renamed_.clear();
  declared_now_.clear();

  std::unordered_map<std::string, NodeId> local;  // ids declared by this record
  bool matched_early = false;
  for (size_t i = 0; i < record.nodes.size(); ++i) {
    NodeId nid = 0;
    NodeDecl applied;  // what the record says of the node it applied to
    KG_RETURN_IF_ERROR(ApplyNodeDecl(record.nodes[i], i, rec.seq, &nid, &applied));
    local[record.nodes[i].id] = nid;
    rec.nodes.push_back(std::move(applied));
  }

  for (size_t i = 0; i < record.edges.size(); ++i) {
    const EdgeDecl& d = record.edges[i];
    StoredRecord::ResolvedEdge e;
    std::string where = "edge #" + std::to_string(i + 1) + ": ";
    Status rs = ResolveEndpoint(d.from, local, &e.from);
    if (rs.ok()) rs = ResolveEndpoint(d.to, local, &e.to);
    if (rs.IsInvalidArgument() && !matched_early) {
      // A name shared by this record's new node and a stored node of another
      // source may be one entity: match the record's nodes now, before their
      // edges, so that the order of ingestion does not decide (a hand-coded
      // "Mali" ingested after a dataset's "Mali" absorbs it, as it would
      // have the other way round, and "Mali" then names one node).
      matched_early = true;
      std::vector<NodeId> matched;
      KG_RETURN_IF_ERROR(MatchRenamed(record, &rec, &matched));
      renamed_ = std::move(matched);  // matched once more when the record's edges are in
      for (auto& [id, nid] : local) KG_RETURN_IF_ERROR(reader_.FindNode(id, &nid));
      rs = ResolveEndpoint(d.from, local, &e.from);
      if (rs.ok()) rs = ResolveEndpoint(d.to, local, &e.to);
    }
    if (!rs.ok()) return rs.IsInvalidArgument() ? Status::InvalidArgument(where + rs.message()) : rs;
    e.type = d.type;
    e.date = d.date;
    e.key = d.key;
    e.attrs = d.attrs;
    e.from_text = d.from;
    e.to_text = d.to;
    bool dup = false;  // the same edge twice in one record supports it once
    for (auto& prev : rec.edges) {
      if (SameEdge(prev, e) && prev.from_text == e.from_text && prev.to_text == e.to_text) {
        for (const auto& [k, v] : e.attrs) prev.attrs.insert_or_assign(k, v);
        dup = true;
      }
    }
    if (!dup) rec.edges.push_back(std::move(e));
  }
  for (const auto& e : rec.edges) {
    const uint64_t edges = counters_.edges;
    KG_RETURN_IF_ERROR(AddEdgeSupport(e, rec.seq));
    // A place put in a region it was not in is matched again in it.
    if (e.type == "LOCATED_IN" && counters_.edges != edges) renamed_.push_back(e.from);
  }
  KG_RETURN_IF_ERROR(ApplyJudgements(record, &rec));

  std::string value;
  EncodeRecord(rec, &value);
  const std::string record_key = RecordKey(record.id);
  batch_->Put(record_key, value);
  written_.Add(record_key);
  batch_->Put(RecordSeqKey(rec.seq), rec.id);
  return Status::OK();
}

Status GraphWriter::ApplyNodeDecl(const NodeDecl& given, size_t index, RecordSeq seq, NodeId* nid, NodeDecl* applied) {
  *applied = given;
  const NodeDecl& decl = *applied;
  std::string where = "node #" + std::to_string(index + 1) + " " + QuoteForMessage(given.id) + ": ";
  const std::string id_key = NodeIdKey(given.id);
  Status s = !had_nodes_ && !written_.MayContain(id_key) ? Status::NotFound("") : reader_.FindNode(given.id, nid);
  Node before;
  Node node;
  bool exists = s.ok();
  if (exists) {
    KG_RETURN_IF_ERROR(reader_.GetNode(*nid, &before));
    node = before;
    if (decl.kind != NodeKind::kUnknown && decl.kind != node.kind) {
      // A node that no record declares and no edge uses any more (the old
      // version of this record was all that kept it) is declared anew, as
      // retracting the old version and applying the new one would do.
      bool declared = false, has_edges = true;
      KG_RETURN_IF_ERROR(reader_.HasNodeRecords(*nid, &declared));
      if (!declared) KG_RETURN_IF_ERROR(reader_.HasEdges(*nid, &has_edges));
      if (declared || has_edges) {
        return Status::InvalidArgument(where + "'kind' is " + KindName(decl.kind) + " but the node is " +
                                       (node.kind == NodeKind::kActor ? "an " : "a ") + KindName(node.kind) +
                                       "; a node's kind cannot change");
      }
      counters_.kinds[KindName(node.kind)]--;
      counters_.kinds[KindName(decl.kind)]++;
      node.kind = decl.kind;
    }
  } else if (s.IsNotFound()) {
    if (decl.kind == NodeKind::kUnknown) {
      return Status::InvalidArgument(where + "'kind' is required for a node seen for the first time");
    }
    *nid = counters_.next_node++;
    node.nid = *nid;
    node.id = decl.id;
    node.kind = decl.kind;
    node.name = decl.id;
  } else {
    return s;
  }
  if (decl.coords && node.kind != NodeKind::kLocation) {
    return Status::InvalidArgument(where + "'coords' are for locations only");
  }
  const uint64_t body = PutDeclUse(*nid, decl, seq);
  const bool again = !declared_now_.insert(*nid).second;  // twice in this record: the fold orders them
  const bool newest = seq + 1 == counters_.next_seq;      // else a record applied again (Unmerge)
  if (!exists) {
    FoldNode({GraphReader::DeclBody{body, seq, seq, decl}}, &node);
  } else if (!newest) {
    KG_RETURN_IF_ERROR(RebuildNode(&node));
  } else if (node.newest_body == body && !again) {
    // Declared alike by its newest record before: nothing changes.
  } else if (again || !FoldNewest(decl, body, &node)) {
    KG_RETURN_IF_ERROR(RebuildNode(&node));
  }
  if (exists && SameNode(before, node)) return Status::OK();
  return PutNode(exists ? &before : nullptr, node);
}

uint64_t GraphWriter::PutDeclUse(NodeId nid, const NodeDecl& decl, RecordSeq seq) {
  std::string value;
  EncodeDeclBody(decl, &value);
  const uint64_t body = DeclBodyHash(decl);
  batch_->Put(DeclUseKey(nid, body, seq), "");
  batch_->Put(DeclNewestKey(nid, body, seq), "");
  batch_->Put(DeclBodyKey(nid, body), value);
  return body;
}

Status GraphWriter::DropDeclUse(NodeId nid, const NodeDecl& decl, RecordSeq seq) {
  const uint64_t body = DeclBodyHash(decl);
  batch_->Delete(DeclUseKey(nid, body, seq));
  batch_->Delete(DeclNewestKey(nid, body, seq));
  const std::string uses = DeclUsePrefix(nid, body);
  auto it = batch_->NewIterator();
  it->Seek(uses);
  KG_RETURN_IF_ERROR(it->status());
  if (!it->Valid() || !it->key().starts_with(uses)) batch_->Delete(DeclBodyKey(nid, body));
  return Status::OK();
}

Status GraphWriter::PutNode(const Node* before, const Node& after) {
  std::set<std::string> old_names;
  if (before) {
    old_names = IndexedNames(*before);
  } else {
    resolved_.Set(after.id, after.nid);  // an exact id wins over any name
    std::string nid_value;
    PutFixed64BE(&nid_value, after.nid);
    const std::string id_key = NodeIdKey(after.id);
    batch_->Put(id_key, nid_value);
    written_.Add(id_key);
    counters_.nodes++;
    counters_.kinds[KindName(after.kind)]++;
    stats_.nodes_added++;
  }
  std::set<std::string> new_names = IndexedNames(after);
  for (const auto& n : old_names) {
    if (!new_names.count(n)) {
      batch_->Delete(NameKey(n, after.nid));
      IndexName(n, after.nid, false);
      ForgetResolutions();
    }
  }
  bool renamed = false;
  for (const auto& n : new_names) {
    if (!old_names.count(n)) {
      renamed = true;
      batch_->Put(NameKey(n, after.nid), "");
      IndexName(n, after.nid, true);
      // A second node with this name makes the name ambiguous.
      if (resolved_names_.count(n)) ForgetResolutions();
    }
  }
  if (renamed && current_) renamed_.push_back(after.nid);
  std::string value;
  EncodeNode(after, &value);
  batch_->Put(NodeKey(after.nid), value);
  return Status::OK();
}

Status GraphWriter::ResolveEndpoint(const std::string& text, const std::unordered_map<std::string, NodeId>& local,
                                    NodeId* nid) {
  auto it = local.find(text);
  if (it != local.end()) {
    *nid = it->second;
    return Status::OK();
  }
  if (const NodeId* cached = resolved_.Find(text)) {
    *nid = *cached;
    return Status::OK();
  }
  const std::string norm = NormalizeName(text);
  KG_RETURN_IF_ERROR(ResolveText(text, norm, nid));
  resolved_.Set(text, *nid);
  if (!norm.empty()) resolved_names_[norm]++;
  return Status::OK();
}

// GraphReader::Resolve, asking the store only what the writer cannot know.
Status GraphWriter::ResolveText(const std::string& text, const std::string& normalized, NodeId* nid) {
  if (had_nodes_ || written_.MayContain(NodeIdKey(text))) {
    Status s = reader_.FindNode(text, nid);
    if (!s.IsNotFound()) return s;
  }
  std::vector<NodeId> nids;
  if (!normalized.empty()) KG_RETURN_IF_ERROR(LookupName(normalized, &nids));
  if (nids.size() == 1) {
    *nid = nids[0];
    return Status::OK();
  }
  return reader_.Resolve(text, nid);  // the error, naming the candidates or the closest names
}

Status GraphWriter::LookupName(const std::string& normalized, std::vector<NodeId>* nids) {
  auto it = names_.find(normalized);
  if (it != names_.end()) {
    *nids = it->second;
    return Status::OK();
  }
  nids->clear();
  if (!had_nodes_) return Status::OK();  // the writer put every name there is
  KG_RETURN_IF_ERROR(reader_.LookupName(normalized, nids));
  names_.emplace(normalized, *nids);
  name_changes_.push_back({NameChange::kLoaded, normalized, 0});
  return Status::OK();
}

void GraphWriter::IndexName(const std::string& normalized, NodeId nid, bool add) {
  auto it = names_.find(normalized);
  if (it == names_.end()) {
    if (had_nodes_) return;  // not loaded: a lookup will read the store
    it = names_.emplace(normalized, std::vector<NodeId>()).first;
  }
  std::vector<NodeId>& nids = it->second;
  auto pos = std::lower_bound(nids.begin(), nids.end(), nid);
  if (add == (pos != nids.end() && *pos == nid)) return;  // no change
  if (add) {
    nids.insert(pos, nid);
  } else {
    nids.erase(pos);
  }
  name_changes_.push_back({add ? NameChange::kAdded : NameChange::kRemoved, normalized, nid});
}

void GraphWriter::UndoNames(size_t since) {
  for (auto c = name_changes_.rbegin(); c != name_changes_.rend() - static_cast<std::ptrdiff_t>(since); ++c) {
    auto it = names_.find(c->name);
    if (it == names_.end()) continue;
    std::vector<NodeId>& nids = it->second;
    auto pos = std::lower_bound(nids.begin(), nids.end(), c->nid);
    switch (c->what) {
      case NameChange::kLoaded:
        names_.erase(it);
        break;
      case NameChange::kAdded:
        if (pos != nids.end() && *pos == c->nid) nids.erase(pos);
        break;
      case NameChange::kRemoved:
        if (pos == nids.end() || *pos != c->nid) nids.insert(pos, c->nid);
        break;
    }
  }
  name_changes_.resize(since);
}

void GraphWriter::ForgetResolutions() {
  resolved_.Clear();
  resolved_names_.clear();
}

Status GraphWriter::AddEdgeSupport(const StoredRecord::ResolvedEdge& e, RecordSeq seq) {
  EdgeKey key = KeyOf(e);
  const std::string edge_key = EncodeOutEdgeKey(key);
  Edge edge;
  Status s =
      e.from >= first_new_node_ && !written_.MayContain(edge_key) ? Status::NotFound("") : reader_.GetEdge(key, &edge);
  if (s.IsNotFound()) {
    edge = Edge();
    counters_.edges++;
    counters_.types[e.type]++;
    stats_.edges_added++;
    // Blind writes: the adjacency keys may exist already (another edge
    // joins the same two nodes the same way), and writing them again is
    // cheaper than asking.
    batch_->Put(AdjacencyKey(e.from, e.to, true), "");
    batch_->Put(AdjacencyKey(e.to, e.from, false), "");
  } else if (!s.ok()) {
    return s;
  }
  if (edge.sources.empty() || edge.sources.back() < seq) {
    edge.sources.push_back(seq);
    for (const auto& [k, v] : e.attrs) edge.attrs.insert_or_assign(k, v);
  } else if (!std::binary_search(edge.sources.begin(), edge.sources.end(), seq)) {
    // A record applied again under its own, older, number (Unmerge): later
    // sources' attrs still win.
    edge.sources.insert(std::lower_bound(edge.sources.begin(), edge.sources.end(), seq), seq);
    KG_RETURN_IF_ERROR(RebuildEdgeAttrs(&edge));
  } else {
    for (const auto& [k, v] : e.attrs) edge.attrs.insert_or_assign(k, v);
  }
  std::string value;
  EncodeEdgeValue(edge, &value);
  batch_->Put(edge_key, value);
  written_.Add(edge_key);
  return Status::OK();
}

Status GraphWriter::RemoveEdgeSupport(const StoredRecord::ResolvedEdge& e, RecordSeq seq) {
  EdgeKey key = KeyOf(e);
  Edge edge;
  Status s = reader_.GetEdge(key, &edge);
  if (s.IsNotFound()) return Status::Corruption("record's edge is missing from the store");
  KG_RETURN_IF_ERROR(s);
  edge.sources.erase(std::remove(edge.sources.begin(), edge.sources.end(), seq), edge.sources.end());
  if (edge.sources.empty()) {
    batch_->Delete(EncodeOutEdgeKey(key));
    // The adjacency keys go with the last edge from -> to.
    const std::string pair = OutEdgePrefix(e.from, e.to);
    auto it = batch_->NewIterator();
    it->Seek(pair);
    KG_RETURN_IF_ERROR(it->status());
    if (!it->Valid() || it->key().compare(0, pair.size(), pair) != 0) {
      batch_->Delete(AdjacencyKey(e.from, e.to, true));
      batch_->Delete(AdjacencyKey(e.to, e.from, false));
    }
    counters_.edges--;
    counters_.types[e.type]--;
    stats_.edges_removed++;
    return Status::OK();
  }
  // Attrs are the merge of the remaining sources' (the later wins); a
  // source that gave none changed nothing, and a hub's LOCATED_IN edge,
  // asserted without attrs by every event there, is not read again.
  if (!e.attrs.empty()) KG_RETURN_IF_ERROR(RebuildEdgeAttrs(&edge));
  std::string value;
  EncodeEdgeValue(edge, &value);
  batch_->Put(EncodeOutEdgeKey(key), value);
  return Status::OK();
}

Status GraphWriter::LoadRecordBySeq(RecordSeq seq, StoredRecord* rec) {
  if (current_ && current_->seq == seq) {
    *rec = *current_;
    return Status::OK();
  }
  std::string id;
  KG_RETURN_IF_ERROR(reader_.RecordIdOf(seq, &id));
  Status s = reader_.GetRecord(id, rec);
  if (s.IsNotFound()) return Status::Corruption("record " + QuoteForMessage(id) + " is indexed but missing");
  return s;
}

Status GraphWriter::RebuildEdgeAttrs(Edge* edge) {
  edge->attrs.clear();
  for (RecordSeq seq : edge->sources) {
    StoredRecord rec;
    KG_RETURN_IF_ERROR(LoadRecordBySeq(seq, &rec));
    for (const auto& e : rec.edges) {
      if (SameEdge(e, *edge)) {
        for (const auto& [k, v] : e.attrs) edge->attrs.insert_or_assign(k, v);
      }
    }
  }
  return Status::OK();
}

Status GraphWriter::RebuildNode(Node* node, std::set<std::string>* ids) {
  std::vector<GraphReader::DeclBody> bodies;
  KG_RETURN_IF_ERROR(reader_.GetDeclBodies(node->nid, &bodies));
  FoldNode(bodies, node, ids);
  return Status::OK();
}

Status GraphWriter::RemoveFacts(const StoredRecord& old, std::vector<NodeId>* touched, std::set<NodeId>* unmerge,
                                const std::set<NodeId>* release) {
  std::set<std::string> removed;  // a record may hold one edge twice (as written, and after merges)
  for (const auto& e : old.edges) {
    std::string key = EncodeOutEdgeKey(KeyOf(e));
    if (!removed.insert(std::move(key)).second) continue;
    KG_RETURN_IF_ERROR(RemoveEdgeSupport(e, old.seq));
    touched->push_back(e.from);
    touched->push_back(e.to);
    if (unmerge && e.type == "LOCATED_IN") {
      // A place's region is a fact its matches rest on: a merged place one
      // of whose ids no record puts in that region any more is taken apart.
      std::vector<GraphReader::DeclBody> bodies;
      KG_RETURN_IF_ERROR(reader_.GetDeclBodies(e.from, &bodies));
      bool still = false;
      if (MemberIds(bodies).size() > 1) {
        KG_RETURN_IF_ERROR(StillLocated(e, &still));
        if (!still) unmerge->insert(e.from);
      }
    }
  }
  for (const auto& d : old.nodes) {
    for (const auto& text : d.same_as) batch_->Delete(JudgementKey(NormalizeName(text), old.seq));
    NodeId nid;
    Status s = reader_.FindNode(d.id, &nid);
    if (s.IsNotFound()) continue;  // declared twice in the record: already handled
    KG_RETURN_IF_ERROR(s);
    std::vector<GraphReader::DeclBody> was;
    if (unmerge) KG_RETURN_IF_ERROR(reader_.GetDeclBodies(nid, &was));
    KG_RETURN_IF_ERROR(DropDeclUse(nid, d, old.seq));
    Node before, node;
    KG_RETURN_IF_ERROR(reader_.GetNode(nid, &before));
    node = before;
    std::vector<GraphReader::DeclBody> bodies;
    KG_RETURN_IF_ERROR(reader_.GetDeclBodies(nid, &bodies));
    std::set<std::string> ids;
    FoldNode(bodies, &node, &ids);
    if (!SameNode(before, node)) KG_RETURN_IF_ERROR(PutNode(&before, node));
    if (d.id != node.id && !ids.count(d.id) && (!release || release->count(nid))) {
      // No record declares this merged id any more: it no longer resolves.
      batch_->Delete(NodeIdKey(d.id));
      ForgetResolutions();
    }
    // A merged node whose merge may rest on what the record said of it: a
    // judgement, or what one of its ids was declared to be.
    if (unmerge && (!d.same_as.empty() ||
                    (MemberIds(was).size() > 1 && MemberFacts(was, d.id) != MemberFacts(bodies, d.id)))) {
      unmerge->insert(nid);
    }
    touched->push_back(nid);
  }
  std::sort(touched->begin(), touched->end());
  touched->erase(std::unique(touched->begin(), touched->end()), touched->end());
  return Status::OK();
}

// Whether a record still supporting e's edge puts e's place, as written, in
// e's region (a record stored before format 5 kept no text: it counts).
Status GraphWriter::StillLocated(const StoredRecord::ResolvedEdge& e, bool* still) {
  *still = false;
  Edge edge;
  Status s = reader_.GetEdge(KeyOf(e), &edge);
  if (s.IsNotFound()) return Status::OK();
  KG_RETURN_IF_ERROR(s);
  for (auto seq = edge.sources.rbegin(); seq != edge.sources.rend() && !*still; ++seq) {
    StoredRecord r;
    KG_RETURN_IF_ERROR(LoadRecordBySeq(*seq, &r));
    for (const auto& other : r.edges) {
      if (SameEdge(other, e) && (other.from_text.empty() || e.from_text.empty() || other.from_text == e.from_text)) {
        *still = true;
        break;
      }
    }
  }
  return Status::OK();
}

// Every record that declares one of the nodes or asserts one of their edges
// is taken out and applied again, in ingestion order and under its own
// sequence number: the nodes are then merged by the judgements and matches
// that still stand, and by nothing else, as in a store built afresh from the
// records.
Status GraphWriter::Unmerge(const std::set<NodeId>& nodes, std::set<std::string> ids) {
  if (nodes.empty()) return Status::OK();
  std::set<RecordSeq> seqs;
  std::set<NodeId> live;
  for (NodeId nid : nodes) {
    Node node;
    Status s = reader_.GetNode(nid, &node);
    if (s.IsNotFound()) continue;
    KG_RETURN_IF_ERROR(s);
    live.insert(nid);
    ids.insert(node.id);
    std::vector<RecordSeq> decls;
    KG_RETURN_IF_ERROR(reader_.GetNodeRecords(nid, &decls));
    seqs.insert(decls.begin(), decls.end());
    KG_RETURN_IF_ERROR(reader_.ForEachEdge(nid, EdgeFilter(), [&](const Edge& e) {
      seqs.insert(e.sources.begin(), e.sources.end());
      return true;
    }));
  }
  const WriteStats stats = stats_;
  const uint64_t nodes_before = counters_.nodes, edges_before = counters_.edges;
  std::vector<StoredRecord> records(seqs.size());
  auto next = records.begin();
  for (RecordSeq seq : seqs) {
    StoredRecord& r = *next++;
    KG_RETURN_IF_ERROR(LoadRecordBySeq(seq, &r));
    for (auto& e : r.edges) {  // stored before format 5: the node it names now
      for (auto [nid, text] : {std::pair{e.from, &e.from_text}, std::pair{e.to, &e.to_text}}) {
        if (!text->empty()) continue;
        Node n;
        KG_RETURN_IF_ERROR(reader_.GetNode(nid, &n));
        *text = n.id;
      }
    }
  }
  std::vector<NodeId> touched;
  for (const auto& r : records) {
    KG_RETURN_IF_ERROR(RemoveFacts(r, &touched, nullptr, &live));
    batch_->Delete(RecordKey(r.id));
    batch_->Delete(RecordSeqKey(r.seq));
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (NodeId nid : touched) KG_RETURN_IF_ERROR(RemoveIfOrphan(nid));
  // A node that only these records kept is gone, and with it what its
  // merged ids resolved to: the ids they declare, and the ids the nodes had
  // (one no record declares any more, kept by a merge, among them).
  for (const auto& r : records) {
    for (const auto& d : r.nodes) ids.insert(d.id);
  }
  for (const auto& id : ids) {
    NodeId nid;
    Node node;
    Status s = reader_.FindNode(id, &nid);
    if (s.ok()) s = reader_.GetNode(nid, &node);
    if (s.IsNotFound()) {
      batch_->Delete(NodeIdKey(id));
      ForgetResolutions();
      continue;
    }
    KG_RETURN_IF_ERROR(s);
  }
  // A record may name a node only a later one declares (a judgement or an
  // alias naming a node declared by a record revised since): it waits for
  // the others, as many rounds as make progress.
  std::vector<const StoredRecord*> waiting;
  for (const auto& r : records) waiting.push_back(&r);
  while (!waiting.empty()) {
    std::vector<const StoredRecord*> again;
    Status first;
    for (const StoredRecord* r : waiting) {
      const Counters counters = counters_;
      const WriteStats stats = stats_;
      const size_t names = name_changes_.size();
      batch_->SetSavePoint();
      Status s = ApplyVersion(AsRecord(*r), r->hash, r->seq);
      if (s.IsInvalidArgument()) {
        counters_ = counters;
        stats_ = stats;
        UndoNames(names);
        ForgetResolutions();
        KG_RETURN_IF_ERROR(batch_->RollbackToSavePoint());
        if (first.ok()) {
          first = Status::InvalidArgument("record " + QuoteForMessage(r->id) +
                                          " no longer applies once the nodes it named are apart: " + s.message());
        }
        again.push_back(r);
        continue;
      }
      KG_RETURN_IF_ERROR(s);
      batch_->PopSavePoint();
    }
    if (again.size() == waiting.size()) return first;
    waiting = std::move(again);
  }
  // An id that resolved to the nodes but that no record declares any more,
  // where it resolves now, resolves to nothing.
  for (const auto& id : ids) {
    NodeId nid;
    Node node;
    Status s = reader_.FindNode(id, &nid);
    if (s.IsNotFound()) continue;
    KG_RETURN_IF_ERROR(s);
    KG_RETURN_IF_ERROR(reader_.GetNode(nid, &node));
    if (node.id == id) continue;
    std::vector<GraphReader::DeclBody> bodies;
    KG_RETURN_IF_ERROR(reader_.GetDeclBodies(nid, &bodies));
    if (MemberIds(bodies).count(id)) continue;
    batch_->Delete(NodeIdKey(id));
    ForgetResolutions();
  }
  // The records are the same; only the nodes and edges they make together
  // changed.
  const int64_t dn = static_cast<int64_t>(counters_.nodes - nodes_before);
  const int64_t de = static_cast<int64_t>(counters_.edges - edges_before);
  stats_ = stats;
  (dn >= 0 ? stats_.nodes_added : stats_.nodes_removed) += static_cast<uint64_t>(dn >= 0 ? dn : -dn);
  (de >= 0 ? stats_.edges_added : stats_.edges_removed) += static_cast<uint64_t>(de >= 0 ? de : -de);
  return Status::OK();
}

Status GraphWriter::IsOrphan(NodeId nid, bool* orphan) {
  *orphan = false;
  bool declared = false;
  KG_RETURN_IF_ERROR(reader_.HasNodeRecords(nid, &declared));
  if (declared) return Status::OK();
  bool has_edges = false;
  KG_RETURN_IF_ERROR(reader_.HasEdges(nid, &has_edges));
  *orphan = !has_edges;
  return Status::OK();
}

Status GraphWriter::RemoveIfOrphan(NodeId nid) {
  Node node;
  Status s = reader_.GetNode(nid, &node);
  if (s.IsNotFound()) return Status::OK();
  KG_RETURN_IF_ERROR(s);
  bool orphan = false;
  KG_RETURN_IF_ERROR(IsOrphan(nid, &orphan));
  if (!orphan) return Status::OK();
  for (const auto& n : IndexedNames(node)) {
    batch_->Delete(NameKey(n, nid));
    IndexName(n, nid, false);
  }
  batch_->Delete(NodeIdKey(node.id));
  ForgetResolutions();
  batch_->Delete(NodeKey(nid));
  counters_.nodes--;
  counters_.kinds[KindName(node.kind)]--;
  stats_.nodes_removed++;
  return Status::OK();
}

// ---------------------------------------------------------------- judgements

Status GraphWriter::ApplyJudgements(const Record& record, StoredRecord* rec) {
  for (const auto& d : record.nodes) {
    for (const auto& text : d.same_as) {
      // Kept for the node it names, should it come later (WaitingJudgements).
      if (const std::string norm = NormalizeName(text); !norm.empty()) {
        std::string value;
        EncodeJudgement(d.id, text, &value);
        batch_->Put(JudgementKey(norm, rec->seq), value);
        has_judgements_ = true;
      }
      NodeId into, target;
      bool found = false;
      KG_RETURN_IF_ERROR(reader_.FindNode(d.id, &into));
      KG_RETURN_IF_ERROR(JudgedNode(text, into, &target, &found));
      if (!found) continue;  // no stored node (yet), or several: no judgement to apply
      KG_RETURN_IF_ERROR(MergeNode(target, into, rec));
    }
  }
  return MatchRenamed(record, rec);
}

Status GraphWriter::MatchRenamed(const Record& record, StoredRecord* rec, std::vector<NodeId>* matched) {
  // Nodes made or renamed by this record. A merge renames the node that
  // absorbs another, which is matched again with its new names; every merge
  // removes a node, so this ends.
  std::set<NodeId> pending(renamed_.begin(), renamed_.end());
  renamed_.clear();
  while (!pending.empty()) {
    NodeId nid = *pending.begin();
    pending.erase(pending.begin());
    if (matched) matched->push_back(nid);
    KG_RETURN_IF_ERROR(MatchNode(nid, record, rec));
    pending.insert(renamed_.begin(), renamed_.end());
    renamed_.clear();
  }
  return Status::OK();
}

Status GraphWriter::MatchNode(NodeId nid, const Record& record, StoredRecord* rec) {
  Node node;
  Status s = reader_.GetNode(nid, &node);
  if (s.IsNotFound()) return Status::OK();  // merged into another already
  KG_RETURN_IF_ERROR(s);
  bool judged = false;
  KG_RETURN_IF_ERROR(WaitingJudgements(node, rec, &judged));
  if (judged) return Status::OK();  // the node it merged into is matched again (renamed_)
  std::set<NodeId> candidates;
  for (const auto& name : IndexedNames(node)) {
    std::vector<NodeId> nids;
    KG_RETURN_IF_ERROR(LookupName(name, &nids));
    candidates.insert(nids.begin(), nids.end());
  }
  candidates.erase(nid);
  // Cheap refusals first, from the node alone: another kind, or the same
  // source (two hand-coded nodes, or one dataset's own), never match.
  const std::string dataset = DatasetOf(node.id);
  for (auto it = candidates.begin(); it != candidates.end();) {
    Node other;
    KG_RETURN_IF_ERROR(reader_.GetNode(*it, &other));
    bool orphan = false;  // kept by the old version of this record alone: going
    if (other.kind == node.kind && DatasetOf(other.id) != dataset) KG_RETURN_IF_ERROR(IsOrphan(*it, &orphan));
    it = other.kind != node.kind || DatasetOf(other.id) == dataset || orphan ? candidates.erase(it) : std::next(it);
  }
  if (candidates.empty()) return Status::OK();
  MatchFacts self;
  KG_RETURN_IF_ERROR(FactsOf(nid, record, &self));
  for (NodeId other : candidates) {
    MatchFacts facts;
    KG_RETURN_IF_ERROR(FactsOf(other, record, &facts));
    if (!DatasetMatch(self, facts)) continue;
    if (PreferAsCanonical(self, facts)) {
      KG_RETURN_IF_ERROR(MergeNode(other, nid, rec));
    } else {
      KG_RETURN_IF_ERROR(MergeNode(nid, other, rec));
      return Status::OK();  // the merged node is matched again (renamed_)
    }
  }
  return Status::OK();
}

// The node a same_as text names, as the declaring node into sees it: an
// exact id, else the one other node of that name. A node the old version of
// the record being applied alone kept is going, and names nothing.
Status GraphWriter::JudgedNode(const std::string& text, NodeId into, NodeId* target, bool* found) {
  *found = false;
  bool orphan = false;
  Status s = reader_.FindNode(text, target);
  if (s.ok()) KG_RETURN_IF_ERROR(IsOrphan(*target, &orphan));
  if (s.ok() && !orphan) {
    *found = true;
    return Status::OK();
  }
  if (!s.ok() && !s.IsNotFound()) return s;
  std::vector<NodeId> nids;
  const std::string norm = NormalizeName(text);
  if (!norm.empty()) KG_RETURN_IF_ERROR(LookupName(norm, &nids));
  std::vector<NodeId> live;
  for (NodeId nid : nids) {
    if (nid == into) continue;
    KG_RETURN_IF_ERROR(IsOrphan(nid, &orphan));
    if (!orphan) live.push_back(nid);
  }
  if (live.size() != 1) return Status::OK();
  *target = live[0];
  *found = true;
  return Status::OK();
}

// A same_as of an earlier record naming a node that was not stored then (or
// not under that name) merges it now, into the node that judged it, as if
// the node had come first (CONTRACT.md "Judgements").
Status GraphWriter::WaitingJudgements(const Node& node, StoredRecord* rec, bool* merged) {
  *merged = false;
  if (!has_judgements_) return Status::OK();
  std::set<std::string> texts = IndexedNames(node);
  texts.insert(NormalizeName(node.id));
  for (const auto& norm : texts) {
    if (norm.empty()) continue;
    const std::string prefix = JudgementPrefix(norm);
    std::vector<std::pair<std::string, std::string>> judgements;  // declaring id, text
    auto it = batch_->NewIterator();
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      std::string_view name;
      RecordSeq seq;
      std::string id, text;
      if (!ParseJudgementKey(it->key(), &name, &seq) || !DecodeJudgement(it->value(), &id, &text)) {
        return Status::Corruption("bad judgement entry");
      }
      if (rec && seq == rec->seq) continue;  // this record's own: applied by ApplyJudgements
      judgements.emplace_back(std::move(id), std::move(text));
    }
    KG_RETURN_IF_ERROR(it->status());
    for (const auto& [id, text] : judgements) {
      NodeId into, target;
      Status s = reader_.FindNode(id, &into);
      if (s.IsNotFound()) continue;  // its record is being applied again (Unmerge)
      KG_RETURN_IF_ERROR(s);
      if (into == node.nid) continue;
      bool found = false;  // the text names this node as ApplyJudgements resolves it
      KG_RETURN_IF_ERROR(JudgedNode(text, into, &target, &found));
      if (!found) continue;
      if (target != node.nid) continue;
      Node other;
      KG_RETURN_IF_ERROR(reader_.GetNode(into, &other));
      if (other.kind != node.kind) continue;
      KG_RETURN_IF_ERROR(MergeNode(node.nid, into, rec));
      *merged = true;
      return Status::OK();
    }
  }
  return Status::OK();
}

// A node's match rule: from the declaration in the record being applied,
// else from its first declaring records (a dataset declares it the same way
// in every record).
Status GraphWriter::FactsOf(NodeId nid, const Record& record, MatchFacts* facts) {
  Node node;
  KG_RETURN_IF_ERROR(reader_.GetNode(nid, &node));
  *facts = MatchFacts();
  facts->id = node.id;
  facts->kind = node.kind;
  facts->dataset = DatasetOf(node.id);
  facts->level_class = LevelClass(node.attrs);
  facts->coords = node.coords;
  auto category = node.attrs.find("category");
  if (category != node.attrs.end()) {
    if (const auto* c = std::get_if<std::string>(&category->second)) facts->role = *c;
  }
  auto inter = node.attrs.find("inter");  // ACLED's actor type ("State forces"), until the importers set match.role
  if (facts->role.empty() && !facts->dataset.empty() && inter != node.attrs.end()) {
    if (const auto* c = std::get_if<std::string>(&inter->second)) {
      for (char ch : *c) facts->role.push_back(ch == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
  }
  const NodeDecl::Match* match = nullptr;
  for (const auto& d : record.nodes) {
    if (d.id == node.id && d.match) match = &*d.match;
  }
  std::vector<GraphReader::DeclBody> bodies;
  if (!match) {
    KG_RETURN_IF_ERROR(reader_.GetDeclBodies(nid, &bodies));
    for (const auto& b : bodies) {
      if (b.decl.id == node.id && b.decl.match) match = &*b.decl.match;
    }
  }
  if (match) {
    facts->has_match = true;
    if (facts->dataset.empty()) facts->dataset = match->dataset;
    if (!match->role.empty()) facts->role = match->role;
    if (!match->region.empty()) facts->regions.push_back(NormalizeName(match->region));
  } else {
    facts->has_match = !facts->dataset.empty();
  }
  if (node.kind == NodeKind::kLocation && facts->regions.empty()) {
    KG_RETURN_IF_ERROR(RegionsOf(nid, &facts->regions));
  }
  return Status::OK();
}

// The normalized names of the regions a place lies in: itself when it is a
// region or a country, else the first regions up its LOCATED_IN edges.
Status GraphWriter::RegionsOf(NodeId nid, std::vector<std::string>* regions) {
  EdgeFilter located;
  located.types = {"LOCATED_IN"};
  located.direction = Direction::kOut;
  std::vector<NodeId> level = {nid};
  std::set<NodeId> seen = {nid};
  constexpr int kMaxDepth = 8;
  for (int depth = 0; depth < kMaxDepth && !level.empty(); ++depth) {
    std::vector<NodeId> next;
    for (NodeId n : level) {
      Node node;
      KG_RETURN_IF_ERROR(reader_.GetNode(n, &node));
      if (LevelClass(node.attrs) != "place") {  // a region, or a country, lies in itself
        regions->push_back(NormalizeName(node.name));
        continue;
      }
      KG_RETURN_IF_ERROR(reader_.ForEachEdge(n, located, [&](const Edge& e) {
        if (seen.insert(e.to).second) next.push_back(e.to);
        return true;
      }));
    }
    level = std::move(next);
  }
  std::sort(regions->begin(), regions->end());
  regions->erase(std::unique(regions->begin(), regions->end()), regions->end());
  return Status::OK();
}

Status GraphWriter::MergeNode(NodeId from, NodeId into, StoredRecord* rec) {
  if (from == into) return Status::OK();
  Node gone, before;
  KG_RETURN_IF_ERROR(reader_.GetNode(from, &gone));
  KG_RETURN_IF_ERROR(reader_.GetNode(into, &before));
  if (gone.kind != before.kind) return Status::OK();  // an actor is never a place
  auto remap = [&](NodeId n) { return n == from ? into : n; };

  // Its edges, each removed and asserted again between the merged nodes.
  std::map<std::string, Edge> edges;  // by encoded key: a self-loop is seen twice
  KG_RETURN_IF_ERROR(reader_.ForEachEdge(from, EdgeFilter(), [&](const Edge& e) {
    edges.emplace(EncodeOutEdgeKey(EdgeKey{e.from, e.to, e.type, e.date.text, e.key}), e);
    return true;
  }));
  std::vector<RecordSeq> decls;
  KG_RETURN_IF_ERROR(reader_.GetNodeRecords(from, &decls));
  std::set<RecordSeq> seqs(decls.begin(), decls.end());
  for (const auto& [key, e] : edges) {
    seqs.insert(e.sources.begin(), e.sources.end());
    batch_->Delete(key);
    batch_->Delete(AdjacencyKey(e.from, e.to, true));
    batch_->Delete(AdjacencyKey(e.to, e.from, false));
    counters_.edges--;
    counters_.types[e.type]--;
  }
  // The records asserting them now name the merged node.
  std::set<std::string> ids = {gone.id};
  for (RecordSeq seq : seqs) {
    StoredRecord r;
    KG_RETURN_IF_ERROR(LoadRecordBySeq(seq, &r));
    // Two edges may become one: both are kept, with what each was as
    // written, and support it once.
    for (auto& e : r.edges) {
      e.from = remap(e.from);
      e.to = remap(e.to);
    }
    for (const auto& d : r.nodes) {
      NodeId nid;
      if (d.id != gone.id && reader_.FindNode(d.id, &nid).ok() && nid == from) ids.insert(d.id);
    }
    if (rec && seq == rec->seq) {
      rec->edges = r.edges;
    } else {
      std::string value;
      EncodeRecord(r, &value);
      batch_->Put(RecordKey(r.id), value);
    }
  }
  // The edges again, each with the union of its sources.
  for (const auto& [key, e] : edges) {
    EdgeKey k{remap(e.from), remap(e.to), e.type, e.date.text, e.key};
    Edge merged;
    Status s = reader_.GetEdge(k, &merged);
    if (s.IsNotFound()) {
      merged = Edge();
      merged.from = k.from;
      merged.to = k.to;
      merged.type = k.type;
      merged.date = e.date;
      merged.key = e.key;
      counters_.edges++;
      counters_.types[e.type]++;
      batch_->Put(AdjacencyKey(k.from, k.to, true), "");
      batch_->Put(AdjacencyKey(k.to, k.from, false), "");
    } else if (!s.ok()) {
      return s;
    }
    merged.from = k.from;
    merged.to = k.to;
    merged.type = k.type;
    merged.date = e.date;
    merged.key = e.key;
    std::vector<RecordSeq> sources = merged.sources;
    sources.insert(sources.end(), e.sources.begin(), e.sources.end());
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    merged.sources = std::move(sources);
    KG_RETURN_IF_ERROR(RebuildEdgeAttrs(&merged));
    std::string value;
    EncodeEdgeValue(merged, &value);
    const std::string edge_key = EncodeOutEdgeKey(k);
    batch_->Put(edge_key, value);
    written_.Add(edge_key);
  }
  // Its declarations, ids and names.
  KG_RETURN_IF_ERROR(MoveDecls(from, into));
  std::string nid_value;
  PutFixed64BE(&nid_value, into);
  for (const auto& id : ids) {
    batch_->Put(NodeIdKey(id), nid_value);
    written_.Add(NodeIdKey(id));
  }
  for (const auto& n : IndexedNames(gone)) {
    batch_->Delete(NameKey(n, from));
    IndexName(n, from, false);
  }
  batch_->Delete(NodeKey(from));
  counters_.nodes--;
  counters_.kinds[KindName(gone.kind)]--;
  stats_.nodes_removed++;
  ForgetResolutions();
  Node after = before;
  KG_RETURN_IF_ERROR(RebuildNode(&after));
  return PutNode(&before, after);
}

Status GraphWriter::MoveDecls(NodeId from, NodeId into) {
  auto it = batch_->NewIterator();
  std::vector<std::pair<uint64_t, RecordSeq>> uses;
  const std::string use_prefix = DeclUsePrefix(from);
  for (it->Seek(use_prefix); it->Valid() && it->key().starts_with(use_prefix); it->Next()) {
    NodeId n;
    uint64_t body;
    RecordSeq seq;
    if (!ParseDeclUseKey(it->key(), &n, &body, &seq)) return Status::Corruption("bad declaration key");
    uses.emplace_back(body, seq);
  }
  KG_RETURN_IF_ERROR(it->status());
  std::vector<std::pair<uint64_t, std::string>> bodies;
  const std::string body_prefix = DeclBodyPrefix(from);
  for (it->Seek(body_prefix); it->Valid() && it->key().starts_with(body_prefix); it->Next()) {
    NodeId n;
    uint64_t body;
    if (!ParseDeclBodyKey(it->key(), &n, &body)) return Status::Corruption("bad declaration key");
    bodies.emplace_back(body, std::string(it->value()));
  }
  KG_RETURN_IF_ERROR(it->status());
  it.reset();
  for (const auto& [body, seq] : uses) {
    batch_->Delete(DeclUseKey(from, body, seq));
    batch_->Delete(DeclNewestKey(from, body, seq));
    batch_->Put(DeclUseKey(into, body, seq), "");
    batch_->Put(DeclNewestKey(into, body, seq), "");
  }
  for (const auto& [body, value] : bodies) {
    batch_->Delete(DeclBodyKey(from, body));
    batch_->Put(DeclBodyKey(into, body), value);
  }
  return Status::OK();
}

Status GraphWriter::Retract(std::string_view record_id) {
  KG_RETURN_IF_ERROR(init_status_);
  StoredRecord old;
  Status s = reader_.GetRecord(record_id, &old);
  if (s.IsNotFound()) return Status::NotFound("no record " + QuoteForMessage(record_id));
  KG_RETURN_IF_ERROR(s);
  KG_RETURN_IF_ERROR(Atomically([&] {
    std::vector<NodeId> touched;
    std::set<NodeId> unmerge;
    KG_RETURN_IF_ERROR(KeepPastVersion(old));
    KG_RETURN_IF_ERROR(RemoveFacts(old, &touched, &unmerge));
    batch_->Delete(RecordSeqKey(old.seq));
    batch_->Delete(RecordKey(old.id));
    KG_RETURN_IF_ERROR(Unmerge(unmerge));
    for (NodeId nid : touched) KG_RETURN_IF_ERROR(RemoveIfOrphan(nid));
    counters_.records--;
    stats_.retracted++;
    return Status::OK();
  }));
  if (batch_->ByteSize() >= options_.batch_bytes) return CommitBatch(true);
  return Status::OK();
}

}  // namespace kg
