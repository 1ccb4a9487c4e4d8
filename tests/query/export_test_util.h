// Helpers of the export tests: the graphs they export (the seed examples and
// a graph of hostile names), running the real tools that read the output
// (Graphviz's dot, NetworkX, GDAL's ogrinfo), and reading an SVG's text.
#pragma once

#include <rapidjson/document.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "query/graph_source.h"
#include "query/output.h"
#include "test_util.h"

namespace kg::test {

// Native records whose ids, names, aliases and attrs try every way of
// breaking DOT, XML or JSON output that ingest lets through: quotes,
// backslashes (a trailing one too), DOT keywords, Graphviz escapes (\N, \l),
// HTML entities, markup, braces, non-ASCII, and attr values with new lines
// and control characters.
inline const char* kHostileRecords = R"json(
{"record": "hostile-1", "source": {"title": "a \"quoted\" <title> & more"},
 "nodes": [
  {"id": "q\"uote", "kind": "actor", "name": "He said \"hi\" \\ and left\\",
   "aliases": ["a\"lias", "back\\slash"],
   "attrs": {"category": "x\"] [shape=none", "note": "line1\nline2\t\u0001end"}},
  {"id": "node", "kind": "actor", "name": "graph", "aliases": ["subgraph", "digraph", "edge", "strict"]},
  {"id": "}{", "kind": "location", "name": "<b>bold</b> & {braces} | [x] ; = -> --",
   "attrs": {"level": "<level>"}, "coords": [12.5, -8.25]},
  {"id": "esc\\", "kind": "actor", "name": "\\N \\G \\L \\l \\r \\n \\E \\T \\H \\\\"},
  {"id": "ent", "kind": "location", "name": "&amp; &eacute; &#65; &lt; ]]>", "attrs": {"level": "region"}},
  {"id": "uni", "kind": "location", "name": "Tombouctou — تمبكتو 中文 😀 Ñ  two  spaces",
   "aliases": ["ⵜⵉⵏⴱⵓⴽⵜⵓ"], "coords": [16.77, -3.01]},
  {"id": "inj", "kind": "actor", "name": "x\"]; \"evil\" [label=\"pwned\"]; \"y",
   "attrs": {"n": 42, "f": 0.5, "b": true, "<k&>": "v'"}}
 ],
 "edges": [
  {"from": "q\"uote", "type": "ATTACKED", "to": "}{", "date": "2025-06-01",
   "attrs": {"note": "\"];\n<script>&amp;", "count": -3}},
  {"from": "node", "type": "ALLIED_WITH", "to": "esc\\"},
  {"from": "}{", "type": "LOCATED_IN", "to": "ent"},
  {"from": "uni", "type": "LOCATED_IN", "to": "ent"},
  {"from": "inj", "type": "STRUCK", "to": "uni", "date": "2025"},
  {"from": "inj", "type": "STRUCK", "to": "uni", "date": "2025-03/2025-04"}
 ]}
)json";

struct ToolResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs a shell command line (paths in it must need no quoting) with its
// stdout and stderr captured.
inline ToolResult RunTool(const std::string& command_line) {
  TempDir io("kg_tool");
  std::string out = io.Path("out"), err = io.Path("err");
  int status = std::system((command_line + " >" + out + " 2>" + err).c_str());
  ToolResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

inline std::ostream& operator<<(std::ostream& os, const ToolResult& r) {
  return os << "exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err << "---";
}

// XML character data with its entities and character references decoded.
// Graphviz writes runs of spaces with &#160; after the first: those count as
// spaces here.
inline std::string XmlText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (ent == "amp") cp = '&';
    else if (ent == "lt") cp = '<';
    else if (ent == "gt") cp = '>';
    else if (ent == "quot") cp = '"';
    else if (ent == "apos") cp = '\'';
    else if (ent.size() > 2 && ent[0] == '#' && ent[1] == 'x') cp = std::stoul(std::string(ent.substr(2)), nullptr, 16);
    else if (ent.size() > 1 && ent[0] == '#') cp = std::stoul(std::string(ent.substr(1)));
    else throw std::runtime_error("unknown entity &" + std::string(ent) + ";");
    if (cp == 160) cp = ' ';
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    i = semi;
  }
  return out;
}

// The decoded content of every <tag ...>...</tag> element of an SVG, in
// document order.
inline std::vector<std::string> SvgElements(const std::string& svg, const std::string& tag) {
  std::vector<std::string> texts;
  size_t pos = 0;
  while ((pos = svg.find("<" + tag, pos)) != std::string::npos) {
    size_t start = svg.find('>', pos) + 1;
    size_t end = svg.find("</" + tag + ">", start);
    texts.push_back(XmlText(std::string_view(svg).substr(start, end - start)));
    pos = end;
  }
  return texts;
}

// How many times needle occurs in text.
inline size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Runs Graphviz's dot -Tsvg on the DOT text.
inline ToolResult RenderSvg(const std::string& dot) {
  TempDir dir("kg_dot");
  std::string in = dir.Write("in.dot", dot);
  return RunTool("dot -Tsvg " + in);
}

// Every node and edge of a store, as its reader gives them.
struct StoreContent {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};
inline StoreContent ReadAll(const GraphReader& r) {
  StoreContent c;
  Status s = r.ForEachNode([&](const Node& n) {
    c.nodes.push_back(n);
    return true;
  });
  REQUIRE(s.ok());
  EdgeFilter out;
  out.direction = Direction::kOut;
  for (const Node& n : c.nodes) {
    s = r.ForEachEdge(n.nid, out, [&](const Edge& e) {
      c.edges.push_back(e);
      return true;
    });
    REQUIRE(s.ok());
  }
  return c;
}

// Parses JSON text; fails the test when it is not JSON.
inline void ParseJson(const std::string& text, rapidjson::Document* doc) {
  doc->Parse(text.c_str(), text.size());
  INFO(text);
  REQUIRE_FALSE(doc->HasParseError());
}

inline std::vector<std::string> JsonStrings(const rapidjson::Value& v) {
  REQUIRE(v.IsArray());
  std::vector<std::string> out;
  for (const auto& s : v.GetArray()) {
    REQUIRE(s.IsString());
    out.emplace_back(s.GetString(), s.GetStringLength());
  }
  return out;
}

// Whether a JSON object holds exactly attrs: same keys, strings and booleans
// equal, numbers equal in value (JSON does not say integer or not).
inline bool SameAttrs(const rapidjson::Value& v, const Attrs& attrs) {
  if (!v.IsObject() || v.MemberCount() != attrs.size()) return false;
  for (const auto& [key, value] : attrs) {
    auto m = v.FindMember(rapidjson::Value(key.c_str(), static_cast<rapidjson::SizeType>(key.size())));
    if (m == v.MemberEnd()) return false;
    const rapidjson::Value& x = m->value;
    if (const auto* s = std::get_if<std::string>(&value)) {
      if (!x.IsString() || std::string(x.GetString(), x.GetStringLength()) != *s) return false;
    } else if (const auto* b = std::get_if<bool>(&value)) {
      if (!x.IsBool() || x.GetBool() != *b) return false;
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      if (!x.IsInt64() || x.GetInt64() != *i) return false;
    } else if (!x.IsNumber() || x.GetDouble() != std::get<double>(value)) {
      return false;
    }
  }
  return true;
}

// Parses JSON text and compares it with attrs.
inline bool SameAttrs(const std::string& json, const Attrs& attrs) {
  rapidjson::Document doc;
  ParseJson(json, &doc);
  return SameAttrs(doc, attrs);
}

inline std::vector<std::string> SourceIds(const GraphReader& r, const std::vector<RecordSeq>& seqs) {
  std::vector<std::string> ids;
  KG_REQUIRE_OK(RecordIds(r, seqs, &ids));
  return ids;
}
inline std::vector<std::string> NodeSourceIds(const GraphReader& r, const Node& n) {
  std::vector<RecordSeq> seqs;
  KG_REQUIRE_OK(r.GetNodeRecords(n.nid, &seqs));
  return SourceIds(r, seqs);
}

// The node with this canonical id; fails the test when there is none.
inline const Node& NodeById(const StoreContent& c, const std::string& id) {
  for (const Node& n : c.nodes) {
    if (n.id == id) return n;
  }
  FAIL("no node " << id);
  throw std::logic_error("unreachable");
}
inline const Node& NodeByNid(const StoreContent& c, NodeId nid) {
  for (const Node& n : c.nodes) {
    if (n.nid == nid) return n;
  }
  FAIL("no node #" << nid);
  throw std::logic_error("unreachable");
}

// "from -TYPE-> to date": an edge's identity, by canonical ids.
inline std::string EdgeName(const std::string& from, const std::string& type, const std::string& to,
                            const std::string& date) {
  return from + " -" + type + "-> " + to + " " + date;
}
inline std::string EdgeName(const StoreContent& c, const Edge& e) {
  return EdgeName(NodeByNid(c, e.from).id, e.type, NodeByNid(c, e.to).id, e.date.text);
}

}  // namespace kg::test
