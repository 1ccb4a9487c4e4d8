// graphml_writer: GraphML (http://graphml.graphdrawing.org) for Gephi, yEd,
// Cytoscape and NetworkX, with declared, typed keys:
//
//   node  kind, name, label (the name again, which Gephi shows), aliases (a
//         JSON array), attrs (a JSON object), lat and lon (double, locations
//         with coords), sources (a JSON array of record ids)
//   edge  type, label (the type again), date (as written; left out when
//         undated), support (int), attrs (a JSON object), sources
//
// Nodes are identified by their canonical id; edges get ids e1, e2, ... in
// output order. Streams: nothing is held beyond the node or edge at hand.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

// Returns text escaped for XML 1.0 character data and attribute values:
// `& < > " '` as entities, tab, newline and carriage return as character
// references (so attribute values keep them), and every character XML 1.0
// does not allow (other control characters, U+FFFE, U+FFFF) and every
// invalid UTF-8 sequence as U+FFFD.
std::string XmlEscape(std::string_view text);

// Writes source as one GraphML document to out. IOError when out fails.
Status WriteGraphml(const GraphSource& source, std::ostream* out);

}  // namespace kg
