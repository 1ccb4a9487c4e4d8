// identity: when two stored nodes are one entity (CONTRACT.md "Judgements").
//
// The rules, as the writer applies them:
//
// - same_as. A node declaration's `same_as` names stored nodes (by id, else
//   by a name or alias matching exactly one node) that are the same entity:
//   they merge into the declaring node, whichever was ingested first. Their
//   edges, aliases and declaring records become the declaring node's, and
//   their ids and names resolve to it.
// - Dataset matching. A node declared with `match` (a dataset importer's
//   node) merges with a node of ANOTHER source that has one of its
//   normalized names and its kind, never with a node of its own dataset
//   (ids starting "<dataset>:"), and only when:
//     locations: both are at the same level class (regions: attrs.level
//       "region" or "admin1"; countries: "country"; every other level is a
//       place) and either both lie in the same region (the same normalized
//       region/admin1 name, a region or a country lying in itself; a dataset place's
//       region is match.region, any other node's is found by following
//       LOCATED_IN up to a node of the region class) or both have coords
//       within 25 km of each other;
//     actors: both roles are known and equal (match.role, or a hand-coded
//       node's attrs.category; a dataset node without match.role: its
//       attrs.inter, ACLED's actor type, as "state_forces"); an unknown
//       role never merges.
//   The check runs when the record that declares either node is applied,
//   after its edges (a place's LOCATED_IN is part of what it is), so a
//   hand-coded node ingested after the dataset nodes absorbs them, and an
//   alias declared later merges too.
// - Canonical node. same_as: the declaring node. Matching: a hand-coded
//   node over a dataset node, else the smaller id. The merged node keeps the
//   canonical node's id and name; the others' names become aliases, and
//   their attrs and coords fill only what the canonical node's own
//   declarations leave unset.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/model.h"

namespace kg {

// Merge distance for places with coords, in km.
inline constexpr double kMatchRadiusKm = 25.0;

// The datasets whose importers name nodes "<dataset>:...". A node whose id
// has no such prefix is hand-coded.
std::string DatasetOf(std::string_view id);

// Great-circle distance between two [lat, lon] points, in km.
double DistanceKm(std::pair<double, double> a, std::pair<double, double> b);

// "region" (attrs.level region or admin1), "country", or "place" (any other
// level, or none).
std::string LevelClass(const Attrs& attrs);

// What the matching rules look at in one node.
struct MatchFacts {
  std::string id;
  NodeKind kind = NodeKind::kUnknown;
  std::string dataset;               // DatasetOf(id); empty: hand-coded
  bool has_match = false;            // declared with `match` (a dataset node)
  std::string level_class;           // locations
  std::vector<std::string> regions;  // normalized region names it lies in
  std::optional<std::pair<double, double>> coords;
  std::string role;                  // actors; empty when unknown
};

// Whether the two nodes are one entity by the dataset rules above (they are
// assumed to share a normalized name). At least one must be a dataset node.
bool DatasetMatch(const MatchFacts& a, const MatchFacts& b);

// Whether a is the canonical node of the two (hand-coded first, then the
// smaller id).
bool PreferAsCanonical(const MatchFacts& a, const MatchFacts& b);

}  // namespace kg
