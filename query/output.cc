#include "query/output.h"

#include <cstdio>

namespace kg {

void WriteNodeBriefMembers(const Node& node, JsonWriter* w) {
  w->Member("id", node.id).Member("kind", KindName(node.kind)).Member("name", node.name);
}

void WriteNodeMembers(const Node& node, const std::vector<std::string>& sources, JsonWriter* w) {
  WriteNodeBriefMembers(node, w);
  w->Key("aliases").Strings(node.aliases);
  w->Key("attrs").Attrs(node.attrs);
  if (node.coords) w->Key("coords").BeginArray().Double(node.coords->first).Double(node.coords->second).EndArray();
  w->Key("sources").Strings(sources);
}

Status WriteNodeMembers(const GraphReader& reader, const Node& node, JsonWriter* w) {
  std::vector<RecordSeq> seqs;
  KG_RETURN_IF_ERROR(reader.GetNodeRecords(node.nid, &seqs));
  std::vector<std::string> sources;
  KG_RETURN_IF_ERROR(RecordIds(reader, seqs, &sources));
  WriteNodeMembers(node, sources, w);
  return Status::OK();
}

Status RecordIds(const GraphReader& reader, const std::vector<RecordSeq>& seqs, std::vector<std::string>* ids) {
  ids->clear();
  for (RecordSeq seq : seqs) {
    std::string id;
    KG_RETURN_IF_ERROR(reader.RecordIdOf(seq, &id));
    ids->push_back(std::move(id));
  }
  return Status::OK();
}

Status WriteEdgeMembers(const GraphReader& reader, const Edge& edge, const std::string& from_id,
                        const std::string& to_id, JsonWriter* w) {
  std::vector<std::string> sources;
  KG_RETURN_IF_ERROR(RecordIds(reader, edge.sources, &sources));
  w->Member("from", from_id).Member("type", edge.type).Member("to", to_id);
  if (edge.date.dated()) w->Member("date", edge.date.text);
  if (!edge.key.empty()) w->Member("key", edge.key);
  w->Key("attrs").Attrs(edge.attrs);
  w->Member("support", static_cast<uint64_t>(edge.sources.size()));
  w->Key("sources").Strings(sources);
  return Status::OK();
}

std::string AttrText(const AttrValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *d);
    return buf;
  }
  return std::get<bool>(v) ? "true" : "false";
}

std::string AttrsText(const Attrs& attrs) {
  std::string out;
  for (const auto& [k, v] : attrs) {
    if (!out.empty()) out += ", ";
    out += k + "=" + AttrText(v);
  }
  return out;
}

}  // namespace kg
