// kg export [--format dot|graphml|json|geojson] [--center NODE [--depth N]]
//           [--type T,...] [--kind actor|location] [--direction out|in|both]
//           [--since DATE] [--until DATE] [-o FILE]
//
// The whole graph (streamed from the store) or a neighborhood, for Graphviz,
// Gephi, yEd, Cytoscape, NetworkX or GIS tools. Writes stdout, or FILE
// through a temp file renamed into place, so a failed export leaves no half
// file.
#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "query/dot_writer.h"
#include "query/geojson_writer.h"
#include "query/graph_json_writer.h"
#include "query/graph_source.h"
#include "query/graphml_writer.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct ExportFlags {
  std::string format = "dot";
  std::string center;
  uint32_t depth = 1;
  std::string kind;
  FilterOptions filter;
  std::string output;
  CLI::Option* depth_flag = nullptr;
  CLI::Option* direction_flag = nullptr;
};

// Calls write with a stream on a new temp file beside path, and renames the
// file over path when write succeeds; removes it otherwise.
Status WriteFileAtomically(const std::string& path, const std::function<Status(std::ostream*)>& write) {
  std::filesystem::path target(path);
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string temp = (dir / ("." + target.filename().string() + ".kg-tmp.XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Status::InvalidArgument("cannot write " + path + ": " + std::strerror(errno));
  mode_t mask = ::umask(0);
  ::umask(mask);
  Status s;
  if (::fchmod(fd, 0666 & ~mask) != 0) s = Status::IOError("cannot set the mode of " + temp);
  ::close(fd);
  if (s.ok()) {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    s = out ? write(&out) : Status::IOError("cannot open " + temp);
    if (s.ok()) {
      out.close();
      if (!out) s = Status::IOError("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  if (s.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    s = Status::InvalidArgument("cannot write " + path + ": " + std::strerror(errno));
  }
  if (!s.ok()) std::remove(temp.c_str());
  return s;
}

Status Write(const ExportFlags& f, const GraphSource& source, const std::string& center_id, NodeId center,
             std::ostream* out, std::ostream* err) {
  if (f.format == "graphml") return WriteGraphml(source, out);
  if (f.format == "json") {
    GraphJsonOptions o;
    if (!center_id.empty()) o.center = center_id, o.depth = f.depth;
    return WriteGraphJson(source, o, out);
  }
  if (f.format == "geojson") {
    GeoJsonResult result;
    KG_RETURN_IF_ERROR(WriteGeoJson(source, out, &result));
    if (result.without_coords != 0) {
      *err << "kg: " << result.without_coords
                << (result.without_coords == 1 ? " location" : " locations") << " without coords left out\n";
    }
    return Status::OK();
  }
  DotOptions o;
  if (center != 0) o.highlight.push_back(center);
  return WriteDot(source, o, out);
}

int RunExport(const ExportFlags& f, const GlobalOptions& g) {
  NeighborhoodOptions hood;
  hood.depth = f.depth;
  Status s = f.filter.ToEdgeFilter(&hood.filter);
  if (s.ok() && !f.kind.empty() && !ParseKind(f.kind, &hood.kind)) {
    s = Status::InvalidArgument("--kind must be actor or location");
  }
  if (s.ok() && f.center.empty()) {
    if (f.depth_flag->count() != 0) s = Status::InvalidArgument("--depth needs --center NODE");
    if (f.direction_flag->count() != 0) s = Status::InvalidArgument("--direction needs --center NODE");
  }
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();

  std::unique_ptr<GraphSource> source;
  NodeId center = 0;
  std::string center_id;
  if (!f.center.empty()) {
    s = r.Resolve(f.center, &center);
    if (!s.ok()) return g.Fail(s);
    std::unique_ptr<MemorySource> memory;
    s = LoadNeighborhood(r, center, hood, &memory);
    if (!s.ok()) return g.Fail(s);
    center_id = memory->nodes().front().id;
    source = std::move(memory);
  } else {
    SourceFilter filter;
    filter.edges = hood.filter;
    filter.kind = hood.kind;
    source = std::make_unique<StoreSource>(r, filter);
  }

  auto write = [&](std::ostream* out) { return Write(f, *source, center_id, center, out, g.err); };
  if (f.output.empty() || f.output == "-") {
    s = write(g.out);
  } else {
    s = WriteFileAtomically(f.output, write);
  }
  if (!s.ok()) return g.Fail(s);
  return kExitOk;
}

}  // namespace

Command SetupExportCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand("export", "Write the graph, or a neighborhood, as DOT, GraphML, JSON or GeoJSON");
  AddFormatFlag(cmd, &flags->format, {"dot", "graphml", "json", "geojson"});
  cmd->add_option("--center", flags->center, "Export only the neighborhood of this node (id, name or alias)");
  flags->depth_flag = cmd->add_option("--depth", flags->depth, "With --center: hops from the center (default 1)")
                          ->check(CLI::Range(1u, 1000u));
  cmd->add_option("--kind", flags->kind, "Only nodes of this kind")->check(CLI::IsMember({"actor", "location"}));
  AddFilterFlags(cmd, &flags->filter);
  flags->direction_flag = cmd->get_option("--direction");
  cmd->add_option("-o,--output", flags->output, "Write to FILE instead of standard output");
  return {cmd, [flags, &g] { return RunExport(*flags, g); }};
}

}  // namespace kg::cli
