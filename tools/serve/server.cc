#include "tools/serve/server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>

#include "query/json_writer.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/serve/embedded.h"

extern char** environ;

namespace kg::serve {
namespace {

// What an /api endpoint runs: the kg command, the parameters that are its
// arguments (in order), and those that are its flags.
struct Endpoint {
  const char* name;
  const char* command;
  std::vector<std::string> args;
  std::vector<std::string> flags;  // take a value: --flag=value
  std::vector<std::string> bools;  // present or not: --flag
  const char* format;
};

const std::vector<Endpoint>& Endpoints() {
  static const std::vector<Endpoint> endpoints = {
      {"show", "show", {"node"}, {"as-of"}, {}, "json"},
      {"search", "search", {"text"}, {"kind", "as-of", "limit"}, {"count"}, "json"},
      {"neighbors", "neighbors", {"node"},
       {"depth", "type", "kind", "direction", "since", "until", "as-of", "limit"}, {"count", "aggregate"}, "json"},
      {"path", "path", {"from", "to"}, {"max-depth", "type", "direction", "as-of", "limit"}, {"all"}, "json"},
      {"timeline", "timeline", {"node"}, {"type", "since", "until", "as-of", "limit"}, {"count"}, "json"},
      {"active", "active", {"region"}, {"since", "until", "type", "as-of", "limit"}, {"count"}, "json"},
      // For the pages, beyond the contract: the neighborhood as DOT (drawn
      // as SVG) and the places around a node as GeoJSON.
      {"graph", "neighbors", {"node"}, {"depth", "type", "direction", "since", "until", "as-of"}, {}, "dot"},
      {"places", "export", {"node"}, {"depth", "as-of"}, {}, "geojson"},
  };
  return endpoints;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Status BuildCommand(const Endpoint& e, const std::multimap<std::string, std::string>& params,
                    const std::string& db, std::vector<std::string>* args) {
  args->clear();
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (params.count(name) > 1) return Status::InvalidArgument("parameter \"" + name + "\" given more than once");
    if (!Contains(e.args, name) && !Contains(e.flags, name) && !Contains(e.bools, name)) {
      return Status::InvalidArgument("/api/" + std::string(e.name) + " takes no parameter \"" + name + "\"");
    }
  }
  *args = {"--db", db, e.command, "--format", e.format};
  for (const auto& [name, value] : params) {
    if (Contains(e.flags, name)) {
      if (value.empty()) return Status::InvalidArgument("parameter \"" + name + "\" needs a value");
      if (name == "depth") {
        char* end = nullptr;
        long depth = std::strtol(value.c_str(), &end, 10);
        if (*end != '\0' || depth < 1 || depth > kMaxDepth) {
          return Status::InvalidArgument("depth must be 1 to " + std::to_string(kMaxDepth) + ", got \"" + value + "\"");
        }
      }
      std::string flag = e.command == std::string("export") && name == "node" ? "center" : name;
      args->push_back("--" + flag + "=" + value);
    } else if (Contains(e.bools, name)) {
      if (value == "" || value == "1" || value == "true") {
        args->push_back("--" + name);
      } else if (value != "0" && value != "false") {
        return Status::InvalidArgument("parameter \"" + name + "\" is true or false, got \"" + value + "\"");
      }
    }
  }
  if (e.command == std::string("export")) {
    // export takes the node as --center, not as an argument.
    auto it = params.find("node");
    if (it == params.end() || it->second.empty()) return Status::InvalidArgument("parameter \"node\" is required");
    args->push_back("--center=" + it->second);
    if (params.find("depth") == params.end()) args->push_back("--depth=1");
    return Status::OK();
  }
  args->push_back("--");
  for (const auto& name : e.args) {
    auto it = params.find(name);
    if (it == params.end() || it->second.empty()) {
      return Status::InvalidArgument("parameter \"" + name + "\" is required");
    }
    args->push_back(it->second);
  }
  return Status::OK();
}

// Every byte outside [A-Za-z0-9 -._~] as %XX, so that any text fits in a
// header and decodeURIComponent gives it back.
std::string PercentEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == ' ' || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string ContentType(std::string_view path) {
  auto ends = [&](std::string_view s) { return path.size() >= s.size() && path.substr(path.size() - s.size()) == s; };
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  return "text/html; charset=utf-8";
}

// Runs dot -Tsvg on the DOT text; the SVG in *svg. IOError when dot cannot
// run, fails or takes longer than kDotTimeoutSeconds.
Status RunDot(const std::string& dot, const std::string& text, std::string* svg) {
  char path[] = "/tmp/kg-serve-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Status::IOError(std::string("temporary file: ") + std::strerror(errno));
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    ::unlink(path);
    return Status::IOError("temporary file: could not write the graph");
  }
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    ::unlink(path);
    return Status::IOError(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> argv_s = {dot, "-Tsvg"};
  char* argv[] = {argv_s[0].data(), argv_s[1].data(), nullptr};
  pid_t pid;
  int rc = posix_spawnp(&pid, dot.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::unlink(path);  // dot holds it open
  if (rc != 0) {
    ::close(out[0]);
    return Status::IOError(dot + ": " + std::strerror(rc));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kDotTimeoutSeconds);
  bool timed_out = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = ::read(out[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    svg->append(buf, static_cast<size_t>(got));
  }
  ::close(out[0]);
  if (timed_out) kill(pid, SIGKILL);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return Status::IOError(dot + ": took longer than " + std::to_string(kDotTimeoutSeconds) + " s");
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) return Status::IOError(dot + ": failed to draw the graph");
  return Status::OK();
}

}  // namespace

Status ApiCommand(const std::string& endpoint, const std::multimap<std::string, std::string>& params,
                  const std::string& db, std::vector<std::string>* args) {
  for (const auto& e : Endpoints()) {
    if (endpoint == e.name) return BuildCommand(e, params, db, args);
  }
  return Status::NotFound("no endpoint /api/" + endpoint);
}

int HttpStatusForExit(int exit_code) {
  switch (exit_code) {
    case cli::kExitOk: return 200;
    case cli::kExitNothingFound: return 404;
    case cli::kExitBadInput: return 400;
    default: return 500;
  }
}

bool HostAllowed(const std::string& host, const std::string& bind, int port) {
  std::string suffix = ":" + std::to_string(port);
  if (host.size() <= suffix.size() || host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  std::string name = host.substr(0, host.size() - suffix.size());
  std::string bound = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
  if (name == bound) return true;
  bool loopback = bind == "::1" || bind.rfind("127.", 0) == 0;
  if (loopback && name == "localhost") return true;
  if (bind == "0.0.0.0" || bind == "::") {
    // Any IP literal: DNS rebinding needs a name.
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') return true;
    return !name.empty() && name.find_first_not_of("0123456789.") == std::string::npos;
  }
  return false;
}

Status TileOrigin(const std::string& tiles, std::string* origin) {
  origin->clear();
  if (tiles.empty()) return Status::OK();
  size_t scheme_end = tiles.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : tiles.substr(0, scheme_end);
  if ((scheme != "http" && scheme != "https") ||
      tiles.find_first_of(" \t\r\n;,'\"<>\\") != std::string::npos) {
    return Status::InvalidArgument("--tiles must be an http or https URL template, got \"" + tiles + "\"");
  }
  size_t host_end = tiles.find('/', scheme_end + 3);
  *origin = tiles.substr(0, host_end);
  if (origin->size() <= scheme_end + 3 || origin->find_first_of("{}") != std::string::npos) {
    return Status::InvalidArgument("--tiles must name its host, got \"" + tiles + "\"");
  }
  return Status::OK();
}

struct Server::Impl {
  ServeOptions options;
  httplib::Server http;
  int port = 0;
  std::string csp;
  bool aggregate = false;  // whether neighbors takes --aggregate
  std::mutex run_mu;       // one command at a time

  struct Answer {
    int exit_code = 0;
    std::string out, err;
  };
  Answer RunCommand(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Answer a;
    {
      std::lock_guard<std::mutex> lock(run_mu);
      a.exit_code = cli::RunKg(args, out, err);
    }
    a.out = std::move(out).str();
    a.err = std::move(err).str();
    return a;
  }

  static std::multimap<std::string, std::string> Params(const httplib::Request& req) {
    return {req.params.begin(), req.params.end()};
  }

  static void SendError(httplib::Response& res, int status, const std::string& message) {
    std::ostringstream body;
    JsonWriter w(&body);
    w.BeginObject().Member("error", message).EndObject();
    res.status = status;
    res.set_header("X-Kg-Error", PercentEncode(message));
    res.set_content(body.str() + "\n", "application/json; charset=utf-8");
  }

  void HandleApi(const std::string& endpoint, const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> args;
    Status s = ApiCommand(endpoint, Params(req), options.db, &args);
    if (!s.ok()) return SendError(res, s.IsNotFound() ? 404 : 400, "kg: " + s.message());
    Answer a = RunCommand(args);
    if (a.out.size() > kMaxAnswerBytes) {
      return SendError(res, 413, "kg: the answer is too large for the view; narrow it with filters");
    }
    res.status = HttpStatusForExit(a.exit_code);
    while (!a.err.empty() && a.err.back() == '\n') a.err.pop_back();
    if (a.out.empty()) return SendError(res, res.status, a.err.empty() ? "kg: no answer" : a.err);
    if (!a.err.empty()) res.set_header("X-Kg-Error", PercentEncode(a.err));
    res.set_content(a.out, "application/json; charset=utf-8");
  }

  void HandleGraph(const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> args;
    Status s = ApiCommand("graph", Params(req), options.db, &args);
    if (!s.ok()) return SendError(res, 400, "kg: " + s.message());
    if (aggregate) args.insert(args.begin() + 3, "--aggregate");
    Answer a = RunCommand(args);
    while (!a.err.empty() && a.err.back() == '\n') a.err.pop_back();
    if (a.exit_code != 0) {
      return SendError(res, HttpStatusForExit(a.exit_code), a.err.empty() ? "kg: nothing to draw" : a.err);
    }
    if (a.out.size() > kMaxDotBytes) {
      return SendError(res, 413, "kg: the neighborhood is too large to draw; narrow it with type or date filters");
    }
    std::string svg;
    s = RunDot(options.dot, a.out, &svg);
    if (!s.ok()) return SendError(res, 500, "kg: " + s.message());
    res.set_content(svg, "image/svg+xml; charset=utf-8");
  }

  // The sources of a node with their titles and links: the record ids that
  // `kg show` lists, with what each record says of its source.
  void HandleSources(const httplib::Request& req, httplib::Response& res) {
    auto params = Params(req);
    if (params.size() != 1 || params.count("node") != 1 || params.begin()->second.empty()) {
      return SendError(res, 400, "kg: /api/sources takes one parameter, node");
    }
    cli::GlobalOptions g;
    g.db = options.db;
    std::ostringstream body;
    Status s;
    {
      std::lock_guard<std::mutex> lock(run_mu);
      std::unique_ptr<GraphStore> store;
      s = cli::OpenForRead(g, &store);
      NodeId nid = 0;
      std::vector<RecordSeq> seqs;
      if (s.ok()) s = store->reader().Resolve(params.begin()->second, &nid);
      if (s.ok()) s = store->reader().GetNodeRecords(nid, &seqs);
      if (s.ok()) {
        constexpr size_t kMaxSources = 500;
        JsonWriter w(&body);
        w.BeginObject().Key("sources").BeginArray();
        for (size_t i = 0; s.ok() && i < seqs.size() && i < kMaxSources; ++i) {
          std::string id;
          StoredRecord record;
          s = store->reader().RecordIdOf(seqs[i], &id);
          if (s.ok()) s = store->reader().GetRecord(id, &record);
          if (!s.ok()) break;
          w.BeginObject().Member("record", id);
          const SourceInfo& src = record.source;
          if (!src.title.empty()) w.Member("title", src.title);
          if (!src.url.empty()) w.Member("url", src.url);
          if (!src.published.empty()) w.Member("published", src.published);
          if (!src.publisher.empty()) w.Member("publisher", src.publisher);
          w.EndObject();
        }
        w.EndArray().Member("truncated", seqs.size() > kMaxSources).EndObject();
        body << '\n';
      }
    }
    if (!s.ok()) return SendError(res, HttpStatusForExit(cli::ExitCode(s)), "kg: " + s.message());
    res.set_content(body.str(), "application/json; charset=utf-8");
  }

  void HandleConfig(httplib::Response& res) {
    std::ostringstream body;
    JsonWriter w(&body);
    w.BeginObject().Member("tiles", options.tiles).Member("max_depth", static_cast<int64_t>(kMaxDepth)).EndObject();
    res.set_content(body.str() + "\n", "application/json; charset=utf-8");
  }

  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" && req.method != "HEAD") {
      res.set_header("Allow", "GET, HEAD");
      SendError(res, 405, "kg serve answers GET and HEAD only");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!HostAllowed(req.get_header_value("Host"), options.bind, port)) {
      SendError(res, 403, "kg serve answers only requests addressed to it by its own address");
      return httplib::Server::HandlerResponse::Handled;
    }
    std::string length = req.get_header_value("Content-Length");
    if (!req.body.empty() || (!length.empty() && length != "0")) {
      SendError(res, 413, "kg serve takes no request body");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void Setup() {
    std::string tiles_origin;
    TileOrigin(options.tiles, &tiles_origin).PermitUncheckedError();  // checked in Bind
    csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
          (tiles_origin.empty() ? "" : " " + tiles_origin) +
          "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    http.set_default_headers({{"Content-Security-Policy", csp},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"}});
    http.set_payload_max_length(4096);
    http.set_read_timeout(5, 0);
    http.set_keep_alive_max_count(100);
    http.set_pre_routing_handler([this](const auto& req, auto& res) { return PreRoute(req, res); });
    for (const auto& f : EmbeddedFiles()) {
      std::string path(f.path);
      std::string_view data = f.data;
      std::string type = ContentType(path == "/" ? "/index.html" : path);
      // httplib patterns are regular expressions: match the path exactly.
      std::string pattern;
      for (char c : path) pattern += c == '.' ? std::string("\\.") : std::string(1, c);
      http.Get(pattern,
               [data, type](const httplib::Request&, httplib::Response& res) {
                 res.set_content(data.data(), data.size(), type.c_str());
               });
    }
    for (const auto& e : Endpoints()) {
      std::string name = e.name;
      if (name == "graph") continue;
      http.Get("/api/" + name, [this, name](const auto& req, auto& res) { HandleApi(name, req, res); });
    }
    http.Get("/api/graph", [this](const auto& req, auto& res) { HandleGraph(req, res); });
    http.Get("/api/sources", [this](const auto& req, auto& res) { HandleSources(req, res); });
    http.Get("/api/config", [this](const auto&, auto& res) { HandleConfig(res); });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        std::string what = res.status == 404 ? " not found" : "";
        res.set_content("kg serve: " + std::to_string(res.status) + what + "\n", "text/plain; charset=utf-8");
      }
    });
    std::ostringstream help, err;
    cli::RunKg({"neighbors", "--help"}, help, err);
    aggregate = help.str().find("--aggregate") != std::string::npos;
  }
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

Server::~Server() = default;

Status Server::Bind(int* port) {
  std::string origin;
  Status s = TileOrigin(impl_->options.tiles, &origin);
  if (!s.ok()) return s;
  // A client gone mid-answer must not end the process (httplib sends
  // without MSG_NOSIGNAL).
  std::signal(SIGPIPE, SIG_IGN);
  impl_->Setup();
  const std::string& host = impl_->options.bind;
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(host);
    if (impl_->port <= 0) return Status::IOError("cannot listen on " + host + ": " + std::strerror(errno));
  } else {
    if (!impl_->http.bind_to_port(host, impl_->options.port)) {
      return Status::IOError("cannot listen on " + host + ":" + std::to_string(impl_->options.port) + ": " +
                             std::strerror(errno));
    }
    impl_->port = impl_->options.port;
  }
  *port = impl_->port;
  return Status::OK();
}

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

}  // namespace kg::serve
