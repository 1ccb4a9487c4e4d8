#include "query/active.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace kg {
namespace {

const char kLocatedIn[] = "LOCATED_IN";

// The START or END part of a date as written.
std::string DatePart(const DateRange& d, bool start) {
  size_t slash = d.text.find('/');
  if (slash == std::string::npos) return d.text;
  return start ? d.text.substr(0, slash) : d.text.substr(slash + 1);
}

// Whether text a should stand for a bound rather than text b of the same
// number: the more precise (longer), then the smaller.
bool BetterText(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a < b;
}

class Nodes {
 public:
  explicit Nodes(const GraphReader& reader) : reader_(reader) {}
  Status Get(NodeId nid, const Node** node) {
    auto it = cache_.find(nid);
    if (it == cache_.end()) {
      Node n;
      Status s = reader_.GetNode(nid, &n);
      if (s.IsNotFound()) return Status::Corruption("edge to a missing node: " + s.message());
      KG_RETURN_IF_ERROR(s);
      it = cache_.emplace(nid, std::move(n)).first;
    }
    *node = &it->second;
    return Status::OK();
  }

 private:
  const GraphReader& reader_;
  std::unordered_map<NodeId, Node> cache_;
};

// The region and the locations inside it, breadth-first, each once.
Status WalkSubtree(const GraphReader& reader, const Node& region, const DateRange& window, Nodes* nodes,
                   std::vector<Node>* places) {
  EdgeFilter inside;
  inside.types = {kLocatedIn};
  inside.direction = Direction::kIn;
  inside.window = window;
  std::unordered_set<NodeId> seen = {region.nid};
  std::deque<NodeId> queue = {region.nid};
  places->push_back(region);
  std::vector<NodeId> children;
  while (!queue.empty()) {
    NodeId place = queue.front();
    queue.pop_front();
    KG_RETURN_IF_ERROR(reader.Neighbors(place, inside, &children));
    for (NodeId child : children) {
      if (!seen.insert(child).second) continue;
      const Node* n;
      KG_RETURN_IF_ERROR(nodes->Get(child, &n));
      if (n->kind != NodeKind::kLocation) continue;
      places->push_back(*n);
      queue.push_back(child);
    }
  }
  return Status::OK();
}

bool EdgeBefore(const Edge& a, const Edge& b, NodeId a_place, NodeId b_place) {
  return std::forward_as_tuple(a.date.first, a.date.last, a.type, a_place, a.date.text) <
         std::forward_as_tuple(b.date.first, b.date.last, b.type, b_place, b.date.text);
}

}  // namespace

Status ActiveIn(const GraphReader& reader, NodeId region, const EdgeFilter& filter, ActiveResult* result) {
  *result = ActiveResult();
  KG_RETURN_IF_ERROR(reader.GetNode(region, &result->region));
  if (result->region.kind != NodeKind::kLocation) {
    return Status::InvalidArgument("\"" + result->region.id + "\" is an " + KindName(result->region.kind) +
                                   ", not a location");
  }
  Nodes nodes(reader);
  KG_RETURN_IF_ERROR(WalkSubtree(reader, result->region, filter.window, &nodes, &result->places));
  std::unordered_set<NodeId> in_subtree;
  for (const Node& p : result->places) in_subtree.insert(p.nid);

  EdgeFilter counted = filter;
  counted.direction = Direction::kBoth;
  struct Found {
    Edge edge;
    NodeId place;
  };
  std::map<NodeId, std::vector<Found>> by_actor;
  for (const Node& place : result->places) {
    std::vector<Found> found;
    KG_RETURN_IF_ERROR(reader.ForEachEdge(place.nid, counted, [&](const Edge& e) {
      if (e.date.dated()) found.push_back({e, place.nid});
      return true;
    }));
    for (Found& f : found) {
      NodeId other = f.edge.from == place.nid ? f.edge.to : f.edge.from;
      if (in_subtree.count(other) != 0) continue;  // location to location
      const Node* n;
      KG_RETURN_IF_ERROR(nodes.Get(other, &n));
      if (n->kind != NodeKind::kActor) continue;
      by_actor[other].push_back(std::move(f));
    }
  }

  for (auto& [actor_id, found] : by_actor) {
    ActiveActor a;
    const Node* actor;
    KG_RETURN_IF_ERROR(nodes.Get(actor_id, &actor));
    a.actor = *actor;
    std::sort(found.begin(), found.end(),
              [](const Found& x, const Found& y) { return EdgeBefore(x.edge, y.edge, x.place, y.place); });
    std::map<std::tuple<std::string, std::string>, Node> places;
    std::set<std::string> keys;            // events with a key, counted
    std::set<std::string> keys_with_dead;  // keys whose fatalities are counted
    a.first = found.front().edge.date.first;
    a.last = found.front().edge.date.last;
    a.first_text = DatePart(found.front().edge.date, true);
    a.last_text = DatePart(found.front().edge.date, false);
    for (Found& f : found) {
      const DateRange& d = f.edge.date;
      std::string start = DatePart(d, true), end = DatePart(d, false);
      if (d.first < a.first || (d.first == a.first && BetterText(start, a.first_text))) {
        a.first = d.first;
        a.first_text = start;
      }
      if (d.last > a.last || (d.last == a.last && BetterText(end, a.last_text))) {
        a.last = d.last;
        a.last_text = end;
      }
      const bool keyed = !f.edge.key.empty();
      if (!keyed || keys.insert(f.edge.key).second) ++a.events;
      auto dead = f.edge.attrs.find("fatalities");
      if (dead != f.edge.attrs.end() && (!keyed || keys_with_dead.count(f.edge.key) == 0)) {
        bool counted_here = true;
        if (const auto* i = std::get_if<int64_t>(&dead->second)) {
          a.fatalities += static_cast<double>(*i);
        } else if (const auto* x = std::get_if<double>(&dead->second)) {
          a.fatalities += *x;
          a.fatalities_integral = false;
        } else {
          counted_here = false;  // not a number
        }
        if (counted_here) {
          a.has_fatalities = true;
          if (keyed) keys_with_dead.insert(f.edge.key);
        }
      }
      a.types.push_back(f.edge.type);
      const Node* place;
      KG_RETURN_IF_ERROR(nodes.Get(f.place, &place));
      places.emplace(std::make_tuple(place->name, place->id), *place);
      a.edges.push_back(std::move(f.edge));
    }
    std::sort(a.types.begin(), a.types.end());
    a.types.erase(std::unique(a.types.begin(), a.types.end()), a.types.end());
    for (auto& [key, place] : places) a.places.push_back(std::move(place));
    result->actors.push_back(std::move(a));
  }
  std::sort(result->actors.begin(), result->actors.end(), [](const ActiveActor& x, const ActiveActor& y) {
    if (x.edges.size() != y.edges.size()) return x.edges.size() > y.edges.size();
    return std::tie(x.actor.name, x.actor.id) < std::tie(y.actor.name, y.actor.id);
  });
  return Status::OK();
}

}  // namespace kg
