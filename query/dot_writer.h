// dot_writer: the one writer of Graphviz DOT, used by `kg export --format
// dot` and by `--format dot` on queries. The output is read by Graphviz's
// dot without warnings (CONTRACT.md section 4):
//
//   - actors are boxes coloured by their category (attrs "category", else
//     "inter" as ACLED names it); locations are ellipses coloured by their
//     level (attrs "level");
//   - edge labels show type and date; pen width grows with support;
//   - locations sit inside cluster subgraphs of the places they are
//     LOCATED_IN, where that relation is a tree (see DotOptions);
//   - every string goes through DotEscape, so no id, name, alias, attr or
//     type can break the file or add attributes to it.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

// Where an escaped string goes: a node ID, or text Graphviz displays (label,
// tooltip), which it reads as an escString with HTML entities.
enum class DotText { kId, kLabel };

// Returns text as a double-quoted DOT string, the only form in which kg
// writes user text into DOT:
//   - `"` becomes `\"` and `\` becomes `\\` (in labels Graphviz turns `\\`
//     back into one backslash, so `\N`, `\G`, `\l` ... stay literal);
//   - a newline (or CR LF, or CR) becomes `\n`, a line break in labels;
//   - other control characters become spaces, invalid UTF-8 becomes U+FFFD;
//   - in labels, `&` becomes `&amp;`, since Graphviz decodes entities there.
// Quoted, DOT keywords (node, graph, subgraph...) and `<>{}|;=[]` are plain
// text. Distinct ids give distinct DOT IDs (ids never hold control
// characters or invalid UTF-8: ingest refuses them).
std::string DotEscape(std::string_view text, DotText kind);

struct DotOptions {
  // Draw each location inside the cluster of the place it is LOCATED_IN,
  // where each location has at most one such place and there is no cycle.
  // A location LOCATED_IN several places, or on a cycle, is drawn outside
  // every cluster (its LOCATED_IN edges are drawn as usual). Default: true.
  bool cluster_locations = true;
  // Nodes drawn with a thick border, e.g. a neighborhood's center or a
  // path's ends. Default: none.
  std::vector<NodeId> highlight;
  // The edges are aggregated (query/aggregate.h): labels show how many
  // edges each stands for ("STRUCK ×12"). Default: false.
  bool aggregated = false;
};

// Writes source as one DOT digraph to out: nodes as the source yields them,
// then the clusters, then the edges. Holds in memory only the LOCATED_IN
// relation among locations (for the clusters). IOError when out fails.
Status WriteDot(const GraphSource& source, const DotOptions& options, std::ostream* out);

// The same for a set of nodes and the edges among them, as a query holds
// them. Every edge must join two of the nodes.
Status WriteDot(const std::vector<Node>& nodes, const std::vector<Edge>& edges, const DotOptions& options,
                std::ostream* out);

}  // namespace kg
