#include "query/diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <unordered_map>

#include "graph/history.h"
#include "query/graph_source.h"
#include "query/json_writer.h"
#include "query/output.h"

namespace kg {
namespace {

// An edge's name across stores: its identity with canonical ids. Ids,
// types and dates hold no 0x00, and the key comes last.
std::string EdgeName(const std::string& from, const Edge& e, const std::string& to) {
  std::string k = from;
  for (const std::string* part : {&e.type, &to, &e.date.text}) {
    k.push_back('\0');
    k.append(*part);
  }
  k.push_back('\0');
  k.append(e.key);
  return k;
}

// One graph, each node and edge by name with a hash of its JSON.
struct Side {
  std::unordered_map<std::string, uint64_t> nodes, edges;
};

Status Scan(const GraphReader& reader, Side* side) {
  StoreSource source(reader);
  std::ostringstream buf;
  auto hash_of = [&](const std::function<Status(JsonWriter&)>& write, uint64_t* h) -> Status {
    buf.str("");
    JsonWriter w(&buf);
    w.BeginObject();
    KG_RETURN_IF_ERROR(write(w));
    w.EndObject();
    *h = std::hash<std::string>()(buf.str());
    return Status::OK();
  };
  // Sources and aliases compare as sets: a revision moves its record to the
  // end of the ingestion order, which changes no fact.
  std::vector<std::string> sources;
  auto sorted_sources = [&](const std::vector<RecordSeq>& seqs) -> Status {
    KG_RETURN_IF_ERROR(RecordIds(reader, seqs, &sources));
    std::sort(sources.begin(), sources.end());
    return Status::OK();
  };
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) -> Status {
    std::vector<RecordSeq> seqs;
    KG_RETURN_IF_ERROR(reader.GetNodeRecords(node.nid, &seqs));
    KG_RETURN_IF_ERROR(sorted_sources(seqs));
    Node sorted = node;  // aliases too keep the order their records came in
    std::sort(sorted.aliases.begin(), sorted.aliases.end());
    uint64_t h = 0;
    KG_RETURN_IF_ERROR(hash_of(
        [&](JsonWriter& w) {
          WriteNodeMembers(sorted, sources, &w);
          return Status::OK();
        },
        &h));
    side->nodes.emplace(node.id, h);
    return Status::OK();
  }));
  return source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) -> Status {
    KG_RETURN_IF_ERROR(sorted_sources(edge.sources));
    uint64_t h = 0;
    KG_RETURN_IF_ERROR(hash_of(
        [&](JsonWriter& w) {
          w.Key("attrs").Attrs(edge.attrs);
          w.Key("sources").Strings(sources);
          return Status::OK();
        },
        &h));
    side->edges.emplace(EdgeName(from.id, edge, to.id), h);
    return Status::OK();
  });
}

struct Lists {
  std::vector<std::string> added, removed, changed;  // sorted names
};

Lists Compare(const std::unordered_map<std::string, uint64_t>& before,
              const std::unordered_map<std::string, uint64_t>& after) {
  Lists l;
  for (const auto& [name, h] : after) {
    auto it = before.find(name);
    if (it == before.end()) {
      l.added.push_back(name);
    } else if (it->second != h) {
      l.changed.push_back(name);
    }
  }
  for (const auto& [name, h] : before) {
    if (!after.count(name)) l.removed.push_back(name);
  }
  for (auto* v : {&l.added, &l.removed, &l.changed}) std::sort(v->begin(), v->end());
  return l;
}

Status LoadNode(const GraphReader& reader, const std::string& id, Node* node) {
  NodeId nid;
  KG_RETURN_IF_ERROR(reader.FindNode(id, &nid));
  return reader.GetNode(nid, node);
}

// The edge a name names, with its endpoints' ids.
struct NamedEdge {
  Edge edge;
  std::string from, to;
};

Status LoadEdge(const GraphReader& reader, const std::string& name, NamedEdge* out) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t zero = name.find('\0', start);
    if (zero == std::string::npos) return Status::Corruption("bad edge name");
    parts.push_back(name.substr(start, zero - start));
    start = zero + 1;
  }
  out->from = parts[0];
  out->to = parts[2];
  EdgeKey key;
  KG_RETURN_IF_ERROR(reader.FindNode(parts[0], &key.from));
  KG_RETURN_IF_ERROR(reader.FindNode(parts[2], &key.to));
  key.type = parts[1];
  key.date = parts[3];
  key.key = name.substr(start);
  return reader.GetEdge(key, &out->edge);
}

// "k a→b" for each attr that differs ("-" for none), joined by ", ".
std::string AttrChanges(const Attrs& before, const Attrs& after) {
  std::vector<std::string> parts;
  std::map<std::string, std::pair<std::string, std::string>> keys;
  for (const auto& [k, v] : before) keys[k].first = AttrText(v);
  for (const auto& [k, v] : after) keys[k].second = AttrText(v);
  for (const auto& [k, v] : keys) {
    if (v.first == v.second && before.count(k) == after.count(k)) continue;
    parts.push_back(k + " " + (before.count(k) ? v.first : "-") + "→" + (after.count(k) ? v.second : "-"));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!p.empty()) out += (out.empty() ? "" : ", ") + p;
  }
  return out;
}

struct Compared {
  Lists nodes, edges;
};

Status CompareGraphs(const DiffInput& in, Compared* c) {
  Side before, after;
  KG_RETURN_IF_ERROR(Scan(*in.before, &before));
  KG_RETURN_IF_ERROR(Scan(*in.after, &after));
  c->nodes = Compare(before.nodes, after.nodes);
  c->edges = Compare(before.edges, after.edges);
  return Status::OK();
}

uint64_t Count(const RecordChanges& r, const Compared& c) {
  uint64_t n = r.added.size() + r.replaced.size() + r.retracted.size();
  for (const Lists* l : {&c.nodes, &c.edges}) n += l->added.size() + l->removed.size() + l->changed.size();
  return n;
}

}  // namespace

Status DiffRecords(const GraphReader& history, uint64_t a, uint64_t b, RecordChanges* records) {
  *records = RecordChanges();
  std::map<std::string, RecordSeq> at_a;
  KG_RETURN_IF_ERROR(ForEachRecordAsOf(history, a, [&](const StoredRecord& r) {
    at_a.emplace(r.id, r.seq);
    return Status::OK();
  }));
  KG_RETURN_IF_ERROR(ForEachRecordAsOf(history, b, [&](const StoredRecord& r) {
    auto it = at_a.find(r.id);
    if (it == at_a.end()) {
      records->added.push_back(r.id);
    } else {
      if (it->second != r.seq) records->replaced.push_back(r.id);
      at_a.erase(it);
    }
    return Status::OK();
  }));
  for (const auto& [id, seq] : at_a) records->retracted.push_back(id);
  std::sort(records->added.begin(), records->added.end());
  std::sort(records->replaced.begin(), records->replaced.end());
  return Status::OK();
}

Status WriteDiffJson(const DiffInput& in, std::ostream* out, uint64_t* changes) {
  Compared c;
  KG_RETURN_IF_ERROR(CompareGraphs(in, &c));
  *changes = Count(in.records, c);
  JsonWriter w(out);
  w.BeginObject().Member("from", in.a).Member("to", in.b);
  w.Key("records").BeginObject();
  w.Key("added").Strings(in.records.added);
  w.Key("replaced").Strings(in.records.replaced);
  w.Key("retracted").Strings(in.records.retracted);
  w.EndObject();

  auto node = [&](const GraphReader& r, const std::string& id) -> Status {
    Node n;
    KG_RETURN_IF_ERROR(LoadNode(r, id, &n));
    w.BeginObject();
    KG_RETURN_IF_ERROR(WriteNodeMembers(r, n, &w));
    w.EndObject();
    return Status::OK();
  };
  w.Key("nodes").BeginObject().Key("added").BeginArray();
  for (const auto& id : c.nodes.added) KG_RETURN_IF_ERROR(node(*in.after, id));
  w.EndArray().Key("removed").BeginArray();
  for (const auto& id : c.nodes.removed) KG_RETURN_IF_ERROR(node(*in.before, id));
  w.EndArray().Key("changed").BeginArray();
  for (const auto& id : c.nodes.changed) {
    w.BeginObject().Member("id", id).Key("before");
    KG_RETURN_IF_ERROR(node(*in.before, id));
    w.Key("after");
    KG_RETURN_IF_ERROR(node(*in.after, id));
    w.EndObject();
  }
  w.EndArray().EndObject();

  auto edge = [&](const GraphReader& r, const std::string& name) -> Status {
    NamedEdge e;
    KG_RETURN_IF_ERROR(LoadEdge(r, name, &e));
    w.BeginObject();
    KG_RETURN_IF_ERROR(WriteEdgeMembers(r, e.edge, e.from, e.to, &w));
    w.EndObject();
    return Status::OK();
  };
  w.Key("edges").BeginObject().Key("added").BeginArray();
  for (const auto& name : c.edges.added) KG_RETURN_IF_ERROR(edge(*in.after, name));
  w.EndArray().Key("removed").BeginArray();
  for (const auto& name : c.edges.removed) KG_RETURN_IF_ERROR(edge(*in.before, name));
  w.EndArray().Key("changed").BeginArray();
  for (const auto& name : c.edges.changed) {
    w.BeginObject().Key("before");
    KG_RETURN_IF_ERROR(edge(*in.before, name));
    w.Key("after");
    KG_RETURN_IF_ERROR(edge(*in.after, name));
    w.EndObject();
  }
  w.EndArray().EndObject().EndObject();
  return *out ? Status::OK() : Status::IOError("cannot write the diff");
}

Status WriteDiffTable(const DiffInput& in, const TableOptions& options, std::ostream* out, uint64_t* changes) {
  Compared c;
  KG_RETURN_IF_ERROR(CompareGraphs(in, &c));
  *changes = Count(in.records, c);
  Table t({"what", "how", "which"}, options);
  for (const auto& id : in.records.added) t.AddRow({"record", "added", id});
  for (const auto& id : in.records.replaced) t.AddRow({"record", "replaced", id});
  for (const auto& id : in.records.retracted) t.AddRow({"record", "retracted", id});
  auto node_text = [](const GraphReader& r, const std::string& id, std::string* text) -> Status {
    Node n;
    KG_RETURN_IF_ERROR(LoadNode(r, id, &n));
    *text = n.name == id ? id : id + " (" + n.name + ")";
    return Status::OK();
  };
  std::string text;
  for (const auto& id : c.nodes.added) {
    KG_RETURN_IF_ERROR(node_text(*in.after, id, &text));
    t.AddRow({"node", "added", text});
  }
  for (const auto& id : c.nodes.removed) {
    KG_RETURN_IF_ERROR(node_text(*in.before, id, &text));
    t.AddRow({"node", "removed", text});
  }
  for (const auto& id : c.nodes.changed) {
    Node was, now;
    KG_RETURN_IF_ERROR(LoadNode(*in.before, id, &was));
    KG_RETURN_IF_ERROR(LoadNode(*in.after, id, &now));
    std::vector<RecordSeq> was_records, now_records;
    KG_RETURN_IF_ERROR(in.before->GetNodeRecords(was.nid, &was_records));
    KG_RETURN_IF_ERROR(in.after->GetNodeRecords(now.nid, &now_records));
    KG_RETURN_IF_ERROR(node_text(*in.after, id, &text));
    const std::string what = Joined(
        {was.name != now.name ? "name " + was.name + "→" + now.name : "",
         was.aliases != now.aliases ? "aliases" : "", AttrChanges(was.attrs, now.attrs),
         was.coords != now.coords ? "coords" : "",
         was_records.size() != now_records.size()
             ? "records " + std::to_string(was_records.size()) + "→" + std::to_string(now_records.size())
             : "",
         was.name == now.name && was.attrs == now.attrs && was_records.size() == now_records.size() ? "sources"
                                                                                                   : ""});
    t.AddRow({"node", "changed", text + ": " + what});
  }
  auto edge_text = [](const GraphReader& r, const std::string& name, std::string* text) -> Status {
    NamedEdge e;
    KG_RETURN_IF_ERROR(LoadEdge(r, name, &e));
    *text = e.from + " " + e.edge.type + " " + e.to;
    if (e.edge.date.dated()) *text += " " + e.edge.date.text;
    if (!e.edge.key.empty()) *text += " [" + e.edge.key + "]";
    return Status::OK();
  };
  for (const auto& name : c.edges.added) {
    KG_RETURN_IF_ERROR(edge_text(*in.after, name, &text));
    t.AddRow({"edge", "added", text});
  }
  for (const auto& name : c.edges.removed) {
    KG_RETURN_IF_ERROR(edge_text(*in.before, name, &text));
    t.AddRow({"edge", "removed", text});
  }
  for (const auto& name : c.edges.changed) {
    NamedEdge was, now;
    KG_RETURN_IF_ERROR(LoadEdge(*in.before, name, &was));
    KG_RETURN_IF_ERROR(LoadEdge(*in.after, name, &now));
    text = now.from + " " + now.edge.type + " " + now.to;
    if (now.edge.date.dated()) text += " " + now.edge.date.text;
    if (!now.edge.key.empty()) text += " [" + now.edge.key + "]";
    const size_t a = was.edge.sources.size(), b = now.edge.sources.size();
    const std::string what =
        Joined({AttrChanges(was.edge.attrs, now.edge.attrs),
                a != b ? "support " + std::to_string(a) + "→" + std::to_string(b) : "",
                a == b && was.edge.attrs == now.edge.attrs ? "sources" : ""});
    t.AddRow({"edge", "changed", text + ": " + what});
  }
  t.Write(out);
  return *out ? Status::OK() : Status::IOError("cannot write the diff");
}

}  // namespace kg
