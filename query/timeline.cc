#include "query/timeline.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "query/output.h"

namespace kg {
namespace {

bool EventBefore(const TimelineEntry& a, const TimelineEntry& b) {
  return std::forward_as_tuple(a.edge.date.first, a.edge.date.last, a.edge.type, a.other.name, !a.outgoing,
                               a.other.id, a.edge.date.text, a.edge.key) <
         std::forward_as_tuple(b.edge.date.first, b.edge.date.last, b.edge.type, b.other.name, !b.outgoing,
                               b.other.id, b.edge.date.text, b.edge.key);
}

bool StandingBefore(const TimelineEntry& a, const TimelineEntry& b) {
  return std::forward_as_tuple(a.edge.type, a.other.name, !a.outgoing, a.other.id, a.edge.key) <
         std::forward_as_tuple(b.edge.type, b.other.name, !b.outgoing, b.other.id, b.edge.key);
}

}  // namespace

Status Timeline(const GraphReader& reader, NodeId node, const EdgeFilter& filter, TimelineResult* result) {
  *result = TimelineResult();
  KG_RETURN_IF_ERROR(reader.GetNode(node, &result->node));

  std::vector<TimelineEntry> entries;
  KG_RETURN_IF_ERROR(reader.ForEachEdge(node, filter, [&](const Edge& e) {
    TimelineEntry entry;
    entry.outgoing = e.from == node;
    entry.edge = e;
    entries.push_back(std::move(entry));
    return true;
  }));

  std::unordered_map<NodeId, Node> others;
  others.emplace(node, result->node);
  for (TimelineEntry& entry : entries) {
    NodeId other = entry.outgoing ? entry.edge.to : entry.edge.from;
    auto it = others.find(other);
    if (it == others.end()) {
      Node n;
      Status s = reader.GetNode(other, &n);
      if (s.IsNotFound()) return Status::Corruption("edge to a missing node: " + s.message());
      KG_RETURN_IF_ERROR(s);
      it = others.emplace(other, std::move(n)).first;
    }
    entry.other = it->second;
    KG_RETURN_IF_ERROR(RecordIds(reader, entry.edge.sources, &entry.sources));
    (entry.edge.date.dated() ? result->events : result->standing).push_back(std::move(entry));
  }
  std::sort(result->events.begin(), result->events.end(), EventBefore);
  std::sort(result->standing.begin(), result->standing.end(), StandingBefore);
  return Status::OK();
}

}  // namespace kg
