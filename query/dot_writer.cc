#include "query/dot_writer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "query/output.h"
#include "query/utf8.h"

namespace kg {

std::string DotEscape(std::string_view text, DotText kind) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, &pos);
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\r':
        if (pos < text.size() && text[pos] == '\n') ++pos;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      case '&': out += kind == DotText::kLabel ? "&amp;" : "&"; break;
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
          out.push_back(' ');
        } else {
          AppendUtf8(cp, &out);
        }
    }
  }
  out.push_back('"');
  return out;
}

namespace {

std::string Label(std::string_view text) { return DotEscape(text, DotText::kLabel); }
std::string Id(std::string_view text) { return DotEscape(text, DotText::kId); }

// "State forces", "state_forces" and "STATE-FORCES" alike: "state_forces".
std::string StyleKey(const Attrs& attrs, const char* key) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return "";
  std::string text = AttrText(it->second), out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// Light fill colours for values no table names, picked by a hash of the
// value so that a value keeps its colour from one export to the next.
const char* SpareColour(const std::string& key) {
  static const char* const kSpare[] = {"#ccebc5", "#decbe4", "#fed9a6", "#e5d8bd",
                                       "#fddaec", "#b3e2cd", "#f1e2cc", "#cbd5e8"};
  uint32_t h = 2166136261u;
  for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return kSpare[h % std::size(kSpare)];
}

const char* ActorColour(const Node& node) {
  std::string cat = StyleKey(node.attrs, "category");
  if (cat.empty()) cat = StyleKey(node.attrs, "inter");
  if (cat.empty()) return "#eeeeee";
  if (cat.back() == 's' && cat != "state_forces" && cat != "external_other_forces") cat.pop_back();
  static const std::pair<const char*, const char*> kColours[] = {
      {"state_force", "#9ecae1"},       {"state_forces", "#9ecae1"},     {"military", "#9ecae1"},
      {"police", "#c6dbef"},            {"armed_group", "#fc9272"},      {"rebel_group", "#fc9272"},
      {"rebel", "#fc9272"},             {"political_militia", "#fdae6b"}, {"militia", "#fdae6b"},
      {"identity_militia", "#fdd0a2"},  {"rioter", "#fff7bc"},           {"protester", "#ffffcc"},
      {"civilian", "#c7e9c0"},          {"external_force", "#bcbddc"},   {"external_other_forces", "#bcbddc"},
      {"external_forces", "#bcbddc"},   {"international", "#bcbddc"},
  };
  for (const auto& [k, colour] : kColours) {
    if (cat == k) return colour;
  }
  return SpareColour(cat);
}

const char* LocationColour(const Node& node) {
  std::string level = StyleKey(node.attrs, "level");
  if (level.empty()) return "#ffffff";
  static const std::pair<const char*, const char*> kColours[] = {
      {"country", "#e5f5e0"},  {"admin1", "#c7e9c0"}, {"region", "#c7e9c0"},   {"province", "#c7e9c0"},
      {"state", "#c7e9c0"},    {"admin2", "#a1d99b"}, {"district", "#a1d99b"}, {"cercle", "#a1d99b"},
      {"admin3", "#d9f0d3"},   {"commune", "#d9f0d3"}, {"municipality", "#d9f0d3"},
      {"locality", "#ffffff"}, {"location", "#ffffff"}, {"village", "#ffffff"}, {"town", "#ffffff"},
      {"city", "#ffffff"},
  };
  for (const auto& [k, colour] : kColours) {
    if (level == k) return colour;
  }
  return SpareColour(level);
}

std::string JoinAttrs(const Attrs& attrs, const char* sep) {
  std::string out;
  for (const auto& [k, v] : attrs) {
    if (!out.empty()) out += sep;
    out += k + "=" + AttrText(v);
  }
  return out;
}

std::string PenWidth(size_t support) {
  double w = 1.0 + std::log2(static_cast<double>(std::max<size_t>(support, 1)));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", std::min(w, 6.0));
  return buf;
}

Status Check(const std::ostream& out) {
  return out ? Status::OK() : Status::IOError("cannot write the DOT output");
}

void WriteNodeLine(const Node& node, bool highlight, std::ostream* out) {
  std::string tip = node.id;
  if (!node.aliases.empty()) {
    tip += "\naka ";
    for (size_t i = 0; i < node.aliases.size(); ++i) tip += (i ? ", " : "") + node.aliases[i];
  }
  if (!node.attrs.empty()) tip += "\n" + JoinAttrs(node.attrs, "\n");
  *out << "  " << Id(node.id) << " [label=" << Label(node.name);
  if (node.kind == NodeKind::kActor) {
    *out << ", shape=box, style=\"filled,rounded\", fillcolor=\"" << ActorColour(node) << '"';
  } else if (node.kind == NodeKind::kLocation) {
    *out << ", shape=ellipse, fillcolor=\"" << LocationColour(node) << "\", color=\"#31a354\"";
  } else {
    *out << ", shape=plaintext";
  }
  if (highlight) *out << ", penwidth=3";
  *out << ", tooltip=" << Label(tip) << "];\n";
}

void WriteEdgeLine(const Edge& edge, const Node& from, const Node& to, bool aggregated, std::ostream* out) {
  std::string label = edge.type;
  auto count = edge.attrs.find("count");
  if (aggregated && count != edge.attrs.end()) label += " \u00d7" + AttrText(count->second);
  if (edge.date.dated()) label += "\n" + edge.date.text;
  std::string tip = from.name + " " + edge.type + " " + to.name;
  if (edge.date.dated()) tip += ", " + edge.date.text;
  if (!edge.attrs.empty()) tip += "\n" + JoinAttrs(edge.attrs, "\n");
  tip += "\nsupport " + std::to_string(edge.sources.size());
  *out << "  " << Id(from.id) << " -> " << Id(to.id) << " [label=" << Label(label)
       << ", penwidth=" << PenWidth(edge.sources.size());
  if (edge.type == "LOCATED_IN") *out << ", style=dashed, color=\"#31a354\", fontcolor=\"#31a354\"";
  *out << ", tooltip=" << Label(tip) << "];\n";
}

// The LOCATED_IN forest among the source's locations, for the clusters.
class LocationTree {
 public:
  Status Load(const GraphSource& source) {
    return source.ForEachNode([&](const Node& node) {
      if (node.kind != NodeKind::kLocation) return Status::OK();
      return source.ForEachEdgeOf(node, Direction::kOut, "LOCATED_IN",
                                  [&](const Edge&, const Node& from, const Node& to) {
                                    if (to.kind != NodeKind::kLocation || to.nid == from.nid) return Status::OK();
                                    Add(from, to);
                                    return Status::OK();
                                  });
    });
  }

  // Writes a cluster subgraph for each place holding other locations,
  // nested as the places are.
  void Write(std::ostream* out) {
    Prune();
    std::unordered_map<NodeId, std::vector<NodeId>> children;
    std::vector<NodeId> roots;
    for (const auto& [nid, place] : places_) {
      if (place.parent != 0) children[place.parent].push_back(nid);
    }
    for (auto& [nid, kids] : children) {
      std::sort(kids.begin(), kids.end(), [&](NodeId a, NodeId b) { return places_[a].id < places_[b].id; });
      if (places_[nid].parent == 0) roots.push_back(nid);
    }
    std::sort(roots.begin(), roots.end(), [&](NodeId a, NodeId b) { return places_[a].id < places_[b].id; });
    size_t cluster = 0;
    // Depth-first, with an explicit stack: {place, next child to visit}.
    std::vector<std::pair<NodeId, size_t>> stack;
    for (NodeId root : roots) {
      stack.push_back({root, 0});
      OpenCluster(root, ++cluster, 1, out);
      while (!stack.empty()) {
        auto& [nid, next] = stack.back();
        const std::vector<NodeId>& kids = children[nid];
        if (next == kids.size()) {
          *out << std::string(2 * stack.size(), ' ') << "}\n";
          stack.pop_back();
          continue;
        }
        NodeId kid = kids[next++];
        if (children.count(kid) != 0) {
          OpenCluster(kid, ++cluster, stack.size() + 1, out);
          stack.push_back({kid, 0});
        } else {
          *out << std::string(2 * stack.size() + 2, ' ') << Id(places_[kid].id) << ";\n";
        }
      }
    }
  }

 private:
  struct Place {
    std::string id, name;
    NodeId parent = 0;     // 0: none
    bool several = false;  // LOCATED_IN more than one place
  };

  void Add(const Node& child, const Node& parent) {
    Place& p = places_[parent.nid];
    if (p.id.empty()) p.id = parent.id, p.name = parent.name;
    Place& c = places_[child.nid];
    if (c.id.empty()) c.id = child.id, c.name = child.name;
    if (c.parent == 0 && !c.several) {
      c.parent = parent.nid;
    } else if (c.parent != parent.nid) {
      c.parent = 0;
      c.several = true;
    }
  }

  // Drops the links that would not make a tree: those of locations on a
  // LOCATED_IN cycle (several parents were dropped by Add).
  void Prune() {
    enum : uint8_t { kNew, kOnPath, kDone };
    std::unordered_map<NodeId, uint8_t> state;
    for (const auto& entry : places_) {
      std::vector<NodeId> path;
      NodeId x = entry.first;
      while (x != 0 && state[x] == kNew) {
        state[x] = kOnPath;
        path.push_back(x);
        x = places_[x].parent;
      }
      if (x != 0 && state[x] == kOnPath) {  // x starts a cycle
        std::vector<NodeId> cycle(std::find(path.begin(), path.end(), x), path.end());
        for (NodeId c : cycle) places_[c].parent = 0;
      }
      for (NodeId p : path) state[p] = kDone;
    }
  }

  void OpenCluster(NodeId nid, size_t number, size_t depth, std::ostream* out) {
    std::string pad(2 * depth, ' ');
    *out << pad << "subgraph \"cluster_" << number << "\" {\n"
         << pad << "  label=" << Label(places_[nid].name)
         << "; style=\"rounded,dashed\"; color=\"#74c476\"; fontcolor=\"#31a354\";\n"
         << pad << "  " << Id(places_[nid].id) << ";\n";
  }

  std::unordered_map<NodeId, Place> places_;
};

}  // namespace

Status WriteDot(const GraphSource& source, const DotOptions& options, std::ostream* out) {
  LocationTree tree;
  if (options.cluster_locations) KG_RETURN_IF_ERROR(tree.Load(source));
  std::unordered_set<NodeId> highlight(options.highlight.begin(), options.highlight.end());
  *out << "digraph \"kg\" {\n"
       << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.8];\n"
       << "  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1];\n"
       << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n";
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) {
    WriteNodeLine(node, highlight.count(node.nid) != 0, out);
    return Check(*out);
  }));
  if (options.cluster_locations) tree.Write(out);
  KG_RETURN_IF_ERROR(source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) {
    WriteEdgeLine(edge, from, to, options.aggregated, out);
    return Check(*out);
  }));
  *out << "}\n";
  out->flush();
  return Check(*out);
}

Status WriteDot(const std::vector<Node>& nodes, const std::vector<Edge>& edges, const DotOptions& options,
                std::ostream* out) {
  MemorySource source(nodes, edges);
  return WriteDot(source, options, out);
}

}  // namespace kg
