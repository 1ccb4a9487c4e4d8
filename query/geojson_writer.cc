#include "query/geojson_writer.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "query/json_writer.h"
#include "query/output.h"

namespace kg {
namespace {

// A dated edge as a location's event.
struct Event {
  DateRange date;
  std::string type;
  bool out;    // the location is the edge's source
  Node other;  // id, kind and name only

  bool operator<(const Event& e) const {
    return std::tie(date.first, date.last, type, other.id) < std::tie(e.date.first, e.date.last, e.type, e.other.id);
  }
};

Status Check(const std::ostream& out) {
  return out ? Status::OK() : Status::IOError("cannot write the GeoJSON output");
}

}  // namespace

Status WriteGeoJson(const GraphSource& source, std::ostream* out, GeoJsonResult* result) {
  *result = GeoJsonResult();
  *out << "{\"type\":\"FeatureCollection\",\"features\":[\n";
  std::ostringstream buf;
  std::vector<Event> events;
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) {
    if (node.kind != NodeKind::kLocation) return Status::OK();
    if (!node.coords) {
      ++result->without_coords;
      return Status::OK();
    }
    events.clear();
    uint64_t degree = 0;
    KG_RETURN_IF_ERROR(source.ForEachEdgeOf(node, Direction::kBoth, "",
                                            [&](const Edge& edge, const Node& from, const Node& to) {
                                              ++degree;
                                              if (!edge.date.dated()) return Status::OK();
                                              Event e{edge.date, edge.type, from.nid == node.nid, {}};
                                              const Node& other = e.out ? to : from;
                                              e.other.id = other.id;
                                              e.other.kind = other.kind;
                                              e.other.name = other.name;
                                              events.push_back(std::move(e));
                                              return Status::OK();
                                            }));
    std::sort(events.begin(), events.end());

    buf.str("");
    JsonWriter w(&buf);
    w.BeginObject().Member("type", "Feature");
    w.Key("geometry").BeginObject().Member("type", "Point");
    w.Key("coordinates").BeginArray().Double(node.coords->second).Double(node.coords->first).EndArray();
    w.EndObject();
    w.Key("properties").BeginObject().Member("id", node.id).Member("name", node.name);
    w.Key("level");
    if (auto it = node.attrs.find("level"); it != node.attrs.end()) {
      w.String(AttrText(it->second));
    } else {
      w.Null();
    }
    w.Key("aliases").Strings(node.aliases);
    w.Member("degree", degree);
    w.Key("events").BeginArray();
    for (const Event& e : events) {
      w.BeginObject().Member("type", e.type).Member("date", e.date.text).Member("direction", e.out ? "out" : "in");
      w.Key("other").BeginObject();
      WriteNodeBriefMembers(e.other, &w);
      w.EndObject().EndObject();
    }
    w.EndArray().EndObject().EndObject();
    std::string line = buf.str();
    std::erase(line, '\n');  // JSON strings never hold a raw new line
    *out << (result->features++ == 0 ? "" : ",\n") << line;
    return Check(*out);
  }));
  *out << (result->features == 0 ? "" : "\n") << "]}\n";
  out->flush();
  return Check(*out);
}

}  // namespace kg
