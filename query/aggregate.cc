#include "query/aggregate.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace kg {
namespace {

// What is summed up for one (from, type, to).
struct Group {
  Edge edge;  // from, type, to; sources gathered
  int64_t count = 0;
  const DateRange* first = nullptr;  // the dated edge starting first
  const DateRange* last = nullptr;   // the dated edge ending last
  DateRange first_copy, last_copy;
  bool has_fatalities = false;
  bool integral = true;
  double fatalities = 0;

  void Add(const Edge& e) {
    if (count++ == 0) {
      edge.from = e.from, edge.to = e.to, edge.type = e.type;
    }
    edge.sources.insert(edge.sources.end(), e.sources.begin(), e.sources.end());
    if (e.date.dated()) {
      if (first == nullptr || e.date.first < first_copy.first) first_copy = e.date, first = &first_copy;
      if (last == nullptr || e.date.last > last_copy.last) last_copy = e.date, last = &last_copy;
    }
    auto f = e.attrs.find("fatalities");
    if (f != e.attrs.end()) {
      if (const auto* i = std::get_if<int64_t>(&f->second)) {
        has_fatalities = true, fatalities += static_cast<double>(*i);
      } else if (const auto* d = std::get_if<double>(&f->second)) {
        has_fatalities = true, integral = false, fatalities += *d;
      }
    }
  }

  Edge Finish() {
    std::sort(edge.sources.begin(), edge.sources.end());
    edge.sources.erase(std::unique(edge.sources.begin(), edge.sources.end()), edge.sources.end());
    edge.attrs["count"] = count;
    if (first != nullptr) {
      // The start of the first edge's range and the end of the last's.
      std::string a = first->text.substr(0, first->text.find('/'));
      std::string b = last->text.substr(last->text.find('/') == std::string::npos ? 0 : last->text.find('/') + 1);
      edge.attrs["first"] = a;
      edge.attrs["last"] = b;
      edge.date.text = a == b ? a : a + "/" + b;
      edge.date.first = first->first;
      edge.date.last = last->last;
    }
    if (has_fatalities) {
      if (integral) {
        edge.attrs["fatalities"] = static_cast<int64_t>(fatalities);
      } else {
        edge.attrs["fatalities"] = fatalities;
      }
    }
    return std::move(edge);
  }
};

using GroupKey = std::tuple<NodeId, NodeId, std::string>;  // from, to, type

}  // namespace

std::vector<Edge> AggregateEdges(const std::vector<Edge>& edges) {
  std::map<GroupKey, Group> groups;
  for (const Edge& e : edges) groups[{e.from, e.to, e.type}].Add(e);
  std::vector<Edge> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back(g.Finish());
  return out;
}

Status AggregateSource::ForEachEdge(const EdgeFn& fn) const {
  // The current node's groups, with their endpoints.
  std::map<GroupKey, Group> groups;
  std::map<NodeId, Node> ends;
  NodeId current = 0;
  auto flush = [&]() -> Status {
    for (auto& [key, g] : groups) {
      Edge e = g.Finish();
      KG_RETURN_IF_ERROR(fn(e, ends.at(e.from), ends.at(e.to)));
    }
    groups.clear();
    ends.clear();
    return Status::OK();
  };
  KG_RETURN_IF_ERROR(inner_.ForEachEdge([&](const Edge& e, const Node& from, const Node& to) -> Status {
    if (e.from != current) {
      KG_RETURN_IF_ERROR(flush());
      current = e.from;
    }
    ends.emplace(from.nid, from);
    ends.emplace(to.nid, to);
    groups[{e.from, e.to, e.type}].Add(e);
    return Status::OK();
  }));
  return flush();
}

Status AggregateSource::ForEachEdgeOf(const Node& node, Direction direction, std::string_view type,
                                      const EdgeFn& fn) const {
  std::map<GroupKey, Group> groups;
  std::map<NodeId, Node> ends;
  KG_RETURN_IF_ERROR(inner_.ForEachEdgeOf(node, direction, type, [&](const Edge& e, const Node& from, const Node& to) {
    ends.emplace(from.nid, from);
    ends.emplace(to.nid, to);
    groups[{e.from, e.to, e.type}].Add(e);
    return Status::OK();
  }));
  for (auto& [key, g] : groups) {
    Edge e = g.Finish();
    KG_RETURN_IF_ERROR(fn(e, ends.at(e.from), ends.at(e.to)));
  }
  return Status::OK();
}

}  // namespace kg
