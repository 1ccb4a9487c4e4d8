#include "graph/merge_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "graph/identity.h"
#include "graph/normalize.h"

namespace kg {
namespace {

using Point = std::pair<double, double>;

std::optional<double> Number(const Attrs& attrs, const char* key) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return std::nullopt;
  if (const double* d = std::get_if<double>(&it->second)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(&it->second)) return static_cast<double>(*i);
  if (const std::string* s = std::get_if<std::string>(&it->second)) {
    char* end = nullptr;
    double v = std::strtod(s->c_str(), &end);
    if (end != s->c_str() && *end == '\0') return v;
  }
  return std::nullopt;
}

std::string Text(const Attrs& attrs, const char* key) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return "";
  const std::string* s = std::get_if<std::string>(&it->second);
  return s ? *s : "";
}

// The largest distance between two of the points: exact for a few, else
// over the extreme points of each axis (within a few percent).
double Spread(const std::vector<Point>& points) {
  std::vector<Point> pts = points;
  if (pts.size() > 64) {
    auto by_lat = std::minmax_element(pts.begin(), pts.end());
    auto by_lon = std::minmax_element(pts.begin(), pts.end(),
                                      [](const Point& a, const Point& b) { return a.second < b.second; });
    pts = {*by_lat.first, *by_lat.second, *by_lon.first, *by_lon.second, points.front()};
  }
  double best = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    for (size_t j = i + 1; j < pts.size(); ++j) best = std::max(best, DistanceKm(pts[i], pts[j]));
  }
  return best;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Status FindSuspiciousMerges(const GraphReader& reader, std::vector<SuspiciousMerge>* out) {
  out->clear();
  std::vector<Node> nodes;
  KG_RETURN_IF_ERROR(reader.ForEachNode([&](const Node& n) {
    nodes.push_back(n);
    return true;
  }));
  std::vector<SuspiciousMerge> spread, levels, apart;
  // Actors by normalized name, with their role ("" unknown).
  std::map<std::string, std::vector<std::pair<const Node*, std::string>>> actors;
  for (const Node& node : nodes) {
    std::vector<RecordSeq> seqs;
    KG_RETURN_IF_ERROR(reader.GetNodeRecords(node.nid, &seqs));
    std::vector<Point> points;
    if (node.coords) points.push_back(*node.coords);
    std::set<std::string> level_set;
    if (!Text(node.attrs, "level").empty()) level_set.insert(Text(node.attrs, "level"));
    std::string role = Text(node.attrs, "category");
    std::map<std::string, bool> mine;  // declared id -> merged into this node
    for (RecordSeq seq : seqs) {
      std::string id;
      StoredRecord rec;
      KG_RETURN_IF_ERROR(reader.RecordIdOf(seq, &id));
      KG_RETURN_IF_ERROR(reader.GetRecord(id, &rec));
      for (const auto& d : rec.nodes) {
        auto it = mine.find(d.id);
        if (it == mine.end()) {
          NodeId nid = 0;
          Status s = reader.FindNode(d.id, &nid);
          if (!s.ok() && !s.IsNotFound()) return s;
          it = mine.emplace(d.id, s.ok() && nid == node.nid).first;
        }
        if (!it->second) continue;
        if (d.coords) points.push_back(*d.coords);
        if (!Text(d.attrs, "level").empty()) level_set.insert(Text(d.attrs, "level"));
        if (role.empty() && d.match) role = d.match->role;
      }
    }
    if (node.kind == NodeKind::kActor) {
      for (const std::string& n : {NormalizeName(node.name)}) actors[n].push_back({&node, role});
      continue;
    }
    KG_RETURN_IF_ERROR(reader.ForEachEdge(node.nid, EdgeFilter(), [&](const Edge& e) {
      auto lat = Number(e.attrs, "latitude"), lon = Number(e.attrs, "longitude");
      if (lat && lon) points.push_back({*lat, *lon});
      return true;
    }));
    double km = Spread(points);
    if (km > kMatchRadiusKm) {
      SuspiciousMerge m{"spread", node.id, node.name, {}, "", km};
      m.detail = std::to_string(static_cast<int64_t>(std::lround(km))) + " km across " +
                 std::to_string(points.size()) + " points";
      spread.push_back(std::move(m));
    }
    std::set<std::string> classes;
    for (const auto& l : level_set) classes.insert(LevelClass(Attrs{{"level", l}}));
    if (classes.size() > 1) levels.push_back({"levels", node.id, node.name, {}, Join(level_set), 0});
  }
  for (const auto& [name, list] : actors) {
    if (list.size() < 2) continue;
    std::set<std::string> sources, roles;
    bool unknown = false;
    for (const auto& [n, role] : list) {
      sources.insert(DatasetOf(n->id));
      if (role.empty()) {
        unknown = true;
      } else {
        roles.insert(role);
      }
    }
    if (sources.size() < 2 || (!unknown && roles.size() < 2)) continue;
    SuspiciousMerge m{"apart", list[0].first->id, list[0].first->name, {}, "", 0};
    std::string detail;
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) m.others.push_back(list[i].first->id);
      detail += (i ? "; " : "") + list[i].first->id + ": " + (list[i].second.empty() ? "role unknown" : list[i].second);
    }
    m.detail = detail;
    apart.push_back(std::move(m));
  }
  for (auto* group : {&spread, &levels, &apart}) {
    out->insert(out->end(), group->begin(), group->end());
  }
  return Status::OK();
}

}  // namespace kg
