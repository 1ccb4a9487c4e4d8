// The browser view of a kg store (CONTRACT.md section 7): a small HTTP
// server over cpp-httplib that serves the pages built into the binary and
// answers /api/* by running kg commands (RunKg) on the store.
//
// Read-only: every request opens the store read-only (RunKg does), so later
// ingests show without a restart and the writer's lock is never held.
// Threading: requests are served on httplib's thread pool; commands run one
// at a time (a mutex), Graphviz runs outside it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"

namespace kg::serve {

struct ServeOptions {
  std::string db;                  // store directory, passed to each command as --db
  std::string bind = "127.0.0.1";  // address to listen on
  int port = 8642;                 // 0: any free port (Bind says which)
  std::string tiles;               // map tile URL template ({z}/{x}/{y}); empty: no tiles
  std::string dot = "dot";         // Graphviz's dot program
};

// The largest neighborhood depth a page may ask for.
inline constexpr int kMaxDepth = 3;
// The largest DOT text drawn as SVG, and the longest dot may take.
inline constexpr size_t kMaxDotBytes = 512 * 1024;
inline constexpr int kDotTimeoutSeconds = 10;
// The largest answer a command may give a page.
inline constexpr size_t kMaxAnswerBytes = 32 * 1024 * 1024;

// The kg command line an /api endpoint runs for the given query parameters
// (each name once): the mapped flags, then "--", then the arguments.
// InvalidArgument naming the parameter when one is unknown, repeated, empty
// where a value is needed, or out of bounds; NotFound for an unknown endpoint.
Status ApiCommand(const std::string& endpoint, const std::multimap<std::string, std::string>& params,
                  const std::string& db, std::vector<std::string>* args);

// The HTTP status for a kg exit code: 0 -> 200, 1 -> 404, 2 -> 400, else 500.
int HttpStatusForExit(int exit_code);

// Whether a Host header names the address the server is bound to (or, bound
// to a loopback address, localhost; bound to every address, an IP literal).
bool HostAllowed(const std::string& host, const std::string& bind, int port);

// The scheme://host[:port] origin of a tile URL template, for the CSP;
// InvalidArgument unless it is an http or https URL without quotes, spaces
// or semicolons.
Status TileOrigin(const std::string& tiles, std::string* origin);

class Server {
 public:
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; *port is the bound port. Ignores SIGPIPE from then on. IOError when the address
  // cannot be bound, InvalidArgument for a bad --tiles.
  Status Bind(int* port);
  // Serves requests until Stop(). Call after Bind.
  void Run();
  // Makes Run return; safe from any thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg::serve
