#include "query/graph_json_writer.h"

#include <sstream>

#include "query/json_writer.h"
#include "query/output.h"

namespace kg {
namespace {

// Writes one array element per line. JsonWriter breaks lines between the
// members of a top-level value; JSON strings never hold a raw new line, so
// dropping the new lines from its output makes the element one line.
class ElementWriter {
 public:
  explicit ElementWriter(std::ostream* out) : out_(out) {}

  template <typename F>
  Status Write(F write) {
    buf_.str("");
    JsonWriter w(&buf_);
    w.BeginObject();
    write(w);
    w.EndObject();
    std::string line = buf_.str();
    std::erase(line, '\n');
    *out_ << (first_ ? "" : ",\n") << line;
    first_ = false;
    return *out_ ? Status::OK() : Status::IOError("cannot write the JSON output");
  }

  // Ends the last element's line.
  void Finish() {
    if (!first_) *out_ << '\n';
  }

 private:
  std::ostream* out_;
  std::ostringstream buf_;
  bool first_ = true;
};

}  // namespace

Status WriteGraphJson(const GraphSource& source, const GraphJsonOptions& options, std::ostream* out) {
  *out << '{';
  if (!options.center.empty()) {
    JsonWriter::Escape("center", out);
    *out << ':';
    JsonWriter::Escape(options.center, out);
    *out << ",\n\"depth\":" << options.depth << ",\n";
  }
  *out << "\"nodes\":[\n";
  std::vector<std::string> sources;
  ElementWriter nodes(out);
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) {
    KG_RETURN_IF_ERROR(source.NodeSources(node, &sources));
    return nodes.Write([&](JsonWriter& w) { WriteNodeMembers(node, sources, &w); });
  }));
  nodes.Finish();
  *out << "],\n\"edges\":[\n";
  ElementWriter edges(out);
  KG_RETURN_IF_ERROR(source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) {
    KG_RETURN_IF_ERROR(source.EdgeSources(edge, &sources));
    return edges.Write([&](JsonWriter& w) {
      w.Member("from", from.id).Member("type", edge.type).Member("to", to.id);
      if (edge.date.dated()) w.Member("date", edge.date.text);
      if (!edge.key.empty()) w.Member("key", edge.key);
      w.Key("attrs").Attrs(edge.attrs);
      w.Member("support", static_cast<uint64_t>(edge.sources.size()));
      w.Key("sources").Strings(sources);
    });
  }));
  edges.Finish();
  *out << "]}\n";
  out->flush();
  return *out ? Status::OK() : Status::IOError("cannot write the JSON output");
}

}  // namespace kg
