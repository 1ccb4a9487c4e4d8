// kg serve [--bind ADDR] [--port N] [--tiles URL]: the browser view of the
// store (CONTRACT.md section 7, tools/serve/server.h).
//
// Debian's cpp-httplib is a shared library and kg links statically, so the
// server lives in kg-serve, a dynamically linked kg beside it: this file is
// compiled twice, into kg-serve with KG_SERVE_IN_PROCESS (it serves) and
// into kg (it runs kg-serve with the same flags).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tools/commands.h"
#ifdef KG_SERVE_IN_PROCESS
#include "tools/serve/server.h"
#endif

namespace kg::cli {
namespace {

struct ServeFlags {
  std::string bind = "127.0.0.1";
  int port = 8642;
  std::string tiles;
};

#ifdef KG_SERVE_IN_PROCESS
int RunServe(const ServeFlags& f, const GlobalOptions& g) {
  serve::ServeOptions o;
  o.db = g.DbPath();
  o.bind = f.bind;
  o.port = f.port;
  o.tiles = f.tiles;
  std::unique_ptr<GraphStore> store;
  Status s = OpenForRead(g, &store);  // a missing store is an error now, not on every page
  if (!s.ok()) return g.Fail(s);
  store.reset();
  serve::Server server(o);
  int port = 0;
  s = server.Bind(&port);
  if (!s.ok()) return g.Fail(s);
  std::string host = f.bind.find(':') != std::string::npos ? "[" + f.bind + "]" : f.bind;
  *g.err << "kg: serving " << o.db << " at http://" << host << ":" << port << "/ (Ctrl-C to stop)" << std::endl;
  server.Run();
  return kExitOk;
}
#else
int RunServe(const ServeFlags& f, const GlobalOptions& g) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string program = "kg-serve";
  if (n > 0) {
    std::string path(self, static_cast<size_t>(n));
    program = path.substr(0, path.rfind('/') + 1) + "kg-serve";
  }
  std::vector<std::string> args = {program, "--db", g.DbPath(), "serve", "--bind", f.bind,
                                   "--port", std::to_string(f.port)};
  if (!f.tiles.empty()) args.insert(args.end(), {"--tiles", f.tiles});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  g.out->flush();
  execv(program.c_str(), argv.data());
  *g.err << "kg: " << program << ": " << std::strerror(errno)
         << " (kg serve needs kg-serve, built beside kg when libcpp-httplib-dev is installed)\n";
  return kExitInternal;
}
#endif

}  // namespace

Command SetupServeCommand(CLI::App& app, const GlobalOptions& g) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve a read-only view of the store to a web browser");
  cmd->add_option("--bind", flags->bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", flags->port, "Port to listen on (default 8642)")->check(CLI::Range(1, 65535));
  cmd->add_option("--tiles", flags->tiles,
                  "Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none, "
                  "places drawn without a base map)");
  return {cmd, [flags, &g] { return RunServe(*flags, g); }};
}

}  // namespace kg::cli
