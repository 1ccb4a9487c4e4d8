// merge_report: the merges `kg check --merges` calls suspicious, for an
// analyst to confirm or undo (with same_as, or by fixing the records).
#pragma once

#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace kg {

struct SuspiciousMerge {
  // "spread": a place whose coords, its merged declarations' coords and its
  //   edges' latitude/longitude attrs lie more than 25 km apart;
  // "levels": a place whose declarations give several levels (attrs.level);
  // "apart": actors sharing a normalized name, kept apart because their
  //   roles disagree or one is unknown.
  std::string check;
  std::string node, name;         // the node (for "apart": the first of them)
  std::vector<std::string> others;  // "apart": the other nodes
  std::string detail;             // e.g. "814 km across 12 points", "locality, region"
  double km = 0;                  // "spread"
};

// Every suspicious merge in the store, by check then node id. Reads every
// node and its declaring records: a full scan, for `kg check` only.
Status FindSuspiciousMerges(const GraphReader& reader, std::vector<SuspiciousMerge>* out);

}  // namespace kg
