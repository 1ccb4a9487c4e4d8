// The DOT writer: escaping, and Graphviz's dot reading every output without
// a word on stderr, with every name intact in the SVG it draws.
#include <algorithm>
#include <sstream>

#include "query/dot_writer.h"
#include "query/export_test_util.h"

namespace kg::test {
namespace {

std::string Dot(const GraphSource& source, const DotOptions& options = DotOptions()) {
  std::ostringstream out;
  KG_REQUIRE_OK(WriteDot(source, options, &out));
  return out.str();
}

// Renders the DOT and checks that dot said nothing and drew every node and
// edge, each node's name as one line of text.
void RequireCleanSvg(const std::string& dot, const StoreContent& content) {
  ToolResult r = RenderSvg(dot);
  INFO(dot);
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  REQUIRE(Count(r.out, "class=\"node\"") == content.nodes.size());
  REQUIRE(Count(r.out, "class=\"edge\"") == content.edges.size());
  std::vector<std::string> texts = SvgElements(r.out, "text");
  for (const Node& n : content.nodes) {
    CAPTURE(n.name);
    CHECK(std::count(texts.begin(), texts.end(), n.name) >= 1);
  }
  for (const Edge& e : content.edges) {
    CHECK(std::count(texts.begin(), texts.end(), e.type) >= 1);
    if (e.date.dated()) CHECK(std::count(texts.begin(), texts.end(), e.date.text) >= 1);
  }
}

TEST_CASE("DotEscape quotes and escapes every string", "[export][dot]") {
  REQUIRE(DotEscape("plain", DotText::kId) == "\"plain\"");
  REQUIRE(DotEscape("", DotText::kId) == "\"\"");
  REQUIRE(DotEscape("a\"b", DotText::kId) == "\"a\\\"b\"");
  REQUIRE(DotEscape("trailing\\", DotText::kId) == "\"trailing\\\\\"");
  REQUIRE(DotEscape("\\N\\l", DotText::kLabel) == "\"\\\\N\\\\l\"");
  REQUIRE(DotEscape("two\nlines", DotText::kLabel) == "\"two\\nlines\"");
  REQUIRE(DotEscape("crlf\r\nand\rcr", DotText::kLabel) == "\"crlf\\nand\\ncr\"");
  REQUIRE(DotEscape("tab\tbell\x07" "del\x7f", DotText::kLabel) == "\"tab bell del \"");
  REQUIRE(DotEscape("AT&T", DotText::kLabel) == "\"AT&amp;T\"");
  REQUIRE(DotEscape("AT&T", DotText::kId) == "\"AT&T\"");
  REQUIRE(DotEscape("node", DotText::kId) == "\"node\"");
  REQUIRE(DotEscape("<b>{x}|[y];", DotText::kLabel) == "\"<b>{x}|[y];\"");
  REQUIRE(DotEscape("Ségou 中文 😀", DotText::kLabel) == "\"Ségou 中文 😀\"");
  // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an
  // overlong '/', an encoded surrogate) becomes U+FFFD.
  REQUIRE(DotEscape("a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80", DotText::kId) ==
          "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Distinct ids stay distinct.
  REQUIRE(DotEscape("a\\\"", DotText::kId) != DotEscape("a\"", DotText::kId));
  REQUIRE(DotEscape("a\\n", DotText::kId) != DotEscape("a\n", DotText::kId));
}

TEST_CASE_METHOD(TempStore, "DOT of the seed graph: dot draws it silently, locations in region clusters",
                 "[export][dot]") {
  KG_REQUIRE_OK(IngestExamples());
  StoreSource source(reader());
  std::string dot = Dot(source);
  RequireCleanSvg(dot, ReadAll(reader()));

  // Actors are boxes, locations ellipses; labels carry type and date; the
  // edge two records support is drawn thicker.
  REQUIRE(dot.find("\"fama\" [label=\"Forces armées maliennes\", shape=box") != std::string::npos);
  REQUIRE(dot.find("\"kardjila\" [label=\"Kardjila\", shape=ellipse") != std::string::npos);
  REQUIRE(dot.find("\"fama\" -> \"boulkessi\" [label=\"STRUCK\\n2025-06-17\", penwidth=1.00") != std::string::npos);
  REQUIRE(dot.find("\"fama\" -> \"kardjila\" [label=\"STRUCK\\n2025-06\", penwidth=2.00") != std::string::npos);

  // Mali > Tombouctou > Gourma-Rharous > Kardjila, nested.
  ToolResult svg = RenderSvg(dot);
  std::vector<std::string> titles = SvgElements(svg.out, "title");
  REQUIRE(std::count_if(titles.begin(), titles.end(), [](const std::string& t) { return t.rfind("cluster_", 0) == 0; }) ==
          4);
  size_t mali = dot.find("label=\"Mali\";"), tomb = dot.find("label=\"Tombouctou\";"),
         gourma = dot.find("label=\"Gourma-Rharous\";"), kard = dot.find("    \"kardjila\";");
  REQUIRE(mali < tomb);
  REQUIRE(tomb < gourma);
  REQUIRE(gourma < kard);
  REQUIRE(dot.find("\"fama\";") == std::string::npos);  // actors sit in no cluster
}

TEST_CASE_METHOD(TempStore, "DOT of hostile names: nothing breaks the file, every name drawn intact",
                 "[export][dot]") {
  KG_REQUIRE_OK(ApplyAll(kHostileRecords));
  StoreSource source(reader());
  std::string dot = Dot(source);
  RequireCleanSvg(dot, ReadAll(reader()));
  ToolResult svg = RenderSvg(dot);
  std::vector<std::string> titles = SvgElements(svg.out, "title");
  REQUIRE(std::find(titles.begin(), titles.end(), "evil") == titles.end());
  // The cluster of the place both hostile locations are LOCATED_IN.
  std::vector<std::string> texts = SvgElements(svg.out, "text");
  REQUIRE(std::count(texts.begin(), texts.end(), "&amp; &eacute; &#65; &lt; ]]>") == 2);  // node and cluster
}

TEST_CASE("DOT of text ingest refuses: control characters, invalid UTF-8, odd types", "[export][dot]") {
  auto node = [](NodeId nid, std::string id, NodeKind kind, std::string name) {
    Node n;
    n.nid = nid;
    n.id = std::move(id);
    n.kind = kind;
    n.name = std::move(name);
    return n;
  };
  std::vector<Node> nodes = {
      node(1, "ctl\x01\x1f", NodeKind::kActor, "bell\x07 and\r\nnew\nline"),
      node(2, "bad\xff\xfe utf8", NodeKind::kLocation, "caf\xe9 latin-1"),
      node(3, "x\" -> \"y", NodeKind::kUnknown, "}; digraph { a"),
  };
  nodes[0].aliases = {"\t"};
  nodes[1].attrs["level"] = std::string("\"];\n");
  Edge e1, e2, e3;
  e1.from = 1, e1.to = 2, e1.type = "T\"]; evil [x=\"", e1.sources = {1, 2, 3, 4, 5, 6, 7, 8};
  e2.from = 2, e2.to = 3, e2.type = "a\\", e2.attrs["k\n"] = std::string("\\\"");
  e3.from = 3, e3.to = 3, e3.type = "LOOP";
  std::ostringstream out;
  KG_REQUIRE_OK(WriteDot(nodes, {e1, e2, e3}, DotOptions(), &out));
  ToolResult r = RenderSvg(out.str());
  INFO(out.str());
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  REQUIRE(Count(r.out, "class=\"node\"") == 3);
  REQUIRE(Count(r.out, "class=\"edge\"") == 3);
  std::vector<std::string> texts = SvgElements(r.out, "text");
  REQUIRE(std::count(texts.begin(), texts.end(), "bell  and") == 1);
  REQUIRE(std::count(texts.begin(), texts.end(), "caf\xEF\xBF\xBD latin-1") == 1);
  REQUIRE(std::count(texts.begin(), texts.end(), "}; digraph { a") == 1);
  REQUIRE(std::count(texts.begin(), texts.end(), "T\"]; evil [x=\"") == 1);
}

TEST_CASE("DOT clusters only where LOCATED_IN is a tree", "[export][dot]") {
  // r > a > leaf is a tree; two-parents is LOCATED_IN both a and b; c1 and
  // c2 are LOCATED_IN each other.
  std::vector<Node> nodes;
  const char* ids[] = {"r", "a", "b", "leaf", "two-parents", "c1", "c2", "actor"};
  for (NodeId i = 0; i < std::size(ids); ++i) {
    Node n;
    n.nid = i + 1;
    n.id = n.name = ids[i];
    n.kind = i + 1 == std::size(ids) ? NodeKind::kActor : NodeKind::kLocation;
    nodes.push_back(n);
  }
  auto in = [](NodeId from, NodeId to) {
    Edge e;
    e.from = from, e.to = to, e.type = "LOCATED_IN", e.sources = {1};
    return e;
  };
  std::vector<Edge> edges = {in(2, 1), in(4, 2), in(5, 2), in(5, 3), in(6, 7), in(7, 6), in(3, 3)};
  Edge actor_edge;
  actor_edge.from = 8, actor_edge.to = 1, actor_edge.type = "LOCATED_IN";  // an actor is no place
  edges.push_back(actor_edge);
  std::ostringstream out;
  KG_REQUIRE_OK(WriteDot(nodes, edges, DotOptions(), &out));
  std::string dot = out.str();
  INFO(dot);
  std::string clusters = dot.substr(dot.find("subgraph"));
  clusters = clusters.substr(0, clusters.find(" -> "));
  // Exactly r { a { leaf } }: b holds nothing it alone holds.
  REQUIRE(Count(clusters, "subgraph") == 2);
  REQUIRE(clusters.find("label=\"r\"") < clusters.find("label=\"a\""));
  REQUIRE(clusters.find("\"leaf\";") != std::string::npos);
  for (const char* outside : {"\"two-parents\";", "\"c1\";", "\"c2\";", "\"b\";", "\"actor\";"}) {
    CAPTURE(outside);
    REQUIRE(clusters.find(outside) == std::string::npos);
  }
  ToolResult r = RenderSvg(dot);
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());

  DotOptions flat;
  flat.cluster_locations = false;
  std::ostringstream flat_out;
  KG_REQUIRE_OK(WriteDot(nodes, edges, flat, &flat_out));
  REQUIRE(flat_out.str().find("subgraph") == std::string::npos);
}

TEST_CASE_METHOD(TempStore, "DOT highlights the nodes asked for", "[export][dot]") {
  KG_REQUIRE_OK(IngestExamples());
  NodeId fama;
  KG_REQUIRE_OK(reader().FindNode("fama", &fama));
  DotOptions o;
  o.highlight = {fama};
  std::string dot = Dot(StoreSource(reader()), o);
  REQUIRE(Count(dot, "penwidth=3") == 1);
  REQUIRE(dot.find("\"fama\" [label=\"Forces armées maliennes\", shape=box, style=\"filled,rounded\", "
                   "fillcolor=\"#9ecae1\", penwidth=3") != std::string::npos);
}

TEST_CASE("DOT writing stops with IOError when the stream fails", "[export][dot]") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Node n;
  n.nid = 1, n.id = n.name = "x", n.kind = NodeKind::kActor;
  Status s = WriteDot({n}, {}, DotOptions(), &out);
  REQUIRE(s.IsIOError());
}

}  // namespace
}  // namespace kg::test
