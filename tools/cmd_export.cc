// kg export [--format dot|graphml|json|geojson|neo4j] [--center NODE [--depth N]]
//           [--type T,...] [--kind actor|location] [--direction out|in|both]
//           [--since DATE] [--until DATE] [-o FILE]
//
// The whole graph (streamed from the store) or a neighborhood, for Graphviz,
// Gephi, yEd, Cytoscape, NetworkX or GIS tools. Writes stdout, or FILE
// (see WriteOutputFile: a failed export leaves no half file). --aggregate
// draws the parallel edges of one (from, type, to) as one. --format neo4j
// writes a directory (-o DIR, required) of files for neo4j-admin's import.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "query/aggregate.h"
#include "query/dot_writer.h"
#include "query/geojson_writer.h"
#include "query/graph_json_writer.h"
#include "query/graph_source.h"
#include "query/graphml_writer.h"
#include "query/neo4j_writer.h"
#include "tools/commands.h"

namespace kg::cli {
namespace {

struct ExportFlags {
  std::string as_of;  // --as-of
  std::string format = "dot";
  std::string center;
  uint32_t depth = 1;
  std::string kind;
  FilterOptions filter;
  std::string output;
  bool aggregate = false;
  CLI::Option* depth_flag = nullptr;
  CLI::Option* direction_flag = nullptr;
};

Status PathError(const std::string& path, int e) { return Status::IOError(path + ": " + std::strerror(e)); }

// Writes into fd through an FdStreamBuf; IOError "PATH: reason" when a
// write fails.
Status WriteToFd(int fd, const std::string& path, const std::function<Status(std::ostream*)>& write) {
  FdStreamBuf buf(fd);
  std::ostream out(&buf);
  Status s = write(&out);
  out.flush();
  if (buf.error() != 0) return PathError(path, buf.error());
  if (s.ok() && !out) return PathError(path, EIO);
  return s;
}

// Writes the export to path (CONTRACT.md section 2, "output that could not
// be written"):
//   - a symlink is followed: its target is written, the link stays;
//   - a FIFO or a device is opened and written directly;
//   - a regular file is replaced whole through a temp file beside it,
//     renamed over it only when everything was written, keeping the old
//     file's permission bits (a new file gets the umask's);
// IOError "PATH: reason" on failure, and no temp file is left.
Status WriteOutputFile(const std::string& path, const std::function<Status(std::ostream*)>& write) {
  std::string target = path;
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec)) {
    std::filesystem::path t = std::filesystem::weakly_canonical(path, ec);
    if (ec) return PathError(path, ec.value());
    target = t.string();
  }
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) return PathError(path, errno);
  if (exists && S_ISDIR(st.st_mode)) return PathError(path, EISDIR);
  if (exists && !S_ISREG(st.st_mode)) {
    int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return PathError(path, errno);
    Status s = WriteToFd(fd, path, write);
    if (::close(fd) != 0 && s.ok()) s = PathError(path, errno);
    return s;
  }
  std::filesystem::path dest(target);
  std::filesystem::path dir = dest.parent_path();
  if (dir.empty()) dir = ".";
  std::string temp = (dir / ("." + dest.filename().string() + ".kg-tmp.XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return PathError(path, errno);
  mode_t mode;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  Status s;
  if (::fchmod(fd, mode) != 0) s = PathError(path, errno);
  if (s.ok()) s = WriteToFd(fd, path, write);
  if (s.ok() && ::fsync(fd) != 0) s = PathError(path, errno);
  if (::close(fd) != 0 && s.ok()) s = PathError(path, errno);
  if (s.ok() && std::rename(temp.c_str(), target.c_str()) != 0) s = PathError(path, errno);
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
  o.aggregated = f.aggregate;
  if (center != 0) o.highlight.push_back(center);
  return WriteDot(source, o, out);
}

int RunExport(const ExportFlags& f, const GlobalOptions& g) {
  NeighborhoodOptions hood;
  hood.depth = f.depth;
  Status s = f.filter.ToEdgeFilter(&hood.filter);  // syntax first, then against the store
  if (s.ok() && !f.kind.empty() && !ParseKind(f.kind, &hood.kind)) {
    s = Status::InvalidArgument("--kind must be actor or location");
  }
  if (s.ok() && f.center.empty()) {
    if (f.depth_flag->count() != 0) s = Status::InvalidArgument("--depth needs --center NODE");
    if (f.direction_flag->count() != 0) s = Status::InvalidArgument("--direction needs --center NODE");
  }
  if (s.ok() && f.format == "neo4j" && (f.output.empty() || f.output == "-")) {
    s = Status::InvalidArgument("--format neo4j writes a directory: give -o DIR");
  }
  if (!s.ok()) return g.Fail(s);
  std::unique_ptr<GraphStore> store;
  s = OpenForRead(g, &store, f.as_of);
  if (!s.ok()) return g.Fail(s);
  const GraphReader& r = store->reader();
  s = f.filter.ToEdgeFilter(r, &hood.filter);
  if (!s.ok()) return g.Fail(s);

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

  std::unique_ptr<GraphSource> aggregated;
  if (f.aggregate) aggregated = std::make_unique<AggregateSource>(*source);
  const GraphSource& drawn = f.aggregate ? *aggregated : *source;
  auto write = [&](std::ostream* out) { return Write(f, drawn, center_id, center, out, g.err); };
  if (f.format == "neo4j") {
    Neo4jResult result;
    s = WriteNeo4jDir(drawn, f.output, &result);
    if (s.ok()) *g.out << result.nodes << " nodes, " << result.relationships << " relationships in " << f.output << "; import with the command in " << f.output << "/README.txt\n";
  } else if (f.output.empty() || f.output == "-") {
    s = write(g.out);
  } else {
    s = WriteOutputFile(f.output, write);
  }
  if (!s.ok()) return g.Fail(s);
  return kExitOk;
}

}  // namespace

Command SetupExportCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand("export", "Write the graph, or a neighborhood, as DOT, GraphML, JSON, GeoJSON or Neo4j import files");
  AddAsOfFlag(cmd, &flags->as_of);
  AddFormatFlag(cmd, &flags->format, {"dot", "graphml", "json", "geojson", "neo4j"});
  cmd->add_option("--center", flags->center, "Export only the neighborhood of this node (id, name or alias)");
  flags->depth_flag = cmd->add_option("--depth", flags->depth, "With --center: hops from the center (default 1)")
                          ->check(CLI::Range(1u, 1000u));
  cmd->add_option("--kind", flags->kind, "Only nodes of this kind")->check(CLI::IsMember({"actor", "location"}));
  AddFilterFlags(cmd, &flags->filter);
  flags->direction_flag = cmd->get_option("--direction");
  cmd->add_option("-o,--output", flags->output,
                  "Write to FILE instead of standard output (with --format neo4j: the directory DIR)");
  cmd->add_flag("--aggregate", flags->aggregate,
                "One edge per (from, type, to), with count, first, last and summed fatalities");
  return {cmd, [flags, &g] { return RunExport(*flags, g); }};
}

}  // namespace kg::cli
