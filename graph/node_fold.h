// node_fold: what a node is, from its distinct declarations.
//
// CONTRACT.md "Merging": a given name replaces the old one, attrs merge key
// by key with the later record winning, aliases are unioned. The writer
// keeps each distinct declaration of a node once, with the oldest and the
// newest record making it (GraphReader::DeclBody), so a node is rebuilt
// from a few bodies however many records re-declare it:
//   - name, attrs and coords: from the declaration of the node's own id
//     whose newest record is the latest to give them;
//   - a key or coords no declaration of its own id gives: from the
//     declarations of ids merged into it (same_as, dataset matches), the
//     latest winning;
//   - aliases: every alias, and every merged id's name, in the order their
//     oldest records first gave them, without the node's name.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/store.h"

namespace kg {

// Sets node's name, aliases, attrs, coords and newest_body from bodies; ids,
// when given, receives every declared id (the node's and its members').
void FoldNode(const std::vector<GraphReader::DeclBody>& bodies, Node* node, std::set<std::string>* ids = nullptr);

// One more declaration, made by the store's newest record, on top of what
// the node says: the same as folding every body again when decl declares
// the node's own id and keeps its name (nothing moves in the alias order).
// False, node untouched, when it does not: then fold the bodies.
bool FoldNewest(const NodeDecl& decl, uint64_t hash, Node* node);

}  // namespace kg
