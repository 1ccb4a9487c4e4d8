// DatasetRecord: how a dataset event (ACLED, UCDP GED) becomes a kg Record.
// The conventions both importers share live here, so that their nodes look
// alike (docs/DATASETS.md describes them for users):
//
//   - An actor's id is "<dataset>:actor:" + its normalized name without a
//     period suffix; the name is the label without the suffix, the label as
//     written is an alias. Its `match` names the dataset and the actor's
//     role (state_forces, rebel_group, ...; empty when the dataset does not
//     tell), so a node of another source with that name or alias and the
//     same role absorbs the dataset's actor. (match_existing is set too,
//     for the writer's older rule.)
//   - A place is a chain country > admin1 > admin2 > admin3 > locality (empty
//     levels left out), each a location node with attrs.level, joined by
//     undated LOCATED_IN edges up the chain. A node's id holds the chain down
//     to it ("acled:place:mali/tombouctou/gourma rharous/kardjila"), so
//     same-named places in different districts stay apart.
//   - `match` on places (and match_existing alike): set for the country,
//     admin1 and the locality, with region = the normalized admin1 name the
//     place lies in (the admin1 node's own name; empty for the country);
//     not set for admin2 and admin3, whose names repeat those of the levels
//     around them (Gao region, Gao cercle, Gao town); a locality named like
//     one of its own admin units (the town of Gao) does not match either.
//   - Every edge of an event carries the event id as its key, so that two
//     events between the same nodes on the same day stay two edges; the
//     undated LOCATED_IN edges of the place chain have no key (they state
//     where a place lies, not an event).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"

namespace kg {

class DatasetRecord {
 public:
  // dataset is the id prefix: "acled", "ucdp".
  DatasetRecord(std::string dataset, std::string record_id);

  // The declaration of node id in this record, made with kind on first use.
  NodeDecl* Node(const std::string& id, NodeKind kind);

  // Declares the actor a dataset labels `label` (see above) and sets *id.
  // role is its match role unless the node already has one in this record
  // (empty: unknown). InvalidArgument naming field when label is empty or
  // not a usable name.
  Status AddActor(std::string_view field, std::string_view label, const std::string& role, std::string* id);
  // Sets the match role of actor id, declared before, whatever it was.
  void SetRole(const std::string& id, const std::string& role);

  struct PlaceLevel {
    std::string field;  // the column, for messages: "admin1"
    std::string level;  // attrs.level: country, admin1, admin2, admin3, locality
    std::string name;   // display name; empty: the level is left out
    std::vector<std::string> aliases;
  };
  // Declares the chain (country first) and its LOCATED_IN edges, and sets
  // *id to the last non-empty level's id. InvalidArgument naming the field
  // when there is no level or a name is not usable.
  Status AddPlaceChain(const std::vector<PlaceLevel>& chain, std::string* id);

  // Adds an edge between ids declared in this record; an edge equal in
  // (from, type, to, date, key) to one already added merges into it (attrs
  // of the later win).
  void AddEdge(const std::string& from, const std::string& type, const std::string& to, const DateRange& date,
               const std::string& key, const Attrs& attrs);

  // Adds alias to node unless it is its name or already one of its aliases.
  static void AddAlias(NodeDecl* node, const std::string& alias);

  // The record built so far.
  Record& record() { return record_; }

 private:
  std::string dataset_;
  Record record_;
  std::map<std::string, size_t> nodes_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, size_t> edges_;
};

}  // namespace kg
