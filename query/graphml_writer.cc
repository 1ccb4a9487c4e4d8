#include "query/graphml_writer.h"

#include <sstream>

#include "query/json_writer.h"
#include "query/utf8.h"

namespace kg {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, &pos);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) cp = kReplacementChar;
        AppendUtf8(cp, &out);
    }
  }
  return out;
}

namespace {

struct Key {
  const char* id;
  const char* domain;
  const char* name;
  const char* type;
};

constexpr Key kKeys[] = {
    {"n_kind", "node", "kind", "string"},       {"n_name", "node", "name", "string"},
    {"n_label", "node", "label", "string"},     {"n_aliases", "node", "aliases", "string"},
    {"n_attrs", "node", "attrs", "string"},     {"n_lat", "node", "lat", "double"},
    {"n_lon", "node", "lon", "double"},         {"n_sources", "node", "sources", "string"},
    {"e_type", "edge", "type", "string"},       {"e_label", "edge", "label", "string"},
    {"e_date", "edge", "date", "string"},       {"e_support", "edge", "support", "int"},
    {"e_attrs", "edge", "attrs", "string"},     {"e_sources", "edge", "sources", "string"},
};

// One JSON value on one line (JsonWriter puts new lines between top-level
// members; JSON strings never hold a raw new line, so dropping them is safe).
template <typename F>
std::string CompactJson(F write) {
  std::ostringstream buf;
  JsonWriter w(&buf);
  write(w);
  std::string s = buf.str();
  std::erase(s, '\n');
  return s;
}

void Data(const char* key, std::string_view value, std::ostream* out) {
  *out << "<data key=\"" << key << "\">" << XmlEscape(value) << "</data>";
}

std::string Number(double v) {
  std::ostringstream buf;
  JsonWriter(&buf).Double(v);
  return buf.str();
}

Status Check(const std::ostream& out) {
  return out ? Status::OK() : Status::IOError("cannot write the GraphML output");
}

}  // namespace

Status WriteGraphml(const GraphSource& source, std::ostream* out) {
  *out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       << "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
       << " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
       << " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
       << " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Key& k : kKeys) {
    *out << "  <key id=\"" << k.id << "\" for=\"" << k.domain << "\" attr.name=\"" << k.name
         << "\" attr.type=\"" << k.type << "\"/>\n";
  }
  *out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
  std::vector<std::string> sources;
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) {
    KG_RETURN_IF_ERROR(source.NodeSources(node, &sources));
    *out << "    <node id=\"" << XmlEscape(node.id) << "\">";
    Data("n_kind", KindName(node.kind), out);
    Data("n_name", node.name, out);
    Data("n_label", node.name, out);
    Data("n_aliases", CompactJson([&](JsonWriter& w) { w.Strings(node.aliases); }), out);
    Data("n_attrs", CompactJson([&](JsonWriter& w) { w.Attrs(node.attrs); }), out);
    if (node.coords) {
      Data("n_lat", Number(node.coords->first), out);
      Data("n_lon", Number(node.coords->second), out);
    }
    Data("n_sources", CompactJson([&](JsonWriter& w) { w.Strings(sources); }), out);
    *out << "</node>\n";
    return Check(*out);
  }));
  uint64_t n = 0;
  KG_RETURN_IF_ERROR(source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) {
    KG_RETURN_IF_ERROR(source.EdgeSources(edge, &sources));
    *out << "    <edge id=\"e" << ++n << "\" source=\"" << XmlEscape(from.id) << "\" target=\""
         << XmlEscape(to.id) << "\">";
    Data("e_type", edge.type, out);
    Data("e_label", edge.type, out);
    if (edge.date.dated()) Data("e_date", edge.date.text, out);
    Data("e_support", std::to_string(edge.sources.size()), out);
    Data("e_attrs", CompactJson([&](JsonWriter& w) { w.Attrs(edge.attrs); }), out);
    Data("e_sources", CompactJson([&](JsonWriter& w) { w.Strings(sources); }), out);
    *out << "</edge>\n";
    return Check(*out);
  }));
  *out << "  </graph>\n</graphml>\n";
  out->flush();
  return Check(*out);
}

}  // namespace kg
