// output: how nodes and edges appear in JSON and tables, shared by every
// command so that a node looks the same in `show`, `path` and `export`.
#pragma once

#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"
#include "query/json_writer.h"

namespace kg {

// {"id", "kind", "name"}: members only, inside an open object.
void WriteNodeBriefMembers(const Node& node, JsonWriter* w);
// {"id", "kind", "name", "aliases", "attrs", "coords"?, "sources"}: every
// member of a node, inside an open object (sources: its records' ids).
void WriteNodeMembers(const Node& node, const std::vector<std::string>& sources, JsonWriter* w);
// The same, the sources read from reader.
Status WriteNodeMembers(const GraphReader& reader, const Node& node, JsonWriter* w);
// The record ids of seqs, in the same order.
Status RecordIds(const GraphReader& reader, const std::vector<RecordSeq>& seqs, std::vector<std::string>* ids);
// {"from", "type", "to", "date"?, "key"?, "attrs", "support", "sources"} members of an
// edge, endpoints by canonical id, inside an open object.
Status WriteEdgeMembers(const GraphReader& reader, const Edge& edge, const std::string& from_id,
                        const std::string& to_id, JsonWriter* w);
// "k=v, k=v" for tables.
std::string AttrsText(const Attrs& attrs);
std::string AttrText(const AttrValue& v);

}  // namespace kg
