#include "ingest/dataset_record.h"

#include "graph/normalize.h"
#include "ingest/dataset_text.h"

namespace kg {

DatasetRecord::DatasetRecord(std::string dataset, std::string record_id) : dataset_(std::move(dataset)) {
  record_.id = std::move(record_id);
}

NodeDecl* DatasetRecord::Node(const std::string& id, NodeKind kind) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return &record_.nodes[it->second];
  nodes_.emplace(id, record_.nodes.size());
  NodeDecl& node = record_.nodes.emplace_back();
  node.id = id;
  node.kind = kind;
  return &node;
}

void DatasetRecord::AddAlias(NodeDecl* node, const std::string& alias) {
  if (alias.empty() || (node->name && *node->name == alias)) return;
  for (const auto& a : node->aliases) {
    if (a == alias) return;
  }
  node->aliases.push_back(alias);
}

Status DatasetRecord::AddActor(std::string_view field, std::string_view label, const std::string& role,
                               std::string* id) {
  std::string full = Trim(label);
  if (full.empty()) return Status::InvalidArgument(std::string(field) + ": empty");
  KG_RETURN_IF_ERROR(CheckName(field, full));
  std::string name = StripPeriodSuffix(full);
  if (name.empty()) name = full;
  std::string part = IdPart(name);
  if (part.empty()) return Status::InvalidArgument(std::string(field) + ": not a name \"" + full + "\"");
  *id = CapId(dataset_ + ":actor:" + part);
  NodeDecl* node = Node(*id, NodeKind::kActor);
  if (!node->name) node->name = name;
  AddAlias(node, full);
  node->match_existing = true;
  if (!node->match) node->match = NodeDecl::Match{dataset_, "", ""};
  if (node->match->role.empty()) node->match->role = role;
  return Status::OK();
}

void DatasetRecord::SetRole(const std::string& id, const std::string& role) {
  NodeDecl* node = Node(id, NodeKind::kActor);
  if (!node->match) node->match = NodeDecl::Match{dataset_, "", ""};
  node->match->role = role;
}

Status DatasetRecord::AddPlaceChain(const std::vector<PlaceLevel>& chain, std::string* id) {
  std::string path, parent;
  std::vector<std::string> above;  // IdParts of the levels above
  std::string region;              // the normalized admin1 name
  for (const PlaceLevel& level : chain) {
    if (level.level == "admin1" && !level.name.empty()) region = NormalizeName(level.name);
  }
  for (const PlaceLevel& level : chain) {
    if (level.name.empty()) continue;
    KG_RETURN_IF_ERROR(CheckName(level.field, level.name));
    for (const auto& alias : level.aliases) KG_RETURN_IF_ERROR(CheckName(level.field, alias));
    std::string part = IdPart(level.name);
    if (part.empty()) return Status::InvalidArgument(level.field + ": not a name \"" + level.name + "\"");
    path += (path.empty() ? "" : "/") + part;
    std::string node_id = CapId(dataset_ + ":place:" + path);
    NodeDecl* node = Node(node_id, NodeKind::kLocation);
    if (!node->name) node->name = level.name;
    for (const auto& alias : level.aliases) AddAlias(node, alias);
    node->attrs["level"] = level.level;
    bool match;
    if (level.level == "country" || level.level == "admin1") {
      match = true;
    } else if (level.level == "locality") {
      match = true;
      for (const auto& a : above) match = match && a != part;
    } else {
      match = false;
    }
    node->match_existing = match;
    if (match) {
      node->match = NodeDecl::Match{dataset_, level.level == "country" ? "" : region, ""};
    } else {
      node->match.reset();
    }
    if (!parent.empty()) AddEdge(node_id, "LOCATED_IN", parent, DateRange(), "", Attrs());
    above.push_back(part);
    parent = node_id;
  }
  if (parent.empty()) {
    std::string field = chain.empty() ? "location" : chain.back().field;
    return Status::InvalidArgument(field + ": no place named");
  }
  *id = parent;
  return Status::OK();
}

void DatasetRecord::AddEdge(const std::string& from, const std::string& type, const std::string& to,
                            const DateRange& date, const std::string& key, const Attrs& attrs) {
  auto identity = std::make_tuple(from, type, to, date.text, key);
  auto it = edges_.find(identity);
  if (it != edges_.end()) {
    for (const auto& [k, v] : attrs) record_.edges[it->second].attrs[k] = v;
    return;
  }
  edges_.emplace(std::move(identity), record_.edges.size());
  EdgeDecl& edge = record_.edges.emplace_back();
  edge.from = from;
  edge.type = type;
  edge.to = to;
  edge.date = date;
  edge.key = key;
  edge.attrs = attrs;
}

}  // namespace kg
