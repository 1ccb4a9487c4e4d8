#include "graph/check.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "graph/key_codec.h"
#include "graph/node_fold.h"
#include "graph/normalize.h"
#include "graph/value_codec.h"

namespace kg {
namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

std::string Hex(std::string_view key) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : key.substr(0, 48)) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

bool ValidAttrs(const Attrs& attrs) {
  for (const auto& [k, v] : attrs) {
    if (!IsWellFormedUtf8(k)) return false;
    if (const auto* text = std::get_if<std::string>(&v); text && !IsWellFormedUtf8(*text)) return false;
  }
  return true;
}

std::string EdgeName(const EdgeKey& k) {
  return "edge #" + std::to_string(k.from) + " -" + k.type + "-> #" + std::to_string(k.to) +
         (k.date.empty() ? "" : " " + k.date) + (k.key.empty() ? "" : " key " + Hex(k.key));
}

class Checker {
 public:
  Checker(const GraphReader& r, std::vector<std::string>* v) : r_(r), kv_(r.kv()), v_(v) {}

  Status Run() {
    KG_RETURN_IF_ERROR(Nodes());
    KG_RETURN_IF_ERROR(Ids());
    KG_RETURN_IF_ERROR(Names());
    KG_RETURN_IF_ERROR(Decls());
    KG_RETURN_IF_ERROR(Folds());
    KG_RETURN_IF_ERROR(RecordSeqs());
    KG_RETURN_IF_ERROR(Judgements());
    KG_RETURN_IF_ERROR(Records());
    MemberIds();
    KG_RETURN_IF_ERROR(OutEdges());
    KG_RETURN_IF_ERROR(Adjacency());
    KG_RETURN_IF_ERROR(Orphans());
    KG_RETURN_IF_ERROR(History());
    return Counters();
  }

 private:
  void Violation(std::string s) { v_->push_back(std::move(s)); }

  bool Exists(const std::string& key, Status* err) {
    std::string v;
    Status s = kv_->Get(key, &v);
    if (s.ok()) return true;
    if (!s.IsNotFound()) *err = s;
    return false;
  }

  Status Scan(const std::string& prefix, const std::function<Status(std::string_view, std::string_view)>& fn) {
    auto it = kv_->NewIterator();
    for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
      KG_RETURN_IF_ERROR(fn(it->key(), it->value()));
    }
    return it->status();
  }

  Status Nodes() {
    return Scan(NodePrefix(), [&](std::string_view key, std::string_view value) -> Status {
      NodeId nid;
      Node n;
      if (!ParseNodeKey(key, &nid) || !DecodeNode(value, &n)) {
        Violation("undecodable node entry " + Hex(key));
        return Status::OK();
      }
      n.nid = nid;
      kinds_[KindName(n.kind)]++;
      bool utf8 = IsWellFormedUtf8(n.id) && IsWellFormedUtf8(n.name) && ValidAttrs(n.attrs);
      for (const auto& a : n.aliases) utf8 = utf8 && IsWellFormedUtf8(a);
      if (!utf8) Violation("node #" + std::to_string(nid) + " " + Hex(n.id) + ": text that is not UTF-8");
      NodeId by_id = 0;
      Status s = r_.FindNode(n.id, &by_id);
      if (!s.ok() || by_id != nid) Violation("node \"" + n.id + "\": id index does not point to it");
      std::set<std::string> names;
      names.insert(NormalizeName(n.name));
      for (const auto& a : n.aliases) names.insert(NormalizeName(a));
      names.erase("");
      Status err;
      for (const auto& name : names) {
        if (!Exists(NameKey(name, nid), &err)) Violation("node \"" + n.id + "\": name \"" + name + "\" not indexed");
      }
      KG_RETURN_IF_ERROR(err);
      nodes_[nid] = {n.id, std::move(names)};
      return Status::OK();
    });
  }

  Status Ids() {
    return Scan(NodeIdKey(""), [&](std::string_view key, std::string_view value) -> Status {
      std::string id(key.substr(1));
      auto it = value.size() == 8 ? nodes_.find(DecodeFixed64BE(value.data())) : nodes_.end();
      if (it == nodes_.end()) {
        Violation("id index entry \"" + id + "\" points to no such node");
      } else if (it->second.id != id) {
        member_ids_[id] = it->first;  // a merged node's id: a record must declare it (Records)
      }
      return Status::OK();
    });
  }

  Status Names() {
    return Scan(NameIndexPrefix(), [&](std::string_view key, std::string_view) -> Status {
      std::string_view name;
      NodeId nid;
      if (!ParseNameKey(key, &name, &nid)) {
        Violation("undecodable name index entry " + Hex(key));
        return Status::OK();
      }
      auto it = nodes_.find(nid);
      if (it == nodes_.end() || !it->second.names.count(std::string(name))) {
        Violation("name index entry \"" + std::string(name) + "\" points to node #" + std::to_string(nid) +
                  ", which has no such name");
      }
      return Status::OK();
    });
  }

  Status Decls() {
    Status err;
    KG_RETURN_IF_ERROR(Scan(AllDeclUsesPrefix(), [&](std::string_view key, std::string_view) -> Status {
      NodeId nid;
      uint64_t body;
      RecordSeq seq;
      if (!ParseDeclUseKey(key, &nid, &body, &seq)) {
        Violation("undecodable declaration entry " + Hex(key));
        return Status::OK();
      }
      if (!nodes_.count(nid)) Violation("declaration of missing node #" + std::to_string(nid));
      if (!Exists(DeclNewestKey(nid, body, seq), &err) || !Exists(DeclBodyKey(nid, body), &err)) {
        Violation("declaration of node #" + std::to_string(nid) + " by record #" + std::to_string(seq) +
                  " without its newest-first twin or its body");
      }
      declared_.insert(nid);
      decls_.insert({nid, seq});
      used_bodies_.insert({nid, body});
      return err;
    }));
    KG_RETURN_IF_ERROR(Scan(AllDeclNewestPrefix(), [&](std::string_view key, std::string_view) -> Status {
      NodeId nid;
      uint64_t body;
      RecordSeq seq;
      if (!ParseDeclUseKey(key, &nid, &body, &seq) || !Exists(DeclUseKey(nid, body, seq), &err)) {
        Violation("newest-first declaration entry " + Hex(key) + " without its twin");
      }
      return err;
    }));
    // A format-3 store read as it is (before its upgrade): 'P' keys.
    KG_RETURN_IF_ERROR(Scan(AllFormat3DeclsPrefix(), [&](std::string_view key, std::string_view) -> Status {
      NodeId nid;
      RecordSeq seq;
      if (!ParseFormat3DeclKey(key, &nid, &seq)) {
        Violation("undecodable declaration entry " + Hex(key));
        return Status::OK();
      }
      if (!nodes_.count(nid)) Violation("declaration of missing node #" + std::to_string(nid));
      declared_.insert(nid);
      decls_.insert({nid, seq});
      return Status::OK();
    }));
    return Scan(AllDeclBodiesPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      NodeId nid;
      uint64_t body;
      NodeDecl decl;
      if (!ParseDeclBodyKey(key, &nid, &body) || !DecodeDeclBody(value, &decl) || DeclBodyHash(decl) != body) {
        Violation("undecodable declaration body " + Hex(key));
      } else if (!used_bodies_.count({nid, body})) {
        Violation("declaration body of node #" + std::to_string(nid) + " that no record makes");
      }
      return Status::OK();
    });
  }

  // Each declared node says what its declarations say together (node_fold.h).
  Status Folds() {
    std::set<NodeId> with_bodies;
    for (const auto& [nid, body] : used_bodies_) with_bodies.insert(nid);
    for (NodeId nid : with_bodies) {
      Node stored, folded;
      Status s = r_.GetNode(nid, &stored);
      if (s.IsNotFound() || s.IsCorruption()) continue;  // reported by Nodes and Decls
      KG_RETURN_IF_ERROR(s);
      std::vector<GraphReader::DeclBody> bodies;
      s = r_.GetDeclBodies(nid, &bodies);
      if (s.IsCorruption()) continue;  // reported by Decls
      KG_RETURN_IF_ERROR(s);
      folded = stored;
      FoldNode(bodies, &folded);
      if (folded.name != stored.name || folded.aliases != stored.aliases || folded.attrs != stored.attrs ||
          folded.coords != stored.coords) {
        Violation("node \"" + stored.id + "\": its name, aliases, attrs or coords are not what its records say");
      }
    }
    return Status::OK();
  }

  Status RecordSeqs() {
    return Scan(RecordSeqPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      RecordSeq seq;
      if (!ParseRecordSeqKey(key, &seq)) {
        Violation("undecodable record sequence entry " + Hex(key));
        return Status::OK();
      }
      seqs_[seq] = std::string(value);
      return Status::OK();
    });
  }

  // The history (history.h): the log's changes are numbered 1, 2, ... with
  // ascending, disjoint seq ranges, the next change number is above them,
  // every record version standing or past lies in a logged change (once a
  // store has a log), and a past version was ended by a later change.
  Status History() {
    std::vector<std::pair<uint64_t, std::pair<RecordSeq, RecordSeq>>> ranges;  // number, [first, end)
    KG_RETURN_IF_ERROR(Scan(ChangePrefix(), [&](std::string_view key, std::string_view value) -> Status {
      uint64_t number = 0;
      ChangeInfo c;
      if (!ParseChangeKey(key, &number) || !DecodeChange(value, &c) || c.number != number) {
        Violation("undecodable change log entry " + Hex(key));
        return Status::OK();
      }
      if (!ranges.empty() && number != ranges.back().first + 1) {
        Violation("change " + std::to_string(number) + " follows change " + std::to_string(ranges.back().first));
      }
      if (!ranges.empty() && c.first_seq < ranges.back().second.second) {
        Violation("change " + std::to_string(number) + " starts at record version " + std::to_string(c.first_seq) +
                  ", inside change " + std::to_string(ranges.back().first));
      }
      ranges.push_back({number, {c.first_seq, c.end_seq}});
      return Status::OK();
    }));
    uint64_t next_change = 0;
    KG_RETURN_IF_ERROR(r_.GetCounter(kMetaNextChange, &next_change));
    if (!ranges.empty() && next_change <= ranges.back().first) {
      Violation("counter next_change is " + std::to_string(next_change) + ", not above change " +
                std::to_string(ranges.back().first));
    }
    // The change whose range holds seq; 0 when none does.
    auto change_of = [&](RecordSeq seq) -> uint64_t {
      auto it = std::upper_bound(ranges.begin(), ranges.end(), seq,
                                 [](RecordSeq s, const auto& r) { return s < r.second.first; });
      if (it == ranges.begin()) return 0;
      --it;
      return seq < it->second.second ? it->first : 0;
    };
    if (!ranges.empty()) {
      for (const auto& [seq, id] : seqs_) {
        if (change_of(seq) == 0) {
          Violation("record " + QuoteForMessage(id) + " (version " + std::to_string(seq) + ") is in no logged change");
        }
      }
    }
    return Scan(PastVersionPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      RecordSeq seq = 0;
      PastVersion v;
      if (!ParsePastVersionKey(key, &seq) || !DecodePastVersion(value, &v) || v.record.seq != seq) {
        Violation("undecodable past record version " + Hex(key));
        return Status::OK();
      }
      max_seq_ = std::max(max_seq_, seq);
      const uint64_t asserted = change_of(seq);
      if (asserted == 0 || v.ended <= asserted || v.ended > ranges.back().first) {
        Violation("past version " + std::to_string(seq) + " of record " + QuoteForMessage(v.record.id) +
                  " was stored by change " + std::to_string(asserted) + " and ended by change " +
                  std::to_string(v.ended));
      }
      if (seqs_.count(seq)) Violation("record version " + std::to_string(seq) + " is both standing and past");
      return Status::OK();
    });
  }

  // The judgements' index: each entry of a stored record's same_as (checked
  // from the records' side in Records).
  Status Judgements() {
    std::string raw;
    uint64_t format = 0;
    Status s = kv_->Get(MetaKey(kMetaFormat), &raw);
    if (!s.ok() && !s.IsNotFound()) return s;
    judgements_indexed_ = s.ok() && DecodeCounter(raw, &format) && format >= 5;
    KG_RETURN_IF_ERROR(Scan(AllJudgementsPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      std::string_view norm;
      RecordSeq seq;
      std::string id, text;
      if (!ParseJudgementKey(key, &norm, &seq) || !DecodeJudgement(value, &id, &text) || NormalizeName(text) != norm) {
        Violation("undecodable judgement entry " + Hex(key));
        return Status::OK();
      }
      index_entries_++;
      if (!seqs_.count(seq)) Violation("judgement same_as \"" + text + "\" of record #" + std::to_string(seq) + " that is not stored");
      return Status::OK();
    }));
    return Status::OK();
  }

  Status Records() {
    return Scan(RecordPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      StoredRecord rec;
      std::string_view id;
      if (!ParseRecordKey(key, &id) || !DecodeRecord(value, &rec) || rec.id != id) {
        Violation("undecodable record entry " + Hex(key));
        return Status::OK();
      }
      records_++;
      max_seq_ = std::max(max_seq_, rec.seq);
      const SourceInfo& src = rec.source;
      bool utf8 = IsWellFormedUtf8(rec.id) && IsWellFormedUtf8(src.title) && IsWellFormedUtf8(src.url) &&
                  IsWellFormedUtf8(src.published) && IsWellFormedUtf8(src.publisher) && IsWellFormedUtf8(src.lang);
      for (const auto& d : rec.nodes) utf8 = utf8 && ValidAttrs(d.attrs);
      for (const auto& e : rec.edges) utf8 = utf8 && ValidAttrs(e.attrs);
      if (!utf8) Violation("record " + Hex(rec.id) + ": text that is not UTF-8");
      auto seq = seqs_.find(rec.seq);
      if (seq == seqs_.end() || seq->second != rec.id) {
        Violation("record \"" + rec.id + "\": sequence index does not point to it");
      } else {
        live_seqs_.insert(rec.seq);
      }
      for (const auto& d : rec.nodes) {
        NodeId nid;
        Status s = r_.FindNode(d.id, &nid);
        if (s.ok()) declared_ids_.insert(d.id);
        if (!s.ok() || !decls_.count({nid, rec.seq})) {
          Violation("record \"" + rec.id + "\": declared node \"" + d.id + "\" is missing or not linked to it");
        }
      }
      for (const auto& d : rec.nodes) {
        for (const auto& text : d.same_as) {
          const std::string norm = NormalizeName(text);
          if (norm.empty()) continue;
          std::string value, id, named;
          Status s = kv_->Get(JudgementKey(norm, rec.seq), &value);
          if (s.IsNotFound() && !judgements_indexed_) continue;  // format 4 and older, read as they are
          if (!s.ok() && !s.IsNotFound()) return s;
          if (!s.ok() || !DecodeJudgement(value, &id, &named) || id != d.id || named != text) {
            Violation("record \"" + rec.id + "\": judgement same_as \"" + text + "\" is not indexed");
          }
          judged_.insert({norm, rec.seq});
        }
      }
      std::set<std::string> asserted;  // an edge a record names twice (as written, after merges) it supports once
      for (const auto& e : rec.edges) {
        Edge edge;
        EdgeKey k{e.from, e.to, e.type, e.date.text, e.key};
        if (!asserted.insert(EncodeOutEdgeKey(k)).second) continue;
        Status s = r_.GetEdge(k, &edge);
        if (!s.ok() || std::find(edge.sources.begin(), edge.sources.end(), rec.seq) == edge.sources.end()) {
          Violation("record \"" + rec.id + "\": " + EdgeName(k) + " is missing or does not list it as a source");
        }
        asserted_++;
      }
      return Status::OK();
    });
  }

  Status OutEdges() {
    Status err;
    KG_RETURN_IF_ERROR(Scan(AllOutEdgesPrefix(), [&](std::string_view key, std::string_view value) -> Status {
      EdgeKey k;
      Edge e;
      DateRange d;
      if (!ParseEdgeKey(key, &k) || !DecodeEdgeValue(value, &e) || (!k.date.empty() && !ParseDateRange(k.date, &d))) {
        Violation("undecodable edge entry " + Hex(key));
        return Status::OK();
      }
      edges_++;
      types_[k.type]++;
      if (!ValidAttrs(e.attrs)) Violation(EdgeName(k) + ": text that is not UTF-8");
      if (!nodes_.count(k.from) || !nodes_.count(k.to)) Violation(EdgeName(k) + ": endpoint missing");
      if (!Exists(AdjacencyKey(k.from, k.to, true), &err) || !Exists(AdjacencyKey(k.to, k.from, false), &err)) {
        Violation(EdgeName(k) + ": adjacency entry missing");
      }
      if (e.sources.empty()) Violation(EdgeName(k) + ": no supporting record");
      for (size_t i = 0; i < e.sources.size(); ++i) {
        if (i > 0 && e.sources[i] <= e.sources[i - 1]) Violation(EdgeName(k) + ": sources not ascending");
        if (!live_seqs_.count(e.sources[i])) {
          Violation(EdgeName(k) + ": source #" + std::to_string(e.sources[i]) + " is no stored record");
        }
      }
      supports_ += e.sources.size();
      return err;
    }));
    if (supports_ != asserted_) {
      Violation("edges list " + std::to_string(supports_) + " sources but records assert " + std::to_string(asserted_) +
                " edges");
    }
    return Status::OK();
  }

  Status Adjacency() {
    auto edges = kv_->NewIterator();
    return Scan(AllAdjacencyPrefix(), [&](std::string_view key, std::string_view) -> Status {
      NodeId node, neighbor;
      bool out;
      if (!ParseAdjacencyKey(key, &node, &neighbor, &out)) {
        Violation("undecodable adjacency entry " + Hex(key));
        return Status::OK();
      }
      const std::string pair = out ? OutEdgePrefix(node, neighbor) : OutEdgePrefix(neighbor, node);
      edges->Seek(pair);
      KG_RETURN_IF_ERROR(edges->status());
      if (!edges->Valid() || !StartsWith(edges->key(), pair)) {
        Violation("adjacency entry #" + std::to_string(node) + (out ? " -> #" : " <- #") + std::to_string(neighbor) +
                  " without an edge");
      }
      return Status::OK();
    });
  }

  // An id that resolves to a node of another id (merged into it) is
  // declared by a stored record.
  void MemberIds() {
    for (const auto& [id, nid] : member_ids_) {
      if (!declared_ids_.count(id)) {
        Violation("id index entry \"" + id + "\" points to node \"" + nodes_[nid].id + "\", and no record declares it");
      }
    }
  }

  Status Orphans() {
    for (const auto& [nid, info] : nodes_) {
      if (declared_.count(nid)) continue;
      bool has = false;
      KG_RETURN_IF_ERROR(r_.HasEdges(nid, &has));
      if (!has) Violation("node \"" + info.id + "\": no declaring record and no edge");
    }
    return Status::OK();
  }

  Status Counters() {
    if (judgements_indexed_ && index_entries_ != judged_.size()) {
      Violation("the judgements' index holds " + std::to_string(index_entries_) + " entries, the records " +
                std::to_string(judged_.size()));
    }
    StoreStats stats;
    KG_RETURN_IF_ERROR(r_.Stats(&stats));
    auto cmp = [&](const std::string& what, uint64_t counted, uint64_t stored) {
      if (counted != stored) {
        Violation("counter " + what + " is " + std::to_string(stored) + ", store holds " + std::to_string(counted));
      }
    };
    cmp("nodes", nodes_.size(), stats.nodes);
    cmp("edges", edges_, stats.edges);
    cmp("records", records_, stats.records);
    std::set<std::string> kinds, types;
    for (const auto& [k, v] : kinds_) kinds.insert(k);
    for (const auto& [k, v] : stats.by_kind) kinds.insert(k);
    for (const auto& [k, v] : types_) types.insert(k);
    for (const auto& [k, v] : stats.by_type) types.insert(k);
    for (const auto& k : kinds) cmp("kind:" + k, kinds_[k], stats.by_kind.count(k) ? stats.by_kind[k] : 0);
    for (const auto& t : types) cmp("type:" + t, types_[t], stats.by_type.count(t) ? stats.by_type[t] : 0);
    // The next ids handed out must be above every id in use, or the next
    // ingest overwrites a node or a record.
    NodeId max_node = 0;
    for (const auto& [nid, info] : nodes_) max_node = std::max(max_node, nid);
    for (const auto& [seq, id] : seqs_) max_seq_ = std::max(max_seq_, seq);
    for (const auto& [nid, seq] : decls_) max_seq_ = std::max(max_seq_, seq);
    auto above = [&](std::string_view name, uint64_t max_used) -> Status {
      std::string raw;
      uint64_t next = 1;
      Status s = kv_->Get(MetaKey(name), &raw);
      if (s.ok() && !DecodeCounter(raw, &next)) {
        Violation("counter " + std::string(name) + " is undecodable");
        return Status::OK();
      }
      if (!s.ok() && !s.IsNotFound()) return s;
      if (next <= max_used) {
        Violation("counter " + std::string(name) + " is " + std::to_string(next) + ", not above " +
                  std::to_string(max_used) + " in use");
      }
      return Status::OK();
    };
    KG_RETURN_IF_ERROR(above(kMetaNextNode, max_node));
    return above(kMetaNextSeq, max_seq_);
  }

  struct NodeInfo {
    std::string id;
    std::set<std::string> names;
  };
  const GraphReader& r_;
  const KvReader* kv_;
  std::vector<std::string>* v_;
  std::unordered_map<NodeId, NodeInfo> nodes_;
  std::unordered_set<NodeId> declared_;
  std::map<std::string, NodeId> member_ids_;
  std::unordered_set<std::string> declared_ids_;
  std::set<std::pair<NodeId, RecordSeq>> decls_;
  std::set<std::pair<NodeId, uint64_t>> used_bodies_;
  std::unordered_map<RecordSeq, std::string> seqs_;
  std::unordered_set<RecordSeq> live_seqs_;
  std::map<std::string, uint64_t> kinds_, types_;
  uint64_t edges_ = 0, records_ = 0, supports_ = 0, asserted_ = 0;
  bool judgements_indexed_ = false;  // store format 5 and later
  uint64_t index_entries_ = 0;
  std::set<std::pair<std::string, RecordSeq>> judged_;  // (normalized text, record) of stored same_as
  RecordSeq max_seq_ = 0;
};

}  // namespace

Status CheckStore(const GraphReader& reader, std::vector<std::string>* violations) {
  return Checker(reader, violations).Run();
}

}  // namespace kg
