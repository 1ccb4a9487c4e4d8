#include "graph/node_fold.h"

#include <algorithm>
#include <utility>

namespace kg {
namespace {

void AddAlias(const std::string& alias, Node* node) {
  if (std::find(node->aliases.begin(), node->aliases.end(), alias) == node->aliases.end()) {
    node->aliases.push_back(alias);
  }
}

void DropName(Node* node) {
  node->aliases.erase(std::remove(node->aliases.begin(), node->aliases.end(), node->name), node->aliases.end());
}

}  // namespace

void FoldNode(const std::vector<GraphReader::DeclBody>& bodies, Node* node, std::set<std::string>* ids) {
  node->name = node->id;
  node->aliases.clear();
  node->attrs.clear();
  node->coords.reset();
  node->newest_body = 0;
  std::vector<const GraphReader::DeclBody*> by_newest, by_oldest;
  for (const auto& b : bodies) {
    by_newest.push_back(&b);
    by_oldest.push_back(&b);
    if (ids) ids->insert(b.decl.id);
  }
  // Ties (one record declaring the node twice) go to the node's own id.
  auto own_last = [&](const GraphReader::DeclBody* b) { return b->decl.id == node->id; };
  std::sort(by_newest.begin(), by_newest.end(), [&](auto* a, auto* b) {
    return std::make_tuple(a->newest, own_last(a), a->hash) < std::make_tuple(b->newest, own_last(b), b->hash);
  });
  std::sort(by_oldest.begin(), by_oldest.end(), [&](auto* a, auto* b) {
    return std::make_tuple(a->oldest, !own_last(a), a->hash) < std::make_tuple(b->oldest, !own_last(b), b->hash);
  });
  Attrs members;
  std::optional<std::pair<double, double>> member_coords;
  for (const auto* b : by_newest) {
    const NodeDecl& d = b->decl;
    if (d.id == node->id) {
      if (d.name) node->name = *d.name;
      for (const auto& [k, v] : d.attrs) node->attrs.insert_or_assign(k, v);
      if (d.coords) node->coords = d.coords;
    } else {
      for (const auto& [k, v] : d.attrs) members.insert_or_assign(k, v);
      if (d.coords) member_coords = d.coords;
    }
  }
  for (auto& [k, v] : members) node->attrs.emplace(k, std::move(v));
  if (!node->coords) node->coords = member_coords;
  for (const auto* b : by_oldest) {
    const NodeDecl& d = b->decl;
    if (d.id != node->id) AddAlias(d.name ? *d.name : d.id, node);
    for (const auto& a : d.aliases) AddAlias(a, node);
  }
  DropName(node);
  if (!by_newest.empty()) node->newest_body = by_newest.back()->hash;
}

bool FoldNewest(const NodeDecl& decl, uint64_t hash, Node* node) {
  if (decl.id != node->id || (decl.name && *decl.name != node->name)) return false;
  for (const auto& a : decl.aliases) AddAlias(a, node);
  for (const auto& [k, v] : decl.attrs) node->attrs.insert_or_assign(k, v);
  if (decl.coords) node->coords = decl.coords;
  DropName(node);
  node->newest_body = hash;
  return true;
}

}  // namespace kg
